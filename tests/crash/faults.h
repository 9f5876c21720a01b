// Fault injection for the crash and I/O-fault tests, as SQLite's own test suite does it: a VFS over the
// default one that counts reads, writes and syncs and fails the Nth, and (in an executable of its own) an
// allocator under SQLite that fails the Nth allocation.
#pragma once

namespace grove::testing::faults {

enum class Op { kRead, kWrite, kSync, kAlloc };
constexpr int kOps = 4;
const char* op_name(Op op);  // "read", "write", "sync", "allocation"

// Registers the VFS "grove-fault" over the default VFS (once); with `as_default`, every connection that names
// no VFS goes through it (the command line, the core). It fails reads with SQLITE_IOERR_READ, writes with
// SQLITE_IOERR_WRITE and syncs with SQLITE_IOERR_FSYNC.
void install_vfs(bool as_default);
// The name of the VFS under it, for reading a database back without faults or counts ("unix").
const char* real_vfs_name();

// Puts SQLite's allocations through a counting allocator (SQLITE_CONFIG_MALLOC), with no lookaside memory so
// that every allocation reaches it (SQLITE_CONFIG_LOOKASIDE 0, 0). Must run before SQLite is
// initialised, so before the first connection opens: false if it is too late.
bool install_allocator();

// Fails the `at`th operation of kind `op` from now (1-based), and with `persistent` every later one too,
// as SQLite's ioerr and malloc tests do in their transient and persistent modes. Counts restart at zero.
void arm(Op op, long at, bool persistent = false);
// No more faults; counts restart at zero.
void disarm();
// Operations of each kind since the last arm() or disarm(), and how many of them failed.
long count(Op op);
long failed();

}  // namespace grove::testing::faults
