// Writing the organisation as the exchange file: every kind straight from the database to the stream,
// in file order, with the sync section (how this planner's base differs from its records) at the end.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/access/permissions.h"
#include "core/exchange/internal.h"

namespace grove::exchange {

namespace {

std::string hex64(std::uint64_t v) {
    static constexpr char kHexDigits[] = "0123456789abcdef";
    std::string t(16, '0');
    for (int i = 15; i >= 0; --i) {
        t[static_cast<size_t>(i)] = kHexDigits[v & 15];
        v >>= 4;
    }
    return t;
}

std::int64_t as_int(std::string_view text) {
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

// Sets a JSON string in place, keeping the capacity it already has.
void set_string(Json& slot, std::string_view text) {
    if (slot.is_string()) {
        slot.get_ref<std::string&>().assign(text);
    } else {
        slot = std::string(text);
    }
}

void set_time(Json& slot, std::int64_t ms) {
    char t[kTimeLength];
    format_time(ms, t);
    set_string(slot, std::string_view(t, kTimeLength));
}

void set_uid(Json& slot, const Uid& uid) {
    char t[32];
    uid_hex(uid, t);
    set_string(slot, std::string_view(t, 32));
}

// Builds each record as nlohmann JSON, one object per kind whose values are replaced record by record.
class RecordWriter {
public:
    explicit RecordWriter(Output& out) : out_(out) {
        for (int k = 0; k < kKindCount; ++k) {
            const Kind kind = static_cast<Kind>(k);
            const KindSpec& s = spec(kind);
            Json& j = records_[static_cast<size_t>(k)];
            Slots& slots = slots_[static_cast<size_t>(k)];
            j = Json::object();
            // The order of the file: uid, (the audit log's time), the fields, the times, a person's values.
            j["uid"] = nullptr;
            if (kind == Kind::kAudit) j["at"] = nullptr;
            for (const auto& f : s.fields) j[f.key] = nullptr;
            if (s.created_key && kind != Kind::kAudit) j[s.created_key] = nullptr;
            if (s.has_updated) j["updated_at"] = nullptr;
            if (kind == Kind::kUser) j["fields"] = Json::array();
            // Pointers into the object stay valid: no key is added after this.
            slots.uid = &j["uid"];
            if (s.created_key) slots.created = &j[s.created_key];
            if (s.has_updated) slots.updated = &j["updated_at"];
            for (const auto& f : s.fields) slots.fields.push_back(&j[f.key]);
            if (kind == Kind::kUser) slots.values = &j["fields"];
        }
    }

    // Sets the record's values; a person's field values are added with add_value() before write().
    void set(Kind kind, const Record& r) {
        const KindSpec& s = spec(kind);
        Slots& slots = slots_[static_cast<size_t>(index_of(kind))];
        set_uid(*slots.uid, r.key.a);
        if (slots.created) set_time(*slots.created, r.created);
        if (slots.updated) set_time(*slots.updated, r.updated);
        for (size_t i = 0; i < s.fields.size(); ++i) value(s.fields[i].type, r.f[i], *slots.fields[i]);
        if (slots.values) slots.values->get_ref<Json::array_t&>().clear();
    }

    void add_value(const Record& v) {
        Json& values = *slots_[static_cast<size_t>(index_of(Kind::kUser))].values;
        Json& item = values.emplace_back(Json::object());
        set_uid(item["field"], v.key.b);
        set_string(item["value"], v.f[0]);
        set_time(item["updated_at"], v.updated);
    }

    void write(Kind kind) { out_.record(records_[static_cast<size_t>(index_of(kind))]); }

private:
    struct Slots {
        Json* uid = nullptr;
        Json* created = nullptr;
        Json* updated = nullptr;
        Json* values = nullptr;
        std::vector<Json*> fields;
    };

    void value(Type type, std::string_view v, Json& slot) {
        switch (type) {
            case Type::kText:
            case Type::kEnum: set_string(slot, v); break;
            case Type::kRef:
                if (v.empty())
                    slot = nullptr;
                else
                    set_string(slot, v);
                break;
            case Type::kBool: slot = v == "true"; break;
            case Type::kTime:
                if (v.empty())
                    slot = nullptr;
                else
                    set_time(slot, as_int(v));
                break;
            case Type::kList: {
                slot = Json::array();
                size_t start = 0;
                for (size_t i = 0; i < v.size(); ++i) {
                    if (v[i] != '\n') continue;
                    slot.emplace_back(std::string(v.substr(start, i - start)));
                    start = i + 1;
                }
                break;
            }
            case Type::kPerms: {
                auto bits = static_cast<PermSet>(as_int(v));
                slot = Json::array();
                for (const auto& p : all_perms())
                    if (bits & p.perm) slot.emplace_back(std::string(p.key));
                break;
            }
            case Type::kExternal: {
                // By system, as the canonical text holds them; an ordered object keeps that order.
                slot = Json::object();
                std::string_view rest = v;
                while (!rest.empty()) {
                    size_t us = rest.find('\x1f'), rs = rest.find('\x1e');
                    if (us == std::string_view::npos || rs == std::string_view::npos || us > rs) break;
                    slot[std::string(rest.substr(0, us))] = std::string(rest.substr(us + 1, rs - us - 1));
                    rest.remove_prefix(rs + 1);
                }
                break;
            }
            case Type::kInt:
            case Type::kPoints:
                if (v.empty())
                    slot = nullptr;
                else
                    slot = as_int(v);
                break;
            case Type::kOptText:
                if (v.empty())
                    slot = nullptr;
                else
                    set_string(slot, v.substr(0, v.size() - 1));
                break;
            case Type::kImage: {
                size_t nul = v.find('\0');
                if (v.empty() || nul == std::string_view::npos) {
                    slot = nullptr;
                    break;
                }
                scratch_.assign("data:");
                scratch_.append(v.substr(0, nul));
                scratch_.append(";base64,");
                base64_encode(v.substr(nul + 1), scratch_);
                set_string(slot, scratch_);
                break;
            }
        }
    }

    Output& out_;
    std::array<Json, kKindCount> records_;
    std::array<Slots, kKindCount> slots_;
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

constexpr Kind kSectionKinds[] = {Kind::kField,        Kind::kDepartment, Kind::kCustomRole,     Kind::kUser,
                                  Kind::kOrgRole,      Kind::kGroup,      Kind::kMembership,     Kind::kCourse,
                                  Kind::kStep,         Kind::kEnrolment,  Kind::kWork,           Kind::kPost,
                                  Kind::kDigestChoice, Kind::kSmartRule,  Kind::kSmartException, Kind::kAudit};

}  // namespace

namespace {

// nlohmann's pretty form with an indent of 0 already writes ": " after each key. Its line breaks are all
// structure (a JSON string never holds one raw), so the file's layout follows from the text alone: the
// break after a ',' becomes the space, the others go. Done in place on the record just written.
void space_record(std::string& text, size_t start) {
    char* const base = text.data();
    const char* p = base + start;
    const char* const end = base + text.size();
    char* out = base + start;
    for (;;) {
        const auto* brk = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const auto run = static_cast<size_t>((brk ? brk : end) - p);
        if (out != p) std::memmove(out, p, run);
        out += run;
        if (!brk) break;
        if (out > base && out[-1] == ',') *out++ = ' ';
        p = brk + 1;
    }
    text.resize(static_cast<size_t>(out - base));
}

nlohmann::detail::output_adapter_t<char> adapter(std::string& text) {
    return nlohmann::detail::output_adapter<char, std::string>(text);
}

}  // namespace

// Invalid UTF-8 (which Grove never stores) is written as U+FFFD rather than stopping the export.
Output::Output(std::ostream& out)
    : stream_(&out), text_(&own_), json_(adapter(own_), ' ', Json::error_handler_t::replace) {
    own_.reserve(kFlushAt + 4096);
}

Output::Output(std::string& out) : text_(&out), json_(adapter(out), ' ', Json::error_handler_t::replace) {}

void Output::record(const Json& value) {
    const size_t start = text_->size();
    json_.dump(value, true, false, 0);
    space_record(*text_, start);
    if (stream_ && text_->size() >= kFlushAt) flush();
}

bool Output::flush() {
    if (!stream_) return true;
    if (!text_->empty()) {
        stream_->write(text_->data(), static_cast<std::streamsize>(text_->size()));
        text_->clear();
    }
    return stream_->good();
}

void write_organisation(Store& store, Output& w) {
    RecordWriter rw(w);
    // A restored copy says how its records differ from the file it was restored from; that is the base
    // the other planner merges it against (the original never received a base of its own).
    const SyncState state = load_sync_state(store);
    const bool base = state.received && state.restored;
    std::vector<BasePatch> diffs;
    Record r;

    w.raw("{\n  \"format\": ");
    w.record(Json(kExchangeFormat));
    w.raw(",\n  \"version\": ");
    w.record(Json(kExchangeVersion));
    w.raw(",\n  \"organisation\": ");
    {
        Scanner org(store, Kind::kOrg);
        if (!org.next(r)) throw DbError("the database holds no organisation");
        BaseDiff diff(store, Kind::kOrg, base, diffs);
        rw.set(Kind::kOrg, r);
        rw.write(Kind::kOrg);
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
                rw.set(kind, r);
                diff.track(r);
                while (have_value && v.key.a < r.key.a) have_value = values.next(v);  // a person that vanished
                while (have_value && v.key.a == r.key.a) {
                    rw.add_value(v);
                    value_diff.track(v);
                    have_value = values.next(v);
                }
                rw.write(kind);
            }
            value_diff.finish();
        } else {
            while (scan.next(r)) {
                w.raw(first ? "\n    " : ",\n    ");
                first = false;
                rw.set(kind, r);
                rw.write(kind);
                diff.track(r);
            }
        }
        diff.finish();
        w.raw(first ? "]" : "\n  ]");
    }

    if (!state.merged.empty() || !diffs.empty()) {
        w.raw(",\n  \"sync\": {");
        if (!state.merged.empty()) {
            Json merged = Json::array();
            for (std::uint64_t m : state.merged) merged.emplace_back(hex64(m));
            w.raw("\"merged\": ");
            w.record(merged);
        }
        if (!diffs.empty()) {
            // Sorted by kind, then key: the kinds were visited in file order, which is not the enum's for values.
            std::stable_sort(diffs.begin(), diffs.end(), [](const BasePatch& a, const BasePatch& b) {
                return a.kind != b.kind ? a.kind < b.kind : a.key < b.key;
            });
            w.raw(!state.merged.empty() ? ", \"base\": [" : "\"base\": [");
            bool first = true;
            Json entry = Json::object();
            for (const BasePatch& p : diffs) {
                w.raw(first ? "\n    " : ",\n    ");
                first = false;
                entry["kind"] = spec(p.kind).sync_name;
                entry["key"] = key_text(p.kind, p.key);
                if (p.present) {
                    std::string digest;
                    for (std::uint64_t d : p.digest) digest += hex64(d);
                    entry["digest"] = std::move(digest);
                } else {
                    entry["digest"] = nullptr;
                }
                w.record(entry);
            }
            w.raw("\n  ]");
        }
        w.raw("}");
    }
    w.raw("\n}\n");
}

}  // namespace grove::exchange
