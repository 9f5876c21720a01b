// The SQLite wrapper: statements that finalise themselves, a statement cache, RAII transactions.
#include "core/storage/db.h"

#include <cstring>
#include <sqlite3.h>

#include "core/text/text.h"

namespace grove {

namespace {

[[noreturn]] void fail(sqlite3* db, const char* what) {
    throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK) fail(db, what);
}

// sqlite3_column_text() gives NULL for a NULL value, and also when turning a value into text failed for want of
// memory (the value is then NULL too, so its type is asked first): that is a failure of the database, never an
// empty string a command might go on to store.
const unsigned char* column_text(sqlite3* db, sqlite3_stmt* stmt, int column) {
    const int type = sqlite3_column_type(stmt, column);
    const unsigned char* text = sqlite3_column_text(stmt, column);
    if (text == nullptr && type != SQLITE_NULL) fail(db, "reading a value");
    return text;
}

int natural_collation(void*, int len_a, const void* a, int len_b, const void* b) {
    return natural_compare(std::string_view(static_cast<const char*>(a), static_cast<size_t>(len_a)),
                           std::string_view(static_cast<const char*>(b), static_cast<size_t>(len_b)));
}

// natural_key(text): the byte-comparable natural sort key (core/text/text.h), for indexed name order.
void natural_key_function(sqlite3_context* ctx, int, sqlite3_value** args) {
    const unsigned char* text = sqlite3_value_text(args[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    std::string key = natural_key(reinterpret_cast<const char*>(text));
    sqlite3_result_text(ctx, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
}

// fold(text): lower case without accents (core/text/text.h), for searching names and emails.
void fold_function(sqlite3_context* ctx, int, sqlite3_value** args) {
    const unsigned char* text = sqlite3_value_text(args[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    std::string folded = fold(reinterpret_cast<const char*>(text));
    sqlite3_result_text(ctx, folded.c_str(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

// email_key(email): the identity two people may not share (core/text/text.h); users_email_key indexes it.
void email_key_function(sqlite3_context* ctx, int, sqlite3_value** args) {
    const unsigned char* text = sqlite3_value_text(args[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    std::string key =
        email_key({reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(args[0]))});
    sqlite3_result_text(ctx, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
}

}  // namespace

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::bind(int index, std::int64_t value) {
    check(db_, sqlite3_bind_int64(stmt_, index, value), "bind");
    return *this;
}
Stmt& Stmt::bind(int index, double value) {
    check(db_, sqlite3_bind_double(stmt_, index, value), "bind");
    return *this;
}
Stmt& Stmt::bind(int index, std::string_view value) {
    check(db_, sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
    return *this;
}
Stmt& Stmt::bind(int index, std::nullopt_t) {
    check(db_, sqlite3_bind_null(stmt_, index), "bind");
    return *this;
}
Stmt& Stmt::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
}
Stmt& Stmt::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind(index, std::nullopt);
}
Stmt& Stmt::bind_blob(int index, const std::vector<std::uint8_t>& value) {
    if (value.empty()) return bind(index, std::nullopt);
    check(db_, sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT), "bind");
    return *this;
}

Stmt& Stmt::bind_view(int index, std::string_view value) {
    check(db_, sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8), "bind");
    return *this;
}
Stmt& Stmt::bind_blob_view(int index, std::string_view bytes) {
    check(db_, sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC), "bind");
    return *this;
}

bool Stmt::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, sqlite3_sql(stmt_));
}

void Stmt::run() {
    while (step()) {}
}

void Stmt::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Stmt::run_unless_constraint(std::string& constraint) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt_);
        return true;
    }
    std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        constraint = std::move(message);
        return false;
    }
    throw DbError(std::string(sqlite3_sql(stmt_)) + ": " + message);
}

std::int64_t Stmt::col_int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Stmt::col_double(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Stmt::col_text(int column) const {
    const unsigned char* text = column_text(db_, stmt_, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}
bool Stmt::col_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::optional<std::int64_t> Stmt::col_opt_int(int column) const {
    if (col_null(column)) return std::nullopt;
    return col_int(column);
}
std::optional<std::string> Stmt::col_opt_text(int column) const {
    if (col_null(column)) return std::nullopt;
    return col_text(column);
}
std::vector<std::uint8_t> Stmt::col_blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    int size = sqlite3_column_bytes(stmt_, column);
    if (!data || size <= 0) return {};
    return std::vector<std::uint8_t>(data, data + size);
}

std::string_view Stmt::col_view(int column) const {
    const unsigned char* text = column_text(db_, stmt_, column);
    if (!text) return {};
    return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}
std::string_view Stmt::col_blob_view(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    int size = sqlite3_column_bytes(stmt_, column);
    if (!data || size <= 0) return {};
    return {data, static_cast<size_t>(size)};
}

std::unique_ptr<Db> Db::open(const std::string& path, const std::string& vfs) {
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             vfs.empty() ? nullptr : vfs.c_str());
    if (rc != SQLITE_OK) {
        std::string message = "cannot open " + path + ": " + (handle ? sqlite3_errmsg(handle) : "out of memory");
        sqlite3_close(handle);
        throw DbError(message);
    }
    std::unique_ptr<Db> db(new Db(handle));
    sqlite3_extended_result_codes(handle, 1);
    // Another process (a second `grove` run) may hold the write lock for a moment.
    sqlite3_busy_timeout(handle, 3000);
    // The browser's block VFS has no shared memory (no WAL) and no mmap; a truncated rollback journal
    // is portable.
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA journal_mode = TRUNCATE");
    db->exec("PRAGMA mmap_size = 0");
    db->exec("PRAGMA synchronous = NORMAL");
    check(handle, sqlite3_create_collation(handle, "NATURAL_ORDER", SQLITE_UTF8, nullptr, natural_collation),
          "create collation");
    check(handle,
          sqlite3_create_function(handle, "natural_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  nullptr, natural_key_function, nullptr, nullptr),
          "create function");
    check(handle,
          sqlite3_create_function(handle, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                  fold_function, nullptr, nullptr),
          "create function");
    check(handle,
          sqlite3_create_function(handle, "email_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  nullptr, email_key_function, nullptr, nullptr),
          "create function");
    return db;
}

Db::~Db() {
    cache_.clear();  // statements must be finalised before the connection closes
    sqlite3_close(db_);
}

void Db::exec(const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw DbError(text + " (in: " + std::string(sql).substr(0, 80) + ")");
    }
}

StmtRef Db::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        check(db_, sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr), sql);
        it = cache_.emplace(sql, std::make_unique<Stmt>(db_, stmt)).first;
    }
    if (it->second->in_use_) return StmtRef(prepare_once(sql));
    return StmtRef(*it->second);
}

std::unique_ptr<Stmt> Db::prepare_once(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    check(db_, sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), sql.c_str());
    return std::make_unique<Stmt>(db_, stmt);
}

std::int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }
bool Db::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

std::vector<std::uint8_t> Db::serialize() {
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db_, "main", &size, 0);
    if (!data) fail(db_, "serialize");
    std::vector<std::uint8_t> bytes(data, data + size);
    sqlite3_free(data);
    return bytes;
}

void Db::deserialize(const std::vector<std::uint8_t>& bytes) {
    cache_.clear();
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
    if (!copy) fail(db_, "deserialize");
    std::memcpy(copy, bytes.data(), bytes.size());
    check(db_,
          sqlite3_deserialize(db_, "main", copy, static_cast<sqlite3_int64>(bytes.size()),
                              static_cast<sqlite3_int64>(bytes.size()),
                              SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE),
          "deserialize");
}

}  // namespace grove
