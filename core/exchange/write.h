// Internal to core/exchange/: writing exchange records into the database through the storage layer's
// statements, references resolved from uids to row IDs through in-memory maps (the restore and the merge).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/exchange/schema.h"

namespace grove::exchange {

// Uid -> row ID, open addressing (uids are random, so their first bytes are a fine hash).
class UidMap {
public:
    void insert(const Uid& uid, std::int64_t rowid);
    std::int64_t find(const Uid& uid) const;  // 0 when absent
    void erase(const Uid& uid);
    size_t size() const { return count_; }

private:
    void grow();
    struct Slot {
        Uid uid;
        std::int64_t rowid = 0;  // 0: empty; -1: erased
    };
    std::vector<Slot> slots_;
    size_t count_ = 0, used_ = 0;
};

class DbWriter {
public:
    explicit DbWriter(Store& store);

    UidMap& ids(Kind kind) { return ids_[static_cast<size_t>(index_of(kind))]; }
    // The row ID of a reference field's record, 0 for none; -1 when it names an unknown record
    // (a soft reference, the audit log's, is written as the uid of a known record, else none).
    std::int64_t ref(const FieldSpec& f, std::string_view hex);

    // Inserts a record; its self references (parents) are left empty for set_parent. Returns false when a
    // reference names an unknown record, with `missing` the field's index (-1: a value's person or field),
    // or when the data breaks a constraint (-2, with constraint() saying which). Throws DbError otherwise.
    bool insert(Kind kind, const Record& r, int& missing);
    // Rewrites a record's fields (not its identity); for groups and departments, not the parent.
    bool update(Kind kind, std::int64_t rowid, const Record& r, int& missing);
    void remove(Kind kind, std::int64_t rowid, const Record* value_key = nullptr);
    void set_parent(Kind kind, std::int64_t rowid, std::int64_t parent);  // 0: none
    // Moves a unique key (email, slug, name) out of the way while records trade keys.
    void park_unique(Kind kind, std::int64_t rowid, const Uid& uid);
    std::int64_t last_rowid() const { return last_; }
    // The row ID a reference field of the last record inserted resolved to (fields before the first unknown one).
    std::int64_t last_ref(size_t field) const { return refs_[field]; }
    const std::string& constraint() const { return constraint_; }

private:
    Stmt& stmt(int slot, const char* sql);
    bool run(Stmt& s);                     // false on a constraint, with constraint_ set
    void must(Stmt& s, const char* what);  // throws on a constraint too
    bool constraint_failed(int& missing);
    bool bind_fields(Kind kind, Stmt& s, const Record& r, int& missing, int& at);
    // A group's, person's or department's external IDs (their canonical text) into their table; `replace` drops
    // the ones it had first. False on a constraint (two records claiming one ID in a system is allowed: no key).
    bool write_externals(Kind kind, std::int64_t rowid, std::string_view text, bool replace);

    Store& store_;
    std::array<UidMap, kKindCount> ids_;
    std::vector<std::unique_ptr<Stmt>> stmts_;
    std::int64_t last_ = 0;
    std::array<std::int64_t, kMaxFields> refs_{};
    std::string constraint_;
};

}  // namespace grove::exchange
