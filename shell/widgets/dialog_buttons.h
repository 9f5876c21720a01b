// A dialog's last line, the same in every dialog: Cancel, then the primary button, at the right end.
// Enter presses the primary button and Escape cancels, each only when nothing inside the dialog takes
// the key first; a dialog holding changes asks before discarding them.
#pragma once

namespace grove::ui {

struct AppState;

enum class DialogAction { kNone, kPrimary, kCancel };

struct DialogButtons {
    const char* primary = "OK";  // "Create group"
    bool danger = false;         // a red primary button (Delete, Remove)
    bool enabled = true;         // the primary button can be pressed, by a click or by Enter
    // The dialog holds changes a person would lose: Escape asks "Discard changes?" first (Cancel, a
    // deliberate click, does not).
    bool changed = false;
    const char* cancel = "Cancel";
};

// Draws the row (call it on the dialog's last line, inside begin_dialog/end_dialog; anything drawn
// before it on the same line stays at the left) and says what the person chose this frame.
//   Enter: presses the primary button when it is enabled, unless a multi-line field is being edited, a
//          list (combo, picker) is open, or the keyboard's focus is on another button, which Enter presses.
//   Escape: closes the innermost thing only: an open list first, then the text field being edited
//          (which keeps its text), then the dialog (kCancel), asking first if it holds changes.
// kCancel means the dialog should close: the caller closes it (close_dialog()) and drops its state.
DialogAction dialog_buttons(AppState& state, const DialogButtons& row);

// For dialogs that draw their own buttons: whether Escape was meant for the dialog itself this frame
// (not for a list or a text field inside it). Call it once per frame, at the dialog's end.
bool escape_for_dialog();

}  // namespace grove::ui
