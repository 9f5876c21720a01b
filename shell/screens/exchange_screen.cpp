// Import & export (F13–F18, F30): uploads from spreadsheets with their mapping, preview and errors; rosters in
// other systems' formats, checked and previewed the same way; the reports and a group's users as CSV; the
// organisation as a Grove file, and merging another planner's.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/exchange/exchange.h"
#include "core/exchange/zip.h"
#include "core/files/reports.h"
#include "core/files/upload.h"
#include "core/org/groups.h"
#include "core/org/people.h"
#include "core/text/text.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_upload.h"
#include "shell/screens/roster_formats.h"
#include "shell/screens/screens.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

constexpr int kPreviewRows = 8;
constexpr double kApplyBudgetMs = 12.0;  // per frame while applying, so the progress bar keeps moving
constexpr int kApplyChunk = 500;         // rows per step call

std::vector<uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

void muted(const AppState& state, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void section_title(const AppState& state, const char* title) {
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
}

// The words a column's destination is shown with, and the destinations the mapping offers.
struct Target {
    std::string field;  // as core/files/upload.h names it
    std::string label;
};

// The core's list (the standard fields, the additional fields, "ignore"), in words.
std::vector<Target> targets_for(Store& store) {
    std::vector<Target> out;
    for (const std::string& field : upload_targets(store)) {
        if (field == "email")
            out.push_back({field, "Email"});
        else if (field == "first_name")
            out.push_back({field, "First name"});
        else if (field == "last_name")
            out.push_back({field, "Last name"});
        else if (field == "department")
            out.push_back({field, "Department"});
        else if (field == "group")
            out.push_back({field, "Group"});
        else if (field == "role")
            out.push_back({field, "Role in the group"});
        else if (field == "ignore")
            out.push_back({field, "Skip this column"});
        else
            out.push_back({field, field + " (field)"});
    }
    return out;
}

std::string target_label(const std::vector<Target>& targets, const std::string& field) {
    if (field.empty()) return "Unknown: choose a field";
    for (const Target& t : targets)
        if (t.field == field) return t.label;
    return field;
}

// ---------------------------------------------------------------------------------------------
// Uploads

// Starts checking the file; the tab steps the check frame by frame under a progress bar.
void replan_upload(AppState& state, UploadView& view) {
    view.plan.reset();
    view.check.reset();
    view.failure.clear();
    UploadOptions options;
    options.mappings = view.mappings;
    options.invite = view.invite;
    auto check = UploadPlanner::begin(*state.store, state.actor, view.kind, view.file_name, view.bytes, options);
    view.planned_at = state.store->revision();
    if (check) {
        view.check = std::move(*check);
        view.check_shown = false;
        state.request_redraw();
    } else {
        view.failure = check.error().message;
    }
}

void take_upload_file(AppState& state, UploadView& v, OpenedFile file) {
    v.file_name = file.name;
    v.bytes.assign(file.bytes.begin(), file.bytes.end());
    v.mappings.clear();
    v.summary.clear();
    v.apply_error.clear();
    v.mapping_error.clear();
    replan_upload(state, v);
    state.request_redraw();
}

void choose_upload_file(AppState& state) {
    if (!state.platform) return;
    UploadView& view = state.views.exchange.upload;
    const std::uint64_t serial = ++view.serial;
    state.platform->open_file(".csv,.txt", [&state, serial](OpenedFile file) {
        UploadView& v = state.views.exchange.upload;
        if (v.serial != serial || v.apply) return;
        take_upload_file(state, v, std::move(file));
    });
}

void forget_upload(UploadView& view) {
    ++view.serial;
    view.file_name.clear();
    view.bytes.clear();
    view.mappings.clear();
    view.check.reset();
    view.plan.reset();
    view.failure.clear();
}

void set_mapping(UploadView& view, const std::string& header, const std::string& field) {
    auto it = std::find_if(view.mappings.begin(), view.mappings.end(),
                           [&](const ColumnMapping& m) { return m.header == header; });
    if (it != view.mappings.end()) {
        it->field = field;
    } else {
        view.mappings.push_back({header, field});
    }
}

void draw_mapping(AppState& state, UploadView& view, const UploadPlan& plan) {
    section_title(state, "Columns");
    muted_text(state,
               "Each column of the file and where it goes. Grove recognises the usual headers; choose a "
               "field for any column it does not know.");
    const auto targets = targets_for(*state.store);
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##columns", 2, kFlags)) return;
    flatten_table_nav();
    ImGui::TableSetupColumn("Column in the file", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Goes to", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    std::optional<std::pair<std::string, std::string>> changed;
    std::optional<std::pair<std::string, FieldType>> create;  // a new additional field for a column
    for (size_t i = 0; i < plan.columns.size(); ++i) {
        const UploadColumn& column = plan.columns[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(column.header.empty() ? "(no header)" : column.header.c_str());
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-1.0f);
        const std::string current = target_label(targets, column.field);
        if (column.field.empty()) ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).danger);
        const bool open = begin_combo(("Goes to " + column.header).c_str(), "##target", current);
        if (column.field.empty()) ImGui::PopStyleColor();
        if (open) {
            for (const Target& t : targets) {
                if (ImGui::Selectable(t.label.c_str(), t.field == column.field))
                    changed.emplace(column.header, t.field);
            }
            // A column no field holds yet: create the additional field here, named as the column.
            // (A column Grove does not know is named like no field: such a column would have been recognised.)
            const std::string name = trim(column.header);
            if (!name.empty() && column.field.empty()) {
                ImGui::Separator();
                for (FieldType type : {FieldType::kText, FieldType::kNumber, FieldType::kDate}) {
                    const std::string label = std::string("New ") + field_type_key(type) + " field \"" + name + "\"";
                    if (ImGui::Selectable(label.c_str(), false)) create.emplace(column.header, type);
                }
            }
            ImGui::EndCombo();
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    error_text(state, view.mapping_error);
    if (create) {
        // add_field is a command like any other: checked against the acting person, audited.
        auto field = add_field(*state.store, state.actor, trim(create->first), create->second);
        if (field) {
            view.mapping_error.clear();
            changed.emplace(create->first, field->name);
        } else {
            view.mapping_error = field.error().message;
        }
    }
    if (changed) {
        set_mapping(view, changed->first, changed->second);
        replan_upload(state, view);
        state.request_redraw();
    }
}

void draw_preview(AppState& state, const UploadPlan& plan) {
    if (plan.preview.empty()) return;
    section_title(state, "Preview");
    muted(state, "The first " +
                     counted(static_cast<int>(std::min<size_t>(plan.preview.size(), kPreviewRows)), "row", "rows") +
                     " of " + counted(plan.row_count, "row", "rows") + ", as read.");
    const int columns = static_cast<int>(std::clamp<size_t>(plan.columns.size(), 1, 60));
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollX |
                                       ImGuiTableFlags_SizingFixedFit;
    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
    const float height = row_h * static_cast<float>(std::min<size_t>(plan.preview.size(), kPreviewRows) + 1) +
                         ImGui::GetStyle().ScrollbarSize + state.px(4);
    if (!ImGui::BeginTable("##preview", columns + 1, kFlags, ImVec2(0.0f, height))) return;
    flatten_table_nav();
    ImGui::TableSetupColumn("Line");
    for (int c = 0; c < columns; ++c) {
        const std::string& header =
            c < static_cast<int>(plan.columns.size()) ? plan.columns[static_cast<size_t>(c)].header : "";
        ImGui::TableSetupColumn(header.c_str());
    }
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    // For screen readers: a grid counting the file's rows, of which the first few are shown.
    SemanticScope grid(Role::kGrid, "Preview");
    for (size_t r = 0; r < plan.preview.size() && r < static_cast<size_t>(kPreviewRows); ++r) {
        const CsvRecord& record = plan.preview[r];
        ImGui::TableNextRow();
        SemanticScope row(Role::kRow, ("Line " + std::to_string(record.line)).c_str());
        row.row(static_cast<int>(r), std::max(plan.row_count, static_cast<int>(plan.preview.size())));
        ImGui::TableNextColumn();
        muted(state, std::to_string(record.line));
        for (int c = 0; c < columns; ++c) {
            ImGui::TableNextColumn();
            if (static_cast<size_t>(c) < record.cells.size())
                ImGui::TextUnformatted(record.cells[static_cast<size_t>(c)].c_str());
        }
    }
    ImGui::EndTable();
}

// Lines in a panel of up to ten lines' height that scrolls; only the lines in view are drawn, so a list of
// thousands costs what ten do.
void draw_lines(AppState& state, const char* id, const std::vector<std::string>& lines) {
    const float rows = static_cast<float>(std::clamp<size_t>(lines.size(), 1, 10));
    const float height = ImGui::GetTextLineHeightWithSpacing() * rows + ImGui::GetStyle().WindowPadding.y * 2.0f;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, palette(state.theme).panel_bg);
    ImGui::BeginChild(id, ImVec2(0.0f, height), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TextUnformatted(lines[static_cast<size_t>(i)].c_str());
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// The problems found in `file_name` ("FILE:LINE: reason"), a scrolling list that draws only what is in view.
void draw_problems(AppState& state, const std::vector<std::string>& errors, const std::string& file_name) {
    ImGui::Spacing();
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::TextUnformatted(icons::kWarning);
    ImGui::SameLine();
    const std::string headline = counted(static_cast<int>(errors.size()), "problem", "problems") + " in " + file_name +
                                 ". Nothing is applied until every row is right: fix the file "
                                 "and choose it again.";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(headline.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    draw_lines(state, "##errors", errors);
    if (button("Copy the problems")) {
        std::string all;
        for (const std::string& e : errors) all += e + "\n";
        ImGui::SetClipboardText(all.c_str());
    }
}

void draw_errors(AppState& state, const UploadPlan& plan) { draw_problems(state, plan.errors, plan.file_name); }

// Applies in steps inside one transaction while a modal shows the progress; nothing else can be clicked.
void draw_applying(AppState& state, UploadView& view) {
    constexpr const char* kTitle = "Applying the upload";
    if (!view.apply) return;
    if (!ImGui::IsPopupOpen(kTitle)) open_dialog(kTitle);
    const auto start = std::chrono::steady_clock::now();
    while (view.apply) {
        auto step = view.apply->step(kApplyChunk);
        if (!step) {
            view.apply_error = step.error().message;
            view.apply.reset();  // rolls everything back
            break;
        }
        if (*step) {
            view.summary = view.file_name + ": " + view.apply->counts().summary();
            view.apply.reset();
            forget_upload(view);
            break;
        }
        const double elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (elapsed > kApplyBudgetMs) break;
    }
    if (begin_dialog(state, kTitle, state.px(440))) {
        const float fraction = view.apply ? static_cast<float>(view.apply->progress()) : 1.0f;
        ImGui::TextUnformatted(view.file_name.empty() ? "Done." : ("Applying " + view.file_name + "…").c_str());
        ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f));
        report_last_progress("Upload progress", fraction);
        if (!view.apply) close_dialog();
        end_dialog();
    }
    state.request_redraw();
}

void draw_upload_tab(AppState& state, ExchangeView& ex) {
    UploadView& view = ex.upload;
    muted_text(state,
               "Bring people in from a spreadsheet saved as CSV. Every row is checked first; if any row is "
               "wrong, nothing is applied and each problem is listed with its line.");
    ImGui::Spacing();
    int kind = view.kind == UploadKind::kUsers ? 0 : 1;
    bool kind_changed = ImGui::RadioButton("People", &kind, 0);
    ImGui::SameLine(0.0f, state.px(24));
    kind_changed |= ImGui::RadioButton("Memberships (people into groups)", &kind, 1);
    if (kind_changed) {
        view.kind = kind == 0 ? UploadKind::kUsers : UploadKind::kMemberships;
        view.summary.clear();
        if (!view.file_name.empty()) replan_upload(state, view);
    }
    muted_text(state, view.kind == UploadKind::kUsers
                          ? "Columns: email, first name, last name; optionally department, group and role, and your "
                            "additional fields by name. People already in Grove (same email) are updated."
                          : "Columns: email, group (its slug or name) and optionally role (member, mentor or admin). "
                            "At most 3 MB. A people file is accepted too.");
    if (view.kind == UploadKind::kMemberships) {
        if (checkbox("Invite emails nobody has yet, as Add members does", &view.invite) && !view.file_name.empty())
            replan_upload(state, view);
    }
    ImGui::Spacing();
    if (primary_button(state, (std::string(icons::kUpload) + "  Choose a CSV file").c_str())) choose_upload_file(state);
    report_last_item("Choose a CSV file");
    ImGui::SameLine();
    const bool users = view.kind == UploadKind::kUsers;
    if (button(
            (std::string(icons::kDownload) + (users ? "  Download the template" : "  Download the sample")).c_str()) &&
        state.platform) {
        const std::string text = users ? user_upload_template(*state.store) : membership_upload_sample();
        state.platform->offer_download(users ? "grove-people-template.csv" : "grove-memberships-sample.csv",
                                       bytes_of(text), "text/csv");
    }
    report_last_item(users ? "Download the template" : "Download the sample");

    success_text(state, view.summary);
    error_text(state, view.apply_error);
    if (view.file_name.empty()) return;

    // A change made elsewhere (another screen, an import) makes the plan stale: check the file again.
    if (!view.apply && view.planned_at != state.store->revision()) replan_upload(state, view);
    continue_upload_check(state, view.check, view.plan, view.failure, view.check_shown, view.check_pace,
                          view.check_budget_ms);

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("%s  %s", icons::kFileText, view.file_name.c_str());
    ImGui::PopFont();
    if (view.plan) {
        ImGui::SameLine();
        muted(state, counted(view.plan->row_count, "row", "rows") +
                         (view.plan->separator == ';' ? ", separated by semicolons" : ""));
    }
    ImGui::SameLine();
    if (button("Clear")) {
        forget_upload(view);
        return;
    }
    if (view.check) {
        ImGui::Spacing();
        draw_upload_check(state, *view.check, view.file_name);
        return;
    }
    if (!view.failure.empty()) {
        error_text(state, view.failure);
        return;
    }
    if (!view.plan) return;
    // What happens next comes first (the problems, or the button that applies), the details after.
    const UploadPlan& plan = *view.plan;
    if (!plan.errors.empty()) {
        draw_errors(state, plan);
    } else {
        ImGui::Spacing();
        success_text(state, "Every row is right. " + plan.counts.summary(true));
        if (primary_button(state, "Apply the upload")) {
            view.summary.clear();
            view.apply_error.clear();
            auto begun = UploadApply::begin(*state.store, state.actor, plan);
            if (begun) {
                view.apply = std::move(*begun);
            } else {
                view.apply_error = begun.error().message;
            }
            state.request_redraw();
        }
    }
    draw_mapping(state, view, plan);
    if (!view.plan) return;  // the mapping changed: planned again, drawn next frame
    draw_preview(state, *view.plan);
}

// ---------------------------------------------------------------------------------------------
// Downloads

void offer(AppState& state, ExchangeView& ex, const Result<std::string>& content, const std::string& file_name,
           const char* mime) {
    ex.download_message.clear();
    ex.download_error.clear();
    if (!content) {
        ex.download_error = content.error().message;
        return;
    }
    if (state.platform) state.platform->offer_download(file_name, bytes_of(*content), mime);
    ex.download_message = "Downloaded " + file_name + ".";
}

bool download_button(const char* label) {
    const bool clicked = button((std::string(icons::kDownload) + "  " + label).c_str());
    report_last_item(label);
    return clicked;
}

void draw_reports_tab(AppState& state, ExchangeView& ex) {
    Store& store = *state.store;
    muted_text(state,
               "Reports list every group, or every membership with how the person is in the group (directly "
               "or inherited from a parent group). They are for people with an admin role.");
    ImGui::Spacing();
    if (download_button("Group report"))
        offer(state, ex, group_report_csv(store, state.actor), group_report_file_name(store), "text/csv");
    ImGui::SameLine();
    if (download_button("Membership report") && !ex.report) {
        ex.download_message.clear();
        ex.download_error.clear();
        auto writer = MembershipReportWriter::begin(store, state.actor);
        if (writer) {
            ex.report = std::move(*writer);
            ex.report_frames = 0;
            ex.report_pace.reset();
            ex.report_text.clear();
            ex.report_file = membership_report_file_name(store);
            ex.report_download = state.platform ? state.platform->begin_download(ex.report_file, "text/csv") : 0;
            state.request_redraw();
        } else {
            ex.download_error = writer.error().message;
        }
    }

    section_title(state, "A group's users");
    muted_text(state,
               "The people of one group in the columns of the people upload, so the file can be edited and "
               "uploaded again. Also in each group's menu.");
    const auto& groups = ex.groups.get(store, kChangeGroups, [&] { return group_tree(store, GroupSort::kTitle); });
    if (ImGui::BeginTable("##group-users", 2, ImGuiTableFlags_SizingStretchProp)) {
        flatten_table_nav();
        ImGui::TableSetupColumn("picker", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("button", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableNextColumn();
        group_picker(state, "Group", &ex.export_group, groups, nullptr);
        ImGui::TableNextColumn();
        ImGui::Dummy(ImVec2(0.0f, ImGui::GetTextLineHeight()));
        ImGui::BeginDisabled(!ex.export_group);
        if (download_button("Download users") && ex.export_group) {
            offer(state, ex, group_users_csv(store, state.actor, *ex.export_group),
                  group_users_file_name(store, *ex.export_group), "text/csv");
        }
        ImGui::EndDisabled();
        ImGui::EndTable();
    }
    ImGui::Spacing();
    success_text(state, ex.download_message);
    error_text(state, ex.download_error);
}

// ---------------------------------------------------------------------------------------------
// Rosters (OneRoster, ...: shell/screens/roster_formats.h)

const RosterFormat& format_of(const RosterView& view) { return roster_formats().at(view.format); }

// Starts `work`: its bar is drawn first, the work runs in a later frame.
void start_roster_work(AppState& state, RosterView& view, RosterWork work) {
    view.work = work;
    view.work_frames = 0;
    state.request_redraw();
}

void forget_roster(RosterView& view) {
    ++view.serial;
    view.file_name.clear();
    view.bytes = std::string();
    view.files = {};
    view.work = RosterWork::kNone;
    view.check.reset();
    view.failure.clear();
}

void choose_roster_file(AppState& state, std::size_t format) {
    if (!state.platform) return;
    RosterView& view = state.views.exchange.roster;
    const std::uint64_t serial = ++view.serial;
    state.platform->open_file(roster_formats().at(format).accept, [&state, serial, format](OpenedFile file) {
        RosterView& v = state.views.exchange.roster;
        if (v.serial != serial || v.work == RosterWork::kApplying) return;
        forget_roster(v);
        v.format = format;
        v.file_name = file.name;
        v.bytes.assign(file.bytes.begin(), file.bytes.end());
        v.summary.clear();
        start_roster_work(state, v, RosterWork::kReading);
    });
}

// Runs the stage that waits, once its bar has been on screen for `frames_shown` frames.
void run_roster_work(AppState& state, RosterView& view, int frames_shown) {
    if (view.work == RosterWork::kNone || view.work_frames < frames_shown) return;
    const RosterFormat& format = format_of(view);
    switch (view.work) {
        case RosterWork::kReading: {
            if (format.zip) {
                auto files = read_zip(view.bytes, view.file_name);
                if (!files) {
                    view.failure = files.error().message;
                    view.work = RosterWork::kNone;
                    return;
                }
                view.files = std::move(*files);
            } else {
                view.files = {ZipEntry{view.file_name, std::move(view.bytes)}};
            }
            view.bytes = std::string();
            start_roster_work(state, view, RosterWork::kChecking);
            return;
        }
        case RosterWork::kChecking: {
            view.check.reset();
            view.failure.clear();
            auto check = format.import(*state.store, state.actor, view.file_name, view.files, true);
            view.checked_at = state.store->revision();
            if (check) {
                view.check = std::move(*check);
            } else {
                view.failure = check.error().message;
            }
            view.work = RosterWork::kNone;
            return;
        }
        case RosterWork::kApplying: {
            auto done = format.import(*state.store, state.actor, view.file_name, view.files, false);
            view.work = RosterWork::kNone;
            if (!done) {
                view.failure = done.error().message;
            } else if (!done->ok()) {
                view.check = std::move(*done);  // its problems, with nothing applied
                view.checked_at = state.store->revision();
            } else {
                view.summary = "Imported " + view.file_name + ": " + done->counts.summary() + ".";
                forget_roster(view);
            }
            return;
        }
        case RosterWork::kNone: return;
    }
}

// "Reading roster.zip…" or "Checking roster.zip…" and a bar at the stage reached (reported as "Roster progress").
void draw_roster_stage(AppState& state, const RosterView& view) {
    const bool reading = view.work == RosterWork::kReading;
    muted_text(state, (reading ? "Reading " : "Checking ") + view.file_name + "…");
    const float fraction = reading ? 0.0f : 0.5f;
    ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f));
    report_last_progress("Roster progress", fraction);
}

// What the check found would change, kind by kind.
void draw_roster_counts(AppState& state, const RosterCounts& c) {
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##roster-counts", 4, kFlags, ImVec2(state.px(480), 0.0f))) return;
    flatten_table_nav();
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    for (const char* heading : {"Added", "Updated", "Removed"})
        ImGui::TableSetupColumn(heading, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    const struct {
        const char* kind;
        int added, updated, removed;
    } rows[] = {
        {"People", c.people_added, c.people_updated, c.people_removed},
        {"Departments", c.departments_added, c.departments_updated, c.departments_removed},
        {"Groups", c.groups_added, c.groups_updated, c.groups_removed},
        {"Memberships", c.memberships_added, c.memberships_updated, c.memberships_removed},
    };
    for (const auto& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.kind);
        for (int n : {row.added, row.updated, row.removed}) {
            ImGui::TableNextColumn();
            if (n == 0) {
                muted(state, "0");
            } else {
                ImGui::TextUnformatted(std::to_string(n).c_str());
            }
        }
    }
    ImGui::EndTable();
}

void draw_roster_check(AppState& state, RosterView& view, const RosterImport& check) {
    if (!check.ok()) {
        draw_problems(state, check.errors, view.file_name);
        return;
    }
    ImGui::Spacing();
    if (check.changes.empty()) {
        success_text(state, "Every row is right, and Grove already holds this roster: nothing to change.");
        return;
    }
    success_text(state, "Every row is right. The import will " + check.counts.summary() + ".");
    if (primary_button(state, "Apply the import")) {
        view.summary.clear();
        start_roster_work(state, view, RosterWork::kApplying);
    }
    ImGui::Spacing();
    draw_roster_counts(state, check.counts);
    section_title(state, ("What the import changes (" + std::to_string(check.changes.size()) + ")").c_str());
    draw_lines(state, "##roster-changes", check.changes);
}

// The formats, each with what it takes, its import and its exports.
void draw_roster_formats(AppState& state, ExchangeView& ex) {
    const auto& formats = roster_formats();
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                                       ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("##roster-formats", 2, kFlags)) return;
    flatten_table_nav();
    ImGui::TableSetupColumn("Format", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Actions", ImGuiTableColumnFlags_WidthFixed);
    for (std::size_t i = 0; i < formats.size(); ++i) {
        const RosterFormat& format = formats[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Dummy(ImVec2(0.0f, state.px(2)));
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(format.label);
        ImGui::PopFont();
        muted_text(state, format.takes);
        ImGui::Dummy(ImVec2(0.0f, state.px(2)));
        ImGui::TableNextColumn();
        ImGui::Dummy(ImVec2(0.0f, state.px(2)));
        const std::string import_label = std::string("Import ") + format.label;
        ImGui::BeginDisabled(ex.roster.work == RosterWork::kApplying);
        if (primary_button(state, (std::string(icons::kUpload) + "  " + import_label).c_str()))
            choose_roster_file(state, i);
        report_last_item(import_label.c_str());
        ImGui::EndDisabled();
        for (const RosterExport& out : format.exports) {
            if (download_button(out.label)) {
                const std::string slug = slugify(state.organisation_name, "grove");
                offer(state, ex, out.write(*state.store, state.actor), slug + out.file_suffix, out.mime_type);
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

// The file picked for import: its stages, then its preview or its problems.
void draw_roster_file(AppState& state, RosterView& view) {
    // A change made elsewhere (another screen, an import) makes the check stale: check the file again.
    if (view.work == RosterWork::kNone && view.check && view.checked_at != state.store->revision())
        start_roster_work(state, view, RosterWork::kChecking);
    if (view.work != RosterWork::kApplying) run_roster_work(state, view, 1);  // applying: under its dialog

    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("%s  %s", icons::kFileText, view.file_name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    muted(state, std::string(format_of(view).label) +
                     (view.files.empty() ? "" : ", " + counted(static_cast<int>(view.files.size()), "file", "files")));
    if (view.work != RosterWork::kApplying) {
        ImGui::SameLine();
        if (button("Clear")) {
            forget_roster(view);
            return;
        }
    }
    if (view.work == RosterWork::kReading || view.work == RosterWork::kChecking) {
        ImGui::Spacing();
        draw_roster_stage(state, view);
        ++view.work_frames;
        state.request_redraw();
        return;
    }
    if (!view.failure.empty()) {
        error_text(state, view.failure);
        return;
    }
    if (view.check) draw_roster_check(state, view, *view.check);
}

void draw_rosters_tab(AppState& state, ExchangeView& ex) {
    RosterView& view = ex.roster;
    muted_text(state,
               "Take in the roster your school's systems export, plan groups here, and hand them back in the same "
               "format. Every file is checked first; if any row is wrong, nothing is applied and each problem is "
               "listed with its file and line. Importing the next export again updates what came before.");
    ImGui::Spacing();
    success_text(state, ex.download_message);
    error_text(state, ex.download_error);
    success_text(state, view.summary);
    // A picked file comes first, so its preview is in view; the formats follow.
    if (!view.file_name.empty()) {
        draw_roster_file(state, view);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
    }
    draw_roster_formats(state, ex);
}

// Applies the checked roster as one command while a modal shows that it is under way; the work runs once the
// dialog is on screen (a new dialog is measured in its first frame, unseen).
void draw_roster_applying(AppState& state, RosterView& view) {
    constexpr const char* kTitle = "Importing the roster";
    if (view.work != RosterWork::kApplying && !ImGui::IsPopupOpen(kTitle)) return;
    if (!ImGui::IsPopupOpen(kTitle)) open_dialog(kTitle);
    const std::string file_name = view.file_name;
    run_roster_work(state, view, 2);
    const bool over = view.work != RosterWork::kApplying;
    if (begin_dialog(state, kTitle, state.px(440))) {
        ImGui::TextUnformatted(over ? "Done." : ("Applying " + file_name + "…").c_str());
        const float fraction = over ? 1.0f : 0.5f;
        ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f));
        report_last_progress("Roster progress", fraction);
        if (over) close_dialog();
        end_dialog();
    }
    ++view.work_frames;
    state.request_redraw();
}

// ---------------------------------------------------------------------------------------------
// Grove files (JSON)

void replan_grove_file(AppState& state, GroveFileView& view) {
    view.plan.reset();
    view.failure.clear();
    auto plan = plan_import(*state.store, state.actor, view.file_name, view.bytes);
    view.planned_at = state.store->revision();
    if (!plan) {
        view.failure = plan.error().message;
        return;
    }
    view.choices.assign(plan->conflicts.size(), std::nullopt);
    view.plan = std::move(*plan);
}

void choose_grove_file(AppState& state) {
    if (!state.platform) return;
    GroveFileView& view = state.views.exchange.grove_file;
    const std::uint64_t serial = ++view.serial;
    state.platform->open_file(".json", [&state, serial](OpenedFile file) {
        GroveFileView& v = state.views.exchange.grove_file;
        if (v.serial != serial) return;
        v.file_name = file.name;
        v.bytes.assign(file.bytes.begin(), file.bytes.end());
        v.summary.clear();
        replan_grove_file(state, v);
        state.request_redraw();
    });
}

void forget_grove_file(GroveFileView& view) {
    ++view.serial;
    view.file_name.clear();
    view.bytes.clear();
    view.plan.reset();
    view.failure.clear();
    view.choices.clear();
}

void draw_conflicts(AppState& state, GroveFileView& view, const ImportPlan& plan) {
    section_title(state, ("Conflicts (" + std::to_string(plan.conflicts.size()) + ")").c_str());
    muted_text(state,
               "The same thing was changed differently here and in the file, or changed on one side and "
               "deleted on the other. Choose which side to keep for each.");
    if (button("Keep all of mine")) std::fill(view.choices.begin(), view.choices.end(), Side::kOurs);
    ImGui::SameLine();
    if (button("Take all from the file")) std::fill(view.choices.begin(), view.choices.end(), Side::kTheirs);
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                                       ImGuiTableFlags_ScrollY;
    const float rows = static_cast<float>(std::min<size_t>(plan.conflicts.size(), 8) + 1);
    const float height = (ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().CellPadding.y * 2.0f) * rows;
    if (!ImGui::BeginTable("##conflicts", 4, kFlags, ImVec2(0.0f, height))) return;
    flatten_table_nav();
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("Mine", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("In the file", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    SemanticScope grid(Role::kGrid, "Conflicts");
    for (size_t i = 0; i < plan.conflicts.size(); ++i) {
        const Conflict& c = plan.conflicts[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        std::string what = c.kind + ": " + c.label;
        what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(what[0])));
        SemanticScope row(Role::kRow, what.c_str());
        row.row(static_cast<int>(i), static_cast<int>(plan.conflicts.size()));
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(what.c_str());
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(c.field.empty() ? "(the whole record)" : c.field.c_str());
        int side = !view.choices[i] ? -1 : *view.choices[i] == Side::kOurs ? 0 : 1;
        ImGui::TableNextColumn();
        if (ImGui::RadioButton((c.ours + "##ours").c_str(), &side, 0)) view.choices[i] = Side::kOurs;
        report_last_item(("Keep mine " + std::to_string(i + 1)).c_str());
        ImGui::TableNextColumn();
        if (ImGui::RadioButton((c.theirs + "##theirs").c_str(), &side, 1)) view.choices[i] = Side::kTheirs;
        report_last_item(("Take the file's " + std::to_string(i + 1)).c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

// Conflicts settled at an earlier import of a file that still holds the same side: they need no choice.
void draw_settled_before(AppState& state, const ImportPlan& plan) {
    section_title(state, ("Settled before (" + std::to_string(plan.settled_before.size()) + ")").c_str());
    muted_text(state,
               "You chose a side for these when you imported this file before, and the file still says the same: "
               "your choice stands.");
    for (size_t i = 0; i < plan.settled_before.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextWrapped("%s", settled_text(plan.settled_before[i]).c_str());
        ImGui::PopID();
    }
}

void draw_grove_file_tab(AppState& state, ExchangeView& ex) {
    Store& store = *state.store;
    GroveFileView& view = ex.grove_file;
    muted_text(state,
               "A Grove file holds the whole organisation. Send yours to another planner; import theirs to "
               "merge their work with yours. Changes to different things merge by themselves; where you both "
               "changed the same thing, you choose.");
    ImGui::Spacing();
    if (download_button("Export the organisation")) {
        std::string name = slugify(state.organisation_name);
        offer(state, ex, export_json(store, state.actor), (name.empty() ? "grove" : name) + ".grove.json",
              "application/json");
    }
    ImGui::SameLine();
    if (button((std::string(icons::kFolderOpen) + "  Import a Grove file").c_str())) choose_grove_file(state);
    report_last_item("Import a Grove file");
    success_text(state, ex.download_message);
    error_text(state, ex.download_error);
    success_text(state, view.summary);
    if (view.file_name.empty()) return;
    if (view.planned_at != store.revision()) replan_grove_file(state, view);

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("%s  %s", icons::kFileText, view.file_name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (button("Clear")) {
        forget_grove_file(view);
        return;
    }
    if (!view.failure.empty()) {
        error_text(state, view.failure);
        return;
    }
    if (!view.plan) return;
    const ImportPlan& plan = *view.plan;
    section_title(state, "What the import changes");
    if (plan.changes.empty()) {
        muted_text(state, "Nothing: this organisation already holds everything in the file.");
    } else {
        muted(state, std::to_string(plan.added) + " added, " + std::to_string(plan.changed) + " changed, " +
                         std::to_string(plan.removed) + " removed.");
        const float rows = static_cast<float>(std::min<size_t>(plan.changes.size(), 10));
        const float height = ImGui::GetTextLineHeightWithSpacing() * rows + ImGui::GetStyle().WindowPadding.y * 2.0f;
        ImGui::PushStyleColor(ImGuiCol_ChildBg, palette(state.theme).panel_bg);
        ImGui::BeginChild("##changes", ImVec2(0.0f, height), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(plan.changes.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                ImGui::TextUnformatted(plan.changes[static_cast<size_t>(i)].c_str());
            }
        }
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
    if (!plan.conflicts.empty()) draw_conflicts(state, view, plan);
    if (!plan.settled_before.empty()) draw_settled_before(state, plan);

    const int undecided = static_cast<int>(std::count(view.choices.begin(), view.choices.end(), std::nullopt));
    ImGui::Spacing();
    if (undecided > 0) muted(state, "Choose a side for " + counted(undecided, "conflict", "conflicts") + " to import.");
    ImGui::BeginDisabled(undecided > 0 || (plan.changes.empty() && plan.conflicts.empty()));
    const bool apply = primary_button(state, "Import and merge");
    ImGui::EndDisabled();
    if (apply) {
        ImportChoices choices;
        choices.choices = view.choices;
        auto done = import_json(store, state.actor, view.file_name, view.bytes, choices);
        if (done) {
            view.summary = "Merged " + view.file_name + ": " + std::to_string(done->added) + " added, " +
                           std::to_string(done->changed) + " changed, " + std::to_string(done->removed) + " removed";
            if (!done->conflicts.empty()) {
                view.summary += "; " +
                                counted(static_cast<std::int64_t>(done->conflicts.size()), "conflict", "conflicts") +
                                " settled, as the audit log records";
            }
            view.summary += ".";
            forget_grove_file(view);
        } else {
            view.failure = done.error().message;
        }
    }
}

// Writes the membership report a slice per frame under a progress bar, handing each slice to the platform as it
// comes, then offers the whole file.
void draw_report_progress(AppState& state, ExchangeView& ex) {
    constexpr const char* kTitle = "Writing the membership report";
    constexpr std::size_t kPiece = 4 * 1024 * 1024;  // handed over in pieces of about this size
    if (!ex.report) return;
    if (!ImGui::IsPopupOpen(kTitle)) open_dialog(kTitle);
    bool done = false;
    std::string failure;
    // The first frames only draw the dialog and its bar (a new dialog is measured in its first frame, unseen), so
    // that the bar is on screen before any work.
    if (ex.report_frames >= 2) {
        const auto start = std::chrono::steady_clock::now();
        const double slice_ms = ex.report_pace.begin_slice(ex.report_budget_ms, start);
        for (;;) {
            auto step = ex.report->step(2000, ex.report_text);
            if (!step) {
                failure = step.error().message;
                break;
            }
            done = *step;
            if (state.platform && (done || ex.report_text.size() >= kPiece)) {
                state.platform->append_download(
                    ex.report_download, reinterpret_cast<const uint8_t*>(ex.report_text.data()), ex.report_text.size());
                ex.report_text.clear();
            }
            if (done) break;
            const auto now = std::chrono::steady_clock::now();
            if (std::chrono::duration<double, std::milli>(now - start).count() >= slice_ms) {
                ex.report_pace.end_slice(now);
                break;
            }
        }
    }
    ++ex.report_frames;
    const bool over = done || !failure.empty();
    if (begin_dialog(state, kTitle, state.px(440))) {
        if (ex.report->reading()) {
            ImGui::TextUnformatted("Reading the people and their memberships…");
        } else {
            ImGui::Text("%zu rows written", ex.report->rows_written());
        }
        const float fraction = done ? 1.0f : static_cast<float>(ex.report->progress());
        ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f));
        report_last_progress("Report progress", fraction);
        if (over) close_dialog();
        end_dialog();
    }
    if (over) {
        ex.report.reset();
        ex.report_text = std::string();
        if (state.platform) {
            if (done) {
                state.platform->finish_download(ex.report_download);
            } else {
                state.platform->cancel_download(ex.report_download);
            }
        }
        ex.report_download = 0;
        if (done) {
            ex.download_message = "Downloaded " + ex.report_file + ".";
        } else {
            ex.download_error = failure;
        }
    }
    state.request_redraw();
}

void tab(AppState& state, ExchangeView& ex, ExchangeTab which, const char* label,
         void (*draw)(AppState&, ExchangeView&)) {
    ImGuiTabItemFlags flags = ex.select_tab && ex.tab == which ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(label, nullptr, flags);
    report_last_item(label, Role::kTab, open ? 1 : 0);
    if (!open) return;
    SemanticScope panel(Role::kTabPanel, label);  // the mirror puts it after its tab list
    if (!ex.select_tab) ex.tab = which;
    ImGui::BeginChild("##tab", ImVec2(0.0f, 0.0f), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    draw(state, ex);
    ImGui::EndChild();
    ImGui::EndTabItem();
}

}  // namespace

bool long_work_covers_screen(const AppState& state) {
    return state.screen == Screen::Exchange && state.views.exchange.report != nullptr;
}

void draw_exchange_screen(AppState& state) {
    if (long_work_covers_screen(state)) {
        // The report's dialog alone (its popup is this window's, as when the tabs are drawn too); once it ends,
        // the screen is drawn again in the same frame.
        draw_report_progress(state, state.views.exchange);
        if (state.views.exchange.report) return;
    }
    page_header(state, "Import & export",
                "Bring people in from spreadsheets and other systems' rosters, take reports out, and pass your work "
                "to other planners.");
    if (!state.store) return;
    ExchangeView& ex = state.views.exchange;
    SemanticScope tabs(Role::kTabList, "Import & export");
    if (ImGui::BeginTabBar("##exchange")) {
        tab(state, ex, ExchangeTab::Upload, "Upload CSV", draw_upload_tab);
        tab(state, ex, ExchangeTab::Rosters, "Rosters", draw_rosters_tab);
        tab(state, ex, ExchangeTab::Reports, "Reports", draw_reports_tab);
        tab(state, ex, ExchangeTab::GroveFile, "Grove file", draw_grove_file_tab);
        ImGui::EndTabBar();
    }
    ex.select_tab = false;
    draw_applying(state, ex.upload);
    draw_roster_applying(state, ex.roster);
    draw_report_progress(state, ex);
}

// Offered by each group's "..." menu: the group's users as CSV, or the core's refusal.
void download_group_users(AppState& state, Id group) {
    ExchangeView& ex = state.views.exchange;
    offer(state, ex, group_users_csv(*state.store, state.actor, group), group_users_file_name(*state.store, group),
          "text/csv");
    if (!ex.download_error.empty()) state.error_message = ex.download_error;
}

void download_groups_users(AppState& state, const std::vector<Id>& groups) {
    if (groups.size() == 1) return download_group_users(state, groups[0]);
    ExchangeView& ex = state.views.exchange;
    const std::string name =
        slugify(state.organisation_name) + "-" + std::to_string(groups.size()) + "-groups-users.csv";
    offer(state, ex, groups_users_csv(*state.store, state.actor, groups), name, "text/csv");
    if (!ex.download_error.empty()) state.error_message = ex.download_error;
}

void upload_dropped_file(AppState& state, OpenedFile file) {
    ExchangeView& ex = state.views.exchange;
    state.screen = Screen::Exchange;
    ex.tab = ExchangeTab::Upload;
    ex.select_tab = true;
    UploadView& view = ex.upload;
    if (view.apply) return;  // an upload is being applied: the dropped file waits for nothing
    ++view.serial;
    take_upload_file(state, view, std::move(file));
}

}  // namespace grove::ui
