// Smart groups (core/rules/smart.cpp and the engine): rules applied in the same transaction as what changed
// them, dependency order and cycles, pins and exclusions, reasons, the audit, and refusals.
#include <algorithm>
#include <doctest/doctest.h>

#include "core/storage/transaction.h"
#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

constexpr std::int64_t kDayMs = 86400000;

// The people with role member of a group, by id.
std::vector<Id> members(Store& s, Id group) {
    std::vector<Id> out;
    auto q = s.db().prepare_once("SELECT user_id FROM memberships WHERE group_id = ? AND role = 'member' ORDER BY 1");
    q->bind(1, group);
    while (q->step()) out.push_back(q->col_int(0));
    return out;
}

std::vector<std::string> audit_summaries(Store& s, const std::string& action) {
    std::vector<std::string> out;
    auto q = s.db().prepare_once("SELECT summary FROM audit WHERE action = ? ORDER BY id");
    q->bind(1, action);
    while (q->step()) out.push_back(q->col_text(0));
    return out;
}

struct World : Fixture {
    Id science = department("Science");
    Id physics = department("Physics", science);
    Id maths = department("Maths");
    Id ada = person("ada@s.org", "Ada", "Abbott", physics);
    Id bo = person("bo@s.org", "Bo", "Chen", maths);
    Id cy = person("cy@s.org", "Zoë", "Dart", science);
    Id teachers = group("Teachers");
    World() {
        must(add_field(store(), owner, "Job Title", FieldType::kText));
        must(edit_user(store(), owner, ada, {.fields = {{"Job Title", "Teacher"}}}));
        must(edit_user(store(), owner, bo, {.fields = {{"Job Title", "Lead Teacher"}}}));
        must(edit_user(store(), owner, cy, {.fields = {{"Job Title", "Nurse"}}}));
    }
};

}  // namespace

TEST_CASE("a rule brings in everyone it matches at once, and people leave in the same command that changes them") {
    World w;
    Store& s = w.store();
    auto change = must(set_rule(s, w.owner, w.teachers, R"(field "job title" contains "TEACHER")"));
    CHECK(change.summary() == "2 match: +2 join, -0 leave");
    CHECK(change.join == std::vector<Id>{w.ada, w.bo});
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo});
    CHECK(is_smart(s, w.teachers));
    CHECK(smart_rule(s, w.teachers)->text == R"(field "Job Title" contains "TEACHER")");

    // Bo's title changes: Bo leaves in the same command; the audit names the rule's group and the cause.
    must(edit_user(s, w.owner, w.bo, {.fields = {{"Job Title", "Principal"}}}));
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada});
    auto leaves = audit_summaries(s, "rule.leave");
    REQUIRE(leaves.size() == 1);
    INFO(leaves[0]);
    CHECK(leaves[0].starts_with("Bo Chen left Teachers by its rule, after: Olive Owner edited Bo Chen"));
    // Both joining at once are one entry for the group, listing each of them (audit.h).
    auto joins = audit_summaries(s, "rule.join");
    REQUIRE(joins.size() == 1);
    CHECK(joins[0].starts_with("2 people joined Teachers, after: Olive Owner set the rule of Teachers"));

    // A new person who matches joins as they are added.
    Id dee =
        must(add_user(s, w.owner, {"dee@s.org", "Dee", "Eve", std::nullopt, {{"Job Title", "Teacher of Art"}}})).id;
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, dee});
    CHECK(rule_members_from_scratch(s, w.teachers) == members(s, w.teachers));
}

TEST_CASE("the preview changes nothing and says who would join and leave") {
    World w;
    Store& s = w.store();
    w.join(w.teachers, w.cy);
    const auto before = w.bytes();
    auto preview = must(preview_rule(s, w.teachers, R"(department is under "science")"));
    CHECK(preview.summary() == "2 match: +1 join, -0 leave");  // Ada (Physics) joins; Zoë (Science) is in already
    CHECK(preview.join == std::vector<Id>{w.ada});
    auto other = must(preview_rule(s, w.teachers, R"(department is "Maths")"));
    CHECK(other.summary() == "1 match: +1 join, -1 leave");
    CHECK(other.leave == std::vector<Id>{w.cy});
    CHECK(must(count_matches(s, R"(first name is "zoe" or last name starts with "ch")")) == 2);
    CHECK(w.bytes() == before);

    auto bad = count_matches(s, R"(email contains)");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::kBadValue);
    CHECK(bad.error().message.starts_with("rule:1:"));
}

TEST_CASE("everyone's fields are read whichever way suits the rule, with the same answers") {
    // Five fields: a rule reading one of them reads by the index of that field, one reading two or more reads
    // every person's row in turn (Engine::load). 150 people, enough for the table of places by id.
    World w;
    Store& s = w.store();
    must(add_field(s, w.owner, "Campus", FieldType::kText));
    must(add_field(s, w.owner, "Grade", FieldType::kNumber));
    must(add_field(s, w.owner, "Shift", FieldType::kText));
    must(add_field(s, w.owner, "Badge", FieldType::kText));
    int east = 0, east_and_senior = 0, senior_or_night = 0;
    for (int i = 0; i < 150; ++i) {
        NewUser u{"p" + std::to_string(i) + "@s.org", "P" + std::to_string(i), "Person", std::nullopt, {}};
        const bool is_east = i % 3 == 0, senior = i % 5 >= 2, night = i % 7 == 0;
        if (i % 4 != 1) u.fields.emplace_back("Campus", is_east ? "East" : "West");  // some have no campus
        u.fields.emplace_back("Grade", std::to_string(i % 5 + 6));
        if (night) u.fields.emplace_back("Shift", "Night");
        u.fields.emplace_back("Badge", "B" + std::to_string(i));
        must(add_user(s, w.owner, u));
        const bool has_east = i % 4 != 1 && is_east;
        east += has_east;
        east_and_senior += has_east && senior;
        senior_or_night += senior || night;
    }
    CHECK(must(count_matches(s, R"(field "Campus" is "East")")) == east);
    CHECK(must(count_matches(s, R"(field "Campus" is "East" and field "Grade" >= 8)")) == east_and_senior);
    CHECK(must(count_matches(s, R"(field "Shift" is "Night" or field "Grade" >= 8)")) == senior_or_night);
    // A smart group by two fields, then one changed for one person: the same members as read afresh.
    must(set_rule(s, w.owner, w.teachers, R"(field "Campus" is "East" and field "Grade" >= 8)"));
    CHECK(static_cast<int>(members(s, w.teachers).size()) == east_and_senior);
    CHECK(rule_members_from_scratch(s, w.teachers) == members(s, w.teachers));
    must(edit_user(s, w.owner, w.ada, {.fields = {{"Campus", "East"}, {"Grade", "9"}}}));
    const std::vector<Id> now = members(s, w.teachers);
    CHECK(std::find(now.begin(), now.end(), w.ada) != now.end());
    CHECK(static_cast<int>(now.size()) == east_and_senior + 1);
    CHECK(rule_members_from_scratch(s, w.teachers) == now);
}

TEST_CASE("departments moved, courses completed and memberships of other groups move people in and out") {
    World w;
    Store& s = w.store();
    Id science_group = w.group("Science staff");
    must(set_rule(s, w.owner, science_group, R"(department is under "Science")"));
    CHECK(members(s, science_group) == std::vector<Id>{w.ada, w.cy});
    // Maths moves under Science: Bo is under Science now.
    must(move_department(s, w.owner, w.maths, w.science));
    CHECK(members(s, science_group) == std::vector<Id>{w.ada, w.bo, w.cy});

    // A rule reading another smart group follows it in the same command, in order.
    Id senior = w.group("Senior science");
    must(set_rule(s, w.owner, senior, R"(group "Science staff" has member and field "Job Title" contains "lead")"));
    CHECK(members(s, senior) == std::vector<Id>{w.bo});
    must(move_department(s, w.owner, w.maths, std::nullopt));
    CHECK(members(s, science_group) == std::vector<Id>{w.ada, w.cy});
    CHECK(members(s, senior).empty());

    // Course status: completing the last step brings a person in.
    Id course = must(create_course(s, w.owner, "Safety")).id;
    Step one = must(add_step(s, w.owner, course, {"Read", StepKind::kLesson}));
    Step two = must(add_step(s, w.owner, course, {"Quiz", StepKind::kQuiz}));
    Id safe = w.group("Safe");
    must(set_rule(s, w.owner, safe, R"(course "Safety" is completed)"));
    Id started = w.group("Started");
    must(set_rule(s, w.owner, started, R"(course "safety" is in progress)"));
    must(enrol(s, w.owner, course, {w.ada, w.bo}));
    CHECK(members(s, safe).empty());
    must(complete_step(s, w.ada, w.ada, one.id, std::nullopt));
    CHECK(members(s, started) == std::vector<Id>{w.ada});
    must(complete_step(s, w.ada, w.ada, two.id, std::nullopt));
    CHECK(members(s, safe) == std::vector<Id>{w.ada});
    CHECK(members(s, started).empty());
    // A new step makes the course incomplete again for everyone enrolled.
    must(add_step(s, w.owner, course, {"Refresher", StepKind::kLesson}));
    CHECK(members(s, safe).empty());
    CHECK(members(s, started) == std::vector<Id>{w.ada});
    for (Id g : {science_group, senior, safe, started}) CHECK(rule_members_from_scratch(s, g) == members(s, g));
}

TEST_CASE("a rule that would read its own group, directly or through others, is refused") {
    World w;
    Store& s = w.store();
    Id a = w.group("A");
    Id b = w.group("B");
    auto self = set_rule(s, w.owner, a, R"(group "A" has member)");
    REQUIRE_FALSE(self);
    CHECK(self.error().code == ErrorCode::kCycle);
    must(set_rule(s, w.owner, a, R"(group "B" has member)"));
    const auto before = w.bytes();
    auto loop = set_rule(s, w.owner, b, R"(email ends with ".org" and group "A" has member)");
    REQUIRE_FALSE(loop);
    CHECK(loop.error().code == ErrorCode::kCycle);
    CHECK(loop.error().message == "The rule of B cannot read A: a group's rule may not depend on the group itself.");
    CHECK(w.bytes() == before);
    CHECK_FALSE(preview_rule(s, b, R"(group "A" has member)"));
}

TEST_CASE("pins and exclusions hold whatever the rule says, each with a reason, and say why") {
    World w;
    Store& s = w.store();
    Id ana = w.person("ana@s.org", "Ana", "Hill");
    w.grant(ana, OrgRole::kAdmin);
    must(set_rule(s, w.owner, w.teachers, R"(field "Job Title" contains "teacher")"));
    CHECK(must(pin_people(s, ana, w.teachers, {w.cy}, "covers for Ms Ray")) == 1);
    CHECK(must(exclude_people(s, ana, w.teachers, {w.bo})) == 1);
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.cy});
    CHECK(must(why_member(s, w.teachers, w.cy)).line() == "in: pinned by Ana Hill: covers for Ms Ray");
    CHECK(must(why_member(s, w.teachers, w.bo)).line() == "out: excluded by Ana Hill");
    CHECK(must(why_member(s, w.teachers, w.ada)).line() == R"(in: field "Job Title" contains "teacher" (Teacher))");
    CHECK(must(why_member(s, w.teachers, ana)).line() ==
          R"(out: field "Job Title" contains "teacher" was false (empty))");
    auto rows = rule_exceptions(s, w.teachers);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].name == "Bo Chen");
    CHECK(rows[0].kind == RuleException::kExclude);
    CHECK(rows[1].reason == "covers for Ms Ray");
    CHECK(rows[1].by_name == "Ana Hill");

    // Pinning an excluded person lifts the exclusion; unpinning leaves them to the rule.
    must(pin_people(s, w.owner, w.teachers, {w.bo}));
    CHECK(rule_exception_map(s, w.teachers).at(w.bo) == RuleException::kPin);
    must(unpin_people(s, w.owner, w.teachers, {w.bo, w.cy}));
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo});
    CHECK(must(unexclude_people(s, w.owner, w.teachers, {w.bo})) == 0);

    // Only smart groups have pins.
    Id manual = w.group("Manual");
    auto refused = pin_people(s, w.owner, manual, {w.ada});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "Manual has no rule: only smart groups have pins and exclusions.");
    CHECK(must(why_member(s, manual, w.ada)).line() == "out: not a member (Manual has no rule)");
}

TEST_CASE("by hand: adding a member the rule does not match needs a pin; removing a rule member needs an exclusion") {
    World w;
    Store& s = w.store();
    must(set_rule(s, w.owner, w.teachers, R"(field "Job Title" contains "teacher")"));
    const auto before = w.bytes();
    auto refused = add_people(s, w.owner, w.teachers, {{w.cy}, {}, GroupRole::kMember});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "Zoë Dart does not match the rule of Teachers: pin them to keep them in.");
    CHECK(w.bytes() == before);
    AddPeople pinned{{w.cy}, {}, GroupRole::kMember};
    pinned.pin = true;
    pinned.pin_reason = "school nurse";
    must(add_people(s, w.owner, w.teachers, pinned));
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo, w.cy});
    CHECK(must(why_member(s, w.teachers, w.cy)).line() == "in: pinned by Olive Owner: school nurse");

    // Staff are added by hand, whatever the rule says, and the rule leaves them alone.
    must(add_people(s, w.owner, w.teachers, {{w.cy}, {}, GroupRole::kMentor}));
    CHECK(must(why_member(s, w.teachers, w.cy)).line() == "in: mentor, added by hand");

    auto remove = remove_member(s, w.owner, w.teachers, w.ada);
    REQUIRE_FALSE(remove);
    CHECK(remove.error().message == "Ada Abbott is in Teachers by its rule: exclude them to keep them out.");
    must(pin_people(s, w.owner, w.teachers, {w.bo}));
    must(remove_member(s, w.owner, w.teachers, w.bo));          // lifts the pin; the rule keeps Bo in
    CHECK(rule_exception_map(s, w.teachers).empty() == false);  // Zoë's pin stays
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo});
}

TEST_CASE("clearing keeps the members as direct ones; copying takes the rule, not the pins") {
    World w;
    Store& s = w.store();
    must(set_rule(s, w.owner, w.teachers, R"(field "Job Title" contains "teacher")"));
    must(pin_people(s, w.owner, w.teachers, {w.cy}));
    Id copy = w.group("Copy");
    auto copied = must(copy_rule(s, w.owner, w.teachers, copy));
    CHECK(copied.summary() == "2 match: +2 join, -0 leave");
    CHECK(smart_rule(s, copy)->text == smart_rule(s, w.teachers)->text);
    CHECK(rule_exceptions(s, copy).empty());
    must(clear_rule(s, w.owner, w.teachers));
    CHECK_FALSE(is_smart(s, w.teachers));
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo, w.cy});
    // Manual now: a change of title keeps Bo in.
    must(edit_user(s, w.owner, w.bo, {.fields = {{"Job Title", "Principal"}}}));
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo, w.cy});
    CHECK(members(s, copy) == std::vector<Id>{w.ada});
    CHECK(audit_summaries(s, "group.rule.clear") ==
          std::vector<std::string>{
              "Olive Owner cleared the rule of Teachers; it keeps its 3 members as direct members."});
}

TEST_CASE("what a rule reads cannot be deleted; renaming it keeps the rule") {
    World w;
    Store& s = w.store();
    Id course = must(create_course(s, w.owner, "Safety")).id;
    Id staff = w.group("Staff");
    must(set_rule(s, w.owner, w.teachers,
                  R"(department is under "Science" or course "Safety" is enrolled or group "Staff" has member)"));
    const auto before = w.bytes();
    auto dept = delete_department(s, w.owner, w.science);
    REQUIRE_FALSE(dept);
    CHECK(dept.error().message ==
          "The department Science cannot be deleted: the rule of Teachers reads it; change that rule first.");
    auto c = delete_course(s, w.owner, course);
    REQUIRE_FALSE(c);
    CHECK(c.error().message ==
          "The course Safety cannot be deleted: the rule of Teachers reads it; change that rule first.");
    auto g = delete_group(s, w.owner, staff, SubgroupFate::kLiftThem);
    REQUIRE_FALSE(g);
    CHECK(g.error().message == "Staff cannot be deleted: the rule of Teachers reads it; change that rule first.");
    CHECK(w.bytes() == before);
    must(rename_department(s, w.owner, w.science, "Sciences"));
    CHECK(smart_rule(s, w.teachers)->text ==
          R"(department is under "Sciences" or course "Safety" is enrolled or group "Staff" has member)");
    // The smart group itself can go.
    must(delete_group(s, w.owner, w.teachers, SubgroupFate::kLiftThem));
    must(delete_group(s, w.owner, staff, SubgroupFate::kLiftThem));
}

TEST_CASE("a refused command changes no member; the engine forgets a rule whose command rolled back") {
    World w;
    Store& s = w.store();
    Id clerk = w.person("clerk@s.org", "Cal", "Clerk");
    auto forbidden = set_rule(s, clerk, w.teachers, R"(email ends with ".org")");
    REQUIRE_FALSE(forbidden);
    CHECK(forbidden.error().code == ErrorCode::kForbidden);
    CHECK_FALSE(is_smart(s, w.teachers));
    // The refused rule left nothing behind: a later change is judged by the rule that was saved.
    must(set_rule(s, w.owner, w.teachers, R"(email is "ada@s.org")"));
    must(edit_user(s, w.owner, w.bo, {.email = std::string("bo2@s.org")}));
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada});
}

TEST_CASE("rules that read the date move on with the days") {
    World w;
    Store& s = w.store();
    must(add_field(s, w.owner, "Start", FieldType::kDate));
    must(edit_user(s, w.owner, w.ada, {.fields = {{"Start", "2026-01-01"}}}));
    Id fresh = w.group("New starters");
    must(set_rule(s, w.owner, fresh, R"(field "Start" within last 10 days)"));
    CHECK(members(s, fresh) == std::vector<Id>{w.ada});
    CHECK_FALSE(must(refresh_dated_rules(s)));  // nothing due: done today
    w.clock_ms += 20 * kDayMs;
    // The first command of a later day brings dated rules up to date, whatever it changed.
    must(edit_user(s, w.owner, w.bo, {.first_name = std::string("Bob")}));
    CHECK(members(s, fresh).empty());
    // Or, with no command, opening the database does (refresh_dated_rules).
    must(edit_user(s, w.owner, w.ada, {.fields = {{"Start", "2026-01-25"}}}));
    CHECK(members(s, fresh) == std::vector<Id>{w.ada});
    w.clock_ms += 20 * kDayMs;
    CHECK(members(s, fresh) == std::vector<Id>{w.ada});
    CHECK(must(refresh_dated_rules(s)));
    CHECK(members(s, fresh).empty());
    CHECK_FALSE(must(refresh_dated_rules(s)));
}

TEST_CASE("an upload of people applies the rules in its own transaction") {
    World w;
    Store& s = w.store();
    must(set_rule(s, w.owner, w.teachers, R"(field "Job Title" contains "teacher")"));
    std::string csv = "email,first name,last name,Job Title\nnew1@s.org,New,One,Teacher\nnew2@s.org,New,Two,Cook\n";
    auto plan = must(plan_upload(s, w.owner, UploadKind::kUsers, "people.csv", csv));
    REQUIRE(plan.ok());
    must(apply_upload(s, w.owner, plan));
    Id new1 = find_user_by_email(s, "new1@s.org")->id;
    CHECK(members(s, w.teachers) == std::vector<Id>{w.ada, w.bo, new1});
}

TEST_CASE("a membership upload may not add members to a smart group: its rule chooses them") {
    World w;
    Store& s = w.store();
    must(set_rule(s, w.owner, w.teachers, R"(field "Job Title" contains "teacher")"));
    std::string csv = "email,group,role\ncy@s.org,Teachers,member\n";
    auto plan = must(plan_upload(s, w.owner, UploadKind::kMemberships, "staff.csv", csv));
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0] ==
          "staff.csv:2: group 'Teachers' is a smart group: its rule chooses its members (pin someone on the group's "
          "page or with grove group pin; staff can be uploaded)");
    // Staff can be uploaded; a member the rule already brought in is unchanged.
    auto staff = must(plan_upload(s, w.owner, UploadKind::kMemberships, "staff.csv",
                                  "email,group,role\ncy@s.org,Teachers,mentor\nada@s.org,Teachers,member\n"));
    CHECK(staff.ok());
    must(apply_upload(s, w.owner, staff));
    CHECK(must(why_member(s, w.teachers, w.cy)).line() == "in: mentor, added by hand");
}
