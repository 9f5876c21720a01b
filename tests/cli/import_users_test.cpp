// `grove import users FILE [--map "Header=field"]... [--dry-run]` (F13).
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

// Hill School with a department, a group and a date field.
void school(CliFixture& f) {
    f.init();
    f.ok({"department", "create", "Science"});
    f.ok({"group", "create", "Grade 9"});
    f.ok({"field", "add", "Hire Date", "--type", "date"});
}

// Writes `text` into the test's folder and returns its path.
std::string file(CliFixture& f, const std::string& name, const std::string& text) {
    std::string path = (f.dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("import users adds people into departments and groups and says what it did") {
    CliFixture f;
    school(f);
    f.person("alan@hill.org", "Alan", "Turing");
    auto csv = file(f, "staff.csv",
                    "\xEF\xBB\xBF"
                    "Email,First Name,Last Name,Department,Group,Role,Hire Date\r\n"
                    "grace@hill.org,Grace,Hopper,science,Grade 9,mentor,2024-08-19\r\n"
                    "ALAN@hill.org,Alan M.,,,grade-9,,\r\n");
    CHECK(f.ok({"import", "users", csv}) == "Added 1 person, updated 1; added 2 memberships.\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Grace Hopper <grace@hill.org>  Mentor  direct\n"
          "Alan M. Turing <alan@hill.org>  Member  direct\n");
    CHECK(lines(f.ok({"user", "show", "grace@hill.org"})).size() > 1);
    // One audit entry, naming the file without its folder.
    CHECK(lines(f.ok({"audit", "--limit", "1"}))[0].find(
              "Ada Lovelace uploaded staff.csv: added 1 person, updated 1; added 2 memberships.") != std::string::npos);
    // The same file again changes nothing.
    CHECK(f.ok({"import", "users", csv}) == "Left 2 people unchanged; left 2 memberships unchanged.\n");
}

TEST_CASE("import users reports every bad row as FILE:LINE: reason, fails with exit 1 and applies nothing") {
    CliFixture f;
    school(f);
    auto csv = file(f, "staff.csv",
                    "email,first_name,last_name,group,role,Hire Date\n"
                    "ok@hill.org,Olga,Ok,grade-9,,\n"
                    "grace@,Grace,Hopper,,,\n"
                    "\"x@hill.org\",\"Two\nLines\",X,Grade 13,boss,\n"
                    "z@hill.org,Z,Z,,,2024-13-01\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "users", csv});
    CHECK(run.code == 1);
    CHECK(lines(run.out) == std::vector<std::string>{
                                csv + ":3: email 'grace@' is not an email address",
                                csv + ":4: first name has a line break",
                                csv + ":4: group 'Grade 13' does not exist",
                                csv + ":4: role 'boss' is not member, mentor or admin",
                                csv + ":6: Hire Date '2024-13-01' is not a date (YYYY-MM-DD)",
                            });
    CHECK(run.err == "grove: error: " + csv + " has 5 errors; nothing was applied.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("import users --dry-run prints the changes and changes nothing") {
    CliFixture f;
    school(f);
    f.person("alan@hill.org", "Alan", "Turing");
    auto csv = file(f, "staff.csv",
                    "email,first_name,last_name,department,group\n"
                    "grace@hill.org,Grace,Hopper,,grade-9\n"
                    "alan@hill.org,,,science,\n");
    auto before = f.bytes();
    CHECK(f.ok({"import", "users", csv, "--dry-run"}) ==
          "line 2: add Grace Hopper <grace@hill.org>\n"
          "line 2: put Grace Hopper <grace@hill.org> into Grade 9 as a member\n"
          "line 3: update Alan Turing <alan@hill.org>: department\n"
          "Would add 1 person, update 1; add 1 membership.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("import users --dry-run with bad rows prints the changes and the errors and fails") {
    CliFixture f;
    school(f);
    auto csv = file(f, "staff.csv", "email,first_name,last_name\ngrace@hill.org,Grace,Hopper\nbad,B,C\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "users", csv, "--dry-run"});
    CHECK(run.code == 1);
    CHECK(run.out == "line 2: add Grace Hopper <grace@hill.org>\n" + csv + ":3: email 'bad' is not an email address\n");
    CHECK(run.err == "grove: error: " + csv + " has 1 error; nothing was applied.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("an unknown column is an error unless --map names where it goes") {
    CliFixture f;
    school(f);
    auto csv =
        file(f, "staff.csv", "Login,First Name,Last Name,Started,Shoe size\nada2@hill.org,Ada,Two,2020-01-06,38\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "users", csv});
    CHECK(run.code == 1);
    CHECK(lines(run.out) == std::vector<std::string>{
                                csv + ":1: unknown column 'Login'; map it to a field or remove it",
                                csv + ":1: unknown column 'Started'; map it to a field or remove it",
                                csv + ":1: unknown column 'Shoe size'; map it to a field or remove it",
                                csv + ":1: no email column; a people file needs email, first name and last name",
                            });
    auto wrong =
        f.grove({"import", "users", csv, "--map", "Login=email", "--map", "Started=start date", "--map", "Shoe size="});
    CHECK(wrong.code == 1);
    CHECK(lines(wrong.out)[0] == csv +
                                     ":1: the column 'Started' cannot go to 'start date': that is not email, "
                                     "first_name, last_name, department, group, role or an additional field");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"import", "users", csv, "--map", "Login=email", "--map", "Started=hire_date", "--map",
                "Shoe size=ignore"}) == "Added 1 person.\n");
}

TEST_CASE("a --map without = is refused before the file is read") {
    CliFixture f;
    school(f);
    auto run = f.grove({"import", "users", (f.dir / "missing.csv").string(), "--map", "Login"});
    CHECK(one_line_failure(run, 1, "grove: error: A column mapping is written HEADER=FIELD, not 'Login'.\n"));
}

TEST_CASE("a file that cannot be read, or is not CSV, is one error line naming it") {
    CliFixture f;
    school(f);
    std::string missing = (f.dir / "missing.csv").string();
    auto before = f.bytes();
    auto run = f.grove({"import", "users", missing});
    CHECK(one_line_failure(run, 1, "grove: error: Cannot read " + missing + ": No such file or directory.\n"));
    auto folder = f.grove({"import", "users", f.dir.string()});
    CHECK(one_line_failure(folder, 1, "grove: error: Cannot read " + f.dir.string() + ": "));
    auto latin1 = file(f, "latin1.csv", "email,first_name,last_name\njose@hill.org,Jos\xE9,Ruiz\n");
    CHECK(one_line_failure(
        f.grove({"import", "users", latin1}), 1,
        "grove: error: " + latin1 + ":2: the text is not UTF-8; save the file as \"CSV UTF-8\" and try again\n"));
    auto empty = file(f, "empty.csv", "");
    CHECK(one_line_failure(f.grove({"import", "users", empty}), 1,
                           "grove: error: " + empty + " is empty: it has no header line.\n"));
    CHECK(f.bytes() == before);
}

TEST_CASE("import users needs a FILE and knows its options") {
    CliFixture f;
    school(f);
    CHECK(one_line_failure(f.grove({"import", "users"}), 2, "grove: usage: import users needs FILE"));
    CHECK(
        one_line_failure(f.grove({"import", "users", "x.csv", "--force"}), 2, "grove: usage: unknown option --force"));
}

TEST_CASE("rows the acting person may not do are refused with the core's words") {
    CliFixture f;
    school(f);
    f.person("max@hill.org", "Max", "Member");
    auto csv = file(f, "staff.csv", "email,first_name,last_name\nnew@hill.org,New,Person\n");
    auto before = f.bytes();
    auto run = f.grove({"--as", "max@hill.org", "import", "users", csv});
    CHECK(run.code == 1);
    CHECK(run.out == csv +
                         ":2: Max Member may not add people. Only people who can add and edit people can do this: "
                         "Owner, Admin, or Department Admin (for the people of their departments).\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("a people upload keeps one space in names where the spreadsheet had several") {
    CliFixture f;
    f.init();
    auto csv = file(f, "people.csv", "Email,First Name,Last Name\nann@hill.org,Ann   Marie,  Lee\n");
    CHECK(f.ok({"import", "users", csv}) == "Added 1 person.\n");
    CHECK(lines(f.ok({"user", "show", "ann@hill.org"}))[0] == "Ann Marie Lee <ann@hill.org>");
}

TEST_CASE("a people file over 50 MB is refused with its size before it is read, and nothing changes") {
    CliFixture f;
    school(f);
    auto csv = file(f, "everyone.csv", "email,first name,last name\n");
    std::filesystem::resize_file(csv, 50u * 1024 * 1024 + 1);  // sparse: nothing is written
    auto before = f.bytes();
    CHECK(one_line_failure(f.grove({"import", "users", csv}), 1,
                           "grove: error: The file is 50.1 MB; the limit is 50 MB.\n"));
    CHECK(f.bytes() == before);
}
