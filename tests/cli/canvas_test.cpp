// `grove import canvas-groups PATH [--dry-run]` and `grove export canvas-groups -o FILE.zip` (issue 13).
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli_fixture.h"
#include "core/exchange/zip.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

std::vector<grove::ZipEntry> canvas_files() {
    return {
        {"users.csv",
         "\xEF\xBB\xBFuser_id,login_id,first_name,last_name,email,status\r\n"
         "U1,ana,Ana,Lopez,ana@hill.org,active\r\n"
         "U2,bo,Bo,Chen,bo@hill.org,active\r\n"
         "U3,cy,Cy,Diaz,cy@hill.org,active\r\n"},
        {"group_categories.csv",
         "group_category_id,account_id,course_id,category_name,status\r\nGC1,A1,C1,Project Teams,active\r\n"},
        {"groups.csv",
         "group_id,group_category_id,account_id,course_id,name,status\r\n"
         "G1,GC1,A1,C1,Team Red,available\r\nG2,GC1,A1,C1,Team Blue,available\r\n"},
        {"groups_membership.csv", "group_id,user_id,status\r\nG1,U1,accepted\r\nG1,U2,accepted\r\nG2,U3,accepted\r\n"},
    };
}

std::string write_zip_file(CliFixture& f, const std::string& name, const std::vector<grove::ZipEntry>& files) {
    auto zip = grove::write_zip(files);
    REQUIRE(zip);
    std::string path = (f.dir / name).string();
    std::ofstream(path, std::ios::binary) << *zip;
    return path;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("import canvas-groups reads a zip and says what it did; the same zip again changes nothing") {
    CliFixture f;
    f.init();
    auto zip = write_zip_file(f, "canvas.zip", canvas_files());
    CHECK(f.ok({"import", "canvas-groups", zip}) == "add 3 people, add 3 groups, add 3 memberships\n");
    CHECK(f.ok({"member", "list", "team-red"}) ==
          "Ana Lopez <ana@hill.org>  Member  direct\n"
          "Bo Chen <bo@hill.org>  Member  direct\n");
    CHECK(lines(f.ok({"audit", "--limit", "1"}))[0].find(
              "Ada Lovelace imported the Canvas groups canvas.zip: add 3 people") != std::string::npos);
    CHECK(f.ok({"import", "canvas-groups", zip}) == "nothing to change\n");
}

TEST_CASE("import canvas-groups reads a folder of the files too, without users.csv, and counts removals") {
    CliFixture f;
    f.init();
    f.ok({"import", "canvas-groups", write_zip_file(f, "canvas.zip", canvas_files())});
    std::filesystem::create_directory(f.dir / "delta");
    std::ofstream(f.dir / "delta" / "groups_membership.csv", std::ios::binary)
        << "group_id,user_id,status\r\nG1,U2,deleted\r\nG2,ana@hill.org,accepted\r\n";
    CHECK(f.ok({"import", "canvas-groups", (f.dir / "delta").string()}) == "add 1 membership, remove 1\n");
}

TEST_CASE("import canvas-groups --dry-run prints the changes and changes nothing") {
    CliFixture f;
    f.init();
    auto zip = write_zip_file(f, "canvas.zip", canvas_files());
    auto before = f.bytes();
    auto out = lines(f.ok({"import", "canvas-groups", zip, "--dry-run"}));
    REQUIRE(out.size() == 10);
    CHECK(out[0] == "add person Ana Lopez <ana@hill.org>");
    CHECK(out[3] == "add group Project Teams");
    CHECK(out[6] == "add membership U1 in G1");
    CHECK(out.back() == "Dry run, nothing was changed: add 3 people, add 3 groups, add 3 memberships");
    CHECK(f.bytes() == before);
}

TEST_CASE("import canvas-groups reports every bad row as FILE:LINE: reason and applies nothing") {
    CliFixture f;
    f.init();
    auto files = canvas_files();
    files[3].bytes = "group_id,user_id,status\r\nG1,U1,accepted\r\nG7,U2,accepted\r\nG2,U9,accepted\r\n";
    auto zip = write_zip_file(f, "bad.zip", files);
    auto before = f.bytes();
    auto run = f.grove({"import", "canvas-groups", zip});
    CHECK(run.code == 1);
    CHECK(run.out ==
          "groups_membership.csv:3: group_id G7 is no group of the import.\n"
          "groups_membership.csv:4: user_id U9 is no user of the import, nor a person's canvas ID or email in "
          "Grove.\n");
    CHECK(run.err == "grove: error: " + zip + " has 2 errors; nothing was applied.\n");
    CHECK(f.bytes() == before);

    std::filesystem::create_directory(f.dir / "empty");
    std::string empty = (f.dir / "empty").string();
    CHECK(one_line_failure(f.grove({"import", "canvas-groups", empty}), 1,
                           "grove: error: " + empty + " is not a Canvas import of groups"));
}

TEST_CASE("import canvas-groups is refused to a person without org.import") {
    CliFixture f;
    f.init();
    f.person("alan@hill.org", "Alan", "Turing");
    auto zip = write_zip_file(f, "canvas.zip", canvas_files());
    auto before = f.bytes();
    auto run = f.grove({"--as", "alan@hill.org", "import", "canvas-groups", zip});
    CHECK(one_line_failure(run, 1, "grove: error: Alan Turing may not "));
    CHECK(f.bytes() == before);
}

TEST_CASE("export canvas-groups writes a zip of the four files that imports back unchanged") {
    CliFixture f;
    f.init();
    f.ok({"import", "canvas-groups", write_zip_file(f, "canvas.zip", canvas_files())});
    std::string out = (f.dir / "out.zip").string();
    CHECK(f.ok({"export", "canvas-groups", "-o", out}) ==
          "Exported the groups of Hill School as Canvas SIS files to " + out + ".\n");
    auto files = grove::read_zip(slurp(out), out);
    REQUIRE(files);
    REQUIRE(files->size() == 4);
    CHECK((*files)[2].name == "groups.csv");
    CHECK((*files)[2].bytes ==
          "group_id,group_category_id,account_id,course_id,name,status\r\n"
          "G1,GC1,A1,C1,Team Red,available\r\nG2,GC1,A1,C1,Team Blue,available\r\n");
    CHECK(f.ok({"import", "canvas-groups", out}) == "nothing to change\n");
    // -o is required.
    CHECK(f.grove({"export", "canvas-groups"}).code == 2);
}
