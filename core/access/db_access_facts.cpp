// Access facts straight from SQLite: the queries the authoriser has always made, one per question.
#include "core/access/db_access_facts.h"

#include "core/org/lookup.h"

namespace grove {

namespace {

constexpr const char* kDepartment = "SELECT parent_id, name FROM departments WHERE id = ?";
constexpr const char* kGroupLink = "SELECT parent_id, inherit FROM groups WHERE id = ?";
constexpr const char* kRolesOfUser =
    "SELECT r.role, r.department_id, c.permissions FROM org_roles r "
    "LEFT JOIN custom_roles c ON c.id = r.custom_role_id WHERE r.user_id = ?";
constexpr const char* kRoleInGroup = "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kGroupsOfUser = "SELECT group_id FROM memberships WHERE user_id = ?";

}  // namespace

std::optional<PersonFacts> DbAccessFacts::person(Id id) {
    auto user = find_user(store_, id);
    if (!user) return std::nullopt;
    return PersonFacts{user->status, user->department_id, user->display_name()};
}

std::optional<DepartmentFacts> DbAccessFacts::department(Id id) {
    auto s = store_.db().prepare(kDepartment);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return DepartmentFacts{s->col_opt_int(0), s->col_text(1)};
}

std::optional<GroupLink> DbAccessFacts::group(Id id) {
    auto s = store_.db().prepare(kGroupLink);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return GroupLink{s->col_opt_int(0), s->col_int(1) != 0};
}

std::vector<RoleFact> DbAccessFacts::roles_of(Id person) {
    std::vector<RoleFact> roles;
    auto s = store_.db().prepare(kRolesOfUser);
    s->bind(1, person);
    while (s->step()) {
        std::string key = s->col_text(0);
        OrgRole role = key == "custom" ? OrgRole::kCustom : parse_org_role(key).value_or(OrgRole::kCustom);
        roles.push_back({role, static_cast<PermSet>(s->col_int(2)), s->col_opt_int(1)});
    }
    return roles;
}

bool DbAccessFacts::admin_member(Id user, Id group) {
    auto s = store_.db().prepare(kRoleInGroup);
    s->bind(1, group).bind(2, user);
    return s->step() && parse_group_role(s->col_text(0)) == GroupRole::kAdmin;
}

std::optional<GroupRole> DbAccessFacts::role_in(Id user, Id group) {
    auto s = store_.db().prepare(kRoleInGroup);
    s->bind(1, group).bind(2, user);
    if (!s->step()) return std::nullopt;
    return parse_group_role(s->col_text(0));
}

std::vector<Id> DbAccessFacts::groups_of(Id person) {
    std::vector<Id> groups;
    auto s = store_.db().prepare(kGroupsOfUser);
    s->bind(1, person);
    while (s->step()) groups.push_back(s->col_int(0));
    return groups;
}

std::string DbAccessFacts::group_name(Id group) { return grove::group_name(store_, group); }

}  // namespace grove
