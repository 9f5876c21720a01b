// Restoring an exchange file into a database without an organisation: one pass over the file, each
// record inserted as it is read, parents set once their section is complete, the sync base written last.
// What SQLite would do per row (secondary indexes, one membership per person and group, the member count, the rule
// engine's notes, CHECK lists) is set aside for the load and done once after it, in the same transaction.
#include <unordered_map>

#include "core/exchange/internal.h"
#include "core/rules/rules_internal.h"

namespace grove::exchange {

namespace {

// Triggers that keep a derived value as rows come one by one, each with the statement that computes the same
// value for the whole table at once. Suspended during a restore, which then recomputes.
struct Derived {
    const char* trigger;
    const char* recompute;
};
constexpr Derived kDerived[] = {
    {"memberships_count_in",
     "UPDATE groups SET member_count = (SELECT count(*) FROM memberships m WHERE m.group_id = groups.id)"},
};

constexpr const char* kSchemaObject = "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = ?";
// Every index of ours that does not guard uniqueness, and the one unique index whose pairs the restore checks
// itself (Restore::record, PairSet): the others stay, so that a second person with the same email is refused at
// its record's line by SQLite, as before.
constexpr const char* kSecondaryIndexes =
    "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND (sql NOT LIKE 'CREATE UNIQUE INDEX%' OR name = 'memberships_pair') ORDER BY rowid";

// The (group, person) pairs of the memberships restored so far, for memberships_pair, which is set aside during the
// load: a million memberships would otherwise each enter it at a random place. Open addressing on row IDs (> 0).
class PairSet {
public:
    // False when the pair is already in.
    bool insert(std::int64_t a, std::int64_t b) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash(a, b) & mask;; i = (i + 1) & mask) {
            Pair& p = slots_[i];
            if (p.a == 0) {
                p = {a, b};
                ++count_;
                return true;
            }
            if (p.a == a && p.b == b) return false;
        }
    }

private:
    struct Pair {
        std::int64_t a = 0, b = 0;
    };
    static size_t hash(std::int64_t a, std::int64_t b) {
        const std::uint64_t x = static_cast<std::uint64_t>(a) * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(b);
        return static_cast<size_t>((x * 0xBF58476D1CE4E5B9ull) >> 16);
    }
    void grow() {
        std::vector<Pair> old = std::move(slots_);
        slots_.assign(old.empty() ? 4096 : old.size() * 2, Pair{});
        count_ = 0;
        for (const Pair& p : old)
            if (p.a != 0) insert(p.a, p.b);
    }
    std::vector<Pair> slots_;
    size_t count_ = 0;
};

// Every CHECK constraint of the schema holds a column to a list of values (a person's status, a membership's
// role, a piece of work's status, ...), and the reader already holds each record to the same lists (those fields
// are of Type::kEnum); SQLite would test each such list through a temporary index built for every row. Off for
// the restore, which inserts no other column a CHECK guards (the organisation's id is always 1); a setting of the
// connection, not of the transaction, so it is put back however the restore ends.
class ChecksOff {
public:
    explicit ChecksOff(Db& db) : db_(db) { db_.exec("PRAGMA ignore_check_constraints = ON"); }
    ChecksOff(const ChecksOff&) = delete;
    ChecksOff& operator=(const ChecksOff&) = delete;
    ~ChecksOff() {
        try {
            db_.exec("PRAGMA ignore_check_constraints = OFF");
        } catch (const DbError&) {
            // Only a database already failing gets here; the restore's own error is the one to report.
        }
    }

private:
    Db& db_;
};

// A bulk load into an empty database: the records go in without their secondary indexes, which SQLite would
// otherwise update at a random place per row (a million memberships by person, by group and role), without
// the triggers of kDerived, each an UPDATE per row, and without the rule engine's notes of each person's rows
// (rules::PeopleLoad). finish() builds each index once from sorted rows (CREATE INDEX sorts), puts the
// triggers back as they were written, and recomputes what they keep. It is all in the restore's transaction:
// a file that fails rolls the schema back with the rows, untouched.
class BulkLoad {
public:
    explicit BulkLoad(Store& store) : db_(store.db()), people_(store) {
        for (const Derived& d : kDerived) {
            auto s = db_.prepare(kSchemaObject);
            s->bind(1, d.trigger);
            if (!s->step()) continue;  // not in this schema: nothing to suspend or redo
            triggers_.emplace_back(d.trigger, s->col_text(0));
            recompute_.push_back(d.recompute);
        }
        {
            auto s = db_.prepare(kSecondaryIndexes);
            while (s->step()) indexes_.emplace_back(s->col_text(0), s->col_text(1));
        }
        // DDL takes no parameters; the names are the schema's own.
        for (const auto& [name, sql] : triggers_) db_.exec(("DROP TRIGGER main.\"" + name + "\"").c_str());
        for (const auto& [name, sql] : indexes_) db_.exec(("DROP INDEX main.\"" + name + "\"").c_str());
    }

    void finish() {
        for (const auto& [name, sql] : indexes_) db_.exec(sql.c_str());
        for (const auto& [name, sql] : triggers_) db_.exec(sql.c_str());
        for (const char* sql : recompute_) db_.exec(sql);
        people_.finish();
    }

private:
    Db& db_;
    rules::PeopleLoad people_;
    std::vector<std::pair<std::string, std::string>> triggers_, indexes_;  // name, the SQL that made it
    std::vector<const char*> recompute_;
};

class Restore final : public RecordSink {
public:
    explicit Restore(Store& store) : store_(store), bulk_(store), writer_(store), base_(empty_base()) {}

    bool record(Cursor& in, Kind kind, const Record& r) override {
        const int k = index_of(kind);
        int missing = 0;
        if (kind == Kind::kSmartRule && !rule_reads_known(in, r)) return false;
        if (!writer_.insert(kind, r, missing)) return unknown(in, kind, r, missing);
        if (kind == Kind::kMembership && !one_pair(in, r)) return false;
        if (kind == Kind::kDepartment && !r.f[2].empty()) pending_parent(r.f[2]);
        if (kind == Kind::kGroup && !r.f[3].empty()) pending_parent(r.f[3]);
        if (spec(kind).in_base) {
            digest(spec(kind), r, digest_);
            base_.kinds[static_cast<size_t>(k)].append(r.key, digest_);
        }
        ++counts_.records[static_cast<size_t>(k)];
        if (kind == Kind::kOrg) counts_.org_name.assign(r.f[0]);
        return true;
    }

    bool section_end(Cursor& in, Kind kind) override {
        if (kind != Kind::kDepartment && kind != Kind::kGroup) return true;
        const char* noun = spec(kind).noun;
        std::unordered_map<std::int64_t, std::int64_t> parent_of;
        for (const auto& [child, parent_uid] : parents_) {
            std::int64_t parent = writer_.ids(kind).find(parent_uid);
            if (parent <= 0) {
                return in.fail(std::string("the ") + noun + " " + uid_text(parent_uid) +
                               ", a parent, is not in the file");
            }
            writer_.set_parent(kind, child, parent);
            parent_of[child] = parent;
        }
        // A parent chain longer than the records themselves goes round in a circle.
        for (const auto& [child, parent] : parent_of) {
            std::int64_t at = parent;
            size_t steps = 0;
            for (auto it = parent_of.find(at); it != parent_of.end(); it = parent_of.find(at)) {
                at = it->second;
                if (at == child || ++steps > parent_of.size()) {
                    return in.fail(std::string("the ") + spec(kind).section + " are nested in a circle");
                }
            }
        }
        parents_.clear();
        return true;
    }

    bool base_patch(Cursor&, const BasePatch& patch) override {
        patches_.push_back(patch);
        return true;
    }

    // The base becomes the sender's (their records with the sync section's differences): a restored
    // database is a copy of the one that wrote the file, down to what it will say in its own files.
    void finish(const FileFacts& facts) {
        bulk_.finish();
        apply_patches(base_, patches_);
        save_base(store_, BaseSet::kReceived, base_);
        SyncState state;
        state.received = true;
        state.restored = true;
        state.merged = facts.merged;
        save_sync_state(store_, state);
    }

    RestoreCounts counts() const { return counts_; }

private:
    void pending_parent(std::string_view hex) {
        Uid u;
        parse_uid(hex, u);
        parents_.emplace_back(writer_.last_rowid(), u);
    }

    // A rule names the fields, departments, courses and groups it reads by uid: each must be in the file before it.
    bool rule_reads_known(Cursor& in, const Record& r) {
        const std::string_view text = r.f[1];
        for (const RuleRefSpan& ref : rule_refs(text)) {
            const std::string_view hex = text.substr(ref.begin, ref.end - ref.begin);
            Uid u;
            if (parse_uid(hex, u) && writer_.ids(ref.kind).find(u) > 0) continue;
            return in.fail("the smart rule " + uid_text(r.key.a) + " reads the " + spec(ref.kind).noun + " " +
                           std::string(hex) + ", which is not in the file before it");
        }
        return true;
    }

    // One membership per person and group, as memberships_pair would refuse it (set aside by BulkLoad). Both
    // references are known: the record went in.
    bool one_pair(Cursor& in, const Record& r) {
        if (pairs_.insert(writer_.last_ref(0), writer_.last_ref(1))) return true;
        return in.fail("the membership " + uid_text(r.key.a) + " is a second one of the person " + std::string(r.f[1]) +
                       " in the group " + std::string(r.f[0]));
    }

    bool unknown(Cursor& in, Kind kind, const Record& r, int missing) {
        const KindSpec& s = spec(kind);
        if (missing == -2 && (kind == Kind::kEnrolment || kind == Kind::kWork || kind == Kind::kDigestChoice ||
                              kind == Kind::kSmartRule || kind == Kind::kSmartException)) {
            // Learning records are one per pair (a person's enrolment in a course, work on a step, digest choice
            // for a group), as are a smart group's rule (one per group) and its pins and exclusions; say which.
            std::string pair;
            for (size_t i = 0; i < s.fields.size() && i < 2; ++i)
                if (s.fields[i].type == Type::kRef)
                    pair += std::string(pair.empty() ? "" : " and ") + s.fields[i].label;
            return in.fail(std::string("a second ") + s.noun + " for the same " + pair + " (" + writer_.constraint() +
                           ")");
        }
        if (missing == -2) {
            std::string what = s.unique_field >= 0 ? std::string(s.fields[static_cast<size_t>(s.unique_field)].label) +
                                                         " " + std::string(r.f[static_cast<size_t>(s.unique_field)])
                                                   : uid_text(r.key.a);
            return in.fail(std::string("a second ") + s.noun + " with the " + what + " (" + writer_.constraint() + ")");
        }
        if (kind == Kind::kValue) {
            return in.fail("a value of the field " + uid_text(r.key.b) + ", which is not among the fields");
        }
        const FieldSpec& f = s.fields[static_cast<size_t>(missing)];
        return in.fail(std::string("the ") + s.noun + " " + uid_text(r.key.a) + " names the " + spec(f.ref).noun + " " +
                       std::string(r.f[static_cast<size_t>(missing)]) + " (" + f.key +
                       "), which is not in the file before it");
    }

    Store& store_;
    BulkLoad bulk_;
    DbWriter writer_;
    Base base_;
    std::vector<BasePatch> patches_;
    std::vector<std::pair<std::int64_t, Uid>> parents_;
    RestoreCounts counts_;
    PairSet pairs_;
    std::uint64_t digest_[kMaxFields] = {};
};

}  // namespace

Result<RestoreCounts> restore(Store& store, std::string_view name, std::string_view bytes) {
    ChecksOff checks(store.db());
    Restore sink(store);
    GROVE_LET(read, read_file(name, bytes, sink));
    sink.finish(*read);
    return sink.counts();
}

}  // namespace grove::exchange
