// export json, import json (being written).
#include "cli_spec.h"
namespace grove::cli {
Result<void> cmd_export_json(Context&) { return Error{ErrorCode::kConflict, "export json is not built yet"}; }
Result<void> cmd_import_json(Context&) { return Error{ErrorCode::kConflict, "import json is not built yet"}; }
}  // namespace grove::cli
