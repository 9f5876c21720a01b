// Routing a dropped file to the upload of the place it was dropped on.
#include "shell/drop.h"

#include <string>

#include "core/text/text.h"
#include "shell/app.h"
#include "shell/screens/exchange_view.h"
#include "shell/screens/group_upload.h"

namespace grove::ui {

namespace {

bool is_csv_name(const std::string& name) {
    const std::string lower = lower_ascii(name);
    auto ends = [&](const char* ext) {
        const std::string e(ext);
        return lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0;
    };
    return ends(".csv") || ends(".txt");
}

}  // namespace

void handle_dropped_file(AppState& state, OpenedFile file) {
    state.request_redraw();
    if (state.store == nullptr || !state.has_organisation) {
        state.error_message = "Create or open an organisation first; then drop " + file.name + " to upload it.";
        return;
    }
    if (!is_csv_name(file.name)) {
        state.error_message = file.name +
                              " is not a CSV file. Drop a spreadsheet saved as CSV to upload people, or open a "
                              "Grove file or a roster (.zip) from Import & export.";
        return;
    }
    if (state.screen == Screen::Groups && state.views.groups.open_group) {
        start_group_upload(state, *state.views.groups.open_group, std::move(file));
    } else {
        upload_dropped_file(state, std::move(file));
    }
}

}  // namespace grove::ui
