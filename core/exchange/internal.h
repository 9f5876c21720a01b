// Internal to core/exchange/: what the parts of the exchange code offer each other; not for use elsewhere.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "core/exchange/codec.h"
#include "core/exchange/exchange.h"
#include "core/exchange/read.h"
#include "core/exchange/schema.h"
#include "core/exchange/write.h"

namespace grove::exchange {

// A record as the file writes it; ordered, so that keys stay in the order they were set.
using Json = nlohmann::ordered_json;

// The export's text, gathered in a buffer and handed to the stream, when there is one, in large pieces.
class Output {
public:
    explicit Output(std::ostream& out);
    explicit Output(std::string& out);

    void raw(std::string_view text) { text_->append(text); }
    // One record in the file's layout: nlohmann's text with a space after each ':' and ',' between values.
    void record(const Json& value);
    // Writes what is buffered to the stream; false when the stream failed.
    bool flush();

private:
    static constexpr size_t kFlushAt = 1 << 18;
    std::ostream* stream_ = nullptr;
    std::string own_;
    std::string* text_;
    // Kept for the whole export: a serializer allocates its buffers when it is made.
    nlohmann::detail::serializer<Json> json_;
};

// The whole organisation in the exchange format. Throws DbError.
void write_organisation(Store& store, Output& w);

struct RestoreCounts {
    std::array<size_t, kKindCount> records{};
    std::string org_name;
};
// Restores a file into a database without an organisation, inside the caller's transaction: every record
// inserted with cached statements, the sync base set to the file's. Throws DbError.
Result<RestoreCounts> restore(Store& store, std::string_view name, std::string_view bytes);

// Plans a merge of the file into this organisation and, with `apply`, carries it out inside the caller's
// transaction. Without choices for every conflict, `apply` is refused. Throws DbError.
Result<ImportPlan> merge(Store& store, std::string_view name, std::string_view bytes, const ImportChoices& choices,
                         bool apply);

}  // namespace grove::exchange
