// Group pictures over any bytes (stb_image behind decode_image): pixels of the size it says, or a
// sentence for the person, never a crash.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "shell/image_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    (void)grove::ui::sniff_image_mime(bytes);
    auto image = grove::ui::decode_image(bytes, 64);
    if (!image) {
        if (image.error().message.empty()) std::abort();
        return 0;
    }
    if (image->width < 1 || image->height < 1 || image->width > 64 || image->height > 64) std::abort();
    if (image->rgba.size() != static_cast<std::size_t>(image->width) * image->height * 4) std::abort();
    return 0;
}
