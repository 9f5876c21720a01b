// The settings screen's field actions (F2): renaming a field, changing a choice field's choices while mapping
// the values people hold, and deleting a field with its values, each through its dialog.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/org/audit.h"
#include "core/org/fields.h"
#include "core/org/people.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/session.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// Job Titel (text) held by Ada; Level (Junior, Senoir, Staff) held as Senoir by Ada and Bo, Junior by Cy.
struct Planner : ShellFixture {
    Id ada = 0, bo = 0, cy = 0;
    Planner() : ShellFixture({.seed = 9}) {
        Store& s = *store;
        REQUIRE(add_field(s, owner, "Job Titel", FieldType::kText));
        REQUIRE(add_field(s, owner, "Level", FieldType::kChoice, {"Junior", "Senoir", "Staff"}));
        ada = person("ada@riverside.example", "Ada", "Abbott");
        bo = person("bo@riverside.example", "Bo", "Chen");
        cy = person("cy@riverside.example", "Cy", "Dart");
        REQUIRE(edit_user(s, owner, ada, {.fields = {{"Job Titel", "Teacher"}, {"Level", "Senoir"}}}));
        REQUIRE(edit_user(s, owner, bo, {.fields = {{"Level", "Senoir"}}}));
        REQUIRE(edit_user(s, owner, cy, {.fields = {{"Level", "Junior"}}}));
        attach(Screen::Settings);
    }
    std::string value(Id user, const std::string& field) {
        for (const auto& v : field_values(*store, user))
            if (v.field_name == field) return v.value;
        return "(none)";
    }
};

// Selects all of the focused input's text and types over it.
void retype(UiDriver& ui, const std::string& text) {
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type(text);
}

}  // namespace

TEST_CASE("renaming a field through its dialog: a clash shows at the name, then the rename goes through") {
    Planner org;
    UiDriver ui(org.state);
    REQUIRE(ui.click("Rename Job Titel"));
    CHECK(ui.has_text("Rename field"));
    REQUIRE(ui.click("New name"));
    retype(ui, "level");
    CHECK(ui.has_text("A field named Level already exists."));
    retype(ui, "Email");
    CHECK(ui.has_text("A field cannot be called 'Email': every person already has Email."));
    REQUIRE(ui.click("Rename field"));  // disabled: nothing happens
    CHECK(find_field(*org.store, "Job Titel"));

    REQUIRE(ui.click("New name"));
    retype(ui, "Job Title");
    CHECK_FALSE(ui.has_text("already exists"));
    REQUIRE(ui.click("Rename field"));
    CHECK_FALSE(find_field(*org.store, "Job Titel"));
    CHECK(org.value(org.ada, "Job Title") == "Teacher");
    CHECK(ui.has_text("Renamed the field Job Titel to Job Title."));
    CHECK_FALSE(ui.has_text("Rename field"));
    CHECK(ui.find("Rename Job Title"));
}

TEST_CASE("renaming a choice in its row renames it for its holders; a removed one asks where its holders go") {
    Planner org;
    UiDriver ui(org.state);
    CHECK_FALSE(ui.find("Choices of Job Titel"));  // only a choice field has choices
    REQUIRE(ui.click("Choices of Level"));
    CHECK(ui.has_text("Change choices"));
    CHECK(ui.has_text("2 people"));  // beside Senoir
    // Senoir is corrected in its row: its two holders follow without being asked.
    REQUIRE(ui.click("Choice 2"));
    retype(ui, "Senior");
    CHECK(ui.has_text("2 people hold Senoir"));
    CHECK(ui.find("New choice for Senoir"));
    // Junior goes: its holder needs a choice, and saving waits for it.
    REQUIRE(ui.click("Remove choice 1"));
    CHECK(ui.has_text("1 person holds Junior"));
    CHECK(ui.has_text("Pick a new choice"));
    REQUIRE(ui.click("Save choices"));  // disabled
    CHECK(find_field(*org.store, "Level")->choices == std::vector<std::string>{"Junior", "Senoir", "Staff"});
    REQUIRE(ui.click("New choice for Junior"));
    REQUIRE(ui.click("Staff"));
    REQUIRE(ui.click("Add choice"));
    REQUIRE(ui.click("Choice 3"));
    ui.type("Lead");
    REQUIRE(ui.click("Save choices"));

    CHECK(find_field(*org.store, "Level")->choices == std::vector<std::string>{"Senior", "Staff", "Lead"});
    CHECK(org.value(org.ada, "Level") == "Senior");
    CHECK(org.value(org.bo, "Level") == "Senior");
    CHECK(org.value(org.cy, "Level") == "Staff");
    CHECK(
        ui.has_text("Changed the choices of Level to Senior, Staff, Lead; mapped Senoir to Senior for 2 people (Ada "
                    "Abbott and Bo Chen); Junior to Staff for 1 person (Cy Dart)."));
    auto log = read_audit(*org.store, org.owner, {.limit = 1});
    REQUIRE(log);
    CHECK(log->at(0).action == "field.choices");
}

TEST_CASE("a choice a smart group's rule compares with: the core's refusal names the group in the dialog") {
    Planner org;
    Id seniors = org.group("Seniors");
    REQUIRE(set_rule(*org.store, org.owner, seniors, R"(field "Level" is "Senoir")"));
    UiDriver ui(org.state);
    REQUIRE(ui.click("Choices of Level"));
    REQUIRE(ui.click("Choice 2"));
    retype(ui, "Senior");
    REQUIRE(ui.click("Save choices"));
    CHECK(ui.has_text(
        "The choice Senoir of Level cannot go: the rule of Seniors compares Level with it; change that rule first."));
    CHECK(ui.has_text("Change choices"));  // the dialog stays open
    CHECK(org.value(org.ada, "Level") == "Senoir");
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Change choices"));
}

TEST_CASE("deleting a field asks first, counting the values that go with it") {
    Planner org;
    UiDriver ui(org.state);
    REQUIRE(ui.click("Delete Level"));
    CHECK(ui.has_text("Delete the field Level?"));
    CHECK(ui.has_text("3 people hold a value in Level: they go with the field. This cannot be undone."));
    REQUIRE(ui.click("Cancel"));
    CHECK(find_field(*org.store, "Level"));

    REQUIRE(ui.click("Delete Level"));
    REQUIRE(ui.click("Delete field and 3 values"));
    CHECK_FALSE(find_field(*org.store, "Level"));
    CHECK(org.value(org.cy, "Level") == "(none)");
    CHECK(ui.has_text("Deleted the field Level and 3 values."));
    CHECK_FALSE(ui.find("Delete Level"));
}

TEST_CASE("a field a smart group's rule reads cannot be deleted: the dialog names the group and offers no delete") {
    Planner org;
    Id teachers = org.group("Teachers");
    REQUIRE(set_rule(*org.store, org.owner, teachers, R"(field "Job Titel" contains "teach")"));
    UiDriver ui(org.state);
    REQUIRE(ui.click("Delete Job Titel"));
    CHECK(ui.has_text("The field Job Titel cannot be deleted: the rule of Teachers reads it; change that rule first."));
    CHECK_FALSE(ui.has_text("This cannot be undone."));
    REQUIRE(ui.click("Delete field"));  // disabled
    CHECK(find_field(*org.store, "Job Titel"));
}

TEST_CASE("a person without org.settings sees the field actions disabled") {
    Planner org;
    set_actor(org.state, org.bo);
    UiDriver ui(org.state);
    REQUIRE(ui.click("Rename Level"));
    CHECK_FALSE(ui.has_text("Rename field"));
    REQUIRE(ui.click("Delete Level"));
    CHECK_FALSE(ui.has_text("Delete the field Level?"));
    CHECK(find_field(*org.store, "Level"));
}
