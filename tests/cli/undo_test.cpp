// `grove undo`, `grove redo` and `grove history`: the acting person's own steps (F28).
#include <doctest/doctest.h>
#include <string>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

TEST_CASE("undo and redo step through the acting person's changes, and the audit log says so") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    f.ok({"group", "delete", "grade-9", "--lift-subgroups"});
    CHECK(f.ok({"undo"}) == "Undid: deleted the group Grade 9; removed 1 membership.\n");
    CHECK(f.ok({"member", "list", "grade-9"}).find("grace@hill.org") != std::string::npos);
    CHECK(f.ok({"redo"}) == "Redid: deleted the group Grade 9; removed 1 membership.\n");
    CHECK(f.grove({"group", "show", "grade-9"}).code != 0);
    auto log = lines(f.ok({"audit", "--limit", "2"}));
    REQUIRE(log.size() == 2);
    CHECK(log[0].substr(22) == "Ada Lovelace redid: deleted the group Grade 9; removed 1 membership.");
    CHECK(log[1].substr(22) == "Ada Lovelace undid: deleted the group Grade 9; removed 1 membership.");
}

TEST_CASE("history lists the acting person's steps newest first, and what redo would do again") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.ok({"group", "create", "Grade 10"});
    f.ok({"undo"});
    auto steps = lines(f.ok({"history", "--limit", "2"}));
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].substr(22) == "created the group Grade 10  (undone)");
    CHECK(steps[1].substr(22) == "created the group Grade 9");
    CHECK(lines(f.ok({"history"})).size() == 3);  // and the organisation's creation
}

TEST_CASE("undo as another person steps through their changes only, and says when there is nothing") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.person("bo@hill.org", "Bo", "Chen");
    f.ok({"role", "grant", "bo@hill.org", "admin"});
    auto none = f.grove({"--as", "bo@hill.org", "undo"});
    CHECK(one_line_failure(none, 1, "grove: error: "));
    CHECK(none.err == "grove: error: Nothing to undo.\n");
    CHECK(one_line_failure(f.grove({"--as", "bo@hill.org", "redo"}), 1, "grove: error: Nothing to redo."));
    CHECK(f.ok({"--as", "bo@hill.org", "history"}) == "Nothing to undo.\n");
}

TEST_CASE("undo is refused when someone else's later change touched the same records") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.person("bo@hill.org", "Bo", "Chen");
    f.ok({"role", "grant", "bo@hill.org", "admin"});
    f.ok({"group", "edit", "grade-9", "--name", "Year 9"});
    REQUIRE(f.grove({"--as", "bo@hill.org", "group", "edit", "grade-9", "--name", "Form 9"}).code == 0);
    auto refused = f.grove({"undo"});
    CHECK(one_line_failure(refused, 1, "grove: error: "));
    CHECK(refused.err ==
          "grove: error: Cannot undo \"renamed Grade 9 to Year 9\": a later change touched the same "
          "records (a group).\n");
    CHECK(f.ok({"--as", "bo@hill.org", "undo"}) == "Undid: renamed Year 9 to Form 9.\n");
    CHECK(f.ok({"undo"}) == "Undid: renamed Grade 9 to Year 9.\n");
}
