// Reports and exports as CSV (F15, F16): a group's users, the group report, the membership report.
#pragma once

#include <string>

#include "model.h"
#include "result.h"
#include "store.h"

namespace grove {

// The group report: group_id, group_name, slug, description, created_date, parent_group_id,
// parent_group_name, then Grove's own columns. Needs Cmd::kReportView.
Result<std::string> group_report_csv(Store& store, Id actor);

// The membership report: membership_id, user_id, first_name, last_name, email, group_id, group_name,
// member_role, group_parent_id, membership_created_date, then Grove's own columns (how the person is
// in the group: direct, rule or inherited, and from which group). Needs Cmd::kReportView.
Result<std::string> membership_report_csv(Store& store, Id actor);

// A group's users (F15). Needs Cmd::kGroupExport.
Result<std::string> group_users_csv(Store& store, Id actor, Id group);

// Suggested file names: "grove-groups-2026-11-25.csv", "grade-9-users.csv".
std::string group_report_file_name(Store& store);
std::string membership_report_file_name(Store& store);
std::string group_users_file_name(Store& store, Id group);

}  // namespace grove
