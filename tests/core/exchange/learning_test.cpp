// Learning records in the Grove file (core/exchange/, docs/exchange-format.md): courses, steps, enrolments,
// work (completions, submissions and their reviews), posts and digest choices are exported, restored and merged.
#include <algorithm>
#include <doctest/doctest.h>
#include <string>

#include "exchange/learning_rows.h"

using namespace grove;
using namespace grove::testing;

namespace {

size_t line_at(const std::string& text, size_t pos) {
    return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

// Replaces the first `from` after the start of `section` and says on which line.
std::string changed(const std::string& file, const std::string& section, const std::string& from, const std::string& to,
                    size_t& line) {
    size_t start = file.find("\"" + section + "\": [");
    REQUIRE(start != std::string::npos);
    size_t at = file.find(from, start);
    REQUIRE(at != std::string::npos);
    line = line_at(file, at);
    return file.substr(0, at) + to + file.substr(at + from.size());
}

bool has_change(const ImportPlan& plan, const std::string& line) {
    return std::find(plan.changes.begin(), plan.changes.end(), line) != plan.changes.end();
}

}  // namespace

TEST_CASE("every learning record survives an export and a restore into an empty database, and no notification") {
    Fixture f;
    build_rich(f);
    build_learning(f.store());
    const std::string file = exported(f.store());
    CHECK(contains(file, "\"version\": 5,"));
    // The sections after the memberships, each naming only earlier ones, before the audit log.
    size_t at = file.find("\"memberships\": [");
    for (const char* section : {"courses", "steps", "enrolments", "work", "posts", "digest_choices", "audit"}) {
        size_t next = file.find("\"" + std::string(section) + "\": [");
        INFO(section);
        REQUIRE(next != std::string::npos);
        CHECK(next > at);
        at = next;
    }
    CHECK(contains(file, "\"answer\": \"\", \"points\": null,"));
    CHECK(contains(file,
                   "\"position\": 3, \"title\": \"Proofs\", \"kind\": \"assignment\", \"review\": true, "
                   "\"points\": 10,"));

    auto s = empty_store(7);
    auto plan = must(import_json(*s, 0, "hill.json", file));
    CHECK(has_change(plan, "add 2 courses"));
    CHECK(has_change(plan, "add 5 steps"));
    CHECK(has_change(plan, "add 3 enrolments"));
    CHECK(has_change(plan, "add 4 pieces of work"));
    CHECK(has_change(plan, "add 2 posts"));
    CHECK(has_change(plan, "add 2 digest choices"));
    CHECK(rows::dump(*s) == rows::dump(f.store()));
    CHECK(rows::count(*s, "step_work") == 4);
    CHECK(exported(*s) == file);
    // Notifications are each planner's own inbox: a restored copy starts with none.
    CHECK(rows::count(f.store(), "notifications") == 1);
    CHECK(rows::count(*s, "notifications") == 0);
}

TEST_CASE("a file of version 1, from before learning, still restores") {
    Fixture f;
    build_rich(f);
    std::string file = exported(f.store());
    // Version 1 had no learning sections at all.
    file.replace(file.find("\"version\": 5"), 12, "\"version\": 1");
    for (const char* section :
         {"courses", "steps", "enrolments", "work", "posts", "digest_choices", "smart_rules", "smart_exceptions"}) {
        std::string empty = "  \"" + std::string(section) + "\": [],\n";
        size_t at = file.find(empty);
        REQUIRE(at != std::string::npos);
        file.erase(at, empty.size());
    }
    CHECK_FALSE(contains(file, "courses"));
    auto s = empty_store(8);
    must(import_json(*s, 0, "old.json", file));
    CHECK(exported(*s) == exported(f.store()));
}

TEST_CASE("the reader refuses a learning record with a bad value, naming the line and the field") {
    Fixture f;
    build_rich(f);
    build_learning(f.store());
    const std::string file = exported(f.store());
    auto s = empty_store(9);
    const auto before = s->db().serialize();
    struct Case {
        const char* section;
        const char* from;
        const char* to;
        const char* message;
    };
    const Case cases[] = {
        {"steps", "\"kind\": \"quiz\"", "\"kind\": \"video\"",
         "'kind' must be one of lesson, assignment, discussion, quiz, not 'video'"},
        {"steps", "\"points\": 10", "\"points\": -1", "'points' must be a whole number of 0 or more, or null, not -1"},
        {"steps", "\"points\": 10", "\"points\": 2.5",
         "'points' must be a whole number of 0 or more, or null, not 2.5"},
        {"steps", "\"points\": 10", "\"points\": \"10\"",
         "'points' must be a whole number of 0 or more, or null, not a string"},
        {"steps", "\"points\": 10", "\"points\": 3000000000", "'points' must be at most 2147483647, not 3000000000"},
        {"steps", "\"position\": 3", "\"position\": \"3\"", "'position' must be a whole number, not a string"},
        {"steps", "\"position\": 3", "\"position\": null", "'position' must be a whole number, not null"},
        {"steps", "\"review\": true", "\"review\": 1", "expected true or false but found a number"},
        {"steps", "\"course\": \"", "\"course\": null, \"x\": \"", "'course' must be a uid, not null"},
        {"work", "\"status\": \"pending\"", "\"status\": \"done\"",
         "'status' must be one of completed, pending, reviewed, not 'done'"},
        {"work", "\"points\": 8", "\"points\": 8.5", "'points' must be a whole number of 0 or more, or null, not 8.5"},
        {"work", "\"answer\": \"\"", "\"answer\": 42", "'answer' must be a string or null, not a number"},
        {"work", "\"user\": \"", "\"user\": null, \"x\": \"", "'user' must be a uid, not null"},
        {"digest_choices", "\"enabled\": false", "\"enabled\": \"no\"", "expected true or false but found a string"},
        {"enrolments", "\"updated_at\": \"", "\"updated_at\": 5, \"x\": \"",
         "'updated_at' must be a time written \"2026-01-05T09:00:00.000Z\", not a number"},
    };
    for (const Case& c : cases) {
        INFO(c.section << ": " << c.to);
        size_t line = 0;
        std::string bad = changed(file, c.section, c.from, c.to, line);
        auto r = import_json(*s, 0, "hill.json", bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "hill.json:" + std::to_string(line) + ": " + c.message);
    }
    // A completion needs its time.
    {
        size_t line = 0;
        std::string bad = changed(file, "work", "\"completed_at\": \"", "\"completed_at\": null, \"x\": \"", line);
        auto r = import_json(*s, 0, "hill.json", bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "hill.json:" + std::to_string(line) + ": 'completed_at' must be a time, not null");
    }
    // References name records earlier in the file.
    {
        size_t start = file.find("\"work\": [");
        size_t at = file.find("\"step\": \"", start) + 9;
        std::string bad = file;
        bad.replace(at, 32, std::string(32, 'f'));
        const size_t line = line_at(file, at);
        auto r = import_json(*s, 0, "hill.json", bad);
        REQUIRE_FALSE(r);
        CHECK(contains(r.error().message, "hill.json:" + std::to_string(line) + ": the work "));
        CHECK(contains(r.error().message,
                       " names the step ffffffffffffffffffffffffffffffff (step), which is not in the file before it"));
    }
    // One enrolment of a person in a course.
    {
        size_t start = file.find("\"enrolments\": [");
        size_t first = file.find("\"course\": \"", start) + 11;
        size_t second = file.find("\"course\": \"", first) + 11;
        size_t first_user = file.find("\"user\": \"", first) + 9;
        size_t second_user = file.find("\"user\": \"", second) + 9;
        std::string bad = file;
        bad.replace(second, 32, file.substr(first, 32));
        bad.replace(second_user, 32, file.substr(first_user, 32));
        auto r = import_json(*s, 0, "hill.json", bad);
        REQUIRE_FALSE(r);
        CHECK(contains(r.error().message, "hill.json:" + std::to_string(line_at(file, second)) +
                                              ": a second enrolment for the same course and person ("));
    }
    CHECK(s->db().serialize() == before);
}

TEST_CASE("courses, steps and work added on each side all arrive, and both planners end with the same file") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // A: a new course with two steps, an enrolment and a completion. B: a step in Algebra, a completion, a post
    // and a digest choice.
    const Id bio = rows::course(a, "Biology 101", "biology-101");
    const Id cells = rows::step(a, bio, 1, "Cells");
    rows::step(a, bio, 2, "Lab report", "assignment", true, 20);
    rows::enrol(a, bio, person_id(a, "alan@hill.org"));
    rows::work(a, cells, person_id(a, "alan@hill.org"));
    rows::step(b, rows::course_id(b, "algebra"), 9, "Extra");
    rows::work(b, rows::step_id(b, "algebra", "Welcome"), person_id(b, "joiner@hill.org"));
    rows::post(b, rows::step_id(b, "algebra", "Talk"), person_id(b, "grace@hill.org"), "Well said");
    rows::digest(b, person_id(b, "grace@hill.org"), group_id(b, "class-9a"), true);

    const std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan.conflicts.empty());
    CHECK(has_change(plan, "add step Algebra: Extra"));
    CHECK(has_change(plan, "add work Jo Iner <joiner@hill.org> on Algebra: Welcome"));
    CHECK(has_change(plan, "add post Grace Hopper <grace@hill.org> on Algebra: Talk"));
    CHECK(has_change(plan, "add digest choice Grace Hopper <grace@hill.org> for Class 9A"));
    auto plan_b = must(plan_import(b, p.owner_b(), "a.json", from_a));
    CHECK(has_change(plan_b, "add course Biology 101"));
    CHECK(has_change(plan_b, "add step Biology 101: Lab report"));
    CHECK(has_change(plan_b, "add enrolment Alan Turing <alan@hill.org> in Biology 101"));
    CHECK(has_change(plan_b, "add work Alan Turing <alan@hill.org> on Biology 101: Cells"));
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    CHECK(rows::dump(a) == rows::dump(b));
    CHECK(rows::count(a, "courses") == 3);
    CHECK(rows::count(b, "course_steps") == 8);
    CHECK(rows::work_row(b, rows::work_id(b, rows::step_id(b, "biology-101", "Cells"), person_id(b, "alan@hill.org")))
              .status == "completed");
    // Nothing left to merge.
    CHECK(must(plan_import(a, p.owner_a(), "b.json", exported(b))).changes.empty());
}

TEST_CASE("a step or course deleted on one side goes on the other, with its work and that work's notifications") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    const Id joiner_b = person_id(b, "joiner@hill.org");
    rows::notify(b, person_id(b, "grace@hill.org"), rows::work_id(b, rows::step_id(b, "algebra", "Proofs"), joiner_b));
    rows::remove(a, "course_steps", rows::step_id(a, "algebra", "Proofs"));
    rows::remove(a, "courses", rows::course_id(a, "art"));
    rows::post(b, rows::step_id(b, "algebra", "Talk"), joiner_b, "Still here");

    auto plan = must(plan_import(b, p.owner_b(), "a.json", exported(a)));
    CHECK(plan.conflicts.empty());
    CHECK(has_change(plan, "remove step Algebra: Proofs"));
    CHECK(has_change(plan, "remove course Art"));
    CHECK(has_change(plan, "remove work Jo Iner <joiner@hill.org> on Algebra: Proofs"));
    CHECK(has_change(plan, "remove enrolment Alan Turing <alan@hill.org> in Art"));
    merge_into(b, exported(a));
    merge_into(a, exported(b));
    CHECK(exported(a) == exported(b));
    CHECK(rows::count(b, "course_steps") == 4);
    CHECK(rows::count(b, "step_work") == 2);
    CHECK(rows::count(b, "courses") == 1);
    CHECK(rows::count(b, "notifications") == 0);
    CHECK(rows::count(a, "posts") == 3);
}

TEST_CASE("the same submission reviewed differently on both sides is one conflict; either side gives its review") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    auto pending = [](Store& s) {
        return rows::work_id(s, rows::step_id(s, "algebra", "Proofs"), person_id(s, "joiner@hill.org"));
    };
    rows::review(a, pending(a), 8, "Good", person_id(a, "grace@hill.org"));
    rows::review(b, pending(b), 5, "Redo the second line", person_id(b, "ada@hill.org"));
    const std::string from_a = exported(a), from_b = exported(b);

    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan.conflicts.size() == 1);
    const Conflict& c = plan.conflicts[0];
    CHECK(c.kind == "work");
    CHECK(c.label == "Jo Iner <joiner@hill.org> on Algebra: Proofs");
    CHECK(c.field == "state");
    // What differs between the two sides' work (both reviewed, at the same time of their clocks).
    CHECK(c.ours == "points 8; feedback Good; reviewer Grace Hopper <grace@hill.org>");
    CHECK(c.theirs == "points 5; feedback Redo the second line; reviewer Ada Lovelace <ada@hill.org>");
    CHECK(conflict_text(c) ==
          "work Jo Iner <joiner@hill.org> on Algebra: Proofs: state is 'points 8; feedback Good; "
          "reviewer Grace Hopper <grace@hill.org>' here and 'points 5; feedback Redo the second "
          "line; reviewer Ada Lovelace <ada@hill.org>' in the file");
    const auto before = a.db().serialize();
    auto refused = import_json(a, p.owner_a(), "b.json", from_b);
    REQUIRE_FALSE(refused);
    CHECK(contains(refused.error().message,
                   "b.json conflicts with this organisation in 1 place; choose a side for "
                   "each: work Jo Iner <joiner@hill.org> on Algebra: Proofs: state is 'points "
                   "8; feedback Good;"));
    CHECK(a.db().serialize() == before);

    std::int64_t points = 0;
    std::string feedback, reviewer;
    SUBCASE("A's review stands") {
        merge_into(a, from_b, {.choices = {Side::kOurs}});
        merge_into(b, from_a, {.choices = {Side::kTheirs}});
        points = 8;
        feedback = "Good";
        reviewer = "grace@hill.org";
    }
    SUBCASE("B's review stands") {
        merge_into(a, from_b, {.prefer = Side::kTheirs});
        merge_into(b, from_a, {.prefer = Side::kOurs});
        points = 5;
        feedback = "Redo the second line";
        reviewer = "ada@hill.org";
    }
    for (Store* s : {&a, &b}) {
        auto row = rows::work_row(*s, pending(*s));
        CHECK(row.status == "reviewed");
        CHECK(row.points == points);
        CHECK(row.feedback == feedback);
        CHECK(row.reviewer == reviewer);
        CHECK(row.answer == "");
    }
    // The merge entry names the conflict and the side kept.
    auto merges = audit_with_action(a, "org.merge");
    REQUIRE(merges.size() == 1);
    CHECK(contains(merges[0].summary, "work Jo Iner <joiner@hill.org> on Algebra: Proofs: state is 'points 8;"));
    // Settled once, it stays settled when the same file comes again.
    auto again = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(again.conflicts.empty());
    CHECK(again.settled_before.size() == (points == 8 ? 1u : 0u));  // taken from the file, the sides now agree
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
}

TEST_CASE("a new answer on one side and a review of the old one on the other are a conflict, never combined") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    auto work = [](Store& s) {
        return rows::work_id(s, rows::step_id(s, "algebra", "Proofs"), person_id(s, "alan@hill.org"));
    };
    rows::resubmit(a, work(a), "x = 2, shown twice");
    rows::review(b, work(b), 9, "Better", person_id(b, "grace@hill.org"));
    auto plan = must(plan_import(a, p.owner_a(), "b.json", exported(b)));
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(plan.conflicts[0].field == "state");
    CHECK(contains(plan.conflicts[0].ours, "status pending; completed 2026-"));
    CHECK(contains(plan.conflicts[0].ours,
                   "answer x = 2, shown twice; points (none); feedback (empty); reviewer "
                   "(none); reviewed (never)"));
    CHECK(contains(plan.conflicts[0].theirs, "status reviewed; "));
    merge_into(a, exported(b), {.prefer = Side::kOurs});
    auto kept = rows::work_row(a, work(a));
    CHECK(kept.status == "pending");
    CHECK(kept.answer == "x = 2, shown twice");
    CHECK_FALSE(kept.points);
    CHECK(kept.feedback.empty());
}

TEST_CASE("a course kept against its deletion on the other side comes back with its steps, enrolments and work") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    const std::string all = rows::dump(a);
    rows::remove(a, "courses", rows::course_id(a, "algebra"));
    CHECK(rows::count(a, "step_work") == 0);
    b.db().exec("UPDATE courses SET name = 'Algebra I' WHERE slug = 'algebra'");
    const std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(conflict_text(plan.conflicts[0]) == "course Algebra I: deleted here, changed: name Algebra I in the file");
    merge_into(a, from_b, {.prefer = Side::kTheirs});
    merge_into(b, from_a, {.prefer = Side::kOurs});
    CHECK(rows::count(a, "course_steps") == 5);
    CHECK(rows::count(a, "step_work") == 4);
    CHECK(rows::count(a, "enrolments") == 3);
    CHECK(rows::count(a, "posts") == 2);
    CHECK(rows::dump(a) == rows::dump(b));
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
}

TEST_CASE("the same course made on both sides becomes one, holding the steps and work of both") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    const Id ca = rows::course(a, "Chemistry", "chemistry");
    rows::work(a, rows::step(a, ca, 1, "Atoms"), person_id(a, "alan@hill.org"));
    const Id cb = rows::course(b, "Chemistry", "chemistry");
    const Id bonds = rows::step(b, cb, 1, "Bonds", "assignment", true, 5);
    rows::enrol(b, cb, person_id(b, "joiner@hill.org"));
    rows::work(b, bonds, person_id(b, "joiner@hill.org"), "Covalent");
    const std::string from_a = exported(a), from_b = exported(b);
    CHECK(must(plan_import(a, p.owner_a(), "b.json", from_b)).conflicts.empty());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    for (Store* s : {&a, &b}) {
        CHECK(rows::count(*s, "courses") == 3);
        const Id chemistry = rows::course_id(*s, "chemistry");
        auto steps = s->db().prepare_once("SELECT count(*) FROM course_steps WHERE course_id = ?");
        steps->bind(1, chemistry);
        REQUIRE(steps->step());
        CHECK(steps->col_int(0) == 2);
        CHECK(rows::work_row(*s,
                             rows::work_id(*s, rows::step_id(*s, "chemistry", "Atoms"), person_id(*s, "alan@hill.org")))
                  .status == "completed");
        CHECK(rows::work_row(
                  *s, rows::work_id(*s, rows::step_id(*s, "chemistry", "Bonds"), person_id(*s, "joiner@hill.org")))
                  .answer == "Covalent");
    }
}

TEST_CASE("a merge brings submissions but makes no notifications; this planner's own stay") {
    LearningPlanners p;
    Store& a = *p.a;
    Store& b = *p.b;
    rows::notify(a, person_id(a, "grace@hill.org"),
                 rows::work_id(a, rows::step_id(a, "algebra", "Proofs"), person_id(a, "joiner@hill.org")));
    rows::work(b, rows::step_id(b, "algebra", "Essay"), person_id(b, "joiner@hill.org"), "My essay");
    merge_into(a, exported(b));
    CHECK(rows::count(a, "step_work") == 5);
    CHECK(rows::count(a, "notifications") == 1);
}

TEST_CASE("work done through the learning commands travels; a review given on both planners is settled by a side") {
    Fixture origin;
    build_rich(origin);
    Store& o = origin.store();
    const Id joiner = person_id(o, "joiner@hill.org");
    const Course course = must(create_course(o, origin.owner, "Geometry", "Shapes"));
    must(add_step(o, origin.owner, course.id, {"Angles", StepKind::kLesson, false, std::nullopt}));
    const Step proof = must(add_step(o, origin.owner, course.id, {"Proof", StepKind::kAssignment, true, 10}));
    must(enrol(o, origin.owner, course.id, {joiner}));
    const Work work = must(complete_step(o, joiner, joiner, proof.id, std::string("Two sides equal")));
    // Grace mentors Grade 9, where the learner is a member: the submission notified her, in this database only.
    REQUIRE(notifications(o, person_id(o, "grace@hill.org")).size() == 1);

    const std::string start = exported(o);
    auto a = restored(start, 11);
    auto b = restored(start, 12);
    CHECK(notifications(*a, person_id(*a, "grace@hill.org")).empty());
    auto work_in = [&](Store& s) {
        return rows::work_id(s, rows::step_id(s, "geometry", "Proof"), person_id(s, "joiner@hill.org"));
    };
    REQUIRE(work_in(*a) > 0);
    CHECK(find_work(*a, work_in(*a))->uid == work.uid);
    must(give_review(*a, person_id(*a, "grace@hill.org"), work_in(*a), {9, "Neat"}));
    must(give_review(*b, person_id(*b, "ada@hill.org"), work_in(*b), {4, "Say why"}));
    auto grade = [&](Store& s) {
        auto progress = progress_of(s, person_id(s, "joiner@hill.org"), rows::course_id(s, "geometry"));
        REQUIRE(progress.size() == 1);
        return progress[0].grade_percent;
    };
    auto plan = must(plan_import(*a, owner_of(*a), "b.json", exported(*b)));
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(plan.conflicts[0].field == "state");
    const std::string from_a = exported(*a), from_b = exported(*b);
    merge_into(*a, from_b, {.prefer = Side::kTheirs});
    merge_into(*b, from_a, {.prefer = Side::kOurs});
    CHECK(grade(*a) == 40);
    CHECK(grade(*b) == 40);
    CHECK(find_work(*a, work_in(*a))->feedback == "Say why");
    // The merge brought a review, not a submission: nobody is notified of anything.
    CHECK(notifications(*a, person_id(*a, "grace@hill.org")).empty());
    exchange_again(*a, *b);
    CHECK(exported(*a) == exported(*b));
}
