// The review queue, reviewing, and the groups a mentor leads.
#include "core/learning/reviews.h"

#include <algorithm>
#include <unordered_set>

#include "core/access/access.h"
#include "core/learning/digest.h"
#include "core/learning/learning_internal.h"
#include "core/learning/work.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/oversight.h"
#include "core/text/text.h"

namespace grove {

namespace {

std::string item_sql(const char* where) {
    return std::string("SELECT w.id, w.user_id, u.first_name, u.last_name, u.email, c.id, c.name, c.slug, s.id, ") +
           learning::kStepNumberSql +
           ", s.title, s.points, w.completed_at, ifnull(w.answer, '') FROM step_work w "
           "JOIN users u ON u.id = w.user_id JOIN course_steps s ON s.id = w.step_id "
           "JOIN courses c ON c.id = s.course_id " +
           where;
}

ReviewItem read_item(Stmt& s) {
    ReviewItem it;
    it.work_id = s.col_int(0);
    it.user_id = s.col_int(1);
    it.name = person_name(s.col_text(2), s.col_text(3), s.col_text(4));
    it.email = s.col_text(4);
    it.course_id = s.col_int(5);
    it.course_name = s.col_text(6);
    it.course_slug = s.col_text(7);
    it.step_id = s.col_int(8);
    it.step_number = static_cast<int>(s.col_int(9));
    it.step_title = s.col_text(10);
    if (!s.col_null(11)) it.max_points = static_cast<int>(s.col_int(11));
    it.submitted_at = s.col_int(12);
    it.answer = s.col_text(13);
    return it;
}

// The pending work of these people, oldest first.
std::vector<ReviewItem> pending_of(Store& store, const std::vector<Id>& people) {
    std::vector<ReviewItem> out;
    auto s = store.db().prepare_once(item_sql("WHERE w.user_id = ? AND w.status = 'pending'"));
    for (Id p : people) {
        s->bind(1, p);
        while (s->step()) out.push_back(read_item(*s));
        s->reset();
    }
    return out;
}

void sort_queue(std::vector<ReviewItem>& items, bool by_step) {
    std::sort(items.begin(), items.end(), [by_step](const ReviewItem& a, const ReviewItem& b) {
        if (by_step) {
            if (a.course_id != b.course_id) {
                int c = natural_compare(a.course_name, b.course_name);
                return c != 0 ? c < 0 : a.course_id < b.course_id;
            }
            if (a.step_number != b.step_number) return a.step_number < b.step_number;
        }
        if (a.submitted_at != b.submitted_at) return a.submitted_at < b.submitted_at;
        return a.work_id < b.work_id;
    });
}

// Everyone `actor` oversees through their own staff roles: the people below them in every group they lead and
// the groups their oversight reaches.
std::vector<Id> overseen_people(Store& store, Id actor) {
    std::unordered_set<Id> all;
    for (const auto& m : memberships_of(store, actor)) {
        if (m.role == GroupRole::kMember) continue;
        for (Id p : learning::people_below(store, learning::reached_groups(store, m.group_id), m.role, actor))
            all.insert(p);
    }
    std::vector<Id> out(all.begin(), all.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::string waiting_text(std::int64_t ms) {
    if (ms < 60000) return "just now";
    std::int64_t minutes = ms / 60000;
    std::int64_t days = minutes / (60 * 24);
    std::int64_t hours = (minutes / 60) % 24;
    std::int64_t mins = minutes % 60;
    if (days > 0) return std::to_string(days) + "d " + std::to_string(hours) + "h";
    if (hours > 0) return std::to_string(hours) + "h " + std::to_string(mins) + "m";
    return std::to_string(mins) + "m";
}

Result<std::vector<ReviewItem>> review_queue(Store& store, Id actor, const QueueFilter& filter) {
    try {
        GROVE_TRY(authorize_read(store, actor));
        const bool manager = learning::manages_courses(store, actor);
        std::vector<ReviewItem> items;
        if (filter.member) {
            GROVE_LET(member, user_by_id(store, *filter.member));
            if (*filter.member == actor) {
                return forbidden("Nobody reviews their own work: " + member->display_name() +
                                 "'s submissions wait for the mentors who oversee them.");
            }
            GROVE_TRY(authorize(store, actor, Cmd::kReviewGive, {.person = *filter.member}));
            items = pending_of(store, {*filter.member});
        }
        if (filter.group) {
            GROVE_LET(group, group_by_id(store, *filter.group));
            auto staff = staff_role(store, actor, *filter.group);
            if (!manager && (!staff || staff->role == GroupRole::kMember)) {
                return forbidden(user_name(store, actor) + " does not oversee " + group->name +
                                 ": only its mentors and group admins, and course managers, see its reviews.");
            }
            auto people = learning::people_below(store, learning::reached_groups(store, *filter.group),
                                                 GroupRole::kMentor, actor);
            if (filter.member) {
                std::erase_if(items, [&](const ReviewItem& it) {
                    return !std::binary_search(people.begin(), people.end(), it.user_id);
                });
            } else {
                items = pending_of(store, people);
            }
        }
        if (!filter.member && !filter.group) {
            if (manager) {
                auto s = store.db().prepare_once(item_sql("WHERE w.status = 'pending' AND w.user_id != ?"));
                s->bind(1, actor);
                while (s->step()) items.push_back(read_item(*s));
            } else {
                items = pending_of(store, overseen_people(store, actor));
            }
        }
        sort_queue(items, filter.by_step);
        return items;
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

std::unordered_map<Id, int> pending_counts(Store& store, const std::vector<Id>& people) {
    std::unordered_map<Id, int> out;
    auto s = store.db().prepare("SELECT count(*) FROM step_work WHERE user_id = ? AND status = 'pending'");
    for (Id p : people) {
        s->bind(1, p);
        s->step();
        if (int n = static_cast<int>(s->col_int(0))) out[p] = n;
        s->reset();
    }
    return out;
}

int pending_count(Store& store, Id person) {
    auto counts = pending_counts(store, {person});
    auto it = counts.find(person);
    return it == counts.end() ? 0 : it->second;
}

Result<ReviewItem> review_item(Store& store, Id actor, Id work) {
    try {
        auto s = store.db().prepare_once(item_sql("WHERE w.id = ?"));
        s->bind(1, work);
        if (!s->step()) return not_found("There is no submission with ID " + std::to_string(work) + ".");
        ReviewItem item = read_item(*s);
        GROVE_TRY(authorize(store, actor, Cmd::kWorkView, {.person = item.user_id}));
        return item;
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<void> give_review(Store& store, Id actor, Id work_id, const ReviewInput& review) {
    return store.command<void>(kChangeLearning | kChangeNotifications | kChangeAudit, [&]() -> Result<void> {
        auto work = find_work(store, work_id);
        if (!work) return not_found("There is no submission with ID " + std::to_string(work_id) + ".");
        GROVE_LET(step, step_by_id(store, work->step_id));
        GROVE_LET(course, course_by_id(store, step->course_id));
        const std::string learner = user_name(store, work->user_id);
        const std::string where = learning::step_words(course->name, step->number, step->title);
        // authorize() refuses one's own work too, so that can() says so before anyone tries.
        GROVE_TRY(authorize(store, actor, Cmd::kReviewGive, {.person = work->user_id}));
        if (work->status == WorkStatus::kCompleted) {
            return conflict(learner + " completed " + where + " without an answer to review.");
        }
        if (work->status == WorkStatus::kReviewed) {
            return conflict(learner + "'s answer to " + where + " was already reviewed" +
                            (work->reviewer_name.empty() ? std::string() : " by " + work->reviewer_name) + ".");
        }
        if (review.points) {
            if (!step->points) {
                return bad_value("Step " + std::to_string(step->number) + " of " + course->name +
                                 " carries no points; leave feedback only.");
            }
            if (*review.points < 0 || *review.points > *step->points) {
                return bad_value("Points for step " + std::to_string(step->number) + " of " + course->name +
                                 " must be from 0 to " + std::to_string(*step->points) + "; " +
                                 std::to_string(*review.points) + " is not.");
            }
        }
        std::string feedback = trim(review.feedback);
        if (character_count(feedback) > kAnswerMaxCharacters) {
            return bad_value("The feedback is " + std::to_string(character_count(feedback)) +
                             " characters long; the most is " + std::to_string(kAnswerMaxCharacters) + ".");
        }
        if (!review.points && feedback.empty()) return bad_value("A review needs points or feedback.");
        std::int64_t now = store.now();
        auto s = store.db().prepare(
            "UPDATE step_work SET status = 'reviewed', points = ?, feedback = ?, reviewer_id = ?, reviewed_at = ?, "
            "updated_at = ? WHERE id = ?");
        if (review.points) {
            s->bind(1, static_cast<std::int64_t>(*review.points));
        } else {
            s->bind(1, std::nullopt);
        }
        s->bind(2, feedback).bind(3, actor).bind(4, now).bind(5, now).bind(6, work_id);
        s->run();
        // The notifications were about work waiting for review: it waits no more.
        store.db()
            .prepare("UPDATE notifications SET read_at = ? WHERE work_id = ? AND read_at IS NULL")
            ->bind_all(now, work_id)
            .run();
        std::string what = "reviewed " + learner + "'s answer to " + where;
        if (review.points)
            what += ": " + std::to_string(*review.points) + " of " + counted(*step->points, "point", "points");
        if (!feedback.empty()) what += review.points ? ", with feedback" : ", with feedback only";
        record_audit(store, actor, {"review.give", what + ".", std::nullopt, work->user_id});
        return {};
    });
}

std::vector<LedGroup> led_groups(Store& store, Id person) {
    std::vector<LedGroup> out;
    for (const auto& m : memberships_of(store, person)) {
        if (m.role == GroupRole::kMember) continue;
        auto g = find_group(store, m.group_id);
        if (!g) continue;
        LedGroup led;
        led.group = *g;
        led.role = m.role;
        led.digest = digest_on(store, person, m.group_id);
        auto people = learning::people_below(store, learning::reached_groups(store, m.group_id), m.role, person);
        auto counts = pending_counts(store, people);
        for (Id p : people) {
            auto u = find_user(store, p);
            if (!u) continue;
            LedMember lm{p, u->display_name(), u->email, 0};
            if (auto it = counts.find(p); it != counts.end()) lm.pending = it->second;
            led.pending += lm.pending;
            led.members.push_back(std::move(lm));
        }
        std::sort(led.members.begin(), led.members.end(), [](const LedMember& a, const LedMember& b) {
            int c = natural_compare(a.name, b.name);
            return c != 0 ? c < 0 : a.user_id < b.user_id;
        });
        out.push_back(std::move(led));
    }
    std::sort(out.begin(), out.end(), [](const LedGroup& a, const LedGroup& b) {
        int c = natural_compare(a.group.name, b.group.name);
        return c != 0 ? c < 0 : a.group.id < b.group.id;
    });
    return out;
}

}  // namespace grove
