// `grove user add|edit|list|show` and `grove invitation accept` (F2, F10).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

void with_fields(CliFixture& f) {
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"field", "add", "Job Title", "--type", "text"});
    f.ok({"field", "add", "Hire Date", "--type", "date"});
}

}  // namespace

TEST_CASE("user add puts a person with a department and field values into the organisation") {
    CliFixture f;
    with_fields(f);
    auto out = f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "science",
                     "--field", "Job Title=Teacher", "--field", "Hire Date=2024-09-01"});
    CHECK(out == "Added Grace Hopper <grace@hill.org>.\n");
    auto shown = f.ok({"user", "show", "grace@hill.org"});
    CHECK(shown.find("Grace Hopper <grace@hill.org>\nStatus: active\nDepartment: Science (science)\n") == 0);
    CHECK(shown.find("  Job Title: Teacher\n  Hire Date: 2024-09-01\n") != std::string::npos);
    CHECK(shown.find("Org roles: (none)\n") != std::string::npos);
}

TEST_CASE("an email that already belongs to someone is refused, whatever its case") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    auto before = f.bytes();
    auto run = f.grove({"user", "add", "GRACE@hill.org", "--first", "G", "--last", "H"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: The email GRACE@hill.org already belongs to Grace Hopper.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("an email outside ASCII is one person's in any case") {
    CliFixture f;
    f.init();
    f.ok({"user", "add", "j\xC3\xBCrgen@ex\xC3\xA4mple.de", "--first", "J\xC3\xBCrgen", "--last", "Weber"});
    auto before = f.bytes();
    auto run = f.grove({"user", "add", "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE", "--first", "J", "--last", "W"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: The email J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE already belongs to J\xC3\xBCrgen Weber.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"user", "show", "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE"}).find("J\xC3\xBCrgen Weber <j\xC3\xBCrgen@ex") == 0);
}

TEST_CASE("a name with a line break is refused on one line and adds nobody") {
    CliFixture f;
    f.init();
    auto before = f.bytes();
    auto run = f.grove({"user", "add", "evil@hill.org", "--first", "Evil\nName", "--last", "H"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: The first name has a line break; it must be one line.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("a field value of the wrong type is bad input and adds nobody") {
    CliFixture f;
    with_fields(f);
    auto before = f.bytes();
    auto run = f.grove(
        {"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--field", "Hire Date=last week"});
    CHECK(run.code == 1);
    CHECK(run.err == "grove: error: Hire Date must be a date written YYYY-MM-DD, not 'last week'.\n");
    CHECK(f.bytes() == before);

    run = f.grove({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--field", "Teacher"});
    CHECK(run.err == "grove: error: --field takes KEY=VALUE, not 'Teacher'.\n");
    run = f.grove({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--field", "Shoe=42"});
    CHECK(run.err == "grove: error: No additional field is named 'Shoe'.\n");
    run = f.grove({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "art"});
    CHECK(run.err == "grove: error: No department has the slug 'art'.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("user add needs a first and a last name") {
    CliFixture f;
    f.init();
    auto run = f.grove({"user", "add", "grace@hill.org", "--last", "Hopper"});
    CHECK(one_line_failure(run, 2, "grove: usage: user add needs --first NAME; see grove help user add"));
}

TEST_CASE("user list shows everyone in natural name order, and --search narrows it") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.person("zoe@hill.org", "Zoë", "Adams");
    f.ok({"user", "add", "emile@hill.org", "--first", "Émile", "--last", "Borel", "--department", "science"});
    f.person("grace@hill.org", "grace", "Hopper");
    auto all = lines(f.ok({"user", "list"}));
    REQUIRE(all.size() == 4);
    CHECK(all[0] == "Ada Lovelace <ada@hill.org>  active");
    CHECK(all[1] == "Émile Borel <emile@hill.org>  active  Science");
    CHECK(all[2] == "grace Hopper <grace@hill.org>  active");
    CHECK(all[3] == "Zoë Adams <zoe@hill.org>  active");
    CHECK(f.ok({"user", "list", "--search", "emile"}) == "Émile Borel <emile@hill.org>  active  Science\n");
    CHECK(f.ok({"user", "list", "--search", "ZOE"}) == "Zoë Adams <zoe@hill.org>  active\n");
    CHECK(f.ok({"user", "list", "--search", "nobody"}).empty());
}

TEST_CASE("user edit changes what is given and keeps the rest") {
    CliFixture f;
    with_fields(f);
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "science", "--field",
          "Job Title=Teacher"});
    CHECK(f.ok({"user", "edit", "grace@hill.org", "--first", "Amazing Grace", "--email", "grace.hopper@hill.org",
                "--no-department", "--field", "Job Title="}) ==
          "Saved Amazing Grace Hopper <grace.hopper@hill.org>.\n");
    auto shown = f.ok({"user", "show", "grace.hopper@hill.org"});
    CHECK(shown.find("Department: (none)\n") != std::string::npos);
    CHECK(shown.find("Fields: (none)\n") != std::string::npos);
    CHECK(f.grove({"user", "show", "grace@hill.org"}).err == "grove: error: No person has the email grace@hill.org.\n");
}

TEST_CASE("a deactivated person can no longer act, until reactivated") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"role", "grant", "grace@hill.org", "org-group-manager"});
    CHECK(f.ok({"user", "edit", "grace@hill.org", "--deactivate"}) == "Deactivated Grace Hopper <grace@hill.org>.\n");
    auto run = f.grove({"--as", "grace@hill.org", "group", "create", "Grade 9"});
    CHECK(run.err == "grove: error: Grace Hopper may not create a group here: their account is deactivated.\n");
    CHECK(f.ok({"user", "edit", "grace@hill.org", "--activate"}) == "Activated Grace Hopper <grace@hill.org>.\n");
    CHECK(f.ok({"--as", "grace@hill.org", "group", "create", "Grade 9"}) == "grade-9\n");
}

TEST_CASE("the owner cannot deactivate themselves") {
    CliFixture f;
    f.init();
    auto run = f.grove({"user", "edit", "ada@hill.org", "--deactivate"});
    CHECK(one_line_failure(run, 1, "grove: error: You cannot deactivate yourself."));
}

TEST_CASE("user edit needs something to change, and one of each pair of opposites") {
    CliFixture f;
    f.init();
    auto run = f.grove({"user", "edit", "ada@hill.org"});
    CHECK(one_line_failure(run, 2, "grove: usage: user edit needs at least one of --first NAME, --last NAME"));
    run = f.grove({"user", "edit", "ada@hill.org", "--department", "x", "--no-department"});
    CHECK(run.err ==
          "grove: usage: --department and --no-department cannot be used together; see grove help user edit\n");
    run = f.grove({"user", "edit", "ada@hill.org", "--activate", "--deactivate"});
    CHECK(run.code == 2);
}

TEST_CASE("an invited person accepts their invitation as themselves") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    CHECK(f.ok({"member", "add", "grade-9", "new@hill.org"}) == "Invited 1 person.\n");
    CHECK(f.ok({"user", "list", "--search", "new@"}) == "<new@hill.org>  invited\n");
    auto nameless = f.grove({"--as", "new@hill.org", "invitation", "accept"});
    CHECK(one_line_failure(nameless, 1, "grove: error: Give your first and last name to accept the invitation."));
    auto half = f.grove({"--as", "new@hill.org", "invitation", "accept", "--first", "Ivy"});
    CHECK(one_line_failure(half, 1, "grove: error: Give your last name to accept the invitation."));
    CHECK(f.ok({"user", "list", "--search", "new@"}) == "<new@hill.org>  invited\n");
    CHECK(f.ok({"--as", "new@hill.org", "invitation", "accept", "--first", "Ivy", "--last", "Ingram"}) ==
          "Accepted: Ivy Ingram <new@hill.org> is now active.\n");
    CHECK(f.ok({"user", "list", "--search", "new@"}) == "Ivy Ingram <new@hill.org>  active\n");
    auto again = f.grove({"--as", "new@hill.org", "invitation", "accept", "--first", "Ivy", "--last", "Ingram"});
    CHECK(one_line_failure(again, 1, "grove: error: Ivy Ingram has no invitation waiting."));
}

TEST_CASE("invitation accept needs the invited person named with --as") {
    CliFixture f;
    f.init();
    auto run = f.grove({"invitation", "accept"});
    CHECK(one_line_failure(run, 2, "grove: usage: invitation accept needs --as EMAIL"));
}
