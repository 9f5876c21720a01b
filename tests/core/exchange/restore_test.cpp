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

TEST_CASE("an audit entry listing many people travels in the file, and a file without details still reads") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    AddPeople people;
    people.users = {f.person("ada@hill.org", "Ada", "Lovelace"), f.person("bo@hill.org", "Bo", "Chen")};
    must(add_people(f.store(), f.owner, grade9, people));
    const std::string file = exported(f.store());
    CHECK(contains(file, "\"details\": []"));
    CHECK(contains(file, "\\tAda Lovelace\\tada@hill.org\\tadded to Grade 9 as a member\""));

    auto s = restored(file, 7);
    AuditFilter about;
    about.person = person_id(*s, "bo@hill.org");
    about.with_details = true;
    const auto found = must(read_audit(*s, owner_of(*s), about));
    REQUIRE(found.size() == 2);  // Bo's creation, and the entry that lists Bo
    CHECK(found[0].action == "member.add");
    CHECK(found[0].person_detail == "Bo Chen: added to Grade 9 as a member");
    REQUIRE(found[0].details.size() == 2);
    CHECK(exported(*s) == file);

    // A version 3 file has no details: its entries read with none.
    std::string old = file;
    old.replace(old.find("\"version\": 4"), 12, "\"version\": 3");
    for (size_t at; (at = old.find(", \"details\": []")) != std::string::npos;) old.erase(at, 15);
    const size_t listed = old.find(", \"details\": [");
    REQUIRE(listed != std::string::npos);
    old.erase(listed, old.find(']', listed) + 1 - listed);
    auto t = restored(old, 8);
    const auto entries = must(read_audit(*t, owner_of(*t), AuditFilter{.limit = 0, .with_details = true}));
    CHECK(entries.size() == must(read_audit(f.store(), f.owner, AuditFilter{.limit = 0})).size());
    for (const AuditEntry& e : entries) CHECK(e.detail_count == 0);
}
