// Requests from the screen-reader mirror, applied when their widget is submitted (shell/a11y_actions.h).
#include "shell/a11y_actions.h"

#include <utility>

#include "imgui.h"
#include "imgui_internal.h"

namespace grove::ui::a11y {
namespace {

// A request for a widget that is not drawn again (its screen closed) goes after this many frames.
constexpr int kFramesToWait = 30;

struct Requests {
    std::uint32_t focus = 0;
    int focus_frame = 0;
    std::uint32_t text_id = 0;
    std::string text;
    int text_frame = 0;
};

Requests& requests() {
    static Requests r;
    return r;
}

int frame() { return GImGui != nullptr ? ImGui::GetFrameCount() : 0; }

// ImGui's keyboard focus on the widget being submitted, with its focus ring (SetFocusID and NavDisableHighlight are
// in ImGui 1.86 and 1.90 alike).
void focus_current_item(ImGuiID id) {
    ImGuiContext& g = *GImGui;
    if (g.CurrentWindow == nullptr) return;
    if (g.NavId != id) {
        ImGui::FocusWindow(g.CurrentWindow);
        ImGui::SetFocusID(id, g.CurrentWindow);
    }
    g.NavDisableHighlight = false;  // focused already by a click: now by the keyboard, with its ring
}

}  // namespace

void request_focus(std::uint32_t id) {
    requests().focus = id;
    requests().focus_frame = frame();
}

void request_text(std::uint32_t id, std::string text) {
    requests().text_id = id;
    requests().text = std::move(text);
    requests().text_frame = frame();
}

bool pending() { return requests().focus != 0 || requests().text_id != 0; }

void item_submitted(std::uint32_t id) {
    Requests& r = requests();
    if (r.focus != 0 && frame() - r.focus_frame > kFramesToWait) r.focus = 0;
    if (r.text_id != 0 && frame() - r.text_frame > kFramesToWait) r.text_id = 0;
    if (r.focus == 0 || r.focus != id) return;
    r.focus = 0;
    if (GImGui != nullptr) focus_current_item(id);
}

bool take_text(std::uint32_t id, std::string* text) {
    Requests& r = requests();
    if (r.text_id == 0 || r.text_id != id) return false;
    r.text_id = 0;
    *text = std::move(r.text);
    if (ImGui::GetActiveID() == id) ImGui::ClearActiveID();
    return true;
}

}  // namespace grove::ui::a11y
