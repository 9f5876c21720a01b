// Writing the Grove file (core/exchange/export.cpp, F17): the same bytes every time, every record by uid.
#include <doctest/doctest.h>
#include <string>

#include "exchange/exchange_support.h"
#include "exchange/learning_rows.h"

using namespace grove;
using namespace grove::testing;

TEST_CASE("export, import into an empty database and export again give the same bytes") {
    Fixture f;
    build_rich(f);
    std::string first = exported(f.store());
    auto copy = restored(first, 7);
    std::string second = exported(*copy);
    CHECK(second == first);
    CHECK(second.size() > 2000);
}

TEST_CASE("the demo district survives the round trip byte for byte") {
    auto s = empty_store(3);
    must(generate_demo(*s, demo_district()));
    std::string first = exported(*s);
    auto copy = restored(first, 9);
    CHECK(exported(*copy) == first);
    // With its courses, enrolments, completions, pending submissions and reviews, but not its notifications.
    CHECK(rows::count(*s, "step_work") > 0);
    CHECK(rows::count(*s, "notifications") > 0);
    CHECK(rows::dump(*copy) == rows::dump(*s));
    CHECK(rows::count(*copy, "notifications") == 0);
}

TEST_CASE("the file names its format and version and holds every kind of record by uid") {
    Fixture f;
    build_rich(f);
    std::string file = exported(f.store());
    CHECK(file.rfind("{\n  \"format\": \"grove.organisation\",\n  \"version\": 5,\n  \"organisation\": {\"uid\": ",
                     0) == 0);
    for (const char* section : {"\"fields\": [", "\"departments\": [", "\"custom_roles\": [", "\"users\": [",
                                "\"org_roles\": [", "\"groups\": [", "\"memberships\": [", "\"audit\": ["}) {
        INFO(section);
        CHECK(contains(file, section));
    }
    CHECK(contains(file, "\"image\": \"data:image/png;base64,iVBORwABAgP6+w==\""));
    CHECK(contains(file, "\"external_ids\": {\"partner\": \"P9\", \"rostering\": \"R-9\"}"));
    CHECK(contains(file, "\"description\": \"Ninth grade: \\\"all\\\" of it\\nline two — ü 😀\""));
    CHECK(contains(file, "\"permissions\": [\"users.manage\", \"reports.view\"]"));
    CHECK(contains(file, "\"choices\": [\"North\", \"South\"]"));
    CHECK(contains(file, "\"status\": \"deactivated\""));
    CHECK(contains(file, "\"inherit\": false"));
    CHECK(contains(file, "\"created_at\": \"2026-01-05T09:00:01.000Z\""));
    CHECK_FALSE(contains(file, "local_settings"));
    CHECK_FALSE(contains(file, "\"sync\""));  // this planner never received a file
}

namespace {

// The audit section's lines whose entry has this group name.
std::vector<std::string> audit_lines_of_group(const std::string& file, const std::string& group_name) {
    std::vector<std::string> out;
    const std::string key = "\"group_name\": \"" + group_name + "\"";
    size_t at = file.find("\"audit\": [");
    REQUIRE(at != std::string::npos);
    while ((at = file.find('\n', at)) != std::string::npos) {
        ++at;
        const std::string line = file.substr(at, file.find('\n', at) - at);
        if (line.starts_with("  ]")) break;
        if (contains(line, key)) out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE(
    "the file names each audit entry's group by uid: none for a deleted group, never the group that took its ID") {
    Fixture f;
    Store& s = f.store();
    const Id ada = f.person("ada@hill.org", "Ada", "Lovelace");
    const Id drama = f.group("Drama Club");
    f.join(drama, ada);
    const std::string drama_uid = *group_uid(s, drama);
    must(delete_group(s, f.owner, drama, SubgroupFate::kLiftThem));
    const Id chess = f.group("Chess Club");
    REQUIRE(chess == drama);  // SQLite gave the new group the deleted one's row ID
    f.join(chess, ada);
    const std::string chess_uid = *group_uid(s, chess);
    const std::string ada_uid = *user_uid(s, ada);
    const std::string owner_uid = *user_uid(s, f.owner);

    const std::string file = exported(s);
    const auto drama_lines = audit_lines_of_group(file, "Drama Club");
    REQUIRE(drama_lines.size() == 3);  // created, Ada added, deleted
    for (const std::string& line : drama_lines) {
        CHECK(contains(line, "\"group\": null"));  // the file names only records it holds
        CHECK(contains(line, "\"actor\": \"" + owner_uid + "\""));
    }
    CHECK(contains(drama_lines[1], "\"user\": \"" + ada_uid + "\""));
    const auto chess_lines = audit_lines_of_group(file, "Chess Club");
    REQUIRE(chess_lines.size() == 2);
    for (const std::string& line : chess_lines) CHECK(contains(line, "\"group\": \"" + chess_uid + "\""));
    // Chess Club's uid is on its own entries and its record, nowhere else.
    size_t named = 0;
    for (size_t at = 0; (at = file.find(chess_uid, at)) != std::string::npos; at += chess_uid.size()) ++named;
    CHECK(named == 2 + 1 + 1);  // two entries, the group, its membership
    CHECK_FALSE(contains(file, drama_uid));

    // Restored elsewhere, the same bytes, and Chess Club's log is its own.
    auto copy = restored(file, 11);
    CHECK(exported(*copy) == file);
    const auto chess_log = must(read_audit(*copy, owner_of(*copy), {.group = group_id(*copy, "chess-club")}));
    REQUIRE(chess_log.size() == 2);
    for (const AuditEntry& e : chess_log) CHECK(e.group_name == "Chess Club");
}
