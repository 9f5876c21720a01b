// People's and departments' external IDs in the Grove file (format version 5, issue 13): they travel, merge field by
// field as a group's do, and a version 4 file or a sync base saved before still reads.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

namespace {

void set_person_external(Store& s, Id user, const std::string& system, const std::string& value) {
    auto q = s.db().prepare("INSERT OR REPLACE INTO user_external_ids (user_id, system, value) VALUES (?, ?, ?)");
    q->bind(1, user).bind(2, system).bind(3, value);
    q->run();
}

void set_department_external(Store& s, Id department, const std::string& system, const std::string& value) {
    auto q = s.db().prepare(
        "INSERT OR REPLACE INTO department_external_ids (department_id, system, value) VALUES (?, ?, ?)");
    q->bind(1, department).bind(2, system).bind(3, value);
    q->run();
}

std::string person_external(Store& s, Id user, const std::string& system) {
    auto q = s.db().prepare("SELECT value FROM user_external_ids WHERE user_id = ? AND system = ?");
    q->bind(1, user).bind(2, system);
    return q->step() ? std::string(q->col_text(0)) : std::string("(none)");
}

std::string department_external(Store& s, Id department, const std::string& system) {
    auto q = s.db().prepare("SELECT value FROM department_external_ids WHERE department_id = ? AND system = ?");
    q->bind(1, department).bind(2, system);
    return q->step() ? std::string(q->col_text(0)) : std::string("(none)");
}

// Turns a version 5 file into what a version 4 Grove wrote: no external IDs of people or departments, and the
// sync section's digests of those kinds without their last field.
std::string as_version_4(std::string file) {
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (size_t at = file.find(from); at != std::string::npos; at = file.find(from, at)) {
            file.replace(at, from.size(), to);
            at += to.size();
        }
    };
    replace_all("\"version\": 5", "\"version\": 4");
    replace_all(",\n      \"external_ids\": {}", "");
    return file;
}

}  // namespace

TEST_CASE("people's and departments' external IDs travel in the Grove file and come back on restore") {
    Fixture f;
    build_rich(f);
    Store& s = f.store();
    set_person_external(s, person_id(s, "grace@hill.org"), "oneroster", "u-17");
    set_person_external(s, person_id(s, "grace@hill.org"), "moodle", "ghopper");
    set_department_external(s, department_id(s, "arts"), "oneroster", "org-3");
    const std::string file = exported(s);
    CHECK(contains(file, "\"external_ids\": {\"moodle\": \"ghopper\", \"oneroster\": \"u-17\"}"));
    CHECK(contains(file, "\"external_ids\": {\"oneroster\": \"org-3\"}"));
    CHECK(contains(file, "\"version\": 5"));

    auto copy = restored(file, 7);
    CHECK(person_external(*copy, person_id(*copy, "grace@hill.org"), "oneroster") == "u-17");
    CHECK(person_external(*copy, person_id(*copy, "grace@hill.org"), "moodle") == "ghopper");
    CHECK(person_external(*copy, person_id(*copy, "alan@hill.org"), "oneroster") == "(none)");
    CHECK(department_external(*copy, department_id(*copy, "arts"), "oneroster") == "org-3");
    CHECK(exported(*copy) == file);
}

TEST_CASE("an external ID set on one planner merges into the other; set differently on both, it is a conflict") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    set_person_external(a, person_id(a, "grace@hill.org"), "oneroster", "u-17");
    set_department_external(b, department_id(b, "arts"), "canvas", "acct-2");
    set_person_external(a, person_id(a, "alan@hill.org"), "oneroster", "u-1");
    set_person_external(b, person_id(b, "alan@hill.org"), "oneroster", "u-2");
    auto plan = merge_into(a, exported(b), {.prefer = Side::kTheirs});
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(plan.conflicts[0].label == "Alan Turing <alan@hill.org>");
    CHECK(plan.conflicts[0].ours == "oneroster u-1");
    CHECK(plan.conflicts[0].theirs == "oneroster u-2");
    CHECK(person_external(a, person_id(a, "alan@hill.org"), "oneroster") == "u-2");
    CHECK(person_external(a, person_id(a, "grace@hill.org"), "oneroster") == "u-17");
    CHECK(department_external(a, department_id(a, "arts"), "canvas") == "acct-2");
    merge_into(b, exported(a));
    CHECK(exported(a) == exported(b));
}

TEST_CASE("a version 4 file, without people's external IDs, still merges, and leaves this planner's IDs alone") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    set_person_external(a, person_id(a, "grace@hill.org"), "oneroster", "u-17");
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.first_name = std::string("Al")}));
    const std::string old = as_version_4(exported(b));
    REQUIRE(contains(old, "\"version\": 4"));
    REQUIRE_FALSE(contains(old, "\"external_ids\": {}\n"));
    auto plan = merge_into(a, old);
    CHECK(plan.conflicts.empty());
    CHECK(find_user(a, person_id(a, "alan@hill.org"))->first_name == "Al");
    CHECK(person_external(a, person_id(a, "grace@hill.org"), "oneroster") == "u-17");
}

TEST_CASE("a sync base saved before version 5 reads with the new field, and the next merge finds nothing to do") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    exchange_again(a, b);
    REQUIRE(exported(a) == exported(b));
    // What migration 10 finds in a database from before it: bases of people and departments without the digest of
    // their external IDs, set apart by name as the migration does.
    for (const char* kind : {"person", "department", "merged person", "merged department"}) {
        const int fields = std::string(kind).find("person") != std::string::npos ? 7 : 4;
        const size_t entry = 16 + 8 * static_cast<size_t>(fields);
        auto rows = a.db().prepare("SELECT id, entries FROM sync_base WHERE kind = ?");
        rows->bind(1, std::string(kind));
        std::vector<std::pair<std::int64_t, std::string>> cut;
        while (rows->step()) {
            std::string entries(rows->col_blob_view(1)), shorter;
            REQUIRE(entries.size() % entry == 0);
            for (size_t at = 0; at < entries.size(); at += entry) shorter.append(entries, at, entry - 8);
            cut.emplace_back(rows->col_int(0), shorter);
        }
        for (const auto& row : cut) {
            auto u = a.db().prepare("UPDATE sync_base SET kind = ?, entries = ? WHERE id = ?");
            u->bind(1, std::string(kind) + "@4").bind_blob_view(2, row.second).bind(3, row.first);
            u->run();
        }
        if (std::string(kind) == "person") CHECK_FALSE(cut.empty());
    }
    auto again = must(plan_import(a, p.owner_a(), "b.json", exported(b)));
    CHECK(again.changes.empty());
    CHECK(again.conflicts.empty());
    // A change on the other side after it still merges as a change, not a conflict.
    set_person_external(b, person_id(b, "grace@hill.org"), "oneroster", "u-17");
    merge_into(a, exported(b));
    CHECK(person_external(a, person_id(a, "grace@hill.org"), "oneroster") == "u-17");
}
