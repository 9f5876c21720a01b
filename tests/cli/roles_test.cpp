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

TEST_CASE("role rename renames a custom role, saying who holds it; built-in roles and clashes are refused") {
    CliFixture f;
    f.init();
    f.person("bo@hill.org", "Bo", "Chen");
    f.person("ana@hill.org", "Ana", "Hill");
    f.ok({"role", "define", "Registrar", "--permissions", "users.manage"});
    f.ok({"role", "define", "Auditor", "--permissions", "audit.view"});
    f.ok({"role", "grant", "bo@hill.org", "Registrar"});
    f.ok({"role", "grant", "ana@hill.org", "Registrar"});
    CHECK(f.ok({"role", "rename", "registrar", "Records  Office"}) ==
          "Renamed the role Registrar to Records Office. Held by Ana Hill and Bo Chen.\n");
    CHECK(f.ok({"role", "list", "--custom"}) == "Auditor  audit.view\nRecords Office  users.manage\n");
    CHECK(f.ok({"role", "list", "bo@hill.org"}).rfind("Records Office  since ", 0) == 0);
    CHECK(f.ok({"role", "rename", "Auditor", "Auditors"}) ==
          "Renamed the role Auditor to Auditors. Nobody holds it.\n");
    CHECK(f.ok({"audit", "--limit", "2"}).find("Ada Lovelace renamed the role Registrar to Records Office.") !=
          std::string::npos);

    auto before = f.bytes();
    CHECK(f.grove({"role", "rename", "admin", "Boss"}).err ==
          "grove: error: 'admin' is a built-in role: built-in roles cannot be renamed.\n");
    CHECK(f.grove({"role", "rename", "Org Group Manager", "Groups"}).err ==
          "grove: error: 'Org Group Manager' is a built-in role: built-in roles cannot be renamed.\n");
    CHECK(f.grove({"role", "rename", "Records Office", "AUDITORS"}).err ==
          "grove: error: A custom role named Auditors already exists.\n");
    CHECK(f.grove({"role", "rename", "Records Office", "Department Admin"}).err ==
          "grove: error: 'Department Admin' is the name of a built-in role.\n");
    CHECK(f.grove({"role", "rename", "Records Office", " "}).err == "grove: error: A custom role needs a name.\n");
    CHECK(f.grove({"role", "rename", "Janitor", "Caretaker"}).err ==
          "grove: error: No custom role is named 'Janitor'. Custom roles: Auditors, Records Office.\n");
    auto run = f.grove({"role", "rename", "Auditors"});
    CHECK(run.code == 2);
    CHECK(f.bytes() == before);
}

TEST_CASE("role edit replaces the permissions, saying what it adds and removes and who holds the role") {
    CliFixture f;
    f.init();
    f.person("bo@hill.org", "Bo", "Chen");
    f.person("ana@hill.org", "Ana", "Hill");
    f.ok({"role", "define", "Registrar", "--permissions", "users.manage,roles.grant"});
    f.ok({"role", "grant", "bo@hill.org", "Registrar"});
    f.ok({"role", "grant", "ana@hill.org", "Registrar"});
    CHECK(f.ok({"role", "edit", "REGISTRAR", "--permissions", "users.manage, reports.view"}) ==
          "Edited the role Registrar: adds reports.view; removes roles.grant. Held by Ana Hill and Bo Chen.\n");
    CHECK(f.ok({"role", "list", "--custom"}) == "Registrar  users.manage, reports.view\n");
    // The change reached Bo at once: reports, yes; granting roles, no more.
    CHECK(f.grove({"--as", "bo@hill.org", "report", "groups"}).code == 0);
    auto grant = f.grove({"--as", "bo@hill.org", "role", "grant", "ana@hill.org", "group-user-manager"});
    CHECK(one_line_failure(grant, 1, "grove: error: Bo Chen may not grant this role."));
    CHECK(f.ok({"role", "edit", "Registrar", "--permissions", "users.manage,reports.view,audit.view"}) ==
          "Edited the role Registrar: adds audit.view. Held by Ana Hill and Bo Chen.\n");
    CHECK(
        f.ok({"audit", "--limit", "1"}).find("Ada Lovelace changed the permissions of Registrar: added audit.view.") !=
        std::string::npos);

    auto before = f.bytes();
    auto run = f.grove({"role", "edit", "Registrar", "--permissions", "users.manage,magic"});
    CHECK(one_line_failure(run, 1, "grove: error: 'magic' is not a permission; permissions: org.settings,"));
    CHECK(f.grove({"role", "edit", "Registrar", "--permissions", ","}).err ==
          "grove: error: A custom role needs at least one permission.\n");
    CHECK(f.grove({"role", "edit", "Registrar", "--permissions", "audit.view,users.manage,reports.view"}).err ==
          "grove: error: Registrar already has exactly these permissions.\n");
    CHECK(f.grove({"role", "edit", "admin", "--permissions", "audit.view"}).err ==
          "grove: error: 'admin' is a built-in role: built-in roles cannot be changed.\n");
    CHECK(f.grove({"role", "edit", "Registrar"}).code == 2);  // --permissions is required
    CHECK(f.bytes() == before);
}

TEST_CASE("role edit adds only permissions the editor holds across the organisation") {
    CliFixture f;
    f.init();
    f.person("sol@hill.org", "Sol", "Office");
    f.ok({"role", "define", "Staff Office", "--permissions", "roles.define,users.manage"});
    f.ok({"role", "grant", "sol@hill.org", "Staff Office"});
    f.ok({"role", "define", "Leads", "--permissions", "groups.edit,users.manage"});
    auto before = f.bytes();
    CHECK(f.grove({"--as", "sol@hill.org", "role", "edit", "Leads", "--permissions", "groups.edit,audit.view"}).err ==
          "grove: error: Sol Office may not give Leads audit.view: it carries permissions Sol Office does not hold "
          "(audit.view).\n");
    CHECK(f.bytes() == before);
    // Taking away is allowed, also of permissions Sol does not hold; groups.edit stays as it was.
    CHECK(f.ok({"--as", "sol@hill.org", "role", "edit", "Leads", "--permissions", "groups.edit"}) ==
          "Edited the role Leads: removes users.manage. Nobody holds it.\n");
}

TEST_CASE("role delete refuses a role still held, naming the holders, and with --revoke revokes and deletes") {
    CliFixture f;
    f.init();
    const char* people[][3] = {{"ana@hill.org", "Ana", "Hill"}, {"bo@hill.org", "Bo", "Chen"},
                               {"cy@hill.org", "Cy", "Dee"},    {"di@hill.org", "Di", "Eng"},
                               {"ed@hill.org", "Ed", "Fu"},     {"flo@hill.org", "Flo", "Gee"}};
    f.ok({"role", "define", "Registrar", "--permissions", "reports.view"});
    for (auto& p : people) {
        f.person(p[0], p[1], p[2]);
        f.ok({"role", "grant", p[0], "Registrar"});
    }
    auto before = f.bytes();
    CHECK(f.grove({"role", "delete", "Registrar"}).err ==
          "grove: error: Registrar is still held by 6 people: Ana Hill <ana@hill.org>, Bo Chen <bo@hill.org>, Cy Dee "
          "<cy@hill.org>, Di Eng <di@hill.org>, Ed Fu <ed@hill.org> and 1 more. Revoke it from them first, or add "
          "--revoke to revoke it and delete the role at once.\n");
    CHECK(f.grove({"role", "delete", "owner"}).err ==
          "grove: error: 'owner' is a built-in role: built-in roles cannot be deleted.\n");
    CHECK(f.bytes() == before);

    CHECK(f.ok({"role", "delete", "registrar", "--revoke"}) ==
          "Deleted the role Registrar and revoked it from 6 people: Ana Hill <ana@hill.org>, Bo Chen <bo@hill.org>, Cy "
          "Dee <cy@hill.org>, Di Eng <di@hill.org>, Ed Fu <ed@hill.org> and 1 more.\n");
    CHECK(f.ok({"role", "list", "--custom"}).empty());
    CHECK(f.ok({"role", "list"}) == "Ada Lovelace <ada@hill.org>  Owner\n");
    CHECK(f.ok({"audit", "--limit", "1"})
              .find("Ada Lovelace deleted the role Registrar and revoked it from 6 people: "
                    "Ana Hill, Bo Chen, Cy Dee, Di Eng, Ed Fu and 1 more.") != std::string::npos);

    f.ok({"role", "define", "Spare", "--permissions", "audit.view"});
    CHECK(f.ok({"role", "delete", "Spare"}) == "Deleted the role Spare.\n");
    CHECK(f.grove({"role", "delete", "Spare"}).err ==
          "grove: error: No custom role is named 'Spare'. There are no custom roles yet.\n");
}

TEST_CASE("deleting a role with --revoke needs the power to revoke it from its holders") {
    CliFixture f;
    f.init();
    f.person("dora@hill.org", "Dora", "Definer");
    f.person("pia@hill.org", "Pia", "Plain");
    f.ok({"role", "define", "Definer", "--permissions", "roles.define,reports.view"});
    f.ok({"role", "grant", "dora@hill.org", "Definer"});
    f.ok({"role", "define", "Reports", "--permissions", "reports.view"});
    f.ok({"role", "grant", "pia@hill.org", "Reports"});
    auto before = f.bytes();
    auto run = f.grove({"--as", "dora@hill.org", "role", "delete", "Reports", "--revoke"});
    CHECK(one_line_failure(run, 1, "grove: error: Dora Definer may not revoke this role."));
    CHECK(f.bytes() == before);
    f.ok({"role", "revoke", "pia@hill.org", "Reports"});
    CHECK(f.ok({"--as", "dora@hill.org", "role", "delete", "Reports"}) == "Deleted the role Reports.\n");
}
