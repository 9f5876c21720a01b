// The store: schema version, record IDs, audit entries, failed commands changing nothing (core/storage/store.cpp,
// core/org/audit.cpp).
#include <cstdio>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("a new database is migrated to the current schema and holds one organisation") {
    Fixture f;
    auto s = f.store().db().prepare("PRAGMA user_version");
    REQUIRE(s->step());
    CHECK(s->col_int(0) == Store::kSchemaVersion);
    auto org = get_org(f.store());
    REQUIRE(org);
    CHECK(org->name == "Riverside District");
    auto again = init_org(f.store(), {"Other", Plan::kTrial, "o@x.org", "O", "X"});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::kConflict);
}

TEST_CASE("every command is audited, naming people and groups") {
    Fixture f;
    Id g = f.group("Grade 9");
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    f.join(g, ada, GroupRole::kMentor);
    REQUIRE(remove_member(f.store(), f.owner, g, ada));
    auto log = read_audit(f.store(), f.owner, {});
    REQUIRE(log);
    REQUIRE(log->size() == 5);
    CHECK((*log)[0].summary == "Olive Owner removed Ada Lovelace from Grade 9.");
    CHECK((*log)[0].action == "member.remove");
    CHECK((*log)[1].summary == "Olive Owner added Ada Lovelace to Grade 9 as a mentor.");
    CHECK((*log)[2].summary == "Olive Owner added Ada Lovelace (ada@x.org).");
    CHECK((*log)[3].summary == "Olive Owner created the group Grade 9.");
    CHECK((*log)[4].action == "org.create");
    CHECK((*log)[0].at > (*log)[1].at);

    auto by_group = read_audit(f.store(), f.owner, {.group = g});
    CHECK(by_group->size() == 3);
    auto by_person = read_audit(f.store(), f.owner, {.person = ada});
    CHECK(by_person->size() == 3);
    auto by_text = read_audit(f.store(), f.owner, {.text = "MENTOR"});
    CHECK(by_text->size() == 1);
    auto by_date = read_audit(f.store(), f.owner, {.from_ms = (*log)[1].at, .to_ms = (*log)[0].at});
    CHECK(by_date->size() == 1);

    // The log keeps names as they were: renaming the group later does not rewrite history.
    REQUIRE(edit_group(f.store(), f.owner, g, {.name = "Year 9"}));
    auto after = read_audit(f.store(), f.owner, {.group = g});
    CHECK((*after)[0].summary == "Olive Owner renamed Grade 9 to Year 9.");
    CHECK((*after)[1].summary == "Olive Owner removed Ada Lovelace from Grade 9.");
}

TEST_CASE("a failed command leaves the database file byte-for-byte unchanged") {
    std::string path = "grove-store-test.db";
    std::remove(path.c_str());
    {
        auto store = Store::open(path);
        REQUIRE(store);
        REQUIRE(init_org(**store, {"Org", Plan::kStarter, "o@x.org", "Olive", "Owner"}));
        Id owner = *owner_id(**store);
        REQUIRE(create_group(**store, owner, {"Only", "", {}, {}, {}}));
    }
    auto read_file = [&] {
        std::ifstream in(path, std::ios::binary);
        return std::vector<char>(std::istreambuf_iterator<char>(in), {});
    };
    auto before = read_file();
    REQUIRE(before.size() > 0);
    {
        auto store = Store::open(path);
        REQUIRE(store);
        Id owner = *owner_id(**store);
        CHECK_FALSE(create_group(**store, owner, {"Second", "", {}, {}, {}}));        // plan cap
        CHECK_FALSE(add_user(**store, owner, {"O@X.ORG", "Dup", "Licate", {}, {}}));  // duplicate email
        CHECK_FALSE(move_group(**store, owner, 1, 1));                                // cycle
    }
    CHECK(read_file() == before);
    std::remove(path.c_str());
}

TEST_CASE("reopening a file finds everything as it was") {
    std::string path = "grove-reopen-test.db";
    std::remove(path.c_str());
    {
        auto store = Store::open(path);
        REQUIRE(init_org(**store, {"Org", Plan::kEnterprise, "o@x.org", "Olive", "Owner"}));
        REQUIRE(create_group(**store, *owner_id(**store), {"Kept", "", {}, {}, {}}));
    }
    auto store = Store::open(path);
    REQUIRE(store);
    auto tree = group_tree(**store, GroupSort::kTitle);
    REQUIRE(tree.size() == 1);
    CHECK(tree[0].name == "Kept");
    std::remove(path.c_str());
}

TEST_CASE("listeners hear of committed commands only") {
    Fixture f;
    std::uint32_t heard = 0;
    int calls = 0;
    f.store().on_change([&](std::uint32_t changes) {
        heard |= changes;
        ++calls;
    });
    auto rev = f.store().revision();
    f.group("A");
    CHECK(calls == 1);
    CHECK((heard & kChangeGroups) != 0);
    CHECK(f.store().revision() == rev + 1);
    CHECK_FALSE(create_group(f.store(), f.owner, {"", "", {}, {}, {}}));
    CHECK(calls == 1);
}

TEST_CASE("revisions per kind of change, and local settings that survive but are not organisation data") {
    Fixture f;
    auto groups_rev = f.store().revision_of(kChangeGroups);
    auto people_rev = f.store().revision_of(kChangePeople);
    f.group("A");
    CHECK(f.store().revision_of(kChangeGroups) == groups_rev + 1);
    CHECK(f.store().revision_of(kChangePeople) == people_rev);

    CHECK_FALSE(f.store().local_setting("theme").has_value());
    f.store().set_local_setting("theme", "dark");
    CHECK(f.store().local_setting("theme") == "dark");
    CHECK(f.store().revision_of(kChangeGroups) == groups_rev + 1);
    auto log = read_audit(f.store(), f.owner, {});
    CHECK(log->front().action == "group.create");  // not audited
}
