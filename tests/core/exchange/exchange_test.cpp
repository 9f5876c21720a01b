// Who may export and import the Grove file (core/exchange/exchange.cpp).
#include <doctest/doctest.h>
#include <string>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

TEST_CASE("only people with an Admin's power export or merge; a refusal names them") {
    Fixture f;
    build_rich(f);
    Id plain = f.person("plain@hill.org", "Paul", "Plain");
    std::string file = exported(f.store());
    auto before = f.bytes();
    auto merge = plan_import(f.store(), plain, "hill.json", file);
    REQUIRE_FALSE(merge);
    CHECK(merge.error().code == ErrorCode::kForbidden);
    CHECK(merge.error().message.rfind("Paul Plain may not import a Grove file into this organisation", 0) == 0);
    auto alan = person_id(f.store(), "alan@hill.org");  // a custom Registrar: reports.view, no settings
    CHECK(must(export_json(f.store(), alan)).size() == file.size());
    auto out = export_json(f.store(), plain);
    REQUIRE_FALSE(out);
    CHECK(out.error().message ==
          "Paul Plain may not export the organisation. Only people who can download reports can "
          "do this: Owner or Admin.");
    CHECK(f.bytes() == before);
    // Into an empty database anyone may restore: nobody acts there yet.
    auto s = empty_store(5);
    CHECK(must(import_json(*s, 0, "hill.json", file)).into_empty);
}
