// The semantics the screen-reader mirror reads (shell/ui_snapshot.h): roles, states and regions of real screens.
#include <doctest/doctest.h>
#include <string>

#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "imgui.h"
#include "shell/a11y_actions.h"
#include "shell/screens/group_page.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/table.h"
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

TEST_CASE("Enter in a mirrored field presses the dialog's main button, once its text is in") {
    World w;
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    const auto* name = ui.snapshot().find("Name");
    REQUIRE(name != nullptr);
    const std::uint32_t name_id = name->id;
    // The text and the Enter arrive before the same frame, as when a screen reader types and presses Enter at once.
    a11y::request_text(name_id, "Debate club");
    a11y::request_enter(name_id);
    ui.frame(3);
    CHECK_FALSE(a11y::pending());
    CHECK(ui.snapshot().find_container(Role::kDialog, "New group") == nullptr);
    CHECK(ui.has_text("Created the group Debate club."));

    // Enter in a field of another window does nothing to a dialog: the request waits for its field, then goes.
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    a11y::request_enter(name_id + 1);  // no such field
    ui.frame(40);
    CHECK_FALSE(a11y::pending());
    CHECK(ui.snapshot().find_container(Role::kDialog, "New group") != nullptr);
}

namespace {

constexpr std::int64_t kOct27 = 1793102400000;  // 2026-10-27T12:00:00Z

// The chess club: Ada Lovelace and sixty more members, more rows than the page has room for.
struct Club : ShellFixture {
    explicit Club(Screen screen) : ShellFixture({.owner_email = "olivia@hill.org", .seed = 7, .clock_start = kOct27}) {
        club = group("Chess club");
        std::vector<Id> members{person("ada@hill.org", "Ada", "Lovelace")};
        for (int i = 0; i < 60; ++i)
            members.push_back(person("z" + std::to_string(i) + "@hill.org", "Zed", std::to_string(100 + i)));
        auto added = add_people(*store, owner, club, {.users = members});
        REQUIRE(added.ok());
        attach(screen);
    }
    Id club = 0;
};

int count_of(const UiSnapshot& s, Role role) {
    int n = 0;
    for (const auto& c : s.containers) n += c.role == role ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("a group's members are a grid counting every member, its rows reading each cell in column order") {
    Club w(Screen::Groups);
    open_group_page(w.state, w.club);
    UiDriver ui(w.state);
    ui.frame(2);
    const UiSnapshot& s = ui.snapshot();
    const auto* grid = s.find_container(Role::kGrid, "Members");
    REQUIRE(grid != nullptr);
    CHECK(grid->row_count == 61);
    // Its columns' headers, from the table (the actions column has no name).
    const std::vector<std::string> columns{"Name", "Email", "Role", "Membership", "Joined", ""};
    CHECK(grid->columns == columns);
    const int drawn = count_of(s, Role::kRow);
    CHECK(drawn > 0);
    CHECK(drawn < 61);  // the clipper draws the rows in view; the grid still counts them all

    const auto* ada = s.find_container(Role::kRow, "Ada Lovelace");
    REQUIRE(ada != nullptr);
    CHECK(ada->row_index == 1);
    CHECK(&s.containers[static_cast<std::size_t>(ada->parent)] == grid);
    REQUIRE(ada->cells.size() == 5);
    CHECK(ada->cells[0] == "Ada Lovelace");
    CHECK(ada->cells[1] == "ada@hill.org");
    CHECK(ada->cells[2] == "Member");
    CHECK(ada->cells[3] == "Direct");
    CHECK(ada->cells[4] == format_day(kOct27));
    // Its controls are in it: the name's link and the row's actions.
    const auto* actions = ui.find("Actions for Ada Lovelace");
    REQUIRE(actions != nullptr);
    CHECK(&container_of(s, *actions) == ada);
}

TEST_CASE("the audit log is a grid of its entries, each row reading when, who, what and the group") {
    Club w(Screen::AuditLog);
    UiDriver ui(w.state);
    ui.frame(2);
    const UiSnapshot& s = ui.snapshot();
    const auto* grid = s.find_container(Role::kGrid, "Audit log");
    REQUIRE(grid != nullptr);
    const int entries = static_cast<int>(w.state.views.audit_log.page.value.entries.size());
    CHECK(entries >= 3);  // the organisation, the group, the people added
    CHECK(grid->row_count == entries);
    const auto* newest = s.find_container(Role::kRow, "Entry 1");
    REQUIRE(newest != nullptr);
    CHECK(newest->row_index == 1);
    REQUIRE(newest->cells.size() == 4);
    CHECK(newest->cells[0] == w.state.views.audit_log.page.value.when[0]);
    CHECK(newest->cells[1] == "Olivia Owens");
    CHECK(newest->cells[2] == w.state.views.audit_log.page.value.what[0]);
    CHECK(newest->cells[3] == "Chess club");
    const auto* open = ui.find("Open entry 1");
    REQUIRE(open != nullptr);
    CHECK(&container_of(s, *open) == newest);
}

TEST_CASE("a combo box says its value and whether its list is open; the list's choices are options") {
    World w;
    w.group("Northgate");
    UiDriver ui(w.state);
    ui.frame(2);
    const auto* sort = ui.find("Sort");
    REQUIRE(sort != nullptr);
    CHECK(sort->role == Role::kCombobox);
    CHECK(sort->text == "Newest first");
    CHECK(sort->expanded == 0);

    REQUIRE(ui.click("Sort"));
    ui.frame(2);
    const UiSnapshot& s = ui.snapshot();
    sort = s.find("Sort");
    REQUIRE(sort != nullptr);
    CHECK(sort->role == Role::kCombobox);
    CHECK(sort->expanded == 1);
    CHECK(sort->parent == -1);  // the box stays where it is drawn, not in its own list
    const auto* title = s.find("Title");
    REQUIRE(title != nullptr);
    CHECK(title->role == Role::kOption);
    CHECK(title->checked == 0);
    CHECK(container_of(s, *title).role == Role::kListbox);
    const auto* newest = s.find("Newest first");
    REQUIRE(newest != nullptr);
    CHECK(newest->role == Role::kOption);
    CHECK(newest->checked == 1);  // selected: what the box shows

    REQUIRE(ui.click("Title"));
    ui.frame(2);
    CHECK(ui.find("Sort")->text == "Title");
    CHECK(ui.find("Sort")->expanded == 0);
}
