// A learner's work (core/learning/work.cpp): completing and submitting, progress and grade, who a submission
// notifies, discussion posts and the activity feed.
#include <doctest/doctest.h>

#include "learning_support.h"

using namespace grove;
using grove::testing::kDayMs;
using grove::testing::must;
using grove::testing::recipients;
using grove::testing::School;

TEST_CASE("only an enrolled learner completes steps, and a step marked for review needs an answer") {
    School f;
    Store& s = f.store();
    const auto before = f.bytes();
    auto stranger = complete_step(s, f.ben, f.ben, f.lesson.id, std::nullopt);
    REQUIRE_FALSE(stranger);
    CHECK(stranger.error().message == "Ben Ode is not enrolled in Algebra.");

    auto no_answer = complete_step(s, f.ann, f.ann, f.essay.id, std::nullopt);
    REQUIRE_FALSE(no_answer);
    CHECK(no_answer.error().code == ErrorCode::kBadValue);
    CHECK(no_answer.error().message == "Step 2 of Algebra is marked for review: it needs an answer.");
    CHECK_FALSE(complete_step(s, f.ann, f.ann, f.essay.id, std::string("   ")));
    CHECK_FALSE(complete_step(s, f.ann, f.ann, f.essay.id, std::string(kAnswerMaxCharacters + 1, 'x')));

    // A mentor does not complete steps for their learner; a course manager records them (an LMS import).
    auto for_other = complete_step(s, f.mia, f.ann, f.lesson.id, std::nullopt);
    REQUIRE_FALSE(for_other);
    CHECK(for_other.error().code == ErrorCode::kForbidden);
    CHECK(for_other.error().message.starts_with("Mia Mentor may not complete steps for this person."));
    CHECK(f.bytes() == before);

    auto done = must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    CHECK(done.status == WorkStatus::kCompleted);
    CHECK_FALSE(done.answer.has_value());
    auto recorded = must(complete_step(s, f.owner, f.eli, f.lesson.id, std::nullopt, f.clock_ms - 3 * kDayMs));
    CHECK(recorded.user_id == f.eli);
    CHECK(recorded.completed_at < f.clock_ms - 2 * kDayMs);

    auto submitted = must(complete_step(s, f.ann, f.ann, f.essay.id, std::string("x + 1 > x")));
    CHECK(submitted.status == WorkStatus::kPending);
    CHECK(submitted.answer == "x + 1 > x");
    CHECK(work_of(s, f.ann, f.essay.id)->id == submitted.id);
    CHECK(pending_count(s, f.ann) == 1);
}

TEST_CASE("completing a step again changes nothing; submitting again replaces the answer and waits again") {
    School f;
    Store& s = f.store();
    auto first = must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    auto again = must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    CHECK(again.id == first.id);
    CHECK(again.completed_at == first.completed_at);

    Id work = f.submit(f.ann, f.essay, "First try");
    must(give_review(s, f.mia, work, {4, "Try again"}));
    CHECK(work_of(s, f.ann, f.essay.id)->status == WorkStatus::kReviewed);
    CHECK(grade_text(progress_of(s, f.ann, f.course)[0]) == "40%");

    f.wait(kDayMs);
    auto resubmitted = must(complete_step(s, f.ann, f.ann, f.essay.id, std::string("Second try")));
    CHECK(resubmitted.id == work);
    CHECK(resubmitted.status == WorkStatus::kPending);
    CHECK(resubmitted.answer == "Second try");
    CHECK_FALSE(resubmitted.points.has_value());
    CHECK(resubmitted.completed_at > first.completed_at + kDayMs / 2);
    CHECK(pending_count(s, f.ann) == 1);
    // Waiting again: the grade no longer counts the old review, and the mentors hear of it again (the review
    // had marked the first notification read; the new one replaces it).
    CHECK(grade_text(progress_of(s, f.ann, f.course)[0]) == "—");
    CHECK(unread_notifications(s, f.mia) == 1);
    auto bell = notifications(s, f.mia);
    REQUIRE(bell.size() == 1);
    CHECK(bell[0].unread);
    CHECK(bell[0].at == resubmitted.completed_at);
}

TEST_CASE("progress counts completed steps rounded down; the grade counts reviewed points rounded to nearest") {
    School f;
    Store& s = f.store();
    auto quiz = must(add_step(s, f.owner, f.course, {"Quiz", StepKind::kQuiz, true, 3}));
    // Four steps now: Variables, Proofs (10 points), Reflection (no points), Quiz (3 points).
    auto p = progress_of(s, f.ann, f.course);
    REQUIRE(p.size() == 1);
    CHECK(p[0].steps == 4);
    CHECK(p[0].completed == 0);
    CHECK(p[0].progress_percent == 0);
    CHECK_FALSE(p[0].grade_percent.has_value());
    CHECK(grade_text(p[0]) == "—");

    must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    Id essay = f.submit(f.ann, f.essay);
    Id reflection = f.submit(f.ann, f.reflection);
    p = progress_of(s, f.ann, f.course);
    CHECK(p[0].completed == 3);  // a pending submission counts as completed
    CHECK(p[0].progress_percent == 75);
    CHECK(grade_text(p[0]) == "—");  // nothing reviewed yet

    must(give_review(s, f.mia, reflection, {std::nullopt, "Thoughtful"}));
    CHECK(grade_text(progress_of(s, f.ann, f.course)[0]) == "—");  // a step without points does not grade

    Id q = f.submit(f.ann, quiz);
    must(give_review(s, f.mia, q, {2, ""}));
    p = progress_of(s, f.ann, f.course);
    CHECK(p[0].progress_percent == 100);
    CHECK(p[0].points_awarded == 2);
    CHECK(p[0].points_possible == 3);
    CHECK(p[0].grade_percent == 67);  // 66.7 rounds up
    CHECK(grade_text(p[0]) == "67%");

    must(give_review(s, f.mia, essay, {8, ""}));
    p = progress_of(s, f.ann, f.course);
    CHECK(p[0].points_awarded == 10);
    CHECK(p[0].points_possible == 13);
    CHECK(p[0].grade_percent == 77);  // 76.9

    // Three steps of four: 75; one of three rounds down to 33; two of three to 66.
    School g;
    must(complete_step(g.store(), g.ann, g.ann, g.lesson.id, std::nullopt));
    CHECK(progress_of(g.store(), g.ann, g.course)[0].progress_percent == 33);
    g.submit(g.ann, g.essay);
    CHECK(progress_of(g.store(), g.ann, g.course)[0].progress_percent == 66);

    // A course without steps: 0%.
    Id empty = must(create_course(s, f.owner, "Empty")).id;
    must(enrol(s, f.ann, empty, {f.ann}));
    auto all = progress_of(s, f.ann);
    REQUIRE(all.size() == 2);
    CHECK(all[0].course.name == "Algebra");
    CHECK(all[1].course.name == "Empty");
    CHECK(all[1].progress_percent == 0);
    CHECK(progress_of(s, f.ben).empty());
}

TEST_CASE("each step's state shows on the progress card") {
    School f;
    Store& s = f.store();
    must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    Id essay = f.submit(f.ann, f.essay);
    must(give_review(s, f.mia, essay, {9, "Good"}));
    f.submit(f.ann, f.reflection);
    auto p = progress_of(s, f.ann, f.course);
    REQUIRE(p[0].states.size() == 3);
    CHECK(p[0].states[0].status == WorkStatus::kCompleted);
    CHECK(p[0].states[1].status == WorkStatus::kReviewed);
    CHECK(p[0].states[1].points == 9);
    CHECK(p[0].states[1].work_id == essay);
    CHECK(p[0].states[2].status == WorkStatus::kPending);
    CHECK(progress_of(s, f.eli, f.course)[0].states[0].status == WorkStatus::kNone);
    CHECK(progress_of(s, f.ann, f.course, false)[0].states.empty());
    CHECK(parse_work_status(work_status_key(WorkStatus::kReviewed)) == WorkStatus::kReviewed);
}

TEST_CASE("a submission notifies the mentors of the learner's groups and of groups above; never admins") {
    School f;
    Store& s = f.store();
    Id work = f.submit(f.ann, f.essay);
    // Mia mentors Class 9A; Dora mentors the District, whose oversight reaches down. Gus (group admin), Ben
    // (a mentor elsewhere), the owner and Ann herself are not notified.
    CHECK(recipients(s, work) == std::vector<Id>{f.mia, f.dora});
    CHECK(mentors_to_notify(s, f.ann) == std::vector<Id>{f.mia, f.dora});
    CHECK(unread_notifications(s, f.gus) == 0);
    CHECK(unread_notifications(s, f.ann) == 0);
    auto bell = notifications(s, f.mia);
    REQUIRE(bell.size() == 1);
    CHECK(bell[0].text == "Ann Lee submitted step 2 of Algebra: Proofs");
    CHECK(bell[0].unread);
    CHECK(bell[0].work_id == work);
    CHECK(bell[0].learner_id == f.ann);

    // Completing a step that is not for review notifies nobody.
    must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    CHECK(unread_notifications(s, f.mia) == 1);

    // Grade 9 turns inheritance off: the District's mentor no longer hears of Class 9A.
    must(edit_group(s, f.owner, f.grade, {.inherit = false}));
    CHECK(mentors_to_notify(s, f.ann) == std::vector<Id>{f.mia});
    Id eli_work = f.submit(f.eli, f.essay);
    CHECK(recipients(s, eli_work) == std::vector<Id>{f.mia});
    CHECK(unread_notifications(s, f.dora) == 1);

    // A mentor who is a learner too is never notified of their own work.
    must(edit_group(s, f.owner, f.grade, {.inherit = true}));
    f.join(f.klass, f.dora);
    must(enrol(s, f.dora, f.course, {f.dora}));
    Id dora_work = f.submit(f.dora, f.essay);
    CHECK(recipients(s, dora_work) == std::vector<Id>{f.mia});
    CHECK(mentors_to_notify(s, f.dora) == std::vector<Id>{f.mia});
}

TEST_CASE("a deactivated mentor is not notified; a review marks the work's notifications read for everyone") {
    School f;
    Store& s = f.store();
    must(edit_user(s, f.owner, f.dora, {.status = UserStatus::kDeactivated}));
    CHECK(mentors_to_notify(s, f.ann) == std::vector<Id>{f.mia});
    Id work = f.submit(f.ann, f.essay);
    CHECK(recipients(s, work) == std::vector<Id>{f.mia});
    must(edit_user(s, f.owner, f.dora, {.status = UserStatus::kActive}));
    Id other = f.submit(f.eli, f.essay);
    CHECK(recipients(s, other) == std::vector<Id>{f.mia, f.dora});
    must(give_review(s, f.mia, other, {5, ""}));
    CHECK(unread_notifications(s, f.dora) == 0);
    CHECK(unread_notifications(s, f.mia) == 1);  // Ann's essay still waits
}

TEST_CASE("notifications are read one by one or all at once, only one's own") {
    School f;
    Store& s = f.store();
    f.submit(f.ann, f.essay);
    f.submit(f.eli, f.essay);
    f.submit(f.ann, f.reflection);
    CHECK(unread_notifications(s, f.mia) == 3);
    auto bell = notifications(s, f.mia);
    REQUIRE(bell.size() == 3);
    CHECK(bell[0].at >= bell[1].at);  // newest first
    CHECK(bell[0].text == "Ann Lee submitted step 3 of Algebra: Reflection");

    // Dora may not mark Mia's notification read.
    auto others = mark_notifications_read(s, f.dora, {bell[0].id});
    CHECK((!others || *others == 0));
    CHECK(unread_notifications(s, f.mia) == 3);

    CHECK(must(mark_notifications_read(s, f.mia, {bell[0].id})) == 1);
    CHECK(unread_notifications(s, f.mia) == 2);
    CHECK(notifications(s, f.mia, true).size() == 2);
    CHECK(must(mark_notifications_read(s, f.mia)) == 2);
    CHECK(unread_notifications(s, f.mia) == 0);
    CHECK(notifications(s, f.mia).size() == 3);
    CHECK(unread_notifications(s, f.dora) == 3);
}

TEST_CASE("enrolled people and course managers post in a step's discussion") {
    School f;
    Store& s = f.store();
    auto post = must(post_discussion(s, f.ann, f.reflection.id, "Is x always positive?"));
    CHECK(post.author == "Ann Lee");
    f.wait(60000);
    must(post_discussion(s, f.ada, f.reflection.id, "No."));
    auto refused = post_discussion(s, f.ben, f.reflection.id, "Hi");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "Ben Ode may not post in Algebra: only the people enrolled in it, and course managers, post in its "
          "discussions.");
    CHECK_FALSE(post_discussion(s, f.ann, f.reflection.id, ""));
    CHECK_FALSE(post_discussion(s, f.ann, f.reflection.id, std::string(kAnswerMaxCharacters + 1, 'x')));
    auto posts = step_posts(s, f.reflection.id);
    REQUIRE(posts.size() == 2);
    CHECK(posts[0].body == "Is x always positive?");
    CHECK(posts[1].author == "Ada Admin");
}

TEST_CASE("the activity feed holds completions, submissions, posts and reviews received, newest first") {
    School f;
    Store& s = f.store();
    must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    f.wait(60000);
    Id essay = f.submit(f.ann, f.essay, "x + 1 > x");
    f.wait(60000);
    must(post_discussion(s, f.ann, f.reflection.id, "A question"));
    f.wait(60000);
    must(give_review(s, f.mia, essay, {8, "Well argued"}));
    // Someone else's work is not in Ann's feed, nor her mentor's review of it.
    must(complete_step(s, f.eli, f.eli, f.lesson.id, std::nullopt));

    auto feed = must(activity(s, f.ann, f.ann));
    REQUIRE(feed.size() == 4);
    CHECK(feed[0].kind == ActivityKind::kReviewed);
    CHECK(feed[0].points == 8);
    CHECK(feed[0].max_points == 10);
    CHECK(feed[0].reviewer == "Mia Mentor");
    CHECK(feed[0].text == "Well argued");
    CHECK(feed[0].work_id == essay);
    CHECK(feed[0].summary() == "Received a review of step 2 of Algebra: Proofs: 8 of 10 points (by Mia Mentor)");
    CHECK(feed[1].kind == ActivityKind::kPosted);
    CHECK(feed[1].text == "A question");
    CHECK(feed[2].kind == ActivityKind::kSubmitted);
    CHECK(feed[2].text == "x + 1 > x");
    CHECK(feed[2].summary() == "Submitted an answer to step 2 of Algebra: Proofs");
    CHECK(feed[3].kind == ActivityKind::kCompleted);
    CHECK(feed[3].step_number == 1);
    CHECK(feed[3].course_name == "Algebra");
    for (std::size_t i = 1; i < feed.size(); ++i) CHECK(feed[i - 1].at >= feed[i].at);
    CHECK(std::string(activity_kind_key(ActivityKind::kPosted)) == "posted");
    CHECK(must(activity(s, f.ann, f.ann, 2)).size() == 2);
}

TEST_CASE("a person's activity is seen by themselves, those who oversee them and course managers") {
    School f;
    Store& s = f.store();
    f.submit(f.ann, f.essay);
    CHECK(activity(s, f.ann, f.ann));
    CHECK(activity(s, f.mia, f.ann));   // her mentor
    CHECK(activity(s, f.dora, f.ann));  // a mentor from above
    CHECK(activity(s, f.gus, f.ann));   // a group admin from above
    CHECK(activity(s, f.ada, f.ann));   // a course manager
    auto ben = activity(s, f.ben, f.ann);
    REQUIRE_FALSE(ben);
    CHECK(ben.error().code == ErrorCode::kForbidden);
    CHECK(ben.error().message ==
          "Ben Ode does not oversee Ann Lee: only the mentors and group admins of their groups, and course "
          "managers, may see this person's work.");
    auto peer = activity(s, f.eli, f.ann);
    REQUIRE_FALSE(peer);
    CHECK(peer.error().message.starts_with("Eli Ek does not oversee Ann Lee"));
    // Nobody above reaches once the class turns inheritance off, but its own mentor still does.
    must(edit_group(s, f.owner, f.klass, {.inherit = false}));
    CHECK_FALSE(activity(s, f.dora, f.ann));
    CHECK_FALSE(activity(s, f.gus, f.ann));
    CHECK(activity(s, f.mia, f.ann));
}

TEST_CASE("completions, submissions and posts are in the audit log with names") {
    School f;
    Store& s = f.store();
    const std::size_t before = f.audit_size();
    must(complete_step(s, f.ann, f.ann, f.lesson.id, std::nullopt));
    f.submit(f.ann, f.essay);
    must(post_discussion(s, f.ann, f.reflection.id, "Hello"));
    must(complete_step(s, f.owner, f.eli, f.lesson.id, std::nullopt));
    auto entries = f.audit_since(before);
    REQUIRE(entries.size() == 4);
    for (int i = 0; i < 3; ++i) {
        CHECK(entries[static_cast<std::size_t>(i)].actor_name == "Ann Lee");
        CHECK(entries[static_cast<std::size_t>(i)].summary.find("Algebra") != std::string::npos);
    }
    CHECK(entries[0].summary.find("Variables") != std::string::npos);
    CHECK(entries[1].summary.find("Proofs") != std::string::npos);
    CHECK(entries[2].summary.find("Reflection") != std::string::npos);
    CHECK(entries[3].actor_name == "Olive Owner");
    CHECK(entries[3].summary.find("Eli Ek") != std::string::npos);
    CHECK(entries[3].user_name == "Eli Ek");
}
