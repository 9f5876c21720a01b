// The title block at the top of every screen.
#include "shell/widgets/page_header.h"

#include "imgui.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"

namespace grove::ui {

void page_header(const AppState& state, const char* title, const char* subtitle) {
    ImGui::PushFont(state.fonts.heading);
    ImGui::TextUnformatted(title);
    report_heading(title);
    ImGui::PopFont();
    if (subtitle != nullptr) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
        ImGui::TextWrapped("%s", subtitle);
        ImGui::PopStyleColor();
    }
    ImGui::Dummy(ImVec2(0.0f, state.px(8)));
}

}  // namespace grove::ui
