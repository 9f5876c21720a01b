// Names in every script on the screens that show them (issue 16): a group's page, the audit log, a
// person's panel, the Groups tree, headings in the bold fonts, and names cut to a narrow column.
#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "shell/screens/group_page.h"
#include "shell/screens/people_view.h"
#include "shell/text/text_engine.h"
#include "shell/widgets/elided_text.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

struct Name {
    const char* script;
    const char* first;
    const char* last;
    std::string full() const { return std::string(first) + " " + last; }
};

// A person in each script of the issue (Vietnamese with its stacked accents, precomposed).
const Name kNames[] = {
    {"Greek", "Νίκος", "Παπαδόπουλος"},
    {"Cyrillic", "Дмитрий", "Иванов"},
    {"Arabic", "محمد", "العلي"},
    {"Hebrew", "שרה", "כהן"},
    {"Devanagari", "प्रिया", "शर्मा"},
    {"Thai", "สมชาย", "ใจดี"},
    {"Chinese", "李", "伟"},
    {"Japanese", "田中", "さくら"},
    {"Korean", "김", "민준"},
    {"Armenian", "Արամ", "Պետրոսյան"},
    {"Georgian", "ნინო", "ბერიძე"},
    {"Vietnamese", "Nguyễn", "Thị Ánh"},
};

// The organisation with one person per script, all members of "Families".
struct World {
    ShellFixture app;
    std::vector<Id> people;
    Id families = 0;

    World() {
        int n = 0;
        for (const Name& name : kNames)
            people.push_back(app.person("p" + std::to_string(n++) + "@riverside.example", name.first, name.last));
        families = app.group("Families");
        REQUIRE(add_people(*app.store, app.owner, families, {people, {}, GroupRole::kMember}));
    }
};

bool valid_utf8(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > text.size()) return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

constexpr const char* kEllipsis = "\xe2\x80\xa6";

bool ends_with_ellipsis(const std::string& text) {
    return text.size() >= 3 && text.compare(text.size() - 3, 3, kEllipsis) == 0;
}

// `cut` is `whole` cut by elide(): a beginning of it that ends between grapheme clusters, then "…".
bool whole_characters_then_ellipsis(const std::string& cut, const std::string& whole) {
    if (!valid_utf8(cut) || !ends_with_ellipsis(cut)) return false;
    const std::string kept = cut.substr(0, cut.size() - 3);
    if (whole.compare(0, kept.size(), kept) != 0) return false;
    const std::vector<size_t> bounds = text::grapheme_boundaries(whole);
    return std::find(bounds.begin(), bounds.end(), kept.size()) != bounds.end();
}

}  // namespace

TEST_CASE("a group's page lists members named in every script, each drawn with its own glyphs") {
    World w;
    w.app.attach(Screen::Groups);
    open_group_page(w.app.state, w.families);
    UiDriver ui(w.app.state, {.width = 1440, .height = 1400});
    ui.frame(3);
    REQUIRE(ui.has_text("Families"));
    for (const Name& name : kNames) {
        CAPTURE(name.script);
        CHECK(ui.has_text(name.full()));
    }
    CHECK(ui.snapshot().missing_glyphs == 0);
}

TEST_CASE("the audit log names people in every script with no missing glyph") {
    World w;
    w.app.attach(Screen::AuditLog);
    UiDriver ui(w.app.state, {.width = 1440, .height = 1400});
    ui.frame(3);
    for (const Name& name : kNames) {
        CAPTURE(name.script);
        // "Olivia Owens added Νίκος Παπαδόπουλος (p0@riverside.example)."
        CHECK(ui.has_text("added " + name.full() + " ("));
    }
    CHECK(ui.snapshot().missing_glyphs == 0);
}

TEST_CASE("a person's panel shows their name in its fields in every script") {
    World w;
    w.app.attach(Screen::People);
    UiDriver ui(w.app.state, {.width = 1440, .height = 900});
    for (size_t i = 0; i < w.people.size(); ++i) {
        const Name& name = kNames[i];
        CAPTURE(name.script);
        open_person_panel(w.app.state, w.people[i]);
        ui.frame(3);
        // The First name and Last name fields hold the name as stored, drawn from its own glyphs.
        const auto* first = ui.find("First name");
        const auto* last = ui.find("Last name");
        REQUIRE(first != nullptr);
        REQUIRE(last != nullptr);
        const auto& texts = ui.snapshot().texts;
        CHECK(std::find(texts.begin(), texts.end(), name.first) != texts.end());
        CHECK(std::find(texts.begin(), texts.end(), name.last) != texts.end());
        CHECK(ui.snapshot().missing_glyphs == 0);
    }
}

TEST_CASE("Arabic and Japanese group names show in the Groups tree") {
    ShellFixture app;
    const Id parent = app.group("الصف التاسع");  // "Ninth grade"
    app.group("三年一組", parent);               // "Year 3, class 1", a subgroup
    app.group("Grade 10");
    app.attach(Screen::Groups);
    UiDriver ui(app.state);
    ui.frame(3);
    CHECK(ui.has_text("الصف التاسع"));
    CHECK(ui.has_text("三年一組"));
    CHECK(ui.has_text("Grade 10"));
    CHECK(ui.snapshot().missing_glyphs == 0);
    // Both are links a person clicks: found by their names.
    CHECK(ui.find("الصف التاسع") != nullptr);
    CHECK(ui.find("三年一組") != nullptr);
}

TEST_CASE("a group's title in the heading font draws Arabic, Devanagari and Korean from the bold fonts") {
    const char* names[] = {"مجموعة الأمل", "विज्ञान क्लब", "과학 동아리"};
    for (const char* name : names) {
        CAPTURE(name);
        ShellFixture app;
        const Id group = app.group(name);
        app.attach(Screen::Groups);
        open_group_page(app.state, group);
        UiDriver ui(app.state, {.width = 1440, .height = 900});
        ui.frame(3);
        CHECK(ui.has_text(name));
        CHECK(ui.snapshot().missing_glyphs == 0);
    }
    // The heading asked for the bold cuts of the script fonts (Droid Sans Fallback has one weight).
    ShellFixture app;
    const Id group = app.group("مجموعة الأمل");
    const Id hindi = app.group("विज्ञान क्लब");
    app.attach(Screen::Groups);
    open_group_page(app.state, group);
    UiDriver ui(app.state, {.width = 1440, .height = 900});
    ui.frame(3);
    open_group_page(app.state, hindi);
    ui.frame(3);
    const auto& fetched = app.platform.fetched_fonts();
    CHECK(std::count(fetched.begin(), fetched.end(), "NotoSansArabic-Bold.ttf") == 1);
    CHECK(std::count(fetched.begin(), fetched.end(), "NotoSansDevanagari-Bold.ttf") == 1);
    CHECK(ui.snapshot().missing_glyphs == 0);
    // Shaped in the bold font: the heading's glyphs come from the Bold file.
    const auto glyphs = app.state.text->shape_for_test(app.state.fonts.heading, "مجموعة");
    REQUIRE_FALSE(glyphs.empty());
    for (const auto& g : glyphs) CHECK(g.font == "NotoSansArabic-Bold.ttf");
}

TEST_CASE("a long Arabic name in a narrow column is cut after whole characters and ends in an ellipsis") {
    ShellFixture app;
    const std::string name = "عبد الرحمن بن محمد بن عبد الله";
    const std::string family = "آل عبد العزيز الفيصل الهاشمي";
    app.person("abd@riverside.example", name, family);
    app.attach(Screen::People);
    UiDriver ui(app.state, {.width = 760, .height = 700});
    ui.frame(3);
    const std::string whole = name + " " + family;
    CHECK_FALSE(ui.has_text(whole));
    std::string cut;
    for (const std::string& text : ui.snapshot().texts)
        if (ends_with_ellipsis(text) && text.rfind("عبد", 0) == 0) cut = text;
    REQUIRE_FALSE(cut.empty());
    CHECK(whole_characters_then_ellipsis(cut, whole));
    CHECK(cut.size() < whole.size());
    CHECK(ui.snapshot().missing_glyphs == 0);
    // The row is still found by the whole name, which shows on hover.
    const auto* row = ui.find(whole);
    REQUIRE(row != nullptr);
    ui.move_to(row->x + 10, row->y + row->h * 0.5f);
    ui.frame();
    CHECK(ui.has_text(whole));
    CHECK(ui.snapshot().missing_glyphs == 0);
}

TEST_CASE("elide() never parts a letter from its combining marks, whatever the width") {
    ShellFixture app;
    app.attach(Screen::People);
    UiDriver ui(app.state);
    ui.frame();
    // NFD Vietnamese: e + U+0302 + U+0303 (ễ), o + U+031B + U+0301 (ớ); NFD Japanese: か + U+3099 (が).
    const std::string vietnamese = "Nguye\xcc\x82\xcc\x83n Tho\xcc\x9b\xcc\x81i Nguye\xcc\x82\xcc\x83n";
    const std::string japanese =
        "\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x8b\xe3\x82\x99"
        "\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x8b\xe3\x82\x99";
    auto every_cut_is_whole = [](const std::string& text) {
        const float full = ImGui::CalcTextSize(text.c_str()).x;
        int cuts = 0;
        for (float width = 1.0f; width < full; width += 0.5f) {
            const std::string cut = elide(text, width);
            if (cut == text) continue;
            ++cuts;
            CAPTURE(width);
            CAPTURE(cut);
            CHECK(whole_characters_then_ellipsis(cut, text));
        }
        CHECK(cuts > 10);
    };
    ImGui::NewFrame();
    // Drawn by the text engine (shaped: the marks stack on their letters) and by ImGui alone.
    every_cut_is_whole(vietnamese);
    every_cut_is_whole(japanese);
    text::set_active_engine(nullptr);
    every_cut_is_whole(vietnamese);
    every_cut_is_whole(japanese);
    text::set_active_engine(app.state.text.get());
    ImGui::EndFrame();
}

TEST_CASE("a kana written with a separate voicing mark (NFD) is as wide as the precomposed kana") {
    ShellFixture app;
    app.person("ga@riverside.example", "\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x8f\xe3\x82\x99", "Ko");  // か゛く゛
    app.attach(Screen::People);
    UiDriver ui(app.state);
    ui.frame(3);
    ImFont* font = app.state.fonts.regular;
    const std::string nfd = "\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x8f\xe3\x82\x99";  // か + U+3099, く + U+3099
    const std::string nfc = "\xe3\x81\x8c\xe3\x81\x90";                          // が, ぐ
    const ImVec2 decomposed = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, nfd.c_str());
    const ImVec2 composed = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, nfc.c_str());
    CHECK(decomposed.x <= composed.x + 2.0f);  // the marks sit on their kana, not beside them
    CHECK(ui.has_text(nfd + " Ko"));
    CHECK(ui.snapshot().missing_glyphs == 0);
}
