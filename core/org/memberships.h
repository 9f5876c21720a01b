// A group's people (F9–F11, F32): adding by search or email, roles, removal, copying, inherited staff.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct AddPeople {
    std::vector<Id> users;            // existing people picked in a search
    std::vector<std::string> emails;  // emails typed in: a person's email, or a new invitation
    GroupRole role = GroupRole::kMember;
    // A smart group (F33): pin the people added as members, so they stay whatever its rule says. Without it,
    // adding someone the rule does not match is refused (the rule would take them out again).
    bool pin = false;
    std::string pin_reason;
};

struct AddOutcome {
    std::vector<Id> added;         // new memberships of existing people
    std::vector<Id> invited;       // new people created as invitations, and added
    std::vector<Id> role_changed;  // already in the group with another role; now in the asked role
    std::vector<Id> unchanged;     // already in the group with that role
    std::string summary() const;   // "Added 3 people, invited 1."
};

// All or nothing: one refused person refuses the whole command.
Result<AddOutcome> add_people(Store& store, Id actor, Id group, const AddPeople& people);
Result<void> set_member_role(Store& store, Id actor, Id group, Id user, GroupRole role);
Result<void> remove_member(Store& store, Id actor, Id group, Id user);

// F11: fill `group` with the people of another group (its direct members) or of a department subtree, in
// `role`. Copying adds people; it changes the role of someone already a direct member only when asked to.
struct CopySource {
    std::optional<Id> group;
    std::optional<Id> department;
};
enum class ExistingRoles {
    kKeep,    // direct members in another role keep it (the default)
    kChange,  // direct members in another role take `role`, promoted or demoted
};
struct RoleChange {
    Id user = 0;
    std::string name;  // "Grace Hopper"
    GroupRole from = GroupRole::kMember;
    GroupRole to = GroupRole::kMember;
};
// What a copy would do, or did: every person of the source is in exactly one list, in the source's order.
struct CopyPlan {
    GroupRole role = GroupRole::kMember;
    std::vector<Id> added;            // not in the group: a direct membership in `role`
    std::vector<RoleChange> changed;  // direct members in another role, with ExistingRoles::kChange
    std::vector<RoleChange> kept;     // direct members in another role, left in it (ExistingRoles::kKeep)
    std::vector<Id> unchanged;        // direct members in `role` already
    // No direct membership, but a staff role from a group above as strong as `role` or stronger: they
    // already lead the group, and a direct row would only hide that role.
    std::vector<Id> covered;

    // What was done, one sentence naming everyone whose role changed or was kept (at most `names` of
    // each, then "and N more"): "Added 2 people, changed the role of 1 person (Grace Hopper: mentor to
    // member), 1 person already there."
    std::string summary(std::size_t names = 10) const;
    // What copying would do, a line each, naming every role change: the dialog's and --dry-run's preview.
    std::vector<std::string> preview() const;
};
// Reads only; `copy_people` runs the same plan in its transaction.
Result<CopyPlan> plan_copy(Store& store, Id group, const CopySource& source, GroupRole role,
                           ExistingRoles existing = ExistingRoles::kKeep);
// One command, with an audit entry per person added or changed and one for the copy naming who changed.
Result<CopyPlan> copy_people(Store& store, Id actor, Id group, const CopySource& source, GroupRole role,
                             ExistingRoles existing = ExistingRoles::kKeep);

// Whether a staff role reaching a person from a group above counts in a group where their direct role is
// `direct` (none: nullopt): only when it is stronger. The one rule behind "inherited" on the group's page,
// `grove member list`, the group's users export and the membership report's inherited rows.
bool inherited_role_counts(std::optional<GroupRole> direct, GroupRole inherited);

// A person as a group's list shows them: the direct membership (if any) and the strongest staff role
// reaching the group from an ancestor (if any).
struct GroupPerson {
    User user;
    std::optional<GroupRole> direct_role;
    std::optional<Id> membership_id;
    std::int64_t joined_at = 0;
    std::optional<GroupRole> inherited_role;
    std::optional<Id> inherited_from;
    std::string inherited_from_name;

    GroupRole effective_role() const;
    bool direct() const { return direct_role.has_value(); }
    // A staff role from a group above counts here (inherited_role_counts): it is stronger than the
    // direct role, if any. A person can be direct and inherited at once.
    bool inherited() const;
    // Where the role that counts here comes from: "Direct" or "Inherited from Grade 9" (also for someone
    // who is a direct member too; the group's page then says "Direct and inherited from").
    std::string source() const;
};

// Direct people first by role (admins, mentors, members), then by name; then inherited staff.
std::vector<GroupPerson> group_people(Store& store, Id group);

// How a group's people are counted, the same everywhere: the group's page (its header and its rows), the
// Groups list's Users column and `grove group list` (= direct), and the membership report (its direct rows
// for the group = direct, its inherited rows = inherited). A person who is a direct member and also holds
// a stronger staff role from a group above is counted in both, and once in people.
struct GroupCounts {
    int people = 0;     // one row each on the group's page
    int direct = 0;     // with a direct membership, in any role
    int inherited = 0;  // GroupPerson::inherited()
    int both = 0;       // direct and inherited
};
GroupCounts count_group_people(const std::vector<GroupPerson>& people);

}  // namespace grove
