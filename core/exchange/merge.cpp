// Merging another planner's file into this organisation (F18): a three-way merge, field by field, of
// our records and theirs against the base both last agreed on (docs/exchange-format.md, "Merging").
#include <algorithm>
#include <charconv>
#include <deque>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/access/permissions.h"
#include "core/exchange/internal.h"
#include "core/org/fields.h"
#include "core/org/org.h"
#include "core/text/text.h"

namespace grove::exchange {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

enum RecFlag : std::uint8_t {
    kDropped = 1,     // M: left out after all (a reference gone, a duplicate)
    kMergedPair = 2,  // M: the same thing added on both sides, kept as one
};

// A record in memory: its canonical fields packed (length, bytes) in the table's arena.
struct Rec {
    Key key;
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::int64_t rowid = 0;  // ours only
    std::uint32_t off = 0;
    std::uint8_t flags = 0;
};

void put_varint(std::string& out, size_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

size_t get_varint(const char*& p) {
    size_t v = 0;
    int shift = 0;
    for (;;) {
        auto c = static_cast<unsigned char>(*p++);
        v |= static_cast<size_t>(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
        shift += 7;
    }
}

class Table {
public:
    Kind kind = Kind::kOrg;
    std::vector<Rec> recs;
    std::string arena;

    size_t fields() const { return spec(kind).fields.size(); }

    void add(const Record& r, std::int64_t rowid = 0) {
        Rec rec;
        rec.key = r.key;
        rec.created = r.created;
        rec.updated = r.updated;
        rec.rowid = rowid;
        rec.off = static_cast<std::uint32_t>(arena.size());
        for (size_t i = 0; i < fields(); ++i) {
            put_varint(arena, r.f[i].size());
            arena.append(r.f[i]);
        }
        recs.push_back(rec);
    }

    // Rewrites a record's fields; `r` may point into this arena.
    void set(Rec& rec, const Record& r) {
        std::string packed;
        for (size_t i = 0; i < fields(); ++i) {
            put_varint(packed, r.f[i].size());
            packed.append(r.f[i]);
        }
        rec.off = static_cast<std::uint32_t>(arena.size());
        arena.append(packed);
        rec.created = r.created;
        rec.updated = r.updated;
    }

    void unpack(const Rec& rec, Record& out) const {
        out.key = rec.key;
        out.created = rec.created;
        out.updated = rec.updated;
        const char* p = arena.data() + rec.off;
        for (size_t i = 0; i < fields(); ++i) {
            size_t n = get_varint(p);
            out.f[i] = std::string_view(p, n);
            p += n;
        }
    }

    std::string_view field(const Rec& rec, size_t i) const {
        const char* p = arena.data() + rec.off;
        for (size_t j = 0;; ++j) {
            size_t n = get_varint(p);
            if (j == i) return {p, n};
            p += n;
        }
    }

    size_t find(const Key& key) const {
        auto it = std::lower_bound(recs.begin(), recs.end(), key, [](const Rec& r, const Key& k) { return r.key < k; });
        return it != recs.end() && it->key == key ? static_cast<size_t>(it - recs.begin()) : kNone;
    }
    const Rec* get(const Key& key) const {
        size_t i = find(key);
        return i == kNone || (recs[i].flags & kDropped) ? nullptr : &recs[i];
    }

    void sort() {
        if (!std::is_sorted(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) { return a.key < b.key; })) {
            std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) { return a.key < b.key; });
        }
    }
};

using Tables = std::array<Table, kKindCount>;

Tables make_tables() {
    Tables t;
    for (int k = 0; k < kKindCount; ++k) t[static_cast<size_t>(k)].kind = static_cast<Kind>(k);
    return t;
}

// Their file, read into tables.
class TheirSink final : public RecordSink {
public:
    TheirSink(Tables& tables, const Org& ours) : tables_(tables), ours_(ours) {}

    bool record(Cursor&, Kind kind, const Record& r) override {
        if (kind == Kind::kOrg) {
            Uid ours;
            if (!parse_uid(ours_.uid, ours) || ours != r.key.a) {
                refusal = "it holds the organisation " + std::string(r.f[0]) + ", not " + ours_.name +
                          "; only a file of the same organisation merges into it (into an empty database, any "
                          "file is restored).";
                refusal_code = ErrorCode::kConflict;
                return false;
            }
        }
        tables_[static_cast<size_t>(index_of(kind))].add(r);
        return true;
    }
    bool section_end(Cursor&, Kind) override { return true; }
    bool base_patch(Cursor&, const BasePatch& patch) override {
        patches.push_back(patch);
        return true;
    }

    std::vector<BasePatch> patches;

private:
    Tables& tables_;
    const Org& ours_;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::int64_t as_int(std::string_view text) {
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

// Kinds of which a person, group or course holds at most one (a membership, an enrolment, work on a step):
// the same one added on both sides becomes one record, and a duplicate left over goes.
bool one_per_pair(Kind kind) {
    return kind == Kind::kMembership || kind == Kind::kOrgRole || kind == Kind::kEnrolment || kind == Kind::kWork ||
           kind == Kind::kDigestChoice || kind == Kind::kSmartRule || kind == Kind::kSmartException;
}

// The leading fields that say what a record is about (a membership's group and person): when they change
// (through an alias), the record is written anew rather than updated.
size_t identity_fields(Kind kind) {
    switch (kind) {
        case Kind::kOrgRole: return 5;
        case Kind::kMembership:
        case Kind::kEnrolment:
        case Kind::kWork:
        case Kind::kPost:
        case Kind::kDigestChoice:
        case Kind::kSmartException: return 2;
        case Kind::kSmartRule: return 1;
        default: return 0;
    }
}

struct Item {
    Key key;
    const Rec* rec;
};

// The mark put on an audit entry whose change lost a conflict; an entry carries at most one.
constexpr std::string_view kNotApplied = "not applied: kept ";
bool has_mark(std::string_view summary) { return summary.find(kNotApplied) != std::string_view::npos; }

// One number for a whole side of a record-level conflict: FNV-1a over its fields' digests.
std::uint64_t fold(const std::uint64_t* digests, size_t n) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; ++i) {
        for (int b = 0; b < 8; ++b) {
            h ^= (digests[i] >> (8 * b)) & 0xFF;
            h *= 0x100000001b3ull;
        }
    }
    return h == kAbsent ? 1 : h;
}

// A conflict met by the merge, for the memory of settled conflicts and the marks in the audit log.
struct Met {
    Kind kind;
    Key key;
    int field;             // -1: the record's deletion
    std::uint64_t theirs;  // the digest of their side (kAbsent: deleted in the file)
    std::optional<Side> kept;
    bool before;            // settled at an earlier import
    bool kept_ours_before;  // ... keeping our side then
    bool ours_has, theirs_has;
};

enum class Op { kInsert, kUpdate, kDelete };

class Merger {
public:
    Merger(Store& store, std::string_view name, const ImportChoices& choices)
        : store_(store), name_(name), choices_(choices), O_(make_tables()), T_(make_tables()), M_(make_tables()) {}

    Result<ImportPlan> run(std::string_view bytes, bool apply);

private:
    // Loading.
    void load_ours();
    // Aliases: the same thing added on both sides (same email, slug, name, membership) becomes one record.
    void find_aliases(Kind kind);
    Key effective(Kind kind, const Key& key) const;
    std::string_view resolve(Kind target, std::string_view hex) const;
    std::string unique_key(Kind kind, const Table& t, const Rec& r) const;
    // The three-way merge of one kind into M_.
    void merge_kind(Kind kind);
    bool belongs_to_kept(Kind kind, const Record& r, const Tables& deleting) const;
    std::string display_unit(Kind kind, const Record& mine, const Record& other) const;
    std::optional<Side> choice();
    // This conflict as settled at an earlier import with their side as `theirs`, or null.
    const SettledConflict* settled_before(Kind kind, const Key& key, int field, std::uint64_t theirs) const;
    // The side for a conflict: ours when settled before, else the choice given.
    std::optional<Side> settle(Kind kind, const Key& key, int field, std::uint64_t theirs);
    void conflict(Kind kind, const Key& key, int field, std::string ours, std::string theirs, bool ours_has,
                  bool theirs_has);
    // After the merge: references to records that are gone, circles of parents, duplicates.
    bool fix_references(Kind kind);
    void fix_parents(Kind kind);
    bool fix_duplicates(Kind kind);
    bool refuse_lookalikes(Kind kind);
    bool recheck_kept(Kind kind);
    // Smart rules: their text names records by uid, through the aliases too; every record a merged rule reads
    // must be kept, and no rule may read itself through others; pins and exclusions go with their group's rule.
    std::string_view rule_text(std::string_view stored);
    std::string rule_names(std::string_view stored) const;
    bool check_rules();
    void drop_orphan_exceptions();
    void fix_choice_values();
    // Whether `value` may be held of field `field` as merged: any value unless it is a choice field without it.
    bool choice_kept(const Uid& field, std::string_view value) const;
    // The audit entries whose change lost a conflict.
    void mark_lost();
    bool about(const Met& c, const Table& t, const Rec& e, bool has) const;
    // Describing.
    const Rec* any(Kind kind, const Key& key, const Table*& from) const;
    std::string name_of(Kind kind, std::string_view hex) const;
    std::string label(Kind kind, const Table& t, const Rec& r) const;
    std::string display(Kind kind, size_t field, std::string_view value) const;
    std::string describe_changes(Kind kind, const Table& t, const Rec& r, size_t base_index) const;
    void describe(Kind kind);
    // Applying.
    void apply_changes();

    Store& store_;
    std::string name_;
    const ImportChoices& choices_;
    Tables O_, T_, M_;
    Base B_;
    std::array<std::unordered_map<Uid, Uid, UidHash>, kKindCount> alias_;
    std::array<std::unordered_map<Uid, std::string, UidHash>, kKindCount> alias_hex_;
    std::array<std::unordered_set<Uid, UidHash>, kKindCount> merged_losers_;  // ours that became theirs
    size_t next_conflict_ = 0;
    bool unsettled_ = false;
    std::vector<SettledConflict> settled_;  // as remembered from earlier imports, sorted
    std::vector<Met> met_;                  // in the order of the plan's conflicts (and settled_before)
    std::optional<Side> pending_side_;      // the side settle() gave, for conflict()
    bool pending_before_ = false;
    bool pending_kept_ours_ = true;  // for a conflict settled before: the side kept then
    std::uint64_t pending_theirs_ = 0;
    std::string refusal_;
    ImportPlan plan_;
    std::vector<std::string> notes_;  // lines about fixes (a circle broken)
    // Records kept against a deletion on the other side, by kind.
    std::array<std::vector<Key>, kKindCount> kept_;
    // Records the other side deleted only with what they belong to (a group, course or step) that the merge
    // keeps against that deletion: they come back with it.
    std::array<std::unordered_set<Key, KeyHash>, kKindCount> restored_;
    // For each conflict on a reference: the side not chosen, by kind and key.
    std::array<std::unordered_map<Key, std::vector<std::pair<size_t, std::string>>, KeyHash>, kKindCount> alternates_;
    std::deque<std::string> rule_texts_;  // rules rewritten through the aliases (views into them stay valid)
};

// ---- loading

void Merger::load_ours() {
    for (int k = 0; k < kKindCount; ++k) {
        Kind kind = static_cast<Kind>(k);
        Table& t = O_[static_cast<size_t>(k)];
        Scanner scan(store_, kind);
        Record r;
        while (scan.next(r)) t.add(r, scan.rowid());
        t.sort();
    }
}

// ---- aliases

std::string_view Merger::resolve(Kind target, std::string_view hex) const {
    const auto& hexes = alias_hex_[static_cast<size_t>(index_of(target))];
    if (hex.empty() || hexes.empty()) return hex;
    Uid u;
    if (!parse_uid(hex, u)) return hex;
    auto it = hexes.find(u);
    return it == hexes.end() ? hex : std::string_view(it->second);
}

Key Merger::effective(Kind kind, const Key& key) const {
    Key k = key;
    auto map = [&](Kind target, Uid& u) {
        const auto& a = alias_[static_cast<size_t>(index_of(target))];
        if (a.empty()) return;
        auto it = a.find(u);
        if (it != a.end()) u = it->second;
    };
    if (kind == Kind::kValue) {
        map(Kind::kUser, k.a);
        map(Kind::kField, k.b);
    } else {
        map(kind, k.a);
    }
    return k;
}

std::string Merger::unique_key(Kind kind, const Table& t, const Rec& r) const {
    const KindSpec& s = spec(kind);
    switch (kind) {
        case Kind::kOrgRole:
            return std::string(resolve(Kind::kUser, t.field(r, 0))) + "|" + std::string(t.field(r, 1)) + "|" +
                   std::string(resolve(Kind::kCustomRole, t.field(r, 2))) + "|" +
                   std::string(resolve(Kind::kDepartment, t.field(r, 3)));
        case Kind::kSmartRule: return std::string(resolve(Kind::kGroup, t.field(r, 0)));  // one per group
        case Kind::kMembership:
        case Kind::kEnrolment:
        case Kind::kWork:
        case Kind::kDigestChoice:
        case Kind::kSmartException:
            // The two records the pair is of: a group and a person, a course and a person, ...
            return std::string(resolve(s.fields[0].ref, t.field(r, 0))) + "|" +
                   std::string(resolve(s.fields[1].ref, t.field(r, 1)));
        case Kind::kUser:  // one person per email, as the users_email_key index (Unicode case folding)
            return email_key(t.field(r, static_cast<size_t>(s.unique_field)));
        default: {
            std::string_view v = t.field(r, static_cast<size_t>(s.unique_field));
            return s.nocase ? lower(v) : std::string(v);
        }
    }
}

void Merger::find_aliases(Kind kind) {
    const Table& o = O_[static_cast<size_t>(index_of(kind))];
    const Table& t = T_[static_cast<size_t>(index_of(kind))];
    const BaseTable& b = B_.kinds[static_cast<size_t>(index_of(kind))];
    std::unordered_map<std::string, const Rec*> ours_new;
    for (const Rec& r : o.recs)
        if (t.find(r.key) == kNone && b.find(r.key) == b.count()) ours_new.emplace(unique_key(kind, o, r), &r);
    if (ours_new.empty()) return;
    auto& alias = alias_[static_cast<size_t>(index_of(kind))];
    auto& hexes = alias_hex_[static_cast<size_t>(index_of(kind))];
    for (const Rec& r : t.recs) {
        if (o.find(r.key) != kNone || b.find(r.key) != b.count()) continue;
        auto it = ours_new.find(unique_key(kind, t, r));
        if (it == ours_new.end()) continue;
        const Uid& mine = it->second->key.a;
        const Uid& theirs = r.key.a;
        // The smaller uid names the one record on both sides, so both planners end with the same.
        const Uid& winner = std::min(mine, theirs);
        const Uid& loser = std::max(mine, theirs);
        alias[loser] = winner;
        hexes[loser] = uid_text(winner);
        if (loser == mine) merged_losers_[static_cast<size_t>(index_of(kind))].insert(mine);
        ours_new.erase(it);
    }
}

// ---- merging

std::optional<Side> Merger::choice() {
    size_t i = next_conflict_++;
    if (i < choices_.choices.size() && choices_.choices[i]) return choices_.choices[i];
    return choices_.prefer;
}

const SettledConflict* Merger::settled_before(Kind kind, const Key& key, int field, std::uint64_t theirs) const {
    auto less = [](const SettledConflict& a, const SettledConflict& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        if (a.key != b.key) return a.key < b.key;
        return a.field < b.field;
    };
    SettledConflict probe;
    probe.kind = kind;
    probe.key = key;
    probe.field = field;
    auto it = std::lower_bound(settled_.begin(), settled_.end(), probe, less);
    return it != settled_.end() && !less(probe, *it) && it->theirs == theirs ? &*it : nullptr;
}

std::optional<Side> Merger::settle(Kind kind, const Key& key, int field, std::uint64_t theirs) {
    // Their side is the one settled at an earlier import: whichever side was kept then, this organisation's
    // record is the outcome (or a later change of ours to it), so ours stands without asking again.
    const SettledConflict* before = settled_before(kind, key, field, theirs);
    pending_before_ = before != nullptr;
    pending_kept_ours_ = before ? before->kept_ours : true;
    pending_theirs_ = theirs;
    pending_side_ = pending_before_ ? std::optional<Side>(Side::kOurs) : choice();
    if (!pending_side_) unsettled_ = true;
    return pending_side_;
}

void Merger::conflict(Kind kind, const Key& key, int field, std::string ours, std::string theirs, bool ours_has,
                      bool theirs_has) {
    met_.push_back(
        {kind, key, field, pending_theirs_, pending_side_, pending_before_, pending_kept_ours_, ours_has, theirs_has});
    Conflict c;
    const Table* from = nullptr;
    const Rec* r = any(kind, key, from);
    if (kind == Kind::kValue) {
        c.kind = "person";
        c.uid = uid_text(key.a);
        c.label = name_of(Kind::kUser, c.uid);
        c.field = name_of(Kind::kField, uid_text(key.b));
    } else {
        c.kind = spec(kind).noun;
        c.uid = uid_text(key.a);
        c.label = r ? label(kind, *from, *r) : c.uid;
        if (field >= 0) {
            c.field = field == spec(kind).unit_first ? spec(kind).unit_label
                                                     : spec(kind).fields[static_cast<size_t>(field)].label;
        }
    }
    c.ours = std::move(ours);
    c.theirs = std::move(theirs);
    c.kept = pending_side_;
    (pending_before_ ? plan_.settled_before : plan_.conflicts).push_back(std::move(c));
}

void Merger::merge_kind(Kind kind) {
    const size_t k = static_cast<size_t>(index_of(kind));
    const KindSpec& s = spec(kind);
    const Table& o = O_[k];
    const Table& t = T_[k];
    const BaseTable& b = B_.kinds[k];
    Table& m = M_[k];
    const size_t n = s.fields.size();

    auto items = [&](const Table& table) {
        std::vector<Item> out;
        out.reserve(table.recs.size());
        bool sorted = true;
        for (const Rec& r : table.recs) {
            Key key = effective(kind, r.key);
            if (!out.empty() && !(out.back().key < key)) sorted = false;
            out.push_back({key, &r});
        }
        if (!sorted)
            std::stable_sort(out.begin(), out.end(), [](const Item& a, const Item& x) { return a.key < x.key; });
        return out;
    };
    std::vector<Item> oi = items(o), ti = items(t);

    Record ro, rt, mr;
    // A field's value with references through the aliases.
    auto value = [&](const Record& r, size_t i) {
        const FieldSpec& f = s.fields[i];
        if (kind == Kind::kSmartRule && i == 1) return rule_text(r.f[i]);
        return f.type == Type::kRef ? resolve(f.ref, r.f[i]) : r.f[i];
    };
    auto same_as_base = [&](const Record& r, size_t bi) {
        for (size_t i = 0; i < n; ++i)
            if (fnv1a(value(r, i)) != b.digest_at(bi, static_cast<int>(i))) return false;
        return true;
    };
    auto emit = [&](const Record& r, std::uint8_t flags) {
        mr.key = r.key;
        mr.created = r.created;
        mr.updated = r.updated;
        for (size_t i = 0; i < n; ++i) mr.f[i] = value(r, i);
        m.add(mr);
        m.recs.back().flags = flags;
    };

    size_t i = 0, j = 0;
    while (i < oi.size() || j < ti.size()) {
        Key key;
        const Rec* orec = nullptr;
        const Rec* trec = nullptr;
        if (j >= ti.size() || (i < oi.size() && oi[i].key < ti[j].key)) {
            key = oi[i].key;
            orec = oi[i++].rec;
        } else if (i >= oi.size() || ti[j].key < oi[i].key) {
            key = ti[j].key;
            trec = ti[j++].rec;
        } else {
            key = oi[i].key;
            orec = oi[i++].rec;
            trec = ti[j++].rec;
        }
        // Both sides keep each key once; a second record under one key (never written by Grove) is left out.
        while (i < oi.size() && oi[i].key == key) ++i;
        while (j < ti.size() && ti[j].key == key) ++j;

        if (orec) o.unpack(*orec, ro);
        if (trec) t.unpack(*trec, rt);
        ro.key = rt.key = key;
        size_t bi = s.in_base ? b.find(key) : b.count();
        const bool in_base = bi < b.count();

        if (kind == Kind::kAudit) {
            // The log only grows: every entry of either side. An entry both sides hold differs only in its
            // references: lost on one side (its group deleted there, so that side's file names none). Then it
            // names none; its names stay. Both sides decide alike.
            if (!orec || !trec) {
                emit(orec ? ro : rt, 0);
                continue;
            }
            mr.key = key;
            mr.created = std::min(ro.created, rt.created);
            mr.updated = std::max(ro.updated, rt.updated);
            for (size_t f = 0; f < n; ++f) {
                std::string_view ov = value(ro, f), tv = value(rt, f);
                mr.f[f] = ov == tv ? ov : s.fields[f].type == Type::kRef ? std::string_view() : std::min(ov, tv);
                // One side marked the entry as not applied (a conflict it lost): the mark stays.
                if (f == 3 && ov != tv && has_mark(ov) != has_mark(tv)) mr.f[f] = has_mark(ov) ? ov : tv;
            }
            m.add(mr);
            continue;
        }
        if (orec && trec) {
            mr.key = key;
            mr.created = std::min(ro.created, rt.created);
            mr.updated = std::max(ro.updated, rt.updated);
            for (size_t f = 0; f < n; ++f) {
                if (static_cast<int>(f) == s.unit_first) {
                    // Fields that merge as one: both sides' changes to them are one conflict, settled whole.
                    const size_t end = static_cast<size_t>(s.unit_end);
                    bool same = true, ours_base = in_base, theirs_base = in_base;
                    std::uint64_t td[kMaxFields];
                    for (size_t u = f; u < end; ++u) {
                        std::string_view ov = value(ro, u), tv = value(rt, u);
                        same &= ov == tv;
                        td[u - f] = fnv1a(tv);
                        if (in_base) {
                            ours_base &= fnv1a(ov) == b.digest_at(bi, static_cast<int>(u));
                            theirs_base &= td[u - f] == b.digest_at(bi, static_cast<int>(u));
                        }
                    }
                    const Record* from = &ro;  // the same on both sides, or only we changed it
                    if (!same && !theirs_base && ours_base) {
                        from = &rt;  // only they changed it
                    } else if (!same && !theirs_base) {
                        auto side = settle(kind, key, static_cast<int>(f), fold(td, end - f));
                        conflict(kind, key, static_cast<int>(f), display_unit(kind, ro, rt), display_unit(kind, rt, ro),
                                 true, true);
                        if (side == Side::kTheirs) from = &rt;
                    }
                    for (size_t u = f; u < end; ++u) mr.f[u] = value(*from, u);
                    f = end - 1;
                    continue;
                }
                std::string_view ov = value(ro, f), tv = value(rt, f);
                if (ov == tv) {
                    mr.f[f] = ov;
                } else if (in_base && fnv1a(tv) == b.digest_at(bi, static_cast<int>(f))) {
                    mr.f[f] = ov;  // only we changed it
                } else if (in_base && fnv1a(ov) == b.digest_at(bi, static_cast<int>(f))) {
                    mr.f[f] = tv;  // only they changed it
                } else {
                    auto side = settle(kind, key, static_cast<int>(f), fnv1a(tv));
                    conflict(kind, key, static_cast<int>(f), display(kind, f, ov), display(kind, f, tv), true, true);
                    mr.f[f] = side == Side::kTheirs ? tv : ov;
                    if (s.fields[f].type == Type::kRef) {
                        // Should the chosen record be gone from the merge, the other side's is taken (below).
                        alternates_[k][key].emplace_back(f, std::string(side == Side::kTheirs ? ov : tv));
                    }
                }
            }
            m.add(mr);  // its views are into our and their tables, never into m's own arena
            if (!in_base && orec->key != trec->key) m.recs.back().flags = kMergedPair;
            continue;
        }
        const Record& one = orec ? ro : rt;
        if (!in_base) {
            emit(one, 0);  // made on one side only: it comes along
            continue;
        }
        if (same_as_base(one, bi)) {
            // Deleted on the other side, unchanged on this one: gone; unless it went there only with its group,
            // course or step, which the merge keeps against that deletion: that is kept as it was, with its
            // members (and a course with its steps, enrolments and work).
            if (belongs_to_kept(kind, one, orec ? T_ : O_)) {
                emit(one, 0);
                restored_[k].insert(key);
            }
            continue;
        }
        // A person's value of a field that the merge deletes (the other side deleted the field with its values,
        // or the person): it goes with them, and asking about it would offer a choice that changes nothing.
        if (kind == Kind::kValue && (!M_[static_cast<size_t>(index_of(Kind::kUser))].get(Key{key.a, {}}) ||
                                     !M_[static_cast<size_t>(index_of(Kind::kField))].get(Key{key.b, {}}))) {
            continue;
        }
        // Likewise a value changed to a choice the merged field no longer has (fix_choice_values).
        if (kind == Kind::kValue && !choice_kept(key.b, value(one, 0))) {
            notes_.push_back("leave out " + name_of(Kind::kUser, uid_text(key.a)) + "'s " +
                             name_of(Kind::kField, uid_text(key.b)) + " '" + std::string(value(one, 0)) +
                             "', which is no longer a choice");
            continue;
        }
        // Changed on one side, deleted on the other.
        std::uint64_t their_side = kAbsent;
        if (trec) {
            std::uint64_t d[kMaxFields];
            for (size_t f = 0; f < n; ++f) d[f] = fnv1a(value(rt, f));
            their_side = fold(d, n);
        }
        auto side = settle(kind, key, -1, their_side);
        std::string changed = describe_changes(kind, orec ? o : t, orec ? *orec : *trec, bi);
        const char* gone = kind == Kind::kValue ? "(none)" : "(deleted)";
        if (orec)
            conflict(kind, key, -1, changed, gone, true, false);
        else
            conflict(kind, key, -1, gone, changed, false, true);
        bool keep = orec ? side != Side::kTheirs : side == Side::kTheirs;
        if (keep) {
            emit(one, 0);
            kept_[k].push_back(key);
        }
    }
}

// Whether `r`, gone from the `deleting` side, went there only with the group, course or step it belongs to,
// which this merge keeps against that deletion (or brings back with its own).
bool Merger::belongs_to_kept(Kind kind, const Record& r, const Tables& deleting) const {
    const KindSpec& s = spec(kind);
    for (size_t i = 0; i < s.fields.size(); ++i) {
        const FieldSpec& f = s.fields[i];
        if (f.type != Type::kRef || f.rule != Rule::kCascade) continue;
        if (f.ref != Kind::kGroup && f.ref != Kind::kCourse && f.ref != Kind::kStep) continue;
        Key owner{};
        const size_t ko = static_cast<size_t>(index_of(f.ref));
        if (!parse_uid(r.f[i], owner.a) || deleting[ko].find(owner) != kNone) continue;
        if (std::find(kept_[ko].begin(), kept_[ko].end(), owner) != kept_[ko].end() || restored_[ko].count(owner)) {
            return true;
        }
    }
    if (kind == Kind::kSmartException) {
        // A rule kept against its clearing on the other side (which took its pins and exclusions) keeps them.
        const size_t kr = static_cast<size_t>(index_of(Kind::kSmartRule));
        std::vector<Key> rules = kept_[kr];
        rules.insert(rules.end(), restored_[kr].begin(), restored_[kr].end());
        for (const Key& rule : rules) {
            const Table* from = nullptr;
            const Rec* rec = any(Kind::kSmartRule, rule, from);
            if (rec && resolve(Kind::kGroup, from->field(*rec, 0)) == resolve(Kind::kGroup, r.f[0])) return true;
        }
    }
    return false;
}

// One side of a conflict on fields that merge as one: those of them that differ from the other side's.
std::string Merger::display_unit(Kind kind, const Record& mine, const Record& other) const {
    const KindSpec& s = spec(kind);
    // A rule's side is its text, as people read it; who set it only when the texts agree.
    if (kind == Kind::kSmartRule && mine.f[1] != other.f[1]) return display(kind, 1, mine.f[1]);
    std::string out;
    for (size_t i = static_cast<size_t>(s.unit_first); i < static_cast<size_t>(s.unit_end); ++i) {
        std::string_view v = mine.f[i], w = other.f[i];
        if (s.fields[i].type == Type::kRef) {
            v = resolve(s.fields[i].ref, v);
            w = resolve(s.fields[i].ref, w);
        }
        if (v == w) continue;
        out += (out.empty() ? "" : "; ") + std::string(s.fields[i].label) + " " + display(kind, i, v);
    }
    return out;
}

// A record kept against its deletion on the other side, whose changes the merge has since undone (its new
// parent gone, say), is the base's again: unchanged, so the deletion stands, as the other side will decide.
bool Merger::recheck_kept(Kind kind) {
    const size_t k = static_cast<size_t>(index_of(kind));
    Table& m = M_[k];
    const BaseTable& b = B_.kinds[k];
    bool dropped = false;
    Record r;
    for (const Key& key : kept_[k]) {
        size_t i = m.find(key);
        size_t bi = b.find(key);
        if (i == kNone || (m.recs[i].flags & kDropped) || bi == b.count()) continue;
        m.unpack(m.recs[i], r);
        bool same = true;
        for (size_t f = 0; f < spec(kind).fields.size(); ++f)
            same &= fnv1a(r.f[f]) == b.digest_at(bi, static_cast<int>(f));
        if (!same) continue;
        m.recs[i].flags |= kDropped;
        dropped = true;
    }
    return dropped;
}

bool Merger::fix_references(Kind kind) {
    Table& m = M_[static_cast<size_t>(index_of(kind))];
    const KindSpec& s = spec(kind);
    Record r;
    for (Rec& rec : m.recs) {
        if (rec.flags & kDropped) continue;
        if (kind == Kind::kValue) {
            if (!M_[static_cast<size_t>(index_of(Kind::kUser))].get(Key{rec.key.a, {}}) ||
                !M_[static_cast<size_t>(index_of(Kind::kField))].get(Key{rec.key.b, {}})) {
                rec.flags |= kDropped;
            }
            continue;
        }
        m.unpack(rec, r);
        bool changed = false;
        for (size_t i = 0; i < s.fields.size(); ++i) {
            const FieldSpec& f = s.fields[i];
            if (f.type != Type::kRef || r.f[i].empty()) continue;
            Key target{};
            if (!parse_uid(r.f[i], target.a)) continue;
            const Table& tt = M_[static_cast<size_t>(index_of(f.ref))];
            if (tt.get(target)) continue;
            // A conflict settled for a record that the merge does not keep: the other side's choice, when it
            // is kept, so that both planners end alike whichever side each preferred.
            auto alt = alternates_[static_cast<size_t>(index_of(kind))].find(rec.key);
            if (alt != alternates_[static_cast<size_t>(index_of(kind))].end()) {
                bool replaced = false;
                for (const auto& [field, other] : alt->second) {
                    Key ok{};
                    if (field != i || other.empty() || !parse_uid(other, ok.a) || !tt.get(ok)) continue;
                    r.f[i] = other;
                    changed = replaced = true;
                }
                if (replaced) continue;
            }
            if (f.rule == Rule::kCascade) {
                rec.flags |= kDropped;
                break;
            }
            r.f[i] = {};
            changed = true;
        }
        if (changed && !(rec.flags & kDropped)) m.set(rec, r);
    }
    return true;
}

void Merger::fix_parents(Kind kind) {
    if (kind != Kind::kGroup && kind != Kind::kDepartment) return;
    Table& m = M_[static_cast<size_t>(index_of(kind))];
    const size_t parent_field = kind == Kind::kGroup ? 3 : 2;
    // Each side's moves are fine on their own, but together may nest two records inside each other: the
    // record with the smallest uid in such a circle goes to the top, on both sides alike.
    for (size_t start = 0; start < m.recs.size(); ++start) {
        if (m.recs[start].flags & kDropped) continue;
        std::vector<size_t> path;
        size_t at = start;
        for (size_t steps = 0; steps <= m.recs.size(); ++steps) {
            std::string_view p = m.field(m.recs[at], parent_field);
            if (p.empty()) break;
            Key pk{};
            parse_uid(p, pk.a);
            size_t next = m.find(pk);
            if (next == kNone) break;
            path.push_back(at);
            if (next == start) {
                size_t smallest = *std::min_element(path.begin(), path.end(),
                                                    [&](size_t a, size_t x) { return m.recs[a].key < m.recs[x].key; });
                Record r;
                m.unpack(m.recs[smallest], r);
                notes_.push_back("move " + std::string(spec(kind).noun) + " " + std::string(r.f[0]) +
                                 " to the top: both sides' moves together nested it inside itself");
                r.f[parent_field] = {};
                m.set(m.recs[smallest], r);
                break;
            }
            if (std::find(path.begin(), path.end(), next) != path.end()) break;  // a circle not through start
            at = next;
        }
    }
}

bool Merger::fix_duplicates(Kind kind) {
    const KindSpec& s = spec(kind);
    if (s.unique_field < 0 && !one_per_pair(kind)) return true;
    Table& m = M_[static_cast<size_t>(index_of(kind))];
    std::unordered_map<std::string, size_t> seen;
    std::unordered_set<std::string> taken;  // every key in use, so that a new one is free
    if (s.unique_field >= 0) {
        for (const Rec& rec : m.recs)
            if (!(rec.flags & kDropped)) taken.insert(unique_key(kind, m, rec));
    }
    for (size_t i = 0; i < m.recs.size(); ++i) {
        Rec& rec = m.recs[i];
        if (rec.flags & kDropped) continue;
        auto [it, fresh] = seen.emplace(unique_key(kind, m, rec), i);
        if (fresh) continue;
        if (one_per_pair(kind)) {
            rec.flags |= kDropped;  // records are in uid order: the first, smallest uid stays
            continue;
        }
        const Rec& first = m.recs[it->second];
        if (kind == Kind::kUser) {
            refusal_ = "after merging, " + label(kind, m, first) + " and " + label(kind, m, rec) + " would share the " +
                       "email " + std::string(m.field(rec, 0)) +
                       "; change one of them on either side and import again.";
            return false;
        }
        // A slug or name the other side gave to another record meanwhile: the record with the larger uid takes
        // the next free one, on both sides alike.
        const size_t uf = static_cast<size_t>(s.unique_field);
        Record r;
        m.unpack(rec, r);
        const std::string old_value(r.f[uf]);
        std::string next;
        for (int n = 2;; ++n) {
            next = old_value + (kind == Kind::kGroup || kind == Kind::kDepartment ? "-" : " ") + std::to_string(n);
            if (!taken.count(s.nocase ? lower(next) : next)) break;
        }
        taken.insert(s.nocase ? lower(next) : next);
        notes_.push_back("give " + std::string(s.noun) + " " + label(kind, m, rec) + " the " + s.fields[uf].label +
                         " " + next + ": " + label(kind, m, first) + " has " + old_value);
        r.f[uf] = next;
        m.set(rec, r);
    }
    return true;
}

// Groups side by side, and departments side by side, may not have names that differ only by case, accents or
// spaces (lookup.h's check_group_name_free). A merge that would put such a pair side by side, where this
// organisation does not have them so already, is refused naming both, as a shared email is: the planner
// renames one on either side. Pairs this organisation already holds (made before the rule) stay as they are.
bool Merger::refuse_lookalikes(Kind kind) {
    if (kind != Kind::kGroup && kind != Kind::kDepartment) return true;
    const size_t parent_field = kind == Kind::kGroup ? 3 : 2;
    const Table& m = M_[static_cast<size_t>(index_of(kind))];
    const Table& o = O_[static_cast<size_t>(index_of(kind))];
    // (parent, look-alike key) of a record in a table, to compare the merge with ours.
    auto place = [&](const Table& t, const Rec& r) {
        return std::string(resolve(kind, t.field(r, parent_field))) + "|" + lookalike_key(t.field(r, 0));
    };
    std::unordered_map<std::string, size_t> seen;
    for (size_t i = 0; i < m.recs.size(); ++i) {
        const Rec& rec = m.recs[i];
        if (rec.flags & kDropped) continue;
        const std::string here = place(m, rec);
        auto [it, fresh] = seen.emplace(here, i);
        if (fresh) continue;
        const Rec& first = m.recs[it->second];
        const size_t o1 = o.find(first.key), o2 = o.find(rec.key);
        if (o1 != kNone && o2 != kNone && place(o, o.recs[o1]) == here && place(o, o.recs[o2]) == here) continue;
        const std::string_view parent = m.field(rec, parent_field);
        const std::string where = parent.empty() ? "at the top level" : "in " + name_of(kind, parent);
        const std::string plural = kind == Kind::kGroup ? "groups" : "departments";
        refusal_ = "after merging, the " + plural + " " + label(kind, m, first) + " and " + label(kind, m, rec) +
                   " would be side by side " + where + ", and " + plural +
                   " side by side need names that differ by more than case, accents or spaces; rename one of them "
                   "on either side and import again.";
        return false;
    }
    return true;
}

// ---- smart rules

std::string_view Merger::rule_text(std::string_view stored) {
    std::string out;
    size_t at = 0;
    bool changed = false;
    for (const RuleRefSpan& ref : rule_refs(stored)) {
        const std::string_view hex = stored.substr(ref.begin, ref.end - ref.begin);
        const std::string_view to = resolve(ref.kind, hex);
        if (to == hex) continue;
        out.append(stored.substr(at, ref.begin - at));
        out.append(to);
        at = ref.end;
        changed = true;
    }
    if (!changed) return stored;
    out.append(stored.substr(at));
    return rule_texts_.emplace_back(std::move(out));
}

std::string Merger::rule_names(std::string_view stored) const {
    std::string out;
    size_t at = 0;
    for (const RuleRefSpan& ref : rule_refs(stored)) {
        Key key{};
        const Table* from = nullptr;
        const Rec* r =
            parse_uid(stored.substr(ref.begin, ref.end - ref.begin), key.a) ? any(ref.kind, key, from) : nullptr;
        if (!r) continue;
        out.append(stored.substr(at, ref.begin - at));
        for (char c : from->field(*r, 0)) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        at = ref.end;
    }
    out.append(stored.substr(at));
    return out;
}

// Each side's rules read only records that side holds, and its engine refuses to delete one a rule reads; but
// one side's new rule may read a record the other side deleted, or two sides' rules may read each other. The
// merge cannot decide such a rule for the planner: it is refused, naming it, as a shared email is.
bool Merger::check_rules() {
    const Table& m = M_[static_cast<size_t>(index_of(Kind::kSmartRule))];
    std::map<std::string, std::vector<std::string>> reads;  // a smart group's uid -> the groups its rule reads
    for (const Rec& rec : m.recs) {
        if (rec.flags & kDropped) continue;
        const std::string_view text = m.field(rec, 1);
        auto& groups = reads[std::string(m.field(rec, 0))];
        for (const RuleRefSpan& ref : rule_refs(text)) {
            const std::string hex(text.substr(ref.begin, ref.end - ref.begin));
            Key key{};
            if (parse_uid(hex, key.a) && M_[static_cast<size_t>(index_of(ref.kind))].get(key)) {
                if (ref.kind == Kind::kGroup) groups.push_back(hex);
                continue;
            }
            const Table* from = nullptr;
            const bool known = parse_uid(hex, key.a) && any(ref.kind, key, from);
            refusal_ = "after merging, the rule of " + label(Kind::kSmartRule, m, rec) + " would read the " +
                       spec(ref.kind).noun + " " + (known ? name_of(ref.kind, hex) : hex) +
                       (known ? ", which the merge removes (it is deleted on one side)"
                              : ", which neither organisation holds") +
                       "; change the rule on either side and import again.";
            return false;
        }
    }
    // A circle of rules: each smart group in it reads the next.
    std::map<std::string, int> state;  // 1: being visited, 2: done
    std::vector<std::string> path;
    std::function<bool(const std::string&)> visit = [&](const std::string& g) {
        auto it = reads.find(g);
        if (it == reads.end()) return true;  // not a smart group: reads nothing
        int& st = state[g];
        if (st == 2) return true;
        if (st == 1) {
            auto start = std::find(path.begin(), path.end(), g);
            std::string circle;
            for (auto p = start; p != path.end(); ++p) circle += name_of(Kind::kGroup, *p) + " reads ";
            circle += name_of(Kind::kGroup, g);
            refusal_ = "after merging, the rules of smart groups would read each other in a circle (" + circle +
                       "); change one of the rules on either side and import again.";
            return false;
        }
        st = 1;
        path.push_back(g);
        for (const std::string& next : it->second)
            if (!visit(next)) return false;
        path.pop_back();
        state[g] = 2;
        return true;
    };
    for (const auto& entry : reads)
        if (!visit(entry.first)) return false;
    return true;
}

// Only smart groups have pins and exclusions: those of a group whose rule the merge does not keep (cleared on one
// side while the other pinned someone) go, as a membership of a group deleted on one side goes.
void Merger::drop_orphan_exceptions() {
    const Table& rules = M_[static_cast<size_t>(index_of(Kind::kSmartRule))];
    std::unordered_set<std::string_view> smart;
    for (const Rec& rec : rules.recs)
        if (!(rec.flags & kDropped)) smart.insert(rules.field(rec, 0));
    Table& m = M_[static_cast<size_t>(index_of(Kind::kSmartException))];
    for (Rec& rec : m.recs)
        if (!(rec.flags & kDropped) && !smart.count(m.field(rec, 0))) rec.flags |= kDropped;
}

bool Merger::choice_kept(const Uid& field, std::string_view value) const {
    const Table& fields = M_[static_cast<size_t>(index_of(Kind::kField))];
    const Rec* rec = fields.get(Key{field, {}});
    if (!rec || fields.field(*rec, 1) != "choice") return true;
    std::string_view text = fields.field(*rec, 2);
    for (size_t start = 0; start < text.size();) {
        size_t end = std::min(text.find('\n', start), text.size());
        if (text.substr(start, end - start) == value) return true;
        start = end + 1;
    }
    return false;
}

// One side changed a choice field's choices (mapping the values people held) while the other gave someone a
// choice that is no longer among them: the value would be refused by every reader of the merged file. It takes
// the choice that the same old value became for the people the first side mapped (seen where one side holds
// the base's value and the other a new one); a value nobody mapped goes, with a note. Both sides decide alike.
void Merger::fix_choice_values() {
    const Table& fields = M_[static_cast<size_t>(index_of(Kind::kField))];
    std::unordered_map<Uid, std::vector<std::string>, UidHash> choices;  // every choice field of the merge
    for (const Rec& rec : fields.recs) {
        if ((rec.flags & kDropped) || fields.field(rec, 1) != "choice") continue;
        std::vector<std::string>& list = choices[rec.key.a];
        std::string_view text = fields.field(rec, 2);
        for (size_t start = 0; start < text.size();) {
            size_t end = std::min(text.find('\n', start), text.size());
            if (end > start) list.emplace_back(text.substr(start, end - start));
            start = end + 1;
        }
    }
    if (choices.empty()) return;
    const size_t k = static_cast<size_t>(index_of(Kind::kValue));
    Table& m = M_[k];
    const BaseTable& b = B_.kinds[k];
    auto among = [](const std::vector<std::string>& list, std::string_view v) {
        return std::find(list.begin(), list.end(), v) != list.end();
    };
    // Where each old value went: field -> old -> new (the smallest, should people have been mapped apart).
    std::unordered_map<Uid, std::map<std::string, std::string>, UidHash> moved;
    for (const Rec& rec : m.recs) {
        if (rec.flags & kDropped) continue;
        auto list = choices.find(rec.key.b);
        const size_t bi = b.find(rec.key);
        const Rec* o = O_[k].get(rec.key);
        const Rec* t = T_[k].get(rec.key);
        if (list == choices.end() || bi == b.count() || !o || !t) continue;
        std::string_view ov = O_[k].field(*o, 0), tv = T_[k].field(*t, 0);
        const std::uint64_t base = b.digest_at(bi, 0);
        std::string_view from = fnv1a(ov) == base ? ov : fnv1a(tv) == base ? tv : std::string_view();
        std::string_view to = from == ov ? tv : ov;
        if (from.empty() || from == to || among(list->second, from) || !among(list->second, to)) continue;
        auto [at, fresh] = moved[rec.key.b].emplace(std::string(from), std::string(to));
        if (!fresh && to < at->second) at->second = std::string(to);
    }
    Record r;
    for (Rec& rec : m.recs) {
        if (rec.flags & kDropped) continue;
        auto list = choices.find(rec.key.b);
        if (list == choices.end()) continue;
        const std::string value(m.field(rec, 0));
        if (among(list->second, value)) continue;
        auto field = moved.find(rec.key.b);
        auto to = field == moved.end() ? nullptr : &field->second;
        auto target = to ? to->find(value) : std::map<std::string, std::string>::iterator();
        const std::string who = name_of(Kind::kUser, uid_text(rec.key.a));
        const std::string what = name_of(Kind::kField, uid_text(rec.key.b));
        if (to && target != to->end()) {
            const std::string now = target->second;
            m.unpack(rec, r);
            r.f[0] = now;
            m.set(rec, r);
            notes_.push_back("set " + who + "'s " + what + " to '" + now + "' rather than '" + value +
                             "', which is no longer a choice");
        } else {
            rec.flags |= kDropped;
            notes_.push_back("leave out " + who + "'s " + what + " '" + value + "', which is no longer a choice");
        }
    }
}

// ---- the audit log of a settled conflict

// Whether the audit entry `e` (of table `t`, the log of one side) records the change that side made to the
// conflict's record: for a side that deleted the record (`has` false) its deletion, else its changes (to
// the conflict's field, when the entry's action tells). Entries name groups and people by uid; a group's
// deletion names none (the group is gone), so it is known by its name, which must be the base's.
bool Merger::about(const Met& c, const Table& t, const Rec& e, bool has) const {
    std::string_view action = t.field(e, 2), summary = t.field(e, 3);
    std::string_view group = resolve(Kind::kGroup, t.field(e, 4)), user = resolve(Kind::kUser, t.field(e, 6));
    const std::string uid = uid_text(c.key.a);
    auto says = [&](std::string_view words) { return summary.find(words) != std::string_view::npos; };
    switch (c.kind) {
        case Kind::kGroup: {
            if (!has) {
                if (action != "group.delete") return false;
                if (group == uid) return true;
                const BaseTable& b = B_.kinds[static_cast<size_t>(index_of(Kind::kGroup))];
                size_t bi = b.find(c.key);
                return group.empty() && bi < b.count() && fnv1a(t.field(e, 5)) == b.digest_at(bi, 0);
            }
            if (group != uid) return false;
            if (c.field < 0) return action == "group.edit" || action == "group.move";
            if (c.field == 3) return action == "group.move" || (action == "group.edit" && says("moved "));
            if (action != "group.edit") return false;
            static constexpr std::string_view kWords[] = {
                "renamed ", "renamed ", "description of ", "", "inherited oversight", "external IDs of ", "image of "};
            return says(kWords[static_cast<size_t>(c.field)]);
        }
        case Kind::kUser: return has && user == uid && (action == "user.edit" || action == "invitation.accept");
        case Kind::kValue: return user == uid && action == "user.edit";
        case Kind::kMembership:
        case Kind::kOrgRole: {
            const Table* from = nullptr;
            const Rec* r = any(c.kind, c.key, from);
            if (!r) return false;
            if (c.kind == Kind::kOrgRole) {
                if (user != resolve(Kind::kUser, from->field(*r, 0))) return false;
                return has ? action == "role.grant" : action == "role.revoke";
            }
            if (group != resolve(Kind::kGroup, from->field(*r, 0)) || user != resolve(Kind::kUser, from->field(*r, 1)))
                return false;
            if (!has) return action == "member.remove";
            return action == "member.role" || action == "member.add" || action == "member.invite";
        }
        default: return false;  // departments, fields, custom roles, the organisation: their entries name none
    }
}

// The losing side's entries about a conflict, made since the two sides last agreed (so in its log only), did
// not happen in the merged organisation: each is marked "(not applied: kept Ana Hill's version)", naming the
// field when the conflict was about one, and the person whose entry made the winning change. Both planners
// see the same entries on each side and mark them alike when they settle alike.
void Merger::mark_lost() {
    const size_t ka = static_cast<size_t>(index_of(Kind::kAudit));
    Table& m = M_[ka];
    const Table& oa = O_[ka];
    const Table& ta = T_[ka];
    struct Entry {
        size_t at;  // in m
        const Table* from;
        const Rec* rec;
    };
    // Each side's own entries, in time order, found by the group or person they name (and a deleted group's
    // deletion, which names none), so that a conflict looks only at the entries about its record.
    struct OneSide {
        std::vector<Entry> entries;
        std::unordered_map<std::string_view, std::vector<size_t>> by_ref;
        std::vector<size_t> unnamed;
        void add(size_t at, const Table* from, const Rec* rec, std::string_view group, std::string_view user) {
            size_t i = entries.size();
            entries.push_back({at, from, rec});
            if (!group.empty()) by_ref[group].push_back(i);
            if (!user.empty() && user != group) by_ref[user].push_back(i);
            if (group.empty()) unnamed.push_back(i);
        }
        std::vector<size_t> about(const std::string& uid, bool unnamed_too) const {
            std::vector<size_t> out;
            auto it = by_ref.find(uid);
            if (it != by_ref.end()) out = it->second;
            if (unnamed_too) {
                out.insert(out.end(), unnamed.begin(), unnamed.end());
                std::sort(out.begin(), out.end());
            }
            return out;
        }
    };
    OneSide ours_only, theirs_only;
    for (size_t i = 0; i < m.recs.size(); ++i) {
        if (m.recs[i].flags & kDropped) continue;
        size_t io = oa.find(m.recs[i].key), it = ta.find(m.recs[i].key);
        if ((io == kNone) == (it == kNone)) continue;
        const Table& from = io != kNone ? oa : ta;
        const Rec& rec = io != kNone ? oa.recs[io] : ta.recs[it];
        (io != kNone ? ours_only : theirs_only)
            .add(i, &from, &rec, resolve(Kind::kGroup, from.field(rec, 4)), resolve(Kind::kUser, from.field(rec, 6)));
    }
    struct Mark {
        bool whole = false;
        std::vector<std::string> fields;
        std::string winner;
    };
    std::map<size_t, Mark> marks;
    for (const Met& c : met_) {
        if (c.before || !c.kept) continue;
        const bool ours_lost = *c.kept == Side::kTheirs;
        const auto& losers = ours_lost ? ours_only : theirs_only;
        const auto& winners = ours_lost ? theirs_only : ours_only;
        const bool loser_has = ours_lost ? c.ours_has : c.theirs_has;
        const bool winner_has = ours_lost ? c.theirs_has : c.ours_has;
        // The uid the record's entries name: the group's, the membership's group's, or the person's.
        std::string named = uid_text(c.key.a);
        if (c.kind == Kind::kMembership || c.kind == Kind::kOrgRole) {
            const Table* from = nullptr;
            const Rec* r = any(c.kind, c.key, from);
            if (!r) continue;
            named = std::string(resolve(c.kind == Kind::kMembership ? Kind::kGroup : Kind::kUser, from->field(*r, 0)));
        }
        const bool group = c.kind == Kind::kGroup;
        std::string winner;
        auto won = winners.about(named, group);
        for (auto w = won.rbegin(); w != won.rend(); ++w) {
            const Entry& e = winners.entries[*w];
            if (!about(c, *e.from, *e.rec, winner_has)) continue;
            winner = std::string(e.from->field(*e.rec, 1)) + "'s version";
            break;
        }
        for (size_t l : losers.about(named, group)) {
            const Entry& e = losers.entries[l];
            if (!about(c, *e.from, *e.rec, loser_has)) continue;
            auto [mark, fresh] = marks.try_emplace(e.at);
            if (fresh) mark->second.winner = winner.empty() ? "the other version" : winner;
            if (c.field < 0) {
                mark->second.whole = true;
            } else {
                std::string label = c.kind == Kind::kValue ? name_of(Kind::kField, uid_text(c.key.b))
                                                           : spec(c.kind).fields[static_cast<size_t>(c.field)].label;
                auto& fields = mark->second.fields;
                if (std::find(fields.begin(), fields.end(), label) == fields.end()) fields.push_back(label);
            }
        }
    }
    Record r;
    for (const auto& [at, mark] : marks) {
        Rec& rec = m.recs[at];
        std::string summary(m.field(rec, 3));
        if (has_mark(summary)) continue;
        std::string fields;
        if (!mark.whole) {
            for (size_t i = 0; i < mark.fields.size(); ++i) fields += (i ? ", " : "") + mark.fields[i];
            fields += " ";
        }
        summary += " (" + fields + std::string(kNotApplied) + mark.winner + ")";
        m.unpack(rec, r);
        r.f[3] = summary;
        m.set(rec, r);
    }
}

// ---- describing

const Rec* Merger::any(Kind kind, const Key& key, const Table*& from) const {
    // Ours as it is, then theirs, then the merge: a label stays the same whichever side a person picks.
    for (const Tables* ts : {&O_, &T_, &M_}) {
        const Table& t = (*ts)[static_cast<size_t>(index_of(kind))];
        size_t i = t.find(key);
        if (i != kNone) {
            from = &t;
            return &t.recs[i];
        }
    }
    return nullptr;
}

std::string Merger::name_of(Kind kind, std::string_view hex) const {
    Key key{};
    if (!parse_uid(hex, key.a)) return std::string(hex);
    const Table* from = nullptr;
    const Rec* r = any(kind, key, from);
    if (!r) return "(unknown " + std::string(spec(kind).noun) + ")";
    return label(kind, *from, *r);
}

std::string Merger::label(Kind kind, const Table& t, const Rec& r) const {
    switch (kind) {
        case Kind::kUser: {
            std::string name(t.field(r, 1));
            std::string_view last = t.field(r, 2);
            if (!last.empty()) name += (name.empty() ? "" : " ") + std::string(last);
            std::string email(t.field(r, 0));
            return name.empty() ? "<" + email + ">" : name + " <" + email + ">";
        }
        case Kind::kMembership:
            return name_of(Kind::kUser, t.field(r, 1)) + " in " + name_of(Kind::kGroup, t.field(r, 0));
        case Kind::kOrgRole: {
            std::string role(t.field(r, 1));
            std::string what = role;
            if (role == "custom") {
                what = name_of(Kind::kCustomRole, t.field(r, 2));
            } else if (auto parsed = parse_org_role(role)) {
                what = org_role_def(*parsed).name;
            }
            if (!t.field(r, 3).empty()) what += " of " + name_of(Kind::kDepartment, t.field(r, 3));
            return name_of(Kind::kUser, t.field(r, 0)) + " as " + what;
        }
        case Kind::kValue:
            return name_of(Kind::kUser, uid_text(r.key.a)) + "'s " + name_of(Kind::kField, uid_text(r.key.b));
        case Kind::kStep: return name_of(Kind::kCourse, t.field(r, 0)) + ": " + std::string(t.field(r, 2));
        case Kind::kEnrolment:
            return name_of(Kind::kUser, t.field(r, 1)) + " in " + name_of(Kind::kCourse, t.field(r, 0));
        case Kind::kWork:
        case Kind::kPost: return name_of(Kind::kUser, t.field(r, 1)) + " on " + name_of(Kind::kStep, t.field(r, 0));
        case Kind::kDigestChoice:
            return name_of(Kind::kUser, t.field(r, 0)) + " for " + name_of(Kind::kGroup, t.field(r, 1));
        case Kind::kSmartRule: return name_of(Kind::kGroup, t.field(r, 0));
        case Kind::kSmartException:
            return name_of(Kind::kUser, t.field(r, 1)) + " in " + name_of(Kind::kGroup, t.field(r, 0));
        case Kind::kAudit: return std::string(t.field(r, 3));
        default: return std::string(t.field(r, 0));
    }
}

std::string Merger::display(Kind kind, size_t field, std::string_view v) const {
    const FieldSpec& f = spec(kind).fields[field];
    if (kind == Kind::kSmartRule && field == 1) return rule_names(v);
    switch (f.type) {
        case Type::kText: return v.empty() ? "(empty)" : std::string(v);
        case Type::kEnum: return std::string(v);
        case Type::kRef: return v.empty() ? "(none)" : name_of(f.ref, v);
        case Type::kBool: return v == "true" ? "on" : "off";
        case Type::kTime: return v.empty() ? "(never)" : time_text(as_int(v));
        case Type::kList: {
            std::string out;
            size_t start = 0;
            for (size_t i = 0; i < v.size(); ++i) {
                if (v[i] != '\n') continue;
                out += (out.empty() ? "" : ", ") + std::string(v.substr(start, i - start));
                start = i + 1;
            }
            return out.empty() ? "(none)" : out;
        }
        case Type::kPerms: {
            std::string keys = perm_keys(static_cast<PermSet>(as_int(v)));
            return keys.empty() ? "(none)" : keys;
        }
        case Type::kExternal: {
            std::string out;
            std::string_view rest = v;
            while (!rest.empty()) {
                size_t us = rest.find('\x1f'), rs = rest.find('\x1e');
                if (us == std::string_view::npos || rs == std::string_view::npos || us > rs) break;
                out += (out.empty() ? "" : ", ") + std::string(rest.substr(0, us)) + " " +
                       std::string(rest.substr(us + 1, rs - us - 1));
                rest.remove_prefix(rs + 1);
            }
            return out.empty() ? "(none)" : out;
        }
        case Type::kInt: return std::string(v);
        case Type::kPoints: return v.empty() ? "(none)" : std::string(v);
        case Type::kOptText:
            if (v.empty()) return "(none)";
            return v.size() == 1 ? "(empty)" : std::string(v.substr(0, v.size() - 1));
        case Type::kImage: {
            size_t nul = v.find('\0');
            if (v.empty() || nul == std::string_view::npos) return "(none)";
            size_t bytes = v.size() - nul - 1;
            return std::string(v.substr(0, nul)) + ", " +
                   (bytes < 1024 ? std::to_string(bytes) + " bytes" : std::to_string((bytes + 512) / 1024) + " KB");
        }
    }
    return std::string(v);
}

// The fields of a record that differ from the base, for a conflict with a deletion.
std::string Merger::describe_changes(Kind kind, const Table& t, const Rec& r, size_t bi) const {
    const BaseTable& b = B_.kinds[static_cast<size_t>(index_of(kind))];
    const KindSpec& s = spec(kind);
    std::string out;
    for (size_t i = 0; i < s.fields.size(); ++i) {
        std::string_view v = t.field(r, i);
        if (s.fields[i].type == Type::kRef) v = resolve(s.fields[i].ref, v);
        if (fnv1a(v) == b.digest_at(bi, static_cast<int>(i))) continue;
        if (kind == Kind::kValue) return display(kind, i, v);
        out += (out.empty() ? "" : "; ") + std::string(s.fields[i].label) + " " + display(kind, i, v);
    }
    return out.empty() ? "(changed)" : "changed: " + out;
}

void Merger::describe(Kind kind) {
    const size_t k = static_cast<size_t>(index_of(kind));
    const Table& o = O_[k];
    const Table& m = M_[k];
    const KindSpec& s = spec(kind);
    const std::string noun = s.noun;
    size_t audit_added = 0;
    for (const Rec& mr : m.recs) {
        if (mr.flags & kDropped) continue;
        size_t oi = o.find(mr.key);
        if (oi == kNone) {
            if (kind == Kind::kAudit) {
                ++audit_added;
                continue;
            }
            ++plan_.added;
            if (mr.flags & kMergedPair) {
                plan_.changes.push_back("merge " + noun + " " + label(kind, m, mr) + ", added on both sides, into one");
            } else if (kind == Kind::kMembership) {
                plan_.changes.push_back("add " + name_of(Kind::kUser, m.field(mr, 1)) + " to " +
                                        name_of(Kind::kGroup, m.field(mr, 0)) + " as " + std::string(m.field(mr, 2)));
            } else if (kind == Kind::kValue) {
                plan_.changes.push_back("set " + label(kind, m, mr) + " to '" + std::string(m.field(mr, 0)) + "'");
            } else if (kind == Kind::kOrgRole) {
                plan_.changes.push_back("grant " + label(kind, m, mr));
            } else if (kind == Kind::kSmartRule) {
                plan_.changes.push_back("set the rule of " + label(kind, m, mr) + " to: " + rule_names(m.field(mr, 1)));
            } else if (kind == Kind::kSmartException) {
                const bool pin = m.field(mr, 2) == "pin";
                plan_.changes.push_back((pin ? "pin " : "exclude ") + name_of(Kind::kUser, m.field(mr, 1)) +
                                        (pin ? " in " : " from ") + name_of(Kind::kGroup, m.field(mr, 0)));
            } else {
                plan_.changes.push_back("add " + noun + " " + label(kind, m, mr));
            }
            continue;
        }
        const Rec& orec = o.recs[oi];
        std::string what;
        for (size_t i = 0; i < s.fields.size(); ++i) {
            std::string_view before = o.field(orec, i), after = m.field(mr, i);
            if (before == after) continue;
            std::string a = display(kind, i, before), z = display(kind, i, after);
            if (a == z) continue;  // a reference to the same thing under the uid both sides now use
            if (kind == Kind::kValue) {
                what = "'" + a + "' to '" + z + "'";
            } else {
                what +=
                    (what.empty() ? "" : ", ") + std::string(s.fields[i].label) + " from '" + a + "' to '" + z + "'";
            }
        }
        if (what.empty()) continue;  // only times, or names of references, moved
        if (kind == Kind::kAudit) continue;
        ++plan_.changed;
        if (mr.flags & kMergedPair) {
            plan_.changes.push_back("merge " + noun + " " + label(kind, o, orec) +
                                    ", added on both sides, into one: " + what);
        } else if (kind == Kind::kValue) {
            plan_.changes.push_back("change " + label(kind, o, orec) + " from " + what);
        } else {
            plan_.changes.push_back("change " + noun + " " + label(kind, o, orec) + ": " + what);
        }
    }
    for (const Rec& orec : o.recs) {
        if (m.get(orec.key) || kind == Kind::kAudit) continue;
        if (merged_losers_[k].count(orec.key.a)) continue;  // said by the merge line
        ++plan_.removed;
        if (kind == Kind::kMembership) {
            plan_.changes.push_back("remove " + name_of(Kind::kUser, o.field(orec, 1)) + " from " +
                                    name_of(Kind::kGroup, o.field(orec, 0)));
        } else if (kind == Kind::kValue) {
            plan_.changes.push_back("clear " + label(kind, o, orec));
        } else if (kind == Kind::kOrgRole) {
            plan_.changes.push_back("revoke " + label(kind, o, orec));
        } else if (kind == Kind::kSmartRule) {
            plan_.changes.push_back("clear the rule of " + label(kind, o, orec));
        } else if (kind == Kind::kSmartException) {
            const bool pin = o.field(orec, 2) == "pin";
            plan_.changes.push_back((pin ? "unpin " : "unexclude ") + name_of(Kind::kUser, o.field(orec, 1)) +
                                    (pin ? " in " : " from ") + name_of(Kind::kGroup, o.field(orec, 0)));
        } else {
            plan_.changes.push_back("remove " + noun + " " + label(kind, o, orec));
        }
    }
    if (audit_added > 0) plan_.changes.push_back("add " + counted_records(Kind::kAudit, audit_added));
}

// ---- applying

void Merger::apply_changes() {
    DbWriter w(store_);
    auto O = [&](Kind kind) -> Table& { return O_[static_cast<size_t>(index_of(kind))]; };
    auto M = [&](Kind kind) -> Table& { return M_[static_cast<size_t>(index_of(kind))]; };
    constexpr Kind kEntities[] = {Kind::kField, Kind::kDepartment, Kind::kCustomRole, Kind::kUser,
                                  Kind::kGroup, Kind::kCourse,     Kind::kStep};
    for (Kind kind : kEntities)
        for (const Rec& r : O(kind).recs) w.ids(kind).insert(r.key.a, r.rowid);

    auto same_fields = [&](Kind kind, const Rec& a, const Rec& z, size_t from, size_t to) {
        for (size_t i = from; i < to; ++i)
            if (O(kind).field(a, i) != M(kind).field(z, i)) return false;
        return true;
    };
    auto fail = [&](Kind kind, const Rec& r, int missing) {
        throw DbError("merging the " + std::string(spec(kind).noun) + " " + uid_text(r.key.a) + " failed (" +
                      (missing == -2 ? w.constraint() : std::string("a reference is missing")) + ")");
    };
    Record r;

    constexpr Kind kBelonging[] = {Kind::kValue,        Kind::kOrgRole,   Kind::kMembership,
                                   Kind::kEnrolment,    Kind::kWork,      Kind::kPost,
                                   Kind::kDigestChoice, Kind::kSmartRule, Kind::kSmartException};
    // 1. Out first: values, roles, memberships and learning records that go or change who or what they are about.
    for (Kind kind : kBelonging) {
        for (const Rec& orec : O(kind).recs) {
            const Rec* mrec = M(kind).get(orec.key);
            if (mrec && same_fields(kind, orec, *mrec, 0, identity_fields(kind))) continue;
            O(kind).unpack(orec, r);
            w.remove(kind, orec.rowid, &r);
        }
    }
    // 2. Parents that change (or whose record goes) are loosened, so no deletion meets a child.
    for (Kind kind : {Kind::kDepartment, Kind::kGroup}) {
        const size_t pf = kind == Kind::kGroup ? 3 : 2;
        for (const Rec& orec : O(kind).recs) {
            if (O(kind).field(orec, pf).empty()) continue;
            const Rec* mrec = M(kind).get(orec.key);
            if (!mrec || M(kind).field(*mrec, pf) != O(kind).field(orec, pf)) w.set_parent(kind, orec.rowid, 0);
        }
    }
    // 3. Unique keys that change step aside, so that records may trade them. A course that goes stays until its
    // steps have moved (below), so its slug steps aside too.
    for (Kind kind : kEntities) {
        if (spec(kind).unique_field < 0) continue;
        const size_t uf = static_cast<size_t>(spec(kind).unique_field);
        for (const Rec& orec : O(kind).recs) {
            const Rec* mrec = M(kind).get(orec.key);
            if ((mrec && M(kind).field(*mrec, uf) != O(kind).field(orec, uf)) || (!mrec && kind == Kind::kCourse))
                w.park_unique(kind, orec.rowid, orec.key.a);
        }
    }
    auto remove_gone = [&](Kind kind) {
        for (const Rec& orec : O(kind).recs) {
            if (M(kind).get(orec.key)) continue;
            w.remove(kind, orec.rowid);
            w.ids(kind).erase(orec.key.a);
        }
    };
    // 4. Records that go.
    for (Kind kind : {Kind::kGroup, Kind::kUser, Kind::kCustomRole, Kind::kDepartment, Kind::kField}) remove_gone(kind);
    // 5. The organisation and the records that come or change, in file order.
    for (Kind kind : {Kind::kOrg, Kind::kField, Kind::kDepartment, Kind::kCustomRole, Kind::kUser, Kind::kGroup,
                      Kind::kCourse, Kind::kStep}) {
        Table& m = M(kind);
        for (const Rec& mrec : m.recs) {
            if (mrec.flags & kDropped) continue;
            m.unpack(mrec, r);
            int missing = 0;
            size_t oi = O(kind).find(mrec.key);
            if (oi == kNone) {
                if (!w.insert(kind, r, missing)) fail(kind, mrec, missing);
                continue;
            }
            const Rec& orec = O(kind).recs[oi];
            if (orec.created == mrec.created && orec.updated == mrec.updated &&
                same_fields(kind, orec, mrec, 0, spec(kind).fields.size())) {
                continue;
            }
            if (!w.update(kind, orec.rowid, r, missing)) fail(kind, mrec, missing);
        }
        if (kind == Kind::kDepartment || kind == Kind::kGroup) {
            const size_t pf = kind == Kind::kGroup ? 3 : 2;
            for (const Rec& mrec : m.recs) {
                if (mrec.flags & kDropped) continue;
                std::string_view parent = m.field(mrec, pf);
                size_t oi = O(kind).find(mrec.key);
                if (oi != kNone && O(kind).field(O(kind).recs[oi], pf) == parent) continue;
                if (oi == kNone && parent.empty()) continue;
                Uid pu;
                std::int64_t parent_id = parent.empty() || !parse_uid(parent, pu) ? 0 : w.ids(kind).find(pu);
                w.set_parent(kind, w.ids(kind).find(mrec.key.a), parent_id);
            }
        }
    }
    // Steps and courses that go, once the steps that stay have moved to the course that stays (a course added on
    // both sides is one: the other's steps, work and posts stay with it, and a deleted course would take them).
    remove_gone(Kind::kStep);
    remove_gone(Kind::kCourse);
    // 6. Values, roles, memberships and learning records that come or change; then the audit log.
    for (Kind kind : {Kind::kValue, Kind::kOrgRole, Kind::kMembership, Kind::kEnrolment, Kind::kWork, Kind::kPost,
                      Kind::kDigestChoice, Kind::kSmartRule, Kind::kSmartException, Kind::kAudit}) {
        Table& m = M(kind);
        for (const Rec& mrec : m.recs) {
            if (mrec.flags & kDropped) continue;
            size_t oi = O(kind).find(mrec.key);
            const Rec* orec = oi == kNone ? nullptr : &O(kind).recs[oi];
            bool identity_kept = orec && same_fields(kind, *orec, mrec, 0, identity_fields(kind));
            m.unpack(mrec, r);
            int missing = 0;
            if (!identity_kept) {
                if (!w.insert(kind, r, missing)) fail(kind, mrec, missing);
                continue;
            }
            if (orec->created == mrec.created && orec->updated == mrec.updated &&
                same_fields(kind, *orec, mrec, 0, spec(kind).fields.size())) {
                continue;
            }
            if (!w.update(kind, orec->rowid, r, missing)) fail(kind, mrec, missing);
        }
    }
}

Result<ImportPlan> Merger::run(std::string_view bytes, bool apply) {
    auto org = get_org(store_);
    if (!org) return grove::conflict("This database holds no organisation to merge into.");
    TheirSink sink(T_, *org);
    GROVE_LET(read, read_file(name_, bytes, sink));
    for (Table& t : T_) t.sort();
    load_ours();

    // Their digests, as received: the received base from here on if the import is applied.
    Base theirs = empty_base();
    {
        Record r;
        std::uint64_t d[kMaxFields];
        for (int k = 0; k < kKindCount; ++k) {
            Kind kind = static_cast<Kind>(k);
            if (!spec(kind).in_base) continue;
            const Table& t = T_[static_cast<size_t>(k)];
            for (const Rec& rec : t.recs) {
                t.unpack(rec, r);
                digest(spec(kind), r, d);
                theirs.kinds[static_cast<size_t>(k)].append(rec.key, d);
            }
        }
    }
    // The base of the merge, the newest state both sides are known to have started from:
    // - a copy restored from our file lists how its records differ from that file: the file itself;
    // - when they once held the records our last merge ended with (their file lists its fingerprint),
    //   those records;
    // - else the file we last received from them;
    // - else (we never received one, and they say nothing) their records: they changed nothing we know of.
    const SyncState state = load_sync_state(store_);
    settled_ = state.settled;
    if (read->has_base) {
        B_ = theirs;
        std::stable_sort(sink.patches.begin(), sink.patches.end(), [](const BasePatch& a, const BasePatch& b) {
            return a.kind != b.kind ? a.kind < b.kind : a.key < b.key;
        });
        apply_patches(B_, sink.patches);
    } else if (state.merged_base && !state.merged.empty() &&
               std::find(read->merged.begin(), read->merged.end(), state.merged.front()) != read->merged.end()) {
        B_ = load_base(store_, BaseSet::kMerged);
    } else if (state.received) {
        B_ = load_base(store_, BaseSet::kReceived);
    } else {
        B_ = theirs;
    }

    constexpr Kind kOrder[] = {
        Kind::kOrg,     Kind::kField, Kind::kCustomRole,   Kind::kDepartment, Kind::kUser,           Kind::kValue,
        Kind::kOrgRole, Kind::kGroup, Kind::kMembership,   Kind::kCourse,     Kind::kStep,           Kind::kEnrolment,
        Kind::kWork,    Kind::kPost,  Kind::kDigestChoice, Kind::kSmartRule,  Kind::kSmartException, Kind::kAudit};
    for (Kind kind : kOrder) {
        if (spec(kind).unique_field >= 0 || one_per_pair(kind)) find_aliases(kind);
        merge_kind(kind);
        for (int pass = 0; pass < 16; ++pass) {
            fix_references(kind);
            fix_parents(kind);
            if (!recheck_kept(kind)) break;
        }
        if (!fix_duplicates(kind)) return grove::conflict(std::string(name_) + ": " + refusal_);
        if (!refuse_lookalikes(kind)) return grove::conflict(std::string(name_) + ": " + refusal_);
        if (kind == Kind::kSmartRule && !check_rules()) return grove::conflict(std::string(name_) + ": " + refusal_);
        if (kind == Kind::kSmartException) drop_orphan_exceptions();
        if (kind == Kind::kValue) fix_choice_values();
    }
    mark_lost();
    if (!M_[0].recs.empty()) plan_.org_name.assign(M_[0].field(M_[0].recs[0], 0));
    constexpr Kind kFileOrder[] = {
        Kind::kOrg,     Kind::kField, Kind::kDepartment,   Kind::kCustomRole, Kind::kUser,           Kind::kValue,
        Kind::kOrgRole, Kind::kGroup, Kind::kMembership,   Kind::kCourse,     Kind::kStep,           Kind::kEnrolment,
        Kind::kWork,    Kind::kPost,  Kind::kDigestChoice, Kind::kSmartRule,  Kind::kSmartException, Kind::kAudit};
    for (Kind kind : kFileOrder) describe(kind);
    for (auto& note : notes_) plan_.changes.push_back(note);
    if (!apply) return plan_;
    if (unsettled_) {
        std::string list;
        for (const Conflict& c : plan_.conflicts) list += (list.empty() ? "" : "; ") + conflict_text(c);
        return Error{ErrorCode::kConflict,
                     name_ + " conflicts with this organisation in " +
                         counted(static_cast<std::int64_t>(plan_.conflicts.size()), "place", "places") +
                         "; choose a side for each: " + list + "."};
    }
    apply_changes();
    // What we received, and what both sides will hold once they have merged each other's files alike.
    Base merged = empty_base();
    {
        Record r;
        std::uint64_t d[kMaxFields];
        for (int k = 0; k < kKindCount; ++k) {
            Kind kind = static_cast<Kind>(k);
            if (!spec(kind).in_base) continue;
            const Table& m = M_[static_cast<size_t>(k)];
            for (const Rec& rec : m.recs) {
                if (rec.flags & kDropped) continue;
                m.unpack(rec, r);
                digest(spec(kind), r, d);
                merged.kinds[static_cast<size_t>(k)].append(rec.key, d);
            }
        }
    }
    save_base(store_, BaseSet::kReceived, theirs);
    save_base(store_, BaseSet::kMerged, merged);
    SyncState after;
    after.received = true;
    after.restored = false;
    after.merged.push_back(fingerprint(merged));
    for (std::uint64_t h : state.merged) {
        if (after.merged.size() == kMergedKept) break;
        if (h != after.merged.back()) after.merged.push_back(h);
    }
    after.merged_base = true;
    // The conflicts of this merge, settled now or before, are remembered with their side in this file; one
    // settled earlier that this file no longer brings up (its side changed, or the sides agree) is forgotten.
    for (const Met& c : met_) {
        if (c.kind == Kind::kAudit) continue;
        after.settled.push_back(
            {c.kind, c.key, c.field, c.theirs, c.before ? c.kept_ours_before : c.kept != Side::kTheirs});
    }
    std::sort(after.settled.begin(), after.settled.end(), [](const SettledConflict& a, const SettledConflict& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        if (a.key != b.key) return a.key < b.key;
        return a.field < b.field;
    });
    save_sync_state(store_, after);
    return plan_;
}

}  // namespace

Result<ImportPlan> merge(Store& store, std::string_view name, std::string_view bytes, const ImportChoices& choices,
                         bool apply) {
    Merger merger(store, name, choices);
    return merger.run(bytes, apply);
}

}  // namespace grove::exchange
