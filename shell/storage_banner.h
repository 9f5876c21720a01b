// What the app says about its storage above every screen, from the platform's save status: this copy
// is read-only (another browser tab saves) with a way to take over, the latest changes could not be
// stored and why, a read of the data failed during a frame (AppState::frame_failure), or an earlier session's
// changes never reached storage.
#pragma once

namespace grove::ui {

struct AppState;

// Bands at the top of the content area; nothing when storage has nothing to say.
void draw_storage_banner(AppState& state);

}  // namespace grove::ui
