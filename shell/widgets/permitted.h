// Actions the acting person may not take: shown disabled, with the core's reason on hover, instead of
// being offered and then refused after a form is filled. The core's can() decides (core/access/access.h).
#pragma once

#include <string>

#include "core/access/access.h"

namespace grove::ui {

struct AppState;

// Why the acting person may not run `cmd` on `target` now, in the core's words; empty when they may.
std::string refusal_of(AppState& state, Cmd cmd, const AccessTarget& target = {});

// A button (the accent-coloured one when `primary`) that is disabled while `refusal` is not empty, with
// the refusal as its tooltip; true only when pressed while enabled.
bool permitted_button(AppState& state, const char* label, const std::string& refusal, bool primary = false);
// The same for an item of a "..." menu.
bool permitted_menu_item(AppState& state, const char* label, const std::string& refusal);
// The refusal as the last item's tooltip, shown while the pointer rests on it, also when it is disabled.
void refusal_tooltip(AppState& state, const std::string& refusal);

}  // namespace grove::ui
