// Access facts held in memory: one pass over each table the rules look at, the rest read once on demand.
#include "core/access/snapshot_access_facts.h"

#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kAllPeople = "SELECT id, status, department_id, first_name, last_name, email FROM users";
constexpr const char* kAllDepartments = "SELECT id, parent_id, name FROM departments";
constexpr const char* kAllGroups = "SELECT id, parent_id, inherit FROM groups";
constexpr const char* kPeopleWithRoles = "SELECT DISTINCT user_id FROM org_roles";
constexpr const char* kMembershipsOfUser = "SELECT group_id, role FROM memberships WHERE user_id = ?";

}  // namespace

SnapshotAccessFacts::SnapshotAccessFacts(Store& store, Id actor) : db_(store), actor_(actor) {
    Db& db = store.db();
    {
        auto s = db.prepare(kAllPeople);
        while (s->step()) {
            PersonFacts p;
            p.status = parse_user_status(s->col_text(1)).value_or(UserStatus::kActive);
            p.department = s->col_opt_int(2);
            p.name = person_name(s->col_text(3), s->col_text(4), s->col_text(5));
            people_.emplace(s->col_int(0), std::move(p));
        }
    }
    read_rest(store);
}

SnapshotAccessFacts::SnapshotAccessFacts(Store& store, Id actor, std::unordered_map<Id, PersonFacts> people)
    : db_(store), actor_(actor), people_(std::move(people)) {
    read_rest(store);
}

void SnapshotAccessFacts::read_rest(Store& store) {
    Db& db = store.db();
    {
        auto s = db.prepare(kAllDepartments);
        while (s->step()) departments_.emplace(s->col_int(0), DepartmentFacts{s->col_opt_int(1), s->col_text(2)});
    }
    {
        auto s = db.prepare(kAllGroups);
        while (s->step()) groups_.emplace(s->col_int(0), GroupLink{s->col_opt_int(1), s->col_int(2) != 0});
    }
    {
        auto s = db.prepare(kPeopleWithRoles);
        while (s->step()) with_roles_.insert(s->col_int(0));
    }
    {
        auto s = db.prepare(kMembershipsOfUser);
        s->bind(1, actor_);
        while (s->step()) {
            if (parse_group_role(s->col_text(1)) == GroupRole::kAdmin) actor_admin_of_.insert(s->col_int(0));
        }
    }
}

Id SnapshotAccessFacts::add_pending_person(std::optional<Id> department, std::string name) {
    pending_.push_back({UserStatus::kActive, department, std::move(name)});
    return -static_cast<Id>(pending_.size());
}

void SnapshotAccessFacts::plan_person(Id id, std::optional<Id> department, std::string name) {
    PersonFacts& p = id < 0 ? pending_.at(static_cast<size_t>(-id - 1)) : people_[id];
    p.department = department;
    p.name = std::move(name);
}

std::optional<PersonFacts> SnapshotAccessFacts::person(Id id) {
    if (id < 0) {
        auto index = static_cast<size_t>(-(id + 1));
        if (index >= pending_.size()) return std::nullopt;
        return pending_[index];
    }
    auto it = people_.find(id);
    if (it == people_.end()) return std::nullopt;
    return it->second;
}

std::optional<DepartmentFacts> SnapshotAccessFacts::department(Id id) {
    auto it = departments_.find(id);
    if (it == departments_.end()) return std::nullopt;
    return it->second;
}

std::optional<GroupLink> SnapshotAccessFacts::group(Id id) {
    auto it = groups_.find(id);
    if (it == groups_.end()) return std::nullopt;
    return it->second;
}

std::vector<RoleFact> SnapshotAccessFacts::roles_of(Id person) {
    // Most people hold no org role: they need no query at all.
    if (!with_roles_.count(person)) return {};
    auto it = roles_.find(person);
    if (it == roles_.end()) it = roles_.emplace(person, db_.roles_of(person)).first;
    return it->second;
}

bool SnapshotAccessFacts::admin_member(Id user, Id group) {
    if (user == actor_) return actor_admin_of_.count(group) != 0;
    return db_.admin_member(user, group);
}

// Asked only by the learning commands, one person at a time: straight from the database.
std::optional<GroupRole> SnapshotAccessFacts::role_in(Id user, Id group) { return db_.role_in(user, group); }

std::vector<Id> SnapshotAccessFacts::groups_of(Id person) {
    if (person < 0) return {};  // a pending person belongs to no group yet
    auto it = groups_of_.find(person);
    if (it == groups_of_.end()) it = groups_of_.emplace(person, db_.groups_of(person)).first;
    return it->second;
}

// Asked only when a refusal names a group: not worth a copy of every name.
std::string SnapshotAccessFacts::group_name(Id group) { return db_.group_name(group); }

}  // namespace grove
