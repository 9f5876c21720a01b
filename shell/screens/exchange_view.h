// The Import & export screen's view state (AppState::views.exchange): an upload in its steps (file,
// mapping and preview, errors, applying, summary), a roster in its steps, the downloads' messages, and a Grove
// file's merge.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/exchange/exchange.h"
#include "core/exchange/roster.h"
#include "core/exchange/zip.h"
#include "core/files/reports.h"
#include "core/files/upload.h"
#include "core/org/groups.h"
#include "shell/cached.h"
#include "shell/platform.h"
#include "shell/screens/group_upload.h"

namespace grove::ui {

enum class ExchangeTab { Upload, Rosters, Reports, GroveFile };

struct UploadView {
    UploadKind kind = UploadKind::kUsers;
    std::uint64_t serial = 0;  // which choice of file: a file arriving after the person moved on is dropped
    std::string file_name;     // the chosen file; empty before one is chosen
    std::string bytes;
    std::vector<ColumnMapping> mappings;         // what the person chose in the mapping step
    bool invite = true;                          // memberships: emails nobody has yet become invitations
    std::string mapping_error;                   // why a new field for a column could not be created
    std::unique_ptr<UploadPlanner> check;        // while the file is being checked, a slice per frame
    bool check_shown = false;                    // the check's bar was drawn once: work may start
    double check_budget_ms = kLongWorkBudgetMs;  // tests make it 0: one step a frame
    LongWorkPacer check_pace;                    // each frame's slice of the check (shell/long_work.h)
    std::optional<UploadPlan> plan;
    std::uint64_t planned_at = 0;        // the store revision the plan was made at: a change elsewhere re-plans
    std::string failure;                 // why the file could not be planned at all (too large, not CSV)
    std::unique_ptr<UploadApply> apply;  // while applying: the open transaction, in steps
    std::string summary;                 // after applying: what was done
    std::string apply_error;
};

// The work a roster waits for, one stage a frame: each stage's bar is drawn before its work runs.
enum class RosterWork { kNone, kReading, kChecking, kApplying };

// A roster file (OneRoster, ...; shell/screens/roster_formats.h) being taken in: read, checked with nothing
// written (the preview, or its problems), then applied as one command.
struct RosterView {
    std::size_t format = 0;               // the file's format: an index into roster_formats()
    std::uint64_t serial = 0;             // which choice of file: a file arriving after the person moved on is dropped
    std::string file_name;                // empty before a file is chosen
    std::string bytes;                    // the file as picked, until it is read
    std::vector<ZipEntry> files;          // the roster's files, once read
    RosterWork work = RosterWork::kNone;  // the stage to run
    int work_frames = 0;                  // frames the stage's bar has been drawn
    std::optional<RosterImport> check;    // the dry run: counts and changes, or the FILE:LINE problems
    std::uint64_t checked_at = 0;         // the store revision checked at: a change elsewhere checks again
    std::string failure;                  // why the file could not be read or checked at all (not a zip, refused)
    std::string summary;                  // after applying: what was done
};

struct GroveFileView {
    std::uint64_t serial = 0;
    std::string file_name;
    std::string bytes;
    std::optional<ImportPlan> plan;
    std::uint64_t planned_at = 0;
    std::string failure;
    std::vector<std::optional<Side>> choices;  // one per conflict
    std::string summary;
};

struct ExchangeView {
    ExchangeTab tab = ExchangeTab::Upload;
    bool select_tab = false;  // set when code (not a click) changes `tab`
    UploadView upload;
    RosterView roster;
    GroveFileView grove_file;

    Cached<std::vector<GroupRow>> groups;  // for the group's-users picker
    std::optional<Id> export_group;

    // The membership report being written in steps (a million rows take a second or more), handed to the
    // platform a piece at a time (Platform::append_download) and offered whole at the end.
    std::unique_ptr<MembershipReportWriter> report;
    int report_frames = 0;    // frames drawn of the report: work starts once its dialog is on screen
    std::string report_text;  // the piece being written
    std::string report_file;
    int report_download = 0;                      // the platform's download in pieces
    double report_budget_ms = kLongWorkBudgetMs;  // tests make it 0: one slice a frame
    LongWorkPacer report_pace;                    // each frame's slice (shell/long_work.h)

    // The last download's outcome, shown under the buttons.
    std::string download_message;
    std::string download_error;
};

struct AppState;
// Offers the group's users as CSV (the group's "..." menu); a refusal opens the shell's error dialog.
void download_group_users(AppState& state, Id group);
// The users of the groups checked in the Groups list, in one file (F7's bulk export).
void download_groups_users(AppState& state, const std::vector<Id>& groups);
// A CSV dropped on the window away from a group's page: the Upload CSV tab, checking that file.
void upload_dropped_file(AppState& state, OpenedFile file);

}  // namespace grove::ui
