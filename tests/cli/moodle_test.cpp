// `grove import moodle-users FILE.csv [--dry-run]`, `grove export moodle-users -o FILE.csv` and
// `grove export moodle-cohorts -o FILE.csv` (issue 13).
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <string>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

// As Moodle's upload-users sample has it: a byte-order mark, Windows line ends, a password column, a quoted cell.
const std::string kUsers =
    "\xEF\xBB\xBFusername,password,firstname,lastname,email,cohort1,cohort2,profile_field_jobtitle\r\n"
    "ana,Secret#1,Ana,Lopez,ana@hill.org,grade-9,Art,Teacher\r\n"
    "bo,,Bo,Chen,bo@hill.org,Grade 9,,\r\n"
    "cy,,Cy,\"Diaz, Jr\",cy@hill.org,,,\r\n";

std::string write_file(CliFixture& f, const std::string& name, const std::string& bytes) {
    std::string path = (f.dir / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void groups_and_field(CliFixture& f) {
    f.ok({"group", "create", "Grade 9"});
    f.ok({"group", "create", "Art"});
    f.ok({"field", "add", "Job Title", "--type", "text"});
}

}  // namespace

TEST_CASE("import moodle-users reads the file and says what it did; the same file again changes nothing") {
    CliFixture f;
    f.init();
    groups_and_field(f);
    auto csv = write_file(f, "users.csv", kUsers);
    CHECK(f.ok({"import", "moodle-users", csv}) == "add 3 people, add 3 memberships\n");
    CHECK(f.ok({"member", "list", "grade-9"}) ==
          "Ana Lopez <ana@hill.org>  Member  direct\n"
          "Bo Chen <bo@hill.org>  Member  direct\n");
    CHECK(lines(f.ok({"audit", "--limit", "1"}))[0].find(
              "Ada Lovelace imported the Moodle users file users.csv: add 3 people, add 3 memberships.") !=
          std::string::npos);
    CHECK(f.ok({"import", "moodle-users", csv}) == "nothing to change\n");
    auto changed = write_file(f, "next.csv",
                              "username,firstname,lastname,email,cohort1\r\n"
                              "ana,Anna,Lopez,ana@hill.org,Art\r\nbo,Bo,Chen,bo@hill.org,Art\r\n");
    CHECK(f.ok({"import", "moodle-users", changed}) == "update 1 person, add 1 membership\n");
}

TEST_CASE("import moodle-users --dry-run prints the changes and changes nothing") {
    CliFixture f;
    f.init();
    groups_and_field(f);
    auto csv = write_file(f, "users.csv", kUsers);
    auto before = f.bytes();
    auto out = lines(f.ok({"import", "moodle-users", csv, "--dry-run"}));
    REQUIRE(out.size() > 1);
    CHECK(out[0] == "add person Ana Lopez <ana@hill.org>");
    CHECK(out.back() == "Dry run, nothing was changed: add 3 people, add 3 memberships");
    CHECK(f.bytes() == before);
}

TEST_CASE("import moodle-users reports every bad row as FILE:LINE: reason and applies nothing") {
    CliFixture f;
    f.init();
    groups_and_field(f);
    auto csv = write_file(f, "bad.csv",
                          "username,firstname,lastname,email,cohort1\r\n"
                          "ana,Ana,Lopez,ana@hill.org,grade-9\r\n"
                          "bo,Bo,Chen,,\r\n"
                          "cy,Cy,Diaz,cy@hill.org,Chess\r\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "moodle-users", csv});
    CHECK(run.code == 1);
    CHECK(run.out ==
          "bad.csv:3: the user bo has no email; Grove knows people by their email.\n"
          "bad.csv:4: cohort1: 'Chess' is no group in Grove (by its Moodle ID, slug or name); add the group first.\n");
    CHECK(run.err == "grove: error: " + csv + " has 2 errors; nothing was applied.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("import moodle-users is refused to a person without org.import") {
    CliFixture f;
    f.init();
    groups_and_field(f);
    f.person("alan@hill.org", "Alan", "Turing");
    auto csv = write_file(f, "users.csv", kUsers);
    auto before = f.bytes();
    CHECK(one_line_failure(f.grove({"--as", "alan@hill.org", "import", "moodle-users", csv}), 1,
                           "grove: error: Alan Turing may not "));
    CHECK(f.bytes() == before);
}

TEST_CASE("export moodle-cohorts and moodle-users write files that import back unchanged") {
    CliFixture f;
    f.init();
    groups_and_field(f);
    f.ok({"import", "moodle-users", write_file(f, "users.csv", kUsers)});
    std::string cohorts = (f.dir / "cohorts.csv").string();
    std::string users = (f.dir / "out.csv").string();
    CHECK(f.ok({"export", "moodle-cohorts", "-o", cohorts}) ==
          "Exported the groups of Hill School as Moodle cohorts to " + cohorts + ".\n");
    CHECK(slurp(cohorts) == "name,idnumber,description\r\nArt,art,\r\nGrade 9,grade-9,\r\n");
    CHECK(f.ok({"export", "moodle-users", "-o", users}) ==
          "Exported the people of Hill School as a Moodle users file to " + users + ".\n");
    CHECK(slurp(users) ==
          "username,firstname,lastname,email,cohort1,cohort2\r\n"
          "ada@hill.org,Ada,Lovelace,ada@hill.org,,\r\n"
          "ana,Ana,Lopez,ana@hill.org,art,grade-9\r\n"
          "bo,Bo,Chen,bo@hill.org,grade-9,\r\n"
          "cy,Cy,\"Diaz, Jr\",cy@hill.org,,\r\n");
    CHECK(f.ok({"import", "moodle-users", users}) == "update 1 person\n");  // the owner gets her username
    CHECK(f.ok({"import", "moodle-users", users}) == "nothing to change\n");
    // -o is required.
    CHECK(f.grove({"export", "moodle-users"}).code == 2);
    CHECK(f.grove({"export", "moodle-cohorts"}).code == 2);
}

TEST_CASE("grove help describes the Moodle commands") {
    CliFixture f;
    CHECK(f.raw({"help", "import", "moodle-users"})
              .out.rfind("Usage: grove --db FILE import moodle-users FILE.csv [--dry-run]\n", 0) == 0);
    CHECK(f.raw({"help", "export", "moodle-users"})
              .out.rfind("Usage: grove --db FILE export moodle-users -o FILE.csv\n", 0) == 0);
    CHECK(f.raw({"help", "export", "moodle-cohorts"})
              .out.rfind("Usage: grove --db FILE export moodle-cohorts -o FILE.csv\n", 0) == 0);
}
