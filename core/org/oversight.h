// Inherited oversight (F32): which groups' staff reach a group, and who leads what.
#pragma once

#include <optional>
#include <vector>

#include "core/org/model.h"
#include "core/storage/store.h"

namespace grove {

// The group itself, then its ancestors for as long as inheritance holds: the staff (mentors, group
// admins) of every group in this chain reach the members of `group`. Nearest first.
std::vector<Id> oversight_chain(Store& store, Id group);

// The strongest staff role `user` holds over `group`, directly or through the chain, and where from.
struct StaffRole {
    GroupRole role;
    Id from_group;  // == group when direct
};
std::optional<StaffRole> staff_role(Store& store, Id user, Id group);
bool is_group_admin(Store& store, Id user, Id group);

// Whether `person` has a membership (any role) in some group that `admin` administers.
bool in_group_managed_by(Store& store, Id person, Id admin);

// Groups where `user` holds a direct membership in any role, with that role.
struct DirectMembership {
    Id group_id;
    GroupRole role;
};
std::vector<DirectMembership> memberships_of(Store& store, Id user);

// The group's ancestors, parent first.
std::vector<Id> group_ancestors(Store& store, Id group);
// Every group below `group` (not itself), parents before children.
std::vector<Id> group_descendants(Store& store, Id group);

}  // namespace grove
