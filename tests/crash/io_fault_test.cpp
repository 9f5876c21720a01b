// Faults of the file system under whole commands (issue 12): the Nth write, sync or read of a command fails,
// for every N, once (transient) or from then on (persistent, as when the disk is gone). Every run must end
// in one clear error line and leave the database as it was, integrity_check ok.
#include <cstdio>
#include <doctest/doctest.h>

#include "fault_world.h"
#include "faults.h"

using namespace grove::testing;
using grove::testing::faults::Op;

namespace {

FaultWorld& world() {
    static FaultWorld made;
    return made;
}

void inject_all(Op op) {
    faults::install_vfs(true);
    const long budget = fault_point_budget(400);
    long points = 0, errors = 0, absorbed = 0, inconsistent = 0;
    for (const CommandCase& c : world().cases) {
        const Injection once = inject(world(), c, op, false, budget);
        const Injection after = inject(world(), c, op, true, budget);
        std::printf(
            "%-22s %-6s %5ld operations; fault at each of %ld points%s: %ld errors, %ld absorbed; from each of %ld on: "
            "%ld "
            "errors, %ld absorbed\n",
            c.name.c_str(), faults::op_name(op), once.operations, once.points,
            once.points < once.operations ? " (sampled)" : "", once.errors, once.absorbed, after.points, after.errors,
            after.absorbed);
        if (!once.example.empty()) std::printf("%-22s e.g. %s\n", "", once.example.c_str());
        CHECK(once.operations > 0);
        CHECK(once.inconsistent() + after.inconsistent() == 0);
        points += once.points + after.points;
        errors += once.errors + after.errors;
        absorbed += once.absorbed + after.absorbed;
        inconsistent += once.inconsistent() + after.inconsistent();
    }
    std::printf(
        "%s faults: %ld commands x fault points = %ld runs, %ld clear errors with the database as it was, "
        "%ld absorbed by SQLite with the command done; %ld inconsistent\n\n",
        faults::op_name(op), static_cast<long>(world().cases.size()), points, errors, absorbed, inconsistent);
    std::fflush(stdout);
}

}  // namespace

TEST_CASE("a write that fails anywhere in a command is a clear error and the database stays as it was") {
    inject_all(Op::kWrite);
}

TEST_CASE("a sync that fails anywhere in a command is a clear error and the database stays as it was") {
    inject_all(Op::kSync);
}

TEST_CASE("a read that fails anywhere in a command is a clear error and the database stays as it was") {
    inject_all(Op::kRead);
}
