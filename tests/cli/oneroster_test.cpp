// `grove import oneroster PATH [--dry-run]` and `grove export oneroster -o FILE.zip` (issue 13).
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

std::vector<grove::ZipEntry> roster() {
    return {
        {"manifest.csv", "\xEF\xBB\xBFpropertyName,value\r\noneroster.version,1.1\r\n"},
        {"orgs.csv",
         "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
         "d1,,,Hill District,district,,\r\ns1,,,Hill High,school,,d1\r\n"},
        {"users.csv",
         "sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,email\r\n"
         "u1,,true,s1,student,Ana,Lopez,ana@hill.org\r\n"
         "u2,,true,s1,student,Bo,Chen,bo@hill.org\r\n"
         "u3,,true,s1,teacher,Cy,Diaz,cy@hill.org\r\n"},
        {"classes.csv", "sourcedId,title,schoolSourcedId\r\nc1,Algebra 9A,s1\r\nc2,Art,s1\r\n"},
        {"enrollments.csv",
         "sourcedId,classSourcedId,userSourcedId,role\r\n"
         "e1,c1,u1,student\r\ne2,c1,u2,student\r\ne3,c1,u3,teacher\r\ne4,c2,u1,student\r\n"},
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

TEST_CASE("import oneroster reads a zip and says what it did; the same zip again changes nothing") {
    CliFixture f;
    f.init();
    auto zip = write_zip_file(f, "roster.zip", roster());
    CHECK(f.ok({"import", "oneroster", zip}) == "add 3 people, add 2 departments, add 3 groups, add 4 memberships\n");
    CHECK(f.ok({"member", "list", "algebra-9a"}) ==
          "Cy Diaz <cy@hill.org>  Mentor  direct\n"
          "Ana Lopez <ana@hill.org>  Member  direct\n"
          "Bo Chen <bo@hill.org>  Member  direct\n");
    CHECK(lines(f.ok({"audit", "--limit", "1"}))[0].find(
              "Ada Lovelace imported the OneRoster roster roster.zip: add 3 people") != std::string::npos);
    CHECK(f.ok({"import", "oneroster", zip}) == "nothing to change\n");
}

TEST_CASE("import oneroster reads a folder of the files too, and counts removals") {
    CliFixture f;
    f.init();
    f.ok({"import", "oneroster", write_zip_file(f, "roster.zip", roster())});
    std::filesystem::create_directory(f.dir / "delta");
    auto files = roster();
    files[4].bytes =
        "sourcedId,status,classSourcedId,userSourcedId,role\r\ne4,tobedeleted,c2,u1,student\r\n"
        "e5,active,c2,u2,student\r\n";
    for (const auto& file : files) std::ofstream(f.dir / "delta" / file.name, std::ios::binary) << file.bytes;
    CHECK(f.ok({"import", "oneroster", (f.dir / "delta").string()}) == "add 1 membership, remove 1\n");
}

TEST_CASE("import oneroster --dry-run prints the changes and changes nothing") {
    CliFixture f;
    f.init();
    auto zip = write_zip_file(f, "roster.zip", roster());
    auto before = f.bytes();
    auto out = lines(f.ok({"import", "oneroster", zip, "--dry-run"}));
    REQUIRE(out.size() > 1);
    CHECK(out[0] == "add department Hill District");
    CHECK(out.back() ==
          "Dry run, nothing was changed: add 3 people, add 2 departments, add 3 groups, add 4 "
          "memberships");
    CHECK(f.bytes() == before);
}

TEST_CASE("import oneroster reports every bad row as FILE:LINE: reason and applies nothing") {
    CliFixture f;
    f.init();
    auto files = roster();
    files[2].bytes =
        "sourcedId,enabledUser,orgSourcedIds,givenName,familyName,email\r\n"
        "u1,true,s1,Ana,Lopez,ana@hill.org\r\nu2,true,s1,Bo,Chen,\r\nu3,true,s1,Cy,Diaz,cy@hill.org\r\n";
    auto zip = write_zip_file(f, "bad.zip", files);
    auto before = f.bytes();
    auto run = f.grove({"import", "oneroster", zip});
    CHECK(run.code == 1);
    CHECK(run.out == "users.csv:3: the user u2 has no email; Grove knows people by their email.\n");
    CHECK(run.err == "grove: error: " + zip + " has 1 error; nothing was applied.\n");
    CHECK(f.bytes() == before);

    std::string junk = (f.dir / "junk.zip").string();
    std::ofstream(junk, std::ios::binary) << "not a zip";
    CHECK(one_line_failure(f.grove({"import", "oneroster", junk}), 1,
                           "grove: error: " + junk + ": not a zip file, or a damaged one.\n"));
}

TEST_CASE("import oneroster is refused to a person without org.import") {
    CliFixture f;
    f.init();
    f.person("alan@hill.org", "Alan", "Turing");
    auto zip = write_zip_file(f, "roster.zip", roster());
    auto before = f.bytes();
    auto run = f.grove({"--as", "alan@hill.org", "import", "oneroster", zip});
    CHECK(one_line_failure(run, 1, "grove: error: Alan Turing may not "));
    CHECK(f.bytes() == before);
}

TEST_CASE("export oneroster writes a bulk zip that imports back unchanged") {
    CliFixture f;
    f.init();
    f.ok({"import", "oneroster", write_zip_file(f, "roster.zip", roster())});
    std::string out = (f.dir / "out.zip").string();
    CHECK(f.ok({"export", "oneroster", "-o", out}) == "Exported Hill School as OneRoster 1.1 to " + out + ".\n");
    auto files = grove::read_zip(slurp(out), out);
    REQUIRE(files);
    REQUIRE(files->size() == 5);
    CHECK((*files)[0].name == "manifest.csv");
    CHECK((*files)[0].bytes.find("oneroster.version,1.1\r\n") != std::string::npos);
    CHECK(f.ok({"import", "oneroster", out}) == "nothing to change\n");
    // -o is required.
    CHECK(f.grove({"export", "oneroster"}).code == 2);
}
