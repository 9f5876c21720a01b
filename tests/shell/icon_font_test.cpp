// The icon font the build ships (cmake/subset_icon_font.cmake): Font Awesome cut down by pyftsubset to
// the icons of shell/icons.h. Every icon listed there has its glyph in the file and in the app's atlas,
// and the file holds no other character, so a new icon cannot be left out of the subset unnoticed.
#include <cstdint>
#include <cstdio>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "shell/icons.h"
#include "shell_fixture.h"
#include "ui_driver.h"

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>

namespace grove::ui::testing {
namespace {

// The one character of an icon's UTF-8 string.
unsigned codepoint_of(const char* utf8) {
    unsigned c = 0;
    const int bytes = ImTextCharFromUtf8(&c, utf8, nullptr);
    REQUIRE_MESSAGE(utf8[bytes] == '\0', "an icon is one character: ", utf8);
    return c;
}

std::set<unsigned> icon_codepoints() {
    std::set<unsigned> out;
    for (const char* icon : icons::kAll) out.insert(codepoint_of(icon));
    return out;
}

std::string hex(unsigned c) {
    char out[16];
    std::snprintf(out, sizeof out, "U+%04X", c);
    return out;
}

std::vector<unsigned char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the icon font holds exactly the icons shell/icons.h lists") {
    const std::string path = std::string(GROVE_TEST_FONTS_DIR) + "/fontawesome-webfont.ttf";
    const std::vector<unsigned char> bytes = read_file(path);
    REQUIRE_MESSAGE(!bytes.empty(), path, " is missing");
    stbtt_fontinfo font{};
    REQUIRE(stbtt_InitFont(&font, bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0)) != 0);

    const std::set<unsigned> wanted = icon_codepoints();
    CHECK(wanted.size() == std::size(icons::kAll));  // no icon listed twice under two names
    for (const unsigned c : wanted) {
        INFO(hex(c));
        CHECK_MESSAGE(stbtt_FindGlyphIndex(&font, static_cast<int>(c)) != 0,
                      "an icon of shell/icons.h is missing from the subset font");
    }
    // Nothing else: the whole Font Awesome file (786 icons) would make the first visit 85 KB heavier.
    std::vector<unsigned> extra;
    for (unsigned c = 0; c <= 0x10FFFF; ++c) {
        if (stbtt_FindGlyphIndex(&font, static_cast<int>(c)) != 0 && wanted.count(c) == 0) extra.push_back(c);
    }
    CHECK_MESSAGE(extra.empty(), extra.size(), " characters beyond the icons, the first ",
                  hex(extra.empty() ? 0u : extra.front()));
    CHECK(bytes.size() < 20'000);
}

TEST_CASE("every icon is in the app's font atlas, in each of its three fonts") {
    ShellFixture app;
    UiDriver ui(app.state);
    app.attach(Screen::Groups);
    ui.frame();
    REQUIRE(app.state.fonts.from_files);
    for (ImFont* font : {app.state.fonts.regular, app.state.fonts.bold, app.state.fonts.heading}) {
        for (const char* icon : icons::kAll) {
            const unsigned c = codepoint_of(icon);
            INFO(hex(c));
            CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
        }
    }
}

}  // namespace grove::ui::testing
