// Undo and redo (core/org/undo.cpp, core/storage/undo_log.cpp): every kind of command stepped back and forth,
// refusals when a later change touched the same records, permissions, the audit, the redo stack, pruning and reload.
#include <algorithm>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <functional>
#include <sqlite3.h>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

// The organisation's data as sorted lines per table: everything undo puts back (not the audit log or undo's own
// steps, which a step never changes).
std::string data_of(Store& store) {
    sqlite3* db = store.db().handle();
    std::vector<std::string> tables;
    {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name "
                           "NOT IN ('audit', 'undo_steps', 'local_settings', 'org_lock', 'rule_clock') ORDER BY name",
                           -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW)
            tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
    }
    std::string out;
    for (const std::string& table : tables) {
        std::vector<std::string> rows;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, ("SELECT * FROM " + table).c_str(), -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            std::string row;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                const unsigned char* text = sqlite3_column_text(s, c);
                row += text ? reinterpret_cast<const char*>(text) : "NULL";
                row += '|';
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(s);
        std::sort(rows.begin(), rows.end());
        out += "[" + table + "]\n";
        for (const auto& row : rows) out += row + "\n";
    }
    return out;
}

// Runs `change`, then undoes it (the data is as before), redoes it (as after), and undoes it again.
void steps_back_and_forth(Fixture& f, const std::string& label, const std::function<void()>& change) {
    const std::string before = data_of(f.store());
    change();
    const std::string after = data_of(f.store());
    REQUIRE(after != before);
    CHECK(must(can_undo(f.store(), f.owner)) == label);
    CHECK(must(undo(f.store(), f.owner)) == label);
    CHECK(data_of(f.store()) == before);
    CHECK(must(can_redo(f.store(), f.owner)) == label);
    CHECK(must(redo(f.store(), f.owner)) == label);
    CHECK(data_of(f.store()) == after);
    must(undo(f.store(), f.owner));
    CHECK(data_of(f.store()) == before);
}

// The same for a command whose step is named by whatever its audit entry says.
void steps_back_and_forth(Fixture& f, const std::function<void()>& change) {
    const std::string before = data_of(f.store());
    change();
    const std::string after = data_of(f.store());
    REQUIRE(after != before);
    const std::string label = must(can_undo(f.store(), f.owner));
    CHECK_FALSE(label.empty());
    CHECK(must(undo(f.store(), f.owner)) == label);
    CHECK(data_of(f.store()) == before);
    CHECK(must(redo(f.store(), f.owner)) == label);
    CHECK(data_of(f.store()) == after);
    must(undo(f.store(), f.owner));
    CHECK(data_of(f.store()) == before);
}

std::vector<std::string> audit_summaries(Fixture& f) {
    std::vector<std::string> out;
    for (const auto& e : must(read_audit(f.store(), f.owner, {.limit = 10}))) out.push_back(e.summary);
    return out;
}

// The count the memberships triggers keep on the group's row.
std::int64_t stored_count(Fixture& f, Id group) {
    auto s = f.store().db().prepare("SELECT member_count FROM groups WHERE id = ?");
    s->bind(1, group);
    return s->step() ? s->col_int(0) : -1;
}

void activate(Fixture& f, Id user) {
    UserEdit edit;
    edit.status = UserStatus::kActive;
    must(edit_user(f.store(), f.owner, user, edit));
}

int members_of(Fixture& f, Id group) { return static_cast<int>(group_people(f.store(), group).size()); }

}  // namespace

TEST_CASE("undoing a group's deletion brings it back with its uid, members and count; redo deletes it again") {
    Fixture f;
    Id grade9 = f.group("Grade 9");
    Id ana = f.person("ana@x.org", "Ana", "Lopez");
    Id bo = f.person("bo@x.org", "Bo", "Chen");
    f.join(grade9, ana);
    f.join(grade9, bo, GroupRole::kMentor);
    const Group before = must(group_by_id(f.store(), grade9));
    must(delete_group(f.store(), f.owner, grade9, SubgroupFate::kLiftThem));
    CHECK_FALSE(find_group(f.store(), grade9));

    CHECK(must(undo(f.store(), f.owner)) == "deleted the group Grade 9; removed 2 memberships");
    const Group back = must(group_by_id(f.store(), grade9));
    CHECK(back.uid == before.uid);
    CHECK(stored_count(f, grade9) == 2);
    CHECK(members_of(f, grade9) == 2);
    CHECK(audit_summaries(f).front() == "Olive Owner undid: deleted the group Grade 9; removed 2 memberships.");

    CHECK(must(redo(f.store(), f.owner)) == "deleted the group Grade 9; removed 2 memberships");
    CHECK_FALSE(find_group(f.store(), grade9));
    CHECK(audit_summaries(f).front() == "Olive Owner redid: deleted the group Grade 9; removed 2 memberships.");
}

TEST_CASE("every kind of command steps back and forth") {
    Fixture f;
    Id science = f.department("Science");
    Id grade9 = f.group("Grade 9");
    Id ana = f.person("ana@x.org", "Ana", "Lopez");
    Id bo = f.person("bo@x.org", "Bo", "Chen");
    f.join(grade9, ana);

    SUBCASE("groups") {
        steps_back_and_forth(f, "created the group Grade 10", [&] { f.group("Grade 10"); });
        steps_back_and_forth(f, "renamed Grade 9 to Year 9", [&] {
            GroupEdit edit;
            edit.name = "Year 9";
            must(edit_group(f.store(), f.owner, grade9, edit));
        });
        Id sub = f.group("Grade 9 A", grade9);
        f.join(sub, bo);
        steps_back_and_forth(f, "deleted the group Grade 9 with 1 subgroup (Grade 9 A); removed 2 memberships",
                             [&] { must(delete_group(f.store(), f.owner, grade9, SubgroupFate::kDeleteThem)); });
    }
    SUBCASE("members") {
        steps_back_and_forth(f, "added Bo Chen to Grade 9 as a mentor",
                             [&] { f.join(grade9, bo, GroupRole::kMentor); });
        steps_back_and_forth(f, "removed Ana Lopez from Grade 9",
                             [&] { must(remove_member(f.store(), f.owner, grade9, ana)); });
        steps_back_and_forth(f, "made Ana Lopez Group admin of Grade 9",
                             [&] { must(set_member_role(f.store(), f.owner, grade9, ana, GroupRole::kAdmin)); });
    }
    SUBCASE("people") {
        steps_back_and_forth(f, "added Cy Diaz (cy@x.org)", [&] { f.person("cy@x.org", "Cy", "Diaz", science); });
        steps_back_and_forth(f, "edited Anna Lopez: changed first name from Ana to Anna", [&] {
            UserEdit edit;
            edit.first_name = "Anna";
            must(edit_user(f.store(), f.owner, ana, edit));
        });
        steps_back_and_forth(f, "made Bo Chen Admin", [&] { f.grant(bo, OrgRole::kAdmin); });
    }
    SUBCASE("fields") {
        steps_back_and_forth(f, "defined the date field Hire Date",
                             [&] { must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate)); });
        Id field = must(add_field(f.store(), f.owner, "Location", FieldType::kText)).id;
        UserEdit edit;
        edit.fields = {{"Location", "North"}};
        must(edit_user(f.store(), f.owner, ana, edit));
        steps_back_and_forth(f, "renamed the field Location to Site",
                             [&] { must(rename_field(f.store(), f.owner, field, "Site")); });
        steps_back_and_forth(f, "deleted the field Location and its 1 value (held by Ana Lopez)",
                             [&] { must(delete_field(f.store(), f.owner, field, true)); });
    }
    SUBCASE("departments") {
        steps_back_and_forth(f, "created the department Maths", [&] { f.department("Maths"); });
        steps_back_and_forth(f, "renamed the department Science to Sciences",
                             [&] { must(rename_department(f.store(), f.owner, science, "Sciences")); });
        steps_back_and_forth(f, "deleted the department Science; its people and sub-departments moved up",
                             [&] { must(delete_department(f.store(), f.owner, science)); });
    }
    SUBCASE("an upload is one step") {
        steps_back_and_forth(f, "uploaded staff.csv: added 2 people; added 2 memberships", [&] {
            auto p = must(plan_upload(f.store(), f.owner, UploadKind::kUsers, "staff.csv",
                                      "email,first_name,last_name,group,role\n"
                                      "grace@x.org,Grace,Hopper,Grade 9,mentor\n"
                                      "alan@x.org,Alan,Turing,Grade 9,\n"));
            REQUIRE(p.ok());
            must(apply_upload(f.store(), f.owner, p));
        });
    }
    SUBCASE("courses and enrolments") {
        Id course = 0;
        steps_back_and_forth(f, "created the course Algebra",
                             [&] { course = must(create_course(f.store(), f.owner, "Algebra")).id; });
        course = must(create_course(f.store(), f.owner, "Algebra")).id;
        must(add_step(f.store(), f.owner, course, {"Lesson 1"}));
        // Two people enrolled in one command: one step, named by its first audit entry.
        steps_back_and_forth(f, "enrolled Ana Lopez in Algebra", [&] {
            must(enrol(f.store(), f.owner, course, {ana, bo}));
        });
        must(enrol(f.store(), f.owner, course, {ana, bo}));
        steps_back_and_forth(f, "deleted the course Algebra with its 1 step and 2 enrolments",
                             [&] { must(delete_course(f.store(), f.owner, course)); });
    }
    SUBCASE("steps, work, reviews, posts, custom roles and the organisation") {
        Id course = must(create_course(f.store(), f.owner, "Algebra")).id;
        Id lesson = must(add_step(f.store(), f.owner, course, {"Lesson 1"})).id;
        Id essay = must(add_step(f.store(), f.owner, course, {"Essay", StepKind::kAssignment, true, 10})).id;
        must(enrol(f.store(), f.owner, course, {ana}));
        steps_back_and_forth(f, [&] {
            StepEdit edit;
            edit.title = "Introduction";
            must(edit_step(f.store(), f.owner, lesson, edit));
        });
        steps_back_and_forth(f, [&] { must(move_step(f.store(), f.owner, essay, 1)); });
        steps_back_and_forth(f, [&] { must(complete_step(f.store(), f.owner, ana, lesson, std::nullopt)); });
        steps_back_and_forth(f, [&] { must(complete_step(f.store(), f.owner, ana, essay, "My essay")); });
        Id work = must(complete_step(f.store(), f.owner, ana, essay, "My essay")).id;
        steps_back_and_forth(f, [&] { must(give_review(f.store(), f.owner, work, {8, "Well argued"})); });
        steps_back_and_forth(f, [&] { must(post_discussion(f.store(), f.owner, lesson, "Welcome, everyone")); });
        steps_back_and_forth(f, [&] { must(define_custom_role(f.store(), f.owner, "Registrar", kPermReports)); });
        steps_back_and_forth(f, [&] { must(rename_org(f.store(), f.owner, "Hill Schools")); });
        steps_back_and_forth(f, [&] { must(set_plan(f.store(), f.owner, Plan::kEnterprise)); });
    }
    SUBCASE("a pin in a smart group") {
        Id smart = f.group("Chens");
        must(set_rule(f.store(), f.owner, smart, R"(last name contains "Chen")"));
        steps_back_and_forth(f, "pinned Ana Lopez in Chens",
                             [&] { must(pin_people(f.store(), f.owner, smart, {ana})); });
        CHECK(rule_members_from_scratch(f.store(), smart) == std::vector<Id>{bo});
    }
    SUBCASE("a smart group's rule") {
        Id smart = f.group("Chens");
        steps_back_and_forth(f, R"(set the rule of Chens to: last name contains "Chen")",
                             [&] { must(set_rule(f.store(), f.owner, smart, R"(last name contains "Chen")")); });
        CHECK(members_of(f, smart) == 0);
        must(redo(f.store(), f.owner));
        CHECK(members_of(f, smart) == 1);
        CHECK(rule_members_from_scratch(f.store(), smart) == std::vector<Id>{bo});
    }
}

TEST_CASE("a OneRoster import is one step") {
    Fixture f;
    const std::vector<ZipEntry> files = {
        {"manifest.csv", "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n"},
        {"orgs.csv",
         "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,,,Hill High,school,,\r\n"},
        {"users.csv",
         "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
         "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n"
         "u1,,,true,s1,student,ana,,Ana,Lopez,,,ana@hill.org,,,,09,\r\n"
         "u2,,,true,s1,teacher,bo,,Bo,Chen,,,bo@hill.org,,,,,\r\n"},
        {"classes.csv",
         "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
         "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n"
         "c1,,,Algebra 9A,09,k1,ALG9A,scheduled,,s1,t1,,,\r\n"},
        {"enrollments.csv",
         "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,"
         "endDate\r\ne1,,,c1,s1,u1,student,,,\r\ne2,,,c1,s1,u2,teacher,,,\r\n"},
    };
    const std::string before = data_of(f.store());
    auto imported = must(import_oneroster(f.store(), f.owner, "roster.zip", files));
    REQUIRE(imported.errors.empty());
    const std::string after = data_of(f.store());
    REQUIRE(find_user_by_email(f.store(), "ana@hill.org"));
    must(undo(f.store(), f.owner));
    CHECK(data_of(f.store()) == before);
    CHECK_FALSE(find_user_by_email(f.store(), "ana@hill.org"));
    must(redo(f.store(), f.owner));
    CHECK(data_of(f.store()) == after);
}

TEST_CASE("undo is refused with the reason when someone else's later change touched the same records") {
    Fixture f;
    Id grade9 = f.group("Grade 9");
    Id ada = f.person("ada@x.org", "Ada", "King");
    Id bo = f.person("bo@x.org", "Bo", "Chen");
    f.grant(ada, OrgRole::kAdmin);
    activate(f, ada);
    GroupEdit rename;
    rename.name = "Year 9";
    must(edit_group(f.store(), f.owner, grade9, rename));
    rename.name = "Form 9";
    must(edit_group(f.store(), ada, grade9, rename));
    const std::string before = data_of(f.store());
    auto refused = undo(f.store(), f.owner);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kConflict);
    CHECK(refused.error().message ==
          "Cannot undo \"renamed Grade 9 to Year 9\": a later change touched the same records (a group).");
    CHECK(data_of(f.store()) == before);
    CHECK(must(can_undo(f.store(), f.owner)) == "renamed Grade 9 to Year 9");

    SUBCASE("a later change to the group's members only does not block undoing its rename") {
        must(undo(f.store(), ada));  // Form 9 -> Year 9
        must(add_people(f.store(), ada, grade9, {{bo}, {}, GroupRole::kMember}));
        must(undo(f.store(), f.owner));
        CHECK(must(group_by_id(f.store(), grade9)).name == "Grade 9");
        CHECK(stored_count(f, grade9) == 1);
    }
}

TEST_CASE("a person undoes only what they may still do") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "King");
    f.grant(ada, OrgRole::kAdmin);
    activate(f, ada);
    Id grade9 = must(create_group(f.store(), ada, {"Grade 9", "", {}, {}, {}})).id;
    must(revoke_role(f.store(), f.owner, ada, {OrgRole::kAdmin, std::nullopt, std::nullopt}));
    auto refused = undo(f.store(), ada);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(find_group(f.store(), grade9));
    CHECK(refused.error().message.rfind("Cannot undo \"created the group Grade 9\": ", 0) == 0);
    // Nobody undoes another's steps: the owner's latest is their own revoking.
    CHECK(must(undo(f.store(), f.owner)) == "took Admin away from Ada King");
    // With the role back, Ada may undo her group.
    must(undo(f.store(), ada));
    CHECK_FALSE(find_group(f.store(), grade9));
}

TEST_CASE("a new change clears the person's redo steps, not others'") {
    Fixture f;
    f.group("Grade 9");
    must(undo(f.store(), f.owner));
    CHECK(can_redo(f.store(), f.owner));
    f.group("Grade 10");
    auto none = can_redo(f.store(), f.owner);
    REQUIRE_FALSE(none);
    CHECK(none.error().message == "Nothing to redo.");
    CHECK(redo(f.store(), f.owner).error().message == "Nothing to redo.");
}

TEST_CASE("the last 100 steps per person are kept, newest first in the history") {
    Fixture f;
    for (int i = 1; i <= 105; ++i) f.group("Group " + std::to_string(i));
    auto steps = must(undo_history(f.store(), f.owner, 1000));
    // init_org's own steps and the first groups are pruned.
    REQUIRE(steps.size() == 100);
    CHECK(steps.front().label == "created the group Group 105");
    CHECK(steps.back().label == "created the group Group 6");
    for (int i = 0; i < 100; ++i) REQUIRE(undo(f.store(), f.owner));
    CHECK(undo(f.store(), f.owner).error().message == "Nothing to undo.");
    CHECK(group_count(f.store()) == 5);
    auto history = must(undo_history(f.store(), f.owner, 3));
    REQUIRE(history.size() == 3);
    CHECK(history.front().undone);
}

TEST_CASE("steps survive reopening the database") {
    const auto path = std::filesystem::temp_directory_path() / "grove_undo_test.db";
    std::filesystem::remove(path);
    Id owner = 0;
    {
        auto store = must(Store::open(path.string()));
        must(init_org(*store, {"Riverside", Plan::kEnterprise, "owner@x.org", "Olive", "Owner"}));
        owner = *owner_id(*store);
        must(create_group(*store, owner, {"Grade 9", "", {}, {}, {}}));
    }
    {
        auto store = must(Store::open(path.string()));
        CHECK(must(can_undo(*store, owner)) == "created the group Grade 9");
        must(undo(*store, owner));
        CHECK(group_count(*store) == 0);
    }
    {
        auto store = must(Store::open(path.string()));
        CHECK(must(redo(*store, owner)) == "created the group Grade 9");
    }
    std::filesystem::remove(path);
}
