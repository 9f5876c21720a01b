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

// F11: fill `group` with the people of another group or of a department subtree, in `role`.
struct CopySource {
    std::optional<Id> group;
    std::optional<Id> department;
};
Result<AddOutcome> copy_people(Store& store, Id actor, Id group, const CopySource& source, GroupRole role);

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
    // "Direct" or "Inherited from Grade 9".
    std::string source() const;
};

// Direct people first by role (admins, mentors, members), then by name; then inherited staff.
std::vector<GroupPerson> group_people(Store& store, Id group);

}  // namespace grove
