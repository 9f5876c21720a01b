// The mentor's home (F24), driven headless: the groups the acting person leads, each member's review badge,
// one click to review; the weekly digest's switch per group.
#include <doctest/doctest.h>
#include <string>

#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "learning_world.h"
#include "shell/session.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::kHour;
using grove::ui::testing::LearningWorld;
using grove::ui::testing::UiDriver;

TEST_CASE("a mentor's home lists their group with each member's badge; one click opens the oldest answer") {
    LearningWorld w;
    w.attach(Screen::Home);
    const Id essay = w.submit(w.ann, w.essay, "First");
    w.later(kHour);
    w.submit(w.ann, w.proofs, "Second");
    set_actor(w.state, w.mentor);
    UiDriver ui(w.state);
    ui.frame(2);

    CHECK(ui.find("Grade 9A") != nullptr);
    CHECK(ui.has_text("Mentor \xc2\xb7 2 members"));
    CHECK(ui.has_text("Ben Ode"));
    CHECK(ui.find("Review Grade 9A (2 waiting)") != nullptr);
    CHECK(ui.find("Review Ben Ode (0 waiting)") == nullptr);
    CHECK(ui.has_text("2 waiting for review in your groups"));
    REQUIRE(ui.click("Review Ann Lee (2 waiting)"));
    ui.frame(2);

    // Ann's queue behind, her oldest answer (the essay) in the dialog.
    CHECK(w.state.screen == Screen::Reviews);
    CHECK(w.state.views.reviews.form.work == essay);
    CHECK(ui.find("Submit review") != nullptr);
    CHECK(ui.has_text("First"));
}

TEST_CASE("someone who leads no group is told so, and the badge of the group clears once reviewed") {
    LearningWorld w;
    w.attach(Screen::Home);
    UiDriver ui(w.state);
    ui.frame(2);
    CHECK(ui.has_text("You lead no groups"));  // the owner mentors nobody

    const Id work = w.submit(w.ben, w.essay, "Essay");
    set_actor(w.state, w.mentor);
    ui.frame(2);
    REQUIRE(ui.find("Review Ben Ode (1 waiting)") != nullptr);
    grove::testing::must(give_review(*w.store, w.mentor, work, {std::nullopt, "Fine."}));
    ui.frame(2);
    CHECK(ui.find("Review Ben Ode (1 waiting)") == nullptr);
    CHECK(ui.has_text("Nothing waiting"));
}

TEST_CASE("the weekly digest is switched off and on for a group from home and from the group's menu") {
    LearningWorld w;
    w.attach(Screen::Home);
    set_actor(w.state, w.mentor);
    UiDriver ui(w.state);
    ui.frame(2);
    REQUIRE(digest_on(*w.store, w.mentor, w.grade));
    REQUIRE(ui.click("Weekly digest for Grade 9A"));
    ui.frame(2);
    CHECK_FALSE(digest_on(*w.store, w.mentor, w.grade));
    CHECK(ui.has_text("Weekly digest off for Grade 9A."));

    w.state.screen = Screen::Groups;
    ui.frame(2);
    REQUIRE(ui.click("Actions for Grade 9A"));
    ui.frame(2);
    REQUIRE(ui.click("Weekly digest: off"));
    ui.frame(2);
    CHECK(digest_on(*w.store, w.mentor, w.grade));
    CHECK(ui.has_text("Weekly digest on for Grade 9A."));
}

TEST_CASE("a group's menu offers the digest only to its staff") {
    LearningWorld w;
    w.attach(Screen::Groups);
    set_actor(w.state, w.ann);
    UiDriver ui(w.state);
    ui.frame(2);
    if (ui.find("All groups") != nullptr) {
        ui.click("All groups");
        ui.frame();
    }
    REQUIRE(ui.click("Actions for Grade 9A"));
    ui.frame(2);
    CHECK(ui.find("Weekly digest: on") == nullptr);
    CHECK(ui.find("Weekly digest: off") == nullptr);
}

TEST_CASE("someone in two of the mentor's groups has their work counted once in the total") {
    LearningWorld w;
    const Id club = w.group("Maths club");
    grove::testing::must(add_people(*w.store, w.owner, club, {{w.mentor}, {}, GroupRole::kAdmin}));
    grove::testing::must(add_people(*w.store, w.owner, club, {{w.ann}, {}, GroupRole::kMember}));
    w.attach(Screen::Home);
    w.submit(w.ann, w.proofs, "Mine");
    set_actor(w.state, w.mentor);
    UiDriver ui(w.state);
    ui.frame(2);
    CHECK(ui.find("Review Grade 9A (1 waiting)") != nullptr);
    CHECK(ui.find("Review Maths club (1 waiting)") != nullptr);
    CHECK(ui.has_text("Group admin \xc2\xb7 1 member"));
    CHECK(ui.has_text("1 waiting for review in your groups"));
}
