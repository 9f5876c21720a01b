// Deciding whether the acting person may run a command, from the matrix in permissions.h (F27, F35).
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "core/access/access_facts.h"
#include "core/access/permissions.h"
#include "core/org/model.h"
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

// The rules below are written once, over AccessFacts; the Store overloads ask the database (DbAccessFacts).
Power power_of(AccessFacts& facts, Id user);
Power power_of(Store& store, Id user);
// The power a role would confer: for a custom role pass its permission set.
Power role_power(OrgRole role, PermSet custom_perms, std::optional<Id> department);
// True when `actor` holds every permission of `wanted` over at least the same people.
bool covers(AccessFacts& facts, const Power& actor, const Power& wanted);
bool covers(Store& store, const Power& actor, const Power& wanted);
// True when `department` is `root` or lies below it.
bool department_within(AccessFacts& facts, std::optional<Id> department, Id root);
bool department_within(Store& store, std::optional<Id> department, Id root);
// Whether `power` holds `perm` over the person `user` (org-wide, or through a subtree holding them).
bool holds_over(AccessFacts& facts, const Power& power, Perm perm, Id user);
bool holds_over(Store& store, const Power& power, Perm perm, Id user);
// Whether `user` is a group admin of `group`: an admin membership anywhere on its oversight chain.
bool is_group_admin(AccessFacts& facts, Id user, Id group);
bool is_group_admin(Store& store, Id user, Id group);
// Whether `person` has a membership (any role) in some group that `admin` administers.
bool in_group_managed_by(AccessFacts& facts, Id person, Id admin);
bool in_group_managed_by(Store& store, Id person, Id admin);

// Whether `overseer` oversees `person` (F32): a staff role (mentor or group admin) stronger than the person's
// own role in one of the person's groups, held there directly or reaching it from a group above.
bool oversees(AccessFacts& facts, Id overseer, Id person);
bool oversees(Store& store, Id overseer, Id person);

// What a command acts on; each command fills what its rule needs.
struct AccessTarget {
    std::optional<Id> group;       // the group acted on
    std::optional<Id> parent;      // the group's parent (for a new group: where it goes)
    std::optional<Id> new_parent;  // a move's destination
    std::optional<Id> person;      // the person acted on (a provisional ID for one a bulk path is adding)
    std::optional<Id> department;  // the department a person is put into
    // Groups the command changes besides `group` (a deletion's subgroups that go with it): a group admin
    // acting through a group role must administer each of them too.
    std::vector<Id> taken_along;
};

enum class Via { kOrgRole, kGroupRole, kSelf };

// Reads (lists of groups, people, a group's people) are open to every active person.
Result<void> authorize_read(Store& store, Id actor);

// Allowed (and by which path) or a kForbidden error with a message naming the actor and the reason.
// The only place the rules live: commands ask it over the database, bulk paths over a snapshot.
Result<Via> authorize(AccessFacts& facts, Id actor, Cmd cmd, const AccessTarget& target = {});
Result<Via> authorize(Store& store, Id actor, Cmd cmd, const AccessTarget& target = {});

// Whether `actor` may run `cmd` on `target` now, asked before anything is filled in, so an interface can
// show an action disabled with the reason instead of refusing it after a form: authorize()'s answer, read
// only (nothing is written), its refusal message word for word. The command itself still asks authorize().
// A command about a person asked without one (Add members before anyone is picked) asks whether it is
// allowed for someone: a group admin of the group may add the people they already manage.
Result<void> can(Store& store, Id actor, Cmd cmd, const AccessTarget& target = {});

}  // namespace grove
