// `grove group create|edit|move|delete|list|show|inherit|copy` (F5–F8, F11, F32, F36).
#include <doctest/doctest.h>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

// District > Grade 9 > Grade 9 Science, and a top-level Staff group.
void tree(CliFixture& f) {
    f.init();
    f.ok({"group", "create", "District"});
    f.ok({"group", "create", "Grade 9", "--parent", "district"});
    f.ok({"group", "create", "Grade 9 Science", "--parent", "grade-9"});
    f.ok({"group", "create", "Staff"});
}

}  // namespace

TEST_CASE("group create prints the new slug, unique even when names repeat") {
    CliFixture f;
    f.init();
    CHECK(f.ok({"group", "create", "Grade 9 — Science!", "--description", "Lab work"}) == "grade-9-science\n");
    CHECK(f.ok({"group", "create", "Grade 9 Science"}) == "grade-9-science-2\n");
}

TEST_CASE("a group beside one whose name differs only by case, accents or spaces is refused") {
    CliFixture f;
    f.init();
    f.ok({"group", "create", "Grade 9"});
    auto before = f.bytes();
    for (std::string name : {"grade 9",
                             "Gr\xC3\xA4"
                             "de 9",
                             "Grade 9 "}) {
        auto run = f.grove({"group", "create", name});
        CHECK(one_line_failure(run, 1, "grove: error: "));
        CHECK(run.err ==
              "grove: error: There is already a group named Grade 9 at the top level; groups side by side need names "
              "that differ by more than case, accents or spaces.\n");
    }
    auto long_name = f.grove({"group", "create", std::string(300, 'x')});
    CHECK(long_name.err == "grove: error: The group's name is 300 characters long; the most is 200.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"group", "create", "grade 9", "--parent", "grade-9"}) == "grade-9-2\n");
}

TEST_CASE("a group user manager cannot create a group, and the database stays byte for byte the same") {
    CliFixture f;
    f.init();
    f.person("gus@hill.org", "Gus", "Manager");
    f.ok({"role", "grant", "gus@hill.org", "group-user-manager"});
    f.ok({"group", "create", "Grade 9"});
    auto before = f.bytes();
    auto run = f.grove({"group", "create", "Grade 10", "--as", "gus@hill.org"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Gus Manager may not create a group here: it needs the groups.create permission, "
          "or being a group admin of the parent group.\n");
    CHECK(f.bytes() == before);
    // The same person still manages the people of groups that exist.
    f.person("alan@hill.org", "Alan", "Turing");
    CHECK(f.ok({"--as", "gus@hill.org", "member", "add", "grade-9", "alan@hill.org"}) == "Added 1 person.\n");
}

TEST_CASE("group list shows the tree indented two spaces per level, with user counts") {
    CliFixture f;
    tree(f);
    f.person("grace@hill.org", "Grace", "Hopper");
    f.person("alan@hill.org", "Alan", "Turing");
    f.ok({"member", "add", "grade-9", "grace@hill.org", "alan@hill.org"});
    f.ok({"member", "add", "grade-9-science", "alan@hill.org"});
    CHECK(f.ok({"group", "list"}) ==
          "Staff (staff) · 0 users\n"
          "District (district) · 0 users\n"
          "  Grade 9 (grade-9) · 2 users\n"
          "    Grade 9 Science (grade-9-science) · 1 user\n");
}

TEST_CASE("group list --sort title puts Grade 9 before Grade 10, ignoring case") {
    CliFixture f;
    f.init();
    for (const char* name : {"Grade 10", "grade 2", "Grade 9", "Art"}) f.ok({"group", "create", name});
    CHECK(f.ok({"group", "list", "--sort", "title"}) ==
          "Art (art) · 0 users\n"
          "grade 2 (grade-2) · 0 users\n"
          "Grade 9 (grade-9) · 0 users\n"
          "Grade 10 (grade-10) · 0 users\n");
    CHECK(lines(f.ok({"group", "list"}))[0] == "Art (art) · 0 users");  // newest first by default
    CHECK(lines(f.ok({"group", "list", "--sort", "newest"}))[3] == "Grade 10 (grade-10) · 0 users");
    auto run = f.grove({"group", "list", "--sort", "size"});
    CHECK(one_line_failure(run, 1, "grove: error: 'size' is not a sort order; use newest or title."));
}

TEST_CASE("group show tells a group's description, parent, inheritance, external IDs and counts") {
    CliFixture f;
    tree(f);
    f.ok({"group", "edit", "grade-9", "--description", "Ninth graders", "--external-id", "rostering=R-9",
          "--external-id", "partner=P9"});
    auto shown = lines(f.ok({"group", "show", "grade-9"}));
    REQUIRE(shown.size() == 10);
    CHECK(shown[0] == "Name: Grade 9");
    CHECK(shown[1] == "Slug: grade-9");
    CHECK(shown[2] == "Description: Ninth graders");
    CHECK(shown[3] == "Parent: District (district)");
    CHECK(shown[4] == "Inheritance: on (staff of the parent groups reach its members)");
    CHECK(shown[5] == "External IDs: partner=P9, rostering=R-9");
    CHECK(shown[6] == "Users: 0");
    CHECK(shown[7] == "Subgroups: 1");
    CHECK(shown[9].rfind("Created: 20", 0) == 0);
    auto top = f.ok({"group", "show", "Staff"});  // a unique name works as well as a slug
    CHECK(top.find("Parent: (top level)\nInheritance: on") != std::string::npos);
    CHECK(top.find("Description: (none)\n") != std::string::npos);
}

TEST_CASE("group edit renames a group and keeps its slug") {
    CliFixture f;
    tree(f);
    CHECK(f.ok({"group", "edit", "grade-9", "--name", "Grade Nine"}) == "Saved Grade Nine (grade-9).\n");
    CHECK(f.ok({"group", "show", "grade-9"}).rfind("Name: Grade Nine\n", 0) == 0);
    auto run = f.grove({"group", "edit", "grade-9", "--name", "  "});
    CHECK(one_line_failure(run, 1, "grove: error: A group needs a name."));
    run = f.grove({"group", "edit", "grade-9"});
    CHECK(one_line_failure(run, 2,
                           "grove: usage: group edit needs at least one of --name NAME, --description TEXT or "
                           "--external-id SYSTEM=VALUE; see grove help group edit"));
}

TEST_CASE("group move nests a group elsewhere or at the top, and refuses a cycle") {
    CliFixture f;
    tree(f);
    CHECK(f.ok({"group", "move", "grade-9", "--parent", "staff"}) == "Moved Grade 9 under Staff.\n");
    CHECK(f.ok({"group", "show", "grade-9"}).find("Parent: Staff (staff)\n") != std::string::npos);
    CHECK(f.ok({"group", "move", "grade-9", "--root"}) == "Moved Grade 9 to the top level.\n");
    auto before = f.bytes();
    auto run = f.grove({"group", "move", "grade-9", "--parent", "grade-9-science"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: The group Grade 9 cannot be nested under Grade 9 Science, which is inside it.\n");
    CHECK(f.bytes() == before);
    CHECK(f.grove({"group", "move", "grade-9"}).code == 2);
    CHECK(f.grove({"group", "move", "grade-9", "--root", "--parent", "staff"}).code == 2);
}

TEST_CASE("deleting a group with its subgroups removes the whole branch") {
    CliFixture f;
    tree(f);
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    f.ok({"member", "add", "grade-9-science", "grace@hill.org"});
    auto before = f.bytes();
    CHECK(f.ok({"group", "delete", "district", "--with-subgroups", "--dry-run"}) ==
          "Deleting District removes 2 memberships, and deletes its 2 subgroups with it. The people themselves stay "
          "in the organisation.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"group", "delete", "district", "--with-subgroups"}) ==
          "Deleted District and its 2 subgroups; removed 2 memberships.\n");
    CHECK(f.ok({"group", "list"}) == "Staff (staff) · 0 users\n");
    CHECK(f.ok({"user", "list", "--search", "grace"}) == "Grace Hopper <grace@hill.org>  active\n");
}

TEST_CASE("deleting a group lifting its subgroups moves them to its parent") {
    CliFixture f;
    tree(f);
    CHECK(f.ok({"group", "delete", "grade-9", "--lift-subgroups"}) ==
          "Deleted Grade 9; removed 0 memberships; 1 subgroup moved to District.\n");
    CHECK(f.ok({"group", "list", "--sort", "title"}) ==
          "District (district) · 0 users\n"
          "  Grade 9 Science (grade-9-science) · 0 users\n"
          "Staff (staff) · 0 users\n");
}

TEST_CASE("group delete must be told what happens to the subgroups") {
    CliFixture f;
    tree(f);
    auto before = f.bytes();
    auto run = f.grove({"group", "delete", "grade-9"});
    CHECK(one_line_failure(run, 2,
                           "grove: usage: group delete needs --with-subgroups or --lift-subgroups; see grove "
                           "help group delete"));
    CHECK(f.bytes() == before);
}

TEST_CASE("an unknown group slug names what was looked for and changes nothing") {
    CliFixture f;
    tree(f);
    auto before = f.bytes();
    for (const auto& args : std::vector<std::vector<std::string>>{{"group", "show", "nope"},
                                                                  {"group", "delete", "nope", "--with-subgroups"},
                                                                  {"group", "create", "X", "--parent", "nope"},
                                                                  {"member", "list", "nope"}}) {
        auto run = f.grove(args);
        CHECK(one_line_failure(run, 1, "grove: error: "));
        CHECK(run.err == "grove: error: No group has the slug or name 'nope'.\n");
    }
    CHECK(f.bytes() == before);
}

TEST_CASE("turning inheritance off stops parent groups' staff reaching a subgroup") {
    CliFixture f;
    tree(f);
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"member", "add", "district", "grace@hill.org", "--role", "mentor"});
    CHECK(f.ok({"member", "list", "grade-9-science"}) ==
          "Grace Hopper <grace@hill.org>  Mentor  inherited from District\n");
    CHECK(f.ok({"group", "inherit", "grade-9-science", "off"}) ==
          "Inherited oversight is now off for Grade 9 Science.\n");
    CHECK(f.ok({"member", "list", "grade-9-science"}).empty());
    CHECK(f.ok({"group", "show", "grade-9-science"}).find("Inheritance: off") != std::string::npos);
    CHECK(lines(f.ok({"group", "list"}))[3] == "    Grade 9 Science (grade-9-science) · 0 users · inheritance off");
    CHECK(f.ok({"group", "inherit", "grade-9-science", "on"}) ==
          "Inherited oversight is now on for Grade 9 Science.\n");
    auto run = f.grove({"group", "inherit", "grade-9-science", "maybe"});
    CHECK(one_line_failure(run, 1, "grove: error: 'maybe' is neither on nor off."));
}

TEST_CASE("group copy fills a group from another group or from a department subtree") {
    CliFixture f;
    tree(f);
    f.ok({"department", "create", "Science"});
    f.ok({"department", "create", "Physics", "--parent", "science"});
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--department", "science"});
    f.ok({"user", "add", "alan@hill.org", "--first", "Alan", "--last", "Turing", "--department", "physics"});
    f.person("emmy@hill.org", "Emmy", "Noether");
    f.ok({"member", "add", "staff", "emmy@hill.org", "grace@hill.org"});
    CHECK(f.ok({"group", "copy", "grade-9", "--from-department", "science", "--role", "mentor"}) ==
          "Added 2 people.\n");
    CHECK(f.ok({"group", "copy", "grade-9", "--from-group", "staff", "--role", "mentor"}) ==
          "Added 1 person, 1 person already there.\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Alan Turing <alan@hill.org>  Mentor  direct\n"
          "Emmy Noether <emmy@hill.org>  Mentor  direct\n"
          "Grace Hopper <grace@hill.org>  Mentor  direct\n");
    auto run = f.grove({"group", "copy", "grade-9", "--from-group", "grade-9"});
    CHECK(one_line_failure(run, 1, "grove: error: A group cannot be filled from itself."));
    CHECK(f.grove({"group", "copy", "grade-9"}).code == 2);
}
