// Smart groups in the Grove file (F34; core/exchange/, docs/exchange-format.md): a group's rule, in its stored form
// (records named by uid), and its pins and exclusions are exported, restored and merged like other records.
// These tests write the rows of migration 5 straight into the tables, so they test the file and the merge alone.
#include <algorithm>
#include <doctest/doctest.h>
#include <string>

#include "exchange/learning_rows.h"

using namespace grove;
using namespace grove::testing;

namespace {

std::string uid_where(Store& s, const std::string& table, const std::string& column, const std::string& value) {
    auto st = s.db().prepare_once("SELECT uid FROM " + table + " WHERE " + column + " = ?");
    st->bind(1, value);
    REQUIRE(st->step());
    return st->col_text(0);
}

std::string q(const std::string& uid) { return "\"" + uid + "\""; }

// A rule reading a field, a department (with its subtree), a course and another group, as the engine stores it.
std::string teachers_rule(Store& s) {
    return "field " + q(uid_where(s, "fields", "name", "Job Title")) +
           " contains \"teacher\" and department is under " + q(uid_where(s, "departments", "slug", "science")) +
           " or course " + q(uid_where(s, "courses", "slug", "algebra")) + " is enrolled and group " +
           q(uid_where(s, "groups", "slug", "class-9a")) + " has member";
}

void set_rule_row(Store& s, Id group, const std::string& rule, Id by) {
    const std::int64_t now = s.now();
    auto st = s.db().prepare_once(
        "INSERT INTO smart_rules (group_id, uid, rule, set_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (group_id) DO UPDATE SET rule = excluded.rule, set_by = excluded.set_by, "
        "updated_at = excluded.updated_at");
    st->bind_all(group, s.new_uid(), rule, by, now, now);
    st->run();
}

void clear_rule_row(Store& s, Id group) {
    auto a = s.db().prepare_once("DELETE FROM smart_exceptions WHERE group_id = ?");
    a->bind(1, group);
    a->run();
    auto b = s.db().prepare_once("DELETE FROM smart_rules WHERE group_id = ?");
    b->bind(1, group);
    b->run();
}

void exception_row(Store& s, Id group, Id user, const std::string& kind, const std::string& reason, Id by) {
    const std::int64_t now = s.now();
    rows::insert(s,
                 "INSERT INTO smart_exceptions (uid, group_id, user_id, kind, reason, by_id, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 s.new_uid(), group, user, kind, reason, by, now, now);
}

void remove_exception_row(Store& s, Id group, Id user) {
    auto st = s.db().prepare_once("DELETE FROM smart_exceptions WHERE group_id = ? AND user_id = ?");
    st->bind_all(group, user);
    st->run();
}

std::string rule_row(Store& s, const std::string& group_slug) {
    auto st =
        s.db().prepare_once("SELECT r.rule FROM smart_rules r JOIN groups g ON g.id = r.group_id WHERE g.slug = ?");
    st->bind(1, group_slug);
    return st->step() ? st->col_text(0) : std::string("(none)");
}

// Every rule and exception with uids for references, in uid order: equal on two databases holding the same.
std::string smart_dump(Store& s) {
    const std::pair<const char*, int> queries[] = {
        {"SELECT r.uid, g.uid, r.rule, quote(u.uid), r.created_at, r.updated_at FROM smart_rules r JOIN groups g ON "
         "g.id = r.group_id LEFT JOIN users u ON u.id = r.set_by ORDER BY r.uid",
         6},
        {"SELECT e.uid, g.uid, u.uid, e.kind, e.reason, quote(b.uid), e.created_at, e.updated_at FROM smart_exceptions "
         "e JOIN groups g ON g.id = e.group_id JOIN users u ON u.id = e.user_id LEFT JOIN users b ON b.id = e.by_id "
         "ORDER BY e.uid",
         8},
    };
    std::string out;
    for (const auto& [sql, columns] : queries) {
        auto st = s.db().prepare_once(sql);
        while (st->step()) {
            for (int c = 0; c < columns; ++c) out += (c ? "|" : "") + st->col_text(c);
            out += "\n";
        }
        out += "--\n";
    }
    return out;
}

// A smart Grade 9 reading a field, a department, a course and a group; Alan pinned (with a reason), Grace
// excluded (without), the rule set by Ada, who since left (set_by and by become none).
void build_smart(Store& s) {
    build_learning(s);
    const Id grade9 = group_id(s, "grade-9");
    const Id owner = owner_of(s);
    set_rule_row(s, grade9, teachers_rule(s), owner);
    exception_row(s, grade9, person_id(s, "alan@hill.org"), "pin", "covers for \"Ms\" Ray", owner);
    exception_row(s, grade9, person_id(s, "grace@hill.org"), "exclude", "", person_id(s, "ada@hill.org"));
}

struct SmartPlanners {
    Fixture origin;
    std::unique_ptr<Store> a, b;
    SmartPlanners() {
        build_rich(origin);
        build_smart(origin.store());
        std::string start = exported(origin.store());
        a = restored(start, 101);
        b = restored(start, 202);
    }
};

std::vector<std::string> conflict_lines(const ImportPlan& plan) {
    std::vector<std::string> out;
    for (const auto& c : plan.conflicts) out.push_back(conflict_text(c));
    return out;
}

bool has_change(const ImportPlan& plan, const std::string& line) {
    return std::find(plan.changes.begin(), plan.changes.end(), line) != plan.changes.end();
}

}  // namespace

TEST_CASE("a smart group's rule, pins and exclusions survive an export and a restore, uids and all") {
    Fixture f;
    build_rich(f);
    build_smart(f.store());
    const std::string file = exported(f.store());
    CHECK(contains(file, "\"version\": 3,"));
    // After the digest choices (a rule reads groups and courses, which come before it), before the audit log.
    const size_t choices = file.find("\"digest_choices\": ["), rules = file.find("\"smart_rules\": ["),
                 exceptions = file.find("\"smart_exceptions\": ["), audit = file.find("\"audit\": [");
    REQUIRE(rules != std::string::npos);
    REQUIRE(exceptions != std::string::npos);
    CHECK(choices < rules);
    CHECK(rules < exceptions);
    CHECK(exceptions < audit);
    CHECK(contains(file, "\"rule\": \"field \\\"" + uid_where(f.store(), "fields", "name", "Job Title") +
                             "\\\" contains \\\"teacher\\\" and department is under"));
    CHECK(contains(file, "\"kind\": \"pin\", \"reason\": \"covers for \\\"Ms\\\" Ray\""));

    auto s = empty_store(7);
    auto plan = must(import_json(*s, 0, "hill.json", file));
    CHECK(has_change(plan, "add 1 smart rule"));
    CHECK(has_change(plan, "add 2 pins and exclusions"));
    CHECK(smart_dump(*s) == smart_dump(f.store()));
    // Row IDs differ between the databases; the stored form names records by uid, so the rule is the same text.
    CHECK(rule_row(*s, "grade-9") == teachers_rule(f.store()));
    CHECK(rule_row(*s, "grade-9") == teachers_rule(*s));
    CHECK(exported(*s) == file);
}

TEST_CASE("a file of version 2, from before smart groups, still restores") {
    Fixture f;
    build_rich(f);
    build_learning(f.store());
    std::string file = exported(f.store());
    file.replace(file.find("\"version\": 3"), 12, "\"version\": 2");
    for (const char* section : {"smart_rules", "smart_exceptions"}) {
        std::string empty = "  \"" + std::string(section) + "\": [],\n";
        size_t at = file.find(empty);
        REQUIRE(at != std::string::npos);
        file.erase(at, empty.size());
    }
    CHECK_FALSE(contains(file, "smart"));
    auto s = empty_store(8);
    must(import_json(*s, 0, "old.json", file));
    CHECK(exported(*s) == exported(f.store()));
}

TEST_CASE("the reader refuses a rule naming a record that is not in the file, or a second rule for a group") {
    Fixture f;
    build_rich(f);
    build_smart(f.store());
    const std::string file = exported(f.store());
    const std::string science = uid_where(f.store(), "departments", "slug", "science");
    const std::string rule_uid =
        uid_where(f.store(), "smart_rules", "group_id", std::to_string(group_id(f.store(), "grade-9")));
    auto s = empty_store(9);
    const auto before = s->db().serialize();

    std::string unknown = file;
    const size_t at = unknown.find(science, unknown.find("\"smart_rules\": ["));
    REQUIRE(at != std::string::npos);
    unknown.replace(at, 32, std::string(32, 'e'));
    const size_t line = 1 + static_cast<size_t>(std::count(unknown.begin(), unknown.begin() + at, '\n'));
    auto r = import_json(*s, 0, "bad.json", unknown);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "bad.json:" + std::to_string(line) + ": the smart rule " + rule_uid +
                                   " reads the department " + std::string(32, 'e') +
                                   ", which is not in the file before it");
    CHECK(s->db().serialize() == before);

    std::string bad_kind = file;
    bad_kind.replace(bad_kind.find("\"kind\": \"pin\""), 13, "\"kind\": \"keep\"");
    auto k = import_json(*s, 0, "bad.json", bad_kind);
    REQUIRE_FALSE(k);
    CHECK(contains(k.error().message, "'kind' must be one of pin, exclude, not 'keep'"));
    CHECK(s->db().serialize() == before);
}

TEST_CASE("the same rule edited on both sides is a conflict, shown with names; either side can be kept") {
    SmartPlanners p;
    const Id grade9_a = group_id(*p.a, "grade-9"), grade9_b = group_id(*p.b, "grade-9");
    const std::string arts = q(uid_where(*p.a, "departments", "slug", "arts"));
    set_rule_row(*p.a, grade9_a, "department is " + arts, owner_of(*p.a));
    set_rule_row(*p.b, grade9_b, "status is active", owner_of(*p.b));
    const std::string from_b = exported(*p.b);

    auto refused = import_json(*p.a, owner_of(*p.a), "b.json", from_b);
    REQUIRE_FALSE(refused);
    auto plan = must(plan_import(*p.a, owner_of(*p.a), "b.json", from_b));
    CHECK(conflict_lines(plan) ==
          std::vector<std::string>{"smart rule Grade 9: rule is 'department is \"Arts\"' here and 'status is "
                                   "active' in the file"});
    merge_into(*p.a, from_b, {.prefer = Side::kTheirs});
    CHECK(rule_row(*p.a, "grade-9") == "status is active");
    // The other planner, keeping its own side, ends alike.
    merge_into(*p.b, exported(*p.a), {.prefer = Side::kOurs});
    CHECK(rule_row(*p.b, "grade-9") == "status is active");
    exchange_again(*p.a, *p.b);
    CHECK(exported(*p.a) == exported(*p.b));
}

TEST_CASE("one side edits the rule while the other pins and unexcludes: both arrive, with no conflict") {
    SmartPlanners p;
    const Id grade9_a = group_id(*p.a, "grade-9"), grade9_b = group_id(*p.b, "grade-9");
    set_rule_row(*p.a, grade9_a, "status is active", owner_of(*p.a));
    exception_row(*p.b, grade9_b, person_id(*p.b, "newbie@hill.org"), "pin", "new this term", owner_of(*p.b));
    remove_exception_row(*p.b, grade9_b, person_id(*p.b, "grace@hill.org"));
    remove_exception_row(*p.b, grade9_b, person_id(*p.b, "alan@hill.org"));
    exception_row(*p.b, grade9_b, person_id(*p.b, "alan@hill.org"), "exclude", "moved", owner_of(*p.b));

    auto plan = merge_into(*p.a, exported(*p.b));
    CHECK(plan.conflicts.empty());
    CHECK(has_change(plan, "pin <newbie@hill.org> in Grade 9"));
    CHECK(has_change(plan, "unexclude Grace Hopper <grace@hill.org> from Grade 9"));
    CHECK(has_change(plan, "exclude Alan Turing <alan@hill.org> from Grade 9"));
    CHECK(rule_row(*p.a, "grade-9") == "status is active");
    auto to_b = merge_into(*p.b, exported(*p.a));
    CHECK(to_b.conflicts.empty());
    // The stored form, shown with today's names.
    CHECK(has_change(to_b,
                     "change smart rule Grade 9: rule from 'field \"Job Title\" contains \"teacher\" and department is "
                     "under \"Science\" or course \"Algebra\" is enrolled and group \"Class 9A\" has member' to "
                     "'status is active'"));
    CHECK(rule_row(*p.b, "grade-9") == "status is active");
    CHECK(smart_dump(*p.a) == smart_dump(*p.b));
    CHECK(exported(*p.a) == exported(*p.b));
}

TEST_CASE("a rule whose group the other side deleted goes with it; changed, it is a conflict like a membership") {
    SmartPlanners p;
    const Id grade9_a = group_id(*p.a, "grade-9");
    // Unchanged here, deleted there: gone, with its pins and exclusions.
    must(delete_group(*p.b, owner_of(*p.b), group_id(*p.b, "grade-9"), SubgroupFate::kLiftThem));
    {
        auto copy = restored(exported(*p.a), 303);
        auto plan = merge_into(*copy, exported(*p.b));
        CHECK(plan.conflicts.empty());
        CHECK(rows::count(*copy, "smart_rules") == 0);
        CHECK(rows::count(*copy, "smart_exceptions") == 0);
    }
    // Changed here, deleted there: a conflict of its own; keeping the change keeps the group, rule and exceptions.
    set_rule_row(*p.a, grade9_a, "status is invited", owner_of(*p.a));
    auto plan = must(plan_import(*p.a, owner_of(*p.a), "b.json", exported(*p.b)));
    const auto lines = conflict_lines(plan);
    CHECK(std::find(lines.begin(), lines.end(),
                    "smart rule Grade 9: changed: rule status is invited here, deleted in the file") != lines.end());
    // Keeping the change does not keep the group (unchanged here, so its deletion stands): the rule goes with it.
    merge_into(*p.a, exported(*p.b), {.prefer = Side::kOurs});
    CHECK_FALSE(find_group_by_slug(*p.a, "grade-9"));
    CHECK(rows::count(*p.a, "smart_rules") == 0);

    // A group kept against its deletion keeps its rule, pins and exclusions, as it keeps its members.
    SmartPlanners k;
    must(edit_group(*k.a, owner_of(*k.a), group_id(*k.a, "grade-9"), {.description = "Kept"}));
    must(delete_group(*k.b, owner_of(*k.b), group_id(*k.b, "grade-9"), SubgroupFate::kLiftThem));
    merge_into(*k.a, exported(*k.b), {.prefer = Side::kOurs});
    CHECK(rule_row(*k.a, "grade-9") == teachers_rule(*k.a));
    CHECK(rows::count(*k.a, "smart_exceptions") == 2);
    merge_into(*k.b, exported(*k.a), {.prefer = Side::kTheirs});
    CHECK(smart_dump(*k.b) == smart_dump(*k.a));
}

TEST_CASE("a rule cleared on one side takes the other side's new pins with it") {
    SmartPlanners p;
    clear_rule_row(*p.a, group_id(*p.a, "grade-9"));
    exception_row(*p.b, group_id(*p.b, "grade-9"), person_id(*p.b, "newbie@hill.org"), "pin", "", owner_of(*p.b));
    auto plan = merge_into(*p.a, exported(*p.b));
    CHECK(plan.conflicts.empty());
    CHECK(rows::count(*p.a, "smart_rules") == 0);
    CHECK(rows::count(*p.a, "smart_exceptions") == 0);
    auto to_b = merge_into(*p.b, exported(*p.a));
    CHECK(has_change(to_b, "clear the rule of Grade 9"));
    CHECK(rows::count(*p.b, "smart_exceptions") == 0);
    CHECK(exported(*p.a) == exported(*p.b));
}

TEST_CASE("the same group made smart on both sides is one rule: equal, it merges; different, it is a conflict") {
    SmartPlanners p;
    const Id class_a = group_id(*p.a, "class-9a"), class_b = group_id(*p.b, "class-9a");
    set_rule_row(*p.a, class_a, "status is active", owner_of(*p.a));
    set_rule_row(*p.b, class_b, "status is active", owner_of(*p.b));
    auto plan = merge_into(*p.a, exported(*p.b));
    CHECK(plan.conflicts.empty());
    CHECK(rows::count(*p.a, "smart_rules") == 2);
    merge_into(*p.b, exported(*p.a));
    CHECK(smart_dump(*p.a) == smart_dump(*p.b));

    SmartPlanners r;
    set_rule_row(*r.a, group_id(*r.a, "class-9a"), "status is active", owner_of(*r.a));
    set_rule_row(*r.b, group_id(*r.b, "class-9a"), "status is invited", owner_of(*r.b));
    auto conflicted = must(plan_import(*r.a, owner_of(*r.a), "b.json", exported(*r.b)));
    CHECK(conflict_lines(conflicted) ==
          std::vector<std::string>{
              "smart rule Class 9A: rule is 'status is active' here and 'status is invited' in the file"});
}

TEST_CASE("a merge that would leave a rule reading a deleted record, or rules reading each other, is refused") {
    SmartPlanners p;
    const std::string arts = q(uid_where(*p.a, "departments", "slug", "arts"));
    set_rule_row(*p.a, group_id(*p.a, "class-9a"), "department is " + arts, owner_of(*p.a));
    must(delete_department(*p.b, owner_of(*p.b), department_id(*p.b, "arts")));
    const auto before = p.a->db().serialize();
    auto r = import_json(*p.a, owner_of(*p.a), "b.json", exported(*p.b));
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "b.json: after merging, the rule of Class 9A would read the department Arts, which the merge removes (it is "
          "deleted on one side); change the rule on either side and import again.");
    CHECK(p.a->db().serialize() == before);

    SmartPlanners c;
    const std::string grade9 = q(uid_where(*c.a, "groups", "slug", "grade-9"));
    const std::string class9a = q(uid_where(*c.a, "groups", "slug", "class-9a"));
    set_rule_row(*c.a, group_id(*c.a, "grade-9"), "group " + class9a + " has member", owner_of(*c.a));
    set_rule_row(*c.b, group_id(*c.b, "class-9a"), "group " + grade9 + " has member", owner_of(*c.b));
    // Grade 9's rule was edited only on a, Class 9A's made only on b: each alone is fine, together a circle.
    auto circle = import_json(*c.a, owner_of(*c.a), "b.json", exported(*c.b));
    REQUIRE_FALSE(circle);
    const std::string tail = "); change one of the rules on either side and import again.";
    const std::string head = "b.json: after merging, the rules of smart groups would read each other in a circle (";
    CHECK((circle.error().message == head + "Class 9A reads Grade 9 reads Class 9A" + tail ||
           circle.error().message == head + "Grade 9 reads Class 9A reads Grade 9" + tail));
}
