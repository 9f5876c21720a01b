// `grove member add|role|remove|list`: a group's people, direct and inherited (F9, F10, F32).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

// District > Grade 9 > Grade 9 Science; Grace, Alan and Emmy in the organisation.
void school(CliFixture& f) {
    f.init();
    f.ok({"group", "create", "District"});
    f.ok({"group", "create", "Grade 9", "--parent", "district"});
    f.ok({"group", "create", "Grade 9 Science", "--parent", "grade-9"});
    f.person("grace@hill.org", "Grace", "Hopper");
    f.person("alan@hill.org", "Alan", "Turing");
    f.person("emmy@hill.org", "Emmy", "Noether");
}

}  // namespace

TEST_CASE("member add puts several people into a group in one role") {
    CliFixture f;
    school(f);
    CHECK(f.ok({"member", "add", "grade-9", "alan@hill.org", "emmy@hill.org", "--role", "mentor"}) ==
          "Added 2 people.\n");
    CHECK(f.ok({"member", "add", "grade-9", "grace@hill.org"}) == "Added 1 person.\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Alan Turing <alan@hill.org>  Mentor  direct\n"
          "Emmy Noether <emmy@hill.org>  Mentor  direct\n"
          "Grace Hopper <grace@hill.org>  Member  direct\n");
    CHECK(lines(f.ok({"group", "list"}))[1] == "  Grade 9 (grade-9) · 3 users");
}

TEST_CASE("member list shows staff inherited from every ancestor, after the direct people") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "district", "grace@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9", "alan@hill.org", "--role", "mentor"});
    f.ok({"member", "add", "grade-9-science", "emmy@hill.org"});
    CHECK(f.ok({"member", "list", "grade-9-science"}) ==
          "Emmy Noether <emmy@hill.org>  Member  direct\n"
          "Grace Hopper <grace@hill.org>  Group admin  inherited from District\n"
          "Alan Turing <alan@hill.org>  Mentor  inherited from Grade 9\n");
}

TEST_CASE("a direct member who also holds a stronger inherited role shows both") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "district", "grace@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Grace Hopper <grace@hill.org>  Group admin  inherited from District (direct: Member)\n");
}

TEST_CASE("member role promotes and demotes; member remove takes a person out") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    CHECK(f.ok({"member", "role", "grade-9", "grace@hill.org", "leader"}) ==
          "Grace Hopper <grace@hill.org> is now Group admin in Grade 9.\n");
    CHECK(f.ok({"member", "list", "grade-9"}) == "Grace Hopper <grace@hill.org>  Group admin  direct\n");
    CHECK(f.ok({"member", "role", "grade-9", "grace@hill.org", "member"}) ==
          "Grace Hopper <grace@hill.org> is now Member in Grade 9.\n");
    CHECK(f.ok({"member", "remove", "grade-9", "grace@hill.org"}) ==
          "Removed Grace Hopper <grace@hill.org> from Grade 9.\n");
    CHECK(f.ok({"member", "list", "grade-9"}).empty());
}

TEST_CASE("removing or re-roling someone who is not a direct member is refused") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "district", "grace@hill.org", "--role", "mentor"});
    auto before = f.bytes();
    auto run = f.grove({"member", "remove", "grade-9", "grace@hill.org"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Grace Hopper is not a direct member of Grade 9; their role is inherited from a "
          "parent group.\n");
    run = f.grove({"member", "role", "grade-9", "alan@hill.org", "mentor"});
    CHECK(run.err == "grove: error: Alan Turing is not a direct member of Grade 9.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("an unknown group role is bad input") {
    CliFixture f;
    school(f);
    auto run = f.grove({"member", "add", "grade-9", "grace@hill.org", "--role", "captain"});
    CHECK(one_line_failure(run, 1, "grove: error: 'captain' is not a group role; use member, mentor or admin."));
    run = f.grove({"member", "role", "grade-9", "grace@hill.org", "boss"});
    CHECK(run.err == "grove: error: 'boss' is not a group role; use member, mentor or admin.\n");
}

TEST_CASE("adding people is all or nothing: one bad email adds nobody") {
    CliFixture f;
    school(f);
    auto before = f.bytes();
    auto run = f.grove({"member", "add", "grade-9", "grace@hill.org", "not an email"});
    CHECK(one_line_failure(run, 1, "grove: error: 'not an email' is not an email address."));
    CHECK(f.bytes() == before);
    CHECK(f.ok({"member", "list", "grade-9"}).empty());
}

TEST_CASE("a group admin adds only people who already belong to a group they manage") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "grade-9", "grace@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9", "alan@hill.org"});
    CHECK(f.ok({"--as", "grace@hill.org", "member", "add", "grade-9-science", "alan@hill.org"}) == "Added 1 person.\n");
    auto before = f.bytes();
    auto run = f.grove({"--as", "grace@hill.org", "member", "add", "grade-9-science", "emmy@hill.org"});
    CHECK(one_line_failure(run, 1,
                           "grove: error: Grace Hopper may not add this person to the group: a group admin "
                           "adds only people who already belong to a group they manage"));
    CHECK(f.bytes() == before);
    // A group admin may also create a subgroup under the group they lead.
    CHECK(f.ok({"--as", "grace@hill.org", "group", "create", "Grade 9 Art", "--parent", "grade-9"}) == "grade-9-art\n");
}

TEST_CASE("member add needs a group and at least one email") {
    CliFixture f;
    school(f);
    auto run = f.grove({"member", "add", "grade-9"});
    CHECK(one_line_failure(run, 2, "grove: usage: member add needs EMAIL; see grove help member add"));
    run = f.grove({"member", "remove", "grade-9", "a@hill.org", "b@hill.org"});
    CHECK(one_line_failure(run, 2, "grove: usage: unexpected argument 'b@hill.org' for member remove"));
}

TEST_CASE("group copy keeps the roles of people already there unless --change-roles, and names the changes") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Staff"});
    f.ok({"member", "add", "staff", "grace@hill.org", "alan@hill.org", "emmy@hill.org"});
    f.ok({"member", "add", "district", "grace@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9", "alan@hill.org", "--role", "mentor"});

    CHECK(f.ok({"group", "copy", "grade-9", "--from-group", "staff"}) ==
          "Added 1 person, left the role of 1 person as it was (Alan Turing as mentor), 1 person already staff "
          "through a group above.\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Alan Turing <alan@hill.org>  Mentor  direct\n"
          "Emmy Noether <emmy@hill.org>  Member  direct\n"
          "Grace Hopper <grace@hill.org>  Group admin  inherited from District\n");

    CHECK(f.ok({"group", "copy", "grade-9", "--from-group", "staff", "--change-roles", "--dry-run"}) ==
          "Adds nobody.\n"
          "Changes the role of 1 person:\n"
          "  Alan Turing: mentor to member\n"
          "1 person is already there as a member.\n"
          "1 person is already staff through a group above: not added.\n");
    CHECK(f.ok({"member", "list", "grade-9"}).find("Alan Turing <alan@hill.org>  Mentor  direct") !=
          std::string::npos);  // a dry run changes nothing

    CHECK(f.ok({"group", "copy", "grade-9", "--from-group", "staff", "--change-roles"}) ==
          "Changed the role of 1 person (Alan Turing: mentor to member), 1 person already there, 1 person "
          "already staff through a group above.\n");
    auto log = lines(f.ok({"audit", "--limit", "2"}));
    REQUIRE(log.size() == 2);
    // One entry per copy, listing whom it placed (--details prints them).
    CHECK(log[0].substr(22) ==
          "Ada Lovelace filled Grade 9 from the group Staff: changed the role of 1 person (Alan Turing: mentor to "
          "member), 1 person already there, 1 person already staff through a group above. (1 person listed: "
          "--details shows them)");
    CHECK(log[1].substr(22) ==
          "Ada Lovelace filled Grade 9 from the group Staff: added 1 person, left the role of 1 person as it was "
          "(Alan Turing as mentor), 1 person already staff through a group above. (1 person listed: --details shows "
          "them)");
    CHECK(lines(f.ok({"audit", "--limit", "1", "--details"}))[1] ==
          "    Alan Turing <alan@hill.org>: made Member of Grade 9 (was Mentor)");
}

TEST_CASE("group list counts the direct people that member list marks direct, with both kinds in a group") {
    CliFixture f;
    school(f);
    f.ok({"member", "add", "district", "grace@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9", "grace@hill.org", "alan@hill.org"});
    // Grace is a direct member and an inherited group admin: both rows of the membership report, one line here.
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Grace Hopper <grace@hill.org>  Group admin  inherited from District (direct: Member)\n"
          "Alan Turing <alan@hill.org>  Member  direct\n");
    CHECK(lines(f.ok({"group", "list"}))[1] == "  Grade 9 (grade-9) · 2 users");
    const std::string report = f.ok({"report", "memberships"});
    int grade9_direct = 0;
    int grade9_inherited = 0;
    for (const std::string& line : lines(report)) {
        if (line.find(",Grade 9,") == std::string::npos) continue;
        grade9_direct += line.find(",direct,") != std::string::npos;
        grade9_inherited += line.find(",inherited,") != std::string::npos;
    }
    CHECK(grade9_direct == 2);
    CHECK(grade9_inherited == 1);
}
