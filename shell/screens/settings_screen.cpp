// Settings (F1, F2): the organisation's name, its plan and group usage, additional fields, and the look.
#include <algorithm>
#include <string>
#include <vector>

#include "core/org/org.h"
#include "core/org/people.h"
#include "core/text/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/page_header.h"

namespace grove::ui {

namespace {

// Sizes in CSS pixels.
constexpr float kColumnWidth = 760;  // settings read best in one column, not stretched across the window
constexpr float kFieldWidth = 360;

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
    const Palette& p = palette(state.theme);
    if (current.group_cap < 0) {
        ImGui::TextUnformatted((groups_word(groups) + ", unlimited").c_str());
        return;
    }
    const std::string usage = std::to_string(groups) + " of " + groups_word(current.group_cap);
    ImGui::TextUnformatted(usage.c_str());
    const float fraction = current.group_cap > 0
                               ? std::min(1.0f, static_cast<float>(groups) / static_cast<float>(current.group_cap))
                               : 1.0f;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, groups >= current.group_cap ? p.warning : p.accent);
    ImGui::ProgressBar(fraction, ImVec2(state.px(kFieldWidth), state.px(8)), "");
    ImGui::PopStyleColor();
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
    const bool open = ImGui::BeginCombo("##plan", preview.c_str());
    report_last_item("Plan");
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

void draw_field_table(const AppState& state, const std::vector<FieldDef>& fields) {
    if (fields.empty()) {
        muted_text(state, "No additional fields yet.");
        return;
    }
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##fields", 3, kFlags, ImVec2(column_width(state), 0.0f))) return;
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthFixed, state.px(220));
    ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, state.px(100));
    ImGui::TableSetupColumn("Choices", ImGuiTableColumnFlags_WidthStretch);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    for (const FieldDef& field : fields) {
        ImGui::PushID(static_cast<int>(field.id));
        ImGui::TableNextRow();
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
        const bool open = ImGui::BeginCombo("##type", type_name(view.field_type));
        report_last_item("Field type");
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

void draw_fields(AppState& state, SettingsView& view) {
    section(state, "Additional fields",
            "Facts the organisation keeps about each person besides name and email, such as Job Title, "
            "Hire Date or Location. Uploads and smart groups can use them.");
    Store& store = *state.store;
    const auto& fields = view.fields.get(store, kChangeOrg | kChangePeople, [&] { return list_fields(store); });
    draw_field_table(state, fields);
    draw_add_field(state, view);
}

void draw_appearance(AppState& state) {
    section(state, "Appearance", "How Grove looks on this computer; other planners keep their own choice.");
    if (ImGui::RadioButton("Light", state.theme == Theme::Light)) set_theme(state, Theme::Light);
    ImGui::SameLine(0.0f, state.px(24));
    if (ImGui::RadioButton("Dark", state.theme == Theme::Dark)) set_theme(state, Theme::Dark);
}

}  // namespace

void draw_settings_screen(AppState& state) {
    page_header(state, "Settings", "The organisation's name, plan and additional fields, and how Grove looks here.");
    if (!state.store) return;
    Store& store = *state.store;
    SettingsView& view = state.views.settings;
    const auto& org = view.org.get(store, kChangeOrg, [&] { return get_org(store); });
    const int groups = view.group_count.get(store, kChangeGroups, [&] { return group_count(store); });

    if (org) {
        draw_organisation(state, view, *org);
        draw_plan(state, view, *org, groups);
        draw_fields(state, view);
    }
    draw_appearance(state);
    ImGui::Dummy(ImVec2(0.0f, state.px(24)));
}

}  // namespace grove::ui
