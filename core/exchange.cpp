// Being written (exchange helper).
#include "exchange.h"
namespace grove {
static Error not_yet() { return Error{ErrorCode::kConflict, "not built yet"}; }
Result<void> export_json(Store&, Id, std::ostream&) { return not_yet(); }
Result<std::string> export_json(Store&, Id) { return not_yet(); }
Result<ImportPlan> plan_import(Store&, Id, std::string_view, std::string_view) { return not_yet(); }
Result<ImportPlan> import_json(Store&, Id, std::string_view, std::string_view, const ImportChoices&) { return not_yet(); }
}  // namespace grove
