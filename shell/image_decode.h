// Reading the pictures people give their groups: which kind of image a file is, and its pixels scaled
// down for a thumbnail. Plain C++ over stb_image: no ImGui, so it is fuzzed on its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/storage/result.h"

namespace grove::ui {

// The largest side of a thumbnail, in pixels: enough for the group page's heading on a 2x screen.
inline constexpr int kThumbnailMaxSide = 256;

struct DecodedImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgba;  // width * height * 4 bytes, top row first
};

// The image's type from its first bytes: "image/png", "image/jpeg", "image/gif", "image/webp",
// "image/bmp", or empty when the bytes are not a known image.
std::string sniff_image_mime(const std::vector<std::uint8_t>& bytes);

// Decodes PNG, JPEG, GIF (first frame) or BMP and scales it down to at most `max_side` pixels on
// its longer side. Anything else is refused with a sentence for the person.
Result<DecodedImage> decode_image(const std::vector<std::uint8_t>& bytes, int max_side = kThumbnailMaxSide);

}  // namespace grove::ui
