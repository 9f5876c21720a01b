// The first-run screen: create an organisation, or open the generated demo district.
#pragma once

namespace grove::ui {

struct AppState;

// Drawn in place of the sidebar and screens while the database holds no organisation.
void draw_welcome(AppState& state);

}  // namespace grove::ui
