// Recording each command's changes with SQLite's session extension, and applying them backwards or forwards.
#include "core/storage/undo_log.h"

#include <cstring>
#include <memory>
#include <sqlite3.h>

#include "core/storage/db.h"
#include "core/storage/store.h"

namespace grove {

namespace {

constexpr const char* kClearRedo = "DELETE FROM undo_steps WHERE actor_uid = ? AND undone = 1";
constexpr const char* kInsertStep =
    "INSERT INTO undo_steps (actor_uid, action, label, group_uid, user_uid, at, changeset) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kPrune =
    "DELETE FROM undo_steps WHERE actor_uid = ?1 AND id <= "
    "(SELECT id FROM undo_steps WHERE actor_uid = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)";
constexpr const char* kNextUndo =
    "SELECT id, actor_uid, action, label, group_uid, user_uid, at, undone FROM undo_steps "
    "WHERE actor_uid = ? AND undone = 0 ORDER BY id DESC LIMIT 1";
constexpr const char* kNextRedo =
    "SELECT id, actor_uid, action, label, group_uid, user_uid, at, undone FROM undo_steps "
    "WHERE actor_uid = ? AND undone = 1 ORDER BY id ASC LIMIT 1";
constexpr const char* kHistory =
    "SELECT id, actor_uid, action, label, group_uid, user_uid, at, undone FROM undo_steps "
    "WHERE actor_uid = ? ORDER BY id DESC LIMIT ?";
constexpr const char* kMark = "UPDATE undo_steps SET undone = ? WHERE id = ?";
constexpr const char* kChangeset = "SELECT changeset FROM undo_steps WHERE id = ?";
// Triggers keep member counts; applying a step may count a member twice (the group's row and the membership
// both come back), so counts are made true again rather than compared.
constexpr const char* kRecount =
    "UPDATE groups SET member_count = (SELECT count(*) FROM memberships WHERE group_id = groups.id) "
    "WHERE member_count <> (SELECT count(*) FROM memberships WHERE group_id = groups.id)";

// Not the organisation's data, or the bookkeeping of the store's own machinery: undo leaves them as they are.
bool recorded_table(const char* table) {
    // The merge state (sync_base, sync_state) is recorded: undoing a merge must put it back with the records.
    static const char* const kSkipped[] = {"audit", "undo_steps", "local_settings", "org_lock", "rule_clock"};
    for (const char* skipped : kSkipped)
        if (std::strcmp(table, skipped) == 0) return false;
    return true;
}

int table_filter(void*, const char* table) { return recorded_table(table) ? 1 : 0; }

UndoStep read_step(Stmt& s) {
    UndoStep step;
    step.id = s.col_int(0);
    step.note.actor_uid = s.col_text(1);
    step.note.action = s.col_text(2);
    step.note.label = s.col_text(3);
    step.note.group_uid = s.col_opt_text(4);
    step.note.user_uid = s.col_opt_text(5);
    step.at = s.col_int(6);
    step.undone = s.col_int(7) != 0;
    return step;
}

// What a refusal names: the kind of record another change touched.
std::string record_kind(const char* table) {
    static const std::pair<const char*, const char*> kKinds[] = {
        {"groups", "a group"},
        {"memberships", "a membership"},
        {"users", "a person"},
        {"departments", "a department"},
        {"fields", "a field"},
        {"user_fields", "a person's field"},
        {"custom_roles", "a role"},
        {"org_roles", "a person's role"},
        {"smart_rules", "a group's rule"},
        {"smart_exceptions", "a pin or exclusion"},
        {"org", "the organisation"},
        {"courses", "a course"},
        {"course_steps", "a course step"},
        {"enrolments", "an enrolment"},
        {"step_work", "a person's work"},
        {"posts", "a post"},
    };
    for (const auto& kind : kKinds)
        if (std::strcmp(table, kind.first) == 0) return kind.second;
    return std::string("a record (") + table + ")";
}

struct ApplyContext {
    int member_count_column = -1;
    std::string refused;  // what a refusal names, set by the first conflict
};

bool same_value(sqlite3_value* a, sqlite3_value* b) {
    if (!a || !b) return true;  // a column the change does not carry
    int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
    if (ta != tb) {
        if ((ta == SQLITE_INTEGER || ta == SQLITE_FLOAT) && (tb == SQLITE_INTEGER || tb == SQLITE_FLOAT))
            return sqlite3_value_double(a) == sqlite3_value_double(b);
        return false;
    }
    switch (ta) {
        case SQLITE_NULL: return true;
        case SQLITE_INTEGER: return sqlite3_value_int64(a) == sqlite3_value_int64(b);
        case SQLITE_FLOAT: return sqlite3_value_double(a) == sqlite3_value_double(b);
        default: {
            int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
            const void* pa =
                ta == SQLITE_TEXT ? static_cast<const void*>(sqlite3_value_text(a)) : sqlite3_value_blob(a);
            const void* pb =
                tb == SQLITE_TEXT ? static_cast<const void*>(sqlite3_value_text(b)) : sqlite3_value_blob(b);
            return na == nb && (na == 0 || std::memcmp(pa, pb, static_cast<std::size_t>(na)) == 0);
        }
    }
}

int on_conflict(void* ctx, int kind, sqlite3_changeset_iter* it) {
    auto* apply = static_cast<ApplyContext*>(ctx);
    const char* table = nullptr;
    int columns = 0, op = 0, indirect = 0;
    if (kind != SQLITE_CHANGESET_FOREIGN_KEY) sqlite3changeset_op(it, &table, &columns, &op, &indirect);
    // A group whose row differs only in its member count (someone changed its members, not it) is not a
    // conflict: counts are made true again after the step.
    if (kind == SQLITE_CHANGESET_DATA && table && std::strcmp(table, "groups") == 0) {
        bool only_count = true;
        for (int column = 0; column < columns && only_count; ++column) {
            if (column == apply->member_count_column) continue;
            sqlite3_value* expected = nullptr;
            sqlite3_value* now = nullptr;
            if (sqlite3changeset_old(it, column, &expected) != SQLITE_OK) expected = nullptr;
            if (sqlite3changeset_conflict(it, column, &now) != SQLITE_OK) now = nullptr;
            if (!same_value(expected, now)) only_count = false;
        }
        if (only_count) return SQLITE_CHANGESET_REPLACE;
    }
    if (apply->refused.empty()) {
        if (kind == SQLITE_CHANGESET_FOREIGN_KEY) {
            apply->refused = "records that others made since refer to what it would take away";
        } else if (kind == SQLITE_CHANGESET_CONSTRAINT) {
            apply->refused =
                "it would break a rule of the data in " + record_kind(table) + " (a name or email in use?)";
        } else {
            apply->refused = "a later change touched the same records (" + record_kind(table) + ")";
        }
    }
    return SQLITE_CHANGESET_ABORT;
}

}  // namespace

UndoRecording::UndoRecording(Store& store) : store_(store) {
    store_.undo_note_.reset();
    store_.undo_skip_ = false;
    if (store_.undo_off_ > 0) return;
    if (sqlite3session_create(store_.db().handle(), "main", &session_) != SQLITE_OK) {
        session_ = nullptr;
        throw DbError("cannot record changes for undo");
    }
    sqlite3session_table_filter(session_, table_filter, nullptr);
    if (sqlite3session_attach(session_, nullptr) != SQLITE_OK) {
        sqlite3session_delete(session_);
        session_ = nullptr;
        throw DbError("cannot record changes for undo");
    }
}

UndoRecording::~UndoRecording() {
    if (session_) sqlite3session_delete(session_);
    store_.undo_note_.reset();
    store_.undo_skip_ = false;
}

void UndoRecording::keep() {
    if (!session_) return;
    sqlite3_session* session = session_;
    session_ = nullptr;
    std::unique_ptr<sqlite3_session, void (*)(sqlite3_session*)> owned(session, sqlite3session_delete);
    if (store_.undo_skip_ || !store_.undo_note_) return;
    // Not sqlite3session_isempty first: a session that ran out of memory while recording its first change stops
    // recording and looks empty, and only the changeset says it failed. The command then fails whole, rather than
    // being done with no way to undo it.
    int size = 0;
    void* bytes = nullptr;
    if (sqlite3session_changeset(session, &size, &bytes) != SQLITE_OK) throw DbError("cannot record changes for undo");
    std::unique_ptr<void, void (*)(void*)> changeset(bytes, sqlite3_free);
    owned.reset();
    if (size == 0) return;
    const UndoNote& note = *store_.undo_note_;
    Db& db = store_.db();
    db.prepare(kClearRedo)->bind_all(note.actor_uid).run();
    db.prepare(kInsertStep)
        ->bind_all(note.actor_uid, note.action, note.label, note.group_uid, note.user_uid, store_.now())
        .bind_blob_view(7, std::string_view(static_cast<const char*>(bytes), static_cast<std::size_t>(size)))
        .run();
    db.prepare(kPrune)->bind(1, note.actor_uid).bind(2, kUndoSteps).run();
}

std::optional<UndoStep> next_undo_step(Db& db, const std::string& actor_uid) {
    auto s = db.prepare(kNextUndo);
    s->bind(1, actor_uid);
    if (!s->step()) return std::nullopt;
    return read_step(*s);
}

std::optional<UndoStep> next_redo_step(Db& db, const std::string& actor_uid) {
    auto s = db.prepare(kNextRedo);
    s->bind(1, actor_uid);
    if (!s->step()) return std::nullopt;
    return read_step(*s);
}

std::vector<UndoStep> undo_steps(Db& db, const std::string& actor_uid, int limit) {
    std::vector<UndoStep> out;
    auto s = db.prepare(kHistory);
    s->bind(1, actor_uid).bind(2, limit);
    while (s->step()) out.push_back(read_step(*s));
    return out;
}

void mark_step_undone(Db& db, std::int64_t id, bool undone) {
    db.prepare(kMark)->bind(1, undone ? 1 : 0).bind(2, id).run();
}

Result<void> apply_undo_step(Db& db, std::int64_t id, bool backwards) {
    std::vector<std::uint8_t> changeset;
    {
        auto s = db.prepare(kChangeset);
        s->bind(1, id);
        if (!s->step()) return Error{ErrorCode::kNotFound, "That step is no longer kept."};
        changeset = s->col_blob(0);
    }
    ApplyContext apply;
    {
        auto s = db.prepare("SELECT cid FROM pragma_table_info('groups') WHERE name = 'member_count'");
        if (s->step()) apply.member_count_column = static_cast<int>(s->col_int(0));
    }
    // No foreign key actions: the step holds what cascades did (a group's memberships), and they would do it twice.
    int flags = SQLITE_CHANGESETAPPLY_FKNOACTION;
    if (backwards) flags |= SQLITE_CHANGESETAPPLY_INVERT;
    int rc = sqlite3changeset_apply_v2(db.handle(), static_cast<int>(changeset.size()), changeset.data(), nullptr,
                                       on_conflict, &apply, nullptr, nullptr, flags);
    if (rc == SQLITE_ABORT || !apply.refused.empty()) {
        return Error{ErrorCode::kConflict,
                     apply.refused.empty() ? std::string("a later change touched the same records") : apply.refused};
    }
    if (rc != SQLITE_OK) throw DbError(sqlite3_errmsg(db.handle()));
    db.prepare(kRecount)->run();
    return {};
}

}  // namespace grove
