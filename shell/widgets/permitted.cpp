// Disabled actions with their reason on hover (shell/widgets/permitted.h).
#include "shell/widgets/permitted.h"

#include "imgui.h"
#include "shell/app.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

std::string refusal_of(AppState& state, Cmd cmd, const AccessTarget& target) {
    if (state.store == nullptr) return "Open or create an organisation first.";
    auto allowed = can(*state.store, state.actor, cmd, target);
    return allowed ? std::string() : allowed.error().message;
}

void refusal_tooltip(AppState& state, const std::string& refusal) {
    if (refusal.empty() || !ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(state.px(360));
    ImGui::TextUnformatted(refusal.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool permitted_button(AppState& state, const char* label, const std::string& refusal, bool primary) {
    const bool allowed = refusal.empty();
    ImGui::BeginDisabled(!allowed);
    const bool pressed = primary ? primary_button(state, label) : button(label);
    ImGui::EndDisabled();
    refusal_tooltip(state, refusal);
    return pressed && allowed;
}

bool permitted_menu_item(AppState& state, const char* label, const std::string& refusal) {
    const bool allowed = refusal.empty();
    ImGui::BeginDisabled(!allowed);
    const bool pressed = menu_item(label);
    ImGui::EndDisabled();
    refusal_tooltip(state, refusal);
    return pressed && allowed;
}

}  // namespace grove::ui
