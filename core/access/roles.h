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

std::vector<RoleGrant> roles_of(Store& store, Id user);
std::vector<RoleGrant> all_role_grants(Store& store);
std::vector<CustomRole> list_custom_roles(Store& store);
std::optional<CustomRole> find_custom_role(Store& store, std::string_view name);

}  // namespace grove
