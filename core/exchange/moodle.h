// Moodle's user upload and cohort upload CSV files (issue 13, F30): importing the people of a Moodle site with
// their cohorts as group memberships, and exporting the groups as cohorts and the people as an upload-users file
// that Moodle accepts and that imports back unchanged. docs/exchange-format.md, "Moodle", says what each column
// becomes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/exchange/roster.h"
#include "core/exchange/zip.h"
#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// The external ID system a person is known by (their Moodle username) and a group may be known by (its cohort's
// idnumber).
inline constexpr const char* kMoodleSystem = "moodle";

// Imports a Moodle upload-users CSV (`files` holds that one file) as `actor`, as one command:
// username,firstname,lastname,email are needed; cohort1, cohort2, ... make the person a member of the group whose
// Moodle ID, slug or name the cell gives; profile_field_<shortname> fills the additional field of that name (case,
// spaces and underscores ignored); other columns are ignored. People are matched by their Moodle username, then by
// email; names and email are updated. Needs Cmd::kOrgImport. Row problems come back in `errors` as FILE:LINE:
// reason with nothing applied; an Error only for what stops reading at all (refused, no single file given). With
// `dry_run`, everything is checked and counted and nothing is written.
Result<RosterImport> import_moodle_users(Store& store, Id actor, std::string_view source_name,
                                         const std::vector<ZipEntry>& files, bool dry_run = false);

// The active people as Moodle's upload-users CSV: username,firstname,lastname,email,cohort1..N (each person's
// groups by the cohort idnumber export_moodle_cohorts gives them). Needs Cmd::kOrgExport.
Result<std::string> export_moodle_users(Store& store, Id actor);

// Every group as Moodle's cohort upload CSV: name,idnumber,description. The idnumber is the group's Moodle ID,
// else its slug (which never changes once the group exists). Needs Cmd::kOrgExport.
Result<std::string> export_moodle_cohorts(Store& store, Id actor);

}  // namespace grove
