// The settings screen (F1, F2): renaming the organisation, its plan and usage, additional fields, the theme.
#include <doctest/doctest.h>
#include <memory>
#include <string>

#include "core/access/lock.h"
#include "core/org/groups.h"
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

namespace {

// An organisation on the Essentials plan with three groups, attached to an app on the Settings screen.
struct Planner : ShellFixture {
    Planner() : ShellFixture({.plan = Plan::kEssentials, .owner_email = "owner@riverside.example", .seed = 5}) {
        for (const char* name : {"Grade 9", "Grade 10", "Grade 11"}) group(name);
        attach(Screen::Settings);
    }
};

}  // namespace

TEST_CASE("renaming the organisation changes it everywhere") {
    Planner org;
    UiDriver ui(org.state);
    CHECK(ui.has_text("Settings"));

    REQUIRE(ui.click("Organisation name"));
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type("Lakeside Schools");
    REQUIRE(ui.click("Rename"));

    CHECK(get_org(*org.store)->name == "Lakeside Schools");
    CHECK(org.state.organisation_name == "Lakeside Schools");  // the top bar
    CHECK(ui.has_text("The organisation is now called Lakeside Schools."));
    CHECK(org.platform.save_requests() >= 1);
}

TEST_CASE("renaming by pressing Enter in the name field") {
    Planner org;
    UiDriver ui(org.state);

    REQUIRE(ui.click("Organisation name"));
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type("Lakeside Schools");
    ui.press(ImGuiKey_Enter);

    CHECK(get_org(*org.store)->name == "Lakeside Schools");
}

TEST_CASE("a person without org.settings sees the core's refusal when renaming") {
    Planner org;
    auto pat = add_user(*org.store, org.owner, {"pat@riverside.example", "Pat", "Doe", {}, {}});
    REQUIRE(pat);
    set_actor(org.state, pat->id);
    auto refused = rename_org(*org.store, pat->id, "Pat's School");
    REQUIRE_FALSE(refused);
    UiDriver ui(org.state);

    REQUIRE(ui.click("Organisation name"));
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type("Pat's School");
    REQUIRE(ui.click("Rename"));

    CHECK(ui.has_text(refused.error().message));
    CHECK(get_org(*org.store)->name == "Riverside");
}

TEST_CASE("the plan shows its usage, and changing it shows the new usage") {
    Planner org;
    UiDriver ui(org.state);
    CHECK(ui.has_text("Current plan:"));
    CHECK(ui.has_text("3 of 5 groups"));

    REQUIRE(ui.click("Plan"));
    REQUIRE(ui.click("Complete  \xc2\xb7  20 groups"));
    REQUIRE(ui.click("Change plan"));

    CHECK(get_org(*org.store)->plan == Plan::kComplete);
    CHECK(ui.has_text("3 of 20 groups"));
    CHECK(ui.has_text("The plan is now Complete."));

    REQUIRE(ui.click("Plan"));
    REQUIRE(ui.click("Enterprise  \xc2\xb7  unlimited groups"));
    REQUIRE(ui.click("Change plan"));
    CHECK(ui.has_text("3 groups, unlimited"));
}

TEST_CASE("a downgrade below the current number of groups is refused with the core's message") {
    Planner org;
    UiDriver ui(org.state);

    REQUIRE(ui.click("Plan"));
    REQUIRE(ui.click("Starter  \xc2\xb7  1 group"));
    REQUIRE(ui.click("Change plan"));

    CHECK(
        ui.has_text("The Starter plan allows 1 group; this organisation has 3. Delete groups before changing to it."));
    CHECK(get_org(*org.store)->plan == Plan::kEssentials);
    CHECK(ui.has_text("3 of 5 groups"));
}

TEST_CASE("adding a choice field lists it with its choices") {
    Planner org;
    UiDriver ui(org.state);
    CHECK(ui.has_text("No additional fields yet."));

    REQUIRE(ui.click("Field name"));
    ui.type("Location");
    REQUIRE(ui.click("Field type"));
    REQUIRE(ui.click("Choice"));
    REQUIRE(ui.click("Choices, comma-separated"));
    ui.type("North, South , East,,West");
    REQUIRE(ui.click("Add field"));

    auto location = find_field(*org.store, "Location");
    REQUIRE(location);
    CHECK(location->type == FieldType::kChoice);
    CHECK(location->choices == std::vector<std::string>{"North", "South", "East", "West"});
    CHECK(ui.has_text("Added the choice field Location."));
    CHECK(ui.has_text("North, South, East, West"));
    CHECK_FALSE(ui.has_text("No additional fields yet."));
}

TEST_CASE("a choice field without choices is refused with the core's message") {
    Planner org;
    UiDriver ui(org.state);

    REQUIRE(ui.click("Field name"));
    ui.type("Location");
    REQUIRE(ui.click("Field type"));
    REQUIRE(ui.click("Choice"));
    REQUIRE(ui.click("Add field"));

    CHECK(ui.has_text("A choice field needs at least one choice."));
    CHECK(list_fields(*org.store).empty());
}

TEST_CASE("Appearance switches the theme, and the choice is remembered") {
    Planner org;
    UiDriver::Options tall;  // Appearance is the last section: below the fold of a short window
    tall.height = 1400;
    UiDriver ui(org.state, tall);
    REQUIRE(org.state.theme == Theme::Light);

    REQUIRE(ui.click("Dark"));
    CHECK(org.state.theme == Theme::Dark);
    CHECK(org.store->local_setting("theme") == "dark");

    REQUIRE(ui.click("Light"));
    CHECK(org.state.theme == Theme::Light);
}

namespace {

constexpr const char* kPassphrase = "correct horse battery";

// The Settings screen with a clock the test moves (the lock's waits read the store's clock), tall enough to show the
// passphrase lock's section below the fields.
struct LockPlanner : ShellFixture {
    LockPlanner() : ShellFixture({.seed = 5, .clock_start = 1767603600000}) { attach(Screen::Settings); }
};

void type_into(UiDriver& ui, const char* field, const std::string& text) {
    REQUIRE(ui.click(field));
    ui.type(text);
}

}  // namespace

TEST_CASE("the owner sets a passphrase lock in Settings, typed twice and never shown") {
    LockPlanner org;
    UiDriver ui(org.state, {.width = 1280.0f, .height = 1400.0f});
    CHECK(ui.has_text("No passphrase is set: anyone at this computer can act as anyone."));
    REQUIRE(ui.click("Set passphrase\xe2\x80\xa6"));
    type_into(ui, "New passphrase", kPassphrase);
    type_into(ui, "Repeat the new passphrase", "correct horse batterY");
    CHECK(ui.has_text("The two passphrases differ."));
    REQUIRE(ui.click("Set passphrase"));  // disabled while they differ
    CHECK_FALSE(lock_is_set(*org.store));

    REQUIRE(ui.click("Repeat the new passphrase"));
    ui.press(ImGuiKey_Backspace);
    ui.type("y");
    CHECK_FALSE(ui.has_text("The two passphrases differ."));
    CHECK_FALSE(ui.has_text(kPassphrase));  // the fields show dots
    REQUIRE(ui.click("Set passphrase"));

    CHECK(lock_is_set(*org.store));
    CHECK(verify_passphrase(*org.store, kPassphrase));
    CHECK(ui.has_text("Acting as anyone with an org role now needs the passphrase."));
    CHECK(ui.has_text("A passphrase is set: acting as anyone with an org role asks for it."));
    CHECK(ui.find("Change passphrase\xe2\x80\xa6") != nullptr);
    CHECK(ui.find("Clear passphrase\xe2\x80\xa6") != nullptr);
    CHECK(org.platform.save_requests() >= 1);
    // The one acting (who set it) goes on acting.
    CHECK(org.state.actor == org.owner);
}

TEST_CASE("changing and clearing the lock ask for the current passphrase; a wrong one makes the next try wait") {
    LockPlanner org;
    REQUIRE(set_lock(*org.store, org.owner, kPassphrase));
    UiDriver ui(org.state, {.width = 1280.0f, .height = 1400.0f});
    REQUIRE(ui.click("Clear passphrase\xe2\x80\xa6"));
    type_into(ui, "Current passphrase", "not the passphrase");
    REQUIRE(ui.click("Clear passphrase"));
    CHECK(lock_is_set(*org.store));
    CHECK(ui.has_text("The current passphrase is wrong; try again in 1 second."));

    // During the wait the button does nothing, even with the right passphrase.
    type_into(ui, "Current passphrase", kPassphrase);
    REQUIRE(ui.click("Clear passphrase"));
    CHECK(lock_is_set(*org.store));

    org.clock_ms += 1000;
    ui.frame(2);
    CHECK_FALSE(ui.has_text("try again in"));
    REQUIRE(ui.click("Clear passphrase"));
    CHECK_FALSE(lock_is_set(*org.store));
    CHECK(ui.has_text("The passphrase lock is cleared."));
    CHECK(ui.find("Set passphrase\xe2\x80\xa6") != nullptr);
}

TEST_CASE("changing the passphrase in Settings takes the current one and the new one twice") {
    LockPlanner org;
    REQUIRE(set_lock(*org.store, org.owner, kPassphrase));
    UiDriver ui(org.state, {.width = 1280.0f, .height = 1400.0f});
    REQUIRE(ui.click("Change passphrase\xe2\x80\xa6"));
    type_into(ui, "Current passphrase", kPassphrase);
    type_into(ui, "New passphrase", "a brand new one");
    type_into(ui, "Repeat the new passphrase", "a brand new one");
    REQUIRE(ui.click("Change passphrase"));
    CHECK(ui.has_text("The passphrase is changed."));
    CHECK(verify_passphrase(*org.store, "a brand new one"));
}

TEST_CASE("someone who may not change the settings sees the lock's buttons disabled, with the reason") {
    LockPlanner org;
    Id pat = org.person("pat@riverside.example", "Pat", "Doe");
    set_actor(org.state, pat);
    UiDriver ui(org.state, {.width = 1280.0f, .height = 1400.0f});
    REQUIRE(ui.click("Set passphrase\xe2\x80\xa6"));
    CHECK_FALSE(ui.has_text("Repeat the new passphrase"));
    CHECK_FALSE(lock_is_set(*org.store));
}
