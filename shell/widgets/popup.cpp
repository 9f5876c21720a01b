// Popups that stay inside the window (shell/widgets/popup.h).
#include "shell/widgets/popup.h"

#include <algorithm>
#include <cmath>

#include "imgui_internal.h"

namespace grove::ui {

namespace {

PopupAnchor viewport_bounds() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    return {viewport->Pos, ImVec2(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y)};
}

float clamp_axis(float at, float size, float low, float high) {
    if (size >= high - low) return low;  // taller (or wider) than the room: start at its beginning
    return std::clamp(at, low, high - size);
}

}  // namespace

PopupAnchor last_item_anchor() { return {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }

ImVec2 keep_inside(ImVec2 pos, ImVec2 size, const PopupAnchor& bounds, float margin) {
    return ImVec2(clamp_axis(pos.x, size.x, bounds.min.x + margin, bounds.max.x - margin),
                  clamp_axis(pos.y, size.y, bounds.min.y + margin, bounds.max.y - margin));
}

ImVec2 place_popup(ImVec2 size, const PopupAnchor& anchor, const PopupAnchor& bounds, PopupEdge edge, float gap,
                   float margin) {
    const float top = bounds.min.y + margin;
    const float bottom = bounds.max.y - margin;
    const float below = anchor.max.y + gap;
    const float above = anchor.min.y - gap - size.y;
    float y = below;
    if (below + size.y > bottom) {
        if (above >= top) {
            y = above;
        } else {
            // Fits neither way: on the side with more room, shifted in.
            y = (bottom - anchor.max.y) >= (anchor.min.y - top) ? below : above;
        }
    }
    const float x = edge == PopupEdge::kRight ? anchor.max.x - size.x : anchor.min.x;
    return keep_inside(ImVec2(x, y), size, bounds, margin);
}

bool begin_anchored_popup(const char* id, const PopupAnchor& anchor, PopupEdge edge, ImGuiWindowFlags flags) {
    if (!ImGui::IsPopupOpen(id)) {
        GImGui->NextWindowData.ClearFlags();  // as BeginPopup() does: a size set for it must not reach another window
        return false;
    }
    const PopupAnchor bounds = viewport_bounds();
    // From the style, so they follow the pixel ratio: 8 and 2 CSS pixels.
    const float margin = std::round(ImGui::GetStyle().WindowPadding.x * 0.5f);
    const float gap = std::round(ImGui::GetStyle().ItemSpacing.y * 0.25f);
    // BeginPopup() names its window after the popup's ID; the window of the last frame tells the size.
    char name[20];
    ImFormatString(name, IM_ARRAYSIZE(name), "##Popup_%08x", ImGui::GetID(id));
    ImGuiWindow* window = ImGui::FindWindowByName(name);
    const bool shown_last_frame = window != nullptr && window->LastFrameActive >= ImGui::GetFrameCount() - 1;
    if (shown_last_frame) {
        // Measured: its size this frame is what its contents took last frame (popups fit their contents).
        ImVec2 size = ImGui::CalcWindowNextAutoFitSize(window);
        size.x = std::min(size.x, bounds.max.x - bounds.min.x - margin * 2);
        size.y = std::min(size.y, bounds.max.y - bounds.min.y - margin * 2);
        ImGui::SetNextWindowPos(place_popup(size, anchor, bounds, edge, gap, margin), ImGuiCond_Always);
    } else {
        // The first frame measures the contents, hidden; anywhere near the anchor will do.
        ImGui::SetNextWindowPos(ImVec2(anchor.min.x, anchor.max.y + gap), ImGuiCond_Always);
    }
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(0.0f, 0.0f), ImVec2(bounds.max.x - bounds.min.x - margin * 2, bounds.max.y - bounds.min.y - margin * 2));
    return ImGui::BeginPopup(id, flags);
}

}  // namespace grove::ui
