// The audit log as a spreadsheet (core/org/audit.cpp): what "Export CSV" and any other export write.
#include <doctest/doctest.h>

#include "../must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

std::vector<AuditEntry> everything(Fixture& f) {
    AuditFilter all;
    all.limit = 0;
    return must(read_audit(f.store(), f.owner, all));
}

}  // namespace

TEST_CASE("the audit CSV has a header and one row per entry, newest first, times in UTC") {
    Fixture f;
    const Id grade9 = f.group("Grade 9");
    const Id ada = f.person("ada@riverside.edu", "Ada", "Lovelace");
    f.join(grade9, ada);
    const std::vector<AuditEntry> entries = everything(f);
    REQUIRE(entries.size() >= 3);

    const CsvTable table = must(read_csv(audit_csv(entries), "audit.csv"));

    REQUIRE(table.rows.size() == entries.size() + 1);
    CHECK(table.rows[0].cells == std::vector<std::string>{"at", "actor", "actor_email", "action", "summary", "group",
                                                          "person", "person_email"});
    const std::vector<std::string>& joined = table.rows[1].cells;  // the newest: Ada joining Grade 9
    REQUIRE(joined.size() == 8);
    CHECK(joined[0] == format_iso_time(entries[0].at));
    CHECK(joined[0].starts_with("2026-01-05T09:"));
    CHECK(joined[0].ends_with("Z"));
    CHECK(joined[1] == "Olive Owner");
    CHECK(joined[2] == "owner@riverside.edu");
    CHECK(joined[3] == entries[0].action);
    CHECK(joined[4] == entries[0].summary);
    CHECK(joined[5] == "Grade 9");
    CHECK(joined[6] == "Ada Lovelace");
    CHECK(joined[7] == "ada@riverside.edu");
}

TEST_CASE("the audit CSV opens in Excel: a byte-order mark, CRLF rows, no cell run as a formula") {
    Fixture f;
    f.group("=HYPERLINK(\"http://x\")");

    const std::string csv = audit_csv(everything(f));

    CHECK(
        csv.starts_with("\xef\xbb\xbf"
                        "at,actor,actor_email,action,summary,group,person,person_email\r\n"));
    CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
}

TEST_CASE("an empty audit log is a header alone") {
    CHECK(audit_csv({}) ==
          "\xef\xbb\xbf"
          "at,actor,actor_email,action,summary,group,person,person_email\r\n");
}
