// Writing CSV for spreadsheets: quoting, a byte-order mark, CRLF, and no accidental formulas.
#include <array>

#include "core/files/csv.h"

namespace grove {

namespace {

bool looks_numeric(std::string_view text) {
    if (text.empty()) return false;
    size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
    if (i == text.size()) return false;
    bool digit = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c != '.') {
            return false;
        }
    }
    return digit;
}

// The characters that make a cell quoted wherever they are, as a table (one look-up a character).
constexpr std::array<bool, 256> kQuotedByChar = [] {
    std::array<bool, 256> table{};
    for (unsigned char c : std::string_view(",;\"\r\n")) table[c] = true;
    return table;
}();

bool starts_formula(std::string_view text) {
    return !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@') &&
           !looks_numeric(text);
}

}  // namespace

bool csv_cell_is_plain(std::string_view text) {
    if (text.empty()) return true;
    if (text.front() == ' ' || text.back() == ' ' || starts_formula(text)) return false;
    for (char c : text)
        if (kQuotedByChar[static_cast<unsigned char>(c)]) return false;
    return true;
}

std::string csv_cell(std::string_view text) {
    std::string out;
    append_csv_cell(out, text);
    return out;
}

void append_csv_cell(std::string& out, std::string_view text) {
    if (csv_cell_is_plain(text)) {
        out.append(text);
        return;
    }
    const bool formula = starts_formula(text);
    // The quote is decided on the cell as written, i.e. after the apostrophe a formula gets (which is no space).
    const bool quote = text.find_first_of(",;\"\r\n") != std::string_view::npos ||
                       (!text.empty() && ((!formula && text.front() == ' ') || text.back() == ' '));
    if (!quote) {
        if (formula) out += '\'';
        out.append(text);
        return;
    }
    out += '"';
    if (formula) out += '\'';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

CsvWriter::CsvWriter(std::string& out, bool byte_order_mark) : out_(out) {
    if (byte_order_mark) out_ += "\xEF\xBB\xBF";
}

CsvWriter& CsvWriter::cell(std::string_view text) {
    if (row_started_) out_ += ',';
    append_csv_cell(out_, text);
    row_started_ = true;
    return *this;
}

CsvWriter& CsvWriter::cell(std::int64_t number) { return cell(std::to_string(number)); }

void CsvWriter::end_row() {
    out_ += "\r\n";
    row_started_ = false;
}

void CsvWriter::row(const std::vector<std::string>& cells) {
    for (const auto& c : cells) cell(c);
    end_row();
}

}  // namespace grove
