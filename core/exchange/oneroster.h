// OneRoster 1.1 CSV rosters (IMS Global bulk files, issue 13, F30): importing what a student information system
// exports, and exporting the organisation as a bulk zip that imports back unchanged. docs/exchange-format.md,
// "OneRoster 1.1", says what each file becomes and what is kept.
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

// The external ID system every imported record is known by: its sourcedId.
inline constexpr const char* kOneRosterSystem = "oneroster";

// Imports the files of a OneRoster 1.1 CSV roster (a zip's or a folder's, read_zip/read_folder) as `actor`, as one
// command: manifest.csv, orgs.csv, users.csv, classes.csv and enrollments.csv are needed; courses.csv and
// academicSessions.csv are kept when present. Files are found by name ignoring case, also inside one folder of
// the zip. Needs Cmd::kOrgImport (org.import), as merging a Grove file does. Row problems come back in `errors`
// with nothing applied; an Error only for what stops reading at all (refused, a required file missing, a file
// that is not CSV). With `dry_run`, everything is checked and counted and nothing is written.
Result<RosterImport> import_oneroster(Store& store, Id actor, std::string_view source_name,
                                      const std::vector<ZipEntry>& files, bool dry_run = false);

// The organisation as OneRoster 1.1 bulk files (manifest.csv, orgs.csv, users.csv, classes.csv, enrollments.csv,
// and courses.csv and academicSessions.csv when an import kept them). Needs Cmd::kOrgExport.
Result<std::vector<ZipEntry>> export_oneroster_files(Store& store, Id actor);
// The same as one zip.
Result<std::string> export_oneroster(Store& store, Id actor);

}  // namespace grove
