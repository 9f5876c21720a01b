// The Store: one organisation's database, its schema, and the frame every command runs in.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/storage/db.h"
#include "core/storage/result.h"
#include "core/storage/transaction.h"
#include "core/storage/undo_log.h"

namespace grove {

// What a committed command changed, so views refresh only what they show.
enum Change : std::uint32_t {
    kChangeOrg = 1u << 0,
    kChangePeople = 1u << 1,
    kChangeDepartments = 1u << 2,
    kChangeRoles = 1u << 3,
    kChangeGroups = 1u << 4,
    kChangeMemberships = 1u << 5,
    kChangeAudit = 1u << 6,
    kChangeLocal = 1u << 7,          // this planner's own settings (acting person, theme): never exported
    kChangeLearning = 1u << 8,       // courses, steps, enrolments, work, reviews, posts, digest choices
    kChangeNotifications = 1u << 9,  // the bell: notifications made and read
    kChangeAll = 0xFFFFFFFFu,
};

// Work the store does just before each command commits, inside its transaction: the rule engine of smart
// groups (core/rules/) installs one, so that whatever a command changed, the rules it affects are applied in
// the same transaction. before_commit() returns the kinds of change it made itself; it may throw DbError
// (the command then rolls back). rolled_back() hears of every command that did not commit.
class CommitHook {
public:
    virtual ~CommitHook() = default;
    virtual std::uint32_t before_commit() = 0;
    virtual void rolled_back() {}
};

struct StoreOptions {
    // Milliseconds since the epoch; tests pass a fixed or stepping clock.
    std::function<std::int64_t()> clock;
    // Seeds the generator of record IDs; unset means a random seed.
    std::optional<std::uint64_t> seed;
    // The SQLite VFS to open `path` through (the browser's BlockVfs); empty means the ordinary files.
    std::string vfs;
    // Migrates no further than this schema version: tests write a database as an older Grove left it, then
    // open it again without this to migrate it. Such a store is for raw SQL only (no rule engine, no commands).
    std::optional<int> schema_version;
};

class Store {
public:
    static constexpr int kSchemaVersion = 13;

    // Opens (creating if needed) and migrates the database at `path` (":memory:" for tests).
    static Result<std::unique_ptr<Store>> open(const std::string& path, StoreOptions options = {});

    Db& db() { return *db_; }
    std::int64_t now() const;
    // A new stable ID (32 hex digits), used to match records across planners' exports: the clock's
    // milliseconds (12 digits), then 80 random bits. Time first keeps each uid's unique index growing at
    // one end: a random uid lands on any page of an index that may hold a million of them.
    std::string new_uid();

    // Increases with every committed command; views compare it to know when to refresh.
    std::uint64_t revision() const { return revision_; }
    // Increases with every committed command that changed any of `kinds`: a view showing groups
    // refreshes on revision_of(kChangeGroups | kChangeMemberships) and ignores the rest.
    std::uint64_t revision_of(std::uint32_t kinds) const;

    // This planner's own settings (the acting person, the theme), kept in the database so that they
    // survive a reload, but outside the organisation's data: not audited, never exported.
    std::optional<std::string> local_setting(const std::string& key);
    void set_local_setting(const std::string& key, const std::string& value);
    // Called after every committed command with what it changed, for as long as the store lives; nothing
    // unregisters, so what a listener reaches must live until the store's last commit.
    void on_change(std::function<void(std::uint32_t changes)> listener);

    // Runs `body` as one transaction: committed only if it returns a value, rolled back on an error
    // (or an exception); listeners hear of it after the commit. A database failure becomes kStorage.
    template <class T>
    Result<T> command(std::uint32_t changes, const std::function<Result<T>()>& body) {
        if (!read_only_.empty()) return Error{ErrorCode::kConflict, read_only_};
        try {
            Transaction tx(*db_);
            UndoRecording recording(*this);
            Result<T> result = body();
            if (!result) {
                rolled_back();
                return result;
            }
            changes |= before_commit();
            recording.keep();
            tx.commit();
            committed(changes);
            return result;
        } catch (const DbError& e) {
            rolled_back();
            return storage_error(e);
        } catch (...) {
            rolled_back();
            throw;
        }
    }

    // A copy that must not change (in the browser, another tab is the one that saves): every command and
    // long command is refused with `reason`, the sentence the person reads. Empty makes it writable again.
    void set_read_only(std::string reason) { read_only_ = std::move(reason); }
    const std::string& read_only_reason() const { return read_only_; }

    // A command too long for one frame (applying an upload of 100,000 rows): its transaction stays open
    // while the caller works in steps, so the UI can draw progress between them. finish() commits and
    // tells the listeners; destroying it unfinished rolls everything back. Nothing else may run meanwhile.
    class LongCommand {
    public:
        LongCommand(Store& store, std::uint32_t changes)
            : store_(store), changes_(changes), tx_(*store.db_), recording_(store) {}
        LongCommand(const LongCommand&) = delete;
        LongCommand& operator=(const LongCommand&) = delete;
        ~LongCommand() {
            if (!done_) store_.rolled_back();
        }
        void finish() {
            changes_ |= store_.before_commit();
            recording_.keep();
            tx_.commit();
            done_ = true;
            store_.committed(changes_);
        }

    private:
        Store& store_;
        std::uint32_t changes_;
        Transaction tx_;
        UndoRecording recording_;
        bool done_ = false;
    };

    // Reads run outside a transaction; a failure of the database itself is reported the same way.
    template <class T>
    Result<T> query(const std::function<T()>& body) {
        try {
            return body();
        } catch (const DbError& e) {
            return storage_error(e);
        }
    }

    // Undo (F28, core/org/undo.h): the running command names the step it makes with its acting person's audit
    // entry (record_audit calls this; the first entry with an actor wins). A command that names none makes none.
    void note_step(UndoNote note) {
        if (!undo_note_) undo_note_ = std::move(note);
    }
    // The running command makes no step of its own (undo and redo themselves).
    void skip_step() { undo_skip_ = true; }
    // While one lives, commands record no steps at all (a restore into an empty database: nothing to go back to).
    class NoUndo {
    public:
        explicit NoUndo(Store& store) : store_(store) { ++store_.undo_off_; }
        NoUndo(const NoUndo&) = delete;
        NoUndo& operator=(const NoUndo&) = delete;
        ~NoUndo() { --store_.undo_off_; }

    private:
        Store& store_;
    };

    // The hook run before every commit (one per store; installing replaces it), or nullptr.
    void set_commit_hook(std::unique_ptr<CommitHook> hook) { hook_ = std::move(hook); }
    CommitHook* commit_hook() const { return hook_.get(); }

private:
    friend class UndoRecording;
    Store() = default;
    void migrate(int up_to);
    void committed(std::uint32_t changes);
    std::uint32_t before_commit() { return hook_ ? hook_->before_commit() : 0; }
    void rolled_back() {
        if (hook_) hook_->rolled_back();
    }

    std::unique_ptr<Db> db_;
    std::function<std::int64_t()> clock_;
    std::mt19937_64 rng_;
    std::uint64_t uid_ms_ = 0;  // the newest uid's milliseconds: uids never go back with the clock
    std::uint64_t revision_ = 0;
    std::uint64_t kind_revisions_[32] = {};
    std::vector<std::function<void(std::uint32_t)>> listeners_;
    std::unique_ptr<CommitHook> hook_;
    std::string read_only_;
    std::optional<UndoNote> undo_note_;
    bool undo_skip_ = false;
    int undo_off_ = 0;
};

}  // namespace grove
