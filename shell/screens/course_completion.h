// A course's completion chart (F31) on its People tab: how many learners completed it, are under way, have not begun.
#pragma once

#include <string>
#include <vector>

#include "core/learning/work.h"

namespace grove::ui {

struct AppState;

struct CompletionCounts {
    std::int64_t completed = 0;    // every step done
    std::int64_t in_progress = 0;  // some steps done
    std::int64_t not_started = 0;  // none done (also everyone in a course without steps)
};
CompletionCounts completion_counts(const std::vector<CourseProgress>& rows);

// "Completion of Algebra: 2 of 5 enrolled completed, 1 in progress, 2 not started".
std::string completion_text(const std::string& course, const CompletionCounts& counts);

// The stacked bar and its legend, reported under completion_text.
void draw_course_completion(const AppState& state, const std::string& course, const std::vector<CourseProgress>& rows);

}  // namespace grove::ui
