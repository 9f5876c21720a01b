// The one list of roster formats the app reads and writes (issue 13, F30); the command line's are in
// tools/cli_spec.h.
#include "shell/screens/roster_formats.h"

#include "core/exchange/oneroster.h"

namespace grove::ui {

const std::vector<RosterFormat>& roster_formats() {
    static const std::vector<RosterFormat> formats = {
        {"OneRoster 1.1",
         "A .zip of OneRoster 1.1 CSV files, as a student information system exports them: manifest.csv, orgs.csv, "
         "users.csv, classes.csv and enrollments.csv. Schools become departments and top-level groups, classes "
         "their groups, enrolments memberships.",
         ".zip",
         true,
         &import_oneroster,
         {{"Export OneRoster 1.1", "-oneroster.zip", "application/zip", &export_oneroster}}},
        // Moodle (core/exchange/moodle.h), one CSV:
        //   {"Moodle users", "A Moodle upload users CSV: ...", ".csv", false, &import_moodle_users,
        //    {{"Export Moodle users", "-moodle-users.csv", "text/csv", &export_moodle_users},
        //     {"Export Moodle cohorts", "-moodle-cohorts.csv", "text/csv", &export_moodle_cohorts}}},
        // Canvas (core/exchange/canvas.h), a zip:
        //   {"Canvas groups", "A .zip of Canvas SIS group files: ...", ".zip", true, &import_canvas_groups,
        //    {{"Export Canvas groups", "-canvas-groups.zip", "application/zip", &export_canvas_groups}}},
    };
    return formats;
}

}  // namespace grove::ui
