// A thin RAII layer over SQLite: the connection and cached prepared statements.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/storage/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace grove {

// Thrown only for failures of the database itself (disk full, corrupt file, a bug in our SQL);
// commands catch it at their boundary and turn it into an Error.
struct DbError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The Error a command returns when the database itself failed: "The database failed: <SQLite's words>".
inline Error storage_error(const DbError& e) {
    return Error{ErrorCode::kStorage, std::string("The database failed: ") + e.what()};
}

class Stmt {
public:
    Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    // Binding by 1-based position; each returns *this so calls chain.
    Stmt& bind(int index, std::int64_t value);
    Stmt& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Stmt& bind(int index, double value);
    Stmt& bind(int index, std::string_view value);
    Stmt& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Stmt& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Stmt& bind(int index, std::nullopt_t);
    Stmt& bind(int index, const std::optional<std::int64_t>& value);
    Stmt& bind(int index, const std::optional<std::string>& value);
    Stmt& bind_blob(int index, const std::vector<std::uint8_t>& value);
    // Without a copy, for bulk writes (a restore binds millions of values): the bytes must stay valid
    // until the statement has run.
    Stmt& bind_view(int index, std::string_view value);
    Stmt& bind_blob_view(int index, std::string_view bytes);

    template <class... Args>
    Stmt& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Steps once; true while a row is available.
    bool step();
    // Steps to completion (for INSERT/UPDATE/DELETE).
    void run();
    void reset();
    // Runs to completion and resets (keeping the bindings); false when a constraint refused the row, with
    // SQLite's words in `constraint`. Any other failure throws, as run() does.
    bool run_unless_constraint(std::string& constraint);

    std::int64_t col_int(int column) const;
    double col_double(int column) const;
    std::string col_text(int column) const;
    bool col_null(int column) const;
    std::optional<std::int64_t> col_opt_int(int column) const;
    std::optional<std::string> col_opt_text(int column) const;
    std::vector<std::uint8_t> col_blob(int column) const;
    // Without a copy, valid until the next step (a bulk read looks at each value once).
    std::string_view col_view(int column) const;
    std::string_view col_blob_view(int column) const;

private:
    friend class StmtRef;
    friend class Db;
    sqlite3* db_;
    sqlite3_stmt* stmt_;
    bool in_use_ = false;
};

// A statement borrowed from the cache (reset and cleared when the handle goes away), or, when the
// cached one is already in use further up the stack, a fresh statement owned by the handle.
class StmtRef {
public:
    explicit StmtRef(Stmt& stmt) : stmt_(&stmt) { stmt_->in_use_ = true; }
    explicit StmtRef(std::unique_ptr<Stmt> owned) : owned_(std::move(owned)), stmt_(owned_.get()) {}
    StmtRef(StmtRef&& other) noexcept : owned_(std::move(other.owned_)), stmt_(other.stmt_) { other.stmt_ = nullptr; }
    StmtRef(const StmtRef&) = delete;
    ~StmtRef() {
        if (stmt_ && !owned_) {
            stmt_->reset();
            stmt_->in_use_ = false;
        }
    }
    Stmt* operator->() { return stmt_; }
    Stmt& operator*() { return *stmt_; }

private:
    std::unique_ptr<Stmt> owned_;
    Stmt* stmt_;
};

class Db {
public:
    // Through the named SQLite VFS when `vfs` is not empty (the browser's BlockVfs). Throws DbError.
    static std::unique_ptr<Db> open(const std::string& path, const std::string& vfs = {});
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // Runs SQL with no parameters and no result rows (schema, pragmas).
    void exec(const char* sql);
    // A cached statement for SQL that lives in a named constant; the cache is keyed by its text.
    StmtRef prepare(const char* sql);
    // A one-off statement (dynamic SQL built from fixed fragments; values are still bound).
    std::unique_ptr<Stmt> prepare_once(const std::string& sql);

    std::int64_t last_insert_id() const;
    int changes() const;
    bool in_transaction() const;

    // The whole database as bytes, and back (used by tests and snapshots).
    std::vector<std::uint8_t> serialize();
    void deserialize(const std::vector<std::uint8_t>& bytes);

    sqlite3* handle() { return db_; }

private:
    explicit Db(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

}  // namespace grove
