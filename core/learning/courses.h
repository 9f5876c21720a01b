// Courses (F19): learning paths made of ordered steps, and who is enrolled in them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

enum class StepKind { kLesson, kAssignment, kDiscussion, kQuiz };
const char* step_kind_key(StepKind kind);  // "lesson", "assignment", "discussion", "quiz"
std::optional<StepKind> parse_step_kind(std::string_view key);
const std::vector<StepKind>& all_step_kinds();

struct Course {
    Id id = 0;
    std::string uid;
    std::string name;
    std::string slug;
    std::string description;
    int steps = 0;     // how many steps it has
    int enrolled = 0;  // how many people are enrolled
    std::int64_t created_at = 0;
};

struct Step {
    Id id = 0;
    std::string uid;
    Id course_id = 0;
    int number = 0;  // 1-based, in the course's order
    std::string title;
    StepKind kind = StepKind::kLesson;
    bool review = false;        // marked for review: completing it means submitting an answer
    std::optional<int> points;  // the most a review can award; none: reviewed without points
};

// A step's points may be at most this many.
constexpr int kStepPointsMax = 100000;

// Courses by name, in natural order.
std::vector<Course> list_courses(Store& store);
std::optional<Course> find_course(Store& store, Id id);
Result<Course> course_by_id(Store& store, Id id);
// By slug, or by name ignoring case: "There is no course called X."
Result<Course> course_by_slug_or_name(Store& store, std::string_view text);

// A course's steps in order, numbered from 1.
std::vector<Step> course_steps(Store& store, Id course);
Result<Step> step_by_id(Store& store, Id step);
// "Algebra has 3 steps; there is no step 5."
Result<Step> step_by_number(Store& store, Id course, int number);

// Needs courses.manage. The name is one line, not empty, and no other course has it (ignoring case).
Result<Course> create_course(Store& store, Id actor, const std::string& name, const std::string& description = "");
struct CourseEdit {
    std::optional<std::string> name;
    std::optional<std::string> description;
};
Result<Course> edit_course(Store& store, Id actor, Id course, const CourseEdit& edit);
// Deletes the course with its steps, enrolments, work, reviews and posts.
Result<void> delete_course(Store& store, Id actor, Id course);

struct NewStep {
    std::string title;
    StepKind kind = StepKind::kLesson;
    bool review = false;
    std::optional<int> points;
};
// Appends a step at the end of the course.
Result<Step> add_step(Store& store, Id actor, Id course, const NewStep& step);
struct StepEdit {
    std::optional<std::string> title;
    std::optional<StepKind> kind;
    std::optional<bool> review;
    std::optional<std::optional<int>> points;  // {nullopt}: no points any more
};
// Lowering a step's points below points already awarded is refused, naming how many reviews award more.
Result<Step> edit_step(Store& store, Id actor, Id step, const StepEdit& edit);
// Moves the step to `number` (1-based) in its course; the others keep their order.
Result<void> move_step(Store& store, Id actor, Id step, int number);
// Removes the step with its work, reviews and posts.
Result<void> remove_step(Store& store, Id actor, Id step);

// Enrols people: course managers enrol anyone, a person enrols themselves. All or nothing; returns how
// many were newly enrolled (someone already enrolled is left as they are).
Result<int> enrol(Store& store, Id actor, Id course, const std::vector<Id>& people);
bool is_enrolled(Store& store, Id course, Id person);
// The people enrolled, by name.
std::vector<User> enrolled_people(Store& store, Id course);

}  // namespace grove
