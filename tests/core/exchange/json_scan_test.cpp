// The exchange reader's JSON scanner (core/exchange/json_scan.h) against nlohmann/json's parser: for the same
// text, the same records in the same order, and the same error with the same line, whatever the damage.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/exchange/read.h"
#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;
using namespace grove::exchange;

namespace {

// Writes down every record, section end and sync entry it is handed, as text.
class Log final : public RecordSink {
public:
    bool record(Cursor&, Kind kind, const Record& r) override {
        text += "record " + std::to_string(static_cast<int>(kind)) + " " + uid_text(r.key.a) + "/" + uid_text(r.key.b) +
                " " + std::to_string(r.created) + " " + std::to_string(r.updated);
        for (std::string_view f : r.f) {
            text += '|';
            text.append(f);
        }
        text += '\n';
        return true;
    }
    bool section_end(Cursor&, Kind kind) override {
        text += "end " + std::to_string(static_cast<int>(kind)) + '\n';
        return true;
    }
    bool base_patch(Cursor&, const BasePatch& patch) override {
        text += "patch " + std::to_string(static_cast<int>(patch.kind)) + " " + uid_text(patch.key.a) + " " +
                std::to_string(patch.present) + " " + std::to_string(patch.digest.size()) + '\n';
        return true;
    }
    std::string text;
};

// What reading the text gives: every record handed on, then the error or the file's facts.
std::string read_with(const std::string& bytes, JsonEngine engine) {
    Log log;
    auto read = read_file("x.json", bytes, log, engine);
    if (!read) return log.text + "error: " + read.error().message;
    std::string facts = "ok " + std::to_string(read->has_base);
    for (auto m : read->merged) facts += " " + std::to_string(m);
    return log.text + facts;
}

void same_reading(const std::string& bytes) {
    std::string scanned = read_with(bytes, JsonEngine::kScanner);
    std::string parsed = read_with(bytes, JsonEngine::kNlohmann);
    if (scanned != parsed) {
        // Only the end of each, where they part, is worth reading.
        auto tail = [](const std::string& s) { return s.size() > 600 ? s.substr(s.size() - 600) : s; };
        INFO("text: ", tail(bytes));
        CHECK(tail(scanned) == tail(parsed));
    }
    CHECK(scanned == parsed);
}

std::string rich_file() {
    Fixture f;
    build_rich(f);
    return exported(f.store());
}

const std::string kHead = "{\"format\": \"grove.organisation\", \"version\": 1,\n\"organisation\": ";

}  // namespace

TEST_CASE("the scanner reads a whole organisation as nlohmann's parser does") {
    std::string file = rich_file();
    same_reading(file);
    CHECK(read_with(file, JsonEngine::kScanner).rfind("error", 0) == std::string::npos);
}

TEST_CASE("a file cut short anywhere reads as nlohmann's parser reads it") {
    std::string file = rich_file();
    const size_t step = file.size() / 400 + 1;
    for (size_t n = 1; n < file.size(); n += step) same_reading(file.substr(0, n));
}

TEST_CASE("a byte changed anywhere reads as nlohmann's parser reads it") {
    std::string file = rich_file();
    const char bytes[] = {'"', '\\', ',', ':', '}',  ']',    '{',    '[',    '0',    '-',
                          '.', 'e',  'x', ' ', '\n', '\x01', '\x7f', '\x80', '\xc3', '\xff'};
    const size_t step = file.size() / 300 + 1;
    size_t i = 0;
    for (size_t at = 0; at < file.size(); at += step, ++i) {
        std::string changed = file;
        changed[at] = bytes[i % sizeof bytes];
        same_reading(changed);
        std::string inserted = file;
        inserted.insert(at, 1, bytes[(i * 7) % sizeof bytes]);
        same_reading(inserted);
    }
}

TEST_CASE("strings, numbers and literals of every form read as nlohmann's parser reads them") {
    const char* values[] = {
        // strings: escapes, surrogates, UTF-8 of each length, and what is not allowed
        "\"Ada\"", "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", "\"\\u0041\\u00e9\\u20ac\"", "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"\\u00\"", "\"\\uZZZZ\"", "\"\\x\"", "\"\\u0000\"",
        "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"",
        "\"\xf4\x90\x80\x80\"", "\"\xc3\"", "\"\xe2\x82\"", "\"\x80\"", "\"\xf5\x80\x80\x80\"", "\"a\tb\"", "\"\x7f\"",
        "\"unterminated",
        // numbers
        "0", "-0", "7", "-7", "00", "01", "1.5", "-1.5e3", "1e400", "-1e400", "1E+2", "1e-2", "1.", ".5", "-", "+1",
        "1e", "1e+", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "123456789012345678901234567890", "999999999999999999",
        "-999999999999999999", "1x", "2 3",
        // literals and the rest
        "true", "false", "null", "tru", "nul", "fals", "truex", "nulll", "[]", "{}", "[1,]", "{\"a\":1,}", "{\"a\" 1}",
        "{1:2}", "[1 2]", "\"a\" \"b\""};
    const char* keys[] = {"\"name\"", "\"uid\"", "\"plan\"", "\"created_at\"", "\"nope\""};
    for (const char* value : values) {
        for (const char* key : keys) {
            same_reading(kHead + "{" + key + ": " + value + "}}");
            same_reading(kHead + "{" + key + ": " + value + "\n}}");
        }
        same_reading(std::string("{\"format\": ") + value + "}");
        same_reading(std::string("{\"format\": \"grove.organisation\", \"version\": ") + value + "}");
        same_reading(std::string("{\"format\": \"grove.organisation\", \"version\": ") + value);
        same_reading(kHead + "{\"name\": \"A\"}, \"users\": [" + value + "]}");
    }
    same_reading(kHead + "{\"name\": \"A\"}}   \n ");
    same_reading(kHead + "{\"name\": \"A\"}} x");
    same_reading(kHead + "{\"name\": \"A\"}}}");
    same_reading("{\"format\"");
    same_reading("{ ");
    same_reading("{\"format\": ");
}
