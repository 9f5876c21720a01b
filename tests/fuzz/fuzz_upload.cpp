// The upload planners (people and memberships) over any bytes, against the demo district as its
// owner: a plan (with row errors "FILE:LINE: reason") or a clear error; planning never writes.
#include <cstdlib>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grove;
    if (size == 0) return 0;
    // The first byte picks the kind of upload; the rest is the file.
    const UploadKind kind = data[0] % 2 ? UploadKind::kMemberships : UploadKind::kUsers;
    Store& store = fuzz::demo_store();
    const auto before = store.revision();
    auto plan = plan_upload(store, fuzz::demo_owner(), kind, "fuzz.csv", fuzz::as_text(data + 1, size - 1));
    if (store.revision() != before) std::abort();  // planning wrote something
    if (!plan) {
        if (plan.error().message.empty()) std::abort();
        return 0;
    }
    for (const auto& error : plan->errors) {
        if (error.rfind("fuzz.csv", 0) != 0) std::abort();  // every row error names the file
    }
    return 0;
}
