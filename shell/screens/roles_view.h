// The roles screen's view state (AppState::views.roles).
#pragma once

#include <string>

#include "shell/cached.h"

namespace grove::ui {

struct RolesView {
    std::string filter;
};

}  // namespace grove::ui
