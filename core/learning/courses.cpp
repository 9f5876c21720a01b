// Courses and their steps: creating, editing, ordering, enrolling.
#include "core/learning/courses.h"

#include <algorithm>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/rules/rules_internal.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kCourseColumns =
    "SELECT c.id, c.uid, c.name, c.slug, c.description, c.created_at, "
    "(SELECT count(*) FROM course_steps s WHERE s.course_id = c.id), "
    "(SELECT count(*) FROM enrolments e WHERE e.course_id = c.id) FROM courses c ";
constexpr const char* kStepColumns = "SELECT id, uid, course_id, title, kind, review, points FROM course_steps ";

Course read_course(Stmt& s) {
    Course c;
    c.id = s.col_int(0);
    c.uid = s.col_text(1);
    c.name = s.col_text(2);
    c.slug = s.col_text(3);
    c.description = s.col_text(4);
    c.created_at = s.col_int(5);
    c.steps = static_cast<int>(s.col_int(6));
    c.enrolled = static_cast<int>(s.col_int(7));
    return c;
}

Step read_step(Stmt& s) {
    Step st;
    st.id = s.col_int(0);
    st.uid = s.col_text(1);
    st.course_id = s.col_int(2);
    st.title = s.col_text(3);
    st.kind = parse_step_kind(s.col_text(4)).value_or(StepKind::kLesson);
    st.review = s.col_int(5) != 0;
    if (!s.col_null(6)) st.points = static_cast<int>(s.col_int(6));
    return st;
}

std::string unique_course_slug(Store& store, const std::string& name, std::optional<Id> except = std::nullopt) {
    std::string base = slugify(name, "course");
    std::string slug = base;
    for (int n = 2;; ++n) {
        auto s = store.db().prepare("SELECT id FROM courses WHERE slug = ?");
        s->bind(1, slug);
        if (!s->step() || (except && s->col_int(0) == *except)) return slug;
        slug = base + "-" + std::to_string(n);
    }
}

Result<void> check_course_name(Store& store, const std::string& name, std::optional<Id> except) {
    if (name.empty()) return bad_value("A course needs a name.");
    if (auto e = one_line_error("course's name", name)) return bad_value(*e);
    auto s = store.db().prepare("SELECT id, name FROM courses");
    while (s->step()) {
        if (except && s->col_int(0) == *except) continue;
        if (lookalike_key(s->col_text(1)) == lookalike_key(name)) {
            return duplicate("There is already a course called " + s->col_text(1) + ".");
        }
    }
    return {};
}

Result<void> check_step(const std::string& title, bool review, std::optional<int> points) {
    (void)review;
    if (title.empty()) return bad_value("A step needs a title.");
    if (auto e = one_line_error("step's title", title)) return bad_value(*e);
    if (points && (*points < 0 || *points > kStepPointsMax)) {
        return bad_value("A step's points must be a whole number from 0 to " + std::to_string(kStepPointsMax) + ".");
    }
    return {};
}

// Rewrites positions 1..n in the given order.
void renumber(Store& store, const std::vector<Step>& steps) {
    auto s = store.db().prepare("UPDATE course_steps SET position = ? WHERE id = ?");
    int n = 0;
    for (const auto& st : steps) {
        s->bind(1, ++n).bind(2, st.id);
        s->run();
        s->reset();
    }
}

std::string step_label(const Course& course, const Step& step) {
    return "step " + std::to_string(step.number) + " (" + step.title + ") of " + course.name;
}

}  // namespace

const char* step_kind_key(StepKind kind) {
    switch (kind) {
        case StepKind::kLesson: return "lesson";
        case StepKind::kAssignment: return "assignment";
        case StepKind::kDiscussion: return "discussion";
        case StepKind::kQuiz: return "quiz";
    }
    return "lesson";
}

std::optional<StepKind> parse_step_kind(std::string_view key) {
    for (StepKind k : all_step_kinds())
        if (key == step_kind_key(k)) return k;
    return std::nullopt;
}

const std::vector<StepKind>& all_step_kinds() {
    static const std::vector<StepKind> kKinds = {StepKind::kLesson, StepKind::kAssignment, StepKind::kDiscussion,
                                                 StepKind::kQuiz};
    return kKinds;
}

std::vector<Course> list_courses(Store& store) {
    std::vector<Course> out;
    auto s = store.db().prepare_once(std::string(kCourseColumns));
    while (s->step()) out.push_back(read_course(*s));
    std::sort(out.begin(), out.end(), [](const Course& a, const Course& b) {
        int c = natural_compare(a.name, b.name);
        return c != 0 ? c < 0 : a.id < b.id;
    });
    return out;
}

std::optional<Course> find_course(Store& store, Id id) {
    auto s = store.db().prepare_once(std::string(kCourseColumns) + "WHERE c.id = ?");
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return read_course(*s);
}

Result<Course> course_by_id(Store& store, Id id) {
    if (auto c = find_course(store, id)) return *c;
    return not_found("There is no course with ID " + std::to_string(id) + ".");
}

Result<Course> course_by_slug_or_name(Store& store, std::string_view text) {
    {
        auto s = store.db().prepare_once(std::string(kCourseColumns) + "WHERE c.slug = ?");
        s->bind(1, text);
        if (s->step()) return read_course(*s);
    }
    auto s = store.db().prepare_once(std::string(kCourseColumns) + "WHERE c.name = ? COLLATE NOCASE");
    s->bind(1, text);
    if (!s->step()) return not_found("There is no course called '" + std::string(text) + "'.");
    Course c = read_course(*s);
    if (s->step()) return bad_value("Several courses are called '" + std::string(text) + "'; use the course's slug.");
    return c;
}

std::vector<Step> course_steps(Store& store, Id course) {
    std::vector<Step> out;
    auto s = store.db().prepare(
        "SELECT id, uid, course_id, title, kind, review, points FROM course_steps WHERE course_id = ? "
        "ORDER BY position, uid");
    s->bind(1, course);
    while (s->step()) {
        out.push_back(read_step(*s));
        out.back().number = static_cast<int>(out.size());
    }
    return out;
}

Result<Step> step_by_id(Store& store, Id step) {
    auto s = store.db().prepare_once(std::string(kStepColumns) + "WHERE id = ?");
    s->bind(1, step);
    if (!s->step()) return not_found("There is no step with ID " + std::to_string(step) + ".");
    Step st = read_step(*s);
    for (const auto& other : course_steps(store, st.course_id))
        if (other.id == st.id) st.number = other.number;
    return st;
}

Result<Step> step_by_number(Store& store, Id course, int number) {
    GROVE_LET(c, course_by_id(store, course));
    auto steps = course_steps(store, course);
    if (number < 1 || number > static_cast<int>(steps.size())) {
        return not_found(c->name + " has " + counted(static_cast<std::int64_t>(steps.size()), "step", "steps") +
                         "; there is no step " + std::to_string(number) + ".");
    }
    return steps[static_cast<size_t>(number - 1)];
}

Result<Course> create_course(Store& store, Id actor, const std::string& raw_name, const std::string& description) {
    return store.command<Course>(kChangeLearning | kChangeAudit, [&]() -> Result<Course> {
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        std::string name = trim(raw_name);
        GROVE_TRY(check_course_name(store, name, std::nullopt));
        std::int64_t now = store.now();
        std::string slug = unique_course_slug(store, name);
        store.db()
            .prepare(
                "INSERT INTO courses (uid, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
            ->bind_all(store.new_uid(), name, slug, description, now, now)
            .run();
        Id id = store.db().last_insert_id();
        record_audit(store, actor, {"course.create", "created the course " + name + ".", std::nullopt, std::nullopt});
        return *find_course(store, id);
    });
}

Result<Course> edit_course(Store& store, Id actor, Id course, const CourseEdit& edit) {
    return store.command<Course>(kChangeLearning | kChangeAudit, [&]() -> Result<Course> {
        GROVE_LET(before, course_by_id(store, course));
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        std::vector<std::string> changes;
        if (edit.name) {
            std::string name = trim(*edit.name);
            if (name != before->name) {
                GROVE_TRY(check_course_name(store, name, course));
                store.db()
                    .prepare("UPDATE courses SET name = ?, slug = ? WHERE id = ?")
                    ->bind_all(name, unique_course_slug(store, name, course), course)
                    .run();
                changes.push_back("the name from " + before->name + " to " + name);
            }
        }
        if (edit.description && *edit.description != before->description) {
            store.db()
                .prepare("UPDATE courses SET description = ? WHERE id = ?")
                ->bind_all(*edit.description, course)
                .run();
            changes.push_back("the description");
        }
        if (changes.empty()) return *before;
        store.db().prepare("UPDATE courses SET updated_at = ? WHERE id = ?")->bind_all(store.now(), course).run();
        std::string what;
        for (size_t i = 0; i < changes.size(); ++i) what += (i ? " and " : "") + changes[i];
        record_audit(
            store, actor,
            {"course.edit", "changed " + what + " of the course " + before->name + ".", std::nullopt, std::nullopt});
        return *find_course(store, course);
    });
}

Result<void> delete_course(Store& store, Id actor, Id course) {
    return store.command<void>(kChangeLearning | kChangeNotifications | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(c, course_by_id(store, course));
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        GROVE_TRY(rules::refuse_if_read(store, RuleSubject::kCourse, course, "The course " + c->name));
        record_audit(store, actor,
                     {"course.delete",
                      "deleted the course " + c->name + " with its " + counted(c->steps, "step", "steps") + " and " +
                          counted(c->enrolled, "enrolment", "enrolments") + ".",
                      std::nullopt, std::nullopt});
        store.db().prepare("DELETE FROM courses WHERE id = ?")->bind(1, course).run();
        return {};
    });
}

Result<Step> add_step(Store& store, Id actor, Id course, const NewStep& step) {
    return store.command<Step>(kChangeLearning | kChangeAudit, [&]() -> Result<Step> {
        GROVE_LET(c, course_by_id(store, course));
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        std::string title = trim(step.title);
        GROVE_TRY(check_step(title, step.review, step.points));
        std::int64_t position = 1;
        {
            auto s = store.db().prepare("SELECT ifnull(max(position), 0) + 1 FROM course_steps WHERE course_id = ?");
            s->bind(1, course);
            s->step();
            position = s->col_int(0);
        }
        std::int64_t now = store.now();
        auto ins = store.db().prepare(
            "INSERT INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins->bind_all(store.new_uid(), course, position, title, std::string(step_kind_key(step.kind)),
                      step.review ? 1 : 0);
        if (step.points) {
            ins->bind(7, static_cast<std::int64_t>(*step.points));
        } else {
            ins->bind(7, std::nullopt);
        }
        ins->bind(8, now).bind(9, now);
        ins->run();
        Id id = store.db().last_insert_id();
        GROVE_LET(added, step_by_id(store, id));
        std::string extra;
        if (step.review) extra += ", for review";
        if (step.points) extra += ", " + counted(*step.points, "point", "points");
        record_audit(store, actor,
                     {"step.add", "added " + step_label(*c, *added) + " (" + step_kind_key(step.kind) + extra + ").",
                      std::nullopt, std::nullopt});
        return *added;
    });
}

Result<Step> edit_step(Store& store, Id actor, Id step, const StepEdit& edit) {
    return store.command<Step>(kChangeLearning | kChangeAudit, [&]() -> Result<Step> {
        GROVE_LET(before, step_by_id(store, step));
        GROVE_LET(c, course_by_id(store, before->course_id));
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        Step after = *before;
        if (edit.title) after.title = trim(*edit.title);
        if (edit.kind) after.kind = *edit.kind;
        if (edit.review) after.review = *edit.review;
        if (edit.points) after.points = *edit.points;
        GROVE_TRY(check_step(after.title, after.review, after.points));
        std::vector<std::string> changes;
        if (after.title != before->title) changes.push_back("the title from " + before->title + " to " + after.title);
        if (after.kind != before->kind) {
            changes.push_back(std::string("the kind from ") + step_kind_key(before->kind) + " to " +
                              step_kind_key(after.kind));
        }
        if (after.review != before->review) {
            if (!after.review) {
                auto s = store.db().prepare("SELECT count(*) FROM step_work WHERE step_id = ? AND status = 'pending'");
                s->bind(1, step);
                s->step();
                if (auto n = s->col_int(0)) {
                    return conflict(counted(n, "submission", "submissions") + " of this step " +
                                    (n == 1 ? "waits" : "wait") +
                                    " for review; review them before the step stops being for review.");
                }
            }
            changes.push_back(after.review ? "marked it for review" : "no longer for review");
        }
        if (after.points != before->points) {
            if (after.points) {
                auto s = store.db().prepare("SELECT count(*) FROM step_work WHERE step_id = ? AND points > ?");
                s->bind(1, step).bind(2, static_cast<std::int64_t>(*after.points));
                s->step();
                if (auto n = s->col_int(0)) {
                    return conflict(counted(n, "review", "reviews") + (n == 1 ? " already awards" : " already award") +
                                    " more than " + counted(*after.points, "point", "points") + " for this step.");
                }
            } else {
                store.db().prepare("UPDATE step_work SET points = NULL WHERE step_id = ?")->bind(1, step).run();
            }
            auto words = [](std::optional<int> p) { return p ? counted(*p, "point", "points") : std::string("none"); };
            changes.push_back("the points from " + words(before->points) + " to " + words(after.points));
        }
        if (changes.empty()) return *before;
        auto s = store.db().prepare(
            "UPDATE course_steps SET title = ?, kind = ?, review = ?, points = ?, updated_at = ? WHERE id = ?");
        s->bind_all(after.title, std::string(step_kind_key(after.kind)), after.review ? 1 : 0);
        if (after.points) {
            s->bind(4, static_cast<std::int64_t>(*after.points));
        } else {
            s->bind(4, std::nullopt);
        }
        s->bind(5, store.now()).bind(6, step);
        s->run();
        std::string what;
        for (size_t i = 0; i < changes.size(); ++i) what += (i ? ", " : "") + changes[i];
        record_audit(
            store, actor,
            {"step.edit", "changed " + step_label(*c, *before) + ": " + what + ".", std::nullopt, std::nullopt});
        return *step_by_id(store, step);
    });
}

Result<void> move_step(Store& store, Id actor, Id step, int number) {
    return store.command<void>(kChangeLearning | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(st, step_by_id(store, step));
        GROVE_LET(c, course_by_id(store, st->course_id));
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        auto steps = course_steps(store, st->course_id);
        if (number < 1 || number > static_cast<int>(steps.size())) {
            return bad_value(c->name + " has " + counted(static_cast<std::int64_t>(steps.size()), "step", "steps") +
                             "; a step cannot move to place " + std::to_string(number) + ".");
        }
        if (number == st->number) return {};
        auto it = std::find_if(steps.begin(), steps.end(), [&](const Step& s) { return s.id == step; });
        Step moving = *it;
        steps.erase(it);
        steps.insert(steps.begin() + (number - 1), moving);
        renumber(store, steps);
        store.db().prepare("UPDATE course_steps SET updated_at = ? WHERE id = ?")->bind_all(store.now(), step).run();
        record_audit(store, actor,
                     {"step.move", "moved " + step_label(*c, *st) + " to place " + std::to_string(number) + ".",
                      std::nullopt, std::nullopt});
        return {};
    });
}

Result<void> remove_step(Store& store, Id actor, Id step) {
    return store.command<void>(kChangeLearning | kChangeNotifications | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(st, step_by_id(store, step));
        GROVE_LET(c, course_by_id(store, st->course_id));
        GROVE_TRY(authorize(store, actor, Cmd::kCourseManage));
        std::int64_t work = 0;
        {
            auto s = store.db().prepare("SELECT count(*) FROM step_work WHERE step_id = ?");
            s->bind(1, step);
            s->step();
            work = s->col_int(0);
        }
        record_audit(store, actor,
                     {"step.remove",
                      "removed " + step_label(*c, *st) +
                          (work ? " with " + counted(work, "person's work", "people's work") : std::string()) + ".",
                      std::nullopt, std::nullopt});
        store.db().prepare("DELETE FROM course_steps WHERE id = ?")->bind(1, step).run();
        auto steps = course_steps(store, st->course_id);
        renumber(store, steps);
        return {};
    });
}

Result<int> enrol(Store& store, Id actor, Id course, const std::vector<Id>& people) {
    return store.command<int>(kChangeLearning | kChangeAudit, [&]() -> Result<int> {
        GROVE_LET(c, course_by_id(store, course));
        int added = 0;
        std::int64_t now = store.now();
        for (Id person : people) {
            GROVE_LET(user, user_by_id(store, person));
            GROVE_TRY(authorize(store, actor, Cmd::kCourseEnrol, {.person = person}));
            if (user->status == UserStatus::kDeactivated) {
                return conflict(user->display_name() + "'s account is deactivated; activate it before enrolling them.");
            }
            if (is_enrolled(store, course, person)) continue;
            store.db()
                .prepare(
                    "INSERT INTO enrolments (uid, course_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                ->bind_all(store.new_uid(), course, person, now, now)
                .run();
            ++added;
            record_audit(store, actor,
                         {"course.enrol",
                          person == actor ? "enrolled in " + c->name + "."
                                          : "enrolled " + user->display_name() + " in " + c->name + ".",
                          std::nullopt, person});
        }
        return added;
    });
}

bool is_enrolled(Store& store, Id course, Id person) {
    auto s = store.db().prepare("SELECT 1 FROM enrolments WHERE course_id = ? AND user_id = ?");
    s->bind(1, course).bind(2, person);
    return s->step();
}

std::vector<User> enrolled_people(Store& store, Id course) {
    std::vector<User> out;
    auto s = store.db().prepare(
        "SELECT u.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.course_id = ? ORDER BY u.sort_key, "
        "u.id");
    s->bind(1, course);
    std::vector<Id> ids;
    while (s->step()) ids.push_back(s->col_int(0));
    for (Id id : ids)
        if (auto u = find_user(store, id)) out.push_back(*u);
    return out;
}

}  // namespace grove
