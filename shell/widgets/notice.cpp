// The outcome of a command where the person acted (shell/widgets/notice.h).
#include "shell/widgets/notice.h"

#include <algorithm>

#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/undo_bar.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/icon_button.h"

namespace grove::ui {

void draw_notice(AppState& state, Notice& notice) {
    if (notice.text.empty()) return;
    const double now = ImGui::GetTime();
    if (notice.since < 0) {
        notice.actor = state.actor;
        notice.since = now;
    } else if (notice.actor != state.actor) {
        notice.clear();  // another person acts now: the outcome was not theirs
        return;
    }
    float alpha = 1.0f;
    if (!notice.error) {
        const double age = now - notice.since;
        if (age >= kNoticeSeconds + kNoticeFadeSeconds) {
            notice.clear();
            return;
        }
        if (age > kNoticeSeconds) {
            alpha = static_cast<float>(1.0 - (age - kNoticeSeconds) / kNoticeFadeSeconds);
            state.request_redraw();  // while it fades, frames keep coming until it is gone
        }
        // Before that no frame is asked for: an idle page stays idle. The desktop wakes every second anyway;
        // in the browser the fade starts with the next frame drawn after kNoticeSeconds (any input).
    }
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * alpha);
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec4 ink = notice.error ? p.danger : p.success;
    // A soft band as wide as its text (wrapped to the row), with a Dismiss button at its end.
    const ImVec2 pad(state.px(12), state.px(6));
    const char* icon = notice.error ? icons::kWarning : icons::kCheck;
    const float icon_w = ImGui::CalcTextSize(icon).x + state.px(8);
    const float close_w = ImGui::CalcTextSize(icons::kClose).x + style.FramePadding.x * 2 +
                          (notice.offer_undo ? button_width("Undo") + state.px(6) : 0.0f);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float wrap = std::max(state.px(120), avail - pad.x * 2 - icon_w - close_w - state.px(8));
    const ImVec2 text = ImGui::CalcTextSize(notice.text.c_str(), nullptr, false, wrap);
    const float height = std::max(ImGui::GetFrameHeight(), text.y + pad.y * 2);
    const float width = std::min(avail, pad.x * 2 + icon_w + text.x + state.px(8) + close_w);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    if (!notice.error && ImGui::IsMouseHoveringRect(pos, ImVec2(pos.x + width, pos.y + height)) &&
        ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows))
        notice.since = now;  // being read: it stays
    // A live region: a screen reader says the outcome, a refusal at once.
    SemanticScope region(notice.error ? Role::kAlert : Role::kStatus, "Notice");
    ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height),
                                              ImGui::GetColorU32(ImVec4(ink.x, ink.y, ink.z, 0.10f)),
                                              style.FrameRounding);
    const float text_y = pos.y + (height - text.y) * 0.5f;
    ImGui::PushStyleColor(ImGuiCol_Text, ink);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad.x, text_y));
    ImGui::TextUnformatted(icon);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad.x + icon_w, text_y));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextUnformatted(notice.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(
        ImVec2(pos.x + width - close_w - state.px(2), pos.y + (height - ImGui::GetFrameHeight()) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushID("notice");
    bool undo_pressed = false;
    if (notice.offer_undo) {
        ImGui::PopStyleColor();  // the Undo reads in the notice's ink
        ImGui::PushStyleColor(ImGuiCol_Text, ink);
        undo_pressed = button("Undo");
        ImGui::PopStyleColor();
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::SameLine(0.0f, state.px(6));
    }
    const bool dismissed = icon_button(icons::kClose, "Dismiss");
    const bool dismissed_by_keyboard = dismissed && keyboard_focused();
    if (dismissed) notice.clear();
    ImGui::PopID();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + height));
    ImGui::Dummy(ImVec2(0, style.ItemSpacing.y * 0.5f));
    ImGui::PopStyleVar();
    // The Dismiss button goes with the notice: the keyboard's focus moves on to the page below it, rather than
    // starting over at the sidebar.
    if (dismissed_by_keyboard) ImGui::SetKeyboardFocusHere();
    if (undo_pressed) undo_now(state, notice);
}
}  // namespace grove::ui
