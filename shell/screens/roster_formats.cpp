// The one list of roster formats the app reads and writes (issue 13, F30); the command line's are in
// tools/cli_spec.h.
#include "shell/screens/roster_formats.h"

#include "core/exchange/canvas.h"
#include "core/exchange/moodle.h"
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
        {"Moodle users",
         "A Moodle upload users CSV (username, firstname, lastname, email): usernames become Moodle IDs, people are "
         "matched by them and then by email, cohort1, cohort2, ... columns name the groups they join and "
         "profile_field_ columns fill additional fields. Upload the cohorts file to Moodle before the users file.",
         ".csv",
         false,
         &import_moodle_users,
         {{"Export Moodle users", "-moodle-users.csv", "text/csv", &export_moodle_users},
          {"Export Moodle cohorts", "-moodle-cohorts.csv", "text/csv", &export_moodle_cohorts}}},
        {"Canvas groups",
         "A .zip of Canvas SIS group files: group_categories.csv, groups.csv, groups_membership.csv and, when "
         "present, users.csv. Group categories become top-level groups, groups their subgroups, group memberships "
         "memberships.",
         ".zip",
         true,
         &import_canvas_groups,
         {{"Export Canvas groups", "-canvas-groups.zip", "application/zip", &export_canvas_groups}}},
    };
    return formats;
}

}  // namespace grove::ui
