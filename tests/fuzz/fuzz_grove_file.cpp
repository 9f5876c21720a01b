// The Grove file reader and restore over any bytes, into an empty database: either the organisation
// it holds, whose export restores again to the same export, or a clear error and nothing written.
#include <cstdlib>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grove;
    auto store = fuzz::empty_store();
    auto done = import_json(*store, 0, "fuzz.grove", fuzz::as_text(data, size));
    if (!done) {
        if (done.error().message.empty()) std::abort();
        if (store->revision() != 0 || owner_id(*store)) std::abort();  // a refused file changed something
        return 0;
    }
    // What was restored exports, and that export restores to the same export.
    auto owner = owner_id(*store);
    if (!owner) return 0;
    auto exported = export_json(*store, *owner);
    if (!exported) std::abort();
    auto again = fuzz::empty_store();
    if (!import_json(*again, 0, "again.grove", *exported)) std::abort();
    auto exported_again = export_json(*again, *owner_id(*again));
    if (!exported_again || *exported_again != *exported) std::abort();
    return 0;
}
