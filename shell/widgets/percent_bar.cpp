// Percentages as bars, and times as people read them (shell/widgets/percent_bar.h).
#include "shell/widgets/percent_bar.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "core/text/text.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/table.h"

namespace grove::ui {

void percent_bar(const AppState& state, std::optional<int> percent, float width, const ImVec4& ink,
                 const std::string& label) {
    const Palette& p = palette(state.theme);
    const float w = state.px(width);
    const float h = state.px(6);
    const float line = ImGui::GetFrameHeight();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, line));
    if (!label.empty()) {
        const std::string text = label + ": " + (percent ? std::to_string(*percent) + "%" : std::string("none"));
        report_last_progress(text.c_str(), percent ? static_cast<float>(std::clamp(*percent, 0, 100)) / 100.0f : 0.0f);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float top = std::round(pos.y + (line - h) * 0.5f);
    draw->AddRectFilled(ImVec2(pos.x, top), ImVec2(pos.x + w, top + h), ImGui::GetColorU32(p.border), h * 0.5f);
    if (percent && *percent > 0) {
        const float fill = w * static_cast<float>(std::clamp(*percent, 0, 100)) / 100.0f;
        draw->AddRectFilled(ImVec2(pos.x, top), ImVec2(pos.x + std::max(fill, h), top + h), ImGui::GetColorU32(ink),
                            h * 0.5f);
    }
    ImGui::SameLine(0, state.px(8));
    ImGui::AlignTextToFramePadding();
    const std::string figure = percent ? std::to_string(*percent) + "%" : std::string("\xe2\x80\x94");
    if (!percent) ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(figure.c_str());
    if (!percent) ImGui::PopStyleColor();
}

std::string format_day_time(std::int64_t ms) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    if (localtime_r(&secs, &tm) == nullptr) return format_iso_time(ms).substr(0, 16);
    char clock[8];
    std::strftime(clock, sizeof clock, "%H:%M", &tm);
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return std::to_string(tm.tm_mday) + " " + kMonths[tm.tm_mon % 12] + " " + std::to_string(tm.tm_year + 1900) + ", " +
           clock;
}

}  // namespace grove::ui
