// The text engine (see text_engine.h): faces, the atlas region, shaping and drawing.
#include "shell/text/text_engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include "imgui.h"
#include "imgui_internal.h"
#include "shell/text/script_fonts.h"

extern "C" {
#include <fribidi.h>
}
#include <hb.h>
#include <utf8proc.h>

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>

namespace grove::ui::text {
namespace {

TextEngine* g_engine = nullptr;

// The region of the atlas the engine owns, in texture pixels: nearly the atlas's whole width (ImGui
// packs rectangles with a pixel of padding, so a full-width one would not fit).
constexpr int kAtlasWidth = 2048;
constexpr int kRegionWidth = kAtlasWidth - 16;
constexpr int kRegionHeight = 1024;
// Shaped strings kept; past this the cache starts over (a frame shapes again what it shows).
constexpr size_t kMaxShaped = 20000;

// ---- Characters -----------------------------------------------------------------------------------

struct Char {
    char32_t cp = 0;
    unsigned offset = 0;  // byte offset in the string
};

// UTF-8 to codepoints; a broken sequence becomes U+FFFD for the bytes it spans, never read past `end`.
std::vector<Char> decode(const char* begin, const char* end) {
    std::vector<Char> out;
    out.reserve(static_cast<size_t>(end - begin));
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(begin);
    const auto* e = reinterpret_cast<const utf8proc_uint8_t*>(end);
    while (p < e) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, e - p, &cp);
        const unsigned offset = static_cast<unsigned>(reinterpret_cast<const char*>(p) - begin);
        if (n <= 0) {
            out.push_back({0xFFFD, offset});
            ++p;
            continue;
        }
        out.push_back({static_cast<char32_t>(cp), offset});
        p += n;
    }
    return out;
}

bool in(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

// Whether a character can only be drawn right by shaping or reordering the whole string.
bool needs_shaping(char32_t c) {
    if (c < 0x0300) return false;
    if (c > 0xFFFF) return true;                                      // ImGui's glyphs are 16-bit
    if (in(c, 0x0300, 0x036F) || in(c, 0x0483, 0x0489)) return true;  // combining marks
    if (in(c, 0x0590, 0x08FF)) return true;                           // Hebrew, Arabic, Syriac, Thaana...
    if (in(c, 0x0900, 0x0DFF) || in(c, 0x0E00, 0x0FFF)) return true;  // Indic, Thai, Lao, Tibetan
    if (in(c, 0x1000, 0x109F) || in(c, 0x1100, 0x11FF)) return true;  // Myanmar, Hangul jamo
    if (in(c, 0x1780, 0x17FF) || in(c, 0x1AB0, 0x1AFF)) return true;  // Khmer, combining marks
    if (in(c, 0x1CD0, 0x1DFF)) return true;                           // Vedic, combining supplement
    if (in(c, 0x200B, 0x200F) || in(c, 0x202A, 0x202E)) return true;  // joiners, bidi controls
    if (in(c, 0x2066, 0x2069) || in(c, 0x20D0, 0x20FF)) return true;  // isolates, combining for symbols
    if (in(c, 0x302A, 0x302F) || in(c, 0x3099, 0x309A)) return true;  // CJK tone marks, kana voicing marks
    if (in(c, 0xA8E0, 0xA8FF) || in(c, 0xD800, 0xDFFF)) return true;  // Devanagari ext, surrogates
    if (in(c, 0xFB1D, 0xFDFF) || in(c, 0xFE00, 0xFE0F)) return true;  // Hebrew/Arabic forms, selectors
    if (in(c, 0xFE20, 0xFE2F) || in(c, 0xFE70, 0xFEFF)) return true;  // half marks, Arabic forms B
    return false;
}

// Font Awesome's icons live in the Private Use Area of ImGui's own atlas (merged into each font).
bool is_icon(char32_t c) { return c >= 0xE000 && c <= 0xF8FF; }

// Marks, joiners and format characters belong with the character before them.
bool attaches_to_previous(char32_t c) {
    const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_CF || in(c, 0xFE00, 0xFE0F);
}

// ---- Faces ----------------------------------------------------------------------------------------

struct Face {
    std::string file;
    std::vector<uint8_t> bytes;
    stbtt_fontinfo info{};
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_font_t* font = nullptr;
    int upem = 1000;

    Face() = default;
    Face(const Face&) = delete;
    Face& operator=(const Face&) = delete;
    ~Face() {
        if (font != nullptr) hb_font_destroy(font);
        if (face != nullptr) hb_face_destroy(face);
        if (blob != nullptr) hb_blob_destroy(blob);
    }

    bool open(std::string name, std::vector<uint8_t> data) {
        file = std::move(name);
        bytes = std::move(data);
        if (bytes.empty()) return false;
        const int offset = stbtt_GetFontOffsetForIndex(bytes.data(), 0);
        if (offset < 0 || stbtt_InitFont(&info, bytes.data(), offset) == 0) return false;
        blob = hb_blob_create(reinterpret_cast<const char*>(bytes.data()), static_cast<unsigned>(bytes.size()),
                              HB_MEMORY_MODE_READONLY, nullptr, nullptr);
        face = hb_face_create(blob, 0);
        font = hb_font_create(face);
        upem = static_cast<int>(hb_face_get_upem(face));
        if (upem <= 0) return false;
        hb_font_set_scale(font, upem, upem);  // positions in font units; the engine scales to pixels
        return true;
    }

    unsigned glyph_of(char32_t c) const {
        hb_codepoint_t glyph = 0;
        return hb_font_get_nominal_glyph(font, c, &glyph) ? glyph : 0;
    }
};

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ---- Glyphs in the atlas ----------------------------------------------------------------------

// A rasterised glyph: offsets from the pen (at the top of the line) and its place in the texture.
struct Slot {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float u0 = 0, v0 = 0, u1 = 0, v1 = 0;
    bool visible = false;
};

struct Shelf {
    int y = 0;
    int height = 0;
    int used = 0;
};

// One shaped string: glyphs in visual order with pen positions relative to the string's origin.
struct PlacedGlyph {
    int slot = -1;            // index into Impl::slots
    unsigned imgui_char = 0;  // or, for an icon, the character whose ImFont glyph is drawn
    float x = 0.0f;
    float y = 0.0f;
};

struct ShapedLine {
    std::vector<PlacedGlyph> glyphs;
    std::vector<ShapedGlyphInfo> info;                        // parallel to glyphs (font file, glyph, cluster)
    std::vector<std::pair<unsigned, float>> cluster_advance;  // byte offset -> advance, logical order
    float width = 0.0f;
    int missing = 0;
};

struct Shaped {
    std::vector<ShapedLine> lines;  // one unless wrapped or holding line breaks
    float width = 0.0f;
    int missing = 0;
};

struct FontState {
    ImFont* font = nullptr;
    Weight weight = Weight::kRegular;
    int base_glyphs = 0;       // ImGui's own glyphs; ours come after
    float em_px = 0.0f;        // pixels per em of Inter at this font's size
    std::set<char32_t> tried;  // codepoints looked up since the last font arrived
};

}  // namespace

struct TextEngine::Impl {
    std::vector<std::unique_ptr<Face>> faces;  // Inter regular, Inter semibold, then script fonts
    int inter[2] = {-1, -1};                   // face index per weight
    std::vector<FontState> fonts;              // per ImFont
    std::map<std::string, int> face_by_file;
    std::set<std::string> pending, failed;

    int region_rect = -1;  // ImGui custom rect id
    int region_x = 0, region_y = 0;
    bool region_ready = false;
    std::vector<Shelf> shelves;
    std::vector<Slot> slots;
    std::unordered_map<std::uint64_t, int> slot_of;  // (font state, face, glyph) -> slots index
    bool region_full = false;
    int dirty_y0 = 1 << 30, dirty_y1 = -1;

    std::unordered_map<std::string, Shaped> shaped;  // key: font state index byte + wrap + text
    unsigned generation = 0;                         // moves on when a font arrives: what was shaped before may change
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);  // late answers to fetches check it

    FontState* state_of(const ImFont* font) {
        for (FontState& s : fonts)
            if (s.font == font) return &s;
        return nullptr;
    }
    int state_index(const FontState* s) const { return static_cast<int>(s - fonts.data()); }

    // The faces to try for `weight`, in order: Inter, then the script fonts that have arrived.
    std::vector<int> chain(Weight weight) const {
        std::vector<int> out;
        const int w = weight == Weight::kBold ? 1 : 0;
        if (inter[w] >= 0) out.push_back(inter[w]);
        for (const ScriptFont& sf : script_fonts()) {
            const char* file = weight == Weight::kBold ? sf.bold : sf.regular;
            auto it = face_by_file.find(file);
            if (it != face_by_file.end()) out.push_back(it->second);
        }
        return out;
    }

    float px_per_unit(const FontState& fs, int face) const { return fs.em_px / static_cast<float>(faces[face]->upem); }

    // ---- the atlas region ----

    // A place for a w x h bitmap in the region (1 pixel apart), or false when it is full.
    bool pack(int w, int h, int* x, int* y) {
        const int need_w = w + 1;
        const int need_h = h + 1;
        for (Shelf& shelf : shelves) {
            if (shelf.height >= need_h && shelf.height <= need_h + need_h / 2 + 2 &&
                shelf.used + need_w <= kRegionWidth) {
                *x = shelf.used;
                *y = shelf.y;
                shelf.used += need_w;
                return true;
            }
        }
        const int top = shelves.empty() ? 0 : shelves.back().y + shelves.back().height;
        if (top + need_h > kRegionHeight || need_w > kRegionWidth) return false;
        shelves.push_back({top, need_h, need_w});
        *x = 0;
        *y = top;
        return true;
    }

    // The slot of `glyph` of `face` at `fs`'s size, rasterised on first use; -1 when the region is full.
    int slot(FontState& fs, int face, unsigned glyph) {
        const std::uint64_t key =
            (static_cast<std::uint64_t>(state_index(&fs)) << 48) | (static_cast<std::uint64_t>(face) << 32) | glyph;
        if (auto it = slot_of.find(key); it != slot_of.end()) return it->second;
        if (!region_ready) return -1;
        Face& f = *faces[face];
        const float scale = px_per_unit(fs, face);
        int ix0 = 0, iy0 = 0, ix1 = 0, iy1 = 0;
        stbtt_GetGlyphBitmapBox(&f.info, static_cast<int>(glyph), scale, scale, &ix0, &iy0, &ix1, &iy1);
        Slot s;
        const int w = ix1 - ix0;
        const int h = iy1 - iy0;
        const float ascent = std::round(fs.font->Ascent);
        if (w > 0 && h > 0) {
            int px = 0, py = 0;
            if (!pack(w, h, &px, &py)) {
                region_full = true;
                return -1;
            }
            ImFontAtlas* atlas = fs.font->ContainerAtlas;
            unsigned char* rgba = nullptr;
            int tex_w = 0, tex_h = 0;
            atlas->GetTexDataAsRGBA32(&rgba, &tex_w, &tex_h);
            std::vector<unsigned char> alpha(static_cast<size_t>(w * h));
            stbtt_MakeGlyphBitmap(&f.info, alpha.data(), w, h, w, scale, scale, static_cast<int>(glyph));
            const int tx = region_x + px;
            const int ty = region_y + py;
            for (int row = 0; row < h; ++row) {
                unsigned char* out = rgba + (static_cast<size_t>(ty + row) * tex_w + tx) * 4;
                for (int col = 0; col < w; ++col) {
                    out[col * 4 + 0] = 255;
                    out[col * 4 + 1] = 255;
                    out[col * 4 + 2] = 255;
                    out[col * 4 + 3] = alpha[static_cast<size_t>(row * w + col)];
                }
            }
            if (atlas->TexPixelsAlpha8 != nullptr) {
                for (int row = 0; row < h; ++row)
                    std::memcpy(atlas->TexPixelsAlpha8 + static_cast<size_t>(ty + row) * tex_w + tx,
                                alpha.data() + static_cast<size_t>(row * w), static_cast<size_t>(w));
            }
            dirty_y0 = std::min(dirty_y0, ty);
            dirty_y1 = std::max(dirty_y1, ty + h);
            s.x0 = static_cast<float>(ix0);
            s.y0 = static_cast<float>(iy0) + ascent;
            s.x1 = static_cast<float>(ix1);
            s.y1 = static_cast<float>(iy1) + ascent;
            s.u0 = static_cast<float>(tx) / static_cast<float>(tex_w);
            s.v0 = static_cast<float>(ty) / static_cast<float>(tex_h);
            s.u1 = static_cast<float>(tx + w) / static_cast<float>(tex_w);
            s.v1 = static_cast<float>(ty + h) / static_cast<float>(tex_h);
            s.visible = true;
        }
        slots.push_back(s);
        const int index = static_cast<int>(slots.size()) - 1;
        slot_of.emplace(key, index);
        return index;
    }

    // Forgets every glyph the engine made: ImFonts back to ImGui's own glyphs, the region empty.
    void evict() {
        for (FontState& fs : fonts) {
            if (fs.font->Glyphs.Size > fs.base_glyphs) {
                fs.font->Glyphs.resize(fs.base_glyphs);
                fs.font->BuildLookupTable();
            }
            fs.tried.clear();
        }
        if (region_ready && !fonts.empty()) {
            ImFontAtlas* atlas = fonts.front().font->ContainerAtlas;
            unsigned char* rgba = nullptr;
            int tex_w = 0, tex_h = 0;
            atlas->GetTexDataAsRGBA32(&rgba, &tex_w, &tex_h);
            for (int row = 0; row < kRegionHeight; ++row) {
                std::memset(rgba + (static_cast<size_t>(region_y + row) * tex_w + region_x) * 4, 0,
                            static_cast<size_t>(kRegionWidth) * 4);
            }
            dirty_y0 = std::min(dirty_y0, region_y);
            dirty_y1 = std::max(dirty_y1, region_y + kRegionHeight);
        }
        shelves.clear();
        slots.clear();
        slot_of.clear();
        shaped.clear();
        region_full = false;
    }

    // ---- fonts on demand ----

    void request(TextEngine& engine, const ScriptFont* sf, Weight weight) {
        if (sf == nullptr || !engine.fetch_) return;
        const std::string file = weight == Weight::kBold ? sf->bold : sf->regular;
        if (face_by_file.count(file)) {
            // Here already and still short of a character: the script's second font, if it has one.
            if (sf->then != nullptr) request(engine, sf->then, weight);
            return;
        }
        if (pending.count(file) || failed.count(file)) return;
        pending.insert(file);
        TextEngine* self = &engine;
        std::weak_ptr<bool> still_here = alive;
        const bool asked = engine.fetch_(file, [self, still_here, file](std::vector<uint8_t> bytes, std::string error) {
            if (still_here.expired()) return;  // the engine went away meanwhile
            self->impl_->pending.erase(file);
            if (bytes.empty() || !self->add_font_file(file, std::move(bytes))) {
                std::fprintf(stderr, "grove: font %s not available: %s\n", file.c_str(),
                             error.empty() ? "not a font file" : error.c_str());
                self->impl_->failed.insert(file);
            }
        });
        if (!asked) pending.erase(file);
    }

    // ---- ordinary glyphs (no shaping) ----

    // Makes `c` an ImFont glyph of `fs` if some face has it; true if it now is one.
    bool add_simple_glyph(TextEngine& engine, FontState& fs, char32_t c, bool* added) {
        if (fs.tried.count(c)) return false;
        for (int attempt = 0; attempt < 2; ++attempt) {
            fs.tried.insert(c);
            for (int face : chain(fs.weight)) {
                const unsigned glyph = faces[face]->glyph_of(c);
                if (glyph == 0) continue;
                const int index = slot(fs, face, glyph);
                if (index < 0) return false;
                const Slot& s = slots[static_cast<size_t>(index)];
                const hb_position_t advance = hb_font_get_glyph_h_advance(faces[face]->font, glyph);
                const float adv = std::round(static_cast<float>(advance) * px_per_unit(fs, face));
                ImFont* font = fs.font;
                if (!font->Glyphs.empty() && font->Glyphs.back().Codepoint == '\t' &&
                    font->Glyphs.Size > fs.base_glyphs)
                    font->Glyphs.pop_back();  // BuildLookupTable adds the tab glyph at the end again
                font->AddGlyph(nullptr, static_cast<ImWchar>(c), s.x0, s.y0, s.x1, s.y1, s.u0, s.v0, s.u1, s.v1, adv);
                *added = true;
                return true;
            }
            const unsigned before = generation;
            request(engine, script_font_for(c), fs.weight);
            if (generation == before) return false;  // the font comes later (or never)
        }
        return false;
    }

    // ---- shaping ----

    struct Run {
        size_t begin = 0, end = 0;  // indices into the chars
        int face = -1;
        int level = 0;
        hb_script_t script = HB_SCRIPT_COMMON;
    };

    static constexpr int kIconFace = -2;  // a run of icons from ImGui's atlas

    ShapedLine shape_line(TextEngine& engine, FontState& fs, const std::vector<Char>& chars, size_t first, size_t last,
                          const char* text) {
        ShapedLine line;
        if (first >= last) return line;
        const size_t n = last - first;

        // Bidi levels (FriBiDi), only when something is right to left.
        std::vector<FriBidiLevel> levels(n, 0);
        bool rtl = false;
        for (size_t i = first; i < last && !rtl; ++i) {
            const FriBidiCharType t = fribidi_get_bidi_type(chars[i].cp);
            rtl = FRIBIDI_IS_RTL(t) || FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t);
        }
        if (rtl) {
            std::vector<FriBidiChar> cps(n);
            for (size_t i = 0; i < n; ++i) cps[i] = chars[first + i].cp;
            std::vector<FriBidiCharType> types(n);
            std::vector<FriBidiBracketType> brackets(n);
            fribidi_get_bidi_types(cps.data(), static_cast<FriBidiStrIndex>(n), types.data());
            fribidi_get_bracket_types(cps.data(), static_cast<FriBidiStrIndex>(n), types.data(), brackets.data());
            FriBidiParType base = FRIBIDI_PAR_ON;
            if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), static_cast<FriBidiStrIndex>(n),
                                                    &base, levels.data()) == 0) {
                std::fill(levels.begin(), levels.end(), 0);
            }
        }

        // Runs: the same level, face and script.
        const std::vector<int> faces_in_order = chain(fs.weight);
        hb_unicode_funcs_t* ufuncs = hb_unicode_funcs_get_default();
        std::vector<Run> runs;
        int previous_face = -1;
        hb_script_t run_script = HB_SCRIPT_COMMON;
        for (size_t i = first; i < last; ++i) {
            const char32_t c = chars[i].cp;
            const hb_script_t script = hb_unicode_script(ufuncs, c);
            const bool neutral = script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED;
            int face = -1;
            if (is_icon(c) && fs.font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr) {
                face = kIconFace;  // an icon next to a name ("محمد ×"): ImGui's own glyph
            } else if (previous_face >= 0 && (attaches_to_previous(c) || neutral) &&
                       faces[previous_face]->glyph_of(c) != 0) {
                face = previous_face;
            } else if (previous_face >= 0 && attaches_to_previous(c)) {
                face = previous_face;  // a mark its base's font lacks: shaped there (and counted missing)
            } else {
                for (int candidate : faces_in_order) {
                    if (faces[candidate]->glyph_of(c) != 0) {
                        face = candidate;
                        break;
                    }
                }
                if (face < 0) {
                    request(engine, script_font_for(c), fs.weight);
                    face = faces_in_order.empty() ? -1 : faces_in_order.front();
                }
            }
            const int level = levels[i - first];
            const bool script_change = !neutral && run_script != HB_SCRIPT_COMMON && script != run_script;
            if (runs.empty() || runs.back().face != face || runs.back().level != level || script_change) {
                runs.push_back({i, i + 1, face, level, neutral ? HB_SCRIPT_COMMON : script});
                run_script = neutral ? HB_SCRIPT_COMMON : script;
            } else {
                runs.back().end = i + 1;
                if (!neutral && run_script == HB_SCRIPT_COMMON) {
                    run_script = script;
                    runs.back().script = script;
                }
            }
            previous_face = face;
        }

        // Visual order of the runs (rule L2): reverse every stretch at each level from the highest
        // down to the lowest odd one.
        std::vector<size_t> order(runs.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        int max_level = 0;
        int min_odd = 1000;
        for (const Run& r : runs) {
            max_level = std::max(max_level, r.level);
            if (r.level % 2 == 1) min_odd = std::min(min_odd, r.level);
        }
        for (int level = max_level; level >= min_odd && level > 0; --level) {
            size_t i = 0;
            while (i < order.size()) {
                if (runs[order[i]].level >= level) {
                    size_t j = i;
                    while (j < order.size() && runs[order[j]].level >= level) ++j;
                    std::reverse(order.begin() + static_cast<long>(i), order.begin() + static_cast<long>(j));
                    i = j;
                } else {
                    ++i;
                }
            }
        }

        // Shape each run and lay the glyphs out left to right.
        hb_buffer_t* buffer = hb_buffer_create();
        float pen = 0.0f;
        std::map<unsigned, float> advance_by_cluster;
        for (size_t r : order) {
            const Run& run = runs[r];
            hb_buffer_clear_contents(buffer);
            for (size_t i = run.begin; i < run.end; ++i) hb_buffer_add(buffer, chars[i].cp, chars[i].offset);
            hb_buffer_set_content_type(buffer, HB_BUFFER_CONTENT_TYPE_UNICODE);
            hb_buffer_set_direction(buffer, run.level % 2 == 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
            hb_buffer_set_script(buffer, run.script);
            hb_buffer_guess_segment_properties(buffer);
            if (run.face == kIconFace) {
                for (size_t i = run.begin; i < run.end; ++i) {
                    const ImFontGlyph* glyph = fs.font->FindGlyphNoFallback(static_cast<ImWchar>(chars[i].cp));
                    PlacedGlyph placed;
                    placed.imgui_char = chars[i].cp;
                    placed.x = std::round(pen);
                    line.glyphs.push_back(placed);
                    const float advance = glyph != nullptr ? glyph->AdvanceX : 0.0f;
                    line.info.push_back({"icons", chars[i].cp, chars[i].offset, placed.x, advance});
                    advance_by_cluster[chars[i].offset] += advance;
                    pen += advance;
                }
                continue;
            }
            if (run.face < 0) {
                // Nothing at all to draw with (no Inter): each character is missing.
                line.missing += static_cast<int>(run.end - run.begin);
                continue;
            }
            Face& face = *faces[run.face];
            hb_shape(face.font, buffer, nullptr, 0);
            unsigned count = 0;
            const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
            const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
            const float k = px_per_unit(fs, run.face);
            for (unsigned g = 0; g < count; ++g) {
                const unsigned glyph = infos[g].codepoint;
                if (glyph == 0) ++line.missing;
                PlacedGlyph placed;
                placed.slot = slot(fs, run.face, glyph);
                // No room left in the atlas region this frame (it starts over at the next): not drawn,
                // so counted with the missing.
                if (placed.slot < 0 && glyph != 0) ++line.missing;
                placed.x = std::round(pen + static_cast<float>(positions[g].x_offset) * k);
                placed.y = std::round(-static_cast<float>(positions[g].y_offset) * k);
                line.glyphs.push_back(placed);
                const float advance = static_cast<float>(positions[g].x_advance) * k;
                line.info.push_back(
                    {glyph == 0 ? std::string() : face.file, glyph, infos[g].cluster, placed.x, advance});
                advance_by_cluster[infos[g].cluster] += advance;
                pen += advance;
            }
        }
        hb_buffer_destroy(buffer);
        line.width = std::ceil(pen);
        line.cluster_advance.assign(advance_by_cluster.begin(), advance_by_cluster.end());
        (void)text;
        return line;
    }

    // Lines of `chars`: at line breaks, and at spaces where the next word would pass `wrap_width`.
    std::vector<std::pair<size_t, size_t>> split_lines(TextEngine& engine, FontState& fs,
                                                       const std::vector<Char>& chars, float wrap_width,
                                                       const char* text) {
        std::vector<std::pair<size_t, size_t>> hard;
        size_t start = 0;
        for (size_t i = 0; i < chars.size(); ++i) {
            if (chars[i].cp == '\n') {
                hard.push_back({start, i});
                start = i + 1;
            }
        }
        hard.push_back({start, chars.size()});
        if (wrap_width <= 0.0f) return hard;
        std::vector<std::pair<size_t, size_t>> out;
        for (auto [a, b] : hard) {
            size_t line_start = a;
            while (line_start < b) {
                // The longest run of whole words from line_start that fits.
                size_t best = 0;
                for (size_t i = line_start + 1; i <= b; ++i) {
                    if (i != b && chars[i].cp != ' ') continue;
                    const ShapedLine candidate = shape_line(engine, fs, chars, line_start, i, text);
                    if (candidate.width > wrap_width && best != 0) break;
                    best = i;
                    if (candidate.width > wrap_width) break;  // a single word wider than the line
                }
                if (best == 0) best = b;
                out.push_back({line_start, best});
                line_start = best;
                while (line_start < b && chars[line_start].cp == ' ') ++line_start;
            }
            if (a == b) out.push_back({a, b});
        }
        return out;
    }

    const Shaped& shape(TextEngine& engine, FontState& fs, const char* begin, const char* end, float wrap_width) {
        std::string key;
        key.reserve(static_cast<size_t>(end - begin) + 8);
        key.push_back(static_cast<char>(state_index(&fs)));
        const int wrap = wrap_width > 0.0f ? static_cast<int>(wrap_width) : 0;
        key.append(reinterpret_cast<const char*>(&wrap), sizeof wrap);
        key.append(begin, end);
        if (auto it = shaped.find(key); it != shaped.end()) return it->second;
        if (shaped.size() >= kMaxShaped) shaped.clear();
        const std::vector<Char> chars = decode(begin, end);
        Shaped result;
        for (int attempt = 0; attempt < 2; ++attempt) {
            // A font that arrives while shaping (the desktop reads it at once) means shaping again.
            const unsigned before = generation;
            result = Shaped{};
            for (auto [a, b] : split_lines(engine, fs, chars, wrap_width, begin)) {
                result.lines.push_back(shape_line(engine, fs, chars, a, b, begin));
                result.width = std::max(result.width, result.lines.back().width);
                result.missing += result.lines.back().missing;
            }
            if (generation == before) break;
        }
        return shaped.emplace(std::move(key), std::move(result)).first->second;
    }
};

TextEngine::TextEngine() : impl_(std::make_unique<Impl>()) {
    // Buckets for every string the cache may hold: growing rehashes thousands of entries in one frame
    // (2 ms at 10,000 while scrolling a list of names).
    impl_->shaped.reserve(kMaxShaped);
}

TextEngine::~TextEngine() {
    if (g_engine == this) g_engine = nullptr;
}

void TextEngine::reserve_atlas_region() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->TexDesiredWidth = kAtlasWidth;
    impl_->region_rect = atlas->AddCustomRectRegular(kRegionWidth, kRegionHeight);
    impl_->region_ready = false;
}

void TextEngine::attach(const std::vector<std::pair<ImFont*, Weight>>& fonts, const std::string& fonts_dir) {
    Impl& m = *impl_;
    m.fonts.clear();
    m.shelves.clear();
    m.slots.clear();
    m.slot_of.clear();
    m.shaped.clear();
    m.region_full = false;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    m.region_ready = false;
    if (m.region_rect >= 0) {
        if (const ImFontAtlasCustomRect* rect = atlas->GetCustomRectByIndex(m.region_rect);
            rect != nullptr && rect->IsPacked()) {
            m.region_x = rect->X;
            m.region_y = rect->Y;
            m.region_ready = true;
            unsigned char* rgba = nullptr;
            int w = 0, h = 0;
            atlas->GetTexDataAsRGBA32(&rgba, &w, &h);  // the engine writes RGBA from now on
        }
    }
    const char* inter_files[2] = {"Inter-Regular.otf", "Inter-SemiBold.otf"};
    for (int w = 0; w < 2; ++w) {
        if (m.inter[w] >= 0) continue;
        auto face = std::make_unique<Face>();
        if (face->open(inter_files[w], read_file(fonts_dir + "/" + inter_files[w]))) {
            m.inter[w] = static_cast<int>(m.faces.size());
            m.face_by_file[inter_files[w]] = m.inter[w];
            m.faces.push_back(std::move(face));
        }
    }
    for (const auto& [font, weight] : fonts) {
        if (font == nullptr || m.state_of(font) != nullptr) continue;
        FontState fs;
        fs.font = font;
        fs.weight = weight;
        fs.base_glyphs = font->Glyphs.Size;
        const int inter = m.inter[weight == Weight::kBold ? 1 : 0];
        if (inter >= 0) {
            const float scale = stbtt_ScaleForPixelHeight(&m.faces[inter]->info, font->FontSize);
            fs.em_px = scale * static_cast<float>(m.faces[inter]->upem);
        } else {
            fs.em_px = font->FontSize;
        }
        m.fonts.push_back(std::move(fs));
    }
    if (m.region_ready) {
        m.dirty_y0 = m.region_y;
        m.dirty_y1 = m.region_y + kRegionHeight;
    }
}

bool TextEngine::add_font_file(const std::string& file_name, std::vector<uint8_t> bytes) {
    Impl& m = *impl_;
    if (m.face_by_file.count(file_name)) return true;
    auto face = std::make_unique<Face>();
    if (!face->open(file_name, std::move(bytes))) return false;
    m.face_by_file[file_name] = static_cast<int>(m.faces.size());
    m.faces.push_back(std::move(face));
    m.failed.erase(file_name);
    ++m.generation;
    // What was drawn without this font is tried again.
    for (FontState& fs : m.fonts) fs.tried.clear();
    m.shaped.clear();
    return true;
}

bool TextEngine::draw(ImDrawList* list, const ImFont* font, float size, const ImVec2& pos, std::uint32_t colour,
                      const char* begin, const char* end, float wrap_width, const ImVec4* clip, int* missing) {
    *missing = 0;
    Impl& m = *impl_;
    if (begin == nullptr) return false;
    if (end == nullptr) end = begin + std::strlen(begin);
    if (font == nullptr) font = list->_Data->Font;
    if (size <= 0.0f) size = list->_Data->FontSize;
    FontState* fs = m.state_of(font);
    if (fs == nullptr || begin == end) return false;

    // The text of the field being edited is drawn as it is stored, one glyph per character in
    // logical order, so that the caret and the selection (which ImGui places by each character's
    // advance) sit where the characters are. Away from the field, the same text is shaped.
    const ImGuiInputTextState& edited = GImGui->InputTextState;
    const bool editing =
        edited.TextA.Data != nullptr && begin >= edited.TextA.Data && begin < edited.TextA.Data + edited.TextA.Size;

    // The common case first: every character is one of the font's glyphs (or can become one).
    bool complex = false;
    bool added = false;
    for (const unsigned char* p = reinterpret_cast<const unsigned char*>(begin);
         p < reinterpret_cast<const unsigned char*>(end);) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, reinterpret_cast<const char*>(p), end);
        if (editing && c == IM_UNICODE_CODEPOINT_INVALID) {  // beyond what ImGui's 16-bit glyphs hold
            ++*missing;
            continue;
        }
        if (!editing && (needs_shaping(c) || c == IM_UNICODE_CODEPOINT_INVALID)) {
            complex = true;
            break;
        }
        if (c > 0xFFFF || fs->font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
            if (c <= 0xFFFF && m.add_simple_glyph(*this, *fs, c, &added)) continue;
            ++*missing;
        }
    }
    if (added) fs->font->BuildLookupTable();
    if (!complex) return false;
    *missing = 0;

    const Shaped& shaped = m.shape(*this, *fs, begin, end, wrap_width);
    *missing = shaped.missing;
    if ((colour & IM_COL32_A_MASK) == 0) return true;
    const float scale = size / fs->font->FontSize;
    const float line_height = size;
    ImVec4 clip_rect = clip != nullptr ? *clip : list->_CmdHeader.ClipRect;
    const float x = std::floor(pos.x);
    float y = std::floor(pos.y);
    for (const ShapedLine& line : shaped.lines) {
        if (y > clip_rect.w) break;
        if (y + line_height >= clip_rect.y) {
            for (const PlacedGlyph& g : line.glyphs) {
                Slot s;
                if (g.imgui_char != 0) {
                    const ImFontGlyph* glyph = fs->font->FindGlyphNoFallback(static_cast<ImWchar>(g.imgui_char));
                    if (glyph == nullptr) continue;
                    s = {glyph->X0, glyph->Y0, glyph->X1, glyph->Y1,          glyph->U0,
                         glyph->V0, glyph->U1, glyph->V1, glyph->Visible != 0};
                } else if (g.slot >= 0) {
                    s = m.slots[static_cast<size_t>(g.slot)];
                } else {
                    continue;
                }
                if (!s.visible) continue;
                float x0 = x + (g.x + s.x0) * scale, y0 = y + (g.y + s.y0) * scale;
                float x1 = x + (g.x + s.x1) * scale, y1 = y + (g.y + s.y1) * scale;
                float u0 = s.u0, v0 = s.v0, u1 = s.u1, v1 = s.v1;
                if (x0 >= clip_rect.z || x1 <= clip_rect.x || y0 >= clip_rect.w || y1 <= clip_rect.y) continue;
                // Cut at the clip rectangle as ImFont::RenderText does with cpu_fine_clip.
                if (x0 < clip_rect.x) {
                    u0 += (1.0f - (x1 - clip_rect.x) / (x1 - x0)) * (u1 - u0);
                    x0 = clip_rect.x;
                }
                if (y0 < clip_rect.y) {
                    v0 += (1.0f - (y1 - clip_rect.y) / (y1 - y0)) * (v1 - v0);
                    y0 = clip_rect.y;
                }
                if (x1 > clip_rect.z) {
                    u1 = u0 + ((clip_rect.z - x0) / (x1 - x0)) * (u1 - u0);
                    x1 = clip_rect.z;
                }
                if (y1 > clip_rect.w) {
                    v1 = v0 + ((clip_rect.w - y0) / (y1 - y0)) * (v1 - v0);
                    y1 = clip_rect.w;
                }
                list->PrimReserve(6, 4);
                list->PrimRectUV(ImVec2(x0, y0), ImVec2(x1, y1), ImVec2(u0, v0), ImVec2(u1, v1), colour);
            }
        }
        y += line_height;
    }
    return true;
}

bool TextEngine::measure(const ImFont* font, float size, float max_width, float wrap_width, const char* begin,
                         const char* end, const char** remaining, ImVec2* out) {
    Impl& m = *impl_;
    if (begin == nullptr || font == nullptr) return false;
    if (end == nullptr) end = begin + std::strlen(begin);
    FontState* fs = m.state_of(font);
    if (fs == nullptr) return false;
    bool complex = false;
    bool added = false;
    for (const unsigned char* p = reinterpret_cast<const unsigned char*>(begin);
         p < reinterpret_cast<const unsigned char*>(end);) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, reinterpret_cast<const char*>(p), end);
        if (needs_shaping(c) || c == 0xFFFD) {
            complex = true;
            break;
        }
        if (fs->font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr)
            m.add_simple_glyph(*this, *fs, c, &added);
    }
    if (added) fs->font->BuildLookupTable();
    if (!complex) return false;

    const float scale = size / fs->font->FontSize;
    const Shaped& shaped = m.shape(*this, *fs, begin, end, wrap_width);
    if (max_width < FLT_MAX && wrap_width <= 0.0f && shaped.lines.size() == 1 && shaped.width * scale > max_width) {
        // The longest beginning that fits, cut between grapheme clusters (used for ellipses).
        const ShapedLine& line = shaped.lines.front();
        const std::vector<size_t> bounds =
            grapheme_boundaries(std::string_view(begin, static_cast<size_t>(end - begin)));
        float width = 0.0f;
        size_t cut = 0;
        size_t cluster = 0;
        for (size_t b = 1; b < bounds.size(); ++b) {
            float piece = 0.0f;
            while (cluster < line.cluster_advance.size() && line.cluster_advance[cluster].first < bounds[b]) {
                piece += line.cluster_advance[cluster].second;
                ++cluster;
            }
            if ((width + piece) * scale > max_width) break;
            width += piece;
            cut = bounds[b];
        }
        if (remaining != nullptr) *remaining = begin + cut;
        *out = ImVec2(width * scale, size);
        return true;
    }
    if (remaining != nullptr) *remaining = end;
    *out = ImVec2(shaped.width * scale, size * static_cast<float>(std::max<size_t>(1, shaped.lines.size())));
    return true;
}

bool TextEngine::take_dirty_rows(int* y0, int* y1) {
    Impl& m = *impl_;
    if (m.dirty_y1 < 0) return false;
    *y0 = m.dirty_y0;
    *y1 = m.dirty_y1;
    m.dirty_y0 = 1 << 30;
    m.dirty_y1 = -1;
    return true;
}

void TextEngine::new_frame() {
    if (impl_->region_full) impl_->evict();
}

std::vector<ShapedGlyphInfo> TextEngine::shape_for_test(const ImFont* font, std::string_view text) {
    Impl& m = *impl_;
    FontState* fs = m.state_of(font);
    if (fs == nullptr) return {};
    const std::vector<Char> chars = decode(text.data(), text.data() + text.size());
    return m.shape_line(*this, *fs, chars, 0, chars.size(), text.data()).info;
}

std::vector<std::string> TextEngine::pending_fonts() const { return {impl_->pending.begin(), impl_->pending.end()}; }
std::vector<std::string> TextEngine::failed_fonts() const { return {impl_->failed.begin(), impl_->failed.end()}; }

TextEngine* active_engine() { return g_engine; }
void set_active_engine(TextEngine* engine) { g_engine = engine; }

std::vector<size_t> grapheme_boundaries(std::string_view text) {
    std::vector<size_t> out{0};
    const std::vector<Char> chars = decode(text.data(), text.data() + text.size());
    utf8proc_int32_t state = 0;
    for (size_t i = 1; i < chars.size(); ++i) {
        if (utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(chars[i - 1].cp),
                                             static_cast<utf8proc_int32_t>(chars[i].cp), &state)) {
            out.push_back(chars[i].offset);
        }
    }
    if (!text.empty()) out.push_back(text.size());
    return out;
}

}  // namespace grove::ui::text
