// Reading the Grove file (core/exchange/read.cpp on nlohmann/json): what is refused, with the file name and line.
#include <algorithm>
#include <doctest/doctest.h>
#include <string>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

TEST_CASE("a file that is not a Grove file is refused with the file name and line") {
    auto s = empty_store(1);
    auto before = s->db().serialize();
    auto csv = import_json(*s, 0, "people.csv", "email,first name\nada@x.org,Ada\n");
    REQUIRE_FALSE(csv);
    CHECK(csv.error().message == "people.csv:1: not a Grove organisation file: it is not JSON (JSON starts with '{')");
    auto other = import_json(*s, 0, "data.json", "{\n  \"name\": \"x\"\n}");
    REQUIRE_FALSE(other);
    CHECK(other.error().message ==
          "data.json:2: not a Grove organisation file: it does not start with \"format\": \"grove.organisation\"");
    auto format = import_json(*s, 0, "x.json", "{\"format\": \"other.thing\", \"version\": 1}");
    REQUIRE_FALSE(format);
    CHECK(format.error().message ==
          "x.json:1: not a Grove organisation file: its format is 'other.thing', not grove.organisation");
    auto empty = import_json(*s, 0, "empty.json", "");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message == "empty.json:1: not a Grove organisation file: it is empty");
    CHECK(s->db().serialize() == before);
    CHECK_FALSE(get_org(*s));
}

TEST_CASE("a file of a newer format version is refused") {
    auto s = empty_store(1);
    auto r =
        import_json(*s, 0, "new.json", "{\"format\": \"grove.organisation\", \"version\": 6, \"organisation\": {}}");
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "new.json: it was written by a newer Grove (format version 6); this Grove reads version 5 and older.");
}

TEST_CASE("a broken file names the line of the fault and restores nothing") {
    Fixture f;
    build_rich(f);
    std::string file = exported(f.store());
    // Break the sixth line: the first of the fields.
    size_t at = 0;
    for (int line = 1; line < 6; ++line) at = file.find('\n', at) + 1;
    std::string broken = file.substr(0, at) + "    {\"uid\": 42}," + file.substr(at);
    auto s = empty_store(2);
    auto before = s->db().serialize();
    auto r = import_json(*s, 0, "hill.json", broken);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "hill.json:6: 'uid' must be a string of 32 hex digits, not a number");
    CHECK(s->db().serialize() == before);

    std::string cut = file.substr(0, file.size() / 2);
    auto truncated = import_json(*s, 0, "hill.json", cut);
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().message.rfind("hill.json:", 0) == 0);
    CHECK(s->db().serialize() == before);

    std::string dangling = file;
    std::string grade = "\"group\": \"";
    size_t g = dangling.find(grade, dangling.find("\"memberships\": ["));
    dangling.replace(g + grade.size(), 32, std::string(32, 'f'));
    auto ref = import_json(*s, 0, "hill.json", dangling);
    REQUIRE_FALSE(ref);
    CHECK(contains(ref.error().message,
                   "names the group ffffffffffffffffffffffffffffffff (group), which is not in the file"));
    CHECK(s->db().serialize() == before);
}

TEST_CASE("a file with two people whose emails differ only in case beyond ASCII is refused") {
    Fixture f;
    f.person("j\xC3\xBCrgen@ex\xC3\xA4mple.de", "J\xC3\xBCrgen", "Weber");
    f.person("kim@hill.org", "Kim", "Lee");
    std::string file = exported(f.store());
    size_t kim = file.find("kim@hill.org");
    REQUIRE(kim != std::string::npos);
    file.replace(kim, std::string("kim@hill.org").size(), "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE");
    auto s = empty_store(4);
    auto before = s->db().serialize();
    auto r = import_json(*s, 0, "hill.json", file);
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().message, "a second person with the email J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE"));
    CHECK(s->db().serialize() == before);
}

TEST_CASE("a file's names are one line and its field values are of their field's type, as Grove writes them") {
    Fixture f;
    must(add_field(f.store(), f.owner, "Badge", FieldType::kNumber));
    must(add_field(f.store(), f.owner, "Start", FieldType::kDate));
    must(add_field(f.store(), f.owner, "Location", FieldType::kChoice, {"North", "South"}));
    must(add_user(f.store(), f.owner,
                  {"ada@hill.org",
                   "Ada",
                   "Lovelace",
                   std::nullopt,
                   {{"Badge", "7"}, {"Start", "2026-01-05"}, {"Location", "North"}}}));
    f.group("Grade 9");
    const std::string file = exported(f.store());
    auto changed = [&](const std::string& from, const std::string& to) {
        std::string text = file;
        size_t at = text.find(from);
        REQUIRE(at != std::string::npos);
        return text.replace(at, from.size(), to);
    };
    auto line_of = [&](const std::string& needle) {
        return std::to_string(std::count(file.begin(), file.begin() + static_cast<long>(file.find(needle)), '\n') + 1);
    };
    const std::string ada = line_of("ada@hill.org"), grade = line_of("\"Grade 9\"");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {changed("\"value\": \"7\"", "\"value\": \"0x10\""),
         "hill.json:" + ada + ": Badge must be a number, not '0x10'"},
        {changed("\"value\": \"7\"", "\"value\": \"1e+23\""),
         "hill.json:" + ada + ": Badge must be a number, not '1e+23'"},
        {changed("\"value\": \"7\"", "\"value\": \"+7\""), "hill.json:" + ada + ": Badge '+7' must be written '7'"},
        {changed("\"value\": \"2026-01-05\"", "\"value\": \"2026-02-30\""),
         "hill.json:" + ada + ": Start must be a date written YYYY-MM-DD, not '2026-02-30'"},
        {changed("\"value\": \"North\"", "\"value\": \"West\""),
         "hill.json:" + ada + ": Location must be one of North, South, not 'West'"},
        {changed("\"name\": \"Grade 9\"", "\"name\": \"Grade\\n9\""),
         "hill.json:" + grade + ": the group's name has a line break"},
        {changed("\"first_name\": \"Ada\"", "\"first_name\": \"A\\tda\""),
         "hill.json:" + ada + ": the person's first name has a tab"},
        {changed("\"name\": \"Grade 9\"", "\"name\": \"" + std::string(201, 'G') + "\""),
         "hill.json:" + grade + ": the group's name is 201 characters long; the most is 200"},
    };
    for (const auto& one : cases) {  // no structured binding: clang 14 (em++) cannot capture one in CAPTURE
        const std::string& text = one.first;
        const std::string& message = one.second;
        CAPTURE(message);
        auto s = empty_store(5);
        auto before = s->db().serialize();
        auto r = import_json(*s, 0, "hill.json", text);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == message);
        CHECK(s->db().serialize() == before);
        // A merge reads the file the same way: nothing of it is taken.
        auto merged = plan_import(f.store(), f.owner, "hill.json", text);
        REQUIRE_FALSE(merged);
        CHECK(merged.error().message == message);
    }
    auto s = empty_store(6);
    CHECK(import_json(*s, 0, "hill.json", file));  // the file as Grove wrote it is fine
}

TEST_CASE("nlohmann's parse errors read as a person's words, with the line of the fault") {
    Fixture f;
    build_rich(f);
    std::string file = exported(f.store());
    auto s = empty_store(3);
    auto lines = [](const std::string& text) { return std::to_string(std::count(text.begin(), text.end(), '\n') + 1); };

    // Cut after the line that opens the people: the end comes on the line after it.
    std::string cut = file.substr(0, file.find('\n', file.find("\"users\": [")) + 1);
    auto short_file = import_json(*s, 0, "hill.json", cut);
    REQUIRE_FALSE(short_file);
    CHECK(short_file.error().message ==
          "hill.json:" + lines(cut) + ": the file ends before the organisation does (is it cut short?)");

    auto trailing = import_json(*s, 0, "hill.json", file + "{}");
    REQUIRE_FALSE(trailing);
    CHECK(trailing.error().message == "hill.json:" + lines(file) + ": text after the end of the organisation");

    auto colon = import_json(*s, 0, "x.json", "{\"format\": \"grove.organisation\",\n \"version\" 1}");
    REQUIRE_FALSE(colon);
    CHECK(colon.error().message.rfind("x.json:2: this is not valid JSON near '1': ", 0) == 0);

    auto raw =
        import_json(*s, 0, "x.json",
                    "{\"format\": \"grove.organisation\", \"version\": 1,\n\"organisation\": {\"name\": \"A\nB\"}}");
    REQUIRE_FALSE(raw);
    CHECK(raw.error().message ==
          "x.json:2: a string holds a raw control character (a line break?); JSON writes them as \\n");
    CHECK_FALSE(get_org(*s));
}

TEST_CASE("a value just before a line break is reported on its own line") {
    auto s = empty_store(1);
    // The parser reads one character past a number; that line break must not count yet.
    auto r = import_json(*s, 0, "x.json", "{\"format\": \"grove.organisation\",\n\"version\": 1.5\n}");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "x.json:2: expected a whole number");
    auto record = import_json(
        *s, 0, "x.json", "{\"format\": \"grove.organisation\", \"version\": 1,\n\"organisation\": {\"uid\": 7\n}}");
    REQUIRE_FALSE(record);
    CHECK(record.error().message == "x.json:2: 'uid' must be a string of 32 hex digits, not a number");
}

TEST_CASE(
    "JSON that is not an organisation says it is JSON; a text, a nesting or a file beyond the limits is refused") {
    auto s = empty_store(1);
    auto before = s->db().serialize();
    auto list = import_json(*s, 0, "list.json", "[{\"format\": \"grove.organisation\"}]");
    REQUIRE_FALSE(list);
    CHECK(list.error().message ==
          "list.json:1: not a Grove organisation file: it is JSON, but not one object "
          "starting with \"format\": \"grove.organisation\"");
    // Nested deeper than any Grove file is, JSON or not: the parse stops at the limit, not at the memory's end.
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto nested = import_json(*s, 0, "deep.json", deep);
    REQUIRE_FALSE(nested);
    CHECK(nested.error().message ==
          "deep.json:1: not a Grove organisation file: it nests lists or objects more than 64 deep");

    std::string long_name(kGroveFileTextLimit + 1, 'a');
    auto text = import_json(*s, 0, "long.json", "{\n\"format\": \"" + long_name + "\"}");
    REQUIRE_FALSE(text);
    CHECK(text.error().message == "long.json:2: a text longer than 8 MB; no text of an organisation is that long");

    CHECK(check_grove_file_size("big.json", kGroveFileLimit).ok());
    auto big = check_grove_file_size("big.json", kGroveFileLimit + 1);
    REQUIRE_FALSE(big);
    CHECK(big.error().message == "big.json: the file is 1.1 GB; a Grove file may be at most 1 GB.");
    CHECK(s->db().serialize() == before);
    CHECK_FALSE(get_org(*s));
}

TEST_CASE("a NUL byte, where JSON's reader would stop reading, refuses the file with its line") {
    auto s = empty_store(1);
    auto nul = import_json(*s, 0, "cut.json", std::string("{\"format\": \"grove.organisation\"}\n\0{", 35));
    REQUIRE_FALSE(nul);
    CHECK(nul.error().message ==
          "cut.json:2: a NUL byte, which no JSON text holds: this is not a Grove file, or it is damaged");
}
