// What importing a roster did or would do, the same for every roster format Grove reads (OneRoster 1.1, Moodle,
// Canvas; issue 13, F30), so the command line and the Import & export screen report them alike.
#pragma once

#include <string>
#include <vector>

namespace grove {

// What an import did (or would do), kind by kind.
struct RosterCounts {
    int people_added = 0, people_updated = 0, people_removed = 0;
    int departments_added = 0, departments_updated = 0, departments_removed = 0;
    int groups_added = 0, groups_updated = 0, groups_removed = 0;
    int memberships_added = 0, memberships_updated = 0, memberships_removed = 0;

    // "add 120 people, update 3, add 14 groups, add 410 memberships": kinds with nothing to do are left out,
    // removals are named when there are some; "nothing to change" when nothing changes.
    std::string summary() const;
};

struct RosterImport {
    std::vector<std::string> errors;   // "FILE:LINE: reason", file by file; when any, nothing was applied
    std::vector<std::string> changes;  // one line each ("add person Grace Hopper <grace@hill.org>")
    RosterCounts counts;
    bool ok() const { return errors.empty(); }
};

}  // namespace grove
