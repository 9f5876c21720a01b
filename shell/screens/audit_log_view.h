// The audit log screen's view state (AppState::views.audit_log).
#pragma once

#include <string>

#include "shell/cached.h"

namespace grove::ui {

struct AuditLogView {
    std::string filter;
};

}  // namespace grove::ui
