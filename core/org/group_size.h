// A group's number of members day by day (F31's chart on a group's page), read back from the audit log.
#pragma once

#include <cstdint>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// The members (direct memberships, any role) at the end of one day, UTC.
struct GroupSizeDay {
    std::int64_t day = 0;  // days since 1970-01-01
    std::int64_t members = 0;
    std::int64_t joined = 0;  // memberships the log places in this group that day
    std::int64_t left = 0;
};

struct GroupSizeHistory {
    // Oldest first, one per day through today: the last `days` days, or since the day the group was created.
    std::vector<GroupSizeDay> days;
    bool from_creation = false;  // the first day is the day the group was created
    // Entries of the period that may have changed this group's members without saying how many: imports
    // (OneRoster, Canvas, Moodle), merged Grove files, and undone or redone steps that are not about one person
    // in this group. Their changes are not counted, so days before them may be off by that much.
    int unplaced = 0;
    // Walking back went below zero on some day (shown as 0): a sign of changes the log could not place.
    bool clamped = false;
};

// Counted back from today's true number of members: each day's value is the next day's less what the audit log
// says happened to this group's members on the next day. The log places: entries naming the group (adding,
// inviting, removing, copying people, a rule's joins and leaves, undoing or redoing a step about one person) and
// uploads' lines "added to <the group's name> as a ..." (under the group's present name: a line written under an
// earlier name is not placed). So the last value is always today's count, and no value is below zero.
// One read of the memberships count and of the period's entries that may concern the group (the `at` index).
// Open to whoever may read a group's people (authorize_read).
Result<GroupSizeHistory> group_size_history(Store& store, Id actor, Id group, int days = 90);

}  // namespace grove
