// The top bar's bell (F20): the acting person's unread notifications as a red count, and their list.
#pragma once

namespace grove::ui {

struct AppState;

// How wide the bell is drawn (the top bar keeps this much room for it).
float bell_width(const AppState& state);
// Draws the bell at the cursor and, when opened, the list of notifications under it: newest first, each
// opening its review and marking itself read; "Mark all read".
void draw_bell(AppState& state);

}  // namespace grove::ui
