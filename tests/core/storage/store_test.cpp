// The store: schema version, record IDs, audit entries, failed commands changing nothing (core/storage/store.cpp,
// core/org/audit.cpp).
#include <cstdio>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

namespace {
// A database as an older Grove left it: migrated up to `schema` only.
std::unique_ptr<Store> open_at_schema(const std::string& path, int schema) {
    StoreOptions options;
    options.schema_version = schema;
    auto old = Store::open(path, options);
    REQUIRE(old);
    return std::move(*old);
}
}  // namespace

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

TEST_CASE("record IDs are 32 hex digits that begin with the time and never sort before an earlier one") {
    // The clock goes forward, stands still and goes back (a corrected system clock): IDs still only grow in
    // their first 12 digits, so a new record's uid lands at one end of its unique index.
    std::int64_t now = 0x0123456789ab;
    StoreOptions options;
    options.clock = [&now] { return now; };
    options.seed = 7;
    auto opened = Store::open(":memory:", options);
    REQUIRE(opened);
    Store& store = **opened;
    std::vector<std::string> uids;
    for (std::int64_t step : {0, 0, 5, -3000, 0, 1}) {
        now += step;
        uids.push_back(store.new_uid());
    }
    for (const std::string& uid : uids) {
        CAPTURE(uid);
        REQUIRE(uid.size() == 32);
        CHECK(uid.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    CHECK(uids[0].substr(0, 12) == "0123456789ab");
    CHECK(uids[1].substr(0, 12) == "0123456789ab");
    CHECK(uids[0] != uids[1]);  // the same millisecond: the 80 random bits tell them apart
    CHECK(uids[2].substr(0, 12) == "0123456789b0");
    CHECK(uids[3].substr(0, 12) == "0123456789b0");  // the clock went back: the time part stays
    CHECK(uids[5].substr(0, 12) == "0123456789b0");
    now += 3000;  // the clock passes the time part again: it moves on
    CHECK(store.new_uid().substr(0, 12) == "0123456789b1");
    for (std::size_t i = 1; i < uids.size(); ++i) CHECK(uids[i].substr(0, 12) >= uids[i - 1].substr(0, 12));
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

TEST_CASE("a database of schema 6 migrates its audit log to uids, never to a record that took a deleted one's ID") {
    const std::string path = "grove-migrate-audit-test.db";
    std::remove(path.c_str());
    auto uid = [](char c) { return std::string(32, c); };
    {
        // As Grove with schema 6 left it: entries name records by row ID.
        auto old = open_at_schema(path, 6);
        Db& db = old->db();
        db.prepare(
              "INSERT INTO org (id, uid, name, plan, created_at, updated_at) VALUES (1, ?, 'Org', 'enterprise', 1000, "
              "1000)")
            ->bind(1, uid('0'))
            .run();
        auto person = [&](const std::string& u, const std::string& email, const std::string& first) {
            db.prepare(
                  "INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
                  "VALUES (?, ?, ?, 'Doe', 'active', 1000, 1000)")
                ->bind_all(u, email, first)
                .run();
            return db.last_insert_id();
        };
        const Id owner = person(uid('a'), "owner@x.org", "Olive");
        const Id ada = person(uid('b'), "ada@x.org", "Ada");
        db.prepare("INSERT INTO org_roles (uid, user_id, role, created_at) VALUES (?, ?, 'owner', 1000)")
            ->bind_all(uid('c'), owner)
            .run();
        auto group = [&](const std::string& u, const std::string& name, const std::string& slug, std::int64_t at) {
            db.prepare("INSERT INTO groups (uid, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                ->bind_all(u, name, slug, at, at)
                .run();
            return db.last_insert_id();
        };
        auto entry = [&](std::int64_t at, std::optional<Id> actor, const std::string& action, std::optional<Id> g,
                         const std::string& g_name, std::optional<Id> user, const std::string& user_name) {
            db.prepare(
                  "INSERT INTO audit (uid, at, actor_id, actor_name, action, summary, group_id, group_name, user_id, "
                  "user_name) VALUES (?, ?, ?, 'Olive Doe', ?, ?, ?, ?, ?, ?)")
                ->bind_all(std::to_string(at), at, actor, action, "entry at " + std::to_string(at), g, g_name, user,
                           user_name)
                .run();
        };
        const Id grade9 = group(uid('d'), "Grade 9", "grade-9", 1000);
        const Id club = group(uid('e'), "Old Club", "old-club", 1000);
        entry(2000, owner, "group.create", grade9, "Grade 9", std::nullopt, "");
        entry(2100, owner, "member.add", club, "Old Club", ada, "Ada Doe");
        entry(2200, owner, "group.delete", club, "Old Club", std::nullopt, "");
        db.prepare("DELETE FROM groups WHERE id = ?")->bind(1, club).run();
        const Id chess = group(uid('f'), "Chess Club", "chess-club", 3000);
        REQUIRE(chess == club);  // the row ID an older Grove's entries still name
        entry(3100, owner, "group.create", chess, "Chess Club", std::nullopt, "");
        entry(3200, owner, "member.add", grade9, "Grade 9", ada, "Ada Doe");
        entry(3300, owner, "user.edit", std::nullopt, "", 99, "Gone Person");  // nobody has ID 99 now
        auto version = db.prepare("PRAGMA user_version");
        REQUIRE(version->step());
        REQUIRE(version->col_int(0) == 6);
    }
    auto store = Store::open(path);
    REQUIRE(store);
    {
        Store& s = **store;
        auto version = s.db().prepare("PRAGMA user_version");
        REQUIRE(version->step());
        CHECK(version->col_int(0) == Store::kSchemaVersion);
        auto ids_left = s.db().prepare(
            "SELECT count(*) FROM pragma_table_info('audit') WHERE name IN ('actor_id', 'group_id', 'user_id')");
        REQUIRE(ids_left->step());
        CHECK(ids_left->col_int(0) == 0);

        // Each entry names by uid the record its row ID named, where that record is still the one it named.
        auto row = s.db().prepare(
            "SELECT ifnull(actor_uid, '-'), ifnull(group_uid, '-'), group_name, ifnull(user_uid, '-'), user_name "
            "FROM audit WHERE at = ?");
        auto named = [&](std::int64_t at) {
            row->reset();
            row->bind(1, at);
            REQUIRE(row->step());
            return row->col_text(0) + " " + row->col_text(1) + " " + row->col_text(2) + " " + row->col_text(3) + " " +
                   row->col_text(4);
        };
        CHECK(named(2000) == uid('a') + " " + uid('d') + " Grade 9 - ");
        // Chess Club was made after these entries: it took Old Club's row ID, so they name no group; the name stays.
        CHECK(named(2100) == uid('a') + " - Old Club " + uid('b') + " Ada Doe");
        CHECK(named(2200) == uid('a') + " - Old Club - ");
        CHECK(named(3100) == uid('a') + " " + uid('f') + " Chess Club - ");
        CHECK(named(3200) == uid('a') + " " + uid('d') + " Grade 9 " + uid('b') + " Ada Doe");
        CHECK(named(3300) == uid('a') + " -  - Gone Person");

        // The filters go by uid: Chess Club's log is its own.
        const Id owner = *owner_id(s);
        const Id chess = find_group_by_slug(s, "chess-club")->id;
        auto chess_log = read_audit(s, owner, {.group = chess});
        REQUIRE(chess_log);
        REQUIRE(chess_log->size() == 1);
        CHECK((*chess_log)[0].summary == "entry at 3100");
        auto ada_log = read_audit(s, owner, {.person = find_user_by_email(s, "ada@x.org")->id});
        REQUIRE(ada_log);
        REQUIRE(ada_log->size() == 2);
        CHECK((*ada_log)[0].summary == "entry at 3200");
        CHECK((*ada_log)[1].summary == "entry at 2100");
        // And new entries are written by uid.
        REQUIRE(create_group(s, owner, {"Grade 10", "", {}, {}, {}}));
        auto newest = read_audit(s, owner, {.limit = 1});
        REQUIRE(newest);
        CHECK((*newest)[0].group_uid == *group_uid(s, find_group_by_slug(s, "grade-10")->id));
    }  // the statements above end before the store
    store->reset();
    std::remove(path.c_str());
}

TEST_CASE("a database of schema 11 keeps its memberships through migration 12, one per person and group as before") {
    const std::string path = "grove-migrate-pair-test.db";
    std::remove(path.c_str());
    auto uid = [](char c) { return std::string(32, c); };
    constexpr const char* kRows = "SELECT id, uid, group_id, user_id, role, created_at, updated_at FROM memberships";
    auto all_rows = [&](Db& db) {
        std::string out;
        auto q = db.prepare(kRows);
        while (q->step()) {
            for (int i = 0; i < 7; ++i) out += q->col_text(i) + (i < 6 ? "\t" : "\n");
        }
        return out;
    };
    std::string before;
    Id grade9 = 0, ada = 0;
    {
        // As Grove with schema 11 left it: the pair is a constraint of the table, its index SQLite's own.
        auto old = open_at_schema(path, 11);
        Db& db = old->db();
        auto person = [&](const std::string& u, const std::string& email) {
            db.prepare(
                  "INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
                  "VALUES (?, ?, 'A', 'Doe', 'active', 1000, 1000)")
                ->bind_all(u, email)
                .run();
            return db.last_insert_id();
        };
        ada = person(uid('a'), "ada@x.org");
        const Id bo = person(uid('b'), "bo@x.org");
        db.prepare(
              "INSERT INTO groups (uid, name, slug, created_at, updated_at) VALUES (?, 'Grade 9', 'grade-9', 1, 1)")
            ->bind(1, uid('c'))
            .run();
        grade9 = db.last_insert_id();
        auto member = [&](const std::string& u, Id user, const char* role) {
            db.prepare(
                  "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, 2000, 3000)")
                ->bind_all(u, grade9, user, std::string(role))
                .run();
        };
        member(uid('d'), ada, "admin");
        member(uid('e'), bo, "mentor");
        // Ada removed and added again: her row ID is a new one, and the first is a gap.
        db.prepare("DELETE FROM memberships WHERE uid = ?")->bind(1, uid('d')).run();
        member(uid('f'), ada, "member");
        before = all_rows(db);
        auto autoindex = db.prepare(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'memberships' AND sql IS NULL");
        REQUIRE(autoindex->step());
        REQUIRE(autoindex->col_int(0) == 2);  // uid, and (group_id, user_id)
    }
    auto store = Store::open(path);
    REQUIRE(store);
    {
        Db& db = (**store).db();
        auto version = db.prepare("PRAGMA user_version");
        REQUIRE(version->step());
        CHECK(version->col_int(0) == Store::kSchemaVersion);
        // The same rows, row IDs and all, and the count the groups table keeps.
        CHECK(all_rows(db) == before);
        auto count = db.prepare("SELECT member_count FROM groups WHERE id = ?");
        count->bind(1, grade9);
        REQUIRE(count->step());
        CHECK(count->col_int(0) == 2);
        // The pair is now an index of its own name, which a restore can set aside.
        auto pair = db.prepare(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'memberships_pair' AND tbl_name = "
            "'memberships'");
        REQUIRE(pair->step());
        CHECK(pair->col_text(0) == "CREATE UNIQUE INDEX memberships_pair ON memberships(group_id, user_id)");
        // And it still refuses a second membership of the same person in the same group.
        CHECK_THROWS_AS(db.prepare("INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
                                   "VALUES ('x', ?, ?, 'member', 1, 1)")
                            ->bind_all(grade9, ada)
                            .run(),
                        DbError);
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check->step());
        CHECK(check->col_text(0) == "ok");
        // The schema is the one a new database has, object for object.
        constexpr const char* kSchema =
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name = 'memberships' ORDER BY name";
        auto fresh = Store::open(":memory:");
        REQUIRE(fresh);
        auto schema = [&](Db& d) {
            std::string out;
            auto q = d.prepare(kSchema);
            while (q->step()) out += q->col_text(0) + " " + q->col_text(1) + " " + q->col_text(3) + "\n";
            return out;
        };
        CHECK(schema(db) == schema((**fresh).db()));
        // The member count's triggers are back: a removal counts.
        db.prepare("DELETE FROM memberships WHERE uid = ?")->bind(1, uid('e')).run();
        count->reset();
        count->bind(1, grade9);
        REQUIRE(count->step());
        CHECK(count->col_int(0) == 1);
    }
    store->reset();
    std::remove(path.c_str());
}

TEST_CASE("a database of schema 12 finds a group's staff through memberships_staff after migration 13") {
    const std::string path = "grove-migrate-staff-test.db";
    std::remove(path.c_str());
    auto uid = [](char c, int i) { return std::string(31, c) + static_cast<char>('a' + i); };
    Id grade9 = 0;
    std::vector<Id> people;
    {
        // As Grove with schema 12 left it: every membership in memberships_group_role.
        auto old = open_at_schema(path, 12);
        Db& db = old->db();
        db.prepare(
              "INSERT INTO groups (uid, name, slug, created_at, updated_at) VALUES (?, 'Grade 9', 'grade-9', 1, 1)")
            ->bind(1, uid('c', 0))
            .run();
        grade9 = db.last_insert_id();
        const char* roles[] = {"member", "mentor", "member", "admin", "member", "mentor"};
        for (int i = 0; i < 6; ++i) {
            db.prepare(
                  "INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
                  "VALUES (?, ?, 'A', 'Doe', 'active', 1000, 1000)")
                ->bind_all(uid('u', i), "p" + std::to_string(i) + "@x.org")
                .run();
            people.push_back(db.last_insert_id());
            db.prepare(
                  "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, 2000, 3000)")
                ->bind_all(uid('m', i), grade9, people.back(), std::string(roles[i]))
                .run();
        }
        auto old_index = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'memberships_group_role'");
        REQUIRE(old_index->step());
        REQUIRE(old_index->col_int(0) == 1);
    }
    auto store = Store::open(path);
    REQUIRE(store);
    {  // every statement finished before the store closes
        Db& db = (**store).db();
        auto version = db.prepare("PRAGMA user_version");
        REQUIRE(version->step());
        CHECK(version->col_int(0) == Store::kSchemaVersion);
        // The index of every membership by role is gone; the staff's index holds the staff alone.
        auto names = db.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'memberships' "
            "AND sql IS NOT NULL ORDER BY name");
        std::vector<std::string> indexes;
        while (names->step()) indexes.push_back(names->col_text(0));
        CHECK(indexes == std::vector<std::string>{"memberships_pair", "memberships_staff", "memberships_user"});
        auto staff_of = [&] {
            auto q = db.prepare(
                "SELECT user_id, role FROM memberships INDEXED BY memberships_staff "
                "WHERE group_id = ? AND role <> 'member' ORDER BY user_id");
            q->bind(1, grade9);
            std::string out;
            while (q->step()) out += std::to_string(q->col_int(0)) + " " + q->col_text(1) + "\n";
            return out;
        };
        auto line = [&](size_t i, const char* role) { return std::to_string(people[i]) + " " + role + "\n"; };
        CHECK(staff_of() == line(1, "mentor") + line(3, "admin") + line(5, "mentor"));
        // The two ways Grove asks for a group's staff (core/org/memberships.cpp, core/learning/work.cpp) read that
        // index, the first without the table.
        auto plan = [&](const char* sql) {
            auto q = db.prepare((std::string("EXPLAIN QUERY PLAN ") + sql).c_str());
            q->bind(1, grade9);
            std::string out;
            while (q->step()) out += q->col_text(3) + "\n";
            return out;
        };
        CHECK(plan("SELECT m.user_id, m.role FROM memberships m WHERE m.group_id = ? AND m.role <> 'member'")
                  .find("COVERING INDEX memberships_staff") != std::string::npos);
        CHECK(plan("SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id "
                   "WHERE m.group_id = ? AND m.role = 'mentor' AND m.role <> 'member' AND u.status != 'deactivated'")
                  .find("INDEX memberships_staff") != std::string::npos);
        // A role changed afterwards moves in and out of it.
        db.prepare("UPDATE memberships SET role = 'mentor' WHERE group_id = ? AND user_id = ?")
            ->bind_all(grade9, people[0])
            .run();
        db.prepare("UPDATE memberships SET role = 'member' WHERE group_id = ? AND user_id = ?")
            ->bind_all(grade9, people[3])
            .run();
        CHECK(staff_of() == line(0, "mentor") + line(1, "mentor") + line(5, "mentor"));
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check->step());
        CHECK(check->col_text(0) == "ok");
        // The schema is the one a new database has.
        auto fresh = Store::open(":memory:");
        REQUIRE(fresh);
        auto schema = [&](Db& d) {
            std::string out;
            auto q =
                d.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'memberships' ORDER BY name");
            while (q->step()) out += q->col_text(0) + " " + q->col_text(1) + " " + q->col_text(2) + "\n";
            return out;
        };
        CHECK(schema(db) == schema((**fresh).db()));
    }
    store->reset();
    std::remove(path.c_str());
}
