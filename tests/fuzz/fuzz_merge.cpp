// The two-planner merge over any pair of files: the bytes up to the first line "--grove--" are restored
// into an empty database (or, without that line, a small organisation's own export is), then the rest is
// merged into it, each conflict settled with the file's side. Either merge is refused with a clear error
// and changes nothing, or it lands and the database exports.
#include <cstdlib>

#include "fuzz_support.h"

namespace {

// A small organisation's export: two departments, people, groups with members.
const std::string& base_file() {
    using namespace grove;
    static const std::string file = [] {
        auto store = fuzz::empty_store();
        fuzz::must(init_org(*store, {"Fuzz School", Plan::kEnterprise, "owner@fuzz.example", "Olive", "Owner"}));
        const Id owner = *owner_id(*store);
        const Id science = fuzz::must(create_department(*store, owner, "Science", std::nullopt)).id;
        const Id ana = fuzz::must(add_user(*store, owner, {"ana@fuzz.example", "Ana", "Hill", science, {}})).id;
        const Id bo = fuzz::must(add_user(*store, owner, {"bo@fuzz.example", "Bo", "Chen", std::nullopt, {}})).id;
        const Id club =
            fuzz::must(create_group(*store, owner, {"Robotics club", "", std::nullopt, {}, std::nullopt})).id;
        fuzz::must(create_group(*store, owner, {"Juniors", "", club, {}, std::nullopt}));
        fuzz::must(add_people(*store, owner, club, {{ana, bo}, {}, GroupRole::kMember}));
        return fuzz::must(export_json(*store, owner));
    }();
    return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grove;
    std::string_view input = fuzz::as_text(data, size);
    std::string_view first = base_file();
    std::string_view second = input;
    const std::string_view mark = "\n--grove--\n";
    if (auto at = input.find(mark); at != std::string_view::npos) {
        first = input.substr(0, at);
        second = input.substr(at + mark.size());
    }
    auto store = fuzz::empty_store();
    if (!import_json(*store, 0, "first.grove", first)) return 0;
    auto owner = owner_id(*store);
    if (!owner) return 0;
    auto before = export_json(*store, *owner);
    if (!before) std::abort();
    const auto revision = store->revision();
    ImportChoices theirs;
    theirs.prefer = Side::kTheirs;
    (void)plan_import(*store, *owner, "second.grove", second, theirs);
    if (store->revision() != revision) std::abort();  // planning wrote
    auto merged = import_json(*store, *owner, "second.grove", second, theirs);
    if (!merged) {
        if (merged.error().message.empty()) std::abort();
        auto after = export_json(*store, *owner);
        if (!after || *after != *before) std::abort();  // a refused merge changed something
        return 0;
    }
    if (!export_json(*store, *owner)) std::abort();
    return 0;
}
