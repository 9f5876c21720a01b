// The exchange file's JSON writer and pull reader, uids, times and base64.
#include "core/exchange/json.h"

#include <charconv>

#include "core/text/text.h"

namespace grove::exchange {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool digits(const char* p, int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') return false;
        out = out * 10 + (p[i] - '0');
    }
    return true;
}

void put2(char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

}  // namespace

namespace {

// Each byte's value as a lowercase hex digit, or 0xFF: one look-up per digit in the hottest loop of a restore.
struct HexTable {
    std::uint8_t v[256];
    constexpr HexTable() : v() {
        for (int i = 0; i < 256; ++i) v[i] = 0xFF;
        for (int i = 0; i < 10; ++i) v['0' + i] = static_cast<std::uint8_t>(i);
        for (int i = 0; i < 6; ++i) v['a' + i] = static_cast<std::uint8_t>(10 + i);
    }
};
constexpr HexTable kHexTable;

}  // namespace

bool parse_uid(std::string_view hex, Uid& out) {
    if (hex.size() != 32) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(hex.data());
    unsigned bad = 0;
    for (size_t i = 0; i < 16; ++i) {
        std::uint8_t hi = kHexTable.v[p[2 * i]], lo = kHexTable.v[p[2 * i + 1]];
        bad |= hi | lo;
        out.bytes[i] = static_cast<std::uint8_t>(hi << 4 | (lo & 15));
    }
    return (bad & 0xF0) == 0;
}

void uid_hex(const Uid& uid, char out[32]) {
    for (size_t i = 0; i < 16; ++i) {
        out[2 * i] = kHex[uid.bytes[i] >> 4];
        out[2 * i + 1] = kHex[uid.bytes[i] & 15];
    }
}

std::string uid_text(const Uid& uid) {
    std::string s(32, '0');
    uid_hex(uid, s.data());
    return s;
}

bool parse_time(std::string_view t, std::int64_t& ms) {
    if (t.size() != kTimeLength || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
        t[19] != '.' || t[23] != 'Z') {
        return false;
    }
    int y, mo, d, h, mi, s, milli;
    const char* p = t.data();
    if (!digits(p, 4, y) || !digits(p + 5, 2, mo) || !digits(p + 8, 2, d) || !digits(p + 11, 2, h) ||
        !digits(p + 14, 2, mi) || !digits(p + 17, 2, s) || !digits(p + 20, 3, milli)) {
        return false;
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] + (mo == 2 && leap) || h > 23 || mi > 59 || s > 59) {
        return false;
    }
    std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    ms = ((days * 24 + h) * 60 + mi) * 60000 + s * 1000 + milli;
    return true;
}

void format_time(std::int64_t ms, char out[kTimeLength]) {
    std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    std::int64_t rest = ms - days * 86400000;
    std::int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    if (y < 0) y = 0;
    if (y > 9999) y = 9999;
    unsigned yy = static_cast<unsigned>(y);
    out[0] = static_cast<char>('0' + yy / 1000);
    out[1] = static_cast<char>('0' + yy / 100 % 10);
    out[2] = static_cast<char>('0' + yy / 10 % 10);
    out[3] = static_cast<char>('0' + yy % 10);
    out[4] = '-';
    put2(out + 5, m);
    out[7] = '-';
    put2(out + 8, d);
    out[10] = 'T';
    unsigned r = static_cast<unsigned>(rest);
    put2(out + 11, r / 3600000);
    out[13] = ':';
    put2(out + 14, r / 60000 % 60);
    out[16] = ':';
    put2(out + 17, r / 1000 % 60);
    out[19] = '.';
    unsigned milli = r % 1000;
    out[20] = static_cast<char>('0' + milli / 100);
    out[21] = static_cast<char>('0' + milli / 10 % 10);
    out[22] = static_cast<char>('0' + milli % 10);
    out[23] = 'Z';
}

std::string time_text(std::int64_t ms) {
    std::string s(kTimeLength, ' ');
    format_time(ms, s.data());
    return s;
}

void base64_encode(std::string_view bytes, std::string& out) {
    size_t i = 0;
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    out.reserve(out.size() + (bytes.size() + 2) / 3 * 4);
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t v = b[i] << 16 | b[i + 1] << 8 | b[i + 2];
        out.push_back(kBase64[v >> 18]);
        out.push_back(kBase64[(v >> 12) & 63]);
        out.push_back(kBase64[(v >> 6) & 63]);
        out.push_back(kBase64[v & 63]);
    }
    if (i + 1 == bytes.size()) {
        std::uint32_t v = b[i] << 16;
        out.push_back(kBase64[v >> 18]);
        out.push_back(kBase64[(v >> 12) & 63]);
        out.append("==");
    } else if (i + 2 == bytes.size()) {
        std::uint32_t v = b[i] << 16 | b[i + 1] << 8;
        out.push_back(kBase64[v >> 18]);
        out.push_back(kBase64[(v >> 12) & 63]);
        out.push_back(kBase64[(v >> 6) & 63]);
        out.push_back('=');
    }
}

bool base64_decode(std::string_view text, std::string& out) {
    if (text.size() % 4 != 0) return false;
    out.reserve(out.size() + text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        bool last = i + 4 == text.size();
        int v0 = base64_value(text[i]), v1 = base64_value(text[i + 1]);
        if (v0 < 0 || v1 < 0) return false;
        if (last && text[i + 2] == '=' && text[i + 3] == '=') {
            if (v1 & 15) return false;  // bits no encoder writes
            out.push_back(static_cast<char>(v0 << 2 | v1 >> 4));
            break;
        }
        int v2 = base64_value(text[i + 2]);
        if (v2 < 0) return false;
        if (last && text[i + 3] == '=') {
            if (v2 & 3) return false;
            out.push_back(static_cast<char>(v0 << 2 | v1 >> 4));
            out.push_back(static_cast<char>((v1 & 15) << 4 | v2 >> 2));
            break;
        }
        int v3 = base64_value(text[i + 3]);
        if (v3 < 0) return false;
        out.push_back(static_cast<char>(v0 << 2 | v1 >> 4));
        out.push_back(static_cast<char>((v1 & 15) << 4 | v2 >> 2));
        out.push_back(static_cast<char>((v2 & 3) << 6 | v3));
    }
    return true;
}

// ---- writer

void JsonWriter::string(std::string_view text) {
    std::string& b = *buf_;
    b.push_back('"');
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        b.append(text.data() + start, i - start);
        start = i + 1;
        switch (c) {
            case '"': b.append("\\\""); break;
            case '\\': b.append("\\\\"); break;
            case '\n': b.append("\\n"); break;
            case '\r': b.append("\\r"); break;
            case '\t': b.append("\\t"); break;
            case '\b': b.append("\\b"); break;
            case '\f': b.append("\\f"); break;
            default: {
                char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                b.append(esc, 6);
            }
        }
    }
    b.append(text.data() + start, text.size() - start);
    b.push_back('"');
    maybe_flush();
}

void JsonWriter::time(std::int64_t ms) {
    char t[kTimeLength + 2];
    t[0] = '"';
    format_time(ms, t + 1);
    t[kTimeLength + 1] = '"';
    buf_->append(t, sizeof t);
}

void JsonWriter::integer(std::int64_t value) {
    char t[24];
    auto r = std::to_chars(t, t + sizeof t, value);
    buf_->append(t, static_cast<size_t>(r.ptr - t));
}

void JsonWriter::uid(const Uid& u) {
    char t[34];
    t[0] = '"';
    uid_hex(u, t + 1);
    t[33] = '"';
    buf_->append(t, sizeof t);
}

bool JsonWriter::flush() {
    if (!out_) return true;
    if (!buf_->empty()) {
        out_->write(buf_->data(), static_cast<std::streamsize>(buf_->size()));
        buf_->clear();
    }
    return out_->good();
}

// ---- reader

bool JsonReader::fail(std::string_view message) {
    if (error_.empty()) {
        error_ = message;
        error_line_ = line_;
    }
    return false;
}

const char* JsonReader::describe_next() {
    switch (peek()) {
        case '\0': return "the end of the file";
        case '{': return "an object";
        case '[': return "a list";
        case '"': return "a string";
        case 't':
        case 'f': return "true or false";
        case 'n': return "null";
        case '}': return "'}'";
        case ']': return "']'";
        case ',': return "','";
        case ':': return "':'";
        default: {
            char c = peek();
            if (c == '-' || (c >= '0' && c <= '9')) return "a number";
            return "something that is not JSON";
        }
    }
}

bool JsonReader::expect(char c) {
    if (peek() == c) {
        ++p_;
        return true;
    }
    std::string want = std::string("expected '") + c + "' but found " + describe_next();
    return fail(want);
}

bool JsonReader::literal(const char* word) {
    size_t n = std::strlen(word);
    if (static_cast<size_t>(end_ - p_) >= n && std::memcmp(p_, word, n) == 0) {
        p_ += n;
        return true;
    }
    return false;
}

bool JsonReader::take_null() {
    if (peek() != 'n') return false;
    return literal("null");
}

bool JsonReader::boolean(bool& out) {
    char c = peek();
    if (c == 't' && literal("true")) {
        out = true;
        return true;
    }
    if (c == 'f' && literal("false")) {
        out = false;
        return true;
    }
    return fail(std::string("expected true or false but found ") + describe_next());
}

bool JsonReader::integer(std::int64_t& out) {
    char c = peek();
    if (c != '-' && (c < '0' || c > '9')) return fail(std::string("expected a number but found ") + describe_next());
    const char* start = p_;
    if (*p_ == '-') ++p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return fail("expected a whole number");
    auto r = std::from_chars(start, p_, out);
    if (r.ec != std::errc() || r.ptr != p_) return fail("expected a whole number");
    return true;
}

bool JsonReader::string(std::string_view& out, std::string& scratch) {
    if (peek() != '"') return fail(std::string("expected a string but found ") + describe_next());
    ++p_;
    const char* start = p_;
    // The common case: no escapes, so the value is a view into the text.
    while (p_ < end_) {
        unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            out = std::string_view(start, static_cast<size_t>(p_ - start));
            ++p_;
            return true;
        }
        if (c == '\\') break;
        if (c < 0x20) return fail("a string holds a raw control character (a line break?); JSON writes them as \\n");
        ++p_;
    }
    scratch.assign(start, static_cast<size_t>(p_ - start));
    while (p_ < end_) {
        unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            ++p_;
            out = scratch;
            return true;
        }
        if (c < 0x20) return fail("a string holds a raw control character (a line break?); JSON writes them as \\n");
        if (c != '\\') {
            scratch.push_back(static_cast<char>(c));
            ++p_;
            continue;
        }
        if (++p_ >= end_) break;
        char e = *p_++;
        switch (e) {
            case '"': scratch.push_back('"'); break;
            case '\\': scratch.push_back('\\'); break;
            case '/': scratch.push_back('/'); break;
            case 'b': scratch.push_back('\b'); break;
            case 'f': scratch.push_back('\f'); break;
            case 'n': scratch.push_back('\n'); break;
            case 'r': scratch.push_back('\r'); break;
            case 't': scratch.push_back('\t'); break;
            case 'u': {
                auto read4 = [&](std::uint32_t& v) {
                    if (end_ - p_ < 4) return false;
                    v = 0;
                    for (int i = 0; i < 4; ++i) {
                        char h = p_[i];
                        int d = hex_value(h >= 'A' && h <= 'F' ? static_cast<char>(h - 'A' + 'a') : h);
                        if (d < 0) return false;
                        v = v << 4 | static_cast<std::uint32_t>(d);
                    }
                    p_ += 4;
                    return true;
                };
                std::uint32_t cp;
                if (!read4(cp)) return fail("a \\u escape needs four hex digits");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low;
                    if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return fail("a \\u escape is half a surrogate pair");
                    p_ += 2;
                    if (!read4(low) || low < 0xDC00 || low > 0xDFFF) return fail("a \\u escape is half a surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail("a \\u escape is half a surrogate pair");
                }
                append_utf8(scratch, cp);
                break;
            }
            default: return fail(std::string("unknown escape \\") + e + " in a string");
        }
    }
    return fail("a string is not closed before the end of the file");
}

bool JsonReader::skip_value() {
    int depth = 0;
    std::string scratch;
    do {
        char c = peek();
        if (c == '{' || c == '[') {
            ++p_;
            ++depth;
            continue;
        }
        if (c == '}' || c == ']') {
            if (depth == 0) return fail("expected a value");
            ++p_;
            --depth;
        } else if (c == ',' || c == ':') {
            if (depth == 0) return fail("expected a value");
            ++p_;
            continue;
        } else if (c == '"') {
            std::string_view s;
            if (!string(s, scratch)) return false;
        } else if (c == 't' || c == 'f') {
            bool b;
            if (!boolean(b)) return false;
        } else if (c == 'n') {
            if (!take_null()) return fail("expected a value");
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            ++p_;
            while (p_ < end_ && (std::strchr("0123456789.eE+-", *p_) != nullptr)) ++p_;
        } else {
            return fail(std::string("expected a value but found ") + describe_next());
        }
    } while (depth > 0);
    return true;
}

int JsonReader::next_key(std::string_view& key, std::string& scratch, bool& first) {
    char c = peek();
    if (c == '}') {
        ++p_;
        return 0;
    }
    if (!first) {
        if (c != ',') {
            fail(std::string("expected ',' or '}' but found ") + describe_next());
            return -1;
        }
        ++p_;
        if (peek() == '}') {
            fail("a comma before '}' (JSON allows none)");
            return -1;
        }
    }
    first = false;
    if (!string(key, scratch)) return -1;
    if (!expect(':')) return -1;
    return 1;
}

int JsonReader::next_item(bool& first) {
    char c = peek();
    if (c == ']') {
        ++p_;
        return 0;
    }
    if (!first) {
        if (c != ',') {
            fail(std::string("expected ',' or ']' but found ") + describe_next());
            return -1;
        }
        ++p_;
        if (peek() == ']') {
            fail("a comma before ']' (JSON allows none)");
            return -1;
        }
    }
    first = false;
    return 1;
}

}  // namespace grove::exchange
