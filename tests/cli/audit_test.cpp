// `grove audit`: who did what, when, newest first (F27, F38).
#include <chrono>
#include <ctime>
#include <doctest/doctest.h>
#include <regex>
#include <string>

#include "cli_fixture.h"
#include "core/grove.h"

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

namespace {

// "YYYY-MM-DD" of today in UTC, `days` days away.
std::string utc_day(int days) {
    const auto now = std::chrono::system_clock::now() + std::chrono::hours(24) * days;
    const std::time_t secs = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace

TEST_CASE("audit --from and --to keep whole UTC days, both included") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    const std::string today = utc_day(0);
    CHECK(lines(f.ok({"audit", "--from", today, "--to", today})).size() == 2);
    CHECK(lines(f.ok({"audit", "--from", utc_day(-3), "--to", utc_day(3)})).size() == 2);
    CHECK(f.ok({"audit", "--from", utc_day(1)}).empty());
    CHECK(f.ok({"audit", "--to", utc_day(-1)}).empty());
    auto run = f.grove({"audit", "--from", "2026-02-30"});
    CHECK(one_line_failure(run, 1, "grove: error: --from takes a date written YYYY-MM-DD, not '2026-02-30'."));
    run = f.grove({"audit", "--to", "yesterday"});
    CHECK(one_line_failure(run, 1, "grove: error: --to takes a date written YYYY-MM-DD, not 'yesterday'."));
}

TEST_CASE("audit --csv prints the app's export: every matching entry, with a header, CRLF rows") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    for (int i = 0; i < 60; ++i) f.person("p" + std::to_string(i) + "@hill.org", "P", std::to_string(i));
    const std::string csv = f.ok({"audit", "--csv"});
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);  // a byte-order mark, as the app's file
    const std::string body = csv.substr(3);
    CHECK(body.rfind("at,actor,actor_email,action,summary,group,person,person_email\r\n", 0) == 0);
    // Two people of one name are told apart by their emails.
    CHECK(body.find(",Ada Lovelace,ada@hill.org,") != std::string::npos);
    CHECK(body.find(",P 7,p7@hill.org\r\n") != std::string::npos);
    // All 62 entries (the default 50 is for reading on screen), one CRLF row each, plus the header.
    size_t rows = 0;
    for (size_t at = body.find("\r\n"); at != std::string::npos; at = body.find("\r\n", at + 2)) ++rows;
    CHECK(rows == 63);
    CHECK(body.find("created the group Grade 9.") != std::string::npos);
    // Narrowed like the listing.
    const std::string grade9 = f.ok({"audit", "--csv", "--group", "grade-9"});
    rows = 0;
    for (size_t at = grade9.find("\r\n"); at != std::string::npos; at = grade9.find("\r\n", at + 2)) ++rows;
    CHECK(rows == 2);
}

TEST_CASE("a change to many people is one entry: --details lists them, --person finds it, --csv has a row each") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.person("grace@hill.org", "Grace", "Hopper");
    f.person("alan@hill.org", "Alan", "Turing");
    f.ok({"member", "add", "grade-9", "grace@hill.org", "alan@hill.org"});

    auto log = lines(f.ok({"audit", "--limit", "1"}));
    REQUIRE(log.size() == 1);
    CHECK(log[0].substr(22) ==
          "Ada Lovelace added people to Grade 9: added 2 people. (2 people listed: --details shows them)");

    auto detailed = lines(f.ok({"audit", "--limit", "1", "--details"}));
    REQUIRE(detailed.size() == 3);
    CHECK(detailed[0].substr(22) == "Ada Lovelace added people to Grade 9: added 2 people.");
    CHECK(detailed[1] == "    Grace Hopper <grace@hill.org>: added to Grade 9 as a member");
    CHECK(detailed[2] == "    Alan Turing <alan@hill.org>: added to Grade 9 as a member");

    auto about_alan = lines(f.ok({"audit", "--person", "alan@hill.org"}));
    REQUIRE(about_alan.size() == 2);
    CHECK(
        about_alan[0].substr(22) ==
        "Ada Lovelace added people to Grade 9: added 2 people. \xe2\x80\x94 Alan Turing: added to Grade 9 as a member");

    auto csv = lines(f.ok({"audit", "--limit", "1", "--csv"}));
    REQUIRE(csv.size() == 4);
    CHECK(csv[2].find(",Ada Lovelace,ada@hill.org,member.add,added to Grade 9 as a member,Grade 9,Grace Hopper,"
                      "grace@hill.org") != std::string::npos);
}

namespace {

// A group's row ID in the database file, read with the core.
grove::Id group_row(const std::string& db, const std::string& slug) {
    auto store = grove::Store::open(db);
    REQUIRE(store);
    auto group = grove::find_group_by_slug(**store, slug);
    REQUIRE(group);
    return group->id;
}

}  // namespace

TEST_CASE("audit --group shows a new group's own entries, not the deleted group's whose row ID it took") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"group", "create", "Drama Club"});
    f.ok({"member", "add", "drama-club", "grace@hill.org"});
    const grove::Id drama = group_row(f.db, "drama-club");
    f.ok({"group", "delete", "drama-club", "--lift-subgroups"});
    f.ok({"group", "create", "Chess Club"});
    REQUIRE(group_row(f.db, "chess-club") == drama);  // SQLite gave the new group the deleted one's row ID
    f.ok({"member", "add", "chess-club", "grace@hill.org", "--role", "mentor"});

    auto chess = lines(f.ok({"audit", "--group", "chess-club"}));
    REQUIRE(chess.size() == 2);
    CHECK(chess[0].substr(22) == "Ada Lovelace added Grace Hopper to Chess Club as a mentor.");
    CHECK(chess[1].substr(22) == "Ada Lovelace created the group Chess Club.");
    // The old entries still name Drama Club, in the listing and in the CSV.
    auto grace = lines(f.ok({"audit", "--person", "grace@hill.org"}));
    REQUIRE(grace.size() == 3);
    CHECK(grace[1].substr(22) == "Ada Lovelace added Grace Hopper to Drama Club as a member.");
    const std::string csv = f.ok({"audit", "--csv"});
    CHECK(csv.find(",member.add,Ada Lovelace added Grace Hopper to Drama Club as a member.,Drama Club,Grace Hopper,"
                   "grace@hill.org\r\n") != std::string::npos);
}
