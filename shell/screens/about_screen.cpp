// About: what Grove is and how this copy stores its data.
#include "imgui.h"
#include "shell/app.h"
#include "shell/widgets/page_header.h"

namespace grove::ui {

void draw_about_screen(AppState& state) {
    page_header(state, "About Grove", "An offline group planner for learning organisations.");
    ImGui::TextWrapped(
        "Everything runs on this computer: the data stays in this browser (or in the file the desktop "
        "program opened), and nothing is sent anywhere. Share work by exporting and importing files.");
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::Text("Version %s", GROVE_VERSION);
    ImGui::PopStyleColor();
}

}  // namespace grove::ui
