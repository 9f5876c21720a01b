// The audit log (F27, F38): who did what, when, naming people and groups as they were named then.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct AuditRecord {
    std::string action;   // "group.create"
    std::string summary;  // "created the group Grade 9" (the actor's name is put in front)
    std::optional<Id> group;
    std::optional<Id> user;
};

// Appends an entry inside the running command's transaction. `actor` may be empty (set-up).
void record_audit(Store& store, std::optional<Id> actor, const AuditRecord& record);

struct AuditFilter {
    std::optional<Id> person;  // as actor or as the person acted on
    std::optional<Id> group;
    std::optional<std::int64_t> from_ms;  // inclusive
    std::optional<std::int64_t> to_ms;    // exclusive
    std::string text;                     // in the summary, case-insensitive
    int limit = 500;
};

// Newest first. Needs the audit.view permission.
Result<std::vector<AuditEntry>> read_audit(Store& store, Id actor, const AuditFilter& filter);

// The newest entries a listing shows at once (the audit log screen); older ones are reached by
// narrowing the filters, or all of them through audit_csv.
inline constexpr int kAuditShown = 2000;

// The audit log as a spreadsheet: columns at, actor, actor_email, action, summary, group, person,
// person_email; times in UTC
// (ISO 8601), written by CsvWriter (a byte-order mark, CRLF rows, no cell a spreadsheet would run).
std::string audit_csv(const std::vector<AuditEntry>& entries);

}  // namespace grove
