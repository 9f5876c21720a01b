// Writing CSV for spreadsheets: quoting, a byte-order mark, CRLF, and no accidental formulas.
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

}  // namespace

std::string csv_cell(std::string_view text) {
    std::string out;
    append_csv_cell(out, text);
    return out;
}

void append_csv_cell(std::string& out, std::string_view text) {
    const bool formula =
        !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@') && !looks_numeric(text);
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
