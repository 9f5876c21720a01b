// Granting and revoking org roles without escalation (F35), and custom roles.
#include "core/access/roles.h"

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertGrant =
    "INSERT INTO org_roles (uid, user_id, role, custom_role_id, department_id, granted_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kFindGrant =
    "SELECT id FROM org_roles WHERE user_id = ? AND role = ? AND ifnull(custom_role_id, 0) = ifnull(?, 0) "
    "AND ifnull(department_id, 0) = ifnull(?, 0)";
constexpr const char* kDeleteGrant = "DELETE FROM org_roles WHERE id = ?";
constexpr const char* kGrantsOfUser =
    "SELECT id, user_id, role, custom_role_id, department_id, granted_by, created_at FROM org_roles "
    "WHERE user_id = ? ORDER BY id";
constexpr const char* kAllGrants =
    "SELECT id, user_id, role, custom_role_id, department_id, granted_by, created_at FROM org_roles ORDER BY id";
constexpr const char* kInsertCustom =
    "INSERT INTO custom_roles (uid, name, permissions, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kAllCustom =
    "SELECT id, uid, name, permissions FROM custom_roles ORDER BY name COLLATE NATURAL_ORDER";
constexpr const char* kCustomByName =
    "SELECT id, uid, name, permissions FROM custom_roles WHERE name = ? COLLATE NOCASE";
constexpr const char* kCustomById = "SELECT id, uid, name, permissions FROM custom_roles WHERE id = ?";

std::optional<CustomRole> custom_by_id(Store& store, Id id) {
    auto s = store.db().prepare(kCustomById);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return CustomRole{s->col_int(0), s->col_text(1), s->col_text(2), static_cast<PermSet>(s->col_int(3))};
}

std::string role_label(Store& store, OrgRole role, std::optional<Id> custom, std::optional<Id> department) {
    if (role == OrgRole::kCustom) {
        auto c = custom ? custom_by_id(store, *custom) : std::nullopt;
        return c ? c->name : "(deleted custom role)";
    }
    std::string label = org_role_def(role).name;
    if (department) label += " of " + department_name(store, *department);
    return label;
}

std::vector<RoleGrant> read_grants(Store& store, StmtRef& s) {
    std::vector<RoleGrant> out;
    while (s->step()) {
        RoleGrant g;
        g.id = s->col_int(0);
        g.user_id = s->col_int(1);
        std::string key = s->col_text(2);
        g.role = key == "custom" ? OrgRole::kCustom : parse_org_role(key).value_or(OrgRole::kCustom);
        g.custom_role = s->col_opt_int(3);
        g.department = s->col_opt_int(4);
        g.granted_by = s->col_opt_int(5);
        g.created_at = s->col_int(6);
        out.push_back(std::move(g));
    }
    for (auto& g : out) g.label = role_label(store, g.role, g.custom_role, g.department);
    return out;
}

PermSet role_perms(Store& store, const RoleSpec& spec) {
    if (spec.role != OrgRole::kCustom) return org_role_def(spec.role).perms;
    auto c = spec.custom_role ? custom_by_id(store, *spec.custom_role) : std::nullopt;
    return c ? c->perms : 0;
}

// The checks shared by granting and revoking: the role's shape, then the power rule.
Result<void> check_role_change(Store& store, Id actor, Id user, const RoleSpec& spec, Cmd cmd) {
    if (spec.role == OrgRole::kOwner) {
        return forbidden(std::string("The Owner role cannot be ") + (cmd == Cmd::kRoleGrant ? "granted" : "revoked") +
                         ".");
    }
    // A scoped role without its department would hold its people permissions org-wide.
    if (org_role_def(spec.role).scoped && !spec.department) {
        return bad_value(std::string("A ") + org_role_def(spec.role).name + " role needs a department.");
    }
    if (!org_role_def(spec.role).scoped && spec.department) {
        return bad_value(std::string("Only the Department Admin role takes a department."));
    }
    GROVE_TRY(authorize(store, actor, cmd, {.person = user}));
    Power wanted = role_power(spec.role, role_perms(store, spec), spec.department);
    if (!covers(store, power_of(store, actor), wanted)) {
        return forbidden(user_name(store, actor) + " may not " + (cmd == Cmd::kRoleGrant ? "grant " : "revoke ") +
                         role_label(store, spec.role, spec.custom_role, spec.department) + ": it carries permissions " +
                         user_name(store, actor) + " does not hold.");
    }
    return {};
}

const char* role_key(OrgRole role) { return role == OrgRole::kCustom ? "custom" : org_role_def(role).key; }

}  // namespace

Result<RoleSpec> parse_role_spec(Store& store, std::string_view name, std::optional<Id> department) {
    RoleSpec spec;
    if (auto builtin = parse_org_role(lower_ascii(trim(name)))) {
        spec.role = *builtin;
    } else if (auto custom = find_custom_role(store, trim(name))) {
        spec.role = OrgRole::kCustom;
        spec.custom_role = custom->id;
    } else {
        return not_found("No role is named '" + std::string(name) +
                         "'. Roles: admin, org-group-manager, group-user-manager, department-admin, or a custom "
                         "role's name.");
    }
    if (spec.role == OrgRole::kDepartmentAdmin) {
        if (!department) return bad_value("A Department Admin role needs a department (--department SLUG).");
        spec.department = department;
    } else if (department) {
        return bad_value(std::string("Only the Department Admin role takes a department."));
    }
    return spec;
}

Result<void> grant_role(Store& store, Id actor, Id user, const RoleSpec& spec) {
    return store.command<void>(kChangeRoles | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(target, user_by_id(store, user));
        if (spec.department) GROVE_TRY(department_by_id(store, *spec.department));
        if (spec.role == OrgRole::kCustom && (!spec.custom_role || !custom_by_id(store, *spec.custom_role))) {
            return not_found("That custom role no longer exists.");
        }
        GROVE_TRY(check_role_change(store, actor, user, spec, Cmd::kRoleGrant));
        std::string label = role_label(store, spec.role, spec.custom_role, spec.department);
        auto found = store.db().prepare(kFindGrant);
        found->bind_all(user, role_key(spec.role), spec.custom_role, spec.department);
        if (found->step()) return duplicate(target->display_name() + " already holds " + label + ".");
        store.db()
            .prepare(kInsertGrant)
            ->bind_all(store.new_uid(), user, role_key(spec.role), spec.custom_role, spec.department, actor,
                       store.now())
            .run();
        record_audit(store, actor,
                     {"role.grant", "made " + target->display_name() + " " + label + ".", std::nullopt, user});
        return {};
    });
}

Result<void> revoke_role(Store& store, Id actor, Id user, const RoleSpec& spec) {
    return store.command<void>(kChangeRoles | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(target, user_by_id(store, user));
        GROVE_TRY(check_role_change(store, actor, user, spec, Cmd::kRoleRevoke));
        std::string label = role_label(store, spec.role, spec.custom_role, spec.department);
        auto found = store.db().prepare(kFindGrant);
        found->bind_all(user, role_key(spec.role), spec.custom_role, spec.department);
        if (!found->step()) return not_found(target->display_name() + " does not hold " + label + ".");
        Id grant = found->col_int(0);
        store.db().prepare(kDeleteGrant)->bind_all(grant).run();
        record_audit(
            store, actor,
            {"role.revoke", "took " + label + " away from " + target->display_name() + ".", std::nullopt, user});
        return {};
    });
}

Result<CustomRole> define_custom_role(Store& store, Id actor, const std::string& raw_name, PermSet perms) {
    std::string name = clean_name(raw_name);
    if (name.empty()) return bad_value("A custom role needs a name.");
    if (auto e = one_line_error("custom role's name", name)) return bad_value(*e);
    if (parse_org_role(lower_ascii(name))) return duplicate("'" + name + "' is the name of a built-in role.");
    if (perms == 0) return bad_value("A custom role needs at least one permission.");
    return store.command<CustomRole>(kChangeRoles | kChangeAudit, [&]() -> Result<CustomRole> {
        GROVE_TRY(authorize(store, actor, Cmd::kRoleDefine));
        if ((perms & ~power_of(store, actor).org_wide) != 0) {
            return forbidden(user_name(store, actor) + " may not define " + name + ": it carries permissions " +
                             user_name(store, actor) + " does not hold (" +
                             perm_keys(perms & ~power_of(store, actor).org_wide) + ").");
        }
        if (find_custom_role(store, name)) return duplicate("A custom role named " + name + " already exists.");
        std::int64_t now = store.now();
        store.db()
            .prepare(kInsertCustom)
            ->bind_all(store.new_uid(), name, static_cast<std::int64_t>(perms), now, now)
            .run();
        record_audit(store, actor,
                     {"role.define", "defined the custom role " + name + " (" + perm_keys(perms) + ").", std::nullopt,
                      std::nullopt});
        return *find_custom_role(store, name);
    });
}

std::vector<RoleGrant> roles_of(Store& store, Id user) {
    auto s = store.db().prepare(kGrantsOfUser);
    s->bind(1, user);
    return read_grants(store, s);
}

std::vector<RoleGrant> all_role_grants(Store& store) {
    auto s = store.db().prepare(kAllGrants);
    return read_grants(store, s);
}

std::vector<CustomRole> list_custom_roles(Store& store) {
    std::vector<CustomRole> out;
    auto s = store.db().prepare(kAllCustom);
    while (s->step())
        out.push_back({s->col_int(0), s->col_text(1), s->col_text(2), static_cast<PermSet>(s->col_int(3))});
    return out;
}

std::optional<CustomRole> find_custom_role(Store& store, std::string_view name) {
    auto s = store.db().prepare(kCustomByName);
    s->bind(1, name);
    if (!s->step()) return std::nullopt;
    return CustomRole{s->col_int(0), s->col_text(1), s->col_text(2), static_cast<PermSet>(s->col_int(3))};
}

}  // namespace grove
