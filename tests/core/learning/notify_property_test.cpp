// Property test of who a submission notifies (F20, F32): random group trees (some with inheritance off),
// random memberships and roles, changed between random submissions. An oracle reads the raw rows and walks
// up from each group where the learner is a member by itself; the notifications table must agree with it.
// The same random organisations check who oversees whom, and every review queue, against a second oracle.
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
// the last one), every direct mentor is notified, except the learner and deactivated mentors.
std::set<Id> oracle_recipients(Store& store, Id learner) {
    std::map<Id, std::pair<std::optional<Id>, bool>> groups;  // id -> parent, inherit
    auto g = store.db().prepare("SELECT id, parent_id, inherit FROM groups");
    while (g->step()) groups[g->col_int(0)] = {g->col_opt_int(1), g->col_int(2) != 0};
    std::multimap<Id, std::pair<Id, std::string>> members;  // group -> user, role
    auto m = store.db().prepare("SELECT group_id, user_id, role FROM memberships");
    while (m->step()) members.emplace(m->col_int(0), std::pair{m->col_int(1), m->col_text(2)});

    std::set<Id> deactivated;
    auto u = store.db().prepare("SELECT id FROM users WHERE status = 'deactivated'");
    while (u->step()) deactivated.insert(u->col_int(0));

    std::set<Id> out;
    for (const auto& [group, row] : members) {
        if (row.first != learner || row.second != "member") continue;
        std::optional<Id> at = group;
        while (at) {
            auto [from, to] = members.equal_range(*at);
            for (auto it = from; it != to; ++it)
                if (it->second.second == "mentor" && it->second.first != learner &&
                    !deactivated.count(it->second.first))
                    out.insert(it->second.first);
            const auto& [parent, inherit] = groups.at(*at);
            if (!inherit) break;
            at = parent;
        }
    }
    return out;
}

int rank(const std::string& role) { return role == "admin" ? 2 : role == "mentor" ? 1 : 0; }

// The oracle of oversight (F32): `overseer` holds a staff role, stronger than the person's own role, in one of
// the person's groups (not one where the person is a group admin) or in a group above it whose oversight
// reaches down to it.
bool oracle_oversees(Store& store, Id overseer, Id person) {
    if (overseer == person) return false;
    std::map<Id, std::pair<std::optional<Id>, bool>> groups;
    auto g = store.db().prepare("SELECT id, parent_id, inherit FROM groups");
    while (g->step()) groups[g->col_int(0)] = {g->col_opt_int(1), g->col_int(2) != 0};
    std::map<Id, std::string> own, theirs;  // group -> role of the person, of the overseer
    auto m = store.db().prepare("SELECT group_id, user_id, role FROM memberships WHERE user_id IN (?, ?)");
    m->bind(1, person).bind(2, overseer);
    while (m->step()) (m->col_int(1) == person ? own : theirs)[m->col_int(0)] = m->col_text(2);
    for (const auto& [group, role] : own) {
        if (role == "admin") continue;
        std::optional<Id> at = group;
        while (at) {
            auto it = theirs.find(*at);
            if (it != theirs.end() && rank(it->second) > rank(role)) return true;
            if (!groups.at(*at).second) break;
            at = groups.at(*at).first;
        }
    }
    return false;
}

// Who holds a notification of `work`: a submission made again replaces its notifications, so these are the
// ones its last submission made.
std::multiset<Id> notified_of(Store& store, Id work) {
    std::multiset<Id> out;
    auto s = store.db().prepare("SELECT user_id FROM notifications WHERE work_id = ?");
    s->bind(1, work);
    while (s->step()) out.insert(s->col_int(0));
    return out;
}

}  // namespace

TEST_CASE("random trees, memberships and submissions: the notified mentors are exactly the oracle's") {
    int submissions = 0, notified = 0, cut_off = 0, overseen = 0;
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
            switch (rng() % 5) {
                case 4: {
                    // Deactivate someone, or bring someone back.
                    Id p = pick(people);
                    const bool off = !chance(40);
                    (void)edit_user(s, f.owner, p, {.status = off ? UserStatus::kDeactivated : UserStatus::kActive});
                    break;
                }
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
            if (find_user(s, learner)->status != UserStatus::kActive) continue;
            const Step& step = steps[rng() % steps.size()];
            const std::set<Id> expected = oracle_recipients(s, learner);
            const std::vector<Id> api = mentors_to_notify(s, learner);
            CHECK(std::set<Id>(api.begin(), api.end()) == expected);
            CHECK(std::is_sorted(api.begin(), api.end()));
            CHECK(api.size() == expected.size());

            Id work = must(complete_step(s, learner, learner, step.id, "answer " + std::to_string(round))).id;
            const std::multiset<Id> got = notified_of(s, work);
            CHECK(got == std::multiset<Id>(expected.begin(), expected.end()));  // each mentor once
            ++submissions;
            notified += static_cast<int>(got.size());
        }
        // Oversight, asked of every pair: the authoriser's oversees() and each staff member's whole review queue
        // agree with the oracle (a queue holds the pending work of exactly the people one oversees).
        std::set<Id> with_pending;
        {
            auto q = s.db().prepare("SELECT DISTINCT user_id FROM step_work WHERE status = 'pending'");
            while (q->step()) with_pending.insert(q->col_int(0));
        }
        for (Id actor : people) {
            std::set<Id> expected_queue;
            for (Id person : people) {
                const bool oracle = oracle_oversees(s, actor, person);
                CHECK(oversees(s, actor, person) == oracle);
                if (oracle && with_pending.count(person)) expected_queue.insert(person);
                overseen += oracle;
            }
            if (find_user(s, actor)->status != UserStatus::kActive) continue;
            std::set<Id> queue_people;
            for (const ReviewItem& item : must(review_queue(s, actor))) queue_people.insert(item.user_id);
            CHECK(queue_people == expected_queue);
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
    CHECK(submissions > 12 * 20);
    CHECK(notified > submissions / 2);  // most submissions notify someone
    CHECK(cut_off > 0);                 // inheritance turned off did stop some mentor
    CHECK(overseen > 100);
}
