// Folding, natural ordering, slugs, date formats and decimal numbers shared by the whole core.
#include "core/text/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <utf8proc.h>

namespace grove {

namespace {

// Decodes one UTF-8 code point at text[i], advancing i; malformed bytes come back as themselves.
char32_t next_code_point(std::string_view text, size_t& i) {
    auto byte = static_cast<unsigned char>(text[i]);
    int extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0;
    if (extra == 0 || i + static_cast<size_t>(extra) >= text.size()) {
        ++i;
        return byte;
    }
    char32_t cp = byte & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        auto cont = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
        if ((cont & 0xC0) != 0x80) {
            ++i;
            return byte;
        }
        cp = (cp << 6) | (cont & 0x3F);
    }
    i += static_cast<size_t>(extra) + 1;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), lower case.
// A '\0' marks code points kept as they are; a few expand to two letters.
const char* base_letters(char32_t cp) {
    static const char* const kLatin1[64] = {"a", "a", "a", "a",     "a",  "a",  "ae", "c", "e", "e", "e",     "e", "i",
                                            "i", "i", "i", "d",     "n",  "o",  "o",  "o", "o", "o", nullptr, "o", "u",
                                            "u", "u", "u", "y",     "th", "ss", "a",  "a", "a", "a", "a",     "a", "ae",
                                            "c", "e", "e", "e",     "e",  "i",  "i",  "i", "i", "d", "n",     "o", "o",
                                            "o", "o", "o", nullptr, "o",  "u",  "u",  "u", "u", "y", "th",    "y"};
    static const char kExtendedA[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllllln"
        "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {
        static char one[2] = {0, 0};
        size_t index = cp - 0x100;
        if (index < sizeof(kExtendedA) - 1) {
            one[0] = kExtendedA[index];
            return one;
        }
    }
    return nullptr;
}

}  // namespace

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            out += static_cast<char>(std::tolower(byte));
            ++i;
            continue;
        }
        char32_t cp = next_code_point(text, i);
        if (const char* base = base_letters(cp)) {
            out += base;
        } else {
            append_utf8(out, cp);
        }
    }
    return out;
}

namespace {
inline bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline unsigned char ascii_lower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
}
}  // namespace

int natural_compare(std::string_view a_raw, std::string_view b_raw) {
    // Fast path for plain ASCII avoids allocating.
    auto is_ascii = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    };
    std::string fa, fb;
    std::string_view a = a_raw, b = b_raw;
    if (!is_ascii(a_raw) || !is_ascii(b_raw)) {
        fa = fold(a_raw);
        fb = fold(b_raw);
        a = fa;
        b = fb;
    }
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        auto ca = static_cast<unsigned char>(a[i]);
        auto cb = static_cast<unsigned char>(b[j]);
        if (ascii_digit(ca) && ascii_digit(cb)) {
            size_t si = i, sj = j;
            while (si < a.size() && a[si] == '0') ++si;
            while (sj < b.size() && b[sj] == '0') ++sj;
            size_t ei = si, ej = sj;
            while (ei < a.size() && ascii_digit(static_cast<unsigned char>(a[ei]))) ++ei;
            while (ej < b.size() && ascii_digit(static_cast<unsigned char>(b[ej]))) ++ej;
            size_t len_a = ei - si, len_b = ej - sj;
            if (len_a != len_b) return len_a < len_b ? -1 : 1;
            int c = a.substr(si, len_a).compare(b.substr(sj, len_b));
            if (c != 0) return c < 0 ? -1 : 1;
            i = ei;
            j = ej;
            continue;
        }
        int la = ascii_lower(ca), lb = ascii_lower(cb);
        if (la != lb) return la < lb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    int raw = a_raw.compare(b_raw);
    return raw < 0 ? -1 : raw > 0 ? 1 : 0;
}

std::string natural_key(std::string_view text) {
    std::string folded = fold(text);
    std::string key;
    key.reserve(folded.size() + 4);
    for (size_t i = 0; i < folded.size();) {
        auto c = static_cast<unsigned char>(folded[i]);
        if (c >= '0' && c <= '9') {
            size_t start = i;
            while (start < folded.size() && folded[start] == '0') ++start;
            size_t end = start;
            while (end < folded.size() && folded[end] >= '0' && folded[end] <= '9') ++end;
            if (start == end) start = end - 1;  // a run of zeros is the number 0
            size_t length = std::min<size_t>(end - start, 40);
            key += static_cast<char>('0' + length);  // '1'..'X': longer numbers sort later
            key.append(folded, start, end - start);
            i = end;
            continue;
        }
        key += static_cast<char>(c);
        ++i;
    }
    return key;
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    std::string h = fold(haystack);
    std::string n = fold(needle);
    return h.find(n) != std::string::npos;
}

std::string slugify(std::string_view text, std::string_view fallback) {
    std::string folded = fold(text);
    std::string out;
    bool dash = false;
    for (char c : folded) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && std::isalnum(u)) {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(u);
            dash = false;
        } else {
            dash = true;
        }
    }
    if (out.size() > 60) {
        out.resize(60);
        while (!out.empty() && out.back() == '-') out.pop_back();
    }
    return out.empty() ? std::string(fallback) : out;
}

std::string_view trim_view(std::string_view text) {
    size_t start = 0, end = text.size();
    while (start < end && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    while (end > start && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    return text.substr(start, end - start);
}

std::string trim(std::string_view text) { return std::string(trim_view(text)); }

std::string clean_name(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : trim_view(text)) {
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out.push_back(c);
    }
    return out;
}

std::optional<std::string> one_line_problem(std::string_view text) {
    std::optional<std::string> problem;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool nel = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85;
        const bool separator =
            c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9);
        if (c == '\n' || c == '\r' || nel || separator) return std::string("has a line break");
        if (c == '\t') {
            problem = "has a tab";
        } else if ((c < 0x20 || c == 0x7F) && !problem) {
            problem = "has a control character";
        }
    }
    if (problem) return problem;
    const size_t length = character_count(text);
    if (length > kNameMaxCharacters) {
        return "is " + std::to_string(length) + " characters long; the most is " + std::to_string(kNameMaxCharacters);
    }
    return std::nullopt;
}

std::optional<std::string> one_line_error(std::string_view what, std::string_view text) {
    auto problem = one_line_problem(text);
    if (!problem) return std::nullopt;
    if (problem->rfind("is ", 0) == 0) return "The " + std::string(what) + " " + *problem + ".";
    return "The " + std::string(what) + " " + *problem + "; it must be one line.";
}

size_t character_count(std::string_view text) {
    // Every byte but UTF-8's continuation bytes (10xxxxxx) starts a character.
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string counted(std::int64_t n, std::string_view one, std::string_view many) {
    std::string out = std::to_string(n);
    out += ' ';
    out += n == 1 ? one : many;
    return out;
}

std::string person_name(std::string_view first, std::string_view last, std::string_view email) {
    std::string name(first);
    if (!last.empty()) {
        if (!name.empty()) name += ' ';
        name += last;
    }
    return name.empty() ? std::string(email) : name;
}

std::string person_label(std::string_view first, std::string_view last, std::string_view email) {
    std::string name(first);
    if (!last.empty()) {
        if (!name.empty()) name += ' ';
        name += last;
    }
    std::string bracketed = "<" + std::string(email) + ">";
    return name.empty() ? bracketed : name + " " + bracketed;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// utf8proc_map() with `options`; nullopt when `text` is not valid UTF-8.
std::optional<std::string> unicode_map(std::string_view text, int options) {
    utf8proc_uint8_t* out = nullptr;
    utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                     &out, static_cast<utf8proc_option_t>(options));
    if (n < 0) return std::nullopt;
    std::string result(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
    std::free(out);
    return result;
}

}  // namespace

std::string email_key(std::string_view email) {
    if (is_ascii(email)) return lower_ascii(email);
    if (auto mapped = unicode_map(email, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD)) return *mapped;
    return lower_ascii(email);
}

bool same_email(std::string_view a, std::string_view b) {
    if (is_ascii(a) && is_ascii(b)) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
                return false;
        }
        return true;
    }
    return email_key(a) == email_key(b);
}

size_t EmailHash::operator()(std::string_view email) const {
    auto fnv = [](std::string_view bytes, bool lower) {
        std::uint64_t h = 1469598103934665603ull;  // FNV-1a
        for (char c : bytes) {
            auto u = static_cast<unsigned char>(c);
            if (lower && u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u + 32);
            h = (h ^ u) * 1099511628211ull;
        }
        return static_cast<size_t>(h ^ (h >> 32));
    };
    // An ASCII email's key is its lower case: hashed in place, equal to hashing the key.
    if (is_ascii(email)) return fnv(email, true);
    return fnv(email_key(email), false);
}

std::string lookalike_key(std::string_view name) {
    std::string folded;
    if (auto mapped = unicode_map(name, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                            UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)) {
        folded = std::move(*mapped);
    } else {
        folded = lower_ascii(name);
    }
    std::string key;
    key.reserve(folded.size());
    for (size_t i = 0; i < folded.size();) {
        auto byte = static_cast<unsigned char>(folded[i]);
        if (byte < 0x80) {
            if (!std::isspace(byte)) key += static_cast<char>(byte);
            ++i;
            continue;
        }
        size_t start = i;
        char32_t cp = next_code_point(folded, i);
        // Spaces beyond ASCII (no-break, ideographic, the Zs category) count as spaces.
        if (utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_ZS) continue;
        key.append(folded, start, i - start);
    }
    return key;
}

bool is_valid_email(std::string_view email) {
    size_t at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
    std::string_view domain = email.substr(at + 1);
    size_t dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
    return std::none_of(email.begin(), email.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isspace(u) || u < 0x20 || u == 0x7F || c == ',' || c == ';';
    });
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

std::optional<std::string> normalise_decimal(std::string_view text) {
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::string_view whole = text.substr(0, text.find('.'));
    std::string_view fraction;
    if (whole.size() < text.size()) {
        fraction = text.substr(whole.size() + 1);
        if (fraction.empty()) return std::nullopt;  // "5." is not written with a point and nothing after it
    }
    if (whole.empty() && fraction.empty()) return std::nullopt;
    if (!std::all_of(whole.begin(), whole.end(), is_digit)) return std::nullopt;
    if (!std::all_of(fraction.begin(), fraction.end(), is_digit)) return std::nullopt;

    whole.remove_prefix(std::min(whole.find_first_not_of('0'), whole.size()));
    fraction = fraction.substr(0, fraction.find_last_not_of('0') + 1);  // npos + 1 == 0: all zeros
    std::string out;
    if (negative && !(whole.empty() && fraction.empty())) out += '-';
    out += whole.empty() ? std::string_view("0") : whole;
    if (!fraction.empty()) {
        out += '.';
        out += fraction;
    }
    return out;
}

std::optional<std::int64_t> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (size_t k : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(text[k]))) return std::nullopt;
    auto num = [&](size_t from, size_t len) {
        int v = 0;
        for (size_t k = from; k < from + len; ++k) v = v * 10 + (text[k] - '0');
        return v;
    };
    int y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (m < 1 || m > 12 || d < 1) return std::nullopt;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d > max_day) return std::nullopt;
    return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

IsoTimeText iso_time_text(std::int64_t ms) {
    IsoTimeText out;
    std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    std::int64_t rem = secs - days * 86400;
    std::int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    if (y < 0 || y > 9999) {
        const int n = std::snprintf(out.text, sizeof out.text, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                                    static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                                    static_cast<long long>((rem / 60) % 60), static_cast<long long>(rem % 60));
        out.size = n < 0 ? 0 : std::min(static_cast<std::size_t>(n), sizeof out.text - 1);
        return out;
    }
    // The common case by hand, without snprintf: a report formats one time a row.
    char* buf = out.text;
    auto two = [buf](int at, unsigned value) {
        buf[at] = static_cast<char>('0' + value / 10);
        buf[at + 1] = static_cast<char>('0' + value % 10);
    };
    const auto year = static_cast<unsigned>(y);
    two(0, year / 100);
    two(2, year % 100);
    buf[4] = '-';
    two(5, m);
    buf[7] = '-';
    two(8, d);
    buf[10] = 'T';
    two(11, static_cast<unsigned>(rem / 3600));
    buf[13] = ':';
    two(14, static_cast<unsigned>((rem / 60) % 60));
    buf[16] = ':';
    two(17, static_cast<unsigned>(rem % 60));
    buf[19] = 'Z';
    out.size = 20;
    return out;
}

std::string format_iso_time(std::int64_t ms) { return std::string(iso_time_text(ms).view()); }

std::string format_iso_day(std::int64_t ms) { return format_iso_time(ms).substr(0, 10); }

}  // namespace grove
