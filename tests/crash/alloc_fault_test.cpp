// SQLite's allocations failing under whole commands (issue 12): the Nth allocation of a command fails, once or
// from then on. Its own executable: the allocator is set before SQLite initialises (alloc_main.cpp).
#include <cstdio>
#include <doctest/doctest.h>

#include "core/storage/db.h"
#include "fault_world.h"
#include "faults.h"

using namespace grove::testing;
using grove::testing::faults::Op;

TEST_CASE("an allocation that fails anywhere in a command is a clear error and the database stays as it was") {
    FaultWorld world;
    // Allocations run to tens of thousands per command: an even sample of them (GROVE_FAULT_POINTS=all for all).
    const long budget = fault_point_budget(250);
    long points = 0, errors = 0, absorbed = 0, inconsistent = 0;
    for (const CommandCase& c : world.cases) {
        const Injection once = inject(world, c, Op::kAlloc, false, budget);
        const Injection after = inject(world, c, Op::kAlloc, true, budget / 5);
        std::printf(
            "%-22s %ld allocations; fault at each of %ld points%s: %ld errors, %ld absorbed; from each of %ld on: %ld "
            "errors, "
            "%ld absorbed\n",
            c.name.c_str(), once.operations, once.points, once.points < once.operations ? " (evenly sampled)" : "",
            once.errors, once.absorbed, after.points, after.errors, after.absorbed);
        if (!once.example.empty()) std::printf("%-22s e.g. %s\n", "", once.example.c_str());
        CHECK(once.operations > 0);
        CHECK(once.inconsistent() + after.inconsistent() == 0);
        points += once.points + after.points;
        errors += once.errors + after.errors;
        absorbed += once.absorbed + after.absorbed;
        inconsistent += once.inconsistent() + after.inconsistent();
    }
    std::printf(
        "allocation faults: %ld commands x fault points = %ld runs, %ld clear errors with the database as it "
        "was, %ld absorbed by SQLite with the command done; %ld inconsistent\n",
        static_cast<long>(world.cases.size()), points, errors, absorbed, inconsistent);
    std::fflush(stdout);
}

TEST_CASE("a value SQLite cannot turn into text for want of memory is a database failure, not an empty string") {
    auto db = grove::Db::open(":memory:");
    // Without lookaside (install_allocator turns it off), the conversion's allocation reaches the allocator.
    for (int view = 0; view < 2; ++view) {
        auto number = db->prepare_once("SELECT 1234567");
        REQUIRE(number->step());
        faults::arm(Op::kAlloc, 1, true);
        if (view)
            CHECK_THROWS_AS(number->col_view(0), grove::DbError);
        else
            CHECK_THROWS_AS(number->col_text(0), grove::DbError);
        CHECK(faults::failed() > 0);
        faults::disarm();
    }
    auto again = db->prepare_once("SELECT 1234567");
    REQUIRE(again->step());
    CHECK(again->col_text(0) == "1234567");
}
