// The commands the fault tests run, and the files they start from: Hill School with a few people and
// groups, an empty database, a people file, Hill School's Grove file and another planner's changed copy.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "db_state.h"
#include "faults.h"

namespace grove::testing {

// What one in-process run of `grove` did.
struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};
CliRun run_grove(const std::vector<std::string>& args);

struct CommandCase {
    std::string name;               // "create a group"
    std::string before;             // the database it starts from (copied for every run)
    std::vector<std::string> args;  // after `--db FILE`
    DbState before_state;           // the database as it was
    DbState after_state;            // the database after a run without faults
};

// Made once per test executable in a fresh temporary folder (removed at the end). GROVE_NOW and GROVE_SEED are
// set, so that every run of a command writes the same database.
class FaultWorld {
public:
    FaultWorld();
    ~FaultWorld();
    FaultWorld(const FaultWorld&) = delete;
    FaultWorld& operator=(const FaultWorld&) = delete;

    std::filesystem::path dir;
    std::string work;  // the copy each run changes
    std::vector<CommandCase> cases;

    // Runs the case on a fresh copy of its database: `grove --db WORK args...`.
    CliRun run(const CommandCase& c) const;
};

// What injecting faults of one kind into one command found.
struct Injection {
    long operations = 0;   // of the kind, in a run without faults
    long points = 0;       // runs with a fault
    long errors = 0;       // runs that failed with one clear error line and left the database as it was
    long absorbed = 0;     // runs where SQLite absorbed the fault (a benign allocation) and the command succeeded
    long not_reached = 0;  // runs that succeeded without meeting the fault (a persistent one past the end)
    long inconsistent() const { return points - errors - absorbed - not_reached; }
    std::string example;  // one of the error lines
};

// Runs `c` once counting operations of kind `op`, then once for each of at most `max_points` of them (all, or
// spread evenly) with that one failing (and with `persistent`, every later one too). Checks every outcome: a
// clear error and the database as it was (integrity_check ok), or success and the database as after.
Injection inject(const FaultWorld& world, const CommandCase& c, faults::Op op, bool persistent, long max_points);

// The number of fault points per command and kind: GROVE_FAULT_POINTS (a number, or "all") or `fallback`.
long fault_point_budget(long fallback);

// `count` points from 1 to `total`: all of them, or `count` spread evenly with both ends.
std::vector<long> fault_points(long total, long count);

}  // namespace grove::testing
