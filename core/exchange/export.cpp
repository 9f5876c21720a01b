// Writing the organisation as the exchange file: every kind straight from the database to the stream,
// in file order, with the sync section (how this planner's base differs from its records) at the end.
#include "core/exchange/internal.h"

#include <algorithm>
#include <charconv>

#include "core/access/permissions.h"

namespace grove::exchange {

namespace {

void write_hex64(JsonWriter& w, std::uint64_t v) {
    static constexpr char kHexDigits[] = "0123456789abcdef";
    char t[16];
    for (int i = 15; i >= 0; --i) {
        t[i] = kHexDigits[v & 15];
        v >>= 4;
    }
    w.raw(std::string_view(t, 16));
}

std::int64_t as_int(std::string_view text) {
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

class RecordWriter {
public:
    explicit RecordWriter(JsonWriter& w) : w_(w) {
        for (int k = 0; k < kKindCount; ++k) {
            const KindSpec& s = spec(static_cast<Kind>(k));
            for (const auto& f : s.fields) prefixes_[static_cast<size_t>(k)].push_back(std::string(", \"") + f.key + "\": ");
        }
    }

    void value(Type type, std::string_view v) {
        switch (type) {
            case Type::kText:
            case Type::kEnum:
                w_.string(v);
                break;
            case Type::kRef:
                if (v.empty()) w_.raw("null");
                else w_.string(v);
                break;
            case Type::kBool:
                w_.raw(v);
                break;
            case Type::kTime:
                if (v.empty()) w_.raw("null");
                else w_.time(as_int(v));
                break;
            case Type::kList: {
                w_.ch('[');
                bool first = true;
                size_t start = 0;
                for (size_t i = 0; i < v.size(); ++i) {
                    if (v[i] != '\n') continue;
                    if (!first) w_.raw(", ");
                    first = false;
                    w_.string(v.substr(start, i - start));
                    start = i + 1;
                }
                w_.ch(']');
                break;
            }
            case Type::kPerms: {
                auto bits = static_cast<PermSet>(as_int(v));
                w_.ch('[');
                bool first = true;
                for (const auto& p : all_perms()) {
                    if (!(bits & p.perm)) continue;
                    if (!first) w_.raw(", ");
                    first = false;
                    w_.string(p.key);
                }
                w_.ch(']');
                break;
            }
            case Type::kExternal: {
                w_.ch('{');
                bool first = true;
                std::string_view rest = v;
                while (!rest.empty()) {
                    size_t us = rest.find('\x1f'), rs = rest.find('\x1e');
                    if (us == std::string_view::npos || rs == std::string_view::npos || us > rs) break;
                    if (!first) w_.raw(", ");
                    first = false;
                    w_.string(rest.substr(0, us));
                    w_.raw(": ");
                    w_.string(rest.substr(us + 1, rs - us - 1));
                    rest.remove_prefix(rs + 1);
                }
                w_.ch('}');
                break;
            }
            case Type::kImage: {
                size_t nul = v.find('\0');
                if (v.empty() || nul == std::string_view::npos) {
                    w_.raw("null");
                    break;
                }
                scratch_.assign("data:");
                scratch_.append(v.substr(0, nul));
                scratch_.append(";base64,");
                base64_encode(v.substr(nul + 1), scratch_);
                w_.string(scratch_);
                break;
            }
        }
    }

    // {"uid": ..., fields..., "created_at": ..., "updated_at": ...}; a person's values are written by the caller.
    void open(Kind kind, const Record& r) {
        const KindSpec& s = spec(kind);
        w_.raw("{\"uid\": ");
        w_.uid(r.key.a);
        if (kind == Kind::kAudit) {
            w_.raw(", \"at\": ");
            w_.time(r.created);
        }
        const auto& prefixes = prefixes_[static_cast<size_t>(index_of(kind))];
        for (size_t i = 0; i < s.fields.size(); ++i) {
            w_.raw(prefixes[i]);
            value(s.fields[i].type, r.f[i]);
        }
        if (s.created_key && kind != Kind::kAudit) {
            w_.raw(", \"created_at\": ");
            w_.time(r.created);
        }
        if (s.has_updated) {
            w_.raw(", \"updated_at\": ");
            w_.time(r.updated);
        }
    }

    void field_value(const Record& v, bool first) {
        w_.raw(first ? "{\"field\": " : ", {\"field\": ");
        w_.uid(v.key.b);
        w_.raw(", \"value\": ");
        w_.string(v.f[0]);
        w_.raw(", \"updated_at\": ");
        w_.time(v.updated);
        w_.ch('}');
    }

private:
    JsonWriter& w_;
    std::array<std::vector<std::string>, kKindCount> prefixes_;
    std::string scratch_;
};

// Compares the records, as they are written, with the base, in one pass over both (both sorted by key).
class BaseDiff {
public:
    BaseDiff(Store& store, Kind kind, bool active, std::vector<BasePatch>& out)
        : kind_(kind), spec_(spec(kind)), active_(active && spec(kind).in_base), out_(out) {
        if (active_) table_ = load_base_kind(store, BaseSet::kReceived, kind);
    }

    void track(const Record& r) {
        if (!active_) return;
        size_t n = table_.count();
        while (i_ < n && table_.key_at(i_) < r.key) emit_base(i_++);
        digest(spec_, r, d_);
        if (i_ < n && table_.key_at(i_) == r.key) {
            bool same = true;
            for (int f = 0; f < table_.fields; ++f) same &= table_.digest_at(i_, f) == d_[f];
            if (!same) emit_base(i_);
            ++i_;
        } else {
            out_.push_back(BasePatch{kind_, r.key, false, {}});
        }
    }
    void finish() {
        if (!active_) return;
        while (i_ < table_.count()) emit_base(i_++);
    }

private:
    void emit_base(size_t i) {
        BasePatch p{kind_, table_.key_at(i), true, {}};
        for (int f = 0; f < table_.fields; ++f) p.digest.push_back(table_.digest_at(i, f));
        out_.push_back(std::move(p));
    }

    Kind kind_;
    const KindSpec& spec_;
    bool active_;
    std::vector<BasePatch>& out_;
    BaseTable table_;
    size_t i_ = 0;
    std::uint64_t d_[kMaxFields] = {};
};

constexpr Kind kSectionKinds[] = {Kind::kField, Kind::kDepartment, Kind::kCustomRole, Kind::kUser, Kind::kOrgRole,
                                  Kind::kGroup, Kind::kMembership, Kind::kAudit};

}  // namespace

void write_organisation(Store& store, JsonWriter& w) {
    RecordWriter rw(w);
    // A restored copy says how its records differ from the file it was restored from; that is the base
    // the other planner merges it against (the original never received a base of its own).
    const SyncState state = load_sync_state(store);
    const bool base = state.received && state.restored;
    std::vector<BasePatch> diffs;
    Record r;

    w.raw("{\n  \"format\": \"");
    w.raw(kExchangeFormat);
    w.raw("\",\n  \"version\": ");
    w.integer(kExchangeVersion);
    w.raw(",\n  \"organisation\": ");
    {
        Scanner org(store, Kind::kOrg);
        if (!org.next(r)) throw DbError("the database holds no organisation");
        BaseDiff diff(store, Kind::kOrg, base, diffs);
        rw.open(Kind::kOrg, r);
        w.ch('}');
        diff.track(r);
        diff.finish();
    }

    for (Kind kind : kSectionKinds) {
        w.raw(",\n  \"");
        w.raw(spec(kind).section);
        w.raw("\": [");
        Scanner scan(store, kind);
        BaseDiff diff(store, kind, base, diffs);
        bool first = true;
        if (kind == Kind::kUser) {
            // Each person's values come from a second scan in the same order (person uid, then field uid).
            Scanner values(store, Kind::kValue);
            BaseDiff value_diff(store, Kind::kValue, base, diffs);
            Record v;
            bool have_value = values.next(v);
            while (scan.next(r)) {
                w.raw(first ? "\n    " : ",\n    ");
                first = false;
                rw.open(kind, r);
                diff.track(r);
                while (have_value && v.key.a < r.key.a) have_value = values.next(v);  // a person that vanished
                w.raw(", \"fields\": [");
                bool first_value = true;
                while (have_value && v.key.a == r.key.a) {
                    rw.field_value(v, first_value);
                    first_value = false;
                    value_diff.track(v);
                    have_value = values.next(v);
                }
                w.raw("]}");
            }
            value_diff.finish();
        } else {
            while (scan.next(r)) {
                w.raw(first ? "\n    " : ",\n    ");
                first = false;
                rw.open(kind, r);
                w.ch('}');
                diff.track(r);
            }
        }
        diff.finish();
        w.raw(first ? "]" : "\n  ]");
    }

    if (!state.merged.empty() || !diffs.empty()) {
        w.raw(",\n  \"sync\": {");
        if (!state.merged.empty()) {
            w.raw("\"merged\": [");
            for (size_t i = 0; i < state.merged.size(); ++i) {
                w.raw(i == 0 ? "\"" : ", \"");
                write_hex64(w, state.merged[i]);
                w.ch('"');
            }
            w.ch(']');
        }
        if (!diffs.empty()) {
            // Sorted by kind, then key: the kinds were visited in file order, which is not the enum's for values.
            std::stable_sort(diffs.begin(), diffs.end(), [](const BasePatch& a, const BasePatch& b) {
                return a.kind != b.kind ? a.kind < b.kind : a.key < b.key;
            });
            w.raw(!state.merged.empty() ? ", \"base\": [" : "\"base\": [");
            bool first = true;
            for (const BasePatch& p : diffs) {
                w.raw(first ? "\n    {\"kind\": \"" : ",\n    {\"kind\": \"");
                first = false;
                w.raw(spec(p.kind).sync_name);
                w.raw("\", \"key\": \"");
                w.raw(key_text(p.kind, p.key));
                w.raw("\", \"digest\": ");
                if (p.present) {
                    w.ch('"');
                    for (std::uint64_t d : p.digest) write_hex64(w, d);
                    w.ch('"');
                } else {
                    w.raw("null");
                }
                w.ch('}');
            }
            w.raw("\n  ]");
        }
        w.ch('}');
    }
    w.raw("\n}\n");
}

}  // namespace grove::exchange
