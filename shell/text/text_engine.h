// Text in every script: HarfBuzz shapes, FriBiDi orders, and the glyphs live in ImGui's own atlas.
//
// Dear ImGui draws one glyph per codepoint, left to right, from a fixed atlas. The engine widens that
// without touching ImGui's sources (shell/ui_snapshot.cpp wraps ImDrawList::AddText and
// ImFont::CalcTextSizeA at link time and asks the engine first):
//   - Characters of scripts that need no shaping (Chinese, Japanese, Korean, Armenian, Georgian, ...)
//     become ordinary ImFont glyphs the first time they are measured or drawn: rasterised into a
//     region of the atlas reserved for that, so ImGui's own text, input fields and carets use them.
//   - Strings that need more (Arabic and Hebrew, right to left, Arabic letters joined; Devanagari
//     conjuncts; Thai marks; combining accents; characters beyond the BMP) are split into runs by
//     bidi level, font and script, shaped by HarfBuzz, put in visual order by the Unicode
//     bidirectional algorithm (FriBiDi), and drawn glyph by glyph from the same atlas. Each shaped
//     string is cached per font.
//   - Fonts for other scripts are not loaded up front: the first character that needs one asks the
//     platform for the file (Platform::fetch_font) and draws as a fallback box until it arrives.
//     Every character drawn without a glyph of its own is counted (UiSnapshot::missing_glyphs).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;
struct ImDrawList;
struct ImVec2;
struct ImVec4;

namespace grove::ui::text {

enum class Weight { kRegular, kBold };

// One glyph of a shaped string, for tests: which font file drew it and its glyph index there, in
// visual order (left to right on the screen), with its pen position in pixels.
struct ShapedGlyphInfo {
    std::string font;  // file name ("Inter-Regular.otf", "NotoSansArabic-Regular.ttf"); empty: no font has it
    unsigned glyph = 0;
    unsigned cluster = 0;  // byte offset in the string of the character(s) it draws
    float x = 0.0f;
    float advance = 0.0f;  // how far it moves the pen (0 for a mark placed on its base)
};

class TextEngine {
public:
    // Asks for a font file's bytes; `done` gets them (or an empty vector and a reason) later. Returns
    // false when it cannot ask now (no platform yet): the engine asks again the next time it needs it.
    using FetchFont =
        std::function<bool(const std::string& file_name, std::function<void(std::vector<uint8_t>, std::string)> done)>;

    TextEngine();
    ~TextEngine();
    TextEngine(const TextEngine&) = delete;
    TextEngine& operator=(const TextEngine&) = delete;

    void set_fetch_font(FetchFont fetch) { fetch_ = std::move(fetch); }

    // Call between adding the fonts to ImGui's atlas and building it: reserves the region the engine
    // rasterises into.
    void reserve_atlas_region();
    // Call after the atlas is built: the ImFonts and the weight each one is (Inter's file bytes are
    // read from `fonts_dir`). Forgets every glyph made before (the atlas is new).
    void attach(const std::vector<std::pair<ImFont*, Weight>>& fonts, const std::string& fonts_dir);
    // Gives the engine a script font's bytes directly (tests, and the fetch callback).
    bool add_font_file(const std::string& file_name, std::vector<uint8_t> bytes);

    // The hooks behind ImDrawList::AddText and ImFont::CalcTextSizeA. draw() returns false when ImGui
    // should draw the text itself (everything it needs is an ordinary glyph); `missing` gets the number
    // of characters drawn without a glyph of their own either way.
    bool draw(ImDrawList* list, const ImFont* font, float size, const ImVec2& pos, std::uint32_t colour,
              const char* begin, const char* end, float wrap_width, const ImVec4* clip, int* missing);
    bool measure(const ImFont* font, float size, float max_width, float wrap_width, const char* begin, const char* end,
                 const char** remaining, ImVec2* out);

    // Rows [y0, y1) of ImGui's RGBA atlas texture changed since the last call (the host uploads them);
    // false when nothing changed.
    bool take_dirty_rows(int* y0, int* y1);
    // Start of a frame: glyphs evicted when the reserved region filled up are let go here.
    void new_frame();

    // For tests: `text` shaped with `font`, in visual order.
    std::vector<ShapedGlyphInfo> shape_for_test(const ImFont* font, std::string_view text);
    // Font files requested and not yet arrived, and those that could not be had.
    std::vector<std::string> pending_fonts() const;
    std::vector<std::string> failed_fonts() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    FetchFont fetch_;
};

// The engine the link-time hooks use (one per process, like ImGui's context); null: ImGui draws alone.
TextEngine* active_engine();
void set_active_engine(TextEngine* engine);

// Byte offsets where `text` may be cut without splitting a character someone reads as one (a base
// letter with its accents, a Hangul syllable from jamo, an emoji sequence): Unicode's extended grapheme
// clusters. Includes 0 and text.size().
std::vector<size_t> grapheme_boundaries(std::string_view text);

}  // namespace grove::ui::text
