// Undo and redo in the app (shell/undo_bar.cpp): the top bar's buttons, the keys, and the notice's Undo after a
// group's deletion, driven headless by their labels over a real in-memory Store.
#include <doctest/doctest.h>

#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/undo.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

struct World : ShellFixture {
    World() : ShellFixture({.seed = 42, .clock_start = 1767603600000, .clock_step = 1000}) { attach(Screen::Groups); }
};

std::string name_of(World& w, Id group) { return find_group(*w.store, group).value_or(Group{}).name; }

}  // namespace

TEST_CASE("the top bar's Undo and Redo step the acting person's changes back and forth") {
    World w;
    UiDriver ui(w.state);
    ui.frame(2);
    REQUIRE(ui.find("Undo") != nullptr);
    REQUIRE(ui.find("Redo") != nullptr);
    // Nothing to redo: the button is disabled and changes nothing.
    const auto revision = w.store->revision();
    ui.click("Redo");
    ui.frame(2);
    CHECK(w.store->revision() == revision);

    const Id grade9 = w.group("Grade 9");
    ui.frame(2);
    REQUIRE(ui.click("Undo"));
    ui.frame(2);
    CHECK_FALSE(find_group(*w.store, grade9));
    CHECK(ui.has_text("Undid: created the group Grade 9."));
    REQUIRE(ui.click("Redo"));
    ui.frame(2);
    CHECK(find_group(*w.store, grade9));
    CHECK(ui.has_text("Redid: created the group Grade 9."));
    CHECK(w.platform.save_requests() > 0);
}

TEST_CASE("Ctrl+Z undoes and Ctrl+Shift+Z redoes, but not while a text field is being edited") {
    World w;
    UiDriver ui(w.state);
    const Id grade9 = w.group("Grade 9");
    ui.frame(2);
    ui.press(ImGuiKey_Z, true);
    ui.frame(2);
    CHECK_FALSE(find_group(*w.store, grade9));
    ui.press(ImGuiKey_Z, true, true);
    ui.frame(2);
    CHECK(find_group(*w.store, grade9));

    // In the search field, Ctrl+Z is the field's own.
    REQUIRE(ui.click("Filter groups by name"));
    ui.type("Gr");
    ui.frame();
    ui.press(ImGuiKey_Z, true);
    ui.frame(2);
    CHECK(find_group(*w.store, grade9));
}

TEST_CASE("the notice after deleting a group offers Undo, which brings it back") {
    World w;
    const Id grade9 = w.group("Grade 9");
    UiDriver ui(w.state);
    ui.frame(2);
    REQUIRE(ui.click("Actions for Grade 9"));
    REQUIRE(ui.click("Delete group"));
    ui.frame(2);
    REQUIRE(ui.click("Delete group"));
    ui.frame(2);
    CHECK_FALSE(find_group(*w.store, grade9));
    CHECK(ui.has_text("Deleted the group Grade 9."));
    // The top bar's Undo first, then the notice's.
    REQUIRE(ui.find("Undo", 1) != nullptr);
    REQUIRE(ui.click("Undo", 1));
    ui.frame(2);
    CHECK(find_group(*w.store, grade9));
    CHECK(ui.has_text("Undid: deleted the group Grade 9"));
}

TEST_CASE("an undo refused tells why in the notice") {
    World w;
    const Id grade9 = w.group("Grade 9");
    UiDriver ui(w.state);
    GroupEdit rename;
    rename.name = "Year 9";
    REQUIRE(edit_group(*w.store, w.owner, grade9, rename));
    // Someone else's later change to the same group (another planner's, merged in), straight in the database.
    w.store->db().exec("UPDATE groups SET name = 'Form 9' WHERE name = 'Year 9'");
    ui.frame(2);
    REQUIRE(ui.click("Undo"));
    ui.frame(2);
    CHECK(ui.has_text("Cannot undo \"renamed Grade 9 to Year 9\": a later change touched the same records (a group)."));
    CHECK(name_of(w, grade9) == "Form 9");
}
