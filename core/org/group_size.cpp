// A group's number of members day by day, walked back from today's count through the audit log.
#include "core/org/group_size.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "core/access/access.h"
#include "core/org/lookup.h"

namespace grove {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

constexpr const char* kCountMembers = "SELECT COUNT(*) FROM memberships WHERE group_id = ?";
// The period's entries that name the group, and those that name none but may have changed it: uploads (placed by
// their lines), imports, merges, and undo or redo of a step about no group (counted as unplaced).
constexpr const char* kPeriodEntries =
    "SELECT at, action, group_uid IS NOT NULL, summary, details FROM audit WHERE at >= ?1 AND "
    "(group_uid = ?2 OR (group_uid IS NULL AND (action LIKE 'upload.%' OR action IN ('change.undo', 'change.redo', "
    "'org.merge', 'oneroster.import', 'canvas.import', 'moodle.import'))))";

std::int64_t day_of(std::int64_t ms) { return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs; }

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// What one line of a many-person entry about this group did to its members: +1, -1 or 0 (a role changed).
int line_change(std::string_view what) {
    if (starts_with(what, "added to ") || starts_with(what, "invited to ")) return 1;
    if (what == "joined" || starts_with(what, "joined ") || starts_with(what, "joined,")) return 1;
    if (what == "left" || starts_with(what, "left by ") || starts_with(what, "left,")) return -1;
    return 0;
}

// The phrase after the third tab of each line "uid\tname\temail\twhat\n".
template <class F>
void for_each_what(std::string_view details, F&& f) {
    while (!details.empty()) {
        const size_t end = details.find('\n');
        std::string_view line = details.substr(0, end);
        details.remove_prefix(end == std::string_view::npos ? details.size() : end + 1);
        size_t at = 0;
        for (int tab = 0; tab < 3 && at != std::string_view::npos; ++tab) {
            at = line.find('\t', at);
            if (at != std::string_view::npos) ++at;
        }
        if (at != std::string_view::npos) f(line.substr(at));
    }
}

size_t count_occurrences(std::string_view text, std::string_view needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

struct DayChange {
    std::int64_t joined = 0;
    std::int64_t left = 0;
    bool unplaced = false;
};

// An undo or redo names the step it took back or did again ("Ada Lovelace undid: added Ben to Grade 9 as a
// member."); the step's group is the entry's. One person added or removed is placed; anything else that names
// people (a bulk add, a pin) is not.
DayChange undo_change(std::string_view action, std::string_view summary) {
    const bool back = action == "change.undo";
    const size_t colon = summary.find(back ? " undid: " : " redid: ");
    DayChange c;
    if (colon == std::string_view::npos) return c;
    const std::string_view label = summary.substr(colon + 8);
    int forward = 0;
    if (starts_with(label, "added people to ") || starts_with(label, "copied ") || starts_with(label, "pinned ") ||
        starts_with(label, "excluded ") || starts_with(label, "unpinned ") ||
        starts_with(label, "lifted the exclusion ") || starts_with(label, "set the rule") ||
        starts_with(label, "cleared the rule") || starts_with(label, "copied the rule") ||
        starts_with(label, "deleted ")) {
        c.unplaced = true;
        return c;
    }
    if (starts_with(label, "added ") || starts_with(label, "invited ")) forward = 1;
    if (starts_with(label, "removed ")) forward = -1;
    const int net = back ? -forward : forward;
    if (net > 0) c.joined = 1;
    if (net < 0) c.left = 1;
    return c;
}

}  // namespace

Result<GroupSizeHistory> group_size_history(Store& store, Id actor, Id group_id, int days) {
    GROVE_TRY(authorize_read(store, actor));
    GROVE_LET(group, group_by_id(store, group_id));
    return store.query<GroupSizeHistory>([&] {
        GroupSizeHistory out;
        const std::int64_t today = day_of(store.now());
        const std::int64_t created = day_of(group->created_at);
        std::int64_t first = today - std::max(days, 1) + 1;
        if (created >= first) {
            first = std::min(created, today);
            out.from_creation = true;
        }
        auto count = store.db().prepare(kCountMembers);
        count->bind(1, group_id);
        const std::int64_t now_count = count->step() ? count->col_int(0) : 0;

        // Joins and leaves per day after the first (the first day's own changes are in its end-of-day value).
        std::map<std::int64_t, DayChange> by_day;
        const std::string upload_line = "\tadded to " + group->name + " as a ";
        auto s = store.db().prepare(kPeriodEntries);
        s->bind(1, first * kDayMs);
        s->bind(2, group->uid);
        while (s->step()) {
            const std::int64_t day = day_of(s->col_int(0));
            const std::string_view action = s->col_view(1);
            const bool names_group = s->col_int(2) != 0;
            const std::string_view details = s->col_view(4);
            DayChange& c = by_day[day];
            if (starts_with(action, "upload.") && !names_group) {
                c.joined += static_cast<std::int64_t>(count_occurrences(details, upload_line));
            } else if (action == "change.undo" || action == "change.redo") {
                if (!names_group) {
                    c.unplaced = true;
                    ++out.unplaced;
                    continue;
                }
                const DayChange u = undo_change(action, s->col_view(3));
                c.joined += u.joined;
                c.left += u.left;
                if (u.unplaced) {
                    c.unplaced = true;
                    ++out.unplaced;
                }
            } else if (!names_group) {
                c.unplaced = true;  // an import or a merge
                ++out.unplaced;
            } else if (!details.empty()) {
                for_each_what(details, [&](std::string_view what) {
                    const int d = line_change(what);
                    if (d > 0) ++c.joined;
                    if (d < 0) ++c.left;
                });
            } else if (action == "member.add" || action == "member.invite" || action == "rule.join") {
                ++c.joined;
            } else if (action == "member.remove" || action == "rule.leave") {
                ++c.left;
            }
        }

        out.days.resize(static_cast<size_t>(today - first + 1));
        std::int64_t members = now_count;
        for (std::int64_t day = today; day >= first; --day) {
            GroupSizeDay& d = out.days[static_cast<size_t>(day - first)];
            d.day = day;
            d.members = std::max<std::int64_t>(members, 0);
            if (members < 0) out.clamped = true;
            auto it = by_day.find(day);
            if (it != by_day.end()) {
                d.joined = it->second.joined;
                d.left = it->second.left;
                members -= it->second.joined - it->second.left;
            }
        }
        return out;
    });
}

}  // namespace grove
