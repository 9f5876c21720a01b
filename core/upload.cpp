// Being written (upload helper).
#include "upload.h"
namespace grove {
static Error not_yet() { return Error{ErrorCode::kConflict, "not built yet"}; }
struct UploadApply::State {};
UploadApply::UploadApply() = default;
UploadApply::~UploadApply() = default;
Result<ColumnMapping> parse_column_mapping(std::string_view) { return not_yet(); }
Result<UploadPlan> plan_upload(Store&, Id, UploadKind, std::string_view, std::string_view,
                               const std::vector<ColumnMapping>&) { return not_yet(); }
Result<std::unique_ptr<UploadApply>> UploadApply::begin(Store&, Id, const UploadPlan&) { return not_yet(); }
Result<bool> UploadApply::step(int) { return not_yet(); }
double UploadApply::progress() const { return 0; }
const UploadCounts& UploadApply::counts() const { static UploadCounts c; return c; }
Result<UploadCounts> apply_upload(Store&, Id, const UploadPlan&) { return not_yet(); }
std::string user_upload_template() { return {}; }
std::string membership_upload_sample() { return {}; }
}  // namespace grove
