// The facts a permission decision reads, behind one interface: the rules in access.cpp are written once
// over it, and the data source varies (the database per question, or a snapshot in memory for bulk work).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/access/permissions.h"
#include "core/org/model.h"
#include "core/org/oversight.h"

namespace grove {

// What the rules need of a person.
struct PersonFacts {
    UserStatus status = UserStatus::kActive;
    std::optional<Id> department;
    std::string name;  // as refusals name them: "Ada Lovelace", or the email while they have no name
};

// What the rules need of a department.
struct DepartmentFacts {
    std::optional<Id> parent;
    std::string name;
};

// One org role a person holds; custom_perms is the custom role's permission set (0 for built-in roles).
struct RoleFact {
    OrgRole role = OrgRole::kCustom;
    PermSet custom_perms = 0;
    std::optional<Id> department;  // the subtree of a Department Admin role
};

class AccessFacts {
public:
    virtual ~AccessFacts() = default;

    // nullopt when nobody has this ID.
    virtual std::optional<PersonFacts> person(Id id) = 0;
    virtual std::optional<DepartmentFacts> department(Id id) = 0;
    // nullopt when no group has this ID.
    virtual std::optional<GroupLink> group(Id id) = 0;
    // The org roles `person` holds, in any order.
    virtual std::vector<RoleFact> roles_of(Id person) = 0;
    // Whether `user` holds a direct membership of `group` in the group admin role (the chain is the rules').
    virtual bool admin_member(Id user, Id group) = 0;
    // The role of `user`'s direct membership of `group`, if any.
    virtual std::optional<GroupRole> role_in(Id user, Id group) = 0;
    // The groups where `person` holds a direct membership in any role.
    virtual std::vector<Id> groups_of(Id person) = 0;
    // A group's name, as refusals name it.
    virtual std::string group_name(Id group) = 0;
};

}  // namespace grove
