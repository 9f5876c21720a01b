// Buttons that Enter presses too, and their layout helpers (shell/widgets/buttons.h).
#include "shell/widgets/buttons.h"

#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/page_header.h"

namespace grove::ui {

bool keyboard_focused() {
    // Focused and highlighted: the person is moving with the keyboard (after a click the highlight is off).
    return ImGui::IsItemFocused() && !GImGui->NavDisableHighlight;
}

bool activated(bool pressed) { return pressed || (keyboard_focused() && ImGui::IsKeyPressed(ImGuiKey_Enter, false)); }

bool button(const char* label, const ImVec2& size) { return activated(ImGui::Button(label, size)); }

bool menu_item(const char* label) { return activated(ImGui::MenuItem(label)); }

bool checkbox(const char* label, bool* value) {
    bool pressed = ImGui::Checkbox(label, value);
    if (!pressed && keyboard_focused() && ImGui::IsKeyPressed(ImGuiKey_Enter, false)) {
        *value = !*value;
        pressed = true;
    }
    return pressed;
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

void align_right(std::initializer_list<const char*> labels) {
    float total = 0;
    for (const char* label : labels) total += button_width(label) + ImGui::GetStyle().ItemSpacing.x;
    total -= ImGui::GetStyle().ItemSpacing.x;
    const float x = ImGui::GetWindowContentRegionMax().x - total;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
}

bool escape_pressed() { return escape_for_dialog(); }

bool header_with_action(const AppState& state, const char* title, const char* subtitle, const char* action) {
    const ImVec2 top = ImGui::GetCursorPos();
    const float right = ImGui::GetWindowContentRegionMax().x;
    page_header(state, title, subtitle);
    const ImVec2 below = ImGui::GetCursorPos();
    const float heading = state.fonts.heading ? state.fonts.heading->FontSize : ImGui::GetFontSize();
    ImGui::SetCursorPos(ImVec2(right - button_width(action), top.y + (heading - ImGui::GetFrameHeight()) * 0.5f));
    const bool pressed = primary_button(state, action);
    ImGui::SetCursorPos(below);
    return pressed;
}

}  // namespace grove::ui
