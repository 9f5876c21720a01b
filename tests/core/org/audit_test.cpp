// The audit log as a spreadsheet (core/org/audit.cpp): what "Export CSV" and any other export write.
#include <doctest/doctest.h>

#include "../must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

std::vector<AuditEntry> everything(Fixture& f) {
    AuditFilter all;
    all.limit = 0;
    return must(read_audit(f.store(), f.owner, all));
}

}  // namespace

TEST_CASE("the audit CSV has a header and one row per entry, newest first, times in UTC") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace");
    f.join(grade9, ada);
    const std::vector<AuditEntry> entries = everything(f);
    REQUIRE(entries.size() >= 3);

    const CsvTable table = must(read_csv(audit_csv(entries), "audit.csv"));

    REQUIRE(table.rows.size() == entries.size() + 1);
    CHECK(table.rows[0].cells == std::vector<std::string>{"at", "actor", "actor_email", "action", "summary", "group",
                                                          "person", "person_email"});
    const std::vector<std::string>& joined = table.rows[1].cells;  // the newest: Ada joining Grade 9
    REQUIRE(joined.size() == 8);
    CHECK(joined[0] == format_iso_time(entries[0].at));
    CHECK(joined[0].starts_with("2026-01-05T09:"));
    CHECK(joined[0].ends_with("Z"));
    CHECK(joined[1] == "Olive Owner");
    CHECK(joined[2] == "owner@riverside.edu");
    CHECK(joined[3] == entries[0].action);
    CHECK(joined[4] == entries[0].summary);
    CHECK(joined[5] == "Grade 9");
    CHECK(joined[6] == "Ada Lovelace");
    CHECK(joined[7] == "ada@riverside.edu");
}

TEST_CASE("the audit CSV opens in Excel: a byte-order mark, CRLF rows, no cell run as a formula") {
    Fixture f;
    f.group("=HYPERLINK(\"http://x\")");

    const std::string csv = audit_csv(everything(f));

    CHECK(
        csv.starts_with("\xef\xbb\xbf"
                        "at,actor,actor_email,action,summary,group,person,person_email\r\n"));
    CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
}

TEST_CASE("an empty audit log is a header alone") {
    CHECK(audit_csv({}) ==
          "\xef\xbb\xbf"
          "at,actor,actor_email,action,summary,group,person,person_email\r\n");
}

// ---- one rule for changes to many people (audit.h): one entry listing them all, found by the person filter

namespace {

std::vector<AuditEntry> with_action(Fixture& f, const std::string& action, bool details = false) {
    AuditFilter all;
    all.limit = 0;
    all.with_details = details;
    std::vector<AuditEntry> out;
    for (AuditEntry& e : must(read_audit(f.store(), f.owner, all)))
        if (e.action == action) out.push_back(std::move(e));
    return out;
}

}  // namespace

TEST_CASE("adding several people to a group is one entry that lists each of them") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace");
    const Id bo = f.person("bo@riverside.edu", "Bo", "Chen");
    AddPeople people;
    people.users = {ada, bo};
    people.emails = {"cy@riverside.edu"};
    must(add_people(f.store(), f.owner, grade9, people));

    const auto adds = with_action(f, "member.add", true);
    REQUIRE(adds.size() == 1);
    CHECK(adds[0].summary == "Olive Owner added people to Grade 9: added 2 people, invited 1 person.");
    CHECK(adds[0].detail_count == 3);
    REQUIRE(adds[0].details.size() == 3);
    CHECK(adds[0].details[0].name == "Ada Lovelace");
    CHECK(adds[0].details[0].email == "ada@riverside.edu");
    CHECK(adds[0].details[0].what == "added to Grade 9 as a member");
    CHECK(adds[0].details[2].email == "cy@riverside.edu");
    CHECK(adds[0].details[2].what == "invited to Grade 9 as a member");
    CHECK(with_action(f, "member.invite").empty());

    // The person filter finds it by anyone it lists, saying what it did to them.
    AuditFilter about_bo;
    about_bo.person = bo;
    const auto found = must(read_audit(f.store(), f.owner, about_bo));
    REQUIRE(found.size() == 2);  // the entry listing Bo, and Bo's creation
    CHECK(found[0].id == adds[0].id);
    CHECK(found[0].person_detail == "Bo Chen: added to Grade 9 as a member");

    // Opened, it holds everything.
    const AuditEntry opened = must(read_audit_entry(f.store(), f.owner, adds[0].id));
    CHECK(opened.summary == adds[0].summary);
    REQUIRE(opened.details.size() == 3);
    CHECK(opened.details[1].name == "Bo Chen");
}

TEST_CASE("adding one person is one entry naming them, as before") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace");
    AddPeople people;
    people.users = {ada};
    must(add_people(f.store(), f.owner, grade9, people));
    const auto adds = with_action(f, "member.add", true);
    REQUIRE(adds.size() == 1);
    CHECK(adds[0].summary == "Olive Owner added Ada Lovelace to Grade 9 as a member.");
    CHECK(adds[0].user_id == ada);
    CHECK(adds[0].detail_count == 0);
    CHECK(adds[0].details.empty());
}

TEST_CASE("copying a department is one entry listing everyone placed, not one entry per person") {
    Fixture f;
    const Id science = f.department("Science");
    const Id grade9 = f.group("Grade 9");
    std::vector<Id> people;
    for (int i = 0; i < 7; ++i) {
        people.push_back(f.person("p" + std::to_string(i) + "@riverside.edu", "P" + std::to_string(i), "Doe", science));
    }
    must(copy_people(f.store(), f.owner, grade9, {.department = science}, GroupRole::kMentor, ExistingRoles::kKeep));

    const auto copies = with_action(f, "member.copy", true);
    REQUIRE(copies.size() == 1);
    CHECK(copies[0].summary == "Olive Owner filled Grade 9 from the department Science: added 7 people.");
    REQUIRE(copies[0].details.size() == 7);
    CHECK(copies[0].details[3].what == "added to Grade 9 as a mentor");
    CHECK(with_action(f, "member.add").empty());

    AuditFilter about;
    about.person = people[6];
    const auto found = must(read_audit(f.store(), f.owner, about));
    REQUIRE(found.size() == 2);  // their creation, and the copy
    CHECK(found[0].action == "member.copy");
    CHECK(found[0].person_detail == "P6 Doe: added to Grade 9 as a mentor");
}

TEST_CASE("the audit CSV writes a row for each person an entry lists") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace");
    const Id bo = f.person("bo@riverside.edu", "Bo", "Chen");
    AddPeople people;
    people.users = {ada, bo};
    must(add_people(f.store(), f.owner, grade9, people));
    AuditFilter newest;
    newest.limit = 1;
    newest.with_details = true;
    const CsvTable table = must(read_csv(audit_csv(must(read_audit(f.store(), f.owner, newest))), "audit.csv"));
    REQUIRE(table.rows.size() == 4);
    CHECK(table.rows[1].cells[4] == "Olive Owner added people to Grade 9: added 2 people.");
    CHECK(table.rows[2].cells == std::vector<std::string>{table.rows[1].cells[0], "Olive Owner", "owner@riverside.edu",
                                                          "member.add", "added to Grade 9 as a member", "Grade 9",
                                                          "Ada Lovelace", "ada@riverside.edu"});
    CHECK(table.rows[3].cells[6] == "Bo Chen");
    CHECK(table.rows[3].cells[7] == "bo@riverside.edu");
}

TEST_CASE("a rule that brings in several people is one entry for the group, listing them") {
    Fixture f;
    const Id science = f.department("Science");
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace", science);
    f.person("bo@riverside.edu", "Bo", "Chen", science);
    f.person("cy@riverside.edu", "Cy", "Diaz");
    const Id lab = f.group("Lab");
    must(set_rule(f.store(), f.owner, lab, R"(department is "Science")"));

    const auto joins = with_action(f, "rule.join", true);
    REQUIRE(joins.size() == 1);
    CHECK(joins[0].summary.starts_with("2 people joined Lab, after: Olive Owner set the rule of Lab to: "));
    REQUIRE(joins[0].details.size() == 2);
    CHECK(joins[0].details[0].what == "joined by its rule");

    // One person leaving is an entry naming them.
    must(edit_user(f.store(), f.owner, ada, {.department_id = std::optional<Id>()}));
    const auto leaves = with_action(f, "rule.leave");
    REQUIRE(leaves.size() == 1);
    CHECK(leaves[0].summary.starts_with("Ada Lovelace left Lab by its rule, after: Olive Owner edited Ada Lovelace"));
    CHECK(leaves[0].user_id == ada);
}

TEST_CASE("deleting a department lists each person who moves up") {
    Fixture f;
    const Id school = f.department("School");
    const Id science = f.department("Science", school);
    f.person("ada@riverside.edu", "Ada", "Lovelace", science);
    f.person("bo@riverside.edu", "Bo", "Chen", science);
    must(delete_department(f.store(), f.owner, science));
    const auto deletes = with_action(f, "department.delete", true);
    REQUIRE(deletes.size() == 1);
    REQUIRE(deletes[0].details.size() == 2);
    CHECK(deletes[0].details[0].name == "Ada Lovelace");
    CHECK(deletes[0].details[0].what == "was in Science; moved to School");
}

// ---- stable references: entries name records by uid, and SQLite hands a deleted record's row ID to the next one

namespace {

std::vector<AuditEntry> about_group(Fixture& f, Id group) {
    AuditFilter filter;
    filter.group = group;
    filter.limit = 0;
    return must(read_audit(f.store(), f.owner, filter));
}

std::vector<AuditEntry> about_person(Fixture& f, Id person) {
    AuditFilter filter;
    filter.person = person;
    filter.limit = 0;
    return must(read_audit(f.store(), f.owner, filter));
}

}  // namespace

TEST_CASE("a deleted group's entries still name it, not the new group that took its row ID") {
    Fixture f;
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace");
    const Id drama = f.group("Drama Club");
    f.join(drama, ada);
    const std::string drama_uid = *group_uid(f.store(), drama);
    must(delete_group(f.store(), f.owner, drama, SubgroupFate::kLiftThem));
    const Id chess = f.group("Chess Club");
    REQUIRE(chess == drama);  // SQLite gave the new group the deleted one's row ID
    f.join(chess, ada);
    const std::string chess_uid = *group_uid(f.store(), chess);
    REQUIRE(chess_uid != drama_uid);

    // The old entries name the deleted group by its uid, and know it is gone.
    int drama_entries = 0;
    for (const AuditEntry& e : everything(f)) {
        if (e.group_name != "Drama Club") continue;
        ++drama_entries;
        CHECK(e.group_uid == drama_uid);
        CHECK_FALSE(e.group_id.has_value());
        CHECK(e.group_deleted());
    }
    CHECK(drama_entries == 3);  // created, Ada added, deleted

    // The new group's entries are its own, and its filter shows none of the old group's.
    const auto chess_log = about_group(f, chess);
    REQUIRE(chess_log.size() == 2);
    CHECK(chess_log[0].summary == "Olive Owner added Ada Lovelace to Chess Club as a member.");
    CHECK(chess_log[1].summary == "Olive Owner created the group Chess Club.");
    for (const AuditEntry& e : chess_log) {
        CHECK(e.group_uid == chess_uid);
        CHECK(e.group_id == chess);
        CHECK_FALSE(e.group_deleted());
    }

    // Opened, an old entry still names Drama Club as deleted.
    const auto ada_log = about_person(f, ada);
    REQUIRE(ada_log.size() == 3);  // added to Chess Club, added to Drama Club, her creation
    const AuditEntry old = must(read_audit_entry(f.store(), f.owner, ada_log[1].id));
    CHECK(old.summary == "Olive Owner added Ada Lovelace to Drama Club as a member.");
    CHECK(old.group_uid == drama_uid);
    CHECK(old.group_deleted());
    CHECK(old.user_id == ada);
}

TEST_CASE("a deleted person's entries still name them, not the new person who took their row ID") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    const Id bea = f.person("bea@riverside.edu", "Bea", "Old");
    f.grant(bea, OrgRole::kAdmin);
    f.join(grade9, bea);
    must(create_group(f.store(), bea, {"Bea's Club", "", std::nullopt, {}, std::nullopt}));  // Bea acts
    const std::string bea_uid = *user_uid(f.store(), bea);
    // Grove deletes a person only when a merge brings another planner's deletion (tests/core/exchange/ shows
    // that path); here the row goes as that merge deletes it.
    f.store().db().prepare("DELETE FROM users WHERE id = ?")->bind(1, bea).run();
    const Id cy = f.person("cy@riverside.edu", "Cy", "New");
    REQUIRE(cy == bea);  // SQLite gave the new person the deleted one's row ID

    // Cy's filter shows Cy's entries only: not what Bea did, nor what was done to her.
    const auto cy_log = about_person(f, cy);
    REQUIRE(cy_log.size() == 1);
    CHECK(cy_log[0].summary == "Olive Owner added Cy New (cy@riverside.edu).");
    CHECK(cy_log[0].user_id == cy);
    CHECK(cy_log[0].user_email == "cy@riverside.edu");

    // Bea's entries still name her, as deleted, with no one's email.
    const auto all = everything(f);
    int as_actor = 0, as_person = 0;
    for (const AuditEntry& e : all) {
        if (e.actor_name == "Bea Old") {
            ++as_actor;
            CHECK(e.actor_uid == bea_uid);
            CHECK(e.actor_deleted());
            CHECK(e.actor_email.empty());
        }
        if (e.user_name == "Bea Old") {
            ++as_person;
            CHECK(e.user_uid == bea_uid);
            CHECK(e.user_deleted());
            CHECK(e.user_email.empty());
        }
    }
    CHECK(as_actor == 1);   // created Bea's Club
    CHECK(as_person == 3);  // added, made an admin, added to Grade 9
    // The CSV never puts Cy's email beside Bea.
    const std::string csv = audit_csv(all);
    CHECK(csv.find("Bea Old,cy@riverside.edu") == std::string::npos);
    CHECK(csv.find("Bea Old,,") != std::string::npos);
}
