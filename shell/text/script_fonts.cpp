// Unicode blocks per script font. Noto Sans comes from Debian's fonts-noto-core, Droid Sans Fallback
// (Chinese, Japanese and Korean in one 4 MB file) from fonts-droid-fallback; assets/fonts.cmake copies
// the same files into the build.
#include "shell/text/script_fonts.h"

#include <array>

namespace grove::ui::text {
namespace {

// Droid Sans Fallback has Hangul and the common ideographs; its "Full" cut adds rarer ideographs
// (Extension A and more) but drops most Hangul, so it comes second.
constexpr ScriptFont kRareIdeographs{"rare Chinese characters", "DroidSansFallbackFull.ttf",
                                     "DroidSansFallbackFull.ttf"};

constexpr std::array kFonts = {
    ScriptFont{"Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
    ScriptFont{"Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"},
    ScriptFont{"Armenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"},
    ScriptFont{"Georgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"},
    ScriptFont{"Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"},
    ScriptFont{"Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"},
    ScriptFont{"Chinese, Japanese and Korean", "DroidSansFallback.ttf", "DroidSansFallback.ttf", &kRareIdeographs},
    kRareIdeographs,
};

struct Block {
    char32_t first;
    char32_t last;
    int font;  // index into kFonts
};

constexpr Block kBlocks[] = {
    {0x0530, 0x058F, 2},  // Armenian
    {0x0590, 0x05FF, 1},  // Hebrew
    {0x0600, 0x06FF, 0},  // Arabic
    {0x0750, 0x077F, 0},  // Arabic Supplement
    {0x08A0, 0x08FF, 0},  // Arabic Extended-A
    {0x0900, 0x097F, 4},  // Devanagari
    {0x0E00, 0x0E7F, 5},  // Thai
    {0x10A0, 0x10FF, 3},  // Georgian
    {0x1100, 0x11FF, 6},  // Hangul Jamo
    {0x1C90, 0x1CBF, 3},  // Georgian Extended
    {0x1CD0, 0x1CFF, 4},  // Vedic Extensions
    {0x2D00, 0x2D2F, 3},  // Georgian Supplement
    {0x2E80, 0x2FDF, 6},  // CJK Radicals, Kangxi Radicals
    {0x3000, 0x303F, 6},  // CJK Symbols and Punctuation
    {0x3040, 0x30FF, 6},  // Hiragana, Katakana
    {0x3100, 0x312F, 6},  // Bopomofo
    {0x3130, 0x318F, 6},  // Hangul Compatibility Jamo
    {0x31F0, 0x31FF, 6},  // Katakana Phonetic Extensions
    {0x3200, 0x33FF, 6},  // Enclosed CJK, CJK Compatibility
    {0x3400, 0x4DBF, 7},  // CJK Extension A
    {0x4E00, 0x9FFF, 6},  // CJK Unified Ideographs
    {0xA8E0, 0xA8FF, 4},  // Devanagari Extended
    {0xA960, 0xA97F, 6},  // Hangul Jamo Extended-A
    {0xAC00, 0xD7AF, 6},  // Hangul Syllables
    {0xD7B0, 0xD7FF, 6},  // Hangul Jamo Extended-B
    {0xF900, 0xFAFF, 6},  // CJK Compatibility Ideographs
    {0xFB13, 0xFB17, 2},  // Armenian ligatures
    {0xFB1D, 0xFB4F, 1},  // Hebrew presentation forms
    {0xFB50, 0xFDFF, 0},  // Arabic Presentation Forms-A
    {0xFE30, 0xFE4F, 6},  // CJK Compatibility Forms
    {0xFE70, 0xFEFF, 0},  // Arabic Presentation Forms-B
    {0xFF00, 0xFFEF, 6},  // Halfwidth and Fullwidth Forms
};

}  // namespace

std::span<const ScriptFont> script_fonts() { return kFonts; }

const ScriptFont* script_font_for(char32_t codepoint) {
    for (const Block& block : kBlocks) {
        if (codepoint < block.first) return nullptr;  // blocks are in order
        if (codepoint <= block.last) return &kFonts[static_cast<size_t>(block.font)];
    }
    return nullptr;
}

}  // namespace grove::ui::text
