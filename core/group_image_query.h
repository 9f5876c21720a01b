// When each group's image last changed: lets an interface keep decoded thumbnails until they change.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "model.h"
#include "store.h"

namespace grove {

// Every group that has an image -> its updated_at (which moves whenever the image is set or removed).
std::unordered_map<Id, std::int64_t> group_image_stamps(Store& store);

}  // namespace grove
