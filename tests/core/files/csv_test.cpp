// Reading CSV as spreadsheets write it (core/files/csv_read.cpp), and reading back what CsvWriter writes.
#include "core/files/csv.h"

#include <doctest/doctest.h>

#include "must.h"

using namespace grove;
using grove::testing::must;

namespace {

CsvTable read(std::string_view text) { return must(read_csv(text, "people.csv")); }

std::vector<std::vector<std::string>> cells(const CsvTable& table) {
    std::vector<std::vector<std::string>> out;
    for (const auto& row : table.rows) out.push_back(row.cells);
    return out;
}

std::vector<int> lines(const CsvTable& table) {
    std::vector<int> out;
    for (const auto& row : table.rows) out.push_back(row.line);
    return out;
}

std::string error_of(std::string_view text) {
    auto table = read_csv(text, "people.csv");
    REQUIRE_FALSE(table);
    CHECK(table.error().code == ErrorCode::kBadValue);
    return table.error().message;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("a plain file reads as rows of cells, each with its line") {
    auto table = read("email,first_name\nada@x.org,Ada\ngrace@x.org,Grace\n");
    CHECK(table.separator == ',');
    CHECK(cells(table) == Rows{{"email", "first_name"}, {"ada@x.org", "Ada"}, {"grace@x.org", "Grace"}});
    CHECK(lines(table) == std::vector<int>{1, 2, 3});
}

TEST_CASE("quoted cells hold commas, doubled quotes and the separator") {
    auto table = read("name,note\n\"Hopper, Grace\",\"She said \"\"hi\"\"\"\n\"\",\"a;b\"\n");
    CHECK(cells(table) == Rows{{"name", "note"}, {"Hopper, Grace", "She said \"hi\""}, {"", "a;b"}});
}

TEST_CASE("a line break inside quotes stays in the cell as written, and the next record starts lines later") {
    auto table = read("name,note\n\"Ada\",\"first line\nsecond line\r\nthird line\"\nGrace,x\n");
    REQUIRE(table.rows.size() == 3);
    CHECK(table.rows[1].cells[1] == "first line\nsecond line\r\nthird line");
    CHECK(lines(table) == std::vector<int>{1, 2, 5});
}

TEST_CASE("a byte-order mark is not part of the first header") {
    auto table = read(
        "\xEF\xBB\xBF"
        "email,group\nada@x.org,grade-9\n");
    CHECK(table.rows[0].cells[0] == "email");
}

TEST_CASE("CRLF, LF and lone CR all end lines") {
    CHECK(cells(read("a,b\r\n1,2\r\n")) == Rows{{"a", "b"}, {"1", "2"}});
    auto old_mac = read("a,b\r1,2\r3,4");
    CHECK(cells(old_mac) == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(lines(old_mac) == std::vector<int>{1, 2, 3});
}

TEST_CASE("the last line may end without a line break") {
    CHECK(cells(read("a,b\n1,2")) == Rows{{"a", "b"}, {"1", "2"}});
    CHECK(cells(read("a,b\n\"1\",\"2\"")) == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("blank lines and rows of empty cells are skipped, and lines still count them") {
    auto table = read("\na,b\n\n1,2\r\n\r\n,\n  ,\t\n3,4\n\n");
    CHECK(cells(table) == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(lines(table) == std::vector<int>{2, 4, 8});
}

TEST_CASE("empty cells are kept, also at the end of a line") {
    CHECK(cells(read("a,b,c\n1,,\n")) == Rows{{"a", "b", "c"}, {"1", "", ""}});
}

TEST_CASE("a file separated by semicolons, as Excel writes in many locales, is detected from its header") {
    auto table = read("email;first name;note\nada@x.org;Ada;\"Countess; writer\"\ngrace@x.org;Grace;1,5\n");
    CHECK(table.separator == ';');
    CHECK(cells(table) == Rows{{"email", "first name", "note"},
                               {"ada@x.org", "Ada", "Countess; writer"},
                               {"grace@x.org", "Grace", "1,5"}});
    // Semicolons inside a quoted header cell do not count.
    CHECK(read("\"a;b;c\",d\n1,2\n").separator == ',');
    CHECK(read("email\nada@x.org\n").separator == ',');
}

TEST_CASE("spaces after a closing quote are allowed; a quote inside an unquoted cell is kept") {
    CHECK(cells(read("\"a\"  ,b\n")) == Rows{{"a", "b"}});
    CHECK(cells(read("size,x\n5\" screen,y\n")) == Rows{{"size", "x"}, {"5\" screen", "y"}});
}

TEST_CASE("UTF-8 text reads as it is") {
    auto table = read("name\nÉmile Zoë 李 🙂\n");
    CHECK(table.rows[1].cells[0] == "Émile Zoë 李 🙂");
}

TEST_CASE("an empty file has no rows") {
    CHECK(read("").rows.empty());
    CHECK(read("\xEF\xBB\xBF").rows.empty());
    CHECK(read("\n\r\n").rows.empty());
}

TEST_CASE("an unclosed quote names the line where the quote opens") {
    CHECK(error_of("a,b\n1,2\n3,\"open\n4,5\n6,7\n") ==
          "people.csv:3: the quote that opens a cell on this line is never closed");
    // After a multi-line cell, lines still count from the top of the file.
    CHECK(error_of("a\n\"x\ny\"\n\"z") == "people.csv:4: the quote that opens a cell on this line is never closed");
}

TEST_CASE("text after a closing quote is an error on its line") {
    CHECK(error_of("a,b\n\"x\ny\"z,1\n") ==
          "people.csv:3: text follows a closing quote; a quote inside a quoted cell is written twice (\"\")");
}

TEST_CASE("bytes that are not UTF-8 are an error naming their line") {
    const std::string reason = ": the text is not UTF-8; save the file as \"CSV UTF-8\" and try again";
    CHECK(error_of("name\nAda\nJos\xE9\n") == "people.csv:3" + reason);         // Latin-1 é
    CHECK(error_of("name\r\nAda\r\n\xC0\xAF\r\n") == "people.csv:3" + reason);  // an overlong '/'
    CHECK(error_of("name\rA\r\xED\xA0\x80") == "people.csv:3" + reason);        // a UTF-16 surrogate
    CHECK(error_of("name\nab\xE2\x82") == "people.csv:2" + reason);             // cut off at the end
    CHECK(error_of("\xEF\xBB\xBF\xFFname") == "people.csv:1" + reason);
}

TEST_CASE("a cell is quoted where a spreadsheet needs it and a formula is never one") {
    CHECK(csv_cell("plain") == "plain");
    CHECK(csv_cell("") == "");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell(" padded") == "\" padded\"");
    CHECK(csv_cell("=SUM(A1)") == "'=SUM(A1)");
    CHECK(csv_cell("= padded ") == "\"'= padded \"");
    CHECK(csv_cell("-12.5") == "-12.5");
    CHECK(csv_cell("+1; x") == "\"'+1; x\"");
    std::string out = "x,";
    append_csv_cell(out, "a\nb");
    CHECK(out == "x,\"a\nb\"");
}

TEST_CASE("a plain cell is one written as it is, and only such a cell") {
    // The report copies plain cells straight through: plain must mean exactly csv_cell(text) == text.
    for (const char* text : {"plain",     "",           "a,b",       "say \"hi\"", " padded", "padded ",    "=SUM(A1)",
                             "= padded ", "-12.5",      "+1; x",     "-",          "@home",   "semi;colon", "cr\r",
                             "lf\n",      "0123abcdef", "Zoë Émile", "-x",         "+",       "'quoted",    "a b"}) {
        CHECK(csv_cell_is_plain(text) == (csv_cell(text) == text));
    }
    CHECK(csv_cell_is_plain("0e1a2b3c4d5e6f708192a3b4c5d6e7f8"));
    CHECK_FALSE(csv_cell_is_plain("=1+1"));
    CHECK_FALSE(csv_cell_is_plain("a,b"));
}

TEST_CASE("what CsvWriter writes reads back as the same cells") {
    const Rows rows{{"email", "note", "name"},
                    {"ada@x.org", "Hello, \"world\"", " padded "},
                    {"grace@x.org", "two\nlines", "Zoë; Émile"},
                    {"", "", "last"}};
    std::string text;
    CsvWriter csv(text);
    for (const auto& row : rows) csv.row(row);
    auto table = read(text);
    CHECK(cells(table) == rows);
    CHECK(lines(table) == std::vector<int>{1, 2, 3, 5});
}

TEST_CASE("a large file reads completely") {
    std::string text = "email,first_name,last_name\n";
    for (int i = 0; i < 20000; ++i)
        text += "person" + std::to_string(i) + "@x.org,First,\"Last, " + std::to_string(i) + "\"\n";
    auto table = read(text);
    REQUIRE(table.rows.size() == 20001);
    CHECK(table.rows.back().line == 20001);
    CHECK(table.rows.back().cells[2] == "Last, 19999");
}

TEST_CASE("a cell, a row or a table beyond a spreadsheet's limits is refused with its line") {
    // At the limit: a cell of 32,767 characters, two bytes each, reads whole.
    std::string at_limit;
    for (std::size_t i = 0; i < kCsvMaxCellChars; ++i) at_limit += "\xC3\xA9";  // é
    CHECK(read("name\n" + at_limit + "\n").rows[1].cells[0].size() == 2 * kCsvMaxCellChars);

    auto long_cell = read_csv("name\nAda\n\"" + std::string(kCsvMaxCellChars + 1, 'x') + "\"\n", "people.csv");
    REQUIRE_FALSE(long_cell);
    CHECK(long_cell.error().message ==
          "people.csv:3: a cell holds more than 32,767 characters, more than a spreadsheet cell can; is this a "
          "CSV table?");

    std::string wide = "a";
    for (std::size_t i = 0; i < kCsvMaxColumns; ++i) wide += ",";
    auto wide_row = read_csv("name\n" + wide + "\n", "people.csv");
    REQUIRE_FALSE(wide_row);
    CHECK(wide_row.error().message ==
          "people.csv:2: a row has more than 16,384 cells, more than a spreadsheet row can; is this a CSV table?");

    std::string tall;
    tall.reserve(2 * (kCsvMaxRows + 1));
    for (std::size_t i = 0; i <= kCsvMaxRows; ++i) tall += "x\n";
    auto too_many = read_csv(tall, "people.csv");
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().message ==
          "people.csv:1048577: the file has more than 1,048,576 rows, more than a spreadsheet can hold; split it "
          "into several files");
    tall.resize(2 * kCsvMaxRows);
    CHECK(read(tall).rows.size() == kCsvMaxRows);
}
