// Canvas SIS group files (core/exchange/canvas.cpp): the mapping, re-imports, deletions by status, row errors with
// nothing applied, permissions, and the round trip through the export.
#include <doctest/doctest.h>
#include <map>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

using Files = std::vector<ZipEntry>;

const std::string kBom = "\xEF\xBB\xBF";

// Shaped like Canvas's own SIS samples: a byte-order mark, Windows line ends, headers in another case, quoted cells
// holding commas, and columns Grove has no place for (integration_id, password, short_name, an unknown one).
Files sample() {
    return {
        {"users.csv", kBom + "user_id,integration_id,login_id,password,first_name,last_name,short_name,email,status\r\n"
                             "U001,,bsmith01,,Bob,Smith,Bobby Smith,bob.smith@myschool.edu,active\r\n"
                             "U002,,jdoe,,Jane,\"Doe, Jr.\",,jane.doe@myschool.edu,active\r\n"
                             "U003,,cy@myschool.edu,,Cy,Diaz,,,suspended\r\n"},
        {"group_categories.csv", kBom + "GROUP_CATEGORY_ID,Account_ID,Course_ID,Category_Name,Status\r\n"
                                        "GC08,A001,,Project Teams,active\r\n"
                                        "GC09,,C100,\"Labs, Fall\",active\r\n"},
        {"groups.csv",
         "group_id,group_category_id,account_id,course_id,name,status,sis_batch\r\n"
         "G1,GC08,A001,,Team Red,available,b7\r\n"
         "G2,GC08,A001,,Team Blue,available,\r\n"
         "G3,GC09,,C100,\"Lab A, bench 1\",available,\r\n"},
        {"groups_membership.csv",
         "group_id,user_id,status\r\n"
         "G1,U001,accepted\r\nG1,U002,accepted\r\nG2,U003,accepted\r\nG3,U001,accepted\r\n"},
    };
}

Files with(Files files, const std::string& name, const std::string& bytes) {
    for (auto& f : files)
        if (f.name == name) f.bytes = bytes;
    return files;
}

Files without(Files files, const std::string& name) {
    Files out;
    for (auto& f : files)
        if (f.name != name) out.push_back(std::move(f));
    return out;
}

RosterImport import(Fixture& f, const Files& files, bool dry_run = false) {
    return must(import_canvas_groups(f.store(), f.owner, "canvas.zip", files, dry_run));
}

Group group_named(Fixture& f, const std::string& name) { return must(group_by_slug_or_name(f.store(), name)); }
User person(Fixture& f, const std::string& email) { return must(user_by_email(f.store(), email)); }

bool is_member(Fixture& f, Id group, Id user) {
    auto s = f.store().db().prepare("SELECT 1 FROM memberships WHERE group_id = ? AND user_id = ?");
    s->bind_all(group, user);
    return s->step();
}

std::string canvas_id_of(Fixture& f, Id user) {
    auto s = f.store().db().prepare("SELECT value FROM user_external_ids WHERE user_id = ? AND system = 'canvas'");
    s->bind(1, user);
    return s->step() ? s->col_text(0) : "";
}

std::string canvas_id_of_group(Fixture& f, Id group) {
    for (const auto& e : external_ids(f.store(), group))
        if (e.system == "canvas") return e.value;
    return "";
}

std::map<std::string, std::string> by_name(const Files& files) {
    std::map<std::string, std::string> out;
    for (const auto& f : files) out[f.name] = f.bytes;
    return out;
}

}  // namespace

TEST_CASE("Canvas group categories become top-level groups, groups their subgroups, users people") {
    Fixture f;
    auto done = import(f, sample());
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 3 people, add 5 groups, add 4 memberships");

    auto teams = group_named(f, "Project Teams");
    CHECK_FALSE(teams.parent_id);
    CHECK(canvas_id_of_group(f, teams.id) == "category:GC08");
    auto red = group_named(f, "Team Red");
    CHECK(red.parent_id == teams.id);
    CHECK(canvas_id_of_group(f, red.id) == "G1");
    CHECK(group_named(f, "Lab A, bench 1").parent_id == group_named(f, "Labs, Fall").id);

    auto bob = person(f, "bob.smith@myschool.edu");
    CHECK(bob.first_name == "Bob");
    CHECK(bob.status == UserStatus::kActive);
    CHECK(canvas_id_of(f, bob.id) == "U001");
    CHECK(person(f, "jane.doe@myschool.edu").last_name == "Doe, Jr.");
    // No email: the login that is an email address stands in; suspended means deactivated.
    CHECK(person(f, "cy@myschool.edu").status == UserStatus::kDeactivated);

    CHECK(is_member(f, red.id, bob.id));
    CHECK(is_member(f, group_named(f, "Lab A, bench 1").id, bob.id));
    CHECK_FALSE(is_member(f, group_named(f, "Team Blue").id, bob.id));
    auto role = f.store().db().prepare("SELECT count(*) FROM memberships WHERE role <> 'member'");
    role->step();
    CHECK(role->col_int(0) == 0);
}

TEST_CASE("importing the same Canvas files again changes nothing; the next files update in place") {
    Fixture f;
    REQUIRE(import(f, sample()).ok());
    CHECK(import(f, sample()).counts.summary() == "nothing to change");

    auto next = with(sample(), "groups.csv",
                     "group_id,group_category_id,name,status\r\n"
                     "G1,GC08,Team Crimson,available\r\n"
                     "G2,GC09,Team Blue,available\r\n"
                     "G3,GC09,\"Lab A, bench 1\",available\r\n"
                     "G4,GC09,Lab B,available\r\n");
    next = with(next, "groups_membership.csv", "group_id,user_id,status\r\nG4,U002,accepted\r\nG1,U001,accepted\r\n");
    auto done = import(f, next);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 1 group, update 2, add 1 membership");
    CHECK(group_named(f, "Team Crimson").parent_id == group_named(f, "Project Teams").id);
    CHECK(group_named(f, "Team Blue").parent_id == group_named(f, "Labs, Fall").id);
    auto count = f.store().db().prepare("SELECT count(*) FROM groups");
    count->step();
    CHECK(count->col_int(0) == 6);
    // Memberships missing from a later file stay.
    CHECK(is_member(f, group_named(f, "Team Crimson").id, person(f, "jane.doe@myschool.edu").id));
}

TEST_CASE("status deleted removes categories, groups and memberships, and deactivates people") {
    Fixture f;
    REQUIRE(import(f, sample()).ok());
    Id jane = person(f, "jane.doe@myschool.edu").id;
    auto delta = with(sample(), "users.csv", "user_id,status\r\nU001,deleted\r\n");
    delta = with(delta, "group_categories.csv",
                 "group_category_id,category_name,status\r\nGC09,\"Labs, Fall\",deleted\r\nGC77,,deleted\r\n");
    delta = with(delta, "groups.csv", "group_id,name,status\r\nG2,Team Blue,deleted\r\n");
    delta = with(delta, "groups_membership.csv", "group_id,user_id,status\r\nG1,U002,deleted\r\nG1,U003,deleted\r\n");
    auto done = import(f, delta);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "remove 1 person, remove 2 groups, remove 1 membership");
    CHECK(person(f, "bob.smith@myschool.edu").status == UserStatus::kDeactivated);
    CHECK_FALSE(group_by_slug_or_name(f.store(), "Labs, Fall"));
    CHECK_FALSE(group_by_slug_or_name(f.store(), "Team Blue"));
    CHECK_FALSE(group_named(f, "Lab A, bench 1").parent_id);  // a deleted category's groups move up
    CHECK_FALSE(is_member(f, group_named(f, "Team Red").id, jane));
    CHECK(is_member(f, group_named(f, "Team Red").id, person(f, "bob.smith@myschool.edu").id));
}

TEST_CASE("without users.csv a membership's user_id must be a person's canvas ID or email") {
    Fixture f;
    Id ann = f.person("ann@myschool.edu", "Ann", "Lee");
    Files files = without(sample(), "users.csv");
    files = with(files, "groups_membership.csv",
                 "group_id,user_id,status\r\nG1,ANN@myschool.edu,accepted\r\nG1,U001,accepted\r\n");
    auto before = f.bytes();
    auto refused = import(f, files);
    CHECK(refused.errors ==
          std::vector<std::string>{"groups_membership.csv:3: user_id U001 is no user of the import (no users.csv), "
                                   "nor a person's canvas ID or email in Grove."});
    CHECK(f.bytes() == before);

    REQUIRE(import(f, with(sample(), "groups_membership.csv", "group_id,user_id,status\r\n")).ok());
    auto done = import(f, files);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 2 memberships");
    CHECK(is_member(f, group_named(f, "Team Red").id, ann));
    CHECK(is_member(f, group_named(f, "Team Red").id, person(f, "bob.smith@myschool.edu").id));
}

TEST_CASE("a person already in Grove is taken over by users.csv through their email") {
    Fixture f;
    Id bob = f.person("Bob.Smith@MySchool.edu", "Robert", "S");
    auto done = import(f, sample());
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 2 people, update 1, add 5 groups, add 4 memberships");
    CHECK(canvas_id_of(f, bob) == "U001");
    CHECK(person(f, "bob.smith@myschool.edu").first_name == "Bob");
}

TEST_CASE("bad Canvas rows are reported as FILE:LINE: reason, and nothing is applied") {
    Fixture f;
    auto before = f.bytes();
    auto bad = with(sample(), "users.csv",
                    "user_id,login_id,first_name,last_name,email,status\r\n"
                    "U001,bsmith01,Bob,Smith,bob.smith@myschool.edu,active\r\n"
                    "U002,jdoe,Jane,Doe,,active\r\n"
                    "U003,cy,Cy,Diaz,cy@myschool.edu,retired\r\n"
                    "U001,bsmith01,Bob,Smith,bob.smith@myschool.edu,active\r\n");
    bad = with(bad, "groups.csv",
               "group_id,group_category_id,name,status\r\n"
               "G1,GC08,Team Red,available\r\nG2,GC99,Team Blue,available\r\nG3,GC09,,available\r\n");
    bad = with(bad, "groups_membership.csv",
               "group_id,user_id,status\r\nG1,U001,accepted\r\nG1,U002,accepted\r\nG9,U001,accepted\r\n"
               "G1,U001,pending\r\n");
    auto done = import(f, bad);
    CHECK_FALSE(done.ok());
    std::vector<std::string> expected = {
        "users.csv:3: the user U002 has no email; Grove knows people by their email.",
        "users.csv:4: the status 'retired' is not active, suspended or deleted.",
        "users.csv:5: the user_id U001 is on an earlier row too.",
        "groups.csv:3: group_category_id GC99 is no group category of the import.",
        "groups.csv:4: the group G3 has no name.",
        "groups_membership.csv:4: group_id G9 is no group of the import.",
        "groups_membership.csv:5: the status 'pending' is not accepted or deleted.",
    };
    CHECK(done.errors == expected);
    CHECK(f.bytes() == before);
}

TEST_CASE("files that are not a Canvas import of groups, or lack their columns, are refused") {
    Fixture f;
    auto r = import_canvas_groups(f.store(), f.owner, "canvas.zip", {sample()[0]});
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "canvas.zip is not a Canvas import of groups: it holds none of group_categories.csv, groups.csv and "
          "groups_membership.csv.");
    auto headless = import(f, with(sample(), "groups.csv", "id,title\r\nG1,Team Red\r\n"));
    CHECK(headless.errors == std::vector<std::string>{"groups.csv:1: the header lacks group_id, name."});
    auto reserved = import(f, with(with(sample(), "groups.csv", "group_id,name\r\ncategory:GC08,Team\r\n"),
                                   "groups_membership.csv", "group_id,user_id,status\r\n"));
    CHECK(reserved.errors ==
          std::vector<std::string>{
              "groups.csv:2: the group_id category:GC08 starts with category:, which Grove keeps for group "
              "categories."});
    // The files may sit in one folder of the zip, named in any case.
    Files nested = sample();
    for (auto& file : nested) file.name = "sis/" + file.name;
    nested[2].name = "sis/GROUPS.CSV";
    CHECK(import(f, nested).ok());
    CHECK(group_named(f, "Team Red").parent_id == group_named(f, "Project Teams").id);
}

TEST_CASE("a Canvas dry run checks and counts everything and changes nothing") {
    Fixture f;
    auto before = f.bytes();
    auto done = import(f, sample(), true);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 3 people, add 5 groups, add 4 memberships");
    REQUIRE_FALSE(done.changes.empty());
    CHECK(done.changes[0] == "add person Bob Smith <bob.smith@myschool.edu>");
    CHECK(f.bytes() == before);
}

TEST_CASE("importing Canvas groups needs org.import, exporting org.export; a refusal changes nothing") {
    Fixture f;
    Id pat = f.person("pat@riverside.edu");
    auto before = f.bytes();
    auto r = import_canvas_groups(f.store(), pat, "canvas.zip", sample());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(f.bytes() == before);
    auto e = export_canvas_groups(f.store(), pat);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == ErrorCode::kForbidden);
}

TEST_CASE("two Canvas groups of one name in a category both come in, told apart by their group_id") {
    Fixture f;
    auto files = with(sample(), "groups.csv",
                      "group_id,group_category_id,name,status\r\nG1,GC08,Team,available\r\nG2,GC08,Team,available\r\n");
    files = with(files, "groups_membership.csv", "group_id,user_id,status\r\n");
    REQUIRE(import(f, files).ok());
    CHECK(group_named(f, "Team (G2)").parent_id == group_named(f, "Project Teams").id);
    CHECK(import(f, files).counts.summary() == "nothing to change");
}

TEST_CASE("the Canvas export writes the same files, which import back unchanged") {
    Fixture a;
    REQUIRE(import(a, sample()).ok());
    auto files = must(export_canvas_groups_files(a.store(), a.owner));
    auto named = by_name(files);
    CHECK(named["group_categories.csv"] ==
          "group_category_id,account_id,course_id,category_name,status\r\n"
          "GC08,A001,,Project Teams,active\r\n"
          "GC09,,C100,\"Labs, Fall\",active\r\n");
    CHECK(named["groups.csv"] ==
          "group_id,group_category_id,account_id,course_id,name,status\r\n"
          "G1,GC08,A001,,Team Red,available\r\n"
          "G2,GC08,A001,,Team Blue,available\r\n"
          "G3,GC09,,C100,\"Lab A, bench 1\",available\r\n");
    CHECK(named["groups_membership.csv"] ==
          "group_id,user_id,status\r\nG1,U001,accepted\r\nG1,U002,accepted\r\nG2,U003,accepted\r\n"
          "G3,U001,accepted\r\n");
    CHECK(named["users.csv"].find("user_id,login_id,first_name,last_name,email,status\r\n") == 0);
    CHECK(named["users.csv"].find("U001,bsmith01,Bob,Smith,bob.smith@myschool.edu,active\r\n") != std::string::npos);
    CHECK(named["users.csv"].find("U002,jdoe,Jane,\"Doe, Jr.\",jane.doe@myschool.edu,active\r\n") != std::string::npos);
    CHECK(named["users.csv"].find("U003,cy@myschool.edu,Cy,Diaz,cy@myschool.edu,suspended\r\n") != std::string::npos);

    // As a zip, back into the same organisation: nothing changes.
    auto zip = must(export_canvas_groups(a.store(), a.owner));
    auto unzipped = must(read_zip(zip, "export.zip"));
    CHECK(by_name(unzipped) == named);
    CHECK(import(a, unzipped).counts.summary() == "nothing to change");

    // Into another, empty one: the same content, so its export is the same files.
    Fixture b;
    REQUIRE(import(b, files).ok());
    CHECK(by_name(must(export_canvas_groups_files(b.store(), b.owner))) == named);
}

TEST_CASE("groups deeper than Canvas nests are written under their category by their path, and round trip") {
    Fixture a;
    Id grade = a.group("Grade 9");
    Id klass = a.group("Class 1", grade);
    Id team = a.group("Team A", klass);
    a.group("Team A", a.group("Class 2", grade));
    Id ann = a.person("ann@riverside.edu", "Ann", "Lee");
    a.join(team, ann, GroupRole::kMentor);
    a.join(grade, ann);  // in the category itself: Canvas has no such membership

    auto files = must(export_canvas_groups_files(a.store(), a.owner));
    auto named = by_name(files);
    const std::string grade_uid = must(group_by_id(a.store(), grade)).uid;
    const std::string team_uid = must(group_by_id(a.store(), team)).uid;
    CHECK(named["group_categories.csv"].find(grade_uid + ",,,Grade 9,active\r\n") != std::string::npos);
    CHECK(named["groups.csv"].find(team_uid + "," + grade_uid + ",,,Class 1 / Team A,available\r\n") !=
          std::string::npos);
    CHECK(named["groups.csv"].find(",Class 2 / Team A,available\r\n") != std::string::npos);
    CHECK(named["groups_membership.csv"] == "group_id,user_id,status\r\n" + team_uid + "," +
                                                must(user_by_email(a.store(), "ann@riverside.edu")).uid +
                                                ",accepted\r\n");

    // Into the same organisation: the groups are recognised by their uid and stay where they are.
    CHECK(import(a, files).counts.summary() == "nothing to change");
    CHECK(must(group_by_id(a.store(), team)).parent_id == klass);

    // Into an empty one: two levels, named by the path, and the same files again.
    Fixture b;
    auto done = import(b, files);
    REQUIRE(done.ok());
    CHECK(group_named(b, "Class 1 / Team A").parent_id == group_named(b, "Grade 9").id);
    CHECK(by_name(must(export_canvas_groups_files(b.store(), b.owner))) == named);
}

TEST_CASE("a Canvas course and account are kept as external IDs and handed back; a group without a category") {
    Fixture f;
    auto files = with(sample(), "groups.csv",
                      "group_id,group_category_id,account_id,course_id,name,status\r\n"
                      "G1,GC08,A001,,Team Red,available\r\n"
                      "G3,GC09,,C200,Lab A,available\r\n"
                      "G4,GC09,,C100,Lab B,available\r\n"
                      "G5,,A001,,Loners,available\r\n");
    files = with(files, "groups_membership.csv", "group_id,user_id,status\r\nG5,U002,accepted\r\n");
    REQUIRE(import(f, files).ok());
    auto ids = [&](const std::string& name) {
        std::map<std::string, std::string> out;
        for (const auto& e : external_ids(f.store(), group_named(f, name).id)) out[e.system] = e.value;
        return out;
    };
    CHECK(ids("Labs, Fall") ==
          std::map<std::string, std::string>{{"canvas", "category:GC09"}, {"canvas_course", "C100"}});
    CHECK(ids("Lab B") == std::map<std::string, std::string>{{"canvas", "G4"}});  // its category's course
    CHECK(ids("Lab A") == std::map<std::string, std::string>{{"canvas", "G3"}, {"canvas_course", "C200"}});
    CHECK(ids("Loners") == std::map<std::string, std::string>{{"canvas", "G5"}, {"canvas_account", "A001"}});
    CHECK_FALSE(group_named(f, "Loners").parent_id);

    auto exported = by_name(must(export_canvas_groups_files(f.store(), f.owner)));
    CHECK(exported["group_categories.csv"].find("Loners") == std::string::npos);
    CHECK(exported["groups.csv"] ==
          "group_id,group_category_id,account_id,course_id,name,status\r\n"
          "G1,GC08,A001,,Team Red,available\r\n"
          "G3,GC09,,C200,Lab A,available\r\n"
          "G4,GC09,,C100,Lab B,available\r\n"
          "G5,,A001,,Loners,available\r\n");
    CHECK(exported["groups_membership.csv"] == "group_id,user_id,status\r\nG5,U002,accepted\r\n");

    // The category moves to another course: its group that had no course of its own follows it.
    auto moved =
        import(f, with(files, "group_categories.csv",
                       "group_category_id,course_id,category_name,status\r\nGC09,C101,\"Labs, Fall\",active\r\n"));
    REQUIRE(moved.ok());
    CHECK(moved.counts.summary() == "update 2 groups");  // the category, and Lab B that now differs from it
    exported = by_name(must(export_canvas_groups_files(f.store(), f.owner)));
    CHECK(exported["groups.csv"].find("G4,GC09,,C100,Lab B,available\r\n") != std::string::npos);
    CHECK(exported["group_categories.csv"].find("GC09,,C101,\"Labs, Fall\",active\r\n") != std::string::npos);
}

TEST_CASE("a Canvas ID that is not one line is a row error") {
    Fixture f;
    auto done = import(f, with(with(sample(), "groups.csv", "group_id,name\r\n\"G\n1\",Team\r\n"),
                               "groups_membership.csv", "group_id,user_id\r\n"));
    CHECK(done.errors == std::vector<std::string>{"groups.csv:2: The group_id has a line break; it must be one line."});
}
