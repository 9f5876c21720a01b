// Restoring the Grove file into an empty database (core/exchange/restore.cpp, F17).
#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/exchange/codec.h"
#include "core/rules/smart.h"
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
    CHECK(tree[0].user_count == 3);  // member counts recounted after the load
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
    old.replace(old.find("\"version\": 5"), 12, "\"version\": 3");
    for (size_t at; (at = old.find(", \"details\": []")) != std::string::npos;) old.erase(at, 15);
    const size_t listed = old.find(", \"details\": [");
    REQUIRE(listed != std::string::npos);
    old.erase(listed, old.find(']', listed) + 1 - listed);
    auto t = restored(old, 8);
    const auto entries = must(read_audit(*t, owner_of(*t), AuditFilter{.limit = 0, .with_details = true}));
    CHECK(entries.size() == must(read_audit(f.store(), f.owner, AuditFilter{.limit = 0})).size());
    for (const AuditEntry& e : entries) CHECK(e.detail_count == 0);
}

namespace {

// Every row a query of `columns` columns returns, one line each, columns separated by tabs.
std::string rows(Store& s, const char* sql, int columns) {
    std::string out;
    auto q = s.db().prepare_once(sql);
    while (q->step()) {
        for (int i = 0; i < columns; ++i) {
            if (i > 0) out += '\t';
            out += q->col_null(i) ? "NULL" : q->col_text(i);
        }
        out += '\n';
    }
    return out;
}

// The schema both ways: the database's own (tables, indexes, triggers) and this connection's temporary one (the
// rule engine's triggers), by name, with the SQL that made each.
constexpr const char* kSchema =
    "SELECT type, name, tbl_name, sql, '' FROM main.sqlite_schema UNION ALL "
    "SELECT type, name, tbl_name, sql, 'temp' FROM temp.sqlite_schema ORDER BY 5, 2";

std::int64_t one_number(Store& s, const char* sql) {
    auto q = s.db().prepare_once(sql);
    REQUIRE(q->step());
    return q->col_int(0);
}

// The count the groups table keeps (the Groups screen shows it).
std::int64_t member_count(Store& s, const std::string& slug) {
    auto q = s.db().prepare_once("SELECT member_count FROM groups WHERE slug = ?");
    q->bind(1, slug);
    REQUIRE(q->step());
    return q->col_int(0);
}

}  // namespace

TEST_CASE("a restore recounts each group's members once after the load, as the commands kept them") {
    Fixture f;
    build_rich(f);
    Store& origin = f.store();
    // Counts moved both ways by commands: people added, one removed, a group emptied.
    const Id grade9 = group_id(origin, "grade-9");
    f.join(grade9, person_id(origin, "ada@hill.org"));
    must(remove_member(origin, f.owner, grade9, person_id(origin, "newbie@hill.org")));
    const Id empty = f.group("Empty Club");
    f.join(empty, person_id(origin, "ada@hill.org"));
    must(remove_member(origin, f.owner, empty, person_id(origin, "ada@hill.org")));
    constexpr const char* kCounts = "SELECT uid, slug, member_count FROM groups ORDER BY uid";
    const std::string counts = rows(origin, kCounts, 3);
    REQUIRE(contains(counts, "\tgrade-9\t3\n"));
    REQUIRE(contains(counts, "\tempty-club\t0\n"));

    auto copy = restored(exported(origin), 12);
    CHECK(rows(*copy, kCounts, 3) == counts);
    // Each count is the rows themselves, and the names people are sorted and searched by are the same.
    CHECK(one_number(*copy,
                     "SELECT count(*) FROM groups g WHERE member_count <> "
                     "(SELECT count(*) FROM memberships m WHERE m.group_id = g.id)") == 0);
    constexpr const char* kNames = "SELECT uid, sort_key, search_key FROM users ORDER BY uid";
    CHECK(rows(*copy, kNames, 3) == rows(origin, kNames, 3));
    CHECK(rows(*copy, "SELECT * FROM pragma_integrity_check", 1) == "ok\n");
    // The trigger is back: a member added to the copy counts there.
    must(add_people(*copy, owner_of(*copy), group_id(*copy, "empty-club"),
                    {{person_id(*copy, "grace@hill.org")}, {}, GroupRole::kMember}));
    CHECK(member_count(*copy, "empty-club") == 1);
    // And the schema is the one a new database has, index for index and trigger for trigger.
    CHECK(rows(*copy, kSchema, 5) == rows(*empty_store(13), kSchema, 5));
}

TEST_CASE("a restore lets the smart groups' rules see every person it brings, as each row's triggers would") {
    Fixture f;
    build_rich(f);
    Store& origin = f.store();
    const Id ninth = must(create_group(origin, f.owner, {"Ninth", "", std::nullopt, {}, std::nullopt})).id;
    must(set_rule(origin, f.owner, ninth, "group \"Grade 9\" has member"));
    REQUIRE(member_count(origin, "ninth") == 3);
    std::string file = exported(origin);
    // A file whose sender's rule had not caught up with Grace: her membership of Ninth is not in it.
    auto uid_of = [&](const char* sql, Id id) {
        auto q = origin.db().prepare_once(sql);
        q->bind(1, id);
        REQUIRE(q->step());
        return q->col_text(0);
    };
    const std::string line = "\"group\": \"" + uid_of("SELECT uid FROM groups WHERE id = ?", ninth) +
                             "\", \"user\": \"" +
                             uid_of("SELECT uid FROM users WHERE id = ?", person_id(origin, "grace@hill.org")) + "\"";
    const size_t at = file.find(line);
    REQUIRE(at != std::string::npos);
    const size_t begin = file.rfind('\n', at) + 1, end = file.find('\n', at) + 1;
    REQUIRE(file.substr(end - 3, 3) == "},\n");  // not the section's last record
    file.erase(begin, end - begin);

    auto copy = restored(file, 14);
    // The rule engine saw Grace, whose rows went in without a trigger noting her, and put her back.
    CHECK(member_count(*copy, "ninth") == 3);
    // One join more than the file's own, made by the restore and naming her.
    const auto joins = audit_with_action(*copy, "rule.join");
    REQUIRE(joins.size() == audit_with_action(origin, "rule.join").size() + 1);
    const auto& made = joins.front().at > joins.back().at ? joins.front() : joins.back();
    CHECK(contains(made.summary, "restored hill.json"));
    CHECK(contains(made.summary, "Grace Hopper"));
}

TEST_CASE("a failing restore leaves the database as it was: rows, indexes, triggers and checks") {
    Fixture f;
    build_rich(f);
    const std::string file = exported(f.store());
    auto s = empty_store(15);
    const std::string schema = rows(*s, kSchema, 5);
    REQUIRE(contains(schema, "memberships_count_in"));
    REQUIRE(contains(schema, "memberships_user"));
    REQUIRE(contains(schema, "rule_members_in"));
    const auto before = s->db().serialize();

    // Cut short at the very end, after every record went in: the last thing the reader finds wrong.
    const std::string cut = file.substr(0, file.size() - 3);
    auto failed = import_json(*s, 0, "hill.json", cut);
    REQUIRE_FALSE(failed);
    CHECK(contains(failed.error().message, "ends before the organisation does"));
    CHECK(s->db().serialize() == before);
    CHECK(rows(*s, kSchema, 5) == schema);
    // A plan of the same file (a dry run) too.
    CHECK_FALSE(plan_import(*s, 0, "hill.json", cut));
    CHECK(rows(*s, kSchema, 5) == schema);
    // The schema's CHECK constraints hold again: the organisation is the row with id 1.
    CHECK(one_number(*s, "PRAGMA ignore_check_constraints") == 0);
    CHECK_THROWS_AS(s->db().exec("INSERT INTO org (id, uid, name, plan, created_at, updated_at) "
                                 "VALUES (2, 'x', 'Elsewhere', 'trial', 0, 0)"),
                    DbError);

    // The whole file then restores, into the same schema.
    must(import_json(*s, 0, "hill.json", file));
    CHECK(rows(*s, kSchema, 5) == schema);
    CHECK(exported(*s) == file);
}

TEST_CASE("a file with a second membership of a person in the same group is refused at its record, changing nothing") {
    Fixture f;
    build_rich(f);
    const std::string file = exported(f.store());
    // The second membership of the file made the first's: the same group and person, its own uid.
    const size_t start = file.find("\"memberships\": [");
    REQUIRE(start != std::string::npos);
    const size_t first = file.find("\"group\": \"", start) + 10;
    const size_t second = file.find("\"group\": \"", first) + 10;
    const size_t first_user = file.find("\"user\": \"", first) + 9;
    const size_t second_user = file.find("\"user\": \"", second) + 9;
    const size_t second_uid = file.rfind("\"uid\": \"", second) + 8;
    REQUIRE(second_uid > first);
    std::string bad = file;
    bad.replace(second, 32, file.substr(first, 32));
    bad.replace(second_user, 32, file.substr(first_user, 32));
    const auto line = 1 + std::count(bad.begin(), bad.begin() + static_cast<std::ptrdiff_t>(second), '\n');

    auto s = empty_store(16);
    const std::string schema = rows(*s, kSchema, 5);
    const auto before = s->db().serialize();
    auto r = import_json(*s, 0, "hill.json", bad);
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().message, "hill.json:" + std::to_string(line) + ": the membership " +
                                          file.substr(second_uid, 32) + " is a second one of the person " +
                                          file.substr(first_user, 32) + " in the group " + file.substr(first, 32)));
    CHECK(s->db().serialize() == before);
    CHECK(rows(*s, kSchema, 5) == schema);
    CHECK_FALSE(plan_import(*s, 0, "hill.json", bad));
    CHECK(s->db().serialize() == before);

    // The file as it was restores, and the index of pairs, built after the rows, refuses a second one as before.
    must(import_json(*s, 0, "hill.json", file));
    CHECK(rows(*s, kSchema, 5) == schema);
    CHECK(one_number(*s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'memberships_pair'") == 1);
    const Id grade9 = group_id(*s, "grade-9");
    const Id member = one_number(*s,
                                 "SELECT user_id FROM memberships WHERE group_id = (SELECT id FROM groups WHERE "
                                 "slug = 'grade-9') LIMIT 1");
    auto twice = s->db().prepare_once(
        "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES ('x', ?, ?, 'member', "
        "1, "
        "1)");
    twice->bind(1, grade9);
    twice->bind(2, member);
    CHECK_THROWS_AS(twice->run(), DbError);
    CHECK(rows(*s, "SELECT * FROM pragma_integrity_check", 1) == "ok\n");
    CHECK(exported(*s) == file);
}

TEST_CASE("uids made in the same millisecond spread over a table indexed by their hash's low bits") {
    // The reader's and writer's tables of uids are indexed by the low bits of UidHash (core/exchange/codec.h). Uids
    // that Grove makes share their first 12 digits within a millisecond (Store::new_uid): hashing only their first
    // bytes put 200,000 memberships into one run of neighbouring slots and made a restore five times slower.
    StoreOptions options;
    options.clock = [] { return std::int64_t{1767700000000}; };
    auto store = must(Store::open(":memory:", options));
    std::vector<exchange::Uid> uids(4096);
    std::vector<bool> slot(1 << 16), key_slot(1 << 16);
    size_t slots = 0, key_slots = 0;
    for (exchange::Uid& uid : uids) {
        const std::string hex = store->new_uid();
        REQUIRE(exchange::parse_uid(hex, uid));
    }
    CHECK(exchange::uid_text(uids.front()).substr(0, 12) == exchange::uid_text(uids.back()).substr(0, 12));
    for (size_t i = 0; i < uids.size(); ++i) {
        const size_t at = exchange::UidHash{}(uids[i]) & 0xffff;
        if (!slot[at]) slot[at] = true, ++slots;
        const size_t key_at = exchange::KeyHash{}({uids[0], uids[i]}) & 0xffff;
        if (!key_slot[key_at]) key_slot[key_at] = true, ++key_slots;
    }
    // 4,096 random slots of 65,536 leave about 3,970 distinct; the first bytes alone gave 1.
    CHECK(slots > 3800);
    CHECK(key_slots > 3800);
}
