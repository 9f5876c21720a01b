// What the parts of the exchange code offer each other (core/exchange_*.cpp); not for use elsewhere.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/exchange/exchange.h"
#include "core/exchange/json.h"
#include "core/exchange/read.h"
#include "core/exchange/schema.h"
#include "core/exchange/write.h"

namespace grove::exchange {

// The whole organisation in the exchange format. Throws DbError.
void write_organisation(Store& store, JsonWriter& w);

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
