// CSV as spreadsheets write and read it (RFC 4180): reading uploads, writing reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/storage/result.h"

namespace grove {

// One record of a CSV file and the line of the file where it starts (1-based; a quoted cell may span
// lines, so the next record can start several lines later).
struct CsvRecord {
    int line = 0;
    std::vector<std::string> cells;
};

struct CsvTable {
    char separator = ',';         // ',' or ';' (detected from the header line, as Excel writes in many locales)
    std::vector<CsvRecord> rows;  // the header is rows[0]; blank lines are skipped
};

// What a CSV file may hold: a spreadsheet's own limits (Excel's, which every other system exports within), so
// that a file that is not a table at all (a log, a binary) is refused in words instead of filling memory.
inline constexpr std::size_t kCsvMaxCellChars = 32767;  // characters in one cell
inline constexpr std::size_t kCsvMaxColumns = 16384;    // cells in one row
inline constexpr std::size_t kCsvMaxRows = 1048576;     // rows, the header included

// Reads `text`: UTF-8 with or without a byte-order mark, CRLF or LF, a last line with or without a line
// end, quoted cells holding separators, doubled quotes and line breaks. A malformed file (an unclosed
// quote, text after a closing quote, bytes that are not UTF-8, a cell, a row or a table beyond the limits
// above) is an Error "FILE:LINE: reason".
Result<CsvTable> read_csv(std::string_view text, std::string_view file_name);

// Writes CSV that Excel opens correctly: a UTF-8 byte-order mark first, CRLF line ends, cells quoted
// when they hold a comma, a quote, a line break or leading/trailing spaces. A cell that a spreadsheet
// would run as a formula (starting with =, +, -, @) gets a leading apostrophe, unless it is a number.
class CsvWriter {
public:
    explicit CsvWriter(std::string& out, bool byte_order_mark = true);
    CsvWriter& cell(std::string_view text);
    CsvWriter& cell(std::int64_t number);
    void end_row();
    void row(const std::vector<std::string>& cells);

private:
    std::string& out_;
    bool row_started_ = false;
};

// One cell as written by CsvWriter (quoted if needed), without separator.
std::string csv_cell(std::string_view text);
// The same cell appended to `out` (no string of its own: a report appends millions of them).
void append_csv_cell(std::string& out, std::string_view text);
// Whether `text` is written as it is, with no quotes and no apostrophe (csv_cell(text) == text): a report copies
// such a cell straight into its text.
bool csv_cell_is_plain(std::string_view text);

}  // namespace grove
