// Text that acts as a link (shell/widgets/links.h).
#include "shell/widgets/links.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/elided_text.h"

namespace grove::ui {

bool link_button(const AppState& state, const char* label, const char* id, float max_width) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    const Palette& p = palette(state.theme);
    const ImGuiID gid = window->GetID(id != nullptr ? id : label);
    const std::string shown = max_width > 0.0f ? elide(label, max_width) : std::string(label);
    const bool cut = shown.size() != std::strlen(label);
    const ImVec2 size = ImGui::CalcTextSize(shown.c_str());
    const ImVec2 pos = window->DC.CursorPos;
    const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::ItemSize(size);
    if (!ImGui::ItemAdd(bb, gid)) return false;
    bool hovered = false;
    bool held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
    ImGui::RenderNavHighlight(bb, gid);
    // The caller's text colour (plain, muted or accent), the accent when the pointer is on it.
    if (hovered) ImGui::PushStyleColor(ImGuiCol_Text, p.accent_hover);
    ImGui::RenderText(pos, shown.c_str(), nullptr, false);
    if (hovered) ImGui::PopStyleColor();
    if (hovered) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const float y = std::round(bb.Max.y - 0.5f);
        window->DrawList->AddLine(ImVec2(bb.Min.x, y), ImVec2(bb.Max.x, y), ImGui::GetColorU32(p.accent_hover),
                                  std::max(1.0f, state.ui_scale));
    }
    report_last_item(label, Role::kLink);
    if (cut) full_text_tooltip(label);
    return activated(pressed);
}

bool link_button_on_line(const AppState& state, const char* label, const char* id, float max_width) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    // Lowered to the baseline, the line keeps its height (as Text() would take it) rather than growing by as much.
    const float offset = window->DC.CurrLineTextBaseOffset;
    window->DC.CursorPos.y += offset;
    window->DC.CurrLineSize.y = std::max(0.0f, window->DC.CurrLineSize.y - offset);
    return link_button(state, label, id, max_width);
}

}  // namespace grove::ui
