// A member's page (F22) driven by its labels: opened from a group's people, its activity feed newest first,
// one progress card per course, and a submission opening its review through the open_review hook.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "core/org/memberships.h"
#include "core/storage/store.h"
#include "shell/screens/group_page.h"
#include "shell/session.h"
#include "shell/widgets/percent_bar.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// Class 9A: Ann and Carl are members, Mia mentors them. Ann is enrolled in Algebra (a lesson, an assignment
// for review worth 10 points, a discussion) and in Biology (one lesson); the clock moves a minute a reading.
struct MemberFixture : ShellFixture {
    MemberFixture() : ShellFixture({.clock_start = 1764576000000, .clock_step = 60000}) {
        ann = person("ann@riverside.example", "Ann", "Lee");
        carl = person("carl@riverside.example", "Carl", "Berg");
        mia = person("mia@riverside.example", "Mia", "Stone");
        group = ShellFixture::group("Class 9A");
        must(add_people(*store, owner, group, {.users = {ann, carl}}));
        must(add_people(*store, owner, group, {.users = {mia}, .role = GroupRole::kMentor}));
        algebra = must(create_course(*store, owner, "Algebra", "")).id;
        reading = must(add_step(*store, owner, algebra, {.title = "Reading"})).id;
        proofs = must(add_step(*store, owner, algebra,
                               {.title = "Proofs", .kind = StepKind::kAssignment, .review = true, .points = 10}))
                     .id;
        forum = must(add_step(*store, owner, algebra, {.title = "Forum", .kind = StepKind::kDiscussion})).id;
        biology = must(create_course(*store, owner, "Biology", "")).id;
        must(add_step(*store, owner, biology, {.title = "Cells"}));
        must(enrol(*store, owner, algebra, {ann}));
        must(enrol(*store, owner, biology, {ann}));
        must(complete_step(*store, ann, ann, reading, std::nullopt));
        proofs_work = must(complete_step(*store, ann, ann, proofs, std::string("x = 2"))).id;
        must(post_discussion(*store, ann, forum, "Hello class"));
        attach(Screen::Groups);
    }
    Id ann = 0, carl = 0, mia = 0, group = 0;
    Id algebra = 0, biology = 0, reading = 0, proofs = 0, forum = 0;
    Id proofs_work = 0;
};

// Opens the group's page, then the member's by clicking their name there.
void open_member(MemberFixture& f, UiDriver& ui, const char* name, int nth = 0) {
    open_group_page(f.state, f.group);
    ui.frame(2);
    REQUIRE(ui.click(name, nth));
    ui.frame(2);
    REQUIRE(ui.find("Activity") != nullptr);
}

}  // namespace

TEST_CASE("a member's page opens from the group's people, with the activity feed newest first") {
    MemberFixture f;
    UiDriver ui(f.state);
    open_member(f, ui, "Ann Lee");
    CHECK(ui.has_text("Back to Class 9A"));
    CHECK(ui.has_text("ann@riverside.example"));

    auto feed = must(activity(*f.store, f.owner, f.ann));
    // Posting in a discussion step completes it: four items, newest first, each with its time.
    REQUIRE(feed.size() == 4);
    float last_y = -1;
    for (const ActivityItem& item : feed) {
        const std::string summary = item.summary();
        const UiSnapshot::TextBox* box = ui.snapshot().find_text(summary);
        const UiSnapshot::Item* link = ui.find(summary);
        REQUIRE_MESSAGE((box != nullptr || link != nullptr), "the feed lacks " << summary);
        const float y = link != nullptr ? link->y : box->y;
        CHECK(y > last_y);
        last_y = y;
        CHECK(ui.has_text(format_day_time(item.at)));
    }
    CHECK(feed.back().summary() == "Completed step 1 of Algebra: Reading");
    CHECK(ui.has_text("Hello class"));
    CHECK(ui.has_text("Posted"));
    CHECK(ui.has_text("Submitted"));
    CHECK(ui.has_text("Completed"));

    REQUIRE(ui.click("Back to Class 9A"));
    CHECK(ui.has_text("Back to groups"));
    CHECK_FALSE(f.state.views.member.person.has_value());
}

TEST_CASE("the Courses tab has one card per course with progress and grade, the grade a dash until reviewed") {
    MemberFixture f;
    UiDriver ui(f.state);
    open_member(f, ui, "Ann Lee");
    REQUIRE(ui.click("Courses", 1));  // the tab (the sidebar's entry comes first)
    ui.frame(2);
    CHECK(ui.has_text("Algebra"));
    CHECK(ui.has_text("Biology"));
    CHECK(ui.has_text("100%"));  // Algebra's three steps: one completed, one submitted, one posted in
    CHECK(ui.has_text("3 of 3 steps done"));
    CHECK(ui.has_text("0%"));  // none of Biology's
    CHECK(ui.snapshot().find_text("\xe2\x80\x94") != nullptr);
    CHECK_FALSE(ui.has_text("of 10 points"));
    CHECK(ui.has_text("Waiting for review"));
    CHECK(ui.has_text("1. Reading"));
    CHECK(ui.has_text("2. Proofs"));

    must(give_review(*f.store, f.mia, f.proofs_work, {.points = 8, .feedback = "Good"}));
    ui.frame(2);
    CHECK(ui.has_text("80%"));
    CHECK(ui.has_text("(8 of 10 points)"));
    CHECK(ui.has_text("Reviewed: 8 of 10"));
}

TEST_CASE("a pending or reviewed item calls open_review with its work") {
    MemberFixture f;
    UiDriver ui(f.state);
    std::vector<Id> opened;
    f.state.views.member.open_review = [&opened](Id work) { opened.push_back(work); };
    open_member(f, ui, "Ann Lee");

    // From the feed: the submission.
    auto feed = must(activity(*f.store, f.owner, f.ann));
    std::string submitted;
    for (const ActivityItem& item : feed)
        if (item.kind == ActivityKind::kSubmitted) submitted = item.summary();
    REQUIRE(ui.click(submitted));
    REQUIRE(opened.size() == 1);
    CHECK(opened[0] == f.proofs_work);

    // From the card: the step waiting for review.
    REQUIRE(ui.click("Courses", 1));  // the tab (the sidebar's entry comes first)
    ui.frame(2);
    REQUIRE(ui.click("Open Proofs"));
    REQUIRE(opened.size() == 2);
    CHECK(opened[1] == f.proofs_work);
    // A plain completion opens nothing.
    CHECK(ui.find("Open Reading") == nullptr);
}

TEST_CASE("wired by the app, open_review opens the review dialog for a reviewer") {
    MemberFixture f;
    set_actor(f.state, f.mia);
    UiDriver ui(f.state);
    REQUIRE(static_cast<bool>(f.state.views.member.open_review));  // init_ui wires it
    open_member(f, ui, "Ann Lee");
    REQUIRE(ui.click("Courses", 1));  // the tab (the sidebar's entry comes first)
    ui.frame(2);
    REQUIRE(ui.click("Open Proofs"));
    ui.frame(2);
    CHECK(ui.has_text("x = 2"));
    CHECK(ui.find("Feedback") != nullptr);  // the review's own field: Mia may review it
    CHECK_FALSE(ui.has_text("Submitted work"));
}

TEST_CASE("the learner opening their own work reads it: answer, points and feedback") {
    MemberFixture f;
    must(give_review(*f.store, f.mia, f.proofs_work, {.points = 8, .feedback = "Well argued"}));
    set_actor(f.state, f.ann);
    UiDriver ui(f.state);
    open_member(f, ui, "Ann Lee", 1);  // her row (the top bar's acting person comes first)
    REQUIRE(ui.click("Courses", 1));   // the tab (the sidebar's entry comes first)
    ui.frame(2);
    REQUIRE(ui.click("Open Proofs"));
    ui.frame(2);
    CHECK(ui.has_text("Submitted work"));
    CHECK(ui.has_text("x = 2"));
    CHECK(ui.has_text("Points: 8 of 10"));
    CHECK(ui.has_text("Well argued"));
    CHECK(ui.has_text("Reviewed by Mia Stone"));
    REQUIRE(ui.click("Close"));
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Well argued"));
}

TEST_CASE("someone who does not oversee the member reads why instead of their work") {
    MemberFixture f;
    set_actor(f.state, f.carl);
    UiDriver ui(f.state);
    open_group_page(f.state, f.group);
    ui.frame(2);
    REQUIRE(ui.click("Ann Lee"));
    ui.frame(2);
    CHECK(ui.has_text("Carl Berg does not oversee Ann Lee"));
    CHECK_FALSE(ui.has_text("Hello class"));

    // Their mentor sees it all.
    set_actor(f.state, f.mia);
    ui.frame(2);
    CHECK(ui.has_text("Hello class"));
}
