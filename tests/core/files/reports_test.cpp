// The group report, the membership report with inherited staff, and a group's users (core/files/reports.cpp).
#include <doctest/doctest.h>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

// The file's rows, read the way a spreadsheet reads them (quotes, doubled quotes, line breaks inside
// quotes), independent of the upload reader. Checks the byte-order mark and the CRLF line ends as it goes.
std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
    REQUIRE(csv.rfind(kBom, 0) == 0);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false;
    bool bare_line_feed = false;  // a line feed only inside quotes; rows end with CRLF
    for (std::size_t i = 3; i < csv.size(); ++i) {
        char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\r') {
            bare_line_feed |= i + 1 == csv.size() || csv[i + 1] != '\n';
            ++i;
            row.push_back(std::move(cell));
            cell.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            bare_line_feed |= c == '\n';
            cell += c;
        }
    }
    REQUIRE_FALSE(bare_line_feed);
    REQUIRE_FALSE(quoted);
    REQUIRE(cell.empty());  // the last row ends with CRLF too
    REQUIRE(row.empty());
    return rows;
}

std::string first_line(const std::string& csv) {
    REQUIRE(csv.rfind(kBom, 0) == 0);
    return csv.substr(3, csv.find("\r\n") - 3);
}

// The rows as maps from column name to value.
std::vector<std::map<std::string, std::string>> records_of(const std::string& csv) {
    auto rows = rows_of(csv);
    REQUIRE_FALSE(rows.empty());
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        std::map<std::string, std::string> record;
        for (std::size_t c = 0; c < rows[0].size(); ++c) record[rows[0][c]] = rows[r][c];
        out.push_back(std::move(record));
    }
    return out;
}

Group group_of(Store& store, Id id) { return *find_group(store, id); }
User user_of(Store& store, Id id) { return *find_user(store, id); }

// Whether the membership report says, for every group and person, what group_people() says: the direct
// role, and the stronger inherited role with the group it comes from.
bool report_matches_group_people(Store& s, const std::string& report) {
    // (group uid, user uid, "+" for inherited) -> role, source and where from.
    std::map<std::pair<std::string, std::string>, std::string> from_report, from_people;
    for (auto& r : records_of(report)) {
        std::string value = r["member_role"] + " " + r["source"] + " " + r["inherited_from_group_id"];
        CHECK(from_report.emplace(std::pair{r["group_id"], r["user_id"] + (r["source"] == "direct" ? "" : "+")}, value)
                  .second);
    }
    for (const GroupRow& row : group_tree(s, GroupSort::kTitle)) {
        std::string gid = find_group(s, row.id)->uid;
        for (const GroupPerson& p : group_people(s, row.id)) {
            if (p.direct_role) {
                from_people[{gid, p.user.uid}] = std::string(group_role_key(*p.direct_role)) + " direct ";
            }
            if (p.inherited_role && (!p.direct_role || *p.inherited_role > *p.direct_role)) {
                from_people[{gid, p.user.uid + "+"}] = std::string(group_role_key(*p.inherited_role)) + " inherited " +
                                                       find_group(s, *p.inherited_from)->uid;
            }
        }
    }
    CHECK(from_report.size() == from_people.size());
    return from_report == from_people;
}

const std::regex kIsoTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");

}  // namespace

TEST_CASE("the group report starts with the documented columns, in order") {
    Fixture f;
    auto csv = group_report_csv(f.store(), f.owner);
    REQUIRE(csv);
    CHECK(first_line(*csv) ==
          "group_id,group_name,slug,description,created_date,parent_group_id,parent_group_name,member_count,"
          "subgroup_count,inherit,external_ids,group_path,updated_date");
    CHECK(rows_of(*csv).size() == 1);  // no groups yet: the header alone
}

TEST_CASE("the group report lists the tree in natural order with stable IDs, ISO dates and parents") {
    Fixture f;
    Store& s = f.store();
    Id grade10 = f.group("Grade 10");
    Id grade9 = f.group("Grade 9");
    Id maths = f.group("Grade 9 Maths", grade9);
    Id art = f.group("Grade 9 Art", grade9);
    f.join(grade9, f.person("pia@x.org", "Pia", "Pupil"));
    f.join(grade9, f.person("milo@x.org", "Milo", "Mentor"), GroupRole::kMentor);
    REQUIRE(edit_group(
        s, f.owner, maths,
        {.external_ids = std::vector<ExternalId>{{"rostering", "R-9M"}, {"partner", "P-1"}}, .inherit = false}));

    auto records = records_of(group_report_csv(s, f.owner).value());
    REQUIRE(records.size() == 4);
    // A group, then its subgroups; siblings by name in natural order ("Grade 9" before "Grade 10").
    CHECK(records[0]["group_name"] == "Grade 9");
    CHECK(records[1]["group_name"] == "Grade 9 Art");
    CHECK(records[2]["group_name"] == "Grade 9 Maths");
    CHECK(records[3]["group_name"] == "Grade 10");

    Group g9 = group_of(s, grade9);
    CHECK(records[0]["group_id"] == g9.uid);  // the stable uid, never the rowid
    CHECK(records[0]["group_id"].size() == 32);
    CHECK(records[0]["slug"] == "grade-9");
    CHECK(records[0]["created_date"] == format_iso_time(g9.created_at));
    CHECK(std::regex_match(records[0]["created_date"], kIsoTime));
    CHECK(std::regex_match(records[0]["updated_date"], kIsoTime));
    CHECK(records[0]["parent_group_id"].empty());  // a top-level group has no parent
    CHECK(records[0]["parent_group_name"].empty());
    CHECK(records[0]["member_count"] == "2");
    CHECK(records[0]["subgroup_count"] == "2");
    CHECK(records[0]["inherit"] == "yes");
    CHECK(records[0]["group_path"] == "Grade 9");

    CHECK(records[1]["group_id"] == group_of(s, art).uid);
    CHECK(records[1]["parent_group_id"] == g9.uid);
    CHECK(records[1]["parent_group_name"] == "Grade 9");
    CHECK(records[1]["group_path"] == "Grade 9 / Grade 9 Art");
    CHECK(records[1]["member_count"] == "0");

    CHECK(records[2]["inherit"] == "no");
    CHECK(records[2]["external_ids"] == "partner=P-1; rostering=R-9M");
    CHECK(records[3]["group_id"] == group_of(s, grade10).uid);
    CHECK(records[3]["parent_group_id"].empty());
}

TEST_CASE("the group report quotes what needs quoting and never lets a name run as a formula") {
    Fixture f;
    Store& s = f.store();
    REQUIRE(create_group(s, f.owner, {"=HYPERLINK(\"x\")", "Maths, \"advanced\"\nsecond line", {}, {}, {}}));
    REQUIRE(create_group(s, f.owner, {"Émile's Club", "Café; crème", {}, {}, {}}));
    auto csv = group_report_csv(s, f.owner).value();
    // The raw text, as Excel reads it: quoted cells, doubled quotes, the line break kept inside quotes.
    CHECK(csv.find(",\"Maths, \"\"advanced\"\"\nsecond line\",") != std::string::npos);
    CHECK(csv.find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
    CHECK(csv.find(",\"Café; crème\",") != std::string::npos);  // UTF-8 as it is, quoted for ';' locales

    auto records = records_of(csv);
    REQUIRE(records.size() == 2);
    CHECK(records[0]["group_name"] == "'=HYPERLINK(\"x\")");  // a leading apostrophe: text, not a formula
    CHECK(records[0]["description"] == "Maths, \"advanced\"\nsecond line");
    CHECK(records[1]["group_name"] == "Émile's Club");
}

TEST_CASE("the membership report starts with the documented columns, in order") {
    Fixture f;
    auto csv = membership_report_csv(f.store(), f.owner);
    REQUIRE(csv);
    CHECK(first_line(*csv) ==
          "membership_id,user_id,first_name,last_name,email,group_id,group_name,member_role,group_parent_id,"
          "membership_created_date,source,inherited_from_group_id,inherited_from_group_name,user_status,group_slug");
    CHECK(rows_of(*csv).size() == 1);
}

TEST_CASE("the membership report has a row per membership, and says which rows are inherited and from where") {
    Fixture f;
    Store& s = f.store();
    Id school = f.group("Hill School");
    Id grade9 = f.group("Grade 9", school);
    Id class9a = f.group("Class 9A", grade9);
    Id principal = f.person("hal@x.org", "Hal", "Head");
    Id coach = f.person("cora@x.org", "Cora", "Coach");
    Id pia = f.person("pia@x.org", "Pia", "Pupil");
    Id tom = f.person("tom@x.org", "Tom", "Teacher");
    f.join(school, principal, GroupRole::kAdmin);
    f.join(grade9, coach, GroupRole::kMentor);
    f.join(class9a, pia);
    f.join(class9a, principal);  // a direct member who also inherits a stronger role
    f.join(class9a, tom, GroupRole::kAdmin);
    f.join(grade9, tom, GroupRole::kMentor);  // a direct admin whose inherited role is weaker

    auto records = records_of(membership_report_csv(s, f.owner).value());
    std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>> seen;
    for (auto& r : records) {
        seen.emplace_back(r["group_name"], r["email"], r["member_role"], r["source"], r["inherited_from_group_name"]);
    }
    using T = std::tuple<std::string, std::string, std::string, std::string, std::string>;
    const std::vector<T> expected = {
        // Groups in tree order; in each, direct memberships by name, then inherited staff by name.
        {"Hill School", "hal@x.org", "admin", "direct", ""},
        {"Grade 9", "cora@x.org", "mentor", "direct", ""},
        {"Grade 9", "tom@x.org", "mentor", "direct", ""},
        {"Grade 9", "hal@x.org", "admin", "inherited", "Hill School"},
        {"Class 9A", "hal@x.org", "member", "direct", ""},
        {"Class 9A", "pia@x.org", "member", "direct", ""},
        {"Class 9A", "tom@x.org", "admin", "direct", ""},
        {"Class 9A", "cora@x.org", "mentor", "inherited", "Grade 9"},
        {"Class 9A", "hal@x.org", "admin", "inherited", "Hill School"},
    };
    CHECK(seen == expected);

    // IDs are uids; an inherited row shows the ancestor's membership that carries the role.
    Group g9 = group_of(s, grade9);
    Group hill = group_of(s, school);
    const auto& direct = records[1];
    CHECK(direct.at("user_id") == user_of(s, coach).uid);
    CHECK(direct.at("first_name") == "Cora");
    CHECK(direct.at("last_name") == "Coach");
    CHECK(direct.at("group_id") == g9.uid);
    CHECK(direct.at("group_parent_id") == hill.uid);
    CHECK(direct.at("membership_id").size() == 32);
    CHECK(std::regex_match(direct.at("membership_created_date"), kIsoTime));
    CHECK(direct.at("user_status") == "active");
    CHECK(direct.at("group_slug") == "grade-9");
    CHECK(direct.at("inherited_from_group_id").empty());

    const auto& inherited = records[7];
    CHECK(inherited.at("group_id") == group_of(s, class9a).uid);
    CHECK(inherited.at("group_parent_id") == g9.uid);
    CHECK(inherited.at("inherited_from_group_id") == g9.uid);
    // Its own ID: the carrying membership's and the group's.
    CHECK(inherited.at("membership_id") == direct.at("membership_id") + "-" + group_of(s, class9a).uid);
    CHECK(inherited.at("membership_created_date") == direct.at("membership_created_date"));
    CHECK(records[0].at("group_parent_id").empty());

    // Every row's membership_id is distinct, inherited rows' too.
    std::set<std::string> ids;
    for (auto& r : records) CHECK(ids.insert(r["membership_id"]).second);
}

TEST_CASE("every row of the demo's membership report has its own membership_id, the same in every export") {
    StoreOptions options;
    options.seed = 7;
    auto opened = Store::open(":memory:", options);
    REQUIRE(opened);
    Store& s = **opened;
    REQUIRE(generate_demo(s, demo_district()));
    Id owner = *owner_id(s);
    auto first = records_of(membership_report_csv(s, owner).value());
    std::set<std::string> ids;
    int inherited = 0;
    for (auto& r : first) {
        CHECK(ids.insert(r["membership_id"]).second);
        inherited += r["source"] == "inherited";
    }
    CHECK(inherited > 0);
    CHECK(ids.size() == first.size());

    // Another export, after an unrelated change, gives each row the same ID.
    REQUIRE(create_group(s, owner, {"Chess Club", "", {}, {}, {}}));
    auto second = records_of(membership_report_csv(s, owner).value());
    REQUIRE(second.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(second[i]["membership_id"] == first[i]["membership_id"]);
        CHECK(second[i]["group_id"] == first[i]["group_id"]);
    }
}

TEST_CASE("the membership report quotes names and guards formulas, and keeps ISO dates of the memberships") {
    Fixture f;
    Store& s = f.store();
    Id g = f.group("Grade 9");
    Id odd = f.person("odd@x.org", "=cmd|' /C calc'!A0", "O'Neil, \"Jr\"");
    f.join(g, odd);
    std::string csv = membership_report_csv(s, f.owner).value();
    CHECK(csv.find(",'=cmd|' /C calc'!A0,\"O'Neil, \"\"Jr\"\"\",odd@x.org,") != std::string::npos);
    auto records = records_of(csv);
    REQUIRE(records.size() == 1);
    CHECK(records[0]["first_name"] == "'=cmd|' /C calc'!A0");
    CHECK(records[0]["last_name"] == "O'Neil, \"Jr\"");
    CHECK(records[0]["membership_created_date"] == format_iso_time(group_people(s, g).at(0).joined_at));
}

TEST_CASE("a membership report in steps is the state when its reading ended; a change while reading reads again") {
    Fixture f;
    Store& s = f.store();
    Id g = f.group("Grade 9");
    f.join(g, f.person("pia@x.org", "Pia", "Pupil"));
    auto writer = MembershipReportWriter::begin(s, f.owner);
    REQUIRE(writer);
    std::string out;
    REQUIRE_FALSE((*writer)->step(1, out).value());  // the groups
    REQUIRE_FALSE((*writer)->step(1, out).value());  // the first person
    CHECK((*writer)->reading());
    f.join(g, f.person("tom@x.org", "Tom", "Teacher"));  // while reading: read again, Tom in it
    while (!(*writer)->step(1, out).value()) {}
    const std::string with_tom = membership_report_csv(s, f.owner).value();
    CHECK(out == with_tom);
    CHECK(out.find("tom@x.org") != std::string::npos);

    // Once read, the report is what was read: a change meanwhile is not in it.
    auto second = MembershipReportWriter::begin(s, f.owner);
    REQUIRE(second);
    std::string text;
    while ((*second)->reading()) REQUIRE_FALSE((*second)->step(1, text).value());
    CHECK(text.empty());
    f.join(g, f.person("ula@x.org", "Ula", "Upton"));
    while (!(*second)->step(1, text).value()) {}
    CHECK(text == with_tom);
    CHECK(membership_report_csv(s, f.owner).value() != with_tom);

    auto refused = MembershipReportWriter::begin(s, f.person("paul@x.org", "Paul", "Plain"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
}

TEST_CASE("a group that turns inheritance off has no inherited rows, nor do its subgroups from above it") {
    Fixture f;
    Store& s = f.store();
    Id school = f.group("Hill School");
    Id grade9 = f.group("Grade 9", school);
    Id class9a = f.group("Class 9A", grade9);
    f.join(school, f.person("hal@x.org", "Hal", "Head"), GroupRole::kAdmin);
    f.join(grade9, f.person("cora@x.org", "Cora", "Coach"), GroupRole::kMentor);
    f.join(class9a, f.person("pia@x.org", "Pia", "Pupil"));
    REQUIRE(edit_group(s, f.owner, grade9, {.inherit = false}));

    std::vector<std::string> inherited;
    for (auto& r : records_of(membership_report_csv(s, f.owner).value())) {
        if (r["source"] == "inherited") inherited.push_back(r["group_name"] + " <- " + r["inherited_from_group_name"]);
        CHECK(r["source"] != "rule");  // no smart groups yet
    }
    // Grade 9 stops the principal; the coach of Grade 9 still reaches Class 9A.
    CHECK(inherited == std::vector<std::string>{"Class 9A <- Grade 9"});
}

TEST_CASE("the membership report agrees with each group's people on the demo district") {
    StoreOptions options;
    options.seed = 3;
    auto opened = Store::open(":memory:", options);
    REQUIRE(opened);
    Store& s = **opened;
    REQUIRE(generate_demo(s, demo_district()));
    Id owner = *owner_id(s);
    // A school that stops inheritance, so both kinds of subtree are compared.
    auto lake = find_group_by_slug(s, "lakeview-school");
    REQUIRE(lake);
    REQUIRE(edit_group(s, owner, lake->id, {.inherit = false}));

    // Written in pieces, the report is the same text as in one string.
    std::string pieced;
    int pieces = 0;
    REQUIRE(write_membership_report(s, owner, [&](std::string_view chunk) {
        pieced.append(chunk);
        ++pieces;
    }));
    std::string whole = membership_report_csv(s, owner).value();
    CHECK(pieced == whole);
    CHECK(pieces > 1);

    // In small steps, for a progress bar: the same text again, and progress climbing to 1.
    auto writer = MembershipReportWriter::begin(s, owner);
    REQUIRE(writer);
    std::string stepped;
    double progress = 0;
    int steps = 0;
    while (!(*writer)->step(7, stepped).value()) {
        CHECK((*writer)->progress() >= progress);
        progress = (*writer)->progress();
        CHECK(progress < 1.0);
        ++steps;
    }
    CHECK((*writer)->progress() == 1.0);
    CHECK(stepped == whole);
    CHECK(steps > 50);
    CHECK((*writer)->rows_written() + 1 == rows_of(whole).size());

    CHECK(report_matches_group_people(s, whole));
}

TEST_CASE("the membership report agrees with each group's people in a deep, randomly nested organisation") {
    StoreOptions options;
    options.seed = 5;
    auto opened = Store::open(":memory:", options);
    REQUIRE(opened);
    Store& s = **opened;
    REQUIRE(generate_demo(s, large_organisation(1500, 300, 4000)));
    Id owner = *owner_id(s);
    // Extra cohorts nest under random groups, each extra person leads one (every 50th as mentor): add
    // staff up and down the tree, in both roles, and stop inheritance in every seventh group.
    auto tree = group_tree(s, GroupSort::kNewest);
    int turned_off = 0;
    for (std::size_t i = 0; i < tree.size(); ++i) {
        if (i % 7 == 3 && tree[i].parent_id) {
            REQUIRE(edit_group(s, owner, tree[i].id, {.inherit = false}));
            ++turned_off;
        }
    }
    CHECK(turned_off > 10);
    auto people = list_users(s);
    for (std::size_t i = 0; i < tree.size(); i += 5) {
        const User& u = people[(i * 37) % people.size()];
        GroupRole role = i % 2 ? GroupRole::kAdmin : GroupRole::kMentor;
        REQUIRE(add_people(s, owner, tree[i].id, {{u.id}, {}, role}));
    }
    std::string report = membership_report_csv(s, owner).value();
    int inherited = 0;
    for (auto at = report.find(",inherited,"); at != std::string::npos; at = report.find(",inherited,", at + 1))
        ++inherited;
    CHECK(inherited > 200);
    CHECK(report_matches_group_people(s, report));
}

TEST_CASE("reports need reports.view: a plain person and a group admin are refused") {
    Fixture f;
    Store& s = f.store();
    Id grade9 = f.group("Grade 9");
    Id plain = f.person("paul@x.org", "Paul", "Plain");
    Id leader = f.person("lena@x.org", "Lena", "Leader");
    f.join(grade9, leader, GroupRole::kAdmin);

    auto refused = membership_report_csv(s, plain);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message.rfind("Paul Plain may not ", 0) == 0);
    CHECK(refused.error().message.find("Only people who can download reports can do this") != std::string::npos);
    auto by_leader = group_report_csv(s, leader);
    REQUIRE_FALSE(by_leader);
    CHECK(by_leader.error().code == ErrorCode::kForbidden);

    // Nothing reaches the sink of a refused report.
    bool written = false;
    CHECK_FALSE(write_membership_report(s, leader, [&](std::string_view) { written = true; }));
    CHECK_FALSE(written);

    // An admin may; so may a custom role holding reports.view.
    Id ada = f.person("ada@x.org", "Ada", "Admin");
    f.grant(ada, OrgRole::kAdmin);
    CHECK(group_report_csv(s, ada));
    Id rita = f.person("rita@x.org", "Rita", "Registrar");
    auto role = define_custom_role(s, f.owner, "Registrar", kPermReports);
    REQUIRE(role);
    REQUIRE(grant_role(s, f.owner, rita, {OrgRole::kCustom, role->id, std::nullopt}));
    CHECK(membership_report_csv(s, rita));

    // A deactivated admin is refused like everywhere else.
    REQUIRE(edit_user(s, f.owner, ada, {.status = UserStatus::kDeactivated}));
    auto gone = group_report_csv(s, ada);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().message ==
          "Ada Admin may not " + std::string(cmd_def(Cmd::kReportView).doing) + ": their account is deactivated.");
}

TEST_CASE("a group's users come in the people upload's columns, direct people first, then inherited staff") {
    Fixture f;
    Store& s = f.store();
    Id science = f.department("Science");
    REQUIRE(add_field(s, f.owner, "Job Title", FieldType::kText));
    REQUIRE(add_field(s, f.owner, "Hire Date", FieldType::kDate));
    Id school = f.group("Hill School");
    Id grade9 = f.group("Grade 9", school);
    Id hal = f.person("hal@x.org", "Hal", "Head");
    Id pia = f.person("pia@x.org", "Pia", "Pupil", science);
    Id milo = f.person("milo@x.org", "Milo", "Mentor");
    REQUIRE(edit_user(s, f.owner, milo, {.fields = {{"Job Title", "Teacher, maths"}, {"Hire Date", "2020-08-26"}}}));
    f.join(school, hal, GroupRole::kAdmin);
    f.join(grade9, pia);
    f.join(grade9, milo, GroupRole::kMentor);
    REQUIRE(add_people(s, f.owner, grade9, {{}, {"new@x.org"}, GroupRole::kMember}));

    auto csv = group_users_csv(s, f.owner, grade9);
    REQUIRE(csv);
    CHECK(first_line(*csv) ==
          "email,first_name,last_name,department,group,role,Job Title,Hire Date,status,source,inherited_role,"
          "inherited_from");
    auto rows = rows_of(*csv);
    REQUIRE(rows.size() == 5);
    using Row = std::vector<std::string>;
    CHECK(rows[1] == Row{"milo@x.org", "Milo", "Mentor", "", "grade-9", "mentor", "Teacher, maths", "2020-08-26",
                         "active", "direct", "", ""});
    CHECK(rows[2] == Row{"new@x.org", "", "", "", "grade-9", "member", "", "", "invited", "direct", "", ""});
    CHECK(rows[3] ==
          Row{"pia@x.org", "Pia", "Pupil", "science", "grade-9", "member", "", "", "active", "direct", "", ""});
    CHECK(rows[4] == Row{"hal@x.org", "Hal", "Head", "", "grade-9", "admin", "", "", "active", "inherited", "admin",
                         "hill-school"});

    // A direct member who inherits a stronger role keeps their direct role, and says where the other comes
    // from; the list puts them first, as the group's page does (by the stronger role).
    f.join(grade9, hal);
    auto again = rows_of(group_users_csv(s, f.owner, grade9).value());
    REQUIRE(again.size() == 5);
    CHECK(again[1] ==
          Row{"hal@x.org", "Hal", "Head", "", "grade-9", "member", "", "", "active", "direct", "admin", "hill-school"});
}

TEST_CASE("a group's users file uploads again as it is and changes nothing") {
    Fixture f;
    Store& s = f.store();
    Id science = f.department("Science");
    REQUIRE(add_field(s, f.owner, "Job Title", FieldType::kText));
    Id school = f.group("Hill School");
    Id grade9 = f.group("Grade 9", school);
    Id milo = f.person("milo@x.org", "Milo", "Mentor", science);
    REQUIRE(edit_user(s, f.owner, milo, {.fields = {{"Job Title", "Teacher, maths"}}}));
    f.join(grade9, milo, GroupRole::kMentor);
    f.join(grade9, f.person("pia@x.org", "Émilie", "Pupil"));
    f.join(grade9, f.person("eq@x.org", "Eve", "=Equals"));  // written as '=Equals so no spreadsheet runs it
    f.join(school, f.person("hal@x.org", "Hal", "Head"), GroupRole::kAdmin);  // reaches Grade 9 inherited
    std::string csv = group_users_csv(s, f.owner, grade9).value();
    REQUIRE(csv.find("'=Equals") != std::string::npos);

    // Grove's own columns (status, source, inherited_*) are read back without a mapping, and the row of
    // the inherited admin is skipped: it is not a membership of Grade 9.
    auto plan = plan_upload(s, f.owner, UploadKind::kUsers, "grade-9-users.csv", csv);
    REQUIRE(plan);
    CHECK(plan->errors.empty());
    for (const auto& change : plan->changes) CHECK(change.find("skip hal@x.org") != std::string::npos);
    CHECK(plan->changes.size() == 1);
    CHECK(plan->counts.people_unchanged == 3);
    CHECK(plan->counts.people_added + plan->counts.people_updated == 0);
    CHECK(plan->counts.memberships_unchanged == 3);
    CHECK(plan->counts.memberships_added + plan->counts.memberships_changed == 0);
}

TEST_CASE("a group's users need reports.view or being a group admin of the group") {
    Fixture f;
    Store& s = f.store();
    Id school = f.group("Hill School");
    Id grade9 = f.group("Grade 9", school);
    Id grade10 = f.group("Grade 10", school);
    Id lena = f.person("lena@x.org", "Lena", "Leader");
    Id milo = f.person("milo@x.org", "Milo", "Mentor");
    Id hal = f.person("hal@x.org", "Hal", "Head");
    f.join(grade9, lena, GroupRole::kAdmin);
    f.join(grade9, milo, GroupRole::kMentor);
    f.join(school, hal, GroupRole::kAdmin);

    CHECK(group_users_csv(s, lena, grade9));
    CHECK(group_users_csv(s, hal, grade9));  // an admin of the school, inherited
    auto other = group_users_csv(s, lena, grade10);
    REQUIRE_FALSE(other);
    CHECK(other.error().code == ErrorCode::kForbidden);
    CHECK(other.error().message.find("group admin of the group") != std::string::npos);
    auto mentor = group_users_csv(s, milo, grade9);
    REQUIRE_FALSE(mentor);
    CHECK(mentor.error().code == ErrorCode::kForbidden);
    auto missing = group_users_csv(s, f.owner, 999999);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("file names carry the organisation, the report and today's date, or the group's slug") {
    Fixture f;
    Store& s = f.store();
    Id grade9 = f.group("Grade 9");
    std::string today = format_iso_day(f.clock_ms);
    CHECK(group_report_file_name(s) == "riverside-district-groups-" + today + ".csv");
    CHECK(membership_report_file_name(s) == "riverside-district-memberships-" + today + ".csv");
    CHECK(group_users_file_name(s, grade9) == "grade-9-users.csv");
    CHECK(group_users_file_name(s, 999999) == "group-users.csv");
}

TEST_CASE("the users of several groups come in one file, and one refused group refuses them all") {
    Fixture f;
    Store& s = f.store();
    Id grade9 = f.group("Grade 9");
    Id grade10 = f.group("Grade 10");
    Id pia = f.person("pia@x.org", "Pia", "Pupil");
    Id otto = f.person("otto@x.org", "Otto", "Other");
    f.join(grade9, pia);
    f.join(grade10, otto);
    f.join(grade10, pia, GroupRole::kMentor);

    auto rows = rows_of(groups_users_csv(s, f.owner, {grade10, grade9}).value());
    REQUIRE(rows.size() == 4);  // one header
    CHECK(rows[0][0] == "email");
    CHECK(rows[1][0] == "pia@x.org");  // Grade 10 first, as asked: its mentor, then its member
    CHECK(rows[1][4] == "grade-10");
    CHECK(rows[1][5] == "mentor");
    CHECK(rows[2][0] == "otto@x.org");
    CHECK(rows[3][0] == "pia@x.org");
    CHECK(rows[3][4] == "grade-9");

    Id lena = f.person("lena@x.org", "Lena", "Leader");
    f.join(grade9, lena, GroupRole::kAdmin);  // a group admin of Grade 9 only
    CHECK(groups_users_csv(s, lena, {grade9}));
    auto refused = groups_users_csv(s, lena, {grade9, grade10});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
}
