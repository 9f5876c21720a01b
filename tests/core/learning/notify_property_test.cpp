// Property test of who a submission notifies (F20, F32): random group trees (some with inheritance off),
// random memberships and roles, changed between random submissions. An oracle reads the raw rows and walks
// up from each group where the learner is a member by itself; the notifications table must agree with it.
#include <doctest/doctest.h>
#include <map>
#include <random>
#include <set>

#include "learning_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

// The oracle: from each group where the learner holds the member role, up through the parents for as long
// as the group walked from lets its parents' staff reach down (the first group with inheritance off is
// the last one), every direct mentor is notified, except the learner.
std::set<Id> oracle_recipients(Store& store, Id learner) {
    std::map<Id, std::pair<std::optional<Id>, bool>> groups;  // id -> parent, inherit
    auto g = store.db().prepare("SELECT id, parent_id, inherit FROM groups");
    while (g->step()) groups[g->col_int(0)] = {g->col_opt_int(1), g->col_int(2) != 0};
    std::multimap<Id, std::pair<Id, std::string>> members;  // group -> user, role
    auto m = store.db().prepare("SELECT group_id, user_id, role FROM memberships");
    while (m->step()) members.emplace(m->col_int(0), std::pair{m->col_int(1), m->col_text(2)});

    std::set<Id> out;
    for (const auto& [group, row] : members) {
        if (row.first != learner || row.second != "member") continue;
        std::optional<Id> at = group;
        while (at) {
            auto [from, to] = members.equal_range(*at);
            for (auto it = from; it != to; ++it)
                if (it->second.second == "mentor" && it->second.first != learner) out.insert(it->second.first);
            const auto& [parent, inherit] = groups.at(*at);
            if (!inherit) break;
            at = parent;
        }
    }
    return out;
}

// The notifications made since `after` (a notification ID), as (recipient, work) rows.
std::multiset<Id> new_recipients(Store& store, Id after, Id work) {
    std::multiset<Id> out;
    auto s = store.db().prepare("SELECT user_id, work_id FROM notifications WHERE id > ?");
    s->bind(1, after);
    while (s->step()) {
        CHECK(s->col_int(1) == work);
        out.insert(s->col_int(0));
    }
    return out;
}

Id last_notification(Store& store) {
    auto s = store.db().prepare("SELECT coalesce(max(id), 0) FROM notifications");
    s->step();
    return s->col_int(0);
}

}  // namespace

TEST_CASE("random trees, memberships and submissions: the notified mentors are exactly the oracle's") {
    int submissions = 0, notified = 0, cut_off = 0;
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
        auto pick = [&](const std::vector<Id>& from) { return from[rng() % from.size()]; };
        Fixture f(Plan::kEnterprise, seed);
        Store& s = f.store();

        std::vector<Id> groups;
        const int group_count = 12 + static_cast<int>(rng() % 20);
        for (int i = 0; i < group_count; ++i) {
            std::optional<Id> parent;
            if (!groups.empty() && chance(80)) parent = pick(groups);
            groups.push_back(f.group("G" + std::to_string(i + 1), parent));
            if (parent && chance(20)) must(edit_group(s, f.owner, groups.back(), {.inherit = false}));
        }
        std::vector<Id> people;
        const int people_count = 10 + static_cast<int>(rng() % 20);
        for (int i = 0; i < people_count; ++i)
            people.push_back(f.person("p" + std::to_string(i) + "@x.org", "P", "N" + std::to_string(i)));
        auto random_role = [&] {
            int r = static_cast<int>(rng() % 100);
            return r < 60 ? GroupRole::kMember : r < 85 ? GroupRole::kMentor : GroupRole::kAdmin;
        };
        for (int i = 0; i < people_count * 3; ++i) {
            (void)add_people(s, f.owner, pick(groups), {{pick(people)}, {}, random_role()});
        }

        Id course = must(create_course(s, f.owner, "Course")).id;
        std::vector<Step> steps;
        for (int i = 0; i < 3; ++i)
            steps.push_back(
                must(add_step(s, f.owner, course, {"Step " + std::to_string(i), StepKind::kAssignment, true, 10})));
        must(enrol(s, f.owner, course, people));

        for (int round = 0; round < 40; ++round) {
            // Change the organisation a little between submissions.
            switch (rng() % 4) {
                case 0: {
                    Id g = pick(groups);
                    bool inherit = !chance(30);
                    (void)edit_group(s, f.owner, g, {.inherit = inherit});
                    break;
                }
                case 1: (void)remove_member(s, f.owner, pick(groups), pick(people)); break;
                default: (void)add_people(s, f.owner, pick(groups), {{pick(people)}, {}, random_role()}); break;
            }
            Id learner = pick(people);
            const Step& step = steps[rng() % steps.size()];
            const std::set<Id> expected = oracle_recipients(s, learner);
            const std::vector<Id> api = mentors_to_notify(s, learner);
            CHECK(std::set<Id>(api.begin(), api.end()) == expected);
            CHECK(std::is_sorted(api.begin(), api.end()));
            CHECK(api.size() == expected.size());

            const Id before = last_notification(s);
            Id work = must(complete_step(s, learner, learner, step.id, "answer " + std::to_string(round))).id;
            const std::multiset<Id> got = new_recipients(s, before, work);
            CHECK(got == std::multiset<Id>(expected.begin(), expected.end()));  // each mentor once
            ++submissions;
            notified += static_cast<int>(got.size());
        }
        // How many mentors in a group above a learner do not reach them because inheritance is off on the
        // way: the random trees must exercise that rule, not only the plain walk.
        for (Id learner : people) {
            auto reach = oracle_recipients(s, learner);
            auto ms = s.db().prepare(
                "SELECT m2.user_id FROM memberships m JOIN groups g ON g.id = m.group_id "
                "JOIN memberships m2 ON m2.group_id = g.parent_id AND m2.role = 'mentor' "
                "WHERE m.user_id = ? AND m.role = 'member' AND g.inherit = 0 AND m2.user_id <> m.user_id");
            ms->bind(1, learner);
            while (ms->step()) cut_off += reach.count(ms->col_int(0)) == 0;
        }
    }
    CHECK(submissions == 12 * 40);
    CHECK(notified > submissions / 2);  // most submissions notify someone
    CHECK(cut_off > 0);                 // inheritance turned off did stop some mentor
}
