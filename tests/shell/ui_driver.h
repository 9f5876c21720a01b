// Drives Grove's interface with no window: frames as in ImGui's example_null, input by label.
#pragma once

#include <string>
#include <string_view>

#include "imgui.h"
#include "shell/app.h"
#include "shell/input_queue.h"
#include "shell/ui_snapshot.h"

struct ImGuiContext;

namespace grove::ui::testing {

// Owns an ImGui context (current while the driver lives) set up exactly like the app's, draws
// frames of draw_frame(state) - or of any function - and moves a simulated mouse and keyboard.
// Every action runs the frames a person's input would: a click is move, press, release. The input goes
// through an InputQueue (shell/input_queue.h), as the desktop and browser hosts' does.
class UiDriver {
public:
    struct Options {
        float width = 1280.0f;  // the window, in ImGui pixels
        float height = 800.0f;
        float scale = 1.0f;  // the pixel ratio (fonts and style are scaled by it)
        std::string fonts_dir = GROVE_TEST_FONTS_DIR;
    };

    explicit UiDriver(AppState& state) : UiDriver(state, Options{}) {}
    UiDriver(AppState& state, Options options);
    UiDriver(const UiDriver&) = delete;
    UiDriver& operator=(const UiDriver&) = delete;
    ~UiDriver();

    // What is drawn each frame; draw_frame(state) unless replaced (for testing a widget alone).
    void set_draw(void (*draw)(AppState&)) { draw_ = draw; }

    void frame(int count = 1);

    // The last frame's labelled items and texts.
    const UiSnapshot& snapshot() const;
    const UiSnapshot::Item* find(std::string_view label, int nth = 0) const;
    bool has_text(std::string_view needle) const;

    // Clicks the centre of the nth item labelled `label`; false (and no click) if there is none.
    bool click(std::string_view label, int nth = 0);
    void click_at(float x, float y);
    void move_to(float x, float y);
    // Types into whatever has keyboard focus.
    void type(std::string_view text);
    // Presses and releases a key, with modifiers held.
    void press(ImGuiKey key, bool ctrl = false, bool shift = false, bool alt = false);
    // Tab (or Shift+Tab) `count` times.
    void tab(int count = 1, bool shift = false);
    // The label of the widget that keyboard navigation has focused, "" when none (or one without a label).
    std::string focused_label() const;

    // The queue every action goes through; frame() applies it first.
    InputQueue& input() { return input_; }
    ImGuiContext* context() const { return context_; }

private:
    AppState& state_;
    ImGuiContext* context_ = nullptr;
    ImGuiContext* previous_ = nullptr;
    void (*draw_)(AppState&) = &draw_frame;
    InputQueue input_;
};

}  // namespace grove::ui::testing
