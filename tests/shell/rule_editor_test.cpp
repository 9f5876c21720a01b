// The rule editor of a smart group (F12), driven headless by its labels over a real in-memory Store: a rule
// built by clicking, its live preview, the text view and back, parse errors, saving, New smart group, and
// clearing a rule.
#include <algorithm>
#include <chrono>
#include <doctest/doctest.h>
#include <string>
#include <thread>
#include <vector>

#include "../must.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "shell/screens/group_page.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr std::int64_t kClockStart = 1767603600000;  // 2026-01-05T09:00:00Z

// Riverside with a Job Title field and three people; Teachers is a manual group with Zoë in it.
struct World : ShellFixture {
    Id science = department("Science");
    Id maths = department("Maths");
    Id ada = person("ada@s.org", "Ada", "Abbott", science);
    Id bo = person("bo@s.org", "Bo", "Chen", maths);
    Id cy = person("cy@s.org", "Zoë", "Dart", science);
    Id teachers = group("Teachers");

    World() : ShellFixture({.seed = 7, .clock_start = kClockStart, .clock_step = 1000}) {
        must(add_field(*store, owner, "Job Title", FieldType::kText));
        must(add_field(*store, owner, "Hire Date", FieldType::kDate));
        must(edit_user(*store, owner, ada, {.fields = {{"Job Title", "Teacher"}}}));
        must(edit_user(*store, owner, bo, {.fields = {{"Job Title", "Lead Teacher"}, {"Hire Date", "2025-09-01"}}}));
        must(edit_user(*store, owner, cy, {.fields = {{"Job Title", "Nurse"}, {"Hire Date", "2026-01-02"}}}));
        AddPeople people;
        people.users = {cy};
        must(add_people(*store, owner, teachers, people));
        attach(Screen::Groups);
    }

    // The people in a group with role member, sorted by id.
    std::vector<Id> members(Id group) {
        std::vector<Id> out;
        for (const GroupPerson& p : group_people(*store, group))
            if (p.direct_role == GroupRole::kMember) out.push_back(p.user.id);
        std::sort(out.begin(), out.end());
        return out;
    }
    std::optional<Id> find(const std::string& name) {
        for (const GroupRow& row : group_tree(*store, GroupSort::kNewest))
            if (row.name == name) return row.id;
        return std::nullopt;
    }
};

// Items drawn later sit on top (a dialog over the page): the last one with the label.
bool click_last(UiDriver& ui, const std::string& label) {
    int n = 0;
    while (ui.find(label, n) != nullptr) ++n;
    return n > 0 && ui.click(label, n - 1);
}

// Opens a list (a row's combo) and picks an entry.
void pick(UiDriver& ui, const std::string& list, const std::string& entry) {
    REQUIRE_MESSAGE(ui.click(list), list);
    ui.frame(2);
    REQUIRE_MESSAGE(click_last(ui, entry), entry);
    ui.frame(2);
}

// Replaces the text of the field labelled `label`.
void retype(UiDriver& ui, const std::string& label, const std::string& text) {
    REQUIRE(ui.click(label));
    ui.press(ImGuiKey_A, true);
    ui.press(ImGuiKey_Backspace);
    ui.type(text);
    ui.frame(2);
}

void open_page(World& w, UiDriver& ui, Id group) {
    open_group_page(w.state, group);
    ui.frame(3);
}

}  // namespace

TEST_CASE("a rule built by clicking previews who would join and leave, and saving makes it so") {
    World w;
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    CHECK_FALSE(ui.has_text("Smart group:"));
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    REQUIRE(ui.find("Subject, row 1") != nullptr);
    CHECK(ui.has_text("Add a condition to see who matches."));  // a first row, not filled in yet

    pick(ui, "Subject, row 1", "Field: Job Title");
    pick(ui, "Operator, row 1", "contains");
    REQUIRE(ui.click("Value, row 1"));
    ui.type("teacher");
    ui.frame(2);

    // The text view follows the builder, and the preview follows the text.
    CHECK(ui.has_text("field \"Job Title\" contains \"teacher\""));
    CHECK(ui.has_text("2 match: +2 join, -1 leave"));
    CHECK(ui.has_text("Would join (2)"));
    CHECK(ui.has_text("Would leave (1)"));
    CHECK(ui.has_text("Ada Abbott"));
    CHECK(ui.has_text("Bo Chen"));
    CHECK(ui.has_text("Zoë Dart"));
    CHECK(w.members(w.teachers) == std::vector<Id>{w.cy});  // nothing saved yet

    REQUIRE(click_last(ui, "Make smart"));
    ui.frame(3);
    CHECK(ui.find("Subject, row 1") == nullptr);  // the dialog closed
    CHECK(w.members(w.teachers) == std::vector<Id>{w.ada, w.bo});
    CHECK(smart_rule(*w.store, w.teachers)->text == "field \"Job Title\" contains \"teacher\"");
    CHECK(ui.has_text("Teachers is now a smart group: 2 match: +2 join, -1 leave."));
    // The page's header shows the rule, and the button edits it.
    CHECK(ui.has_text("Smart group:"));
    CHECK(ui.has_text("field \"Job Title\" contains \"teacher\""));
    CHECK(ui.find("Rule…") != nullptr);
    CHECK(ui.find("Make smart…") == nullptr);
}

TEST_CASE("a slow preview waits for a pause in typing; a quick one follows every keystroke") {
    World w;
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    pick(ui, "Subject, row 1", "Field: Job Title");
    pick(ui, "Operator, row 1", "contains");
    REQUIRE(ui.click("Value, row 1"));
    ui.type("teacher");
    ui.frame(2);
    REQUIRE(ui.has_text("2 match: +2 join, -1 leave"));

    // As if the last preview had read a district of 100,000 people.
    w.state.views.groups.rule.preview_ms = 1000.0;
    retype(ui, "Value, row 1", "teachers");
    CHECK(ui.has_text("field \"Job Title\" contains \"teachers\""));  // the text follows at once
    CHECK(ui.has_text("The preview follows when you pause typing."));
    CHECK_FALSE(ui.has_text("2 match: +2 join, -1 leave"));  // no stale preview meanwhile
    CHECK_FALSE(ui.has_text("0 match: +0 join, -1 leave"));

    std::this_thread::sleep_for(std::chrono::milliseconds(450));
    ui.frame(2);
    CHECK(ui.has_text("0 match: +0 join, -1 leave"));
    CHECK_FALSE(ui.has_text("The preview follows when you pause typing."));

    // That preview was quick, so the next keystrokes are previewed as they come.
    retype(ui, "Value, row 1", "teacher");
    CHECK(ui.has_text("2 match: +2 join, -1 leave"));
    CHECK(w.members(w.teachers) == std::vector<Id>{w.cy});  // nothing saved
}

TEST_CASE("blocks nest by clicking, and the text view and the builder follow each other") {
    World w;
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    pick(ui, "Subject, row 1", "Field: Job Title");
    REQUIRE(ui.click("Value, row 1"));
    ui.type("teacher");
    ui.frame(2);

    // All of: the title, and a block "Any of" two departments.
    REQUIRE(click_last(ui, "Add block"));
    ui.frame(2);
    REQUIRE(ui.find("Match, row 2") != nullptr);
    pick(ui, "Subject, row 2.1", "Department");
    pick(ui, "Value, row 2.1", "Science");
    REQUIRE(ui.click("Add condition, row 2"));
    ui.frame(2);
    pick(ui, "Subject, row 2.2", "Status");
    pick(ui, "Value, row 2.2", "Invited");
    CHECK(ui.has_text("field \"Job Title\" contains \"teacher\" and (department is \"Science\" or status is invited)"));
    CHECK(ui.has_text("1 match: +1 join, -1 leave"));  // Ada (Science); Bo is in Maths

    // "not" on a row, "None of" for a block.
    REQUIRE(ui.click("Not, row 1"));
    ui.frame(2);
    CHECK(ui.has_text("not field \"Job Title\" contains \"teacher\" and (department is \"Science\""));
    REQUIRE(ui.click("Not, row 1"));
    ui.frame(2);
    pick(ui, "Match, row 2", "None of");
    CHECK(
        ui.has_text("field \"Job Title\" contains \"teacher\" and not (department is \"Science\" or status is "
                    "invited)"));

    // Typed text rebuilds the builder once it reads correctly.
    retype(ui, "Rule as text", "email ends with \"@s.org\" or last name is one of (\"Chen\", \"Dart\")");
    CHECK(ui.find("Subject, row 2.1") == nullptr);
    REQUIRE(ui.find("Value, row 2") != nullptr);
    CHECK(ui.has_text("Any of"));
    CHECK(ui.has_text("ends with"));
    CHECK(ui.has_text("Chen, Dart"));
    CHECK(ui.has_text("3 match: +2 join, -0 leave"));

    // And the builder rewrites the text.
    pick(ui, "Operator, row 1", "starts with");
    retype(ui, "Value, row 1", "ada");
    CHECK(ui.has_text("email starts with \"ada\" or last name is one of (\"Chen\", \"Dart\")"));
    CHECK(ui.has_text("3 match: +2 join, -0 leave"));
    REQUIRE(ui.click("Remove row 2"));
    ui.frame(2);
    CHECK(ui.has_text("1 match: +1 join, -1 leave"));
}

TEST_CASE("a rule that does not parse shows its error and column under the text, and cannot be saved") {
    World w;
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    retype(ui, "Rule as text", "email contains");
    CHECK(ui.has_text("Column 15: expected a quoted value after 'contains'"));
    CHECK(ui.has_text("The preview follows once the rule reads correctly."));
    REQUIRE(click_last(ui, "Make smart"));
    ui.frame(2);
    CHECK_FALSE(is_smart(*w.store, w.teachers));
    CHECK(ui.find("Rule as text") != nullptr);  // still open

    retype(ui, "Rule as text", "field \"Shoe Size\" is \"9\"");
    CHECK(ui.has_text("Column 7: unknown field \"Shoe Size\""));

    // Fixed: the builder shows it, and the error goes.
    retype(ui, "Rule as text", "email contains \"bo\"");
    CHECK_FALSE(ui.has_text("Column "));
    CHECK(ui.has_text("1 match: +1 join, -1 leave"));
    REQUIRE(ui.find("Value, row 1") != nullptr);

    // Escape closes without changes.
    ui.press(ImGuiKey_Escape);  // leaves the field
    ui.press(ImGuiKey_Escape);  // asks: the dialog holds changes
    ui.frame(2);
    CHECK(ui.has_text("Discard changes?"));
    REQUIRE(click_last(ui, "Discard"));
    ui.frame(2);
    CHECK(ui.find("Rule as text") == nullptr);
    CHECK_FALSE(is_smart(*w.store, w.teachers));
}

TEST_CASE("a date field takes a date typed or picked from a month") {
    World w;
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    pick(ui, "Subject, row 1", "Field: Hire Date");
    CHECK(ui.has_text("is before"));
    REQUIRE(ui.click("Value, row 1"));
    ui.type("2026-13-01");
    ui.frame(2);
    CHECK(ui.has_text("Row 1: write the date as YYYY-MM-DD."));
    // The month of today (the store's clock: 5 January 2026), a click on the 1st.
    REQUIRE(ui.click("Pick a date, row 1"));
    ui.frame(2);
    CHECK(ui.has_text("January 2026"));  // the typed value is not a date: the month of today
    REQUIRE(ui.find("Previous month") != nullptr);
    REQUIRE(click_last(ui, "1"));
    ui.frame(2);
    CHECK(ui.has_text("field \"Hire Date\" before 2026-01-01"));
    CHECK(ui.has_text("1 match: +1 join, -1 leave"));  // Bo, hired in 2025
}

TEST_CASE("a rule that would read its own group is refused in the dialog") {
    World w;
    const Id nurses = w.group("Nurses");
    must(set_rule(*w.store, w.owner, nurses, "group \"Teachers\" has member"));
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    pick(ui, "Subject, row 1", "Member of group");
    pick(ui, "Value, row 1", "Nurses");
    CHECK(ui.has_text("group \"Nurses\" has member"));
    REQUIRE(click_last(ui, "Make smart"));
    ui.frame(2);
    CHECK_FALSE(is_smart(*w.store, w.teachers));
    CHECK(ui.find("Value, row 1") != nullptr);  // still open, saying why (the preview says it before saving)
    CHECK(ui.has_text("The rule of Teachers cannot read"));
    CHECK(ui.has_text("a group's rule may not depend on the group itself."));
}

TEST_CASE("a new smart group from the Groups screen: its name, the builder and the preview") {
    World w;
    UiDriver ui(w.state);
    ui.frame(2);
    REQUIRE(ui.click("New smart group"));
    ui.frame(3);
    ui.type("Nurses");
    pick(ui, "Subject, row 1", "Field: Job Title");
    pick(ui, "Operator, row 1", "is");
    REQUIRE(ui.click("Value, row 1"));
    ui.type("nurse");
    ui.frame(2);
    CHECK(ui.has_text("1 match: +1 join, -0 leave"));
    CHECK(ui.has_text("Would be members (1)"));
    CHECK(ui.has_text("Zoë Dart"));
    REQUIRE(click_last(ui, "Create smart group"));
    ui.frame(3);
    const auto nurses = w.find("Nurses");
    REQUIRE(nurses);
    CHECK(is_smart(*w.store, *nurses));
    CHECK(w.members(*nurses) == std::vector<Id>{w.cy});
    CHECK(ui.has_text("Created the smart group Nurses with 1 member by its rule."));
}

TEST_CASE("clearing a rule, confirmed, keeps the members as a manual group") {
    World w;
    must(set_rule(*w.store, w.owner, w.teachers, "field \"Job Title\" contains \"teacher\""));
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    CHECK(ui.has_text("Smart group:"));
    REQUIRE(ui.click("Rule…"));
    ui.frame(3);
    // The builder shows the saved rule.
    CHECK(ui.has_text("Field: Job Title"));
    CHECK(ui.has_text("0 match") == false);
    CHECK(ui.has_text("2 match: +0 join, -0 leave"));
    REQUIRE(ui.click("Clear rule"));
    ui.frame(3);
    CHECK(ui.has_text("Clear the rule of Teachers?"));
    CHECK(ui.has_text("Teachers becomes a manual group and keeps its 2 members."));
    REQUIRE(click_last(ui, "Clear rule"));
    ui.frame(3);
    CHECK_FALSE(is_smart(*w.store, w.teachers));
    CHECK(w.members(w.teachers) == std::vector<Id>{w.ada, w.bo});
    CHECK(ui.has_text("Teachers is a manual group now, with its 2 members."));
    CHECK(ui.find("Make smart…") != nullptr);
}

TEST_CASE("a rule copied from another smart group is previewed, then saved as a copy") {
    World w;
    const Id nurses = w.group("Nurses");
    must(set_rule(*w.store, w.owner, nurses, "field \"Job Title\" is \"nurse\""));
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    pick(ui, "Copy rule from", "Nurses");
    CHECK(ui.has_text("field \"Job Title\" is \"nurse\""));
    CHECK(ui.has_text("1 match: +0 join, -0 leave"));
    REQUIRE(click_last(ui, "Make smart"));
    ui.frame(2);
    CHECK(smart_rule(*w.store, w.teachers)->text == "field \"Job Title\" is \"nurse\"");
    CHECK(w.members(w.teachers) == std::vector<Id>{w.cy});
}

TEST_CASE("people who may not set rules see the buttons disabled, with the reason") {
    World w;
    // A group admin of Teachers manages its people but not its rule (an org-wide permission).
    AddPeople admin;
    admin.users = {w.bo};
    admin.role = GroupRole::kAdmin;
    must(add_people(*w.store, w.owner, w.teachers, admin));
    w.state.actor = w.bo;
    UiDriver ui(w.state);
    open_page(w, ui, w.teachers);
    REQUIRE(ui.find("Make smart…") != nullptr);
    REQUIRE(ui.click("Make smart…"));
    ui.frame(3);
    CHECK(ui.find("Subject, row 1") == nullptr);  // nothing opened
    close_group_page(w.state);
    ui.frame(2);
    REQUIRE(ui.click("New smart group"));
    ui.frame(3);
    CHECK(ui.find("Subject, row 1") == nullptr);
}
