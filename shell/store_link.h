// Connects an open Store to the app: the page saves after every commit and the top bar stays current.
#pragma once

namespace grove {
class Store;
}

namespace grove::ui {

struct AppState;

// Sets state.store and listens to its commits: each one runs notify_committed (save, redraw) and
// refreshes what the shell itself shows (the organisation's name, the acting person).
void attach_store(AppState& state, Store& store);

}  // namespace grove::ui
