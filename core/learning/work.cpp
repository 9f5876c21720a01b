// A learner's work: completions, submissions and the notifications they send, posts, progress, activity.
#include "core/learning/work.h"

#include <algorithm>
#include <unordered_set>

#include "core/access/access.h"
#include "core/learning/learning_internal.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/oversight.h"
#include "core/text/text.h"

namespace grove {

namespace learning {

std::string step_words(const std::string& course, int number, const std::string& title) {
    return "step " + std::to_string(number) + " (" + title + ") of " + course;
}

bool manages_courses(Store& store, Id person) {
    Power p = power_of(store, person);
    return p.owner || (p.org_wide & kPermCourses) != 0;
}

std::vector<Id> reached_groups(Store& store, Id group) {
    std::vector<Id> out{group};
    for (Id g : group_descendants(store, group)) {
        auto chain = oversight_chain(store, g);
        if (std::find(chain.begin(), chain.end(), group) != chain.end()) out.push_back(g);
    }
    return out;
}

const std::pair<Course, std::vector<Step>>* CourseCache::get(Id course) {
    auto it = courses_.find(course);
    if (it == courses_.end()) {
        std::optional<std::pair<Course, std::vector<Step>>> entry;
        // Without find_course's counts: counting a course's enrolments reads thousands of index entries.
        auto s = store_.db().prepare("SELECT uid, name, slug, description, created_at FROM courses WHERE id = ?");
        s->bind(1, course);
        if (s->step()) {
            Course c;
            c.id = course;
            c.uid = s->col_text(0);
            c.name = s->col_text(1);
            c.slug = s->col_text(2);
            c.description = s->col_text(3);
            c.created_at = s->col_int(4);
            auto steps = course_steps(store_, course);
            c.steps = static_cast<int>(steps.size());
            entry.emplace(std::move(c), std::move(steps));
        }
        it = courses_.emplace(course, std::move(entry)).first;
    }
    return it->second ? &*it->second : nullptr;
}

std::vector<Id> people_below(Store& store, const std::vector<Id>& groups, GroupRole role, Id except) {
    std::unordered_set<Id> seen;
    auto s = store.db().prepare("SELECT user_id, role FROM memberships WHERE group_id = ?");
    for (Id g : groups) {
        s->bind(1, g);
        while (s->step()) {
            auto r = parse_group_role(s->col_text(1));
            if (r && *r < role && s->col_int(0) != except) seen.insert(s->col_int(0));
        }
        s->reset();
    }
    std::vector<Id> out(seen.begin(), seen.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace learning

using learning::step_words;

namespace {

constexpr const char* kWorkColumns =
    "SELECT w.id, w.uid, w.step_id, w.user_id, w.status, w.completed_at, w.answer, w.points, w.feedback, "
    "w.reviewer_id, w.reviewed_at, ifnull(r.first_name, ''), ifnull(r.last_name, ''), ifnull(r.email, '') "
    "FROM step_work w LEFT JOIN users r ON r.id = w.reviewer_id ";

Work read_work(Stmt& s) {
    Work w;
    w.id = s.col_int(0);
    w.uid = s.col_text(1);
    w.step_id = s.col_int(2);
    w.user_id = s.col_int(3);
    w.status = parse_work_status(s.col_text(4)).value_or(WorkStatus::kCompleted);
    w.completed_at = s.col_int(5);
    w.answer = s.col_opt_text(6);
    if (!s.col_null(7)) w.points = static_cast<int>(s.col_int(7));
    w.feedback = s.col_text(8);
    w.reviewer_id = s.col_opt_int(9);
    w.reviewed_at = s.col_opt_int(10);
    if (w.reviewer_id) w.reviewer_name = person_name(s.col_text(11), s.col_text(12), s.col_text(13));
    return w;
}

Result<std::string> clean_text(const std::string& what, const std::string& raw) {
    std::string text = trim(raw);
    if (character_count(text) > kAnswerMaxCharacters) {
        return bad_value("The " + what + " is " + std::to_string(character_count(text)) +
                         " characters long; the most is " + std::to_string(kAnswerMaxCharacters) + ".");
    }
    return text;
}

void notify(Store& store, Id learner, Id work, std::int64_t at) {
    store.db().prepare("DELETE FROM notifications WHERE work_id = ?")->bind(1, work).run();
    auto ins = store.db().prepare("INSERT INTO notifications (user_id, work_id, created_at) VALUES (?, ?, ?)");
    for (Id mentor : mentors_to_notify(store, learner)) {
        ins->bind(1, mentor).bind(2, work).bind(3, at);
        ins->run();
        ins->reset();
    }
}

}  // namespace

const char* work_status_key(WorkStatus status) {
    switch (status) {
        case WorkStatus::kNone: return "";
        case WorkStatus::kCompleted: return "completed";
        case WorkStatus::kPending: return "pending";
        case WorkStatus::kReviewed: return "reviewed";
    }
    return "";
}

std::optional<WorkStatus> parse_work_status(std::string_view key) {
    if (key == "completed") return WorkStatus::kCompleted;
    if (key == "pending") return WorkStatus::kPending;
    if (key == "reviewed") return WorkStatus::kReviewed;
    return std::nullopt;
}

std::optional<Work> find_work(Store& store, Id work) {
    auto s = store.db().prepare_once(std::string(kWorkColumns) + "WHERE w.id = ?");
    s->bind(1, work);
    if (!s->step()) return std::nullopt;
    return read_work(*s);
}

std::optional<Work> work_of(Store& store, Id learner, Id step) {
    auto s = store.db().prepare_once(std::string(kWorkColumns) + "WHERE w.user_id = ? AND w.step_id = ?");
    s->bind(1, learner).bind(2, step);
    if (!s->step()) return std::nullopt;
    return read_work(*s);
}

std::vector<Id> mentors_to_notify(Store& store, Id learner) {
    std::unordered_set<Id> chain_seen;
    std::unordered_set<Id> mentors;
    auto groups = store.db().prepare("SELECT group_id FROM memberships WHERE user_id = ? AND role = 'member'");
    groups->bind(1, learner);
    std::vector<Id> member_of;
    while (groups->step()) member_of.push_back(groups->col_int(0));
    // `role <> 'member'` says nothing more than `role = 'mentor'`, but in the words of memberships_staff's WHERE,
    // which is how SQLite knows that partial index holds every row the query wants.
    auto staff = store.db().prepare(
        "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id "
        "WHERE m.group_id = ? AND m.role = 'mentor' AND m.role <> 'member' AND u.status != 'deactivated'");
    for (Id g : member_of) {
        for (Id c : oversight_chain(store, g)) {
            if (!chain_seen.insert(c).second) continue;
            staff->bind(1, c);
            while (staff->step()) {
                if (staff->col_int(0) != learner) mentors.insert(staff->col_int(0));
            }
            staff->reset();
        }
    }
    std::vector<Id> out(mentors.begin(), mentors.end());
    std::sort(out.begin(), out.end());
    return out;
}

Result<Work> record_work(Store& store, Id learner, const Step& step, const std::optional<std::string>& raw_answer,
                         std::int64_t at) {
    GROVE_LET(course, course_by_id(store, step.course_id));
    std::optional<std::string> answer;
    if (raw_answer) {
        GROVE_LET(clean, clean_text("answer", *raw_answer));
        if (!clean->empty()) answer = *clean;
    }
    if (step.review && !answer) {
        return bad_value("Step " + std::to_string(step.number) + " of " + course->name +
                         " is marked for review: it needs an answer.");
    }
    std::int64_t now = store.now();
    auto existing = work_of(store, learner, step.id);
    if (!step.review) {
        if (existing) return *existing;  // completed once is completed
        auto ins = store.db().prepare(
            "INSERT INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, updated_at) "
            "VALUES (?, ?, ?, 'completed', ?, ?, ?, ?)");
        ins->bind_all(store.new_uid(), step.id, learner, at).bind(5, answer).bind(6, now).bind(7, now);
        ins->run();
        return *find_work(store, store.db().last_insert_id());
    }
    if (existing && existing->status == WorkStatus::kPending && existing->answer == answer) return *existing;
    Id id = 0;
    if (existing) {
        store.db()
            .prepare(
                "UPDATE step_work SET status = 'pending', completed_at = ?, answer = ?, points = NULL, feedback = '', "
                "reviewer_id = NULL, reviewed_at = NULL, updated_at = ? WHERE id = ?")
            ->bind_all(at, *answer, now, existing->id)
            .run();
        id = existing->id;
    } else {
        auto ins = store.db().prepare(
            "INSERT INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, updated_at) "
            "VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)");
        ins->bind_all(store.new_uid(), step.id, learner, at, *answer, now, now);
        ins->run();
        id = store.db().last_insert_id();
    }
    notify(store, learner, id, at);
    return *find_work(store, id);
}

Result<Work> complete_step(Store& store, Id actor, Id learner, Id step_id, const std::optional<std::string>& answer,
                           std::optional<std::int64_t> at) {
    return store.command<Work>(kChangeLearning | kChangeNotifications | kChangeAudit, [&]() -> Result<Work> {
        GROVE_LET(step, step_by_id(store, step_id));
        GROVE_LET(course, course_by_id(store, step->course_id));
        GROVE_LET(user, user_by_id(store, learner));
        GROVE_TRY(authorize(store, actor, Cmd::kStepComplete, {.person = learner}));
        if (user->status == UserStatus::kDeactivated) {
            return conflict(user->display_name() + "'s account is deactivated.");
        }
        if (!is_enrolled(store, course->id, learner)) {
            return conflict(user->display_name() + " is not enrolled in " + course->name + ".");
        }
        auto before = work_of(store, learner, step_id);
        GROVE_LET(work, record_work(store, learner, *step, answer, at.value_or(store.now())));
        const bool resubmitted =
            before && step->review && (before->status != WorkStatus::kPending || before->answer != work->answer);
        if (before && !resubmitted) return *work;  // nothing changed
        const std::string where = step_words(course->name, step->number, step->title);
        std::string did = !step->review ? "completed " + where
                          : resubmitted ? "submitted a new answer to " + where
                                        : "submitted an answer to " + where;
        record_audit(store, actor,
                     {step->review ? "step.submit" : "step.complete",
                      (actor == learner ? did : "recorded that " + user->display_name() + " " + did) + ".",
                      std::nullopt, learner});
        return *work;
    });
}

Result<Post> post_discussion(Store& store, Id actor, Id step_id, const std::string& raw_body) {
    return store.command<Post>(kChangeLearning | kChangeAudit, [&]() -> Result<Post> {
        GROVE_LET(step, step_by_id(store, step_id));
        GROVE_LET(course, course_by_id(store, step->course_id));
        GROVE_TRY(authorize(store, actor, Cmd::kDiscussPost, {.person = actor}));
        if (!is_enrolled(store, course->id, actor) && !learning::manages_courses(store, actor)) {
            return forbidden(user_name(store, actor) + " may not post in " + course->name +
                             ": only the people enrolled in it, and course managers, post in its discussions.");
        }
        GROVE_LET(body, clean_text("post", raw_body));
        if (body->empty()) return bad_value("A post needs some text.");
        std::int64_t now = store.now();
        store.db()
            .prepare(
                "INSERT INTO posts (uid, step_id, user_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
            ->bind_all(store.new_uid(), step_id, actor, *body, now, now)
            .run();
        Post post;
        post.id = store.db().last_insert_id();
        post.step_id = step_id;
        post.user_id = actor;
        post.author = user_name(store, actor);
        post.body = *body;
        post.at = now;
        // Taking part in a discussion step completes it.
        if (step->kind == StepKind::kDiscussion && !step->review && is_enrolled(store, course->id, actor)) {
            GROVE_TRY(record_work(store, actor, *step, std::nullopt, now));
        }
        record_audit(
            store, actor,
            {"discuss.post", "posted in the discussion of " + step_words(course->name, step->number, step->title) + ".",
             std::nullopt, std::nullopt});
        return post;
    });
}

std::vector<Post> step_posts(Store& store, Id step) {
    std::vector<Post> out;
    auto s = store.db().prepare(
        "SELECT p.id, p.step_id, p.user_id, u.first_name, u.last_name, u.email, p.body, p.created_at "
        "FROM posts p JOIN users u ON u.id = p.user_id WHERE p.step_id = ? ORDER BY p.created_at, p.id");
    s->bind(1, step);
    while (s->step()) {
        Post p;
        p.id = s->col_int(0);
        p.step_id = s->col_int(1);
        p.user_id = s->col_int(2);
        p.author = person_name(s->col_text(3), s->col_text(4), s->col_text(5));
        p.body = s->col_text(6);
        p.at = s->col_int(7);
        out.push_back(std::move(p));
    }
    return out;
}

std::string grade_text(const CourseProgress& progress) {
    return progress.grade_percent ? std::to_string(*progress.grade_percent) + "%" : "\u2014";
}

std::vector<CourseProgress> progress_of(Store& store, Id person, std::optional<Id> course, bool with_steps) {
    learning::CourseCache cache(store);
    return learning::progress_of(store, person, course, with_steps, cache);
}

std::vector<CourseProgress> learning::progress_of(Store& store, Id person, std::optional<Id> course, bool with_steps,
                                                  CourseCache& cache) {
    std::vector<CourseProgress> out;
    std::vector<std::pair<Id, std::int64_t>> enrolled;
    {
        auto s = store.db().prepare("SELECT course_id, created_at FROM enrolments WHERE user_id = ?");
        s->bind(1, person);
        while (s->step()) {
            if (!course || s->col_int(0) == *course) enrolled.emplace_back(s->col_int(0), s->col_int(1));
        }
    }
    auto work = store.db().prepare(
        "SELECT w.step_id, w.status, w.points, w.completed_at, w.id FROM step_work w "
        "JOIN course_steps s ON s.id = w.step_id WHERE w.user_id = ? AND s.course_id = ?");
    for (const auto& [course_id, at] : enrolled) {
        const auto* cached = cache.get(course_id);
        if (!cached) continue;
        CourseProgress p;
        p.course = cached->first;
        p.enrolled_at = at;
        const std::vector<Step>& steps = cached->second;
        p.steps = static_cast<int>(steps.size());
        std::unordered_map<Id, StepState> by_step;
        work->bind(1, person).bind(2, course_id);
        while (work->step()) {
            StepState st;
            st.status = parse_work_status(work->col_text(1)).value_or(WorkStatus::kCompleted);
            if (!work->col_null(2)) st.points = static_cast<int>(work->col_int(2));
            st.at = work->col_int(3);
            st.work_id = work->col_int(4);
            by_step[work->col_int(0)] = st;
        }
        work->reset();
        for (const Step& step : steps) {
            StepState st;
            if (auto it = by_step.find(step.id); it != by_step.end()) st = it->second;
            st.step = step;
            if (st.status != WorkStatus::kNone) ++p.completed;
            if (st.status == WorkStatus::kReviewed && step.points) {
                p.points_possible += *step.points;
                p.points_awarded += st.points.value_or(0);
            }
            if (with_steps) p.states.push_back(std::move(st));
        }
        p.progress_percent = p.steps ? p.completed * 100 / p.steps : 0;
        if (p.points_possible > 0) {
            p.grade_percent = static_cast<int>((static_cast<std::int64_t>(p.points_awarded) * 200 + p.points_possible) /
                                               (2 * static_cast<std::int64_t>(p.points_possible)));
        }
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const CourseProgress& a, const CourseProgress& b) {
        int c = natural_compare(a.course.name, b.course.name);
        return c != 0 ? c < 0 : a.course.id < b.course.id;
    });
    return out;
}

const char* activity_kind_key(ActivityKind kind) {
    switch (kind) {
        case ActivityKind::kCompleted: return "completed";
        case ActivityKind::kSubmitted: return "submitted";
        case ActivityKind::kReviewed: return "reviewed";
        case ActivityKind::kPosted: return "posted";
    }
    return "";
}

std::string ActivityItem::summary() const {
    const std::string where = "step " + std::to_string(step_number) + " of " + course_name + ": " + step_title;
    switch (kind) {
        case ActivityKind::kCompleted: return "Completed " + where;
        case ActivityKind::kSubmitted: return "Submitted an answer to " + where;
        case ActivityKind::kPosted: return "Posted in the discussion of " + where;
        case ActivityKind::kReviewed: {
            std::string out = "Received a review of " + where;
            if (points && max_points)
                out += ": " + std::to_string(*points) + " of " + counted(*max_points, "point", "points");
            if (!reviewer.empty()) out += " (by " + reviewer + ")";
            return out;
        }
    }
    return where;
}

Result<std::vector<ActivityItem>> activity(Store& store, Id actor, Id person, int limit) {
    try {
        GROVE_TRY(user_by_id(store, person));
        GROVE_TRY(authorize(store, actor, Cmd::kWorkView, {.person = person}));
        std::vector<ActivityItem> out;
        auto s = store.db().prepare_once(
            std::string("SELECT w.id, w.status, w.completed_at, w.answer, w.points, w.feedback, w.reviewed_at, "
                        "ifnull(r.first_name, ''), ifnull(r.last_name, ''), ifnull(r.email, ''), "
                        "c.id, c.name, s.id, ") +
            learning::kStepNumberSql +
            ", s.title, s.points FROM step_work w JOIN course_steps s ON s.id = w.step_id "
            "JOIN courses c ON c.id = s.course_id LEFT JOIN users r ON r.id = w.reviewer_id "
            "WHERE w.user_id = ? ORDER BY w.completed_at DESC LIMIT ?");
        s->bind(1, person).bind(2, limit);
        while (s->step()) {
            ActivityItem base;
            base.work_id = s->col_int(0);
            base.course_id = s->col_int(10);
            base.course_name = s->col_text(11);
            base.step_id = s->col_int(12);
            base.step_number = static_cast<int>(s->col_int(13));
            base.step_title = s->col_text(14);
            if (!s->col_null(15)) base.max_points = static_cast<int>(s->col_int(15));
            ActivityItem done = base;
            done.at = s->col_int(2);
            auto answer = s->col_opt_text(3);
            done.kind = answer && s->col_text(1) != "completed" ? ActivityKind::kSubmitted : ActivityKind::kCompleted;
            if (answer) done.text = *answer;
            out.push_back(done);
            if (!s->col_null(6)) {
                ActivityItem review = base;
                review.kind = ActivityKind::kReviewed;
                review.at = s->col_int(6);
                review.text = s->col_text(5);
                if (!s->col_null(4)) review.points = static_cast<int>(s->col_int(4));
                review.reviewer = person_name(s->col_text(7), s->col_text(8), s->col_text(9));
                out.push_back(review);
            }
        }
        auto p = store.db().prepare_once(
            std::string("SELECT p.body, p.created_at, c.id, c.name, s.id, ") + learning::kStepNumberSql +
            ", s.title FROM posts p JOIN course_steps s ON s.id = p.step_id JOIN courses c ON c.id = s.course_id "
            "WHERE p.user_id = ? ORDER BY p.created_at DESC LIMIT ?");
        p->bind(1, person).bind(2, limit);
        while (p->step()) {
            ActivityItem post;
            post.kind = ActivityKind::kPosted;
            post.text = p->col_text(0);
            post.at = p->col_int(1);
            post.course_id = p->col_int(2);
            post.course_name = p->col_text(3);
            post.step_id = p->col_int(4);
            post.step_number = static_cast<int>(p->col_int(5));
            post.step_title = p->col_text(6);
            out.push_back(post);
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const ActivityItem& a, const ActivityItem& b) { return a.at > b.at; });
        if (static_cast<int>(out.size()) > limit) out.resize(static_cast<size_t>(limit));
        return out;
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

std::vector<Notification> notifications(Store& store, Id user, bool unread_only, int limit) {
    std::vector<Notification> out;
    auto s = store.db().prepare_once(
        std::string("SELECT n.id, n.created_at, n.read_at IS NULL, n.work_id, w.user_id, u.first_name, u.last_name, "
                    "u.email, c.name, ") +
        learning::kStepNumberSql +
        ", s.title FROM notifications n JOIN step_work w ON w.id = n.work_id JOIN users u ON u.id = w.user_id "
        "JOIN course_steps s ON s.id = w.step_id JOIN courses c ON c.id = s.course_id WHERE n.user_id = ? " +
        (unread_only ? "AND n.read_at IS NULL " : "") + "ORDER BY n.created_at DESC, n.id DESC LIMIT ?");
    s->bind(1, user).bind(2, limit);
    while (s->step()) {
        Notification n;
        n.id = s->col_int(0);
        n.at = s->col_int(1);
        n.unread = s->col_int(2) != 0;
        n.work_id = s->col_int(3);
        n.learner_id = s->col_int(4);
        n.text = person_name(s->col_text(5), s->col_text(6), s->col_text(7)) + " submitted step " +
                 std::to_string(s->col_int(9)) + " of " + s->col_text(8) + ": " + s->col_text(10);
        out.push_back(std::move(n));
    }
    return out;
}

int unread_notifications(Store& store, Id user) {
    auto s = store.db().prepare("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL");
    s->bind(1, user);
    s->step();
    return static_cast<int>(s->col_int(0));
}

Result<int> mark_notifications_read(Store& store, Id actor, const std::vector<Id>& ids) {
    return store.command<int>(kChangeNotifications, [&]() -> Result<int> {
        GROVE_TRY(authorize_read(store, actor));
        std::int64_t now = store.now();
        int changed = 0;
        if (ids.empty()) {
            store.db()
                .prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
                ->bind_all(now, actor)
                .run();
            return store.db().changes();
        }
        auto s =
            store.db().prepare("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL");
        for (Id id : ids) {
            s->bind(1, now).bind(2, id).bind(3, actor);
            s->run();
            changed += store.db().changes();
            s->reset();
        }
        return changed;
    });
}

}  // namespace grove
