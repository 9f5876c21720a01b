// Shared form widgets (shell/widgets/forms.cpp), driven through the screens that use them.
#include <doctest/doctest.h>
#include <string>

#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

TEST_CASE("a paste that loses line breaks or tabs in a one-line field says so under the field") {
    ShellFixture f;
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Grade 9");
    REQUIRE(ui.click("Rostering ID"));
    ImGui::SetClipboardText("R-1\nR-2\tTAB");
    ui.press(ImGuiKey_V, /*ctrl=*/true);
    ui.frame();
    CHECK(ui.has_text("The pasted text had 1 line break and 1 tab, which this one-line field cannot hold"));
    // What will be stored is what the field shows; the note stays until the field is typed in again.
    REQUIRE(ui.click("Partner ID"));
    CHECK(ui.has_text("The pasted text had 1 line break and 1 tab"));
    REQUIRE(ui.click("Rostering ID"));
    ui.type("X");
    CHECK_FALSE(ui.has_text("The pasted text had"));
    REQUIRE(ui.click("Create group"));
    auto created = find_group_by_slug(*f.store, "grade-9");
    REQUIRE(created);
    auto ids = external_ids(*f.store, created->id);
    REQUIRE(ids.size() == 1);
    CHECK(ids[0].value == "R-1R-2TABX");
}

TEST_CASE("a paste of one line, or of a line with a break at its end, needs no note") {
    ShellFixture f;
    f.attach(Screen::Groups);
    UiDriver ui(f.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    for (const char* clip : {"Grade 10", "Grade 11\r\n"}) {
        ImGui::SetClipboardText(clip);
        ui.press(ImGuiKey_A, /*ctrl=*/true);
        ui.press(ImGuiKey_V, /*ctrl=*/true);
        ui.frame();
        CHECK_FALSE(ui.has_text("The pasted text had"));
    }
}
