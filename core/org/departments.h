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
// An org role scoped to a department that is being deleted: it moves up to the parent department, or is
// dropped when the person already holds the same role over the parent or above it.
struct RoleMove {
    Id grant = 0;
    Id user = 0;
    std::string person;              // "Daniel Walsh"
    std::string role;                // "Department Admin", or a custom role's name
    std::optional<Id> already_over;  // set when dropped: the department the person already holds it over
    // "Daniel Walsh's Department Admin role moves to Science."
    std::string description;
};

struct DepartmentDeletePlan {
    std::optional<Id> parent;
    int people = 0;
    int sub_departments = 0;
    std::vector<RoleMove> roles;
    // For the confirmation: "Its 2 people and 1 sub-department move up to Science. Nobody is deleted."
    std::string description;
};
// What deleting would do when `actor` deletes it, without doing it. Refused (and so is the deletion) when
// roles are scoped to a top-level department, which has nowhere to pass them, or when a role moving up
// would give power over the parent's subtree that `actor` could not grant.
Result<DepartmentDeletePlan> plan_department_delete(Store& store, Id actor, Id department);
// Its sub-departments, people and roles move up to its parent (people to no department at the top), in one
// transaction with one audit entry naming each role affected.
Result<DepartmentDeletePlan> delete_department(Store& store, Id actor, Id department);

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
