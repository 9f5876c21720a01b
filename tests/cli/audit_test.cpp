// `grove audit`: who did what, when, newest first (F27, F38).
#include <doctest/doctest.h>
#include <regex>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

TEST_CASE("the audit log names people and groups, newest first, with ISO 8601 times") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"member", "add", "grade-9", "grace@hill.org", "--role", "mentor"});
    auto log = lines(f.ok({"audit"}));
    REQUIRE(log.size() == 4);
    std::regex entry(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  .+)");
    for (const auto& line : log) CHECK(std::regex_match(line, entry));
    CHECK(log[0].substr(22) == "Ada Lovelace added Grace Hopper to Grade 9 as a mentor.");
    CHECK(log[1].substr(22) == "Ada Lovelace added Grace Hopper (grace@hill.org).");
    CHECK(log[2].substr(22) == "Ada Lovelace created the group Grade 9.");
    CHECK(log[3].substr(22) == "Ada Lovelace created the organisation Hill School on the Enterprise plan.");
}

TEST_CASE("audit --limit, --group, --person and --search narrow the log") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.ok({"group", "create", "Grade 10"});
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"member", "add", "grade-10", "grace@hill.org"});
    CHECK(lines(f.ok({"audit", "--limit", "2"})).size() == 2);
    CHECK(lines(f.ok({"audit", "--limit", "0"})).size() == 5);
    auto about_grade_10 = lines(f.ok({"audit", "--group", "grade-10"}));
    REQUIRE(about_grade_10.size() == 2);
    CHECK(about_grade_10[1].substr(22) == "Ada Lovelace created the group Grade 10.");
    CHECK(lines(f.ok({"audit", "--person", "grace@hill.org"})).size() == 2);
    auto searched = lines(f.ok({"audit", "--search", "GRADE 9"}));
    REQUIRE(searched.size() == 1);
    CHECK(searched[0].substr(22) == "Ada Lovelace created the group Grade 9.");
}

TEST_CASE("reading the audit log needs audit.view") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    auto run = f.grove({"--as", "grace@hill.org", "audit"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Grace Hopper may not read the audit log. Only people who can read the audit log can do "
          "this: Owner or Admin.\n");
}

TEST_CASE("audit --limit takes a whole number") {
    CliFixture f;
    f.init();
    auto run = f.grove({"audit", "--limit", "ten"});
    CHECK(one_line_failure(run, 1, "grove: error: --limit takes a whole number, not 'ten'."));
    CHECK(f.grove({"audit", "--limit", "-3"}).code == 1);
}

TEST_CASE("the audit log says what an edit changed and what a deletion took, in the past tense") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"department", "create", "Maths"});
    f.ok({"user", "add", "ana@hill.org", "--first", "Ana", "--last", "Hill", "--department", "science"});
    f.ok({"user", "edit", "ana@hill.org", "--first", "Anna", "--department", "maths"});
    auto log = lines(f.ok({"audit", "--limit", "1"}));
    REQUIRE(log.size() == 1);
    CHECK(log[0].substr(22) ==
          "Ada Lovelace edited Anna Hill: changed first name from Ana to Anna; department from Science to Maths.");

    f.ok({"group", "create", "School"});
    f.ok({"group", "create", "Grade 9", "--parent", "school"});
    f.ok({"member", "add", "school", "ana@hill.org"});
    f.ok({"group", "delete", "school", "--with-subgroups"});
    log = lines(f.ok({"audit", "--limit", "1"}));
    REQUIRE(log.size() == 1);
    CHECK(log[0].substr(22) ==
          "Ada Lovelace deleted the group School with 1 subgroup (Grade 9); removed 1 membership.");
}
