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
    CHECK(file.rfind("{\n  \"format\": \"grove.organisation\",\n  \"version\": 4,\n  \"organisation\": {\"uid\": ",
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
