// The audit log benchmark (issue 12): since schema 7 entries name their actor, group and person by uid, not by
// row ID. Writes a database as schema 6 left it (people, groups and entries naming them by row ID), then measures
// the listings of the audit log screen (the newest 2,001 entries: all, by group, by person) with schema 6's row-ID
// joins, the migration to schema 7, the same listings through read_audit with uid joins, and the Grove file's
// export. Times are the process's CPU time (on a shared machine the wall clock also counts other programs' turns).
// Prints figures and ratios; never fails on a timing.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>

#include "core/exchange/exchange.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/storage/store.h"

using namespace grove;

namespace {

double cpu_now() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
double ms_since(double start) { return cpu_now() - start; }

template <class T>
T must(Result<T> r, const char* what) {
    if (!r) {
        std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
    return std::move(*r);
}

// Schema 6's listing (core/org/audit.cpp before migration 7): the newest entries, joined by row ID.
constexpr const char* kOldListing =
    "SELECT audit.id, audit.at, actor_id, actor_name, action, summary, group_id, group_name, user_id, user_name, "
    "COALESCE(actor.email, ''), COALESCE(person.email, ''), "
    "length(audit.details) - length(replace(audit.details, char(10), '')) "
    "FROM audit LEFT JOIN users AS actor ON actor.id = audit.actor_id "
    "LEFT JOIN users AS person ON person.id = audit.user_id WHERE 1";

// Reads every row of the listing, as read_audit does, and returns how many.
int old_listing(Db& db, const std::string& where, std::int64_t id, const std::string& uid) {
    auto s = db.prepare_once(std::string(kOldListing) + where + " ORDER BY audit.at DESC, audit.id DESC LIMIT 2001");
    int at = 0;
    if (where.find(":person") != std::string::npos) {
        s->bind(++at, id);
        s->bind(++at, uid + "\t");
    } else if (!where.empty()) {
        s->bind(++at, id);
    }
    int n = 0;
    while (s->step()) {
        (void)s->col_text(3);
        (void)s->col_text(5);
        ++n;
    }
    return n;
}

// The Grove file's scan of the audit log (core/exchange/schema.cpp), each reference's uid joined by row ID
// (schema 6) or looked up by uid (schema 7); every row read. Returns the time in ms.
constexpr const char* kOldScan =
    "SELECT a.uid, a.at, u.uid, a.actor_name, a.action, a.summary, g.uid, a.group_name, v.uid, a.user_name, a.details, "
    "a.id FROM audit a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN groups g ON g.id = a.group_id "
    "LEFT JOIN users v ON v.id = a.user_id ORDER BY a.at, a.uid";
constexpr const char* kNewScan =
    "SELECT a.uid, a.at, u.uid, a.actor_name, a.action, a.summary, g.uid, a.group_name, v.uid, a.user_name, a.details, "
    "a.id FROM audit a LEFT JOIN users u ON u.uid = a.actor_uid LEFT JOIN groups g ON g.uid = a.group_uid "
    "LEFT JOIN users v ON v.uid = a.user_uid ORDER BY a.at, a.uid";

double scan(Db& db, const char* sql) {
    auto t = cpu_now();
    auto s = db.prepare_once(sql);
    std::size_t bytes = 0;
    while (s->step())
        for (int c : {2, 6, 8}) bytes += s->col_view(c).size();
    if (bytes == 0) std::printf("(no references)\n");
    return ms_since(t);
}

}  // namespace

int main(int argc, char** argv) {
    int people = 100000, groups = 10000, entries = 300000;
    std::string path = "grove-audit-bench.db";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--people")) people = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--groups")) groups = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--entries")) entries = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--db")) path = argv[i + 1];
    }
    std::remove(path.c_str());
    std::printf("audit log benchmark: %d people, %d groups, %d entries (%s)\n", people, groups, entries,
                GROVE_BENCH_BUILD_TYPE);
    std::mt19937 rng(12);
    const Id probe_group = 1 + groups / 2, probe_person = 1 + people / 2;
    std::string probe_uid;
    double old_all = 0, old_group = 0, old_person = 0, old_scan = 0;
    int old_counts[3] = {};
    {
        StoreOptions options;
        options.schema_version = 6;
        options.seed = 7;
        auto store = must(Store::open(path, options), "open at schema 6");
        Db& db = store->db();
        db.exec("BEGIN");
        db.prepare(
              "INSERT INTO org (id, uid, name, plan, created_at, updated_at) VALUES (1, ?, 'Bench', 'enterprise', 0, "
              "0)")
            ->bind(1, store->new_uid())
            .run();
        {
            auto u = db.prepare(
                "INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
                "VALUES (?, ?, 'Person', ?, 'active', 0, 0)");
            for (int i = 1; i <= people; ++i) {
                u->bind_all(store->new_uid(), "p" + std::to_string(i) + "@bench.example", std::to_string(i)).run();
                u->reset();
            }
            auto g = db.prepare("INSERT INTO groups (uid, name, slug, created_at, updated_at) VALUES (?, ?, ?, 0, 0)");
            for (int i = 1; i <= groups; ++i) {
                g->bind_all(store->new_uid(), "Group " + std::to_string(i), "group-" + std::to_string(i)).run();
                g->reset();
            }
            db.prepare("INSERT INTO org_roles (uid, user_id, role, created_at) VALUES (?, 1, 'owner', 0)")
                ->bind(1, store->new_uid())
                .run();
            auto a = db.prepare(
                "INSERT INTO audit (uid, at, actor_id, actor_name, action, summary, group_id, group_name, user_id, "
                "user_name) VALUES (?, ?, ?, 'Person', 'member.add', ?, ?, 'Group', ?, 'Person')");
            for (int i = 0; i < entries; ++i) {
                const std::optional<std::int64_t> group =
                    i % 3 == 0 ? std::nullopt
                               : std::optional<std::int64_t>(static_cast<std::int64_t>(1 + rng() % groups));
                const std::optional<std::int64_t> user =
                    i % 2 == 0 ? std::optional<std::int64_t>(static_cast<std::int64_t>(1 + rng() % people))
                               : std::nullopt;
                a->bind_all(store->new_uid(), std::int64_t{1000} + i, static_cast<std::int64_t>(1 + rng() % people),
                            "entry " + std::to_string(i), group, user)
                    .run();
                a->reset();
            }
        }
        db.exec("COMMIT");
        probe_uid = *user_uid(*store, probe_person);
        auto t = cpu_now();
        old_counts[0] = old_listing(db, "", 0, "");
        old_all = ms_since(t);
        t = cpu_now();
        old_counts[1] = old_listing(db, " AND group_id = :group", probe_group, "");
        old_group = ms_since(t);
        t = cpu_now();
        old_counts[2] = old_listing(
            db, " AND (actor_id = :person OR user_id = :person OR (:uid <> '' AND instr(audit.details, :uid) > 0))",
            probe_person, probe_uid);
        old_person = ms_since(t);
        old_scan = scan(db, kOldScan);
    }

    auto t = cpu_now();
    auto store = must(Store::open(path), "open and migrate");
    const double migrate = ms_since(t);
    // Opening again: what opening costs without the migration.
    store.reset();
    t = cpu_now();
    store = must(Store::open(path), "open again");
    const double reopen = ms_since(t);
    const Id owner = 1;
    AuditFilter all;
    all.limit = 2001;
    t = cpu_now();
    const auto listed = must(read_audit(*store, owner, all), "read_audit");
    const double new_all = ms_since(t);
    AuditFilter by_group = all;
    by_group.group = probe_group;
    t = cpu_now();
    const auto grouped = must(read_audit(*store, owner, by_group), "read_audit by group");
    const double new_group = ms_since(t);
    AuditFilter by_person = all;
    by_person.person = probe_person;
    t = cpu_now();
    const auto personal = must(read_audit(*store, owner, by_person), "read_audit by person");
    const double new_person = ms_since(t);
    const double new_scan = scan(store->db(), kNewScan);
    t = cpu_now();
    const std::string file = must(export_json(*store, owner), "export");
    const double exported = ms_since(t);

    std::printf("CPU time\nopening with the migration 6 -> 7 of %d entries: %.0f ms (opening again: %.0f ms)\n",
                entries, migrate, reopen);
    std::printf("%-34s %10s %10s %8s\n", "newest 2,001 entries", "row IDs", "uids", "ratio");
    std::printf("%-34s %8.1f ms %7.1f ms %7.2fx   (%d, %zu rows)\n", "all", old_all, new_all, new_all / old_all,
                old_counts[0], listed.size());
    std::printf("%-34s %8.1f ms %7.1f ms %7.2fx   (%d, %zu rows)\n", "by group", old_group, new_group,
                new_group / old_group, old_counts[1], grouped.size());
    std::printf("%-34s %8.1f ms %7.1f ms %7.2fx   (%d, %zu rows)\n", "by person", old_person, new_person,
                new_person / old_person, old_counts[2], personal.size());
    std::printf("%-34s %8.1f ms %7.1f ms %7.2fx\n", "the file's scan of every entry", old_scan, new_scan,
                new_scan / old_scan);
    std::printf("export of the Grove file: %.0f ms, %.1f MB\n", exported, static_cast<double>(file.size()) / 1e6);
    store.reset();
    std::remove(path.c_str());
    return 0;
}
