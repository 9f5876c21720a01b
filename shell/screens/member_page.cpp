// A member's page (F22): from a group's page, one person's activity feed across the organisation (steps
// completed, submissions, discussion posts, reviews received) and a Courses tab with one progress card per
// course. A submission or a review opens the work's review (MemberView::open_review).
#include "shell/screens/member_page.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/access/access.h"
#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/org/lookup.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/links.h"
#include "shell/widgets/percent_bar.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// The feed and the cards show learning data and names; whether the acting person may look depends on roles,
// groups and memberships (oversight).
constexpr std::uint32_t kMemberKinds =
    kChangeLearning | kChangePeople | kChangeRoles | kChangeGroups | kChangeMemberships;

constexpr float kBarWidth = 140;
constexpr const char* kWorkTitle = "Submitted work";
const char* const kDash = "\xe2\x80\x94";

MemberView& view(AppState& state) { return state.views.member; }

MemberPageModel read_page(AppState& state, Id person) {
    Store& store = *state.store;
    MemberPageModel model;
    model.person = person;
    model.actor = state.actor;
    auto user = find_user(store, person);
    if (!user) return model;
    model.exists = true;
    model.user = *user;
    auto feed = activity(store, state.actor, person);
    if (!feed) {
        model.refusal = feed.error().message;
        return model;
    }
    model.activity = std::move(*feed);
    model.courses = progress_of(store, person, std::nullopt, /*with_steps=*/true);
    return model;
}

void open_review_of(AppState& state, Id work) {
    MemberView& v = view(state);
    if (v.open_review) {
        v.open_review(work);
    } else {
        open_work_panel(state, work);
    }
    state.request_redraw();
}

const char* kind_word(ActivityKind kind) {
    switch (kind) {
        case ActivityKind::kCompleted: return "Completed";
        case ActivityKind::kSubmitted: return "Submitted";
        case ActivityKind::kReviewed: return "Reviewed";
        case ActivityKind::kPosted: return "Posted";
    }
    return "";
}

ImVec4 kind_ink(const AppState& state, ActivityKind kind) {
    const Palette& p = palette(state.theme);
    switch (kind) {
        case ActivityKind::kCompleted: return p.success;
        case ActivityKind::kSubmitted: return p.warning;
        case ActivityKind::kReviewed: return p.accent;
        case ActivityKind::kPosted: return p.text_muted;
    }
    return p.text;
}

const char* status_word(WorkStatus status) {
    switch (status) {
        case WorkStatus::kNone: return "Not started";
        case WorkStatus::kCompleted: return "Completed";
        case WorkStatus::kPending: return "Waiting for review";
        case WorkStatus::kReviewed: return "Reviewed";
    }
    return "";
}

ImVec4 status_ink(const AppState& state, WorkStatus status) {
    const Palette& p = palette(state.theme);
    switch (status) {
        case WorkStatus::kNone: return p.text_muted;
        case WorkStatus::kCompleted: return p.success;
        case WorkStatus::kPending: return p.warning;
        case WorkStatus::kReviewed: return p.accent;
    }
    return p.text;
}

// ---- Activity -------------------------------------------------------------------------------------------

void draw_activity(AppState& state, const MemberPageModel& model) {
    const Palette& p = palette(state.theme);
    if (model.activity.empty()) {
        muted_text(state, model.user.display_name() +
                              " has not completed a step, submitted work or posted in a discussion yet.");
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), state.px(6)));
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH;
    if (begin_wide_table("##activity", 4, kFlags, 0, 0, state.px(760))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, state.px(140));
        ImGui::TableSetupColumn("##kind", ImGuiTableColumnFlags_WidthFixed, state.px(90));
        ImGui::TableSetupColumn("Activity", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("Details", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int c : {0, 2, 3}) {
            ImGui::TableSetColumnIndex(c);
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::PushFont(state.fonts.bold);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(c == 0 ? "When" : c == 2 ? "Activity" : "Details");
            ImGui::PopFont();
            ImGui::PopStyleColor();
        }
        // For screen readers: a grid of the whole feed, of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "Activity");
        const int count = static_cast<int>(model.activity.size());
        ImGuiListClipper clipper;
        clipper.Begin(count);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const ActivityItem& item = model.activity[static_cast<std::size_t>(i)];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, ImGui::GetFrameHeight());
                SemanticScope row(Role::kRow, item.step_title.c_str());
                row.row(i, count);
                ImGui::PushID(i);
                ImGui::TableSetColumnIndex(0);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                ImGui::TextUnformatted(format_day_time(item.at).c_str());
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(1);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, kind_ink(state, item.kind));
                ImGui::TextUnformatted(kind_word(item.kind));
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(2);
                ImGui::AlignTextToFramePadding();
                const std::string summary = item.summary();
                const bool opens =
                    item.work_id && (item.kind == ActivityKind::kSubmitted || item.kind == ActivityKind::kReviewed);
                if (opens) {
                    // A submission or a review: its review opens from here (F22).
                    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
                    if (link_button_on_line(state, summary.c_str(), "open", ImGui::GetContentRegionAvail().x))
                        open_review_of(state, *item.work_id);
                    ImGui::PopStyleColor();
                } else {
                    elided_text(summary, ImGui::GetContentRegionAvail().x);
                }
                ImGui::TableSetColumnIndex(3);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                std::string detail = item.text;
                std::replace(detail.begin(), detail.end(), '\n', ' ');
                if (item.kind == ActivityKind::kReviewed && !item.reviewer.empty())
                    detail = "by " + item.reviewer + (detail.empty() ? "" : ": " + detail);
                elided_text(detail.empty() ? std::string(kDash) : detail, ImGui::GetContentRegionAvail().x);
                ImGui::PopStyleColor();
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// ---- Courses --------------------------------------------------------------------------------------------

void draw_course_card(AppState& state, const CourseProgress& progress) {
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetFrameHeight();
    const float text = ImGui::GetTextLineHeight();
    const ImVec2 pad(state.px(20), state.px(14));
    // As tall as what it held last frame (measured at its end); the first time, as tall as its lines make it.
    MemberView& v = view(state);
    const float rows = static_cast<float>(progress.states.size());
    auto measured = v.card_heights.find(progress.course.id);
    const float height = measured != v.card_heights.end() ? measured->second
                                                          : pad.y * 2 + text * 2 + line + state.px(2) + rows * line +
                                                                (rows + 3) * style.ItemSpacing.y;
    ImGui::PushID(static_cast<int>(progress.course.id));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, pad);
    ImGui::BeginChild("##card", ImVec2(0, height), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PushFont(state.fonts.bold);
    elided_text(progress.course.name);
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    elided_text("Enrolled " + format_day(progress.enrolled_at) + "   \xc2\xb7   " + std::to_string(progress.completed) +
                " of " + counted(progress.steps, "step", "steps") + " done");
    ImGui::PopStyleColor();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Progress");
    ImGui::SameLine(0, state.px(10));
    percent_bar(state, progress.progress_percent, kBarWidth, p.accent, "Progress in " + progress.course.name);
    ImGui::SameLine(0, state.px(32));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Grade");
    ImGui::SameLine(0, state.px(10));
    percent_bar(state, progress.grade_percent, kBarWidth, p.success);
    if (progress.grade_percent) {
        ImGui::SameLine(0, state.px(8));
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::Text("(%d of %d points)", progress.points_awarded, progress.points_possible);
        ImGui::PopStyleColor();
    }
    ImGui::Dummy(ImVec2(0, state.px(2)));
    const float x0 = ImGui::GetCursorPosX();
    const float state_x = x0 + std::max(state.px(260), ImGui::GetContentRegionAvail().x * 0.55f);
    for (const StepState& s : progress.states) {
        ImGui::PushID(static_cast<int>(s.step.id));
        ImGui::AlignTextToFramePadding();
        const std::string title = std::to_string(s.step.number) + ". " + s.step.title;
        elided_text(title, state_x - x0 - state.px(12));
        ImGui::SameLine(state_x);
        std::string word = status_word(s.status);
        if (s.status == WorkStatus::kReviewed && s.points && s.step.points)
            word += ": " + std::to_string(*s.points) + " of " + std::to_string(*s.step.points);
        ImGui::PushStyleColor(ImGuiCol_Text, status_ink(state, s.status));
        ImGui::AlignTextToFramePadding();
        if ((s.status == WorkStatus::kPending || s.status == WorkStatus::kReviewed) && s.work_id) {
            if (link_button_on_line(state, word.c_str(), "open")) open_review_of(state, *s.work_id);
            report_last_item(("Open " + s.step.title).c_str());  // the same link, found by its step
        } else {
            ImGui::TextUnformatted(word.c_str());
        }
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    const float content_h = ImGui::GetCursorPosY() - style.ItemSpacing.y + pad.y;
    if (std::abs(content_h - height) > 0.5f) {
        v.card_heights[progress.course.id] = content_h;
        state.request_redraw();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
}

void draw_courses(AppState& state, const MemberPageModel& model) {
    if (model.courses.empty()) {
        muted_text(state, model.user.display_name() + " is not enrolled in any course.");
        return;
    }
    ImGui::BeginChild("##cards", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    for (const CourseProgress& progress : model.courses) {
        draw_course_card(state, progress);
        ImGui::Dummy(ImVec2(0, state.px(4)));
    }
    ImGui::EndChild();
}

}  // namespace

void open_member_page(AppState& state, Id group, Id person) {
    MemberView& v = view(state);
    v.person = person;
    v.group = group;
    v.tab = MemberTab::kActivity;
    v.select_tab = true;
    v.page.invalidate();
    state.request_redraw();
}

void close_member_page(AppState& state) {
    view(state).person.reset();
    state.request_redraw();
}

void draw_member_page(AppState& state, const std::string& group_name) {
    MemberView& v = view(state);
    if (!v.person || state.store == nullptr) return;
    const Palette& p = palette(state.theme);
    const Id person = *v.person;
    if (v.page.value.person != person || v.page.value.actor != state.actor) v.page.invalidate();
    const MemberPageModel& model = v.page.get(*state.store, kMemberKinds, [&] { return read_page(state, person); });
    if (!model.exists) {
        close_member_page(state);
        return;
    }
    ImGui::PushID("member-page");
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    const bool back = link_button(state, (std::string(icons::kArrowLeft) + "  Back to " + group_name).c_str(), "back");
    ImGui::PopStyleColor();
    if (back) {
        close_member_page(state);
        ImGui::PopID();
        return;
    }
    ImGui::Dummy(ImVec2(0, state.px(6)));
    ImGui::PushFont(state.fonts.heading);
    elided_text(model.user.display_name());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    std::string facts = model.user.email;
    if (!model.courses.empty())
        facts += "   \xc2\xb7   " + counted(static_cast<std::int64_t>(model.courses.size()), "course", "courses");
    elided_text(facts);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, state.px(6)));

    if (!model.refusal.empty()) {
        error_text(state, model.refusal);
    } else if (ImGui::BeginTabBar("##member-tabs")) {
        const auto tab = [&](MemberTab which, const char* label) {
            const ImGuiTabItemFlags flags = v.select_tab && v.tab == which ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(label, nullptr, flags);
            report_last_item(label);
            if (!open) return false;
            if (!v.select_tab) v.tab = which;
            return true;
        };
        if (tab(MemberTab::kActivity, "Activity")) {
            draw_activity(state, model);
            ImGui::EndTabItem();
        }
        if (tab(MemberTab::kCourses, "Courses")) {
            draw_courses(state, model);
            ImGui::EndTabItem();
        }
        v.select_tab = false;
        ImGui::EndTabBar();
    }
    ImGui::PopID();
    draw_work_panel(state);
}

// ---- The read-only work panel ---------------------------------------------------------------------------

void open_work_panel(AppState& state, Id work) {
    WorkPanel& panel = view(state).work_panel;
    panel = WorkPanel{};
    panel.work = work;
    panel.opening = true;
    if (state.store == nullptr) return;
    Store& store = *state.store;
    panel.value = find_work(store, work);
    if (!panel.value) return;
    if (auto user = find_user(store, panel.value->user_id)) panel.learner = user->display_name();
    if (auto step = step_by_id(store, panel.value->step_id)) {
        panel.step = "Step " + std::to_string(step->number) + ": " + step->title;
        panel.max_points = step->points;
        if (auto course = find_course(store, step->course_id)) panel.course = course->name;
    }
}

void draw_work_panel(AppState& state) {
    WorkPanel& panel = view(state).work_panel;
    if (panel.opening) {
        panel.opening = false;
        panel.open = true;
        open_dialog(kWorkTitle);
    }
    if (!panel.open) return;
    if (!begin_dialog(state, kWorkTitle, 520)) {
        if (!ImGui::IsPopupOpen(kWorkTitle)) panel.open = false;
        return;
    }
    const Palette& p = palette(state.theme);
    if (!panel.value) {
        muted_text(state, "This work is no longer there: its step or course was removed.");
    } else {
        const Work& work = *panel.value;
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextWrapped("%s", panel.learner.c_str());
        ImGui::PopFont();
        muted_text(state, panel.course + "   \xc2\xb7   " + panel.step);
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, status_ink(state, work.status));
        ImGui::TextWrapped("%s, submitted %s", status_word(work.status), format_day_time(work.completed_at).c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("Answer");
        ImGui::PopFont();
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.content_bg);
        ImGui::BeginChild("##answer", ImVec2(0, state.px(140)), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(work.answer ? work.answer->c_str() : kDash);
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::Spacing();
        if (work.status == WorkStatus::kReviewed) {
            std::string by = "Reviewed by " + work.reviewer_name;
            if (work.reviewed_at) by += " on " + format_day_time(*work.reviewed_at);
            muted_text(state, by);
            std::string points = work.points ? std::to_string(*work.points) : std::string(kDash);
            if (work.points && panel.max_points) points += " of " + std::to_string(*panel.max_points);
            ImGui::Text("Points: %s", points.c_str());
            ImGui::PushFont(state.fonts.bold);
            ImGui::TextUnformatted("Feedback");
            ImGui::PopFont();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(work.feedback.empty() ? kDash : work.feedback.c_str());
            ImGui::PopTextWrapPos();
        } else {
            muted_text(state, "Not reviewed yet.");
        }
    }
    ImGui::Spacing();
    align_right({"Close"});
    if (button("Close") || escape_for_dialog()) {
        panel.open = false;
        close_dialog();
    }
    end_dialog();
}

}  // namespace grove::ui
