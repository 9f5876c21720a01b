// Membership commands and the people of a group, direct and inherited.
#include "core/org/memberships.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/departments.h"
#include "core/org/lookup.h"
#include "core/org/oversight.h"
#include "core/rules/rules_internal.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertMembership =
    "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kRoleInGroup = "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kUpdateRole =
    "UPDATE memberships SET role = ?, updated_at = ? WHERE group_id = ? AND user_id = ?";
constexpr const char* kDeleteMembership = "DELETE FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kInsertInvitee =
    "INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
    "VALUES (?, ?, '', '', 'invited', ?, ?)";
constexpr const char* kMembersOfGroup =
    "SELECT m.id, m.role, m.created_at, u.id, u.uid, u.email, u.first_name, u.last_name, u.status, "
    "u.department_id, u.created_at, u.updated_at FROM memberships m JOIN users u ON u.id = m.user_id "
    "WHERE m.group_id = ?";
constexpr const char* kStaffOfGroup =
    "SELECT m.user_id, m.role FROM memberships m WHERE m.group_id = ? AND m.role <> 'member'";
constexpr const char* kUsersInDepartment = "SELECT id FROM users WHERE department_id = ? ORDER BY id";

std::optional<GroupRole> role_in(Store& store, Id group, Id user) {
    auto s = store.db().prepare(kRoleInGroup);
    s->bind(1, group).bind(2, user);
    if (!s->step()) return std::nullopt;
    return parse_group_role(s->col_text(0));
}

std::string in_role(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "as a member";
        case GroupRole::kMentor: return "as a mentor";
        case GroupRole::kAdmin: return "as a group admin";
    }
    return "";
}

// A member put into a smart group by hand: pinned when asked, else they must be one the rule admits (F33).
Result<void> admit_by_hand(Store& store, Id actor, const Group& group, Id user, bool pin, const std::string& reason) {
    if (!is_smart(store, group.id)) return {};
    if (pin) {
        GROVE_TRY(
            authorize(store, actor, Cmd::kRulePin, {.group = group.id, .parent = group.parent_id, .person = user}));
        return rules::pin_within(store, actor, group, user, reason);
    }
    if (rules::admitted(store, group.id, user)) return {};
    return conflict(user_name(store, user) + " does not match the rule of " + group.name +
                    ": pin them to keep them in.");
}

// What a command that adds people did to each of them, written when it ends (record_placed): one person is one
// entry naming them; several are one entry listing them all (audit.h).
struct Placed {
    AuditRecord single;  // the entry of a change to this one person
    AuditDetail detail;  // the same, as a line of a change to many
};

// `listing`: the bulk entry even for one person (a copy is always one entry listing whom it placed).
void record_placed(Store& store, Id actor, std::vector<Placed>& placed, AuditRecord bulk, bool listing = false) {
    if (placed.empty()) return;
    if (placed.size() == 1 && !listing) {
        record_audit(store, actor, placed.front().single);
        return;
    }
    bulk.details.reserve(placed.size());
    for (Placed& p : placed) bulk.details.push_back(std::move(p.detail));
    record_audit(store, actor, bulk);
}

// Adds or re-roles one existing person, checking the rules for them; the caller owns the transaction and
// writes the audit of what `placed` collects.
Result<void> place(Store& store, Id actor, const Group& group, Id user, GroupRole role, AddOutcome& outcome,
                   std::vector<Placed>& placed, bool pin = false, const std::string& pin_reason = {}) {
    auto current = role_in(store, group.id, user);
    Cmd cmd = current ? Cmd::kMemberRole : Cmd::kMemberAdd;
    // Checked even when nothing would change: a person without the right learns so, not "done".
    GROVE_TRY(authorize(store, actor, cmd, {.group = group.id, .parent = group.parent_id, .person = user}));
    if (role == GroupRole::kMember) GROVE_TRY(admit_by_hand(store, actor, group, user, pin, pin_reason));
    if (current && *current == role) {
        outcome.unchanged.push_back(user);
        return {};
    }
    std::int64_t now = store.now();
    std::string name = user_name(store, user);
    if (current) {
        store.db().prepare(kUpdateRole)->bind_all(group_role_key(role), now, group.id, user).run();
        placed.push_back(
            {{"member.role", "made " + name + " " + group_role_name(role) + " of " + group.name + ".", group.id, user},
             {user, std::string("made ") + group_role_name(role) + " of " + group.name + " (was " +
                        group_role_name(*current) + ")"}});
        outcome.role_changed.push_back(user);
    } else {
        store.db()
            .prepare(kInsertMembership)
            ->bind_all(store.new_uid(), group.id, user, group_role_key(role), now, now)
            .run();
        placed.push_back(
            {{"member.add", "added " + name + " to " + group.name + " " + in_role(role) + ".", group.id, user},
             {user, "added to " + group.name + " " + in_role(role)}});
        outcome.added.push_back(user);
    }
    return {};
}

std::string count_people(size_t n) { return counted(static_cast<std::int64_t>(n), "person", "people"); }

}  // namespace

std::string AddOutcome::summary() const {
    std::vector<std::string> parts;
    if (!added.empty()) parts.push_back("added " + count_people(added.size()));
    if (!invited.empty()) parts.push_back("invited " + count_people(invited.size()));
    if (!role_changed.empty()) parts.push_back("changed the role of " + count_people(role_changed.size()));
    if (!unchanged.empty()) parts.push_back(count_people(unchanged.size()) + " already there");
    if (parts.empty()) return "Nobody to add.";
    std::string text;
    for (size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text + ".";
}

Result<AddOutcome> add_people(Store& store, Id actor, Id group_id, const AddPeople& people) {
    return store.command<
        AddOutcome>(kChangeMemberships | kChangeGroups | kChangePeople | kChangeAudit, [&]() -> Result<AddOutcome> {
        GROVE_LET(group, group_by_id(store, group_id));
        AddOutcome outcome;
        std::vector<Placed> placed;
        std::set<Id> seen;
        for (Id user : people.users) {
            GROVE_TRY(user_by_id(store, user));
            if (seen.insert(user).second)
                GROVE_TRY(
                    place(store, actor, *group, user, people.role, outcome, placed, people.pin, people.pin_reason));
        }
        for (const auto& raw : people.emails) {
            std::string email = trim(raw);
            if (email.empty()) continue;
            if (auto user = find_user_by_email(store, email)) {
                if (seen.insert(user->id).second)
                    GROVE_TRY(place(store, actor, *group, user->id, people.role, outcome, placed, people.pin,
                                    people.pin_reason));
                continue;
            }
            if (!is_valid_email(email)) return bad_value("'" + email + "' is not an email address.");
            GROVE_TRY(authorize(store, actor, Cmd::kMemberInvite, {.group = group_id}));
            std::int64_t now = store.now();
            store.db().prepare(kInsertInvitee)->bind_all(store.new_uid(), email, now, now).run();
            Id invitee = store.db().last_insert_id();
            seen.insert(invitee);
            if (people.role == GroupRole::kMember)
                GROVE_TRY(admit_by_hand(store, actor, *group, invitee, people.pin, people.pin_reason));
            store.db()
                .prepare(kInsertMembership)
                ->bind_all(store.new_uid(), group_id, invitee, group_role_key(people.role), now, now)
                .run();
            placed.push_back(
                {{"member.invite", "invited " + email + " to " + group->name + " " + in_role(people.role) + ".",
                  group_id, invitee},
                 {invitee, "invited to " + group->name + " " + in_role(people.role)}});
            outcome.invited.push_back(invitee);
        }
        std::string done = outcome.summary();
        done[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(done[0])));
        record_placed(store, actor, placed, {"member.add", "added people to " + group->name + ": " + done, group_id});
        return outcome;
    });
}

Result<void> set_member_role(Store& store, Id actor, Id group_id, Id user, GroupRole role) {
    return store.command<void>(kChangeMemberships | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_TRY(user_by_id(store, user));
        auto current = role_in(store, group_id, user);
        if (!current) return not_found(user_name(store, user) + " is not a direct member of " + group->name + ".");
        AddOutcome ignored;
        std::vector<Placed> placed;
        GROVE_TRY(place(store, actor, *group, user, role, ignored, placed));
        record_placed(store, actor, placed, {"member.role", "", group_id});
        return {};
    });
}

Result<void> remove_member(Store& store, Id actor, Id group_id, Id user) {
    return store.command<void>(kChangeMemberships | kChangeGroups | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_TRY(user_by_id(store, user));
        if (!role_in(store, group_id, user)) {
            return not_found(
                user_name(store, user) + " is not a direct member of " + group->name +
                (staff_role(store, user, group_id) ? "; their role is inherited from a parent group." : "."));
        }
        GROVE_TRY(authorize(store, actor, Cmd::kMemberRemove,
                            {.group = group_id, .parent = group->parent_id, .person = user}));
        if (role_in(store, group_id, user) == GroupRole::kMember && is_smart(store, group_id)) {
            // A smart group's members come from its rule and pins (F33): taking one out by hand lifts their pin;
            // someone the rule itself brings in is excluded instead, which says so and lasts.
            auto exceptions = rule_exception_map(store, group_id);
            auto it = exceptions.find(user);
            if (it == exceptions.end() || it->second != RuleException::kPin) {
                return conflict(user_name(store, user) + " is in " + group->name +
                                " by its rule: exclude them to keep them out.");
            }
            GROVE_TRY(rules::unpin_within(store, actor, *group, user));
            if (rules::admitted(store, group_id, user)) return {};
        }
        record_audit(
            store, actor,
            {"member.remove", "removed " + user_name(store, user) + " from " + group->name + ".", group_id, user});
        store.db().prepare(kDeleteMembership)->bind_all(group_id, user).run();
        return {};
    });
}

namespace {

// "member", "mentor", "group admin": a role inside a sentence.
std::string role_word(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "member";
        case GroupRole::kMentor: return "mentor";
        case GroupRole::kAdmin: return "group admin";
    }
    return "member";
}

std::string plural_role(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "members";
        case GroupRole::kMentor: return "mentors";
        case GroupRole::kAdmin: return "group admins";
    }
    return "members";
}

// Who holds a role that covers `role` from above: staff (mentors and group admins) cover members and
// mentors; only group admins cover group admins.
std::string covering_staff(GroupRole role, std::size_t n) {
    if (role != GroupRole::kAdmin) return "staff";
    return n == 1 ? "a group admin" : "group admins";
}

std::string change_text(const RoleChange& c) { return c.name + ": " + role_word(c.from) + " to " + role_word(c.to); }
std::string kept_text(const RoleChange& c) { return c.name + " as " + role_word(c.from); }

// "A: x, B: y and 3 more" (at most `limit` named; 0 names them all).
template <class Text>
std::string named(const std::vector<RoleChange>& changes, std::size_t limit, Text text) {
    std::string out;
    const std::size_t shown = limit == 0 ? changes.size() : std::min(limit, changes.size());
    for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + text(changes[i]);
    if (shown < changes.size()) out += " and " + std::to_string(changes.size() - shown) + " more";
    return out;
}

// The people a copy reads, each once, in the source's order, and where they come from ("the group X").
Result<std::pair<std::vector<Id>, std::string>> copy_source(Store& store, Id group, const CopySource& source) {
    if (source.group.has_value() == source.department.has_value()) {
        return bad_value("Copy people from either a group or a department.");
    }
    std::vector<Id> users;
    std::string from;
    if (source.group) {
        GROVE_LET(other, group_by_id(store, *source.group));
        if (other->id == group) return bad_value("A group cannot be filled from itself.");
        from = "the group " + other->name;
        for (const auto& p : group_people(store, *source.group))
            if (p.direct()) users.push_back(p.user.id);
    } else {
        GROVE_LET(department, department_by_id(store, *source.department));
        from = "the department " + department->name;
        for (Id d : department_subtree(store, *source.department)) {
            auto s = store.db().prepare(kUsersInDepartment);
            s->bind(1, d);
            while (s->step()) users.push_back(s->col_int(0));
        }
    }
    std::set<Id> seen;
    std::vector<Id> unique;
    for (Id user : users)
        if (seen.insert(user).second) unique.push_back(user);
    return std::make_pair(std::move(unique), std::move(from));
}

Result<CopyPlan> plan_copy_in(Store& store, Id group_id, const std::vector<Id>& users, GroupRole role,
                              ExistingRoles existing) {
    std::unordered_map<Id, GroupPerson> here;
    for (auto& p : group_people(store, group_id)) here.emplace(p.user.id, std::move(p));
    CopyPlan plan;
    plan.role = role;
    for (Id user : users) {
        auto it = here.find(user);
        const GroupPerson* p = it == here.end() ? nullptr : &it->second;
        if (p && p->direct_role) {
            if (*p->direct_role == role) {
                plan.unchanged.push_back(user);
            } else {
                RoleChange c{user, user_name(store, user), *p->direct_role, role};
                (existing == ExistingRoles::kChange ? plan.changed : plan.kept).push_back(std::move(c));
            }
        } else if (p && p->inherited_role && *p->inherited_role >= role) {
            plan.covered.push_back(user);
        } else {
            plan.added.push_back(user);
        }
    }
    return plan;
}

}  // namespace

std::string CopyPlan::summary(std::size_t names) const {
    std::vector<std::string> parts;
    if (!added.empty()) parts.push_back("added " + count_people(added.size()));
    if (!changed.empty()) {
        parts.push_back("changed the role of " + count_people(changed.size()) + " (" +
                        named(changed, names, change_text) + ")");
    }
    if (!kept.empty()) {
        parts.push_back("left the role of " + count_people(kept.size()) + " as it was (" +
                        named(kept, names, kept_text) + ")");
    }
    if (!unchanged.empty()) parts.push_back(count_people(unchanged.size()) + " already there");
    if (!covered.empty()) {
        parts.push_back(count_people(covered.size()) + " already " + covering_staff(role, covered.size()) +
                        " through a group above");
    }
    if (parts.empty()) return "Nobody to add.";
    std::string text;
    for (size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text + ".";
}

std::vector<std::string> CopyPlan::preview() const {
    std::vector<std::string> lines;
    if (added.empty()) {
        lines.push_back("Adds nobody.");
    } else {
        lines.push_back("Adds " + count_people(added.size()) + " as " + plural_role(role) + ".");
    }
    if (!changed.empty()) {
        lines.push_back("Changes the role of " + count_people(changed.size()) + ":");
        for (const RoleChange& c : changed) lines.push_back("  " + change_text(c));
    }
    if (!kept.empty()) {
        lines.push_back("Leaves the role of " + count_people(kept.size()) +
                        " already there as it is: " + named(kept, 10, kept_text) + ".");
    }
    if (!unchanged.empty()) {
        lines.push_back(count_people(unchanged.size()) + (unchanged.size() == 1 ? " is" : " are") + " already there " +
                        (unchanged.size() == 1 ? in_role(role) : "as " + plural_role(role)) + ".");
    }
    if (!covered.empty()) {
        lines.push_back(count_people(covered.size()) + (covered.size() == 1 ? " is" : " are") + " already " +
                        covering_staff(role, covered.size()) + " through a group above: not added.");
    }
    return lines;
}

Result<CopyPlan> plan_copy(Store& store, Id group_id, const CopySource& source, GroupRole role,
                           ExistingRoles existing) {
    GROVE_TRY(group_by_id(store, group_id));
    GROVE_LET(read, copy_source(store, group_id, source));
    return plan_copy_in(store, group_id, read->first, role, existing);
}

Result<CopyPlan> copy_people(Store& store, Id actor, Id group_id, const CopySource& source, GroupRole role,
                             ExistingRoles existing) {
    if (source.group.has_value() == source.department.has_value()) {
        return bad_value("Copy people from either a group or a department.");
    }
    return store.command<CopyPlan>(kChangeMemberships | kChangeGroups | kChangeAudit, [&]() -> Result<CopyPlan> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_LET(read, copy_source(store, group_id, source));
        GROVE_LET(plan, plan_copy_in(store, group_id, read->first, role, existing));
        AddOutcome ignored;
        std::vector<Placed> placed;
        for (Id user : plan->added) GROVE_TRY(place(store, actor, *group, user, role, ignored, placed));
        for (const RoleChange& c : plan->changed) GROVE_TRY(place(store, actor, *group, c.user, role, ignored, placed));
        // One entry: the summary names the first few, and opens to list everyone added or changed.
        std::string done = plan->summary(5);
        done[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(done[0])));
        const std::string summary = "filled " + group->name + " from " + read->second + ": " + done;
        if (placed.empty()) {
            record_audit(store, actor, {"member.copy", summary, group_id, std::nullopt});
        } else {
            record_placed(store, actor, placed, {"member.copy", summary, group_id, std::nullopt}, true);
        }
        return std::move(*plan);
    });
}

bool inherited_role_counts(std::optional<GroupRole> direct, GroupRole inherited) {
    return !direct || inherited > *direct;
}

bool GroupPerson::inherited() const { return inherited_role && inherited_role_counts(direct_role, *inherited_role); }

GroupCounts count_group_people(const std::vector<GroupPerson>& people) {
    GroupCounts counts;
    for (const GroupPerson& p : people) {
        ++counts.people;
        if (p.direct()) ++counts.direct;
        if (p.inherited()) ++counts.inherited;
        if (p.direct() && p.inherited()) ++counts.both;
    }
    return counts;
}

GroupRole GroupPerson::effective_role() const {
    GroupRole direct_r = direct_role.value_or(GroupRole::kMember);
    if (inherited_role && *inherited_role > direct_r) return *inherited_role;
    return direct_r;
}

std::string GroupPerson::source() const { return inherited() ? "Inherited from " + inherited_from_name : "Direct"; }

std::vector<GroupPerson> group_people(Store& store, Id group) {
    std::vector<GroupPerson> people;
    std::unordered_map<Id, size_t> index;
    {
        auto s = store.db().prepare(kMembersOfGroup);
        s->bind(1, group);
        while (s->step()) {
            GroupPerson p;
            p.membership_id = s->col_int(0);
            p.direct_role = parse_group_role(s->col_text(1));
            p.joined_at = s->col_int(2);
            p.user.id = s->col_int(3);
            p.user.uid = s->col_text(4);
            p.user.email = s->col_text(5);
            p.user.first_name = s->col_text(6);
            p.user.last_name = s->col_text(7);
            p.user.status = parse_user_status(s->col_text(8)).value_or(UserStatus::kActive);
            p.user.department_id = s->col_opt_int(9);
            p.user.created_at = s->col_int(10);
            p.user.updated_at = s->col_int(11);
            index[p.user.id] = people.size();
            people.push_back(std::move(p));
        }
    }
    auto chain = oversight_chain(store, group);
    for (size_t i = 1; i < chain.size(); ++i) {
        std::string from_name = group_name(store, chain[i]);
        auto s = store.db().prepare(kStaffOfGroup);
        s->bind(1, chain[i]);
        std::vector<std::pair<Id, GroupRole>> staff;
        while (s->step())
            staff.emplace_back(s->col_int(0), parse_group_role(s->col_text(1)).value_or(GroupRole::kMember));
        for (auto [user, role] : staff) {
            auto it = index.find(user);
            if (it == index.end()) {
                auto u = find_user(store, user);
                if (!u) continue;
                GroupPerson p;
                p.user = *u;
                index[user] = people.size();
                people.push_back(std::move(p));
                it = index.find(user);
            }
            GroupPerson& p = people[it->second];
            // The nearest ancestor wins a tie; a stronger role further up still counts.
            if (!p.inherited_role || role > *p.inherited_role) {
                p.inherited_role = role;
                p.inherited_from = chain[i];
                p.inherited_from_name = from_name;
            }
        }
    }
    std::sort(people.begin(), people.end(), [](const GroupPerson& a, const GroupPerson& b) {
        if (a.direct() != b.direct()) return a.direct();
        if (a.effective_role() != b.effective_role()) return a.effective_role() > b.effective_role();
        int c = natural_compare(a.user.display_name(), b.user.display_name());
        return c != 0 ? c < 0 : a.user.id < b.user.id;
    });
    return people;
}

}  // namespace grove
