// Small pieces every form and dialog uses: buttons in the theme's colours, messages, fields, dialogs.
#pragma once

#include <string>

namespace grove::ui {

struct AppState;

// The accent-coloured button of a screen or dialog ("+ New group", "Create group"). These buttons, as
// button() and icon_button(), take Enter as well as Space (shell/widgets/buttons.h).
bool primary_button(const AppState& state, const char* label);
// A red button for destructive actions ("Delete group").
bool danger_button(const AppState& state, const char* label);

// A message from the core, wrapped, in the danger colour; nothing when empty.
void error_text(const AppState& state, const std::string& message);
// What is wrong with the field labelled `label`, drawn under it in the danger colour and wrapped to `width`
// pixels (0: the content region); found by tests and screen readers as "<label> error". Nothing when empty.
void field_error(const AppState& state, const char* label, const std::string& message, float width = 0.0f);
// A confirmation, wrapped, in the success colour; nothing when empty.
void success_text(const AppState& state, const std::string& message);
// Secondary text, wrapped.
void muted_text(const AppState& state, const std::string& text);

// Fields report their label (a search box its hint) to the UI recorder, so tests and the
// accessible mirror find an input by the words next to it. For an input of your own with a hidden
// "##id" label, call report_last_item("Its label") (shell/ui_snapshot.h) right after it.

// A labelled one-line text field: the label above, the field across `width` (0: the whole row).
// Returns true when the text changed; `enter` (if given) is set when the person pressed Enter.
bool text_field(const char* label, std::string* text, const char* hint = "", float width = 0.0f, bool* enter = nullptr);
bool multiline_field(const char* label, std::string* text, float height);
// The same for a passphrase: its characters show as dots, and nothing can be copied out of it.
bool password_field(const char* label, std::string* text, float width = 0.0f, bool* enter = nullptr);

// ImGui::BeginCombo(id, preview, flags) for a combo box whose label is drawn apart (`id` is "##something"): screen
// readers and tests find it as a combo box named `label` showing `preview`, its list's choices as options.
// End it with ImGui::EndCombo() when it returns true, as BeginCombo.
bool begin_combo(const char* label, const char* id, const std::string& preview, int flags = 0);

// A search box with a magnifier hint; true when the text changed.
bool search_field(const AppState& state, const char* id, std::string* text, const char* hint, float width);

// A modal of a fixed width, centred when it opens; then it stays where it is and grows downwards (so
// nothing moves under the pointer), kept inside the window and scrolling when taller than it.
// Call open_dialog(title) once to show it, then every frame:
//   if (begin_dialog(state, title, width)) { ...; end_dialog(); }
void open_dialog(const char* title);
bool begin_dialog(const AppState& state, const char* title, float width);
void end_dialog();
void close_dialog();

}  // namespace grove::ui
