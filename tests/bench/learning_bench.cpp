// Learning benchmark (issue 9): at 100,000 people, 10,000 groups in trees up to 10 deep, 1,000,000
// memberships, 50 courses and 200,000 pending submissions, the core's learning queries a mentor's screens
// and a submission run: fanning out one submission's notifications in a 10-deep tree, one mentor's weekly
// digest, a mentor's home (led_groups) and the review queue of a group with 10,000 pending items. Each is
// the median over repeats of its wall-clock and its processor time (the machine may be shared), printed with
// its goal and the ratio of its processor time to a baseline measured in the same run (one indexed SELECT of
// a membership). Prints figures; never fails on a timing. --smoke runs a tiny version and fails only if a
// query did not work.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <random>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "core/grove.h"
#include "core/learning/courses.h"
#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"

#ifndef GROVE_BENCH_BUILD_TYPE
#define GROVE_BENCH_BUILD_TYPE "unknown build"
#endif

using namespace grove;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kNow = 1796115600000;  // 2026-12-01T09:00:00Z
constexpr std::int64_t kDayMs = 86400000;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "learning bench: %s\n", what.c_str());
    std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
    if (!r) die(std::string(what) + ": " + r.error().message);
    return std::move(r).value();
}

// A prepared statement of the raw SQLite API, reset after each row: the generator writes nothing else.
struct Raw {
    sqlite3* db;
    sqlite3_stmt* stmt = nullptr;
    Raw(sqlite3* handle, const char* sql) : db(handle) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
    }
    ~Raw() { sqlite3_finalize(stmt); }
    Raw& text(int i, const std::string& s) {
        sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Raw& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt, i, v);
        return *this;
    }
    Raw& null(int i) {
        sqlite3_bind_null(stmt, i);
        return *this;
    }
    // Whether a row went in (INSERT OR IGNORE skips duplicates).
    bool run() {
        if (sqlite3_step(stmt) != SQLITE_DONE) die(sqlite3_errmsg(db));
        sqlite3_reset(stmt);
        return sqlite3_changes(db) > 0;
    }
};

void exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
}

struct Sizes {
    int people = 100000;
    int groups = 10000;
    int memberships = 1000000;
    int courses = 50;
    int pending = 200000;
    int big_group = 5000;  // members of the group whose queue holds two pending items each
    int repeats = 101;
};

struct BenchOrg {
    std::unique_ptr<Store> store;
    Id owner = 0;
    std::vector<Id> people;
    std::vector<Id> groups;
    Id chain_leaf = 0;   // the tenth level of a 10-deep chain
    Id chain_root = 0;   // its top
    Id big = 0;          // the group with 10,000 pending items
    Id learner = 0;      // a member of the chain's leaf, enrolled, who submits
    Id leaf_mentor = 0;  // mentors the chain's leaf
    Id root_mentor = 0;  // mentors the chain's top: oversight reaching a whole tree
    Id big_mentor = 0;   // mentors the big group
    Step learner_step;   // a step marked for review in the learner's course
    std::int64_t memberships = 0;
    int pending = 0;
};

const char* const kFirst[] = {"Ada", "Grace", "Alan", "Emmy", "Katherine", "Edsger", "Barbara", "Donald"};
const char* const kLast[] = {"Lovelace", "Hopper", "Turing", "Noether", "Johnson", "Dijkstra", "Liskov", "Knuth"};

BenchOrg generate(const Sizes& z) {
    BenchOrg org;
    StoreOptions options;
    options.seed = 11;
    options.clock = [t = kNow]() mutable { return t++; };
    org.store = must(Store::open(":memory:", options), "open");
    Store& store = *org.store;
    must(init_org(store, {"Bench District", Plan::kEnterprise, "owner@bench.example", "Olive", "Owner"}), "init");
    org.owner = *owner_id(store);

    std::mt19937 rng(5);
    auto below = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)); };
    sqlite3* db = store.db().handle();
    exec(db, "BEGIN IMMEDIATE");
    {
        Raw user(db,
                 "INSERT INTO users (uid, email, first_name, last_name, status, activated_at, created_at, updated_at) "
                 "VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5, ?5)");
        for (int i = 0; i < z.people; ++i) {
            user.text(1, store.new_uid())
                .text(2, "p" + std::to_string(i) + "@bench.example")
                .text(3, kFirst[i % 8])
                .text(4, std::string(kLast[(i / 8) % 8]) + " " + std::to_string(i))
                .integer(5, kNow - 400 * kDayMs);
            user.run();
            org.people.push_back(sqlite3_last_insert_rowid(db));
        }

        // Trees of 100 groups: the first ten of each a chain (10 deep), the rest under any group of their tree
        // above the tenth level; a few turn inheritance off.
        Raw group(db,
                  "INSERT INTO groups (uid, name, slug, parent_id, inherit, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?6, ?6)");
        const int per_tree = 100;
        std::vector<int> depth;
        for (int i = 0; i < z.groups; ++i) {
            const int tree = i / per_tree, k = i % per_tree;
            std::optional<Id> parent;
            int d = 0;
            if (k > 0 && k < 10) {
                parent = org.groups[static_cast<std::size_t>(i - 1)];
                d = k;
            } else if (k >= 10) {
                std::size_t p;
                do p = static_cast<std::size_t>(tree * per_tree + below(std::min(k, per_tree)));
                while (depth[p] >= 9);
                parent = org.groups[p];
                d = depth[p] + 1;
            }
            const bool inherit = k < 10 || rng() % 50 != 0;
            group.text(1, store.new_uid())
                .text(2, "Tree " + std::to_string(tree + 1) + " group " + std::to_string(k + 1))
                .text(3, "t" + std::to_string(tree + 1) + "-g" + std::to_string(k + 1));
            if (parent)
                group.integer(4, *parent);
            else
                group.null(4);
            group.integer(5, inherit ? 1 : 0).integer(6, kNow - 300 * kDayMs);
            group.run();
            org.groups.push_back(sqlite3_last_insert_rowid(db));
            depth.push_back(d);
        }
        org.chain_root = org.groups[0];
        org.chain_leaf = org.groups[std::min<std::size_t>(9, org.groups.size() - 1)];
        group.text(1, store.new_uid()).text(2, "Big cohort").text(3, "big-cohort").null(4).integer(5, 1);
        group.integer(6, kNow - 300 * kDayMs);
        group.run();
        org.big = sqlite3_last_insert_rowid(db);

        Raw member(db,
                   "INSERT OR IGNORE INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?5, ?5)");
        auto join = [&](Id g, Id u, const char* role) {
            member.text(1, store.new_uid()).integer(2, g).integer(3, u).text(4, role).integer(5, kNow - 200 * kDayMs);
            return member.run();
        };
        org.learner = org.people[0];
        org.leaf_mentor = org.people[1];
        org.root_mentor = org.people[2];
        org.big_mentor = org.people[3];
        join(org.chain_leaf, org.learner, "member");
        join(org.chain_leaf, org.leaf_mentor, "mentor");
        join(org.chain_root, org.root_mentor, "mentor");
        join(org.big, org.big_mentor, "mentor");
        std::int64_t memberships = 4;
        // The big cohort: its own members, on top of everyone's memberships.
        const int big_first = 10;
        for (int i = 0; i < z.big_group; ++i)
            memberships += join(org.big, org.people[static_cast<size_t>(big_first + i)], "member");
        // The rest spread evenly: person i has (target * (i + 1)) / people - (target * i) / people of them.
        const std::int64_t target = z.memberships - memberships;
        for (std::size_t i = 0; i < org.people.size(); ++i) {
            const Id person = org.people[i];
            if (i < 4) continue;  // the learner and the three mentors measured hold only their own roles
            const std::int64_t n = static_cast<std::int64_t>(i);
            const std::int64_t each = target * (n + 1) / z.people - target * n / z.people;
            for (std::int64_t k = 0; k < each;) {
                const int r = static_cast<int>(rng() % 100);
                const char* role = r < 1 ? "admin" : r < 5 ? "mentor" : "member";
                if (join(org.groups[static_cast<size_t>(below(z.groups))], person, role)) {
                    ++k;
                    ++memberships;
                }
            }
        }
        org.memberships = memberships;

        // Courses of eight steps: every other one marked for review, half of those with points.
        Raw course(db, "INSERT INTO courses (uid, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?4, ?4)");
        Raw step(db,
                 "INSERT INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, "
                 "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)");
        std::vector<Id> course_ids;
        std::vector<std::vector<Id>> review_steps, lessons;
        for (int c = 0; c < z.courses; ++c) {
            course.text(1, store.new_uid())
                .text(2, "Course " + std::to_string(c + 1))
                .text(3, "course-" + std::to_string(c + 1))
                .integer(4, kNow - 100 * kDayMs);
            course.run();
            course_ids.push_back(sqlite3_last_insert_rowid(db));
            review_steps.emplace_back();
            lessons.emplace_back();
            for (int s = 1; s <= 8; ++s) {
                const bool review = s % 2 == 0;
                step.text(1, store.new_uid())
                    .integer(2, course_ids.back())
                    .integer(3, s)
                    .text(4, "Step " + std::to_string(s))
                    .text(5, review ? "assignment" : "lesson")
                    .integer(6, review ? 1 : 0);
                if (review && s % 4 == 0)
                    step.integer(7, 10);
                else
                    step.null(7);
                step.integer(8, kNow - 100 * kDayMs);
                step.run();
                (review ? review_steps : lessons).back().push_back(sqlite3_last_insert_rowid(db));
            }
        }

        // Pending submissions, each after the lesson before it, over the last 30 days: two each for the big
        // cohort, the rest anywhere. Their learners are enrolled.
        Raw enrol(db,
                  "INSERT OR IGNORE INTO enrolments (uid, course_id, user_id, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?4, ?4)");
        Raw work(db,
                 "INSERT OR IGNORE INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, "
                 "updated_at) VALUES (?, ?, ?, ?, ?5, ?6, ?5, ?5)");
        int pending = 0;
        auto submit = [&](Id person) {
            const std::size_t c = static_cast<std::size_t>(below(z.courses));
            const std::size_t s = static_cast<std::size_t>(below(4));
            const std::int64_t at = kNow - below(30 * kDayMs);
            work.text(1, store.new_uid()).integer(2, review_steps[c][s]).integer(3, person).text(4, "pending");
            work.integer(5, at).text(6, "An answer of a few words, as most are.");
            if (!work.run()) return false;
            enrol.text(1, store.new_uid()).integer(2, course_ids[c]).integer(3, person).integer(4, at - 30 * kDayMs);
            enrol.run();
            work.text(1, store.new_uid()).integer(2, lessons[c][s]).integer(3, person).text(4, "completed");
            work.integer(5, at - kDayMs).null(6);
            work.run();
            ++pending;
            return true;
        };
        for (int i = 0; i < z.big_group; ++i)
            for (int k = 0; k < 2;) k += submit(org.people[static_cast<size_t>(big_first + i)]);
        while (pending < z.pending)
            submit(
                org.people[static_cast<size_t>(big_first + z.big_group + below(z.people - big_first - z.big_group))]);
        org.pending = pending;

        enrol.text(1, store.new_uid()).integer(2, course_ids[0]).integer(3, org.learner).integer(4, kNow - 60 * kDayMs);
        enrol.run();
    }
    exec(db, "COMMIT");
    org.learner_step =
        must(step_by_number(store, must(course_by_slug_or_name(store, "course-1"), "course").id, 2), "step");
    return org;
}

// A figure: the median wall-clock time of a run, and the median processor time (what the run itself costs when
// the machine is shared), in milliseconds.
struct Timing {
    double wall = 0;
    double cpu = 0;
};

double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// The median of `repeats` runs of `body` (of 3 when one run takes over a quarter second), each run `batch` calls.
Timing median_ms(int repeats, const std::function<void()>& body, int batch = 1) {
    std::vector<double> walls, cpus;
    for (int i = 0; i < repeats; ++i) {
        if (i == 3 && walls[0] > 250) break;
        auto start = Clock::now();
        const double cpu = cpu_ms();
        for (int k = 0; k < batch; ++k) body();
        cpus.push_back((cpu_ms() - cpu) / batch);
        walls.push_back(ms_since(start) / batch);
    }
    std::sort(walls.begin(), walls.end());
    std::sort(cpus.begin(), cpus.end());
    return {walls[walls.size() / 2], cpus[cpus.size() / 2]};
}

void row(const char* what, Timing t, Timing baseline, const char* goal) {
    std::printf("  %-66s %9.3f %9.3f %9.0fx  %s\n", what, t.wall, t.cpu, t.cpu / baseline.cpu, goal);
}

}  // namespace

int main(int argc, char** argv) {
    bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    Sizes z;
    if (smoke) z = Sizes{2000, 200, 20000, 5, 4000, 100, 5};
    // Other sizes, for looking into one figure: --people N --groups N --memberships N --pending N --big N.
    for (int i = 1; i + 1 < argc; i += 2) {
        const int n = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--people") == 0) z.people = n;
        if (std::strcmp(argv[i], "--groups") == 0) z.groups = n;
        if (std::strcmp(argv[i], "--memberships") == 0) z.memberships = n;
        if (std::strcmp(argv[i], "--pending") == 0) z.pending = n;
        if (std::strcmp(argv[i], "--big") == 0) z.big_group = n;
    }
    std::printf("Learning benchmark (%s)%s\n", GROVE_BENCH_BUILD_TYPE, smoke ? ", smoke run" : "");

    auto start = Clock::now();
    BenchOrg org = generate(z);
    Store& s = *org.store;
    std::printf(
        "  generated %d people, %d groups (trees of 100, 10 deep), %lld memberships, %d courses and %d "
        "pending submissions, in %.0f ms\n",
        z.people, z.groups + 1, static_cast<long long>(org.memberships), z.courses, org.pending, ms_since(start));

    // The baseline: one indexed SELECT of a membership, through the core's statement cache.
    std::mt19937 rng(3);
    std::printf("  %-66s %9s %9s %10s\n", "median of repeated runs, in ms", "wall", "processor", "ratio");
    const Timing baseline = median_ms(
        z.repeats,
        [&] {
            auto q = s.db().prepare("SELECT role FROM memberships WHERE group_id = ? AND user_id = ?");
            q->bind(1, org.groups[rng() % org.groups.size()]).bind(2, org.people[rng() % org.people.size()]);
            (void)q->step();
        },
        1000);
    row("baseline: one indexed SELECT of a membership", baseline, baseline, "");

    // F20: one submission's notifications in a 10-deep tree.
    std::size_t recipients = 0;
    const Timing notify = median_ms(z.repeats, [&] { recipients = mentors_to_notify(s, org.learner).size(); });
    row("mentors_to_notify, a member of the 10th level", notify, baseline, "");
    Id some_work = 0;
    {
        auto q = s.db().prepare("SELECT min(id) FROM step_work");
        (void)q->step();
        some_work = q->col_int(0);
    }
    const Timing fan_out = median_ms(z.repeats, [&] {
        auto r = s.command<int>(kChangeNotifications, [&]() -> Result<int> {
            int n = 0;
            for (Id mentor : mentors_to_notify(s, org.learner)) {
                s.db()
                    .prepare("INSERT INTO notifications (user_id, work_id, created_at) VALUES (?, ?, ?)")
                    ->bind_all(mentor, some_work, kNow)
                    .run();
                ++n;
            }
            return n;
        });
        must(std::move(r), "fan-out");
    });
    char label[128];
    std::snprintf(label, sizeof label, "fan-out: mentors_to_notify + %zu inserts, one transaction", recipients);
    row(label, fan_out, baseline, "goal <= 1 ms");
    std::string answer = "x";
    const Timing submit = median_ms(z.repeats, [&] {
        answer += "x";  // a new answer: submitting again replaces it and notifies again
        must(complete_step(s, org.learner, org.learner, org.learner_step.id, answer), "submit");
    });
    row("complete_step: a whole submission (command, audit, fan-out)", submit, baseline, "");

    // F23: one mentor's weekly digest.
    const int slow = std::max(5, z.repeats / 5);
    std::size_t sizes[3] = {};
    const Id mentors[3] = {org.leaf_mentor, org.root_mentor, org.big_mentor};
    const char* names[3] = {"a class's mentor", "a 100-group tree's top mentor", "the big cohort's mentor"};
    for (int m = 0; m < 3; ++m) {
        const Timing t = median_ms(slow, [&] {
            auto d = must(weekly_digest(s, mentors[m]), "digest");
            sizes[m] = d.pending.size();
        });
        std::snprintf(label, sizeof label, "weekly_digest, %s (%zu pending)", names[m], sizes[m]);
        row(label, t, baseline, "goal <= 50 ms");
    }
    // F24: a mentor's home.
    for (int m = 0; m < 3; ++m) {
        std::size_t members = 0;
        const Timing t = median_ms(slow, [&] {
            members = 0;
            for (const LedGroup& g : led_groups(s, mentors[m])) members += g.members.size();
        });
        std::snprintf(label, sizeof label, "led_groups, %s (%zu members)", names[m], members);
        row(label, t, baseline, "");
    }
    // F21, F37: everything a mentor may review (the digest lists it: its share of the digest's time).
    for (int m = 0; m < 3; ++m) {
        std::size_t all = 0;
        const Timing t = median_ms(slow, [&] { all = must(review_queue(s, mentors[m]), "queue").size(); });
        std::snprintf(label, sizeof label, "review_queue, all %s may review (%zu)", names[m], all);
        row(label, t, baseline, "");
    }
    // F21, F37: the queue of a group with 10,000 pending items.
    std::size_t items = 0;
    const Timing queue =
        median_ms(slow, [&] { items = must(review_queue(s, org.big_mentor, {.group = org.big}), "queue").size(); });
    std::snprintf(label, sizeof label, "review_queue of a group (%zu pending items)", items);
    row(label, queue, baseline, "");
    const Timing by_step = median_ms(slow, [&] {
        items = must(review_queue(s, org.big_mentor, {.group = org.big, .by_step = true}), "queue").size();
    });
    std::snprintf(label, sizeof label, "review_queue of the same group, by step (%zu)", items);
    row(label, by_step, baseline, "");

    if (recipients == 0) die("the learner's submission notified nobody");
    if (items != static_cast<std::size_t>(2 * z.big_group)) die("the big group's queue is not 2 items a member");
    if (sizes[2] < items) die("the big cohort's mentor's digest misses pending work");
    return 0;
}
