// The Courses screen's view state (AppState::views.courses): the list, the open course's page (its steps,
// the people enrolled, the chosen step's panel with the learner's work and the discussion), the dialogs,
// and the view models they draw from (recomputed on store revisions, never per frame).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "shell/cached.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/person_search.h"

namespace grove::ui {

// The list: every course, and the acting person's standing in those they are enrolled in.
struct CourseListModel {
    Id actor = 0;
    std::vector<Course> courses;                  // by name (natural order)
    std::unordered_map<Id, CourseProgress> mine;  // course -> the actor's progress (without steps)
};

// The open course, read at once: the course, its steps, and the acting person's work on each step when
// they are enrolled.
struct CoursePageModel {
    Id id = 0;
    Id actor = 0;
    bool exists = false;
    Course course;
    std::vector<Step> steps;
    bool enrolled = false;                   // the acting person
    std::optional<CourseProgress> progress;  // theirs, with every step's state
};

// The people enrolled in the open course with their standing; read only while that tab shows.
struct CoursePeopleModel {
    Id course = 0;
    std::vector<CourseProgress> rows;  // by name; `course` of each row is the open course
    std::vector<User> people;          // parallel to rows
};

// The chosen step's panel: the acting person's work on it and its discussion.
struct StepPostsModel {
    Id step = 0;
    Id actor = 0;  // whose work `mine` is
    std::optional<Work> mine;
    std::vector<Post> posts;  // oldest first
};

// What the acting person may not do on the open course, in the core's words (empty: they may), asked once
// when the person, the course or the data of roles, people, groups or courses changed, not every frame.
struct CourseRefusals {
    Id actor = 0;
    Id course = 0;
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();
    std::string manage;      // courses and steps: create, edit, reorder, remove; enrol others
    std::string enrol_self;  // enrol oneself
    std::string complete;    // complete one's own steps, submit answers
    std::string post;        // post in a discussion
};

enum class CourseDialog { kNone, kNewCourse, kEditCourse, kDeleteCourse, kAddStep, kEditStep, kRemoveStep, kEnrol };
enum class CourseTab { kSteps, kPeople };

struct CourseForm {
    std::string name;
    std::string description;
    std::string error;
    std::string original_name;  // as Edit course opened: Escape asks before losing changes
    std::string original_description;
};

struct StepForm {
    Id step = 0;  // 0: a new step
    std::string title;
    StepKind kind = StepKind::kLesson;
    bool review = false;
    bool has_points = false;
    int points = 10;
    std::string error;
    std::string original_title;  // as the dialog opened (Edit step): Escape asks before losing changes
    StepKind original_kind = StepKind::kLesson;
    bool original_review = false;
    std::optional<int> original_points;
};

struct RemoveStepForm {
    Id step = 0;
    std::string title;
    std::string error;
};

struct EnrolForm {
    PersonSearch search;
    std::vector<std::pair<Id, std::string>> picked;  // people and their names, in the order picked
    std::vector<Id> picked_ids;
    std::string error;
};

struct CoursesView {
    // ---- The list ----
    Cached<CourseListModel> list;
    bool mine_only = false;  // "My courses": only those the acting person is enrolled in
    Id mine_actor = 0;       // for whom mine_only was chosen
    Notice list_notice;

    // ---- The open course ----
    std::optional<Id> open_course;  // empty: the list
    Cached<CoursePageModel> page;
    Cached<CoursePeopleModel> people;
    CourseTab tab = CourseTab::kSteps;
    bool select_people = false;   // show the Enrolled tab next frame (after enrolling people)
    std::optional<Id> open_step;  // the step whose panel shows
    Cached<StepPostsModel> posts;
    float panel_content_h = 0;  // the step's panel's content, last frame (it grows to it under the steps)
    CourseRefusals refusals;
    Notice page_notice;
    // The learner's drafts for the open step: an answer to submit and a post to write.
    Id draft_step = 0;
    Id draft_actor = 0;
    std::string answer;
    std::string post;

    // ---- Dialogs (one at a time) ----
    CourseDialog dialog = CourseDialog::kNone;
    bool open_dialog = false;
    CourseForm course_form;
    StepForm step_form;
    RemoveStepForm remove_form;
    EnrolForm enrol_form;
};

}  // namespace grove::ui
