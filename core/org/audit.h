// The audit log (F27, F38): who did what, when, naming people and groups as they were named then.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// One person of a change to many: what happened to them, said without their name ("added to Grade 9 as a
// member"); the entry names them as they are named when it is written.
struct AuditDetail {
    Id user = 0;
    std::string what;
};

// The rule for changes to many people (uploads, copies, imports, rules' joins and leaves, revoking a role from its
// holders): ONE entry whose summary counts them, with `details` listing every person; it opens in the app to show
// them all, the CSV export writes a row for each, and the person filter finds it. A change to one person names
// them in `user` instead.
struct AuditRecord {
    std::string action;   // "group.create"
    std::string summary;  // "created the group Grade 9" (the actor's name is put in front)
    std::optional<Id> group;
    std::optional<Id> user;
    std::vector<AuditDetail> details;
};

// The stored form of an entry's details: "uid<TAB>name<TAB>email<TAB>what" and a line break per person, named as
// they are now (the rule engine writes its own entries with it).
std::string audit_details_text(Store& store, const std::vector<AuditDetail>& details);

// Appends an entry inside the running command's transaction. `actor` may be empty (set-up).
void record_audit(Store& store, std::optional<Id> actor, const AuditRecord& record);

struct AuditFilter {
    std::optional<Id> person;  // as actor or as the person acted on
    std::optional<Id> group;
    std::optional<std::int64_t> from_ms;  // inclusive
    std::optional<std::int64_t> to_ms;    // exclusive
    std::string text;                     // in the summary, case-insensitive
    int limit = 500;
    bool with_details = false;  // fill AuditEntry::details (the CSV export); else only detail_count
};

// Newest first. Needs the audit.view permission.
Result<std::vector<AuditEntry>> read_audit(Store& store, Id actor, const AuditFilter& filter);

// One entry with everything it holds (the app's entry dialog). Needs the audit.view permission.
Result<AuditEntry> read_audit_entry(Store& store, Id actor, Id entry);

// The newest entries a listing shows at once (the audit log screen); older ones are reached by
// narrowing the filters, or all of them through audit_csv.
inline constexpr int kAuditShown = 2000;

// The audit log as a spreadsheet: columns at, actor, actor_email, action, summary, group, person,
// person_email; times in UTC (ISO 8601), written by CsvWriter (a byte-order mark, CRLF rows, no cell a
// spreadsheet would run). An entry that lists many people is followed by one row per person, with the same
// time, actor and action, what happened to them as the summary, and their name and email.
std::string audit_csv(const std::vector<AuditEntry>& entries);

}  // namespace grove
