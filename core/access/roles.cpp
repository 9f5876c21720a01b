// Granting and revoking org roles without escalation (F35), and custom roles.
#include "core/access/roles.h"

#include <algorithm>

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
constexpr const char* kRenameCustom = "UPDATE custom_roles SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSetCustomPerms = "UPDATE custom_roles SET permissions = ?, updated_at = ? WHERE id = ?";
constexpr const char* kDeleteCustom = "DELETE FROM custom_roles WHERE id = ?";
constexpr const char* kHoldersOfCustom =
    "SELECT DISTINCT user_id FROM org_roles WHERE role = 'custom' AND custom_role_id = ?";
constexpr const char* kDeleteCustomGrants = "DELETE FROM org_roles WHERE role = 'custom' AND custom_role_id = ?";

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

// No escalation through custom roles: every permission `perms` adds must be held by the actor org-wide.
Result<void> check_perms_held(Store& store, Id actor, PermSet perms, const std::string& doing) {
    const PermSet missing = perms & ~power_of(store, actor).org_wide;
    if (missing == 0) return {};
    return forbidden(user_name(store, actor) + " may not " + doing + ": it carries permissions " +
                     user_name(store, actor) + " does not hold (" + perm_keys(missing) + ").");
}

// A custom role's name: cleaned, one line, not a built-in role's.
Result<std::string> checked_role_name(const std::string& raw_name) {
    std::string name = clean_name(raw_name);
    if (name.empty()) return bad_value("A custom role needs a name.");
    if (auto e = one_line_error("custom role's name", name)) return bad_value(*e);
    if (is_builtin_role_name(name)) return duplicate("'" + name + "' is the name of a built-in role.");
    return name;
}

Result<CustomRole> custom_role_by_id(Store& store, Id role) {
    auto found = custom_by_id(store, role);
    if (!found) return not_found("That custom role no longer exists.");
    return *found;
}

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
    GROVE_LET(checked, checked_role_name(raw_name));
    const std::string name = *checked;
    if (perms == 0) return bad_value("A custom role needs at least one permission.");
    return store.command<CustomRole>(kChangeRoles | kChangeAudit, [&]() -> Result<CustomRole> {
        GROVE_TRY(authorize(store, actor, Cmd::kRoleDefine));
        GROVE_TRY(check_perms_held(store, actor, perms, "define " + name));
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

Result<CustomRole> custom_role_to_change(Store& store, std::string_view raw_name, std::string_view doing) {
    const std::string name = trim(raw_name);
    if (is_builtin_role_name(name)) {
        return bad_value("'" + name + "' is a built-in role: built-in roles cannot be " + std::string(doing) + ".");
    }
    auto found = find_custom_role(store, name);
    if (!found) {
        std::string names;
        for (const auto& role : list_custom_roles(store)) names += (names.empty() ? "" : ", ") + role.name;
        return not_found(
            "No custom role is named '" + name + "'. " +
            (names.empty() ? std::string("There are no custom roles yet.") : "Custom roles: " + names + "."));
    }
    return *found;
}

Result<CustomRoleChange> rename_custom_role(Store& store, Id actor, Id role, const std::string& raw_name) {
    GROVE_LET(checked, checked_role_name(raw_name));
    const std::string name = *checked;
    return store.command<CustomRoleChange>(kChangeRoles | kChangeAudit, [&]() -> Result<CustomRoleChange> {
        GROVE_LET(before, custom_role_by_id(store, role));
        GROVE_TRY(authorize(store, actor, Cmd::kRoleRename));
        if (name == before->name) return bad_value("The role is already named " + name + ".");
        if (auto other = find_custom_role(store, name); other && other->id != role) {
            return duplicate("A custom role named " + other->name + " already exists.");
        }
        store.db().prepare(kRenameCustom)->bind_all(name, store.now(), role).run();
        record_audit(
            store, actor,
            {"role.rename", "renamed the role " + before->name + " to " + name + ".", std::nullopt, std::nullopt});
        return CustomRoleChange{*before, *custom_by_id(store, role), custom_role_holders(store, role)};
    });
}

Result<CustomRoleChange> edit_custom_role(Store& store, Id actor, Id role, PermSet perms) {
    if (perms == 0) return bad_value("A custom role needs at least one permission.");
    return store.command<CustomRoleChange>(kChangeRoles | kChangeAudit, [&]() -> Result<CustomRoleChange> {
        GROVE_LET(before, custom_role_by_id(store, role));
        GROVE_TRY(authorize(store, actor, Cmd::kRoleEdit));
        const PermSet added = perms & ~before->perms;
        const PermSet removed = before->perms & ~perms;
        if (added == 0 && removed == 0) return bad_value(before->name + " already has exactly these permissions.");
        // Only what is added can escalate; taking permissions away needs no power over them.
        GROVE_TRY(check_perms_held(store, actor, added, "give " + before->name + " " + perm_keys(added)));
        store.db().prepare(kSetCustomPerms)->bind_all(static_cast<std::int64_t>(perms), store.now(), role).run();
        std::string what;
        if (added) what += "added " + perm_keys(added);
        if (removed) what += std::string(what.empty() ? "" : "; ") + "removed " + perm_keys(removed);
        // The holders, whose powers changed with it, are listed (audit.h).
        std::vector<User> holders = custom_role_holders(store, role);
        std::vector<AuditDetail> details;
        for (const User& holder : holders) details.push_back({holder.id, "holds " + before->name + ": " + what});
        record_audit(store, actor,
                     {"role.edit", "changed the permissions of " + before->name + ": " + what + ".", std::nullopt,
                      std::nullopt, std::move(details)});
        return CustomRoleChange{*before, *custom_by_id(store, role), std::move(holders)};
    });
}

Result<CustomRoleChange> delete_custom_role(Store& store, Id actor, Id role, bool revoke_grants) {
    return store.command<CustomRoleChange>(kChangeRoles | kChangeAudit, [&]() -> Result<CustomRoleChange> {
        GROVE_LET(before, custom_role_by_id(store, role));
        GROVE_TRY(authorize(store, actor, Cmd::kRoleDelete));
        std::vector<User> holders = custom_role_holders(store, role);
        if (!holders.empty() && !revoke_grants) {
            return conflict(before->name + " is still held by " +
                            counted(static_cast<std::int64_t>(holders.size()), "person", "people") + ": " +
                            holder_names(holders, true) + ".");
        }
        // Revoking each grant follows the revoking rule, as if revoked one by one.
        const RoleSpec spec{OrgRole::kCustom, role, std::nullopt};
        for (const User& holder : holders)
            GROVE_TRY(check_role_change(store, actor, holder.id, spec, Cmd::kRoleRevoke));
        store.db().prepare(kDeleteCustomGrants)->bind_all(role).run();
        store.db().prepare(kDeleteCustom)->bind_all(role).run();
        std::string summary = "deleted the role " + before->name;
        if (!holders.empty()) {
            summary += " and revoked it from " +
                       counted(static_cast<std::int64_t>(holders.size()), "person", "people") + ": " +
                       holder_names(holders, false);
        }
        std::vector<AuditDetail> details;
        for (const User& holder : holders) details.push_back({holder.id, "lost the role " + before->name});
        record_audit(store, actor, {"role.delete", summary + ".", std::nullopt, std::nullopt, std::move(details)});
        return CustomRoleChange{*before, *before, std::move(holders)};
    });
}

std::vector<User> custom_role_holders(Store& store, Id role) {
    std::vector<User> out;
    auto s = store.db().prepare(kHoldersOfCustom);
    s->bind(1, role);
    while (s->step()) {
        if (auto user = find_user(store, s->col_int(0))) out.push_back(std::move(*user));
    }
    std::sort(out.begin(), out.end(), [](const User& a, const User& b) {
        const int c = natural_compare(a.display_name(), b.display_name());
        return c != 0 ? c < 0 : a.email < b.email;
    });
    return out;
}

std::string holder_names(const std::vector<User>& holders, bool with_email, std::size_t limit) {
    auto text = [&](const User& u) {
        return with_email ? person_label(u.first_name, u.last_name, u.email) : u.display_name();
    };
    const std::size_t shown = std::min(limit, holders.size());
    std::string out;
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) out += (i + 1 == shown && shown == holders.size()) ? " and " : ", ";
        out += text(holders[i]);
    }
    if (shown < holders.size()) out += " and " + std::to_string(holders.size() - shown) + " more";
    return out;
}

bool is_builtin_role_name(std::string_view name) {
    const std::string lower = lower_ascii(trim(name));
    for (const auto& def : builtin_org_roles()) {
        if (lower == def.key || lower == lower_ascii(def.name)) return true;
    }
    return false;
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
