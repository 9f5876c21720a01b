// Toolbars that wrap (shell/widgets/flow.h).
#include "shell/widgets/flow.h"

#include "imgui.h"

namespace grove::ui {

void flow_same_line(float next_width, float spacing) {
    ImGui::SameLine(0.0f, spacing);
    if (ImGui::GetCursorPosX() + next_width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

}  // namespace grove::ui
