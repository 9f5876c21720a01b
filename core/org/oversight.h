// Inherited oversight (F32): which groups' staff reach a group, and who leads what.
#pragma once

#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/org/model.h"
#include "core/storage/store.h"

namespace grove {

// What the chain walk needs of a group: where it hangs, and whether it lets its parent's staff in.
struct GroupLink {
    std::optional<Id> parent;
    bool inherit = true;
};
// A group's link, or nullopt for a group that does not exist (the chain stops there).
using GroupLinks = std::function<std::optional<GroupLink>(Id group)>;

// The group itself, then its ancestors for as long as inheritance holds: the staff (mentors, group
// admins) of every group in this chain reach the members of `group`. Nearest first. The rule lives in
// the overload over GroupLinks, so a snapshot in memory (core/access) walks the same chain.
std::vector<Id> oversight_chain(const GroupLinks& links, Id group);
std::vector<Id> oversight_chain(Store& store, Id group);

// The strongest staff role `user` holds over `group`, directly or through the chain, and where from.
struct StaffRole {
    GroupRole role;
    Id from_group;  // == group when direct
};
std::optional<StaffRole> staff_role(Store& store, Id user, Id group);
// Whether someone is a group admin of a group, or manages a person, is a permission question:
// is_group_admin() and in_group_managed_by() are in core/access/access.h, over any source of facts.

// Groups where `user` holds a direct membership in any role, with that role.
struct DirectMembership {
    Id group_id;
    GroupRole role;
};
std::vector<DirectMembership> memberships_of(Store& store, Id user);

// For each group, how many people are in it only through inherited staff roles: mentors and group admins of
// the groups above it on its oversight chain, with no direct membership in it (a group's page lists them as
// inherited). Groups without such people are left out. One read of the groups and the staff's memberships and
// one walk down the tree, for the whole list of groups at once.
std::unordered_map<Id, int> inherited_only_counts(Store& store);

// The group's ancestors, parent first.
std::vector<Id> group_ancestors(Store& store, Id group);
// Every group below `group` (not itself), parents before children.
std::vector<Id> group_descendants(Store& store, Id group);

}  // namespace grove
