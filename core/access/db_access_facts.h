// The access facts read from the database, one query per question: what every command's check uses.
#pragma once

#include "core/access/access_facts.h"
#include "core/storage/store.h"

namespace grove {

class DbAccessFacts final : public AccessFacts {
public:
    explicit DbAccessFacts(Store& store) : store_(store) {}

    std::optional<PersonFacts> person(Id id) override;
    std::optional<DepartmentFacts> department(Id id) override;
    std::optional<GroupLink> group(Id id) override;
    std::vector<RoleFact> roles_of(Id person) override;
    bool admin_member(Id user, Id group) override;
    std::optional<GroupRole> role_in(Id user, Id group) override;
    std::vector<Id> groups_of(Id person) override;
    std::string group_name(Id group) override;

private:
    Store& store_;
};

}  // namespace grove
