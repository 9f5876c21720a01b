// The app's frame, driven headless by its labels: sidebar, top bar, theme, keyboard.
#include <doctest/doctest.h>

#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

TEST_CASE("the sidebar offers every section by name") {
    AppState state;
    UiDriver ui(state);
    for (const char* label : {"Groups", "People", "Departments", "Roles", "Audit log", "Settings", "About"}) {
        CAPTURE(label);
        const UiSnapshot::Item* item = ui.find(label);
        REQUIRE(item != nullptr);
        CHECK(item->w > 100.0f);  // the whole row is the button, not only the word
        CHECK(item->x < 240.0f);  // in the sidebar
    }
}

TEST_CASE("clicking People in the sidebar opens the People screen") {
    AppState state;
    UiDriver ui(state);
    REQUIRE(state.screen == Screen::Groups);

    REQUIRE(ui.click("People"));

    CHECK(state.screen == Screen::People);
    // The content area now shows the People screen's title (a heading, right of the sidebar).
    CHECK(ui.has_text("People"));
}

TEST_CASE("every screen in the table is found by its key and drawn by its own function") {
    for (const ScreenInfo& info : all_screens()) {
        CAPTURE(info.key);
        REQUIRE(find_screen(info.key) == &info);
        CHECK(&screen_info(info.screen) == &info);
        CHECK(static_cast<bool>(info.draw));
    }
    CHECK(find_screen("exchange") != nullptr);  // the desktop's --screen takes every key, this one too
    CHECK(find_screen("placeholder") == nullptr);
}

TEST_CASE("a read that fails while a screen draws shows the database's failure and the app keeps going") {
    ShellFixture org;
    org.attach(Screen::Groups);
    // The groups' table disappears under the app: the Groups screen's first read throws DbError.
    org.store->db().exec("PRAGMA foreign_keys = OFF");
    org.store->db().exec("DROP TABLE groups");

    UiDriver ui(org.state);

    CHECK(org.state.screen_failure.starts_with("The database failed: "));
    CHECK(ui.has_text(org.state.screen_failure));
    CHECK(ui.has_text("Riverside"));  // the top bar, drawn after the screen was cut short
    // Later frames still draw, and the rest of the app still answers.
    REQUIRE(ui.click("People"));
    CHECK(org.state.screen == Screen::People);
    CHECK(org.state.screen_failure.empty());
    CHECK(ui.has_text("Olivia Owens"));
    REQUIRE(ui.click("Groups"));
    CHECK(ui.has_text("The database failed: "));
}

TEST_CASE("the top bar tells whether everything is saved") {
    AppState state;
    FakePlatform platform;
    state.platform = &platform;
    UiDriver ui(state);
    CHECK(ui.has_text("Saved"));

    platform.set_save_status({SaveState::Saving, ""});
    ui.frame();
    CHECK(ui.has_text("Saving\xe2\x80\xa6"));

    platform.set_save_status({SaveState::NotSaved, "The browser refused to store data."});
    ui.frame();
    CHECK(ui.has_text("Not saved"));
}

TEST_CASE("a committed change asks the platform to save") {
    AppState state;
    FakePlatform platform;
    state.platform = &platform;
    UiDriver ui(state);

    notify_committed(state);

    CHECK(platform.save_requests() == 1);
    CHECK(state.redraw_frames > 0);
}

TEST_CASE("the theme switch in the top bar turns the app dark and back") {
    AppState state;
    UiDriver ui(state);
    REQUIRE(state.theme == Theme::Light);

    REQUIRE(ui.click("Switch to dark theme"));
    CHECK(state.theme == Theme::Dark);

    REQUIRE(ui.click("Switch to light theme"));
    CHECK(state.theme == Theme::Light);
}

TEST_CASE("the keyboard reaches the sidebar: arrows move, space opens") {
    AppState state;
    UiDriver ui(state);
    REQUIRE(ui.click("Groups"));  // focus lands in the sidebar, as after any click there

    ui.press(ImGuiKey_DownArrow);
    ui.press(ImGuiKey_Space);

    CHECK(state.screen == Screen::People);
}

TEST_CASE("an error message opens a dialog that OK closes") {
    AppState state;
    UiDriver ui(state);
    state.error_message = "Grove could not open the database.";
    ui.frame(2);
    CHECK(ui.has_text("Grove could not open the database."));

    REQUIRE(ui.click("OK"));

    CHECK(state.error_message.empty());
    CHECK_FALSE(ui.has_text("Grove could not open the database."));
}

TEST_CASE("at a pixel ratio of 2 everything is twice as large") {
    AppState state;
    UiDriver::Options options;
    options.width = 2560;
    options.height = 1600;
    options.scale = 2.0f;
    UiDriver ui(state, options);
    const UiSnapshot::Item* people = ui.find("People");
    REQUIRE(people != nullptr);
    CHECK(people->h == doctest::Approx(2 * 38.0f));
    REQUIRE(ui.click("People"));
    CHECK(state.screen == Screen::People);
}

TEST_CASE("switching to the dark theme from the top bar colours the buttons dark at once") {
    AppState state;
    UiDriver ui(state);
    REQUIRE(ui.click("Switch to dark theme"));
    ui.frame();
    const ImVec4 button = ImGui::GetStyle().Colors[ImGuiCol_Button];
    const ImVec4 text = ImGui::GetStyle().Colors[ImGuiCol_Text];
    CHECK(button.x + button.y + button.z < text.x + text.y + text.z);  // dark buttons under light text
}
