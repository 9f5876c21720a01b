// Zip archives in memory (core/exchange/zip.cpp): round trips through minizip, and every kind of bad archive refused.
#include "core/exchange/zip.h"

#include <doctest/doctest.h>

#include "must.h"

using namespace grove;
using grove::testing::must;

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::string refusal(const Result<std::vector<ZipEntry>>& r) {
    REQUIRE_FALSE(r);
    return r.error().message;
}

}  // namespace

TEST_CASE("a zip written in memory reads back file by file, in order, byte for byte") {
    std::string binary;
    for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
    std::vector<ZipEntry> files = {{"manifest.csv", "propertyName,value\r\n"},
                                   {"users.csv", std::string(100000, 'x') + "\r\n"},
                                   {"folder/raw.bin", binary},
                                   {"empty.csv", ""}};
    std::string zip = must(write_zip(files));
    CHECK(zip.substr(0, 4) == std::string("PK\x03\x04", 4));
    CHECK(zip.size() < 2000);  // deflated: 100,000 x's take little room
    auto read = must(read_zip(zip, "roster.zip"));
    REQUIRE(read.size() == files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        CHECK(read[i].name == files[i].name);
        CHECK(read[i].bytes == files[i].bytes);
    }
    // The same files give the same bytes (one fixed time on every entry).
    CHECK(must(write_zip(files)) == zip);
}

TEST_CASE("what is not a zip, or a damaged one, is refused with the file's name") {
    CHECK(refusal(read_zip("sourcedId,name\r\n", "roster.zip")).find("roster.zip: not a zip file") == 0);
    CHECK(refusal(read_zip("", "empty.zip")).find("empty.zip:") == 0);
    std::string zip = must(write_zip({{"users.csv", std::string(5000, 'a') + "tail"}}));
    // Cut off its central directory.
    CHECK(refusal(read_zip(zip.substr(0, zip.size() / 2), "cut.zip")).find("cut.zip:") == 0);
    // A changed byte in the stored data: inflating fails or the checksum differs.
    std::string stored = must(write_zip({{"a.csv", "0123456789abcdef0123456789"}}));
    std::size_t at = stored.find("a.csv") + 5 + 3;
    stored[at] = static_cast<char>(stored[at] ^ 0x55);
    CHECK(refusal(read_zip(stored, "bad.zip")).find("bad.zip: the file a.csv is damaged") == 0);
}

TEST_CASE("a zip bomb is refused when what it inflates to passes the limit") {
    std::string zip = must(write_zip({{"bomb.csv", std::string(3 * 1024 * 1024, '\0')}}));
    CHECK(zip.size() < 10000);
    ZipLimits limits;
    limits.total = 1024 * 1024;
    std::string why = refusal(read_zip(zip, "bomb.zip", limits));
    CHECK(why == "bomb.zip: its files inflate to more than 1 MB, the limit.");
    // Under the default limit it reads.
    CHECK(must(read_zip(zip, "bomb.zip")).at(0).bytes.size() == 3 * 1024 * 1024);
}

TEST_CASE("too many files in one zip are refused") {
    std::vector<ZipEntry> files;
    for (int i = 0; i < 5; ++i) files.push_back({"f" + std::to_string(i) + ".csv", "x"});
    ZipLimits limits;
    limits.entries = 4;
    CHECK(refusal(read_zip(must(write_zip(files)), "many.zip", limits)) == "many.zip: more than 4 files in one zip.");
}

TEST_CASE("names that climb out, are absolute or come twice are refused, reading and writing") {
    // Written with harmless names of the same length, then renamed in place (local header and directory alike).
    std::string climbing = replace_all(must(write_zip({{"aa/users.csv", "x"}})), "aa/users.csv", "../users.csv");
    CHECK(refusal(read_zip(climbing, "evil.zip")) == "evil.zip: the file name ../users.csv has a .. part.");
    std::string absolute = replace_all(must(write_zip({{"xetc/passwd", "x"}})), "xetc/passwd", "/etc/passwd");
    CHECK(refusal(read_zip(absolute, "abs.zip")) == "abs.zip: the file name /etc/passwd is absolute.");
    std::string twice =
        replace_all(must(write_zip({{"users.csv", "a"}, {"USERZ.csv", "b"}})), "USERZ.csv", "USERS.csv");
    CHECK(refusal(read_zip(twice, "twice.zip")) == "twice.zip: the file USERS.csv is in the zip twice.");

    CHECK_FALSE(write_zip({{"../x.csv", "x"}}));
    CHECK_FALSE(write_zip({{"a.csv", "x"}, {"A.CSV", "y"}}));
    CHECK_FALSE(write_zip({{"", "x"}}));
    CHECK_FALSE(write_zip({{std::string(300, 'n'), "x"}}));
}
