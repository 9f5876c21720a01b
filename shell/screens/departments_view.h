// The departments screen's view state (AppState::views.departments).
#pragma once

#include <string>

#include "shell/cached.h"

namespace grove::ui {

struct DepartmentsView {
    std::string filter;
};

}  // namespace grove::ui
