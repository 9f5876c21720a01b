// The acting person (shell/session.cpp): Act as behind the passphrase lock of org roles (F41), at a switch and at
// start.
#include "shell/session.h"

#include <doctest/doctest.h>
#include <string>

#include "core/access/lock.h"
#include "core/access/roles.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "shell/store_link.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr const char* kPassphrase = "correct horse battery";

// Riverside with Ada (an Admin) and Mo (a member of Grade 9), attached acting as the owner, who then locks org roles
// with kPassphrase (as in Settings: the one who sets it goes on acting). The store's clock stands still unless the
// test moves it (the lock's waits read it).
struct Locked : ShellFixture {
    Id ada = 0;
    Id mo = 0;
    Locked() : ShellFixture({.seed = 9, .clock_start = 1767603600000}) {
        ada = person("ada@riverside.example", "Ada", "Admin");
        mo = person("mo@riverside.example", "Mo", "Member");
        REQUIRE(grant_role(*store, owner, ada, {OrgRole::kAdmin, std::nullopt, std::nullopt}));
        const Id grade9 = group("Grade 9");
        REQUIRE(add_people(*store, owner, grade9, {{mo}, {}, GroupRole::kMember}));
        attach(Screen::Groups);
        REQUIRE(set_lock(*store, owner, kPassphrase));
    }
};

void open_act_as(UiDriver& ui, const std::string& current) { REQUIRE(ui.click(current)); }

void type_passphrase(UiDriver& ui, const std::string& text) {
    REQUIRE(ui.click("Passphrase"));
    ui.type(text);
}

}  // namespace

TEST_CASE(
    "Act as an admin asks for the passphrase, refuses a wrong one with a growing wait, then takes the right one") {
    Locked org;
    REQUIRE(org.state.actor == org.owner);
    UiDriver ui(org.state);
    open_act_as(ui, "Olivia Owens  \xc2\xb7  Owner");
    REQUIRE(ui.click("Ada Admin  <ada@riverside.example>"));
    CHECK(ui.has_text("Acting as Ada Admin needs the organisation's passphrase."));
    CHECK(org.state.actor == org.owner);

    type_passphrase(ui, "a wrong guess");
    CHECK_FALSE(ui.has_text("a wrong guess"));  // dots, not the text
    REQUIRE(ui.click("Act as Ada Admin"));
    CHECK(org.state.actor == org.owner);
    CHECK(ui.has_text("The passphrase is wrong; try again in 1 second."));

    // While the wait lasts, the button does nothing, whatever is typed; the frames go on (nothing sleeps).
    type_passphrase(ui, kPassphrase);
    REQUIRE(ui.click("Act as Ada Admin"));
    CHECK(org.state.actor == org.owner);
    CHECK(org.state.redraw_frames > 0);

    org.clock_ms += 1000;
    ui.frame(2);
    CHECK(ui.has_text("The passphrase is wrong."));
    CHECK_FALSE(ui.has_text("try again in"));
    REQUIRE(ui.click("Passphrase"));
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type("another guess");
    REQUIRE(ui.click("Act as Ada Admin"));
    CHECK(ui.has_text("The passphrase is wrong; try again in 2 seconds."));
    org.clock_ms += 1000;
    ui.frame(2);
    CHECK(ui.has_text("The passphrase is wrong; try again in 1 second."));

    org.clock_ms += 1000;
    ui.frame(2);
    type_passphrase(ui, kPassphrase);
    REQUIRE(ui.click("Act as Ada Admin"));
    CHECK(org.state.actor == org.ada);
    CHECK(org.state.actor_name == "Ada Admin");
    CHECK_FALSE(ui.has_text("needs the organisation's passphrase"));
}

TEST_CASE("Act as a member needs no passphrase; Cancel keeps the person acting") {
    Locked org;
    UiDriver ui(org.state);
    open_act_as(ui, "Olivia Owens  \xc2\xb7  Owner");
    REQUIRE(ui.click("Mo Member  <mo@riverside.example>"));
    CHECK(org.state.actor == org.mo);
    CHECK_FALSE(ui.has_text("needs the organisation's passphrase"));

    open_act_as(ui, "Mo Member");
    REQUIRE(ui.click("Ada Admin  <ada@riverside.example>"));
    CHECK(ui.has_text("Acting as Ada Admin needs the organisation's passphrase."));
    REQUIRE(ui.click("Cancel"));
    CHECK(org.state.actor == org.mo);
    CHECK_FALSE(ui.has_text("needs the organisation's passphrase"));
}

TEST_CASE("at start, the remembered person with an org role is not acted as until the passphrase is given") {
    Locked org;
    set_actor(org.state, org.ada);  // remembered as the acting person
    // The app opens again on the same data: a reload in the browser, the desktop program started anew.
    restore_actor(org.state);
    CHECK(org.state.actor == 0);
    UiDriver ui(org.state);
    CHECK(ui.has_text("Acting as Ada Admin needs the organisation's passphrase."));
    type_passphrase(ui, kPassphrase);
    ui.press(ImGuiKey_Enter);
    ui.frame(2);
    CHECK(org.state.actor == org.ada);
}

TEST_CASE("without a lock nobody is asked") {
    ShellFixture org;
    const Id ada = org.person("ada@riverside.example", "Ada", "Admin");
    REQUIRE(grant_role(*org.store, org.owner, ada, {OrgRole::kAdmin, std::nullopt, std::nullopt}));
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    open_act_as(ui, "Olivia Owens  \xc2\xb7  Owner");
    REQUIRE(ui.click("Ada Admin  <ada@riverside.example>"));
    CHECK(org.state.actor == ada);
}
