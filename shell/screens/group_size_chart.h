// The group page's chart of the group's size over time (F31), over core/org/group_size.h.
#pragma once

#include <string>
#include <vector>

#include "core/org/group_size.h"
#include "shell/cached.h"
#include "shell/widgets/charts.h"

namespace grove::ui {

struct AppState;

// Read once when the page opens and again only when groups or memberships change (never each frame).
struct GroupSizeModel {
    Id group = 0;
    Id actor = 0;
    std::string error;  // the core's refusal, shown instead of the chart
    GroupSizeHistory history;
    std::vector<DayPoint> points;
    std::string text;                             // the text equivalent ("Group size over time: ...")
    std::string caption;                          // what exactly the chart shows
    std::vector<std::vector<std::string>> table;  // its "Show as table": the first day, days with changes, today
};

struct GroupSizeChartView {
    Cached<GroupSizeModel> model;
    bool as_table = false;
};

// The model for `group` as `actor` sees it (tests read it too).
GroupSizeModel read_group_size(Store& store, Id actor, Id group);

// A card headed "Size over time": the chart (or its table), the caption, and "Show as table".
void draw_group_size_chart(AppState& state, GroupSizeChartView& view, Id group);

}  // namespace grove::ui
