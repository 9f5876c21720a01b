// The browser's block VFS (core/storage/block_vfs.cpp), against an in-memory block store that applies
// each handed-over commit at once, as one IndexedDB transaction would: random transactions beside a
// reference database on an ordinary file, byte for byte; reopening from the stored blocks; rollbacks,
// shrinking, read-only copies and what a small change costs.
#include "core/storage/block_vfs.h"

#include <atomic>
#include <cstring>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sqlite3.h>
#include <unistd.h>

#include "core/org/groups.h"
#include "core/org/org.h"
#include "core/storage/db.h"
#include "core/storage/store.h"

using namespace grove;

namespace {

constexpr std::size_t kBlock = BlockFile::kBlockSize;

// What IndexedDB would hold: blocks by index and the file's size, changed only a whole commit at a time.
struct StoredBlocks {
    std::map<std::uint32_t, std::vector<std::uint8_t>> blocks;
    std::uint64_t size = 0;
    int saves = 0;
    std::size_t bytes_written = 0;  // by the last save

    void save(const BlockFile& file, const std::vector<std::uint32_t>& changed) {
        ++saves;
        bytes_written = 0;
        size = file.size();
        for (const std::uint32_t index : changed) {
            const std::size_t length = file.block_length(index);
            if (length == 0) continue;
            const std::uint8_t* data = file.block(index);
            std::vector<std::uint8_t>& out = blocks[index];
            out.assign(length, 0);
            if (data != nullptr) std::memcpy(out.data(), data, length);
            bytes_written += length;
        }
        const auto count = static_cast<std::uint32_t>((size + kBlock - 1) / kBlock);
        blocks.erase(blocks.lower_bound(count), blocks.end());
    }

    std::vector<std::uint8_t> bytes() const {
        std::vector<std::uint8_t> out(static_cast<std::size_t>(size), 0);
        for (const auto& [index, data] : blocks) {
            const std::size_t at = static_cast<std::size_t>(index) * kBlock;
            std::memcpy(out.data() + at, data.data(), std::min(data.size(), out.size() - at));
        }
        return out;
    }

    void load_into(BlockFile& file) const {
        file.prepare_load(size);
        // As the browser loads: four blocks side by side in one piece where all four are stored (its
        // segments), the others one by one.
        for (auto it = blocks.begin(); it != blocks.end();) {
            const std::uint32_t index = it->first;
            std::uint8_t* run = nullptr;
            if (index % 4 == 0 && blocks.count(index + 1) && blocks.count(index + 2) && blocks.count(index + 3)) {
                run = file.load_run(index, 4);
            }
            if (run != nullptr) {
                for (std::uint32_t k = 0; k < 4; ++k, ++it) {
                    std::memcpy(run + k * kBlock, it->second.data(), it->second.size());
                }
                continue;
            }
            std::memcpy(file.load_target(index), it->second.data(), it->second.size());
            ++it;
        }
        file.finish_load(size);
    }
};

// The numbers 1..n as a table `value` (SQLite's generate_series is an extension we do not build).
std::string series(int n) {
    return "(WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < " +
           std::to_string(n) + ") SELECT value FROM s)";
}

std::string unique_vfs_name() {
    static std::atomic<int> next{0};
    return "grove-test-blocks-" + std::to_string(++next);
}

// A VFS whose commits land in `stored`.
struct SavingVfs {
    BlockVfs vfs{unique_vfs_name()};
    StoredBlocks& stored;
    explicit SavingVfs(StoredBlocks& into) : stored(into) {
        vfs.set_sink(
            [this](const BlockFile& file, const std::vector<std::uint32_t>& changed) { stored.save(file, changed); });
    }
};

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string scalar(Db& db, const char* sql) {
    auto s = db.prepare_once(sql);
    REQUIRE(s->step());
    return s->col_text(0);
}

struct TempFile {
    std::filesystem::path path;
    TempFile() {
        static std::atomic<int> next{0};
        path = std::filesystem::temp_directory_path() /
               ("grove-block-vfs-" + std::to_string(::getpid()) + "-" + std::to_string(++next) + ".db");
        std::filesystem::remove(path);
    }
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        std::filesystem::remove(path.string() + "-journal", ignored);
    }
};

}  // namespace

TEST_CASE("random transactions through the block VFS store exactly the bytes of a reference database") {
    TempFile reference_file;
    StoredBlocks stored;
    SavingVfs saving(stored);
    auto db = Db::open("grove.db", saving.vfs.name());
    auto reference = Db::open(reference_file.path.string());
    std::mt19937 rng(20261205);

    auto both = [&](const std::string& sql) {
        db->exec(sql.c_str());
        reference->exec(sql.c_str());
    };
    both("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v BLOB)");
    both("CREATE INDEX t_k ON t (k)");
    int rollbacks = 0;
    int shrinks = 0;
    for (int round = 0; round < 60; ++round) {
        const int kind = static_cast<int>(rng() % 10);
        if (kind == 9) {
            // Shrinks the file: stored blocks past its new end must go.
            both("DELETE FROM t WHERE id % 3 = 0");
            both("VACUUM");
            ++shrinks;
        } else {
            const bool roll_back = kind == 8;
            std::string sql = "BEGIN;";
            const int rows = 1 + static_cast<int>(rng() % 400);
            const int key = static_cast<int>(rng() % 100000);
            const int size = 10 + static_cast<int>(rng() % 3000);
            sql += "INSERT INTO t (k, v) SELECT " + std::to_string(key) + " + value, zeroblob(" + std::to_string(size) +
                   ") FROM " + series(rows) + ";";
            sql += "UPDATE t SET k = k + 1 WHERE id % 7 = " + std::to_string(rng() % 7) + ";";
            if (rng() % 3 == 0) sql += "DELETE FROM t WHERE k % 11 = " + std::to_string(rng() % 11) + ";";
            sql += roll_back ? "ROLLBACK;" : "COMMIT;";
            both(sql);
            if (roll_back) ++rollbacks;
        }
        INFO("round " << round);
        REQUIRE(stored.bytes() == file_bytes(reference_file.path));
    }
    CHECK(rollbacks > 0);
    CHECK(shrinks > 0);

    // Reopened from the stored blocks alone: the same database, sound.
    const std::string count = scalar(*db, "SELECT count(*) || ':' || total(k) FROM t");
    db.reset();
    BlockVfs reopened(unique_vfs_name());
    stored.load_into(reopened.file());
    auto again = Db::open("grove.db", reopened.name());
    CHECK(scalar(*again, "PRAGMA integrity_check") == "ok");
    CHECK(scalar(*again, "SELECT count(*) || ':' || total(k) FROM t") == count);
    CHECK(reopened.file().bytes() == file_bytes(reference_file.path));
}

TEST_CASE("a rolled-back transaction leaves the stored blocks as they were") {
    StoredBlocks stored;
    SavingVfs saving(stored);
    auto db = Db::open("grove.db", saving.vfs.name());
    db->exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
    const std::vector<std::uint8_t> before = stored.bytes();
    db->exec(("BEGIN; INSERT INTO t SELECT 'gone' FROM " + series(5000) + "; ROLLBACK").c_str());
    CHECK(stored.bytes() == before);
    CHECK(saving.vfs.file().bytes() == before);
}

TEST_CASE("a small change to a large database hands over only the blocks it touched") {
    StoredBlocks stored;
    SavingVfs saving(stored);
    auto db = Db::open("grove.db", saving.vfs.name());
    db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v BLOB); CREATE INDEX t_name ON t (name)");
    db->exec(("INSERT INTO t (name, v) SELECT 'person ' || value, zeroblob(200) FROM " + series(80000)).c_str());
    REQUIRE(stored.size > 16u * 1024 * 1024);
    const int saves = stored.saves;
    db->exec("UPDATE t SET name = 'renamed' WHERE id = 40000");
    CHECK(stored.saves == saves + 1);
    CHECK(stored.bytes_written <= 4 * kBlock);  // the row's leaf, two index leaves, the header
    CHECK(stored.bytes_written > 0);

    // Reads change nothing and hand nothing.
    CHECK(scalar(*db, "SELECT count(*) FROM t") == "80000");
    CHECK(stored.saves == saves + 1);
}

TEST_CASE("a Store on the block VFS reopens from its blocks with everything committed") {
    StoredBlocks stored;
    {
        SavingVfs saving(stored);
        StoreOptions options;
        options.vfs = saving.vfs.name();
        auto store = Store::open("grove.db", options);
        REQUIRE(store);
        Store& s = *store.value();
        REQUIRE(init_org(s, {"Hill School", Plan::kTrial, "ada@hill.org", "Ada", "Lovelace"}));
        auto group = create_group(s, *owner_id(s), {"Science club"});
        REQUIRE(group);
    }
    BlockVfs reopened(unique_vfs_name());
    stored.load_into(reopened.file());
    StoreOptions options;
    options.vfs = reopened.name();
    auto store = Store::open("grove.db", options);
    REQUIRE(store);
    CHECK(scalar(store.value()->db(), "PRAGMA integrity_check") == "ok");
    auto org = get_org(*store.value());
    REQUIRE(org);
    CHECK(org->name == "Hill School");
    CHECK(scalar(store.value()->db(), "SELECT name FROM groups") == "Science club");
}

TEST_CASE("a read-only copy refuses commands with its reason and hands nothing over") {
    StoredBlocks stored;
    SavingVfs saving(stored);
    StoreOptions options;
    options.vfs = saving.vfs.name();
    auto opened = Store::open("grove.db", options);
    REQUIRE(opened);
    Store& store = *opened.value();
    REQUIRE(init_org(store, {"Hill School", Plan::kTrial, "ada@hill.org", "Ada", "Lovelace"}));
    const Id owner = *owner_id(store);
    const int saves = stored.saves;

    saving.vfs.set_keep_changes_to_itself(true);
    store.set_read_only("This tab is read-only: Grove is open in another tab.");
    auto refused = create_group(store, owner, {"Science club"});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kConflict);
    CHECK(refused.error().message == "This tab is read-only: Grove is open in another tab.");
    store.db().exec("CREATE TABLE scratch (x)");  // a write past the store's own check stays in memory
    CHECK(stored.saves == saves);

    // Writable again: later commits are handed over, the memory-only change never is.
    saving.vfs.set_keep_changes_to_itself(false);
    store.set_read_only("");
    REQUIRE(create_group(store, owner, {"Science club"}));
    CHECK(stored.saves == saves + 1);
}

TEST_CASE("changes made before a sink is set are handed with the first commit after") {
    StoredBlocks stored;
    BlockVfs vfs(unique_vfs_name());
    auto db = Db::open("grove.db", vfs.name());
    db->exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('early')");
    vfs.set_sink([&](const BlockFile& file, const std::vector<std::uint32_t>& changed) { stored.save(file, changed); });
    db->exec("INSERT INTO t VALUES ('later')");
    CHECK(stored.bytes() == vfs.file().bytes());

    BlockVfs reopened(unique_vfs_name());
    stored.load_into(reopened.file());
    auto again = Db::open("grove.db", reopened.name());
    CHECK(scalar(*again, "SELECT group_concat(v) FROM t") == "early,later");
}
