// The window, GL context and ImGui backends shared by grove-desktop and the browser app (GLFW both).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "shell/app.h"
#include "shell/input_queue.h"

struct GLFWwindow;

namespace grove::ui {

// Draws frames only when something changed: input, a resize, a new pixel ratio, a save-status
// change, or AppState::request_redraw(). After input it draws a few more frames so ImGui's own
// state (hover, popups opening, nav highlight) settles, then stops until the next event.
// Input goes through an InputQueue, never straight into ImGui: GLFW's callbacks (keys, text, focus;
// on the desktop also the mouse and wheel) and, in the browser, web/'s pointer and wheel listeners
// push events, and each frame takes what it can see (shell/input_queue.h).
class GlfwHost {
public:
    struct Options {
        std::string title = "Grove";
        int width = 1280;  // in CSS pixels; multiplied by the pixel ratio on the desktop
        int height = 800;
        std::string fonts_dir;
        // Called from GLFW's input callbacks: the browser uses it to schedule an animation frame.
        std::function<void()> wake;
    };

    GlfwHost() = default;
    GlfwHost(const GlfwHost&) = delete;
    GlfwHost& operator=(const GlfwHost&) = delete;
    ~GlfwHost();

    // Creates the window and ImGui; false (with a message on stderr) if GLFW or GL failed.
    bool open(AppState& state, const Options& options);
    GLFWwindow* window() const { return window_; }

    // Draws one frame if one is due, at `pixel_ratio` (fonts are re-rasterised when it changes).
    // Returns true while more frames are due without further input.
    bool tick(AppState& state, float pixel_ratio);
    bool frame_due(const AppState& state) const;
    // How many frames were drawn so far.
    int frames_drawn() const { return frames_drawn_; }

    // Marks that input arrived (GLFW callbacks call it; hosts may too).
    void upload_new_glyphs(AppState& state);
    void note_input();
    // The events waiting for frames; a host with its own input sources (the browser's pointer and
    // wheel) pushes into it and calls note_input().
    InputQueue& input() { return input_; }

    // Asks the next frame drawn to keep a copy of its pixels (RGBA, top row first), for screenshots.
    void capture_next_frame() { capture_ = true; }
    struct Capture {
        int width = 0;
        int height = 0;
        std::vector<unsigned char> rgba;
    };
    // The last captured frame; empty until one was drawn after capture_next_frame().
    const Capture& capture() const { return captured_; }

    static constexpr int kFramesAfterInput = 6;
    // How far one notch of a wheel scrolls, in CSS pixels: a browser's pixel deltas scroll as much as
    // they say (a notch reports 100): four rows of a list of people, two and a half of the Groups table.
    static constexpr float kNotchPixels = 100.0f;

private:
    void install_callbacks();

    GLFWwindow* window_ = nullptr;
    Options options_;
    int frames_due_ = kFramesAfterInput;
    InputQueue input_;
    int frames_drawn_ = 0;
    SaveStatus drawn_status_;
    bool imgui_ready_ = false;
    bool capture_ = false;
    int titled_screen_ = -1;  // the screen the window title names
    Capture captured_;
};

}  // namespace grove::ui
