// Wrong usage: exit 2 and one line pointing to `grove help`, with the database untouched.
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::one_line_failure;

TEST_CASE("wrong usage is exit 2 with one line naming the problem and the help to read") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    auto before = f.bytes();
    struct Case {
        std::vector<std::string> args;
        std::string err;
    };
    const std::vector<Case> cases = {
        {{}, "grove: usage: no command given; see grove help\n"},
        {{"frobnicate"}, "grove: usage: unknown command 'frobnicate'; see grove help\n"},
        {{"group"},
         "grove: usage: group needs a command: create, edit, move, delete, list, show, inherit, copy, rule, pin, "
         "unpin, exclude, unexclude, why, digest; see grove help group\n"},
        {{"group", "explode"},
         "grove: usage: unknown command 'group explode'; group takes create, edit, move, delete, list, show, inherit, "
         "copy, rule, pin, unpin, exclude, unexclude, why, digest; see grove help group\n"},
        {{"group", "rule", "explode"},
         "grove: usage: unknown command 'group rule explode'; group rule takes set, show, clear, copy; see grove help "
         "group rule\n"},
        {{"group", "create"}, "grove: usage: group create needs NAME; see grove help group create\n"},
        {{"group", "create", "X", "--colour", "red"},
         "grove: usage: unknown option --colour for group create; see grove help group create\n"},
        {{"group", "create", "X", "--parent"},
         "grove: usage: --parent SLUG needs a value; see grove help group create\n"},
        {{"group", "create", "X", "--parent", "--description", "d"},
         "grove: usage: --parent SLUG needs a value; see grove help group create\n"},
        {{"group", "create", "X", "--parent", "a", "--parent", "b"},
         "grove: usage: --parent is given twice; see grove help group create\n"},
        {{"group", "create", "X", "Y"},
         "grove: usage: unexpected argument 'Y' for group create; see grove help group "
         "create\n"},
        {{"group", "move", "grade-9", "--root=yes"},
         "grove: usage: --root takes no value; see grove help group move\n"},
        {{"group", "list", "-x"}, "grove: usage: unknown option -x; see grove help group list\n"},
        {{"--sort", "title", "group", "list"}, "grove: usage: unknown option --sort; see grove help\n"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"--db", f.db};
        if (c.args.empty()) args.clear();
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto run = f.raw(args);
        INFO(c.err);
        CHECK(one_line_failure(run, 2, "grove: usage: "));
        CHECK(run.err == c.err);
    }
    CHECK(f.bytes() == before);
}

TEST_CASE("every command but help needs --db") {
    CliFixture f;
    auto run = f.raw({"group", "list"});
    CHECK(one_line_failure(run, 2, "grove: usage: group list needs --db FILE; see grove help group list"));
}

TEST_CASE("global options may come before or after the command words, and take the --name=value form") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"role", "grant", "grace@hill.org", "org-group-manager"});
    auto run = f.raw({"group", "create", "Grade 9", "--db", f.db, "--as", "grace@hill.org"});
    CHECK(run.code == 0);
    CHECK(run.out == "grade-9\n");
    run = f.raw({"--db=" + f.db, "--as=grace@hill.org", "group", "create", "--description=-- odd --", "Grade 10"});
    CHECK(run.code == 0);
    CHECK(f.ok({"group", "show", "grade-10"}).find("Description: -- odd --\n") != std::string::npos);
    // After --, everything is an argument, even what looks like an option.
    CHECK(f.ok({"group", "create", "--", "--weird--"}) == "weird\n");
    CHECK(f.raw({"--db"}).err == "grove: usage: --db FILE needs a value; see grove help\n");
    auto twice = f.raw({"--db", f.db, "--db", f.db, "group", "list"});
    CHECK(one_line_failure(twice, 2, "grove: usage: --db is given twice"));
}
