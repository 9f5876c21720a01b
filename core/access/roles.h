// Org roles (F4): granting and revoking them, custom roles, and who holds what.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/access/permissions.h"
#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct CustomRole {
    Id id = 0;
    std::string uid;
    std::string name;
    PermSet perms = 0;
};

// Which role, as the command line and the UI name it: a builtin key or a custom role's name.
struct RoleSpec {
    OrgRole role = OrgRole::kAdmin;
    std::optional<Id> custom_role;  // for kCustom
    std::optional<Id> department;   // for kDepartmentAdmin (required there, refused elsewhere)
};
Result<RoleSpec> parse_role_spec(Store& store, std::string_view name, std::optional<Id> department);

struct RoleGrant {
    Id id = 0;
    Id user_id = 0;
    OrgRole role = OrgRole::kAdmin;
    std::optional<Id> custom_role;
    std::optional<Id> department;
    std::optional<Id> granted_by;
    std::int64_t created_at = 0;
    std::string label;  // "Department Admin of Science", "Custom: Registrar"
};

Result<void> grant_role(Store& store, Id actor, Id user, const RoleSpec& role);
Result<void> revoke_role(Store& store, Id actor, Id user, const RoleSpec& role);
Result<CustomRole> define_custom_role(Store& store, Id actor, const std::string& name, PermSet perms);

// Renaming, changing and deleting a custom role (built-in roles are fixed). Each says who holds the role, since
// the change reaches them at once: the app shows them before confirming, the command line after.
struct CustomRoleChange {
    CustomRole before;
    CustomRole after;           // as it is now (for a deletion: as it was)
    std::vector<User> holders;  // who holds it (for a deletion: whose grant went with it), by name
};
// The custom role a change names, by name (ignoring case): a built-in role's key or label is refused
// ("Admin is a built-in role: built-in roles cannot be renamed."), `doing` being "renamed", "changed", "deleted".
Result<CustomRole> custom_role_to_change(Store& store, std::string_view name, std::string_view doing);
// The new name goes through clean_name(); it may not be another custom role's nor a built-in role's.
Result<CustomRoleChange> rename_custom_role(Store& store, Id actor, Id role, const std::string& new_name);
// Replaces the permission set. Every permission added must be held org-wide by the editor (as defining).
Result<CustomRoleChange> edit_custom_role(Store& store, Id actor, Id role, PermSet perms);
// A role still held is refused (kConflict), naming the holders, unless `revoke_grants`: then each grant is revoked (the
// revoking rule applies, holder by holder) and the role deleted, in one transaction and one audit entry.
Result<CustomRoleChange> delete_custom_role(Store& store, Id actor, Id role, bool revoke_grants);

// The people holding a custom role, in natural order of their names.
std::vector<User> custom_role_holders(Store& store, Id role);
// "Ana Hill and Bo Chen"; past `limit` names "..., Ed Fu and 3 more"; with emails "Ana Hill <ana@hill.org>".
std::string holder_names(const std::vector<User>& holders, bool with_email, std::size_t limit = 5);
// Whether `name` is a built-in role's key or label, ignoring case ("admin", "Org Group Manager").
bool is_builtin_role_name(std::string_view name);

std::vector<RoleGrant> roles_of(Store& store, Id user);
std::vector<RoleGrant> all_role_grants(Store& store);
std::vector<CustomRole> list_custom_roles(Store& store);
std::optional<CustomRole> find_custom_role(Store& store, std::string_view name);

}  // namespace grove
