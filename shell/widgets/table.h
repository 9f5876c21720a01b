// Helpers for the screens' tables: centring a cell's content in a tall row, the header row, day cells.
#pragma once

#include <cstdint>
#include <string>

namespace grove::ui {

struct AppState;

// Moves the cursor down so that an item `item_height` tall sits in the middle of a table row
// `row_height` tall (both in pixels); call at the start of a cell.
void centre_in_row(float row_height, float item_height);

// Writes the names of columns [first, end) of the current table, muted and bold, centred in the header
// row (which the caller has started with TableNextRow(ImGuiTableRowFlags_Headers, height)).
void table_header_cells(const AppState& state, float header_height, int first, int end);

// ImGui::BeginTable filling `size` (0 or less: what is left, as ImGui takes it), scrolling sideways only when
// that is narrower than `min_width` pixels, so its columns never squeeze names to a few letters.
bool begin_wide_table(const char* id, int columns, int flags, float width, float height, float min_width);

// Call right after a BeginTable() that returned true: a table that scrolls draws in a child window of its own,
// which ImGui 1.90 keeps apart for the keyboard (Tab would only enter it through the table as a whole, and then
// stay inside it). Its rows become part of the page's Tab order and arrow moves, as if the table did not scroll.
// Does nothing for a table without scrolling.
void flatten_table_nav();

// "5 Jan 2026".
std::string format_day(std::int64_t ms);

}  // namespace grove::ui
