// A SQLite VFS that keeps the database in memory, in fixed-size blocks, and tells its owner which blocks
// each write transaction changed when that transaction ends. The browser keeps the blocks in IndexedDB:
// it loads them into the file before the database opens, and writes the changed ones of each commit in
// one IndexedDB transaction, so what is stored is always the database as of some commit and a change
// costs what it changed (web/grove_lib.js). The journal stays in memory: the stored blocks change only
// after a commit, so a crash leaves the last completed save, never half of one.
//
// Nothing here knows about the browser; the native tests run the same code against a map of blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct sqlite3_vfs;

namespace grove {

// The main database's bytes, as blocks of kBlockSize (the last one may be partly past the end).
class BlockFile {
public:
    // SQLite's page: a commit writes exactly the pages it changed (indexes put them anywhere in the file).
    // The browser gathers blocks into larger records for reading them back (web/grove_storage.js).
    static constexpr std::size_t kBlockSize = 4096;

    std::uint64_t size() const { return size_; }
    std::size_t block_count() const { return blocks_.size(); }
    // Block `index`'s bytes (kBlockSize of them; those past size() are zero). Null for a block never
    // written (all zeros).
    const std::uint8_t* block(std::size_t index) const { return index < blocks_.size() ? blocks_[index] : nullptr; }
    // How many of block `index`'s bytes are inside the file.
    std::size_t block_length(std::size_t index) const;

    // Reads `n` bytes at `offset`; false (the rest zero-filled) when the file ends first.
    bool read(std::uint64_t offset, std::uint8_t* out, std::size_t n) const;
    void write(std::uint64_t offset, const std::uint8_t* data, std::size_t n);
    void truncate(std::uint64_t size);

    // Loading stored blocks before the database opens: prepare_load sets aside memory for a file of `size`
    // in one piece (one allocation, so memory grows once), load_target says where block `index`'s
    // kBlockSize bytes go, and finish_load sets the file's size (blocks past it are dropped).
    void prepare_load(std::uint64_t size);
    // Where blocks first .. first + count - 1 go when they can lie side by side (none of them exists yet):
    // one copy of a whole stored segment. Null otherwise (then load_target, block by block).
    std::uint8_t* load_run(std::size_t first, std::size_t count);
    std::uint8_t* load_target(std::size_t index);
    void finish_load(std::uint64_t size);

    // The blocks changed since the last take_changes, ascending, and forgets them.
    std::vector<std::uint32_t> take_changes();
    bool has_changes() const { return !changed_.empty() || shrunk_; }
    // The file's bytes in one piece (tests compare it with a reference database).
    std::vector<std::uint8_t> bytes() const;

private:
    std::uint8_t* block_for_write(std::size_t index);
    void note_changed(std::size_t index);

    std::uint8_t* new_block();
    void drop_blocks_from(std::size_t keep);

    // Blocks come out of slabs (a block each would cost an allocation, and in wasm memory that grows a
    // little at a time, a copy of everything at each growth); blocks cut off by a truncate are reused.
    std::vector<std::uint8_t*> blocks_;  // null: never written (zeros)
    std::vector<std::unique_ptr<std::uint8_t[]>> slabs_;
    std::size_t slab_capacity_ = 0;  // blocks in the newest slab
    std::size_t slab_used_ = 0;      // of which handed out
    std::vector<std::uint8_t*> free_;
    std::uint64_t size_ = 0;
    std::vector<std::uint32_t> changed_;
    std::vector<bool> is_changed_;
    bool shrunk_ = false;
};

// What a write transaction changed, as it ends: the file (read the blocks from it now; they change with
// the next write) and the changed blocks' indexes, ascending. The file's size may have shrunk: blocks
// at or past block count are gone.
using BlockSink = std::function<void(const BlockFile& file, const std::vector<std::uint32_t>& changed)>;

// The VFS, registered with SQLite under its name for as long as it lives. It serves one database: the
// main file opened through it (any name) is file(); journals and temporary files live in memory and
// vanish with it. Open the database with this VFS's name (Db::open's `vfs`).
class BlockVfs {
public:
    explicit BlockVfs(std::string name);
    ~BlockVfs();
    BlockVfs(const BlockVfs&) = delete;
    BlockVfs& operator=(const BlockVfs&) = delete;

    const std::string& name() const { return name_; }
    BlockFile& file() { return file_; }
    const BlockFile& file() const { return file_; }

    // Hears of every write transaction that changed blocks, as it ends (committed or rolled back: a
    // rollback hands the blocks it put back, which are what is stored already). Changes made while there
    // is no sink wait for the first transaction to end after one is set.
    void set_sink(BlockSink sink) { sink_ = std::move(sink); }
    // A read-only copy (another tab writes): changes stay in memory and reach no sink. They are
    // forgotten, never handed later.
    void set_keep_changes_to_itself(bool yes) { keep_to_itself_ = yes; }
    bool keeps_changes_to_itself() const { return keep_to_itself_; }

private:
    struct Callbacks;  // SQLite's entry points (block_vfs.cpp)
    friend struct Callbacks;
    void transaction_ended();

    std::string name_;
    std::unique_ptr<sqlite3_vfs> vfs_;
    BlockFile file_;
    BlockSink sink_;
    bool keep_to_itself_ = false;
    // Journals and temporary files by name ("" for nameless ones, which are never shared).
    std::map<std::string, std::shared_ptr<std::vector<std::uint8_t>>> memory_files_;
};

}  // namespace grove
