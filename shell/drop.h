// Files dropped on the window (a desktop drop callback, the browser's drop event): each starts the upload
// that fits where it was dropped.
#pragma once

#include "shell/platform.h"

namespace grove::ui {

struct AppState;

// A CSV dropped on a group's page opens that group's upload with the file; anywhere else, the Import &
// export screen's Upload CSV tab checks it. Anything but a CSV (or before an organisation exists) is
// refused with a message.
void handle_dropped_file(AppState& state, OpenedFile file);

}  // namespace grove::ui
