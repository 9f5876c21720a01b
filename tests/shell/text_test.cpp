// The text engine (shell/text/): names in every script shaped, ordered and drawn with a glyph each.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "shell/icons.h"
#include "shell/text/script_fonts.h"
#include "shell/text/text_engine.h"
#include "shell_fixture.h"
#include "ui_driver.h"

namespace grove::ui::testing {
namespace {

using text::ShapedGlyphInfo;

// The clusters (byte offsets of the characters drawn) in visual order.
std::vector<unsigned> clusters_of(const std::vector<ShapedGlyphInfo>& glyphs) {
    std::vector<unsigned> out;
    for (const auto& g : glyphs) out.push_back(g.cluster);
    return out;
}

struct TextWorld {
    ShellFixture app;
    UiDriver ui{app.state};
    TextWorld() { app.attach(Screen::People); }
    text::TextEngine& engine() { return *app.state.text; }
    ImFont* regular() { return app.state.fonts.regular; }

    // Shapes `s` after every font it needs has arrived (the fake platform hands them over at once).
    std::vector<ShapedGlyphInfo> shape(const std::string& s) {
        (void)engine().shape_for_test(regular(), s);  // asks for the fonts
        return engine().shape_for_test(regular(), s);
    }
};

}  // namespace

TEST_CASE("every script of the issue is shaped with a glyph for each character, from the right font") {
    TextWorld w;
    struct Case {
        const char* text;
        const char* font;  // the font of every glyph that is not a space
    };
    const Case cases[] = {
        {"Νίκος Παπαδόπουλος", "Inter-Regular.otf"},
        {"Дмитрий Иванов", "Inter-Regular.otf"},
        {"Nguyễn Thị Ánh", "Inter-Regular.otf"},
        {"Արամ Պետրոսյան", "NotoSansArmenian-Regular.ttf"},
        {"ნინო ბერიძე", "NotoSansGeorgian-Regular.ttf"},
        {"שרה כהן", "NotoSansHebrew-Regular.ttf"},
        {"محمد العلي", "NotoSansArabic-Regular.ttf"},
        {"प्रिया शर्मा", "NotoSansDevanagari-Regular.ttf"},
        {"สมชาย ใจดี", "NotoSansThai-Regular.ttf"},
        {"田中 太郎", "DroidSansFallback.ttf"},
        {"李伟 张", "DroidSansFallback.ttf"},
        {"たなか タロウ", "DroidSansFallback.ttf"},
        {"김 민준", "DroidSansFallback.ttf"},
    };
    for (const Case& c : cases) {
        const std::string s = c.text;
        const auto glyphs = w.shape(s);
        CAPTURE(s);
        REQUIRE_FALSE(glyphs.empty());
        for (const auto& g : glyphs) {
            CHECK(g.glyph != 0);  // never .notdef
            const bool space = s[g.cluster] == ' ';
            if (!space) CHECK(g.font == c.font);
        }
    }
}

TEST_CASE("Arabic is joined and drawn right to left") {
    TextWorld w;
    // محمد: four letters; joined, each takes its initial/medial/final form, so no glyph is the
    // isolated form the letter has on its own.
    const std::string word = "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf";  // م ح م د
    const auto joined = w.shape(word);
    REQUIRE(joined.size() == 4);
    // Visual order is right to left: the first letter (byte 0) is drawn last (rightmost).
    CHECK(clusters_of(joined) == std::vector<unsigned>{6, 4, 2, 0});
    for (size_t i = 0; i < 4; ++i) {
        const std::string letter = word.substr(joined[i].cluster, 2);
        const auto alone = w.shape(letter);
        REQUIRE(alone.size() == 1);
        CAPTURE(i);
        if (joined[i].cluster != 6) CHECK(alone[0].glyph != joined[i].glyph);  // د joins only to its right...
    }
    // Glyphs go left to right on the screen.
    for (size_t i = 1; i < joined.size(); ++i) CHECK(joined[i].x > joined[i - 1].x);
}

TEST_CASE("a Latin email inside Arabic keeps its own order, and the Arabic reads right to left around it") {
    TextWorld w;
    const std::string s = "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf mo@w.org 12";  // محمد mo@w.org 12
    const auto glyphs = w.shape(s);
    // Paragraph direction comes from the first strong letter (Arabic): the Latin run and the number
    // sit to the left of the name, each in its own left-to-right order.
    const auto clusters = clusters_of(glyphs);
    REQUIRE(clusters.size() >= 4);
    // The Arabic letters are the rightmost four glyphs, in reverse.
    const std::vector<unsigned> tail(clusters.end() - 4, clusters.end());
    CHECK(tail == std::vector<unsigned>{6, 4, 2, 0});
    // "mo@w.org 12" is one left-to-right stretch (the number follows the Latin), in its own order.
    std::string latin;
    for (const auto& g : glyphs)
        if (g.font == "Inter-Regular.otf" && s[g.cluster] != ' ') latin += s[g.cluster];
    CHECK(latin.find("mo@w.org") != std::string::npos);
    CHECK(latin.find("12") != std::string::npos);
    CHECK(latin.find("mo@w.org") < latin.find("12"));
}

TEST_CASE("Devanagari forms conjuncts and Thai places its marks") {
    TextWorld w;
    // प्रिया: प + ् + र forms a conjunct, so there are fewer glyphs than characters (6 codepoints).
    const std::string priya = "\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe";
    const auto glyphs = w.shape(priya);
    CHECK(glyphs.size() < 6);
    // The vowel sign ि (after र in memory) is drawn before the conjunct: the first glyph drawn is not
    // the first character's cluster alone.
    CHECK(glyphs.front().cluster != glyphs.back().cluster);
    for (const auto& g : glyphs) CHECK(g.glyph != 0);

    // ใจดี: the vowel ี sits above ด: a mark with no advance of its own (it is placed over ด).
    const std::string jaidee = "\xe0\xb9\x83\xe0\xb8\x88\xe0\xb8\x94\xe0\xb8\xb5";
    const auto thai = w.shape(jaidee);
    REQUIRE(thai.size() == 4);
    CHECK(thai[3].advance == 0.0f);  // the mark sits on (not after) its base
}

TEST_CASE("a combining accent stacks on its letter instead of standing alone") {
    TextWorld w;
    const std::string decomposed = "Nguye\xcc\x82\xcc\x83n";  // e + ◌̂ + ◌̃ (NFD Vietnamese ễ)
    const auto glyphs = w.shape(decomposed);
    for (const auto& g : glyphs) CHECK(g.glyph != 0);
    // e and its two marks share (nearly) one position: the word is not wider than with ễ precomposed.
    ImVec2 nfd = w.regular()->CalcTextSizeA(w.regular()->FontSize, FLT_MAX, 0.0f, decomposed.c_str());
    ImVec2 nfc = w.regular()->CalcTextSizeA(w.regular()->FontSize, FLT_MAX, 0.0f, "Nguy\xe1\xbb\x85n");
    CHECK(nfd.x <= nfc.x + 2.0f);
}

TEST_CASE("cuts fall between whole characters, never inside a letter with its marks or a UTF-8 sequence") {
    const std::string s = "Nguye\xcc\x82\xcc\x83n \xed\x95\x9c";  // NFD ễ, then 한
    const auto bounds = text::grapheme_boundaries(s);
    // e + two marks is one cut-free stretch: no boundary at the marks' bytes (6 and 8).
    for (size_t b : bounds) {
        CHECK(b != 6);
        CHECK(b != 8);
    }
    CHECK(bounds.front() == 0);
    CHECK(bounds.back() == s.size());
    // Never inside a multibyte sequence.
    for (size_t b : bounds)
        if (b < s.size()) CHECK((static_cast<unsigned char>(s[b]) & 0xC0) != 0x80);
}

TEST_CASE("an ellipsis cut of shaped text keeps whole characters") {
    TextWorld w;
    const std::string s = "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xa7\xd9\x84\xd8\xb9\xd9\x84\xd9\x8a";  // محمد العلي
    ImFont* font = w.regular();
    const ImVec2 whole = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.c_str(), s.c_str() + s.size());
    const char* remaining = nullptr;
    const ImVec2 part =
        font->CalcTextSizeA(font->FontSize, whole.x * 0.5f, 0.0f, s.c_str(), s.c_str() + s.size(), &remaining);
    REQUIRE(remaining != nullptr);
    CHECK(part.x <= whole.x * 0.5f);
    CHECK(remaining > s.c_str());
    CHECK(remaining < s.c_str() + s.size());
    CHECK((static_cast<unsigned char>(*remaining) & 0xC0) != 0x80);  // at a character boundary
}

TEST_CASE("characters wait for their font, counted as missing, and draw once it arrives") {
    ShellFixture app;
    app.platform.hold_fonts(true);
    app.person("kim@w.org", "\xeb\xaf\xbc\xec\xa4\x80", "\xea\xb9\x80");  // 민준 김
    app.person("mo@w.org", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "Ali");    // محمد Ali
    app.attach(Screen::People);
    UiDriver ui(app.state);
    ui.frame(2);
    CHECK(ui.snapshot().missing_glyphs > 0);
    // Asked for exactly the fonts the names need, once each.
    auto fetched = app.platform.fetched_fonts();
    std::sort(fetched.begin(), fetched.end());
    CHECK(fetched == std::vector<std::string>{"DroidSansFallback.ttf", "NotoSansArabic-Regular.ttf"});
    CHECK(app.platform.release_fonts() == 2);
    ui.frame(2);
    CHECK(ui.snapshot().missing_glyphs == 0);
    CHECK(ui.has_text("\xeb\xaf\xbc\xec\xa4\x80 \xea\xb9\x80"));
}

TEST_CASE(
    "the People screen shows names in every script with no missing glyph, and search finds one typed in its script") {
    ShellFixture app;
    const char* names[][2] = {
        {"\xce\x9d\xce\xaf\xce\xba\xce\xbf\xcf\x82",
         "\xce\xa0\xce\xb1\xcf\x80\xce\xb1\xce\xb4\xcf\x8c\xcf\x80\xce\xbf\xcf\x85\xce\xbb\xce\xbf\xcf\x82"},
        {"\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9",
         "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2"},
        {"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "\xd8\xa7\xd9\x84\xd8\xb9\xd9\x84\xd9\x8a"},
        {"\xe5\xa4\xaa\xe9\x83\x8e", "\xe7\x94\xb0\xe4\xb8\xad"},
        {"\xeb\xaf\xbc\xec\xa4\x80", "\xea\xb9\x80"},
        {"\xd7\xa9\xd7\xa8\xd7\x94", "\xd7\x9b\xd7\x94\xd7\x9f"},
        {"\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe",
         "\xe0\xa4\xb6\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\xae\xe0\xa4\xbe"},
        {"\xe0\xb8\xaa\xe0\xb8\xa1\xe0\xb8\x8a\xe0\xb8\xb2\xe0\xb8\xa2",
         "\xe0\xb9\x83\xe0\xb8\x88\xe0\xb8\x94\xe0\xb8\xb5"},
        {"\xd4\xb1\xd6\x80\xd5\xa1\xd5\xb4",
         "\xd5\x8a\xd5\xa5\xd5\xbf\xd6\x80\xd5\xb8\xd5\xbd\xd5\xb5\xd5\xa1\xd5\xb6"},
        {"\xe1\x83\x9c\xe1\x83\x98\xe1\x83\x9c\xe1\x83\x9d",
         "\xe1\x83\x91\xe1\x83\x94\xe1\x83\xa0\xe1\x83\x98\xe1\x83\xab\xe1\x83\x94"},
    };
    int n = 0;
    for (const auto& name : names) app.person("p" + std::to_string(n++) + "@w.org", name[0], name[1]);
    app.attach(Screen::People);
    UiDriver ui(app.state);
    ui.frame(3);
    for (const auto& name : names) {
        CAPTURE(name[0]);
        CHECK(ui.has_text(std::string(name[0]) + " " + name[1]));
    }
    CHECK(ui.snapshot().missing_glyphs == 0);

    // Typed in Cyrillic, the search finds Дмитрий and only him.
    REQUIRE(ui.click("Search by name or email"));
    ui.type("\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82");  // Дмит
    ui.frame(2);
    CHECK(ui.has_text(
        "\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9 \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2"));
    CHECK_FALSE(ui.has_text("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xa7\xd9\x84\xd8\xb9\xd9\x84\xd9\x8a"));
    CHECK(ui.snapshot().missing_glyphs == 0);
}

TEST_CASE("typed Japanese becomes ordinary glyphs, so the field's caret and width match what is drawn") {
    ShellFixture app;
    app.attach(Screen::People);
    UiDriver ui(app.state);
    ui.frame(2);
    ImFont* font = app.state.fonts.regular;
    // Measuring makes 田 a glyph of the font (Droid Sans Fallback, fetched at once by the fake platform)...
    const std::string tanaka = "\xe7\x94\xb0\xe4\xb8\xad";
    (void)font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, tanaka.c_str());
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, tanaka.c_str());
    REQUIRE(font->FindGlyphNoFallback(0x7530) != nullptr);
    // ...whose advance is what input fields use for the caret: two ideographs are two advances.
    CHECK(size.x == doctest::Approx(font->GetCharAdvance(0x7530) + font->GetCharAdvance(0x4E2D)));
    CHECK(font->GetCharAdvance(0x7530) > font->FontSize * 0.8f);  // full width, not the "?" fallback
}

TEST_CASE("every script font the engine may ask for is in the build") {
    for (const auto& font : text::script_fonts()) {
        for (const char* file : {font.regular, font.bold}) {
            std::string error;
            const auto bytes = read_font_file(std::string(GROVE_TEST_FONTS_DIR) + "/scripts/" + file, &error);
            CAPTURE(file);
            CHECK(bytes.size() > 10000);
        }
    }
    CHECK(text::script_font_for(0x0645) != nullptr);                                            // م
    CHECK(std::string(text::script_font_for(0xAC00)->regular) == "DroidSansFallback.ttf");      // 가
    CHECK(std::string(text::script_font_for(0x3400)->regular) == "DroidSansFallbackFull.ttf");  // 㐀
    CHECK(text::script_font_for(0x0041) == nullptr);                                            // A: Inter
}

}  // namespace grove::ui::testing

namespace grove::ui::testing {

TEST_CASE("Arabic typed into a field is drawn letter by letter while edited (caret in place), shaped once left") {
    ShellFixture app;
    app.person("mo@w.org", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "Ali");  // محمد Ali
    app.attach(Screen::People);
    UiDriver ui(app.state);
    ui.frame(2);
    REQUIRE(ui.click("Search by name or email"));
    ui.type("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf");
    ui.frame(2);
    ImFont* font = app.state.fonts.regular;
    // Each letter is now a glyph of the font with its own advance: the caret moves by it.
    for (ImWchar c : {0x0645, 0x062D, 0x062F}) {
        CAPTURE(c);
        REQUIRE(font->FindGlyphNoFallback(c) != nullptr);
        CHECK(font->GetCharAdvance(c) > 1.0f);
    }
    CHECK(ui.snapshot().missing_glyphs == 0);
    CHECK(ui.has_text("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf Ali"));  // the search found him
}

}  // namespace grove::ui::testing

namespace grove::ui::testing {

TEST_CASE("an icon next to a shaped name is drawn from the icon font, not counted missing") {
    TextWorld w;
    const std::string chip = std::string("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf  ") + icons::kClose;  // محمد  ×
    const auto glyphs = w.shape(chip);
    int icons_drawn = 0;
    for (const auto& g : glyphs) {
        if (g.font == "icons") ++icons_drawn;
        CHECK_FALSE(g.font.empty());
    }
    CHECK(icons_drawn == 1);
    // Drawn in a frame: nothing missing.
    w.ui.set_draw([](AppState&) {
        ImGui::Begin("chip");
        ImGui::TextUnformatted((std::string("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf  ") + icons::kClose).c_str());
        ImGui::End();
    });
    w.ui.frame(2);
    CHECK(w.ui.snapshot().missing_glyphs == 0);
}

}  // namespace grove::ui::testing
