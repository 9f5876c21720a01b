// `grove report groups|memberships` and `grove export group-users` (F15, F16, F32).
#include "core/files/reports.h"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_fixture.h"
#include "core/files/upload.h"
#include "core/org/lookup.h"
#include "core/storage/store.h"

using grove::testing::CliFixture;
using grove::testing::one_line_failure;

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

// The CSV's lines without the byte-order mark and the CRLF ends (no cell here holds a line break).
std::vector<std::string> csv_lines(const std::string& csv) {
    REQUIRE(csv.rfind(kBom, 0) == 0);
    std::vector<std::string> out;
    std::size_t start = 3;
    while (start < csv.size()) {
        std::size_t end = csv.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        out.push_back(csv.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Hill School with Grade 9 (a mentor, a group admin, a pupil) and Grade 9 Science below it.
void school(CliFixture& f) {
    f.init();
    f.ok({"group", "create", "Grade 9", "--description", "Ninth graders, all of them"});
    f.ok({"group", "create", "Grade 9 Science", "--parent", "grade-9"});
    f.person("milo@hill.org", "Milo", "Mentor");
    f.person("lena@hill.org", "Lena", "Leader");
    f.person("pia@hill.org", "Pia", "Pupil");
    f.ok({"member", "add", "grade-9", "milo@hill.org", "--role", "mentor"});
    f.ok({"member", "add", "grade-9", "lena@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-9-science", "pia@hill.org"});
}

}  // namespace

TEST_CASE("report groups writes the group report to standard output") {
    CliFixture f;
    school(f);
    std::string out = f.ok({"report", "groups"});
    auto lines = csv_lines(out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] ==
          "group_id,group_name,slug,description,created_date,parent_group_id,parent_group_name,member_count,"
          "subgroup_count,inherit,external_ids,group_path,updated_date");
    CHECK(lines[1].find(",Grade 9,grade-9,\"Ninth graders, all of them\",") == 32);
    CHECK(lines[2].find(",Grade 9 Science,grade-9-science,,") == 32);
    CHECK(lines[2].find(",Grade 9,1,0,yes,,Grade 9 / Grade 9 Science,") != std::string::npos);
}

TEST_CASE("report memberships -o writes the file, with inherited staff, and says where it went") {
    CliFixture f;
    school(f);
    auto path = f.dir / "memberships.csv";
    std::string out = f.ok({"report", "memberships", "-o", path.string()});
    CHECK(out == "Wrote the membership report to " + path.string() + ".\n");
    auto lines = csv_lines(read_file(path));
    REQUIRE(lines.size() == 6);  // header, 2 in Grade 9, Pia in Grade 9 Science, and its 2 inherited staff
    CHECK(lines[0] ==
          "membership_id,user_id,first_name,last_name,email,group_id,group_name,member_role,group_parent_id,"
          "membership_created_date,source,inherited_from_group_id,inherited_from_group_name,user_status,group_slug");
    CHECK(lines[3].find(",Pia,Pupil,pia@hill.org,") == 65);
    CHECK(lines[3].find(",member,") != std::string::npos);
    CHECK(lines[3].find(",direct,,,active,grade-9-science") != std::string::npos);
    // An inherited row has an ID of its own: the carrying membership's, a hyphen, the group's (32 + 1 + 32).
    CHECK(lines[4].find(",Lena,Leader,lena@hill.org,") == 98);
    CHECK(lines[4][32] == '-');
    CHECK(lines[4].find(",admin,") != std::string::npos);
    CHECK(lines[4].find(",inherited,") != std::string::npos);
    CHECK(lines[4].find(",Grade 9,active,grade-9-science") != std::string::npos);
    CHECK(lines[5].find(",Milo,Mentor,milo@hill.org,") == 98);
    CHECK(lines[4].substr(33, 32) == lines[5].substr(33, 32));  // the same group
    // Standard output holds the same report without -o.
    CHECK(f.ok({"report", "memberships"}) == read_file(path));
}

TEST_CASE("the command line's membership report is byte for byte the app's, written in small steps") {
    CliFixture f;
    school(f);
    // Enough people and memberships for many steps of reading and writing.
    std::string csv = "email,first name,last name,group,role\r\n";
    for (int i = 1; i <= 3000; ++i) {
        const std::string n = std::to_string(i);
        csv += "p" + n + "@hill.org,Pat,Person " + n + "," + (i % 3 == 0 ? "grade-9-science" : "grade-9") + "," +
               (i % 50 == 0 ? "mentor" : "member") + "\r\n";
    }
    const auto upload = f.dir / "people.csv";
    {
        std::ofstream out(upload, std::ios::binary);
        out << csv;
    }
    f.ok({"import", "users", upload.string()});
    const auto path = f.dir / "memberships.csv";
    f.ok({"report", "memberships", "-o", path.string()});
    const std::string cli = read_file(path);

    auto store = grove::Store::open(f.db);
    REQUIRE(store);
    auto owner = grove::find_user_by_email(**store, "ada@hill.org");
    REQUIRE(owner);
    auto writer = grove::MembershipReportWriter::begin(**store, owner->id);
    REQUIRE(writer);
    std::string app;
    int steps = 0;
    while (!(*writer)->step(100, app).value()) ++steps;
    CHECK(steps > 60);  // 3,004 people and 3,003 memberships read, then 3,000 rows and more written, 100 a step
    CHECK(app.size() == cli.size());
    CHECK(app == cli);
    CHECK(grove::membership_report_csv(**store, owner->id).value() == cli);
}

TEST_CASE("report takes groups or memberships: another word is wrong usage") {
    CliFixture f;
    f.init();
    auto run = f.grove({"report", "people"});
    CHECK(one_line_failure(run, 2, "grove: usage: "));
    CHECK(run.err == "grove: usage: report takes groups or memberships, not 'people'; see grove help report\n");
    CHECK(f.grove({"report"}).code == 2);
}

TEST_CASE("a refused report exits 1 with the core's message and writes no file") {
    CliFixture f;
    school(f);
    auto path = f.dir / "groups.csv";
    auto run = f.grove({"--as", "lena@hill.org", "report", "groups", "-o", path.string()});
    CHECK(one_line_failure(run, 1, "grove: error: Lena Leader may not "));
    CHECK(run.err.find("Only people who can download reports") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(one_line_failure(f.grove({"--as", "pia@hill.org", "report", "memberships"}), 1, "grove: error: Pia Pupil"));
}

TEST_CASE("a file that cannot be written is an error") {
    CliFixture f;
    school(f);
    auto path = f.dir / "no-such-folder" / "groups.csv";
    auto run = f.grove({"report", "groups", "-o", path.string()});
    CHECK(one_line_failure(run, 1, "grove: error: Could not write " + path.string() + "."));
}

TEST_CASE("export group-users writes a group's people in the upload's columns") {
    CliFixture f;
    school(f);
    auto lines = csv_lines(f.ok({"export", "group-users", "grade-9-science"}));
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "email,first_name,last_name,department,group,role,status,source,inherited_role,inherited_from");
    CHECK(lines[1] == "pia@hill.org,Pia,Pupil,,grade-9-science,member,active,direct,,");
    CHECK(lines[2] == "lena@hill.org,Lena,Leader,,grade-9-science,admin,active,inherited,admin,grade-9");
    CHECK(lines[3] == "milo@hill.org,Milo,Mentor,,grade-9-science,mentor,active,inherited,mentor,grade-9");

    auto path = f.dir / "grade-9-users.csv";
    CHECK(f.ok({"--as", "lena@hill.org", "export", "group-users", "grade-9", "-o", path.string()}) ==
          "Wrote the users of Grade 9 to " + path.string() + ".\n");
    auto written = csv_lines(read_file(path));
    REQUIRE(written.size() == 3);
    CHECK(written[1] == "lena@hill.org,Lena,Leader,,grade-9,admin,active,direct,,");
}

TEST_CASE("export group-users refuses an unknown group and a person without the right") {
    CliFixture f;
    school(f);
    auto unknown = f.grove({"export", "group-users", "grade-11"});
    CHECK(one_line_failure(unknown, 1, "grove: error: "));
    CHECK(unknown.err.find("grade-11") != std::string::npos);
    auto mentor = f.grove({"--as", "milo@hill.org", "export", "group-users", "grade-9"});
    CHECK(one_line_failure(mentor, 1, "grove: error: Milo Mentor may not "));
    CHECK(f.grove({"export", "group-users"}).code == 2);
}
