// Smart groups in the Grove file (F34; core/exchange/, docs/exchange-format.md): a group's rule, in its stored form
// (records named by uid), and its pins and exclusions are exported, restored and merged like other records.
// Rules, pins and exclusions are made through the rule engine's commands (core/rules/smart.h), which keep the
// members in step; a restore or a merge brings the rows, and the engine re-evaluates what they changed.
#include <algorithm>
#include <doctest/doctest.h>
#include <string>

#include "core/rules/smart.h"
#include "exchange/learning_rows.h"

using namespace grove;
using namespace grove::testing;

namespace {

// A rule reading a field, a department (with its subtree), a course and another group.
constexpr const char* kTeachers =
    "field \"Job Title\" contains \"teacher\" and department is under \"Science\" or course \"Algebra\" is enrolled "
    "or group \"Class 9A\" has member";

std::string uid_where(Store& s, const std::string& table, const std::string& column, const std::string& value) {
    auto st = s.db().prepare_once("SELECT uid FROM " + table + " WHERE " + column + " = ?");
    st->bind(1, value);
    REQUIRE(st->step());
    return st->col_text(0);
}

// The rule as people read it, or "(none)".
std::string rule_of(Store& s, const std::string& slug) {
    auto r = smart_rule(s, group_id(s, slug));
    return r ? r->text : "(none)";
}

std::string stored_rule_of(Store& s, const std::string& slug) {
    auto r = smart_rule(s, group_id(s, slug));
    return r ? r->stored : "(none)";
}

// "pin alan@hill.org covers for Ms Ray by Owner Name" for each, in name order.
std::vector<std::string> exceptions_of(Store& s, const std::string& slug) {
    std::vector<std::string> out;
    for (const auto& e : rule_exceptions(s, group_id(s, slug)))
        out.push_back(std::string(e.kind == RuleException::kPin ? "pin " : "exclude ") + e.email + " " + e.reason +
                      " by " + e.by_name);
    return out;
}

// Each member's email and role, by email.
std::vector<std::string> members_of(Store& s, const std::string& slug) {
    std::vector<std::string> out;
    auto st = s.db().prepare_once(
        "SELECT u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id JOIN groups g ON g.id = "
        "m.group_id WHERE g.slug = ? ORDER BY u.email");
    st->bind(1, slug);
    while (st->step()) out.push_back(st->col_text(0) + " " + st->col_text(1));
    return out;
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

// A smart Teachers group with kTeachers: Grace (Teacher in Biology, under Science), Alan (Science, enrolled in
// Algebra, in Class 9A) and Jo (enrolled in Algebra) match, and Lee (in Class 9A); Jo is excluded by Ada, and
// Newbie, who does not match, pinned with a reason that needs escaping.
void build_smart(Store& s) {
    build_learning(s);
    const Id owner = owner_of(s);
    const Id teachers = must(create_group(s, owner, {"Teachers", "", std::nullopt, {}, std::nullopt})).id;
    must(set_rule(s, owner, teachers, kTeachers));
    must(pin_people(s, owner, teachers, {person_id(s, "newbie@hill.org")}, "covers for \"Ms\" Ray"));
    must(exclude_people(s, person_id(s, "ada@hill.org"), teachers, {person_id(s, "joiner@hill.org")}));
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
    Id owner_a() { return owner_of(*a); }
    Id owner_b() { return owner_of(*b); }
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

TEST_CASE("a smart group's rule, pins, exclusions and members survive an export and a restore into a fresh store") {
    Fixture f;
    build_rich(f);
    build_smart(f.store());
    Store& origin = f.store();
    const std::vector<std::string> members = {"alan@hill.org member", "grace@hill.org member", "leaver@hill.org member",
                                              "newbie@hill.org member"};
    REQUIRE(members_of(origin, "teachers") == members);
    const std::string file = exported(origin);
    CHECK(contains(file, "\"version\": 5,"));
    // After the digest choices (a rule reads groups and courses, which come before it), before the audit log.
    const size_t choices = file.find("\"digest_choices\": ["), rules = file.find("\"smart_rules\": ["),
                 exceptions = file.find("\"smart_exceptions\": ["), audit = file.find("\"audit\": [");
    REQUIRE(rules != std::string::npos);
    REQUIRE(exceptions != std::string::npos);
    CHECK(choices < rules);
    CHECK(rules < exceptions);
    CHECK(exceptions < audit);
    // The stored form: records by uid, never by name.
    CHECK(contains(file, "\"rule\": \"field \\\"" + uid_where(origin, "fields", "name", "Job Title") +
                             "\\\" contains \\\"teacher\\\" and department is under \\\"" +
                             uid_where(origin, "departments", "slug", "science") + "\\\""));
    CHECK(contains(file, "\"kind\": \"pin\", \"reason\": \"covers for \\\"Ms\\\" Ray\""));

    auto s = empty_store(7);
    auto plan = must(import_json(*s, 0, "hill.json", file));
    CHECK(has_change(plan, "add 1 smart rule"));
    CHECK(has_change(plan, "add 2 pins and exclusions"));
    // Row IDs differ between the databases; the rule is the same text, read and stored.
    CHECK(rule_of(*s, "teachers") == kTeachers);
    CHECK(stored_rule_of(*s, "teachers") == stored_rule_of(origin, "teachers"));
    CHECK(exceptions_of(*s, "teachers") == exceptions_of(origin, "teachers"));
    CHECK(exceptions_of(*s, "teachers") ==
          std::vector<std::string>{"exclude joiner@hill.org  by Ada Lovelace",
                                   "pin newbie@hill.org covers for \"Ms\" Ray by " + user_name(origin, f.owner)});
    CHECK(members_of(*s, "teachers") == members);
    CHECK(smart_dump(*s) == smart_dump(origin));
    // The restored copy's rules hold: nothing for the engine to change, and the same file again.
    CHECK(exported(*s) == file);
    // And they keep working there: Alan leaves Science, Algebra and Class 9A, and so the group.
    const Id alan = person_id(*s, "alan@hill.org");
    must(remove_member(*s, owner_of(*s), group_id(*s, "class-9a"), alan));
    must(edit_user(*s, owner_of(*s), alan, {.department_id = std::make_optional(std::optional<Id>())}));
    auto unenrol = s->db().prepare_once("DELETE FROM enrolments WHERE user_id = ?");
    unenrol->bind(1, alan);
    unenrol->run();
    must(edit_user(*s, owner_of(*s), alan, {.first_name = "Al"}));
    CHECK(members_of(*s, "teachers") ==
          std::vector<std::string>{"grace@hill.org member", "leaver@hill.org member", "newbie@hill.org member"});
}

TEST_CASE("a file of version 2, from before smart groups, still restores") {
    Fixture f;
    build_rich(f);
    build_learning(f.store());
    std::string file = exported(f.store());
    file.replace(file.find("\"version\": 5"), 12, "\"version\": 2");
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

TEST_CASE("the reader refuses a rule naming a record that is not in the file, and an exception of a bad kind") {
    Fixture f;
    build_rich(f);
    build_smart(f.store());
    const std::string file = exported(f.store());
    const std::string science = uid_where(f.store(), "departments", "slug", "science");
    const std::string rule_uid =
        uid_where(f.store(), "smart_rules", "group_id", std::to_string(group_id(f.store(), "teachers")));
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
    must(set_rule(*p.a, p.owner_a(), group_id(*p.a, "teachers"), "department is \"Arts\""));
    must(set_rule(*p.b, p.owner_b(), group_id(*p.b, "teachers"), "status is invited"));
    const std::string from_b = exported(*p.b);

    const auto before = p.a->db().serialize();
    REQUIRE_FALSE(import_json(*p.a, p.owner_a(), "b.json", from_b));
    CHECK(p.a->db().serialize() == before);
    auto plan = must(plan_import(*p.a, p.owner_a(), "b.json", from_b));
    const auto lines = conflict_lines(plan);
    CHECK(std::find(lines.begin(), lines.end(),
                    "smart rule Teachers: rule is 'department is \"Arts\"' here and 'status is invited' in the "
                    "file") != lines.end());
    merge_into(*p.a, from_b, {.prefer = Side::kTheirs});
    CHECK(rule_of(*p.a, "teachers") == "status is invited");
    // The rule applies to the merged organisation: invited Newbie is pinned anyway, Jo (active) is not invited.
    CHECK(members_of(*p.a, "teachers") == std::vector<std::string>{"newbie@hill.org member"});
    // The other planner, keeping its own side, ends alike.
    merge_into(*p.b, exported(*p.a), {.prefer = Side::kOurs});
    CHECK(rule_of(*p.b, "teachers") == "status is invited");
    CHECK(members_of(*p.b, "teachers") == members_of(*p.a, "teachers"));
    CHECK(smart_dump(*p.a) == smart_dump(*p.b));
}

TEST_CASE("one side edits the rule while the other pins and unexcludes: both arrive, with no conflict") {
    SmartPlanners p;
    must(set_rule(*p.a, p.owner_a(), group_id(*p.a, "teachers"), "department is under \"Science\""));
    const Id teachers_b = group_id(*p.b, "teachers");
    must(pin_people(*p.b, p.owner_b(), teachers_b, {person_id(*p.b, "ada@hill.org")}, "new this term"));
    must(unexclude_people(*p.b, p.owner_b(), teachers_b, {person_id(*p.b, "joiner@hill.org")}));

    auto plan = merge_into(*p.a, exported(*p.b));
    CHECK(plan.conflicts.empty());
    CHECK(has_change(plan, "pin Ada Lovelace <ada@hill.org> in Teachers"));
    CHECK(has_change(plan, "unexclude Jo Iner <joiner@hill.org> from Teachers"));
    CHECK(rule_of(*p.a, "teachers") == "department is under \"Science\"");
    // Science's people (Grace, Alan) by the new rule, Newbie and Ada pinned; Jo, no longer excluded, does not match.
    const std::vector<std::string> members = {"ada@hill.org member", "alan@hill.org member", "grace@hill.org member",
                                              "newbie@hill.org member"};
    CHECK(members_of(*p.a, "teachers") == members);
    CHECK(exceptions_of(*p.a, "teachers").size() == 2);

    auto to_b = merge_into(*p.b, exported(*p.a));
    CHECK(to_b.conflicts.empty());
    // The stored form, shown with today's names.
    CHECK(has_change(to_b, "change smart rule Teachers: rule from '" + std::string(kTeachers) +
                               "' to 'department is under \"Science\"'"));
    CHECK(rule_of(*p.b, "teachers") == "department is under \"Science\"");
    CHECK(members_of(*p.b, "teachers") == members);
    CHECK(smart_dump(*p.a) == smart_dump(*p.b));
}

TEST_CASE("a rule whose group the other side deleted goes with it; a group kept against its deletion keeps it") {
    SmartPlanners p;
    must(delete_group(*p.b, p.owner_b(), group_id(*p.b, "teachers"), SubgroupFate::kLiftThem));
    {
        // Unchanged here, deleted there: gone, with its pins and exclusions.
        auto copy = restored(exported(*p.a), 303);
        auto plan = merge_into(*copy, exported(*p.b));
        CHECK(plan.conflicts.empty());
        CHECK(rows::count(*copy, "smart_rules") == 0);
        CHECK(rows::count(*copy, "smart_exceptions") == 0);
    }
    // Changed here, deleted there: a conflict of its own, as a membership's; keeping the change does not keep the
    // group (unchanged here, so its deletion stands), and the rule goes with it.
    must(set_rule(*p.a, p.owner_a(), group_id(*p.a, "teachers"), "status is invited"));
    auto plan = must(plan_import(*p.a, p.owner_a(), "b.json", exported(*p.b)));
    const auto lines = conflict_lines(plan);
    CHECK(std::find(lines.begin(), lines.end(),
                    "smart rule Teachers: changed: rule status is invited here, deleted in the file") != lines.end());
    {
        auto copy = restored(exported(*p.a), 304);
        merge_into(*copy, exported(*p.b), {.prefer = Side::kOurs});
        CHECK_FALSE(find_group_by_slug(*copy, "teachers"));
        CHECK(rows::count(*copy, "smart_rules") == 0);
    }

    // A group kept against its deletion keeps its rule, pins and exclusions, as it keeps its members.
    SmartPlanners k;
    must(edit_group(*k.a, k.owner_a(), group_id(*k.a, "teachers"), {.description = "Kept"}));
    must(delete_group(*k.b, k.owner_b(), group_id(*k.b, "teachers"), SubgroupFate::kLiftThem));
    merge_into(*k.a, exported(*k.b), {.prefer = Side::kOurs});
    CHECK(rule_of(*k.a, "teachers") == kTeachers);
    CHECK(exceptions_of(*k.a, "teachers").size() == 2);
    merge_into(*k.b, exported(*k.a), {.prefer = Side::kTheirs});
    CHECK(rule_of(*k.b, "teachers") == kTeachers);
    CHECK(members_of(*k.b, "teachers") == members_of(*k.a, "teachers"));
    CHECK(smart_dump(*k.b) == smart_dump(*k.a));
}

TEST_CASE("a rule cleared on one side takes the other side's new pins with it") {
    SmartPlanners p;
    must(clear_rule(*p.a, p.owner_a(), group_id(*p.a, "teachers")));
    must(pin_people(*p.b, p.owner_b(), group_id(*p.b, "teachers"), {person_id(*p.b, "ada@hill.org")}));
    auto plan = merge_into(*p.a, exported(*p.b));
    CHECK(plan.conflicts.empty());
    CHECK(rule_of(*p.a, "teachers") == "(none)");
    CHECK(rows::count(*p.a, "smart_exceptions") == 0);
    auto to_b = merge_into(*p.b, exported(*p.a));
    CHECK(has_change(to_b, "clear the rule of Teachers"));
    CHECK(rows::count(*p.b, "smart_exceptions") == 0);
    CHECK(members_of(*p.a, "teachers") == members_of(*p.b, "teachers"));
    CHECK(smart_dump(*p.a) == smart_dump(*p.b));
}

TEST_CASE("the same group made smart on both sides is one rule: equal, it merges; different, it is a conflict") {
    SmartPlanners p;
    must(set_rule(*p.a, p.owner_a(), group_id(*p.a, "class-9a"), "status is active"));
    must(set_rule(*p.b, p.owner_b(), group_id(*p.b, "class-9a"), "status is active"));
    auto plan = merge_into(*p.a, exported(*p.b));
    CHECK(plan.conflicts.empty());
    CHECK(rows::count(*p.a, "smart_rules") == 2);
    merge_into(*p.b, exported(*p.a));
    CHECK(smart_dump(*p.a) == smart_dump(*p.b));
    CHECK(members_of(*p.a, "class-9a") == members_of(*p.b, "class-9a"));

    SmartPlanners r;
    must(set_rule(*r.a, r.owner_a(), group_id(*r.a, "class-9a"), "status is active"));
    must(set_rule(*r.b, r.owner_b(), group_id(*r.b, "class-9a"), "status is invited"));
    auto conflicted = must(plan_import(*r.a, r.owner_a(), "b.json", exported(*r.b)));
    const auto lines = conflict_lines(conflicted);
    CHECK(std::find(lines.begin(), lines.end(),
                    "smart rule Class 9A: rule is 'status is active' here and 'status is invited' in the file") !=
          lines.end());
}

TEST_CASE("a merge that would leave a rule reading a deleted record, or rules reading each other, is refused") {
    SmartPlanners p;
    must(set_rule(*p.a, p.owner_a(), group_id(*p.a, "class-9a"), "department is \"Arts\""));
    must(delete_department(*p.b, p.owner_b(), department_id(*p.b, "arts")));
    const auto before = p.a->db().serialize();
    auto r = import_json(*p.a, p.owner_a(), "b.json", exported(*p.b));
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "b.json: after merging, the rule of Class 9A would read the department Arts, which the merge removes (it is "
          "deleted on one side); change the rule on either side and import again.");
    CHECK(p.a->db().serialize() == before);

    // Each side's new rule alone is fine; together they read each other.
    SmartPlanners c;
    must(set_rule(*c.a, c.owner_a(), group_id(*c.a, "grade-9"), "group \"Class 9A\" has member"));
    must(set_rule(*c.b, c.owner_b(), group_id(*c.b, "class-9a"), "group \"Grade 9\" has member"));
    auto circle = import_json(*c.a, c.owner_a(), "b.json", exported(*c.b));
    REQUIRE_FALSE(circle);
    const std::string head = "b.json: after merging, the rules of smart groups would read each other in a circle (";
    const std::string tail = "); change one of the rules on either side and import again.";
    CHECK((circle.error().message == head + "Class 9A reads Grade 9 reads Class 9A" + tail ||
           circle.error().message == head + "Grade 9 reads Class 9A reads Grade 9" + tail));
}

TEST_CASE("joins and leaves a merge causes name the merge as their cause") {
    SmartPlanners p;
    // Only A has this smart group; B moves Grace out of Science.
    Id scientists =
        must(create_smart_group(*p.a, p.owner_a(), {"Scientists", "", {}, {}, {}}, "department is under \"Science\""))
            .id;
    const Id grace_a = person_id(*p.a, "grace@hill.org");
    CHECK(must(why_member(*p.a, scientists, grace_a)).in);
    must(edit_user(*p.b, p.owner_b(), person_id(*p.b, "grace@hill.org"), {.department_id = std::optional<Id>{}}));
    merge_into(*p.a, exported(*p.b));
    CHECK_FALSE(must(why_member(*p.a, scientists, grace_a)).in);
    auto q = p.a->db().prepare_once(
        "SELECT summary FROM audit WHERE action = 'rule.leave' AND user_uid = (SELECT uid FROM users WHERE id = ?) "
        "AND group_uid = (SELECT uid FROM groups WHERE id = ?)");
    q->bind(1, grace_a).bind(2, scientists);
    REQUIRE(q->step());
    CHECK(q->col_text(0) ==
          "Grace Hopper left Scientists by its rule, after: " + user_name(*p.a, p.owner_a()) + " merged other.json.");
}
