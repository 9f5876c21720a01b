// When each group's image last changed.
#include "group_image_query.h"

namespace grove {

namespace {

constexpr const char* kImageStamps = "SELECT id, updated_at FROM groups WHERE image IS NOT NULL";

}  // namespace

std::unordered_map<Id, std::int64_t> group_image_stamps(Store& store) {
    std::unordered_map<Id, std::int64_t> stamps;
    auto s = store.db().prepare(kImageStamps);
    while (s->step()) stamps.emplace(s->col_int(0), s->col_int(1));
    return stamps;
}

}  // namespace grove
