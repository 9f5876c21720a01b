// Opening the database, the numbered schema migrations, record IDs and change notification.
#include "core/storage/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/rules/smart.h"

namespace grove {

namespace {

// Migration N takes the schema from user_version N-1 to N. Never edit a shipped migration: add one.
const char* const kMigrations[] = {
    // 1: the organisation, people, departments, roles, groups, memberships, audit log.
    R"sql(
CREATE TABLE org (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    plan TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES departments(id) ON DELETE RESTRICT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX departments_parent ON departments(parent_id);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
    department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    activated_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The display name's natural sort key, so lists of 100,000 people come out of an index in order.
    sort_key TEXT GENERATED ALWAYS AS (natural_key(CASE
        WHEN first_name = '' AND last_name = '' THEN email
        WHEN last_name = '' THEN first_name
        WHEN first_name = '' THEN last_name
        ELSE first_name || ' ' || last_name END)) STORED,
    -- The display name and email folded (lower case, no accents): searching compares against this.
    search_key TEXT GENERATED ALWAYS AS (fold(CASE
        WHEN first_name = '' AND last_name = '' THEN email
        WHEN last_name = '' THEN first_name
        WHEN first_name = '' THEN last_name
        ELSE first_name || ' ' || last_name END || ' ' || email)) STORED
);
CREATE INDEX users_department ON users(department_id);
CREATE INDEX users_sort ON users(sort_key, id);
CREATE TABLE fields (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'choice')),
    choices TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE user_fields (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    field_id INTEGER NOT NULL REFERENCES fields(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, field_id)
) WITHOUT ROWID;
CREATE INDEX user_fields_field ON user_fields(field_id, value);
CREATE TABLE custom_roles (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    permissions INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE org_roles (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    custom_role_id INTEGER REFERENCES custom_roles(id) ON DELETE CASCADE,
    department_id INTEGER REFERENCES departments(id) ON DELETE CASCADE,
    granted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX org_roles_unique ON org_roles(user_id, role, ifnull(custom_role_id, 0), ifnull(department_id, 0));
CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES groups(id) ON DELETE RESTRICT,
    inherit INTEGER NOT NULL DEFAULT 1,
    member_count INTEGER NOT NULL DEFAULT 0,
    image_mime TEXT NOT NULL DEFAULT '',
    image BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX groups_parent ON groups(parent_id);
CREATE INDEX groups_created ON groups(created_at);
CREATE TABLE group_external_ids (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    system TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (group_id, system)
) WITHOUT ROWID;
CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('member', 'mentor', 'admin')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (group_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);
CREATE TRIGGER memberships_count_in AFTER INSERT ON memberships BEGIN
    UPDATE groups SET member_count = member_count + 1 WHERE id = NEW.group_id;
END;
CREATE TRIGGER memberships_count_out AFTER DELETE ON memberships BEGIN
    UPDATE groups SET member_count = member_count - 1 WHERE id = OLD.group_id;
END;
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    group_id INTEGER,
    group_name TEXT NOT NULL DEFAULT '',
    user_id INTEGER,
    user_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor ON audit(actor_id);
CREATE INDEX audit_group ON audit(group_id);
CREATE INDEX audit_user ON audit(user_id);
CREATE TABLE local_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 2: the sync state of JSON merges (core/exchange*.cpp, docs/exchange-format.md). sync_base holds, for
    // every record as last received from the other planner (and as last merged), the digests of its
    // fields, sorted by key, in chunks. No foreign keys: it outlives the records themselves, which is how
    // a merge tells "they deleted it" from "we never had it".
    R"sql(
CREATE TABLE sync_base (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entries BLOB NOT NULL
);
CREATE INDEX sync_base_kind ON sync_base(kind, id);
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: one person per email under Unicode case folding and NFC (text.h's email_key), not only ASCII's
    // NOCASE: "JÜRGEN@EXÄMPLE.DE" is jürgen@exämple.de. Lookups by email go through this index.
    R"sql(
CREATE UNIQUE INDEX users_email_key ON users(email_key(email));
)sql",
    // 4: learning (F19–F24, core/learning/): courses and their ordered steps, enrolments, each person's
    // work on a step (a completion; for a step marked for review, a submission and then its review),
    // discussion posts, the in-app notifications of mentors, and each person's digest choice per group.
    R"sql(
CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE course_steps (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lesson', 'assignment', 'discussion', 'quiz')),
    review INTEGER NOT NULL DEFAULT 0,
    points INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX course_steps_course ON course_steps(course_id, position);
CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (course_id, user_id)
);
CREATE INDEX enrolments_user ON enrolments(user_id);
CREATE TABLE step_work (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    step_id INTEGER NOT NULL REFERENCES course_steps(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('completed', 'pending', 'reviewed')),
    completed_at INTEGER NOT NULL,
    answer TEXT,
    points INTEGER,
    feedback TEXT NOT NULL DEFAULT '',
    reviewer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reviewed_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (step_id, user_id)
);
CREATE INDEX step_work_user ON step_work(user_id, completed_at);
CREATE INDEX step_work_pending_user ON step_work(user_id, completed_at) WHERE status = 'pending';
CREATE INDEX step_work_pending_step ON step_work(step_id, completed_at) WHERE status = 'pending';
CREATE INDEX step_work_pending_at ON step_work(completed_at) WHERE status = 'pending';
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    step_id INTEGER NOT NULL REFERENCES course_steps(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX posts_step ON posts(step_id, created_at);
CREATE INDEX posts_user ON posts(user_id, created_at);
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    work_id INTEGER NOT NULL REFERENCES step_work(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_work ON notifications(work_id);
CREATE TABLE digest_choices (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (user_id, group_id)
);
CREATE INDEX memberships_group_role ON memberships(group_id, role);
)sql",
    // 5: smart groups (F12, F33, core/rules/): a group's rule in its stored form (names replaced by the uids of the
    // records they name, so renames keep it), and its pinned and excluded people. rule_clock: the day rules that
    // read the date ("within last 30 days") were last brought up to date.
    R"sql(
CREATE TABLE smart_rules (
    group_id INTEGER PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    rule TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE smart_exceptions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('pin', 'exclude')),
    reason TEXT NOT NULL DEFAULT '',
    by_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (group_id, user_id)
);
CREATE INDEX smart_exceptions_user ON smart_exceptions(user_id);
CREATE TABLE rule_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    day INTEGER NOT NULL
);
)sql",
    // 6: a change to many people is one audit entry that lists them all (docs/architecture.md, "The audit log"):
    // `details` holds one line per person, each "uid<TAB>name<TAB>email<TAB>what happened" followed by a line
    // break; the person filter finds an entry by the uids in it.
    R"sql(
ALTER TABLE audit ADD COLUMN details TEXT NOT NULL DEFAULT '';
)sql",
    // 7: the audit log names its actor, group and person by uid, never by row ID (issue 12): SQLite hands a
    // deleted record's row ID to the next record it inserts, so an entry that named a deleted group by row ID
    // would name that new group. A row ID becomes the uid of the record that holds it now only when that record
    // was made no later than the entry (one made after it took over a deleted record's ID); the others name
    // none, as the Grove file already says of a record that is gone. The names of the moment stay.
    R"sql(
ALTER TABLE audit ADD COLUMN actor_uid TEXT;
ALTER TABLE audit ADD COLUMN group_uid TEXT;
ALTER TABLE audit ADD COLUMN user_uid TEXT;
UPDATE audit SET
    actor_uid = (SELECT uid FROM users WHERE users.id = audit.actor_id AND users.created_at <= audit.at),
    group_uid = (SELECT uid FROM groups WHERE groups.id = audit.group_id AND groups.created_at <= audit.at),
    user_uid = (SELECT uid FROM users WHERE users.id = audit.user_id AND users.created_at <= audit.at)
WHERE actor_id IS NOT NULL OR group_id IS NOT NULL OR user_id IS NOT NULL;
DROP INDEX audit_actor;
DROP INDEX audit_group;
DROP INDEX audit_user;
ALTER TABLE audit DROP COLUMN actor_id;
ALTER TABLE audit DROP COLUMN group_id;
ALTER TABLE audit DROP COLUMN user_id;
CREATE INDEX audit_actor ON audit(actor_uid);
CREATE INDEX audit_group ON audit(group_uid);
CREATE INDEX audit_user ON audit(user_uid);
)sql",
    // 8: the passphrase lock of org roles (F41, core/access/lock.cpp): the Argon2id hash in its encoded form (salt and
    // costs inside), who set it and when, and the wrong tries in a row with the time the next may come. This planner's
    // own: core/exchange/ never reads it, so no Grove file carries it and a merge or restore leaves it alone.
    R"sql(
CREATE TABLE org_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    set_at INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER NOT NULL DEFAULT 0
);
)sql",
    // 9: rosters from other systems (issue 13): people and departments get external IDs as groups have them (the
    // record's ID in a system such as "oneroster"), and what a OneRoster import reads but Grove has no place for
    // (a class's course and terms, a user's grades, the whole of courses.csv and academicSessions.csv) is kept
    // by file and sourcedId, as the CSV header to cell object in JSON, so that the export writes it back.
    R"sql(
CREATE TABLE user_external_ids (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    system TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, system)
) WITHOUT ROWID;
CREATE INDEX user_external_ids_value ON user_external_ids(system, value);
CREATE TABLE department_external_ids (
    department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    system TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (department_id, system)
) WITHOUT ROWID;
CREATE INDEX department_external_ids_value ON department_external_ids(system, value);
CREATE TABLE oneroster_kept (
    file TEXT NOT NULL,
    sourced_id TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (file, sourced_id)
) WITHOUT ROWID;
)sql",
    // 10: the Grove file (format version 5) carries people's and departments' external IDs as a last field of
    // each. The sync base of a merge holds a digest per field, so the bases saved before are set apart by name
    // ("person@4"): core/exchange/ reads them once with the new field's digest added (that of an empty field), and
    // its next save replaces them.
    R"sql(
UPDATE sync_base SET kind = kind || '@4'
 WHERE kind IN ('person', 'department', 'merged person', 'merged department');
)sql",
    // 11: undo (F28, core/storage/undo_log.cpp): each person's last steps, newest highest, as the SQLite changeset of
    // the command that made them, named by its audit entry. `undone` steps are that person's redo stack. Keyed by
    // the person's uid as the audit log is; this planner's own: core/exchange/ never reads it.
    R"sql(
CREATE TABLE undo_steps (
    id INTEGER PRIMARY KEY,
    actor_uid TEXT NOT NULL,
    action TEXT NOT NULL,
    label TEXT NOT NULL,
    group_uid TEXT,
    user_uid TEXT,
    at INTEGER NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0,
    changeset BLOB NOT NULL
);
CREATE INDEX undo_steps_actor ON undo_steps(actor_uid, undone, id);
)sql",
    // 12: one membership per person and group is an index of its own name (memberships_pair), no longer a constraint
    // of the table, whose index SQLite names and never lets go: a restore (core/exchange/restore.cpp) sets it aside,
    // checks the pairs itself and builds it once from sorted rows. SQLite cannot drop a table's constraint, so the
    // table is copied, row IDs and all, with its indexes and the member count's triggers as they were. The triggers
    // go first, so that nothing recounts; no table refers to memberships, so dropping it touches no other.
    R"sql(
DROP TRIGGER memberships_count_in;
DROP TRIGGER memberships_count_out;
CREATE TABLE memberships_12 (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('member', 'mentor', 'admin')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO memberships_12 (id, uid, group_id, user_id, role, created_at, updated_at)
    SELECT id, uid, group_id, user_id, role, created_at, updated_at FROM memberships ORDER BY id;
DROP TABLE memberships;
ALTER TABLE memberships_12 RENAME TO memberships;
CREATE UNIQUE INDEX memberships_pair ON memberships(group_id, user_id);
CREATE INDEX memberships_user ON memberships(user_id);
CREATE INDEX memberships_group_role ON memberships(group_id, role);
CREATE TRIGGER memberships_count_in AFTER INSERT ON memberships BEGIN
    UPDATE groups SET member_count = member_count + 1 WHERE id = NEW.group_id;
END;
CREATE TRIGGER memberships_count_out AFTER DELETE ON memberships BEGIN
    UPDATE groups SET member_count = member_count - 1 WHERE id = OLD.group_id;
END;
)sql",
    // 13: a group's staff (its mentors and admins) by an index of the staff alone. memberships_group_role held every
    // membership by group and role, although memberships_pair already finds a group's members and only the staff are
    // ever looked up by role (core/org/memberships.cpp, core/learning/work.cpp): a few in a hundred memberships
    // instead of all of them, so each membership added costs one index less, and a restore builds one less from a
    // million rows. With user_id in it, listing a group's staff reads the index alone. A query uses it when it says
    // `role <> 'member'` in its own words (SQLite's rule for a partial index).
    R"sql(
DROP INDEX memberships_group_role;
CREATE INDEX memberships_staff ON memberships(group_id, role, user_id) WHERE role <> 'member';
)sql",
};

// Before migration 3: people whose emails are one under Unicode case folding cannot both stay. Said plainly
// instead of SQLite's "UNIQUE constraint failed", so the planner knows whom to merge or change (with an older Grove).
void refuse_shared_emails(Db& db) {
    auto s = db.prepare(
        "SELECT group_concat(email, ' and ') FROM users GROUP BY email_key(email) HAVING count(*) > 1 LIMIT 1");
    if (s->step()) {
        throw DbError("the emails " + std::string(s->col_text(0)) +
                      " are one address in any case; this Grove keeps one person per address, so change one of "
                      "them with the Grove that wrote this database, then open it here");
    }
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
    std::unique_ptr<Store> store(new Store());
    try {
        store->db_ = Db::open(path, options.vfs);
        store->migrate(options.schema_version.value_or(kSchemaVersion));
    } catch (const DbError& e) {
        return Error{ErrorCode::kStorage, "Cannot open the database " + path + ": " + e.what()};
    }
    if (options.clock) {
        store->clock_ = std::move(options.clock);
    } else {
        store->clock_ = [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
    if (options.seed) {
        store->rng_.seed(*options.seed);
    } else {
        std::random_device device;
        std::seed_seq seq{device(), device(), device(), device()};
        store->rng_.seed(seq);
    }
    // A database left at an older schema is only for raw SQL (a test writing what an older Grove wrote).
    if (options.schema_version && *options.schema_version < kSchemaVersion) return store;
    // Smart groups' rules are applied by every command that affects them, before it commits (core/rules/).
    try {
        install_rule_engine(*store);
    } catch (const DbError& e) {
        return Error{ErrorCode::kStorage, "Cannot open the database " + path + ": " + e.what()};
    }
    return store;
}

void Store::migrate(int up_to) {
    auto version = [&] {
        auto stmt = db_->prepare("PRAGMA user_version");
        stmt->step();
        return static_cast<int>(stmt->col_int(0));
    };
    int current = version();
    constexpr int kLatest = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
    static_assert(kLatest == kSchemaVersion);
    if (current > kLatest) {
        throw DbError("this database was written by a newer Grove (schema " + std::to_string(current) + ")");
    }
    for (int next = current + 1; next <= std::min(up_to, kLatest); ++next) {
        Transaction tx(*db_);
        if (next == 3) refuse_shared_emails(*db_);
        db_->exec(kMigrations[next - 1]);
        db_->exec(("PRAGMA user_version = " + std::to_string(next)).c_str());
        tx.commit();
    }
    // Migration 12 copies memberships and leaves the old table's pages free. A database made just now holds no rows,
    // so it is rewritten without them at no cost: a new database has no free pages, and a command rolled back leaves
    // it byte for byte as it was (SQLite does not keep the old bytes of a free page it reuses).
    if (current == 0 && std::min(up_to, kLatest) >= 12) db_->exec("VACUUM");
}

std::int64_t Store::now() const { return clock_(); }

std::string Store::new_uid() {
    const std::int64_t now = clock_();
    uid_ms_ = std::max<std::uint64_t>(uid_ms_,
                                      static_cast<std::uint64_t>(std::max<std::int64_t>(now, 0)) & 0xffffffffffffULL);
    const std::uint64_t hi = rng_(), lo = rng_();
    char buf[33];
    std::snprintf(buf, sizeof buf, "%012llx%04llx%016llx", static_cast<unsigned long long>(uid_ms_),
                  static_cast<unsigned long long>(hi & 0xffffU), static_cast<unsigned long long>(lo));
    return buf;
}

void Store::on_change(std::function<void(std::uint32_t)> listener) { listeners_.push_back(std::move(listener)); }

std::uint64_t Store::revision_of(std::uint32_t kinds) const {
    std::uint64_t sum = 0;
    for (int bit = 0; bit < 32; ++bit)
        if (kinds & (1u << bit)) sum += kind_revisions_[bit];
    return sum;
}

std::optional<std::string> Store::local_setting(const std::string& key) {
    try {
        auto s = db_->prepare("SELECT value FROM local_settings WHERE key = ?");
        s->bind(1, key);
        if (!s->step()) return std::nullopt;
        return s->col_text(0);
    } catch (const DbError&) {
        return std::nullopt;
    }
}

void Store::set_local_setting(const std::string& key, const std::string& value) {
    if (local_setting(key) == value) return;
    auto done = command<void>(kChangeLocal, [&]() -> Result<void> {
        db_->prepare(
               "INSERT INTO local_settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            ->bind_all(key, value)
            .run();
        return {};
    });
    (void)done;  // a setting that cannot be written is simply not remembered
}

void Store::committed(std::uint32_t changes) {
    ++revision_;
    for (int bit = 0; bit < 32; ++bit)
        if (changes & (1u << bit)) ++kind_revisions_[bit];
    // Copy: a listener may add listeners.
    auto listeners = listeners_;
    for (auto& listener : listeners) listener(changes);
}

}  // namespace grove
