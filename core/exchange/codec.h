// Internal to core/exchange/: the file's domain values in text form (uids as bytes, ISO 8601 times, base64,
// the FNV-1a digest); the JSON itself is nlohmann's.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace grove::exchange {

// A record's uid as its 16 bytes; ordered as its 32 lowercase hex digits are.
struct Uid {
    std::array<std::uint8_t, 16> bytes{};
};
inline bool operator==(const Uid& a, const Uid& b) { return std::memcmp(a.bytes.data(), b.bytes.data(), 16) == 0; }
inline bool operator!=(const Uid& a, const Uid& b) { return !(a == b); }
inline bool operator<(const Uid& a, const Uid& b) { return std::memcmp(a.bytes.data(), b.bytes.data(), 16) < 0; }

// 32 lowercase hex digits, and nothing else.
bool parse_uid(std::string_view hex, Uid& out);
void uid_hex(const Uid& uid, char out[32]);
std::string uid_text(const Uid& uid);

// A record's key: its uid, or for an additional field's value the person's uid and the field's uid.
struct Key {
    Uid a;
    Uid b;
};
inline bool operator==(const Key& x, const Key& y) { return std::memcmp(&x, &y, sizeof(Key)) == 0; }
inline bool operator!=(const Key& x, const Key& y) { return !(x == y); }
inline bool operator<(const Key& x, const Key& y) { return std::memcmp(&x, &y, sizeof(Key)) < 0; }

// Hashes mix every byte: a uid Grove makes begins with the time it was made (store.h, new_uid), so its first bytes
// are shared by every record made in the same stretch of time, and a table indexed by its low bits would put them
// all in one place.
inline std::uint64_t mix_bits(std::uint64_t x) {  // SplitMix64's finaliser
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
inline std::uint64_t uid_bits(const Uid& u) {
    std::uint64_t x, y;
    std::memcpy(&x, u.bytes.data(), 8);
    std::memcpy(&y, u.bytes.data() + 8, 8);
    return mix_bits(x ^ mix_bits(y));
}
struct KeyHash {
    size_t operator()(const Key& k) const {
        return static_cast<size_t>(uid_bits(k.a) ^ (uid_bits(k.b) * 0x9E3779B97F4A7C15ull));
    }
};
struct UidHash {
    size_t operator()(const Uid& u) const { return static_cast<size_t>(uid_bits(u)); }
};

// "2026-01-05T09:00:00.000Z" (exactly this shape: UTC, milliseconds).
constexpr size_t kTimeLength = 24;
bool parse_time(std::string_view text, std::int64_t& ms);
void format_time(std::int64_t ms, char out[kTimeLength]);
std::string time_text(std::int64_t ms);

void base64_encode(std::string_view bytes, std::string& out);  // appends
bool base64_decode(std::string_view text, std::string& out);   // appends; false if not canonical base64

// FNV-1a, 64 bits: the digest of one canonical field value in the sync section.
inline std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

}  // namespace grove::exchange
