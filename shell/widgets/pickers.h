// Combos to pick a group or a department from the tree, with a filter box inside; a list's department filter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org/departments.h"
#include "core/org/groups.h"

namespace grove::ui {

struct AppState;

// `value` empty means "none", shown as `none_label` (null: a group must be chosen). Groups in the
// subtree of `exclude` are left out (a group cannot be nested under itself). True when changed.
bool group_picker(AppState& state, const char* label, std::optional<Id>* value, const std::vector<GroupRow>& rows,
                  const char* none_label, std::optional<Id> exclude = std::nullopt);

bool department_picker(AppState& state, const char* label, std::optional<Id>* value,
                       const std::vector<DepartmentRow>& rows, const char* none_label);

// A list's department filter, `width` pixels wide with no label above (found by `label`): unset shows
// `all_label` (no filter), set to nullopt `none_label` (people without a department), else the department.
bool department_filter_picker(AppState& state, const char* label, std::optional<std::optional<Id>>* value,
                              const std::vector<DepartmentRow>& rows, const char* all_label, const char* none_label,
                              float width);

}  // namespace grove::ui
