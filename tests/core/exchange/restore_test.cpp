// Restoring the Grove file into an empty database (core/exchange/restore.cpp, F17).
#include <doctest/doctest.h>
#include <string>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

TEST_CASE("a restored organisation holds the same people, roles, groups and memberships") {
    Fixture f;
    build_rich(f);
    auto copy = restored(exported(f.store()), 11);
    Store& s = *copy;
    CHECK(get_org(s)->name == "Riverside District");
    CHECK(get_org(s)->uid == get_org(f.store())->uid);
    Id grace = person_id(s, "grace@hill.org");
    auto values = field_values(s, grace);
    REQUIRE(values.size() == 3);
    CHECK(values[0].value == "Teacher");
    CHECK(values[1].value == "North");
    CHECK(find_user(s, person_id(s, "leaver@hill.org"))->status == UserStatus::kDeactivated);
    CHECK(find_user(s, person_id(s, "newbie@hill.org"))->status == UserStatus::kInvited);
    Id grade9 = group_id(s, "grade-9");
    CHECK(group_image(s, grade9)->bytes.size() == 10);
    CHECK(external_ids(s, grade9).size() == 2);
    CHECK(group_people(s, grade9).size() == 3);
    CHECK_FALSE(find_group(s, group_id(s, "class-9a"))->inherit);
    CHECK(roles_of(s, grace).at(0).label == "Department Admin of Science");
    auto tree = group_tree(s, GroupSort::kTitle);
    REQUIRE(tree.size() == 2);
    CHECK(tree[0].user_count == 3);  // member counts come back through the database's own triggers
    // The owner acts in the restored database as in the original.
    CHECK(must(read_audit(s, owner_of(s), {})).size() == must(read_audit(f.store(), f.owner, {})).size());
}

TEST_CASE("a plan of a restore checks the whole file and writes nothing") {
    Fixture f;
    build_rich(f);
    std::string file = exported(f.store());
    auto s = empty_store(2);
    auto before = s->db().serialize();
    auto plan = must(plan_import(*s, 0, "hill.json", file));
    CHECK(plan.into_empty);
    CHECK(plan.org_name == "Riverside District");
    CHECK(plan.changes.front() == "restore the organisation Riverside District");
    CHECK(std::find(plan.changes.begin(), plan.changes.end(), "add 7 people") != plan.changes.end());
    CHECK(s->db().serialize() == before);
}
