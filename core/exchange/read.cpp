// The exchange file's reader: the documented structure, each record's fields checked and turned into
// canonical text, handed to a sink one record at a time. No document tree is ever built.
#include "core/exchange/read.h"

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

#include "core/exchange/exchange.h"
#include "core/access/permissions.h"

namespace grove::exchange {

namespace {

constexpr Kind kSections[] = {Kind::kField, Kind::kDepartment, Kind::kCustomRole, Kind::kUser, Kind::kOrgRole,
                              Kind::kGroup, Kind::kMembership, Kind::kAudit};
constexpr const char* kSyncSection = "sync";

std::string quote(std::string_view s) {
    std::string out = "'";
    if (s.size() > 60) {
        out.append(s.substr(0, 57));
        out += "...";
    } else {
        out.append(s);
    }
    return out + "'";
}

struct PendingValue {
    Key key;
    std::int64_t updated = 0;
    std::string value;
};

class Reader {
public:
    Reader(std::string_view bytes, RecordSink& sink) : in_(bytes), sink_(sink) {}

    JsonReader& in() { return in_; }
    bool run(FileFacts& facts);

private:
    bool header();
    bool section(Kind kind);
    bool record(Kind kind, bool in_array);
    bool field(const KindSpec& s, size_t i, std::string_view key);
    bool values(const Key& user);
    bool sync(FileFacts& facts);
    bool sync_base();
    bool time(std::string_view key, std::int64_t& out);

    JsonReader in_;
    RecordSink& sink_;
    Record rec_;
    std::array<std::string, kMaxFields> buf_;
    std::string key_scratch_, scratch_;
    std::vector<PendingValue> values_;
    size_t value_count_ = 0;
    std::vector<std::pair<std::string, std::string>> external_;
    Key last_key_;
    bool have_last_ = false;
};

bool Reader::run(FileFacts& facts) {
    if (!header()) return false;
    // The organisation comes first, then the sections in their order, each optional.
    std::string_view key;
    bool first = false;
    int r = in_.next_key(key, key_scratch_, first);
    if (r < 0) return false;
    if (r == 0 || key != "organisation") return in_.fail("expected \"organisation\" after the version");
    if (!record(Kind::kOrg, false)) return false;
    size_t next_section = 0;
    for (;;) {
        r = in_.next_key(key, key_scratch_, first);
        if (r < 0) return false;
        if (r == 0) break;
        if (key == kSyncSection) {
            if (!sync(facts)) return false;
            next_section = std::size(kSections) + 1;
            continue;
        }
        size_t found = std::size(kSections);
        for (size_t i = 0; i < std::size(kSections); ++i)
            if (key == spec(kSections[i]).section) found = i;
        if (found == std::size(kSections)) return in_.fail("unknown section " + quote(key));
        if (found < next_section) {
            return in_.fail("the section " + quote(key) + " comes too late: the sections are in the order of "
                            "docs/exchange-format.md");
        }
        if (!section(kSections[found])) return false;
        next_section = found + 1;
    }
    if (!in_.at_end()) return in_.fail("text after the end of the organisation");
    return true;
}

bool Reader::header() {
    char c = in_.peek();
    if (c == '\0') return in_.fail("not a Grove organisation file: it is empty");
    if (c != '{') return in_.fail("not a Grove organisation file: it is not JSON (JSON starts with '{')");
    in_.expect('{');
    std::string_view key, value;
    bool first = true;
    int r = in_.next_key(key, key_scratch_, first);
    if (r < 0) return in_.fail("not a Grove organisation file: " + in_.error());
    if (r == 0 || key != "format" || in_.peek() != '"') {
        return in_.fail(std::string("not a Grove organisation file: it does not start with \"format\": \"") +
                        kExchangeFormat + "\"");
    }
    if (!in_.string(value, scratch_)) return false;
    if (value != kExchangeFormat) {
        return in_.fail("not a Grove organisation file: its format is " + quote(value) + ", not " + kExchangeFormat);
    }
    r = in_.next_key(key, key_scratch_, first);
    if (r < 0) return false;
    if (r == 0 || key != "version") return in_.fail("expected \"version\" after the format");
    std::int64_t version = 0;
    if (!in_.integer(version)) return false;
    if (version > kExchangeVersion) {
        sink_.refusal = "it was written by a newer Grove (format version " + std::to_string(version) +
                        "); this Grove reads version " + std::to_string(kExchangeVersion) + " and older.";
        return false;
    }
    if (version < 1) return in_.fail("the version must be 1 or more, not " + std::to_string(version));
    return true;
}

bool Reader::section(Kind kind) {
    if (!in_.expect('[')) return false;
    have_last_ = false;
    bool first = true;
    for (;;) {
        int r = in_.next_item(first);
        if (r < 0) return false;
        if (r == 0) break;
        if (!record(kind, true)) return false;
    }
    return sink_.section_end(in_, kind);
}

bool Reader::time(std::string_view key, std::int64_t& out) {
    std::string_view text;
    if (in_.peek() != '"') {
        return in_.fail(quote(key) + " must be a time written \"2026-01-05T09:00:00.000Z\", not " + in_.describe_next());
    }
    if (!in_.string(text, scratch_)) return false;
    if (!parse_time(text, out)) {
        return in_.fail(quote(key) + " must be a time written \"2026-01-05T09:00:00.000Z\", not " + quote(text));
    }
    return true;
}

bool Reader::field(const KindSpec& s, size_t i, std::string_view key) {
    const FieldSpec& f = s.fields[i];
    std::string& buf = buf_[i];
    std::string_view& out = rec_.f[i];
    switch (f.type) {
        case Type::kText:
            if (in_.peek() != '"') return in_.fail(quote(key) + " must be a string, not " + in_.describe_next());
            return in_.string(out, buf);
        case Type::kRef: {
            if (in_.take_null()) {
                out = {};
                return true;
            }
            if (in_.peek() != '"') return in_.fail(quote(key) + " must be a uid or null, not " + in_.describe_next());
            if (!in_.string(out, buf)) return false;
            Uid u;
            if (!parse_uid(out, u)) return in_.fail(quote(key) + " must be a uid (32 lowercase hex digits), not " + quote(out));
            return true;
        }
        case Type::kEnum: {
            if (in_.peek() != '"') return in_.fail(quote(key) + " must be a string, not " + in_.describe_next());
            if (!in_.string(out, buf)) return false;
            for (auto v : f.values)
                if (v == out) return true;
            std::string list;
            for (auto v : f.values) list += (list.empty() ? "" : ", ") + std::string(v);
            return in_.fail(quote(key) + " must be one of " + list + ", not " + quote(out));
        }
        case Type::kBool: {
            bool b;
            if (!in_.boolean(b)) return false;
            out = b ? "true" : "false";
            return true;
        }
        case Type::kTime: {
            if (in_.take_null()) {
                out = {};
                return true;
            }
            std::int64_t ms;
            if (!time(key, ms)) return false;
            char t[24];
            auto r = std::to_chars(t, t + sizeof t, ms);
            buf.assign(t, static_cast<size_t>(r.ptr - t));
            out = buf;
            return true;
        }
        case Type::kList:
        case Type::kPerms: {
            if (in_.peek() != '[') return in_.fail(quote(key) + " must be a list, not " + in_.describe_next());
            in_.expect('[');
            buf.clear();
            PermSet perms = 0;
            bool first = true;
            for (;;) {
                int r = in_.next_item(first);
                if (r < 0) return false;
                if (r == 0) break;
                std::string_view item;
                if (in_.peek() != '"') return in_.fail(quote(key) + " must hold strings, not " + in_.describe_next());
                if (!in_.string(item, scratch_)) return false;
                if (f.type == Type::kPerms) {
                    auto perm = parse_perm(item);
                    if (!perm) return in_.fail("unknown permission " + quote(item) + "; permissions: " + perm_keys(kAllPerms));
                    perms |= *perm;
                } else {
                    if (item.empty() || item.find('\n') != std::string_view::npos) {
                        return in_.fail(quote(key) + " holds an empty item or one with a line break");
                    }
                    buf.append(item);
                    buf.push_back('\n');
                }
            }
            if (f.type == Type::kPerms) {
                char t[24];
                auto r = std::to_chars(t, t + sizeof t, static_cast<std::int64_t>(perms));
                buf.assign(t, static_cast<size_t>(r.ptr - t));
            }
            out = buf;
            return true;
        }
        case Type::kExternal: {
            if (in_.peek() != '{') return in_.fail(quote(key) + " must be an object, not " + in_.describe_next());
            in_.expect('{');
            external_.clear();
            bool first = true;
            std::string_view system, value;
            std::string system_scratch;
            for (;;) {
                int r = in_.next_key(system, system_scratch, first);
                if (r < 0) return false;
                if (r == 0) break;
                if (in_.peek() != '"') return in_.fail(quote(key) + " must map systems to strings");
                if (!in_.string(value, scratch_)) return false;
                if (system.empty()) return in_.fail("an external ID needs the name of its system");
                external_.emplace_back(std::string(system), std::string(value));
            }
            std::sort(external_.begin(), external_.end());
            buf.clear();
            for (size_t j = 0; j < external_.size(); ++j) {
                if (j > 0 && external_[j].first == external_[j - 1].first) {
                    return in_.fail("two external IDs for " + quote(external_[j].first));
                }
                buf += external_[j].first + '\x1f' + external_[j].second + '\x1e';
            }
            out = buf;
            return true;
        }
        case Type::kImage: {
            if (in_.take_null()) {
                out = {};
                return true;
            }
            std::string_view url;
            if (in_.peek() != '"') return in_.fail(quote(key) + " must be a data URL or null, not " + in_.describe_next());
            if (!in_.string(url, scratch_)) return false;
            size_t comma = url.find(";base64,");
            if (url.substr(0, 5) != "data:" || comma == std::string_view::npos || comma <= 5) {
                return in_.fail(quote(key) + " must be a data URL (data:image/png;base64,...)");
            }
            buf.assign(url.substr(5, comma - 5));
            buf.push_back('\0');
            if (!base64_decode(url.substr(comma + 8), buf)) return in_.fail(quote(key) + " holds base64 that is not valid");
            if (buf.size() == comma - 4) return in_.fail(quote(key) + " holds an empty image; write null for none");
            out = buf;
            return true;
        }
    }
    return false;
}

bool Reader::record(Kind kind, bool) {
    const KindSpec& s = spec(kind);
    if (in_.peek() != '{') return in_.fail("each of the " + std::string(s.section) + " must be an object, not " + in_.describe_next());
    in_.expect('{');
    const size_t n = s.fields.size();
    // Bits: fields 0..n-1, then uid, created, updated, the nested values.
    const std::uint32_t uid_bit = 1u << n, created_bit = 1u << (n + 1), updated_bit = 1u << (n + 2),
                        values_bit = 1u << (n + 3);
    std::uint32_t seen = 0;
    size_t expected = 0;  // fields usually come in the documented order
    value_count_ = 0;
    bool first = true;
    std::string_view key;
    for (;;) {
        int r = in_.next_key(key, key_scratch_, first);
        if (r < 0) return false;
        if (r == 0) break;
        size_t i = n;
        if (expected < n && key == s.fields[expected].key) {
            i = expected;
        } else {
            for (size_t j = 0; j < n; ++j)
                if (key == s.fields[j].key) i = j;
        }
        std::uint32_t bit;
        if (i < n) {
            bit = 1u << i;
            if (seen & bit) return in_.fail("the key " + quote(key) + " appears twice");
            if (!field(s, i, key)) return false;
            expected = i + 1;
        } else if (key == "uid") {
            bit = uid_bit;
            if (seen & bit) return in_.fail("the key 'uid' appears twice");
            std::string_view text;
            if (in_.peek() != '"') return in_.fail(std::string("'uid' must be a string of 32 hex digits, not ") + in_.describe_next());
            if (!in_.string(text, scratch_)) return false;
            rec_.key = Key{};
            if (!parse_uid(text, rec_.key.a)) return in_.fail("'uid' must be 32 lowercase hex digits, not " + quote(text));
        } else if (s.created_key && key == s.created_key) {
            bit = created_bit;
            if (seen & bit) return in_.fail("the key " + quote(key) + " appears twice");
            if (!time(key, rec_.created)) return false;
        } else if (s.has_updated && key == "updated_at") {
            bit = updated_bit;
            if (seen & bit) return in_.fail("the key 'updated_at' appears twice");
            if (!time(key, rec_.updated)) return false;
        } else if (kind == Kind::kUser && key == "fields") {
            bit = values_bit;
            if (seen & bit) return in_.fail("the key 'fields' appears twice");
            if (!values(rec_.key)) return false;
        } else {
            return in_.fail("a " + std::string(s.noun) + " has no key " + quote(key));
        }
        seen |= bit;
    }
    if (!(seen & uid_bit)) return in_.fail("a " + std::string(s.noun) + " needs its 'uid'");
    for (size_t j = 0; j < n; ++j)
        if (!(seen & (1u << j))) return in_.fail("a " + std::string(s.noun) + " needs " + quote(s.fields[j].key));
    if (s.created_key && !(seen & created_bit)) return in_.fail("a " + std::string(s.noun) + " needs " + quote(s.created_key));
    if (s.has_updated && !(seen & updated_bit)) return in_.fail("a " + std::string(s.noun) + " needs 'updated_at'");
    if (!s.has_updated) rec_.updated = rec_.created;
    if (kind != Kind::kAudit) {
        // Every section is in the order of its uid: a reader can merge it with the database in one pass.
        if (have_last_ && !(last_key_ < rec_.key)) {
            return in_.fail("the " + std::string(s.section) + " are not in the order of their uid (" +
                            uid_text(rec_.key.a) + " comes after " + uid_text(last_key_.a) + ")");
        }
        last_key_ = rec_.key;
        have_last_ = true;
    }
    if (!sink_.record(in_, kind, rec_)) return false;
    if (kind == Kind::kUser) {
        // Values are read with their person's uid in `key.a` only once the uid is known.
        Record v;
        for (size_t j = 0; j < value_count_; ++j) {
            PendingValue& pv = values_[j];
            pv.key.a = rec_.key.a;
            v.key = pv.key;
            v.created = v.updated = pv.updated;
            v.f[0] = pv.value;
            if (!sink_.record(in_, Kind::kValue, v)) return false;
        }
    }
    return true;
}

bool Reader::values(const Key&) {
    if (in_.peek() != '[') return in_.fail(std::string("'fields' must be a list, not ") + in_.describe_next());
    in_.expect('[');
    bool first = true;
    for (;;) {
        int r = in_.next_item(first);
        if (r < 0) return false;
        if (r == 0) break;
        if (in_.peek() != '{') return in_.fail("each of a person's fields must be an object");
        in_.expect('{');
        if (values_.size() <= value_count_) values_.emplace_back();
        PendingValue& pv = values_[value_count_];
        pv.key = Key{};
        std::uint32_t seen = 0;
        bool first_key = true;
        std::string_view key;
        for (;;) {
            int k = in_.next_key(key, key_scratch_, first_key);
            if (k < 0) return false;
            if (k == 0) break;
            std::string_view text;
            if (key == "field") {
                if (in_.peek() != '"' || !in_.string(text, scratch_) || !parse_uid(text, pv.key.b)) {
                    return in_.fail("a person's field value needs 'field': the field's uid");
                }
                seen |= 1;
            } else if (key == "value") {
                if (in_.peek() != '"') return in_.fail(std::string("'value' must be a string, not ") + in_.describe_next());
                if (!in_.string(text, scratch_)) return false;
                pv.value.assign(text);
                seen |= 2;
            } else if (key == "updated_at") {
                if (!time(key, pv.updated)) return false;
                seen |= 4;
            } else {
                return in_.fail("a person's field value has no key " + quote(key));
            }
        }
        if (seen != 7) return in_.fail("a person's field value needs 'field', 'value' and 'updated_at'");
        if (value_count_ > 0 && !(values_[value_count_ - 1].key.b < pv.key.b)) {
            return in_.fail("a person's fields are not in the order of their field's uid");
        }
        ++value_count_;
    }
    return true;
}

bool Reader::sync(FileFacts& facts) {
    if (in_.peek() != '{') return in_.fail(std::string("'sync' must be an object, not ") + in_.describe_next());
    in_.expect('{');
    bool first = true;
    std::string_view key, text;
    for (;;) {
        int r = in_.next_key(key, key_scratch_, first);
        if (r < 0) return false;
        if (r == 0) break;
        if (key == "merged") {
            if (!in_.expect('[')) return false;
            bool first_item = true;
            for (;;) {
                int item = in_.next_item(first_item);
                if (item < 0) return false;
                if (item == 0) break;
                std::uint64_t v = 0;
                if (in_.peek() != '"' || !in_.string(text, scratch_) || text.size() != 16 ||
                    std::from_chars(text.data(), text.data() + 16, v, 16).ptr != text.data() + 16) {
                    return in_.fail("'merged' must list fingerprints of 16 hex digits");
                }
                if (facts.merged.size() < kMergedKept) facts.merged.push_back(v);
            }
        } else if (key == "base") {
            facts.has_base = true;
            if (!sync_base()) return false;
        } else {
            return in_.fail("the sync section has no key " + quote(key));
        }
    }
    return true;
}

bool Reader::sync_base() {
    if (!in_.expect('[')) return false;
    bool first = true;
    BasePatch patch;
    BasePatch last;
    bool any = false;
    for (;;) {
        int r = in_.next_item(first);
        if (r < 0) return false;
        if (r == 0) break;
        if (!in_.expect('{')) return false;
        bool first_key = true;
        std::string_view key, text;
        std::uint32_t seen = 0;
        std::string key_value, digest_value;
        bool digest_null = false;
        for (;;) {
            int k = in_.next_key(key, key_scratch_, first_key);
            if (k < 0) return false;
            if (k == 0) break;
            if (key == "digest" && in_.take_null()) {
                digest_null = true;
                seen |= 4;
                continue;
            }
            if (in_.peek() != '"') return in_.fail("the sync section's " + quote(key) + " must be a string");
            if (!in_.string(text, scratch_)) return false;
            if (key == "kind") {
                bool found = false;
                for (int i = 0; i < kKindCount; ++i) {
                    Kind kind = static_cast<Kind>(i);
                    if (spec(kind).in_base && text == spec(kind).sync_name) {
                        patch.kind = kind;
                        found = true;
                    }
                }
                if (!found) return in_.fail("the sync section names an unknown kind " + quote(text));
                seen |= 1;
            } else if (key == "key") {
                key_value.assign(text);
                seen |= 2;
            } else if (key == "digest") {
                digest_value.assign(text);
                seen |= 4;
            } else {
                return in_.fail("the sync section has no key " + quote(key));
            }
        }
        if (seen != 7) return in_.fail("each entry of the sync section needs 'kind', 'key' and 'digest'");
        patch.key = Key{};
        bool key_ok = patch.kind == Kind::kValue
                          ? key_value.size() == 65 && key_value[32] == '/' &&
                                parse_uid(std::string_view(key_value).substr(0, 32), patch.key.a) &&
                                parse_uid(std::string_view(key_value).substr(33), patch.key.b)
                          : parse_uid(key_value, patch.key.a);
        if (!key_ok) return in_.fail("the sync section holds a key that is not a uid: " + quote(key_value));
        patch.present = !digest_null;
        patch.digest.clear();
        if (patch.present) {
            size_t n = spec(patch.kind).fields.size();
            if (digest_value.size() != 16 * n) return in_.fail("a digest in the sync section has the wrong length");
            for (size_t i = 0; i < n; ++i) {
                std::uint64_t v = 0;
                auto res = std::from_chars(digest_value.data() + 16 * i, digest_value.data() + 16 * (i + 1), v, 16);
                if (res.ec != std::errc() || res.ptr != digest_value.data() + 16 * (i + 1)) {
                    return in_.fail("a digest in the sync section is not hexadecimal");
                }
                patch.digest.push_back(v);
            }
        }
        if (any && !(std::pair(last.kind, last.key) < std::pair(patch.kind, patch.key))) {
            return in_.fail("the sync section is not in the order of kind, then key");
        }
        if (!sink_.base_patch(in_, patch)) return false;
        last = patch;
        any = true;
    }
    return true;
}

}  // namespace

Result<FileFacts> read_file(std::string_view name, std::string_view bytes, RecordSink& sink) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    Reader reader(bytes, sink);
    FileFacts facts;
    if (reader.run(facts)) return facts;
    if (!sink.refusal.empty()) return Error{sink.refusal_code, std::string(name) + ": " + sink.refusal};
    JsonReader& in = reader.in();
    std::string message = in.failed() ? in.error() : "the file could not be read";
    return bad_value(std::string(name) + ":" + std::to_string(in.failed() ? in.error_line() : in.line()) + ": " + message);
}

}  // namespace grove::exchange
