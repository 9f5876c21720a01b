// Buttons, messages, fields and dialogs shared by the screens.
#include "shell/widgets/forms.h"

#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"

namespace grove::ui {

namespace {

bool coloured_button(const char* label, const ImVec4& base, const ImVec4& hover, const ImVec4& text) {
    ImGui::PushStyleColor(ImGuiCol_Button, base);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, hover);
    ImGui::PushStyleColor(ImGuiCol_Text, text);
    const bool pressed = activated(ImGui::Button(label));  // Enter too, as every button of the shell
    ImGui::PopStyleColor(4);
    return pressed;
}

// Escape in a field being edited stops editing and keeps what was typed (ImGui would put back the text
// the field had when editing began); the dialog around it stays open (shell/widgets/dialog_buttons.h).
void keep_text_on_escape(ImGuiID field) {
    if (ImGui::GetActiveID() == field && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ImGui::ClearActiveID();
}

void wrapped(const ImVec4& colour, const std::string& text) {
    if (text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

}  // namespace

bool primary_button(const AppState& state, const char* label) {
    const Palette& p = palette(state.theme);
    return coloured_button(label, p.accent, p.accent_hover, p.on_accent);
}

bool danger_button(const AppState& state, const char* label) {
    const Palette& p = palette(state.theme);
    ImVec4 hover = p.danger;
    hover.w = 0.85f;
    return coloured_button(label, p.danger, hover, p.on_accent);
}

void error_text(const AppState& state, const std::string& message) { wrapped(palette(state.theme).danger, message); }
void success_text(const AppState& state, const std::string& message) { wrapped(palette(state.theme).success, message); }
void muted_text(const AppState& state, const std::string& text) { wrapped(palette(state.theme).text_muted, text); }

bool text_field(const char* label, std::string* text, const char* hint, float width, bool* enter) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width > 0.0f ? width : -1.0f);
    ImGui::PushID(label);
    keep_text_on_escape(ImGui::GetID("##field"));
    bool changed = ImGui::InputTextWithHint("##field", hint, text);
    if (enter) *enter = ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
    report_last_item(label);  // the field is found by its label, as a screen reader would name it
    ImGui::PopID();
    return changed;
}

bool multiline_field(const char* label, std::string* text, float height) {
    ImGui::TextUnformatted(label);
    ImGui::PushID(label);
    keep_text_on_escape(ImGui::GetID("##field"));
    bool changed = ImGui::InputTextMultiline("##field", text, ImVec2(-1.0f, height));
    report_last_item(label);
    ImGui::PopID();
    return changed;
}

bool search_field(const AppState& state, const char* id, std::string* text, const char* hint, float width) {
    (void)state;
    ImGui::SetNextItemWidth(width);
    std::string full_hint = std::string(icons::kSearch) + "  " + hint;
    ImGui::PushID(id);
    bool changed = ImGui::InputTextWithHint("##search", full_hint.c_str(), text);
    report_last_item(hint);  // a search box is named by its hint ("Search groups")
    ImGui::PopID();
    return changed;
}

void open_dialog(const char* title) { ImGui::OpenPopup(title); }

bool begin_dialog(const AppState& state, const char* title, float width) {
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    // Centred every frame, so a dialog that grows (an error message appears) stays in the middle.
    ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(state.px(width), 0.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(24), state.px(20)));
    bool open = ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    return open;
}

void end_dialog() { ImGui::EndPopup(); }
void close_dialog() { ImGui::CloseCurrentPopup(); }

}  // namespace grove::ui
