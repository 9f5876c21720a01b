// The group and department pickers.
#include "shell/widgets/pickers.h"

#include "core/text/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"

namespace grove::ui {

namespace {

// The combo's filter text, one per open combo (only one popup is open at a time).
std::string& picker_filter() {
    static std::string filter;
    return filter;
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
    const bool open = ImGui::BeginCombo("##picker", preview.c_str(), ImGuiComboFlags_HeightLarge);
    report_last_item(label);
    if (open) {
        std::string& filter = picker_filter();
        if (ImGui::IsWindowAppearing()) {
            filter.clear();
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-1.0f);
        ImGui::InputTextWithHint("##filter", "Type to filter", &filter);
        report_last_item("Type to filter");
        if (none_label && ImGui::Selectable(none_label, !value->has_value())) {
            *value = std::nullopt;
            changed = true;
        }
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
            ImGui::PushID(static_cast<int>(row_id(row)));
            std::string text = std::string(filter.empty() ? static_cast<size_t>(depth(row)) * 3 : 0, ' ') + name(row);
            if (ImGui::Selectable(text.c_str(), value->has_value() && **value == row_id(row))) {
                *value = row_id(row);
                changed = true;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    if (changed) state.request_redraw();
    return changed;
}

}  // namespace

bool group_picker(AppState& state, const char* label, std::optional<Id>* value, const std::vector<GroupRow>& rows,
                  const char* none_label, std::optional<Id> exclude) {
    return tree_picker(
        state, label, value, rows, none_label, [](const GroupRow& r) { return r.name; },
        [](const GroupRow& r) { return r.depth; }, [](const GroupRow& r) { return r.id; }, exclude);
}

bool department_picker(AppState& state, const char* label, std::optional<Id>* value,
                       const std::vector<DepartmentRow>& rows, const char* none_label) {
    return tree_picker(
        state, label, value, rows, none_label, [](const DepartmentRow& r) { return r.department.name; },
        [](const DepartmentRow& r) { return r.depth; }, [](const DepartmentRow& r) { return r.department.id; },
        std::nullopt);
}

}  // namespace grove::ui
