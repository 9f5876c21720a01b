// Input events replayed over consecutive frames (see input_queue.h for the rules).
#include "shell/input_queue.h"

#include <cmath>
#include <iterator>

#include "imgui_internal.h"

namespace grove::ui {

ImVec2 wheel_notches(double delta_x, double delta_y, WheelMode mode) {
    double per_notch = 100.0;  // Chromium and Firefox report a notch as 100 pixels (or 3 lines)
    if (mode == WheelMode::kLines) per_notch = 3.0;
    if (mode == WheelMode::kPages) per_notch = 1.0 / 3.0;
    return ImVec2(static_cast<float>(-delta_x / per_notch), static_cast<float>(-delta_y / per_notch));
}

void close_popups_clicked_outside_dialog() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool clicked = g.IO.MouseClicked[0] || g.IO.MouseClicked[1] || g.IO.MouseClicked[2];
    // Over the dialog or what opened from it, ImGui decides (a click in the dialog closes its dropdown).
    if (!clicked || g.HoveredWindow != nullptr) return;
    ImGuiWindow* dialog = ImGui::GetTopMostPopupModal();
    if (dialog == nullptr) return;
    for (int level = 0; level < g.OpenPopupStack.Size; ++level) {
        if (g.OpenPopupStack[level].Window != dialog) continue;
        if (level + 1 < g.OpenPopupStack.Size) ImGui::ClosePopupToLevel(level + 1, true);
        return;
    }
}

void InputQueue::push(const Event& event) { events_.push_back(event); }

void InputQueue::mouse_moved(float x, float y) { push({Kind::kMove, x, y}); }

void InputQueue::mouse_left() { push({Kind::kLeave}); }

void InputQueue::mouse_button(int button, bool down) {
    if (button < 0 || button >= kButtons) return;
    push({.kind = Kind::kButton, .code = button, .down = down});
}

void InputQueue::wheel(float x, float y) {
    if (x == 0.0f && y == 0.0f) return;
    push({Kind::kWheel, x, y});
}

void InputQueue::key(ImGuiKey key, bool down) {
    if (key < ImGuiKey_NamedKey_BEGIN || key >= ImGuiKey_NamedKey_END) return;
    push({.kind = Kind::kKey, .code = key - ImGuiKey_NamedKey_BEGIN, .down = down});
}

void InputQueue::character(unsigned int c) {
    if (c == 0) return;
    push({.kind = Kind::kChar, .c = c});
}

void InputQueue::text(const char* utf8) {
    if (utf8 == nullptr) return;
    const char* p = utf8;
    while (*p != '\0') {
        unsigned int c = 0;
        const int length = ImTextCharFromUtf8(&c, p, nullptr);
        if (length <= 0) break;
        p += length;
        character(c);
    }
}

void InputQueue::focus(bool focused) { push({.kind = Kind::kFocus, .down = focused}); }

bool InputQueue::key_down(ImGuiKey key) const { return keys_[static_cast<std::size_t>(key - ImGuiKey_NamedKey_BEGIN)]; }

// A key's change, and the modifier it makes (ImGuiMod_Ctrl and the rest, which ImGui reads for io.KeyCtrl)
// when that changes with it: the modifier first, as ImGui's own backends send them.
void InputQueue::send_key(ImGuiIO& io, int code, bool down) {
    struct Modifier {
        ImGuiKey mod, left, right;
    };
    static constexpr Modifier kModifiers[] = {
        {ImGuiMod_Ctrl, ImGuiKey_LeftCtrl, ImGuiKey_RightCtrl},
        {ImGuiMod_Shift, ImGuiKey_LeftShift, ImGuiKey_RightShift},
        {ImGuiMod_Alt, ImGuiKey_LeftAlt, ImGuiKey_RightAlt},
        {ImGuiMod_Super, ImGuiKey_LeftSuper, ImGuiKey_RightSuper},
    };
    const auto key = static_cast<ImGuiKey>(ImGuiKey_NamedKey_BEGIN + code);
    bool before[std::size(kModifiers)];
    for (std::size_t m = 0; m < std::size(kModifiers); ++m)
        before[m] = key_down(kModifiers[m].left) || key_down(kModifiers[m].right);
    keys_[static_cast<std::size_t>(code)] = down;
    for (std::size_t m = 0; m < std::size(kModifiers); ++m) {
        const bool now = key_down(kModifiers[m].left) || key_down(kModifiers[m].right);
        if (now != before[m]) io.AddKeyEvent(kModifiers[m].mod, now);
    }
    io.AddKeyEvent(key, down);
}

// ImGui truncates scroll offsets to whole pixels: a wheel worth less than a pixel would be lost.
float InputQueue::whole_pixels(float notches, float& rest, WheelPixels wheel) {
    if (wheel.per_notch <= 0.0f || wheel.per_unit <= 0.0f) return notches;
    const float pixels = notches * wheel.per_notch;
    if ((rest > 0.0f && pixels < 0.0f) || (rest < 0.0f && pixels > 0.0f)) rest = 0.0f;  // turned back
    const float total = pixels + rest;
    const float whole = std::trunc(total);
    rest = total - whole;
    return whole / wheel.per_unit;
}

bool InputQueue::apply(ImGuiIO& io, WheelPixels wheel) {
    bool moved = false;
    bool wheeled = false;
    bool typed = false;
    bool any_button = false;
    bool any_key = false;
    bool key_pressed = false;
    std::array<bool, kButtons> button_changed{};
    std::array<bool, kKeys> key_changed{};
    float wheel_x = 0.0f;
    float wheel_y = 0.0f;

    while (!events_.empty()) {
        const Event& e = events_.front();
        bool fits = true;
        switch (e.kind) {
            case Kind::kMove:
            case Kind::kLeave: {
                const ImVec2 to = e.kind == Kind::kMove ? ImVec2(e.x, e.y) : ImVec2(-FLT_MAX, -FLT_MAX);
                if (to.x == pos_.x && to.y == pos_.y) break;  // no move: nothing to wait for
                if (any_button || wheeled || any_key || typed) {
                    fits = false;
                    break;
                }
                pos_ = to;
                moved = true;
                io.AddMousePosEvent(pos_.x, pos_.y);
                break;
            }
            case Kind::kButton: {
                const auto b = static_cast<std::size_t>(e.code);
                if (buttons_[b] == e.down) break;
                if (moved || button_changed[b]) {
                    fits = false;
                    break;
                }
                buttons_[b] = e.down;
                button_changed[b] = true;
                io.AddMouseButtonEvent(e.code, e.down);
                any_button = true;
                break;
            }
            case Kind::kWheel:
                wheel_x += e.x;
                wheel_y += e.y;
                wheeled = true;
                break;
            case Kind::kKey: {
                const auto k = static_cast<std::size_t>(e.code);
                if (keys_[k] == e.down) break;
                // A release waits for the frame after any press: Ctrl let go right after A still held it.
                if (key_changed[k] || (!e.down && key_pressed)) {
                    fits = false;
                    break;
                }
                send_key(io, e.code, e.down);
                key_changed[k] = true;
                any_key = true;
                key_pressed = key_pressed || e.down;
                break;
            }
            case Kind::kChar:
                if (any_key) {
                    fits = false;
                    break;
                }
                io.AddInputCharacter(e.c);
                typed = true;
                break;
            case Kind::kFocus:
                if (moved || wheeled || typed || any_button || any_key) {
                    fits = false;
                    break;
                }
                if (!e.down) {  // released here, so that the queue and ImGui agree on what is held
                    for (int b = 0; b < kButtons; ++b)
                        if (buttons_[static_cast<std::size_t>(b)]) io.AddMouseButtonEvent(b, false);
                    buttons_.fill(false);
                    for (int k = 0; k < kKeys; ++k)
                        if (keys_[static_cast<std::size_t>(k)]) send_key(io, k, false);
                }
                io.AddFocusEvent(e.down);
                break;
        }
        if (!fits) break;
        events_.pop_front();
    }

    // Over the backend's polled position (ImGui drops the event when nothing changes).
    if (owns_pointer_ && !moved) io.AddMousePosEvent(pos_.x, pos_.y);
    if (wheeled) {
        const float x = whole_pixels(wheel_x, wheel_rest_x_, wheel);
        const float y = whole_pixels(wheel_y, wheel_rest_y_, wheel);
        if (x != 0.0f || y != 0.0f) io.AddMouseWheelEvent(x, y);
    }
    return !events_.empty();
}

}  // namespace grove::ui
