// Loads Inter and the icon glyphs into ImGui's atlas at the screen's pixel ratio, so text is crisp.
#include "shell/fonts.h"

#include <cstdio>
#include <filesystem>

#include "imgui.h"
#include "shell/icons.h"
#include "shell/text/text_engine.h"

namespace grove::ui {
namespace {

// What Inter draws itself: Latin with every accent (names like "Zoë Ødegård", F36, and Vietnamese
// "Nguyễn Thị Ánh"), Greek and Cyrillic, general punctuation ("…", "–", "“”"), the euro sign,
// arrows. Other scripts come from shell/text/ on demand.
const ImWchar kTextRanges[] = {
    0x0020, 0x024F,  // Basic Latin, Latin-1 Supplement, Latin Extended-A and -B
    0x0250, 0x02FF,  // IPA Extensions, Spacing Modifier Letters ("ʻOkina")
    0x0370, 0x03FF,  // Greek and Coptic
    0x0400, 0x052F,  // Cyrillic, Cyrillic Supplement
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
    0x1F00, 0x1FFF,  // Greek Extended
    0x2000, 0x206F,  // General Punctuation
    0x20AC, 0x20AC,  // €
    0x2190, 0x21FF,  // Arrows
    0,
};

const ImWchar* icon_ranges() {
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder builder;
        for (const char* icon : icons::kAll) builder.AddText(icon);
        builder.BuildRanges(&ranges);
    }
    return ranges.Data;
}

ImFont* add_font(const std::filesystem::path& text_file, const std::filesystem::path& icon_file, float size_px) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontConfig text;
    text.OversampleH = 2;
    text.OversampleV = 1;
    ImFont* font = io.Fonts->AddFontFromFileTTF(text_file.string().c_str(), size_px, &text, kTextRanges);
    if (font == nullptr) return nullptr;

    ImFontConfig icon;
    icon.MergeMode = true;
    icon.OversampleH = 2;
    icon.OversampleV = 1;
    icon.PixelSnapH = true;
    icon.GlyphMinAdvanceX = size_px * 1.25f;  // icons share one width so labels next to them line up
    icon.GlyphOffset = ImVec2(0.0f, size_px * 0.02f);
    io.Fonts->AddFontFromFileTTF(icon_file.string().c_str(), size_px * 0.95f, &icon, icon_ranges());
    return font;
}

}  // namespace

Fonts load_fonts(const std::string& dir, float scale, text::TextEngine* engine) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();

    const std::filesystem::path base(dir);
    const auto regular = base / "Inter-Regular.otf";
    const auto semibold = base / "Inter-SemiBold.otf";
    const auto icons = base / "fontawesome-webfont.ttf";

    Fonts fonts;
    fonts.scale = scale;
    std::error_code ec;
    if (std::filesystem::exists(regular, ec) && std::filesystem::exists(semibold, ec) &&
        std::filesystem::exists(icons, ec)) {
        fonts.regular = add_font(regular, icons, kTextSize * scale);
        fonts.bold = add_font(semibold, icons, kTextSize * scale);
        fonts.heading = add_font(semibold, icons, kHeadingSize * scale);
    }
    fonts.from_files = fonts.regular != nullptr && fonts.bold != nullptr && fonts.heading != nullptr;
    if (!fonts.from_files) {
        std::fprintf(stderr, "grove: fonts not found in %s; using ImGui's built-in font\n", dir.c_str());
        io.Fonts->Clear();
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        fonts.regular = fonts.bold = fonts.heading = io.Fonts->AddFontDefault(&config);
    }
    io.FontDefault = fonts.regular;
    if (engine != nullptr && fonts.from_files) engine->reserve_atlas_region();
    io.Fonts->Build();
    if (engine != nullptr && fonts.from_files) {
        engine->attach({{fonts.regular, text::Weight::kRegular},
                        {fonts.bold, text::Weight::kBold},
                        {fonts.heading, text::Weight::kBold}},
                       dir);
    }
    return fonts;
}

}  // namespace grove::ui
