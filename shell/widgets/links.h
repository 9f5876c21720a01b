// Text that acts as a link (a group's name in a list, a breadcrumb, "Inherited from ...").
#pragma once

namespace grove::ui {

struct AppState;

// Accent-coloured when hovered and underlined, reachable by keyboard (Enter or Space), found by tests
// under `label`. `id` keeps it unique among equal labels. With `max_width` (pixels), a longer label is
// cut with an ellipsis (elided_text.h) and shows in full on hover. True when pressed.
bool link_button(const AppState& state, const char* label, const char* id = nullptr, float max_width = 0.0f);
// The same on the current line's text baseline, as Text() sits after AlignTextToFramePadding() or beside a framed
// widget (a table row of buttons and text): level with the text around it.
bool link_button_on_line(const AppState& state, const char* label, const char* id = nullptr, float max_width = 0.0f);

}  // namespace grove::ui
