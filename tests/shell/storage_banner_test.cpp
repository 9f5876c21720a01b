// What the app says about its storage (shell/storage_banner.cpp, the opening frame in shell/app.cpp): a
// read-only tab offers to take over, a failed save says why in words, changes an earlier session never
// stored are named until dismissed, and before the data is open the window says it is opening.
#include <doctest/doctest.h>

#include "fake_platform.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

TEST_CASE("a read-only tab says so above the screen and takes over with one click") {
    ShellFixture org;
    org.attach(Screen::Groups);
    SaveStatus status;
    status.read_only = "Grove is open in another tab of this browser, which is the one that saves.";
    status.can_take_over = true;
    org.platform.set_save_status(status);
    UiDriver ui(org.state);

    CHECK(ui.has_text("This tab is read-only"));
    CHECK(ui.has_text(status.read_only));
    CHECK(ui.has_text("Groups"));  // the screen is still there, below the band
    REQUIRE(ui.click("Take over here"));
    CHECK(org.platform.take_overs() == 1);
    ui.frame(2);
    CHECK_FALSE(ui.has_text("This tab is read-only"));
}

TEST_CASE("a read-only tab that cannot take over shows no button") {
    ShellFixture org;
    org.attach(Screen::People);
    SaveStatus status;
    status.read_only = "Another tab took over Grove and now saves the changes.";
    org.platform.set_save_status(status);
    UiDriver ui(org.state);
    CHECK(ui.has_text("This tab is read-only"));
    CHECK(ui.find("Take over here") == nullptr);
}

TEST_CASE("a save that failed says why on the screen, not only in the top bar's tooltip") {
    ShellFixture org;
    org.attach(Screen::Groups);
    org.platform.set_save_status({SaveState::NotSaved, "The browser's storage for this site is full."});
    UiDriver ui(org.state);
    CHECK(ui.has_text("Not saved"));
    CHECK(ui.has_text("The browser's storage for this site is full."));

    org.platform.set_save_status({SaveState::Saved, ""});
    ui.frame(2);
    CHECK_FALSE(ui.has_text("The browser's storage for this site is full."));
}

TEST_CASE("changes an earlier session never stored are named until dismissed") {
    ShellFixture org;
    org.attach(Screen::Groups);
    SaveStatus status;
    status.lost = "Grove was closed before a change could be stored. What was lost: Olivia created the group Art.";
    org.platform.set_save_status(status);
    UiDriver ui(org.state);
    CHECK(ui.has_text("Changes that were not stored"));
    CHECK(ui.has_text(status.lost));
    REQUIRE(ui.click("Dismiss"));
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Changes that were not stored"));
}

TEST_CASE("before the data is open the window says it is opening, and then shows the app") {
    AppState state;
    FakePlatform platform;
    state.platform = &platform;
    state.opening = "Opening your data\xe2\x80\xa6 40%";
    UiDriver ui(state);
    CHECK(ui.has_text("Opening your data\xe2\x80\xa6 40%"));
    CHECK(ui.find("Groups") == nullptr);  // no sidebar yet: nothing to act on

    state.opening.clear();
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Opening your data"));
    CHECK(ui.find("Groups") != nullptr);
}
