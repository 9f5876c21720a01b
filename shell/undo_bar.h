// Undo and redo in the app (F28): the top bar's Undo and Redo, Ctrl+Z and Ctrl+Shift+Z (Cmd on a Mac), and the
// Undo a notice offers after a destructive action. The core decides (core/org/undo.h); this only asks it.
#pragma once

#include <cstdint>
#include <string>

#include "core/org/model.h"

namespace grove::ui {

struct AppState;
struct Notice;

// What the buttons say, asked again only when the data or the acting person changed.
struct UndoBarView {
    std::uint64_t revision = ~0ull;
    Id actor = 0;
    std::string undo_label, undo_refusal;  // the label ("deleted the group Grade 9") or why not ("Nothing to undo.")
    std::string redo_label, redo_refusal;
};

// How wide the two buttons are drawn together (the top bar keeps this much room for them).
float undo_buttons_width(const AppState& state);
// Undo and Redo at the cursor, on one line; disabled with the reason as tooltip when there is nothing.
void draw_undo_buttons(AppState& state);
// Ctrl+Z undoes, Ctrl+Shift+Z redoes (Cmd on a Mac), unless a text field is being edited (its own undo applies)
// or a dialog is open.
void handle_undo_keys(AppState& state);

// Undoes (redoes) the acting person's latest step, telling the outcome or the refusal in `notice`.
void undo_now(AppState& state, Notice& notice);
void redo_now(AppState& state, Notice& notice);

}  // namespace grove::ui
