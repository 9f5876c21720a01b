// A course's completion chart (shell/screens/course_completion.h).
#include "shell/screens/course_completion.h"

#include "imgui.h"
#include "shell/app.h"
#include "shell/widgets/charts.h"

namespace grove::ui {

CompletionCounts completion_counts(const std::vector<CourseProgress>& rows) {
    CompletionCounts c;
    for (const CourseProgress& row : rows) {
        if (row.steps > 0 && row.completed >= row.steps) {
            ++c.completed;
        } else if (row.completed > 0) {
            ++c.in_progress;
        } else {
            ++c.not_started;
        }
    }
    return c;
}

std::string completion_text(const std::string& course, const CompletionCounts& c) {
    const std::int64_t total = c.completed + c.in_progress + c.not_started;
    return "Completion of " + course + ": " + std::to_string(c.completed) + " of " + std::to_string(total) +
           " enrolled completed, " + std::to_string(c.in_progress) + " in progress, " + std::to_string(c.not_started) +
           " not started";
}

void draw_course_completion(const AppState& state, const std::string& course, const std::vector<CourseProgress>& rows) {
    const Palette& p = palette(state.theme);
    const CompletionCounts c = completion_counts(rows);
    ImGui::PushID("completion");
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Completion");
    ImGui::PopFont();
    // Completed in the success colour, under way in the accent, not begun left as the track's own colour.
    parts_bar(state, "##completion-bar",
              {{"Completed", c.completed, p.success},
               {"In progress", c.in_progress, p.accent},
               {"Not started", c.not_started, p.border}},
              completion_text(course, c));
    ImGui::PopID();
    ImGui::Spacing();
}

}  // namespace grove::ui
