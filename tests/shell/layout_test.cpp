// Layout: popups inside the window, narrow windows, fields that line up, controls that stay under the
// pointer, breadcrumbs and long names that keep their meaning (issue 15 "Layout", issue 17 item 6).
#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <vector>

#include "core/org/demo.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "imgui_internal.h"
#include "shell/icons.h"
#include "shell/session.h"
#include "shell/store_link.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/popup.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// The demo district, open in the app as its owner.
struct Demo {
    std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
    FakePlatform platform;
    AppState state;
    Demo() {
        REQUIRE(generate_demo(*store, demo_district()).ok());
        state.platform = &platform;
        attach_store(state, *store);
    }
};

using Item = UiSnapshot::Item;

bool inside(const Item& item, float width, float height) {
    return item.x >= 0.0f && item.y >= 0.0f && item.x + item.w <= width && item.y + item.h <= height;
}

// The last whole item whose label starts with `prefix` (the lowest row of a list that is fully shown).
const Item* last_with_prefix(const UiDriver& ui, const std::string& prefix) {
    const Item* last = nullptr;
    for (const Item& item : ui.snapshot().items) {
        if (item.label.rfind(prefix, 0) != 0) continue;
        if (last != nullptr && item.h < last->h) continue;  // cut by the list's bottom edge
        last = &item;
    }
    return last;
}

void require_menu_inside(const UiDriver& ui, std::initializer_list<const char*> entries, float w, float h) {
    for (const char* entry : entries) {
        const Item* item = ui.find(entry);
        INFO("menu entry " << std::string(entry));
        REQUIRE(item != nullptr);
        INFO(entry << " at y " << item->y << " h " << item->h);
        CHECK(inside(*item, w, h));
    }
}

}  // namespace

// ---- Popups stay inside the window ---------------------------------------------------------------

TEST_CASE("a group's menu near the bottom of the list opens upwards, inside the window") {
    Demo demo;
    UiDriver ui(demo.state, {.width = 1400, .height = 900});
    const Item* row = ui.find("Actions for Northgate College \xc2\xb7 Class 9A");
    REQUIRE(row != nullptr);
    REQUIRE(row->y > 700.0f);  // near the bottom, as on the reporter's screen
    const float row_top = row->y;
    REQUIRE(ui.click("Actions for Northgate College \xc2\xb7 Class 9A"));
    require_menu_inside(ui, {"Manage group", "Add members", "New subgroup", "Delete group"}, 1400, 900);
    // Flipped above the button, not over it.
    CHECK(ui.find("Delete group")->y + ui.find("Delete group")->h <= row_top);
    // And it still works from there.
    REQUIRE(ui.click("Manage group"));
    CHECK(ui.has_text("Manage group"));
}

TEST_CASE("a menu near the top of the list still opens below its button") {
    Demo demo;
    UiDriver ui(demo.state, {.width = 1400, .height = 900});
    const Item* row = ui.find("Actions for Riverside District");
    REQUIRE(row != nullptr);
    const float below = row->y + row->h;
    REQUIRE(ui.click("Actions for Riverside District"));
    REQUIRE(ui.find("Manage group") != nullptr);
    CHECK(ui.find("Manage group")->y >= below);
}

TEST_CASE("at 800 x 600 the person, department and acting-person menus stay inside the window") {
    Demo demo;
    UiDriver ui(demo.state, {.width = 800, .height = 600});
    // A person's menu on a class's page, from its lowest row.
    REQUIRE(ui.click("Filter groups by name"));
    ui.type("Class 9A");
    REQUIRE(ui.click("Northgate College \xc2\xb7 Class 9A"));
    ui.frame(2);  // the page settles its layout
    const Item* person = last_with_prefix(ui, "Actions for ");
    REQUIRE(person != nullptr);
    REQUIRE(person->y > 400.0f);  // low in the window (the size-over-time line takes one line above)
    const std::string label = person->label;
    REQUIRE(ui.click(label));
    require_menu_inside(ui, {"Remove from group"}, 800, 600);
    ui.press(ImGuiKey_Escape);

    REQUIRE(ui.click("Departments"));
    ui.frame(2);
    const Item* department = last_with_prefix(ui, "Department actions");
    REQUIRE(department != nullptr);
    ui.click_at(department->x + department->w * 0.5f, department->y + department->h * 0.5f);
    require_menu_inside(ui, {"Rename", "Delete"}, 800, 600);
    ui.press(ImGuiKey_Escape);

    REQUIRE(ui.click("Olivia Owens  \xc2\xb7  Owner"));
    const Item* search = ui.find("Search people by name or email");
    REQUIRE(search != nullptr);
    CHECK(inside(*search, 800, 600));
}

TEST_CASE("place_popup flips above, clamps, and keeps a popup taller than the window at its top") {
    const PopupAnchor window{ImVec2(0, 0), ImVec2(800, 600)};
    const PopupAnchor low{ImVec2(700, 560), ImVec2(730, 580)};
    const ImVec2 below =
        place_popup(ImVec2(200, 100), PopupAnchor{ImVec2(700, 100), ImVec2(730, 120)}, window, PopupEdge::kRight, 2, 8);
    CHECK(below.x == 530);
    CHECK(below.y == 122);
    const ImVec2 above = place_popup(ImVec2(200, 100), low, window, PopupEdge::kRight, 2, 8);
    CHECK(above.y == 458);
    const ImVec2 wide =
        place_popup(ImVec2(300, 100), PopupAnchor{ImVec2(10, 100), ImVec2(40, 120)}, window, PopupEdge::kRight, 2, 8);
    CHECK(wide.x == 8);
    const ImVec2 tall = place_popup(ImVec2(200, 700), low, window, PopupEdge::kRight, 2, 8);
    CHECK(tall.y == 8);
}

// ---- Narrow windows --------------------------------------------------------------------------------

TEST_CASE("at 800 x 600 group titles, the toolbar and a person's panel keep their words") {
    Demo demo;
    UiDriver ui(demo.state, {.width = 800, .height = 600});
    // Group titles are whole (not "Northg"), and the toolbar's buttons are inside the window.
    const Item* title = ui.find("Northgate College");
    REQUIRE(title != nullptr);
    CHECK(ui.has_text("Northgate College"));
    for (const char* label : {"Expand all", "Collapse all", "New group", "Filter groups by name"}) {
        INFO(label);
        const Item* item = ui.find(label);
        REQUIRE(item != nullptr);
        CHECK(inside(*item, 800, 600));
        CHECK(item->w >= ImGui::CalcTextSize(label).x);  // not cut
    }

    // People, with a person's panel open: the table keeps whole names and the panel's tabs their words.
    REQUIRE(ui.click("People"));
    REQUIRE(ui.click("Ada Chen"));
    ui.frame(2);
    CHECK(ui.has_text("Ada Chen"));
    for (const char* tab : {"Details", "Org roles", "Memberships"}) {
        INFO(tab);
        const Item* item = ui.find(tab);
        REQUIRE(item != nullptr);
        CHECK(inside(*item, 800, 600));
        CHECK(item->w > ImGui::CalcTextSize(tab).x);  // the whole word, not "Me"
    }
    // The table's name column shows names, not their first letters.
    const UiSnapshot::TextBox* name = ui.snapshot().find_text("Ada Abbott");
    REQUIRE(name != nullptr);
    const Item* row = ui.find("Ada Abbott");
    REQUIRE(row != nullptr);
    CHECK(row->w > ImGui::CalcTextSize("Ada Abbott").x);

    // Every screen draws its title and keeps its main controls inside the window.
    for (const char* screen : {"Departments", "Courses", "Roles", "Audit log", "Import & export", "Settings"}) {
        INFO(screen);
        REQUIRE(ui.click(screen));
        ui.frame(2);
        CHECK(ui.has_text(screen));
        for (const Item& item : ui.snapshot().items) {
            INFO(item.label);
            CHECK(item.x + item.w <= 800.0f);
        }
    }
    // Roles: a holder's long "granted by" note gives way to the Revoke button, which stays whole.
    REQUIRE(ui.click("Roles"));
    ui.frame(2);
    const float revoke_w = ImGui::CalcTextSize("Revoke").x + ImGui::GetStyle().FramePadding.x * 2.0f;
    REQUIRE(ui.find("Revoke") != nullptr);
    for (int i = 0; ui.find("Revoke", i) != nullptr; ++i) CHECK(ui.find("Revoke", i)->w >= revoke_w - 1.0f);
}

// ---- Fields that line up ---------------------------------------------------------------------------

TEST_CASE("the welcome screen's first and last name fields sit on one line") {
    auto store = std::move(Store::open(":memory:").value());
    FakePlatform platform;
    AppState state;
    state.platform = &platform;
    attach_store(state, *store);
    UiDriver ui(state, {.width = 800, .height = 600});
    const Item* first = ui.find("First name");
    const Item* last = ui.find("Last name");
    REQUIRE(first != nullptr);
    REQUIRE(last != nullptr);
    CHECK(first->y == last->y);
    CHECK(first->h == last->h);
    CHECK(ui.snapshot().find_text("First name")->y == ui.snapshot().find_text("Last name")->y);
}

TEST_CASE("typed text and the caret in a search field start after its magnifier") {
    ShellFixture world;
    world.group("Grade 9");
    world.attach(Screen::Groups);
    UiDriver ui(world.state);
    REQUIRE(ui.click("Filter groups by name"));
    ui.type("Grade");
    const Item* field = ui.find("Filter groups by name");
    REQUIRE(field != nullptr);
    const UiSnapshot::TextBox* typed = ui.snapshot().find_text("Grade");
    REQUIRE(typed != nullptr);
    const float icon_right = field->x + ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(icons::kSearch).x;
    CHECK(typed->x >= icon_right + 4.0f);
    // The hint too, once the field is empty again.
    ui.press(ImGuiKey_Backspace, true);
    for (int i = 0; i < 5; ++i) ui.press(ImGuiKey_Backspace);
    const UiSnapshot::TextBox* hint = ui.snapshot().find_text("Filter groups by name");
    REQUIRE(hint != nullptr);
    CHECK(hint->x >= icon_right + 4.0f);
}

TEST_CASE("the invitation banner is as tall as what it holds, with no scrollbar") {
    ShellFixture world;
    const Id grade = world.group("Grade 9");
    AddPeople invite;
    invite.emails = {"new.teacher@riverside.example"};
    REQUIRE(add_people(*world.store, world.owner, grade, invite).ok());
    world.attach(Screen::Groups);
    set_actor(world.state, find_user_by_email(*world.store, "new.teacher@riverside.example")->id);
    UiDriver ui(world.state);
    ui.frame(2);
    const Item* accept = ui.find("Accept invitation");
    REQUIRE(accept != nullptr);
    CHECK(accept->h == doctest::Approx(ImGui::GetFrameHeight()));  // not cut by the banner's bottom edge
    for (ImGuiWindow* window : ui.context()->Windows) {
        if (std::string(window->Name).find("##invitation") == std::string::npos) continue;
        CHECK_FALSE(window->ScrollbarY);
        CHECK(window->ContentSize.y + window->WindowPadding.y * 2.0f <= window->Size.y + 0.5f);
    }
}

// ---- Controls stay under the pointer ---------------------------------------------------------------

TEST_CASE("ticking the first group leaves the table where it was") {
    ShellFixture world;
    for (const char* name : {"Grade 9", "Grade 10", "Grade 11"}) world.group(name);
    world.attach(Screen::Groups);
    UiDriver ui(world.state);
    const Item* box = ui.find("Select Grade 9");
    REQUIRE(box != nullptr);
    const float header = ui.find("Select all groups")->y;
    const float row = box->y;
    REQUIRE(ui.click("Select Grade 9"));
    CHECK(ui.has_text("1 selected"));
    CHECK(ui.find("Select all groups")->y == header);
    CHECK(ui.find("Select Grade 9")->y == row);
    // Unticking does not move it back either.
    REQUIRE(ui.click("Select Grade 9"));
    CHECK(ui.find("Select Grade 9")->y == row);
}

TEST_CASE("picking people in Add members leaves the list and the dialog where they are") {
    ShellFixture world;
    world.group("Grade 9");
    world.person("ada@riverside.example", "Ada", "Chen");
    world.person("ben@riverside.example", "Ben", "Okafor");
    world.person("cai@riverside.example", "Cai", "Li");
    world.attach(Screen::Groups);
    UiDriver ui(world.state);
    REQUIRE(ui.click("Actions for Grade 9"));
    REQUIRE(ui.click("Add members"));
    ui.frame(2);
    const std::string ada = "Ada Chen  <ada@riverside.example>";
    const std::string ben = "Ben Okafor  <ben@riverside.example>";
    REQUIRE(ui.find(ada) != nullptr);
    REQUIRE(ui.find(ben) != nullptr);
    REQUIRE(ui.find("Add") != nullptr);
    const float ada_y = ui.find(ada)->y;
    const float ben_y = ui.find(ben)->y;
    const float add_y = ui.find("Add")->y;
    REQUIRE(ui.click(ada));
    CHECK(ui.has_text("1 person picked"));
    REQUIRE(ui.find(ben) != nullptr);
    CHECK(ui.find(ben)->y == ben_y);  // the next click lands on Ben, not on the row above
    CHECK(ui.find(ada)->y == ada_y);
    REQUIRE(ui.find("Add") != nullptr);
    CHECK(ui.find("Add")->y == add_y);
    REQUIRE(ui.click(ben));
    CHECK(ui.has_text("2 people picked"));
    CHECK(ui.find(ben)->y == ben_y);
}

// ---- Breadcrumbs and long names --------------------------------------------------------------------

TEST_CASE("a group nine levels deep keeps its own name in the breadcrumb, eliding the middle of the trail") {
    ShellFixture world;
    std::optional<Id> parent;
    Id deepest = 0;
    for (int level = 1; level <= 9; ++level) {
        deepest = world.group("Level " + std::to_string(level) + ": district groups", parent);
        parent = deepest;
    }
    world.attach(Screen::Groups);
    UiDriver ui(world.state, {.width = 1400, .height = 900});
    REQUIRE(ui.click("Filter groups by name"));
    ui.type("Level 9");
    REQUIRE(ui.click("Level 9: district groups"));
    ui.frame(2);
    const std::string current = "Level 9: district groups";
    // The trail's current name: drawn whole and inside the window (the heading below repeats it).
    const UiSnapshot::TextBox* crumb = ui.snapshot().find_text(current);
    REQUIRE(crumb != nullptr);
    CHECK(crumb->x + crumb->w <= 1400.0f);
    CHECK(crumb->y < ui.find("Back to groups")->y + ui.find("Back to groups")->h);  // on the trail's line
    // A \xe2\x80\xa6 stands for the middle; the first ancestor and the parent are links.
    CHECK(ui.has_text("\xe2\x80\xa6"));
    CHECK(ui.find("Level 1: district groups") != nullptr);
    CHECK(ui.find("Level 8: district groups") != nullptr);
    CHECK(ui.find("Level 4: district groups") == nullptr);
    for (const Item& item : ui.snapshot().items) CHECK(item.x + item.w <= 1400.0f);
    // And the parent's link still opens the parent.
    REQUIRE(ui.click("Level 8: district groups"));
    ui.frame(2);
    CHECK(ui.find("Level 8: district groups") == nullptr);  // now the current one
    CHECK(ui.snapshot().find_text("Level 8: district groups") != nullptr);
}

namespace {

bool valid_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t n = lead < 0x80           ? 1
                              : (lead >> 5) == 0x6  ? 2
                              : (lead >> 4) == 0xE  ? 3
                              : (lead >> 3) == 0x1E ? 4
                                                    : 0;
        if (n == 0 || i + n > text.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

// The drawn text that starts with `prefix` and ends in an ellipsis, or "".
std::string elided_text_starting(const UiDriver& ui, const std::string& prefix) {
    for (const std::string& text : ui.snapshot().texts)
        if (text.rfind(prefix, 0) == 0 && text.size() >= 3 && text.compare(text.size() - 3, 3, "\xe2\x80\xa6") == 0)
            return text;
    return {};
}

}  // namespace

TEST_CASE("long names end in an ellipsis at a whole character, and show whole on hover") {
    std::string name;
    while (name.size() < 190) name += "Gr\xc3\xbcne W\xc3\xa4lder ";  // "Grüne Wälder ", two-byte letters
    name = name.substr(0, name.rfind(' '));
    ShellFixture world;
    const Id group = world.group(name);
    const Id department = world.department(name);
    world.person("ada@riverside.example", name.substr(0, 120), "Chen", department);
    (void)group;
    world.attach(Screen::Groups);
    UiDriver ui(world.state, {.width = 1000, .height = 700});

    // The group list: cut to its column, valid UTF-8, whole on hover.
    const std::string row = elided_text_starting(ui, "Gr\xc3\xbcne");
    REQUIRE_FALSE(row.empty());
    CHECK(valid_utf8(row));
    CHECK_FALSE(ui.has_text(name));
    const Item* link = ui.find(name);  // found by its whole name
    REQUIRE(link != nullptr);
    CHECK(link->x + link->w <= 1000.0f);
    ui.move_to(link->x + 10, link->y + link->h * 0.5f);
    ui.frame();
    CHECK(ui.has_text(name));

    // The group's page: its title is cut the same way.
    REQUIRE(ui.click(name));
    ui.frame(2);
    CHECK_FALSE(ui.has_text(name));
    for (const std::string& text : ui.snapshot().texts) CHECK(valid_utf8(text));
    const UiSnapshot::TextBox* title = nullptr;
    for (std::size_t i = 0; i < ui.snapshot().texts.size(); ++i)
        if (ui.snapshot().texts[i].rfind("Gr\xc3\xbcne", 0) == 0) title = &ui.snapshot().text_boxes[i];
    REQUIRE(title != nullptr);
    CHECK(title->x + title->w <= 1000.0f);

    // People and departments.
    REQUIRE(ui.click("People"));
    ui.frame(2);
    const std::string person = elided_text_starting(ui, "Gr\xc3\xbcne");
    REQUIRE_FALSE(person.empty());
    CHECK(valid_utf8(person));
    REQUIRE(ui.click("Departments"));
    ui.frame(2);
    const std::string chart = elided_text_starting(ui, "Gr\xc3\xbcne");
    REQUIRE_FALSE(chart.empty());
    CHECK(valid_utf8(chart));
    const Item* branch = ui.find(name);
    REQUIRE(branch != nullptr);
    ui.move_to(branch->x + 10, branch->y + branch->h * 0.5f);
    ui.frame();
    CHECK(ui.has_text(name));
}

TEST_CASE("elide() keeps what fits and cuts between characters") {
    ShellFixture world;
    world.attach(Screen::Groups);
    UiDriver ui(world.state);
    ui.frame();
    ImGui::NewFrame();
    CHECK(elide("Grade 9", 1000.0f) == "Grade 9");
    const std::string cut = elide("\xc3\x84\xc3\x84\xc3\x84\xc3\x84\xc3\x84\xc3\x84\xc3\x84\xc3\x84",
                                  ImGui::CalcTextSize("\xc3\x84\xc3\x84\xc3\x84").x);
    CHECK(valid_utf8(cut));
    CHECK(cut.size() < 16);
    CHECK(ImGui::CalcTextSize(cut.c_str()).x <= ImGui::CalcTextSize("\xc3\x84\xc3\x84\xc3\x84").x);
    ImGui::EndFrame();
}
