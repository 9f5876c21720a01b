// The mentor's home (F24): the groups the acting person leads, each member with the red badge of their work
// waiting for review, one click to review it; the weekly digest (F23) opens from here.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>

#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/storage/store.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_page.h"
#include "shell/screens/review_queue.h"
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
constexpr float kMinTableWidth = 600;

constexpr std::uint32_t kHomeKinds = kChangeLearning | kChangeMemberships | kChangeGroups | kChangePeople;

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

HomeModel read_home(AppState& state) {
    HomeModel model;
    model.groups = led_groups(*state.store, state.actor);
    std::unordered_set<Id> counted;
    for (const LedGroup& led : model.groups)
        for (const LedMember& member : led.members)
            if (counted.insert(member.user_id).second) model.waiting += member.pending;
    for (std::size_t g = 0; g < model.groups.size(); ++g) {
        model.lines.push_back({static_cast<int>(g), -1});
        for (std::size_t m = 0; m < model.groups[g].members.size(); ++m)
            model.lines.push_back({static_cast<int>(g), static_cast<int>(m)});
    }
    return model;
}

const HomeModel& home_model(AppState& state) {
    ReviewView& v = state.views.reviews;
    if (v.home_actor != state.actor) {
        v.home_actor = state.actor;
        v.home.invalidate();
    }
    return v.home.get(*state.store, kHomeKinds, [&] { return read_home(state); });
}

float cell_room() { return ImGui::GetContentRegionMaxAbs().x - ImGui::GetCursorScreenPos().x; }

void at_row_middle(float row_top, float row_h, float item_h) {
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - item_h) * 0.5f)));
    ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
}

void draw_group_line(AppState& state, const LedGroup& led, float row_h) {
    const Palette& p = palette(state.theme);
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.accent_soft));
    ImGui::PushID(static_cast<int>(led.group.id));
    ImGui::TableSetColumnIndex(0);
    const float row_top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().CellPadding.y;
    at_row_middle(row_top, row_h, ImGui::GetFontSize());
    ImGui::PushFont(state.fonts.bold);
    if (link_button(state, led.group.name.c_str(), "group", std::max(1.0f, cell_room()))) {
        state.screen = Screen::Groups;
        open_group_page(state, led.group.id);
    }
    ImGui::PopFont();

    ImGui::TableSetColumnIndex(1);
    at_row_middle(row_top, row_h, ImGui::GetFontSize());
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    const std::string role = std::string(led.role == GroupRole::kAdmin ? "Group admin" : "Mentor") + " \xc2\xb7 " +
                             std::to_string(led.members.size()) + (led.members.size() == 1 ? " member" : " members");
    ImGui::TextUnformatted(elide(role, cell_room()).c_str());
    ImGui::PopStyleColor();

    ImGui::TableSetColumnIndex(2);
    if (led.pending > 0) {
        const std::string label = "Review " + led.group.name + " (" + std::to_string(led.pending) + " waiting)";
        if (review_badge(state, led.pending, label, row_top, row_h))
            open_group_reviews(state, led.group.id, led.group.name);
    } else {
        at_row_middle(row_top, row_h, ImGui::GetFontSize());
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted("Nothing waiting");
        ImGui::PopStyleColor();
    }

    ImGui::TableSetColumnIndex(3);
    at_row_middle(row_top, row_h, ImGui::GetFrameHeight());
    bool digest = led.digest;
    const bool toggled = checkbox("Weekly digest", &digest);
    report_last_item(("Weekly digest for " + led.group.name).c_str());
    if (toggled) {
        ReviewView& v = state.views.reviews;
        if (auto set = set_digest(*state.store, state.actor, led.group.id, digest)) {
            v.home_notice.set_success(std::string("Weekly digest ") + (digest ? "on" : "off") + " for " +
                                      led.group.name + ".");
        } else {
            v.home_notice.set_error(set.error().message);
        }
    }
    ImGui::PopID();
}

void draw_member_line(AppState& state, const LedGroup& led, const LedMember& member, float row_h) {
    const Palette& p = palette(state.theme);
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::PushID(static_cast<int>(led.group.id));
    ImGui::PushID(static_cast<int>(member.user_id));
    ImGui::TableSetColumnIndex(0);
    const float row_top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().CellPadding.y;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (ImGui::IsWindowHovered() &&
        ImGui::IsMouseHoveringRect(ImVec2(window->InnerRect.Min.x, row_top),
                                   ImVec2(window->InnerRect.Max.x, row_top + row_h), false)) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.hover));
    }
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x + state.px(20), ImGui::GetCursorScreenPos().y));
    at_row_middle(row_top, row_h, ImGui::GetFontSize());
    const std::string name = elide(member.name, cell_room());
    ImGui::TextUnformatted(name.c_str());
    if (name != member.name) full_text_tooltip(member.name);

    ImGui::TableSetColumnIndex(1);
    at_row_middle(row_top, row_h, ImGui::GetFontSize());
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    const std::string email = elide(member.email, cell_room());
    ImGui::TextUnformatted(email.c_str());
    if (email != member.email) full_text_tooltip(member.email);
    ImGui::PopStyleColor();

    ImGui::TableSetColumnIndex(2);
    // One click to review: the member's oldest waiting answer opens, their queue behind it.
    const std::string label = "Review " + member.name + " (" + std::to_string(member.pending) + " waiting)";
    if (review_badge(state, member.pending, label, row_top, row_h)) {
        open_member_reviews(state, member.user_id, member.name, true);
    }

    ImGui::TableSetColumnIndex(3);
    if (member.pending > 0) {
        at_row_middle(row_top, row_h, ImGui::GetFrameHeight());
        const bool review = button("Review");
        report_last_item(("Review " + member.name).c_str());
        if (review) open_member_reviews(state, member.user_id, member.name, true);
    }
    ImGui::PopID();
    ImGui::PopID();
}

void draw_toolbar(AppState& state, const HomeModel& model) {
    const int waiting = model.waiting;
    const std::string reviews = std::string(icons::kInbox) + "  All reviews";
    if (button(reviews.c_str())) open_all_reviews(state);
    const std::string digest = std::string(icons::kEnvelope) + "  View weekly digest";
    flow_same_line(button_width(digest.c_str()));
    if (button(digest.c_str())) open_digest(state);
    if (!model.groups.empty()) {
        const std::string count = std::to_string(waiting) + " waiting for review in your groups";
        const float w = ImGui::CalcTextSize(count.c_str()).x;
        flow_same_line(w);
        const float x = ImGui::GetWindowContentRegionMax().x - w;
        if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
        ImGui::TextUnformatted(count.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
}

}  // namespace

void draw_home_screen(AppState& state) {
    ReviewView& v = state.views.reviews;
    if (state.store == nullptr) return;
    page_header(state, "Home", "The groups you lead, each member with their work waiting for your review.");
    const HomeModel& model = home_model(state);
    draw_toolbar(state, model);
    if (state.screen != Screen::Home) return;
    draw_notice(state, v.home_notice);
    const Palette& p = palette(state.theme);
    if (model.groups.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(28), state.px(24)));
        ImGui::BeginChild("##no-groups", ImVec2(0, state.px(110)),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        ImGui::PopStyleVar();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("You lead no groups");
        ImGui::PopFont();
        muted_text(state,
                   "As a mentor or group admin of a group, you see it here with each member's work waiting for "
                   "review. All reviews lists everything you may review.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }

    const float row_h = state.px(kRowHeight);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), 0));
    const float rows_h = row_h * static_cast<float>(model.lines.size()) + state.px(2);
    const float card_h = std::min(rows_h, ImGui::GetContentRegionAvail().y);
    ImGui::BeginChild("##home-card", ImVec2(0, std::max(card_h, row_h)), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    const bool sideways = ImGui::GetContentRegionAvail().x < state.px(kMinTableWidth);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX |
                                  (sideways ? ImGuiTableFlags_ScrollX : 0);
    if (ImGui::BeginTable("##home", 4, flags, ImGui::GetContentRegionAvail(),
                          sideways ? state.px(kMinTableWidth) : 0.0f)) {
        flatten_table_nav();
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Waiting", ImGuiTableColumnFlags_WidthFixed, state.px(132));
        ImGui::TableSetupColumn(
            "Action", ImGuiTableColumnFlags_WidthFixed,
            ImGui::GetFrameHeight() + ImGui::CalcTextSize("Weekly digest").x + ImGui::GetStyle().ItemInnerSpacing.x);
        // A mentor of large groups has thousands of lines: only those in view are drawn.
        // For screen readers: a grid of every line (groups and members), of which the clipper draws those in view.
        SemanticScope grid(Role::kGrid, "Your groups");
        const int count = static_cast<int>(model.lines.size());
        ImGuiListClipper clipper;
        clipper.Begin(count, row_h);
        while (clipper.Step()) {
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const HomeLine& line = model.lines[static_cast<std::size_t>(k)];
                const LedGroup& led = model.groups[static_cast<std::size_t>(line.group)];
                const std::string& name =
                    line.member < 0 ? led.group.name : led.members[static_cast<std::size_t>(line.member)].name;
                SemanticScope row(Role::kRow, name.c_str());
                row.row(k, count);
                if (line.member < 0) {
                    draw_group_line(state, led, row_h);
                } else {
                    draw_member_line(state, led, led.members[static_cast<std::size_t>(line.member)], row_h);
                }
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
}

}  // namespace grove::ui
