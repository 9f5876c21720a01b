// Every screen by keyboard alone (issue 14): Tab and Shift+Tab reach every widget, Enter and Space activate,
// Escape closes dialogs and gives the focus back to what opened them. All input goes through the driver's
// InputQueue as key events, as the desktop and browser hosts send them.
#include <doctest/doctest.h>
#include <set>
#include <string>
#include <vector>

#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// Tabs (Shift+Tab backwards) until the widget labelled `label` has the keyboard focus; false after `limit` tabs.
bool tab_to(UiDriver& ui, const std::string& label, bool backwards = false, int limit = 80) {
    for (int i = 0; i < limit; ++i) {
        if (ui.focused_label() == label) return true;
        ui.tab(1, backwards);
    }
    return ui.focused_label() == label;
}

// Down arrow until `label` has the focus (in a menu or a list), false after `limit` presses.
bool arrow_to(UiDriver& ui, const std::string& label, int limit = 12) {
    for (int i = 0; i < limit; ++i) {
        if (ui.focused_label() == label) return true;
        ui.press(ImGuiKey_DownArrow);
    }
    return ui.focused_label() == label;
}

std::optional<Id> group_named(Store& store, const std::string& name) {
    for (const GroupRow& row : group_tree(store, GroupSort::kNewest))
        if (row.name == name) return row.id;
    return std::nullopt;
}

}  // namespace

TEST_CASE("from a fresh start, a group is created with Tab, Shift+Tab, Enter and typing alone") {
    ShellFixture org;
    org.attach(Screen::Home);
    UiDriver ui(org.state);
    CHECK(ui.focused_label().empty());  // nothing has the focus before the first key

    REQUIRE(tab_to(ui, "Groups"));  // the sidebar is reached by Tab
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    CHECK(org.state.screen == Screen::Groups);

    REQUIRE(tab_to(ui, "New group"));
    ui.press(ImGuiKey_Enter);  // Enter presses a button
    ui.frame(2);
    REQUIRE(ui.find("Create group") != nullptr);
    CHECK(ui.focused_label() == "Name");  // the dialog opens on its first field
    ui.type("Chess club");

    // Forward past the dialog's buttons, then back with Shift+Tab to Create group.
    REQUIRE(tab_to(ui, "Cancel"));
    REQUIRE(tab_to(ui, "Create group", /*backwards=*/true));
    ui.press(ImGuiKey_Enter);

    CHECK(ui.find("Create group") == nullptr);
    CHECK(group_named(*org.store, "Chess club").has_value());
    CHECK(ui.has_text("Created the group Chess club."));
}

TEST_CASE("Tab stays inside an open dialog, and Escape closes it and gives the focus back to its opener") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    REQUIRE(tab_to(ui, "New group"));
    ui.press(ImGuiKey_Space);  // Space presses a button too
    ui.frame(2);
    REQUIRE(ui.find("Create group") != nullptr);

    // Round and round the dialog's widgets: never the sidebar or the page behind it.
    for (int i = 0; i < 30; ++i) {
        ui.tab();
        const std::string focused = ui.focused_label();
        CHECK(focused != "Groups");
        CHECK(focused != "New group");
        CHECK(focused != "Home");
    }

    ui.press(ImGuiKey_Escape);
    if (ui.find("Create group") != nullptr) ui.press(ImGuiKey_Escape);  // the first one may leave a field
    CHECK(ui.find("Create group") == nullptr);
    CHECK(ui.focused_label() == "New group");
    // The focus ring is back, and Enter on it opens the dialog again.
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    CHECK(ui.find("Create group") != nullptr);
}

TEST_CASE("a group is nested under another by keyboard, through its menu and the Nest under picker") {
    ShellFixture org;
    const Id northgate = org.group("Northgate");
    const Id chess = org.group("Chess club");
    org.attach(Screen::Groups);
    UiDriver ui(org.state, {.width = 1400.0f, .height = 900.0f});

    REQUIRE(tab_to(ui, "Actions for Chess club"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    REQUIRE(ui.find("Manage group") != nullptr);  // the row's menu is open
    // Arrows move in the menu; Enter picks.
    REQUIRE(arrow_to(ui, "Manage group"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    REQUIRE(ui.find("Save changes") != nullptr);

    REQUIRE(tab_to(ui, "Nest under"));
    ui.press(ImGuiKey_Enter);  // opens the picker, its filter field focused
    ui.frame(2);
    REQUIRE(ui.find("Type to filter") != nullptr);
    ui.type("North");
    ui.press(ImGuiKey_Enter);  // picks the first group shown
    ui.frame(2);
    CHECK(ui.find("Type to filter") == nullptr);
    CHECK(ui.has_text("Northgate"));

    REQUIRE(tab_to(ui, "Save changes"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    CHECK(ui.find("Save changes") == nullptr);
    const auto group = find_group(*org.store, chess);
    REQUIRE(group);
    CHECK(group->parent_id == std::optional<Id>(northgate));
}

TEST_CASE("Space toggles a checkbox that Tab reached") {
    ShellFixture org;
    org.group("Northgate");
    org.attach(Screen::Groups);
    UiDriver ui(org.state, {.width = 1400.0f, .height = 900.0f});
    REQUIRE(tab_to(ui, "Actions for Northgate"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    REQUIRE(arrow_to(ui, "Manage group"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    const std::string label = "Staff of parent groups reach this group";
    REQUIRE(ui.find(label) != nullptr);
    REQUIRE(tab_to(ui, label));
    const bool before = org.state.views.groups.form.inherit;
    ui.press(ImGuiKey_Space);
    CHECK(org.state.views.groups.form.inherit == !before);
    ui.press(ImGuiKey_Enter);  // Enter toggles it back
    CHECK(org.state.views.groups.form.inherit == before);
    ui.press(ImGuiKey_Space);
    REQUIRE(tab_to(ui, "Save changes"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    const auto id = group_named(*org.store, "Northgate");
    REQUIRE(id);
    CHECK(find_group(*org.store, *id)->inherit == !before);
}

TEST_CASE("the sidebar is navigated by keyboard: arrows move between sections and Enter opens one") {
    ShellFixture org;
    org.attach(Screen::Home);
    UiDriver ui(org.state);
    REQUIRE(tab_to(ui, "Home"));
    ui.press(ImGuiKey_DownArrow);
    CHECK(ui.focused_label() == "Reviews");
    ui.press(ImGuiKey_DownArrow);
    CHECK(ui.focused_label() == "Groups");
    ui.press(ImGuiKey_DownArrow);
    CHECK(ui.focused_label() == "People");
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    CHECK(org.state.screen == Screen::People);
    CHECK(ui.focused_label() == "People");  // the focus stays in the sidebar, on the section opened
    ui.press(ImGuiKey_UpArrow);
    ui.press(ImGuiKey_Space);
    ui.frame(2);
    CHECK(org.state.screen == Screen::Groups);
}

TEST_CASE("dismissing a notice by keyboard moves the focus on to the page, not back to the sidebar") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    REQUIRE(tab_to(ui, "New group"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    ui.type("Drama");
    ui.press(ImGuiKey_Enter);  // Enter in the name field creates the group
    REQUIRE(group_named(*org.store, "Drama").has_value());
    REQUIRE(ui.has_text("Created the group Drama."));

    REQUIRE(tab_to(ui, "Dismiss", /*backwards=*/true));  // the notice sits above the list
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Created the group Drama."));
    // The notice sat above the groups' table: the focus goes on to the table's first widget.
    CHECK(ui.focused_label() == "Select all groups");
}

TEST_CASE("Escape closes a row's menu and gives the focus back to the button that opened it") {
    ShellFixture org;
    org.group("Northgate");
    org.attach(Screen::Groups);
    UiDriver ui(org.state, {.width = 1400.0f, .height = 900.0f});
    REQUIRE(tab_to(ui, "Actions for Northgate"));
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    REQUIRE(ui.find("Manage group") != nullptr);
    ui.press(ImGuiKey_Escape);
    ui.frame(2);
    CHECK(ui.find("Manage group") == nullptr);
    CHECK(ui.focused_label() == "Actions for Northgate");
}

TEST_CASE("arrows, Home and End move through the groups' tree; Right opens a group and Left closes it") {
    ShellFixture org;
    const Id north = org.group("Northgate");
    org.group("Art club", north);
    org.group("Band", north);
    org.group("Southside");
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    // Newest first: Southside, then Northgate with Band and Art club below it.
    REQUIRE(tab_to(ui, "Northgate"));

    // Down and Up go from group name to group name, through the groups below an open one.
    ui.press(ImGuiKey_DownArrow);
    CHECK(ui.focused_label() == "Band");
    ui.press(ImGuiKey_DownArrow);
    CHECK(ui.focused_label() == "Art club");
    ui.press(ImGuiKey_DownArrow);  // the last: the focus stays
    CHECK(ui.focused_label() == "Art club");
    ui.press(ImGuiKey_UpArrow);
    ui.press(ImGuiKey_UpArrow);
    ui.press(ImGuiKey_UpArrow);
    CHECK(ui.focused_label() == "Southside");
    // Home and End go to the first and the last group's name, and stay there when pressed again.
    ui.press(ImGuiKey_End);
    CHECK(ui.focused_label() == "Art club");
    ui.press(ImGuiKey_End);
    CHECK(ui.focused_label() == "Art club");
    ui.press(ImGuiKey_Home);
    CHECK(ui.focused_label() == "Southside");
    ui.press(ImGuiKey_Home);
    CHECK(ui.focused_label() == "Southside");
    ui.press(ImGuiKey_DownArrow);
    REQUIRE(ui.focused_label() == "Northgate");

    // Left closes Northgate: its groups go from the tree and the focus stays on it.
    ui.press(ImGuiKey_LeftArrow);
    ui.frame(2);
    CHECK(ui.focused_label() == "Northgate");
    CHECK(ui.find("Art club") == nullptr);
    const auto* item = ui.snapshot().find_container(Role::kTreeItem, "Northgate");
    REQUIRE(item != nullptr);
    CHECK(item->expanded == 0);
    ui.press(ImGuiKey_DownArrow);  // nothing below a closed Northgate
    CHECK(ui.focused_label() == "Northgate");

    // Right opens it again.
    ui.press(ImGuiKey_RightArrow);
    ui.frame(2);
    CHECK(ui.focused_label() == "Northgate");
    CHECK(ui.find("Art club") != nullptr);
    CHECK(ui.snapshot().find_container(Role::kTreeItem, "Northgate")->expanded == 1);
    // Left on Art club (nothing below it) goes up to the group it sits in.
    ui.press(ImGuiKey_DownArrow);
    ui.press(ImGuiKey_DownArrow);
    REQUIRE(ui.focused_label() == "Art club");
    ui.press(ImGuiKey_LeftArrow);
    CHECK(ui.focused_label() == "Northgate");
    CHECK(ui.find("Art club") != nullptr);  // and Northgate stays open
    // Southside is at the top and has no groups below it: Left there moves the focus along its row.
    ui.press(ImGuiKey_UpArrow);
    REQUIRE(ui.focused_label() == "Southside");
    ui.press(ImGuiKey_LeftArrow);
    CHECK(ui.focused_label() != "Southside");
}

TEST_CASE("End reaches the last group of a tree taller than the window, and Home the first again") {
    ShellFixture org;
    for (int i = 1; i <= 80; ++i) org.group("Group " + std::to_string(100 + i));
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    // Newest first: Group 180 at the top, Group 101 at the bottom, far below the window.
    REQUIRE(tab_to(ui, "Group 180", false, 120));
    CHECK(ui.find("Group 101") == nullptr);  // not drawn: the list is clipped to what shows
    ui.press(ImGuiKey_End);
    ui.frame(2);
    CHECK(ui.focused_label() == "Group 101");
    const auto* last = ui.find("Group 101");
    REQUIRE(last != nullptr);  // scrolled into view
    CHECK(ui.find("Group 180") == nullptr);
    ui.press(ImGuiKey_Home);
    ui.frame(2);
    CHECK(ui.focused_label() == "Group 180");
    CHECK(ui.find("Group 180") != nullptr);
}

TEST_CASE("arrows move up and down a grid's rows: the people list") {
    ShellFixture org;
    org.person("ada@hill.org", "Ada", "Lovelace");
    org.person("bo@hill.org", "Bo", "Lindqvist");
    org.person("cy@hill.org", "Cy", "Young");
    org.attach(Screen::People);
    UiDriver ui(org.state);
    const std::set<std::string> names{"Ada Lovelace", "Bo Lindqvist", "Cy Young"};
    REQUIRE(tab_to(ui, "Ada Lovelace"));
    std::set<std::string> seen{"Ada Lovelace"};
    std::vector<std::string> order{"Ada Lovelace"};
    for (int i = 0; i < 2; ++i) {  // Ada is first in name order: Down reaches the other two, row by row
        ui.press(ImGuiKey_DownArrow);
        const std::string now = ui.focused_label();
        CHECK(names.count(now) == 1);
        seen.insert(now);
        order.push_back(now);
    }
    CHECK(seen.size() == 3);
    ui.press(ImGuiKey_UpArrow);
    CHECK(ui.focused_label() == order[1]);
}
