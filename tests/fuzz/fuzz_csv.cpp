// The CSV reader over any bytes: a table or a clear "FILE:LINE: reason", never a crash; and a table
// written out again with every cell quoted and commas between reads back as the same cells (the
// separator is told from the first line, blank or not, so the copy always uses commas).
#include <cstdlib>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grove;
    auto table = read_csv(fuzz::as_text(data, size), "fuzz.csv");
    if (!table) {
        if (table.error().message.rfind("fuzz.csv", 0) != 0) std::abort();  // every refusal names the file
        return 0;
    }
    std::string again;
    for (const auto& row : table->rows) {
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            if (i) again += ',';
            again += '"';
            for (char c : row.cells[i]) {
                if (c == '"') again += '"';
                again += c;
            }
            again += '"';
        }
        again += '\n';
    }
    auto reread = read_csv(again, "again.csv");
    if (!reread || reread->rows.size() != table->rows.size()) std::abort();
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
        if (reread->rows[r].cells != table->rows[r].cells) std::abort();
    }
    return 0;
}
