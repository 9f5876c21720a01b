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
    std::uint32_t enter = 0;  // a field's Enter, waiting for the field
    int enter_frame = 0;
    std::uint32_t entered_field = 0;  // the field the Enter was applied to, in frame entered_frame
    ImGuiID entered_window = 0;       // that field's root window
    int entered_frame = -1;
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

void request_enter(std::uint32_t id) {
    requests().enter = id;
    requests().enter_frame = frame();
}

bool pending() { return requests().focus != 0 || requests().text_id != 0 || requests().enter != 0; }

void item_submitted(std::uint32_t id) {
    Requests& r = requests();
    if (r.focus != 0 && frame() - r.focus_frame > kFramesToWait) r.focus = 0;
    if (r.text_id != 0 && frame() - r.text_frame > kFramesToWait) r.text_id = 0;
    if (r.enter != 0 && frame() - r.enter_frame > kFramesToWait) r.enter = 0;
    // The field's text from the mirror is taken before the field is drawn (take_text), so its Enter comes after it.
    if (r.enter != 0 && r.enter == id && r.text_id != id && GImGui != nullptr && GImGui->CurrentWindow != nullptr) {
        r.enter = 0;
        r.entered_field = id;
        r.entered_window = GImGui->CurrentWindow->RootWindow->ID;
        r.entered_frame = frame();
    }
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

bool entered(std::uint32_t id) {
    const Requests& r = requests();
    return r.entered_frame == frame() && r.entered_field == id;
}

bool entered_in_current_window() {
    const Requests& r = requests();
    const ImGuiWindow* window = GImGui != nullptr ? GImGui->CurrentWindow : nullptr;
    return r.entered_frame == frame() && window != nullptr && window->RootWindow->ID == r.entered_window;
}

}  // namespace grove::ui::a11y
