// The Courses screen driven by its labels over a real in-memory store: a course and its steps made by clicking,
// reordered, edited and removed; people enrolled; and, acting as a learner, enrolling oneself, completing steps,
// submitting an answer and posting in a step's discussion.
#include <doctest/doctest.h>
#include <string>
#include <string_view>
#include <vector>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "shell/session.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

struct CoursesFixture : ShellFixture {
    CoursesFixture() {
        ann = person("ann@riverside.example", "Ann", "Lee");
        ben = person("ben@riverside.example", "Ben", "Ode");
        attach(Screen::Courses);
    }
    // Algebra with a lesson, an assignment for review worth 10 points, and a discussion.
    Id algebra() {
        const Id course = must(create_course(*store, owner, "Algebra", "Numbers and letters")).id;
        reading = must(add_step(*store, owner, course, {.title = "Reading"})).id;
        proofs = must(add_step(*store, owner, course,
                               {.title = "Proofs", .kind = StepKind::kAssignment, .review = true, .points = 10}))
                     .id;
        forum = must(add_step(*store, owner, course, {.title = "Forum", .kind = StepKind::kDiscussion})).id;
        return course;
    }
    std::string titles(Id course) {
        std::string out;
        for (const Step& step : course_steps(*store, course))
            out += (out.empty() ? "" : ", ") + std::to_string(step.number) + " " + step.title;
        return out;
    }
    Id ann = 0;
    Id ben = 0;
    Id reading = 0;
    Id proofs = 0;
    Id forum = 0;
};

void fill(UiDriver& ui, std::string_view label, std::string_view text) {
    REQUIRE_MESSAGE(ui.click(label), "no field labelled " << label);
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type(text);
}

// The item labelled `action` on the same line as the item labelled `row`.
const UiSnapshot::Item* in_row(const UiDriver& ui, std::string_view row, std::string_view action) {
    const UiSnapshot::Item* line = ui.find(row);
    if (line == nullptr) return nullptr;
    for (const UiSnapshot::Item& item : ui.snapshot().items) {
        const float middle = item.y + item.h * 0.5f;
        if (item.label == action && middle >= line->y && middle <= line->y + line->h) return &item;
    }
    return nullptr;
}

void click_in_row(UiDriver& ui, std::string_view row, std::string_view action) {
    const UiSnapshot::Item* item = in_row(ui, row, action);
    REQUIRE_MESSAGE(item != nullptr, "no " << action << " in the row of " << row);
    ui.click_at(item->x + item->w * 0.5f, item->y + item->h * 0.5f);
}

void hover(UiDriver& ui, std::string_view label) {
    const UiSnapshot::Item* item = ui.find(label);
    REQUIRE_MESSAGE(item != nullptr, "no item labelled " << label);
    ui.move_to(item->x + item->w * 0.5f, item->y + item->h * 0.5f);
    ui.frame(3);
}

}  // namespace

TEST_CASE("a course and its steps are made by clicking, and show in order with kind, review and points") {
    CoursesFixture f;
    UiDriver ui(f.state);
    CHECK(ui.has_text("No courses yet"));

    REQUIRE(ui.click("New course"));
    fill(ui, "Name", "Algebra");
    fill(ui, "Description", "Numbers and letters");
    REQUIRE(ui.click("Create course"));
    auto courses = list_courses(*f.store);
    REQUIRE(courses.size() == 1);
    CHECK(courses[0].name == "Algebra");
    CHECK(courses[0].description == "Numbers and letters");
    CHECK(ui.has_text("Back to courses"));
    CHECK(ui.has_text("No steps yet"));

    REQUIRE(ui.click("Add step"));
    fill(ui, "Title", "Reading");
    REQUIRE(ui.click("Add to course"));

    REQUIRE(ui.click("Add step"));
    fill(ui, "Title", "Proofs");
    REQUIRE(ui.click("Kind"));
    REQUIRE(ui.click("Assignment"));
    REQUIRE(ui.click("For review"));
    REQUIRE(ui.click("Carries points"));
    fill(ui, "Points", "10");
    REQUIRE(ui.click("Add to course"));

    const auto steps = course_steps(*f.store, courses[0].id);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].title == "Reading");
    CHECK(steps[0].kind == StepKind::kLesson);
    CHECK_FALSE(steps[0].review);
    CHECK_FALSE(steps[0].points.has_value());
    CHECK(steps[1].title == "Proofs");
    CHECK(steps[1].kind == StepKind::kAssignment);
    CHECK(steps[1].review);
    CHECK(steps[1].points == 10);
    CHECK(ui.has_text("Added step 2: Proofs."));
    // The table: in order, with kind, "For review" and points.
    REQUIRE(ui.find("Reading") != nullptr);
    REQUIRE(ui.find("Proofs") != nullptr);
    CHECK(ui.find("Reading")->y < ui.find("Proofs")->y);
    CHECK(ui.has_text("Assignment"));
    CHECK(ui.has_text("For review"));
    CHECK(ui.snapshot().find_text("10") != nullptr);

    // Back on the list: the course with its steps and nobody enrolled.
    REQUIRE(ui.click("Back to courses"));
    REQUIRE(ui.find("Algebra") != nullptr);
    CHECK(ui.snapshot().find_text("2") != nullptr);
    CHECK(ui.has_text("Not enrolled"));
}

TEST_CASE("steps move up and down, are edited and removed from their rows") {
    CoursesFixture f;
    const Id course = f.algebra();
    UiDriver ui(f.state);
    REQUIRE(ui.click("Algebra"));

    click_in_row(ui, "Forum", "Move up");
    CHECK(f.titles(course) == "1 Reading, 2 Forum, 3 Proofs");
    click_in_row(ui, "Reading", "Move down");
    CHECK(f.titles(course) == "1 Forum, 2 Reading, 3 Proofs");
    CHECK(ui.has_text("Moved Reading to step 2."));
    // The table follows the new order.
    CHECK(ui.find("Forum")->y < ui.find("Reading")->y);

    click_in_row(ui, "Proofs", "Edit step");
    fill(ui, "Title", "Short proofs");
    fill(ui, "Points", "12");
    REQUIRE(ui.click("Save step"));
    auto proofs = must(step_by_id(*f.store, f.proofs));
    CHECK(proofs.title == "Short proofs");
    CHECK(proofs.points == 12);
    CHECK(proofs.review);

    click_in_row(ui, "Forum", "Remove step");
    CHECK(ui.has_text("Remove Forum from Algebra?"));
    REQUIRE(ui.click("Remove"));
    CHECK(f.titles(course) == "1 Reading, 2 Short proofs");
    CHECK(ui.find("Forum") == nullptr);
}

TEST_CASE("people are enrolled through the person search, and the Enrolled tab shows their progress and grade") {
    CoursesFixture f;
    const Id course = f.algebra();
    must(enrol(*f.store, f.owner, course, {f.ben}));
    must(complete_step(*f.store, f.ben, f.ben, f.reading, std::nullopt));
    must(complete_step(*f.store, f.ben, f.ben, f.proofs, std::string("x = 2")));
    UiDriver ui(f.state);
    REQUIRE(ui.click("Algebra"));

    REQUIRE(ui.click("Enrol people"));
    ui.frame(2);
    ui.type("ann");
    ui.frame(2);
    REQUIRE(ui.click("Ann Lee  <ann@riverside.example>"));
    REQUIRE(ui.click("Enrol 1 person"));
    ui.frame(3);  // the Enrolled tab comes forward
    CHECK(is_enrolled(*f.store, course, f.ann));
    CHECK(ui.has_text("Enrolled 1 person in Algebra."));

    // The tab with the people: Ann has done nothing; Ben two of three steps, nothing graded yet.
    CHECK(ui.has_text("Ann Lee"));
    CHECK(ui.has_text("ben@riverside.example"));
    CHECK(ui.has_text("0 of 3"));
    CHECK(ui.has_text("2 of 3"));
    CHECK(ui.has_text("66%"));
    CHECK(ui.has_text("\xe2\x80\x94"));
}

TEST_CASE("a person who may not manage courses sees every course action disabled, with the core's reason") {
    CoursesFixture f;
    const Id course = f.algebra();
    must(enrol(*f.store, f.owner, course, {f.ann}));
    set_actor(f.state, f.ann);
    UiDriver ui(f.state);
    REQUIRE(ui.click("All courses"));

    REQUIRE(ui.click("New course"));
    CHECK_FALSE(ui.has_text("Create course"));
    hover(ui, "New course");
    CHECK(ui.has_text("Ann Lee may not manage courses"));

    REQUIRE(ui.click("Algebra"));
    REQUIRE(ui.click("Add step"));
    REQUIRE(ui.click("Enrol people"));
    click_in_row(ui, "Forum", "Move up");
    click_in_row(ui, "Reading", "Remove step");
    CHECK_FALSE(ui.has_text("Add to course"));
    CHECK_FALSE(ui.has_text("Remove Reading from Algebra?"));
    CHECK(f.titles(course) == "1 Reading, 2 Proofs, 3 Forum");
    hover(ui, "Enrol people");
    CHECK(ui.has_text("Ann Lee may not manage courses"));
}

TEST_CASE("acting as a learner: enrol oneself, complete a step, submit an answer and post in the discussion") {
    CoursesFixture f;
    const Id course = f.algebra();
    set_actor(f.state, f.ann);
    UiDriver ui(f.state, {.width = 1600, .height = 1000});  // the step's panel beside the steps
    // Not enrolled anywhere: the whole list, each course with Enrol.
    REQUIRE(ui.find("Algebra") != nullptr);
    REQUIRE(ui.click("Enrol"));
    CHECK(is_enrolled(*f.store, course, f.ann));
    CHECK(ui.has_text("Ann Lee is enrolled in Algebra."));
    CHECK(ui.has_text("0%"));

    REQUIRE(ui.click("Algebra"));
    REQUIRE(ui.click("Reading"));
    REQUIRE(ui.click("Mark as complete"));
    auto reading = work_of(*f.store, f.ann, f.reading);
    REQUIRE(reading);
    CHECK(reading->status == WorkStatus::kCompleted);
    CHECK(ui.has_text("Your progress: 1 of 3 steps"));

    // A step for review: Submit answer stays disabled until something is written.
    REQUIRE(ui.click("Proofs"));
    REQUIRE(ui.click("Submit answer"));
    CHECK_FALSE(work_of(*f.store, f.ann, f.proofs).has_value());
    fill(ui, "Your answer", "x = 2 because 2x = 4");
    REQUIRE(ui.click("Submit answer"));
    auto proofs = work_of(*f.store, f.ann, f.proofs);
    REQUIRE(proofs);
    CHECK(proofs->status == WorkStatus::kPending);
    CHECK(proofs->answer == "x = 2 because 2x = 4");
    CHECK(ui.has_text("Waiting for review"));
    CHECK(ui.find("Submit again") != nullptr);

    REQUIRE(ui.click("Forum"));
    CHECK(ui.has_text("Nobody has posted yet."));
    fill(ui, "Write a post", "Who else finds proofs hard?");
    REQUIRE(ui.click("Post"));
    auto posts = step_posts(*f.store, f.forum);
    REQUIRE(posts.size() == 1);
    CHECK(posts[0].author == "Ann Lee");
    CHECK(posts[0].body == "Who else finds proofs hard?");
    // Listed with its author and time.
    CHECK(ui.has_text("Who else finds proofs hard?"));
    CHECK(ui.snapshot().find_text("Ann Lee") != nullptr);
    CHECK(ui.has_text(format_iso_day(posts[0].at).substr(0, 4)));  // the year of its day and time
}

TEST_CASE("a learner enrolled somewhere sees My courses first; All courses lists the rest") {
    CoursesFixture f;
    const Id course = f.algebra();
    must(create_course(*f.store, f.owner, "Biology", ""));
    must(enrol(*f.store, f.owner, course, {f.ann}));
    set_actor(f.state, f.ann);
    UiDriver ui(f.state);
    CHECK(ui.find("Algebra") != nullptr);
    CHECK(ui.find("Biology") == nullptr);
    REQUIRE(ui.click("All courses"));
    CHECK(ui.find("Biology") != nullptr);
}

TEST_CASE("switching the acting person shows the new person's own answer on the open step, not the last one's") {
    CoursesFixture f;
    const Id course = f.algebra();
    must(enrol(*f.store, f.owner, course, {f.ann, f.ben}));
    must(complete_step(*f.store, f.ann, f.ann, f.proofs, std::string("Ann's proof")));
    set_actor(f.state, f.ann);
    UiDriver ui(f.state, {.width = 1600, .height = 1000});
    REQUIRE(ui.click("Algebra"));
    REQUIRE(ui.click("Proofs"));
    CHECK(ui.has_text("Ann's proof"));
    CHECK(ui.find("Submit again") != nullptr);

    set_actor(f.state, f.ben);
    ui.frame(3);
    CHECK(ui.find("Submit answer") != nullptr);
    CHECK_FALSE(ui.has_text("Ann's proof"));
}

TEST_CASE("a course is renamed and deleted from its page, the deletion confirmed first") {
    CoursesFixture f;
    const Id course = f.algebra();
    must(enrol(*f.store, f.owner, course, {f.ann}));
    UiDriver ui(f.state);
    REQUIRE(ui.click("Algebra"));
    REQUIRE(ui.click("Edit course"));
    fill(ui, "Name", "Algebra I");
    REQUIRE(ui.click("Save course"));
    CHECK(must(course_by_id(*f.store, course)).name == "Algebra I");
    CHECK(ui.has_text("Saved Algebra I."));

    REQUIRE(ui.click("Delete course"));
    CHECK(ui.has_text("Its 3 steps and 1 enrolment go with it"));
    REQUIRE(ui.click("Cancel"));
    CHECK(find_course(*f.store, course).has_value());

    REQUIRE(ui.click("Delete course"));
    REQUIRE(ui.find("Delete course", 1) != nullptr);  // the page's button, then the dialog's
    REQUIRE(ui.click("Delete course", 1));
    CHECK_FALSE(find_course(*f.store, course).has_value());
    CHECK(ui.has_text("Deleted the course Algebra I."));
    CHECK(ui.has_text("No courses yet"));
}

TEST_CASE("someone without courses.manage sees Edit course and Delete course disabled") {
    CoursesFixture f;
    const Id course = f.algebra();
    set_actor(f.state, f.ann);
    UiDriver ui(f.state);
    REQUIRE(ui.click("Algebra"));
    REQUIRE(ui.click("Delete course"));
    CHECK_FALSE(ui.has_text("go with it"));
    CHECK(find_course(*f.store, course).has_value());
}
