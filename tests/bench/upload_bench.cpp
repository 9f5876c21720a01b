// Upload benchmark (issue 4): a 100,000-person user file and a 3 MB membership file, each planned and
// applied through core/files/upload.h, against the floor: the same rows inserted with raw prepared SQLite
// statements in one transaction into an identical database, measured in the same run. Prints figures and
// ratios; never fails on a timing. --smoke runs a tiny version and fails only if the import did not work.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "core/grove.h"

#ifndef GROVE_BENCH_BUILD_TYPE
#define GROVE_BENCH_BUILD_TYPE "unknown build"
#endif

using namespace grove;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "upload bench: %s\n", what.c_str());
    std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
    if (!r) die(std::string(what) + ": " + r.error().message);
    return std::move(r).value();
}

std::unique_ptr<Store> open_store() {
    static std::uint64_t seed = 7;  // each store draws other record IDs
    StoreOptions options;
    options.seed = seed++;
    options.clock = [] { return std::int64_t{1767603600000}; };
    return must(Store::open(":memory:", options), "open");
}

// The same database twice: one for the floor, one for the upload.
std::unique_ptr<Store> copy_of(const std::vector<std::uint8_t>& bytes) {
    auto store = open_store();
    store->db().deserialize(bytes);
    return store;
}

// A prepared statement of the raw SQLite API, reset after each row: the floor uses nothing else.
struct Raw {
    sqlite3* db;
    sqlite3_stmt* stmt = nullptr;
    Raw(sqlite3* handle, const char* sql) : db(handle) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
    }
    ~Raw() { sqlite3_finalize(stmt); }
    void text(int i, const std::string& s) {
        sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    void integer(int i, std::int64_t v) { sqlite3_bind_int64(stmt, i, v); }
    void null(int i) { sqlite3_bind_null(stmt, i); }
    void run() {
        if (sqlite3_step(stmt) != SQLITE_DONE) die(sqlite3_errmsg(db));
        sqlite3_reset(stmt);
    }
};

void exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
}

const char* const kFirst[] = {"Ada",     "Grace", "Alan",     "Emmy",    "Katherine", "Edsger", "Barbara", "Donald",
                              "Frances", "John",  "Margaret", "Niklaus", "Radia",     "Tim",    "Hedy",    "Claude"};
const char* const kLast[] = {"Lovelace", "Hopper",      "Turing", "Noether", "Johnson",  "Dijkstra",
                             "Liskov",   "Knuth",       "Allen",  "Backus",  "Hamilton", "Wirth",
                             "Perlman",  "Berners-Lee", "Lamarr", "Shannon"};
const char* const kTitles[] = {"Teacher", "Counsellor", "Librarian", "Principal", "Coach"};

// One person of the user file, as the floor inserts it.
struct PersonRow {
    std::string email, first, last, title, hired;
    int department = 0;  // index into the departments
};

struct BenchOrg {
    std::vector<std::uint8_t> bytes;  // the organisation before the upload
    Id owner = 0;
    std::vector<Id> departments;
    std::vector<std::string> department_slugs;
    std::vector<Id> groups;
    std::vector<std::string> group_slugs;
    Id title_field = 0, hired_field = 0;
};

// An organisation with departments, groups and two additional fields, and nobody but its owner.
BenchOrg base_org(int departments, int groups) {
    auto store = open_store();
    must(init_org(*store, {"Riverside District", Plan::kEnterprise, "owner@riverside.edu", "Olive", "Owner"}), "init");
    BenchOrg org;
    org.owner = *owner_id(*store);
    for (int i = 0; i < departments; ++i) {
        auto d =
            must(create_department(*store, org.owner, "Department " + std::to_string(i + 1), std::nullopt), "dept");
        org.departments.push_back(d.id);
        org.department_slugs.push_back(d.slug);
    }
    for (int i = 0; i < groups; ++i) {
        auto g = must(
            create_group(*store, org.owner, {"Class " + std::to_string(i + 1), "", std::nullopt, {}, std::nullopt}),
            "group");
        org.groups.push_back(g.id);
        org.group_slugs.push_back(g.slug);
    }
    org.title_field = must(add_field(*store, org.owner, "Job Title", FieldType::kText), "field").id;
    org.hired_field = must(add_field(*store, org.owner, "Hire Date", FieldType::kDate), "field").id;
    org.bytes = store->db().serialize();
    return org;
}

std::vector<PersonRow> make_people(int count, int departments) {
    std::vector<PersonRow> people;
    people.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        PersonRow p;
        p.first = kFirst[i % 16];
        p.last = std::string(kLast[(i / 16) % 16]) + (i >= 256 ? " " + std::to_string(i / 256) : "");
        p.email = "person" + std::to_string(i) + "@riverside.edu";
        p.title = kTitles[i % 5];
        char date[16];
        std::snprintf(date, sizeof date, "20%02d-%02d-%02d", 10 + i % 15, 1 + i % 12, 1 + i % 28);
        p.hired = date;
        p.department = i % departments;
        people.push_back(std::move(p));
    }
    return people;
}

std::string user_csv(const std::vector<PersonRow>& people, const BenchOrg& org) {
    std::string out;
    CsvWriter csv(out);
    csv.row({"email", "first_name", "last_name", "department", "Job Title", "Hire Date"});
    for (const auto& p : people) {
        csv.cell(p.email).cell(p.first).cell(p.last).cell(org.department_slugs[static_cast<size_t>(p.department)]);
        csv.cell(p.title).cell(p.hired).end_row();
    }
    return out;
}

// The floor for the user file: each person and their two field values, raw.
void floor_users(Store& store, const std::vector<PersonRow>& people, const BenchOrg& org) {
    sqlite3* db = store.db().handle();
    exec(db, "BEGIN IMMEDIATE");
    {
        Raw user(db,
                 "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, "
                 "created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)");
        Raw value(db, "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)");
        const std::int64_t now = store.now();
        for (const auto& p : people) {
            std::string uid = store.new_uid();
            user.text(1, uid);
            user.text(2, p.email);
            user.text(3, p.first);
            user.text(4, p.last);
            user.integer(5, org.departments[static_cast<size_t>(p.department)]);
            user.integer(6, now);
            user.integer(7, now);
            user.integer(8, now);
            user.run();
            Id id = sqlite3_last_insert_rowid(db);
            for (auto [field, text] : {std::pair{org.title_field, &p.title}, std::pair{org.hired_field, &p.hired}}) {
                value.integer(1, id);
                value.integer(2, field);
                value.text(3, *text);
                value.integer(4, now);
                value.run();
            }
        }
    }
    exec(db, "COMMIT");
}

struct Membership {
    int person;  // index into the people
    int group;   // index into the groups
    const char* role;
};

// Distinct (person, group) pairs until the CSV reaches `limit` bytes.
std::vector<Membership> make_memberships(const std::vector<PersonRow>& people, const BenchOrg& org, size_t limit,
                                         std::string& csv_text) {
    std::vector<Membership> out;
    csv_text.clear();
    CsvWriter csv(csv_text);
    csv.row({"email", "group", "role"});
    const char* roles[] = {"member", "member", "member", "mentor", "member", "member", "member", "admin"};
    const size_t n = people.size(), g = org.groups.size();
    for (size_t k = 0;; ++k) {
        Membership m{static_cast<int>(k % n), static_cast<int>((k / n + k * 7) % g), roles[k % 8]};
        std::string row = csv_cell(people[static_cast<size_t>(m.person)].email) + "," +
                          org.group_slugs[static_cast<size_t>(m.group)] + "," + m.role + "\r\n";
        if (csv_text.size() + row.size() > limit) break;
        csv_text += row;
        out.push_back(m);
    }
    return out;
}

void floor_memberships(Store& store, const std::vector<Membership>& rows, const std::vector<Id>& person_ids,
                       const BenchOrg& org) {
    sqlite3* db = store.db().handle();
    exec(db, "BEGIN IMMEDIATE");
    {
        Raw insert(db,
                   "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
        const std::int64_t now = store.now();
        for (const auto& m : rows) {
            std::string uid = store.new_uid();
            std::string role = m.role;
            insert.text(1, uid);
            insert.integer(2, org.groups[static_cast<size_t>(m.group)]);
            insert.integer(3, person_ids[static_cast<size_t>(m.person)]);
            insert.text(4, role);
            insert.integer(5, now);
            insert.integer(6, now);
            insert.run();
        }
    }
    exec(db, "COMMIT");
}

struct Timing {
    double plan = 0, apply = 0;
    double total() const { return plan + apply; }
};

Timing upload(Store& store, Id actor, UploadKind kind, const char* name, const std::string& csv,
              const UploadCounts& expected) {
    Timing t;
    auto start = Clock::now();
    auto plan = must(plan_upload(store, actor, kind, name, csv), "plan");
    t.plan = ms_since(start);
    if (!plan.ok()) die(std::string(name) + ": " + plan.errors.front());
    start = Clock::now();
    auto counts = must(apply_upload(store, actor, plan), "apply");
    t.apply = ms_since(start);
    if (counts.people_added != expected.people_added || counts.memberships_added != expected.memberships_added) {
        die(std::string(name) + ": the upload did not add what the file holds: " + counts.summary());
    }
    return t;
}

std::int64_t count(Store& store, const char* sql) {
    auto s = store.db().prepare(sql);
    s->step();
    return s->col_int(0);
}

void report(const char* what, size_t rows, size_t bytes, double floor_ms, const Timing& t) {
    std::printf("%s: %zu rows, %.2f MB\n", what, rows, static_cast<double>(bytes) / (1024.0 * 1024.0));
    std::printf("  floor (raw prepared inserts, one transaction)  %9.1f ms\n", floor_ms);
    std::printf("  plan_upload + apply_upload                     %9.1f ms  (plan %.1f, apply %.1f)\n", t.total(),
                t.plan, t.apply);
    std::printf("  ratio to the floor                             %9.2fx  (goal: at most 1.5x)\n",
                t.total() / floor_ms);
}

}  // namespace

int main(int argc, char** argv) {
    bool smoke = false;
    int runs = 3;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0)
            smoke = true;
        else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else
            die(std::string("unknown argument ") + argv[i] + " (use --smoke, --runs N)");
    }
    const int people_count = smoke ? 300 : 100000;
    const size_t membership_bytes = smoke ? 8 * 1024 : kMembershipUploadLimit;
    if (smoke) runs = 1;
    std::printf("Upload benchmark (%s)%s\n", GROVE_BENCH_BUILD_TYPE, smoke ? ", smoke run" : "");

    // The user file.
    BenchOrg org = base_org(20, smoke ? 20 : 1000);
    auto people = make_people(people_count, 20);
    std::string users = user_csv(people, org);
    double floor_best = 1e300;
    Timing best{1e300, 0};
    for (int run = 0; run < runs; ++run) {
        auto floor_store = copy_of(org.bytes);
        auto start = Clock::now();
        floor_users(*floor_store, people, org);
        floor_best = std::min(floor_best, ms_since(start));

        auto store = copy_of(org.bytes);
        UploadCounts expected;
        expected.people_added = people_count;
        Timing t = upload(*store, org.owner, UploadKind::kUsers, "users.csv", users, expected);
        if (t.total() < best.total()) best = t;
        if (count(*store, "SELECT count(*) FROM user_fields") != 2LL * people_count ||
            count(*store, "SELECT count(*) FROM users") != people_count + 1 ||
            count(*floor_store, "SELECT count(*) FROM users") != people_count + 1) {
            die("users.csv: the database does not hold the people of the file");
        }
    }
    report("users.csv", people.size(), users.size(), floor_best, best);
    double read_best = 1e300;
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        auto table = must(read_csv(users, "users.csv"), "read");
        read_best = std::min(read_best, ms_since(start));
        if (table.rows.size() != people.size() + 1) die("users.csv: read_csv lost rows");
    }
    std::printf("  read_csv alone                                 %9.1f ms  (%.0f MB/s)\n", read_best,
                static_cast<double>(users.size()) / (1024.0 * 1024.0) / (read_best / 1000.0));

    // The membership file, into an organisation that holds the people above.
    auto with_people = copy_of(org.bytes);
    floor_users(*with_people, people, org);
    std::vector<Id> person_ids;
    {
        auto s = with_people->db().prepare("SELECT id FROM users WHERE email <> 'owner@riverside.edu' ORDER BY id");
        while (s->step()) person_ids.push_back(s->col_int(0));
    }
    BenchOrg populated = org;
    populated.bytes = with_people->db().serialize();
    std::string memberships_csv;
    auto memberships = make_memberships(people, org, membership_bytes, memberships_csv);
    floor_best = 1e300;
    best = Timing{1e300, 0};
    for (int run = 0; run < runs; ++run) {
        auto floor_store = copy_of(populated.bytes);
        auto start = Clock::now();
        floor_memberships(*floor_store, memberships, person_ids, org);
        floor_best = std::min(floor_best, ms_since(start));

        auto store = copy_of(populated.bytes);
        UploadCounts expected;
        expected.memberships_added = static_cast<int>(memberships.size());
        Timing t = upload(*store, org.owner, UploadKind::kMemberships, "memberships.csv", memberships_csv, expected);
        if (t.total() < best.total()) best = t;
        if (count(*store, "SELECT count(*) FROM memberships") != static_cast<std::int64_t>(memberships.size()) ||
            count(*store, "SELECT sum(member_count) FROM groups") != static_cast<std::int64_t>(memberships.size())) {
            die("memberships.csv: the database does not hold the memberships of the file");
        }
    }
    report("memberships.csv", memberships.size(), memberships_csv.size(), floor_best, best);
    if (smoke) std::printf("smoke run: both uploads applied every row\n");
    return 0;
}
