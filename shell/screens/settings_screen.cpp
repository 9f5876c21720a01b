// Settings (F1, F2, F41): the organisation's name, its plan and group usage, additional fields, the passphrase lock
// of org roles, and the look.
#include <algorithm>
#include <string>
#include <vector>

#include "core/access/access.h"
#include "core/access/lock.h"
#include "core/org/fields.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/text/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/charts.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Sizes in CSS pixels.
constexpr float kColumnWidth = 760;  // settings read best in one column, not stretched across the window
constexpr float kFieldWidth = 360;

constexpr const char* kRenameFieldTitle = "Rename field";
constexpr const char* kChoicesTitle = "Change choices";
constexpr const char* kDeleteFieldTitle = "Delete field";
constexpr const char* kSetLockTitle = "Set passphrase";
constexpr const char* kChangeLockTitle = "Change passphrase";
constexpr const char* kClearLockTitle = "Clear passphrase";

constexpr FieldType kFieldTypes[] = {FieldType::kText, FieldType::kNumber, FieldType::kDate, FieldType::kChoice};

const char* type_name(FieldType type) {
    switch (type) {
        case FieldType::kText: return "Text";
        case FieldType::kNumber: return "Number";
        case FieldType::kDate: return "Date";
        case FieldType::kChoice: return "Choice";
    }
    return "Text";
}

std::string groups_word(int n) { return counted(n, "group", "groups"); }

std::string cap_text(const PlanInfo& info) {
    return info.group_cap < 0 ? std::string("unlimited groups") : groups_word(info.group_cap);
}

float column_width(const AppState& state) { return std::min(ImGui::GetContentRegionAvail().x, state.px(kColumnWidth)); }

// A section's title and explanation, with a hairline above all but the first, one column wide.
void section(const AppState& state, const char* title, const char* description, bool first = false) {
    const float width = column_width(state);
    if (!first) {
        ImGui::Dummy(ImVec2(0.0f, state.px(14)));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + std::max(1.0f, state.ui_scale)),
                                                  ImGui::GetColorU32(palette(state.theme).border));
        ImGui::Dummy(ImVec2(0.0f, state.px(14)));
    }
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(description);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::Spacing();
}

void messages(const AppState& state, const FormMessage& message) {
    error_text(state, message.error);
    success_text(state, message.done);
}

// A button on the line of the field just drawn above it (text_field puts its label above the input).
bool button_beside_field(const AppState& state, const char* label) {
    ImGui::SameLine(0.0f, state.px(8));
    return button(label);
}

void draw_organisation(AppState& state, SettingsView& view, const Org& org) {
    section(state, "Organisation", "Its name is shown in the top bar, in exports and in the audit log.", true);
    if (org.name != view.loaded_name) {
        view.name = org.name;
        view.loaded_name = org.name;
    }
    bool enter = false;
    text_field("Organisation name", &view.name, "Riverside School District", state.px(kFieldWidth), &enter);
    const bool unchanged = trim(view.name) == org.name;
    ImGui::BeginDisabled(unchanged);
    const bool rename = button_beside_field(state, "Rename");
    ImGui::EndDisabled();
    if ((rename || enter) && !unchanged) {
        view.rename.clear();
        auto done = rename_org(*state.store, state.actor, view.name);
        if (done) {
            view.rename.done = "The organisation is now called " + trim(view.name) + ".";
        } else {
            view.rename.error = done.error().message;
        }
    }
    messages(state, view.rename);
}

void draw_usage(const AppState& state, const PlanInfo& current, int groups) {
    if (current.group_cap < 0) {
        ImGui::TextUnformatted((groups_word(groups) + ", unlimited").c_str());
        return;
    }
    // F31: the groups used as a bar with its figures; its text equivalent names the plan and what is left.
    const std::string usage = std::to_string(groups) + " of " + groups_word(current.group_cap);
    const int left = std::max(current.group_cap - groups, 0);
    usage_bar(state, "##groups-used", groups, current.group_cap, usage,
              "Groups used: " + usage + " on the " + current.name + " plan, " + std::to_string(left) + " left",
              kFieldWidth);
    if (groups >= current.group_cap) {
        muted_text(state, "The plan is full: a new group needs a larger plan.");
    }
}

void draw_plan(AppState& state, SettingsView& view, const Org& org, int groups) {
    section(state, "Plan", "The plan caps how many groups the organisation can have.");
    const PlanInfo& current = plan_info(org.plan);
    ImGui::Text("Current plan: ");
    ImGui::SameLine(0.0f, 0.0f);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(current.name);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::TextUnformatted(("(" + cap_text(current) + ")").c_str());
    ImGui::PopStyleColor();
    draw_usage(state, current, groups);
    ImGui::Spacing();

    const Plan chosen = view.plan_choice.value_or(org.plan);
    const PlanInfo& chosen_info = plan_info(chosen);
    ImGui::TextUnformatted("Plan");
    ImGui::SetNextItemWidth(state.px(kFieldWidth));
    const std::string preview = std::string(chosen_info.name) + "  \xc2\xb7  " + cap_text(chosen_info);
    const bool open = begin_combo("Plan", "##plan", preview.c_str());
    if (open) {
        for (const PlanInfo& info : all_plans()) {
            std::string text = std::string(info.name) + "  \xc2\xb7  " + cap_text(info);
            if (info.plan == org.plan) text += "  (current)";
            if (ImGui::Selectable(text.c_str(), info.plan == chosen)) {
                view.plan_choice = info.plan;
                view.plan.clear();
            }
        }
        ImGui::EndCombo();
    }
    ImGui::BeginDisabled(chosen == org.plan);
    const bool change = button_beside_field(state, "Change plan");
    ImGui::EndDisabled();
    if (change) {
        view.plan.clear();
        auto done = set_plan(*state.store, state.actor, chosen);
        if (done) {
            view.plan.done = std::string("The plan is now ") + chosen_info.name + ".";
            view.plan_choice.reset();
        } else {
            view.plan.error = done.error().message;
        }
    }
    messages(state, view.plan);
}

std::vector<std::string> split_choices(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string choice = trim(std::string_view(text).substr(start, comma - start));
        if (!choice.empty()) out.push_back(std::move(choice));
        start = comma + 1;
    }
    return out;
}

std::string listed(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

void open_field_dialog(SettingsView& view, FieldDialog dialog, const FieldDef& field) {
    view.field_dialog = dialog;
    view.open_field_dialog = true;
    view.edited = field.id;
    view.field_change.clear();
}

void open_rename(SettingsView& view, const FieldDef& field) {
    open_field_dialog(view, FieldDialog::kRename, field);
    view.new_name = field.name;
    view.name_error.clear();
}

// The choices dialog starts from the field's choices and the values people hold now (the dialog is modal,
// so nothing changes underneath it).
void open_choices(AppState& state, SettingsView& view, const FieldDef& field) {
    open_field_dialog(view, FieldDialog::kChoices, field);
    view.choice_rows.clear();
    for (const std::string& choice : field.choices) view.choice_rows.push_back({choice, choice});
    view.held = held_values(*state.store, field.id);
    view.mapped.assign(view.held.size(), std::string());
    view.choices_error.clear();
}

void open_delete(AppState& state, SettingsView& view, const FieldDef& field) {
    open_field_dialog(view, FieldDialog::kDelete, field);
    view.delete_values = 0;
    view.delete_refusal.clear();
    view.delete_error.clear();
    auto plan = plan_field_delete(*state.store, state.actor, field.id);
    if (plan) {
        view.delete_values = plan->values;
    } else {
        view.delete_refusal = plan.error().message;
    }
}

void draw_field_table(AppState& state, SettingsView& view, const std::vector<FieldDef>& fields) {
    if (fields.empty()) {
        muted_text(state, "No additional fields yet.");
        return;
    }
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##fields", 4, kFlags, ImVec2(column_width(state), 0.0f))) return;
    flatten_table_nav();
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthFixed, state.px(200));
    ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, state.px(80));
    ImGui::TableSetupColumn("Choices", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed);
    // Asked once a frame, not per row: the same for every field.
    const std::string rename_refusal = refusal_of(state, Cmd::kFieldRename);
    const std::string choices_refusal = refusal_of(state, Cmd::kFieldChoices);
    const std::string delete_refusal = refusal_of(state, Cmd::kFieldDelete);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    SemanticScope grid(Role::kGrid, "Custom fields");
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const FieldDef& field = fields[i];
        ImGui::PushID(static_cast<int>(field.id));
        ImGui::TableNextRow();
        SemanticScope row(Role::kRow, field.name.c_str());
        row.row(static_cast<int>(i), static_cast<int>(fields.size()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(field.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(type_name(field.type));
        ImGui::TableNextColumn();
        if (field.choices.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
            ImGui::TextUnformatted("\xe2\x80\x94");
            ImGui::PopStyleColor();
        } else {
            std::string list;
            for (const std::string& choice : field.choices) list += (list.empty() ? "" : ", ") + choice;
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(list.c_str());
            ImGui::PopTextWrapPos();
        }
        // "##field": the header row pushes the column's index, which a field's id may equal ("Choices" twice).
        // Each button is also reported under a name that says which field it acts on ("Rename Job Title").
        // Compact buttons, a line of text high, so a row stays as tall as its text and lines up with it.
        ImGui::TableNextColumn();
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0.0f));
        if (permitted_button(state, "Rename##field", rename_refusal)) open_rename(view, field);
        report_last_item(("Rename " + field.name).c_str());
        if (field.type == FieldType::kChoice) {
            ImGui::SameLine();
            if (permitted_button(state, "Choices##field", choices_refusal)) open_choices(state, view, field);
            report_last_item(("Choices of " + field.name).c_str());
        }
        ImGui::SameLine();
        if (permitted_button(state, "Delete##field", delete_refusal)) open_delete(state, view, field);
        report_last_item(("Delete " + field.name).c_str());
        ImGui::PopStyleVar();
        ImGui::PopID();
    }
    ImGui::EndTable();
}

// Ends a table cell whose last line is a framed widget. ImGui lines up the first text of each cell
// with the text of the cells before it; without this, labels right of an input sit lower.
void end_cell() { ImGui::Dummy(ImVec2(0.0f, 0.0f)); }

void draw_add_field(AppState& state, SettingsView& view) {
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("New field");
    ImGui::PopFont();
    const bool choice = view.field_type == FieldType::kChoice;
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoPadOuterX;
    if (ImGui::BeginTable("##add-field", 4, kFlags, ImVec2(column_width(state), 0.0f))) {
        flatten_table_nav();
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthFixed, state.px(200));
        ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, state.px(120));
        ImGui::TableSetupColumn("Choices", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Add", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableNextColumn();
        text_field("Field name", &view.field_name, "Job Title");
        end_cell();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Field type");
        ImGui::SetNextItemWidth(-1.0f);
        const bool open = begin_combo("Field type", "##type", type_name(view.field_type));
        if (open) {
            for (FieldType type : kFieldTypes) {
                if (ImGui::Selectable(type_name(type), type == view.field_type)) view.field_type = type;
            }
            ImGui::EndCombo();
        }
        end_cell();
        ImGui::TableNextColumn();
        ImGui::BeginDisabled(!choice);
        text_field("Choices, comma-separated", &view.field_choices,
                   choice ? "North, South, East, West" : "Only for a choice field");
        ImGui::EndDisabled();
        end_cell();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(" ");
        const std::string label = std::string(icons::kPlus) + "  Add field";
        if (primary_button(state, label.c_str())) {
            view.field.clear();
            const std::vector<std::string> choices =
                choice ? split_choices(view.field_choices) : std::vector<std::string>{};
            auto added = add_field(*state.store, state.actor, view.field_name, view.field_type, choices);
            if (added) {
                view.field.done =
                    std::string("Added the ") + field_type_key(added->type) + " field " + added->name + ".";
                view.field_name.clear();
                view.field_choices.clear();
                view.field_type = FieldType::kText;
            } else {
                view.field.error = added.error().message;
            }
        }
        ImGui::EndTable();
    }
    messages(state, view.field);
}

const FieldDef* field_of(const std::vector<FieldDef>& fields, Id id) {
    for (const FieldDef& f : fields)
        if (f.id == id) return &f;
    return nullptr;
}

// The rename dialog: the name is checked as it is typed, and the core's refusal shows at the field too.
bool draw_rename(AppState& state, SettingsView& view, const FieldDef& field, const std::vector<FieldDef>& fields) {
    muted_text(state, "Everyone's values of " + field.name +
                          " stay with the field, and smart groups whose rules read it show the new name.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    if (text_field("New name", &view.new_name, field.name.c_str())) view.name_error.clear();
    const std::string name = clean_name(view.new_name);
    std::string problem;
    if (auto e = field_name_error(name)) {
        problem = e->message;
    } else {
        for (const FieldDef& other : fields)
            if (other.id != field.id && fold(other.name) == fold(name))
                problem = "A field named " + other.name + " already exists.";
    }
    error_text(state, view.name_error.empty() ? problem : view.name_error);
    ImGui::Spacing();
    const bool unchanged = name == field.name;
    const DialogAction action = dialog_buttons(
        state, {.primary = "Rename field", .enabled = problem.empty() && !unchanged, .changed = !unchanged});
    if (action == DialogAction::kCancel) return true;
    if (action != DialogAction::kPrimary) return false;
    auto renamed = rename_field(*state.store, state.actor, field.id, view.new_name);
    if (!renamed) {
        view.name_error = renamed.error().message;
        return false;
    }
    view.field_change.done = "Renamed the field " + field.name + " to " + renamed->name + ".";
    return true;
}

// Where the people holding held value `k` go with the choices as edited: the choice picked for them, else the
// choice their value is still (its spelling as edited), else the text of the row it was renamed in; empty when
// nobody said.
std::string destination_of(const SettingsView& view, size_t k, const std::vector<std::string>& choices) {
    const std::string& value = view.held[k].value;
    if (!view.mapped[k].empty()) {
        if (auto picked = find_choice(choices, view.mapped[k])) return *picked;
    }
    if (auto same = find_choice(choices, value)) return *same;
    for (const auto& row : view.choice_rows) {
        if (row.original.empty() || fold(row.original) != fold(value)) continue;
        if (auto renamed = find_choice(choices, trim(row.text))) return *renamed;
    }
    return {};
}

// The choices dialog: one row per choice (renamed in place, removed, added, in order), then a combo for each
// value people hold that leaves the list, saying how many hold it and which choice they get.
bool draw_choices(AppState& state, SettingsView& view, const FieldDef& field) {
    const Palette& p = palette(state.theme);
    muted_text(state, "The choices of " + field.name +
                          ", in the order people pick from. Renaming a choice here renames it for everyone who "
                          "holds it.");
    ImGui::Spacing();
    int remove = -1;
    const float count_width = state.px(90);
    const float remove_width = button_width("Remove") + state.px(8);
    for (size_t i = 0; i < view.choice_rows.size(); ++i) {
        auto& row = view.choice_rows[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - count_width - remove_width);
        if (ImGui::InputText("##choice", &row.text)) view.choices_error.clear();
        report_last_item(("Choice " + std::to_string(i + 1)).c_str());
        ImGui::SameLine();
        int holders = 0;
        for (const auto& h : view.held)
            if (!row.original.empty() && fold(h.value) == fold(row.original)) holders += h.people;
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(holders > 0 ? counted(holders, "person", "people").c_str() : "");
        ImGui::PopStyleColor();
        ImGui::SameLine(ImGui::GetContentRegionMax().x - remove_width + state.px(8));
        ImGui::BeginDisabled(view.choice_rows.size() <= 1);
        if (button("Remove")) remove = static_cast<int>(i);
        report_last_item(("Remove choice " + std::to_string(i + 1)).c_str());
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    if (remove >= 0) {
        view.choice_rows.erase(view.choice_rows.begin() + remove);
        view.choices_error.clear();
    }
    const std::string add_label = std::string(icons::kPlus) + "  Add choice";
    if (button(add_label.c_str())) {
        view.choice_rows.push_back({"", ""});
        view.choices_error.clear();
    }

    std::vector<std::string> choices;
    for (const auto& row : view.choice_rows)
        if (!trim(row.text).empty()) choices.push_back(trim(row.text));
    // The values people hold that leave the list: each needs a choice for its holders.
    bool all_placed = true;
    bool heading = false;
    ChoiceMap map;
    for (size_t k = 0; k < view.held.size(); ++k) {
        const HeldValue& h = view.held[k];
        if (find_choice(choices, h.value) && view.mapped[k].empty()) continue;
        if (!heading) {
            ImGui::Spacing();
            ImGui::PushFont(state.fonts.bold);
            ImGui::TextUnformatted("Values in use");
            ImGui::PopFont();
            muted_text(state, "These values are no longer among the choices: choose what the people holding them get.");
            heading = true;
        }
        const std::string target = destination_of(view, k, choices);
        if (target.empty())
            all_placed = false;
        else if (target != h.value)
            map.emplace_back(h.value, target);
        ImGui::PushID(static_cast<int>(k));
        ImGui::AlignTextToFramePadding();
        const std::string who = counted(h.people, "person holds", "people hold") + " " + h.value;
        ImGui::TextUnformatted(who.c_str());
        ImGui::SameLine(state.px(260));
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
        const bool open = begin_combo(("New choice for " + h.value).c_str(), "##map",
                                      target.empty() ? "Pick a new choice\xe2\x80\xa6" : target.c_str());
        if (open) {
            for (const std::string& choice : choices)
                if (ImGui::Selectable(choice.c_str(), choice == target)) {
                    view.mapped[k] = choice;
                    view.choices_error.clear();
                }
            ImGui::EndCombo();
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
    error_text(state, view.choices_error);
    ImGui::Spacing();
    const bool changed = choices != field.choices || !map.empty();
    const DialogAction action = dialog_buttons(
        state, {.primary = "Save choices", .enabled = changed && all_placed && !choices.empty(), .changed = changed});
    if (action == DialogAction::kCancel) return true;
    if (action != DialogAction::kPrimary) return false;
    auto done = set_field_choices(*state.store, state.actor, field.id, choices, map);
    if (!done) {
        view.choices_error = done.error().message;
        return false;
    }
    view.field_change.done = "Changed the choices of " + field.name + " to " + listed(done->field.choices) +
                             (done->detail.empty() ? "" : "; " + done->detail) + ".";
    return true;
}

// The delete dialog: how many values go with the field, or the core's refusal (a smart group's rule reads it).
bool draw_delete(AppState& state, SettingsView& view, const FieldDef& field) {
    ImGui::PushFont(state.fonts.bold);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(("Delete the field " + field.name + "?").c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (view.delete_refusal.empty()) {
        muted_text(state, view.delete_values > 0
                              ? counted(view.delete_values, "person holds", "people hold") + " a value in " +
                                    field.name + ": " + (view.delete_values == 1 ? "it goes" : "they go") +
                                    " with the field. This cannot be undone."
                              : "Nobody holds a value in it.");
    }
    ImGui::Spacing();
    error_text(state, view.delete_error.empty() ? view.delete_refusal : view.delete_error);
    ImGui::Spacing();
    const std::string label = view.delete_values > 0
                                  ? "Delete field and " + counted(view.delete_values, "value", "values")
                                  : std::string("Delete field");
    const DialogAction action =
        dialog_buttons(state, {.primary = label.c_str(), .danger = true, .enabled = view.delete_refusal.empty()});
    if (action == DialogAction::kCancel) return true;
    if (action != DialogAction::kPrimary) return false;
    auto deleted = delete_field(*state.store, state.actor, field.id, true);
    if (!deleted) {
        view.delete_error = deleted.error().message;
        return false;
    }
    view.field_change.done = "Deleted the field " + deleted->name +
                             (deleted->values > 0 ? " and " + counted(deleted->values, "value", "values") : "") + ".";
    return true;
}

void draw_field_dialogs(AppState& state, SettingsView& view, const std::vector<FieldDef>& fields) {
    const char* title = view.field_dialog == FieldDialog::kRename    ? kRenameFieldTitle
                        : view.field_dialog == FieldDialog::kChoices ? kChoicesTitle
                        : view.field_dialog == FieldDialog::kDelete  ? kDeleteFieldTitle
                                                                     : nullptr;
    if (title == nullptr) return;
    if (view.open_field_dialog) {
        view.open_field_dialog = false;
        open_dialog(title);
    }
    if (!begin_dialog(state, title, view.field_dialog == FieldDialog::kChoices ? 560 : 480)) {
        if (!ImGui::IsPopupOpen(title)) view.field_dialog = FieldDialog::kNone;
        return;
    }
    const FieldDef* field = field_of(fields, view.edited);
    bool done = field == nullptr;
    if (field) {
        switch (view.field_dialog) {
            case FieldDialog::kRename: done = draw_rename(state, view, *field, fields); break;
            case FieldDialog::kChoices: done = draw_choices(state, view, *field); break;
            case FieldDialog::kDelete: done = draw_delete(state, view, *field); break;
            case FieldDialog::kNone: done = true; break;
        }
    }
    if (done) {
        view.field_dialog = FieldDialog::kNone;
        close_dialog();
    }
    end_dialog();
}

void draw_fields(AppState& state, SettingsView& view) {
    section(state, "Additional fields",
            "Facts the organisation keeps about each person besides name and email, such as Job Title, "
            "Hire Date or Location. Uploads and smart groups can use them.");
    Store& store = *state.store;
    const auto& fields = view.fields.get(store, kChangeOrg | kChangePeople, [&] { return list_fields(store); });
    draw_field_table(state, view, fields);
    messages(state, view.field_change);
    draw_add_field(state, view);
    draw_field_dialogs(state, view, fields);
}

void open_lock_dialog(SettingsView& view, LockDialog dialog) {
    view.lock_dialog = dialog;
    view.open_lock_dialog = true;
    view.lock_current.clear();
    view.lock_new.clear();
    view.lock_repeat.clear();
    view.lock_error.clear();
    view.lock.clear();
}

void close_lock_dialog(SettingsView& view) {
    view.lock_dialog = LockDialog::kNone;
    view.lock_current.clear();
    view.lock_new.clear();
    view.lock_repeat.clear();
    view.lock_error.clear();
    close_dialog();
}

// The lock's dialogs: the current passphrase (to change or clear it), the new one twice (to set or change it). A
// wrong current passphrase makes the next try wait, counted down under the field with the button disabled.
void draw_lock_dialog(AppState& state, SettingsView& view) {
    const char* title = view.lock_dialog == LockDialog::kSet      ? kSetLockTitle
                        : view.lock_dialog == LockDialog::kChange ? kChangeLockTitle
                        : view.lock_dialog == LockDialog::kClear  ? kClearLockTitle
                                                                  : nullptr;
    if (title == nullptr) return;
    if (view.open_lock_dialog) {
        view.open_lock_dialog = false;
        view.lock_retry_at = lock_retry_at(*state.store).value_or(0);
        open_dialog(title);
    }
    if (!begin_dialog(state, title, 460)) {
        if (!ImGui::IsPopupOpen(title)) close_lock_dialog(view);
        return;
    }
    Store& store = *state.store;
    const bool asks_current = view.lock_dialog != LockDialog::kSet;
    const bool asks_new = view.lock_dialog != LockDialog::kClear;
    muted_text(state,
               view.lock_dialog == LockDialog::kClear
                   ? "Without the lock, anyone at this computer can act as anyone, the owner included."
                   : "At least " + std::to_string(kMinPassphraseChars) +
                         " characters. Tell it to the people who hold org roles: Grove cannot show it again, and "
                         "only someone who knows it can change or clear it.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const std::int64_t now = store.now();
    const bool waiting = asks_current && view.lock_retry_at > now;
    if (asks_current) {
        if (password_field("Current passphrase", &view.lock_current)) view.lock_error.clear();
        if (waiting) {
            field_error(state, "Current passphrase",
                        "The current passphrase is wrong; try again in " + wait_words(now, view.lock_retry_at) + ".");
            state.request_redraw();  // the count goes on without input
        }
    }
    std::string mismatch;
    if (asks_new) {
        if (password_field("New passphrase", &view.lock_new)) view.lock_error.clear();
        if (password_field("Repeat the new passphrase", &view.lock_repeat)) view.lock_error.clear();
        if (!view.lock_repeat.empty() && view.lock_repeat != view.lock_new) mismatch = "The two passphrases differ.";
        field_error(state, "Repeat the new passphrase", mismatch);
    }
    ImGui::Spacing();
    if (!waiting) error_text(state, view.lock_error);
    ImGui::Spacing();
    const bool filled = (!asks_current || !view.lock_current.empty()) &&
                        (!asks_new || (!view.lock_new.empty() && view.lock_repeat == view.lock_new));
    const DialogAction action =
        dialog_buttons(state, {.primary = title,
                               .danger = view.lock_dialog == LockDialog::kClear,
                               .enabled = filled && !waiting,
                               .changed = !view.lock_new.empty() || !view.lock_current.empty()});
    if (action == DialogAction::kCancel) {
        close_lock_dialog(view);
    } else if (action == DialogAction::kPrimary) {
        const LockDialog dialog = view.lock_dialog;
        Result<void> done = dialog == LockDialog::kClear ? clear_lock(store, state.actor, view.lock_current)
                            : dialog == LockDialog::kChange
                                ? set_lock(store, state.actor, view.lock_new, std::string_view(view.lock_current))
                                : set_lock(store, state.actor, view.lock_new);
        if (done) {
            close_lock_dialog(view);
            view.lock.done = dialog == LockDialog::kClear ? "The passphrase lock is cleared."
                             : dialog == LockDialog::kChange
                                 ? "The passphrase is changed."
                                 : "Acting as anyone with an org role now needs the passphrase.";
        } else {
            view.lock_current.clear();
            view.lock_retry_at = lock_retry_at(store).value_or(0);
            // A wrong passphrase makes a wait, counted down under the field; once it is over, what was wrong stays
            // said.
            view.lock_error = view.lock_retry_at > store.now() ? std::string("The current passphrase is wrong.")
                                                               : done.error().message;
        }
    }
    end_dialog();
}

void draw_lock(AppState& state, SettingsView& view) {
    section(state, "Passphrase lock",
            "On a shared computer, ask for a passphrase before anyone acts as a person who holds an org role (Owner, "
            "Admin, the manager roles, custom roles). Members, mentors and group admins act without it. Grove keeps "
            "only a salted Argon2id hash of it, in this planner's data; Grove files never carry it.");
    Store& store = *state.store;
    const bool set = view.lock_set.get(store, kChangeOrg, [&] { return lock_is_set(store); });
    ImGui::TextUnformatted(set ? "A passphrase is set: acting as anyone with an org role asks for it."
                               : "No passphrase is set: anyone at this computer can act as anyone.");
    const std::string refusal = refusal_of(state, Cmd::kOrgSettings);
    if (!set) {
        if (permitted_button(state, "Set passphrase\xe2\x80\xa6", refusal)) open_lock_dialog(view, LockDialog::kSet);
    } else {
        if (permitted_button(state, "Change passphrase\xe2\x80\xa6", refusal))
            open_lock_dialog(view, LockDialog::kChange);
        ImGui::SameLine();
        if (permitted_button(state, "Clear passphrase\xe2\x80\xa6", refusal))
            open_lock_dialog(view, LockDialog::kClear);
    }
    messages(state, view.lock);
    draw_lock_dialog(state, view);
}

void draw_appearance(AppState& state) {
    section(state, "Appearance", "How Grove looks on this computer; other planners keep their own choice.");
    if (ImGui::RadioButton("Light", state.theme == Theme::Light)) set_theme(state, Theme::Light);
    ImGui::SameLine(0.0f, state.px(24));
    if (ImGui::RadioButton("Dark", state.theme == Theme::Dark)) set_theme(state, Theme::Dark);
}

}  // namespace

void draw_settings_screen(AppState& state) {
    page_header(state, "Settings",
                "The organisation's name, plan, additional fields and passphrase lock, and how Grove looks here.");
    if (!state.store) return;
    Store& store = *state.store;
    SettingsView& view = state.views.settings;
    const auto& org = view.org.get(store, kChangeOrg, [&] { return get_org(store); });
    const int groups = view.group_count.get(store, kChangeGroups, [&] { return group_count(store); });

    if (org) {
        draw_organisation(state, view, *org);
        draw_plan(state, view, *org, groups);
        draw_fields(state, view);
        draw_lock(state, view);
    }
    draw_appearance(state);
    ImGui::Dummy(ImVec2(0.0f, state.px(24)));
}

}  // namespace grove::ui
