// The core tests' fixture.
#include "test_support.h"

#include <doctest/doctest.h>

#include "../must.h"

namespace grove::testing {

Fixture::Fixture(Plan plan, std::uint64_t seed) {
    StoreOptions options;
    options.clock = [this] { return clock_ms += 1000; };
    options.seed = seed;
    store_ = must(Store::open(":memory:", options));
    must(init_org(*store_, {"Riverside District", plan, "owner@riverside.edu", "Olive", "Owner"}));
    owner = *owner_id(*store_);
}

Id Fixture::person(const std::string& email, const std::string& first, const std::string& last,
                   std::optional<Id> department) {
    return must(add_user(*store_, owner, {email, first, last, department, {}})).id;
}

Id Fixture::group(const std::string& name, std::optional<Id> parent) {
    return must(create_group(*store_, owner, {name, "", parent, {}, std::nullopt})).id;
}

Id Fixture::department(const std::string& name, std::optional<Id> parent) {
    return must(create_department(*store_, owner, name, parent)).id;
}

void Fixture::join(Id group, Id user, GroupRole role) { must(add_people(*store_, owner, group, {{user}, {}, role})); }

void Fixture::grant(Id user, OrgRole role, std::optional<Id> department) {
    must(grant_role(*store_, owner, user, {role, std::nullopt, department}));
}

}  // namespace grove::testing
