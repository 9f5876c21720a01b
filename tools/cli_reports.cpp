// report, export group-users (being written).
#include "cli_spec.h"
namespace grove::cli {
Result<void> cmd_report(Context&) { return Error{ErrorCode::kConflict, "report is not built yet"}; }
Result<void> cmd_export_group_users(Context&) { return Error{ErrorCode::kConflict, "export group-users is not built yet"}; }
}  // namespace grove::cli
