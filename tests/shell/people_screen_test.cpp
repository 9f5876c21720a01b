// The People screen driven by its labels over a real in-memory store: adding, editing, status, roles.
#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <string_view>

#include "../must.h"
#include "core/access/roles.h"
#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
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

// An organisation with an owner, a department, a date field, and the app attached to it.
struct PeopleFixture : ShellFixture {
    Id science = 0;

    PeopleFixture() : ShellFixture({.plan = Plan::kEssentials}) {
        science = department("Science");
        must(add_field(*store, owner, "Hire Date", FieldType::kDate));
        must(add_field(*store, owner, "Location", FieldType::kChoice, {"North", "South"}));
        attach(Screen::People);
    }
};

UiDriver::Options tall() {
    UiDriver::Options options;
    options.height = 1600;  // the person panel shows whole, without scrolling
    return options;
}

// Replaces the text of the field labelled `label`.
void fill(UiDriver& ui, std::string_view label, std::string_view text) {
    REQUIRE_MESSAGE(ui.click(label), "no field labelled " << label);
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type(text);
}

bool has_item(const UiDriver& ui, std::string_view label) { return ui.find(label) != nullptr; }

// Clicks a person's row: their panel opens.
void open_row(UiDriver& ui, std::string_view name) { REQUIRE_MESSAGE(ui.click(name), "no row " << name); }

}  // namespace

TEST_CASE("adding a person by clicking puts them in the core and opens their panel") {
    PeopleFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Add person"));
    REQUIRE(ui.has_text("Add a person"));

    fill(ui, "Email", "ada@riverside.example");
    fill(ui, "First name", "Ada");
    fill(ui, "Last name", "Lovelace");
    REQUIRE(ui.click("Department"));
    REQUIRE(ui.click("Science"));
    fill(ui, "Hire Date", "2021-08-19");
    REQUIRE(ui.click("Add"));

    auto ada = find_user_by_email(*f.store, "ada@riverside.example");
    REQUIRE(ada);
    CHECK(ada->display_name() == "Ada Lovelace");
    CHECK(ada->department_id == f.science);
    REQUIRE(field_values(*f.store, ada->id).size() == 1);
    CHECK(field_values(*f.store, ada->id)[0].value == "2021-08-19");
    CHECK(ui.has_text("Added Ada Lovelace."));
    REQUIRE(f.state.views.people.open_person == ada->id);
    CHECK(has_item(ui, "Ada Lovelace"));  // the list's row
    CHECK(has_item(ui, "Save changes"));  // the panel
}

TEST_CASE("adding a person with an email already in use shows the core's message in the dialog") {
    PeopleFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Add person"));
    fill(ui, "Email", "olivia@riverside.example");
    fill(ui, "First name", "Other");
    REQUIRE(ui.click("Add"));

    CHECK(ui.has_text("The email olivia@riverside.example already belongs to Olivia Owens."));
    CHECK(user_count(*f.store) == 1);
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Add a person"));
}

TEST_CASE("a bad date shows the core's message next to Save changes; fixing it saves") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(has_item(ui, "Save changes"));

    fill(ui, "Hire Date", "2021-13-40");
    fill(ui, "Last name", "Murray Hopper");
    REQUIRE(ui.click("Save changes"));

    CHECK(ui.has_text("Hire Date must be a date written YYYY-MM-DD, not '2021-13-40'."));
    CHECK(find_user(*f.store, grace)->last_name == "Hopper");  // nothing was written
    CHECK(field_values(*f.store, grace).empty());

    fill(ui, "Hire Date", "2021-12-09");
    REQUIRE(ui.click("Save changes"));

    CHECK(ui.has_text("Saved."));
    CHECK_FALSE(ui.has_text("must be a date"));
    CHECK(find_user(*f.store, grace)->last_name == "Murray Hopper");
    REQUIRE(field_values(*f.store, grace).size() == 1);
    CHECK(field_values(*f.store, grace)[0].value == "2021-12-09");
}

TEST_CASE("a choice field is a combo of its choices") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Location"));
    REQUIRE(ui.click("South"));
    REQUIRE(ui.click("Save changes"));

    REQUIRE(field_values(*f.store, grace).size() == 1);
    CHECK(field_values(*f.store, grace)[0].value == "South");
}

TEST_CASE("deactivating and reactivating a person") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople add;
    add.emails = {"grace@riverside.example"};
    must(add_people(*f.store, f.owner, group, add));
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");

    // Asked first, saying what she keeps and what she loses; Cancel changes nothing.
    REQUIRE(ui.click("Deactivate"));
    CHECK(ui.has_text("Deactivate Grace Hopper?"));
    CHECK(ui.has_text("They keep their data, their roles and their 1 group, but can no longer act"));
    CHECK(find_user(*f.store, grace)->status == UserStatus::kActive);
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Deactivate Grace Hopper?"));
    CHECK(find_user(*f.store, grace)->status == UserStatus::kActive);

    REQUIRE(ui.click("Deactivate"));
    REQUIRE(ui.click("Deactivate", 1));  // the question's button
    CHECK(find_user(*f.store, grace)->status == UserStatus::kDeactivated);
    CHECK(ui.has_text("Grace Hopper is deactivated."));
    CHECK(has_item(ui, "Reactivate"));

    REQUIRE(ui.click("Reactivate"));
    CHECK(find_user(*f.store, grace)->status == UserStatus::kActive);
    CHECK(has_item(ui, "Deactivate"));
}

TEST_CASE("the owner cannot deactivate themselves: the core says so in the panel") {
    PeopleFixture f;
    UiDriver ui(f.state, tall());
    open_row(ui, "Olivia Owens");
    REQUIRE(ui.click("Deactivate"));
    REQUIRE(ui.click("Deactivate", 1));
    CHECK(ui.has_text("You cannot deactivate yourself."));
    CHECK(find_user(*f.store, f.owner)->status == UserStatus::kActive);
}

TEST_CASE("the Invited tab lists invitations only, with counts on every tab") {
    PeopleFixture f;
    f.person("grace@riverside.example", "Grace", "Hopper");
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople invite;
    invite.emails = {"newcomer@riverside.example"};
    must(add_people(*f.store, f.owner, group, invite));
    UiDriver ui(f.state, tall());
    CHECK(has_item(ui, "Grace Hopper"));
    CHECK(has_item(ui, "newcomer@riverside.example"));  // an invitation without a name shows its email

    REQUIRE(ui.click("Invited"));

    CHECK(f.state.views.people.tab == StatusTab::kInvited);
    CHECK(has_item(ui, "newcomer@riverside.example"));
    CHECK_FALSE(has_item(ui, "Grace Hopper"));
    CHECK_FALSE(has_item(ui, "Olivia Owens"));
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{3, 2, 1, 0});

    open_row(ui, "newcomer@riverside.example");
    CHECK(ui.has_text("Invitation waiting"));
    CHECK(ui.has_text("accepts the invitation themselves"));
}

TEST_CASE("acting as an invited person from their panel shows the accept banner") {
    PeopleFixture f;
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople invite;
    invite.emails = {"newcomer@riverside.example"};
    must(add_people(*f.store, f.owner, group, invite));
    UiDriver ui(f.state, tall());
    open_row(ui, "newcomer@riverside.example");
    REQUIRE(ui.click("Act as newcomer@riverside.example"));

    CHECK(f.state.actor_status == UserStatus::kInvited);
    CHECK(has_item(ui, "Accept invitation"));
}

TEST_CASE("the search box filters by name or email, ignoring case and accents") {
    PeopleFixture f;
    f.person("zoe@riverside.example", "Zoë", "Quinn");
    f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Search by name or email"));
    ui.type("ZOE");

    CHECK(has_item(ui, "Zoë Quinn"));
    CHECK_FALSE(has_item(ui, "Grace Hopper"));
    CHECK(f.state.views.people.shown.counts[0] == 1);

    ui.press(ImGuiKey_A, true);
    ui.type("hopper@");  // no such text in any name or email
    CHECK(ui.has_text("Nobody matches this search and status."));
}

TEST_CASE("granting Department Admin of a department from the panel, then revoking it") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");

    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Department Admin"));
    REQUIRE(ui.click("Department to administer"));
    REQUIRE(ui.click("Science"));
    REQUIRE(ui.click("Grant"));

    auto roles = roles_of(*f.store, grace);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].role == OrgRole::kDepartmentAdmin);
    CHECK(roles[0].department == f.science);
    CHECK(ui.has_text("Department Admin of Science"));
    CHECK(ui.has_text("granted by Olivia Owens"));

    REQUIRE(ui.click("Revoke"));
    // Revoking takes power away: it is asked first, and Cancel keeps the role.
    CHECK(ui.has_text("Revoke Department Admin of Science from Grace Hopper?"));
    CHECK(roles_of(*f.store, grace).size() == 1);
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Revoke Department Admin of Science from Grace Hopper?"));
    CHECK(roles_of(*f.store, grace).size() == 1);
    REQUIRE(ui.click("Revoke"));
    REQUIRE(ui.click("Revoke", 1));  // the confirmation's button
    CHECK(roles_of(*f.store, grace).empty());
    CHECK(ui.has_text("Revoked Department Admin of Science."));
}

TEST_CASE("Department Admin without a department is not sent to the core") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Department Admin"));
    REQUIRE(ui.click("Grant"));
    CHECK(ui.has_text("Choose the department they will administer."));
    CHECK(roles_of(*f.store, grace).empty());
}

TEST_CASE("a Group User Manager acting cannot grant Admin: the core's refusal is shown") {
    PeopleFixture f;
    Id ulla = f.person("ulla@riverside.example", "Ulla", "Umber");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    must(grant_role(*f.store, f.owner, ulla, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
    set_actor(f.state, ulla);
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Admin"));
    REQUIRE(ui.click("Grant"));

    CHECK(ui.has_text("Ulla Umber may not grant"));
    CHECK(roles_of(*f.store, grace).empty());
}

TEST_CASE("the panel lists the groups the person belongs to directly, with their role") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople add;
    add.users = {grace};
    add.role = GroupRole::kMentor;
    must(add_people(*f.store, f.owner, group, add));
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Memberships"));

    CHECK(ui.has_text("Grade 9"));
    CHECK(ui.has_text("Mentor"));
}

TEST_CASE("a change made elsewhere refreshes the list and the open panel") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");

    UserEdit edit;
    edit.first_name = "Amazing Grace";
    must(edit_user(*f.store, f.owner, grace, edit));
    ui.frame(2);

    CHECK(has_item(ui, "Amazing Grace Hopper"));
    CHECK(f.state.views.people.form.first_name == "Amazing Grace");
}

TEST_CASE("after the screen's own changes, the list updated in place equals a fresh read") {
    PeopleFixture f;
    f.person("zoe@riverside.example", "Zoë", "Quinn");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    fill(ui, "First name", "Amazing Grace");
    REQUIRE(ui.click("Department"));
    REQUIRE(ui.click("Science"));
    REQUIRE(ui.click("Save changes"));
    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Org Group Manager"));
    REQUIRE(ui.click("Grant"));
    REQUIRE(ui.click("Deactivate"));
    REQUIRE(ui.click("Deactivate", 1));
    REQUIRE(ui.click("Add person"));
    fill(ui, "Email", "aaron@riverside.example");
    fill(ui, "First name", "Aaron");
    REQUIRE(ui.click("Add"));

    const std::vector<PersonRow> fresh = people_rows(*f.store);
    const std::vector<PersonRow>& shown = cached_people_rows(f.state);
    REQUIRE(shown.size() == fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
        CAPTURE(fresh[i].name);
        CHECK(shown[i].id == fresh[i].id);
        CHECK(shown[i].name == fresh[i].name);
        CHECK(shown[i].email == fresh[i].email);
        CHECK(shown[i].status == fresh[i].status);
        CHECK(shown[i].department_id == fresh[i].department_id);
        CHECK(shown[i].department == fresh[i].department);
        CHECK(shown[i].roles == fresh[i].roles);
        CHECK(shown[i].search_key == fresh[i].search_key);
    }
    CHECK(find_user(*f.store, grace)->status == UserStatus::kDeactivated);
    CHECK(ui.has_text("Org Group Manager"));  // the list's Org roles column
}
