// `grove org show|plan|rename` and the plan's cap on groups (F1).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

TEST_CASE("org show names the organisation, its plan, its counts and its owner") {
    CliFixture f;
    f.init("complete");
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"group", "create", "Grade 9"});
    auto shown = lines(f.ok({"org", "show"}));
    REQUIRE(shown.size() == 6);
    CHECK(shown[0] == "Name: Hill School");
    CHECK(shown[1] == "Plan: Complete (20 groups at most)");
    CHECK(shown[2] == "Groups: 1");
    CHECK(shown[3] == "People: 2");
    CHECK(shown[4] == "Owner: Ada Lovelace <ada@hill.org>");
    CHECK(shown[5].rfind("Created: 20", 0) == 0);
    CHECK(shown[5].back() == 'Z');
}

TEST_CASE("the Essentials plan refuses a sixth group with a message naming the plan and the cap") {
    CliFixture f;
    f.init("essentials");
    for (const char* name : {"One", "Two", "Three", "Four", "Five"}) f.ok({"group", "create", name});
    auto before = f.bytes();
    auto run = f.grove({"group", "create", "Six"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: The Essentials plan allows 5 groups; this organisation has 5.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("the Trial plan allows one group") {
    CliFixture f;
    f.init("trial");
    f.ok({"group", "create", "One"});
    auto run = f.grove({"group", "create", "Two"});
    CHECK(run.err == "grove: error: The Trial plan allows 1 group; this organisation has 1.\n");
}

TEST_CASE("changing the plan lifts the cap, and a smaller plan is refused while too many groups exist") {
    CliFixture f;
    f.init("starter");
    f.ok({"group", "create", "One"});
    CHECK(f.grove({"group", "create", "Two"}).code == 1);
    CHECK(f.ok({"org", "plan", "enterprise"}) == "The plan is now Enterprise (no group cap).\n");
    f.ok({"group", "create", "Two"});
    auto before = f.bytes();
    auto run = f.grove({"org", "plan", "trial"});
    CHECK(run.code == 1);
    CHECK(
        run.err ==
        "grove: error: The Trial plan allows 1 group; this organisation has 2. Delete groups before changing to it.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("an unknown plan is bad input") {
    CliFixture f;
    f.init();
    auto run = f.grove({"org", "plan", "platinum"});
    CHECK(one_line_failure(run, 1, "grove: error: 'platinum' is not a plan"));
}

TEST_CASE("org rename gives the organisation a new name") {
    CliFixture f;
    f.init();
    CHECK(f.ok({"org", "rename", "Hill Academy"}) == "The organisation is now called Hill Academy.\n");
    CHECK(lines(f.ok({"org", "show"}))[0] == "Name: Hill Academy");
}

TEST_CASE("only someone holding org.settings may change the plan") {
    CliFixture f;
    f.init("starter");
    f.person("grace@hill.org", "Grace", "Hopper");
    auto before = f.bytes();
    auto run = f.grove({"--as", "grace@hill.org", "org", "plan", "enterprise"});
    CHECK(one_line_failure(run, 1, "grove: error: Grace Hopper may not change the organisation settings"));
    CHECK(f.bytes() == before);
}

TEST_CASE("names keep one space where several were typed: the organisation, people, groups, departments") {
    CliFixture f;
    f.init();
    CHECK(f.ok({"org", "rename", "  Hill    Academy  "}) == "The organisation is now called Hill Academy.\n");
    CHECK(lines(f.ok({"org", "show"}))[0] == "Name: Hill Academy");
    CHECK(f.ok({"user", "add", "ann@hill.org", "--first", "Ann   Marie", "--last", "Lee  Smith"}) ==
          "Added Ann Marie Lee Smith <ann@hill.org>.\n");
    CHECK(f.ok({"group", "create", "Grade    9"}) == "grade-9\n");
    CHECK(f.ok({"group", "list"}).find("Grade 9 (grade-9)") != std::string::npos);
    f.ok({"department", "create", "Lower   School"});
    CHECK(f.ok({"department", "list"}).find("Lower School") != std::string::npos);
    // A second group typed with other spacing is the same name, so it is refused as a duplicate.
    auto run = f.grove({"group", "create", "Grade 9"});
    CHECK(run.code == 1);
}
