// A button showing only an icon, named for tests and screen readers, with the name as tooltip.
#pragma once

namespace grove::ui {

// `icon` from shell/icons.h; `name` says what it does ("Switch to dark theme"). Returns true when pressed.
bool icon_button(const char* icon, const char* name);

}  // namespace grove::ui
