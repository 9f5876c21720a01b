// `grove group rule|pin|unpin|exclude|unexclude|why`, `grove rule check`, `group create --rule` and the sources
// `member list` shows in a smart group (F12, F33, F38).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

const std::string kTeachers = "field \"Job Title\" contains \"teacher\"";

// Hill School (owner Ada Lovelace) with a Job Title field and a Science department: Grace (Teacher, Science),
// Alan (Head Teacher), Emmy (Counsellor, Science), Bo (no title). Ada has no title either.
void school(CliFixture& f) {
    f.init();
    f.ok({"field", "add", "Job Title", "--type", "text"});
    f.ok({"department", "create", "Science"});
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "science", "--field",
          "Job Title=Teacher"});
    f.ok({"user", "add", "alan@hill.org", "--first", "Alan", "--last", "Turing", "--field", "Job Title=Head Teacher"});
    f.ok({"user", "add", "emmy@hill.org", "--first", "Emmy", "--last", "Noether", "--department", "science", "--field",
          "Job Title=Counsellor"});
    f.person("bo@hill.org", "Bo", "Chen");
}

}  // namespace

TEST_CASE("group create --rule makes a smart group: prints the slug and who joined") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Staff"});
    CHECK(f.ok({"group", "create", "Teachers", "--rule", kTeachers, "--parent", "staff", "--description",
                "Everyone who teaches"}) == "teachers\n2 match: +2 join, -0 leave\n");
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
    // The other options of group create still count.
    auto show = lines(f.ok({"group", "show", "teachers"}));
    CHECK(show[2] == "Description: Everyone who teaches");
    CHECK(show[3] == "Parent: Staff (staff)");
    // A plain group create is as before.
    CHECK(f.ok({"group", "create", "Grade 9"}) == "grade-9\n");
    CHECK(f.ok({"member", "list", "grade-9"}).empty());
}

TEST_CASE("group create --rule with a rule that does not parse creates nothing and names the column") {
    CliFixture f;
    school(f);
    auto before = f.bytes();
    auto run = f.grove({"group", "create", "Teachers", "--rule", "field \"Job Title\" contains teacher"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: rule:1:28: expected a quoted value after 'contains'\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"group", "list"}).empty());
}

TEST_CASE("group rule set --dry-run lists who would join and leave and changes nothing; without it, applies") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers"});
    f.ok({"member", "add", "teachers", "emmy@hill.org", "grace@hill.org"});
    auto before = f.bytes();
    CHECK(f.ok({"group", "rule", "set", "teachers", kTeachers, "--dry-run"}) ==
          "2 match: +1 join, -1 leave\n"
          "+ Alan Turing <alan@hill.org>\n"
          "- Emmy Noether <emmy@hill.org>\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Emmy Noether <emmy@hill.org>  Member  direct\n"
          "Grace Hopper <grace@hill.org>  Member  direct\n");

    CHECK(f.ok({"group", "rule", "set", "teachers", kTeachers}) == "2 match: +1 join, -1 leave\n");
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
    // The same rule again changes nobody.
    CHECK(f.ok({"group", "rule", "set", "teachers", kTeachers}) == "2 match: +0 join, -0 leave\n");
}

TEST_CASE("a smart group follows its people: an edit in another command makes them join or leave") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"user", "edit", "emmy@hill.org", "--field", "Job Title=Teacher"});
    f.ok({"user", "edit", "alan@hill.org", "--field", "Job Title=Head"});
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Emmy Noether <emmy@hill.org>  Member  rule\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
}

TEST_CASE("group rule set refuses a rule that does not parse, an unknown group, and a forbidden actor") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers"});
    f.ok({"role", "grant", "grace@hill.org", "department-admin", "--department", "science"});
    auto before = f.bytes();

    auto bad = f.grove({"group", "rule", "set", "teachers", "field \"Job Title\" contains teacher"});
    CHECK(one_line_failure(bad, 1, "grove: error: "));
    CHECK(bad.err == "grove: error: rule:1:28: expected a quoted value after 'contains'\n");
    auto bad_dry = f.grove({"group", "rule", "set", "teachers", "field \"Job Title\" contains teacher", "--dry-run"});
    CHECK(bad_dry.err == bad.err);

    auto unknown_field = f.grove({"group", "rule", "set", "teachers", "field \"Title\" is \"Teacher\""});
    CHECK(unknown_field.err == "grove: error: rule:1:7: unknown field \"Title\"\n");

    auto no_group = f.grove({"group", "rule", "set", "nope", kTeachers});
    CHECK(one_line_failure(no_group, 1, "grove: error: "));
    CHECK(no_group.err == "grove: error: No group has the slug or name 'nope'.\n");

    // A rule may reach anyone, so a department admin (scoped) may not set one.
    auto forbidden = f.grove({"--as", "grace@hill.org", "group", "rule", "set", "teachers", kTeachers});
    CHECK(one_line_failure(forbidden, 1, "grove: error: "));
    CHECK(forbidden.err ==
          "grove: error: Grace Hopper may not set this group's rule. Only people who can manage the people of groups "
          "can do this: Owner, Admin, Org Group Manager, or Group User Manager.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("a rule that would read its own group, directly or through another, is refused; dry run too") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Staff", "--rule", "status is active"});
    CHECK(f.ok({"group", "create", "Science Staff", "--rule",
                "group \"Staff\" has member and department is "
                "\"science\""}) == "science-staff\n2 match: +2 join, -0 leave\n");
    auto before = f.bytes();
    for (bool dry : {false, true}) {
        std::vector<std::string> args{"group", "rule", "set", "staff", "group \"science-staff\" has member"};
        if (dry) args.push_back("--dry-run");
        auto through = f.grove(args);
        CHECK(one_line_failure(through, 1, "grove: error: "));
        CHECK(through.err ==
              "grove: error: The rule of Staff cannot read Science Staff: a group's rule may not depend on the group "
              "itself.\n");
    }
    auto itself = f.grove({"group", "rule", "set", "staff", "group \"staff\" has member"});
    CHECK(itself.err ==
          "grove: error: The rule of Staff cannot read its own members: a group's rule may not depend on the group "
          "itself.\n");
    auto copied = f.grove({"group", "rule", "copy", "science-staff", "staff"});
    CHECK(one_line_failure(copied, 1, "grove: error: The rule of Staff cannot read its own members"));
    CHECK(f.bytes() == before);
}

TEST_CASE("a department admin may create a group, but not a smart group: a rule may reach anyone") {
    CliFixture f;
    school(f);
    f.ok({"role", "grant", "grace@hill.org", "department-admin", "--department", "science"});
    auto before = f.bytes();
    auto run = f.grove({"--as", "grace@hill.org", "group", "create", "Lab", "--rule", "status is active"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Grace Hopper may not set this group's rule. Only people who can manage the people of groups "
          "can do this: Owner, Admin, Org Group Manager, or Group User Manager.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"--as", "grace@hill.org", "group", "create", "Lab"}) == "lab\n");
}

TEST_CASE("group rule show prints the rule with today's names, then the pins and exclusions") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Scientists", "--rule", "department is under \"science\" and status is active"});
    CHECK(f.ok({"group", "rule", "show", "scientists"}) == "department is under \"Science\" and status is active\n");
    f.ok({"department", "rename", "science", "Natural Sciences"});
    CHECK(f.ok({"group", "rule", "show", "scientists"}) ==
          "department is under \"Natural Sciences\" and status is active\n");

    f.ok({"group", "pin", "scientists", "bo@hill.org", "--reason", "Runs the lab"});
    f.ok({"group", "exclude", "scientists", "emmy@hill.org"});
    CHECK(f.ok({"group", "rule", "show", "scientists"}) ==
          "department is under \"Natural Sciences\" and status is active\n"
          "pinned: Bo Chen <bo@hill.org> (Ada Lovelace: Runs the lab)\n"
          "excluded: Emmy Noether <emmy@hill.org> (Ada Lovelace)\n");
}

TEST_CASE("group rule show of a manual group says it has no rule") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Grade 9"});
    auto run = f.grove({"group", "rule", "show", "grade-9"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Grade 9 has no rule: its members are added by hand (see grove help group rule set).\n");
    auto unknown = f.grove({"group", "rule", "show", "nope"});
    CHECK(unknown.err == "grove: error: No group has the slug or name 'nope'.\n");
}

TEST_CASE("group rule clear makes the group manual; its members stay as direct members") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"group", "pin", "teachers", "bo@hill.org"});
    CHECK(f.ok({"group", "rule", "clear", "teachers"}) ==
          "Teachers has no rule now; it keeps its 3 members, added by hand.\n");
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Alan Turing <alan@hill.org>  Member  direct\n"
          "Bo Chen <bo@hill.org>  Member  direct\n"
          "Grace Hopper <grace@hill.org>  Member  direct\n");
    // Nobody leaves or joins by the old rule any more.
    f.ok({"user", "edit", "grace@hill.org", "--field", "Job Title=Head"});
    CHECK(lines(f.ok({"member", "list", "teachers"})).size() == 3);
    CHECK(f.grove({"group", "rule", "show", "teachers"}).code == 1);
}

TEST_CASE("group rule copy gives a group another group's rule, not its pins and exclusions") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"group", "pin", "teachers", "bo@hill.org"});
    f.ok({"group", "create", "Teachers 2027"});
    CHECK(f.ok({"group", "rule", "copy", "teachers", "teachers-2027"}) == "2 match: +2 join, -0 leave\n");
    CHECK(f.ok({"group", "rule", "show", "teachers-2027"}) == kTeachers + "\n");
    CHECK(f.ok({"member", "list", "teachers-2027"}) ==
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");

    f.ok({"group", "create", "Grade 9"});
    auto before = f.bytes();
    auto from_manual = f.grove({"group", "rule", "copy", "grade-9", "teachers"});
    CHECK(one_line_failure(from_manual, 1, "grove: error: "));
    CHECK(from_manual.err == "grove: error: Grade 9 has no rule to copy.\n");
    auto clear_manual = f.grove({"group", "rule", "clear", "grade-9"});
    CHECK(clear_manual.err == "grove: error: Grade 9 has no rule to clear.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("pins keep people in and exclusions keep them out, each with a reason group why gives") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    CHECK(f.ok({"group", "pin", "teachers", "bo@hill.org", "emmy@hill.org", "--reason", "Covers for Ms Ray"}) ==
          "Pinned 2 people in Teachers.\n");
    CHECK(f.ok({"group", "pin", "teachers", "bo@hill.org", "--reason", "Covers for Ms Ray"}) ==
          "Pinned 0 people in Teachers; 1 already was.\n");
    CHECK(f.ok({"group", "exclude", "teachers", "alan@hill.org", "--reason", "On leave"}) ==
          "Excluded 1 person from Teachers.\n");
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Bo Chen <bo@hill.org>  Member  pinned\n"
          "Emmy Noether <emmy@hill.org>  Member  pinned\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");

    CHECK(f.ok({"group", "why", "teachers", "bo@hill.org"}) == "in: pinned by Ada Lovelace: Covers for Ms Ray\n");
    CHECK(f.ok({"group", "why", "teachers", "alan@hill.org"}) == "out: excluded by Ada Lovelace: On leave\n");
    CHECK(f.ok({"group", "why", "teachers", "grace@hill.org"}) ==
          "in: field \"Job Title\" contains \"teacher\" (Teacher)\n");
    CHECK(f.ok({"group", "why", "teachers", "ada@hill.org"}) ==
          "out: field \"Job Title\" contains \"teacher\" was false (empty)\n");

    // Lifting them: the rule decides again.
    CHECK(f.ok({"group", "unpin", "teachers", "bo@hill.org", "grace@hill.org"}) ==
          "Unpinned 1 person in Teachers; 1 was not pinned.\n");
    CHECK(f.ok({"group", "unexclude", "teachers", "alan@hill.org"}) ==
          "Lifted the exclusion of 1 person from Teachers.\n");
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Emmy Noether <emmy@hill.org>  Member  pinned\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
    CHECK(f.ok({"group", "why", "teachers", "bo@hill.org"}) ==
          "out: field \"Job Title\" contains \"teacher\" was false (empty)\n");
}

TEST_CASE("pinning again replaces the reason; excluding a pinned person lifts the pin, and the other way round") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"group", "pin", "teachers", "bo@hill.org"});
    CHECK(f.ok({"group", "pin", "teachers", "bo@hill.org", "--reason", "Runs the lab"}) ==
          "Pinned 1 person in Teachers.\n");
    CHECK(f.ok({"group", "why", "teachers", "bo@hill.org"}) == "in: pinned by Ada Lovelace: Runs the lab\n");
    CHECK(f.ok({"group", "exclude", "teachers", "bo@hill.org"}) == "Excluded 1 person from Teachers.\n");
    CHECK(f.ok({"group", "why", "teachers", "bo@hill.org"}) == "out: excluded by Ada Lovelace\n");
    CHECK(f.ok({"group", "pin", "teachers", "bo@hill.org"}) == "Pinned 1 person in Teachers.\n");
    CHECK(f.ok({"group", "why", "teachers", "bo@hill.org"}) == "in: pinned by Ada Lovelace\n");
}

TEST_CASE("pins and exclusions are refused in a manual group, for an unknown person, and for a forbidden actor") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"group", "create", "Grade 9"});
    auto before = f.bytes();

    auto manual = f.grove({"group", "pin", "grade-9", "bo@hill.org"});
    CHECK(one_line_failure(manual, 1, "grove: error: "));
    CHECK(manual.err == "grove: error: Grade 9 has no rule: only smart groups have pins and exclusions.\n");
    auto unknown = f.grove({"group", "pin", "teachers", "bo@hill.org", "nobody@hill.org"});
    CHECK(one_line_failure(unknown, 1, "grove: error: "));
    CHECK(unknown.err == "grove: error: No person has the email nobody@hill.org.\n");
    auto no_group = f.grove({"group", "exclude", "nope", "bo@hill.org"});
    CHECK(no_group.err == "grove: error: No group has the slug or name 'nope'.\n");
    auto forbidden = f.grove({"--as", "bo@hill.org", "group", "exclude", "teachers", "grace@hill.org"});
    CHECK(one_line_failure(forbidden, 1, "grove: error: Bo Chen may not exclude people from this group."));
    auto forbidden_pin = f.grove({"--as", "bo@hill.org", "group", "pin", "teachers", "emmy@hill.org"});
    CHECK(one_line_failure(forbidden_pin, 1, "grove: error: Bo Chen may not pin this person in the group."));
    auto no_email = f.grove({"group", "unpin", "teachers"});
    CHECK(one_line_failure(no_email, 2, "grove: usage: group unpin needs EMAIL; see grove help group unpin"));
    CHECK(f.bytes() == before);
}

TEST_CASE("group why in a manual group and for staff") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Grade 9"});
    f.ok({"member", "add", "grade-9", "bo@hill.org"});
    CHECK(f.ok({"group", "why", "grade-9", "bo@hill.org"}) == "in: direct member\n");
    CHECK(f.ok({"group", "why", "grade-9", "emmy@hill.org"}) == "out: not a member (Grade 9 has no rule)\n");

    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"member", "add", "teachers", "emmy@hill.org", "--role", "mentor"});
    CHECK(f.ok({"group", "why", "teachers", "emmy@hill.org"}) == "in: mentor, added by hand\n");
    auto unknown = f.grove({"group", "why", "teachers", "nobody@hill.org"});
    CHECK(one_line_failure(unknown, 1, "grove: error: No person has the email nobody@hill.org."));
}

TEST_CASE("member list marks staff of a smart group direct and inherited staff as before") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Staff"});
    f.ok({"member", "add", "staff", "emmy@hill.org", "--role", "admin"});
    f.ok({"group", "create", "Teachers", "--rule", kTeachers, "--parent", "staff"});
    f.ok({"member", "add", "teachers", "bo@hill.org", "--role", "mentor"});
    f.ok({"group", "pin", "teachers", "emmy@hill.org"});
    // Emmy is pinned as a member here and a group admin of Staff above: her stronger role counts, first.
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Emmy Noether <emmy@hill.org>  Group admin  inherited from Staff (pinned: Member)\n"
          "Bo Chen <bo@hill.org>  Mentor  direct\n"
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
}

TEST_CASE("member add to a smart group: someone the rule does not match needs --pin, with an optional reason") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    auto before = f.bytes();
    auto refused = f.grove({"member", "add", "teachers", "bo@hill.org"});
    CHECK(one_line_failure(refused, 1, "grove: error: "));
    CHECK(refused.err == "grove: error: Bo Chen does not match the rule of Teachers: pin them to keep them in.\n");
    auto reason_alone = f.grove({"member", "add", "teachers", "bo@hill.org", "--reason", "Lab"});
    CHECK(one_line_failure(reason_alone, 2,
                           "grove: usage: --reason goes with --pin: it says why they are pinned; see grove help "
                           "member add"));
    CHECK(f.bytes() == before);

    CHECK(f.ok({"member", "add", "teachers", "bo@hill.org", "--pin", "--reason", "Covers for Ms Ray"}) ==
          "Added 1 person.\n");
    CHECK(f.ok({"group", "why", "teachers", "bo@hill.org"}) == "in: pinned by Ada Lovelace: Covers for Ms Ray\n");
    CHECK(f.ok({"member", "add", "teachers", "emmy@hill.org", "--pin"}) == "Added 1 person.\n");
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Bo Chen <bo@hill.org>  Member  pinned\n"
          "Emmy Noether <emmy@hill.org>  Member  pinned\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
    // Staff need no pin: the rule leaves them alone.
    f.person("cy@hill.org", "Cy", "Dunn");
    CHECK(f.ok({"member", "add", "teachers", "cy@hill.org", "--role", "mentor"}) == "Added 1 person.\n");
}

TEST_CASE("member remove in a smart group: a rule member is refused, a pinned member is unpinned") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"group", "pin", "teachers", "bo@hill.org", "grace@hill.org"});
    auto before = f.bytes();
    auto refused = f.grove({"member", "remove", "teachers", "alan@hill.org"});
    CHECK(one_line_failure(refused, 1, "grove: error: "));
    CHECK(refused.err == "grove: error: Alan Turing is in Teachers by its rule: exclude them to keep them out.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"member", "remove", "teachers", "bo@hill.org"}) == "Removed Bo Chen <bo@hill.org> from Teachers.\n");
    CHECK(f.ok({"member", "remove", "teachers", "grace@hill.org"}) ==
          "Unpinned Grace Hopper <grace@hill.org> in Teachers; its rule keeps them in as a member.\n");
    // Grace's pin is gone, but the rule still matches her.
    CHECK(f.ok({"member", "list", "teachers"}) ==
          "Alan Turing <alan@hill.org>  Member  rule\n"
          "Grace Hopper <grace@hill.org>  Member  rule\n");
    // Staff who match the rule become members by it when their staff role goes.
    f.ok({"member", "role", "teachers", "alan@hill.org", "mentor"});
    CHECK(f.ok({"member", "remove", "teachers", "alan@hill.org"}) ==
          "Alan Turing <alan@hill.org> is no longer Mentor in Teachers; its rule keeps them in as a member.\n");
    CHECK(lines(f.ok({"member", "list", "teachers"}))[0] == "Alan Turing <alan@hill.org>  Member  rule");
}

TEST_CASE("rule check prints how many people match, or the error with its column") {
    CliFixture f;
    school(f);
    CHECK(f.ok({"rule", "check", kTeachers}) == "2\n");
    CHECK(f.ok({"rule", "check", "department is \"science\" or first name is \"ada\""}) == "3\n");
    CHECK(f.ok({"rule", "check", "email ends with \"@nowhere.org\""}) == "0\n");
    auto before = f.bytes();
    auto bad = f.grove({"rule", "check", "field \"Job Title\" contains"});
    CHECK(one_line_failure(bad, 1, "grove: error: "));
    CHECK(bad.err == "grove: error: rule:1:27: expected a quoted value after 'contains'\n");
    auto unknown = f.grove({"rule", "check", "department is \"Art\""});
    CHECK(unknown.err == "grove: error: rule:1:15: unknown department \"Art\"\n");
    CHECK(f.bytes() == before);
    auto missing = f.grove({"rule", "check"});
    CHECK(one_line_failure(missing, 2, "grove: usage: rule check needs RULE; see grove help rule check"));
}

TEST_CASE("the audit log names the rule and every join and leave with its cause") {
    CliFixture f;
    school(f);
    f.ok({"group", "create", "Teachers", "--rule", kTeachers});
    f.ok({"user", "edit", "alan@hill.org", "--field", "Job Title=Head"});
    f.ok({"group", "pin", "teachers", "bo@hill.org", "--reason", "Runs the lab"});
    std::vector<std::string> summaries;
    for (const auto& line : lines(f.ok({"audit", "--group", "teachers", "--limit", "0"})))
        summaries.push_back(line.substr(line.find("  ") + 2));  // without the time
    // Newest first; a join or leave names the change that caused it.
    CHECK(summaries == std::vector<std::string>{
                           "Bo Chen joined Teachers, pinned, after: Ada Lovelace pinned Bo Chen in Teachers: Runs "
                           "the lab.",
                           "Ada Lovelace pinned Bo Chen in Teachers: Runs the lab.",
                           "Alan Turing left Teachers by its rule, after: Ada Lovelace edited Alan Turing: changed Job "
                           "Title from Head Teacher to Head.",
                           "2 people joined Teachers, after: Ada Lovelace created the group Teachers. (2 people "
                           "listed: --details shows them)",
                           "Ada Lovelace set the rule of Teachers to: field \"Job Title\" contains \"teacher\".",
                           "Ada Lovelace created the group Teachers.",
                       });
}

TEST_CASE("grove help group rule describes the rule commands") {
    CliFixture f;
    auto run = f.raw({"help", "group", "rule"});
    CHECK(run.code == 0);
    CHECK(run.out.rfind("Usage: grove --db FILE group rule set SLUG RULE [--dry-run]\n\n", 0) == 0);
    for (const char* verb : {"show SLUG\n", "clear SLUG\n", "copy FROM TO\n"}) {
        CHECK(run.out.find(std::string("Usage: grove --db FILE group rule ") + verb) != std::string::npos);
    }
    CHECK(f.raw({"help", "group", "pin"})
              .out.rfind("Usage: grove --db FILE group pin SLUG EMAIL... [--reason TEXT]\n", 0) == 0);
    CHECK(f.raw({"help", "rule", "check"}).out.rfind("Usage: grove --db FILE rule check RULE\n", 0) == 0);
    auto no_verb = f.grove({"group", "rule"});
    CHECK(one_line_failure(no_verb, 2, "grove: usage: group rule needs a command: set, show, clear, copy"));
}
