// The group page's "Size over time" card (F31): the group's members day by day, as a chart or a table.
#include "shell/screens/group_size_chart.h"

#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

namespace {

constexpr std::uint32_t kSizeKinds = kChangeGroups | kChangeMemberships;
constexpr float kChartHeight = 110;  // CSS pixels
constexpr float kTableHeight = 150;
// Below this much room under the heading (CSS pixels), the card is one line: the people keep the page.
constexpr float kRoomForChart = 480;

std::string members_text(std::int64_t n) { return counted(n, "member", "members"); }

std::string tip_of(const GroupSizeDay& d) {
    std::string tip = day_text(d.day) + ": " + members_text(d.members);
    if (d.joined > 0 || d.left > 0) {
        tip += " (";
        if (d.joined > 0) tip += std::to_string(d.joined) + " joined";
        if (d.left > 0) tip += std::string(d.joined > 0 ? ", " : "") + std::to_string(d.left) + " left";
        tip += ")";
    }
    return tip;
}

std::string caption_of(const GroupSizeHistory& h) {
    const std::int64_t today = h.days.empty() ? 0 : h.days.back().members;
    std::string out = "Members at the end of each day (UTC), " +
                      std::string(h.from_creation ? "since the group was created" : "over the last 90 days") +
                      ", counted back from today's " + std::to_string(today) + " through the audit log.";
    if (h.unplaced > 0) {
        out += " " + counted(h.unplaced, "import, merge or undone upload", "imports, merges or undone uploads") +
               " in this time may have changed the group without saying how; the days before " +
               (h.unplaced == 1 ? "it leave it out." : "them leave them out.");
    }
    if (h.clamped) out += " Some days would fall below 0 and show 0.";
    return out;
}

}  // namespace

GroupSizeModel read_group_size(Store& store, Id actor, Id group) {
    GroupSizeModel m;
    m.group = group;
    m.actor = actor;
    auto history = group_size_history(store, actor, group);
    if (!history) {
        m.error = history.error().message;
        return m;
    }
    m.history = std::move(*history);
    m.points.reserve(m.history.days.size());
    for (size_t i = 0; i < m.history.days.size(); ++i) {
        const GroupSizeDay& d = m.history.days[i];
        m.points.push_back({d.day, d.members, tip_of(d)});
        if (i == 0 || i + 1 == m.history.days.size() || d.joined > 0 || d.left > 0) {
            m.table.push_back(
                {day_text(d.day), std::to_string(d.members), std::to_string(d.joined), std::to_string(d.left)});
        }
    }
    m.text = day_series_text("Group size over time", m.points, "member", "members");
    m.caption = caption_of(m.history);
    return m;
}

void draw_group_size_chart(AppState& state, GroupSizeChartView& view, Id group) {
    if (state.store == nullptr) return;
    if (view.model.value.group != group || view.model.value.actor != state.actor) view.model.invalidate();
    const GroupSizeModel& m =
        view.model.get(*state.store, kSizeKinds, [&] { return read_group_size(*state.store, state.actor, group); });
    ImGui::PushID("size-over-time");
    ImGui::PushFont(state.fonts.bold);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Size over time");
    ImGui::PopFont();
    if (ImGui::GetContentRegionAvail().y < state.px(kRoomForChart)) {
        // A short window: the series in words on the heading's line, one item under the same text equivalent,
        // the whole of it and the caption on hover.
        ImGui::SameLine(0, state.px(10));
        const std::string line = m.error.empty() ? m.text.substr(m.text.find(':') + 2) : m.error;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
        const std::string shown = elide(line, ImGui::GetContentRegionAvail().x);
        ImGui::TextUnformatted(shown.c_str());
        ImGui::PopStyleColor();
        const ImRect bb(at, ImVec2(at.x + ImGui::CalcTextSize(shown.c_str()).x, at.y + ImGui::GetTextLineHeight()));
        if (m.error.empty() && ImGui::ItemAdd(bb, ImGui::GetID("##size-line"))) {
            report_last_item(m.text.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", m.text.c_str(), m.caption.c_str());
        }
        ImGui::PopID();
        return;
    }
    if (m.error.empty()) {
        const char* toggle = "Show as table";
        ImGui::SameLine();
        const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(toggle).x;
        const float x = ImGui::GetWindowContentRegionMax().x - w;
        if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
        ImGui::Checkbox(toggle, &view.as_table);
    }
    if (!m.error.empty()) {
        muted_text(state, m.error);
    } else if (view.as_table) {
        // The days that changed, as rows a screen reader reads cell by cell.
        chart_table(state, "##size-table", {"Day", "Members", "Joined", "Left"}, m.table, kTableHeight);
    } else {
        day_chart(state, "##size-chart", m.points, m.text, kChartHeight);
    }
    if (m.error.empty()) muted_text(state, m.caption);
    ImGui::PopID();
    ImGui::Spacing();
}

}  // namespace grove::ui
