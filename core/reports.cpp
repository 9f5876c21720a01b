// Being written (reports helper).
#include "reports.h"
namespace grove {
static Error not_yet() { return Error{ErrorCode::kConflict, "not built yet"}; }
Result<std::string> group_report_csv(Store&, Id) { return not_yet(); }
Result<std::string> membership_report_csv(Store&, Id) { return not_yet(); }
Result<std::string> group_users_csv(Store&, Id, Id) { return not_yet(); }
std::string group_report_file_name(Store&) { return "groups.csv"; }
std::string membership_report_file_name(Store&) { return "memberships.csv"; }
std::string group_users_file_name(Store&, Id) { return "users.csv"; }
}  // namespace grove
