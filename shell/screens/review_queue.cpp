// The Reviews screen (F21, F37): submitted work waiting for review, oldest first with how long each has
// waited, for everything the acting person may review, one group's members, or one member; "By step" puts
// everyone's answer to one step in a row. Also the red badge of waiting work that other screens show.
#include "shell/screens/review_queue.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/learning/reviews.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/screens.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/flow.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/links.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Sizes in CSS pixels.
constexpr float kRowHeight = 44;
constexpr float kHeaderRowHeight = 36;
constexpr float kMinTableWidth = 640;

// What a queue shows: work, the people it belongs to and the groups that decide who oversees whom.
constexpr std::uint32_t kQueueKinds = kChangeLearning | kChangeMemberships | kChangeGroups | kChangePeople;

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

std::string step_where(const ReviewItem& item) {
    return item.course_name + " \xc2\xb7 Step " + std::to_string(item.step_number) + ": " + item.step_title;
}

QueueFilter filter_of(const ReviewView& v) {
    QueueFilter filter;
    if (v.scope == QueueScope::kGroup) filter.group = v.scope_id;
    if (v.scope == QueueScope::kMember) filter.member = v.scope_id;
    filter.by_step = v.by_step;
    return filter;
}

ReviewQueueModel read_queue(AppState& state) {
    ReviewView& v = state.views.reviews;
    ReviewQueueModel model;
    auto queue = review_queue(*state.store, state.actor, filter_of(v));
    if (!queue) {
        model.error = queue.error().message;
        return model;
    }
    model.items = std::move(*queue);
    model.lines.reserve(model.items.size() + (v.by_step ? 64 : 0));
    for (std::size_t i = 0; i < model.items.size(); ++i) {
        const ReviewItem& item = model.items[i];
        if (v.by_step && (i == 0 || model.items[i - 1].step_id != item.step_id)) {
            std::size_t run = i;
            while (run < model.items.size() && model.items[run].step_id == item.step_id) ++run;
            model.lines.push_back({-1, step_where(item) + "   \xc2\xb7   " + std::to_string(run - i) + " waiting", {}});
        }
        model.lines.push_back({static_cast<int>(i), {}, step_where(item)});
    }
    return model;
}

const ReviewQueueModel& queue_model(AppState& state) {
    ReviewView& v = state.views.reviews;
    const std::string key = std::to_string(state.actor) + "/" + std::to_string(static_cast<int>(v.scope)) + "/" +
                            std::to_string(v.scope_id) + "/" + (v.by_step ? "1" : "0");
    if (key != v.queue_key) {
        v.queue_key = key;
        v.queue.invalidate();
    }
    return v.queue.get(*state.store, kQueueKinds, [&] { return read_queue(state); });
}

void vertical_text(const char* text, float row_top, float row_h) {
    const float h = ImGui::GetFontSize();
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - h) * 0.5f)));
    ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
    ImGui::TextUnformatted(text);
}

float cell_room() { return ImGui::GetContentRegionMaxAbs().x - ImGui::GetCursorScreenPos().x; }

void draw_heading_line(AppState& state, const QueueLine& line, float row_h) {
    const Palette& p = palette(state.theme);
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.accent_soft));
    ImGui::TableSetColumnIndex(0);
    const float row_top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().CellPadding.y;
    // The heading runs across the row: drawn from the first cell, clipped by the table's own edge.
    ImGui::PushClipRect(ImGui::GetCurrentTable()->InnerClipRect.Min, ImGui::GetCurrentTable()->InnerClipRect.Max,
                        false);
    ImGui::PushFont(state.fonts.bold);
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    vertical_text(line.heading.c_str(), row_top, row_h);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PopClipRect();
}

void draw_item_line(AppState& state, const ReviewQueueModel& model, const QueueLine& line, float row_h,
                    std::int64_t now, bool email_column) {
    ReviewView& v = state.views.reviews;
    const Palette& p = palette(state.theme);
    const ReviewItem& item = model.items[static_cast<std::size_t>(line.item)];
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::PushID(static_cast<int>(item.work_id));
    ImGui::TableSetColumnIndex(0);
    const float row_top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().CellPadding.y;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (ImGui::IsWindowHovered() &&
        ImGui::IsMouseHoveringRect(ImVec2(window->InnerRect.Min.x, row_top),
                                   ImVec2(window->InnerRect.Max.x, row_top + row_h), false)) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.hover));
    }

    // Waiting: the longer, the warmer.
    const std::int64_t waited = std::max<std::int64_t>(0, now - item.submitted_at);
    const std::string waiting = waiting_text(waited);
    constexpr std::int64_t kDay = 24LL * 3600 * 1000;
    ImGui::PushStyleColor(ImGuiCol_Text, waited >= 7 * kDay ? p.danger : waited >= 2 * kDay ? p.warning : p.text_muted);
    vertical_text(waiting.c_str(), row_top, row_h);
    ImGui::PopStyleColor();

    ImGui::TableSetColumnIndex(1);
    ImGui::PushFont(state.fonts.bold);
    const std::string name = elide(item.name, cell_room());
    vertical_text(name.c_str(), row_top, row_h);
    if (name != item.name) full_text_tooltip(item.name);
    ImGui::PopFont();

    if (email_column && ImGui::TableSetColumnIndex(2)) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        const std::string email = elide(item.email, cell_room());
        vertical_text(email.c_str(), row_top, row_h);
        if (email != item.email) full_text_tooltip(item.email);
        ImGui::PopStyleColor();
    }

    ImGui::TableSetColumnIndex(3);
    const std::string where = elide(line.where, cell_room());
    vertical_text(where.c_str(), row_top, row_h);
    if (where != line.where) full_text_tooltip(line.where);

    ImGui::TableSetColumnIndex(4);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    vertical_text(format_day(item.submitted_at).c_str(), row_top, row_h);
    ImGui::PopStyleColor();

    ImGui::TableSetColumnIndex(5);
    const float h = ImGui::GetFrameHeight();
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - h) * 0.5f)));
    const bool review = button("Review");
    report_last_item(("Review " + item.name + ": " + line.where).c_str());  // the same button, by item
    if (review) {
        v.notice.clear();
        std::optional<QueueFilter> chain;
        if (v.by_step) chain = filter_of(v);
        open_review(state, item.work_id, chain);
    }
    ImGui::PopID();
}

void draw_scope_bar(AppState& state, const ReviewQueueModel& model) {
    ReviewView& v = state.views.reviews;
    const Palette& p = palette(state.theme);
    if (v.scope != QueueScope::kAll) {
        const std::string all = std::string(icons::kArrowLeft) + "  All I review";
        if (button(all.c_str())) {
            open_all_reviews(state);
            return;
        }
        ImGui::SameLine();
    }
    if (checkbox("By step", &v.by_step)) state.request_redraw();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Everyone's answer to one step in a row: after each review, the next answer opens.");
    std::string count = model.error.empty() ? std::to_string(model.items.size()) + " waiting" : std::string();
    const float w = ImGui::CalcTextSize(count.c_str()).x;
    flow_same_line(w);
    const float x = ImGui::GetWindowContentRegionMax().x - w;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
    ImGui::Spacing();
}

void empty_card(AppState& state, const char* title, const std::string& text, bool error) {
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(28), state.px(24)));
    ImGui::BeginChild("##no-reviews", ImVec2(0, state.px(110)),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding, ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    if (error) {
        error_text(state, text);
    } else {
        muted_text(state, text);
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void draw_table(AppState& state, const ReviewQueueModel& model) {
    const Palette& p = palette(state.theme);
    const float row_h = state.px(kRowHeight);
    const float header_h = state.px(kHeaderRowHeight);
    const std::int64_t now = state.store->now();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), 0));
    const float rows_h = header_h + row_h * static_cast<float>(model.lines.size()) + state.px(2);
    const float card_h = std::min(rows_h, ImGui::GetContentRegionAvail().y);
    ImGui::BeginChild("##queue-card", ImVec2(0, std::max(card_h, header_h + row_h)), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    const float room = ImGui::GetContentRegionAvail().x;
    const bool email_column = room >= state.px(900);
    const bool sideways = room < state.px(kMinTableWidth);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX |
                                  (sideways ? ImGuiTableFlags_ScrollX : 0);
    if (ImGui::BeginTable("##queue", 6, flags, ImGui::GetContentRegionAvail(),
                          sideways ? state.px(kMinTableWidth) : 0.0f)) {
        flatten_table_nav();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Waiting", ImGuiTableColumnFlags_WidthFixed, state.px(96));
        ImGui::TableSetupColumn("Learner", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn(
            "Email", ImGuiTableColumnFlags_WidthStretch | (email_column ? 0 : ImGuiTableColumnFlags_Disabled), 0.9f);
        ImGui::TableSetupColumn("Course and step", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("Submitted", ImGuiTableColumnFlags_WidthFixed, state.px(104));
        ImGui::TableSetupColumn("##review", ImGuiTableColumnFlags_WidthFixed, button_width("Review"));
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers, header_h);
        // A hidden column takes no header cell (it would push the row taller).
        table_header_cells(state, header_h, 0, 2);
        if (email_column) table_header_cells(state, header_h, 2, 3);
        table_header_cells(state, header_h, 3, 5);

        // Only the lines in view are drawn: a queue of 10,000 costs what a screenful does.
        // For screen readers: a grid of every line (headings too), of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "Review queue");
        const int count = static_cast<int>(model.lines.size());
        ImGuiListClipper clipper;
        clipper.Begin(count, row_h);
        while (clipper.Step()) {
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const QueueLine& line = model.lines[static_cast<std::size_t>(k)];
                const std::string& name =
                    line.item < 0 ? line.heading : model.items[static_cast<std::size_t>(line.item)].name;
                SemanticScope row(Role::kRow, name.c_str());
                row.row(k, count);
                if (line.item < 0) {
                    draw_heading_line(state, line, row_h);
                } else {
                    draw_item_line(state, model, line, row_h, now, email_column);
                }
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

}  // namespace

void open_group_reviews(AppState& state, Id group, const std::string& name) {
    ReviewView& v = state.views.reviews;
    v.scope = QueueScope::kGroup;
    v.scope_id = group;
    v.scope_name = name;
    v.notice.clear();
    state.screen = Screen::Reviews;
    state.request_redraw();
}

void open_member_reviews(AppState& state, Id member, const std::string& name, bool review_first) {
    ReviewView& v = state.views.reviews;
    v.scope = QueueScope::kMember;
    v.scope_id = member;
    v.scope_name = name;
    v.notice.clear();
    state.screen = Screen::Reviews;
    state.request_redraw();
    if (!review_first || state.store == nullptr) return;
    const ReviewQueueModel& model = queue_model(state);
    if (model.items.empty()) return;
    std::optional<QueueFilter> chain;
    if (v.by_step) chain = filter_of(v);
    open_review(state, model.items.front().work_id, chain);
}

void open_all_reviews(AppState& state) {
    ReviewView& v = state.views.reviews;
    v.scope = QueueScope::kAll;
    v.scope_id = 0;
    v.scope_name.clear();
    v.notice.clear();
    state.screen = Screen::Reviews;
    state.request_redraw();
}

bool review_badge(const AppState& state, int count, const std::string& label, float row_top, float row_h) {
    if (count <= 0) return false;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    const Palette& p = palette(state.theme);
    const std::string text = count > 99 ? "99+" : std::to_string(count);
    ImFont* font = state.fonts.bold != nullptr ? state.fonts.bold : ImGui::GetFont();
    ImGui::PushFont(font);
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
    ImGui::PopFont();
    const float h = std::round(text_size.y + state.px(2));
    const float w = std::max(h, std::round(text_size.x + state.px(12)));
    ImVec2 pos = window->DC.CursorPos;
    if (row_h > 0.0f) {
        pos.y = std::round(row_top + (row_h - h) * 0.5f);
    } else {
        pos.y += std::round((ImGui::GetTextLineHeight() - h) * 0.5f) + window->DC.CurrLineTextBaseOffset;
    }
    ImGui::SetCursorScreenPos(pos);
    const ImGuiID id = window->GetID(label.c_str());
    const ImRect bb(pos, ImVec2(pos.x + w, pos.y + h));
    ImGui::ItemSize(ImVec2(w, h));
    if (!ImGui::ItemAdd(bb, id)) return false;
    bool hovered = false;
    bool held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
    ImGui::RenderNavHighlight(bb, id);
    ImVec4 fill = p.danger;
    if (hovered) fill = ImVec4(fill.x * 0.85f, fill.y * 0.85f, fill.z * 0.85f, 1.0f);
    window->DrawList->AddRectFilled(bb.Min, bb.Max, colour(fill), h * 0.5f);
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::RenderText(
        ImVec2(std::round(bb.Min.x + (w - text_size.x) * 0.5f), std::round(bb.Min.y + (h - text_size.y) * 0.5f)),
        text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (hovered) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s", label.c_str());
    }
    report_last_item(label.c_str());
    return activated(pressed);
}

const std::unordered_map<Id, int>& pending_badges(AppState& state, Id group, const std::vector<GroupPerson>& people) {
    ReviewView& v = state.views.reviews;
    if (v.badges_group != group) {
        v.badges_group = group;
        v.badges.invalidate();
    }
    return v.badges.get(*state.store, kQueueKinds, [&] {
        std::vector<Id> ids;
        ids.reserve(people.size());
        for (const GroupPerson& person : people) ids.push_back(person.user.id);
        return pending_counts(*state.store, ids);
    });
}

void draw_review_queue_screen(AppState& state) {
    ReviewView& v = state.views.reviews;
    if (state.store == nullptr) return;
    std::string subtitle;
    switch (v.scope) {
        case QueueScope::kAll:
            subtitle = "Submitted work waiting for your review, oldest first: every member you oversee.";
            break;
        case QueueScope::kGroup:
            subtitle = "Submitted work of " + v.scope_name + "'s members waiting for review, oldest first.";
            break;
        case QueueScope::kMember:
            subtitle = v.scope_name + "'s submitted work waiting for review, oldest first.";
            break;
    }
    const std::string title = v.scope == QueueScope::kAll ? "Reviews" : "Reviews: " + v.scope_name;
    page_header(state, title.c_str(), subtitle.c_str());
    const ReviewQueueModel& model = queue_model(state);
    draw_scope_bar(state, model);
    if (state.screen != Screen::Reviews) return;
    const ReviewQueueModel& shown = queue_model(state);  // "All I review" may have changed the scope
    draw_notice(state, v.notice);
    if (!shown.error.empty()) {
        empty_card(state, "This queue is not yours to see", shown.error, true);
    } else if (shown.items.empty()) {
        empty_card(state, "Nothing waiting",
                   v.scope == QueueScope::kAll
                       ? "When a member you oversee submits work for review, it shows here, oldest first."
                       : "Everything submitted here has been reviewed.",
                   false);
    } else {
        draw_table(state, shown);
    }
}

}  // namespace grove::ui
