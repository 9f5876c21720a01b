// The fonts for scripts that Inter does not draw, and which characters each one covers.
#pragma once

#include <span>

namespace grove::ui::text {

struct ScriptFont {
    const char* script;   // "Arabic": for messages and tests
    const char* regular;  // file names, as the build puts them in <fonts>/scripts/
    const char* bold;     // the same file as `regular` when the family has no bold
    // Where to look when this font has arrived and still lacks a character of its script (rare
    // ideographs), or nullptr.
    const ScriptFont* then = nullptr;
};

// Every script font, in the order the engine falls back through them after Inter.
std::span<const ScriptFont> script_fonts();

// The script font that draws `codepoint`, or nullptr when none of ours does (Inter's own ranges,
// emoji, scripts Grove has no font for).
const ScriptFont* script_font_for(char32_t codepoint);

}  // namespace grove::ui::text
