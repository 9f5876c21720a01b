// Internal to core/exchange/: a scanner of JSON text in memory that hands a SAX handler the events
// nlohmann::json::sax_parse would, in the same order and at the same bytes, for the exchange reader's speed.
// nlohmann's lexer reads a byte at a time through an input adapter and copies each byte twice (into the token
// and into the text kept for its error messages): 40% of a restore's instructions. This one copies runs of
// plain bytes at once. It accepts exactly the JSON nlohmann accepts; on the first byte that is not, it stops
// and says so, and the reader has nlohmann parse the text again for its own words about the fault.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace grove::exchange {

enum class ScanEnd : std::uint8_t {
    kDone,     // the text is one JSON value and the handler took every event
    kStopped,  // the handler returned false
    kInvalid,  // the text is not JSON here: nlohmann would call parse_error
};

namespace scan_detail {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline const char* skip_space(const char* p, const char* end) {
    while (p < end && is_space(*p)) ++p;
    return p;
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Four hex digits of a \u escape at p; -1 when they are not.
inline int code_unit(const char* p, const char* end) {
    if (end - p < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; ++i) {
        int d = hex_digit(p[i]);
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
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

// The length of the well-formed UTF-8 sequence (RFC 3629, as nlohmann checks it) that starts at p with a byte of
// 0x80 or more; 0 when it is not one.
inline int utf8_length(const unsigned char* p, const unsigned char* end) {
    auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
    const unsigned char c = p[0];
    const std::ptrdiff_t left = end - p;
    if (in(c, 0xC2, 0xDF)) return left >= 2 && in(p[1], 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return left >= 3 && in(p[1], 0xA0, 0xBF) && in(p[2], 0x80, 0xBF) ? 3 : 0;
    if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF))
        return left >= 3 && in(p[1], 0x80, 0xBF) && in(p[2], 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return left >= 3 && in(p[1], 0x80, 0x9F) && in(p[2], 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return left >= 4 && in(p[1], 0x90, 0xBF) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
    if (in(c, 0xF1, 0xF3))
        return left >= 4 && in(p[1], 0x80, 0xBF) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return left >= 4 && in(p[1], 0x80, 0x8F) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
    return 0;
}

// Whether none of 8 bytes needs a look: each test is exact for the word as a whole (borrows reach only bytes
// above one that matched), which is all that is asked.
inline bool plain8(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
    auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHighs;
    return ((w & kHighs) | control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) == 0;
}

// A string whose opening quote is just before p, decoded into out; the byte after its closing quote, or null.
inline const char* scan_string(const char* p, const char* end, std::string& out) {
    out.clear();
    for (;;) {
        const char* run = p;
        // Eight bytes at a time while none of them is a quote, a backslash, a control byte or beyond ASCII.
        while (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if (!plain8(w)) break;
            p += 8;
        }
        while (p < end) {
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
            ++p;
        }
        out.append(run, static_cast<size_t>(p - run));
        if (p == end) return nullptr;
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') return p + 1;
        if (c < 0x20) return nullptr;
        if (c >= 0x80) {
            int n = utf8_length(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(end));
            if (n == 0) return nullptr;
            out.append(p, static_cast<size_t>(n));
            p += n;
            continue;
        }
        // An escape.
        if (end - p < 2) return nullptr;
        const char e = p[1];
        p += 2;
        switch (e) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                const int unit = code_unit(p, end);
                if (unit < 0) return nullptr;
                p += 4;
                std::uint32_t cp = static_cast<std::uint32_t>(unit);
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    // A high surrogate must be followed by \u and a low one.
                    if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return nullptr;
                    const int low = code_unit(p + 2, end);
                    if (low < 0xDC00 || low > 0xDFFF) return nullptr;
                    p += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + static_cast<std::uint32_t>(low - 0xDC00);
                } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    return nullptr;
                }
                append_utf8(out, cp);
                break;
            }
            default: return nullptr;
        }
    }
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace scan_detail

// Scans [p, end) into sax, moving *mark to where nlohmann's lexer would have read at each event (one byte past
// a number, whose end it knows only by the byte after it).
template <class Sax>
ScanEnd scan_json(const char* p, const char* const end, const char** mark, Sax& sax) {
    using namespace scan_detail;
    constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);
    std::vector<bool> in_list;  // per open object (false) or list (true), innermost last
    std::string text, number;
    for (;;) {
        // A value.
        p = skip_space(p, end);
        if (p == end) return ScanEnd::kInvalid;
        bool closed = false;  // the value was an object or list with nothing in it, or a scalar
        switch (*p) {
            case '{':
                *mark = ++p;
                if (!sax.start_object(kUnknownSize)) return ScanEnd::kStopped;
                p = skip_space(p, end);
                if (p < end && *p == '}') {
                    *mark = ++p;
                    if (!sax.end_object()) return ScanEnd::kStopped;
                    closed = true;
                    break;
                }
                if (p == end || *p != '"') return ScanEnd::kInvalid;
                p = scan_string(p + 1, end, text);
                if (!p) return ScanEnd::kInvalid;
                *mark = p;
                if (!sax.key(text)) return ScanEnd::kStopped;
                p = skip_space(p, end);
                if (p == end || *p != ':') return ScanEnd::kInvalid;
                ++p;
                in_list.push_back(false);
                break;
            case '[':
                *mark = ++p;
                if (!sax.start_array(kUnknownSize)) return ScanEnd::kStopped;
                p = skip_space(p, end);
                if (p < end && *p == ']') {
                    *mark = ++p;
                    if (!sax.end_array()) return ScanEnd::kStopped;
                    closed = true;
                    break;
                }
                in_list.push_back(true);
                break;
            case '"':
                p = scan_string(p + 1, end, text);
                if (!p) return ScanEnd::kInvalid;
                *mark = p;
                if (!sax.string(text)) return ScanEnd::kStopped;
                closed = true;
                break;
            case 't':
                if (end - p < 4 || p[1] != 'r' || p[2] != 'u' || p[3] != 'e') return ScanEnd::kInvalid;
                *mark = p += 4;
                if (!sax.boolean(true)) return ScanEnd::kStopped;
                closed = true;
                break;
            case 'f':
                if (end - p < 5 || p[1] != 'a' || p[2] != 'l' || p[3] != 's' || p[4] != 'e') return ScanEnd::kInvalid;
                *mark = p += 5;
                if (!sax.boolean(false)) return ScanEnd::kStopped;
                closed = true;
                break;
            case 'n':
                if (end - p < 4 || p[1] != 'u' || p[2] != 'l' || p[3] != 'l') return ScanEnd::kInvalid;
                *mark = p += 4;
                if (!sax.null()) return ScanEnd::kStopped;
                closed = true;
                break;
            default: {
                // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, as nlohmann's lexer reads it.
                const char* start = p;
                const bool negative = *p == '-';
                if (negative) ++p;
                if (p == end || !is_digit(*p)) return ScanEnd::kInvalid;
                if (*p == '0') {
                    ++p;
                } else {
                    while (p < end && is_digit(*p)) ++p;
                }
                bool whole = true;
                if (p < end && *p == '.') {
                    whole = false;
                    ++p;
                    if (p == end || !is_digit(*p)) return ScanEnd::kInvalid;
                    while (p < end && is_digit(*p)) ++p;
                }
                if (p < end && (*p == 'e' || *p == 'E')) {
                    whole = false;
                    ++p;
                    if (p < end && (*p == '+' || *p == '-')) ++p;
                    if (p == end || !is_digit(*p)) return ScanEnd::kInvalid;
                    while (p < end && is_digit(*p)) ++p;
                }
                *mark = p < end ? p + 1 : p;
                number.assign(start, static_cast<size_t>(p - start));
                if (whole) {
                    // Up to 18 digits cannot overflow; longer ones go through strto* as nlohmann does.
                    const size_t digits = number.size() - (negative ? 1 : 0);
                    if (digits <= 18) {
                        std::uint64_t v = 0;
                        for (size_t i = negative ? 1 : 0; i < number.size(); ++i)
                            v = v * 10 + static_cast<std::uint64_t>(number[i] - '0');
                        if (!(negative ? sax.number_integer(-static_cast<std::int64_t>(v)) : sax.number_unsigned(v)))
                            return ScanEnd::kStopped;
                        closed = true;
                        break;
                    }
                    char* after = nullptr;
                    errno = 0;
                    if (negative) {
                        const long long v = std::strtoll(number.c_str(), &after, 10);
                        if (errno == 0) {
                            if (!sax.number_integer(v)) return ScanEnd::kStopped;
                            closed = true;
                            break;
                        }
                    } else {
                        const unsigned long long v = std::strtoull(number.c_str(), &after, 10);
                        if (errno == 0) {
                            if (!sax.number_unsigned(v)) return ScanEnd::kStopped;
                            closed = true;
                            break;
                        }
                    }
                }
                // A fraction, an exponent or a whole number too large for 64 bits: nlohmann's float, and its
                // parse error when that is not finite.
                const double v = std::strtod(number.c_str(), nullptr);
                if (!std::isfinite(v)) return ScanEnd::kInvalid;
                if (!sax.number_float(v, number)) return ScanEnd::kStopped;
                closed = true;
                break;
            }
        }
        if (!closed) continue;  // the first value of an object or list comes next
        // After a value: a comma and the next, or the end of what holds it.
        for (;;) {
            if (in_list.empty()) {
                p = skip_space(p, end);
                return p == end ? ScanEnd::kDone : ScanEnd::kInvalid;
            }
            p = skip_space(p, end);
            if (p == end) return ScanEnd::kInvalid;
            if (in_list.back()) {
                if (*p == ',') {
                    ++p;
                    break;
                }
                if (*p != ']') return ScanEnd::kInvalid;
                *mark = ++p;
                if (!sax.end_array()) return ScanEnd::kStopped;
                in_list.pop_back();
                continue;
            }
            if (*p == ',') {
                p = skip_space(p + 1, end);
                if (p == end || *p != '"') return ScanEnd::kInvalid;
                p = scan_string(p + 1, end, text);
                if (!p) return ScanEnd::kInvalid;
                *mark = p;
                if (!sax.key(text)) return ScanEnd::kStopped;
                p = skip_space(p, end);
                if (p == end || *p != ':') return ScanEnd::kInvalid;
                ++p;
                break;
            }
            if (*p != '}') return ScanEnd::kInvalid;
            *mark = ++p;
            if (!sax.end_object()) return ScanEnd::kStopped;
            in_list.pop_back();
        }
    }
}

}  // namespace grove::exchange
