// Writes an RGBA image as a PNG file (uncompressed deflate): for screenshots, with no library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::ui {

// `rgba` holds height rows of width * 4 bytes, top row first. Returns false if the file cannot be written.
bool write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace grove::ui
