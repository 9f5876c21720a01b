// `grove role grant|revoke|define|list`: org roles, custom roles, and no escalation (F4, F35).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

TEST_CASE("an org group manager may create groups once granted the role, and not after it is revoked") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    CHECK(f.ok({"role", "grant", "grace@hill.org", "org-group-manager"}) ==
          "Granted Org Group Manager to Grace Hopper <grace@hill.org>.\n");
    CHECK(f.ok({"--as", "grace@hill.org", "group", "create", "Grade 9"}) == "grade-9\n");
    CHECK(f.ok({"role", "revoke", "grace@hill.org", "org-group-manager"}) ==
          "Revoked Org Group Manager from Grace Hopper <grace@hill.org>.\n");
    auto run = f.grove({"--as", "grace@hill.org", "group", "create", "Grade 10"});
    CHECK(one_line_failure(run, 1, "grove: error: Grace Hopper may not create a group here"));
}

TEST_CASE("a department admin role needs its department, and only it takes one") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.person("grace@hill.org", "Grace", "Hopper");
    auto run = f.grove({"role", "grant", "grace@hill.org", "department-admin"});
    CHECK(run.err == "grove: error: A Department Admin role needs a department (--department SLUG).\n");
    run = f.grove({"role", "grant", "grace@hill.org", "admin", "--department", "science"});
    CHECK(run.err == "grove: error: Only the Department Admin role takes a department.\n");
    CHECK(f.ok({"role", "grant", "grace@hill.org", "department-admin", "--department", "science"}) ==
          "Granted Department Admin of Science to Grace Hopper <grace@hill.org>.\n");
    CHECK(f.ok({"role", "list", "grace@hill.org"}).rfind("Department Admin of Science  since ", 0) == 0);
}

TEST_CASE("granting a role twice, revoking one not held, or naming no role is refused") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"role", "grant", "grace@hill.org", "admin"});
    auto before = f.bytes();
    CHECK(f.grove({"role", "grant", "grace@hill.org", "admin"}).err ==
          "grove: error: Grace Hopper already holds Admin.\n");
    CHECK(f.grove({"role", "revoke", "grace@hill.org", "group-user-manager"}).err ==
          "grove: error: Grace Hopper does not hold Group User Manager.\n");
    auto run = f.grove({"role", "grant", "grace@hill.org", "wizard"});
    CHECK(one_line_failure(run, 1, "grove: error: No role is named 'wizard'."));
    CHECK(f.grove({"role", "revoke", "ada@hill.org", "owner"}).err ==
          "grove: error: The Owner role cannot be revoked.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("nobody grants a role carrying more power than they hold") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    f.person("alan@hill.org", "Alan", "Turing");
    f.ok({"role", "define", "Role Granter", "--permissions", "roles.grant"});
    f.ok({"role", "grant", "grace@hill.org", "Role Granter"});
    f.ok({"role", "grant", "grace@hill.org", "group-user-manager"});
    auto before = f.bytes();
    auto run = f.grove({"--as", "grace@hill.org", "role", "grant", "alan@hill.org", "admin"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Grace Hopper may not grant Admin: it carries permissions Grace Hopper does not hold.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"--as", "grace@hill.org", "role", "grant", "alan@hill.org", "group-user-manager"}) ==
          "Granted Group User Manager to Alan Turing <alan@hill.org>.\n");
}

TEST_CASE("a custom role is defined from permission keys, granted by its name, and listed") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    CHECK(f.ok({"role", "define", "Registrar", "--permissions", "users.manage, audit.view"}) ==
          "Defined the custom role Registrar: users.manage, audit.view.\n");
    CHECK(f.ok({"role", "list", "--custom"}) == "Registrar  users.manage, audit.view\n");
    CHECK(f.ok({"role", "grant", "grace@hill.org", "registrar"}) ==
          "Granted Registrar to Grace Hopper <grace@hill.org>.\n");
    CHECK(f.ok({"role", "list"}) == "Ada Lovelace <ada@hill.org>  Owner\nGrace Hopper <grace@hill.org>  Registrar\n");
    auto mine = lines(f.ok({"role", "list", "grace@hill.org"}));
    REQUIRE(mine.size() == 1);
    CHECK(mine[0].rfind("Registrar  since 20", 0) == 0);
    CHECK(mine[0].find(", granted by Ada Lovelace") != std::string::npos);
    // audit.view came with the role.
    CHECK(f.ok({"--as", "grace@hill.org", "audit", "--limit", "1"}).find("Ada Lovelace made Grace Hopper Registrar.") !=
          std::string::npos);
}

TEST_CASE("a custom role with an unknown permission or none at all is bad input") {
    CliFixture f;
    f.init();
    auto run = f.grove({"role", "define", "Wizard", "--permissions", "groups.create,magic"});
    CHECK(one_line_failure(run, 1, "grove: error: 'magic' is not a permission; permissions: org.settings,"));
    run = f.grove({"role", "define", "Wizard", "--permissions", ","});
    CHECK(run.err == "grove: error: A custom role needs at least one permission.\n");
    run = f.grove({"role", "define", "Admin", "--permissions", "groups.create"});
    CHECK(run.err == "grove: error: 'Admin' is the name of a built-in role.\n");
}

TEST_CASE("role list takes a person or --custom, not both") {
    CliFixture f;
    f.init();
    auto run = f.grove({"role", "list", "ada@hill.org", "--custom"});
    CHECK(one_line_failure(run, 2,
                           "grove: usage: role list takes EMAIL or --custom, not both; see grove help role list"));
}
