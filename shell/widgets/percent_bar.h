// A percentage as a thin bar with its figure beside it (a course's progress and grade), and times as people read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "imgui.h"

namespace grove::ui {

struct AppState;

// A bar `width` CSS pixels wide filled to `percent` (none: an empty track and "—"), then the figure ("40%"), on
// the current line, vertically centred on a frame-height line. `ink` colours the fill. With a `label` ("Progress of
// Ada Lovelace"), the bar is reported as a progress bar under "<label>: 40%" (or ": none"), its text equivalent.
void percent_bar(const AppState& state, std::optional<int> percent, float width, const ImVec4& ink,
                 const std::string& label = {});

// "5 Jan 2026, 14:05" in the computer's time zone.
std::string format_day_time(std::int64_t ms);

}  // namespace grove::ui
