// The access facts of one acting person, read once into memory, so a bulk path (an upload of 100,000 rows)
// asks the same rules as every command without a query per row; it also knows what the bulk path plans.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/access/access_facts.h"
#include "core/access/db_access_facts.h"
#include "core/storage/store.h"

namespace grove {

class SnapshotAccessFacts final : public AccessFacts {
public:
    // Reads every person, department and group, who holds org roles, and the actor's admin memberships.
    // Role details and other people's memberships are read when first asked for, then kept. The store
    // must not change while the snapshot is in use, except as plan_person and add_pending_person say.
    SnapshotAccessFacts(Store& store, Id actor);
    // The same with the people already read by the caller (a bulk path that reads them a slice at a time
    // anyway, so that no single step reads all of them twice).
    SnapshotAccessFacts(Store& store, Id actor, std::unordered_map<Id, PersonFacts> people);

    // A person about to be added (they have no record yet): a provisional ID, below zero so that it is never
    // a record's, to put in an AccessTarget. They hold no roles and no memberships.
    Id add_pending_person(std::optional<Id> department, std::string name);
    // A person as the bulk path will leave them: later questions see the new department and name.
    void plan_person(Id id, std::optional<Id> department, std::string name);

    std::optional<PersonFacts> person(Id id) override;
    std::optional<DepartmentFacts> department(Id id) override;
    std::optional<GroupLink> group(Id id) override;
    std::vector<RoleFact> roles_of(Id person) override;
    bool admin_member(Id user, Id group) override;
    std::optional<GroupRole> role_in(Id user, Id group) override;
    std::vector<Id> groups_of(Id person) override;
    std::string group_name(Id group) override;

private:
    void read_rest(Store& store);

    DbAccessFacts db_;  // for what is read on first question
    Id actor_;
    std::unordered_map<Id, PersonFacts> people_;
    std::vector<PersonFacts> pending_;  // provisional ID -1 is pending_[0], -2 is pending_[1], ...
    std::unordered_map<Id, DepartmentFacts> departments_;
    std::unordered_map<Id, GroupLink> groups_;
    std::unordered_set<Id> with_roles_;
    std::unordered_map<Id, std::vector<RoleFact>> roles_;
    std::unordered_set<Id> actor_admin_of_;
    std::unordered_map<Id, std::vector<Id>> groups_of_;
};

}  // namespace grove
