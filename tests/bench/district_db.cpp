// Writes a generated district (core/org/demo.h) to a database file, for the browser's storage benchmark
// (tests/bench/storage_bench.mjs), which plants the file in IndexedDB and opens Grove on it.
//   grove_district_db OUT.db --users N --groups N --memberships N
//   grove_district_db OUT.db --demo          (the demo district a new planner can open: a few hundred people)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/org/demo.h"
#include "core/storage/store.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: grove_district_db OUT.db [--users N] [--groups N] [--memberships N]\n");
        return 2;
    }
    const std::string out = argv[1];
    int users = 1500;
    int groups = 150;
    int memberships = 15000;
    bool demo = false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--demo") == 0) {
            demo = true;
            continue;
        }
        if (i + 1 >= argc) break;
        const int value = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--users") == 0)
            users = value;
        else if (std::strcmp(argv[i], "--groups") == 0)
            groups = value;
        else if (std::strcmp(argv[i], "--memberships") == 0)
            memberships = value;
        ++i;
    }
    std::filesystem::remove(out);
    auto store = grove::Store::open(out);
    if (!store) {
        std::fprintf(stderr, "grove_district_db: %s\n", store.error().message.c_str());
        return 1;
    }
    auto org = grove::generate_demo(
        *store.value(), demo ? grove::demo_district() : grove::large_organisation(users, groups, memberships));
    if (!org) {
        std::fprintf(stderr, "grove_district_db: %s\n", org.error().message.c_str());
        return 1;
    }
    store.value()->db().exec("VACUUM");
    std::printf("%s: %.1f MB\n", out.c_str(), static_cast<double>(std::filesystem::file_size(out)) / 1e6);
    return 0;
}
