// The canonical state of a database file (db_state.h).
#include "db_state.h"

#include <filesystem>
#include <sqlite3.h>
#include <vector>

#include "core/storage/db.h"

namespace grove::testing {

namespace {

struct Fnv {
    std::uint64_t h = 1469598103934665603ull;
    void bytes(const void* data, size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < size; ++i) {
            h ^= p[i];
            h *= 1099511628211ull;
        }
    }
    void tag(char c) { bytes(&c, 1); }
    void integer(std::int64_t v) { bytes(&v, sizeof v); }
    void text(const std::string& s) {
        integer(static_cast<std::int64_t>(s.size()));
        bytes(s.data(), s.size());
    }
};

// Every value of the statement's current row, with its type, so NULL, '' and 0 differ.
void hash_row(Fnv& fnv, sqlite3_stmt* stmt) {
    const int columns = sqlite3_column_count(stmt);
    fnv.tag('R');
    for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_NULL: fnv.tag('N'); break;
            case SQLITE_INTEGER:
                fnv.tag('I');
                fnv.integer(sqlite3_column_int64(stmt, c));
                break;
            case SQLITE_FLOAT: {
                fnv.tag('F');
                double d = sqlite3_column_double(stmt, c);
                fnv.bytes(&d, sizeof d);
                break;
            }
            case SQLITE_TEXT: {
                fnv.tag('T');
                const auto* t = sqlite3_column_text(stmt, c);
                fnv.text(
                    std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
                break;
            }
            default: {
                fnv.tag('B');
                const void* b = sqlite3_column_blob(stmt, c);
                const int n = sqlite3_column_bytes(stmt, c);
                fnv.integer(n);
                if (n > 0) fnv.bytes(b, static_cast<size_t>(n));
                break;
            }
        }
    }
}

}  // namespace

DbState read_db_state(const std::string& path, const std::string& vfs) {
    DbState state;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return state;
    state.exists = true;
    try {
        auto db = Db::open(path, vfs);
        std::string integrity;
        auto check = db->prepare_once("PRAGMA integrity_check");
        while (check->step()) integrity += (integrity.empty() ? "" : "; ") + check->col_text(0);
        state.integrity = integrity;

        Fnv fnv;
        auto version = db->prepare_once("PRAGMA user_version");
        version->step();
        fnv.integer(version->col_int(0));
        std::vector<std::string> tables;
        auto schema = db->prepare_once("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
        while (schema->step()) {
            fnv.tag('S');
            for (int c = 0; c < 4; ++c) fnv.text(schema->col_text(c));
            if (schema->col_text(0) == "table") tables.push_back(schema->col_text(1));
        }
        sqlite3* handle = db->handle();
        for (const std::string& table : tables) {
            fnv.tag('T');
            fnv.text(table);
            // Quoted as an identifier; a WITHOUT ROWID table has no rowid and is read in its key's order.
            std::string quoted = "\"" + table + "\"";
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_prepare_v2(handle, ("SELECT * FROM " + quoted + " ORDER BY rowid").c_str(), -1, &stmt,
                                   nullptr) != SQLITE_OK) {
                sqlite3_finalize(stmt);
                stmt = nullptr;
                if (sqlite3_prepare_v2(handle, ("SELECT * FROM " + quoted).c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
                    sqlite3_finalize(stmt);
                    throw DbError("cannot read " + table + ": " + sqlite3_errmsg(handle));
                }
            }
            int rc;
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
                hash_row(fnv, stmt);
                ++state.rows;
            }
            sqlite3_finalize(stmt);
            if (rc != SQLITE_DONE) throw DbError("cannot read " + table + ": " + sqlite3_errmsg(handle));
        }
        state.hash = fnv.h;
    } catch (const DbError& e) {
        state.integrity = std::string("cannot read: ") + e.what();
    }
    return state;
}

void fresh_copy(const std::string& from, const std::string& to) {
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
    std::error_code ec;
    std::filesystem::remove(to + "-journal", ec);
}

}  // namespace grove::testing
