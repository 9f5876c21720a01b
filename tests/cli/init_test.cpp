// `grove init` and what every command does with a file that holds no Grove database.
#include <doctest/doctest.h>
#include <fstream>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::one_line_failure;

TEST_CASE("init creates the database file with the organisation and its owner") {
    CliFixture f;
    auto run = f.grove({"init", "--org", "Hill School", "--plan", "essentials", "--owner", "ada@hill.org", "--first",
                        "Ada", "--last", "Lovelace"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out == "Created Hill School on the Essentials plan; owner Ada Lovelace <ada@hill.org>.\n");
    CHECK(f.db_exists());
    auto shown = f.ok({"org", "show"});
    CHECK(shown.find("Name: Hill School\n") != std::string::npos);
    CHECK(shown.find("Plan: Essentials (5 groups at most)\n") != std::string::npos);
    CHECK(shown.find("Owner: Ada Lovelace <ada@hill.org>\n") != std::string::npos);
}

TEST_CASE("init refuses a database that already holds an organisation and leaves it unchanged") {
    CliFixture f;
    f.init();
    auto before = f.bytes();
    auto run = f.grove(
        {"init", "--org", "Other", "--plan", "trial", "--owner", "bob@x.org", "--first", "Bob", "--last", "Stone"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: This database already holds an organisation (Hill School).\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("init with a bad owner email leaves no file behind") {
    CliFixture f;
    auto run = f.grove({"init", "--org", "Hill", "--plan", "trial", "--owner", "not-an-email", "--first", "Ada",
                        "--last", "Lovelace"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: 'not-an-email' is not an email address.\n");
    CHECK_FALSE(f.db_exists());
    CHECK_FALSE(std::filesystem::exists(f.db + "-journal"));
}

TEST_CASE("init with an unknown plan is bad input") {
    CliFixture f;
    auto run = f.grove(
        {"init", "--org", "Hill", "--plan", "gold", "--owner", "ada@hill.org", "--first", "Ada", "--last", "Lovelace"});
    CHECK(run.code == 1);
    CHECK(run.err == "grove: error: 'gold' is not a plan; plans: trial, starter, essentials, complete, enterprise.\n");
    CHECK_FALSE(f.db_exists());
}

TEST_CASE("init without its required options is wrong usage") {
    CliFixture f;
    auto run = f.grove({"init", "--org", "Hill", "--owner", "ada@hill.org", "--first", "Ada", "--last", "Lovelace"});
    CHECK(one_line_failure(run, 2, "grove: usage: "));
    CHECK(run.err == "grove: usage: init needs --plan PLAN; see grove help init\n");
    CHECK_FALSE(f.db_exists());
}

TEST_CASE("init takes no acting person") {
    CliFixture f;
    auto run = f.grove({"--as", "ada@hill.org", "init", "--org", "Hill", "--plan", "trial", "--owner", "ada@hill.org",
                        "--first", "Ada", "--last", "Lovelace"});
    CHECK(one_line_failure(run, 2, "grove: usage: init takes no --as"));
}

TEST_CASE("any other command on a missing file says how to create the database, and creates nothing") {
    CliFixture f;
    auto run = f.grove({"group", "list"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: No Grove database at " + f.db + "; create one with grove --db " + f.db + " init ...\n");
    CHECK_FALSE(f.db_exists());
}

TEST_CASE("a file that is not a Grove database is refused and left untouched") {
    CliFixture f;
    {
        std::ofstream out(f.db, std::ios::binary);
        out << "shopping list: apples, pears\n";
    }
    auto before = f.bytes();
    auto run = f.grove({"group", "list"});
    CHECK(run.code == 1);
    CHECK(run.err == "grove: error: " + f.db + " is not a Grove database.\n");
    auto init = f.grove({"init", "--org", "Hill", "--plan", "trial", "--owner", "ada@hill.org", "--first", "Ada",
                         "--last", "Lovelace"});
    CHECK(init.code == 1);
    CHECK(f.bytes() == before);
}

TEST_CASE("acting as somebody unknown is refused") {
    CliFixture f;
    f.init();
    auto run = f.grove({"--as", "nobody@hill.org", "group", "list"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: No person has the email nobody@hill.org.\n");
}
