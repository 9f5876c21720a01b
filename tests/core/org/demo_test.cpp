// The generated demo district (core/org/demo.cpp).
#include <doctest/doctest.h>
#include <set>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "test_support.h"

using namespace grove;
using grove::testing::must;

TEST_CASE("the demo district has departments, a few hundred people, nested groups and staff roles") {
    StoreOptions options;
    options.seed = 1;
    auto store = Store::open(":memory:", options);
    REQUIRE(store);
    Store& s = **store;
    auto org = generate_demo(s, demo_district());
    REQUIRE(org);
    CHECK(org->name == "Riverside School District");
    CHECK(org->plan == Plan::kEnterprise);
    int people = user_count(s);
    CHECK(people > 300);
    CHECK(people < 1000);
    auto tree = group_tree(s, GroupSort::kTitle);
    CHECK(tree.size() == 1 + 4 * (1 + 4 * (1 + 2)) + 2);  // and two smart groups
    // The smart groups are filled by their rules, as the engine keeps them.
    for (const char* slug : {"all-teachers", "algebra-finishers"}) {
        INFO(slug);
        auto smart = find_group_by_slug(s, slug);
        REQUIRE(smart);
        CHECK(is_smart(s, smart->id));
        auto members = rule_members_from_scratch(s, smart->id);
        CHECK_FALSE(members.empty());
        CHECK(static_cast<size_t>(count_group_people(group_people(s, smart->id)).direct) == members.size());
    }
    CHECK(smart_rule(s, find_group_by_slug(s, "all-teachers")->id)->text ==
          R"(field "Job Title" is one of ("Teacher", "Principal"))");
    int deepest = 0;
    std::set<std::string> slugs;
    for (const auto& row : tree) {
        deepest = std::max(deepest, row.depth);
        slugs.insert(row.slug);
    }
    CHECK(deepest == 3);
    CHECK(slugs.size() == tree.size());
    CHECK(department_tree(s).size() == 2 + 4 * 5);
    CHECK(list_fields(s).size() == 4);

    // The owner can act at once, and the principal leads a school's whole subtree by inheritance.
    Id owner = *owner_id(s);
    CHECK(create_group(s, owner, {"New", "", {}, {}, {}}));
    auto school = find_group_by_slug(s, "riverside-high");
    REQUIRE(school);
    auto klass = find_group_by_slug(s, "riverside-high-class-9a");
    REQUIRE(klass);
    auto people_of_class = group_people(s, klass->id);
    int inherited_admins = 0;
    for (const auto& p : people_of_class)
        if (!p.direct() && p.effective_role() == GroupRole::kAdmin) ++inherited_admins;
    CHECK(inherited_admins == 1);
    CHECK(all_role_grants(s).size() >= 4 + 4);
}

TEST_CASE("a large organisation has about the asked numbers") {
    auto store = Store::open(":memory:");
    REQUIRE(store);
    auto org = generate_demo(**store, large_organisation(5000, 500, 20000));
    REQUIRE(org);
    CHECK(user_count(**store) >= 5000);
    CHECK(group_tree(**store, GroupSort::kNewest).size() >= 500);
}

TEST_CASE("the demo's history is believable: people join groups after they open, over weeks, never in the future") {
    StoreOptions options;
    options.seed = 2;
    auto store = Store::open(":memory:", options);
    REQUIRE(store);
    Store& s = **store;
    REQUIRE(generate_demo(s, demo_district()));
    const std::int64_t now = s.now();
    std::set<std::int64_t> days;
    int checked = 0;
    for (const GroupRow& row : group_tree(s, GroupSort::kTitle)) {
        for (const GroupPerson& p : group_people(s, row.id)) {
            if (!p.direct()) continue;
            ++checked;
            CHECK(p.joined_at >= row.created_at);
            CHECK(p.joined_at <= now);
            CHECK(p.joined_at >= p.user.created_at);
            days.insert(p.joined_at / 86400000);
        }
    }
    CHECK(checked > 300);
    CHECK(days.size() > 20);  // spread over weeks, not all on the day the demo was made
    CHECK(days.count(now / 86400000) == 0);
    // The district's own group is not empty: the district office belongs to it.
    auto district = find_group_by_slug(s, "riverside-district");
    REQUIRE(district);
    CHECK(group_people(s, district->id).size() == 3);
}

namespace {

std::unique_ptr<Store> demo_store(std::uint64_t seed) {
    StoreOptions options;
    options.seed = seed;
    options.clock = [] { return std::int64_t{1796115600000}; };  // 2026-12-01T09:00:00Z
    auto store = Store::open(":memory:", options);
    REQUIRE(store);
    REQUIRE(generate_demo(**store, demo_district()));
    return std::move(store).value();
}

std::int64_t count_of(Store& s, const char* sql) {
    auto q = s.db().prepare(sql);
    REQUIRE(q->step());
    return q->col_int(0);
}

}  // namespace

TEST_CASE("the demo has courses with steps for review and with points, enrolled learners and their work") {
    auto store = demo_store(3);
    Store& s = *store;
    const std::int64_t now = s.now();
    const Id owner = *owner_id(s);

    auto courses = list_courses(s);
    REQUIRE(courses.size() == 4);
    int review_steps = 0, pointed_steps = 0;
    for (const Course& c : courses) {
        CHECK(c.steps >= 3);
        CHECK(c.enrolled > 50);
        for (const Step& step : course_steps(s, c.id)) {
            review_steps += step.review;
            pointed_steps += step.points.has_value();
            CHECK((!step.points || step.review));  // points are given by a review
        }
    }
    CHECK(review_steps >= 5);
    CHECK(pointed_steps >= 3);

    // Work over the last weeks, never in the future and never before the learner was enrolled.
    CHECK(count_of(s,
                   "SELECT count(*) FROM step_work w JOIN course_steps st ON st.id = w.step_id "
                   "LEFT JOIN enrolments e ON e.course_id = st.course_id AND e.user_id = w.user_id "
                   "WHERE e.id IS NULL OR w.completed_at < e.created_at") == 0);
    CHECK(count_of(s, "SELECT max(completed_at) FROM step_work") < now);
    CHECK(count_of(s, "SELECT count(DISTINCT completed_at / 86400000) FROM step_work") > 20);
    CHECK(count_of(s, "SELECT count(*) FROM posts") > 20);

    // Reviewed work with points and feedback from a mentor who oversees the learner; work still waiting.
    auto reviewed = s.db().prepare(
        "SELECT user_id, reviewer_id, points, feedback, reviewed_at, completed_at FROM step_work "
        "WHERE status = 'reviewed'");
    int reviews = 0, with_points = 0;
    while (reviewed->step()) {
        ++reviews;
        with_points += !reviewed->col_null(2);
        CHECK(oversees(s, reviewed->col_int(1), reviewed->col_int(0)));
        CHECK(reviewed->col_int(4) >= reviewed->col_int(5));
        CHECK(reviewed->col_int(4) < now);
    }
    CHECK(reviews > 50);
    CHECK(with_points > 20);
    CHECK(count_of(s,
                   "SELECT count(*) FROM step_work w JOIN course_steps st ON st.id = w.step_id "
                   "WHERE w.points > st.points OR (w.points IS NOT NULL AND st.points IS NULL)") == 0);
    auto pending = must(review_queue(s, owner));
    CHECK(pending.size() > 30);

    // Each pending submission notified exactly the mentors who oversee its learner, and they are unread.
    for (const ReviewItem& item : pending) {
        auto q = s.db().prepare(
            "SELECT user_id FROM notifications WHERE work_id = ? AND read_at IS NULL "
            "ORDER BY user_id");
        q->bind(1, item.work_id);
        std::vector<Id> got;
        while (q->step()) got.push_back(q->col_int(0));
        CHECK(got == mentors_to_notify(s, item.user_id));
        CHECK_FALSE(got.empty());
    }

    // A class mentor's home has badges and their digest shows both progress and its lack last week.
    auto klass = find_group_by_slug(s, "riverside-high-class-9a");
    REQUIRE(klass);
    Id mentor = 0;
    for (const GroupPerson& p : group_people(s, klass->id))
        if (p.direct_role == GroupRole::kMentor) mentor = p.user.id;
    REQUIRE(mentor);
    auto led = led_groups(s, mentor);
    REQUIRE_FALSE(led.empty());
    CHECK(led[0].pending > 0);
    CHECK(unread_notifications(s, mentor) > 0);
    auto digest = must(weekly_digest(s, mentor));
    REQUIRE_FALSE(digest.groups.empty());
    int moved = 0, still = 0;
    for (const auto& m : digest.groups[0].members)
        for (const auto& c : m.courses) (c.steps_this_week > 0 ? moved : still) += 1;
    CHECK(moved > 0);
    CHECK(still > 0);
    CHECK(digest_text(digest).find("no progress this week") != std::string::npos);

    // A learner's page has a feed and progress cards with a grade.
    int graded = 0;
    for (const GroupPerson& p : group_people(s, klass->id)) {
        if (p.direct_role != GroupRole::kMember || p.user.status != UserStatus::kActive) continue;
        for (const CourseProgress& c : progress_of(s, p.user.id)) graded += c.grade_percent.has_value();
        CHECK(activity(s, mentor, p.user.id));
    }
    CHECK(graded > 3);
}

TEST_CASE("the demo is the same every time for the same seed and clock") {
    auto a = demo_store(9);
    auto b = demo_store(9);
    CHECK(a->db().serialize() == b->db().serialize());
}
