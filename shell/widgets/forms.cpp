// Buttons, messages, fields and dialogs shared by the screens.
#include "shell/widgets/forms.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/a11y_actions.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/popup.h"

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

// What a paste lost in a one-line field, by the field's ID, shown under it until the field is edited again.
// ImGui drops line breaks, tabs and other control characters from a paste into a one-line field; the person
// is told, so the value is never changed silently (the core refuses them anyway: core/text one_line_problem).
std::unordered_map<ImGuiID, std::string>& paste_notes() {
    static std::unordered_map<ImGuiID, std::string> notes;
    return notes;
}

// "The pasted text had 1 line break and 1 tab ..." for `clip`, or empty when a line can hold all of it.
std::string paste_note(std::string_view clip) {
    int breaks = 0, tabs = 0, controls = 0;
    for (size_t i = 0; i < clip.size(); ++i) {
        const auto c = static_cast<unsigned char>(clip[i]);
        if (c == '\r' && i + 1 < clip.size() && clip[i + 1] == '\n') continue;  // CRLF is one break
        if (c == '\n' || c == '\r') {
            ++breaks;
        } else if (c == '\t') {
            ++tabs;
        } else if (c < 0x20 || c == 0x7F) {
            ++controls;
        }
    }
    if (breaks + tabs + controls == 0) return {};
    // A break or tab at the very end (a copied cell or line) loses nothing a person would miss.
    std::string_view body = clip;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == '\t')) body.remove_suffix(1);
    bool inner = false;
    for (char ch : body) inner = inner || static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F;
    if (!inner) return {};
    std::vector<std::string> parts;
    if (breaks) parts.push_back(counted(breaks, "line break", "line breaks"));
    if (tabs) parts.push_back(counted(tabs, "tab", "tabs"));
    if (controls) parts.push_back(counted(controls, "control character", "control characters"));
    std::string list;
    for (size_t i = 0; i < parts.size(); ++i) list += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return "The pasted text had " + list + ", which this one-line field cannot hold: they were left out and the " +
           "pieces joined. Check the value above before saving.";
}

// Escape in a field being edited stops editing and keeps what was typed (ImGui would put back the text
// the field had when editing began); the dialog around it stays open (shell/widgets/dialog_buttons.h).
void keep_text_on_escape(ImGuiID field) {
    if (ImGui::GetActiveID() == field && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::ClearActiveID();
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
void field_error(const AppState& state, const char* label, const std::string& message, float width) {
    if (message.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).danger);
    ImGui::PushTextWrapPos(width > 0.0f ? ImGui::GetCursorPosX() + width : 0.0f);
    ImGui::TextUnformatted(message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    // A text is no item: give the message's rectangle an ID of its own, so it can be named.
    ImGui::PushID(label);
    const ImGuiID id = ImGui::GetID("##field-error");
    ImGui::PopID();
    const ImRect rect = ImGui::GetCurrentContext()->LastItemData.Rect;
    ImGui::ItemAdd(rect, id, nullptr, ImGuiItemFlags_NoNav);
    report_last_item((std::string(label) + " error").c_str());
}
void success_text(const AppState& state, const std::string& message) { wrapped(palette(state.theme).success, message); }
void muted_text(const AppState& state, const std::string& text) { wrapped(palette(state.theme).text_muted, text); }

bool password_field(const char* label, std::string* text, float width, bool* enter) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width > 0.0f ? width : -1.0f);
    ImGui::PushID(label);
    keep_text_on_escape(ImGui::GetID("##field"));
    const bool set = a11y::take_text(ImGui::GetID("##field"), text);
    const bool changed = ImGui::InputText("##field", text, ImGuiInputTextFlags_Password) || set;
    if (enter) {
        *enter = (ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Enter)) ||
                 a11y::entered(ImGui::GetID("##field"));
    }
    report_text_field(label, *text, Role::kPassword);
    ImGui::PopID();
    return changed;
}

bool text_field(const char* label, std::string* text, const char* hint, float width, bool* enter) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width > 0.0f ? width : -1.0f);
    ImGui::PushID(label);
    keep_text_on_escape(ImGui::GetID("##field"));
    const bool set = a11y::take_text(ImGui::GetID("##field"), text);  // typed into the screen-reader mirror
    bool changed = ImGui::InputTextWithHint("##field", hint, text) || set;
    if (enter) {
        *enter = (ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Enter)) ||
                 a11y::entered(ImGui::GetID("##field"));
    }
    report_text_field(label, *text);  // the field is found by its label, as a screen reader would name it
    const ImGuiID id = ImGui::GetID("##field");
    const ImGuiIO& io = ImGui::GetIO();
    const bool paste = (ImGui::IsItemActive() || ImGui::IsItemDeactivated()) &&
                       (((io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_V)) ||
                        (io.KeyShift && ImGui::IsKeyPressed(ImGuiKey_Insert)));
    auto& notes = paste_notes();
    if (paste) {
        const char* clip = ImGui::GetClipboardText();
        std::string note = paste_note(clip ? clip : "");
        if (note.empty()) {
            notes.erase(id);
        } else {
            notes[id] = std::move(note);
        }
    } else if (changed) {
        notes.erase(id);  // typed over: the person has seen the value
    }
    if (auto it = notes.find(id); it != notes.end()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(it->second.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::PopID();
    return changed;
}

bool multiline_field(const char* label, std::string* text, float height) {
    ImGui::TextUnformatted(label);
    ImGui::PushID(label);
    keep_text_on_escape(ImGui::GetID("##field"));
    const bool set = a11y::take_text(ImGui::GetID("##field"), text);
    bool changed = ImGui::InputTextMultiline("##field", text, ImVec2(-1.0f, height)) || set;
    report_text_field(label, *text, Role::kMultiline);
    ImGui::PopID();
    return changed;
}

bool begin_combo(const char* label, const char* id, const std::string& preview, int flags) {
    const ImGuiID combo_id = ImGui::GetID(id);  // what BeginCombo takes as its ID
    const bool open = ImGui::BeginCombo(id, preview.c_str(), flags);
    report_combo(combo_id, label, preview, open);
    return open;
}

bool search_field(const AppState& state, const char* id, std::string* text, const char* hint, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    // The magnifier sits in the field's left padding, so the caret, the hint and the text start after it.
    const float icon_w = ImGui::CalcTextSize(icons::kSearch).x;
    const float inset = style.FramePadding.x + icon_w + state.px(8);
    ImGui::SetNextItemWidth(width);
    ImGui::PushID(id);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(inset, style.FramePadding.y));
    const bool set = a11y::take_text(ImGui::GetID("##search"), text);
    bool changed = ImGui::InputTextWithHint("##search", hint, text) || set;
    ImGui::PopStyleVar();
    report_text_field(hint, *text);  // a search box is named by its hint ("Search groups")
    const ImVec2 field = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(ImVec2(field.x + style.FramePadding.x, field.y + style.FramePadding.y),
                                        ImGui::GetColorU32(palette(state.theme).text_muted), icons::kSearch);
    ImGui::PopID();
    return changed;
}

void open_dialog(const char* title) { ImGui::OpenPopup(title); }

bool begin_dialog(const AppState& state, const char* title, float width) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const PopupAnchor bounds{viewport->Pos,
                             ImVec2(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y)};
    const float margin = state.px(16);
    const float max_w = std::max(state.px(200), viewport->Size.x - margin * 2);
    const float max_h = std::max(state.px(200), viewport->Size.y - margin * 2);
    // Centred when it opens; afterwards it keeps its place and grows downwards, so what is under the
    // pointer does not move when a message or a row appears. It is moved only to stay inside the window,
    // and scrolls when taller than the window.
    ImGuiWindow* window = ImGui::IsPopupOpen(title) ? ImGui::FindWindowByName(title) : nullptr;
    if (window != nullptr && window->LastFrameActive >= ImGui::GetFrameCount() - 1 && !window->Hidden) {
        ImVec2 size = ImGui::CalcWindowNextAutoFitSize(window);
        size.y = std::min(size.y, max_h);
        size.x = std::min(state.px(width), max_w);
        ImGui::SetNextWindowPos(keep_inside(window->Pos, size, bounds, margin), ImGuiCond_Always);
    } else {
        ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    }
    ImGui::SetNextWindowSize(ImVec2(std::min(state.px(width), max_w), 0.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(max_w, max_h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(24), state.px(20)));
    bool open = ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    if (open) {
        // A dialog taller than the window opens at its top: the first field's focus would otherwise
        // scroll it while its size is still being measured, hiding its opening lines.
        int& age = *ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("##dialog-age"), 0);
        if (ImGui::IsWindowAppearing()) age = 0;
        if (age < 3) {
            ++age;
            ImGui::SetScrollY(0.0f);
        }
    }
    return open;
}

void end_dialog() { ImGui::EndPopup(); }
void close_dialog() { ImGui::CloseCurrentPopup(); }

}  // namespace grove::ui
