// Canvas SIS group files (issue 13, F30): importing the groups, categories and memberships a Canvas LMS holds, and
// exporting the organisation's groups as the same files, as a zip that imports back unchanged.
// docs/exchange-format.md, "Canvas", says what each file becomes.
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

// The external ID system of imported people and groups: a user's user_id, a group's group_id, and a group
// category's group_category_id after kCanvasCategoryPrefix (the two kinds of Canvas ID may share values).
inline constexpr const char* kCanvasSystem = "canvas";
inline constexpr const char* kCanvasCategoryPrefix = "category:";
// What Canvas knows a group or category by besides its ID, kept as more of its external IDs so that the export
// hands the groups back to the same course or account: its course_id and account_id (a group's only where they
// differ from its category's), and a user's login_id (only where it differs from their email).
inline constexpr const char* kCanvasCourseSystem = "canvas_course";
inline constexpr const char* kCanvasAccountSystem = "canvas_account";
inline constexpr const char* kCanvasLoginSystem = "canvas_login";

// Imports Canvas SIS group files (a zip's or a folder's, read_zip/read_folder) as `actor`, as one command:
// group_categories.csv becomes top-level groups, groups.csv their subgroups, groups_membership.csv memberships,
// and users.csv, when present, matches or adds people. At least one of the three group files is needed. Files are
// found by name ignoring case, also inside one folder of the zip. Needs Cmd::kOrgImport. Row problems come back in
// `errors` with nothing applied; an Error only for what stops reading at all. With `dry_run`, everything is
// checked and counted and nothing is written.
Result<RosterImport> import_canvas_groups(Store& store, Id actor, std::string_view source_name,
                                          const std::vector<ZipEntry>& files, bool dry_run = false);

// The organisation's groups as Canvas SIS files: group_categories.csv, groups.csv, groups_membership.csv and
// users.csv. Needs Cmd::kOrgExport.
Result<std::vector<ZipEntry>> export_canvas_groups_files(Store& store, Id actor);
// The same as one zip.
Result<std::string> export_canvas_groups(Store& store, Id actor);

}  // namespace grove
