// Courses (F19): the list of courses, a course's page with its ordered steps and the people enrolled, and, for
// a person enrolled, their own work: completing steps, submitting answers for review, the step's discussion.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/access/access.h"
#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/course_completion.h"
#include "shell/screens/screens.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/flow.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/links.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/percent_bar.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Progress names people; everything else is the learning data.
constexpr std::uint32_t kLearningKinds = kChangeLearning | kChangePeople;
// What can() reads: roles, people, groups and memberships (oversight), courses (enrolment).
constexpr std::uint32_t kRefusalKinds =
    kChangeOrg | kChangeRoles | kChangePeople | kChangeGroups | kChangeMemberships | kChangeLearning;

constexpr float kStackBelow = 1200;  // content width below which the step's panel goes under the steps
constexpr float kBarWidth = 90;

constexpr const char* kNewCourseTitle = "New course";
constexpr const char* kEditCourseTitle = "Edit course";
constexpr const char* kDeleteCourseTitle = "Delete course";
constexpr const char* kAddStepTitle = "Add step";
constexpr const char* kEditStepTitle = "Edit step";
constexpr const char* kRemoveStepTitle = "Remove step";
constexpr const char* kEnrolTitle = "Enrol people";

const char* const kDash = "\xe2\x80\x94";

CoursesView& view(AppState& state) { return state.views.courses; }

const char* kind_label(StepKind kind) {
    switch (kind) {
        case StepKind::kLesson: return "Lesson";
        case StepKind::kAssignment: return "Assignment";
        case StepKind::kDiscussion: return "Discussion";
        case StepKind::kQuiz: return "Quiz";
    }
    return "";
}

// "Assignment · for review · 10 points"
std::string step_facts(const Step& step) {
    std::string facts = kind_label(step.kind);
    if (step.review) facts += "   \xc2\xb7   for review";
    if (step.points) facts += "   \xc2\xb7   " + counted(*step.points, "point", "points");
    return facts;
}

std::string state_label(const StepState& state) {
    switch (state.status) {
        case WorkStatus::kNone: return "Not started";
        case WorkStatus::kCompleted: return "Completed";
        case WorkStatus::kPending: return "Waiting for review";
        case WorkStatus::kReviewed:
            if (state.points && state.step.points)
                return "Reviewed: " + std::to_string(*state.points) + " of " + std::to_string(*state.step.points);
            return "Reviewed";
    }
    return "";
}

ImVec4 state_ink(const AppState& state, WorkStatus status) {
    const Palette& p = palette(state.theme);
    switch (status) {
        case WorkStatus::kNone: return p.text_muted;
        case WorkStatus::kCompleted: return p.success;
        case WorkStatus::kPending: return p.warning;
        case WorkStatus::kReviewed: return p.accent;
    }
    return p.text;
}

// An icon button without a frame, disabled with the reason on hover when the acting person may not.
bool row_action(AppState& state, const char* icon, const char* name, const std::string& refusal, bool enabled = true) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::BeginDisabled(!refusal.empty() || !enabled);
    const bool pressed = icon_button(icon, name);
    ImGui::EndDisabled();
    refusal_tooltip(state, refusal);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    return pressed && refusal.empty() && enabled;
}

void right_aligned(const char* text) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(text).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
}

void header_cell(const AppState& state, const char* text, bool right = false) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::PushFont(state.fonts.bold);
    if (right) {
        right_aligned(text);
    } else {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
    }
    ImGui::PopFont();
    ImGui::PopStyleColor();
}

// ---- Models ---------------------------------------------------------------------------------------------

CourseListModel read_list(AppState& state) {
    CourseListModel model;
    model.actor = state.actor;
    model.courses = list_courses(*state.store);
    for (CourseProgress& progress : progress_of(*state.store, state.actor, std::nullopt, /*with_steps=*/false))
        model.mine.emplace(progress.course.id, std::move(progress));
    return model;
}

CoursePageModel read_page(AppState& state, Id id) {
    Store& store = *state.store;
    CoursePageModel model;
    model.id = id;
    model.actor = state.actor;
    auto course = find_course(store, id);
    if (!course) return model;
    model.exists = true;
    model.course = *course;
    model.steps = course_steps(store, id);
    model.enrolled = is_enrolled(store, id, state.actor);
    if (model.enrolled) {
        auto progress = progress_of(store, state.actor, id, /*with_steps=*/true);
        if (!progress.empty()) model.progress = std::move(progress.front());
    }
    return model;
}

CoursePeopleModel read_people(AppState& state, Id course) {
    CoursePeopleModel model;
    model.course = course;
    model.people = enrolled_people(*state.store, course);
    model.rows.reserve(model.people.size());
    for (const User& user : model.people) {
        auto progress = progress_of(*state.store, user.id, course, /*with_steps=*/false);
        model.rows.push_back(progress.empty() ? CourseProgress{} : std::move(progress.front()));
    }
    return model;
}

StepPostsModel read_panel(AppState& state, Id step) {
    StepPostsModel model;
    model.step = step;
    model.actor = state.actor;
    model.posts = step_posts(*state.store, step);
    model.mine = work_of(*state.store, state.actor, step);
    return model;
}

// The refusals of the open course (0: the list), asked again only when something they depend on moved.
const CourseRefusals& refusals(AppState& state, Id course) {
    CourseRefusals& r = view(state).refusals;
    const std::uint64_t stamp = state.store->revision_of(kRefusalKinds);
    if (r.actor == state.actor && r.course == course && r.stamp == stamp) return r;
    r.actor = state.actor;
    r.course = course;
    r.stamp = stamp;
    const AccessTarget self{.person = state.actor};
    r.manage = refusal_of(state, Cmd::kCourseManage);
    r.enrol_self = refusal_of(state, Cmd::kCourseEnrol, self);
    r.complete = refusal_of(state, Cmd::kStepComplete, self);
    r.post = refusal_of(state, Cmd::kDiscussPost, self);
    return r;
}

void open_course(AppState& state, Id course) {
    CoursesView& v = view(state);
    v.open_course = course;
    v.open_step.reset();
    v.tab = CourseTab::kSteps;
    v.page_notice.clear();
    v.page.invalidate();
    v.people.invalidate();
    state.request_redraw();
}

void close_course(AppState& state) {
    CoursesView& v = view(state);
    v.open_course.reset();
    v.open_step.reset();
    v.page_notice.clear();
    state.request_redraw();
}

void start_dialog(CoursesView& v, CourseDialog dialog) {
    v.dialog = dialog;
    v.open_dialog = true;
}

void start_step_form(CoursesView& v, const Step* step) {
    StepForm& f = v.step_form;
    f = StepForm{};
    if (step != nullptr) {
        f.step = step->id;
        f.title = f.original_title = step->title;
        f.kind = f.original_kind = step->kind;
        f.review = f.original_review = step->review;
        f.has_points = step->points.has_value();
        f.points = step->points.value_or(10);
        f.original_points = step->points;
    }
    start_dialog(v, step != nullptr ? CourseDialog::kEditStep : CourseDialog::kAddStep);
}

// ---- The list -------------------------------------------------------------------------------------------

void draw_scope_switch(AppState& state) {
    CoursesView& v = view(state);
    const Palette& p = palette(state.theme);
    for (bool mine : {true, false}) {
        if (!mine) ImGui::SameLine(0, state.px(4));
        const bool chosen = v.mine_only == mine;
        if (chosen) {
            ImGui::PushStyleColor(ImGuiCol_Button, p.accent_soft);
            ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        }
        if (button(mine ? "My courses" : "All courses")) {
            v.mine_only = mine;
            state.request_redraw();
        }
        if (chosen) ImGui::PopStyleColor(2);
    }
}

void enrol_self(AppState& state, const Course& course, Notice& notice) {
    auto done = enrol(*state.store, state.actor, course.id, {state.actor});
    if (done) {
        notice.set_success(state.actor_name + " is enrolled in " + course.name + ".");
    } else {
        notice.set_error(done.error().message);
    }
}

void draw_list(AppState& state) {
    CoursesView& v = view(state);
    Store& store = *state.store;
    const Palette& p = palette(state.theme);
    if (v.list.value.actor != state.actor) v.list.invalidate();
    const CourseListModel& model = v.list.get(store, kLearningKinds, [&] { return read_list(state); });
    const CourseRefusals& r = refusals(state, 0);
    // A learner (no power over courses) who is enrolled somewhere sees their own courses first.
    if (v.mine_actor != state.actor) {
        v.mine_actor = state.actor;
        v.mine_only = !r.manage.empty() && !model.mine.empty();
    }

    const ImVec2 top = ImGui::GetCursorPos();
    page_header(state, "Courses",
                "Learning paths made of ordered steps. People enrol, complete the steps and submit work that "
                "their mentors review.");
    const ImVec2 below = ImGui::GetCursorPos();
    const std::string create = std::string(icons::kPlus) + "  New course";
    ImGui::SetCursorPos(
        ImVec2(ImGui::GetWindowContentRegionMax().x - button_width(create.c_str()), top.y + state.px(2)));
    if (permitted_button(state, create.c_str(), r.manage, true)) {
        v.course_form = CourseForm{};
        start_dialog(v, CourseDialog::kNewCourse);
    }
    ImGui::SetCursorPos(below);

    if (!model.mine.empty() || v.mine_only) {
        draw_scope_switch(state);
        ImGui::Spacing();
    }
    draw_notice(state, v.list_notice);

    std::vector<const Course*> shown;
    for (const Course& course : model.courses)
        if (!v.mine_only || model.mine.count(course.id) != 0) shown.push_back(&course);

    if (shown.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(28), state.px(24)));
        ImGui::BeginChild("##no-courses", ImVec2(0, state.px(110)),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        ImGui::PopStyleVar();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(model.courses.empty() ? "No courses yet" : "You are not enrolled in any course");
        ImGui::PopFont();
        muted_text(state, model.courses.empty()
                              ? "A course is a learning path: lessons, assignments, discussions and quizzes in order. "
                                "Owners and admins create them with New course."
                              : "All courses lists every course; enrol in one from there.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }

    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), state.px(6)));
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH;
    if (begin_wide_table("##courses", 5, kFlags, 0, 0, state.px(640))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("Course", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("Steps", ImGuiTableColumnFlags_WidthFixed, state.px(60));
        ImGui::TableSetupColumn("Enrolled", ImGuiTableColumnFlags_WidthFixed, state.px(80));
        ImGui::TableSetupColumn("Your progress", ImGuiTableColumnFlags_WidthFixed, state.px(290));
        ImGui::TableSetupColumn("##enrol", ImGuiTableColumnFlags_WidthFixed, state.px(90));
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableSetColumnIndex(0);
        header_cell(state, "Course");
        ImGui::TableSetColumnIndex(1);
        header_cell(state, "Steps", true);
        ImGui::TableSetColumnIndex(2);
        header_cell(state, "Enrolled", true);
        ImGui::TableSetColumnIndex(3);
        header_cell(state, "Your progress");

        // For screen readers: a grid of every course shown, of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "Courses");
        const int count = static_cast<int>(shown.size());
        ImGuiListClipper clipper;
        clipper.Begin(count);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Course& course = *shown[static_cast<std::size_t>(i)];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, ImGui::GetFrameHeight());
                SemanticScope grid_row(Role::kRow, course.name.c_str());
                grid_row.row(i, count);
                grid_row.cell(0, course.name);  // whole, where it may be drawn cut short
                ImGui::PushID(static_cast<int>(course.id));
                ImGui::TableSetColumnIndex(0);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
                const float room = ImGui::GetContentRegionAvail().x;
                if (link_button_on_line(state, course.name.c_str(), "open", room)) open_course(state, course.id);
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(1);
                right_aligned(std::to_string(course.steps).c_str());
                ImGui::TableSetColumnIndex(2);
                right_aligned(std::to_string(course.enrolled).c_str());
                ImGui::TableSetColumnIndex(3);
                auto mine = model.mine.find(course.id);
                if (mine != model.mine.end()) {
                    percent_bar(state, mine->second.progress_percent, kBarWidth, p.accent,
                                "Your progress in " + course.name);
                    ImGui::SameLine(0, state.px(16));
                    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                    ImGui::TextUnformatted("Grade");
                    ImGui::PopStyleColor();
                    ImGui::SameLine(0, state.px(6));
                    ImGui::TextUnformatted(grade_text(mine->second).c_str());
                } else {
                    ImGui::AlignTextToFramePadding();
                    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                    ImGui::TextUnformatted("Not enrolled");
                    ImGui::PopStyleColor();
                    ImGui::TableSetColumnIndex(4);
                    if (permitted_button(state, "Enrol", r.enrol_self)) enrol_self(state, course, v.list_notice);
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// ---- A course's page ------------------------------------------------------------------------------------

void draw_heading(AppState& state, const CoursePageModel& model, const CourseRefusals& r) {
    CoursesView& v = view(state);
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string add = std::string(icons::kPlus) + "  Add step";
    const std::string enrol_people = std::string(icons::kUserPlus) + "  Enrol people";
    const char* enrol_me = "Enrol yourself";
    const std::string edit = std::string(icons::kPencil) + "  Edit course";
    const std::string remove = std::string(icons::kTrash) + "  Delete course";
    float actions_w = button_width(add.c_str()) + button_width(enrol_people.c_str()) + button_width(edit.c_str()) +
                      button_width(remove.c_str()) + 3 * style.ItemSpacing.x;
    if (!model.enrolled) actions_w += button_width(enrol_me) + style.ItemSpacing.x;

    const ImVec2 top = ImGui::GetCursorPos();
    const float right = ImGui::GetWindowContentRegionMax().x;
    const bool stacked = right - top.x - actions_w < state.px(300);
    const float title_w = stacked ? right - top.x : right - top.x - actions_w - state.px(16);
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.heading);
    elided_text(model.course.name, title_w);
    ImGui::PopFont();
    std::string facts = model.course.slug + "   \xc2\xb7   " +
                        counted(static_cast<std::int64_t>(model.steps.size()), "step", "steps") + "   \xc2\xb7   " +
                        std::to_string(model.course.enrolled) + " enrolled";
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    elided_text(facts, title_w);
    ImGui::PopStyleColor();
    ImGui::EndGroup();
    const ImVec2 after = ImGui::GetCursorPos();

    if (stacked) {
        ImGui::SetCursorPos(ImVec2(top.x, after.y));
    } else {
        ImGui::SetCursorPos(ImVec2(right - actions_w, top.y + state.px(4)));
    }
    // The main action is the acting person's: adding steps for a course manager, else enrolling.
    if (!model.enrolled) {
        if (permitted_button(state, enrol_me, r.enrol_self, !r.manage.empty()))
            enrol_self(state, model.course, v.page_notice);
        ImGui::SameLine();
    }
    if (permitted_button(state, add.c_str(), r.manage, r.manage.empty())) start_step_form(v, nullptr);
    flow_same_line(button_width(enrol_people.c_str()));
    if (permitted_button(state, enrol_people.c_str(), r.manage)) {
        v.enrol_form = EnrolForm{};
        start_dialog(v, CourseDialog::kEnrol);
    }
    flow_same_line(button_width(edit.c_str()));
    if (permitted_button(state, edit.c_str(), r.manage)) {
        v.course_form =
            CourseForm{model.course.name, model.course.description, "", model.course.name, model.course.description};
        start_dialog(v, CourseDialog::kEditCourse);
    }
    flow_same_line(button_width(remove.c_str()));
    if (permitted_button(state, remove.c_str(), r.manage)) {
        v.course_form = CourseForm{model.course.name, "", "", model.course.name, ""};
        start_dialog(v, CourseDialog::kDeleteCourse);
    }
    ImGui::SetCursorPos(ImVec2(top.x, std::max(after.y, ImGui::GetCursorPosY()) + style.ItemSpacing.y));

    if (!model.course.description.empty()) {
        ImGui::PushTextWrapPos(std::min(right, top.x + state.px(760)));
        ImGui::TextUnformatted(model.course.description.c_str());
        ImGui::PopTextWrapPos();
    }
    if (model.enrolled && model.progress) {
        const CourseProgress& mine = *model.progress;
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::Text("Your progress: %d of %d steps", mine.completed, mine.steps);
        ImGui::PopStyleColor();
        ImGui::SameLine(0, state.px(10));
        percent_bar(state, mine.progress_percent, kBarWidth, p.accent, "Your progress");
        ImGui::SameLine(0, state.px(24));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted("Grade");
        ImGui::PopStyleColor();
        ImGui::SameLine(0, state.px(10));
        percent_bar(state, mine.grade_percent, kBarWidth, p.success);
    }
    ImGui::Dummy(ImVec2(0, state.px(4)));
}

const StepState* state_of(const CoursePageModel& model, Id step) {
    if (!model.progress) return nullptr;
    for (const StepState& s : model.progress->states)
        if (s.step.id == step) return &s;
    return nullptr;
}

void move(AppState& state, const Step& step, int to) {
    auto moved = move_step(*state.store, state.actor, step.id, to);
    if (moved) {
        view(state).page_notice.set_success("Moved " + step.title + " to step " + std::to_string(to) + ".");
    } else {
        view(state).page_notice.set_error(moved.error().message);
    }
}

void draw_steps_table(AppState& state, const CoursePageModel& model, const CourseRefusals& r, ImVec2 size) {
    CoursesView& v = view(state);
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    if (model.steps.empty()) {
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(24), state.px(20)));
        ImGui::BeginChild("##no-steps", ImVec2(size.x, state.px(110)),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        ImGui::PopStyleVar();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("No steps yet");
        ImGui::PopFont();
        muted_text(state, "Add step puts a lesson, an assignment, a discussion or a quiz at the end of the course.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    const bool mine = model.enrolled;
    const int columns = mine ? 7 : 6;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(10), state.px(5)));
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH;
    const float icon_w = ImGui::GetFrameHeight();
    float actions_w = ImGui::GetStyle().ItemSpacing.x * 3;
    for (const char* icon : {icons::kArrowUp, icons::kArrowDown, icons::kPencil, icons::kTrash})
        actions_w += std::max(icon_w, button_width(icon));
    // The fixed columns and about 200 pixels for the title; narrower, the table scrolls sideways.
    const float min_w = state.px(24 + 90 + 80 + 50 + (mine ? 150 : 0) + 200) + actions_w +
                        ImGui::GetStyle().CellPadding.x * 2.0f * static_cast<float>(columns);
    if (begin_wide_table("##steps", columns, kFlags, size.x, size.y, min_w)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, state.px(24));
        ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, state.px(90));
        ImGui::TableSetupColumn("Review", ImGuiTableColumnFlags_WidthFixed, state.px(80));
        ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthFixed, state.px(50));
        if (mine) ImGui::TableSetupColumn("You", ImGuiTableColumnFlags_WidthFixed, state.px(150));
        ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, actions_w);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        const char* heads[] = {"#", "Step", "Kind", "Review", "Points", "You"};
        for (int c = 0; c < (mine ? 6 : 5); ++c) {
            ImGui::TableSetColumnIndex(c);
            header_cell(state, heads[c], c == 4);
        }
        const int count = static_cast<int>(model.steps.size());
        SemanticScope grid(Role::kGrid, "Steps");
        ImGuiListClipper clipper;
        clipper.Begin(count);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Step& step = model.steps[static_cast<std::size_t>(i)];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, icon_w);
                SemanticScope grid_row(Role::kRow, step.title.c_str());
                grid_row.row(i, count);
                grid_row.cell(1, step.title);  // whole, where it may be drawn cut short
                ImGui::PushID(static_cast<int>(step.id));
                const bool selected = v.open_step && *v.open_step == step.id;
                ImGui::TableSetColumnIndex(0);
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                right_aligned(std::to_string(step.number).c_str());
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(1);
                // The title selects the step: its panel shows the learner's work and the discussion.
                ImGui::PushStyleColor(ImGuiCol_Header, ImVec4(0, 0, 0, 0));
                ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImVec4(0, 0, 0, 0));
                ImGui::PushStyleColor(ImGuiCol_HeaderActive, ImVec4(0, 0, 0, 0));
                const std::string shown = elide(step.title, ImGui::GetContentRegionAvail().x);
                ImGui::AlignTextToFramePadding();  // level with the row's other text
                const bool chosen = ImGui::Selectable((shown + "###step").c_str(), selected);
                if (chosen) {
                    v.open_step = step.id;
                    state.request_redraw();
                }
                report_last_item(step.title.c_str());
                if (shown != step.title) full_text_tooltip(step.title);
                ImGui::PopStyleColor(3);
                if (selected || ImGui::IsItemHovered()) {
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                           ImGui::GetColorU32(selected ? p.accent_soft : p.hover));
                }
                ImGui::TableSetColumnIndex(2);
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(kind_label(step.kind));
                ImGui::TableSetColumnIndex(3);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, step.review ? p.text : p.text_muted);
                ImGui::TextUnformatted(step.review ? "For review" : kDash);
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(4);
                ImGui::PushStyleColor(ImGuiCol_Text, step.points ? p.text : p.text_muted);
                right_aligned(step.points ? std::to_string(*step.points).c_str() : kDash);
                ImGui::PopStyleColor();
                int c = 5;
                if (mine) {
                    ImGui::TableSetColumnIndex(c++);
                    const StepState* s = state_of(model, step.id);
                    const WorkStatus status = s != nullptr ? s->status : WorkStatus::kNone;
                    ImGui::AlignTextToFramePadding();
                    ImGui::PushStyleColor(ImGuiCol_Text, state_ink(state, status));
                    ImGui::TextUnformatted(s != nullptr ? state_label(*s).c_str() : "Not started");
                    ImGui::PopStyleColor();
                }
                ImGui::TableSetColumnIndex(c);
                if (row_action(state, icons::kArrowUp, "Move up", r.manage, i > 0)) move(state, step, step.number - 1);
                ImGui::SameLine();
                if (row_action(state, icons::kArrowDown, "Move down", r.manage, i + 1 < count))
                    move(state, step, step.number + 1);
                ImGui::SameLine();
                if (row_action(state, icons::kPencil, "Edit step", r.manage)) start_step_form(v, &step);
                ImGui::SameLine();
                if (row_action(state, icons::kTrash, "Remove step", r.manage)) {
                    v.remove_form = RemoveStepForm{.step = step.id, .title = step.title};
                    start_dialog(v, CourseDialog::kRemoveStep);
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// The chosen step: the acting person's own work on it (complete, or submit an answer) and its discussion.
void draw_step_panel(AppState& state, const CoursePageModel& model, const CourseRefusals& r, ImVec2 size) {
    CoursesView& v = view(state);
    Store& store = *state.store;
    const Palette& p = palette(state.theme);
    const Step* step = nullptr;
    for (const Step& s : model.steps)
        if (v.open_step && s.id == *v.open_step) step = &s;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(20), state.px(16)));
    ImGui::BeginChild("##step-panel", size, ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    if (step == nullptr) {
        v.open_step.reset();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("Step");
        ImGui::PopFont();
        muted_text(state, model.steps.empty() ? "The course has no steps yet."
                                              : "Choose a step to complete it, submit an answer or join its "
                                                "discussion.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    if (v.posts.value.step != step->id || v.posts.value.actor != state.actor) v.posts.invalidate();
    const StepPostsModel& panel = v.posts.get(store, kLearningKinds, [&] { return read_panel(state, step->id); });
    // The drafts belong to the step and the person they were written for; a step chosen anew starts from the
    // person's saved answer.
    if (v.draft_step != step->id || v.draft_actor != state.actor) {
        v.draft_step = step->id;
        v.draft_actor = state.actor;
        v.answer = panel.mine && panel.mine->answer ? *panel.mine->answer : std::string();
        v.post.clear();
    }

    ImGui::PushFont(state.fonts.bold);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(("Step " + std::to_string(step->number) + ": " + step->title).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    muted_text(state, step_facts(*step));
    ImGui::Spacing();

    // ---- Your work ----
    if (model.enrolled) {
        const StepState* s = state_of(model, step->id);
        const WorkStatus status = s != nullptr ? s->status : WorkStatus::kNone;
        ImGui::PushStyleColor(ImGuiCol_Text, state_ink(state, status));
        std::string line = s != nullptr ? state_label(*s) : "Not started";
        if (status != WorkStatus::kNone && s != nullptr) {
            line += status == WorkStatus::kCompleted ? " on " : ", submitted ";
            line += format_day_time(s->at);
        }
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopStyleColor();
        if (panel.mine && status == WorkStatus::kReviewed) {
            std::string by = "Reviewed by " + panel.mine->reviewer_name;
            if (panel.mine->reviewed_at) by += " on " + format_day_time(*panel.mine->reviewed_at);
            muted_text(state, by);
            if (!panel.mine->feedback.empty()) {
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextUnformatted(("\xe2\x80\x9c" + panel.mine->feedback + "\xe2\x80\x9d").c_str());
                ImGui::PopTextWrapPos();
            }
        }
        if (step->review) {
            multiline_field("Your answer", &v.answer, state.px(110));
            const char* submit =
                status == WorkStatus::kNone || status == WorkStatus::kCompleted ? "Submit answer" : "Submit again";
            const std::string empty_reason = trim(v.answer).empty() ? "Write an answer first." : std::string();
            const std::string& reason = r.complete.empty() ? empty_reason : r.complete;
            if (permitted_button(state, submit, reason, true)) {
                auto done = complete_step(store, state.actor, state.actor, step->id, v.answer);
                if (done) {
                    v.page_notice.set_success("Submitted your answer to " + step->title +
                                              "; it waits for a mentor's review.");
                } else {
                    v.page_notice.set_error(done.error().message);
                }
            }
        } else if (status == WorkStatus::kNone) {
            if (permitted_button(state, "Mark as complete", r.complete, true)) {
                auto done = complete_step(store, state.actor, state.actor, step->id, std::nullopt);
                if (done) {
                    v.page_notice.set_success("Completed " + step->title + ".");
                } else {
                    v.page_notice.set_error(done.error().message);
                }
            }
        }
    } else {
        muted_text(state, "Enrol in " + model.course.name + " to complete its steps.");
    }

    // ---- Discussion ----
    ImGui::Dummy(ImVec2(0, state.px(8)));
    ImGui::Separator();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted((std::string(icons::kComments) + "  Discussion").c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(counted(static_cast<std::int64_t>(panel.posts.size()), "post", "posts").c_str());
    ImGui::PopStyleColor();
    if (panel.posts.empty()) muted_text(state, "Nobody has posted yet.");
    for (const Post& post : panel.posts) {
        ImGui::PushID(static_cast<int>(post.id));
        ImGui::Spacing();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(post.author.c_str());
        ImGui::PopFont();
        ImGui::SameLine(0, state.px(8));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(format_day_time(post.at).c_str());
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(post.body.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopID();
    }
    ImGui::Spacing();
    // Posting is for the people enrolled and course managers (the core checks the enrolment as it posts).
    std::string post_refusal = r.post;
    if (post_refusal.empty() && !model.enrolled && !r.manage.empty()) {
        post_refusal =
            "Only the people enrolled in " + model.course.name + ", and course managers, post in its discussions.";
    }
    if (post_refusal.empty()) {
        multiline_field("Write a post", &v.post, state.px(70));
        if (permitted_button(state, "Post", trim(v.post).empty() ? "Write something first." : "")) {
            auto posted = post_discussion(store, state.actor, step->id, v.post);
            if (posted) {
                v.post.clear();
                v.page_notice.set_success("Posted in the discussion of " + step->title + ".");
            } else {
                v.page_notice.set_error(posted.error().message);
            }
        }
    } else {
        permitted_button(state, "Post", post_refusal);
    }
    // How tall its content was: under the steps, the panel takes that much next frame and the page scrolls.
    v.panel_content_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void draw_people_tab(AppState& state, const CoursePageModel& model) {
    CoursesView& v = view(state);
    const Palette& p = palette(state.theme);
    if (v.people.value.course != model.id) v.people.invalidate();
    const CoursePeopleModel& people =
        v.people.get(*state.store, kLearningKinds, [&] { return read_people(state, model.id); });
    if (people.rows.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(24), state.px(20)));
        ImGui::BeginChild("##nobody", ImVec2(0, state.px(100)),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        ImGui::PopStyleVar();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("Nobody is enrolled yet");
        ImGui::PopFont();
        muted_text(state, "Enrol people finds them by name or email; people can also enrol themselves.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    draw_course_completion(state, model.course.name, people.rows);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), state.px(5)));
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH;
    if (begin_wide_table("##enrolled", 5, kFlags, 0, 0, state.px(720))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Steps done", ImGuiTableColumnFlags_WidthFixed, state.px(90));
        ImGui::TableSetupColumn("Progress", ImGuiTableColumnFlags_WidthFixed, state.px(150));
        ImGui::TableSetupColumn("Grade", ImGuiTableColumnFlags_WidthFixed, state.px(150));
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        const char* heads[] = {"Name", "Email", "Steps done", "Progress", "Grade"};
        for (int c = 0; c < 5; ++c) {
            ImGui::TableSetColumnIndex(c);
            header_cell(state, heads[c], c == 2);
        }
        // For screen readers: a grid of every learner enrolled, of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "Enrolled learners");
        const int count = static_cast<int>(people.rows.size());
        ImGuiListClipper clipper;
        clipper.Begin(count);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const User& user = people.people[static_cast<std::size_t>(i)];
                const CourseProgress& row = people.rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, ImGui::GetFrameHeight());
                SemanticScope grid_row(Role::kRow, user.display_name().c_str());
                grid_row.row(i, count);
                grid_row.cell(0, user.display_name());  // whole, where they may be drawn cut short
                grid_row.cell(1, user.email);
                ImGui::PushID(static_cast<int>(user.id));
                ImGui::TableSetColumnIndex(0);
                ImGui::AlignTextToFramePadding();
                elided_text(user.display_name(), ImGui::GetContentRegionAvail().x);
                ImGui::TableSetColumnIndex(1);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                elided_text(user.email, ImGui::GetContentRegionAvail().x);
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(2);
                right_aligned((std::to_string(row.completed) + " of " + std::to_string(row.steps)).c_str());
                ImGui::TableSetColumnIndex(3);
                percent_bar(state, row.progress_percent, kBarWidth, p.accent, "Progress of " + user.display_name());
                ImGui::TableSetColumnIndex(4);
                percent_bar(state, row.grade_percent, kBarWidth, p.success);
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void draw_course_page(AppState& state) {
    CoursesView& v = view(state);
    Store& store = *state.store;
    const Id id = *v.open_course;
    if (v.page.value.id != id || v.page.value.actor != state.actor) v.page.invalidate();
    const CoursePageModel& model = v.page.get(store, kLearningKinds, [&] { return read_page(state, id); });
    if (!model.exists) {
        close_course(state);
        return;
    }
    const CourseRefusals& r = refusals(state, id);
    ImGui::PushID("course-page");
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    const bool back = link_button(state, (std::string(icons::kArrowLeft) + "  Back to courses").c_str(), "back");
    ImGui::PopStyleColor();
    if (back) {
        close_course(state);
        ImGui::PopID();
        return;
    }
    ImGui::Dummy(ImVec2(0, state.px(6)));
    draw_heading(state, model, r);
    draw_notice(state, v.page_notice);

    if (ImGui::BeginTabBar("##course-tabs")) {
        const bool steps_open = ImGui::BeginTabItem("Steps");
        report_last_item("Steps");
        if (steps_open) {
            v.tab = CourseTab::kSteps;
            const ImVec2 avail = ImGui::GetContentRegionAvail();
            const float gap = state.px(16);
            if (avail.x < state.px(kStackBelow)) {
                // Under the steps, as tall as its rows (up to about half the room), the step's panel gets the
                // rest, and the page scrolls when that is too little.
                const float row_h = ImGui::GetFrameHeight() + state.px(10);
                const float rows_h = row_h * static_cast<float>(model.steps.size() + 1) + state.px(4);
                const float table_h = model.steps.empty()
                                          ? state.px(110)
                                          : std::min(rows_h, std::max(state.px(180), std::floor(avail.y * 0.5f)));
                draw_steps_table(state, model, r, ImVec2(avail.x, table_h));
                ImGui::Dummy(ImVec2(0, gap - ImGui::GetStyle().ItemSpacing.y * 2.0f));
                const float panel_h = std::max({state.px(360), avail.y - table_h - gap, v.panel_content_h});
                draw_step_panel(state, model, r, ImVec2(avail.x, panel_h));
            } else {
                const float side = std::clamp(avail.x * 0.36f, state.px(360), state.px(520));
                draw_steps_table(state, model, r, ImVec2(avail.x - side - gap, avail.y));
                ImGui::SameLine(0, gap);
                draw_step_panel(state, model, r, ImVec2(side, avail.y));
            }
            ImGui::EndTabItem();
        }
        const bool people_open =
            ImGui::BeginTabItem("Enrolled", nullptr, v.select_people ? ImGuiTabItemFlags_SetSelected : 0);
        v.select_people = false;
        report_last_item("Enrolled");
        if (people_open) {
            v.tab = CourseTab::kPeople;
            draw_people_tab(state, model);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::PopID();
}

// ---- Dialogs --------------------------------------------------------------------------------------------

void kind_combo(AppState& state, StepKind* kind) {
    ImGui::TextUnformatted("Kind");
    ImGui::SetNextItemWidth(state.px(200));
    if (begin_combo("Kind", "##kind", kind_label(*kind))) {
        for (StepKind k : all_step_kinds()) {
            if (ImGui::Selectable(kind_label(k), k == *kind)) *kind = k;
        }
        ImGui::EndCombo();
    }
    report_last_item("Kind");
}

void draw_dialogs(AppState& state) {
    CoursesView& v = view(state);
    Store& store = *state.store;
    const char* title = v.dialog == CourseDialog::kNewCourse      ? kNewCourseTitle
                        : v.dialog == CourseDialog::kEditCourse   ? kEditCourseTitle
                        : v.dialog == CourseDialog::kDeleteCourse ? kDeleteCourseTitle
                        : v.dialog == CourseDialog::kAddStep      ? kAddStepTitle
                        : v.dialog == CourseDialog::kEditStep     ? kEditStepTitle
                        : v.dialog == CourseDialog::kRemoveStep   ? kRemoveStepTitle
                        : v.dialog == CourseDialog::kEnrol        ? kEnrolTitle
                                                                  : nullptr;
    if (title == nullptr) return;
    if (v.open_dialog) {
        v.open_dialog = false;
        open_dialog(title);
    }
    if (!begin_dialog(state, title, v.dialog == CourseDialog::kEnrol ? 560 : 480)) {
        if (!ImGui::IsPopupOpen(title)) v.dialog = CourseDialog::kNone;
        return;
    }
    const std::string course_name = v.page.value.exists ? v.page.value.course.name : std::string();
    bool done = false;
    DialogAction action = DialogAction::kNone;
    switch (v.dialog) {
        case CourseDialog::kNewCourse: {
            CourseForm& f = v.course_form;
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            text_field("Name", &f.name, "Algebra I");
            multiline_field("Description", &f.description, state.px(80));
            ImGui::Spacing();
            error_text(state, f.error);
            action = dialog_buttons(state,
                                    {.primary = "Create course", .changed = !f.name.empty() || !f.description.empty()});
            if (action == DialogAction::kPrimary) {
                auto created = create_course(store, state.actor, f.name, f.description);
                if (created) {
                    open_course(state, created->id);
                    v.page_notice.set_success("Created " + created->name + ". Add its steps with Add step.");
                    done = true;
                } else {
                    f.error = created.error().message;
                }
            }
            break;
        }
        case CourseDialog::kEditCourse: {
            CourseForm& f = v.course_form;
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            text_field("Name", &f.name, "Algebra I");
            multiline_field("Description", &f.description, state.px(80));
            ImGui::Spacing();
            error_text(state, f.error);
            action = dialog_buttons(state,
                                    {.primary = "Save course",
                                     .changed = f.name != f.original_name || f.description != f.original_description});
            if (action == DialogAction::kPrimary && v.open_course) {
                CourseEdit edit;
                if (f.name != f.original_name) edit.name = f.name;
                if (f.description != f.original_description) edit.description = f.description;
                auto edited = edit_course(store, state.actor, *v.open_course, edit);
                if (edited) {
                    v.page_notice.set_success("Saved " + edited->name + ".");
                    done = true;
                } else {
                    f.error = edited.error().message;
                }
            }
            break;
        }
        case CourseDialog::kDeleteCourse: {
            CourseForm& f = v.course_form;
            ImGui::PushTextWrapPos(0.0f);
            ImGui::Text("Delete the course %s?", f.original_name.c_str());
            ImGui::PopTextWrapPos();
            const int steps = v.page.value.exists ? static_cast<int>(v.page.value.steps.size()) : 0;
            const int enrolled = v.page.value.exists ? v.page.value.course.enrolled : 0;
            muted_text(state, "Its " + counted(steps, "step", "steps") + " and " +
                                  counted(enrolled, "enrolment", "enrolments") +
                                  " go with it, with everything people did in it: completions, submitted answers, "
                                  "their reviews and the discussions.");
            ImGui::Spacing();
            error_text(state, f.error);
            action = dialog_buttons(state, {.primary = "Delete course", .danger = true});
            if (action == DialogAction::kPrimary && v.open_course) {
                auto deleted = delete_course(store, state.actor, *v.open_course);
                if (deleted) {
                    close_course(state);
                    v.list_notice.set_success("Deleted the course " + f.original_name + ".");
                    done = true;
                } else {
                    f.error = deleted.error().message;
                }
            }
            break;
        }
        case CourseDialog::kAddStep:
        case CourseDialog::kEditStep: {
            StepForm& f = v.step_form;
            const bool adding = v.dialog == CourseDialog::kAddStep;
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            text_field("Title", &f.title, "Reading: fractions");
            kind_combo(state, &f.kind);
            ImGui::Spacing();
            checkbox("For review", &f.review);
            muted_text(state, "Completing a step for review means submitting an answer that a mentor reviews.");
            checkbox("Carries points", &f.has_points);
            if (f.has_points) {
                ImGui::TextUnformatted("Points");
                ImGui::SetNextItemWidth(state.px(120));
                ImGui::InputInt("##points", &f.points, 0);
                report_last_item("Points");
                muted_text(state, "The most a review can award.");
            }
            ImGui::Spacing();
            error_text(state, f.error);
            const std::optional<int> points = f.has_points ? std::optional<int>(f.points) : std::nullopt;
            const bool changed = adding ? !f.title.empty()
                                        : f.title != f.original_title || f.kind != f.original_kind ||
                                              f.review != f.original_review || points != f.original_points;
            action = dialog_buttons(state, {.primary = adding ? "Add to course" : "Save step", .changed = changed});
            if (action == DialogAction::kPrimary && v.open_course) {
                if (adding) {
                    auto added = add_step(store, state.actor, *v.open_course,
                                          {.title = f.title, .kind = f.kind, .review = f.review, .points = points});
                    if (added) {
                        v.page_notice.set_success("Added step " + std::to_string(added->number) + ": " + added->title +
                                                  ".");
                        v.open_step = added->id;
                        done = true;
                    } else {
                        f.error = added.error().message;
                    }
                } else {
                    StepEdit edit;
                    if (f.title != f.original_title) edit.title = f.title;
                    if (f.kind != f.original_kind) edit.kind = f.kind;
                    if (f.review != f.original_review) edit.review = f.review;
                    if (points != f.original_points) edit.points = points;
                    auto edited = edit_step(store, state.actor, f.step, edit);
                    if (edited) {
                        v.page_notice.set_success("Saved step " + std::to_string(edited->number) + ": " +
                                                  edited->title + ".");
                        done = true;
                    } else {
                        f.error = edited.error().message;
                    }
                }
            }
            break;
        }
        case CourseDialog::kRemoveStep: {
            RemoveStepForm& f = v.remove_form;
            ImGui::PushTextWrapPos(0.0f);
            ImGui::Text("Remove %s from %s?", f.title.c_str(), course_name.c_str());
            ImGui::PopTextWrapPos();
            muted_text(state,
                       "What people did on it goes with it: completions, submitted answers, their reviews and the "
                       "discussion's posts. The steps after it move up.");
            ImGui::Spacing();
            error_text(state, f.error);
            action = dialog_buttons(state, {.primary = "Remove", .danger = true});
            if (action == DialogAction::kPrimary) {
                auto removed = remove_step(store, state.actor, f.step);
                if (removed) {
                    v.page_notice.set_success("Removed " + f.title + " from " + course_name + ".");
                    if (v.open_step == f.step) v.open_step.reset();
                    done = true;
                } else {
                    f.error = removed.error().message;
                }
            }
            break;
        }
        case CourseDialog::kEnrol: {
            EnrolForm& f = v.enrol_form;
            muted_text(state, "Find people by name or email and pick them; click a picked person again to drop them.");
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            const Id clicked =
                person_search_list(state, f.search, "Search people by name or email", 220, &f.picked_ids);
            if (clicked != 0) {
                auto at = std::find(f.picked_ids.begin(), f.picked_ids.end(), clicked);
                if (at != f.picked_ids.end()) {
                    f.picked.erase(f.picked.begin() + (at - f.picked_ids.begin()));
                    f.picked_ids.erase(at);
                } else {
                    for (const User& user : f.search.results)
                        if (user.id == clicked) f.picked.emplace_back(user.id, user.display_name());
                    f.picked_ids.push_back(clicked);
                }
            }
            if (!f.picked.empty()) {
                std::string names;
                for (const auto& [id, name] : f.picked) names += (names.empty() ? "" : ", ") + name;
                muted_text(state, "Picked: " + names);
            }
            ImGui::Spacing();
            error_text(state, f.error);
            const std::string primary =
                f.picked.empty() ? std::string("Enrol")
                                 : "Enrol " + counted(static_cast<std::int64_t>(f.picked.size()), "person", "people");
            action = dialog_buttons(
                state, {.primary = primary.c_str(), .enabled = !f.picked.empty(), .changed = !f.picked.empty()});
            if (action == DialogAction::kPrimary && v.open_course) {
                auto enrolled = enrol(store, state.actor, *v.open_course, f.picked_ids);
                if (enrolled) {
                    const int already = static_cast<int>(f.picked_ids.size()) - *enrolled;
                    std::string told = "Enrolled " + counted(*enrolled, "person", "people") + " in " + course_name;
                    if (already > 0) told += " (" + counted(already, "was", "were") + " already enrolled)";
                    v.page_notice.set_success(told + ".");
                    v.select_people = true;
                    done = true;
                } else {
                    f.error = enrolled.error().message;
                }
            }
            break;
        }
        case CourseDialog::kNone: break;
    }
    if (action == DialogAction::kCancel) done = true;
    if (done) {
        v.dialog = CourseDialog::kNone;
        close_dialog();
    }
    end_dialog();
}

}  // namespace

void draw_courses_screen(AppState& state) {
    if (state.store == nullptr) {
        page_header(state, "Courses", "Open or create an organisation first.");
        return;
    }
    CoursesView& v = view(state);
    if (v.open_course) {
        draw_course_page(state);
    } else {
        draw_list(state);
    }
    draw_dialogs(state);
}

}  // namespace grove::ui
