// The audit log (F27, F38): who changed what and when, filtered by person, group, dates and words, and exported as CSV.
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "core/org/audit.h"
#include "core/org/groups.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

constexpr const char* kCsvName = "grove-audit-log.csv";

// Dates are read and shown in the computer's time zone, as a person thinks of "today"; the CSV
// keeps the unambiguous UTC time.
std::string local_minute(std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    std::tm tm{};
    if (localtime_r(&secs, &tm) == nullptr) return format_iso_time(ms).substr(0, 16);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

// Milliseconds at local midnight starting `text` ("YYYY-MM-DD"), `days_after` days later.
std::optional<std::int64_t> local_midnight(const std::string& text, int days_after) {
    if (!parse_iso_date(text)) return std::nullopt;
    std::tm tm{};
    tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(text.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(text.substr(8, 2)) + days_after;
    tm.tm_isdst = -1;
    std::time_t secs = std::mktime(&tm);
    if (secs == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<std::int64_t>(secs) * 1000;
}

struct DateBound {
    std::optional<std::int64_t> ms;
    std::string error;
};

DateBound read_date(const char* name, const std::string& raw, int days_after) {
    std::string text = trim(raw);
    if (text.empty()) return {};
    if (auto ms = local_midnight(text, days_after)) return {ms, {}};
    return {std::nullopt,
            std::string(name) + ": \"" + text + "\" is not a date. Write it as YYYY-MM-DD, like 2026-11-25."};
}

AuditFilter make_filter(const AuditLogView& view, const DateBound& from, const DateBound& to) {
    AuditFilter filter;
    filter.person = view.person;
    filter.group = view.group;
    filter.from_ms = from.ms;
    filter.to_ms = to.ms;
    filter.text = trim(view.text);
    return filter;
}

std::string filter_key(const AppState& state, const AuditFilter& filter) {
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("-"); };
    return std::to_string(state.actor) + "|" + opt(filter.person) + "|" + opt(filter.group) + "|" +
           opt(filter.from_ms) + "|" + opt(filter.to_ms) + "|" + filter.text;
}

// The person filter: a combo whose list is the shared person search, with "Anyone" on top.
void person_filter(AppState& state, AuditLogView& view) {
    ImGui::TextUnformatted("Person");
    ImGui::SetNextItemWidth(-1.0f);
    const std::string preview = view.person ? view.person_name : std::string("Anyone");
    const bool open = begin_combo("Person", "##person", preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (!open) return;
    if (ImGui::IsWindowAppearing()) view.person_search.reset();
    if (ImGui::Selectable("Anyone", !view.person)) {
        view.person.reset();
        view.person_name.clear();
        state.request_redraw();
    }
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    std::vector<Id> picked;
    if (view.person) picked.push_back(*view.person);
    const Id chosen = person_search_list(state, view.person_search, "Search people by name or email", 240, &picked);
    if (chosen != 0) {
        view.person = chosen;
        for (const User& user : view.person_search.results)
            if (user.id == chosen) view.person_name = user.display_name();
        ImGui::CloseCurrentPopup();
        state.request_redraw();
    }
    ImGui::EndCombo();
}

// Ends a table cell whose last line is a framed widget. ImGui lines up the first text of each cell
// with the text of the cells before it; without this, labels right of an input sit lower.
void end_cell() { ImGui::Dummy(ImVec2(0.0f, 0.0f)); }

void draw_filters(AppState& state, AuditLogView& view, const std::vector<GroupRow>& groups) {
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoPadOuterX;
    if (!ImGui::BeginTable("##filters", 5, kFlags)) return;
    flatten_table_nav();
    // Dates keep the width of one whole date; the rest share what is left.
    const float date_w = ImGui::CalcTextSize("0000-00-00").x + ImGui::GetStyle().FramePadding.x * 2.0f + state.px(16);
    ImGui::TableSetupColumn("Person", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Group", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("From", ImGuiTableColumnFlags_WidthFixed, date_w);
    ImGui::TableSetupColumn("To", ImGuiTableColumnFlags_WidthFixed, date_w);
    ImGui::TableSetupColumn("Search", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableNextColumn();
    person_filter(state, view);
    end_cell();
    ImGui::TableNextColumn();
    group_picker(state, "Group", &view.group, groups, "Any group");
    end_cell();
    ImGui::TableNextColumn();
    text_field("From", &view.from, "YYYY-MM-DD");
    view.typing_from = ImGui::IsItemActive();
    end_cell();
    ImGui::TableNextColumn();
    text_field("To", &view.to, "YYYY-MM-DD");
    view.typing_to = ImGui::IsItemActive();
    end_cell();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("Search");
    search_field(state, "audit-text", &view.text, "Words in what happened", -1.0f);
    end_cell();
    ImGui::EndTable();
}

// The summary in one line, cut with an ellipsis when the column is narrower; true when it was cut.
bool ellipsised_text(const std::string& text) {
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    if (size.x <= width) {
        ImGui::TextUnformatted(text.c_str());
        return false;
    }
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 max(pos.x + width, pos.y + size.y);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, max, max.x, max.x, text.c_str(), nullptr, &size);
    ImGui::Dummy(ImVec2(width, size.y));
    return true;
}

void muted(const AppState& state, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

// A group or person as an entry names them: by their name of the moment, said to be deleted when the record
// the entry names (by uid, so never a later record that took its row ID) is no longer in the organisation.
std::string named(const std::string& name, bool deleted) { return deleted ? name + " (deleted)" : name; }

void entry_tooltip(const AppState& state, const AuditEntry& entry, const std::string& when) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(state.px(420));
    ImGui::TextUnformatted(entry.summary.c_str());
    ImGui::PopTextWrapPos();
    if (!entry.group_name.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
        ImGui::Text("%s %s", icons::kGroups, named(entry.group_name, entry.group_deleted()).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::Text("%s  ·  %s", when.c_str(), entry.action.c_str());
    ImGui::PopStyleColor();
    ImGui::EndTooltip();
}

void draw_table(AppState& state, AuditLogView& view, const AuditPage& page, float height) {
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                       ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##audit", 4, kFlags, ImVec2(0.0f, height))) return;
    flatten_table_nav();
    ImGui::TableSetupScrollFreeze(0, 1);
    // The time has a fixed shape; names and summaries share the rest, the summary most of it.
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0000-00-00 00:00").x);
    ImGui::TableSetupColumn("Who", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch, 3.2f);
    ImGui::TableSetupColumn("Group", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();

    // For screen readers: a grid of the page's entries, of which the clipper draws the rows in view.
    SemanticScope grid(Role::kGrid, "Audit log");
    const int count = static_cast<int>(page.entries.size());
    ImGuiListClipper clipper;
    clipper.Begin(count);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const AuditEntry& entry = page.entries[static_cast<size_t>(row)];
            const std::string& when = page.when[static_cast<size_t>(row)];
            SemanticScope grid_row(Role::kRow, ("Entry " + std::to_string(row + 1)).c_str());
            grid_row.row(row, count);
            // Whole, where the cells may cut them short.
            grid_row.cell(1, entry.actor_name);
            grid_row.cell(2, page.what[static_cast<size_t>(row)]);
            if (!entry.group_name.empty()) grid_row.cell(3, named(entry.group_name, entry.group_deleted()));
            ImGui::PushID(static_cast<int>(entry.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // The whole row is one selectable, so it highlights under the mouse and keyboard focus.
            // A click (or Enter with the keyboard) opens the entry: the whole summary and everyone it lists.
            if (ImGui::Selectable("##row", false,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap)) {
                auto read = read_audit_entry(*state.store, state.actor, entry.id);
                view.open_error = read ? std::string() : read.error().message;
                view.open = read ? std::optional<AuditEntry>(std::move(*read)) : std::nullopt;
                view.open_filter.clear();
                view.open_filter_key = "\x01";  // made again for the new entry
                view.open_dialog = true;
            }
            report_last_item(("Open entry " + std::to_string(row + 1)).c_str());
            const bool hovered = ImGui::IsItemHovered();
            ImGui::SameLine(0.0f, 0.0f);
            muted(state, when.c_str());
            ImGui::TableNextColumn();
            bool cut = ellipsised_text(entry.actor_name);
            ImGui::TableNextColumn();
            cut = ellipsised_text(page.what[static_cast<size_t>(row)]) || cut;
            ImGui::TableNextColumn();
            if (entry.group_name.empty()) {
                muted(state, "\xe2\x80\x94");
            } else {
                cut = ellipsised_text(named(entry.group_name, entry.group_deleted())) || cut;
            }
            if (hovered && cut) entry_tooltip(state, entry, when);
            if (hovered && !cut) ImGui::SetTooltip("Open to see everything this entry holds.");
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void refused(const AppState& state, const std::string& message) {
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    // A card as tall as its two lines, the message wrapped inside it.
    const float width = ImGui::GetContentRegionAvail().x;
    const float text_w = width - style.WindowPadding.x * 2.0f;
    const float height = style.WindowPadding.y * 2.0f + ImGui::GetTextLineHeight() + style.ItemSpacing.y +
                         ImGui::CalcTextSize(message.c_str(), nullptr, false, text_w).y;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::BeginChild("##refused", ImVec2(width, height),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding, ImGuiWindowFlags_NavFlattened);
    ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
    ImGui::TextUnformatted(icons::kWarning);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("The audit log is not open to you");
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// "2000" -> "2,000", as the note above the table writes counts.
std::string with_thousands(int n) {
    std::string digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<size_t>(at), ",");
    return digits;
}

// Above the table when older entries match too: the number is the core's, so the note cannot disagree.
std::string more_note() {
    return "Showing the newest " + with_thousands(kAuditShown) + " entries; narrow the filters to see older ones.";
}

// What the filters ask for, as the core reads it; a date that does not parse leaves its bound open.
struct Query {
    DateBound from;
    DateBound to;
    AuditFilter filter;
};

Query query_of(const AuditLogView& view) {
    Query q;
    q.from = read_date("From", view.from, 0);
    q.to = read_date("To", view.to, 1);  // "To 2026-11-25" includes that whole day
    q.filter = make_filter(view, q.from, q.to);
    return q;
}

// The entries `query` selects, read again only when the log, the acting person or the filters changed.
const AuditPage& page_for(AppState& state, AuditLogView& view, const Query& query) {
    Store& store = *state.store;
    const std::string key = filter_key(state, query.filter);
    if (key != view.page_key) {
        view.page.invalidate();
        view.page_key = key;
        view.export_message.clear();
        view.export_error.clear();
    }
    return view.page.get(store, kChangeAudit, [&] {
        AuditPage fresh;
        AuditFilter limited = query.filter;
        limited.limit = kAuditShown + 1;
        auto read = read_audit(store, state.actor, limited);
        if (!read) {
            fresh.refusal = read.error().message;
            return fresh;
        }
        fresh.entries = std::move(*read);
        if (static_cast<int>(fresh.entries.size()) > kAuditShown) {
            fresh.entries.resize(kAuditShown);
            fresh.more = true;
        }
        fresh.when.reserve(fresh.entries.size());
        fresh.what.reserve(fresh.entries.size());
        for (const AuditEntry& e : fresh.entries) {
            fresh.when.push_back(local_minute(e.at));
            std::string what = e.summary;
            // Filtered by a person whom a change to many lists: what it did to them; else how many it lists.
            if (!e.person_detail.empty()) {
                what += " \xe2\x80\x94 " + e.person_detail;
            } else if (e.detail_count > 0) {
                what += " \xc2\xb7 " + counted(e.detail_count, "person", "people") + " listed";
            }
            fresh.what.push_back(std::move(what));
        }
        return fresh;
    });
}

constexpr const char* kEntryTitle = "Audit entry";

// One line of the entry's facts: a muted label, then the value.
void fact(const AppState& state, const char* label, const std::string& value) {
    muted(state, label);
    ImGui::SameLine(state.px(90));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopTextWrapPos();
}

std::string with_email(const std::string& name, const std::string& email) {
    return email.empty() || email == name ? name : name + " (" + email + ")";
}

// Everything one entry holds: its whole summary, who, when, and every person a change to many lists.
void draw_entry_dialog(AppState& state, AuditLogView& view) {
    if (view.open_dialog) {
        open_dialog(kEntryTitle);
        view.open_dialog = false;
    }
    if (!begin_dialog(state, kEntryTitle, 640)) return;
    const Palette& p = palette(state.theme);
    if (!view.open) {
        error_text(state, view.open_error);
    } else {
        const AuditEntry& e = *view.open;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(e.summary.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        fact(state, "When", local_minute(e.at) + "  (" + format_iso_time(e.at) + ")");
        // The records are found by the uids the entry names: a deleted one is said to be deleted.
        fact(state, "By",
             e.actor_id ? with_email(e.actor_name, e.actor_email) : named(e.actor_name, e.actor_deleted()));
        fact(state, "Action", e.action);
        if (!e.group_name.empty()) fact(state, "Group", named(e.group_name, e.group_deleted()));
        if (!e.user_name.empty()) {
            fact(state, "Person",
                 e.user_id ? with_email(e.user_name, e.user_email) : named(e.user_name, e.user_deleted()));
        }
        if (!e.details.empty()) {
            ImGui::Spacing();
            ImGui::AlignTextToFramePadding();
            ImGui::PushFont(state.fonts.bold);
            const std::string heading = counted(static_cast<std::int64_t>(e.details.size()), "person", "people");
            ImGui::TextUnformatted(heading.c_str());
            ImGui::PopFont();
            ImGui::SameLine();
            search_field(state, "##entry-people", &view.open_filter, "Find a person", state.px(240));
            if (view.open_filter_key != view.open_filter) {
                view.open_filter_key = view.open_filter;
                view.open_rows.clear();
                const std::string needle = trim(view.open_filter);
                for (size_t i = 0; i < e.details.size(); ++i) {
                    const AuditLine& l = e.details[i];
                    if (needle.empty() || contains_folded(l.name, needle) || contains_folded(l.email, needle) ||
                        contains_folded(l.what, needle))
                        view.open_rows.push_back(static_cast<int>(i));
                }
            }
            // Every line is one height, so a change to 25,000 people draws only the lines in view.
            const float line_h = ImGui::GetTextLineHeightWithSpacing();
            const float max_h = std::max(state.px(120), ImGui::GetMainViewport()->Size.y - state.px(380));
            const float h = std::min(max_h, line_h * static_cast<float>(std::max<size_t>(view.open_rows.size(), 1)) +
                                                ImGui::GetStyle().WindowPadding.y * 2.0f + state.px(4));
            ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
            ImGui::BeginChild("##entry-people-list", ImVec2(0, h),
                              ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                              ImGuiWindowFlags_NavFlattened);
            if (view.open_rows.empty()) muted(state, "Nobody listed matches.");
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(view.open_rows.size()), line_h);
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    const AuditLine& l = e.details[static_cast<size_t>(view.open_rows[static_cast<size_t>(i)])];
                    const std::string who = with_email(l.name, l.email);
                    ImGui::TextUnformatted(who.c_str());
                    ImGui::SameLine();
                    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                    const bool cut = ellipsised_text(l.what);
                    ImGui::PopStyleColor();
                    if (cut && ImGui::IsItemHovered()) {
                        ImGui::BeginTooltip();
                        ImGui::PushTextWrapPos(state.px(420));
                        ImGui::TextUnformatted(l.what.c_str());
                        ImGui::PopTextWrapPos();
                        ImGui::EndTooltip();
                    }
                }
            }
            ImGui::EndChild();
            ImGui::PopStyleColor();
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    align_right({"Close"});
    const bool close = primary_button(state, "Close");
    if (close || escape_for_dialog()) {
        view.open.reset();
        view.open_rows.clear();
        close_dialog();
    }
    end_dialog();
}

}  // namespace

void draw_audit_log_screen(AppState& state) {
    page_header(state, "Audit log", "Every change made in Grove: who did it, when, and to which group or person.");
    if (!state.store) return;
    Store& store = *state.store;
    AuditLogView& view = state.views.audit_log;

    // Someone who may not read the log gets the core's reason, and no filters to play with.
    if (const AuditPage& probe = page_for(state, view, query_of(view)); !probe.refusal.empty()) {
        refused(state, probe.refusal);
        return;
    }

    const auto& groups = view.groups.get(store, kChangeGroups, [&] { return group_tree(store, GroupSort::kTitle); });
    draw_filters(state, view, groups);

    const Query query = query_of(view);  // again: the filters may have changed this frame
    const AuditFilter& filter = query.filter;
    // A date is judged once it has all its characters or the person left the field.
    const auto finished = [](const std::string& text, bool typing) { return !typing || trim(text).size() >= 10; };
    if (finished(view.from, view.typing_from)) error_text(state, query.from.error);
    if (finished(view.to, view.typing_to)) error_text(state, query.to.error);
    if (query.from.ms && query.to.ms && *query.from.ms >= *query.to.ms) {
        error_text(state, "From is after To: no entry can match.");
    }
    const AuditPage& page = page_for(state, view, query);

    ImGui::Spacing();

    // A line above the table: how many entries, and the export on the right.
    const std::string count = page.more                  ? more_note()
                              : page.entries.size() == 1 ? std::string("1 entry")
                                                         : std::to_string(page.entries.size()) + " entries";
    const std::string export_label = std::string(icons::kDownload) + "  Export CSV";
    const float button_w = ImGui::CalcTextSize(export_label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::AlignTextToFramePadding();
    if (page.more) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).warning);
        ImGui::TextUnformatted(icons::kWarning);
        ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    muted(state, count.c_str());
    ImGui::SameLine(ImGui::GetContentRegionMax().x - button_w);
    if (button(export_label.c_str())) {
        AuditFilter all = filter;
        all.limit = 0;            // the file holds every matching entry, not only the ones listed
        all.with_details = true;  // and a row for each person a change to many lists
        auto read = read_audit(store, state.actor, all);
        if (read && state.platform) {
            std::string csv = audit_csv(*read);
            state.platform->offer_download(kCsvName, std::vector<uint8_t>(csv.begin(), csv.end()), "text/csv");
            view.export_message = "Exported " + counted(static_cast<std::int64_t>(read->size()), "entry", "entries") +
                                  " to " + kCsvName + ".";
            view.export_error.clear();
        } else if (!read) {
            view.export_error = read.error().message;
            view.export_message.clear();
        }
    }
    success_text(state, view.export_message);
    error_text(state, view.export_error);

    draw_entry_dialog(state, view);
    if (page.entries.empty()) {
        ImGui::Spacing();
        muted_text(state, "No entries match these filters.");
        return;
    }
    draw_table(state, view, page, ImGui::GetContentRegionAvail().y);
}

}  // namespace grove::ui
