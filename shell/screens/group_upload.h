// A group's own CSV upload ("Upload members (CSV)" on a group's page and in its "..." menu): a file of people
// (emails and an optional role; the people file works too) put into that group, checked and previewed first,
// applied all or nothing. Also where a CSV dropped on a group's page goes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/files/upload.h"
#include "core/org/model.h"
#include "shell/long_work.h"
#include "shell/platform.h"

namespace grove::ui {

struct AppState;

struct GroupUploadForm {
    bool pending = false;  // open the dialog on the next frame
    Id group = 0;
    std::string group_name;
    std::uint64_t serial = 0;  // which choice of file: a file arriving after the dialog moved on is dropped
    std::string file_name;     // empty before a file is chosen
    std::string bytes;
    bool invite = true;                          // emails nobody has yet become invitations, as in Add members
    std::unique_ptr<UploadPlanner> check;        // while the file is being checked, a slice per frame
    bool check_shown = false;                    // the check's bar was drawn once: work may start
    double check_budget_ms = kLongWorkBudgetMs;  // tests make it 0: one step a frame
    LongWorkPacer check_pace;                    // each frame's slice of the check (shell/long_work.h)
    std::optional<UploadPlan> plan;
    std::uint64_t planned_at = 0;  // the store revision the plan was made at: a change elsewhere re-plans
    std::string failure;           // why the file could not be checked at all (too large, not CSV)
    std::string error;             // the core's refusal when applying
};

// Goes on with checking an upload for a slice of this frame (`pace`: at least `budget_ms`, longer when the frames
// in between are slow); once it is done, `plan` holds the plan (or `failure` why there is none) and `check` is
// empty. Returns true when it finished in this call. The first frame of a check does no work (`shown` is then
// set), so that its progress bar is on screen at once.
bool continue_upload_check(AppState& state, std::unique_ptr<UploadPlanner>& check, std::optional<UploadPlan>& plan,
                           std::string& failure, bool& shown, LongWorkPacer& pace,
                           double budget_ms = kLongWorkBudgetMs);
// "Checking FILE: 1,200 of 18,000 rows" and a bar (reported as "Check progress").
void draw_upload_check(AppState& state, const UploadPlanner& check, const std::string& file_name);

// Opens the dialog for `group`, with no file yet.
void start_group_upload(AppState& state, Id group);
// Opens the dialog for `group` with a file already chosen (dropped on the group's page).
void start_group_upload(AppState& state, Id group, OpenedFile file);
// Draws the dialog while it is open; once per frame, at the Groups screen's level.
void draw_group_upload(AppState& state);

}  // namespace grove::ui
