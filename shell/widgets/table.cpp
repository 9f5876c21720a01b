// Table helpers shared by the screens (shell/widgets/table.h).
#include "shell/widgets/table.h"

#include <algorithm>
#include <cmath>

#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"

namespace grove::ui {

void centre_in_row(float row_height, float item_height) {
    const float inner = row_height - 2.0f * ImGui::GetStyle().CellPadding.y;
    const float offset = std::max(0.0f, std::round((inner - item_height) * 0.5f));
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + offset);
    // A table aligns text to the tallest frame of the row; the text here is centred on its own.
    ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
}

void table_header_cells(const AppState& state, float header_height, int first, int end) {
    ImGui::PushFont(state.fonts.bold);
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    for (int column = first; column < end; ++column) {
        ImGui::TableSetColumnIndex(column);
        centre_in_row(header_height, ImGui::GetFontSize());
        ImGui::TextUnformatted(ImGui::TableGetColumnName(column));
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void flatten_table_nav() {
    ImGuiContext& g = *GImGui;
    ImGuiTable* table = g.CurrentTable;
    if (table == nullptr || table->InnerWindow == table->OuterWindow || g.CurrentWindow != table->InnerWindow) return;
    ImGuiWindow* inner = table->InnerWindow;
    if ((inner->Flags & ImGuiWindowFlags_NavFlattened) != 0 || inner->ParentWindow == nullptr) return;
    // What Begin() does for a child with ImGuiWindowFlags_NavFlattened (BeginTable offers no way to ask for it):
    // no focus scope of its own, and navigation's root is the parent's. End() then pops no focus scope.
    ImGui::PopFocusScope();
    g.CurrentWindowStack.back().StackSizesOnBegin.SizeOfFocusScopeStack = static_cast<short>(g.FocusScopeStack.Size);
    inner->Flags |= ImGuiWindowFlags_NavFlattened;
    inner->RootWindowForNav = inner->ParentWindow->RootWindowForNav;
    inner->NavRootFocusScopeId = g.CurrentFocusScopeId;
}

bool begin_wide_table(const char* id, int columns, int flags, float width, float height, float min_width) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = width > 0.0f ? width : avail.x;
    const bool sideways = w < min_width;
    const bool open = ImGui::BeginTable(id, columns, flags | (sideways ? ImGuiTableFlags_ScrollX : 0),
                                        ImVec2(w, height), sideways ? min_width : 0.0f);
    if (open) flatten_table_nav();
    return open;
}

std::string format_day(std::int64_t ms) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = format_iso_day(ms);  // "2026-01-05"
    if (iso.size() != 10) return iso;
    const int month = std::stoi(iso.substr(5, 2));
    const int day = std::stoi(iso.substr(8, 2));
    if (month < 1 || month > 12) return iso;
    return std::to_string(day) + " " + kMonths[month - 1] + " " + iso.substr(0, 4);
}

}  // namespace grove::ui
