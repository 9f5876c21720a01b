// `grove help`: the overview, one command, a family of commands, and the permission matrix.
#include <doctest/doctest.h>

#include "cli_fixture.h"
#include "cli_spec.h"
#include "core/access/permissions.h"

using grove::testing::CliFixture;
using grove::testing::one_line_failure;

TEST_CASE("grove help lists every command with one line each, and needs no database") {
    CliFixture f;
    auto run = f.raw({"help"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    for (const auto& cmd : grove::cli::commands()) {
        INFO(cmd.name());
        CHECK(run.out.find("\n  " + cmd.name() + "   ") != std::string::npos);
    }
    CHECK(run.out.find("  help permissions ") != std::string::npos);
    CHECK(f.raw({"--help"}).out == run.out);
    CHECK_FALSE(f.db_exists());
}

TEST_CASE("grove help COMMAND describes the command, its options, and an example") {
    CliFixture f;
    auto run = f.raw({"help", "group", "create"});
    CHECK(run.code == 0);
    CHECK(run.out.rfind("Usage: grove --db FILE group create NAME [--parent SLUG] [--description TEXT] "
                        "[--external-id SYSTEM=VALUE]... [--rule RULE]\n\n",
                        0) == 0);
    CHECK(run.out.find("Options:\n  --parent SLUG ") != std::string::npos);
    CHECK(run.out.find("Examples:\n  grove --db school.grove group create \"Grade 9\"") != std::string::npos);

    auto move = f.raw({"help", "group", "move"}).out;
    CHECK(move.rfind("Usage: grove --db FILE group move SLUG (--parent SLUG | --root)\n", 0) == 0);
    auto edit = f.raw({"help", "user", "edit"}).out;
    CHECK(edit.find("[--department SLUG | --no-department]") != std::string::npos);
    CHECK(f.raw({"help", "role", "rename"}).out.rfind("Usage: grove --db FILE role rename NAME NEW-NAME\n", 0) == 0);
    CHECK(f.raw({"help", "role", "edit"}).out.rfind("Usage: grove --db FILE role edit NAME --permissions P1,P2\n", 0) ==
          0);
    CHECK(f.raw({"help", "role", "delete"}).out.rfind("Usage: grove --db FILE role delete NAME [--revoke]\n", 0) == 0);
    auto accept = f.raw({"help", "invitation", "accept"}).out;
    CHECK(accept.rfind("Usage: grove --db FILE --as EMAIL invitation accept [--first NAME] [--last NAME]\n", 0) == 0);
}

TEST_CASE("grove help NOUN describes every command of that family") {
    CliFixture f;
    auto run = f.raw({"help", "group"});
    CHECK(run.code == 0);
    for (const char* verb : {"create", "edit", "move", "delete", "list", "show", "inherit", "copy"}) {
        CHECK(run.out.find(std::string("Usage: grove --db FILE group ") + verb) != std::string::npos);
    }
    CHECK(run.out.find("member add") == std::string::npos);
}

TEST_CASE("grove help field gives the exact syntax of renaming, changing choices and deleting a field") {
    CliFixture f;
    auto run = f.raw({"help", "field"});
    CHECK(run.code == 0);
    CHECK(run.out.find("Usage: grove --db FILE field rename NAME NEW-NAME\n") != std::string::npos);
    CHECK(run.out.find("Usage: grove --db FILE field choices NAME CHOICE... [--map OLD=NEW]...\n") !=
          std::string::npos);
    CHECK(run.out.find("Usage: grove --db FILE field delete NAME [--with-values]\n") != std::string::npos);
}

TEST_CASE("--help after a command describes that command instead of running it") {
    CliFixture f;
    auto run = f.grove({"group", "delete", "grade-9", "--help"});
    CHECK(run.code == 0);
    CHECK(run.out == f.raw({"help", "group", "delete"}).out);
    CHECK_FALSE(f.db_exists());
}

TEST_CASE("grove help permissions prints the permission matrix exactly") {
    CliFixture f;
    auto run = f.raw({"help", "permissions"});
    CHECK(run.code == 0);
    CHECK(run.out == grove::permission_matrix_markdown());
}

TEST_CASE("help on something that does not exist is wrong usage") {
    CliFixture f;
    auto run = f.raw({"help", "group", "explode"});
    CHECK(one_line_failure(run, 2, "grove: usage: no command is called 'group explode'; see grove help"));
}

TEST_CASE("grove version prints the version") {
    CliFixture f;
    auto run = f.raw({"version"});
    CHECK(run.code == 0);
    CHECK(run.out.rfind("grove ", 0) == 0);
    CHECK(f.raw({"--version"}).out == run.out);
}
