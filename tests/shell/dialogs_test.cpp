// Dialogs and notices across screens: Escape closes the innermost thing, Enter submits, the button row is
// the same everywhere, notices fade and belong to the acting person, demoting staff is confirmed, and
// deleting many groups states the totals (issue 15, "Dialogs and messages").
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "shell/screens/group_dialogs.h"
#include "shell/session.h"
#include "shell/widgets/notice.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

bool click_last(UiDriver& ui, const std::string& label) {
    int n = 0;
    while (ui.find(label, n) != nullptr) ++n;
    return n > 0 && ui.click(label, n - 1);
}

std::optional<Id> group_named(Store& store, const std::string& name) {
    for (const GroupRow& row : group_tree(store, GroupSort::kNewest))
        if (row.name == name) return row.id;
    return std::nullopt;
}

// Frames for this many seconds of the driver's clock (1/60 s a frame).
void wait_seconds(UiDriver& ui, double seconds) { ui.frame(static_cast<int>(seconds * 60.0) + 1); }

}  // namespace

TEST_CASE("Escape in a text field leaves the field and keeps the text; then the dialog asks before discarding") {
    ShellFixture f;
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Grade 9");

    ui.press(ImGuiKey_Escape);  // the field stops editing; the dialog stays, with what was typed
    CHECK(ui.find("Create group") != nullptr);
    CHECK(f.state.views.groups.form.name == "Grade 9");
    CHECK_FALSE(ui.has_text("Discard changes?"));

    ui.press(ImGuiKey_Escape);  // now the dialog: it holds changes, so it asks
    CHECK(ui.has_text("Discard changes?"));
    REQUIRE(click_last(ui, "Keep editing"));
    CHECK_FALSE(ui.has_text("Discard changes?"));
    CHECK(ui.find("Create group") != nullptr);
    CHECK(f.state.views.groups.form.name == "Grade 9");

    ui.press(ImGuiKey_Escape);
    REQUIRE(click_last(ui, "Discard"));
    CHECK(ui.find("Create group") == nullptr);
    CHECK_FALSE(group_named(*f.store, "Grade 9"));
}

TEST_CASE("Escape with the Nest under list open closes the list, not the dialog") {
    ShellFixture f;
    f.group("District");
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    REQUIRE(ui.click("Nest under"));
    REQUIRE(ui.find("Type to filter") != nullptr);  // the list is open, its filter taking keys
    ui.press(ImGuiKey_Escape);                      // the filter stops editing
    ui.press(ImGuiKey_Escape);                      // the list closes
    CHECK(ui.find("Type to filter") == nullptr);
    CHECK(ui.find("Create group") != nullptr);  // the dialog is still open
    ui.press(ImGuiKey_Escape);                  // nothing typed: the dialog closes at once
    CHECK(ui.find("Create group") == nullptr);
}

TEST_CASE("Manage group with nothing changed closes on Escape; with a change it asks") {
    ShellFixture f;
    const Id grade = f.group("Grade 9");
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    start_manage_group(f.state, grade);
    ui.frame(2);
    REQUIRE(ui.find("Save changes") != nullptr);
    ui.press(ImGuiKey_Escape);
    CHECK(ui.find("Save changes") == nullptr);

    start_manage_group(f.state, grade);
    ui.frame(2);
    REQUIRE(ui.click("Staff of parent groups reach this group"));
    ui.press(ImGuiKey_Escape);
    CHECK(ui.has_text("Discard changes?"));
    ui.press(ImGuiKey_Escape);  // Escape in the question keeps editing
    CHECK_FALSE(ui.has_text("Discard changes?"));
    CHECK(ui.find("Save changes") != nullptr);
}

TEST_CASE("Enter adds a person from the Add person dialog") {
    ShellFixture f;
    f.attach(Screen::People);
    UiDriver ui(f.state);
    REQUIRE(ui.click("Add person"));
    ui.frame(2);
    ui.type("ada@riverside.example");
    REQUIRE(ui.click("First name"));
    ui.type("Ada");
    REQUIRE(ui.click("Last name"));
    ui.type("Lovelace");
    ui.press(ImGuiKey_Enter);
    const auto ada = find_user_by_email(*f.store, "ada@riverside.example");
    REQUIRE(ada);
    CHECK(ada->display_name() == "Ada Lovelace");
    CHECK(ui.has_text("Added Ada Lovelace."));
}

TEST_CASE("every dialog puts Cancel, then its primary button, at the right end of its last line") {
    ShellFixture f;
    const Id grade = f.group("Grade 9");
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    auto check_row = [&](const char* primary) {
        INFO(primary);
        const auto* cancel = ui.find("Cancel");
        const auto* action = ui.find(primary);
        REQUIRE(cancel != nullptr);
        REQUIRE(action != nullptr);
        CHECK(cancel->x + cancel->w < action->x);
        CHECK(cancel->y == doctest::Approx(action->y));
    };
    start_new_group(f.state, std::nullopt);
    ui.frame(2);
    check_row("Create group");
    ui.press(ImGuiKey_Escape);
    start_add_members(f.state, grade);
    ui.frame(2);
    check_row("Add");
    ui.press(ImGuiKey_Escape);
    start_delete_groups(f.state, {grade}, false);
    ui.frame(2);
    check_row("Delete group");
    ui.press(ImGuiKey_Escape);

    REQUIRE(ui.click("People"));
    REQUIRE(ui.click("Add person"));
    ui.frame(2);
    check_row("Add");
}

TEST_CASE("a success notice fades after a few seconds; an error stays until dismissed") {
    ShellFixture f;
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Grade 9");
    REQUIRE(ui.click("Create group"));
    CHECK(ui.has_text("Created the group Grade 9."));
    wait_seconds(ui, kNoticeSeconds - 1.0);
    CHECK(ui.has_text("Created the group Grade 9."));
    wait_seconds(ui, 1.5);  // fading: still there, fainter
    CHECK(ui.has_text("Created the group Grade 9."));
    wait_seconds(ui, kNoticeFadeSeconds);
    CHECK_FALSE(ui.has_text("Created the group Grade 9."));

    f.state.views.groups.list_notice.set_error("Something was refused.");
    wait_seconds(ui, kNoticeSeconds + kNoticeFadeSeconds + 1.0);
    CHECK(ui.has_text("Something was refused."));
    REQUIRE(ui.click("Dismiss"));
    CHECK_FALSE(ui.has_text("Something was refused."));
}

TEST_CASE("switching the acting person clears the previous person's notices") {
    ShellFixture f;
    const Id bo = f.person("bo@riverside.example", "Bo", "Chen");
    f.attach(Screen::People);
    UiDriver ui(f.state);
    REQUIRE(ui.click("Add person"));
    ui.frame(2);
    ui.type("ada@riverside.example");
    REQUIRE(ui.click("First name"));
    ui.type("Ada");
    REQUIRE(ui.click("Add"));
    CHECK(ui.has_text("Added Ada."));

    set_actor(f.state, bo);
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Added Ada."));
    REQUIRE(ui.click("Groups"));
    f.state.views.groups.list_notice.set_error("Bo Chen may not create a group here.");
    ui.frame(2);
    CHECK(ui.has_text("Bo Chen may not create a group here."));
    set_actor(f.state, f.owner);
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Bo Chen may not create a group here."));
}

TEST_CASE("deleting fifty checked groups states the memberships and subgroups of all of them") {
    ShellFixture f;
    const Id ada = f.person("ada@riverside.example", "Ada", "Lovelace");
    std::vector<Id> chosen;
    for (int i = 0; i < 50; ++i) {
        const Id g = f.group("Class " + std::to_string(i));
        chosen.push_back(g);
        REQUIRE(add_people(*f.store, f.owner, g, {{ada}, {}, GroupRole::kMember}));
        if (i % 10 == 0) f.group("Club " + std::to_string(i), g);
    }
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    start_delete_groups(f.state, chosen, false);
    ui.frame(2);
    CHECK(ui.has_text("And 45 more groups."));
    CHECK(
        ui.has_text("In all, deleting these 50 groups removes 50 memberships; 5 subgroups move up to the groups "
                    "above them."));
    REQUIRE(ui.click("Also delete their subgroups"));
    CHECK(ui.has_text("In all, deleting these 50 groups and 5 subgroups below them removes 50 memberships."));
}

TEST_CASE("demoting a group admin is confirmed; promoting is not") {
    ShellFixture f;
    const Id grade = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.example", "Ada", "Lovelace");
    REQUIRE(add_people(*f.store, f.owner, grade, {{ada}, {}, GroupRole::kAdmin}));
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    auto role = [&] {
        for (const GroupPerson& p : group_people(*f.store, grade))
            if (p.user.id == ada) return p.direct_role;
        return std::optional<GroupRole>{};
    };
    REQUIRE(ui.click("Grade 9"));
    REQUIRE(ui.click("Actions for Ada Lovelace"));
    REQUIRE(ui.click("Make member"));
    CHECK(ui.has_text("Make Ada Lovelace a member of Grade 9?"));
    CHECK(role() == GroupRole::kAdmin);  // not yet
    REQUIRE(click_last(ui, "Cancel"));
    CHECK(role() == GroupRole::kAdmin);

    REQUIRE(ui.click("Actions for Ada Lovelace"));
    REQUIRE(ui.click("Make member"));
    REQUIRE(click_last(ui, "Make member"));
    CHECK(role() == GroupRole::kMember);
    CHECK(ui.has_text("Ada Lovelace is now a member of Grade 9."));

    REQUIRE(ui.click("Actions for Ada Lovelace"));
    REQUIRE(ui.click("Make mentor"));  // a promotion: at once
    CHECK(role() == GroupRole::kMentor);
    CHECK_FALSE(ui.has_text("Make Ada Lovelace a mentor of Grade 9?"));
}

TEST_CASE("removing a mentor says what they lose before it is confirmed") {
    ShellFixture f;
    const Id grade = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.example", "Ada", "Lovelace");
    REQUIRE(add_people(*f.store, f.owner, grade, {{ada}, {}, GroupRole::kMentor}));
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    REQUIRE(ui.click("Grade 9"));
    REQUIRE(ui.click("Actions for Ada Lovelace"));
    REQUIRE(ui.click("Remove from group"));
    ui.frame(2);
    CHECK(ui.has_text("Ada Lovelace is a mentor of Grade 9 and will no longer mentor its members."));
    CHECK(group_people(*f.store, grade).size() == 1);
    REQUIRE(click_last(ui, "Remove"));
    CHECK(group_people(*f.store, grade).empty());
}
