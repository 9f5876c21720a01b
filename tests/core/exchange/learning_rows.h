// Learning records for the exchange tests, written straight into the tables of migration 4 (courses, steps,
// enrolments, work, posts, digest choices, notifications), so these tests depend only on the schema; and
// two planners who start with them.
#pragma once

#include <doctest/doctest.h>
#include <optional>
#include <string>
#include <utility>

#include "core/grove.h"
#include "exchange/exchange_support.h"

namespace grove::testing::rows {

inline Id insert(Store& s, const std::string& sql, const auto&... values) {
    auto st = s.db().prepare_once(sql);
    st->bind_all(values...);
    st->run();
    return s.db().last_insert_id();
}

inline Id course(Store& s, const std::string& name, const std::string& slug, const std::string& description = "") {
    const std::int64_t now = s.now();
    return insert(
        s, "INSERT INTO courses (uid, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        s.new_uid(), name, slug, description, now, now);
}

inline Id step(Store& s, Id course, std::int64_t position, const std::string& title, const std::string& kind = "lesson",
               bool review = false, std::optional<std::int64_t> points = std::nullopt) {
    const std::int64_t now = s.now();
    return insert(s,
                  "INSERT INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, "
                  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  s.new_uid(), course, position, title, kind, std::int64_t{review ? 1 : 0}, points, now, now);
}

inline Id enrol(Store& s, Id course, Id user) {
    const std::int64_t now = s.now();
    return insert(s, "INSERT INTO enrolments (uid, course_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                  s.new_uid(), course, user, now, now);
}

// A completion (no answer) or a submission pending review (an answer).
inline Id work(Store& s, Id step, Id user, const std::optional<std::string>& answer = std::nullopt) {
    const std::int64_t now = s.now();
    return insert(s,
                  "INSERT INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  s.new_uid(), step, user, std::string(answer ? "pending" : "completed"), now, answer, now, now);
}

inline void review(Store& s, Id work, std::optional<std::int64_t> points, const std::string& feedback, Id reviewer) {
    const std::int64_t now = s.now();
    auto st = s.db().prepare_once(
        "UPDATE step_work SET status = 'reviewed', points = ?, feedback = ?, reviewer_id = ?, reviewed_at = ?, "
        "updated_at = ? WHERE id = ?");
    st->bind_all(points, feedback, reviewer, now, now, work);
    st->run();
}

// Submits again: a new answer, waiting for review again.
inline void resubmit(Store& s, Id work, const std::string& answer) {
    const std::int64_t now = s.now();
    auto st = s.db().prepare_once(
        "UPDATE step_work SET status = 'pending', answer = ?, completed_at = ?, points = NULL, feedback = '', "
        "reviewer_id = NULL, reviewed_at = NULL, updated_at = ? WHERE id = ?");
    st->bind_all(answer, now, now, work);
    st->run();
}

inline Id post(Store& s, Id step, Id user, const std::string& body) {
    const std::int64_t now = s.now();
    return insert(s,
                  "INSERT INTO posts (uid, step_id, user_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                  s.new_uid(), step, user, body, now, now);
}

inline Id digest(Store& s, Id user, Id group, bool enabled) {
    const std::int64_t now = s.now();
    return insert(s,
                  "INSERT INTO digest_choices (uid, user_id, group_id, enabled, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  s.new_uid(), user, group, std::int64_t{enabled ? 1 : 0}, now, now);
}

inline Id notify(Store& s, Id user, Id work) {
    return insert(s, "INSERT INTO notifications (user_id, work_id, created_at) VALUES (?, ?, ?)", user, work, s.now());
}

inline void remove(Store& s, const std::string& table, Id id) {
    auto st = s.db().prepare_once("DELETE FROM " + table + " WHERE id = ?");
    st->bind(1, id);
    st->run();
}

inline std::int64_t count(Store& s, const std::string& table) {
    auto st = s.db().prepare_once("SELECT count(*) FROM " + table);
    REQUIRE(st->step());
    return st->col_int(0);
}

inline Id course_id(Store& s, const std::string& slug) {
    auto st = s.db().prepare_once("SELECT id FROM courses WHERE slug = ?");
    st->bind(1, slug);
    REQUIRE(st->step());
    return st->col_int(0);
}

inline Id step_id(Store& s, const std::string& course_slug, const std::string& title) {
    auto st = s.db().prepare_once(
        "SELECT s.id FROM course_steps s JOIN courses c ON c.id = s.course_id WHERE c.slug = ? AND s.title = ?");
    st->bind_all(course_slug, title);
    REQUIRE(st->step());
    return st->col_int(0);
}

inline Id work_id(Store& s, Id step, Id user) {
    auto st = s.db().prepare_once("SELECT id FROM step_work WHERE step_id = ? AND user_id = ?");
    st->bind_all(step, user);
    REQUIRE(st->step());
    return st->col_int(0);
}

struct WorkRow {
    std::string status;
    std::optional<std::string> answer;
    std::optional<std::int64_t> points;
    std::string feedback;
    std::optional<std::string> reviewer;  // email
};
inline WorkRow work_row(Store& s, Id work) {
    auto st = s.db().prepare_once(
        "SELECT w.status, w.answer, w.points, w.feedback, u.email FROM step_work w LEFT JOIN users u ON u.id = "
        "w.reviewer_id WHERE w.id = ?");
    st->bind(1, work);
    REQUIRE(st->step());
    return {st->col_text(0), st->col_opt_text(1), st->col_opt_int(2), st->col_text(3), st->col_opt_text(4)};
}

// Every learning row, with uids for references (row IDs differ between databases), in uid order: two databases
// with equal dumps hold the same learning records, down to NULL against the empty string.
inline std::string dump(Store& s) {
    // Nullable columns through quote(), so that NULL and '' differ in the text.
    const std::pair<const char*, int> queries[] = {
        {"SELECT uid, name, slug, description, created_at, updated_at FROM courses ORDER BY uid", 6},
        {"SELECT s.uid, c.uid, s.position, s.title, s.kind, s.review, quote(s.points), s.created_at, s.updated_at "
         "FROM course_steps s JOIN courses c ON c.id = s.course_id ORDER BY s.uid",
         9},
        {"SELECT e.uid, c.uid, u.uid, e.created_at, e.updated_at FROM enrolments e JOIN courses c ON c.id = "
         "e.course_id JOIN users u ON u.id = e.user_id ORDER BY e.uid",
         5},
        {"SELECT w.uid, s.uid, u.uid, w.status, w.completed_at, quote(w.answer), quote(w.points), w.feedback, "
         "quote(r.uid), quote(w.reviewed_at), w.created_at, w.updated_at FROM step_work w JOIN course_steps s ON "
         "s.id = w.step_id JOIN users u ON u.id = w.user_id LEFT JOIN users r ON r.id = w.reviewer_id ORDER BY w.uid",
         12},
        {"SELECT p.uid, s.uid, u.uid, p.body, p.created_at, p.updated_at FROM posts p JOIN course_steps s ON s.id = "
         "p.step_id JOIN users u ON u.id = p.user_id ORDER BY p.uid",
         6},
        {"SELECT d.uid, u.uid, g.uid, d.enabled, d.created_at, d.updated_at FROM digest_choices d JOIN users u ON "
         "u.id = d.user_id JOIN groups g ON g.id = d.group_id ORDER BY d.uid",
         6},
    };
    std::string out;
    for (const auto& [sql, columns] : queries) {
        auto st = s.db().prepare_once(sql);
        while (st->step()) {
            for (int c = 0; c < columns; ++c) out += (c ? "|" : "") + st->col_text(c);
            out += "\n";
        }
        out += "--\n";
    }
    return out;
}

}  // namespace grove::testing::rows

namespace grove::testing {

// Something of every learning kind, with every value a field can take: steps of each kind, with and without
// review and points, positions with gaps and a tie, a completion, a reviewed submission, one reviewed without
// points by a reviewer since gone, a pending one with an empty answer, posts that need escaping, digest choices
// on and off, and a notification (which stays in this database).
inline void build_learning(Store& s) {
    const Id alan = person_id(s, "alan@hill.org"), joiner = person_id(s, "joiner@hill.org");
    const Id grace = person_id(s, "grace@hill.org"), ada = person_id(s, "ada@hill.org");
    const Id algebra = rows::course(s, "Algebra", "algebra", "Numbers \"and\" letters\nline two");
    const Id welcome = rows::step(s, algebra, 1, "Welcome");
    const Id proofs = rows::step(s, algebra, 3, "Proofs", "assignment", true, 10);
    const Id talk = rows::step(s, algebra, 3, "Talk", "discussion");
    rows::step(s, algebra, 7, "Check", "quiz", false, 0);
    const Id essay = rows::step(s, algebra, 8, "Essay", "assignment", true);
    const Id art = rows::course(s, "Art", "art");
    rows::enrol(s, algebra, alan);
    rows::enrol(s, algebra, joiner);
    rows::enrol(s, art, alan);
    rows::work(s, welcome, alan);
    rows::review(s, rows::work(s, proofs, alan, "x = 2, because \"2 + 2 = 4\"\n\u00fc"), 8, "Good proof", grace);
    const Id pending = rows::work(s, proofs, joiner, "");
    const Id unpointed = rows::work(s, essay, alan, "An essay");
    rows::review(s, unpointed, std::nullopt, "Nice", ada);
    s.db().exec(("UPDATE step_work SET reviewer_id = NULL WHERE id = " + std::to_string(unpointed)).c_str());
    rows::post(s, talk, alan, "Hello \U0001F600\n\"quoted\"");
    rows::post(s, talk, joiner, "Hi");
    rows::digest(s, grace, group_id(s, "grade-9"), false);
    rows::digest(s, ada, group_id(s, "grade-9"), true);
    rows::notify(s, grace, pending);
}

// Both planners start from the same file with learning records, each in an empty database.
struct LearningPlanners {
    Fixture origin;
    std::unique_ptr<Store> a, b;
    LearningPlanners() {
        build_rich(origin);
        build_learning(origin.store());
        std::string start = exported(origin.store());
        a = restored(start, 101);
        b = restored(start, 202);
    }
    Id owner_a() { return owner_of(*a); }
    Id owner_b() { return owner_of(*b); }
};

}  // namespace grove::testing
