// Grove's fonts: Inter for text, Font Awesome icons merged into each size, rasterised per pixel ratio.
#pragma once

#include <string>

struct ImFont;

namespace grove::ui {
namespace text {
class TextEngine;
}

struct Fonts {
    ImFont* regular = nullptr;  // Inter Regular 16 px: everything by default
    ImFont* bold = nullptr;     // Inter SemiBold 16 px: emphasis, table headers, the organisation name
    ImFont* heading = nullptr;  // Inter SemiBold 22 px: screen titles
    float scale = 0.0f;         // the pixel ratio these were rasterised for
    bool from_files = false;    // false: Inter was missing and ImGui's built-in font stands in
};

// Font sizes in CSS pixels (multiplied by the pixel ratio when rasterised).
inline constexpr float kTextSize = 16.0f;
inline constexpr float kHeadingSize = 22.0f;

// Clears ImGui's font atlas and loads the fonts from `dir` (Inter-Regular.otf, Inter-SemiBold.otf,
// fontawesome-webfont.ttf) at `scale`, then builds the atlas. The renderer must upload it again.
// With `engine`, the atlas gets the region the text engine draws other scripts into, and the engine
// is attached to the new fonts.
Fonts load_fonts(const std::string& dir, float scale, text::TextEngine* engine = nullptr);

}  // namespace grove::ui
