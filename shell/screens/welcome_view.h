// The welcome screen's form (AppState::views.welcome): shown while the database holds no organisation.
#pragma once

#include <string>

#include "core/org/model.h"

namespace grove::ui {

struct WelcomeView {
    std::string org_name;
    int plan_index = 2;  // Essentials
    std::string email;
    std::string first_name;
    std::string last_name;
    std::string error;
    // The banner shown while the acting person has an invitation waiting.
    std::string accept_first;
    std::string accept_last;
    std::string accept_error;
};

}  // namespace grove::ui
