// Transactions and connection settings that undo themselves.
#include "core/storage/transaction.h"

#include <string>

namespace grove {

namespace {

constexpr const char* kBeginWrite = "BEGIN IMMEDIATE";
constexpr const char* kBeginRead = "BEGIN";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";
constexpr const char* kForeignKeysOff = "PRAGMA foreign_keys = OFF";
constexpr const char* kForeignKeysOn = "PRAGMA foreign_keys = ON";
constexpr const char* kCacheSize = "PRAGMA cache_size";
constexpr const char* kLargerCache = "PRAGMA cache_size = -131072";

}  // namespace

Transaction::Transaction(Db& db) : db_(db) { db_.exec(kBeginWrite); }

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_.exec(kRollback);
    } catch (const DbError&) {
        // A failed rollback leaves SQLite to roll back itself when the connection closes.
    }
}

void Transaction::commit() {
    db_.exec(kCommit);
    done_ = true;
}

ReadTransaction::ReadTransaction(Db& db) : db_(db), mine_(!db.in_transaction()) {
    if (mine_) db_.exec(kBeginRead);
}

ReadTransaction::~ReadTransaction() {
    if (!mine_) return;
    try {
        db_.exec(kCommit);
    } catch (const DbError&) {}
}

ForeignKeysOff::ForeignKeysOff(Db& db) : db_(db), off_(!db.in_transaction()) {
    if (off_) db_.exec(kForeignKeysOff);
}

ForeignKeysOff::~ForeignKeysOff() {
    if (!off_) return;
    try {
        db_.exec(kForeignKeysOn);
    } catch (const DbError&) {}
}

LargerCache::LargerCache(Db& db) : db_(db) {
    try {
        auto s = db_.prepare_once(kCacheSize);
        if (s->step()) old_ = s->col_int(0);
        if (old_ < 0 && -old_ < kKibibytes) db_.exec(kLargerCache);
    } catch (const DbError&) {
        old_ = 0;  // the import goes on with the cache it has
    }
}

LargerCache::~LargerCache() {
    if (old_ >= 0 || -old_ >= kKibibytes) return;
    try {
        db_.prepare_once(std::string(kCacheSize) + " = " + std::to_string(old_))->run();
    } catch (const DbError&) {}
}

}  // namespace grove
