// Permission decisions: org roles with their scopes, group roles through the tree, self-service. Every rule
// is written once over AccessFacts; where the facts come from is the caller's choice.
#include "core/access/access.h"

#include "core/access/db_access_facts.h"

namespace grove {

namespace {

void add_role(Power& power, OrgRole role, PermSet custom_perms, std::optional<Id> department) {
    if (role == OrgRole::kOwner) power.owner = true;
    const OrgRoleDef& def = org_role_def(role);
    PermSet perms = role == OrgRole::kCustom ? custom_perms : def.perms;
    if (def.scoped && department) {
        power.org_wide |= perms & ~kScopedPerms;
        if (perms & kScopedPerms) power.scoped.emplace_back(*department, perms & kScopedPerms);
    } else {
        power.org_wide |= perms;
    }
}

// How refusals name a person and a department, also one that is gone.
std::string person_name_of(AccessFacts& facts, Id id) {
    auto person = facts.person(id);
    return person ? person->name : "(unknown person)";
}

std::string department_name_of(AccessFacts& facts, Id id) {
    auto department = facts.department(id);
    return department ? department->name : "(deleted department)";
}

}  // namespace

Power power_of(AccessFacts& facts, Id user) {
    Power power;
    for (const RoleFact& r : facts.roles_of(user)) add_role(power, r.role, r.custom_perms, r.department);
    return power;
}

Power power_of(Store& store, Id user) {
    DbAccessFacts facts(store);
    return power_of(facts, user);
}

Power role_power(OrgRole role, PermSet custom_perms, std::optional<Id> department) {
    Power power;
    add_role(power, role, custom_perms, department);
    return power;
}

bool department_within(AccessFacts& facts, std::optional<Id> department, Id root) {
    std::optional<Id> current = department;
    for (int guard = 0; current && guard < 10000; ++guard) {
        if (*current == root) return true;
        auto d = facts.department(*current);
        if (!d) return false;
        current = d->parent;
    }
    return false;
}

bool department_within(Store& store, std::optional<Id> department, Id root) {
    DbAccessFacts facts(store);
    return department_within(facts, department, root);
}

bool covers(AccessFacts& facts, const Power& actor, const Power& wanted) {
    if (wanted.owner && !actor.owner) return false;
    if ((wanted.org_wide & ~actor.org_wide) != 0) return false;
    for (const auto& [department, perms] : wanted.scoped) {
        PermSet missing = perms & ~actor.org_wide;
        for (const auto& [root, held] : actor.scoped) {
            if (department_within(facts, department, root)) missing &= ~held;
        }
        if (missing) return false;
    }
    return true;
}

bool covers(Store& store, const Power& actor, const Power& wanted) {
    DbAccessFacts facts(store);
    return covers(facts, actor, wanted);
}

bool holds_over(AccessFacts& facts, const Power& power, Perm perm, Id user) {
    if (power.org_wide & perm) return true;
    std::optional<Id> department;
    bool looked_up = false;
    for (const auto& [root, held] : power.scoped) {
        if (!(held & perm)) continue;
        if (!looked_up) {
            auto person = facts.person(user);
            department = person ? person->department : std::nullopt;
            looked_up = true;
        }
        if (department_within(facts, department, root)) return true;
    }
    return false;
}

bool holds_over(Store& store, const Power& power, Perm perm, Id user) {
    DbAccessFacts facts(store);
    return holds_over(facts, power, perm, user);
}

bool is_group_admin(AccessFacts& facts, Id user, Id group) {
    // The chain is oversight's rule (core/org/oversight.h); only the admin role makes a group admin.
    for (Id g : oversight_chain([&](Id id) { return facts.group(id); }, group)) {
        if (facts.admin_member(user, g)) return true;
    }
    return false;
}

bool is_group_admin(Store& store, Id user, Id group) {
    DbAccessFacts facts(store);
    return is_group_admin(facts, user, group);
}

bool in_group_managed_by(AccessFacts& facts, Id person, Id admin) {
    for (Id g : facts.groups_of(person)) {
        if (is_group_admin(facts, admin, g)) return true;
    }
    return false;
}

bool in_group_managed_by(Store& store, Id person, Id admin) {
    DbAccessFacts facts(store);
    return in_group_managed_by(facts, person, admin);
}

bool oversees(AccessFacts& facts, Id overseer, Id person) {
    if (overseer == person) return false;
    auto links = [&](Id id) { return facts.group(id); };
    for (Id g : facts.groups_of(person)) {
        auto own = facts.role_in(person, g);
        if (!own || *own == GroupRole::kAdmin) continue;
        for (Id chain_group : oversight_chain(links, g)) {
            auto staff = facts.role_in(overseer, chain_group);
            if (staff && *staff != GroupRole::kMember && *staff > *own) return true;
        }
    }
    return false;
}

bool oversees(Store& store, Id overseer, Id person) {
    DbAccessFacts facts(store);
    return oversees(facts, overseer, person);
}

Result<void> authorize_read(Store& store, Id actor_id) {
    DbAccessFacts facts(store);
    auto actor = facts.person(actor_id);
    if (!actor) return forbidden("Nobody is acting: choose a person of the organisation first.");
    if (actor->status != UserStatus::kActive) {
        return forbidden(actor->name + " may not look at the organisation: their account is " +
                         user_status_key(actor->status) + ".");
    }
    return {};
}

Result<Via> authorize(Store& store, Id actor, Cmd cmd, const AccessTarget& target) {
    DbAccessFacts facts(store);
    return authorize(facts, actor, cmd, target);
}

Result<void> can(Store& store, Id actor, Cmd cmd, const AccessTarget& target) {
    DbAccessFacts facts(store);
    auto allowed = authorize(facts, actor, cmd, target);
    if (allowed) return {};
    // Without a person, the group path of "a group admin, for people they manage" holds for someone as
    // soon as the actor is a group admin of the group (they manage its own members at least).
    const CmdDef& def = cmd_def(cmd);
    if (def.path == GroupPath::kAdminOfGroupAndPerson && !target.person && target.group) {
        auto actor_person = facts.person(actor);
        if (actor_person && actor_person->status == UserStatus::kActive && is_group_admin(facts, actor, *target.group))
            return {};
    }
    return allowed.error();
}

Result<Via> authorize(AccessFacts& facts, Id actor_id, Cmd cmd, const AccessTarget& t) {
    const CmdDef& def = cmd_def(cmd);
    auto actor = facts.person(actor_id);
    if (!actor) return forbidden("Nobody is acting: choose a person of the organisation first.");
    const std::string who = actor->name;
    auto refuse = [&](const std::string& reason) { return forbidden(who + " may not " + def.doing + ": " + reason); };

    if (def.path == GroupPath::kSelf) {
        if (t.person && *t.person == actor_id) return Via::kSelf;
        return refuse("only the invited person can accept an invitation.");
    }
    if (actor->status != UserStatus::kActive) {
        return refuse(std::string("their account is ") + user_status_key(actor->status) + ".");
    }

    // Nobody reviews their own work, whatever roles they hold (F21): asked before any path may allow it.
    if (cmd == Cmd::kReviewGive && t.person && *t.person == actor_id) {
        return refuse("nobody reviews their own work; it waits for a mentor who oversees them.");
    }

    const Power power = power_of(facts, actor_id);

    // The org path: any one of the command's permissions, held over the people it touches.
    std::string scope_reason;  // why a permission held only over a subtree did not reach this far
    auto within_scope = [&](Perm perm, Id department) {
        for (const auto& [root, held] : power.scoped)
            if ((held & perm) && department_within(facts, department, root)) return true;
        return false;
    };
    for (const PermDef& pd : all_perms()) {
        if (!(def.needs & pd.perm)) continue;
        bool allowed = (power.org_wide & pd.perm) != 0;
        bool scoped_only = false;
        if (!allowed && (pd.perm & kScopedPerms) && cmd != Cmd::kMemberInvite && cmd != Cmd::kRuleSet) {
            for (const auto& [root, held] : power.scoped) scoped_only |= (held & pd.perm) != 0;
        }
        if (scoped_only) {
            // Held only over a subtree: every person and department the command touches must lie in it.
            allowed = true;
            if (t.person && !holds_over(facts, power, pd.perm, *t.person)) {
                allowed = false;
                scope_reason =
                    person_name_of(facts, *t.person) + " is outside the departments " + who + " administers.";
            }
            if (allowed && t.department && !within_scope(pd.perm, *t.department)) {
                allowed = false;
                scope_reason =
                    department_name_of(facts, *t.department) + " is outside the departments " + who + " administers.";
            }
            if (allowed && cmd == Cmd::kUserAdd && !t.department) {
                allowed = false;
                scope_reason = "a Department Admin must put the person into one of their departments.";
            }
        }
        if (!allowed) continue;
        // Editing a person who holds more power than the editor would let the editor take it over.
        if (cmd == Cmd::kUserEdit && t.person && *t.person != actor_id &&
            !covers(facts, power, power_of(facts, *t.person))) {
            return refuse(person_name_of(facts, *t.person) + " holds roles that " + who + " does not hold.");
        }
        return Via::kOrgRole;
    }

    // The group path. A group role reaches only the groups it administers, all the way down: a group
    // admin deleting a group with its subgroups must administer every one of them.
    auto reaches_taken_along = [&]() -> Result<Via> {
        for (Id g : t.taken_along) {
            if (!is_group_admin(facts, actor_id, g)) {
                return refuse("they are not a group admin of " + facts.group_name(g) + ", which would go with it.");
            }
        }
        return Via::kGroupRole;
    };
    switch (def.path) {
        case GroupPath::kNone:
        case GroupPath::kSelf: break;
        case GroupPath::kLearner:
            if (t.person && *t.person == actor_id) return Via::kSelf;
            break;
        case GroupPath::kOverseer:
            if (t.person && *t.person == actor_id && cmd == Cmd::kWorkView) return Via::kSelf;
            if (t.person && oversees(facts, actor_id, *t.person)) return Via::kGroupRole;
            if (t.person && *t.person != actor_id) {
                return forbidden(who + " does not oversee " + person_name_of(facts, *t.person) + ": only " +
                                 "the mentors and group admins of their groups, and course managers, may " + def.doing +
                                 ".");
            }
            break;
        case GroupPath::kAdminOfParent:
            if (t.parent && is_group_admin(facts, actor_id, *t.parent)) return reaches_taken_along();
            break;
        case GroupPath::kAdminOfGroup:
            if (t.group && is_group_admin(facts, actor_id, *t.group)) return reaches_taken_along();
            break;
        case GroupPath::kAdminOfBoth:
            if (t.parent && t.new_parent && is_group_admin(facts, actor_id, *t.parent) &&
                is_group_admin(facts, actor_id, *t.new_parent)) {
                return Via::kGroupRole;
            }
            break;
        case GroupPath::kAdminOfGroupAndPerson:
            if (t.group && is_group_admin(facts, actor_id, *t.group)) {
                if (t.person && in_group_managed_by(facts, *t.person, actor_id)) return Via::kGroupRole;
                if (t.person) {
                    return refuse("a group admin adds only people who already belong to a group they manage, and " +
                                  person_name_of(facts, *t.person) + " does not.");
                }
            }
            break;
    }

    if (!scope_reason.empty()) return refuse(scope_reason);
    // In words, not permission keys: who may do it (from the permission table).
    return forbidden(who + " may not " + def.doing + ". " + who_may(cmd));
}

}  // namespace grove
