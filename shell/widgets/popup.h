// Popups and context menus that stay inside the window: below what opened them, flipped above it when
// there is no room below, clamped to the window otherwise (and scrolling when taller than the window).
#pragma once

#include "imgui.h"

namespace grove::ui {

// What a popup hangs from (the "..." button that opened it), in screen pixels.
struct PopupAnchor {
    ImVec2 min;
    ImVec2 max;
};

// The last item's rectangle: call right after the button that opens a popup.
PopupAnchor last_item_anchor();

// Which edge of the popup lines up with the same edge of its anchor.
enum class PopupEdge { kLeft, kRight };

// Where a popup of `size` goes: below `anchor` (a `gap` apart), aligned on `edge`; above it when it does
// not fit below but fits above; otherwise shifted to fit, `margin` inside `bounds` on every side.
ImVec2 place_popup(ImVec2 size, const PopupAnchor& anchor, const PopupAnchor& bounds, PopupEdge edge, float gap,
                   float margin);

// A window rectangle moved (not resized) so that it lies `margin` inside `bounds` where it can.
ImVec2 keep_inside(ImVec2 pos, ImVec2 size, const PopupAnchor& bounds, float margin);

// ImGui::BeginPopup(id) placed by place_popup() inside the main viewport, every frame, from the size the
// popup's contents take. Every popup and context menu of the shell opens through this; end with
// ImGui::EndPopup() when it returns true.
bool begin_anchored_popup(const char* id, const PopupAnchor& anchor, PopupEdge edge = PopupEdge::kRight,
                          ImGuiWindowFlags flags = 0);

}  // namespace grove::ui
