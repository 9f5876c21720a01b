// Departments (F3): the organisation chart of nested branches; every person belongs to at most one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

Result<Department> create_department(Store& store, Id actor, const std::string& name, std::optional<Id> parent);
Result<void> rename_department(Store& store, Id actor, Id department, const std::string& name);
// Refuses to put a department inside itself or its own subtree.
Result<void> move_department(Store& store, Id actor, Id department, std::optional<Id> new_parent);
// Its sub-departments and people move up to its parent (or to no department at the top).
Result<void> delete_department(Store& store, Id actor, Id department);

struct DepartmentRow {
    Department department;
    int depth = 0;
    int user_count = 0;  // people directly in this department
};
// The chart in pre-order, siblings in natural order.
std::vector<DepartmentRow> department_tree(Store& store);
// `root` and every department below it.
std::vector<Id> department_subtree(Store& store, Id root);

}  // namespace grove
