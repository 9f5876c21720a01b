// Internal to core/exchange/: the file's records as the exchange code sees them, each kind's fields in
// canonical text form (docs/exchange-format.md), read from the database in file order, their digests, and
// the sync base kept in the database.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/exchange/codec.h"
#include "core/storage/store.h"

namespace grove::exchange {

// In file order; a later kind refers only to earlier ones (and groups and departments to themselves).
enum class Kind : std::uint8_t {
    kOrg,
    kField,
    kDepartment,
    kCustomRole,
    kUser,
    kValue,  // an additional field's value of one person, nested in the person
    kOrgRole,
    kGroup,
    kMembership,
    kCourse,
    kStep,
    kEnrolment,
    kWork,  // one person's work on one step: a completion, or a submission and its review
    kPost,
    kDigestChoice,
    kSmartRule,       // a smart group's rule, in its stored form (records named by uid): one per group
    kSmartException,  // a person pinned into or excluded from a smart group: one per group and person
    kAudit,
};
constexpr int kKindCount = 18;
inline int index_of(Kind k) { return static_cast<int>(k); }

enum class Type : std::uint8_t {
    kText,      // the text itself
    kRef,       // another record's uid (32 hex digits), or empty for none
    kEnum,      // one of the field's values
    kBool,      // "true" or "false"
    kTime,      // milliseconds since the epoch in decimal, or empty for none
    kList,      // items, each followed by "\n"
    kPerms,     // the permission bits in decimal
    kExternal,  // "system\x1fvalue\x1e" for each external ID, by system
    kImage,     // "mime\0bytes", or empty for none
    kInt,       // a whole number in decimal (a step's position)
    kPoints,    // a whole number of 0 or more in decimal, or empty for none
    kOptText,   // the text followed by "\n", or empty for none (null and "" differ)
};

// What happens to a reference whose record is gone.
enum class Rule : std::uint8_t {
    kPlain,     // not a reference
    kNullable,  // it becomes none
    kCascade,   // the record goes too (as the database's ON DELETE CASCADE does)
    kSoft,      // none, without a foreign key (the audit log's names stay)
};

struct FieldSpec {
    const char* key;    // in the file: "first_name"
    const char* label;  // for people: "first name"
    Type type;
    Kind ref = Kind::kOrg;
    Rule rule = Rule::kPlain;
    std::vector<std::string_view> values;  // for kEnum
    bool required = false;                 // a kRef or kTime that may not be null
    bool optional = false;                 // a file may leave it out (it came in a later version): empty
    // The file format version that brought the field. A later field comes after every earlier one of its kind, so
    // an older file's digests (and a sync base saved before it) are the newer ones' first fields.
    int since = 1;
};

struct KindSpec {
    Kind kind;
    const char* section;    // "users"
    const char* noun;       // "person"
    const char* plural;     // "people"
    const char* sync_name;  // the kind's name in the sync section
    std::vector<FieldSpec> fields;
    const char* created_key;  // "created_at", "at", or nullptr (a value has only updated_at)
    bool has_updated;
    int unique_field = -1;  // the field that must be unique (email, slug, name), or -1
    bool nocase = false;    // ... compared ignoring ASCII case
    bool in_base = true;    // the audit log is never merged field by field, so has no base
    // Fields [unit_first, unit_end) merge as one: a person's work on a step (its status, answer and review)
    // is taken whole from one side, so a merge never pairs one side's answer with the other side's review.
    int unit_first = -1;
    int unit_end = -1;
    const char* unit_label = nullptr;  // "state"
};
const KindSpec& spec(Kind kind);
// How many of the kind's fields a file of format `version` has (all of them for the current version).
int fields_in_version(Kind kind, int version);
// The digest of a field a file left out (an older file's external IDs of a person): that of an empty field.
std::uint64_t empty_field_digest();
// "1 person", "3 people", "1 piece of work".
std::string counted_records(Kind kind, size_t n);
constexpr int kMaxFields = 9;

// One record: views into the reader's text or buffers, valid until the next record is read.
struct Record {
    Key key;
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::array<std::string_view, kMaxFields> f{};
};

// The digest of a record: one FNV-1a per field.
void digest(const KindSpec& spec, const Record& r, std::uint64_t* out);

// Row ID -> uid of one table, in memory: a vector when the row IDs are dense, else a hash map.
class RowUids {
public:
    void load(Store& store, const char* sql);      // sql: SELECT id, uid ...
    std::string_view find(std::int64_t id) const;  // empty when unknown

private:
    bool dense_ = true;
    std::vector<std::array<char, 32>> by_index_;
    std::vector<bool> present_;
    std::unordered_map<std::int64_t, std::array<char, 32>> by_id_;
};

// Reads one kind's records from the database in file order (by uid; values by person, then field;
// the audit log by time). Throws DbError.
class Scanner {
public:
    Scanner(Store& store, Kind kind);
    bool next(Record& r);
    std::int64_t rowid() const { return rowid_; }

private:
    std::string_view external_text(std::int64_t rowid) const;

    Kind kind_;
    // Owned, not from the Db cache: a scan and the one nested in it run at the same time.
    std::unique_ptr<Stmt> stmt_;
    std::unique_ptr<Stmt> external_;
    // People's and departments' external IDs in their canonical text, by row ID: read at once, as most have none.
    std::unordered_map<std::int64_t, std::string> externals_;
    std::int64_t rowid_ = 0;
    std::string s0_, s1_, s2_, s3_;
    RowUids groups_, users_, courses_, steps_;
};

// A sync base: for each record, the digests of its fields, sorted by key. A database keeps two (table
// sync_base, migration 2, in chunks): the records as last received from the other planner, and as they
// stood right after the last merge.
struct BaseTable {
    int key_size = 16;
    int fields = 0;
    std::string entries;

    size_t entry_size() const { return static_cast<size_t>(key_size + 8 * fields); }
    size_t count() const { return entries.size() / entry_size(); }
    Key key_at(size_t i) const;
    std::uint64_t digest_at(size_t i, int field) const;
    // The index of `key`, or count() when absent.
    size_t find(const Key& key) const;
    void append(const Key& key, const std::uint64_t* digest);
};

struct Base {
    std::array<BaseTable, kKindCount> kinds;
};
enum class BaseSet { kReceived, kMerged };
Base empty_base();
Base load_base(Store& store, BaseSet set);
BaseTable load_base_kind(Store& store, BaseSet set, Kind kind);
void save_base(Store& store, BaseSet set, const Base& base);
// One number for a whole base: equal on two planners whose merges ended with the same records.
std::uint64_t fingerprint(const Base& base);

// A conflict this planner settled at an earlier import (docs/exchange-format.md, "Settled conflicts"): the
// record, the field (-1: the record's deletion) and the digest of the other planner's side as the file
// had it then (kAbsent: the file had deleted the record). While a file still holds that side, the conflict
// stays settled; a file that changed it again brings a new conflict.
struct SettledConflict {
    Kind kind = Kind::kOrg;
    Key key;
    int field = -1;
    std::uint64_t theirs = 0;
    bool kept_ours = true;  // which side was kept, for the record (it does not change what a match means)
};
constexpr std::uint64_t kAbsent = 0;

// What this planner knows of its exchanges with the other (table sync_state).
struct SyncState {
    bool received = false;  // a received base exists
    bool restored = false;  // ... and came from restoring a file (not from a merge)
    // The fingerprints of the records right after the last merges, newest first (a restored copy keeps
    // those of the file it came from), and whether the newest one's base itself is kept (not in a copy).
    std::vector<std::uint64_t> merged;
    bool merged_base = false;
    // Sorted by kind, key, field; never written into a file.
    std::vector<SettledConflict> settled;
};
constexpr size_t kMergedKept = 4;
SyncState load_sync_state(Store& store);
void save_sync_state(Store& store, const SyncState& state);

// A change to a base, as the sync section of a file lists it: the record's digests in the sender's
// base, or absent (the record was made after it).
struct BasePatch {
    Kind kind = Kind::kOrg;
    Key key;
    bool present = false;
    std::vector<std::uint64_t> digest;
};
// Applies patches, sorted by kind then key, to `base`.
void apply_patches(Base& base, const std::vector<BasePatch>& patches);

// Key text in the sync section: the uid, or "person-uid/field-uid".
std::string key_text(Kind kind, const Key& key);

// A record named in a smart rule's stored form: the quoted string after `field`, `department is (under)`,
// `course` or `group` (core/rules/rule.h), which the stored form writes as the record's uid.
struct RuleRefSpan {
    size_t begin = 0, end = 0;  // the string's text inside its quotes, in the rule
    Kind kind = Kind::kField;   // kField, kDepartment, kCourse or kGroup
};
std::vector<RuleRefSpan> rule_refs(std::string_view rule);

}  // namespace grove::exchange
