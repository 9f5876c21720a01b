// Courses and their steps (core/learning/courses.cpp): who may manage them, the order of steps, enrolling.
#include <doctest/doctest.h>

#include "learning_support.h"

using namespace grove;
using grove::testing::must;
using grove::testing::School;

namespace {

std::vector<std::string> titles(Store& store, Id course) {
    std::vector<std::string> out;
    for (const Step& s : course_steps(store, course)) out.push_back(std::to_string(s.number) + " " + s.title);
    return out;
}

}  // namespace

TEST_CASE("creating and changing courses needs courses.manage; a refusal says in words who may") {
    School f;
    Store& s = f.store();
    const auto before = f.bytes();

    auto refused = create_course(s, f.ann, "Geometry");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message ==
          "Ann Lee may not manage courses. Only people who can manage courses can do this: Owner or Admin.");
    // A mentor or a group admin is no course manager either.
    CHECK_FALSE(create_course(s, f.mia, "Geometry"));
    CHECK_FALSE(create_course(s, f.gus, "Geometry"));
    CHECK_FALSE(add_step(s, f.mia, f.course, {"Extra", StepKind::kLesson, false, std::nullopt}));
    CHECK_FALSE(edit_step(s, f.mia, f.essay.id, {.title = std::string("Mine")}));
    CHECK_FALSE(move_step(s, f.mia, f.essay.id, 1));
    CHECK_FALSE(remove_step(s, f.mia, f.essay.id));
    CHECK_FALSE(edit_course(s, f.mia, f.course, {.name = std::string("Mine")}));
    auto deleting = delete_course(s, f.gus, f.course);
    REQUIRE_FALSE(deleting);
    CHECK(deleting.error().message ==
          "Gus Grant may not manage courses. Only people who can manage courses can do this: Owner or Admin.");
    CHECK(f.bytes() == before);

    // An Admin may, and so may a custom role holding courses.manage.
    CHECK(create_course(s, f.ada, "Geometry"));
    auto registrar = must(define_custom_role(s, f.owner, "Registrar", kPermCourses));
    must(grant_role(s, f.owner, f.eli, {OrgRole::kCustom, registrar.id, std::nullopt}));
    auto biology = must(create_course(s, f.eli, "Biology", "Cells"));
    CHECK(biology.slug == "biology");
    CHECK(biology.description == "Cells");
    CHECK(biology.steps == 0);
    CHECK(biology.enrolled == 0);
}

TEST_CASE("a course has a one-line name of its own; it is found by slug or by name") {
    School f;
    Store& s = f.store();
    auto dup = create_course(s, f.owner, "algebra");
    REQUIRE_FALSE(dup);
    CHECK(dup.error().code == ErrorCode::kDuplicate);
    CHECK(dup.error().message.find("Algebra") != std::string::npos);
    CHECK_FALSE(create_course(s, f.owner, ""));
    CHECK_FALSE(create_course(s, f.owner, "Two\nlines"));

    auto course = must(course_by_slug_or_name(s, "algebra"));
    CHECK(course.id == f.course);
    CHECK(course.steps == 3);
    CHECK(course.enrolled == 2);
    CHECK(must(course_by_slug_or_name(s, "ALGEBRA")).id == f.course);
    auto missing = course_by_slug_or_name(s, "Poetry");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
    CHECK(missing.error().message == "There is no course called 'Poetry'.");

    must(create_course(s, f.owner, "Course 10"));
    must(create_course(s, f.owner, "Course 9"));
    std::vector<std::string> names;
    for (const Course& c : list_courses(s)) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"Algebra", "Course 9", "Course 10"});

    auto renamed = must(edit_course(s, f.owner, f.course, {.name = std::string("Algebra I"), .description = {}}));
    CHECK(renamed.name == "Algebra I");
    CHECK(renamed.description == "Numbers and letters.");
    CHECK_FALSE(edit_course(s, f.owner, f.course, {.name = std::string("course 9"), .description = {}}));
}

TEST_CASE("steps are added at the end, edited, reordered and removed, and stay numbered from 1") {
    School f;
    Store& s = f.store();
    CHECK(titles(s, f.course) == std::vector<std::string>{"1 Variables", "2 Proofs", "3 Reflection"});
    CHECK(f.essay.number == 2);
    CHECK(f.essay.review);
    CHECK(f.essay.points == 10);
    CHECK(f.essay.kind == StepKind::kAssignment);
    CHECK_FALSE(f.reflection.points.has_value());

    auto quiz = must(add_step(s, f.owner, f.course, {"Quiz", StepKind::kQuiz, false, 5}));
    CHECK(quiz.number == 4);
    must(move_step(s, f.owner, quiz.id, 1));
    CHECK(titles(s, f.course) == std::vector<std::string>{"1 Quiz", "2 Variables", "3 Proofs", "4 Reflection"});
    must(move_step(s, f.owner, quiz.id, 4));
    CHECK(titles(s, f.course) == std::vector<std::string>{"1 Variables", "2 Proofs", "3 Reflection", "4 Quiz"});
    must(move_step(s, f.owner, f.lesson.id, 3));
    CHECK(titles(s, f.course) == std::vector<std::string>{"1 Proofs", "2 Reflection", "3 Variables", "4 Quiz"});
    CHECK_FALSE(move_step(s, f.owner, quiz.id, 5));
    CHECK_FALSE(move_step(s, f.owner, quiz.id, 0));

    auto edited = must(edit_step(s, f.owner, f.reflection.id,
                                 {.title = std::string("Looking back"), .kind = StepKind::kAssignment, .points = 4}));
    CHECK(edited.title == "Looking back");
    CHECK(edited.kind == StepKind::kAssignment);
    CHECK(edited.points == 4);
    CHECK(edited.review);
    auto unpointed = must(edit_step(s, f.owner, f.reflection.id, {.points = std::optional<int>{}}));
    CHECK_FALSE(unpointed.points.has_value());

    must(remove_step(s, f.owner, f.essay.id));
    CHECK(titles(s, f.course) == std::vector<std::string>{"1 Looking back", "2 Variables", "3 Quiz"});
    auto gone = step_by_number(s, f.course, 4);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().message == "Algebra has 3 steps; there is no step 4.");
    CHECK(must(step_by_number(s, f.course, 3)).id == quiz.id);
}

TEST_CASE("a step's title and points are checked") {
    School f;
    Store& s = f.store();
    CHECK_FALSE(add_step(s, f.owner, f.course, {"", StepKind::kLesson, false, std::nullopt}));
    CHECK_FALSE(add_step(s, f.owner, f.course, {"Bad\ttitle", StepKind::kLesson, false, std::nullopt}));
    auto negative = add_step(s, f.owner, f.course, {"Quiz", StepKind::kQuiz, true, -1});
    REQUIRE_FALSE(negative);
    CHECK(negative.error().code == ErrorCode::kBadValue);
    CHECK_FALSE(add_step(s, f.owner, f.course, {"Quiz", StepKind::kQuiz, true, kStepPointsMax + 1}));
    CHECK(add_step(s, f.owner, f.course, {"Quiz", StepKind::kQuiz, true, kStepPointsMax}));
    CHECK(parse_step_kind("quiz") == StepKind::kQuiz);
    CHECK_FALSE(parse_step_kind("exam").has_value());
    CHECK(all_step_kinds().size() == 4);
    for (StepKind k : all_step_kinds()) CHECK(parse_step_kind(step_kind_key(k)) == k);
}

TEST_CASE("lowering a step's points below what reviews awarded is refused, naming how many") {
    School f;
    Store& s = f.store();
    Id work = f.submit(f.ann, f.essay);
    must(give_review(s, f.mia, work, {8, ""}));
    auto lowered = edit_step(s, f.owner, f.essay.id, {.points = std::optional<int>{5}});
    REQUIRE_FALSE(lowered);
    CHECK(lowered.error().message == "1 review already awards more than 5 points for this step.");
    CHECK(must(step_by_id(s, f.essay.id)).points == 10);
    CHECK(edit_step(s, f.owner, f.essay.id, {.points = std::optional<int>{8}}));
}

TEST_CASE("a step stops being for review only once nothing of it waits for review") {
    School f;
    Store& s = f.store();
    Id work = f.submit(f.ann, f.reflection);
    auto refused = edit_step(s, f.owner, f.reflection.id, {.review = false});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "1 submission of this step waits for review; review them before the step stops being for review.");
    CHECK(must(step_by_id(s, f.reflection.id)).review);
    must(give_review(s, f.mia, work, {std::nullopt, "Thank you"}));
    CHECK_FALSE(must(edit_step(s, f.owner, f.reflection.id, {.review = false})).review);
    // Taking a step's points away takes the points its reviews awarded: the grade no longer counts them.
    Id essay = f.submit(f.ann, f.essay);
    must(give_review(s, f.mia, essay, {6, ""}));
    CHECK(progress_of(s, f.ann, f.course)[0].grade_percent == 60);
    must(edit_step(s, f.owner, f.essay.id, {.points = std::optional<int>{}}));
    CHECK_FALSE(find_work(s, essay)->points.has_value());
    CHECK_FALSE(progress_of(s, f.ann, f.course)[0].grade_percent.has_value());
}

TEST_CASE("a person enrols themselves; a course manager enrols anyone; nobody else enrols another") {
    School f;
    Store& s = f.store();
    Id geometry = must(create_course(s, f.owner, "Geometry")).id;

    CHECK(must(enrol(s, f.ben, geometry, {f.ben})) == 1);
    CHECK(is_enrolled(s, geometry, f.ben));
    CHECK(must(enrol(s, f.ben, geometry, {f.ben})) == 0);  // already there: left as they are

    const auto before = f.bytes();
    auto other = enrol(s, f.mia, geometry, {f.ann});
    REQUIRE_FALSE(other);
    CHECK(other.error().code == ErrorCode::kForbidden);
    CHECK(other.error().message ==
          "Mia Mentor may not enrol this person. Only people who can manage courses can do this: Owner, Admin, or "
          "the person themselves.");
    // All or nothing: oneself and someone else together are refused together.
    CHECK_FALSE(enrol(s, f.eli, geometry, {f.eli, f.ann}));
    CHECK(f.bytes() == before);

    CHECK(must(enrol(s, f.ada, geometry, {f.ann, f.eli, f.ben})) == 2);
    std::vector<std::string> names;
    for (const User& u : enrolled_people(s, geometry)) names.push_back(u.display_name());
    CHECK(names == std::vector<std::string>{"Ann Lee", "Ben Ode", "Eli Ek"});
    CHECK(must(course_by_id(s, geometry)).enrolled == 3);
}

TEST_CASE("deleting a course or a step takes its work, reviews and notifications with it") {
    School f;
    Store& s = f.store();
    Id work = f.submit(f.ann, f.essay);
    REQUIRE(unread_notifications(s, f.mia) == 1);
    must(remove_step(s, f.owner, f.essay.id));
    CHECK_FALSE(find_work(s, work).has_value());
    CHECK(unread_notifications(s, f.mia) == 0);
    CHECK(pending_count(s, f.ann) == 0);

    f.submit(f.ann, f.reflection);
    must(post_discussion(s, f.ann, f.reflection.id, "Hello"));
    must(delete_course(s, f.owner, f.course));
    CHECK_FALSE(find_course(s, f.course).has_value());
    CHECK(progress_of(s, f.ann).empty());
    CHECK(pending_count(s, f.ann) == 0);
    CHECK(notifications(s, f.mia).empty());
    CHECK(must(activity(s, f.owner, f.ann)).empty());
}

TEST_CASE("every change to courses is in the audit log, with names") {
    School f;
    Store& s = f.store();
    const std::size_t before = f.audit_size();
    Id geometry = must(create_course(s, f.ada, "Geometry")).id;
    auto step = must(add_step(s, f.ada, geometry, {"Angles", StepKind::kLesson, false, std::nullopt}));
    must(add_step(s, f.ada, geometry, {"Circles", StepKind::kLesson, false, std::nullopt}));
    must(edit_step(s, f.ada, step.id, {.title = std::string("Triangles")}));
    must(move_step(s, f.ada, step.id, 2));
    must(remove_step(s, f.ada, step.id));
    must(edit_course(s, f.ada, geometry, {.name = std::string("Geometry I"), .description = {}}));
    must(enrol(s, f.ada, geometry, {f.ann}));
    must(enrol(s, f.eli, geometry, {f.eli}));
    must(delete_course(s, f.ada, geometry));

    auto entries = f.audit_since(before);
    REQUIRE(entries.size() == 10);
    for (const auto& e : entries) {
        CHECK(e.actor_name == (e.summary.starts_with("Eli Ek") ? "Eli Ek" : "Ada Admin"));
        CHECK(e.summary.starts_with(e.actor_name + " "));
    }
    CHECK(entries[0].summary.find("Geometry") != std::string::npos);
    CHECK(entries[1].summary.find("Angles") != std::string::npos);
    CHECK(entries[3].summary.find("Triangles") != std::string::npos);
    CHECK(entries[4].summary.find("Triangles") != std::string::npos);
    CHECK(entries[5].summary.find("Triangles") != std::string::npos);
    CHECK(entries[6].summary.find("Geometry I") != std::string::npos);
    CHECK(entries[7].summary.find("Ann Lee") != std::string::npos);
    CHECK(entries[7].user_name == "Ann Lee");
    CHECK(entries[8].summary.find("Geometry I") != std::string::npos);
    CHECK(entries[9].summary.find("Geometry I") != std::string::npos);
}
