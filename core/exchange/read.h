// Internal to core/exchange/: reading an exchange file record by record, in file order, into a sink (the
// restore or the merge), with errors as "FILE:LINE: reason". nlohmann/json parses; this checks the format.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/exchange/schema.h"
#include "core/storage/result.h"

namespace grove::exchange {

// Where the parser is in the file, so that an error names its line; the first error wins.
class Cursor {
public:
    explicit Cursor(std::string_view text) : begin_(text.data()), at_(text.data()) {}

    // Records an error at the current line; always returns false so that callers can `return in.fail(...)`.
    bool fail(std::string_view message);
    // Records an error at a byte offset (nlohmann's parse errors say where they are that way).
    bool fail_at(size_t offset, std::string_view message);
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    int error_line() const { return error_line_; }

    // Advanced by the parser's input, one byte at a time.
    const char** at() { return &at_; }

private:
    int line_before(const char* end) const;

    const char* begin_;
    const char* at_;
    std::string error_;
    int error_line_ = 0;
};

class RecordSink {
public:
    virtual ~RecordSink() = default;
    // Each returns false to stop: after in.fail(...) for an error at the current line, or after setting
    // `refusal` for one that concerns the whole file (another organisation).
    virtual bool record(Cursor& in, Kind kind, const Record& r) = 0;
    virtual bool section_end(Cursor& in, Kind kind) = 0;
    virtual bool base_patch(Cursor& in, const BasePatch& patch) = 0;

    std::string refusal;
    ErrorCode refusal_code = ErrorCode::kBadValue;
};

struct FileFacts {
    bool has_base = false;              // the sync section lists how its sender's base differs from its records
    std::vector<std::uint64_t> merged;  // the fingerprints of its sender's last merges, newest first
};

// Which parser reads the JSON: the scanner (json_scan.h), or nlohmann/json's own parser, which the tests compare
// it with event for event.
enum class JsonEngine : std::uint8_t { kScanner, kNlohmann };

// Reads the whole file into `sink`. `name` starts every error message.
Result<FileFacts> read_file(std::string_view name, std::string_view bytes, RecordSink& sink,
                            JsonEngine engine = JsonEngine::kScanner);

}  // namespace grove::exchange
