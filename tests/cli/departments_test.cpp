// `grove department create|rename|move|delete|list`: the org chart (F3).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

TEST_CASE("departments nest, print their slugs, and list as an indented tree with people counts") {
    CliFixture f;
    f.init();
    CHECK(f.ok({"department", "create", "Science"}) == "science\n");
    CHECK(f.ok({"department", "create", "Physics", "--parent", "science"}) == "physics\n");
    CHECK(f.ok({"department", "create", "Lab 10", "--parent", "physics"}) == "lab-10\n");
    CHECK(f.ok({"department", "create", "Lab 9", "--parent", "physics"}) == "lab-9\n");
    CHECK(f.ok({"department", "create", "Arts"}) == "arts\n");
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "physics"});
    CHECK(f.ok({"department", "list"}) ==
          "Arts (arts) · 0 people\n"
          "Science (science) · 0 people\n"
          "  Physics (physics) · 1 person\n"
          "    Lab 9 (lab-9) · 0 people\n"
          "    Lab 10 (lab-10) · 0 people\n");
}

TEST_CASE("a department is renamed, moved, and deleted with its people moving up") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"department", "create", "Physics"});
    CHECK(f.ok({"department", "rename", "physics", "Physics & Astronomy"}) ==
          "Renamed the department Physics to Physics & Astronomy.\n");
    CHECK(f.ok({"department", "move", "physics", "--parent", "science"}) ==
          "Moved the department Physics & Astronomy under Science.\n");
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "physics"});
    CHECK(f.ok({"department", "delete", "physics"}) ==
          "Deleted the department Physics & Astronomy; its people and sub-departments moved up.\n");
    CHECK(f.ok({"user", "list", "--search", "grace"}) == "Grace Hopper <grace@hill.org>  active  Science\n");
    CHECK(f.ok({"department", "move", "science", "--root"}) == "Moved the department Science to the top.\n");
}

TEST_CASE("a department cannot go inside itself") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"department", "create", "Physics", "--parent", "science"});
    auto before = f.bytes();
    auto run = f.grove({"department", "move", "science", "--parent", "physics"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: The department Science cannot go under Physics, which is inside it.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("a department beside one whose name differs only by case, accents or spaces is refused") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"department", "create", "Arts"});
    auto before = f.bytes();
    auto run = f.grove({"department", "create", "Sci\xC3\xA9nce"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: There is already a department named Science at the top level; departments side by side "
          "need names that differ by more than case, accents or spaces.\n");
    auto renamed = f.grove({"department", "rename", "arts", "science "});
    CHECK(one_line_failure(renamed, 1, "grove: error: "));
    CHECK(f.bytes() == before);
}

TEST_CASE("an unknown department slug names what was looked for") {
    CliFixture f;
    f.init();
    auto run = f.grove({"department", "create", "Physics", "--parent", "nope"});
    CHECK(one_line_failure(run, 1, "grove: error: No department has the slug 'nope'."));
}

TEST_CASE("only someone holding departments.manage changes the chart") {
    CliFixture f;
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    auto run = f.grove({"--as", "grace@hill.org", "department", "create", "Science"});
    CHECK(run.err ==
          "grove: error: Grace Hopper may not change departments: it needs the departments.manage permission.\n");
}

TEST_CASE("deleting a department prints each Department Admin role that moves up to its parent") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"department", "create", "Physics", "--parent", "science"});
    f.person("daniel@hill.org", "Daniel", "Walsh");
    f.ok({"role", "grant", "daniel@hill.org", "department-admin", "--department", "physics"});
    CHECK(f.ok({"department", "delete", "physics"}) ==
          "Deleted the department Physics; its people and sub-departments moved up.\n"
          "Daniel Walsh's Department Admin role moves to Science.\n");
    CHECK(f.ok({"user", "show", "daniel@hill.org"}).find("Department Admin of Science") != std::string::npos);
}

TEST_CASE("a top-level department with a Department Admin is not deleted, and the refusal names them") {
    CliFixture f;
    f.init();
    f.ok({"department", "create", "Hillcrest Academy"});
    f.person("daniel@hill.org", "Daniel", "Walsh");
    f.ok({"role", "grant", "daniel@hill.org", "department-admin", "--department", "hillcrest-academy"});
    auto before = f.bytes();
    auto run = f.grove({"department", "delete", "hillcrest-academy"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Hillcrest Academy still has 1 Department Admin: Daniel Walsh. Revoke or move the role "
          "first.\n");
    CHECK(f.bytes() == before);
}
