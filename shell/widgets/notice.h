// A line shown where the person acted: the outcome of a command, or the core's refusal, dismissable.
#pragma once

#include <string>
#include <utility>

namespace grove::ui {

struct AppState;

struct Notice {
    std::string text;
    bool error = false;
    void set(std::string message, bool is_error) {
        text = std::move(message);
        error = is_error;
    }
    void clear() { text.clear(); }
};

// A soft band in the success or danger colour with a Dismiss button; nothing when the notice is empty.
void draw_notice(AppState& state, Notice& notice);

}  // namespace grove::ui
