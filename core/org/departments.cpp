// Creating, renaming, moving and deleting departments.
#include "core/org/departments.h"

#include <algorithm>
#include <map>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/rules/rules_internal.h"
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
constexpr const char* kPeopleIn = "SELECT count(*) FROM users WHERE department_id = ?";
constexpr const char* kChildrenOf = "SELECT count(*) FROM departments WHERE parent_id = ?";
constexpr const char* kRolesOver =
    "SELECT r.id, r.user_id, r.role, r.custom_role_id, c.name, c.permissions FROM org_roles r "
    "LEFT JOIN custom_roles c ON c.id = r.custom_role_id WHERE r.department_id = ? ORDER BY r.id";
constexpr const char* kSameRoleElsewhere =
    "SELECT department_id FROM org_roles WHERE user_id = ? AND role = ? AND ifnull(custom_role_id, 0) = ifnull(?, 0) "
    "AND department_id IS NOT NULL AND department_id <> ? ORDER BY id";
constexpr const char* kMoveRole = "UPDATE org_roles SET department_id = ? WHERE id = ?";
constexpr const char* kDropRole = "DELETE FROM org_roles WHERE id = ?";
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

std::int64_t count_of(Store& store, const char* sql, Id id) {
    auto s = store.db().prepare(sql);
    s->bind(1, id);
    return s->step() ? s->col_int(0) : 0;
}

// A role scoped to the deleted department, as read before deciding where it goes.
struct ScopedRole {
    RoleMove move;
    OrgRole role = OrgRole::kDepartmentAdmin;
    std::string key;  // as stored in org_roles.role
    std::optional<Id> custom_role;
    PermSet perms = 0;
};

std::vector<ScopedRole> roles_over(Store& store, Id department) {
    std::vector<ScopedRole> out;
    auto s = store.db().prepare(kRolesOver);
    s->bind(1, department);
    while (s->step()) {
        ScopedRole r;
        r.move.grant = s->col_int(0);
        r.move.user = s->col_int(1);
        r.key = s->col_text(2);
        r.custom_role = s->col_opt_int(3);
        if (r.key == "custom") {
            r.role = OrgRole::kCustom;
            r.move.role = r.custom_role ? s->col_text(4) : "(deleted custom role)";
            r.perms = static_cast<PermSet>(s->col_int(5));
        } else {
            r.role = parse_org_role(r.key).value_or(OrgRole::kDepartmentAdmin);
            r.move.role = org_role_def(r.role).name;
            r.perms = org_role_def(r.role).perms;
        }
        out.push_back(std::move(r));
    }
    for (auto& r : out) r.move.person = user_name(store, r.move.user);
    return out;
}

// "1 Department Admin: Daniel Walsh" per role name, in the order first met, for the top-level refusal.
std::string holders_by_role(const std::vector<ScopedRole>& roles) {
    std::vector<std::pair<std::string, std::vector<std::string>>> by_role;
    for (const auto& r : roles) {
        auto it = std::find_if(by_role.begin(), by_role.end(), [&](const auto& e) { return e.first == r.move.role; });
        if (it == by_role.end()) it = by_role.insert(by_role.end(), {r.move.role, {}});
        it->second.push_back(r.move.person);
    }
    std::string out;
    for (std::size_t i = 0; i < by_role.size(); ++i) {
        const auto& [role, people] = by_role[i];
        if (i > 0) out += i + 1 == by_role.size() ? ", and " : ", ";
        out += counted(static_cast<std::int64_t>(people.size()), role, role + "s") + ": ";
        for (std::size_t j = 0; j < people.size(); ++j) {
            if (j > 0) out += j + 1 == people.size() ? " and " : ", ";
            out += people[j];
        }
    }
    return out;
}

}  // namespace

Result<Department> create_department(Store& store, Id actor, const std::string& raw_name, std::optional<Id> parent) {
    std::string name = clean_name(raw_name);
    if (name.empty()) return bad_value("A department needs a name.");
    if (auto e = one_line_error("department's name", name)) return bad_value(*e);
    return store.command<Department>(kChangeDepartments | kChangeAudit, [&]() -> Result<Department> {
        GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
        std::string where;
        if (parent) {
            GROVE_LET(p, department_by_id(store, *parent));
            where = " under " + p->name;
        }
        GROVE_TRY(check_department_name_free(store, parent, name));
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
    std::string name = clean_name(raw_name);
    if (name.empty()) return bad_value("A department needs a name.");
    if (auto e = one_line_error("department's name", name)) return bad_value(*e);
    return store.command<void>(kChangeDepartments | kChangePeople | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
        GROVE_LET(d, department_by_id(store, department));
        GROVE_TRY(check_department_name_free(store, d->parent_id, name, department));
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
        if (d->parent_id != new_parent) GROVE_TRY(check_department_name_free(store, new_parent, d->name, department));
        store.db().prepare(kSetParent)->bind_all(new_parent, store.now(), department).run();
        record_audit(
            store, actor,
            {"department.move", "moved the department " + d->name + " to " + where + ".", std::nullopt, std::nullopt});
        return {};
    });
}

Result<DepartmentDeletePlan> plan_department_delete(Store& store, Id actor, Id department) {
    GROVE_LET(d, department_by_id(store, department));
    DepartmentDeletePlan plan;
    plan.parent = d->parent_id;
    plan.people = static_cast<int>(count_of(store, kPeopleIn, department));
    plan.sub_departments = static_cast<int>(count_of(store, kChildrenOf, department));
    const std::string people = counted(plan.people, "person", "people");
    const std::string subs = counted(plan.sub_departments, "sub-department", "sub-departments");
    if (plan.parent) {
        plan.description = "Its " + people + " and " + subs + " move up to " + department_name(store, *plan.parent) +
                           ". Nobody is deleted.";
    } else {
        plan.description = "Its " + people + " will have no department, and its " + subs +
                           " move to the top level. Nobody is deleted.";
    }

    // A sub-department moving up may not land beside a look-alike name (lookup.h's check_department_name_free);
    // the department being deleted leaves its own place free.
    {
        auto children = store.db().prepare("SELECT name FROM departments WHERE parent_id = ?");
        children->bind(1, department);
        while (children->step()) {
            const std::string name = children->col_text(0);
            auto beside = store.db().prepare("SELECT id, name FROM departments WHERE parent_id IS ?");
            beside->bind(1, d->parent_id);
            while (beside->step()) {
                if (beside->col_int(0) == department || lookalike_key(beside->col_text(1)) != lookalike_key(name))
                    continue;
                return Error{ErrorCode::kDuplicate,
                             "Deleting " + d->name + " would move its sub-department " + name + " up beside " +
                                 beside->col_text(1) +
                                 ", and departments side by side need names that differ by more than case, accents "
                                 "or spaces. Rename one of them first."};
            }
        }
    }

    std::vector<ScopedRole> roles = roles_over(store, department);
    if (roles.empty()) return plan;
    // A person must never lose power silently: with no parent to pass the roles to, nothing happens.
    if (!plan.parent) {
        return Error{ErrorCode::kConflict, d->name + " still has " + holders_by_role(roles) + ". Revoke or move the " +
                                               (roles.size() == 1 ? "role" : "roles") + " first."};
    }
    const Id parent = *plan.parent;
    const std::string parent_name = department_name(store, parent);
    const Power actor_power = power_of(store, actor);
    for (auto& r : roles) {
        auto held = store.db().prepare(kSameRoleElsewhere);
        held->bind_all(r.move.user, r.key, r.custom_role, department);
        while (!r.move.already_over && held->step()) {
            Id over = held->col_int(0);
            if (department_within(store, parent, over)) r.move.already_over = over;
        }
        if (r.move.already_over) {
            r.move.description = r.move.person + " already holds " + r.move.role + " over " +
                                 department_name(store, *r.move.already_over) + ", so their role over " + d->name +
                                 " is dropped.";
            continue;
        }
        // Moving up reaches the parent's whole subtree: only someone who could grant that may cause it.
        if (!covers(store, actor_power, role_power(r.role, r.perms, parent))) {
            const std::string who = user_name(store, actor);
            return forbidden(who + " may not delete " + d->name + ": " + r.move.person + "'s " + r.move.role +
                             " role would move up to " + parent_name + ", which carries permissions " + who +
                             " does not hold there.");
        }
        r.move.description = r.move.person + "'s " + r.move.role + " role moves to " + parent_name + ".";
    }
    for (auto& r : roles) plan.roles.push_back(std::move(r.move));
    return plan;
}

Result<DepartmentDeletePlan> delete_department(Store& store, Id actor, Id department) {
    return store.command<DepartmentDeletePlan>(
        kChangeDepartments | kChangePeople | kChangeRoles | kChangeAudit, [&]() -> Result<DepartmentDeletePlan> {
            GROVE_TRY(authorize(store, actor, Cmd::kDepartmentChange));
            GROVE_LET(d, department_by_id(store, department));
            GROVE_TRY(rules::refuse_if_read(store, RuleSubject::kDepartment, department, "The department " + d->name));
            GROVE_LET(plan, plan_department_delete(store, actor, department));
            std::string summary = "deleted the department " + d->name + "; its people and sub-departments moved up.";
            for (const auto& move : plan->roles) summary += " " + move.description;
            // Written while every name still resolves; it lists each person who moves up (audit.h).
            std::vector<AuditDetail> moved;
            {
                const std::string to = d->parent_id ? "moved to " + department_name(store, *d->parent_id)
                                                    : std::string("left without a department");
                auto people = store.db().prepare("SELECT id FROM users WHERE department_id = ? ORDER BY id");
                people->bind(1, department);
                while (people->step()) moved.push_back({people->col_int(0), "was in " + d->name + "; " + to});
            }
            record_audit(store, actor, {"department.delete", summary, std::nullopt, std::nullopt, std::move(moved)});
            std::int64_t now = store.now();
            for (const auto& move : plan->roles) {
                if (move.already_over)
                    store.db().prepare(kDropRole)->bind_all(move.grant).run();
                else
                    store.db().prepare(kMoveRole)->bind_all(plan->parent, move.grant).run();
            }
            store.db().prepare(kLiftChildren)->bind_all(d->parent_id, now, department).run();
            store.db().prepare(kMovePeople)->bind_all(d->parent_id, now, department).run();
            store.db().prepare(kDelete)->bind_all(department).run();
            return std::move(*plan);
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
