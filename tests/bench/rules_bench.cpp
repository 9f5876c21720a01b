// Smart groups benchmark (issue 10): an organisation of 100,000 people (a department tree three deep, four
// additional fields, courses with enrolments and completed steps, clubs) with 200 smart groups whose rules
// hold about five conditions each of every kind (text on email and names, fields, "department is under",
// course status, and a few "group X has member" reading clubs or other smart groups). It measures
//   (a) editing one person's field that rules read (edit_user): the engine re-evaluates only that person;
//   (b) previewing and setting a new rule on a group (preview_rule + set_rule);
//   (c) a 100,000-row people upload (plan + apply) with all 200 rules, against the same upload into the same
//       organisation without rules, both new people and an update of everyone;
// beside (d) a full re-evaluation of all 200 groups from scratch (rule_members_from_scratch each), measured in
// the same run, and (e) the same edit without rules. Each figure is printed with its goal and the ratio to it.
// The organisation without rules is generated the same way (same seeds) in a second store. The bench checks
// that incremental membership equals the full re-evaluation and fails only if it does not (or a command was
// refused); it never fails on a timing. --smoke runs a tiny version.
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
#include "core/rules/smart.h"

#ifndef GROVE_BENCH_BUILD_TYPE
#define GROVE_BENCH_BUILD_TYPE "unknown build"
#endif

using namespace grove;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kNow = 1796115600000;  // 2026-12-01T09:00:00Z
constexpr std::int64_t kDayMs = 86400000;
constexpr std::int64_t kToday = kNow / kDayMs;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}
double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "rules bench: %s\n", what.c_str());
    std::exit(1);
}

template <class T>
T must(Result<T> r, const std::string& what) {
    if (!r) die(what + ": " + r.error().message);
    return std::move(r).value();
}

// A prepared statement of the raw SQLite API, reset after each row: the generator writes people this way.
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
    bool run() {
        if (sqlite3_step(stmt) != SQLITE_DONE) die(sqlite3_errmsg(db));
        sqlite3_reset(stmt);
        return sqlite3_changes(db) > 0;
    }
};

void exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
}

std::int64_t count(Store& store, const char* sql) {
    auto s = store.db().prepare(sql);
    s->step();
    return s->col_int(0);
}

// YYYY-MM-DD of a day since 1970-01-01.
std::string day_text(std::int64_t days) { return format_iso_day(days * kDayMs); }

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

struct Sizes {
    int people = 100000;
    int top_departments = 10;  // each with 5 sub-departments of 4 each: 260 departments
    int clubs = 20;            // manual groups, about one person in five in one
    int courses = 8;           // six steps each
    int smart = 200;
    int edits = 301;
    int new_rules = 15;
    int upload_people = 100000;
    int upload_runs = 3;       // files changing everyone
    int full_groups = 0;       // groups re-evaluated from scratch for (d); 0: all of them
    bool rules_after = false;  // set_rule after the people are in (each rule then evaluates everyone)
};

const char* const kFirst[] = {"Ada", "Grace", "Alan",   "Emmy", "Katherine", "Edsger", "Barbara", "Donald",
                              "Zoë", "José",  "Élodie", "Tim",  "Hedy",      "Radia",  "Claude",  "Frances"};
const char* const kLast[] = {"Lovelace", "Hopper", "Turing",   "Noether", "Johnson", "Dijkstra", "Liskov",  "Knuth",
                             "Allen",    "Backus", "Hamilton", "Wirth",   "Perlman", "Lamarr",   "Shannon", "Müller"};
const char* const kTitles[] = {"Teacher", "Head Teacher", "Counsellor", "Librarian", "Principal",
                               "Coach",   "Assistant",    "Nurse",      "Caretaker", "Teacher of Music"};
const char* const kCampuses[] = {"North", "South", "East", "West", "Online"};

struct BenchOrg {
    std::unique_ptr<Store> store;
    Id owner = 0;
    std::vector<Id> people;
    std::vector<std::string> top_slugs, mid_slugs, leaf_slugs;
    std::vector<Id> leaves;  // leaf departments, where people are
    std::vector<std::string> course_names;
    std::vector<std::string> club_names;
    std::vector<Id> smart;  // the 200 smart groups, "Team 1".."Team 200"
    std::vector<std::string> smart_names;
    std::vector<Id> drafts;          // groups without a rule, for setting new rules
    std::vector<std::string> rules;  // the rule of each smart group, as set
    double structure_ms = 0, people_ms = 0, rules_ms = 0, rules_cpu = 0, people_cpu = 0;
    std::int64_t enrolments = 0, work = 0, club_members = 0;
};

// One condition of a rule, of kind `kind` (0..10), for smart group number `index` (which may read only groups
// made before it, so rules never form a cycle).
std::string condition(std::mt19937& rng, const BenchOrg& org, int kind, int index) {
    auto pick = [&](auto n) { return static_cast<std::size_t>(rng() % static_cast<std::uint32_t>(n)); };
    auto one = [&](const auto& list) { return std::string(list[pick(std::size(list))]); };
    switch (kind) {
        case 0: {
            const int k = static_cast<int>(pick(3));
            if (k == 0) return "email ends with " + quoted(std::to_string(pick(10)) + "@bench.example");
            if (k == 1) return "email contains " + quoted(std::to_string(10 + pick(90)));
            return "email starts with " + quoted("p" + std::to_string(1 + pick(9)));
        }
        case 1: {
            const int k = static_cast<int>(pick(3));
            if (k == 0) return "first name is one of (" + quoted(one(kFirst)) + ", " + quoted(one(kFirst)) + ")";
            if (k == 1) return "first name starts with " + quoted(one(kFirst).substr(0, 1));
            return "first name is not " + quoted(one(kFirst));
        }
        case 2: {
            const int k = static_cast<int>(pick(3));
            if (k == 0) return "last name contains " + quoted(one(kLast).substr(1, 2));
            if (k == 1) return "last name starts with " + quoted(one(kLast).substr(0, 2));
            return "last name does not contain \"e\"";
        }
        case 3: {
            const int k = static_cast<int>(pick(4));
            if (k == 0) return "field \"Job Title\" contains \"teach\"";
            if (k == 1)
                return "field \"Job Title\" is one of (" + quoted(one(kTitles)) + ", " + quoted(one(kTitles)) + ")";
            if (k == 2) return "field \"Job Title\" is not empty";
            return "field \"Job Title\" does not contain " + quoted(one(kTitles).substr(0, 4));
        }
        case 4: {
            const char* ops[] = {">=", "<", "=", "!=", ">", "<="};
            return std::string("field \"Grade\" ") + ops[pick(6)] + " " + std::to_string(1 + pick(12));
        }
        case 5: {
            const int k = static_cast<int>(pick(4));
            const std::string day = day_text(kToday - 365 * 15 + static_cast<std::int64_t>(pick(365 * 15)));
            if (k == 0) return "field \"Hire Date\" after " + day;
            if (k == 1) return "field \"Hire Date\" before " + day;
            if (k == 2) return "field \"Hire Date\" within last " + std::to_string(30 + pick(2000)) + " days";
            return "field \"Hire Date\" is empty";
        }
        case 6: {
            const int k = static_cast<int>(pick(3));
            if (k == 0) return "field \"Campus\" is " + quoted(one(kCampuses));
            if (k == 1) return "field \"Campus\" is not " + quoted(one(kCampuses));
            return "field \"Campus\" is one of (" + quoted(one(kCampuses)) + ", " + quoted(one(kCampuses)) + ")";
        }
        case 7: {
            const int k = static_cast<int>(pick(3));
            if (k == 0) return "department is under " + quoted(org.top_slugs[pick(org.top_slugs.size())]);
            if (k == 1) return "department is under " + quoted(org.mid_slugs[pick(org.mid_slugs.size())]);
            return "department is " + quoted(org.leaf_slugs[pick(org.leaf_slugs.size())]);
        }
        case 8: {
            const std::string course = "course " + quoted(org.course_names[pick(org.course_names.size())]);
            const int k = static_cast<int>(pick(4));
            if (k == 0) return course + " is enrolled";
            if (k == 1) return course + " is in progress";
            if (k == 2) return course + " is completed";
            return course + " is enrolled after " + day_text(kToday - 100 - static_cast<std::int64_t>(pick(500)));
        }
        case 9:  // true of everyone here: now and then, as rules often say it
            if (pick(3) == 0) return pick(2) ? "status is active" : "not status is deactivated";
            return "course " + quoted(org.course_names[pick(org.course_names.size())]) + " is completed";
        default: {
            // A club, or (more often) a smart group made earlier.
            if (index == 0 || pick(3) == 0)
                return "group " + quoted(org.club_names[pick(org.club_names.size())]) + " has member";
            return "group " + quoted(org.smart_names[pick(static_cast<std::size_t>(index))]) + " has member";
        }
    }
}

// About five conditions in one of a few shapes; one rule in eight reads another group.
std::string random_rule(std::mt19937& rng, const BenchOrg& org, int index) {
    std::string c[5];
    for (int i = 0; i < 5; ++i) c[i] = condition(rng, org, static_cast<int>(rng() % 10), index);
    if (rng() % 8 == 0) c[rng() % 5] = condition(rng, org, 10, index);
    switch (rng() % 4) {
        case 0: return c[0] + " and " + c[1] + " and (" + c[2] + " or " + c[3] + ") and not " + c[4];
        case 1: return "(" + c[0] + " or " + c[1] + " or " + c[2] + ") and " + c[3] + " and " + c[4];
        case 2: return c[0] + " and (" + c[1] + " or " + c[2] + ") and (" + c[3] + " or not " + c[4] + ")";
        default: return "(" + c[0] + " and " + c[1] + ") or (" + c[2] + " and " + c[3] + " and " + c[4] + ")";
    }
}

std::unique_ptr<Store> open_store() {
    StoreOptions options;
    options.seed = 11;
    options.clock = [t = kNow]() mutable { return t++; };
    return must(Store::open(":memory:", options), "open");
}

// The organisation; with_rules: the 200 smart groups get their rules (set_rule, one after another). Without,
// the same organisation (same seeds) whose 200 groups stay manual and empty.
BenchOrg generate(const Sizes& z, bool with_rules) {
    BenchOrg org;
    auto start = Clock::now();
    org.store = open_store();
    Store& store = *org.store;
    must(init_org(store, {"Bench District", Plan::kEnterprise, "owner@bench.example", "Olive", "Owner"}), "init");
    org.owner = *owner_id(store);
    std::mt19937 rng(5);
    auto below = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)); };

    // Departments: top > mid > leaf.
    for (int t = 0; t < z.top_departments; ++t) {
        auto top = must(create_department(store, org.owner, "Division " + std::to_string(t + 1), std::nullopt), "dept");
        org.top_slugs.push_back(top.slug);
        for (int m = 0; m < 5; ++m) {
            auto mid = must(create_department(store, org.owner,
                                              "School " + std::to_string(t + 1) + "." + std::to_string(m + 1), top.id),
                            "dept");
            org.mid_slugs.push_back(mid.slug);
            for (int l = 0; l < 4; ++l) {
                auto leaf = must(create_department(store, org.owner,
                                                   "Team " + std::to_string(t + 1) + "." + std::to_string(m + 1) + "." +
                                                       std::to_string(l + 1),
                                                   mid.id),
                                 "dept");
                org.leaf_slugs.push_back(leaf.slug);
                org.leaves.push_back(leaf.id);
            }
        }
    }
    const Id title = must(add_field(store, org.owner, "Job Title", FieldType::kText), "field").id;
    const Id grade = must(add_field(store, org.owner, "Grade", FieldType::kNumber), "field").id;
    const Id hired = must(add_field(store, org.owner, "Hire Date", FieldType::kDate), "field").id;
    const Id campus =
        must(add_field(store, org.owner, "Campus", FieldType::kChoice, {std::begin(kCampuses), std::end(kCampuses)}),
             "field")
            .id;

    // Courses of six steps; the 2nd and 5th are marked for review.
    std::vector<Id> courses;
    std::vector<std::vector<std::pair<Id, bool>>> steps;  // per course: step, marked for review
    for (int c = 0; c < z.courses; ++c) {
        auto course = must(create_course(store, org.owner, "Course " + std::to_string(c + 1)), "course");
        courses.push_back(course.id);
        org.course_names.push_back(course.name);
        steps.emplace_back();
        for (int s = 1; s <= 6; ++s) {
            const bool review = s == 2 || s == 5;
            auto step = must(add_step(store, org.owner, course.id,
                                      {"Step " + std::to_string(s), review ? StepKind::kAssignment : StepKind::kLesson,
                                       review, std::nullopt}),
                             "step");
            steps.back().emplace_back(step.id, review);
        }
    }
    std::vector<Id> clubs;
    for (int c = 0; c < z.clubs; ++c) {
        auto g =
            must(create_group(store, org.owner, {"Club " + std::to_string(c + 1), "", std::nullopt, {}, {}}), "club");
        clubs.push_back(g.id);
        org.club_names.push_back(g.name);
    }
    for (int s = 0; s < z.smart; ++s) {
        auto g =
            must(create_group(store, org.owner, {"Smart " + std::to_string(s + 1), "", std::nullopt, {}, {}}), "group");
        org.smart.push_back(g.id);
        org.smart_names.push_back(g.name);
    }
    for (int d = 0; d < z.new_rules; ++d)
        org.drafts.push_back(
            must(create_group(store, org.owner, {"Draft " + std::to_string(d + 1), "", std::nullopt, {}, {}}), "draft")
                .id);
    org.structure_ms = ms_since(start);

    // The rules, always drawn (so both stores see the same random numbers afterwards), set one after another by
    // set_rule: here, before the people come (or, with --rules-after, once they are all in).
    auto set_rules = [&] {
        for (int s = 0; s < z.smart; ++s) {
            org.rules.push_back(random_rule(rng, org, s));
            if (with_rules)
                must(set_rule(store, org.owner, org.smart[static_cast<std::size_t>(s)], org.rules.back()),
                     "set_rule " + org.rules.back());
        }
    };
    if (!z.rules_after) set_rules();

    // People, their field values, enrolments, work and clubs: raw inserts in one transaction.
    start = Clock::now();
    double cpu = cpu_ms();
    sqlite3* db = store.db().handle();
    exec(db, "BEGIN IMMEDIATE");
    {
        Raw user(db,
                 "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, "
                 "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?6, ?6, ?6)");
        Raw value(db, "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)");
        Raw enrol(db,
                  "INSERT OR IGNORE INTO enrolments (uid, course_id, user_id, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?4, ?4)");
        Raw work(db,
                 "INSERT INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, "
                 "updated_at) VALUES (?, ?, ?, ?, ?5, ?6, ?5, ?5)");
        Raw member(db,
                   "INSERT OR IGNORE INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?5, ?5)");
        auto set_value = [&](Id person, Id field, const std::string& text) {
            value.integer(1, person).integer(2, field).text(3, text).integer(4, kNow - 400 * kDayMs);
            value.run();
        };
        for (int i = 0; i < z.people; ++i) {
            user.text(1, store.new_uid())
                .text(2, "p" + std::to_string(i) + "@bench.example")
                .text(3, kFirst[rng() % 16])
                .text(4, std::string(kLast[rng() % 16]) + " " + std::to_string(i / 100))
                .integer(5, org.leaves[static_cast<std::size_t>(below(static_cast<std::int64_t>(org.leaves.size())))])
                .integer(6, kNow - 400 * kDayMs);
            user.run();
            const Id id = sqlite3_last_insert_rowid(db);
            org.people.push_back(id);
            if (rng() % 10 != 0) set_value(id, title, kTitles[rng() % 10]);
            if (rng() % 10 != 0) set_value(id, grade, std::to_string(1 + rng() % 12));
            if (rng() % 20 != 0) set_value(id, hired, day_text(kToday - 365 * 16 + below(365 * 16)));
            if (rng() % 20 != 0) set_value(id, campus, kCampuses[rng() % 5]);

            // 0 to 3 courses, each with some steps done in order (all six: completed).
            const std::uint32_t r = rng() % 10;
            const int n = r < 4 ? 0 : r < 7 ? 1 : r < 9 ? 2 : 3;
            for (int k = 0; k < n; ++k) {
                const std::size_t c = static_cast<std::size_t>(below(z.courses));
                std::int64_t at = kNow - below(700) * kDayMs - below(kDayMs);
                enrol.text(1, store.new_uid()).integer(2, courses[c]).integer(3, id).integer(4, at);
                if (!enrol.run()) continue;
                ++org.enrolments;
                const int done = static_cast<int>(below(7));
                for (int s = 0; s < done; ++s) {
                    at = std::min(kNow - 1000, at + below(20) * kDayMs + 1);
                    const auto [step, review] = steps[c][static_cast<std::size_t>(s)];
                    work.text(1, store.new_uid()).integer(2, step).integer(3, id);
                    work.text(4, review ? (rng() % 2 ? "reviewed" : "pending") : "completed").integer(5, at);
                    if (review)
                        work.text(6, "An answer.");
                    else
                        work.null(6);
                    work.run();
                    ++org.work;
                }
            }
            if (rng() % 5 == 0) {
                member.text(1, store.new_uid())
                    .integer(2, clubs[static_cast<std::size_t>(below(z.clubs))])
                    .integer(3, id)
                    .text(4, rng() % 20 == 0 ? "mentor" : "member")
                    .integer(5, kNow - 200 * kDayMs);
                org.club_members += member.run();
            }
        }
    }
    exec(db, "COMMIT");
    org.people_ms = ms_since(start);
    org.people_cpu = cpu_ms() - cpu;

    // Without --rules-after, the rules were set before the people came; one command applies them to everyone
    // (the engine's pass over the people the raw inserts touched, every rule in dependency order).
    start = Clock::now();
    cpu = cpu_ms();
    if (z.rules_after) {
        set_rules();
    } else {
        must(store.command<int>(kChangePeople, [] { return Result<int>(0); }), "applying the rules");
    }
    org.rules_ms = ms_since(start);
    org.rules_cpu = cpu_ms() - cpu;
    return org;
}

struct Figure {
    double median = 0, max = 0, cpu = 0;  // wall-clock median and max, processor-time median (ms)
};

Figure summarise(std::vector<double> walls, std::vector<double> cpus) {
    if (walls.empty()) return {};
    std::sort(walls.begin(), walls.end());
    std::sort(cpus.begin(), cpus.end());
    return {walls[walls.size() / 2], walls.back(), cpus[cpus.size() / 2]};
}

std::vector<Id> rule_members(Store& store, Id group) {
    std::vector<Id> out;
    auto s = store.db().prepare("SELECT user_id FROM memberships WHERE group_id = ? AND role = 'member' ORDER BY 1");
    s->bind(1, group);
    while (s->step()) out.push_back(s->col_int(0));
    return out;
}

std::int64_t last_audit(Store& store) { return count(store, "SELECT ifnull(max(id), 0) FROM audit"); }

// Joins and leaves audited since the audit entry `after` (by id, so the millions of older entries are not read).
std::int64_t rule_audits(Store& store, std::int64_t after) {
    auto s = store.db().prepare("SELECT count(*) FROM audit WHERE id > ? AND action IN ('rule.join', 'rule.leave')");
    s->bind(1, after);
    s->step();
    return s->col_int(0);
}

void header() {
    std::printf("  %-66s %10s %10s %10s %10s %8s\n", "", "median ms", "max ms", "cpu ms", "goal ms", "ratio");
}
void row(const std::string& what, const Figure& f, double goal) {
    if (goal > 0)
        std::printf("  %-66s %10.3f %10.3f %10.3f %10.1f %7.2fx\n", what.c_str(), f.median, f.max, f.cpu, goal,
                    f.median / goal);
    else
        std::printf("  %-66s %10.3f %10.3f %10.3f %10s %8s\n", what.c_str(), f.median, f.max, f.cpu, "", "");
}

// plan_upload + apply_upload of a people file, in ms (wall, processor).
std::pair<double, double> upload(Store& store, Id owner, const std::string& csv, int expect_added,
                                 int expect_existing) {
    auto start = Clock::now();
    const double cpu = cpu_ms();
    auto plan = must(plan_upload(store, owner, UploadKind::kUsers, "people.csv", csv), "plan_upload");
    if (!plan.ok()) die("people.csv: " + plan.errors.front());
    auto counts = must(apply_upload(store, owner, plan), "apply_upload");
    const std::pair<double, double> t{ms_since(start), cpu_ms() - cpu};
    if (counts.people_added != expect_added || counts.people_updated + counts.people_unchanged != expect_existing)
        die("people.csv did not do what the file holds: " + counts.summary());
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    Sizes z;
    bool smoke = false;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (std::strcmp(argv[i], "--smoke") == 0) {
            smoke = true;
            z = Sizes{2000, 3, 4, 3, 20, 21, 3, 2000, 1};
        } else if (std::strcmp(argv[i], "--people") == 0 && has_value) {
            z.people = z.upload_people = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--smart") == 0 && has_value) {
            z.smart = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--edits") == 0 && has_value) {
            z.edits = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--upload-runs") == 0 && has_value) {
            z.upload_runs = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--new-rules") == 0 && has_value) {
            z.new_rules = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--full-groups") == 0 && has_value) {
            z.full_groups = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--rules-after") == 0) {
            z.rules_after = true;
        } else {
            die(std::string("unknown argument ") + argv[i] +
                " (use --smoke, --people N, --smart N, --edits N, --upload-runs N, --new-rules N, --full-groups N, "
                "--rules-after)");
        }
    }
    std::printf("Smart groups benchmark (%s)%s\n", GROVE_BENCH_BUILD_TYPE, smoke ? ", smoke run" : "");

    BenchOrg org = generate(z, true);
    Store& s = *org.store;
    std::printf(
        "  generated %d people in %zu departments, %lld enrolments, %lld steps done, %lld club members: structure "
        "%.0f ms, people %.0f ms (cpu %.0f ms)\n",
        z.people, org.top_slugs.size() + org.mid_slugs.size() + org.leaf_slugs.size(),
        static_cast<long long>(org.enrolments), static_cast<long long>(org.work),
        static_cast<long long>(org.club_members), org.structure_ms, org.people_ms, org.people_cpu);
    const std::int64_t rule_memberships = count(s,
                                                "SELECT count(*) FROM memberships m JOIN smart_rules r "
                                                "ON r.group_id = m.group_id WHERE m.role = 'member'");
    std::printf("  %s: %.0f ms (cpu %.0f ms; %lld rule memberships)\n",
                z.rules_after ? "set_rule on each smart group, one after another, everyone in"
                              : "the rules applied to everyone inserted, in one command (the engine's pass)",
                org.rules_ms, org.rules_cpu, static_cast<long long>(rule_memberships));
    std::printf("  e.g. %s\n", org.rules.front().c_str());
    BenchOrg plain = generate(z, false);
    Store& p = *plain.store;
    std::printf("  the same organisation without rules, generated again: %.0f ms\n",
                plain.structure_ms + plain.people_ms);

    // (d) A full re-evaluation: every group from scratch, which must equal what the engine keeps.
    std::vector<double> each, each_cpu;
    int mismatched = 0;
    auto start = Clock::now();
    const double full_cpu_start = cpu_ms();
    // --full-groups N: N groups spread over all of them, and the whole extrapolated (said so in the output).
    const std::size_t sample = z.full_groups > 0
                                   ? std::min<std::size_t>(static_cast<std::size_t>(z.full_groups), org.smart.size())
                                   : org.smart.size();
    for (std::size_t i = 0; i < sample; ++i) {
        const Id g = org.smart[i * org.smart.size() / sample];
        auto t = Clock::now();
        const double c = cpu_ms();
        auto members = rule_members_from_scratch(s, g);
        each.push_back(ms_since(t));
        each_cpu.push_back(cpu_ms() - c);
        if (members != rule_members(s, g)) ++mismatched;
    }
    const double scale = static_cast<double>(org.smart.size()) / static_cast<double>(sample);
    const Figure full{ms_since(start) * scale, ms_since(start) * scale, (cpu_ms() - full_cpu_start) * scale};
    if (mismatched) die(std::to_string(mismatched) + " smart groups differ from a full re-evaluation after set_rule");
    std::printf("\n");
    header();
    const Figure per_group = summarise(each, each_cpu);
    row("(d) full re-evaluation, one group (rule_members_from_scratch)", per_group, 0);
    row("(d) full re-evaluation, all " + std::to_string(z.smart) + " groups" +
            (sample < org.smart.size()
                 ? " (" + std::to_string(sample) + " measured, x" + std::to_string(scale).substr(0, 4) + ")"
                 : ""),
        full, 0);
    std::printf("  %-66s %10.3f %10s %10.3f\n", "(d) the engine's own pass over everyone, all rules (generation)",
                org.rules_ms, "", org.rules_cpu);

    // (a) Editing one person's Grade, which many rules read: with rules, and the same edit without.
    std::mt19937 rng(17);
    std::vector<double> walls, cpus, plain_walls, plain_cpus;
    std::int64_t changed = 0;
    for (int i = 0; i < z.edits; ++i) {
        const std::size_t k = rng() % org.people.size();
        UserEdit edit;
        edit.fields = {{"Grade", std::to_string(1 + rng() % 12)}};
        const std::int64_t before = last_audit(s);
        auto t = Clock::now();
        double c = cpu_ms();
        must(edit_user(s, org.owner, org.people[k], edit), "edit_user");
        walls.push_back(ms_since(t));
        cpus.push_back(cpu_ms() - c);
        changed += rule_audits(s, before);
        // Only that person joined or left anything.
        auto others = s.db().prepare(
            "SELECT count(*) FROM audit WHERE id > ? AND action IN ('rule.join', 'rule.leave') "
            "AND user_uid <> (SELECT uid FROM users WHERE id = ?)");
        others->bind(1, before).bind(2, org.people[k]);
        others->step();
        if (others->col_int(0) != 0) die("editing one person made others join or leave");

        t = Clock::now();
        c = cpu_ms();
        must(edit_user(p, plain.owner, plain.people[k], edit), "edit_user");
        plain_walls.push_back(ms_since(t));
        plain_cpus.push_back(cpu_ms() - c);
    }
    const Figure edit = summarise(walls, cpus);
    const Figure edit_plain = summarise(plain_walls, plain_cpus);
    char label[160];
    std::snprintf(label, sizeof label, "(a) edit_user, one person's Grade (%d edits, %lld joins+leaves)", z.edits,
                  static_cast<long long>(changed));
    row(label, edit, 0.5);
    row("    the same edit_user without rules", edit_plain, 0);
    std::printf("  %-66s %10.3f ms = %.2fx the edit without rules; a full re-evaluation is %.0fx the edit\n",
                "    what the rules add to one edit (median)", edit.median - edit_plain.median,
                edit.median / edit_plain.median, full.median / edit.median);

    // (b) A new rule on a group without one: the preview, then setting it.
    std::vector<double> previews, preview_cpus, sets, set_cpus, both, both_cpus;
    std::vector<int> matches, joins;
    for (std::size_t d = 0; d < org.drafts.size(); ++d) {
        const std::string text = random_rule(rng, org, z.smart);
        if (std::getenv("GROVE_BENCH_SHOW_RULES")) std::printf("    new rule: %s\n", text.c_str());
        auto t = Clock::now();
        double c = cpu_ms();
        auto preview = must(preview_rule(s, org.drafts[d], text), "preview_rule " + text);
        previews.push_back(ms_since(t));
        preview_cpus.push_back(cpu_ms() - c);
        auto t2 = Clock::now();
        const double c2 = cpu_ms();
        auto set = must(set_rule(s, org.owner, org.drafts[d], text), "set_rule " + text);
        sets.push_back(ms_since(t2));
        set_cpus.push_back(cpu_ms() - c2);
        both.push_back(ms_since(t));
        both_cpus.push_back(cpu_ms() - c);
        if (set.join != preview.join || set.leave != preview.leave) die("set_rule did not do what preview_rule said");
        matches.push_back(preview.matches);
        joins.push_back(static_cast<int>(preview.join.size()));
    }
    std::sort(matches.begin(), matches.end());
    std::sort(joins.begin(), joins.end());
    std::snprintf(label, sizeof label, "(b) preview_rule + set_rule, a new rule (%zu rules)", org.drafts.size());
    row(label, summarise(both, both_cpus), 100);
    row("    preview_rule alone", summarise(previews, preview_cpus), 0);
    row("    set_rule alone", summarise(sets, set_cpus), 0);
    std::printf("    matches: median %d, max %d; joins: median %d, max %d\n", matches[matches.size() / 2],
                matches.back(), joins[joins.size() / 2], joins.back());

    // (c) 100,000-row people uploads, with the rules and without, into the same organisation: files changing
    // everyone's Grade and Job Title (each run a new file), then one of as many new people.
    auto update_file = [&] {
        std::string text;
        CsvWriter csv(text);
        csv.row({"email", "first_name", "last_name", "Grade", "Job Title"});  // empty names: left as they are
        for (int i = 0; i < z.people; ++i) {
            csv.cell("p" + std::to_string(i) + "@bench.example")
                .cell("")
                .cell("")
                .cell(std::to_string(1 + rng() % 12))
                .cell(kTitles[rng() % 10])
                .end_row();
        }
        return text;
    };
    std::string new_csv;
    {
        CsvWriter csv(new_csv);
        csv.row({"email", "first_name", "last_name", "department", "Job Title", "Grade", "Hire Date", "Campus"});
        for (int i = 0; i < z.upload_people; ++i) {
            csv.cell("n" + std::to_string(i) + "@bench.example")
                .cell(kFirst[rng() % 16])
                .cell(std::string(kLast[rng() % 16]) + " " + std::to_string(i / 100))
                .cell(org.leaf_slugs[rng() % org.leaf_slugs.size()])
                .cell(kTitles[rng() % 10])
                .cell(std::to_string(1 + rng() % 12))
                .cell(day_text(kToday - 365 * 16 + static_cast<std::int64_t>(rng() % (365 * 16))))
                .cell(kCampuses[rng() % 5])
                .end_row();
        }
    }
    std::printf("\n  %-66s %10s %10s %10s %10s\n", "people uploads (plan_upload + apply_upload)", "median ms", "max ms",
                "cpu ms", "ratio");
    std::vector<double> plain_walls_c, plain_cpus_c, rule_walls_c, rule_cpus_c;
    std::int64_t update_changes = 0;
    for (int run = 0; run < z.upload_runs; ++run) {
        const std::string csv = update_file();
        const auto [wall_p, cpu_p] = upload(p, plain.owner, csv, 0, z.people);
        const std::int64_t before = last_audit(s);
        const auto [wall_r, cpu_r] = upload(s, org.owner, csv, 0, z.people);
        update_changes += rule_audits(s, before);
        plain_walls_c.push_back(wall_p);
        plain_cpus_c.push_back(cpu_p);
        rule_walls_c.push_back(wall_r);
        rule_cpus_c.push_back(cpu_r);
    }
    const Figure update_plain = summarise(plain_walls_c, plain_cpus_c);
    const Figure update_rules = summarise(rule_walls_c, rule_cpus_c);
    std::snprintf(label, sizeof label, "(c) %d rows changing everyone's Grade, Title, no rules", z.people);
    std::printf("  %-66s %10.0f %10.0f %10.0f\n", label, update_plain.median, update_plain.max, update_plain.cpu);
    std::snprintf(label, sizeof label, "    the same with the rules (%d files, %lld joins+leaves)", z.upload_runs,
                  static_cast<long long>(update_changes));
    std::printf("  %-66s %10.0f %10.0f %10.0f %7.2fx wall, %.2fx cpu (goal <= 1.5x)\n", label, update_rules.median,
                update_rules.max, update_rules.cpu, update_rules.median / update_plain.median,
                update_rules.cpu / update_plain.cpu);
    if (z.upload_runs > 0) {  // --upload-runs 0 leaves the uploads out
        const auto [new_wall_p, new_cpu_p] = upload(p, plain.owner, new_csv, z.upload_people, 0);
        const std::int64_t before_new = last_audit(s);
        const auto [new_wall_r, new_cpu_r] = upload(s, org.owner, new_csv, z.upload_people, 0);
        std::snprintf(label, sizeof label, "(c) %d new people, no rules", z.upload_people);
        std::printf("  %-66s %10.0f %10s %10.0f\n", label, new_wall_p, "", new_cpu_p);
        std::snprintf(label, sizeof label, "    the same with the rules (%lld joins)",
                      static_cast<long long>(rule_audits(s, before_new)));
        std::printf("  %-66s %10.0f %10s %10.0f %7.2fx wall, %.2fx cpu (goal <= 1.5x)\n", label, new_wall_r, "",
                    new_cpu_r, new_wall_r / new_wall_p, new_cpu_r / new_cpu_p);
    }
    std::printf("  %-66s %10.0f ms, the same run\n", "(d) beside them: a full re-evaluation of all groups",
                full.median);

    // After all that, the engine's members still equal a full re-evaluation (a few groups at full size).
    const std::size_t checked = smoke ? org.smart.size() : 20;
    for (std::size_t i = 0; i < checked && i < org.smart.size(); ++i) {
        const Id g = org.smart[i * org.smart.size() / checked];
        if (rule_members_from_scratch(s, g) != rule_members(s, g))
            die("after the uploads, " + org.smart_names[i * org.smart.size() / checked] +
                " differs from a full re-evaluation");
    }
    for (Id g : org.drafts)
        if (rule_members_from_scratch(s, g) != rule_members(s, g)) die("a draft differs from a full re-evaluation");
    std::printf("  checked: incremental membership equals a full re-evaluation (%zu groups)\n",
                checked + org.drafts.size());
    if (smoke) std::printf("smoke run: every command applied, every check passed\n");
    return 0;
}
