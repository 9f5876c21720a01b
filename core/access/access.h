// Deciding whether the acting person may run a command, from the matrix in permissions.h (F27, F35).
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "core/org/model.h"
#include "core/access/permissions.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// What a person may do through org roles: permissions held org-wide, and permissions held only over
// the people of a department subtree (from Department Admin roles).
struct Power {
    bool owner = false;
    PermSet org_wide = 0;
    std::vector<std::pair<Id, PermSet>> scoped;  // department subtree root -> permissions there
};

Power power_of(Store& store, Id user);
// The power a role would confer: for a custom role pass its permission set.
Power role_power(OrgRole role, PermSet custom_perms, std::optional<Id> department);
// True when `actor` holds every permission of `wanted` over at least the same people.
bool covers(Store& store, const Power& actor, const Power& wanted);
// True when `department` is `root` or lies below it.
bool department_within(Store& store, std::optional<Id> department, Id root);
// Whether `power` holds `perm` over the person `user` (org-wide, or through a subtree holding them).
bool holds_over(Store& store, const Power& power, Perm perm, Id user);

// What a command acts on; each command fills what its rule needs.
struct AccessTarget {
    std::optional<Id> group;       // the group acted on
    std::optional<Id> parent;      // the group's parent (for a new group: where it goes)
    std::optional<Id> new_parent;  // a move's destination
    std::optional<Id> person;      // the person acted on
    std::optional<Id> department;  // the department a person is put into
};

enum class Via { kOrgRole, kGroupRole, kSelf };

// Reads (lists of groups, people, a group's people) are open to every active person.
Result<void> authorize_read(Store& store, Id actor);

// Allowed (and by which path) or a kForbidden error with a message naming the actor and the reason.
Result<Via> authorize(Store& store, Id actor, Cmd cmd, const AccessTarget& target = {});

}  // namespace grove
