// Internal to core/learning/: the shared queries and words of courses, work, reviews and the digest.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/org/model.h"
#include "core/storage/store.h"

namespace grove::learning {

// "step 2 (Proofs) of Algebra"
std::string step_words(const std::string& course, int number, const std::string& title);
// The SQL expression of a step's 1-based number, for a course_steps row aliased `s`.
inline constexpr const char* kStepNumberSql =
    "(SELECT count(*) FROM course_steps s2 WHERE s2.course_id = s.course_id AND "
    "(s2.position < s.position OR (s2.position = s.position AND s2.uid <= s.uid)))";
// Whether `person` holds courses.manage (org-wide).
bool manages_courses(Store& store, Id person);
// The groups reached by the oversight of `group`: itself, then every group below whose chain reaches it.
std::vector<Id> reached_groups(Store& store, Id group);
// Courses and their steps as progress_of reads them, each read once: a digest asks for the progress of thousands
// of people in the same few courses.
class CourseCache {
public:
    explicit CourseCache(Store& store) : store_(store) {}
    // The course with its steps in order; nullptr when it no longer exists.
    const std::pair<Course, std::vector<Step>>* get(Id course);

private:
    Store& store_;
    std::unordered_map<Id, std::optional<std::pair<Course, std::vector<Step>>>> courses_;
};
// progress_of, reading courses through `cache`.
std::vector<CourseProgress> progress_of(Store& store, Id person, std::optional<Id> course, bool with_steps,
                                        CourseCache& cache);

// The people whose direct role in one of `groups` is below `role` (members for a mentor; members and mentors
// for a group admin), without `except`, in ID order.
std::vector<Id> people_below(Store& store, const std::vector<Id>& groups, GroupRole role, Id except);

}  // namespace grove::learning
