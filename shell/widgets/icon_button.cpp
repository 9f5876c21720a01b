// An icon-only button that still has a name: tooltip for people, label for tests and screen readers.
#include "shell/widgets/icon_button.h"

#include "imgui.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"

namespace grove::ui {

bool icon_button(const char* icon, const char* name) {
    ImGui::PushID(name);
    const bool pressed = activated(ImGui::Button(icon));
    report_last_item(name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name);
    ImGui::PopID();
    return pressed;
}

}  // namespace grove::ui
