// Input between frames, replayed so Dear ImGui sees every click, tap, key and wheel notch.
#pragma once

#include <array>
#include <cstddef>
#include <deque>

#include "imgui.h"

namespace grove::ui {

// How a browser's WheelEvent counts its deltas (WheelEvent.deltaMode).
enum class WheelMode { kPixels = 0, kLines = 1, kPages = 2 };

// A wheel event's deltas (positive: down and right, as browsers report them) in notches of a mouse
// wheel (positive: up and left, as ImGui and GLFW count them): 100 pixels, 3 lines or a third of a
// page make one notch.
ImVec2 wheel_notches(double delta_x, double delta_y, WheelMode mode);

// Call after ImGui::NewFrame(): a click outside a dialog (on its dimmed background) closes the dropdowns
// and menus open in it. ImGui ignores such a click while a dialog is open, so the dropdown stayed
// open and the next click, on the dialog's button, went to closing it instead.
void close_popups_clicked_outside_dialog();

// How far InputQueue::apply() makes the wheel scroll, in pixels: `per_notch` for one notch (the
// host's choice), `per_unit` for one unit of io.MouseWheel (ImGui scrolls 5 x the font size).
// Zero: notches go to ImGui as they are.
struct WheelPixels {
    float per_notch = 0.0f;
    float per_unit = 0.0f;
};

// ImGui reads the input once per frame: a move, press and release arriving between two
// frames (a tap, a quick click, Ctrl+A typed fast) look like nothing happened, or like a press
// without the hover frame some widgets need (tabs, rows). The platform layer pushes each event here
// in the order it came; every frame apply() hands ImGui the longest run of events it can see in one
// frame and keeps the rest for the next frames:
//   - the pointer's position changes in a frame of its own before a button goes down or up, and after
//     a button or a wheel changed (ImGui clicks where the pointer hovered in the previous frame);
//   - a button or key that changed waits for the next frame to change again (a press is seen down),
//     and a key released after another was pressed waits too (Ctrl+A, Ctrl let go first);
//   - text typed after a key waits for the next frame (ImGui reads a frame's text before its keys,
//     so "Ctrl+A, then type" would otherwise type first and select after).
// Keys are ImGuiKey values (the host maps its own codes: glfw_host.cpp); io.KeyCtrl and the other
// modifiers follow from the left and right modifier keys. Mouse buttons are ImGui's. apply() hands
// ImGui its input as events (io.AddKeyEvent and the rest), and init_ui() turns ImGui's own trickling
// of events off: this queue does it, with the rules above.
class InputQueue {
public:
    InputQueue() = default;

    void mouse_moved(float x, float y);
    void mouse_left();  // no pointer over the window (a finger lifted, the mouse gone)
    void mouse_button(int button, bool down);
    void wheel(float x, float y);       // in ImGui units (see wheel_notches)
    void key(ImGuiKey key, bool down);  // a named key (ImGuiKey_NamedKey_BEGIN..END); others are ignored
    void character(unsigned int c);
    // Text as a whole (the browser's input events: a typed letter, what an input method committed),
    // one character event per codepoint of `utf8`, in order; a malformed sequence, or a codepoint past
    // what ImGui's ImWchar holds, becomes U+FFFD.
    void text(const char* utf8);
    void focus(bool focused);  // losing focus releases every key and button

    // Whether apply() hands ImGui the pointer's position every frame (the host's backend polls the
    // window's cursor in its NewFrame; in the browser that is where a lifted finger last was).
    void set_owns_pointer(bool owns) { owns_pointer_ = owns; }

    bool empty() const { return events_.empty(); }
    std::size_t size() const { return events_.size(); }

    // Hands `io` what one frame sees (call it right before ImGui::NewFrame(), after a backend's
    // NewFrame, whose mouse events it follows). The wheel is given in whole pixels and less
    // than a pixel kept for the next turn (ImGui truncates scrolling to whole pixels), so a trackpad's
    // small deltas still scroll. Returns true while events wait for later frames.
    bool apply(ImGuiIO& io, WheelPixels wheel = WheelPixels());

private:
    enum class Kind { kMove, kLeave, kButton, kWheel, kKey, kChar, kFocus };
    struct Event {
        Kind kind;
        float x = 0.0f;
        float y = 0.0f;
        int code = 0;  // the button, or the key's index from ImGuiKey_NamedKey_BEGIN
        bool down = false;
        unsigned int c = 0;
    };
    void push(const Event& event);
    bool key_down(ImGuiKey key) const;
    void send_key(ImGuiIO& io, int code, bool down);
    static float whole_pixels(float notches, float& rest, WheelPixels wheel);

    static constexpr int kButtons = 5;
    static constexpr int kKeys = ImGuiKey_NamedKey_COUNT;

    bool owns_pointer_ = false;
    std::deque<Event> events_;
    ImVec2 pos_{-FLT_MAX, -FLT_MAX};
    std::array<bool, kButtons> buttons_{};
    std::array<bool, kKeys> keys_{};
    float wheel_rest_x_ = 0.0f;  // pixels not scrolled yet
    float wheel_rest_y_ = 0.0f;
};

}  // namespace grove::ui
