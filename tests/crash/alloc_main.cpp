// The runner of the allocation fault test: SQLite's allocator is replaced before anything opens a database.
#define DOCTEST_CONFIG_IMPLEMENT
#include <cstdio>
#include <doctest/doctest.h>

#include "faults.h"

int main(int argc, char** argv) {
    if (!grove::testing::faults::install_allocator()) {
        std::fprintf(stderr, "SQLite was initialised before its allocator could be replaced\n");
        return 1;
    }
    return doctest::Context(argc, argv).run();
}
