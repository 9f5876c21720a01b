// Group images: decoded with stb_image 2.30 and scaled with stb_image_resize 0.97, both from Debian trixie's stb
// (toolchain/versions.sh says why not bookworm's; no ImGui here: the fuzz target
// tests/fuzz/fuzz_image.cpp links this file alone).
#include "shell/image_decode.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>

#define STB_IMAGE_RESIZE_IMPLEMENTATION
// stb_image_resize 0.97 (trixie's stb keeps it under deprecated/): stb_image_resize2 stores through misaligned
// pointers and indexes its sRGB table from before its start, undefined behaviour that UBSan stops on in
// tests/fuzz/fuzz_image.cpp. 0.97 asserts on a rounding of its own filter weights for some ratios (a 90 x 2
// picture scaled to 64 x 1 fails `total < 1.1f`; nothings/stb#1449): with assertions on, a picked picture
// ended the program. Those asserts check its own arithmetic, not the input, and the weights are normalised
// right after; memory safety is what the fuzz target checks under AddressSanitizer.
#define STBIR_ASSERT(x) ((void)0)
#define STBIR_DEFAULT_FILTER_DOWNSAMPLE STBIR_FILTER_TRIANGLE
#include <stb/stb_image_resize.h>

namespace grove::ui {

namespace {

// Larger pictures would need hundreds of megabytes to decode (a 2 MB PNG can hold 30000 x 30000).
constexpr int kMaxSourceSide = 8192;

bool starts_with(const std::vector<std::uint8_t>& bytes, const char* magic, std::size_t offset = 0) {
    const std::size_t n = std::strlen(magic);
    return bytes.size() >= offset + n && std::memcmp(bytes.data() + offset, magic, n) == 0;
}

// stb_image 2.27 (bookworm's) filled a Huffman table's 257 code lengths from the counts a JPEG's DHT segment
// gives without checking that they add up to at most 256, so a crafted file wrote past the table (found by
// tests/fuzz/fuzz_image.cpp; 2.28 checks it). Kept with 2.30 as a second wall: refusing such a table costs
// one pass over the segments, and a picture stb would misread is refused in Grove's words. Walks the JPEG's segments
// and scans the way stb reads them and says whether every table it would build is within bounds.
bool jpeg_huffman_tables_fit(const std::vector<std::uint8_t>& bytes) {
    const std::size_t n = bytes.size();
    std::size_t at = 2;  // after SOI
    while (at < n) {
        if (bytes[at] != 0xFF) {
            ++at;  // not at a marker (stb skips such bytes too)
            continue;
        }
        while (at < n && bytes[at] == 0xFF) ++at;  // fill bytes
        if (at >= n) break;
        const std::uint8_t marker = bytes[at++];
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
        if (marker == 0xD9 || at + 2 > n) break;                                               // end of image
        const std::size_t length = (std::size_t{bytes[at]} << 8) | bytes[at + 1];
        if (length < 2) return true;  // stb refuses it itself
        const std::size_t end = std::min(n, at + length);
        if (marker == 0xC4) {
            // As stb reads it: a table is read while the segment's length is not used up, even when fewer than
            // its 17 bytes are left in the segment (stb then reads on past it, and 0 past the file's end).
            auto byte_at = [&](std::size_t i) -> std::size_t { return i < n ? bytes[i] : 0; };
            std::size_t p = at + 2;
            std::ptrdiff_t left = static_cast<std::ptrdiff_t>(length) - 2;
            while (left > 0) {
                std::size_t count = 0;
                for (std::size_t i = 1; i <= 16; ++i) count += byte_at(p + i);
                if (count > 256) return false;
                p += 17 + count;
                left -= static_cast<std::ptrdiff_t>(17 + count);
            }
        }
        at = end;
        if (marker == 0xDA) {
            // A scan: skip its entropy-coded data. 0xFF, any fill bytes 0xFF, then 0x00 is a stuffed byte (stb
            // reads it so); a restart marker stays within the scan; any other marker ends it.
            while (at < n) {
                if (bytes[at] != 0xFF) {
                    ++at;
                    continue;
                }
                std::size_t next = at + 1;
                while (next < n && bytes[next] == 0xFF) ++next;
                if (next >= n) {
                    at = n;
                    break;
                }
                if (bytes[next] == 0x00 || (bytes[next] >= 0xD0 && bytes[next] <= 0xD7)) {
                    at = next + 1;
                    continue;
                }
                break;  // the marker after the scan, from its first 0xFF
            }
        }
    }
    return true;
}

// stb_image 2.30 copies a PNG's IDAT chunks into a buffer it allocates when the first chunk with data comes; a first
// IDAT chunk of length 0 makes it call memcpy with no buffer yet (harmless with 0 bytes, but undefined behaviour
// that UBSan stops on: found by tests/fuzz/fuzz_image.cpp). An empty IDAT chunk adds nothing to the picture's data,
// so they are left out: `out` is the file without them, and false means there were none (read `bytes` as it is).
// Chunks are walked as stb walks them, up to the first that runs past the end, which stb refuses itself.
bool png_without_empty_data_chunks(const std::vector<std::uint8_t>& bytes, std::vector<std::uint8_t>& out) {
    constexpr std::size_t kSignature = 8;
    constexpr std::size_t kFrame = 12;  // length, type and CRC around a chunk's data
    auto read_u32 = [&](std::size_t at) {
        return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
               (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
    };
    auto empty_data_chunk = [&](std::size_t at) {
        return read_u32(at) == 0 && std::memcmp(bytes.data() + at + 4, "IDAT", 4) == 0;
    };
    bool any = false;
    for (std::size_t at = kSignature; at + kFrame <= bytes.size();) {
        const std::size_t length = read_u32(at);
        if (length > bytes.size() - at - kFrame) break;
        any = any || empty_data_chunk(at);
        at += kFrame + length;
    }
    if (!any) return false;
    out.assign(bytes.begin(), bytes.begin() + kSignature);
    std::size_t at = kSignature;
    for (; at + kFrame <= bytes.size();) {
        const std::size_t length = read_u32(at);
        if (length > bytes.size() - at - kFrame) break;
        if (!empty_data_chunk(at)) out.insert(out.end(), bytes.begin() + at, bytes.begin() + at + kFrame + length);
        at += kFrame + length;
    }
    out.insert(out.end(), bytes.begin() + at, bytes.end());  // what stb will find cut short
    return true;
}

// A picture whose header gives a side of 0 pixels (stb_image's GIF reader takes one): nothing to show.
Error empty_picture(int width, int height) {
    return bad_value("The picture is " + std::to_string(width) + " x " + std::to_string(height) +
                     " pixels: it has nothing to show.");
}

}  // namespace

std::string sniff_image_mime(const std::vector<std::uint8_t>& bytes) {
    if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return "image/png";
    if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return "image/jpeg";
    if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return "image/gif";
    if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8)) return "image/webp";
    if (starts_with(bytes, "BM")) return "image/bmp";
    return {};
}

Result<DecodedImage> decode_image(const std::vector<std::uint8_t>& bytes, int max_side) {
    const std::string mime = sniff_image_mime(bytes);
    if (mime == "image/webp") {
        return bad_value("Grove cannot show WebP pictures yet. Choose a PNG, JPEG, GIF or BMP file instead.");
    }
    if (mime.empty())
        return bad_value("This file is not a picture Grove can read: choose a PNG, JPEG, GIF or BMP file.");
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return bad_value("The picture is too large.");

    if (mime == "image/jpeg" && !jpeg_huffman_tables_fit(bytes)) {
        return bad_value("The picture could not be read (a damaged JPEG file).");
    }
    std::vector<std::uint8_t> cleaned;
    const std::vector<std::uint8_t>& read =
        mime == "image/png" && png_without_empty_data_chunks(bytes, cleaned) ? cleaned : bytes;
    const auto* data = reinterpret_cast<const stbi_uc*>(read.data());
    const int length = static_cast<int>(read.size());
    int width = 0;
    int height = 0;
    int channels = 0;
    if (!stbi_info_from_memory(data, length, &width, &height, &channels)) {
        return bad_value(std::string("The picture could not be read (") + stbi_failure_reason() + ").");
    }
    if (width < 1 || height < 1) return empty_picture(width, height);
    if (width > kMaxSourceSide || height > kMaxSourceSide) {
        return bad_value("The picture is " + std::to_string(width) + " x " + std::to_string(height) +
                         " pixels; Grove reads pictures up to " + std::to_string(kMaxSourceSide) + " pixels a side.");
    }
    stbi_uc* pixels = stbi_load_from_memory(data, length, &width, &height, &channels, 4);
    if (pixels == nullptr) {
        return bad_value(std::string("The picture could not be read (") + stbi_failure_reason() + ").");
    }
    if (width < 1 || height < 1) {
        stbi_image_free(pixels);
        return empty_picture(width, height);
    }

    DecodedImage out;
    const int longer = std::max(width, height);
    if (longer <= max_side) {
        out.width = width;
        out.height = height;
        out.rgba.assign(pixels, pixels + static_cast<std::size_t>(width) * height * 4);
    } else {
        const double ratio = static_cast<double>(max_side) / longer;
        out.width = std::max(1, static_cast<int>(std::lround(width * ratio)));
        out.height = std::max(1, static_cast<int>(std::lround(height * ratio)));
        out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
        // sRGB-aware, with alpha weighting so transparent edges do not turn dark.
        if (!stbir_resize_uint8_srgb(pixels, width, height, 0, out.rgba.data(), out.width, out.height, 0, 4, 3, 0)) {
            stbi_image_free(pixels);
            return bad_value("The picture could not be scaled down.");
        }
    }
    stbi_image_free(pixels);
    return out;
}

}  // namespace grove::ui
