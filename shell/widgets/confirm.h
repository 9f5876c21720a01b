// A question asked before a change that takes power away (demoting or removing staff, revoking a role):
// "Make Ana Hill a member of Grade 9?" with Cancel and the action, which runs only when confirmed.
#pragma once

#include <functional>
#include <string>

namespace grove::ui {

struct AppState;

struct Confirm {
    std::string title;     // the dialog's title: "Change role"
    std::string question;  // in bold: "Make Ana Hill a member of Grade 9?"
    std::string detail;    // what it means: "They will no longer manage the group's people."
    std::string action;    // the button: "Make member"
    std::function<void()> run;
    bool opening = false;  // asked this frame: opens on the next draw
};

// Asks (from anywhere, also from inside a menu); draw_confirm() shows it where the screen draws it.
void ask_confirm(AppState& state, Confirm& confirm, std::string title, std::string question, std::string detail,
                 std::string action, std::function<void()> run);
// Draws the question while it is asked; runs the action on confirming (a click or Enter), nothing on Cancel/Escape.
void draw_confirm(AppState& state, Confirm& confirm);

}  // namespace grove::ui
