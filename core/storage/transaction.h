// Scopes over a connection that must be undone however they end: transactions and connection settings.
#pragma once

#include <cstdint>

#include "core/storage/db.h"

namespace grove {

// A write transaction: rolls back in its destructor unless commit() ran (as SQLiteCpp's does).
class Transaction {
public:
    explicit Transaction(Db& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

// A read of several statements sees one state of the database. Inside a transaction already, it is that
// transaction's read and does nothing of its own.
class ReadTransaction {
public:
    explicit ReadTransaction(Db& db);
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction();

private:
    Db& db_;
    bool mine_;
};

// Foreign keys off for the scope: a restore resolves every reference of the file against the records read
// before it (an unknown one is an error naming its line), so the database checking the same references
// again row by row would only double the work of the largest part of an import. It is the connection's
// setting, not the schema's: it can change only outside a transaction, and is on again when the scope ends.
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(Db& db);
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
    ~ForeignKeysOff();

private:
    Db& db_;
    bool off_;
};

// A larger page cache for the scope. SQLite keeps 2 MB of pages by default; a large import inserts into
// indexes at random places, and with a database file every page that fell out of that cache is read again.
class LargerCache {
public:
    explicit LargerCache(Db& db);
    LargerCache(const LargerCache&) = delete;
    LargerCache& operator=(const LargerCache&) = delete;
    ~LargerCache();

private:
    static constexpr std::int64_t kKibibytes = 131072;
    Db& db_;
    std::int64_t old_ = 0;
};

}  // namespace grove
