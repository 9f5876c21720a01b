// `grove import memberships FILE [--dry-run]` (F14): people into groups, 3 MB at most, the user file too.
#include <doctest/doctest.h>
#include <fstream>
#include <string>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

// Hill School with Grade 9 and Grade 10; Grace and Alan in the organisation.
void school(CliFixture& f) {
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.ok({"group", "create", "Grade 10"});
    f.person("grace@hill.org", "Grace", "Hopper");
    f.person("alan@hill.org", "Alan", "Turing");
}

std::string file(CliFixture& f, const std::string& name, const std::string& text) {
    std::string path = (f.dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("import memberships puts people into groups by slug or name, as members unless a role is given") {
    CliFixture f;
    school(f);
    auto csv = file(f, "grade-9.csv",
                    "email;group;role\r\n"
                    "grace@hill.org;grade-9;mentor\r\n"
                    "ALAN@HILL.ORG;Grade 9;\r\n"
                    "alan@hill.org;grade-10;admin\r\n");
    CHECK(f.ok({"import", "memberships", csv}) == "Added 3 memberships.\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Grace Hopper <grace@hill.org>  Mentor  direct\n"
          "Alan Turing <alan@hill.org>  Member  direct\n");
    CHECK(f.ok({"member", "list", "grade-10"}) == "Alan Turing <alan@hill.org>  Group admin  direct\n");
    auto again = file(f, "again.csv", "email,group,role\ngrace@hill.org,grade-9,member\nalan@hill.org,grade-9,\n");
    CHECK(f.ok({"import", "memberships", again}) == "Changed the role of 1 membership, left 1 unchanged.\n");
}

TEST_CASE("import memberships reports unknown people and groups by line and applies nothing") {
    CliFixture f;
    school(f);
    auto csv = file(f, "grade-9.csv",
                    "email,group,role\n"
                    "grace@hill.org,grade-9,\n"
                    "nobody@hill.org,grade-9,\n"
                    "alan@hill.org,Grade 13,\n"
                    "alan@hill.org,,\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "memberships", csv});
    CHECK(run.code == 1);
    CHECK(run.out == csv + ":3: no person has the email 'nobody@hill.org'\n" + csv +
                         ":4: group 'Grade 13' does not exist\n" + csv + ":5: group is empty\n");
    CHECK(run.err == "grove: error: " + csv + " has 3 errors; nothing was applied.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("import memberships accepts the people file of import users") {
    CliFixture f;
    school(f);
    auto csv = file(f, "staff.csv",
                    "email,first_name,last_name,group,role\n"
                    "emmy@hill.org,Emmy,Noether,grade-10,mentor\n"
                    "grace@hill.org,Grace,Hopper,grade-10,\n");
    CHECK(f.ok({"import", "memberships", csv}) == "Added 1 person, left 1 unchanged; added 2 memberships.\n");
    CHECK(f.ok({"member", "list", "grade-10"}) ==
          "Emmy Noether <emmy@hill.org>  Mentor  direct\n"
          "Grace Hopper <grace@hill.org>  Member  direct\n");
}

TEST_CASE("a membership file over 3 MB is refused with its size, and nothing changes") {
    CliFixture f;
    school(f);
    std::string big = "email,group\n";
    while (big.size() < 3565158) big += "grace@hill.org,grade-9\n";
    big.resize(3565158);
    auto csv = file(f, "big.csv", big);
    auto before = f.bytes();
    CHECK(one_line_failure(f.grove({"import", "memberships", csv}), 1,
                           "grove: error: The file is 3.4 MB; the limit is 3 MB.\n"));
    CHECK(one_line_failure(f.grove({"import", "memberships", csv, "--dry-run"}), 1,
                           "grove: error: The file is 3.4 MB; the limit is 3 MB.\n"));
    CHECK(f.bytes() == before);
}

TEST_CASE("import memberships --dry-run prints what would change and changes nothing") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    auto csv = file(f, "grade-9.csv", "email,group,role\ngrace@hill.org,grade-9,admin\nalan@hill.org,grade-9,\n");
    auto before = f.bytes();
    CHECK(f.ok({"import", "memberships", csv, "--dry-run"}) ==
          "line 2: change Grace Hopper <grace@hill.org> in Grade 9 from member to admin\n"
          "line 3: put Alan Turing <alan@hill.org> into Grade 9 as a member\n"
          "Would add 1 membership, change the role of 1.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("a group admin's membership upload is checked row by row") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Grade 9 Science", "--parent", "grade-9"});
    f.person("gail@hill.org", "Gail", "Lead");
    f.ok({"member", "add", "grade-9", "gail@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    auto csv = file(f, "science.csv", "email,group\ngrace@hill.org,grade-9-science\nalan@hill.org,grade-9-science\n");
    auto before = f.bytes();
    auto run = f.grove({"--as", "gail@hill.org", "import", "memberships", csv});
    CHECK(run.code == 1);
    CHECK(run.out == csv +
                         ":3: Gail Lead may not add this person to the group: a group admin adds only people who "
                         "already belong to a group they manage, and Alan Turing does not.\n");
    CHECK(f.bytes() == before);
    auto ok = file(f, "ok.csv", "email,group\ngrace@hill.org,grade-9-science\n");
    CHECK(f.ok({"--as", "gail@hill.org", "import", "memberships", ok}) == "Added 1 membership.\n");
}

TEST_CASE("import memberships needs a FILE, and maps columns as import users does") {
    CliFixture f;
    school(f);
    CHECK(one_line_failure(f.grove({"import", "memberships"}), 2, "grove: usage: import memberships needs FILE"));
    auto csv = file(f, "mapped.csv", "E-post,Klasse,Notes\ngrace@hill.org,grade-9,sits at the front\n");
    CHECK(f.ok({"import", "memberships", csv, "--map", "E-post=email", "--map", "Klasse=group", "--map",
                "Notes=ignore"}) == "Added 1 membership.\n");
}

TEST_CASE("import memberships --invite invites emails nobody has, as member add does") {
    CliFixture f;
    school(f);
    auto csv = file(f, "grade-9.csv",
                    "email,group,role\n"
                    "grace@hill.org,grade-9,\n"
                    "new@hill.org,grade-9,mentor\n"
                    "NEW@hill.org,grade-10,\n");
    // Without --invite the unknown email is an error, as before.
    auto refused = f.grove({"import", "memberships", csv});
    CHECK(refused.code == 1);
    CHECK(refused.err == "grove: error: " + csv + " has 2 errors; nothing was applied.\n");
    CHECK(refused.out ==
          csv + ":3: no person has the email 'new@hill.org'\n" + csv + ":4: no person has the email 'NEW@hill.org'\n");

    CHECK(f.ok({"import", "memberships", csv, "--invite", "--dry-run"}) ==
          "line 2: put Grace Hopper <grace@hill.org> into Grade 9 as a member\n"
          "line 3: invite <new@hill.org>\n"
          "line 3: put <new@hill.org> into Grade 9 as a mentor\n"
          "line 4: put <new@hill.org> into Grade 10 as a member\n"
          "Would invite 1 person; add 3 memberships.\n");
    CHECK(f.ok({"import", "memberships", csv, "--invite"}) == "Invited 1 person; added 3 memberships.\n");
    CHECK(f.ok({"user", "list", "--search", "new@"}) == "<new@hill.org>  invited\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "<new@hill.org>  Mentor  direct  (invited)\n"
          "Grace Hopper <grace@hill.org>  Member  direct\n");
    CHECK(f.ok({"--as", "new@hill.org", "invitation", "accept", "--first", "Nia", "--last", "New"}) ==
          "Accepted: Nia New <new@hill.org> is now active.\n");
}

TEST_CASE("import memberships --invite is refused for someone who may not invite") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "grade-9", "grace@hill.org", "--role", "admin"});
    auto csv = file(f, "more.csv", "email\nnew@hill.org\n");
    auto before = f.bytes();
    auto run = f.grove({"--as", "grace@hill.org", "import", "memberships", csv, "--group", "grade-9", "--invite"});
    CHECK(run.code == 1);
    CHECK(run.out.rfind(csv + ":2: Grace Hopper may not invite new people by email", 0) == 0);
    CHECK(f.bytes() == before);
}

TEST_CASE("import memberships --group puts every row into that group, with no group column") {
    CliFixture f;
    school(f);
    auto csv = file(f, "class.csv",
                    "email,role\n"
                    "grace@hill.org,mentor\n"
                    "alan@hill.org,\n");
    CHECK(f.ok({"import", "memberships", csv, "--group", "grade-10"}) == "Added 2 memberships.\n");
    CHECK(f.ok({"member", "list", "grade-10"}) ==
          "Grace Hopper <grace@hill.org>  Mentor  direct\n"
          "Alan Turing <alan@hill.org>  Member  direct\n");

    // The people file works too; a group cell may only name the upload's group.
    auto people = file(f, "people.csv",
                       "email,first_name,last_name,group\n"
                       "grace@hill.org,Grace,Hopper,grade-9\n"
                       "alan@hill.org,Alan,Turing,Grade 10\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "memberships", people, "--group", "grade-10"});
    CHECK(run.code == 1);
    CHECK(run.out == people + ":2: group 'grade-9' is not Grade 10: this upload puts everyone into Grade 10\n");
    CHECK(f.bytes() == before);

    auto missing = f.grove({"import", "memberships", csv, "--group", "grade-13"});
    CHECK(one_line_failure(missing, 1, "grove: error: No group has the slug or name 'grade-13'."));
}
