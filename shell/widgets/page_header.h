// The title block at the top of every screen: a heading and an optional line of explanation.
#pragma once

namespace grove::ui {

struct AppState;

// Draws `title` in the heading font and `subtitle` (may be null) in muted text below it.
void page_header(const AppState& state, const char* title, const char* subtitle = nullptr);

}  // namespace grove::ui
