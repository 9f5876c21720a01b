// The people screen's view state (AppState::views.people).
#pragma once

#include <string>

#include "shell/cached.h"

namespace grove::ui {

struct PeopleView {
    std::string filter;
};

}  // namespace grove::ui
