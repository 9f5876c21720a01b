// Reading an exchange file record by record, in file order, into a sink (the restore or the merge),
// with errors as "FILE:LINE: reason". Internal to core/exchange_*.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/exchange/schema.h"
#include "core/storage/result.h"

namespace grove::exchange {

class RecordSink {
public:
    virtual ~RecordSink() = default;
    // Each returns false to stop: after in.fail(...) for an error at the current line, or after setting
    // `refusal` for one that concerns the whole file (another organisation).
    virtual bool record(JsonReader& in, Kind kind, const Record& r) = 0;
    virtual bool section_end(JsonReader& in, Kind kind) = 0;
    virtual bool base_patch(JsonReader& in, const BasePatch& patch) = 0;

    std::string refusal;
    ErrorCode refusal_code = ErrorCode::kBadValue;
};

struct FileFacts {
    bool has_base = false;               // the sync section lists how its sender's base differs from its records
    std::vector<std::uint64_t> merged;  // the fingerprints of its sender's last merges, newest first
};

// Reads the whole file into `sink`. `name` starts every error message.
Result<FileFacts> read_file(std::string_view name, std::string_view bytes, RecordSink& sink);

}  // namespace grove::exchange
