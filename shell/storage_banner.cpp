// Storage bands: read-only with "Take over here", "Not saved" with its reason, a read that failed, changes lost
// earlier.
#include "shell/storage_banner.h"

#include <cmath>
#include <string>

#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/theme.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {
namespace {

// One band: an icon, a bold line, the sentence (wrapped), and an optional button on its own line.
// Returns whether the button was pressed.
bool band(AppState& state, const char* id, const ImVec4& background, const ImVec4& tint, const char* icon,
          const char* title, const std::string& text, const char* button_label, bool primary) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float inner_w = ImGui::GetContentRegionAvail().x - style.WindowPadding.x * 2.0f;
    float height = style.WindowPadding.y * 2.0f + ImGui::GetTextLineHeightWithSpacing() +
                   ImGui::CalcTextSize(text.c_str(), nullptr, false, inner_w).y;
    if (button_label != nullptr) height += style.ItemSpacing.y * 2.0f + ImGui::GetFrameHeight();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, background);
    ImGui::BeginChild(
        id, ImVec2(0.0f, std::ceil(height) + state.px(2)), ImGuiChildFlags_Border,
        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NavFlattened);
    ImGui::PushStyleColor(ImGuiCol_Text, tint);
    ImGui::TextUnformatted(icon);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    bool pressed = false;
    bool by_keyboard = false;
    if (button_label != nullptr) {
        ImGui::Spacing();
        pressed = primary ? primary_button(state, button_label) : button(button_label);
        by_keyboard = pressed && keyboard_focused();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::Spacing();
    // A band's button takes the band away: the keyboard's focus moves on to what follows it on the page,
    // rather than starting over at the sidebar.
    if (by_keyboard) ImGui::SetKeyboardFocusHere();
    return pressed;
}

}  // namespace

void draw_storage_banner(AppState& state) {
    const SaveStatus status = state.platform != nullptr ? state.platform->save_status() : SaveStatus{};
    const Palette& p = palette(state.theme);
    const ImVec4 danger_soft(p.danger.x, p.danger.y, p.danger.z, 0.10f);
    if (!status.read_only.empty()) {
        const char* action = status.can_take_over ? "Take over here" : nullptr;
        if (band(state, "##read-only", p.accent_soft, p.accent, icons::kLock, "This tab is read-only", status.read_only,
                 action, true)) {
            state.platform->take_over();
            state.request_redraw();
        }
    }
    if (status.state == SaveState::NotSaved && !status.reason.empty()) {
        band(state, "##not-saved", danger_soft, p.danger, icons::kWarning, "Not saved", status.reason, nullptr, false);
    }
    if (!state.frame_failure.empty()) {
        const std::string text = state.frame_failure +
                                 "\nNothing was changed, and your data is as it was. Try again; if "
                                 "it keeps failing, reopening Grove may help.";
        if (band(state, "##read-failed", danger_soft, p.danger, icons::kWarning, "Grove could not read its data", text,
                 "Dismiss##read-failed", false)) {
            state.frame_failure.clear();
            state.request_redraw();
        }
    }
    if (!status.lost.empty()) {
        if (band(state, "##lost", danger_soft, p.danger, icons::kWarning, "Changes that were not stored", status.lost,
                 "Dismiss##lost", false)) {
            state.platform->dismiss_lost();
            state.request_redraw();
        }
    }
}

}  // namespace grove::ui
