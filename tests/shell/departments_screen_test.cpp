// The Departments screen driven by its labels over a real in-memory store: the chart and its changes.
#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <string_view>

#include "../must.h"
#include "core/access/roles.h"
#include "core/org/departments.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/session.h"
#include "shell/store_link.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

using grove::testing::must;

namespace {

struct DepartmentsFixture : ShellFixture {
    DepartmentsFixture() : ShellFixture({.plan = Plan::kEssentials}) { attach(Screen::Departments); }

    Id person(const std::string& email, const std::string& first, std::optional<Id> department) {
        return ShellFixture::person(email, first, "Tester", department);
    }
    std::optional<Id> parent_of(Id department) { return find_department(*store, department)->parent_id; }
};

void fill(UiDriver& ui, std::string_view label, std::string_view text) {
    REQUIRE_MESSAGE(ui.click(label), "no field labelled " << label);
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type(text);
}

// The item labelled `action` on the same line as the item labelled `row` (a row's own button).
const UiSnapshot::Item* in_row(const UiDriver& ui, std::string_view row, std::string_view action) {
    const UiSnapshot::Item* line = ui.find(row);
    if (line == nullptr) return nullptr;
    for (const UiSnapshot::Item& item : ui.snapshot().items) {
        const float middle = item.y + item.h * 0.5f;
        if (item.label == action && middle >= line->y && middle <= line->y + line->h) return &item;
    }
    return nullptr;
}

void click_in_row(UiDriver& ui, std::string_view row, std::string_view action) {
    const UiSnapshot::Item* item = in_row(ui, row, action);
    REQUIRE_MESSAGE(item != nullptr, "no " << action << " in the row of " << row);
    ui.click_at(item->x + item->w * 0.5f, item->y + item->h * 0.5f);
}

}  // namespace

TEST_CASE("creating a department, then a nested one under it, by clicking") {
    DepartmentsFixture f;
    UiDriver ui(f.state);
    CHECK(ui.has_text("No departments yet."));

    REQUIRE(ui.click("New department"));
    fill(ui, "Name", "Science");
    REQUIRE(ui.click("Create"));
    auto tree = department_tree(*f.store);
    REQUIRE(tree.size() == 1);
    CHECK(tree[0].department.name == "Science");
    CHECK(ui.find("Science") != nullptr);

    REQUIRE(ui.click("New department"));
    fill(ui, "Name", "Biology");
    REQUIRE(ui.click("Parent department"));
    REQUIRE(ui.click("Science", 1));  // the picker's entry (the chart's row comes first)
    REQUIRE(ui.click("Create"));

    tree = department_tree(*f.store);
    REQUIRE(tree.size() == 2);
    CHECK(tree[1].department.name == "Biology");
    CHECK(tree[1].depth == 1);
    CHECK(tree[1].department.parent_id == tree[0].department.id);
    CHECK(ui.has_text("Created Biology."));
    // Science now has a sub-department: its row offers to collapse it.
    REQUIRE(ui.find("Biology") != nullptr);
    CHECK(in_row(ui, "Science", "Collapse") != nullptr);
    CHECK(in_row(ui, "Biology", "Collapse") == nullptr);
}

TEST_CASE("an empty name is refused by the core, in the dialog") {
    DepartmentsFixture f;
    UiDriver ui(f.state);
    REQUIRE(ui.click("New department"));
    REQUIRE(ui.click("Create"));
    CHECK(ui.has_text("A department needs a name."));
    CHECK(department_tree(*f.store).empty());
}

TEST_CASE("collapsing a department hides its sub-departments; expanding shows them again") {
    DepartmentsFixture f;
    Id science = f.department("Science");
    f.department("Biology", science);
    UiDriver ui(f.state);
    REQUIRE(ui.find("Biology") != nullptr);

    click_in_row(ui, "Science", "Collapse");
    CHECK(ui.find("Biology") == nullptr);

    click_in_row(ui, "Science", "Expand");
    CHECK(ui.find("Biology") != nullptr);
}

TEST_CASE("renaming a department from its actions menu") {
    DepartmentsFixture f;
    Id science = f.department("Science");
    UiDriver ui(f.state);
    click_in_row(ui, "Science", "Department actions");
    REQUIRE(ui.click("Rename"));
    fill(ui, "Name", "Sciences");
    REQUIRE(ui.click("Rename"));  // the dialog's button (the menu closed)
    CHECK(find_department(*f.store, science)->name == "Sciences");
    CHECK(ui.find("Sciences") != nullptr);
}

TEST_CASE("moving a department under its own sub-department is refused with the core's message") {
    DepartmentsFixture f;
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    Id arts = f.department("Arts");
    UiDriver ui(f.state);

    click_in_row(ui, "Science", "Department actions");
    REQUIRE(ui.click("Move under\xe2\x80\xa6"));
    REQUIRE(ui.click("Move under"));
    REQUIRE(ui.click("Biology", 1));  // the picker's entry
    REQUIRE(ui.click("Move"));

    CHECK(ui.has_text("The department Science cannot go under Biology, which is inside it."));
    CHECK_FALSE(f.parent_of(science).has_value());

    // A legal move from the same dialog then works.
    REQUIRE(ui.click("Move under"));
    REQUIRE(ui.click("Arts", 1));
    REQUIRE(ui.click("Move"));
    CHECK(f.parent_of(science) == arts);
    CHECK(f.parent_of(biology) == science);
    CHECK(ui.has_text("Moved Science under Arts."));
}

TEST_CASE("deleting a department moves its people and sub-departments up to its parent") {
    DepartmentsFixture f;
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    Id genetics = f.department("Genetics", biology);
    Id ada = f.person("ada@riverside.example", "Ada", biology);
    Id bea = f.person("bea@riverside.example", "Bea", biology);
    UiDriver ui(f.state);

    click_in_row(ui, "Biology", "Department actions");
    REQUIRE(ui.click("Delete"));
    CHECK(ui.has_text("Delete Biology?"));
    CHECK(ui.has_text("Its 2 people and 1 sub-department move up to Science."));
    REQUIRE(ui.click("Delete department"));

    CHECK_FALSE(find_department(*f.store, biology).has_value());
    CHECK(find_user(*f.store, ada)->department_id == science);
    CHECK(find_user(*f.store, bea)->department_id == science);
    CHECK(f.parent_of(genetics) == science);
    CHECK(ui.find("Biology") == nullptr);
    CHECK(ui.has_text("Deleted Biology"));

    // Science now holds them: selecting it lists them beside the chart.
    REQUIRE(ui.click("Science"));
    CHECK(ui.has_text("People in Science"));
    CHECK(ui.find("Ada Tester") != nullptr);
    CHECK(ui.find("Bea Tester") != nullptr);
}

TEST_CASE("the delete dialog names the Department Admin roles that move up before anything is deleted") {
    DepartmentsFixture f;
    Id district = f.department("Riverside District");
    Id hillcrest = f.department("Hillcrest Academy", district);
    Id daniel = f.person("daniel@riverside.example", "Daniel", hillcrest);
    must(grant_role(*f.store, f.owner, daniel, {OrgRole::kDepartmentAdmin, std::nullopt, hillcrest}));
    UiDriver ui(f.state);

    click_in_row(ui, "Hillcrest Academy", "Department actions");
    REQUIRE(ui.click("Delete"));
    CHECK(ui.has_text("Its 1 person and 0 sub-departments move up to Riverside District."));
    CHECK(ui.has_text("Daniel Tester's Department Admin role moves to Riverside District."));
    CHECK(find_department(*f.store, hillcrest).has_value());  // nothing happens before the confirmation
    REQUIRE(ui.click("Delete department"));

    CHECK_FALSE(find_department(*f.store, hillcrest).has_value());
    auto roles = roles_of(*f.store, daniel);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].label == "Department Admin of Riverside District");
    CHECK(ui.has_text("Daniel Tester's Department Admin role moves to Riverside District."));
}

TEST_CASE("the delete dialog of a top-level department with a Department Admin says why it cannot delete") {
    DepartmentsFixture f;
    Id hillcrest = f.department("Hillcrest Academy");
    Id daniel = f.person("daniel@riverside.example", "Daniel", hillcrest);
    must(grant_role(*f.store, f.owner, daniel, {OrgRole::kDepartmentAdmin, std::nullopt, hillcrest}));
    UiDriver ui(f.state);

    click_in_row(ui, "Hillcrest Academy", "Department actions");
    REQUIRE(ui.click("Delete"));
    CHECK(ui.has_text("Hillcrest Academy still has 1 Department Admin: Daniel Tester. Revoke or move the role first."));
    // The button stays in its place, disabled: clicking it deletes nothing.
    REQUIRE(ui.click("Delete department"));
    CHECK(find_department(*f.store, hillcrest).has_value());
    REQUIRE(ui.click("Cancel"));
    CHECK(find_department(*f.store, hillcrest).has_value());
    CHECK(roles_of(*f.store, daniel).size() == 1);
}

TEST_CASE("clicking a department lists its people; a name opens them on the People screen") {
    DepartmentsFixture f;
    Id science = f.department("Science");
    f.department("Arts");
    Id ada = f.person("ada@riverside.example", "Ada", science);
    f.person("cy@riverside.example", "Cy", std::nullopt);
    UiDriver ui(f.state);
    CHECK(ui.has_text("Select a department"));

    REQUIRE(ui.click("Arts"));
    CHECK(ui.has_text("Nobody is in this department itself."));
    REQUIRE(ui.click("Science"));
    CHECK(ui.find("Ada Tester") != nullptr);
    CHECK(ui.find("Cy Tester") == nullptr);

    REQUIRE(ui.click("Ada Tester"));
    CHECK(f.state.screen == Screen::People);
    CHECK(f.state.views.people.open_person == ada);
}

TEST_CASE("a person without the departments permission is refused by the core, in the dialog") {
    DepartmentsFixture f;
    Id ulla = f.person("ulla@riverside.example", "Ulla", std::nullopt);
    must(grant_role(*f.store, f.owner, ulla, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
    set_actor(f.state, ulla);
    UiDriver ui(f.state);
    REQUIRE(ui.click("New department"));
    fill(ui, "Name", "Science");
    REQUIRE(ui.click("Create"));
    CHECK(ui.has_text("Ulla Tester may not"));
    CHECK(department_tree(*f.store).empty());
}

TEST_CASE("a click that arrives with the mouse, as a browser delivers it, selects the department") {
    DepartmentsFixture f;
    f.department("Science");
    Id arts = f.department("Arts");
    f.department("Painting", arts);
    UiDriver ui(f.state);
    // The mouse rests on another item, then moves onto the row and presses within one frame.
    const UiSnapshot::Item* elsewhere = ui.find("Departments");
    const UiSnapshot::Item* row = ui.find("Arts");
    REQUIRE(elsewhere != nullptr);
    REQUIRE(row != nullptr);
    const ImVec2 target(row->x + row->w * 0.5f, row->y + row->h * 0.5f);
    ui.move_to(elsewhere->x + elsewhere->w * 0.5f, elsewhere->y + elsewhere->h * 0.5f);
    // Straight into ImGui, past the driver's InputQueue (which would give the move a frame of its own).
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(target.x, target.y);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    ui.frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    ui.frame(2);

    CHECK(f.state.views.departments.selected == arts);
    CHECK(ui.has_text("People in Arts"));
}

TEST_CASE("Enter presses the focused button of a dialog, as Space does") {
    DepartmentsFixture f;
    Id science = f.department("Science");
    Id arts = f.department("Arts");
    UiDriver ui(f.state);

    click_in_row(ui, "Science", "Department actions");
    REQUIRE(ui.click("Move under\xe2\x80\xa6"));
    REQUIRE(ui.click("Move under"));
    REQUIRE(ui.click("Arts", 1));   // the picker's entry
    ui.press(ImGuiKey_DownArrow);   // from the picker to the button row (Cancel first, as in every dialog)
    ui.press(ImGuiKey_RightArrow);  // to the Move button, highlighted
    CHECK_FALSE(f.parent_of(science).has_value());
    ui.press(ImGuiKey_Enter);
    CHECK(f.parent_of(science) == arts);
    CHECK(ui.has_text("Moved Science under Arts."));
}
