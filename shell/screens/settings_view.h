// The settings screen's view state (AppState::views.settings).
#pragma once

#include <string>

#include "shell/cached.h"

namespace grove::ui {

struct SettingsView {
    std::string filter;
};

}  // namespace grove::ui
