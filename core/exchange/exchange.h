// The organisation as one JSON file (F17) and merging two planners' work (F18). The format, named
// "grove.organisation" version 5 (versions 1, before learning, 2, before smart groups, 3, before audit details, and 4,
// before people's and departments' external IDs, still read), is documented in docs/exchange-format.md. The one public
// header of core/exchange/: the others there say "Internal to core/exchange/" and nothing outside includes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

inline constexpr const char* kExchangeFormat = "grove.organisation";
inline constexpr int kExchangeVersion = 5;

// Writes the whole organisation, streaming (no document tree in memory). Needs Cmd::kOrgExport.
Result<void> export_json(Store& store, Id actor, std::ostream& out);
Result<std::string> export_json(Store& store, Id actor);

enum class Side { kOurs, kTheirs };

// The same thing changed differently on both sides, or changed on one side and deleted on the other.
struct Conflict {
    std::string kind;  // "person", "group", "membership", "department", ...
    std::string uid;
    std::string label;  // "Grace Hopper <grace@hill.org>", "Grade 9", "Grace Hopper in Grade 9"
    std::string field;  // "first_name", "name"; empty when the conflict is about the record's deletion
    std::string ours;   // a value, or "(deleted)"
    std::string theirs;
    // The side the import keeps: the choice given for it, or (for a conflict settled before) ours.
    std::optional<Side> kept;
};

// One line for a person: "person Grace Hopper <grace@hill.org>: first name is 'Grace' here and 'Gracie' in the
// file", or "group Grade 9: deleted here, changed in the file (name Grade Nine)".
std::string conflict_text(const Conflict& conflict);
// The conflict and how it was settled: "...: first name is 'Grace' here and 'Gracie' in the file, kept 'Grace'";
// for a deletion, "kept it deleted" or "kept the change". Without a side, conflict_text.
std::string settled_text(const Conflict& conflict);

struct ImportPlan {
    bool into_empty = false;  // the database had no organisation: the file is restored as is
    std::string org_name;
    // What the import does, one line each ("add person Grace Hopper <...>"); in a plan, with every conflict
    // not yet given a side kept as ours. A restore says what it brings in, kind by kind ("add 812 people").
    std::vector<std::string> changes;
    std::vector<Conflict> conflicts;  // in a stable order; choices are given by index
    // Conflicts settled at an earlier import whose side in the file is still the one settled then: they stay
    // settled (this organisation's side is kept), need no choice and are not counted as conflicts.
    std::vector<Conflict> settled_before;
    int added = 0, changed = 0, removed = 0;  // records (the audit log's entries are not counted)
};

// Imports as one transaction. Every conflict needs a side: `choices[i]` for conflicts[i], or else
// `prefer`; with neither, the import is refused with the list of conflicts. A merge that settles conflicts
// writes one audit entry (action "org.merge") listing each and the side kept, remembers them (so that the
// same file brings them up no more), and marks the other side's audit entries whose change was not applied:
// "Bo Chen renamed Grade 9 to Year 9. (name not applied: kept Ana Hill's version)".
struct ImportChoices {
    std::optional<Side> prefer;
    std::vector<std::optional<Side>> choices;
};

// What a Grove file may be: a district of 100,000 people and 1,000,000 memberships writes about 300 MB. A
// larger file, a text in it longer than kGroveFileTextLimit (a group's picture, the longest, is under 3 MB) or
// JSON nested deeper than kGroveFileDepthLimit is refused with the reason, before it fills memory.
inline constexpr std::size_t kGroveFileLimit = std::size_t{1024} * 1024 * 1024;  // bytes
inline constexpr std::size_t kGroveFileTextLimit = 8 * 1024 * 1024;              // bytes of one string
inline constexpr int kGroveFileDepthLimit = 64;                                  // the message in read.cpp says 64

// "FILE: the file is 1.2 GB; a Grove file may be at most 1 GB." for a file over kGroveFileLimit.
Result<void> check_grove_file_size(std::string_view file_name, std::uint64_t bytes);

// What importing would do; writes nothing. Refuses a file that is not a Grove file, a newer version, or
// another organisation's file. Into an empty database anyone may import; a merge needs Cmd::kOrgImport.
// With `choices`, the plan's changes show the conflicts settled as chosen (a preview of import_json).
Result<ImportPlan> plan_import(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                               const ImportChoices& choices = {});
Result<ImportPlan> import_json(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                               const ImportChoices& choices = {});

}  // namespace grove
