// import users, import memberships (being written).
#include "cli_spec.h"
namespace grove::cli {
Result<void> cmd_import_users(Context&) { return Error{ErrorCode::kConflict, "import users is not built yet"}; }
Result<void> cmd_import_memberships(Context&) { return Error{ErrorCode::kConflict, "import memberships is not built yet"}; }
}  // namespace grove::cli
