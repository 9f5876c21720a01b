// What a database file holds, as the crash and fault tests compare it: whether it passes PRAGMA
// integrity_check, and one hash over its schema and every row of every table.
#pragma once

#include <cstdint>
#include <string>

namespace grove::testing {

struct DbState {
    bool exists = false;
    std::string integrity;   // "ok", or what integrity_check (or opening) said
    std::uint64_t hash = 0;  // FNV-1a over user_version, sqlite_schema and each table's rows in rowid order
    std::int64_t rows = 0;
    bool same_data(const DbState& other) const { return exists == other.exists && hash == other.hash; }
};

// Opens `path` through `vfs` (empty: the default), as the next program to open it would: a hot journal
// left by a crash is rolled back first. A missing file is reported as such and not created.
DbState read_db_state(const std::string& path, const std::string& vfs = {});

// Copies `from` over `to` and removes any journal of `to`, so every run starts from the same bytes.
void fresh_copy(const std::string& from, const std::string& to);

}  // namespace grove::testing
