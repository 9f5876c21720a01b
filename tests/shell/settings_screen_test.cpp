// The settings screen (F1, F2): renaming the organisation, its plan and usage, additional fields, the theme.
#include <doctest/doctest.h>
#include <memory>
#include <string>

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
