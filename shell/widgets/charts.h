// Charts drawn with ImGui's draw lists (F31): a value over days, a share of a cap, the parts of a whole. Each is
// one item reported under its text equivalent (ui_snapshot.h), which tests and screen readers read instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace grove::ui {

struct AppState;

// One day of a chart over days.
struct DayPoint {
    std::int64_t day = 0;  // days since 1970-01-01 (UTC)
    std::int64_t value = 0;
    std::string tip;  // shown on hover: "9 Jan 2026: 2 members (1 joined)"
};

// "9 Jan 2026" for a day since 1970-01-01.
std::string day_text(std::int64_t day);

// A series in words: "<title>: 0 members on 5 Jan 2026, 3 on 7 Jan 2026, 2 on 9 Jan 2026" (the first day, each day
// the value changed, the last day). With more than 8 changes, the first and last days, the lowest and the highest:
// "<title>, 5 Jan 2026 to 4 Apr 2026: 12 members at the start, 15 at the end; lowest 10 on 7 Jan 2026, highest 16
// on 8 Mar 2026; changed on 14 days".
std::string day_series_text(std::string_view title, const std::vector<DayPoint>& points, const char* one,
                            const char* many);

// The value over days as a stepped line over a shaded area, as wide as the line allows and `height` CSS pixels tall,
// with the highest value and the first and last days labelled. Hovering shows the nearest day's tip.
void day_chart(const AppState& state, const char* id, const std::vector<DayPoint>& points, const std::string& text,
               float height);

// `used` of `cap` as a bar `width` CSS pixels wide, then `figure` ("4 of 5 groups"). The bar turns the warning
// colour when full. Hovering shows `figure` and what is left.
void usage_bar(const AppState& state, const char* id, std::int64_t used, std::int64_t cap, const std::string& figure,
               const std::string& text, float width);

// The parts of a whole as one stacked bar as wide as the line allows, and a legend with each part's count below.
struct ChartPart {
    std::string name;  // "Completed"
    std::int64_t count = 0;
    ImVec4 ink;
};
void parts_bar(const AppState& state, const char* id, const std::vector<ChartPart>& parts, const std::string& text);

// A small table of a chart's values (its "Show as table"), `columns` wide, headed by `heads`.
void chart_table(const AppState& state, const char* id, const std::vector<std::string>& heads,
                 const std::vector<std::vector<std::string>>& rows, float max_height);

}  // namespace grove::ui
