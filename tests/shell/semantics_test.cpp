// The semantics the screen-reader mirror reads (shell/ui_snapshot.h): roles, states and regions of real screens.
#include <doctest/doctest.h>
#include <string>

#include "core/org/groups.h"
#include "imgui.h"
#include "shell/a11y_actions.h"
#include "shell/ui_snapshot.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

struct World : ShellFixture {
    World() : ShellFixture({.seed = 7}) { attach(Screen::Groups); }
    Id group(const std::string& name, std::optional<Id> parent = std::nullopt) {
        NewGroup g;
        g.name = name;
        g.parent_id = parent;
        auto created = create_group(*store, owner, g);
        REQUIRE(created.ok());
        return created->id;
    }
};

const UiSnapshot::Container& container_of(const UiSnapshot& s, const UiSnapshot::Item& item) {
    REQUIRE(item.parent >= 0);
    return s.containers[static_cast<std::size_t>(item.parent)];
}

}  // namespace

TEST_CASE("the groups' list is a tree whose items have their level, open state and selection") {
    World w;
    const Id school = w.group("Northgate");
    w.group("Grade 9", school);
    UiDriver ui(w.state);
    ui.frame(2);
    const UiSnapshot& s = ui.snapshot();

    const auto* tree = s.find_container(Role::kTree, "Groups");
    REQUIRE(tree != nullptr);
    const auto* parent = s.find_container(Role::kTreeItem, "Northgate");
    const auto* child = s.find_container(Role::kTreeItem, "Grade 9");
    REQUIRE(parent != nullptr);
    REQUIRE(child != nullptr);
    CHECK(parent->level == 1);
    CHECK(child->level == 2);
    CHECK(parent->expanded == 1);
    CHECK(child->expanded == -1);  // no children: neither open nor closed
    CHECK(parent->selected == 0);
    CHECK(&s.containers[static_cast<std::size_t>(child->parent)] == tree);

    // The row's controls sit inside its tree item, with their roles; the checkbox says its state.
    const auto* select = ui.find("Select Grade 9");
    REQUIRE(select != nullptr);
    CHECK(select->role == Role::kCheckbox);
    CHECK(select->checked == 0);
    CHECK(container_of(s, *select).label == "Grade 9");
    const auto* link = ui.find("Grade 9");
    REQUIRE(link != nullptr);
    CHECK(link->role == Role::kLink);

    REQUIRE(ui.click("Select Grade 9"));
    ui.frame();
    CHECK(ui.find("Select Grade 9")->checked == 1);
    CHECK(ui.snapshot().find_container(Role::kTreeItem, "Grade 9")->selected == 1);

    REQUIRE(ui.click("Collapse Northgate"));
    ui.frame();
    CHECK(ui.snapshot().find_container(Role::kTreeItem, "Northgate")->expanded == 0);
    CHECK(ui.snapshot().find_container(Role::kTreeItem, "Grade 9") == nullptr);
}

TEST_CASE("a dialog is a modal dialog named by its title, its fields textboxes with their text") {
    World w;
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Chess club");
    ui.frame();
    const UiSnapshot& s = ui.snapshot();
    const auto* dialog = s.find_container(Role::kDialog, "New group");
    REQUIRE(dialog != nullptr);
    CHECK(dialog->modal);
    const auto* name = s.find("Name");
    REQUIRE(name != nullptr);
    CHECK(name->role == Role::kTextbox);
    CHECK(name->text == "Chess club");
    CHECK(container_of(s, *name).role == Role::kDialog);
    CHECK(s.text_id == name->id);  // being edited
    const auto* description = s.find("Description");
    REQUIRE(description != nullptr);
    CHECK(description->role == Role::kMultiline);
    CHECK(s.find("Create group")->role == Role::kButton);
}

TEST_CASE("the sidebar is the navigation, the page title a heading, the save state and outcomes live regions") {
    World w;
    UiDriver ui(w.state);
    ui.frame(2);
    const UiSnapshot& s = ui.snapshot();
    const auto* groups = s.find("Groups");
    REQUIRE(groups != nullptr);
    CHECK(container_of(s, *groups).role == Role::kNavigation);
    CHECK(container_of(s, *groups).label == "Sections");
    CHECK(s.find_container(Role::kHeading, "Groups") != nullptr);

    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Chess club");
    REQUIRE(ui.click("Create group"));
    ui.frame();
    const auto* notice = ui.snapshot().find_container(Role::kStatus, "Notice");
    REQUIRE(notice != nullptr);
    CHECK(notice->text.find("Created the group Chess club.") != std::string::npos);
}

TEST_CASE("a row's menu is a menu of menu items") {
    World w;
    w.group("Northgate");
    UiDriver ui(w.state);
    REQUIRE(ui.click("Actions for Northgate"));
    ui.frame(2);
    const UiSnapshot& s = ui.snapshot();
    const auto* manage = s.find("Manage group");
    REQUIRE(manage != nullptr);
    CHECK(manage->role == Role::kMenuItem);
    CHECK(container_of(s, *manage).role == Role::kMenu);
}

TEST_CASE("the mirror's requests: a field takes the text set on its mirrored input, a widget the focus") {
    World w;
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    const auto* name = ui.snapshot().find("Name");
    REQUIRE(name != nullptr);
    a11y::request_text(name->id, "Set by a screen reader");
    ui.frame(2);
    CHECK(ui.snapshot().find("Name")->text == "Set by a screen reader");
    REQUIRE(ui.click("Create group"));
    ui.frame();
    CHECK(ui.has_text("Created the group Set by a screen reader."));

    const auto* new_group = ui.snapshot().find("New group");
    REQUIRE(new_group != nullptr);
    a11y::request_focus(new_group->id);
    ui.frame(2);
    CHECK(ui.snapshot().focus_id == new_group->id);
    CHECK_FALSE(a11y::pending());
}
