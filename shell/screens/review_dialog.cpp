// The review dialog (F21, F37): a learner's answer to a step, and the review left on it (points where the step
// has points, feedback). Opened over any screen: from the queue, the bell, the mentor's home, a member's page.
#include <algorithm>
#include <charconv>
#include <string>

#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/screens/review_queue.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

constexpr const char* kTitle = "Review";

std::string step_phrase(const ReviewItem& item) {
    return "step " + std::to_string(item.step_number) + " of " + item.course_name;
}

int waiting_in_step(AppState& state, const QueueFilter& chain, Id step, Id besides) {
    auto queue = review_queue(*state.store, state.actor, chain);
    if (!queue) return 0;
    return static_cast<int>(std::count_if(queue->begin(), queue->end(), [&](const ReviewItem& item) {
        return item.step_id == step && item.work_id != besides;
    }));
}

// Reads `work` into the form (the dialog stays open when a by-step review moves to the next answer).
void load(AppState& state, Id work) {
    ReviewForm& form = state.views.reviews.form;
    form.work = work;
    form.points.clear();
    form.feedback.clear();
    form.error.clear();
    form.done.reset();
    auto item = review_item(*state.store, state.actor, work);
    form.loaded = item.ok();
    if (!item) {
        form.error = item.error().message;
        return;
    }
    form.item = std::move(*item);
    if (auto stored = find_work(*state.store, work); stored && stored->status == WorkStatus::kReviewed) {
        form.done = std::move(stored);
    }
    if (form.chain) form.more_in_step = waiting_in_step(state, *form.chain, form.item.step_id, work);
}

// After a review in a by-step run: the oldest answer to the same step still waiting in that queue.
std::optional<Id> next_in_step(AppState& state, const QueueFilter& chain, Id step) {
    auto queue = review_queue(*state.store, state.actor, chain);
    if (!queue) return std::nullopt;
    for (const ReviewItem& item : *queue)
        if (item.step_id == step) return item.work_id;
    return std::nullopt;
}

// Points as typed: empty is none; anything but a whole number is said plainly (the core judges the range).
bool parse_points(const std::string& text, std::optional<int>* points) {
    const std::string t = trim(text);
    if (t.empty()) {
        points->reset();
        return true;
    }
    int value = 0;
    const char* begin = t.data();
    const char* end = t.data() + t.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end) return false;
    *points = value;
    return true;
}

void draw_answer(AppState& state, const std::string& answer) {
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted("Answer");
    ImGui::PopStyleColor();
    const float wrap = ImGui::GetContentRegionAvail().x - state.px(24);
    const float text_h = ImGui::CalcTextSize(answer.c_str(), nullptr, false, wrap).y;
    const float h = std::min(text_h + state.px(20), state.px(220));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(12), state.px(10)));
    ImGui::BeginChild("##answer", ImVec2(0, h), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(answer.empty() ? "(no answer)" : answer.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void close(AppState& state) {
    state.views.reviews.form = ReviewForm{};
    close_dialog();
}

// The last line of a dialog that only shows something: one Close (Escape too), no Cancel beside it.
bool close_row(AppState& state) {
    align_right({"Close"});
    const bool pressed = primary_button(state, "Close");
    return pressed || escape_for_dialog();
}

}  // namespace

void open_review(AppState& state, Id work, std::optional<QueueFilter> chain) {
    if (state.store == nullptr) return;
    ReviewView& v = state.views.reviews;
    v.form = ReviewForm{};
    v.form.chain = std::move(chain);
    load(state, work);
    v.open_form = true;
    state.request_redraw();
}

void draw_review_dialog(AppState& state) {
    ReviewView& v = state.views.reviews;
    if (v.open_form) {
        open_dialog(kTitle);
        v.open_form = false;
    }
    if (!begin_dialog(state, kTitle, 620)) return;
    ReviewForm& form = v.form;
    const Palette& p = palette(state.theme);

    if (!form.loaded) {
        error_text(state, form.error.empty() ? "This work is no longer there." : form.error);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        if (close_row(state)) close(state);
        end_dialog();
        return;
    }
    const ReviewItem& item = form.item;

    // Who, what and when.
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(item.name.c_str());
    ImGui::PopFont();
    ImGui::SameLine(0, state.px(8));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(item.email.c_str());
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("%s \xc2\xb7 Step %d: %s", item.course_name.c_str(), item.step_number, item.step_title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    if (form.done) {
        ImGui::Text("Submitted %s", format_day(item.submitted_at).c_str());
    } else {
        const std::int64_t waited = std::max<std::int64_t>(0, state.store->now() - item.submitted_at);
        ImGui::Text("Submitted %s, waiting %s", format_day(item.submitted_at).c_str(), waiting_text(waited).c_str());
    }
    ImGui::PopStyleColor();
    ImGui::Spacing();
    draw_answer(state, item.answer);
    ImGui::Spacing();

    if (form.done) {
        // Reviewed already (a notification opened after someone reviewed it): what the review said.
        const Work& done = *form.done;
        std::string line = "Reviewed";
        if (!done.reviewer_name.empty()) line += " by " + done.reviewer_name;
        if (done.reviewed_at) line += " on " + format_day(*done.reviewed_at);
        if (done.points) {
            line += ": " + std::to_string(*done.points);
            line += item.max_points ? " of " + std::to_string(*item.max_points) + " points" : " points";
        }
        success_text(state, line + ".");
        if (!done.feedback.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(done.feedback.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        if (close_row(state)) close(state);
        end_dialog();
        return;
    }

    // The review: points where the step has points (the field says the limit; the core holds it), feedback.
    if (item.max_points) {
        const std::string label = "Points, out of " + std::to_string(*item.max_points);
        text_field(label.c_str(), &form.points, "", state.px(140));
    }
    multiline_field("Feedback", &form.feedback, state.px(110));
    if (!form.error.empty()) {
        ImGui::Spacing();
        error_text(state, form.error);
    }
    if (form.chain) {
        const int more = form.more_in_step;
        ImGui::Spacing();
        muted_text(state, more == 0
                              ? "By step: this is the last answer to this step waiting."
                              : "By step: " + std::to_string(more) + (more == 1 ? " more answer" : " more answers") +
                                    " to this step waiting; the next opens after this review.");
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const bool something = !trim(form.points).empty() || !trim(form.feedback).empty();
    const DialogAction action =
        dialog_buttons(state, {.primary = "Submit review", .enabled = something, .changed = something});
    if (action == DialogAction::kCancel) {
        close(state);
    } else if (action == DialogAction::kPrimary) {
        ReviewInput input;
        input.feedback = trim(form.feedback);
        if (!parse_points(form.points, &input.points)) {
            form.error = "Points are a whole number from 0 to " + std::to_string(item.max_points.value_or(0)) + ".";
        } else if (auto given = give_review(*state.store, state.actor, item.work_id, input)) {
            v.notice.set_success("Reviewed " + item.name + "'s " + step_phrase(item) + ".");
            v.home_notice.set_success("Reviewed " + item.name + "'s " + step_phrase(item) + ".");
            std::optional<Id> next;
            if (form.chain) next = next_in_step(state, *form.chain, item.step_id);
            if (next) {
                const int done_in_row = form.reviewed_in_row + 1;
                load(state, *next);
                form.reviewed_in_row = done_in_row;
            } else {
                close(state);
            }
        } else {
            form.error = given.error().message;
        }
    }
    end_dialog();
}

}  // namespace grove::ui
