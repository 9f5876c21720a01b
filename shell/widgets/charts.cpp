// Charts drawn with ImGui's draw lists, each reported under its text equivalent (shell/widgets/charts.h).
#include "shell/widgets/charts.h"

#include <algorithm>
#include <cmath>

#include "core/text/text.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr size_t kMostChangesListed = 8;

std::string count_of(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

ImU32 u32(const ImVec4& c) { return ImGui::GetColorU32(c); }

ImVec4 with_alpha(ImVec4 c, float a) {
    c.w *= a;
    return c;
}

// Registers the chart's rectangle as one item with an ID (hover, keyboard focus, the snapshot), reported as `text`.
bool chart_item(const char* id, const ImRect& bb, const std::string& text) {
    ImGui::ItemSize(bb);
    if (!ImGui::ItemAdd(bb, ImGui::GetID(id))) return false;
    report_last_item(text.c_str());
    return true;
}

}  // namespace

std::string day_text(std::int64_t day) { return format_day(day * kDayMs); }

std::string day_series_text(std::string_view title, const std::vector<DayPoint>& points, const char* one,
                            const char* many) {
    std::string out(title);
    if (points.empty()) return out + ": no days to show";
    std::vector<size_t> turns;  // the first day, each day the value changed, the last day
    size_t changes = 0;
    for (size_t i = 0; i < points.size(); ++i) {
        const bool changed = i > 0 && points[i].value != points[i - 1].value;
        changes += changed ? 1 : 0;
        if (i == 0 || i + 1 == points.size() || changed) turns.push_back(i);
    }
    if (turns.size() <= kMostChangesListed + 2) {
        out += ": ";
        for (size_t k = 0; k < turns.size(); ++k) {
            const DayPoint& p = points[turns[k]];
            if (k > 0) out += ", ";
            out += (k == 0 ? count_of(p.value, one, many) : std::to_string(p.value)) + " on " + day_text(p.day);
        }
        return out;
    }
    size_t low = 0, high = 0;
    for (size_t i = 1; i < points.size(); ++i) {
        if (points[i].value < points[low].value) low = i;
        if (points[i].value > points[high].value) high = i;
    }
    out += ", " + day_text(points.front().day) + " to " + day_text(points.back().day) + ": " +
           count_of(points.front().value, one, many) + " at the start, " + std::to_string(points.back().value) +
           " at the end; lowest " + std::to_string(points[low].value) + " on " + day_text(points[low].day) +
           ", highest " + std::to_string(points[high].value) + " on " + day_text(points[high].day) + "; changed on " +
           std::to_string(changes) + " days";
    return out;
}

void day_chart(const AppState& state, const char* id, const std::vector<DayPoint>& points, const std::string& text,
               float height) {
    const Palette& p = palette(state.theme);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float w = std::max(ImGui::GetContentRegionAvail().x, state.px(120));
    const ImRect bb(pos, ImVec2(pos.x + w, pos.y + state.px(height)));
    if (!chart_item(id, bb, text) || points.empty()) return;
    const bool hovered = ImGui::IsItemHovered();

    std::int64_t top = 1;
    for (const DayPoint& d : points) top = std::max(top, d.value);
    const std::string top_label = std::to_string(top);
    const float line_h = ImGui::GetTextLineHeight();
    const float gutter = std::max(ImGui::CalcTextSize(top_label.c_str()).x, ImGui::CalcTextSize("0").x) + state.px(8);
    const ImRect plot(ImVec2(bb.Min.x + gutter, bb.Min.y + line_h * 0.5f),
                      ImVec2(bb.Max.x, bb.Max.y - line_h - state.px(6)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 muted = u32(p.text_muted);
    // Axes: a hairline at zero and one at the highest value, labelled at the left.
    draw->AddLine(ImVec2(plot.Min.x, plot.Max.y), ImVec2(plot.Max.x, plot.Max.y), u32(p.border), state.px(1));
    draw->AddLine(ImVec2(plot.Min.x, plot.Min.y), ImVec2(plot.Max.x, plot.Min.y), u32(with_alpha(p.border, 0.6f)),
                  state.px(1));
    draw->AddText(ImVec2(bb.Min.x, plot.Min.y - line_h * 0.5f), muted, top_label.c_str());
    draw->AddText(ImVec2(bb.Min.x + gutter - state.px(8) - ImGui::CalcTextSize("0").x, plot.Max.y - line_h * 0.5f),
                  muted, "0");
    const std::string first = day_text(points.front().day), last = day_text(points.back().day);
    draw->AddText(ImVec2(plot.Min.x, plot.Max.y + state.px(4)), muted, first.c_str());
    if (points.size() > 1) {
        draw->AddText(ImVec2(plot.Max.x - ImGui::CalcTextSize(last.c_str()).x, plot.Max.y + state.px(4)), muted,
                      last.c_str());
    }

    // Each day is a slot as wide as the plot over the days; its value is flat across it (a count at day's end).
    const float slot = plot.GetWidth() / static_cast<float>(points.size());
    auto y_of = [&](std::int64_t v) {
        return plot.Max.y - plot.GetHeight() * static_cast<float>(v) / static_cast<float>(top);
    };
    const ImU32 fill = u32(with_alpha(p.accent, state.theme == Theme::Dark ? 0.30f : 0.18f));
    std::vector<ImVec2> line;
    line.reserve(points.size() * 2);
    for (size_t i = 0; i < points.size(); ++i) {
        const float x0 = plot.Min.x + slot * static_cast<float>(i), x1 = x0 + slot, y = y_of(points[i].value);
        if (y < plot.Max.y) draw->AddRectFilled(ImVec2(x0, y), ImVec2(x1, plot.Max.y), fill);
        line.emplace_back(x0, y);
        line.emplace_back(x1, y);
    }
    draw->AddPolyline(line.data(), static_cast<int>(line.size()), u32(p.accent), 0, state.px(2));

    if (hovered) {
        const float mx = ImGui::GetIO().MousePos.x;
        const auto at = static_cast<size_t>(
            std::clamp(static_cast<int>((mx - plot.Min.x) / slot), 0, static_cast<int>(points.size()) - 1));
        const float cx = plot.Min.x + slot * (static_cast<float>(at) + 0.5f);
        draw->AddLine(ImVec2(cx, plot.Min.y), ImVec2(cx, plot.Max.y), u32(with_alpha(p.text_muted, 0.6f)), state.px(1));
        draw->AddCircleFilled(ImVec2(cx, y_of(points[at].value)), state.px(4), u32(p.accent));
        ImGui::SetTooltip("%s", points[at].tip.c_str());
    }
}

void usage_bar(const AppState& state, const char* id, std::int64_t used, std::int64_t cap, const std::string& figure,
               const std::string& text, float width) {
    const Palette& p = palette(state.theme);
    const float line = ImGui::GetFrameHeight();
    const float h = state.px(10);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImRect bb(pos, ImVec2(pos.x + state.px(width), pos.y + line));
    if (!chart_item(id, bb, text)) return;
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float top = std::round(pos.y + (line - h) * 0.5f);
    draw->AddRectFilled(ImVec2(bb.Min.x, top), ImVec2(bb.Max.x, top + h), u32(p.border), h * 0.5f);
    const bool full = cap > 0 && used >= cap;
    if (used > 0 && cap > 0) {
        const float share = std::min(1.0f, static_cast<float>(used) / static_cast<float>(cap));
        draw->AddRectFilled(ImVec2(bb.Min.x, top), ImVec2(bb.Min.x + std::max(bb.GetWidth() * share, h), top + h),
                            u32(full ? p.warning : p.accent), h * 0.5f);
    }
    if (hovered) {
        const std::int64_t left = std::max<std::int64_t>(cap - used, 0);
        ImGui::SetTooltip("%s: %lld left", figure.c_str(), static_cast<long long>(left));
    }
    ImGui::SameLine(0, state.px(10));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(figure.c_str());
}

void parts_bar(const AppState& state, const char* id, const std::vector<ChartPart>& parts, const std::string& text) {
    const Palette& p = palette(state.theme);
    const float h = state.px(14);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float w = std::max(ImGui::GetContentRegionAvail().x, state.px(120));
    const ImRect bb(pos, ImVec2(pos.x + w, pos.y + h));
    if (!chart_item(id, bb, text)) return;
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    std::int64_t total = 0;
    for (const ChartPart& part : parts) total += part.count;
    draw->AddRectFilled(bb.Min, bb.Max, u32(p.border), state.px(3));
    float x = bb.Min.x;
    const float mx = ImGui::GetIO().MousePos.x;
    const ChartPart* under = nullptr;
    for (const ChartPart& part : parts) {
        if (total == 0 || part.count == 0) continue;
        const float x1 = x + bb.GetWidth() * static_cast<float>(part.count) / static_cast<float>(total);
        draw->AddRectFilled(ImVec2(x, bb.Min.y), ImVec2(x1, bb.Max.y), u32(part.ink));
        if (mx >= x && mx < x1) under = &part;
        x = x1;
    }
    if (hovered && under != nullptr) {
        const auto percent =
            static_cast<long long>(std::lround(100.0 * static_cast<double>(under->count) / static_cast<double>(total)));
        ImGui::SetTooltip("%s: %lld of %lld (%lld%%)", under->name.c_str(), static_cast<long long>(under->count),
                          static_cast<long long>(total), percent);
    }
    // The legend: a swatch, the part's name and its count, on one line.
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) ImGui::SameLine(0, state.px(18));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float s = state.px(10);
        const float line_h = ImGui::GetTextLineHeight();
        ImGui::Dummy(ImVec2(s, line_h));
        draw->AddRectFilled(ImVec2(at.x, at.y + (line_h - s) * 0.5f), ImVec2(at.x + s, at.y + (line_h + s) * 0.5f),
                            u32(parts[i].ink), state.px(2));
        ImGui::SameLine(0, state.px(6));
        const std::string label = parts[i].name + " " + std::to_string(parts[i].count);
        ImGui::TextUnformatted(label.c_str());
    }
}

void chart_table(const AppState& state, const char* id, const std::vector<std::string>& heads,
                 const std::vector<std::vector<std::string>>& rows, float max_height) {
    const Palette& p = palette(state.theme);
    const int columns = static_cast<int>(heads.size());
    const float row_h = ImGui::GetTextLineHeightWithSpacing() + state.px(4);
    const float height = std::min(state.px(max_height), row_h * static_cast<float>(rows.size() + 1) + state.px(4));
    if (!ImGui::BeginTable(id, columns,
                           ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit,
                           ImVec2(0, height))) {
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const std::string& head : heads) ImGui::TableSetupColumn(head.c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < columns; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(heads[static_cast<size_t>(c)].c_str());
        ImGui::PopStyleColor();
    }
    for (const std::vector<std::string>& row : rows) {
        ImGui::TableNextRow();
        for (int c = 0; c < columns && c < static_cast<int>(row.size()); ++c) {
            ImGui::TableSetColumnIndex(c);
            ImGui::TextUnformatted(row[static_cast<size_t>(c)].c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace grove::ui
