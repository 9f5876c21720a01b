// The exchange file's lowest layer: a buffered JSON writer, a pull reader that never builds a tree,
// uids as bytes, ISO 8601 times, base64 and the FNV-1a digest. Internal to core/exchange_*.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <ostream>
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

struct KeyHash {
    size_t operator()(const Key& k) const {
        std::uint64_t x, y;
        std::memcpy(&x, k.a.bytes.data(), 8);
        std::memcpy(&y, k.b.bytes.data(), 8);
        return static_cast<size_t>(x ^ (y * 0x9E3779B97F4A7C15ull));
    }
};
struct UidHash {
    size_t operator()(const Uid& u) const {
        std::uint64_t x;
        std::memcpy(&x, u.bytes.data(), 8);
        return static_cast<size_t>(x);
    }
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

// Appends JSON text to a buffer, handing full buffers to a stream when it has one.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : out_(&out) { own_.reserve(kFlushAt + 4096); buf_ = &own_; }
    explicit JsonWriter(std::string& out) : buf_(&out) {}

    void raw(std::string_view text) {
        buf_->append(text);
        maybe_flush();
    }
    void ch(char c) { buf_->push_back(c); }
    void string(std::string_view text);  // quoted and escaped
    void time(std::int64_t ms);          // quoted ISO 8601
    void integer(std::int64_t value);
    void uid(const Uid& uid);            // quoted hex
    // Writes what is buffered to the stream; false when the stream failed.
    bool flush();
    bool ok() const { return !out_ || out_->good(); }

private:
    static constexpr size_t kFlushAt = 1 << 18;
    void maybe_flush() {
        if (out_ && buf_->size() >= kFlushAt) flush();
    }
    std::ostream* out_ = nullptr;
    std::string own_;
    std::string* buf_;
};

// A pull reader over the whole text: the caller asks for the value it expects next. Errors carry the
// line they were found on; the first error wins.
class JsonReader {
public:
    explicit JsonReader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    int line() const { return line_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    int error_line() const { return error_line_; }
    // Records an error at the current line; always returns false so that callers can `return fail(...)`.
    bool fail(std::string_view message);

    // The next character after white space, 0 at the end of the text.
    char peek() {
        skip_space();
        return p_ < end_ ? *p_ : '\0';
    }
    bool at_end() { return peek() == '\0'; }
    bool expect(char c);
    // Consumes `null` if it comes next.
    bool take_null();
    // A string: a view into the text when it has no escapes, else decoded into `scratch`.
    bool string(std::string_view& out, std::string& scratch);
    bool integer(std::int64_t& out);
    bool boolean(bool& out);
    // Skips any value (used to describe what a wrong value was).
    bool skip_value();
    const char* describe_next();  // "a string", "a number", "an object", ...

    // Object members: returns 1 with the next key, 0 at the closing brace, -1 on an error.
    // `first` starts true and is managed by the call.
    int next_key(std::string_view& key, std::string& scratch, bool& first);
    // Array items: returns 1 when an item follows, 0 at the closing bracket, -1 on an error.
    int next_item(bool& first);

private:
    void skip_space() {
        while (p_ < end_) {
            char c = *p_;
            if (c == '\n') {
                ++line_;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            ++p_;
        }
    }
    bool literal(const char* word);

    const char* p_;
    const char* end_;
    int line_ = 1;
    std::string error_;
    int error_line_ = 0;
};

}  // namespace grove::exchange
