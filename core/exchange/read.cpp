// The exchange file's reader: a scanner of JSON (json_scan.h) hands the text's events (SAX, as nlohmann/json's
// parser would) to a handler that checks the documented structure, turns each record's fields into canonical
// text and hands the record to a sink. No document tree is ever built. Text that is not JSON is parsed again by
// nlohmann/json, whose words say what is wrong.
#include "core/exchange/read.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <iterator>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/access/permissions.h"
#include "core/exchange/exchange.h"
#include "core/exchange/json_scan.h"
#include "core/org/people.h"
#include "core/text/text.h"

namespace grove::exchange {

bool Cursor::fail(std::string_view message) {
    // The parser has read one byte past a number; no other value ends on a line break.
    return fail_at(static_cast<size_t>(at_ - begin_) - (at_ > begin_ ? 1 : 0), message);
}

bool Cursor::fail_at(size_t offset, std::string_view message) {
    if (error_.empty()) {
        error_ = message;
        error_line_ = line_before(begin_ + offset);
    }
    return false;
}

int Cursor::line_before(const char* end) const { return 1 + static_cast<int>(std::count(begin_, end, '\n')); }

namespace {

using Json = nlohmann::json;

// The text as nlohmann's input, telling the cursor how far the parser has read.
class TrackedInput {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackedInput(const char* p, const char** mark) : p_(p), mark_(mark) {}
    reference operator*() const { return *p_; }
    TrackedInput& operator++() {
        *mark_ = ++p_;
        return *this;
    }
    TrackedInput operator++(int) {
        TrackedInput before = *this;
        ++*this;
        return before;
    }
    bool operator==(const TrackedInput& other) const { return p_ == other.p_; }
    bool operator!=(const TrackedInput& other) const { return p_ != other.p_; }

private:
    const char* p_;
    const char** mark_;
};

constexpr Kind kSections[] = {Kind::kField,        Kind::kDepartment, Kind::kCustomRole,     Kind::kUser,
                              Kind::kOrgRole,      Kind::kGroup,      Kind::kMembership,     Kind::kCourse,
                              Kind::kStep,         Kind::kEnrolment,  Kind::kWork,           Kind::kPost,
                              Kind::kDigestChoice, Kind::kSmartRule,  Kind::kSmartException, Kind::kAudit};
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

// What kind of JSON value an event starts.
enum class Value : std::uint8_t { kNull, kBool, kInteger, kFloat, kString, kObject, kList };

const char* describe(Value v) {
    switch (v) {
        case Value::kNull: return "null";
        case Value::kBool: return "true or false";
        case Value::kInteger:
        case Value::kFloat: return "a number";
        case Value::kString: return "a string";
        case Value::kObject: return "an object";
        case Value::kList: return "a list";
    }
    return "a value";
}

// Where in the document the parser is; each object or list opened pushes one.
enum class At : std::uint8_t {
    kStart,
    kRoot,
    kSection,
    kRecord,
    kList,      // a record's list or permissions
    kExternal,  // a group's external IDs
    kValues,    // a person's field values
    kValue,     // one of them
    kSync,
    kMerged,
    kBase,
    kBaseEntry,
};

// The keys at the top, in the order they must come.
enum class Top : std::uint8_t { kFormat, kVersion, kOrganisation, kSection, kSync };

// A record's key other than its fields.
constexpr size_t kUidSlot = kMaxFields, kCreatedSlot = kMaxFields + 1, kUpdatedSlot = kMaxFields + 2,
                 kValuesSlot = kMaxFields + 3;

struct PendingValue {
    Key key;
    std::int64_t updated = 0;
    std::string value;
};

// A field holding a name or a slug (of the organisation, a field, a department, a role, a person or a group).
bool is_name(const FieldSpec& f) {
    const std::string_view key = f.key;
    return key == "name" || key == "first_name" || key == "last_name" || key == "slug";
}

// nlohmann's SAX handler: every event is checked against where it comes; returning false stops the parse.
class Reader {
public:
    Reader(Cursor& in, RecordSink& sink, FileFacts& facts) : in_(in), sink_(sink), facts_(facts) {
        stack_.reserve(8);
        stack_.push_back(At::kStart);
    }

    bool null() { return value(Value::kNull); }
    bool boolean(bool b) {
        bool_ = b;
        return value(Value::kBool);
    }
    bool number_integer(Json::number_integer_t n) {
        int_ = n;
        return value(Value::kInteger);
    }
    bool number_unsigned(Json::number_unsigned_t n) {
        if (n > static_cast<Json::number_unsigned_t>(INT64_MAX)) {
            number_text_ = std::to_string(n);
            return value(Value::kFloat);
        }
        int_ = static_cast<std::int64_t>(n);
        return value(Value::kInteger);
    }
    bool number_float(Json::number_float_t, const std::string& text) {
        number_text_ = text;
        return value(Value::kFloat);
    }
    bool string(std::string& s) {
        if (s.size() > kGroveFileTextLimit) return too_long();
        str_ = &s;
        return value(Value::kString);
    }
    bool binary(Json::binary_t&) { return in_.fail("something that is not JSON"); }
    bool start_object(std::size_t) { return value(Value::kObject); }
    bool start_array(std::size_t) { return value(Value::kList); }
    bool key(std::string& k);
    bool end_object();
    bool end_array();
    bool parse_error(std::size_t offset, const std::string& last_token, const Json::exception& e) {
        return syntax_error(offset, last_token, e.what());
    }
    // nlohmann's parse error, as it said it.
    bool syntax_error(std::size_t offset, const std::string& last_token, const std::string& what);

private:
    bool value(Value v);
    bool too_long() {
        return in_.fail("a text longer than " + std::to_string(kGroveFileTextLimit >> 20) +
                        " MB; no text of an organisation is that long");
    }
    bool top_value(Value v);
    bool record_value(Value v);
    bool field_value(Value v);
    bool list_item(Value v);
    bool external_value(Value v);
    bool pending_value(Value v);
    bool sync_value(Value v);
    bool base_value(Value v);
    bool top_key(const std::string& k);
    bool record_key(const std::string& k);
    bool open_record(Kind kind);
    bool close_record();
    bool close_list();
    bool close_external();
    bool close_pending();
    bool close_base_entry();
    bool time(Value v, std::string_view key, std::int64_t& out);
    void enter(At at) { stack_.push_back(at); }

    Cursor& in_;
    RecordSink& sink_;
    FileFacts& facts_;
    std::vector<At> stack_;
    std::string* str_ = nullptr;
    bool bool_ = false;
    std::int64_t int_ = 0;
    std::string number_text_;  // a number that is not a whole one in the int64 range, as written
    std::string key_;

    // The top: which key came last, and the next section allowed.
    Top top_ = Top::kFormat;
    size_t top_keys_ = 0;
    size_t next_section_ = 0;
    Kind section_ = Kind::kOrg;

    // The record being read.
    Kind kind_ = Kind::kOrg;
    Record rec_;
    std::array<std::string, kMaxFields> buf_;
    size_t slot_ = 0;
    std::uint32_t seen_ = 0;
    size_t expected_ = 0;  // fields usually come in the documented order
    PermSet perms_ = 0;
    std::vector<std::pair<std::string, std::string>> external_;
    int version_ = kExchangeVersion;  // the file's format version
    std::vector<PendingValue> values_;
    size_t value_count_ = 0;
    // The fields read so far (their section comes before the people's), so each value is checked by its type.
    std::unordered_map<Uid, FieldDef, UidHash> fields_;
    std::uint32_t value_seen_ = 0;
    Key last_key_;
    bool have_last_ = false;

    // The sync section.
    BasePatch patch_, last_patch_;
    bool any_patch_ = false;
    std::uint32_t patch_seen_ = 0;
    std::string patch_key_, patch_digest_;
    bool digest_null_ = false;
};

bool Reader::value(Value v) {
    switch (stack_.back()) {
        case At::kStart:
            // read_file saw the '{' before the parse began.
            enter(At::kRoot);
            return true;
        case At::kRoot: return top_value(v);
        case At::kSection:
            if (v != Value::kObject) {
                return in_.fail("each of the " + std::string(spec(section_).section) + " must be an object, not " +
                                describe(v));
            }
            return open_record(section_);
        case At::kRecord: return record_value(v);
        case At::kList: return list_item(v);
        case At::kExternal: return external_value(v);
        case At::kValues:
            if (v != Value::kObject) return in_.fail("each of a person's fields must be an object");
            if (values_.size() <= value_count_) values_.emplace_back();
            values_[value_count_].key = Key{};
            value_seen_ = 0;
            enter(At::kValue);
            return true;
        case At::kValue: return pending_value(v);
        case At::kSync: return sync_value(v);
        case At::kMerged: {
            std::uint64_t n = 0;
            if (v != Value::kString || str_->size() != 16 ||
                std::from_chars(str_->data(), str_->data() + 16, n, 16).ptr != str_->data() + 16) {
                return in_.fail("'merged' must list fingerprints of 16 hex digits");
            }
            if (facts_.merged.size() < kMergedKept) facts_.merged.push_back(n);
            return true;
        }
        case At::kBase:
            if (v != Value::kObject) return in_.fail(std::string("expected '{' but found ") + describe(v));
            patch_seen_ = 0;
            digest_null_ = false;
            enter(At::kBaseEntry);
            return true;
        case At::kBaseEntry: return base_value(v);
    }
    return false;
}

bool Reader::key(std::string& k) {
    if (k.size() > kGroveFileTextLimit) return too_long();
    switch (stack_.back()) {
        case At::kRoot: return top_key(k);
        case At::kRecord: return record_key(k);
        case At::kExternal:
            if (k.empty()) return in_.fail("an external ID needs the name of its system");
            external_.emplace_back(k, std::string());
            return true;
        case At::kValue:
        case At::kSync:
        case At::kBaseEntry: key_.assign(k); return true;
        default: return in_.fail("something that is not JSON");
    }
}

bool Reader::end_object() {
    At at = stack_.back();
    stack_.pop_back();
    switch (at) {
        case At::kRoot:
            if (top_keys_ == 0) {
                return in_.fail(std::string("not a Grove organisation file: it does not start with \"format\": \"") +
                                kExchangeFormat + "\"");
            }
            if (top_keys_ == 1) return in_.fail("expected \"version\" after the format");
            if (top_keys_ == 2) return in_.fail("expected \"organisation\" after the version");
            return true;
        case At::kRecord: return close_record();
        case At::kExternal: return close_external();
        case At::kValue: return close_pending();
        case At::kSync: return true;
        case At::kBaseEntry: return close_base_entry();
        default: return in_.fail("something that is not JSON");
    }
}

bool Reader::end_array() {
    At at = stack_.back();
    stack_.pop_back();
    switch (at) {
        case At::kSection: return sink_.section_end(in_, section_);
        case At::kList: return close_list();
        case At::kValues: seen_ |= 1u << kValuesSlot; return true;
        case At::kMerged:
        case At::kBase: return true;
        default: return in_.fail("something that is not JSON");
    }
}

bool Reader::syntax_error(std::size_t offset, const std::string& last_token, const std::string& what) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while
    // parsing object - unexpected end of input; expected string literal"; a person reads what follows "-".
    size_t dash = what.find(" - ");
    std::string detail = dash == std::string::npos ? what : what.substr(dash + 3);
    size_t offset_before = offset > 0 ? offset - 1 : 0;
    if (detail.find("unexpected end of input") != std::string::npos) {
        return in_.fail_at(offset_before, "the file ends before the organisation does (is it cut short?)");
    }
    if (detail.find("expected end of input") != std::string::npos) {
        return in_.fail_at(offset_before, "text after the end of the organisation");
    }
    if (detail.find("control character") != std::string::npos) {
        return in_.fail_at(offset_before,
                           "a string holds a raw control character (a line break?); JSON writes them as \\n");
    }
    std::string found = last_token.size() > 20 ? last_token.substr(last_token.size() - 20) : last_token;
    return in_.fail_at(offset_before, "this is not valid JSON near " + quote(found) + ": " + detail);
}

bool Reader::top_key(const std::string& k) {
    ++top_keys_;
    if (top_keys_ == 1) {
        if (k != "format") {
            return in_.fail(std::string("not a Grove organisation file: it does not start with \"format\": \"") +
                            kExchangeFormat + "\"");
        }
        top_ = Top::kFormat;
        return true;
    }
    if (top_keys_ == 2) {
        if (k != "version") return in_.fail("expected \"version\" after the format");
        top_ = Top::kVersion;
        return true;
    }
    if (top_keys_ == 3) {
        if (k != "organisation") return in_.fail("expected \"organisation\" after the version");
        top_ = Top::kOrganisation;
        return true;
    }
    // The sections in their order, each optional, the sync section last.
    if (k == kSyncSection) {
        top_ = Top::kSync;
        next_section_ = std::size(kSections) + 1;
        return true;
    }
    size_t found = std::size(kSections);
    for (size_t i = 0; i < std::size(kSections); ++i)
        if (k == spec(kSections[i]).section) found = i;
    if (found == std::size(kSections)) return in_.fail("unknown section " + quote(k));
    if (found < next_section_) {
        return in_.fail("the section " + quote(k) +
                        " comes too late: the sections are in the order of "
                        "docs/exchange-format.md");
    }
    top_ = Top::kSection;
    section_ = kSections[found];
    next_section_ = found + 1;
    return true;
}

bool Reader::top_value(Value v) {
    switch (top_) {
        case Top::kFormat:
            if (v != Value::kString) {
                return in_.fail(std::string("not a Grove organisation file: it does not start with \"format\": \"") +
                                kExchangeFormat + "\"");
            }
            if (*str_ != kExchangeFormat) {
                return in_.fail("not a Grove organisation file: its format is " + quote(*str_) + ", not " +
                                kExchangeFormat);
            }
            return true;
        case Top::kVersion:
            if (v == Value::kFloat) return in_.fail("expected a whole number");
            if (v != Value::kInteger) return in_.fail(std::string("expected a number but found ") + describe(v));
            if (int_ > kExchangeVersion) {
                sink_.refusal = "it was written by a newer Grove (format version " + std::to_string(int_) +
                                "); this Grove reads version " + std::to_string(kExchangeVersion) + " and older.";
                return false;
            }
            if (int_ < 1) return in_.fail("the version must be 1 or more, not " + std::to_string(int_));
            version_ = static_cast<int>(int_);
            return true;
        case Top::kOrganisation:
            if (v != Value::kObject) {
                return in_.fail("each of the " + std::string(spec(Kind::kOrg).section) + " must be an object, not " +
                                describe(v));
            }
            return open_record(Kind::kOrg);
        case Top::kSection:
            if (v != Value::kList) return in_.fail(std::string("expected '[' but found ") + describe(v));
            have_last_ = false;
            enter(At::kSection);
            return true;
        case Top::kSync:
            if (v != Value::kObject) return in_.fail(std::string("'sync' must be an object, not ") + describe(v));
            enter(At::kSync);
            return true;
    }
    return false;
}

bool Reader::open_record(Kind kind) {
    kind_ = kind;
    seen_ = 0;
    expected_ = 0;
    value_count_ = 0;
    enter(At::kRecord);
    return true;
}

bool Reader::record_key(const std::string& k) {
    const KindSpec& s = spec(kind_);
    const size_t n = s.fields.size();
    size_t i = n;
    if (expected_ < n && k == s.fields[expected_].key) {
        i = expected_;
    } else {
        for (size_t j = 0; j < n; ++j)
            if (k == s.fields[j].key) i = j;
    }
    if (i < n) {
        slot_ = i;
    } else if (k == "uid") {
        slot_ = kUidSlot;
    } else if (s.created_key && k == s.created_key) {
        slot_ = kCreatedSlot;
    } else if (s.has_updated && k == "updated_at") {
        slot_ = kUpdatedSlot;
    } else if (kind_ == Kind::kUser && k == "fields") {
        slot_ = kValuesSlot;
    } else {
        return in_.fail("a " + std::string(s.noun) + " has no key " + quote(k));
    }
    if (seen_ & (1u << slot_)) return in_.fail("the key " + quote(k) + " appears twice");
    key_.assign(k);
    if (i < n) expected_ = i + 1;
    return true;
}

bool Reader::time(Value v, std::string_view key, std::int64_t& out) {
    if (v != Value::kString) {
        return in_.fail(quote(key) + " must be a time written \"2026-01-05T09:00:00.000Z\", not " + describe(v));
    }
    if (!parse_time(*str_, out)) {
        return in_.fail(quote(key) + " must be a time written \"2026-01-05T09:00:00.000Z\", not " + quote(*str_));
    }
    return true;
}

bool Reader::record_value(Value v) {
    switch (slot_) {
        case kUidSlot:
            if (v != Value::kString) {
                return in_.fail(std::string("'uid' must be a string of 32 hex digits, not ") + describe(v));
            }
            rec_.key = Key{};
            if (!parse_uid(*str_, rec_.key.a))
                return in_.fail("'uid' must be 32 lowercase hex digits, not " + quote(*str_));
            break;
        case kCreatedSlot:
            if (!time(v, key_, rec_.created)) return false;
            break;
        case kUpdatedSlot:
            if (!time(v, key_, rec_.updated)) return false;
            break;
        case kValuesSlot:
            if (v != Value::kList) return in_.fail(std::string("'fields' must be a list, not ") + describe(v));
            enter(At::kValues);
            return true;  // marked seen at the list's end
        default: return field_value(v);
    }
    seen_ |= 1u << slot_;
    return true;
}

bool Reader::field_value(Value v) {
    const FieldSpec& f = spec(kind_).fields[slot_];
    std::string& buf = buf_[slot_];
    std::string_view& out = rec_.f[slot_];
    switch (f.type) {
        case Type::kText:
            if (v != Value::kString) return in_.fail(quote(key_) + " must be a string, not " + describe(v));
            if (is_name(f)) {
                // Names and slugs are one line of at most 200 characters, as every command keeps them.
                if (auto problem = one_line_problem(*str_)) {
                    return in_.fail("the " + std::string(spec(kind_).noun) + "'s " + f.label + " " + *problem);
                }
            }
            buf.assign(*str_);
            break;
        case Type::kRef: {
            if (v == Value::kNull) {
                if (f.required) return in_.fail(quote(key_) + " must be a uid, not null");
                buf.clear();
                break;
            }
            if (v != Value::kString) return in_.fail(quote(key_) + " must be a uid or null, not " + describe(v));
            Uid u;
            if (!parse_uid(*str_, u)) {
                return in_.fail(quote(key_) + " must be a uid (32 lowercase hex digits), not " + quote(*str_));
            }
            buf.assign(*str_);
            break;
        }
        case Type::kEnum: {
            if (v != Value::kString) return in_.fail(quote(key_) + " must be a string, not " + describe(v));
            if (std::find(f.values.begin(), f.values.end(), std::string_view(*str_)) == f.values.end()) {
                std::string list;
                for (auto value : f.values) list += (list.empty() ? "" : ", ") + std::string(value);
                return in_.fail(quote(key_) + " must be one of " + list + ", not " + quote(*str_));
            }
            buf.assign(*str_);
            break;
        }
        case Type::kBool:
            if (v != Value::kBool) return in_.fail(std::string("expected true or false but found ") + describe(v));
            buf.assign(bool_ ? "true" : "false");
            break;
        case Type::kTime: {
            if (v == Value::kNull) {
                if (f.required) return in_.fail(quote(key_) + " must be a time, not null");
                buf.clear();
                break;
            }
            std::int64_t ms;
            if (!time(v, key_, ms)) return false;
            char t[24];
            auto r = std::to_chars(t, t + sizeof t, ms);
            buf.assign(t, static_cast<size_t>(r.ptr - t));
            break;
        }
        case Type::kList:
        case Type::kPerms:
            if (v != Value::kList) return in_.fail(quote(key_) + " must be a list, not " + describe(v));
            buf.clear();
            perms_ = 0;
            enter(At::kList);
            return true;  // marked seen at the list's end
        case Type::kExternal:
            if (v != Value::kObject) return in_.fail(quote(key_) + " must be an object, not " + describe(v));
            external_.clear();
            enter(At::kExternal);
            return true;
        case Type::kInt:
        case Type::kPoints: {
            const bool points = f.type == Type::kPoints;
            if (points && v == Value::kNull) {
                buf.clear();
                break;
            }
            const std::string what =
                quote(key_) + (points ? " must be a whole number of 0 or more, or null" : " must be a whole number");
            if (v == Value::kFloat) return in_.fail(what + ", not " + number_text_);
            if (v != Value::kInteger) return in_.fail(what + ", not " + describe(v));
            if (points && int_ < 0) return in_.fail(what + ", not " + std::to_string(int_));
            // Grove counts positions and points in an int.
            if (int_ > INT32_MAX || int_ < INT32_MIN) {
                return in_.fail(quote(key_) + " must be at most " + std::to_string(INT32_MAX) +
                                (points ? "" : " and at least " + std::to_string(INT32_MIN)) + ", not " +
                                std::to_string(int_));
            }
            char t[24];
            auto r = std::to_chars(t, t + sizeof t, int_);
            buf.assign(t, static_cast<size_t>(r.ptr - t));
            break;
        }
        case Type::kOptText:
            if (v == Value::kNull) {
                buf.clear();
                break;
            }
            if (v != Value::kString) return in_.fail(quote(key_) + " must be a string or null, not " + describe(v));
            buf.assign(*str_);
            buf.push_back('\n');
            break;
        case Type::kImage: {
            if (v == Value::kNull) {
                buf.clear();
                break;
            }
            if (v != Value::kString) return in_.fail(quote(key_) + " must be a data URL or null, not " + describe(v));
            std::string_view url = *str_;
            size_t comma = url.find(";base64,");
            if (url.substr(0, 5) != "data:" || comma == std::string_view::npos || comma <= 5) {
                return in_.fail(quote(key_) + " must be a data URL (data:image/png;base64,...)");
            }
            buf.assign(url.substr(5, comma - 5));
            buf.push_back('\0');
            if (!base64_decode(url.substr(comma + 8), buf))
                return in_.fail(quote(key_) + " holds base64 that is not valid");
            if (buf.size() == comma - 4) return in_.fail(quote(key_) + " holds an empty image; write null for none");
            break;
        }
    }
    out = buf;
    seen_ |= 1u << slot_;
    return true;
}

bool Reader::list_item(Value v) {
    if (v != Value::kString) return in_.fail(quote(key_) + " must hold strings, not " + describe(v));
    const std::string& item = *str_;
    if (spec(kind_).fields[slot_].type == Type::kPerms) {
        auto perm = parse_perm(item);
        if (!perm) return in_.fail("unknown permission " + quote(item) + "; permissions: " + perm_keys(kAllPerms));
        perms_ |= *perm;
        return true;
    }
    if (item.empty() || item.find('\n') != std::string::npos) {
        return in_.fail(quote(key_) + " holds an empty item or one with a line break");
    }
    std::string& buf = buf_[slot_];
    buf.append(item);
    buf.push_back('\n');
    return true;
}

bool Reader::close_list() {
    std::string& buf = buf_[slot_];
    if (spec(kind_).fields[slot_].type == Type::kPerms) {
        char t[24];
        auto r = std::to_chars(t, t + sizeof t, static_cast<std::int64_t>(perms_));
        buf.assign(t, static_cast<size_t>(r.ptr - t));
    }
    rec_.f[slot_] = buf;
    seen_ |= 1u << slot_;
    return true;
}

bool Reader::external_value(Value v) {
    if (v != Value::kString) return in_.fail(quote(key_) + " must map systems to strings");
    if (auto problem = one_line_problem(external_.back().first)) return in_.fail("an external ID's system " + *problem);
    if (auto problem = one_line_problem(*str_)) return in_.fail("the external ID " + quote(key_) + " " + *problem);
    external_.back().second.assign(*str_);
    return true;
}

bool Reader::close_external() {
    std::sort(external_.begin(), external_.end());
    std::string& buf = buf_[slot_];
    buf.clear();
    for (size_t j = 0; j < external_.size(); ++j) {
        if (j > 0 && external_[j].first == external_[j - 1].first) {
            return in_.fail("two external IDs for " + quote(external_[j].first));
        }
        buf += external_[j].first + '\x1f' + external_[j].second + '\x1e';
    }
    rec_.f[slot_] = buf;
    seen_ |= 1u << slot_;
    return true;
}

bool Reader::close_record() {
    const KindSpec& s = spec(kind_);
    const size_t n = s.fields.size();
    if (!(seen_ & (1u << kUidSlot))) return in_.fail("a " + std::string(s.noun) + " needs its 'uid'");
    for (size_t j = 0; j < n; ++j) {
        if (seen_ & (1u << j)) continue;
        if (!s.fields[j].optional) return in_.fail("a " + std::string(s.noun) + " needs " + quote(s.fields[j].key));
        buf_[j].clear();
        rec_.f[j] = buf_[j];
    }
    if (s.created_key && !(seen_ & (1u << kCreatedSlot))) {
        return in_.fail("a " + std::string(s.noun) + " needs " + quote(s.created_key));
    }
    if (s.has_updated && !(seen_ & (1u << kUpdatedSlot)))
        return in_.fail("a " + std::string(s.noun) + " needs 'updated_at'");
    if (!s.has_updated) rec_.updated = rec_.created;
    if (kind_ != Kind::kAudit && kind_ != Kind::kOrg) {
        // Every section is in the order of its uid: a reader can merge it with the database in one pass.
        if (have_last_ && !(last_key_ < rec_.key)) {
            return in_.fail("the " + std::string(s.section) + " are not in the order of their uid (" +
                            uid_text(rec_.key.a) + " comes after " + uid_text(last_key_.a) + ")");
        }
        last_key_ = rec_.key;
        have_last_ = true;
    }
    if (!sink_.record(in_, kind_, rec_)) return false;
    if (kind_ == Kind::kField) {
        FieldDef field;
        field.name = std::string(rec_.f[0]);
        field.type = parse_field_type(rec_.f[1]).value_or(FieldType::kText);
        std::string_view choices = rec_.f[2];
        for (size_t start = 0; start < choices.size();) {
            size_t end = choices.find('\n', start);
            if (end == std::string_view::npos) end = choices.size();
            field.choices.emplace_back(choices.substr(start, end - start));
            start = end + 1;
        }
        fields_[rec_.key.a] = std::move(field);
    }
    if (kind_ == Kind::kUser) {
        // Values are handed on with their person's uid in `key.a` only once the uid is known.
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

bool Reader::pending_value(Value v) {
    PendingValue& pv = values_[value_count_];
    if (key_ == "field") {
        if (v != Value::kString || !parse_uid(*str_, pv.key.b)) {
            return in_.fail("a person's field value needs 'field': the field's uid");
        }
        value_seen_ |= 1;
    } else if (key_ == "value") {
        if (v != Value::kString) return in_.fail(std::string("'value' must be a string, not ") + describe(v));
        pv.value.assign(*str_);
        value_seen_ |= 2;
    } else if (key_ == "updated_at") {
        if (!time(v, key_, pv.updated)) return false;
        value_seen_ |= 4;
    } else {
        return in_.fail("a person's field value has no key " + quote(key_));
    }
    return true;
}

bool Reader::close_pending() {
    if (value_seen_ != 7) return in_.fail("a person's field value needs 'field', 'value' and 'updated_at'");
    // A value as Grove keeps it: of its field's type and written the one way Grove writes it (a number in
    // decimal, digit for digit; a date YYYY-MM-DD; a choice as the field spells it). A field the file does
    // not hold is refused later, as every reference that goes nowhere.
    const PendingValue& pv = values_[value_count_];
    if (auto field = fields_.find(pv.key.b); field != fields_.end()) {
        auto normal = normalize_field_value(field->second, pv.value);
        if (!normal) {
            std::string message = normal.error().message;
            if (!message.empty() && message.back() == '.') message.pop_back();
            return in_.fail(message);
        }
        if (*normal != pv.value) {
            return in_.fail(field->second.name + " " + quote(pv.value) + " must be written " + quote(*normal));
        }
    }
    if (value_count_ > 0 && !(values_[value_count_ - 1].key.b < values_[value_count_].key.b)) {
        return in_.fail("a person's fields are not in the order of their field's uid");
    }
    ++value_count_;
    return true;
}

bool Reader::sync_value(Value v) {
    if (key_ == "merged") {
        if (v != Value::kList) return in_.fail(std::string("expected '[' but found ") + describe(v));
        enter(At::kMerged);
        return true;
    }
    if (key_ == "base") {
        facts_.has_base = true;
        if (v != Value::kList) return in_.fail(std::string("expected '[' but found ") + describe(v));
        any_patch_ = false;
        enter(At::kBase);
        return true;
    }
    return in_.fail("the sync section has no key " + quote(key_));
}

bool Reader::base_value(Value v) {
    if (key_ == "digest" && v == Value::kNull) {
        digest_null_ = true;
        patch_seen_ |= 4;
        return true;
    }
    if (v != Value::kString) return in_.fail("the sync section's " + quote(key_) + " must be a string");
    const std::string& text = *str_;
    if (key_ == "kind") {
        bool found = false;
        for (int i = 0; i < kKindCount; ++i) {
            Kind kind = static_cast<Kind>(i);
            if (spec(kind).in_base && text == spec(kind).sync_name) {
                patch_.kind = kind;
                found = true;
            }
        }
        if (!found) return in_.fail("the sync section names an unknown kind " + quote(text));
        patch_seen_ |= 1;
    } else if (key_ == "key") {
        patch_key_.assign(text);
        patch_seen_ |= 2;
    } else if (key_ == "digest") {
        patch_digest_.assign(text);
        patch_seen_ |= 4;
    } else {
        return in_.fail("the sync section has no key " + quote(key_));
    }
    return true;
}

bool Reader::close_base_entry() {
    if (patch_seen_ != 7) return in_.fail("each entry of the sync section needs 'kind', 'key' and 'digest'");
    BasePatch& patch = patch_;
    patch.key = Key{};
    std::string_view key_value = patch_key_;
    bool key_ok = patch.kind == Kind::kValue ? key_value.size() == 65 && key_value[32] == '/' &&
                                                   parse_uid(key_value.substr(0, 32), patch.key.a) &&
                                                   parse_uid(key_value.substr(33), patch.key.b)
                                             : parse_uid(key_value, patch.key.a);
    if (!key_ok) return in_.fail("the sync section holds a key that is not a uid: " + quote(key_value));
    patch.present = !digest_null_;
    patch.digest.clear();
    if (patch.present) {
        // An older file has the digests of the fields of its version; those that came since were empty.
        const size_t all = spec(patch.kind).fields.size();
        const std::string& digest_value = patch_digest_;
        size_t n = all;
        if (digest_value.size() != 16 * n) n = static_cast<size_t>(fields_in_version(patch.kind, version_));
        if (digest_value.size() != 16 * n) return in_.fail("a digest in the sync section has the wrong length");
        for (size_t i = 0; i < n; ++i) {
            std::uint64_t d = 0;
            auto res = std::from_chars(digest_value.data() + 16 * i, digest_value.data() + 16 * (i + 1), d, 16);
            if (res.ec != std::errc() || res.ptr != digest_value.data() + 16 * (i + 1)) {
                return in_.fail("a digest in the sync section is not hexadecimal");
            }
            patch.digest.push_back(d);
        }
        for (size_t i = n; i < all; ++i) patch.digest.push_back(empty_field_digest());
    }
    if (any_patch_ && !(std::pair(last_patch_.kind, last_patch_.key) < std::pair(patch.kind, patch.key))) {
        return in_.fail("the sync section is not in the order of kind, then key");
    }
    if (!sink_.base_patch(in_, patch)) return false;
    last_patch_ = patch;
    any_patch_ = true;
    return true;
}

// Whether the text is JSON at all (nested at most kGroveFileDepthLimit deep), for a file that is not an
// organisation from its first byte: "it is JSON, but not ..." tells a person more than "not JSON".
class JsonAcceptor {
public:
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(Json::number_integer_t) { return true; }
    bool number_unsigned(Json::number_unsigned_t) { return true; }
    bool number_float(Json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(Json::binary_t&) { return false; }
    bool start_object(std::size_t) { return open(); }
    bool start_array(std::size_t) { return open(); }
    bool key(std::string&) { return true; }
    bool end_object() { return --depth_, true; }
    bool end_array() { return --depth_, true; }
    bool parse_error(std::size_t, const std::string&, const Json::exception&) { return false; }
    bool too_deep() const { return too_deep_; }

private:
    bool open() {
        too_deep_ = ++depth_ > kGroveFileDepthLimit;
        return !too_deep_;
    }
    int depth_ = 0;
    bool too_deep_ = false;
};

// nlohmann's first parse error in a text the scanner did not accept, as it says it.
class ParseErrorRecorder {
public:
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(Json::number_integer_t) { return true; }
    bool number_unsigned(Json::number_unsigned_t) { return true; }
    bool number_float(Json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(Json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool start_array(std::size_t) { return true; }
    bool key(std::string&) { return true; }
    bool end_object() { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t offset, const std::string& last_token, const Json::exception& e) {
        found = true;
        this->offset = offset;
        this->last_token = last_token;
        what = e.what();
        return false;
    }

    bool found = false;
    std::size_t offset = 0;
    std::string last_token, what;
};

const char* what_json_it_is(std::string_view text) {
    JsonAcceptor acceptor;
    if (Json::sax_parse(text.begin(), text.end(), &acceptor)) {
        return "not a Grove organisation file: it is JSON, but not one object starting with \"format\": "
               "\"grove.organisation\"";
    }
    if (acceptor.too_deep()) return "not a Grove organisation file: it nests lists or objects more than 64 deep";
    return "not a Grove organisation file: it is not JSON (JSON starts with '{')";
}

}  // namespace

Result<FileFacts> read_file(std::string_view name, std::string_view bytes, RecordSink& sink, JsonEngine engine) {
    GROVE_TRY(check_grove_file_size(name, bytes.size()));
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    Cursor in(bytes);
    FileFacts facts;
    bool ok = false;
    // Before any JSON: a person who picked the wrong file hears so in words, not as a parse error.
    size_t start = bytes.find_first_not_of(" \t\r\n");
    const size_t nul = bytes.find('\0');
    if (start == std::string_view::npos) {
        in.fail_at(bytes.size(), "not a Grove organisation file: it is empty");
    } else if (nul != std::string_view::npos) {
        // nlohmann/json takes a NUL byte for the end of the text, so what follows one would go unread.
        in.fail_at(nul, "a NUL byte, which no JSON text holds: this is not a Grove file, or it is damaged");
    } else if (bytes[start] != '{') {
        in.fail_at(start, what_json_it_is(bytes));
    } else {
        Reader reader(in, sink, facts);
        const char* end = bytes.data() + bytes.size();
        if (engine == JsonEngine::kNlohmann) {
            ok = Json::sax_parse(TrackedInput(bytes.data(), in.at()), TrackedInput(end, in.at()), &reader);
        } else {
            const ScanEnd scanned = scan_json(bytes.data(), end, in.at(), reader);
            ok = scanned == ScanEnd::kDone;
            if (scanned == ScanEnd::kInvalid) {
                // The events so far were nlohmann's too, so its first fault is the scanner's.
                ParseErrorRecorder recorder;
                Json::sax_parse(bytes.begin(), bytes.end(), &recorder);
                if (recorder.found) {
                    reader.syntax_error(recorder.offset, recorder.last_token, recorder.what);
                } else {
                    in.fail_at(static_cast<size_t>(*in.at() - bytes.data()), "this is not valid JSON");
                }
            }
        }
    }
    if (ok) return facts;
    if (!sink.refusal.empty()) return Error{sink.refusal_code, std::string(name) + ": " + sink.refusal};
    std::string message = in.failed() ? in.error() : "the file could not be read";
    return bad_value(std::string(name) + ":" + std::to_string(in.failed() ? in.error_line() : 1) + ": " + message);
}

}  // namespace grove::exchange

namespace grove {

Result<void> check_grove_file_size(std::string_view file_name, std::uint64_t bytes) {
    if (bytes <= kGroveFileLimit) return {};
    // GB of 1024^3 bytes, rounded up to one decimal so that a file over the limit never reads as 1.0 GB.
    constexpr std::uint64_t kGB = std::uint64_t{1} << 30;
    std::uint64_t tenths = (bytes * 10 + kGB - 1) / kGB;
    return bad_value(std::string(file_name) + ": the file is " + std::to_string(tenths / 10) + "." +
                     std::to_string(tenths % 10) + " GB; a Grove file may be at most " +
                     std::to_string(kGroveFileLimit / kGB) + " GB.");
}

}  // namespace grove
