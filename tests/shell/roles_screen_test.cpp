// The Roles screen driven by its labels over a real in-memory store: granting, revoking, custom roles,
// and the core's refusals when the acting person lacks the power (F35).
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

struct RolesFixture : ShellFixture {
    Id science = 0;
    Id grace = 0;
    Id ulla = 0;

    RolesFixture() : ShellFixture({.plan = Plan::kEssentials}) {
        science = department("Science");
        grace = person("grace@riverside.example", "Grace", "Hopper", science);
        ulla = person("ulla@riverside.example", "Ulla", "Umber");
        must(grant_role(*store, owner, ulla, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
        attach(Screen::Roles);
    }

    bool holds(Id user, OrgRole role) {
        for (const RoleGrant& grant : roles_of(*store, user)) {
            if (grant.role == role) return true;
        }
        return false;
    }
};

UiDriver::Options tall() {
    UiDriver::Options options;
    options.height = 1700;  // the whole screen without scrolling
    return options;
}

void fill(UiDriver& ui, std::string_view label, std::string_view text) {
    REQUIRE_MESSAGE(ui.click(label), "no field labelled " << label);
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type(text);
}

// Clicks the first item whose label starts with `prefix` (a search result: "Grace Hopper  <email>").
void click_starting(UiDriver& ui, std::string_view prefix) {
    for (const UiSnapshot::Item& item : ui.snapshot().items) {
        if (std::string_view(item.label).substr(0, prefix.size()) == prefix) {
            ui.click_at(item.x + item.w * 0.5f, item.y + item.h * 0.5f);
            return;
        }
    }
    FAIL("no item starting with " << prefix);
}

const UiSnapshot::Item* in_row(const UiDriver& ui, std::string_view row, std::string_view action) {
    const UiSnapshot::Item* line = ui.find(row);
    if (line == nullptr) return nullptr;
    for (const UiSnapshot::Item& item : ui.snapshot().items) {
        const float middle = item.y + item.h * 0.5f;
        if (item.label == action && middle >= line->y && middle <= line->y + line->h) return &item;
    }
    return nullptr;
}

// Picks `person` in the open Grant dialog's search.
void pick(UiDriver& ui, std::string_view search, std::string_view person) {
    REQUIRE(ui.click("Search people by name or email"));
    ui.type(search);
    click_starting(ui, person);
}

}  // namespace

TEST_CASE("every built-in role is listed with its holders; Owner has no Grant and no Revoke") {
    RolesFixture f;
    UiDriver ui(f.state, tall());
    for (const char* role : {"Owner", "Admin", "Org Group Manager", "Group User Manager", "Department Admin"}) {
        CAPTURE(role);
        CHECK(ui.has_text(role));
    }
    CHECK(ui.find("Grant Admin\xe2\x80\xa6") != nullptr);
    CHECK(ui.find("Grant Owner\xe2\x80\xa6") == nullptr);
    CHECK(ui.has_text("Cannot be granted"));
    REQUIRE(ui.find("Olivia Owens") != nullptr);
    CHECK(in_row(ui, "Olivia Owens", "Revoke") == nullptr);
    REQUIRE(ui.find("Ulla Umber") != nullptr);
    CHECK(in_row(ui, "Ulla Umber", "Revoke") != nullptr);
    CHECK(ui.has_text("granted by Olivia Owens"));
}

TEST_CASE("granting Department Admin of a department from the Roles screen, then revoking it") {
    RolesFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Grant Department Admin\xe2\x80\xa6"));
    CHECK(ui.has_text("Grant Department Admin"));
    pick(ui, "grace", "Grace Hopper");
    CHECK(ui.has_text("Chosen: Grace Hopper"));
    REQUIRE(ui.click("Department to administer"));
    REQUIRE(ui.click("Science"));
    REQUIRE(ui.click("Grant"));

    auto roles = roles_of(*f.store, f.grace);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].role == OrgRole::kDepartmentAdmin);
    CHECK(roles[0].department == f.science);
    CHECK(ui.has_text("Granted Department Admin of Science to Grace Hopper."));
    CHECK(ui.has_text("of Science"));

    const UiSnapshot::Item* revoke = in_row(ui, "Grace Hopper", "Revoke");
    REQUIRE(revoke != nullptr);
    ui.click_at(revoke->x + revoke->w * 0.5f, revoke->y + revoke->h * 0.5f);
    CHECK(ui.has_text("Revoke Department Admin of Science from Grace Hopper?"));
    CHECK(roles_of(*f.store, f.grace).size() == 1);  // asked first
    ui.press(ImGuiKey_Enter);                        // the confirmation's primary button
    CHECK(roles_of(*f.store, f.grace).empty());
    CHECK(ui.find("Grace Hopper") == nullptr);
}

TEST_CASE("a Group User Manager acting cannot grant Admin: the core's refusal is visible") {
    RolesFixture f;
    set_actor(f.state, f.ulla);
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Grant Admin\xe2\x80\xa6"));
    pick(ui, "grace", "Grace Hopper");
    REQUIRE(ui.click("Grant"));

    CHECK(ui.has_text("Ulla Umber may not grant"));
    CHECK_FALSE(f.holds(f.grace, OrgRole::kAdmin));
    REQUIRE(ui.click("Cancel"));
}

TEST_CASE("a Group User Manager acting cannot revoke: the refusal shows in the role's row") {
    RolesFixture f;
    must(grant_role(*f.store, f.owner, f.grace, {OrgRole::kOrgGroupManager, std::nullopt, std::nullopt}));
    set_actor(f.state, f.ulla);
    UiDriver ui(f.state, tall());
    const UiSnapshot::Item* revoke = in_row(ui, "Grace Hopper", "Revoke");
    REQUIRE(revoke != nullptr);
    ui.click_at(revoke->x + revoke->w * 0.5f, revoke->y + revoke->h * 0.5f);
    CHECK(ui.has_text("Revoke Org Group Manager from Grace Hopper?"));
    ui.press(ImGuiKey_Enter);  // confirmed
    CHECK(ui.has_text("Ulla Umber may not"));
    CHECK(f.holds(f.grace, OrgRole::kOrgGroupManager));
}

TEST_CASE("defining a custom role with two permissions and granting it") {
    RolesFixture f;
    UiDriver ui(f.state, tall());
    CHECK(ui.has_text("No custom roles yet."));
    REQUIRE(ui.click("New custom role"));
    fill(ui, "Name", "Registrar");
    REQUIRE(ui.click("reports.view"));
    REQUIRE(ui.click("audit.view"));
    REQUIRE(ui.click("Create role"));

    auto registrar = find_custom_role(*f.store, "Registrar");
    REQUIRE(registrar);
    CHECK(registrar->perms == (kPermReports | kPermAudit));
    CHECK(ui.has_text("reports.view, audit.view"));

    REQUIRE(ui.click("Grant Registrar\xe2\x80\xa6"));
    pick(ui, "hop", "Grace Hopper");
    REQUIRE(ui.click("Grant"));

    auto roles = roles_of(*f.store, f.grace);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].role == OrgRole::kCustom);
    CHECK(roles[0].custom_role == registrar->id);
    CHECK(in_row(ui, "Grace Hopper", "Revoke") != nullptr);
}

TEST_CASE("a custom role beyond the definer's power is refused by the core") {
    RolesFixture f;
    set_actor(f.state, f.ulla);
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("New custom role"));
    fill(ui, "Name", "Auditor");
    REQUIRE(ui.click("audit.view"));
    REQUIRE(ui.click("Create role"));
    CHECK(ui.has_text("Ulla Umber may not"));
    CHECK_FALSE(find_custom_role(*f.store, "Auditor"));
}

TEST_CASE("the permission matrix shows the core's roles and the subtree scope") {
    RolesFixture f;
    must(define_custom_role(*f.store, f.owner, "Registrar", kPermReports));
    UiDriver ui(f.state, tall());
    CHECK(ui.has_text("Permission matrix"));
    CHECK(ui.has_text("groups.people"));
    CHECK(ui.has_text("Subtree"));
    CHECK(ui.has_text("Registrar"));
}

TEST_CASE("a holder's name opens them on the People screen") {
    RolesFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Ulla Umber"));
    CHECK(f.state.screen == Screen::People);
    CHECK(f.state.views.people.open_person == f.ulla);
}

namespace {

// A custom role held by Grace and Ulla.
Id registrar_held_by_two(RolesFixture& f, PermSet perms = kPermReports) {
    Id role = must(define_custom_role(*f.store, f.owner, "Registrar", perms)).id;
    must(grant_role(*f.store, f.owner, f.grace, {OrgRole::kCustom, role, std::nullopt}));
    must(grant_role(*f.store, f.owner, f.ulla, {OrgRole::kCustom, role, std::nullopt}));
    return role;
}

}  // namespace

TEST_CASE("renaming a custom role says who holds it before the change, then renames it") {
    RolesFixture f;
    Id role = registrar_held_by_two(f);
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Rename\xe2\x80\xa6"));
    CHECK(ui.has_text("Rename Registrar"));
    CHECK(ui.has_text("2 people hold this role:"));
    CHECK(ui.has_text("Grace Hopper and Ulla Umber."));
    CHECK(ui.has_text("They keep the role under its new name; the change applies to them at once."));
    fill(ui, "New name", "Admin");
    REQUIRE(ui.click("Rename"));
    CHECK(ui.has_text("'Admin' is the name of a built-in role."));  // the core's refusal, in the dialog
    fill(ui, "New name", "Records  Office");
    REQUIRE(ui.click("Rename"));

    CHECK(find_custom_role(*f.store, "Records Office")->id == role);
    CHECK_FALSE(ui.has_text("2 people hold this role:"));  // closed
    CHECK(ui.has_text("Renamed the role Registrar to Records Office."));
    CHECK(ui.find("Grant Records Office\xe2\x80\xa6") != nullptr);
    CHECK(roles_of(*f.store, f.grace).at(0).label == "Records Office");
}

TEST_CASE("editing a custom role's permissions: those the editor does not hold are disabled, saying why") {
    RolesFixture f;
    // Sol defines roles and manages people; nothing else.
    Id office = must(define_custom_role(*f.store, f.owner, "Staff Office", kPermDefineRoles | kPermManageUsers)).id;
    Id sol = must(add_user(*f.store, f.owner, {"sol@riverside.example", "Sol", "Office", std::nullopt, {}})).id;
    must(grant_role(*f.store, f.owner, sol, {OrgRole::kCustom, office, std::nullopt}));
    Id leads = must(define_custom_role(*f.store, f.owner, "Leads", kPermEditGroups)).id;
    must(grant_role(*f.store, f.owner, f.grace, {OrgRole::kCustom, leads, std::nullopt}));
    set_actor(f.state, sol);
    UiDriver ui(f.state, tall());
    // Leads sorts before Staff Office: its row comes first.
    REQUIRE(ui.click("Edit permissions\xe2\x80\xa6"));
    CHECK(ui.has_text("Permissions of Leads"));
    CHECK(ui.has_text("1 person holds this role:"));
    CHECK(ui.has_text("Grace Hopper."));
    CHECK(ui.has_text("The change applies to them at once."));

    // audit.view is not Sol's to give: clicking does nothing, and hovering says why.
    REQUIRE(ui.click("audit.view"));
    CHECK_FALSE(ui.has_text("This change adds audit.view."));
    const UiSnapshot::Item* audit = ui.find("audit.view");
    REQUIRE(audit != nullptr);
    ui.move_to(audit->x + audit->w * 0.5f, audit->y + audit->h * 0.5f);
    ui.frame(2);
    CHECK(
        ui.has_text("Sol Office does not hold audit.view across the whole organisation, so it cannot be added to a "
                    "role."));

    // groups.edit (not Sol's, but already in the role) can be taken away; users.manage (Sol's) added.
    REQUIRE(ui.click("groups.edit"));
    REQUIRE(ui.click("users.manage"));
    CHECK(ui.has_text("This change adds users.manage; removes groups.edit."));
    CHECK(find_custom_role(*f.store, "Leads")->perms == kPermEditGroups);  // nothing until saved
    REQUIRE(ui.click("Save permissions"));
    CHECK(find_custom_role(*f.store, "Leads")->perms == kPermManageUsers);
    CHECK(ui.has_text("Changed the permissions of Leads: adds users.manage; removes groups.edit."));
}

TEST_CASE("deleting a held custom role lists its holders and revokes it from them on confirming") {
    RolesFixture f;
    Id role = registrar_held_by_two(f);
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Delete\xe2\x80\xa6"));
    CHECK(ui.has_text("Delete the role Registrar?"));
    CHECK(ui.has_text("2 people hold this role:"));
    CHECK(ui.has_text("Grace Hopper <grace@riverside.example>"));
    CHECK(ui.has_text("Ulla Umber <ulla@riverside.example>"));
    CHECK(ui.has_text("Deleting the role revokes it from each of them at once: they lose what it allows."));
    REQUIRE(ui.find("Revoke from 2 people and delete") != nullptr);
    REQUIRE(ui.click("Cancel"));
    CHECK(find_custom_role(*f.store, "Registrar"));
    CHECK(custom_role_holders(*f.store, role).size() == 2);

    REQUIRE(ui.click("Delete\xe2\x80\xa6"));
    REQUIRE(ui.click("Revoke from 2 people and delete"));
    CHECK_FALSE(find_custom_role(*f.store, "Registrar"));
    CHECK(roles_of(*f.store, f.grace).empty());
    CHECK(roles_of(*f.store, f.ulla).size() == 1);  // her Group User Manager role stays
    CHECK(ui.has_text("Deleted the role Registrar and revoked it from Grace Hopper and Ulla Umber."));
    CHECK(ui.has_text("No custom roles yet."));
}

TEST_CASE("a custom role nobody holds is deleted with a plain Delete role; a grant made meanwhile stops it") {
    RolesFixture f;
    Id role = must(define_custom_role(*f.store, f.owner, "Spare", kPermAudit)).id;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Delete\xe2\x80\xa6"));
    CHECK(ui.has_text("Nobody holds this role."));
    // Someone grants it while the dialog is open: the dialog does not revoke a grant it never showed.
    must(grant_role(*f.store, f.owner, f.grace, {OrgRole::kCustom, role, std::nullopt}));
    REQUIRE(ui.click("Delete role"));
    CHECK(find_custom_role(*f.store, "Spare"));
    ui.frame(2);  // the dialog grows to the new lines
    CHECK(ui.has_text("Who holds the role has changed since this dialog opened; look again before deleting."));
    CHECK(ui.has_text("Grace Hopper <grace@riverside.example>"));
    REQUIRE(ui.click("Revoke from 1 person and delete"));
    CHECK_FALSE(find_custom_role(*f.store, "Spare"));
    CHECK(roles_of(*f.store, f.grace).empty());
}

TEST_CASE("someone who may not change custom roles sees Rename, Edit permissions and Delete disabled") {
    RolesFixture f;
    registrar_held_by_two(f);
    set_actor(f.state, f.ulla);
    UiDriver ui(f.state, tall());
    for (const char* label : {"Rename\xe2\x80\xa6", "Edit permissions\xe2\x80\xa6", "Delete\xe2\x80\xa6"}) {
        CAPTURE(label);
        REQUIRE(ui.click(label));
        CHECK_FALSE(ui.has_text("people hold this role"));
    }
    const UiSnapshot::Item* rename = ui.find("Rename\xe2\x80\xa6");
    REQUIRE(rename != nullptr);
    ui.move_to(rename->x + rename->w * 0.5f, rename->y + rename->h * 0.5f);
    ui.frame(2);
    CHECK(ui.has_text("Ulla Umber may not rename custom roles."));
    CHECK(find_custom_role(*f.store, "Registrar"));
}

TEST_CASE("someone who defines roles but grants none cannot delete a held role: the reason shows before the click") {
    RolesFixture f;
    registrar_held_by_two(f);
    Id definer = must(define_custom_role(*f.store, f.owner, "Definer", kPermDefineRoles | kPermReports)).id;
    Id dora = must(add_user(*f.store, f.owner, {"dora@riverside.example", "Dora", "Definer", std::nullopt, {}})).id;
    must(grant_role(*f.store, f.owner, dora, {OrgRole::kCustom, definer, std::nullopt}));
    set_actor(f.state, dora);
    UiDriver ui(f.state, tall());
    // Definer sorts before Registrar: Registrar's Delete is the second.
    REQUIRE(ui.click("Delete\xe2\x80\xa6", 1));
    CHECK(ui.has_text("Delete the role Registrar?"));
    ui.frame(2);
    CHECK(ui.has_text("Dora Definer may not revoke this role."));
    REQUIRE(ui.click("Revoke from 2 people and delete"));  // disabled: nothing happens
    CHECK(find_custom_role(*f.store, "Registrar"));
    CHECK(roles_of(*f.store, f.grace).size() == 1);
}
