// The in-memory block VFS (see block_vfs.h). SQLite calls it through a table of C functions; each
// open file is a small struct SQLite allocates (szOsFile) and we construct in place.
#include "core/storage/block_vfs.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <sqlite3.h>

namespace grove {

// ---- BlockFile ----

std::size_t BlockFile::block_length(std::size_t index) const {
    const std::uint64_t start = static_cast<std::uint64_t>(index) * kBlockSize;
    if (start >= size_) return 0;
    return static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, size_ - start));
}

bool BlockFile::read(std::uint64_t offset, std::uint8_t* out, std::size_t n) const {
    std::size_t done = 0;
    while (done < n) {
        const std::uint64_t at = offset + done;
        if (at >= size_) {
            std::memset(out + done, 0, n - done);
            return false;
        }
        const std::size_t index = static_cast<std::size_t>(at / kBlockSize);
        const std::size_t within = static_cast<std::size_t>(at % kBlockSize);
        const std::size_t take =
            static_cast<std::size_t>(std::min<std::uint64_t>({kBlockSize - within, n - done, size_ - at}));
        const std::uint8_t* source = block(index);
        if (source != nullptr) {
            std::memcpy(out + done, source + within, take);
        } else {
            std::memset(out + done, 0, take);
        }
        done += take;
    }
    return true;
}

std::uint8_t* BlockFile::new_block() {
    std::uint8_t* block = nullptr;
    if (!free_.empty()) {
        block = free_.back();
        free_.pop_back();
    } else {
        if (slab_used_ == slab_capacity_) {
            constexpr std::size_t kSlabBlocks = 64;  // 256 KiB
            slabs_.emplace_back(new std::uint8_t[kSlabBlocks * kBlockSize]);
            slab_capacity_ = kSlabBlocks;
            slab_used_ = 0;
        }
        block = slabs_.back().get() + slab_used_++ * kBlockSize;
    }
    std::memset(block, 0, kBlockSize);
    return block;
}

std::uint8_t* BlockFile::block_for_write(std::size_t index) {
    if (index >= blocks_.size()) blocks_.resize(index + 1, nullptr);
    std::uint8_t*& slot = blocks_[index];
    if (slot == nullptr) slot = new_block();
    return slot;
}

void BlockFile::drop_blocks_from(std::size_t keep) {
    for (std::size_t index = keep; index < blocks_.size(); ++index) {
        if (blocks_[index] != nullptr) free_.push_back(blocks_[index]);
    }
    if (blocks_.size() > keep) blocks_.resize(keep);
}

void BlockFile::note_changed(std::size_t index) {
    if (index >= is_changed_.size()) is_changed_.resize(index + 1, false);
    if (is_changed_[index]) return;
    is_changed_[index] = true;
    changed_.push_back(static_cast<std::uint32_t>(index));
}

void BlockFile::write(std::uint64_t offset, const std::uint8_t* data, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        const std::uint64_t at = offset + done;
        const std::size_t index = static_cast<std::size_t>(at / kBlockSize);
        const std::size_t within = static_cast<std::size_t>(at % kBlockSize);
        const std::size_t take = std::min<std::size_t>(kBlockSize - within, n - done);
        std::memcpy(block_for_write(index) + within, data + done, take);
        note_changed(index);
        done += take;
    }
    size_ = std::max<std::uint64_t>(size_, offset + n);
}

void BlockFile::truncate(std::uint64_t size) {
    if (size >= size_) {
        // Growing by truncate: the new bytes read as zeros; the blocks they reach must be stored too.
        for (std::uint64_t at = size_; at < size; at += kBlockSize - at % kBlockSize) {
            note_changed(static_cast<std::size_t>(at / kBlockSize));
        }
        size_ = size;
        return;
    }
    size_ = size;
    const std::size_t keep = static_cast<std::size_t>((size + kBlockSize - 1) / kBlockSize);
    drop_blocks_from(keep);
    // The last block kept: its bytes past the end become zeros (a later growth must read them so).
    if (keep > 0 && size % kBlockSize != 0 && blocks_.size() == keep && blocks_[keep - 1]) {
        const std::size_t within = static_cast<std::size_t>(size % kBlockSize);
        std::memset(blocks_[keep - 1] + within, 0, kBlockSize - within);
        note_changed(keep - 1);
    }
    shrunk_ = true;  // a change even when no block inside the file changed: the sink drops those past it
}

void BlockFile::prepare_load(std::uint64_t size) {
    const std::size_t count = static_cast<std::size_t>((size + kBlockSize - 1) / kBlockSize);
    const std::size_t spare = (slab_capacity_ - slab_used_) + free_.size();
    if (count <= spare) return;
    const std::size_t more = count - spare;
    slabs_.emplace_back(new std::uint8_t[more * kBlockSize]);
    slab_capacity_ = more;
    slab_used_ = 0;
    blocks_.reserve(count);
}

std::uint8_t* BlockFile::load_run(std::size_t first, std::size_t count) {
    if (count == 0) return nullptr;
    if (first + count > blocks_.size()) blocks_.resize(first + count, nullptr);
    for (std::size_t index = first; index < first + count; ++index) {
        if (blocks_[index] != nullptr) return nullptr;
    }
    if (slab_capacity_ - slab_used_ < count) {
        const std::size_t blocks = std::max<std::size_t>(count, 64);
        slabs_.emplace_back(new std::uint8_t[blocks * kBlockSize]);
        slab_capacity_ = blocks;
        slab_used_ = 0;
    }
    std::uint8_t* run = slabs_.back().get() + slab_used_ * kBlockSize;
    slab_used_ += count;
    std::memset(run, 0, count * kBlockSize);
    for (std::size_t i = 0; i < count; ++i) blocks_[first + i] = run + i * kBlockSize;
    return run;
}

std::uint8_t* BlockFile::load_target(std::size_t index) { return block_for_write(index); }

void BlockFile::finish_load(std::uint64_t size) {
    size_ = 0;
    const std::size_t keep = static_cast<std::size_t>((size + kBlockSize - 1) / kBlockSize);
    drop_blocks_from(keep);
    size_ = size;
    if (size % kBlockSize != 0 && keep > 0 && keep <= blocks_.size() && blocks_[keep - 1]) {
        const std::size_t within = static_cast<std::size_t>(size % kBlockSize);
        std::memset(blocks_[keep - 1] + within, 0, kBlockSize - within);
    }
    changed_.clear();
    shrunk_ = false;
    is_changed_.assign(blocks_.size(), false);
}

std::vector<std::uint32_t> BlockFile::take_changes() {
    std::vector<std::uint32_t> out;
    out.swap(changed_);
    shrunk_ = false;
    std::sort(out.begin(), out.end());
    for (const std::uint32_t index : out) {
        if (index < is_changed_.size()) is_changed_[index] = false;
    }
    return out;
}

std::vector<std::uint8_t> BlockFile::bytes() const {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(size_));
    read(0, out.data(), out.size());
    return out;
}

// ---- The VFS ----

namespace {

// One open file: the main database (in BlockFile) or a journal or temporary file (in a byte vector).
struct OpenFile {
    sqlite3_file base;  // first: SQLite sees only this
    BlockVfs* owner = nullptr;
    BlockFile* main = nullptr;
    std::shared_ptr<std::vector<std::uint8_t>> memory;
    std::string name;
    bool delete_on_close = false;
    int lock = SQLITE_LOCK_NONE;
};

OpenFile& open_file(sqlite3_file* file) { return *reinterpret_cast<OpenFile*>(file); }

}  // namespace

struct BlockVfs::Callbacks {
    static BlockVfs& owner(sqlite3_vfs* vfs) { return *static_cast<BlockVfs*>(vfs->pAppData); }
    static sqlite3_vfs* fallback() { return sqlite3_vfs_find(nullptr); }

    static int close(sqlite3_file* file) {
        OpenFile& f = open_file(file);
        if (f.delete_on_close && f.memory) f.owner->memory_files_.erase(f.name);
        f.~OpenFile();
        return SQLITE_OK;
    }

    static int read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
        OpenFile& f = open_file(file);
        auto* bytes = static_cast<std::uint8_t*>(out);
        const auto n = static_cast<std::size_t>(amount);
        if (f.main != nullptr) {
            return f.main->read(static_cast<std::uint64_t>(offset), bytes, n) ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
        }
        const std::vector<std::uint8_t>& data = *f.memory;
        const auto at = static_cast<std::size_t>(offset);
        const std::size_t have = at < data.size() ? std::min(n, data.size() - at) : 0;
        if (have > 0) std::memcpy(bytes, data.data() + at, have);
        if (have < n) {
            std::memset(bytes + have, 0, n - have);
            return SQLITE_IOERR_SHORT_READ;
        }
        return SQLITE_OK;
    }

    static int write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
        OpenFile& f = open_file(file);
        const auto* bytes = static_cast<const std::uint8_t*>(data);
        const auto n = static_cast<std::size_t>(amount);
        try {
            if (f.main != nullptr) {
                f.main->write(static_cast<std::uint64_t>(offset), bytes, n);
                return SQLITE_OK;
            }
            std::vector<std::uint8_t>& out = *f.memory;
            const auto at = static_cast<std::size_t>(offset);
            if (out.size() < at + n) out.resize(at + n);
            std::memcpy(out.data() + at, bytes, n);
        } catch (const std::bad_alloc&) {
            return SQLITE_IOERR_NOMEM;
        }
        return SQLITE_OK;
    }

    static int truncate(sqlite3_file* file, sqlite3_int64 size) {
        OpenFile& f = open_file(file);
        try {
            if (f.main != nullptr) {
                f.main->truncate(static_cast<std::uint64_t>(size));
            } else {
                f.memory->resize(static_cast<std::size_t>(size));
            }
        } catch (const std::bad_alloc&) {
            return SQLITE_IOERR_NOMEM;
        }
        return SQLITE_OK;
    }

    // Memory needs no syncing: what is durable is decided when the write lock is let go.
    static int sync(sqlite3_file*, int) { return SQLITE_OK; }

    static int file_size(sqlite3_file* file, sqlite3_int64* size) {
        OpenFile& f = open_file(file);
        *size = static_cast<sqlite3_int64>(f.main != nullptr ? f.main->size() : f.memory->size());
        return SQLITE_OK;
    }

    // One connection per database: locks only track the level, to see a write transaction end.
    static int lock(sqlite3_file* file, int level) {
        OpenFile& f = open_file(file);
        f.lock = std::max(f.lock, level);
        return SQLITE_OK;
    }

    static int unlock(sqlite3_file* file, int level) {
        OpenFile& f = open_file(file);
        const bool was_writing = f.lock > SQLITE_LOCK_SHARED;
        f.lock = level;
        if (f.main != nullptr && was_writing && level <= SQLITE_LOCK_SHARED) f.owner->transaction_ended();
        return SQLITE_OK;
    }

    static int check_reserved_lock(sqlite3_file* file, int* out) {
        *out = open_file(file).lock > SQLITE_LOCK_SHARED ? 1 : 0;
        return SQLITE_OK;
    }

    static int file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
    static int sector_size(sqlite3_file*) { return 4096; }
    static int device_characteristics(sqlite3_file*) {
        return SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE;
    }

    static const sqlite3_io_methods* io_methods() {
        static const sqlite3_io_methods methods = {
            1,  // iVersion: no shared memory (no WAL), no mmap
            close,
            read,
            write,
            truncate,
            sync,
            file_size,
            lock,
            unlock,
            check_reserved_lock,
            file_control,
            sector_size,
            device_characteristics,
            nullptr,
            nullptr,
            nullptr,
            nullptr,
            nullptr,
            nullptr,
        };
        return &methods;
    }

    static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
        BlockVfs& self = owner(vfs);
        auto* f = new (file) OpenFile();
        f->base.pMethods = nullptr;
        f->owner = &self;
        f->name = name != nullptr ? name : "";
        if ((flags & SQLITE_OPEN_MAIN_DB) != 0) {
            f->main = &self.file_;
        } else {
            f->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0 || name == nullptr;
            auto it = name != nullptr ? self.memory_files_.find(f->name) : self.memory_files_.end();
            if (it != self.memory_files_.end()) {
                f->memory = it->second;
            } else if (name != nullptr && (flags & SQLITE_OPEN_CREATE) == 0) {
                f->~OpenFile();
                return SQLITE_CANTOPEN;
            } else {
                f->memory = std::make_shared<std::vector<std::uint8_t>>();
                if (name != nullptr) self.memory_files_[f->name] = f->memory;
            }
        }
        f->base.pMethods = io_methods();
        if (out_flags != nullptr) *out_flags = flags;
        return SQLITE_OK;
    }

    static int remove(sqlite3_vfs* vfs, const char* name, int) {
        owner(vfs).memory_files_.erase(name);
        return SQLITE_OK;
    }

    static int access(sqlite3_vfs* vfs, const char* name, int, int* out) {
        const BlockVfs& self = owner(vfs);
        const auto it = self.memory_files_.find(name);
        *out = it != self.memory_files_.end() && !it->second->empty() ? 1 : 0;
        return SQLITE_OK;
    }

    static int full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
        sqlite3_snprintf(size, out, "%s", name);
        return SQLITE_OK;
    }

    static int randomness(sqlite3_vfs*, int size, char* out) { return fallback()->xRandomness(fallback(), size, out); }
    static int sleep(sqlite3_vfs*, int microseconds) { return fallback()->xSleep(fallback(), microseconds); }
    static int current_time(sqlite3_vfs*, double* out) { return fallback()->xCurrentTime(fallback(), out); }
    static int last_error(sqlite3_vfs*, int, char*) { return 0; }
    static int current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
        sqlite3_vfs* base = fallback();
        if (base->iVersion >= 2 && base->xCurrentTimeInt64 != nullptr) return base->xCurrentTimeInt64(base, out);
        double days = 0;
        const int rc = base->xCurrentTime(base, &days);
        *out = static_cast<sqlite3_int64>(days * 86400000.0);
        return rc;
    }
};

BlockVfs::BlockVfs(std::string name) : name_(std::move(name)), vfs_(std::make_unique<sqlite3_vfs>()) {
    sqlite3_initialize();
    sqlite3_vfs& v = *vfs_;
    std::memset(&v, 0, sizeof v);
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(sizeof(OpenFile));
    v.mxPathname = 512;
    v.zName = name_.c_str();
    v.pAppData = this;
    v.xOpen = Callbacks::open;
    v.xDelete = Callbacks::remove;
    v.xAccess = Callbacks::access;
    v.xFullPathname = Callbacks::full_pathname;
    v.xRandomness = Callbacks::randomness;
    v.xSleep = Callbacks::sleep;
    v.xCurrentTime = Callbacks::current_time;
    v.xGetLastError = Callbacks::last_error;
    v.xCurrentTimeInt64 = Callbacks::current_time_int64;
    sqlite3_vfs_register(vfs_.get(), 0);
}

BlockVfs::~BlockVfs() { sqlite3_vfs_unregister(vfs_.get()); }

void BlockVfs::transaction_ended() {
    if (!file_.has_changes()) return;
    if (keep_to_itself_) {
        (void)file_.take_changes();
        return;
    }
    if (!sink_) return;  // kept until there is one to hear of them
    const std::vector<std::uint32_t> changed = file_.take_changes();
    sink_(file_, changed);
}

}  // namespace grove
