// A learner's work (F19, F20, F22): completing steps, submitting answers, discussion posts, progress and
// grade per enrolment, the activity feed, and the notifications a submission sends to mentors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/learning/courses.h"
#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

enum class WorkStatus { kNone, kCompleted, kPending, kReviewed };
const char* work_status_key(WorkStatus status);  // "", "completed", "pending", "reviewed"
std::optional<WorkStatus> parse_work_status(std::string_view key);

// One person's work on one step.
struct Work {
    Id id = 0;
    std::string uid;
    Id step_id = 0;
    Id user_id = 0;
    WorkStatus status = WorkStatus::kCompleted;
    std::int64_t completed_at = 0;      // completed or submitted
    std::optional<std::string> answer;  // a submission's answer
    std::optional<int> points;          // awarded by the review
    std::string feedback;
    std::optional<Id> reviewer_id;
    std::string reviewer_name;
    std::optional<std::int64_t> reviewed_at;
};

// An answer may be this long (characters); a post too.
constexpr std::size_t kAnswerMaxCharacters = 20000;

// Completes `step` for `learner`: the learner themselves (enrolled in the course) or a course manager. A step
// marked for review needs an answer and becomes a submission pending review, which notifies every mentor who
// oversees the learner (mentors_to_notify). Completing a step again changes nothing; submitting again replaces
// the answer and waits for review again. `at` is when it happened (an LMS import passes its completed_at).
Result<Work> complete_step(Store& store, Id actor, Id learner, Id step, const std::optional<std::string>& answer,
                           std::optional<std::int64_t> at = std::nullopt);
// The same inside a running command (an upload applies many rows in one transaction): no transaction or
// audit entry of its own; authorisation is the caller's.
Result<Work> record_work(Store& store, Id learner, const Step& step, const std::optional<std::string>& answer,
                         std::int64_t at);

std::optional<Work> find_work(Store& store, Id work);
std::optional<Work> work_of(Store& store, Id learner, Id step);

// F20: the people a submission by `learner` notifies: everyone holding the mentor role in a group where the
// learner is a member, or in a group above it whose oversight reaches down (F32). Group admins are not
// notified; neither are deactivated mentors, nor the learner. Sorted by ID. A review marks the notifications of
// the work it reviews read for everyone (nothing waits any more).
std::vector<Id> mentors_to_notify(Store& store, Id learner);

struct Post {
    Id id = 0;
    Id step_id = 0;
    Id user_id = 0;
    std::string author;
    std::string body;
    std::int64_t at = 0;
};
// Posts as oneself in a step's discussion: enrolled people and course managers.
Result<Post> post_discussion(Store& store, Id actor, Id step, const std::string& body);
std::vector<Post> step_posts(Store& store, Id step);

// One enrolment's standing.
struct StepState {
    Step step;
    WorkStatus status = WorkStatus::kNone;
    std::optional<Id> work_id;
    std::optional<int> points;  // awarded
    std::int64_t at = 0;        // completed or submitted
};
struct CourseProgress {
    Course course;
    std::int64_t enrolled_at = 0;
    int steps = 0;
    int completed = 0;       // completed, pending or reviewed
    int points_awarded = 0;  // over reviewed steps that carry points
    int points_possible = 0;
    int progress_percent = 0;          // completed / steps, rounded down; 0 for a course without steps
    std::optional<int> grade_percent;  // awarded / possible, rounded to nearest; none reviewed: nullopt
    std::vector<StepState> states;     // filled by progress_of(..., with_steps = true)
};
// "—" when nothing is graded yet, else "85%".
std::string grade_text(const CourseProgress& progress);

// Every course `person` is enrolled in (by course name), or only `course`.
std::vector<CourseProgress> progress_of(Store& store, Id person, std::optional<Id> course = std::nullopt,
                                        bool with_steps = true);

// F22: what a person did and received, newest first.
enum class ActivityKind { kCompleted, kSubmitted, kReviewed, kPosted };
const char* activity_kind_key(ActivityKind kind);  // "completed", "submitted", "reviewed", "posted"
struct ActivityItem {
    ActivityKind kind = ActivityKind::kCompleted;
    std::int64_t at = 0;
    Id course_id = 0;
    std::string course_name;
    Id step_id = 0;
    int step_number = 0;
    std::string step_title;
    std::optional<Id> work_id;  // the work (completions, submissions, reviews)
    std::string text;           // the answer, the post, or the review's feedback
    std::optional<int> points;  // a review's points
    std::optional<int> max_points;
    std::string reviewer;  // a review's reviewer
    // "Submitted an answer to step 2 of Algebra: Proofs", "Received a review of ...: 8 of 10 points"
    std::string summary() const;
};
// The person themselves, those who oversee them, and course managers may look.
Result<std::vector<ActivityItem>> activity(Store& store, Id actor, Id person, int limit = 500);

// The in-app notifications (F20): the bell's list and count.
struct Notification {
    Id id = 0;
    std::int64_t at = 0;
    bool unread = true;
    Id work_id = 0;
    Id learner_id = 0;
    std::string text;  // "Ann Lee submitted step 2 of Algebra: Proofs"
};
std::vector<Notification> notifications(Store& store, Id user, bool unread_only = false, int limit = 200);
int unread_notifications(Store& store, Id user);
// Marks the person's own notifications read: the given ones, or all of them when `ids` is empty.
Result<int> mark_notifications_read(Store& store, Id actor, const std::vector<Id>& ids = {});

}  // namespace grove
