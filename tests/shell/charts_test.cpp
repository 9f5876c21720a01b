// Charts (F31, shell/widgets/charts.cpp): each drawn with its text equivalent, the label tests and screen readers read.
#include <doctest/doctest.h>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "shell/screens/group_page.h"
#include "shell/screens/group_size_chart.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using grove::testing::must;
using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr std::int64_t kStart = 1796115600000;  // 2026-12-01T09:00:00Z
constexpr std::int64_t kDayMs = 86'400'000;

// Grade 9 created on 1 Dec 2026 with Ada; Ben and Cy join on 4 Dec; Ada leaves on 6 Dec; today is 7 Dec.
struct Riverside : ShellFixture {
    Id ada = 0, ben = 0, cy = 0, grade = 0;
    Riverside() : ShellFixture({.seed = 9, .clock_start = kStart}) {
        ada = person("ada@riverside.example", "Ada", "Lovelace");
        ben = person("ben@riverside.example", "Ben", "Ode");
        cy = person("cy@riverside.example", "Cy", "Young");
        grade = group("Grade 9");
        must(add_people(*store, owner, grade, {.users = {ada}}));
        clock_ms += 3 * kDayMs;
        must(add_people(*store, owner, grade, {.users = {ben, cy}}));
        clock_ms += 2 * kDayMs;
        must(remove_member(*store, owner, grade, ada));
        clock_ms += kDayMs;
        attach(Screen::Groups);
    }
};

constexpr const char* kGradeText =
    "Group size over time: 1 member on 1 Dec 2026, 3 on 4 Dec 2026, 2 on 6 Dec 2026, 2 on 7 Dec 2026";

}  // namespace

TEST_CASE("a group's page shows its size over time, with the series in words as the chart's label") {
    Riverside f;
    open_group_page(f.state, f.grade);
    UiDriver ui(f.state);
    ui.frame(2);
    CHECK(ui.has_text("Size over time"));
    const UiSnapshot::Item* chart = ui.find(kGradeText);
    REQUIRE(chart != nullptr);
    CHECK(chart->w > 200);
    CHECK(chart->h > 50);
    CHECK(ui.has_text("since the group was created, counted back from today's 2 through the audit log."));

    // Hovering the chart's right end shows today's exact value.
    ui.move_to(chart->x + chart->w - 2, chart->y + chart->h / 2);
    ui.frame(2);
    CHECK(ui.has_text("7 Dec 2026: 2 members"));
    // And its left end, the first day.
    ui.move_to(chart->x + 60, chart->y + chart->h / 2);
    ui.frame(2);
    CHECK(ui.has_text("1 Dec 2026: 1 member (1 joined)"));
}

TEST_CASE("Show as table lists the days that changed, and the chart comes back") {
    Riverside f;
    open_group_page(f.state, f.grade);
    UiDriver ui(f.state);
    ui.frame(2);
    // The chart labels its first and last days only; the people's Joined column says 4 Dec (Ben and Cy).
    CHECK(ui.snapshot().find_text("6 Dec 2026") == nullptr);
    REQUIRE(ui.click("Show as table"));
    ui.frame(2);
    CHECK(ui.find(kGradeText) == nullptr);
    CHECK(ui.snapshot().find_text("Left") != nullptr);
    CHECK(ui.snapshot().find_text("6 Dec 2026") != nullptr);  // Ada left
    CHECK(ui.snapshot().find_text("1 Dec 2026") != nullptr);  // the first day
    CHECK(ui.snapshot().find_text("7 Dec 2026") != nullptr);  // today
    CHECK_FALSE(ui.has_text("5 Dec 2026"));                   // nothing happened that day
    REQUIRE(ui.click("Show as table"));
    ui.frame(2);
    CHECK(ui.find(kGradeText) != nullptr);
}

TEST_CASE("the chart is read again when the group's members change, not every frame") {
    Riverside f;
    open_group_page(f.state, f.grade);
    UiDriver ui(f.state);
    ui.frame(2);
    const std::uint64_t stamp = f.state.views.groups.size.model.stamp;
    ui.frame(3);
    CHECK(f.state.views.groups.size.model.stamp == stamp);
    must(add_people(*f.store, f.owner, f.grade, {.users = {f.ada}}));
    ui.frame(2);
    CHECK(ui.find("Group size over time: 1 member on 1 Dec 2026, 3 on 4 Dec 2026, 2 on 6 Dec 2026, 3 on 7 Dec 2026") !=
          nullptr);
}

TEST_CASE("a deactivated acting person sees the core's refusal instead of the chart") {
    Riverside f;
    must(edit_user(*f.store, f.owner, f.ben, {.status = UserStatus::kDeactivated}));
    const GroupSizeModel m = read_group_size(*f.store, f.ben, f.grade);
    CHECK(m.error == "Ben Ode may not look at the organisation: their account is deactivated.");
    CHECK(m.points.empty());
    CHECK(m.text.empty());
}

TEST_CASE("Settings shows the plan's groups used as a bar with its numbers and its text equivalent") {
    ShellFixture f({.plan = Plan::kEssentials, .seed = 5});
    for (const char* name : {"Grade 9", "Grade 10", "Grade 11"}) f.group(name);
    f.attach(Screen::Settings);
    UiDriver ui(f.state);
    ui.frame(2);
    const UiSnapshot::Item* bar = ui.find("Groups used: 3 of 5 groups on the Essentials plan, 2 left");
    REQUIRE(bar != nullptr);
    CHECK(ui.has_text("3 of 5 groups"));
    ui.move_to(bar->x + bar->w / 2, bar->y + bar->h / 2);
    ui.frame(2);
    CHECK(ui.has_text("3 of 5 groups: 2 left"));
}

TEST_CASE("a course's Enrolled tab shows a completion chart and a progress bar per learner") {
    ShellFixture f({.seed = 7, .clock_start = kStart});
    const Id ann = f.person("ann@riverside.example", "Ann", "Lee");
    const Id ben = f.person("ben@riverside.example", "Ben", "Ode");
    const Id cy = f.person("cy@riverside.example", "Cy", "Young");
    const Id course = must(create_course(*f.store, f.owner, "Algebra")).id;
    const Id one = must(add_step(*f.store, f.owner, course, {.title = "Numbers"})).id;
    const Id two = must(add_step(*f.store, f.owner, course, {.title = "Letters"})).id;
    must(enrol(*f.store, f.owner, course, {ann, ben, cy}));
    must(complete_step(*f.store, ann, ann, one, std::nullopt));
    must(complete_step(*f.store, ann, ann, two, std::nullopt));
    must(complete_step(*f.store, ben, ben, one, std::nullopt));
    f.attach(Screen::Courses);
    UiDriver ui(f.state, {.width = 1400, .height = 900});
    REQUIRE(ui.click("Algebra"));
    ui.frame(2);
    REQUIRE(ui.click("Enrolled"));
    ui.frame(2);
    CHECK(ui.find("Completion of Algebra: 1 of 3 enrolled completed, 1 in progress, 1 not started") != nullptr);
    CHECK(ui.has_text("Completed 1"));
    CHECK(ui.has_text("Not started 1"));
    const UiSnapshot::Item* ann_bar = ui.find("Progress of Ann Lee: 100%");
    REQUIRE(ann_bar != nullptr);
    CHECK(ann_bar->value == doctest::Approx(1.0f));
    const UiSnapshot::Item* ben_bar = ui.find("Progress of Ben Ode: 50%");
    REQUIRE(ben_bar != nullptr);
    CHECK(ben_bar->value == doctest::Approx(0.5f));
    CHECK(ui.find("Progress of Cy Young: 0%") != nullptr);
}

TEST_CASE("in a short window the group's size is one line in words, under the same text equivalent") {
    Riverside f;
    open_group_page(f.state, f.grade);
    UiDriver ui(f.state, {.width = 800, .height = 600});
    ui.frame(2);
    const UiSnapshot::Item* line = ui.find(kGradeText);
    REQUIRE(line != nullptr);
    CHECK(line->h < 30);
    CHECK(ui.find("Show as table") == nullptr);
    CHECK(ui.has_text("1 member on 1 Dec 2026, 3 on 4 Dec 2026"));
}
