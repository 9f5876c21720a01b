// What the acting person can do, shown before they try (issue 15): disabled actions with the core's reason on
// hover, the plan's use, the Users column with inherited staff, Act as, My groups, the invitation banner, and
// uploads of people into one group (also by dropping a file) and invitations by upload.
#include <doctest/doctest.h>
#include <string>
#include <string_view>

#include "../must.h"
#include "core/access/access.h"
#include "core/access/roles.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "shell/drop.h"
#include "shell/screens/group_page.h"
#include "shell/session.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr std::int64_t kClockStart = 1767603600000;  // 2026-01-05T09:00:00Z

struct Planner : ShellFixture {
    explicit Planner(Plan plan = Plan::kEnterprise, Screen screen = Screen::Groups)
        : ShellFixture({.plan = plan, .seed = 11, .clock_start = kClockStart, .clock_step = 1000}) {
        attach(screen);
    }
    void join(Id group, Id user, GroupRole role = GroupRole::kMember) {
        AddPeople people;
        people.users = {user};
        people.role = role;
        must(add_people(*store, owner, group, people));
    }
    void grant(Id user, OrgRole role) { must(grant_role(*store, owner, user, {role, std::nullopt, std::nullopt})); }
    std::string refusal(Id actor, Cmd cmd, const AccessTarget& target = {}) {
        auto allowed = can(*store, actor, cmd, target);
        REQUIRE_FALSE(allowed);
        return allowed.error().message;
    }
    std::optional<GroupRole> role_of(Id group, Id user) {
        for (const GroupPerson& p : group_people(*store, group))
            if (p.user.id == user) return p.direct_role;
        return std::nullopt;
    }
};

// Rests the pointer on the item, as a person reads a tooltip.
void hover(UiDriver& ui, std::string_view label) {
    const UiSnapshot::Item* item = ui.find(label);
    REQUIRE(item != nullptr);
    ui.move_to(item->x + item->w * 0.5f, item->y + item->h * 0.5f);
    ui.frame(2);
}

OpenedFile file_of(const std::string& name, const std::string& text) {
    return {name, std::vector<std::uint8_t>(text.begin(), text.end())};
}

const UiSnapshot::Item* starting(const UiDriver& ui, std::string_view prefix) {
    for (const UiSnapshot::Item& item : ui.snapshot().items)
        if (item.label.rfind(prefix, 0) == 0) return &item;
    return nullptr;
}

}  // namespace

// ---- Disabled actions with their reason ---------------------------------------------------------------------

TEST_CASE("a Group User Manager sees New group disabled, with the core's reason on hover") {
    Planner f;
    Id gum = f.person("ulla@riverside.example", "Ulla", "Umber");
    f.grant(gum, OrgRole::kGroupUserManager);
    set_actor(f.state, gum);
    UiDriver ui(f.state);
    ui.frame(2);
    const std::string reason = f.refusal(gum, Cmd::kGroupCreate);

    REQUIRE(ui.click("New group"));
    CHECK(ui.find("Create group") == nullptr);  // no form to fill and be refused
    hover(ui, "New group");
    CHECK(ui.has_text(reason));
}

TEST_CASE("a plain member sees Add members, Manage group and Copy people disabled on the group's page") {
    Planner f;
    Id grade9 = f.group("Grade 9");
    Id paul = f.person("paul@riverside.example", "Paul", "Plain");
    f.join(grade9, paul);
    set_actor(f.state, paul);
    open_group_page(f.state, grade9);
    UiDriver ui(f.state);
    ui.frame(2);

    for (const char* action : {"Add members", "Manage group", "Copy people", "Upload CSV"}) {
        CAPTURE(action);
        REQUIRE(ui.click(action));
        CHECK(ui.find("Cancel") == nullptr);  // no dialog opened
    }
    hover(ui, "Manage group");
    CHECK(ui.has_text(f.refusal(paul, Cmd::kGroupEdit, {.group = grade9})));
    hover(ui, "Add members");
    CHECK(ui.has_text(f.refusal(paul, Cmd::kMemberAdd, {.group = grade9})));
}

TEST_CASE("a group admin's Add members stays enabled, and the row menu disables only what they may not do") {
    Planner f;
    Id grade9 = f.group("Grade 9");
    Id grade10 = f.group("Grade 10");
    Id lena = f.person("lena@riverside.example", "Lena", "Leader");
    f.join(grade9, lena, GroupRole::kAdmin);
    set_actor(f.state, lena);
    f.state.views.groups.mine_only = false;
    open_group_page(f.state, grade9);
    UiDriver ui(f.state);
    ui.frame(2);
    REQUIRE(ui.click("Add members"));
    CHECK(ui.has_text("Or invite by email"));
    REQUIRE(ui.click("Cancel"));

    // In the list, Grade 10's menu: Manage group is refused, with the reason on hover.
    close_group_page(f.state);
    ui.frame(2);
    REQUIRE(ui.click("All groups"));
    REQUIRE(ui.click("Actions for Grade 10"));
    REQUIRE(ui.click("Manage group"));
    CHECK(ui.find("Save changes") == nullptr);
    hover(ui, "Manage group");  // the menu stays open: a disabled item does nothing
    CHECK(ui.has_text(f.refusal(lena, Cmd::kGroupEdit, {.group = grade10})));
}

// ---- The plan's use ---------------------------------------------------------------------------------------------

TEST_CASE("the Groups screen shows the plan's use and, at the cap, says so before the form, with the way out") {
    Planner f(Plan::kEssentials);
    for (const char* name : {"Grade 9", "Grade 10", "Grade 11", "Grade 12"}) f.group(name);
    UiDriver ui(f.state);
    ui.frame(2);
    CHECK(ui.has_text("4 of 5 groups on Essentials"));
    CHECK_FALSE(ui.has_text("plan is full"));

    f.group("Grade 13");
    ui.frame(2);
    CHECK(ui.has_text("5 of 5 groups on Essentials"));
    CHECK(ui.has_text("The Essentials plan is full"));
    REQUIRE(ui.click("New group"));
    CHECK(ui.find("Create group") == nullptr);
    hover(ui, "New group");
    CHECK(ui.has_text(*plan_cap_message(*f.store)));
    REQUIRE(ui.click("Change the plan in Settings"));
    CHECK(f.state.screen == Screen::Settings);
}

// ---- The Users column ------------------------------------------------------------------------------------------

TEST_CASE("the Users column counts inherited staff too, saying how many are direct") {
    Planner f;
    Id district = f.group("Riverside District");
    Id school = f.group("Hill School", district);
    Id klass = f.group("Class 9A", school);
    Id head = f.person("head@riverside.example", "Hal", "Head");
    Id coach = f.person("coach@riverside.example", "Cora", "Coach");
    Id pia = f.person("pia@riverside.example", "Pia", "Pupil");
    Id tom = f.person("tom@riverside.example", "Tom", "Pupil");
    f.join(district, head, GroupRole::kAdmin);
    f.join(school, coach, GroupRole::kMentor);
    f.join(klass, pia);
    f.join(klass, tom);
    UiDriver ui(f.state);
    ui.frame(2);
    CHECK(ui.has_text("4 (2 direct)"));  // Class 9A: Pia and Tom, and the head and the coach from above
    CHECK(ui.has_text("2 (1 direct)"));  // Hill School: the coach, and the head from the district
}

// ---- Act as -------------------------------------------------------------------------------------------------------

TEST_CASE("Act as: the search has focus, each person shows their org roles, and the owner comes first") {
    Planner f;
    Id aaron = f.person("aaron@riverside.example", "Aaron", "Abbot");
    f.grant(aaron, OrgRole::kGroupUserManager);
    f.person("zed@riverside.example", "Zed", "Zimmer");
    UiDriver ui(f.state);
    ui.frame(2);
    const UiSnapshot::Item* me = starting(ui, "Olivia Owens");
    REQUIRE(me != nullptr);
    ui.click_at(me->x + me->w * 0.5f, me->y + me->h * 0.5f);
    ui.frame(2);

    // The owner before Aaron, although Aaron sorts first; roles under each name.
    const UiSnapshot::Item* owner_row = starting(ui, "Olivia Owens  <");
    const UiSnapshot::Item* aaron_row = starting(ui, "Aaron Abbot  <");
    REQUIRE(owner_row != nullptr);
    REQUIRE(aaron_row != nullptr);
    CHECK(owner_row->y < aaron_row->y);
    CHECK(ui.has_text("Group User Manager"));
    CHECK(ui.has_text("No org role"));

    // Typing goes straight into the search.
    ui.type("zed");
    CHECK(starting(ui, "Zed Zimmer  <") != nullptr);
    CHECK(starting(ui, "Aaron Abbot  <") == nullptr);
    CHECK(starting(ui, "Olivia Owens  <") == nullptr);

    // One Escape closes the list, although the search has the keyboard.
    ui.press(ImGuiKey_Escape);
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Grove checks every change"));
}

// ---- My groups -----------------------------------------------------------------------------------------------------

TEST_CASE("a member acting as themselves sees My groups first; All groups shows the whole tree") {
    Planner f;
    Id school = f.group("Hill School");
    Id grade9 = f.group("Grade 9", school);
    f.group("Grade 10", school);
    f.group("Chess Club");
    Id pia = f.person("pia@riverside.example", "Pia", "Pupil");
    f.join(grade9, pia);

    UiDriver ui(f.state);
    ui.frame(2);
    CHECK(ui.find("Chess Club") != nullptr);  // the owner sees the whole tree

    set_actor(f.state, pia);
    ui.frame(2);
    CHECK(f.state.views.groups.mine_only);
    CHECK(ui.find("Grade 9") != nullptr);
    CHECK(ui.find("Hill School") != nullptr);  // where it sits
    CHECK(ui.find("Grade 10") == nullptr);
    CHECK(ui.find("Chess Club") == nullptr);
    CHECK(ui.has_text("1 of 4 groups are yours"));

    REQUIRE(ui.click("All groups"));
    CHECK(ui.find("Grade 10") != nullptr);
    CHECK(ui.find("Chess Club") != nullptr);
}

// ---- The invitation banner ---------------------------------------------------------------------------------------

TEST_CASE("the invitation banner refuses an empty name with a message, and accepts a full one") {
    Planner f;
    Id grade9 = f.group("Grade 9");
    AddPeople invite;
    invite.emails = {"new@riverside.example"};
    Id invitee = must(add_people(*f.store, f.owner, grade9, invite)).invited.at(0);
    set_actor(f.state, invitee);
    UiDriver ui(f.state);
    ui.frame(2);
    REQUIRE(ui.click("Accept invitation"));
    CHECK(ui.has_text("Give your first and last name to accept the invitation."));
    CHECK(find_user(*f.store, invitee)->status == UserStatus::kInvited);

    f.state.views.welcome.accept_first = "Nia";  // as typed into the banner's fields
    f.state.views.welcome.accept_last = "New";
    REQUIRE(ui.click("Accept invitation"));
    CHECK(find_user(*f.store, invitee)->status == UserStatus::kActive);
}

// ---- A group's own upload, and dropped files --------------------------------------------------------------------

TEST_CASE("Upload CSV on a group's page previews the file, then puts everyone into that group") {
    Planner f;
    Id grade9 = f.group("Grade 9");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    open_group_page(f.state, grade9);
    UiDriver ui(f.state);
    ui.frame(2);
    REQUIRE(ui.click("Upload CSV"));
    REQUIRE(ui.click("Download the sample"));
    REQUIRE(f.platform.downloads().size() == 1);
    CHECK(f.platform.downloads()[0].file_name == "grade-9-members-sample.csv");

    f.platform.queue_file("grade-9.csv", "email,role\ngrace@riverside.example,mentor\nivy@riverside.example,\n");
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    CHECK(ui.has_text("Every row is right. Would invite 1 person; add 2 memberships."));
    CHECK(ui.has_text("line 2: put Grace Hopper <grace@riverside.example> into Grade 9 as a mentor"));
    CHECK_FALSE(f.role_of(grade9, grace));  // nothing applied yet
    REQUIRE(ui.click("Apply the upload"));
    CHECK(f.role_of(grade9, grace) == GroupRole::kMentor);
    CHECK(ui.has_text("grade-9.csv: Invited 1 person; added 2 memberships."));
}

TEST_CASE("a file with problems is listed and not applied; invitations can be turned off") {
    Planner f;
    Id grade9 = f.group("Grade 9");
    open_group_page(f.state, grade9);
    UiDriver ui(f.state);
    ui.frame(2);
    REQUIRE(ui.click("Upload CSV"));
    REQUIRE(ui.click("Invite emails nobody has yet"));
    f.platform.queue_file("grade-9.csv", "email\nivy@riverside.example\n");
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    CHECK(ui.has_text("grade-9.csv:2: no person has the email 'ivy@riverside.example'"));
    const auto before = f.store->db().serialize();
    REQUIRE(ui.click("Apply the upload"));
    CHECK(f.store->db().serialize() == before);
}

TEST_CASE("a CSV dropped on a group's page opens that group's upload; elsewhere, Import & export's") {
    Planner f;
    Id grade9 = f.group("Grade 9");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    open_group_page(f.state, grade9);
    UiDriver ui(f.state);
    ui.frame(2);
    handle_dropped_file(f.state, file_of("team.csv", "email\ngrace@riverside.example\n"));
    ui.frame(2);
    CHECK(ui.has_text("Would add 1 membership."));
    REQUIRE(ui.click("Apply the upload"));
    CHECK(f.role_of(grade9, grace) == GroupRole::kMember);

    close_group_page(f.state);
    ui.frame(2);
    const std::string people = "email,first_name,last_name\nalan@riverside.example,Alan,Turing\n";
    handle_dropped_file(f.state, file_of("staff.csv", people));
    ui.frame(2);
    CHECK(f.state.screen == Screen::Exchange);
    CHECK(f.state.views.exchange.upload.file_name == "staff.csv");
    CHECK(ui.has_text("Every row is right"));

    handle_dropped_file(f.state, file_of("photo.png", "x"));
    CHECK(f.state.error_message.find("photo.png is not a CSV file") == 0);
}

// ---- Invitations by upload and new fields in the mapping ---------------------------------------------------------

TEST_CASE("the memberships upload invites unknown emails by default, as Add members does") {
    Planner f(Plan::kEnterprise, Screen::Exchange);
    Id grade9 = f.group("Grade 9");
    UiDriver ui(f.state);
    ui.frame(2);
    REQUIRE(ui.click("Memberships (people into groups)"));
    f.platform.queue_file("grade-9.csv", "email,group\nivy@riverside.example,grade-9\n");
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    CHECK(ui.has_text("Every row is right. Would invite 1 person; add 1 membership."));
    REQUIRE(ui.click("Apply the upload"));
    for (int i = 0; i < 100 && f.state.views.exchange.upload.apply; ++i) ui.frame();
    auto ivy = find_user_by_email(*f.store, "ivy@riverside.example");
    REQUIRE(ivy);
    CHECK(ivy->status == UserStatus::kInvited);
    CHECK(f.role_of(grade9, ivy->id) == GroupRole::kMember);
}

TEST_CASE("the column mapping creates a new additional field in place") {
    Planner f(Plan::kEnterprise, Screen::Exchange);
    f.platform.queue_file("staff.csv",
                          "email,first name,last name,Position\ngrace@riverside.example,Grace,Hopper,Teacher\n");
    UiDriver ui(f.state);
    ui.frame(2);
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    REQUIRE(ui.click("Goes to Position"));
    ui.frame(2);
    REQUIRE(ui.click("New text field \"Position\""));
    ui.frame(2);
    auto field = find_field(*f.store, "Position");
    REQUIRE(field);
    CHECK(field->type == FieldType::kText);
    CHECK(ui.has_text("Every row is right"));
}
