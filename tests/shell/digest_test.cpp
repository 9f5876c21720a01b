// The weekly digest in the app (F23), driven headless: pending reviews with their waiting time, each member's
// progress this week or "no progress this week", and Save as HTML through the platform, escaped.
#include <doctest/doctest.h>
#include <string>

#include "../must.h"
#include "core/org/people.h"
#include "learning_world.h"
#include "shell/screens/review_queue.h"
#include "shell/session.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::kDay;
using grove::ui::testing::kHour;
using grove::ui::testing::LearningWorld;
using grove::ui::testing::UiDriver;

TEST_CASE("the digest shows the pending answer with its wait and who made no progress this week") {
    LearningWorld w;
    w.attach(Screen::Home);
    w.complete(w.ben, w.lesson);
    w.later(kHour);
    w.submit(w.ben, w.proofs, "Ben's proof");
    w.later(2 * kDay + 3 * kHour);
    set_actor(w.state, w.mentor);
    UiDriver ui(w.state);
    ui.frame(2);
    REQUIRE(ui.click("View weekly digest"));
    ui.frame(3);

    CHECK(ui.has_text("Waiting for your review (1)"));
    CHECK(ui.has_text("2d 3h"));
    CHECK(ui.has_text("Ben Ode"));
    CHECK(ui.has_text("Grade 9A"));
    CHECK(ui.has_text("Algebra: 66% done, 2 steps this week"));
    CHECK(ui.has_text("Algebra: 0% done, no progress this week"));  // Ann did nothing
    REQUIRE(ui.click("Close"));
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Waiting for your review (1)"));
}

TEST_CASE("Save as HTML hands the platform one HTML file with every name escaped") {
    LearningWorld w;
    w.attach(Screen::Home);
    must(edit_user(*w.store, w.owner, w.ann, {.first_name = std::string("<img src=x onerror=alert(1)>")}));
    w.submit(w.ann, w.proofs, "<script>alert(2)</script>");
    set_actor(w.state, w.mentor);
    UiDriver ui(w.state);
    ui.frame(2);
    REQUIRE(ui.click("View weekly digest"));
    ui.frame(2);
    REQUIRE(ui.click("Save as HTML"));
    ui.frame(2);

    REQUIRE(w.platform.downloads().size() == 1);
    const auto& file = w.platform.downloads().front();
    CHECK(file.file_name == "weekly-digest-2026-12-01.html");
    CHECK(file.mime_type == "text/html");
    const std::string html(file.bytes.begin(), file.bytes.end());
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(ui.has_text("Saved as weekly-digest-2026-12-01.html."));
}
