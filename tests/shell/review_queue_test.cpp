// The learning side's reviews in the app (F20, F21, F37), driven headless: the bell, a group's review badges,
// the Reviews screen and the review dialog.
#include "shell/screens/review_queue.h"

#include <doctest/doctest.h>
#include <string>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "core/org/memberships.h"
#include "core/storage/store.h"
#include "learning_world.h"
#include "shell/screens/group_page.h"
#include "shell/session.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// Mia Moss mentors Grade 9A (Ann Lee, Ben Ode), who take Algebra: step 2 "Proofs" has 10 points, step 3
// "Essay" none; both are marked for review.
using Class = grove::ui::testing::LearningWorld;
using grove::ui::testing::kHour;

}  // namespace

TEST_CASE("a submission rings the mentor's bell; opening it shows the review and marks it read") {
    Class c;
    c.attach(Screen::Groups);
    c.submit(c.ann, c.proofs, "Because 2 + 2 = 4.");
    c.later(3 * kHour);
    set_actor(c.state, c.mentor);
    UiDriver ui(c.state);
    ui.frame(2);

    REQUIRE(ui.find("Notifications, 1 unread") != nullptr);
    REQUIRE(ui.click("Notifications, 1 unread"));
    ui.frame();
    CHECK(ui.has_text("Ann Lee submitted step 2 of Algebra: Proofs"));
    CHECK(ui.has_text("3h 0m ago"));

    REQUIRE(ui.click("Ann Lee submitted step 2 of Algebra: Proofs"));
    ui.frame(2);
    CHECK(ui.find("Submit review") != nullptr);
    CHECK(ui.has_text("Because 2 + 2 = 4."));
    CHECK(ui.find("Points, out of 10") != nullptr);
    CHECK(unread_notifications(*c.store, c.mentor) == 0);
    CHECK(ui.find("Notifications") != nullptr);  // no unread count any more
    CHECK(ui.find("Notifications, 1 unread") == nullptr);
}

TEST_CASE("Mark all read clears the bell") {
    Class c;
    c.attach(Screen::Groups);
    c.submit(c.ann, c.proofs, "One");
    c.submit(c.ben, c.proofs, "Two");
    set_actor(c.state, c.mentor);
    UiDriver ui(c.state);
    ui.frame(2);
    REQUIRE(ui.click("Notifications, 2 unread"));
    ui.frame();
    CHECK(ui.has_text("Ben Ode submitted step 2 of Algebra: Proofs"));
    REQUIRE(ui.click("Mark all read"));
    ui.frame(2);
    CHECK(unread_notifications(*c.store, c.mentor) == 0);
    CHECK(ui.find("Notifications, 2 unread") == nullptr);
}

TEST_CASE("a member's row shows a badge; reviewing with points and feedback clears it and the bell") {
    Class c;
    c.attach(Screen::Groups);
    const Id work = c.submit(c.ann, c.proofs, "Because 2 + 2 = 4.");
    set_actor(c.state, c.mentor);
    open_group_page(c.state, c.grade);
    UiDriver ui(c.state);
    ui.frame(2);

    CHECK(ui.find("Notifications, 1 unread") != nullptr);
    REQUIRE(ui.find("Review Ann Lee (1 waiting)") != nullptr);
    CHECK(ui.find("Review Ben Ode (1 waiting)") == nullptr);  // nothing waiting: no badge

    // The badge opens Ann's queue; its Review button, the dialog.
    REQUIRE(ui.click("Review Ann Lee (1 waiting)"));
    ui.frame(2);
    CHECK(c.state.screen == Screen::Reviews);
    CHECK(ui.has_text("Reviews: Ann Lee"));
    CHECK(ui.has_text("1 waiting"));
    REQUIRE(ui.click("Review Ann Lee: Algebra \xc2\xb7 Step 2: Proofs"));
    ui.frame(2);
    REQUIRE(ui.click("Points, out of 10"));
    ui.type("8");
    REQUIRE(ui.click("Feedback"));
    ui.type("Clear and short.");
    ui.frame();
    REQUIRE(ui.click("Submit review"));
    ui.frame(3);

    const auto done = find_work(*c.store, work);
    REQUIRE(done.has_value());
    CHECK(done->status == WorkStatus::kReviewed);
    CHECK(done->points == 8);
    CHECK(done->feedback == "Clear and short.");
    CHECK(ui.find("Submit review") == nullptr);  // the dialog closed
    CHECK(ui.has_text("Reviewed Ann Lee's step 2 of Algebra."));
    CHECK(ui.has_text("Nothing waiting"));
    CHECK(ui.find("Notifications, 1 unread") == nullptr);

    // Back on the group's page, the badge is gone.
    c.state.screen = Screen::Groups;
    ui.frame(2);
    CHECK(ui.find("Review Ann Lee (1 waiting)") == nullptr);
    CHECK(ui.has_text("Ann Lee"));
}

TEST_CASE("points above the step's maximum show the core's refusal and nothing is reviewed") {
    Class c;
    c.attach(Screen::Groups);
    const Id work = c.submit(c.ann, c.proofs, "My proof.");
    set_actor(c.state, c.mentor);
    UiDriver ui(c.state);
    open_review(c.state, work);
    ui.frame(2);
    REQUIRE(ui.click("Points, out of 10"));
    ui.type("12");
    ui.frame();
    REQUIRE(ui.click("Submit review"));
    ui.frame(2);

    const std::string refusal = c.state.views.reviews.form.error;
    CHECK_FALSE(refusal.empty());
    CHECK(ui.has_text(refusal));
    CHECK(ui.find("Submit review") != nullptr);  // still open, to correct
    CHECK(find_work(*c.store, work)->status == WorkStatus::kPending);
    CHECK(pending_count(*c.store, c.ann) == 1);

    // Not a number at all: said by the dialog, before the core.
    REQUIRE(ui.click("Points, out of 10"));
    ui.press(ImGuiKey_A, true);
    ui.type("ten");
    ui.frame();
    REQUIRE(ui.click("Submit review"));
    ui.frame(2);
    CHECK(ui.has_text("Points are a whole number from 0 to 10."));
}

TEST_CASE("a step without points offers no points field; feedback alone reviews it") {
    Class c;
    c.attach(Screen::Groups);
    const Id work = c.submit(c.ben, c.essay, "An essay.");
    set_actor(c.state, c.mentor);
    UiDriver ui(c.state);
    open_review(c.state, work);
    ui.frame(2);
    CHECK(ui.find("Points, out of 10") == nullptr);
    CHECK(ui.has_text("Algebra \xc2\xb7 Step 3: Essay"));
    REQUIRE(ui.click("Feedback"));
    ui.type("Good.");
    ui.frame();
    REQUIRE(ui.click("Submit review"));
    ui.frame(2);
    CHECK(find_work(*c.store, work)->status == WorkStatus::kReviewed);
}

TEST_CASE("the group's queue is oldest first with waiting times; By step reviews one step's answers in a row") {
    Class c;
    c.attach(Screen::Groups);
    const Id ann_proofs = c.submit(c.ann, c.proofs, "Ann's proof");
    c.later(kHour);
    const Id ben_essay = c.submit(c.ben, c.essay, "Ben's essay");
    c.later(kHour);
    const Id ben_proofs = c.submit(c.ben, c.proofs, "Ben's proof");
    c.later(2 * kHour);
    set_actor(c.state, c.mentor);
    open_group_page(c.state, c.grade);
    UiDriver ui(c.state);
    ui.frame(2);
    REQUIRE(ui.click("Review queue"));
    ui.frame(2);
    CHECK(c.state.screen == Screen::Reviews);
    CHECK(ui.has_text("Reviews: Grade 9A"));
    CHECK(ui.has_text("3 waiting"));
    // Oldest first: Ann's proof (4h), Ben's essay (3h), Ben's proof (2h).
    const auto* first = ui.find("Review Ann Lee: Algebra \xc2\xb7 Step 2: Proofs");
    const auto* second = ui.find("Review Ben Ode: Algebra \xc2\xb7 Step 3: Essay");
    const auto* third = ui.find("Review Ben Ode: Algebra \xc2\xb7 Step 2: Proofs");
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    REQUIRE(third != nullptr);
    CHECK(first->y < second->y);
    CHECK(second->y < third->y);
    CHECK(ui.has_text("4h"));

    // By step: the two answers to Proofs together, under their step's heading.
    REQUIRE(ui.click("By step"));
    ui.frame(2);
    CHECK(ui.has_text("Algebra \xc2\xb7 Step 2: Proofs   \xc2\xb7   2 waiting"));
    first = ui.find("Review Ann Lee: Algebra \xc2\xb7 Step 2: Proofs");
    second = ui.find("Review Ben Ode: Algebra \xc2\xb7 Step 2: Proofs");
    third = ui.find("Review Ben Ode: Algebra \xc2\xb7 Step 3: Essay");
    REQUIRE((first && second && third));
    CHECK(first->y < second->y);
    CHECK(second->y < third->y);

    // Reviewing Ann's proof opens Ben's proof next, not Ben's essay.
    REQUIRE(ui.click("Review Ann Lee: Algebra \xc2\xb7 Step 2: Proofs"));
    ui.frame(2);
    CHECK(ui.has_text("1 more answer to this step waiting"));
    REQUIRE(ui.click("Points, out of 10"));
    ui.type("9");
    ui.frame();
    REQUIRE(ui.click("Submit review"));
    ui.frame(2);
    CHECK(find_work(*c.store, ann_proofs)->status == WorkStatus::kReviewed);
    CHECK(c.state.views.reviews.form.work == ben_proofs);
    CHECK(ui.has_text("Ben's proof"));
    CHECK(ui.has_text("this is the last answer to this step waiting"));
    CHECK(find_work(*c.store, ben_essay)->status == WorkStatus::kPending);
}

TEST_CASE("a plain member cannot see a group's queue: the screen says why") {
    Class c;
    c.attach(Screen::Groups);
    c.submit(c.ann, c.proofs, "Mine");
    set_actor(c.state, c.ben);
    UiDriver ui(c.state);
    open_group_reviews(c.state, c.grade, "Grade 9A");
    ui.frame(2);
    CHECK(ui.has_text("This queue is not yours to see"));
    CHECK(ui.find("Review Ann Lee: Algebra \xc2\xb7 Step 2: Proofs") == nullptr);
}

TEST_CASE("a failed read of the notifications drops the bell for the frame, not the app") {
    Class c;
    c.attach(Screen::Groups);
    c.store->db().exec("PRAGMA foreign_keys = OFF");
    c.store->db().exec("DROP TABLE notifications");
    UiDriver ui(c.state);
    ui.frame(2);
    CHECK(ui.has_text("Riverside"));
    CHECK(ui.find("Notifications") == nullptr);
    CHECK(ui.find("People") != nullptr);
}

TEST_CASE("a notification of work someone else reviewed opens that review, read-only") {
    Class c;
    c.attach(Screen::Groups);
    const Id work = c.submit(c.ann, c.proofs, "Because.");
    must(give_review(*c.store, c.owner, work, {7, "Well argued."}));
    set_actor(c.state, c.mentor);
    UiDriver ui(c.state);
    ui.frame(2);
    // Reviewing it read everyone's notification of it; the list still has it.
    CHECK(ui.find("Notifications, 1 unread") == nullptr);
    REQUIRE(ui.click("Notifications"));
    ui.frame();
    REQUIRE(ui.click("Ann Lee submitted step 2 of Algebra: Proofs"));
    ui.frame(2);
    CHECK(ui.has_text("Reviewed by Olivia Owens on 1 Dec 2026: 7 of 10 points."));
    CHECK(ui.has_text("Well argued."));
    CHECK(ui.find("Submit review") == nullptr);
    REQUIRE(ui.click("Close"));
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Well argued."));
}
