// Text that acts as a link (a group's name in a list, a breadcrumb, "Inherited from ...").
#pragma once

namespace grove::ui {

struct AppState;

// Accent-coloured when hovered and underlined, reachable by keyboard (Enter or Space), found by tests
// under `label`. `id` keeps it unique among equal labels. True when pressed.
bool link_button(const AppState& state, const char* label, const char* id = nullptr);

}  // namespace grove::ui
