// Reading CSV as spreadsheets write it: RFC 4180 quoting, BOM, CRLF/LF/CR, blank lines, semicolons.
#include <cstring>
#include <string>

#include "core/files/csv.h"

namespace grove {

namespace {

Error malformed(std::string_view file_name, int line, const std::string& reason) {
    return bad_value(std::string(file_name) + ":" + std::to_string(line) + ": " + reason);
}

// The offset of the first byte that does not belong to well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos.
size_t first_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: most of a roster is ASCII.
        if (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::string_view::npos;
}

// The 1-based line holding `offset`: a line ends at LF, CRLF or a lone CR.
int line_at(std::string_view text, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
    }
    return line;
}

// Excel writes semicolons where the decimal mark is a comma: the header line tells which one is used.
char detect_separator(std::string_view text) {
    size_t i = 0;
    // The header is the first line that is not blank.
    while (i < text.size() && (text[i] == '\n' || text[i] == '\r')) ++i;
    int commas = 0, semicolons = 0;
    bool quoted = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            quoted = !quoted;  // a doubled quote toggles twice: no harm
        } else if (!quoted) {
            if (c == '\n' || c == '\r') break;
            if (c == ',') ++commas;
            if (c == ';') ++semicolons;
        }
    }
    return semicolons > commas ? ';' : ',';
}

// Characters (code points) of well-formed UTF-8: every byte but the continuation bytes.
std::size_t utf8_chars(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string thousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

bool blank(const CsvRecord& record) {
    for (const auto& cell : record.cells)
        for (char c : cell)
            if (c != ' ' && c != '\t') return false;
    return true;
}

}  // namespace

Result<CsvTable> read_csv(std::string_view text, std::string_view file_name) {
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
    if (size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
        return malformed(file_name, line_at(text, bad),
                         "the text is not UTF-8; save the file as \"CSV UTF-8\" and try again");
    }

    CsvTable table;
    table.separator = detect_separator(text);
    const char sep = table.separator;
    // Bytes that end an unquoted cell.
    bool stops[256] = {};
    stops[static_cast<unsigned char>(sep)] = true;
    stops[static_cast<unsigned char>('\n')] = true;
    stops[static_cast<unsigned char>('\r')] = true;

    const char* p = text.data();
    const size_t n = text.size();
    size_t i = 0;
    int line = 1;
    // Consumes the line break at i (CRLF, LF or CR), if any.
    auto line_break = [&]() -> bool {
        if (i < n && p[i] == '\r') {
            ++i;
            if (i < n && p[i] == '\n') ++i;
            ++line;
            return true;
        }
        if (i < n && p[i] == '\n') {
            ++i;
            ++line;
            return true;
        }
        return false;
    };

    CsvRecord record;
    while (i < n) {
        if (line_break()) continue;  // a blank line
        record.line = line;
        record.cells.clear();
        for (;;) {
            std::string cell;
            if (i < n && p[i] == '"') {
                const int opened = line;
                ++i;
                for (;;) {
                    const void* found = std::memchr(p + i, '"', n - i);
                    size_t end = found ? static_cast<size_t>(static_cast<const char*>(found) - p) : n;
                    // The run up to the quote is the cell's text as written, line breaks included (RFC 4180; what
                    // csv-spectrum expects); its line breaks count lines: CRLF, LF and a lone CR once each.
                    cell.append(p + i, end - i);
                    for (size_t k = i; k < end; ++k) {
                        if (p[k] == '\n' || (p[k] == '\r' && (k + 1 >= n || p[k + 1] != '\n'))) ++line;
                    }
                    if (!found) {
                        return malformed(file_name, opened, "the quote that opens a cell on this line is never closed");
                    }
                    i = end + 1;
                    if (i < n && p[i] == '"') {  // a doubled quote is one quote
                        cell += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
                while (i < n && (p[i] == ' ' || p[i] == '\t')) ++i;
                if (i < n && !stops[static_cast<unsigned char>(p[i])]) {
                    return malformed(
                        file_name, line,
                        "text follows a closing quote; a quote inside a quoted cell is written twice (\"\")");
                }
            } else {
                size_t start = i;
                while (i < n && !stops[static_cast<unsigned char>(p[i])]) ++i;
                cell.assign(p + start, i - start);
            }
            // Bytes first: a cell can only hold more characters than it holds bytes.
            if (cell.size() > kCsvMaxCellChars && utf8_chars(cell) > kCsvMaxCellChars) {
                return malformed(file_name, record.line,
                                 "a cell holds more than " + thousands(kCsvMaxCellChars) +
                                     " characters, more than a spreadsheet cell can; is this a CSV table?");
            }
            if (record.cells.size() == kCsvMaxColumns) {
                return malformed(file_name, record.line,
                                 "a row has more than " + thousands(kCsvMaxColumns) +
                                     " cells, more than a spreadsheet row can; is this a CSV table?");
            }
            record.cells.push_back(std::move(cell));
            if (i < n && p[i] == sep) {
                ++i;
                continue;
            }
            break;
        }
        line_break();
        size_t width = record.cells.size();
        if (!blank(record)) {
            if (table.rows.size() == kCsvMaxRows) {
                return malformed(file_name, record.line,
                                 "the file has more than " + thousands(kCsvMaxRows) +
                                     " rows, more than a spreadsheet can hold; split it into several files");
            }
            table.rows.push_back(std::move(record));
        }
        record = CsvRecord{};
        record.cells.reserve(width);
    }
    return table;
}

}  // namespace grove
