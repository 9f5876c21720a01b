// A member's page (F22), opened from a group's page: their activity across the organisation and one progress
// card per course. Its view state (AppState::views.member) and the hook that opens a piece of work's review.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/learning/work.h"
#include "core/org/model.h"
#include "shell/cached.h"

namespace grove::ui {

enum class MemberTab { kActivity, kCourses };

// What the page shows, read at once when the person, the acting person or the data changed.
struct MemberPageModel {
    Id person = 0;
    Id actor = 0;
    bool exists = false;
    User user;
    std::string refusal;                  // the acting person may not see this person's work: the core's words
    std::vector<ActivityItem> activity;   // newest first
    std::vector<CourseProgress> courses;  // by course name, with every step's state
};

// A submission shown read-only (answer, points, feedback): where a review cannot be opened.
struct WorkPanel {
    bool open = false;
    bool opening = false;
    Id work = 0;
    std::string learner;
    std::string course;
    std::string step;  // "Step 2: Proofs"
    std::optional<int> max_points;
    std::optional<Work> value;
};

struct MemberView {
    std::optional<Id> person;  // empty: no member page
    Id group = 0;              // the group whose page it was opened from (Back returns there)
    MemberTab tab = MemberTab::kActivity;
    bool select_tab = false;
    Cached<MemberPageModel> page;
    std::unordered_map<Id, float> card_heights;  // each course card's content, measured as it was drawn

    // Opens the review of a submission (a pending or reviewed item of the feed or of a course card). The app
    // wires it in init_ui() (shell/app.cpp) to the review dialog; unset, the page opens `work_panel`.
    std::function<void(Id work_id)> open_review;
    WorkPanel work_panel;
};

}  // namespace grove::ui
