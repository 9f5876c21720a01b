// Layout: popups inside the window, narrow windows, fields that line up, controls that stay under the
// pointer, breadcrumbs and long names that keep their meaning (issue 15 "Layout", issue 17 item 6).
#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <vector>

#include "core/org/demo.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/icons.h"
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
    REQUIRE(person->y > 450.0f);
    const std::string label = person->label;
    REQUIRE(ui.click(label));
    require_menu_inside(ui, {"Remove from group"}, 800, 600);
    ui.press(ImGuiKey_Escape);

    REQUIRE(ui.click("Departments"));
    ui.frame(2);
    const Item* department = last_with_prefix(ui, "Department actions");
    REQUIRE(department != nullptr);
    REQUIRE(department->y > 450.0f);
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
