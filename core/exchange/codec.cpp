// Uids, times and base64 in the text forms of the exchange file.
#include "core/exchange/codec.h"

#include <charconv>

#include "core/text/text.h"

namespace grove::exchange {

namespace {

constexpr char kHex[] = "0123456789abcdef";

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

}  // namespace grove::exchange
