// A group's own CSV upload: choose (or drop) a file, see every problem or what applying does, apply at once.
#include "shell/screens/group_upload.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/files/upload.h"
#include "core/org/lookup.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

namespace {

constexpr const char* kTitle = "Upload members";
constexpr std::size_t kShownChanges = 8;

GroupUploadForm& form_of(AppState& state) { return state.views.groups.upload; }

// Starts checking the file; the dialog steps the check frame by frame.
void replan(AppState& state, GroupUploadForm& form) {
    form.plan.reset();
    form.check.reset();
    form.failure.clear();
    form.error.clear();
    UploadOptions options;
    options.group = form.group;
    options.invite = form.invite;
    auto check =
        UploadPlanner::begin(*state.store, state.actor, UploadKind::kMemberships, form.file_name, form.bytes, options);
    form.planned_at = state.store->revision();
    if (check) {
        form.check = std::move(*check);
        form.check_shown = false;
        state.request_redraw();
    } else {
        form.failure = check.error().message;
    }
}

void take_file(AppState& state, GroupUploadForm& form, OpenedFile file) {
    form.file_name = file.name;
    form.bytes.assign(file.bytes.begin(), file.bytes.end());
    replan(state, form);
    state.request_redraw();
}

void choose_file(AppState& state, GroupUploadForm& form) {
    if (state.platform == nullptr) return;
    const std::uint64_t serial = ++form.serial;
    state.platform->open_file(".csv,.txt", [&state, serial](OpenedFile file) {
        GroupUploadForm& f = form_of(state);
        if (f.serial != serial) return;
        take_file(state, f, std::move(file));
    });
}

void draw_problems(AppState& state, const UploadPlan& plan) {
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted((std::string(icons::kWarning) + "  " +
                            counted(static_cast<int>(plan.errors.size()), "problem", "problems") + " in " +
                            plan.file_name + ". Nothing is applied until every row is right.")
                               .c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    const float rows = static_cast<float>(std::min<std::size_t>(plan.errors.size(), 8));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::BeginChild(
        "##problems",
        ImVec2(0.0f, ImGui::GetTextLineHeightWithSpacing() * rows + ImGui::GetStyle().WindowPadding.y * 2),
        ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(plan.errors.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
            ImGui::TextUnformatted(plan.errors[static_cast<std::size_t>(i)].c_str());
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// The first changes, as the core words them: the preview of what applying does.
void draw_changes(AppState& state, const UploadPlan& plan) {
    success_text(state, "Every row is right. " + plan.counts.summary(true));
    if (plan.changes.empty()) return;
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    const float rows = static_cast<float>(std::min(plan.changes.size(), kShownChanges) +
                                          (plan.changes.size() > kShownChanges ? 1 : 0));
    ImGui::BeginChild(
        "##changes", ImVec2(0.0f, ImGui::GetTextLineHeightWithSpacing() * rows + ImGui::GetStyle().WindowPadding.y * 2),
        ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    for (std::size_t i = 0; i < plan.changes.size() && i < kShownChanges; ++i)
        ImGui::TextUnformatted(plan.changes[i].c_str());
    if (plan.changes.size() > kShownChanges) {
        muted_text(state, "and " + std::to_string(plan.changes.size() - kShownChanges) + " more");
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace

bool continue_upload_check(AppState& state, std::unique_ptr<UploadPlanner>& check, std::optional<UploadPlan>& plan,
                           std::string& failure, bool& shown, LongWorkPacer& pace, double budget_ms) {
    if (!check) return false;
    if (!shown) {
        shown = true;
        pace.reset();
        state.request_redraw();
        return false;
    }
    const auto start = std::chrono::steady_clock::now();
    const double slice_ms = pace.begin_slice(budget_ms, start);
    for (;;) {
        // Small steps: a slice of rows may ask for the members of as many groups, each read when first asked.
        auto done = check->step(500);
        if (!done) {
            failure = done.error().message;
            check.reset();
            return true;
        }
        if (*done) {
            plan = check->take();
            check.reset();
            return true;
        }
        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double, std::milli>(now - start).count() >= slice_ms) {
            pace.end_slice(now);
            break;
        }
    }
    state.request_redraw();
    return false;
}

void draw_upload_check(AppState& state, const UploadPlanner& check, const std::string& file_name) {
    muted_text(state, "Checking " + file_name + ": " +
                          (check.row_count() > 0 ? std::to_string(check.rows_checked()) + " of " +
                                                       counted(check.row_count(), "row", "rows")
                                                 : std::string("reading the file")) +
                          "…");
    const auto fraction = static_cast<float>(check.progress());
    ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f));
    report_last_progress("Check progress", fraction);
}

void start_group_upload(AppState& state, Id group) {
    GroupUploadForm& form = form_of(state);
    if (state.store == nullptr) return;
    auto found = find_group(*state.store, group);
    if (!found) return;
    const bool invite = form.invite;  // the choice stays as the person left it
    ++form.serial;
    const std::uint64_t serial = form.serial;
    form = GroupUploadForm{};
    form.serial = serial;
    form.invite = invite;
    form.group = group;
    form.group_name = found->name;
    form.pending = true;
    state.request_redraw();
}

void start_group_upload(AppState& state, Id group, OpenedFile file) {
    start_group_upload(state, group);
    GroupUploadForm& form = form_of(state);
    if (form.group == group) take_file(state, form, std::move(file));
}

void draw_group_upload(AppState& state) {
    GroupUploadForm& form = form_of(state);
    if (form.pending) {
        open_dialog(kTitle);
        form.pending = false;
    }
    if (!begin_dialog(state, kTitle, 600)) return;
    muted_text(state, "People from a CSV file join " + form.group_name +
                          ": a column of emails and optionally a role (member, mentor or admin; member when "
                          "empty). A people file works too. At most 3 MB. Every row is checked first; nothing is "
                          "applied unless all of them are right.");
    ImGui::Spacing();
    if (primary_button(state, (std::string(icons::kUpload) + "  Choose a CSV file").c_str())) choose_file(state, form);
    report_last_item("Choose a CSV file");
    ImGui::SameLine();
    if (button((std::string(icons::kDownload) + "  Download the sample").c_str()) && state.platform != nullptr) {
        const std::string sample = group_upload_sample();
        state.platform->offer_download(slugify(form.group_name) + "-members-sample.csv",
                                       std::vector<std::uint8_t>(sample.begin(), sample.end()), "text/csv");
    }
    report_last_item("Download the sample");
    if (checkbox("Invite emails nobody has yet", &form.invite) && !form.file_name.empty()) replan(state, form);

    bool close = false;
    if (!form.file_name.empty()) {
        // A change made elsewhere makes the check stale: check the file again.
        if (form.planned_at != state.store->revision()) replan(state, form);
        continue_upload_check(state, form.check, form.plan, form.failure, form.check_shown, form.check_pace,
                              form.check_budget_ms);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::PushFont(state.fonts.bold);
        ImGui::Text("%s  %s", icons::kFileText, form.file_name.c_str());
        ImGui::PopFont();
        if (form.check) {
            draw_upload_check(state, *form.check, form.file_name);
        } else if (!form.failure.empty()) {
            error_text(state, form.failure);
        } else if (form.plan && !form.plan->ok()) {
            draw_problems(state, *form.plan);
        } else if (form.plan) {
            draw_changes(state, *form.plan);
        }
    }
    error_text(state, form.error);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const bool ready = form.plan && form.plan->ok() && form.failure.empty();
    align_right({"Cancel", "Apply the upload"});
    close = button("Cancel");
    ImGui::SameLine();
    ImGui::BeginDisabled(!ready);
    const bool apply = primary_button(state, "Apply the upload");
    ImGui::EndDisabled();
    if (apply && ready) {
        auto done = apply_upload(*state.store, state.actor, *form.plan);
        if (done) {
            GroupsView& v = state.views.groups;
            (v.open_group ? v.page_notice : v.list_notice).set(form.file_name + ": " + done->summary(), false);
            ++form.serial;
            form.file_name.clear();
            form.bytes.clear();
            form.plan.reset();
            form.check.reset();
            close = true;
        } else {
            form.error = done.error().message;
        }
    }
    if (close || escape_pressed()) {
        ++form.serial;
        close_dialog();
    }
    end_dialog();
}

}  // namespace grove::ui
