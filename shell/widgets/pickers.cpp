// The group and department pickers.
#include "shell/widgets/pickers.h"

#include "core/text/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/a11y_actions.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

namespace {

// The combo's filter text, one per open combo (only one popup is open at a time).
std::string& picker_filter() {
    static std::string filter;
    return filter;
}

// The inside of an open tree combo: a filter box, then the rows in pre-order (indented by depth, flat while
// filtering), the subtree of `exclude` left out. Returns the ID of the row clicked, if any.
template <class Row, class Name, class Depth, class RowId>
std::optional<Id> tree_rows(const std::vector<Row>& rows, std::optional<Id> current, Name name, Depth depth,
                            RowId row_id, std::optional<Id> exclude) {
    std::string& filter = picker_filter();
    if (ImGui::IsWindowAppearing()) {
        filter.clear();
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::SetNextItemWidth(-1.0f);
    // Enter in the filter picks the first row it shows, so the keyboard can pick without the arrows.
    // Typed, or Enter pressed, in the screen-reader mirror's field: the same as in ImGui's.
    const ImGuiID filter_id = ImGui::GetID("##filter");
    a11y::take_text(filter_id, &filter);
    const bool enter =
        ImGui::InputTextWithHint("##filter", "Type to filter", &filter, ImGuiInputTextFlags_EnterReturnsTrue) ||
        a11y::entered(filter_id);
    report_last_item("Type to filter");
    std::optional<Id> picked;
    std::optional<Id> first;
    // Skip the excluded subtree: rows come in pre-order, so it is the run of deeper rows after it.
    int skip_depth = -1;
    int shown = 0;
    for (const Row& row : rows) {
        if (skip_depth >= 0) {
            if (depth(row) > skip_depth) continue;
            skip_depth = -1;
        }
        if (exclude && row_id(row) == *exclude) {
            skip_depth = depth(row);
            continue;
        }
        if (!filter.empty() && !contains_folded(name(row), filter)) continue;
        if (++shown > 500) {
            ImGui::TextDisabled("More match: type to narrow down.");
            break;
        }
        if (!first) first = row_id(row);
        ImGui::PushID(static_cast<int>(row_id(row)));
        std::string text = std::string(filter.empty() ? static_cast<size_t>(depth(row)) * 3 : 0, ' ') + name(row);
        if (ImGui::Selectable(text.c_str(), current == row_id(row))) picked = row_id(row);
        ImGui::PopID();
    }
    if (enter && !filter.empty() && first && !picked) {
        picked = first;
        ImGui::CloseCurrentPopup();
    }
    return picked;
}

template <class Row, class Name, class Depth, class RowId>
bool tree_picker(AppState& state, const char* label, std::optional<Id>* value, const std::vector<Row>& rows,
                 const char* none_label, Name name, Depth depth, RowId row_id, std::optional<Id> exclude) {
    std::string preview = none_label ? none_label : "Choose…";
    for (const Row& row : rows)
        if (value->has_value() && row_id(row) == **value) preview = name(row);
    bool changed = false;
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::PushID(label);
    const bool open = begin_combo(label, "##picker", preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (open) {
        if (none_label && ImGui::Selectable(none_label, !value->has_value())) {
            *value = std::nullopt;
            changed = true;
        }
        if (auto picked = tree_rows(rows, *value, name, depth, row_id, exclude)) {
            *value = picked;
            changed = true;
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    if (changed) state.request_redraw();
    return changed;
}

auto department_name_of = [](const DepartmentRow& r) { return r.department.name; };
auto department_depth_of = [](const DepartmentRow& r) { return r.depth; };
auto department_id_of = [](const DepartmentRow& r) { return r.department.id; };

}  // namespace

bool group_picker(AppState& state, const char* label, std::optional<Id>* value, const std::vector<GroupRow>& rows,
                  const char* none_label, std::optional<Id> exclude) {
    return tree_picker(
        state, label, value, rows, none_label, [](const GroupRow& r) { return r.name; },
        [](const GroupRow& r) { return r.depth; }, [](const GroupRow& r) { return r.id; }, exclude);
}

bool department_picker(AppState& state, const char* label, std::optional<Id>* value,
                       const std::vector<DepartmentRow>& rows, const char* none_label) {
    return tree_picker(state, label, value, rows, none_label, department_name_of, department_depth_of, department_id_of,
                       std::nullopt);
}

bool department_filter_picker(AppState& state, const char* label, std::optional<std::optional<Id>>* value,
                              const std::vector<DepartmentRow>& rows, const char* all_label, const char* none_label,
                              float width) {
    std::string preview = !value->has_value() ? all_label : !**value ? none_label : all_label;
    if (value->has_value() && value->value())
        for (const DepartmentRow& row : rows)
            if (row.department.id == ***value) preview = row.department.name;
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    ImGui::PushID(label);
    const bool open = begin_combo(label, "##filter-picker", preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (open) {
        if (ImGui::Selectable(all_label, !value->has_value())) {
            value->reset();
            changed = true;
        }
        if (ImGui::Selectable(none_label, value->has_value() && !value->value())) {
            *value = std::optional<Id>();
            changed = true;
        }
        std::optional<Id> current;
        if (value->has_value()) current = **value;
        if (auto picked =
                tree_rows(rows, current, department_name_of, department_depth_of, department_id_of, std::nullopt)) {
            *value = picked;
            changed = true;
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    if (changed) state.request_redraw();
    return changed;
}

}  // namespace grove::ui
