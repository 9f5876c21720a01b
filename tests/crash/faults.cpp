// The fault VFS and the failing allocator (faults.h): each forwards to SQLite's own and fails the Nth call.
#include "faults.h"

#include <sqlite3.h>

namespace grove::testing::faults {

namespace {

long g_counts[kOps] = {};
bool g_armed = false;
Op g_op = Op::kWrite;
long g_at = 0;
bool g_persistent = false;
long g_failed = 0;

// Counts one operation of kind `op`; true when it is the one (or, persistent, one of those) to fail.
bool fails(Op op) {
    long n = ++g_counts[static_cast<int>(op)];
    if (!g_armed || op != g_op || n < g_at || (n > g_at && !g_persistent)) return false;
    ++g_failed;
    return true;
}

// ---- The VFS -------------------------------------------------------------------------------------------

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs{};
sqlite3_io_methods g_methods{};

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file)->real; }

int f_close(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    int rc = real->pMethods->xClose(real);
    file->pMethods = nullptr;
    return rc;
}
int f_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    if (fails(Op::kRead)) return SQLITE_IOERR_READ;
    sqlite3_file* real = real_of(file);
    return real->pMethods->xRead(real, buffer, amount, offset);
}
int f_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    if (fails(Op::kWrite)) return SQLITE_IOERR_WRITE;
    sqlite3_file* real = real_of(file);
    return real->pMethods->xWrite(real, buffer, amount, offset);
}
int f_truncate(sqlite3_file* file, sqlite3_int64 size) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xTruncate(real, size);
}
int f_sync(sqlite3_file* file, int flags) {
    if (fails(Op::kSync)) return SQLITE_IOERR_FSYNC;
    sqlite3_file* real = real_of(file);
    return real->pMethods->xSync(real, flags);
}
int f_file_size(sqlite3_file* file, sqlite3_int64* size) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xFileSize(real, size);
}
int f_lock(sqlite3_file* file, int level) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xLock(real, level);
}
int f_unlock(sqlite3_file* file, int level) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xUnlock(real, level);
}
int f_check_reserved(sqlite3_file* file, int* out) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xCheckReservedLock(real, out);
}
int f_file_control(sqlite3_file* file, int op, void* arg) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xFileControl(real, op, arg);
}
int f_sector_size(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xSectorSize(real);
}
int f_device(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xDeviceCharacteristics(real);
}
int f_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xShmMap(real, page, size, extend, out);
}
int f_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xShmLock(real, offset, n, flags);
}
void f_shm_barrier(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    real->pMethods->xShmBarrier(real);
}
int f_shm_unmap(sqlite3_file* file, int delete_flag) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xShmUnmap(real, delete_flag);
}
int f_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xFetch(real, offset, amount, out);
}
int f_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xUnfetch(real, offset, page);
}

int v_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    auto* mine = reinterpret_cast<FaultFile*>(file);
    mine->real = reinterpret_cast<sqlite3_file*>(mine + 1);
    mine->base.pMethods = nullptr;
    int rc = g_real->xOpen(g_real, name, mine->real, flags, out_flags);
    if (mine->real->pMethods != nullptr) {
        // Version 1 methods with shared memory and memory maps as the real file has them (Grove uses neither).
        g_methods.iVersion = mine->real->pMethods->iVersion;
        mine->base.pMethods = &g_methods;
    }
    return rc;
}
int v_delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_real->xDelete(g_real, name, sync_dir); }
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) { return g_real->xAccess(g_real, name, flags, out); }
int v_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return g_real->xFullPathname(g_real, name, size, out);
}
void* v_dl_open(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void v_dl_error(sqlite3_vfs*, int size, char* out) { g_real->xDlError(g_real, size, out); }
void (*v_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return g_real->xDlSym(g_real, handle, symbol);
}
void v_dl_close(sqlite3_vfs*, void* handle) { g_real->xDlClose(g_real, handle); }
int v_randomness(sqlite3_vfs*, int size, char* out) { return g_real->xRandomness(g_real, size, out); }
int v_sleep(sqlite3_vfs*, int micros) { return g_real->xSleep(g_real, micros); }
int v_current_time(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int v_last_error(sqlite3_vfs*, int size, char* out) { return g_real->xGetLastError(g_real, size, out); }
int v_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return g_real->xCurrentTimeInt64(g_real, out); }

// ---- The allocator -------------------------------------------------------------------------------------

sqlite3_mem_methods g_real_mem{};

void* m_malloc(int size) {
    if (fails(Op::kAlloc)) return nullptr;
    return g_real_mem.xMalloc(size);
}
void* m_realloc(void* old, int size) {
    if (fails(Op::kAlloc)) return nullptr;
    return g_real_mem.xRealloc(old, size);
}

}  // namespace

const char* op_name(Op op) {
    switch (op) {
        case Op::kRead: return "read";
        case Op::kWrite: return "write";
        case Op::kSync: return "sync";
        case Op::kAlloc: return "allocation";
    }
    return "?";
}

void install_vfs(bool as_default) {
    if (g_real == nullptr) {
        g_real = sqlite3_vfs_find(nullptr);
        g_methods = sqlite3_io_methods{
            3,          f_close,       f_read,           f_write,        f_truncate,    f_sync,   f_file_size,
            f_lock,     f_unlock,      f_check_reserved, f_file_control, f_sector_size, f_device, f_shm_map,
            f_shm_lock, f_shm_barrier, f_shm_unmap,      f_fetch,        f_unfetch};
        g_vfs.iVersion = 2;
        g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_real->szOsFile;
        g_vfs.mxPathname = g_real->mxPathname;
        g_vfs.zName = "grove-fault";
        g_vfs.xOpen = v_open;
        g_vfs.xDelete = v_delete;
        g_vfs.xAccess = v_access;
        g_vfs.xFullPathname = v_full_pathname;
        g_vfs.xDlOpen = v_dl_open;
        g_vfs.xDlError = v_dl_error;
        g_vfs.xDlSym = v_dl_sym;
        g_vfs.xDlClose = v_dl_close;
        g_vfs.xRandomness = v_randomness;
        g_vfs.xSleep = v_sleep;
        g_vfs.xCurrentTime = v_current_time;
        g_vfs.xGetLastError = v_last_error;
        g_vfs.xCurrentTimeInt64 = v_current_time_int64;
    }
    sqlite3_vfs_register(&g_vfs, as_default ? 1 : 0);
}

const char* real_vfs_name() { return g_real != nullptr ? g_real->zName : sqlite3_vfs_find(nullptr)->zName; }

bool install_allocator() {
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_real_mem) != SQLITE_OK) return false;
    sqlite3_mem_methods mine = g_real_mem;
    mine.xMalloc = m_malloc;
    mine.xRealloc = m_realloc;
    // No lookaside memory: connections would serve small allocations from it, out of the allocator's reach.
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &mine) == SQLITE_OK &&
           sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) == SQLITE_OK;
}

void arm(Op op, long at, bool persistent) {
    for (long& c : g_counts) c = 0;
    g_armed = true;
    g_op = op;
    g_at = at;
    g_persistent = persistent;
    g_failed = 0;
}

void disarm() {
    for (long& c : g_counts) c = 0;
    g_armed = false;
    g_failed = 0;
}

long count(Op op) { return g_counts[static_cast<int>(op)]; }
long failed() { return g_failed; }

}  // namespace grove::testing::faults
