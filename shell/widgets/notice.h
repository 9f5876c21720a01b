// A line shown where the person acted: the outcome of a command, or the core's refusal, dismissable.
// A notice belongs to its action and to the person who acted: success fades after a few seconds, an
// error stays until dismissed or replaced by the next action's, and every notice goes when the acting
// person changes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace grove::ui {

struct AppState;

// How long a success notice stays (the pointer on it keeps it), then how long it takes to fade.
inline constexpr double kNoticeSeconds = 5.0;
inline constexpr double kNoticeFadeSeconds = 1.0;

struct Notice {
    std::string text;
    bool error = false;
    // Stamped when first drawn: whose action it tells of, and since when it shows.
    std::int64_t actor = 0;
    double since = -1.0;
    // After a destructive action ("Deleted the group Grade 9."): an Undo button that undoes the acting person's
    // latest step (F28), and then tells its outcome here.
    bool offer_undo = false;
    void set(std::string message, bool is_error) {
        text = std::move(message);
        error = is_error;
        actor = 0;
        since = -1.0;
        offer_undo = false;
    }
    void set_with_undo(std::string message) {
        set(std::move(message), false);
        offer_undo = true;
    }
    void set_success(std::string message) { set(std::move(message), false); }
    void set_error(std::string message) { set(std::move(message), true); }
    void clear() { set({}, false); }
    bool empty() const { return text.empty(); }
};

// A soft band in the success or danger colour with an Undo button when offered and a Dismiss button; nothing when the
// notice is empty (or no longer due: faded, or told to another acting person).
void draw_notice(AppState& state, Notice& notice);

}  // namespace grove::ui
