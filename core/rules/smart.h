// Smart groups (F12, F33, F34, F38): a group with a rule adds and removes its members by itself, in the same
// transaction as whatever changed them; pinned people are always in and excluded people never; Grove says
// why anyone is in or out.
//
// How it stays true: the store's rule engine (installed by Store::open) notes, through temporary triggers,
// every person whose facts a command touched (their row, fields, enrolments, work, memberships) and every
// rule, department tree, field or course that changed; just before the command commits it re-evaluates
// exactly those people (or, after a structural change, the groups concerned) in dependency order, writes
// the joins and leaves, and audits each naming the rule's group and the change that caused it.
//
// A smart group's members (role member) are exactly: pinned people, and people the rule matches who are not
// excluded. Staff (mentors, group admins) are added by hand as in any group and the rule leaves them alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/org/groups.h"
#include "core/org/model.h"
#include "core/rules/rule.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// Called by Store::open after the schema is current.
void install_rule_engine(Store& store);

struct SmartRule {
    Id group = 0;
    std::string uid;
    std::string text;    // as people read it, with today's names
    std::string stored;  // the stored form (uids)
    std::optional<Id> set_by;
    std::int64_t updated_at = 0;
};
std::optional<SmartRule> smart_rule(Store& store, Id group);
std::vector<SmartRule> smart_rules(Store& store);  // every smart group's rule, by group id
bool is_smart(Store& store, Id group);

// Parses `text` against the organisation's fields, departments, courses and groups. A parse error is
// Error{kBadValue, "rule:1:27: expected a quoted value after 'contains'"}.
Result<RuleNode> parse_rule_in(Store& store, std::string_view text);

// What a rule does, or would do, to a group.
struct RuleChange {
    int matches = 0;        // people the rule matches (before pins and exclusions)
    std::vector<Id> join;   // people who become members, in name order
    std::vector<Id> leave;  // members who stop being members, in name order
    // "12 match: +3 join, -1 leave"
    std::string summary() const;
};

// Reads only (the editor's live preview, --dry-run): what giving `group` the rule `text` would do, with its
// pins, exclusions and staff as they are. `group` = 0: a group not made yet (everyone who matches joins).
// A rule that reads `group` itself, directly or through other smart groups, is refused (kCycle).
Result<RuleChange> preview_rule(Store& store, Id group, std::string_view text);
// grove rule check: how many people match.
Result<int> count_matches(Store& store, std::string_view text);

// Gives `group` the rule (replacing any), applying it at once: one command, one audit entry for the rule and
// one per join and leave.
Result<RuleChange> set_rule(Store& store, Id actor, Id group, std::string_view text);
// Creates a group with a rule, as one command (the plan's cap and nesting as create_group).
Result<Group> create_smart_group(Store& store, Id actor, const NewGroup& group, std::string_view rule);
// The group becomes manual: it keeps its current members, as direct members; its pins and exclusions go.
Result<void> clear_rule(Store& store, Id actor, Id group);
// Gives `to` the rule of `from` (not its pins and exclusions).
Result<RuleChange> copy_rule(Store& store, Id actor, Id from, Id to);

// Pins and exclusions (F33), each with an optional reason.
enum class RuleException { kPin, kExclude };
struct RuleExceptionRow {
    Id user = 0;
    std::string name;
    std::string email;
    RuleException kind = RuleException::kPin;
    std::string reason;
    std::optional<Id> by;
    std::string by_name;
    std::int64_t at = 0;
};
// In name order.
std::vector<RuleExceptionRow> rule_exceptions(Store& store, Id group);
// Each user's exception in `group`, for marking a group's members.
std::unordered_map<Id, RuleException> rule_exception_map(Store& store, Id group);
// Pinning an excluded person lifts the exclusion and the other way round. Return how many people changed.
// Only smart groups have pins and exclusions (kConflict otherwise).
Result<int> pin_people(Store& store, Id actor, Id group, const std::vector<Id>& users, const std::string& reason = {});
Result<int> unpin_people(Store& store, Id actor, Id group, const std::vector<Id>& users);
Result<int> exclude_people(Store& store, Id actor, Id group, const std::vector<Id>& users,
                           const std::string& reason = {});
Result<int> unexclude_people(Store& store, Id actor, Id group, const std::vector<Id>& users);

// How a member of a group came to be there.
enum class MemberSource { kDirect, kRule, kPinned };
const char* member_source_key(MemberSource source);  // "direct", "rule", "pinned"

// F38: why `user` is in or out of `group`, one line: "in: pinned by Ana Hill: covers for Ms Ray",
// "in: field "Job Title" contains "teacher" (Teacher)", "out: department is under "Science" was false (Maths)".
struct RuleWhy {
    bool in = false;
    std::string reason;
    std::string line() const;  // "in: " or "out: " and the reason
};
Result<RuleWhy> why_member(Store& store, Id group, Id user);

// Rules that read the date ("within last 30 days") move on with the calendar: the first command of a day brings
// them up to date. This does it without waiting for one (the app calls it when it opens a database): true when
// it ran, false when nothing was due (no such rule, or already done today).
Result<bool> refresh_dated_rules(Store& store);

// The smart groups whose rules read a record (refusing to delete what a rule reads), by name.
std::vector<std::string> groups_reading(Store& store, RuleSubject subject, Id id);

// From scratch, reading everything afresh: the members `group`'s rule, pins and exclusions make (sorted ids).
// The reference the incremental engine is tested and measured against.
std::vector<Id> rule_members_from_scratch(Store& store, Id group);

}  // namespace grove
