// Reviews (core/learning/reviews.cpp): who may review what, the limits of points, the fair queue, leavers,
// and a mentor's home.
#include <doctest/doctest.h>

#include "learning_support.h"

using namespace grove;
using grove::testing::kDayMs;
using grove::testing::kHourMs;
using grove::testing::kMinuteMs;
using grove::testing::must;
using grove::testing::School;
using grove::testing::work_ids;

TEST_CASE("waiting times read as days and hours, hours and minutes, minutes, or just now") {
    CHECK(waiting_text(0) == "just now");
    CHECK(waiting_text(59 * 1000) == "just now");
    CHECK(waiting_text(kMinuteMs) == "1m");
    CHECK(waiting_text(7 * kMinuteMs + 59 * 1000) == "7m");
    CHECK(waiting_text(kHourMs) == "1h 0m");
    CHECK(waiting_text(5 * kHourMs + 12 * kMinuteMs) == "5h 12m");
    CHECK(waiting_text(kDayMs - 1) == "23h 59m");
    CHECK(waiting_text(kDayMs) == "1d 0h");
    CHECK(waiting_text(3 * kDayMs + 4 * kHourMs + 59 * kMinuteMs) == "3d 4h");
    CHECK(waiting_text(400 * kDayMs) == "400d 0h");
}

TEST_CASE("points are whole, from 0 to the step's maximum, and only on a step with points") {
    School f;
    Store& s = f.store();
    Id essay = f.submit(f.ann, f.essay);
    Id reflection = f.submit(f.ann, f.reflection);
    const auto before = f.bytes();

    auto above = give_review(s, f.mia, essay, {11, ""});
    REQUIRE_FALSE(above);
    CHECK(above.error().code == ErrorCode::kBadValue);
    CHECK(above.error().message == "Points for step 2 of Algebra must be from 0 to 10; 11 is not.");
    auto negative = give_review(s, f.mia, essay, {-1, ""});
    REQUIRE_FALSE(negative);
    CHECK(negative.error().code == ErrorCode::kBadValue);
    auto pointless = give_review(s, f.mia, reflection, {3, "Nice"});
    REQUIRE_FALSE(pointless);
    CHECK(pointless.error().code == ErrorCode::kBadValue);
    CHECK(pointless.error().message == "Step 3 of Algebra carries no points; leave feedback only.");
    auto empty = give_review(s, f.mia, essay, {std::nullopt, ""});
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::kBadValue);
    CHECK(f.bytes() == before);

    must(give_review(s, f.mia, essay, {10, ""}));  // the maximum itself
    must(give_review(s, f.mia, reflection, {std::nullopt, "Feedback alone"}));
    auto reviewed = *find_work(s, reflection);
    CHECK(reviewed.status == WorkStatus::kReviewed);
    CHECK(reviewed.feedback == "Feedback alone");
    CHECK(reviewed.reviewer_id == f.mia);
    CHECK(reviewed.reviewer_name == "Mia Mentor");
    CHECK(reviewed.reviewed_at.has_value());

    // A review is given once: the item is no longer pending.
    auto twice = give_review(s, f.dora, essay, {5, ""});
    REQUIRE_FALSE(twice);
    CHECK(find_work(s, essay)->points == 10);

    // Feedback alone on a step with points is a review too.
    Id eli = f.submit(f.eli, f.essay);
    must(give_review(s, f.mia, eli, {std::nullopt, "Please show your steps"}));
    CHECK(find_work(s, eli)->status == WorkStatus::kReviewed);
    CHECK_FALSE(find_work(s, eli)->points.has_value());
}

TEST_CASE("the mentors and group admins who oversee the learner review, and course managers; nobody else") {
    School f;
    Store& s = f.store();
    Id a = f.submit(f.ann, f.essay);
    Id b = f.submit(f.ann, f.reflection);
    Id c = f.submit(f.eli, f.essay);
    Id d = f.submit(f.eli, f.reflection);
    const auto before = f.bytes();

    auto ben = give_review(s, f.ben, a, {5, ""});
    REQUIRE_FALSE(ben);
    CHECK(ben.error().code == ErrorCode::kForbidden);
    CHECK(ben.error().message ==
          "Ben Ode does not oversee Ann Lee: only the mentors and group admins of their groups, and course "
          "managers, may review this work.");
    auto peer = give_review(s, f.eli, a, {5, ""});
    REQUIRE_FALSE(peer);
    CHECK(peer.error().message.starts_with("Eli Ek does not oversee Ann Lee"));
    CHECK_FALSE(review_item(s, f.ben, a));
    CHECK(f.bytes() == before);

    CHECK(review_item(s, f.gus, a)->name == "Ann Lee");
    must(give_review(s, f.gus, a, {7, ""}));                  // a group admin from above, never notified
    must(give_review(s, f.dora, b, {std::nullopt, "Good"}));  // a mentor from above
    must(give_review(s, f.mia, c, {6, ""}));                  // the class's mentor
    must(give_review(s, f.ada, d, {std::nullopt, "Fine"}));   // a course manager (Admin)
    CHECK(pending_count(s, f.ann) + pending_count(s, f.eli) == 0);
    CHECK(progress_of(s, f.ann, f.course)[0].grade_percent == 70);
    CHECK(progress_of(s, f.eli, f.course)[0].grade_percent == 60);
}

TEST_CASE("nobody reviews their own work, not even the Owner") {
    School f;
    Store& s = f.store();
    must(enrol(s, f.owner, f.course, {f.owner}));
    Id own = must(complete_step(s, f.owner, f.owner, f.essay.id, std::string("Mine"))).id;
    auto refused = give_review(s, f.owner, own, {10, "Perfect"});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message.find("own work") != std::string::npos);
    // A mentor who is also a learner neither reviews their own submission.
    f.join(f.grade, f.mia);
    must(enrol(s, f.mia, f.course, {f.mia}));
    Id mias = f.submit(f.mia, f.essay);
    CHECK_FALSE(give_review(s, f.mia, mias, {10, ""}));
    // And their own items are in none of their queues.
    CHECK(work_ids(must(review_queue(s, f.owner))) == std::vector<Id>{mias});
    for (const auto& item : must(review_queue(s, f.mia))) CHECK(item.user_id != f.mia);
    must(give_review(s, f.ada, own, {10, ""}));  // a course manager may
}

TEST_CASE("the queue is oldest first with waiting times; a reviewed item leaves every queue") {
    School f;
    Store& s = f.store();
    Id first = f.submit(f.eli, f.reflection);
    f.wait(kDayMs);
    Id second = f.submit(f.ann, f.essay);
    f.wait(kHourMs);
    Id third = f.submit(f.eli, f.essay);
    f.wait(3 * kDayMs);

    auto queue = must(review_queue(s, f.mia, {.group = f.klass}));
    CHECK(work_ids(queue) == std::vector<Id>{first, second, third});
    CHECK(queue[0].name == "Eli Ek");
    CHECK(queue[0].course_slug == "algebra");
    CHECK(queue[0].step_number == 3);
    CHECK(queue[0].step_title == "Reflection");
    CHECK(queue[0].answer == "My answer");
    CHECK(queue[1].max_points == 10);
    CHECK(waiting_text(s.now() - queue[0].submitted_at).starts_with("4d 1h"));

    // The same item in every queue it belongs to: the class's, the grade's, the member's, the district
    // mentor's and the course manager's.
    CHECK(work_ids(must(review_queue(s, f.gus, {.group = f.school}))) == std::vector<Id>{first, second, third});
    CHECK(work_ids(must(review_queue(s, f.mia, {.member = f.ann}))) == std::vector<Id>{second});
    CHECK(work_ids(must(review_queue(s, f.dora))) == std::vector<Id>{first, second, third});
    CHECK(work_ids(must(review_queue(s, f.ada))) == std::vector<Id>{first, second, third});
    CHECK(must(review_queue(s, f.ben)).empty());

    must(give_review(s, f.mia, second, {9, "Well done"}));
    CHECK(work_ids(must(review_queue(s, f.mia, {.group = f.klass}))) == std::vector<Id>{first, third});
    CHECK(work_ids(must(review_queue(s, f.dora, {.group = f.district}))) == std::vector<Id>{first, third});
    CHECK(must(review_queue(s, f.mia, {.member = f.ann})).empty());
    CHECK(work_ids(must(review_queue(s, f.dora))) == std::vector<Id>{first, third});
    CHECK(work_ids(must(review_queue(s, f.ada))) == std::vector<Id>{first, third});
    CHECK(pending_count(s, f.ann) == 0);
    CHECK(pending_count(s, f.eli) == 2);
    auto counts = pending_counts(s, {f.ann, f.eli, f.mia});
    CHECK(counts.size() == 1);
    CHECK(counts.at(f.eli) == 2);
    // A reviewed item still opens, as its review shows it.
    CHECK(review_item(s, f.mia, second)->step_title == "Proofs");
}

TEST_CASE("a group's and a member's queue need oversight of them") {
    School f;
    Store& s = f.store();
    f.submit(f.ann, f.essay);
    auto ben = review_queue(s, f.ben, {.group = f.klass});
    REQUIRE_FALSE(ben);
    CHECK(ben.error().code == ErrorCode::kForbidden);
    CHECK(ben.error().message.find("Ben Ode") != std::string::npos);
    CHECK_FALSE(review_queue(s, f.eli, {.group = f.klass}));
    auto member = review_queue(s, f.ben, {.member = f.ann});
    REQUIRE_FALSE(member);
    CHECK(member.error().message.starts_with("Ben Ode does not oversee Ann Lee"));
    CHECK(review_queue(s, f.ada, {.group = f.club}));
    CHECK(must(review_queue(s, f.ben, {.group = f.club})).empty());
}

TEST_CASE("a leaver's items drop out of the group's queue; oversight from elsewhere keeps them") {
    School f;
    Store& s = f.store();
    Id anns = f.submit(f.ann, f.essay);
    Id elis = f.submit(f.eli, f.essay);
    f.join(f.club, f.ann);  // Ann plays chess too: Ben mentors her there
    CHECK(work_ids(must(review_queue(s, f.ben, {.group = f.club}))) == std::vector<Id>{anns});

    must(remove_member(s, f.owner, f.klass, f.ann));
    CHECK(work_ids(must(review_queue(s, f.mia, {.group = f.klass}))) == std::vector<Id>{elis});
    CHECK(work_ids(must(review_queue(s, f.gus, {.group = f.school}))) == std::vector<Id>{elis});
    CHECK(work_ids(must(review_queue(s, f.mia))) == std::vector<Id>{elis});
    auto left = give_review(s, f.mia, anns, {5, ""});
    REQUIRE_FALSE(left);
    CHECK(left.error().message.starts_with("Mia Mentor does not oversee Ann Lee"));
    // Still pending: the chess club's mentor sees it and may review it; so may a course manager.
    CHECK(pending_count(s, f.ann) == 1);
    CHECK(work_ids(must(review_queue(s, f.ben))) == std::vector<Id>{anns});
    CHECK(work_ids(must(review_queue(s, f.ada))) == std::vector<Id>{anns, elis});
    must(give_review(s, f.ben, anns, {5, ""}));
}

TEST_CASE("batching by step groups the queue by course and step, oldest first within each") {
    School f;
    Store& s = f.store();
    Id geometry = must(create_course(s, f.owner, "Geometry")).id;
    auto angles = must(add_step(s, f.owner, geometry, {"Angles", StepKind::kAssignment, true, 5}));
    must(enrol(s, f.owner, geometry, {f.ann, f.eli}));

    Id g1 = f.submit(f.eli, angles);
    f.wait(kMinuteMs);
    Id r1 = f.submit(f.ann, f.reflection);
    f.wait(kMinuteMs);
    Id e1 = f.submit(f.eli, f.essay);
    f.wait(kMinuteMs);
    Id e2 = f.submit(f.ann, f.essay);
    f.wait(kMinuteMs);
    Id r2 = f.submit(f.eli, f.reflection);
    f.wait(kMinuteMs);
    Id g2 = f.submit(f.ann, angles);

    CHECK(work_ids(must(review_queue(s, f.mia, {.group = f.klass}))) == std::vector<Id>{g1, r1, e1, e2, r2, g2});
    // Algebra step 2, Algebra step 3, Geometry step 1.
    CHECK(work_ids(must(review_queue(s, f.mia, {.group = f.klass, .by_step = true}))) ==
          std::vector<Id>{e1, e2, r1, r2, g1, g2});
    CHECK(work_ids(must(review_queue(s, f.mia, {.member = f.eli, .by_step = true}))) == std::vector<Id>{e1, r2, g1});
}

TEST_CASE("a mentor's home lists the groups they lead, each member with a badge") {
    School f;
    Store& s = f.store();
    Id mo = f.person("mo@hill.edu", "Mo", "Cole");
    f.join(f.klass, mo, GroupRole::kMentor);  // a co-mentor: not one of Mia's learners
    f.submit(f.ann, f.essay);
    f.submit(f.ann, f.reflection);
    Id other = f.group("Class 9B", f.grade);
    f.join(other, f.mia, GroupRole::kAdmin);

    auto led = led_groups(s, f.mia);
    REQUIRE(led.size() == 2);
    CHECK(led[0].group.name == "Class 9A");
    CHECK(led[0].role == GroupRole::kMentor);
    CHECK(led[0].pending == 2);
    CHECK(led[0].digest);
    REQUIRE(led[0].members.size() == 2);
    CHECK(led[0].members[0].name == "Ann Lee");
    CHECK(led[0].members[0].pending == 2);
    CHECK(led[0].members[1].name == "Eli Ek");
    CHECK(led[0].members[1].pending == 0);
    CHECK(led[1].group.name == "Class 9B");
    CHECK(led[1].role == GroupRole::kAdmin);
    CHECK(led[1].members.empty());
    CHECK(led[1].pending == 0);

    // Members lead nothing; a mentor elsewhere leads their own group only.
    CHECK(led_groups(s, f.ann).empty());
    auto ben = led_groups(s, f.ben);
    REQUIRE(ben.size() == 1);
    CHECK(ben[0].group.id == f.club);

    // The badge clears once the work is reviewed, and a turned-off digest shows.
    auto queue = must(review_queue(s, f.mia, {.member = f.ann}));
    for (const auto& item : queue) must(give_review(s, f.mia, item.work_id, {std::nullopt, "ok"}));
    must(set_digest(s, f.mia, f.klass, false));
    led = led_groups(s, f.mia);
    CHECK(led[0].pending == 0);
    CHECK(led[0].members[0].pending == 0);
    CHECK_FALSE(led[0].digest);
}

TEST_CASE("a review is in the audit log, naming the reviewer, the learner and the step") {
    School f;
    Store& s = f.store();
    Id work = f.submit(f.ann, f.essay);
    const std::size_t before = f.audit_size();
    must(give_review(s, f.mia, work, {8, "Good"}));
    auto entries = f.audit_since(before);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].actor_name == "Mia Mentor");
    CHECK(entries[0].user_name == "Ann Lee");
    CHECK(entries[0].summary.starts_with("Mia Mentor "));
    CHECK(entries[0].summary.find("Ann Lee") != std::string::npos);
    CHECK(entries[0].summary.find("Proofs") != std::string::npos);
}
