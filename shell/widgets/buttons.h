// Buttons that answer the keyboard: Enter presses them as Space does, and the helpers that lay them out.
#pragma once

#include <initializer_list>

#include "imgui.h"

namespace grove::ui {

struct AppState;

// Whether the last item has the keyboard's focus (and its highlight: the person moves by keyboard).
bool keyboard_focused();
// ImGui 1.86 presses a focused button with Space only; `activated(ImGui::Button(...))` takes Enter too.
bool activated(bool pressed);

// ImGui::Button, ImGui::MenuItem and ImGui::Checkbox that Enter presses too.
bool button(const char* label, const ImVec2& size = ImVec2(0, 0));
bool menu_item(const char* label);
bool checkbox(const char* label, bool* value);

// How wide ImGui draws a button with this label (its "##id" suffix left out).
float button_width(const char* label);
// Buttons at the right end of a dialog's last line: moves the cursor so that buttons with these labels,
// drawn next on one line, end at the right edge.
void align_right(std::initializer_list<const char*> labels);
// Escape closes the dialog whose window has focus, unless a list open inside it or a text field being
// edited takes it first (escape_for_dialog() in shell/widgets/dialog_buttons.h).
bool escape_pressed();

// The page header with the screen's main action (a primary button) at its right, on the title's line.
bool header_with_action(const AppState& state, const char* title, const char* subtitle, const char* action);

}  // namespace grove::ui
