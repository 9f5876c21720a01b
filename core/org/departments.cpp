// Creating, renaming, moving and deleting departments.
#include "core/org/departments.h"

#include <algorithm>
#include <map>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertDepartment =
    "INSERT INTO departments (uid, name, slug, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kSlugTaken = "SELECT 1 FROM departments WHERE slug = ?";
constexpr const char* kRename = "UPDATE departments SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSetParent = "UPDATE departments SET parent_id = ?, updated_at = ? WHERE id = ?";
constexpr const char* kLiftChildren = "UPDATE departments SET parent_id = ?, updated_at = ? WHERE parent_id = ?";
constexpr const char* kMovePeople = "UPDATE users SET department_id = ?, updated_at = ? WHERE department_id = ?";
constexpr const char* kDelete = "DELETE FROM departments WHERE id = ?";
constexpr const char* kAll =
    "SELECT d.id, d.uid, d.name, d.slug, d.parent_id, d.created_at, d.updated_at, "
    "(SELECT count(*) FROM users u WHERE u.department_id = d.id) FROM departments d";

std::string unique_slug(Store& store, const std::string& name) {
    std::string base = slugify(name, "department");
    std::string slug = base;
    for (int n = 2;; ++n) {
        auto s = store.db().prepare(kSlugTaken);
        s->bind(1, slug);
        if (!s->step()) return slug;
        slug = base + "-" + std::to_string(n);
    }
}

}  // namespace

Result<Department> create_department(Store& store, Id actor, const std::string& raw_name, std::optional<Id> parent) {
    std::string name = trim(raw_name);
    if (name.empty()) return bad_value("A department needs a name.");
    return store.command<Department>(kChangeDepartments | kChangeAudit, [&]() -> Result<Department> {
        GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
        std::string where;
        if (parent) {
            GROVE_LET(p, department_by_id(store, *parent));
            where = " under " + p->name;
        }
        std::int64_t now = store.now();
        std::string slug = unique_slug(store, name);
        store.db().prepare(kInsertDepartment)->bind_all(store.new_uid(), name, slug, parent, now, now).run();
        Id id = store.db().last_insert_id();
        record_audit(store, actor,
                     {"department.create", "created the department " + name + where + ".", std::nullopt, std::nullopt});
        return *find_department(store, id);
    });
}

Result<void> rename_department(Store& store, Id actor, Id department, const std::string& raw_name) {
    std::string name = trim(raw_name);
    if (name.empty()) return bad_value("A department needs a name.");
    return store.command<void>(kChangeDepartments | kChangePeople | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
        GROVE_LET(d, department_by_id(store, department));
        store.db().prepare(kRename)->bind_all(name, store.now(), department).run();
        record_audit(store, actor,
                     {"department.rename", "renamed the department " + d->name + " to " + name + ".", std::nullopt,
                      std::nullopt});
        return {};
    });
}

Result<void> move_department(Store& store, Id actor, Id department, std::optional<Id> new_parent) {
    return store.command<void>(kChangeDepartments | kChangePeople | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
        GROVE_LET(d, department_by_id(store, department));
        std::string where = "the top";
        if (new_parent) {
            GROVE_LET(p, department_by_id(store, *new_parent));
            if (department_within(store, *new_parent, department)) {
                return Error{ErrorCode::kCycle,
                             "The department " + d->name + " cannot go under " + p->name + ", which is inside it."};
            }
            where = p->name;
        }
        store.db().prepare(kSetParent)->bind_all(new_parent, store.now(), department).run();
        record_audit(
            store, actor,
            {"department.move", "moved the department " + d->name + " to " + where + ".", std::nullopt, std::nullopt});
        return {};
    });
}

Result<void> delete_department(Store& store, Id actor, Id department) {
    return store.command<void>(kChangeDepartments | kChangePeople | kChangeRoles | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
        GROVE_LET(d, department_by_id(store, department));
        std::int64_t now = store.now();
        store.db().prepare(kLiftChildren)->bind_all(d->parent_id, now, department).run();
        store.db().prepare(kMovePeople)->bind_all(d->parent_id, now, department).run();
        store.db().prepare(kDelete)->bind_all(department).run();
        record_audit(
            store, actor,
            {"department.delete", "deleted the department " + d->name + "; its people and sub-departments moved up.",
             std::nullopt, std::nullopt});
        return {};
    });
}

std::vector<DepartmentRow> department_tree(Store& store) {
    std::map<std::optional<Id>, std::vector<DepartmentRow>> children;
    auto s = store.db().prepare(kAll);
    while (s->step()) {
        DepartmentRow row;
        row.department.id = s->col_int(0);
        row.department.uid = s->col_text(1);
        row.department.name = s->col_text(2);
        row.department.slug = s->col_text(3);
        row.department.parent_id = s->col_opt_int(4);
        row.department.created_at = s->col_int(5);
        row.department.updated_at = s->col_int(6);
        row.user_count = static_cast<int>(s->col_int(7));
        children[row.department.parent_id].push_back(std::move(row));
    }
    for (auto& [parent, rows] : children) {
        std::sort(rows.begin(), rows.end(), [](const DepartmentRow& a, const DepartmentRow& b) {
            return natural_less(a.department.name, b.department.name);
        });
    }
    std::vector<DepartmentRow> out;
    auto walk = [&](auto&& self, std::optional<Id> parent, int depth) -> void {
        auto it = children.find(parent);
        if (it == children.end()) return;
        for (auto& row : it->second) {
            row.depth = depth;
            Id id = row.department.id;
            out.push_back(row);
            self(self, id, depth + 1);
        }
    };
    walk(walk, std::nullopt, 0);
    return out;
}

std::vector<Id> department_subtree(Store& store, Id root) {
    std::vector<Id> out;
    for (const auto& row : department_tree(store))
        if (department_within(store, row.department.id, root)) out.push_back(row.department.id);
    return out;
}

}  // namespace grove
