// A group's own page (F8–F11, F32): where it sits, what it is, and its people, direct and inherited,
// with each direct person's role changes and removal. Its dialogs live in group_dialogs.cpp.
#include "shell/screens/group_page.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/oversight.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_dialogs.h"
#include "shell/screens/group_size_chart.h"
#include "shell/screens/group_upload.h"
#include "shell/screens/member_page.h"
#include "shell/screens/review_queue.h"
#include "shell/screens/rule_editor.h"
#include "shell/screens/smart_members.h"
#include "shell/thumbnails.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/flow.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/links.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Sizes in CSS pixels.
constexpr float kRowHeight = 48;
constexpr float kHeaderRowHeight = 36;
constexpr float kHeadingThumb = 56;
constexpr float kAvatar = 28;
constexpr float kMinTableWidth = 820;        // names, emails and groups keep about 150 each
constexpr float kMinNarrowTableWidth = 560;  // without the email column

constexpr std::uint32_t kPageKinds = kChangeGroups | kChangeMemberships | kChangePeople;

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

GroupPageModel read_page(AppState& state, Id id) {
    Store& store = *state.store;
    GroupPageModel model;
    model.id = id;
    auto group = find_group(store, id);
    if (!group) return model;
    model.exists = true;
    model.group = *group;
    model.external_ids = external_ids(store, id);
    const std::vector<Id> above = group_ancestors(store, id);  // parent first
    for (auto it = above.rbegin(); it != above.rend(); ++it) model.ancestors.emplace_back(*it, group_name(store, *it));
    model.people = group_people(store, id);
    // Staff first, whether their role is held here or above (F32: who leads this group, at a glance);
    // within a role the core's order stays (direct before inherited, then by name).
    std::stable_sort(model.people.begin(), model.people.end(), [](const GroupPerson& a, const GroupPerson& b) {
        return a.effective_role() > b.effective_role();
    });
    model.counts = count_group_people(model.people);
    for (const GroupRow& row : group_rows(state))
        if (row.parent_id == id) model.subgroups.emplace_back(row.id, row.name);
    return model;
}

void refresh_people_visible(GroupsView& v) {
    const GroupPageModel& model = v.page.value;
    if (v.people_visible_stamp == v.page.stamp && v.people_visible_group == model.id &&
        v.people_visible_filter == v.people_filter) {
        return;
    }
    v.people_visible_stamp = v.page.stamp;
    v.people_visible_group = model.id;
    v.people_visible_filter = v.people_filter;
    v.people_visible.clear();
    const std::string needle = trim(v.people_filter);
    for (int i = 0; i < static_cast<int>(model.people.size()); ++i) {
        const User& user = model.people[static_cast<std::size_t>(i)].user;
        if (needle.empty() || contains_folded(user.display_name(), needle) || contains_folded(user.email, needle)) {
            v.people_visible.push_back(i);
        }
    }
}

std::string external_label(const std::string& system) {
    if (system == "rostering") return "Rostering ID";
    if (system == "partner") return "Partner ID";
    std::string label = system;
    if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    return label + " ID";
}

const char* role_phrase(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "a member";
        case GroupRole::kMentor: return "a mentor";
        case GroupRole::kAdmin: return "a group admin";
    }
    return "";
}

// A small rounded label: the role, "Invited".
void pill(const AppState& state, const char* text, const ImVec4& ink, float row_top, float row_h) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pad(state.px(8), state.px(3));
    const ImVec2 box(size.x + pad.x * 2, size.y + pad.y * 2);
    const ImVec2 pos(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - box.y) * 0.5f));
    ImGui::SetCursorScreenPos(pos);
    ImGui::Dummy(box);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + box.x, pos.y + box.y), colour(ImVec4(ink.x, ink.y, ink.z, 0.13f)),
                        box.y * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_Text, ink);
    ImGui::RenderText(ImVec2(pos.x + pad.x, pos.y + pad.y), text);
    ImGui::PopStyleColor();
}

ImVec4 role_ink(const AppState& state, GroupRole role) {
    const Palette& p = palette(state.theme);
    switch (role) {
        case GroupRole::kAdmin: return p.accent;
        case GroupRole::kMentor:
            return state.theme == Theme::Dark ? ImVec4(0.55f, 0.70f, 1.0f, 1.0f) : ImVec4(0.15f, 0.39f, 0.92f, 1.0f);
        case GroupRole::kMember: return p.text_muted;
    }
    return p.text_muted;
}

// A round avatar with the person's initials.
void avatar(const AppState& state, const User& user, float size, float row_top, float row_h) {
    const ImVec2 pos(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - size) * 0.5f));
    ImGui::SetCursorScreenPos(pos);
    ImGui::Dummy(ImVec2(size, size));
    std::string initials;
    auto first_letter = [](const std::string& text) -> std::string {
        if (text.empty()) return {};
        const auto lead = static_cast<unsigned char>(text[0]);
        if (lead < 0x80) return std::string(1, static_cast<char>(std::toupper(lead)));
        const std::size_t n = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        return text.substr(0, n);
    };
    initials = first_letter(user.first_name) + first_letter(user.last_name);
    if (initials.empty()) initials = first_letter(user.email);
    const Palette& p = palette(state.theme);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 centre(pos.x + size * 0.5f, pos.y + size * 0.5f);
    draw->AddCircleFilled(centre, size * 0.5f, colour(ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.14f)), 32);
    ImFont* font = state.fonts.bold != nullptr ? state.fonts.bold : ImGui::GetFont();
    const float font_size = std::min(font->FontSize, size * 0.42f);
    const ImVec2 text = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, initials.c_str());
    draw->AddText(font, font_size, ImVec2(std::round(centre.x - text.x * 0.5f), std::round(centre.y - text.y * 0.5f)),
                  colour(p.accent), initials.c_str());
}

// What is left of the current table cell, right of the cursor.
float cell_room() { return ImGui::GetContentRegionMaxAbs().x - ImGui::GetCursorScreenPos().x; }

void vertical_text(const char* text, float row_top, float row_h) {
    const float h = ImGui::GetFontSize();
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - h) * 0.5f)));
    ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;  // centred on its own, not on the row's frames
    ImGui::TextUnformatted(text);
}

// ---- Heading --------------------------------------------------------------------------------------------

// Which ancestors the trail shows: all when they fit; else the first, "…" for a run in the middle, and
// as many of the nearest as fit (A › … › H › Current). `hidden` is that run, [first, end); empty: none.
struct Trail {
    std::size_t hidden_first = 0;
    std::size_t hidden_end = 0;
};

Trail fit_trail(const std::vector<float>& crumbs, float ellipsis, float room) {
    float total = 0;
    for (float w : crumbs) total += w;
    if (total <= room || crumbs.size() < 2) return {};
    // Hide from the second ancestor onwards, nearest last, until the rest fits (or only the first is left).
    Trail trail{1, 1};
    total += ellipsis;
    while (trail.hidden_end < crumbs.size() && total > room) total -= crumbs[trail.hidden_end++];
    return trail;
}

void draw_breadcrumbs(AppState& state, const GroupPageModel& model) {
    const Palette& p = palette(state.theme);
    const std::string back = std::string(icons::kArrowLeft) + "  Back to groups";
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    if (link_button(state, back.c_str(), "back")) {
        close_group_page(state);
        ImGui::PopStyleColor();
        return;
    }
    ImGui::PopStyleColor();
    const float gap = state.px(14);
    const float chevron = ImGui::CalcTextSize(icons::kChevronRight).x + state.px(8);
    const char* kEllipsis = "\xe2\x80\xa6";
    // The current group is never hidden: it keeps at least this much of the line (its name cut if longer).
    const float current_w = ImGui::CalcTextSize(model.group.name.c_str()).x;
    const float current_min = std::min(current_w, state.px(200));
    float room = ImGui::GetContentRegionMaxAbs().x - ImGui::GetItemRectMax().x;
    if (!model.ancestors.empty()) room -= gap + ImGui::CalcTextSize("|").x;
    std::vector<float> crumbs;
    for (const auto& [id, name] : model.ancestors)
        crumbs.push_back(gap + ImGui::CalcTextSize(name.c_str()).x + chevron);
    const float ellipsis_w = gap + ImGui::CalcTextSize(kEllipsis).x + chevron;
    const Trail trail = fit_trail(crumbs, ellipsis_w, room - state.px(8) - std::max(current_min, current_w));
    float trail_w = 0;
    for (std::size_t i = 0; i < crumbs.size(); ++i)
        if (i < trail.hidden_first || i >= trail.hidden_end) trail_w += crumbs[i];
    if (trail.hidden_end > trail.hidden_first) trail_w += ellipsis_w;
    // Whatever is left after the trail is the current group's; the first ancestor gives way before it does.
    const float first_max = std::max(
        state.px(60), room - state.px(8) - current_min - (trail_w - (crumbs.empty() ? 0 : crumbs[0])) - gap - chevron);

    if (!model.ancestors.empty()) {
        ImGui::SameLine(0, gap);
        ImGui::PushStyleColor(ImGuiCol_Text, p.border);
        ImGui::TextUnformatted("|");
        ImGui::PopStyleColor();
    }
    auto separator = [&] {
        ImGui::SameLine(0, state.px(8));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(icons::kChevronRight);
        ImGui::PopStyleColor();
    };
    for (std::size_t i = 0; i < model.ancestors.size(); ++i) {
        if (i >= trail.hidden_first && i < trail.hidden_end) {
            if (i != trail.hidden_first) continue;
            // The hidden run: "…", naming the groups it stands for on hover.
            ImGui::SameLine(0, gap);
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(kEllipsis);
            ImGui::PopStyleColor();
            std::string hidden;
            for (std::size_t j = trail.hidden_first; j < trail.hidden_end; ++j)
                hidden += (hidden.empty() ? "" : " \xe2\x80\xba ") + model.ancestors[j].second;
            full_text_tooltip(hidden);
            separator();
            continue;
        }
        const auto& [id, name] = model.ancestors[i];
        ImGui::SameLine(0, gap);
        ImGui::PushID(static_cast<int>(id));
        if (link_button(state, name.c_str(), "crumb", i == 0 ? first_max : 0.0f)) open_group_page(state, id);
        ImGui::PopID();
        separator();
    }
    ImGui::SameLine(0, state.px(8));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    elided_text(model.group.name);
    ImGui::PopStyleColor();
}

void draw_heading(AppState& state, const GroupPageModel& model) {
    GroupsView& v = state.views.groups;
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const Id id = model.id;

    // The actions, right-aligned on the heading's first line.
    const std::string add = std::string(icons::kUserPlus) + "  Add members";
    const std::string manage = std::string(icons::kPencil) + "  Manage group";
    const std::string copy = std::string(icons::kCopy) + "  Copy people";
    const std::string upload = std::string(icons::kUpload) + "  Upload CSV";
    // F12: a smart group's rule, or making a manual group smart (no icon: the row still fits at 800 px).
    const std::string rule_text = group_rule_text(state, id);
    const std::string rule = rule_text.empty() ? "Make smart\xe2\x80\xa6" : "Rule\xe2\x80\xa6";
    auto width = [&](const std::string& label) {
        return ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2;
    };
    const float actions_w =
        width(add) + width(manage) + width(copy) + width(upload) + width(rule) + style.ItemSpacing.x * 4;

    const ImVec2 top = ImGui::GetCursorPos();
    const float thumb = state.px(kHeadingThumb);
    Texture texture;
    const GroupRow* row = group_row(state, id);
    if (row != nullptr && row->has_image) {
        const auto& stamps =
            v.image_stamps.get(*state.store, kChangeGroups, [&] { return group_image_stamps(*state.store); });
        auto stamp = stamps.find(id);
        texture = v.thumbnails.get(state, id, stamp != stamps.end() ? stamp->second : 0);
        draw_thumbnail(state, texture, model.group.name, thumb, ("Image of " + model.group.name).c_str());
    } else {
        draw_thumbnail(state, texture, model.group.name, thumb);
    }
    const float text_x = top.x + thumb + state.px(16);
    const float right = ImGui::GetWindowContentRegionMax().x;
    // In a narrow window the actions take their own line below, so the name keeps its room.
    const bool stacked = right - text_x - actions_w - state.px(16) < state.px(260);
    const float title_w = (stacked ? right : right - actions_w - state.px(16)) - text_x;
    ImGui::SetCursorPos(ImVec2(text_x, top.y));
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.heading);
    elided_text(model.group.name, title_w);  // a long name ends in "…" and shows whole on hover
    ImGui::PopFont();

    // One muted line of facts: slug, external IDs, subgroups, inheritance.
    std::string facts = model.group.slug;
    for (const ExternalId& ext : model.external_ids)
        facts += "   \xc2\xb7   " + external_label(ext.system) + " " + ext.value;
    if (!model.group.inherit) facts += "   \xc2\xb7   Staff of parent groups do not reach it";
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    elided_text(facts, title_w);
    ImGui::PopStyleColor();
    ImGui::EndGroup();

    if (stacked) {
        ImGui::SetCursorPos(ImVec2(top.x, std::max(top.y + thumb, ImGui::GetCursorPosY()) + style.ItemSpacing.y));
    } else {
        ImGui::SetCursorPos(ImVec2(right - actions_w, top.y + state.px(4)));
    }
    // What the acting person may not do is disabled, with the core's reason on hover.
    const AccessTarget here{.group = id, .parent = model.group.parent_id};
    const std::string add_refusal = refusal_of(state, Cmd::kMemberAdd, here);
    if (permitted_button(state, add.c_str(), add_refusal, true)) start_add_members(state, id);
    flow_same_line(width(manage));
    if (permitted_button(state, manage.c_str(), refusal_of(state, Cmd::kGroupEdit, here)))
        start_manage_group(state, id);
    flow_same_line(width(copy));
    if (permitted_button(state, copy.c_str(), add_refusal)) start_copy_people(state, id);
    flow_same_line(width(upload));
    if (permitted_button(state, upload.c_str(), add_refusal)) start_group_upload(state, id);
    flow_same_line(width(rule));
    if (permitted_button(state, rule.c_str(), refusal_of(state, Cmd::kRuleSet, here))) start_rule_editor(state, id);

    ImGui::SetCursorPos(ImVec2(top.x, std::max(top.y + thumb, ImGui::GetCursorPosY()) + style.ItemSpacing.y));
    if (!rule_text.empty()) {
        // A smart group's rule as people read it, across the page, cut to the line (whole on hover).
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        const std::string lead = std::string(icons::kMagic) + "  Smart group:";
        ImGui::TextUnformatted(lead.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        elided_text(rule_text, std::max(state.px(40), right - ImGui::GetCursorPosX()));
    }
    if (!model.group.description.empty()) {
        ImGui::PushTextWrapPos(std::min(right, top.x + state.px(760)));
        ImGui::TextUnformatted(model.group.description.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!model.subgroups.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(model.subgroups.size() == 1 ? "Subgroup:" : "Subgroups:");
        ImGui::PopStyleColor();
        std::size_t shown = 0;
        for (const auto& [sub_id, name] : model.subgroups) {
            if (shown == 8) {
                ImGui::SameLine(0, state.px(10));
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                ImGui::Text("and %zu more", model.subgroups.size() - shown);
                ImGui::PopStyleColor();
                break;
            }
            ImGui::SameLine(0, state.px(10));
            ImGui::PushID(static_cast<int>(sub_id));
            ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
            if (link_button(state, name.c_str(), "subgroup")) open_group_page(state, sub_id);
            ImGui::PopStyleColor();
            ImGui::PopID();
            ++shown;
        }
    }
    ImGui::Dummy(ImVec2(0, state.px(4)));
}

// ---- People ---------------------------------------------------------------------------------------------

void draw_person_row(AppState& state, const GroupPageModel& model, const SmartMarks& marks, const GroupPerson& person,
                     float row_h, bool email_under_name) {
    GroupsView& v = state.views.groups;
    const Palette& p = palette(state.theme);
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::PushID(static_cast<int>(person.user.id));
    ImGui::TableSetColumnIndex(0);
    const float row_top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().CellPadding.y;
    {
        ImGuiWindow* window = ImGui::GetCurrentWindow();
        if (ImGui::IsWindowHovered() &&
            ImGui::IsMouseHoveringRect(ImVec2(window->InnerRect.Min.x, row_top),
                                       ImVec2(window->InnerRect.Max.x, row_top + row_h), false)) {
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.hover));
        }
    }

    // Name, with an avatar and a note for invitations.
    const float cell_x = ImGui::GetCursorScreenPos().x;
    // F21: the red count of their work waiting for review, after the name; a click opens their queue.
    const auto& waiting = pending_badges(state, model.id, model.people);
    const auto pending = waiting.find(person.user.id);
    const int badge = pending != waiting.end() ? pending->second : 0;
    const float badge_room = badge > 0 ? state.px(44) : 0.0f;
    // Where the badge goes: after the name (and its pill), on the name's line when the email is under it.
    float after_name = 0.0f;
    float badge_top = row_top;
    float badge_h = row_h;
    avatar(state, person.user, state.px(kAvatar), row_top, row_h);
    ImGui::SameLine(0, state.px(10));
    const bool nameless = person.user.first_name.empty() && person.user.last_name.empty();
    if (nameless && person.user.status == UserStatus::kInvited) {
        // An invitation without a name yet: the email is in the next column; say what it is here.
        pill(state, "Invited", p.warning, row_top, row_h);
        ImGui::SameLine(0, state.px(8));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        vertical_text("no name yet", row_top, row_h);
        ImGui::PopStyleColor();
    } else {
        ImGui::PushFont(state.fonts.bold);
        const char* status = person.user.status == UserStatus::kInvited ? "Invited" : "Deactivated";
        const float pill_room =
            person.user.status != UserStatus::kActive ? ImGui::CalcTextSize(status).x + state.px(16 + 8) : 0.0f;
        const std::string name = person.user.display_name();
        const std::string shown = elide(name, cell_room() - pill_room - badge_room);
        if (email_under_name) {
            // Narrow: the email column is gone; the email sits under the name, both centred as a block.
            const float line = ImGui::GetFontSize();
            const float x = ImGui::GetCursorScreenPos().x;
            const float y = std::round(row_top + (row_h - line * 2.0f - state.px(2)) * 0.5f);
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            // The name opens the member's page (F22): their activity and their courses.
            if (link_button(state, name.c_str(), "member", cell_room() - pill_room - badge_room))
                open_member_page(state, model.id, person.user.id);
            after_name = ImGui::GetItemRectMax().x;
            badge_top = ImGui::GetItemRectMin().y;
            badge_h = ImGui::GetItemRectSize().y;
            ImGui::PopFont();
            ImGui::SetCursorScreenPos(ImVec2(x, y + line + state.px(2)));
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            const std::string email = elide(person.user.email, ImGui::GetContentRegionMaxAbs().x - x);
            ImGui::TextUnformatted(email.c_str());
            if (email != person.user.email) full_text_tooltip(person.user.email);
            ImGui::PopStyleColor();
            ImGui::PushFont(state.fonts.bold);
            ImGui::SetCursorScreenPos(ImVec2(x + ImGui::CalcTextSize(shown.c_str()).x, y));
        } else {
            const float h = ImGui::GetFontSize();
            ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - h) * 0.5f)));
            ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
            if (link_button(state, name.c_str(), "member", cell_room() - pill_room - badge_room))
                open_member_page(state, model.id, person.user.id);
            after_name = ImGui::GetItemRectMax().x;
        }
        ImGui::PopFont();
        if (person.user.status != UserStatus::kActive) {
            ImGui::SameLine(0, state.px(8));
            pill(state, person.user.status == UserStatus::kInvited ? "Invited" : "Deactivated", p.warning, row_top,
                 row_h);
            after_name = ImGui::GetItemRectMax().x;
        }
    }
    if (badge > 0) {
        ImGui::SameLine(0, state.px(8));
        if (after_name > 0.0f)
            ImGui::SetCursorScreenPos(ImVec2(after_name + state.px(8), ImGui::GetCursorScreenPos().y));
        const std::string who = person.user.display_name();
        if (review_badge(state, badge, "Review " + who + " (" + std::to_string(badge) + " waiting)", badge_top,
                         badge_h))
            open_member_reviews(state, person.user.id, who);
    }
    (void)cell_x;

    // Email (hidden in a narrow window, where it sits under the name).
    if (!email_under_name && ImGui::TableSetColumnIndex(1)) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        const std::string email = elide(person.user.email, cell_room());
        vertical_text(email.c_str(), row_top, row_h);
        if (email != person.user.email) full_text_tooltip(person.user.email);
        ImGui::PopStyleColor();
    }

    // Role.
    ImGui::TableSetColumnIndex(2);
    const GroupRole role = person.effective_role();
    pill(state, group_role_name(role), role_ink(state, role), row_top, row_h);

    // Membership: direct (in a smart group, a member is kept by the rule or pinned), or inherited from a group
    // above (a link to it). In a smart group each direct row says why on a click (F38).
    ImGui::TableSetColumnIndex(3);
    const MemberSource source = member_source(marks, person);
    const bool why = marks.smart && person.direct();
    const float why_w = why ? ImGui::CalcTextSize("Why?").x + state.px(12) : 0.0f;
    ImGui::PushStyleColor(ImGuiCol_Text, source == MemberSource::kPinned ? p.accent : p.text_muted);
    if (!person.inherited()) {
        vertical_text(member_source_label(source), row_top, row_h);
        ImGui::PopStyleColor();
    } else {
        const std::string word = person.direct() ? std::string(member_source_label(source)) + " and inherited from"
                                                 : std::string("Inherited from");
        vertical_text(word.c_str(), row_top, row_h);
        ImGui::PopStyleColor();
        ImGui::SameLine(0, ImGui::CalcTextSize(" ").x);
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        const bool go =
            link_button(state, person.inherited_from_name.c_str(), "from", std::max(1.0f, cell_room() - why_w));
        if (go && person.inherited_from) open_group_page(state, *person.inherited_from);
        ImGui::PopStyleColor();
    }
    if (why) {
        ImGui::SameLine(0, state.px(8));
        why_link(state, model.id, person.user.id, person.user.display_name(), true);
    }

    // Joined.
    ImGui::TableSetColumnIndex(4);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    vertical_text(person.direct() ? format_day(person.joined_at).c_str() : "\xe2\x80\x94", row_top, row_h);
    ImGui::PopStyleColor();

    // Actions for a direct membership; an inherited role is changed where it is held.
    ImGui::TableSetColumnIndex(5);
    if (person.direct()) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
        const float h = ImGui::GetFrameHeight();
        ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - h) * 0.5f)));
        const bool pressed = icon_button(icons::kEllipsis, "Person actions");
        report_last_item(("Actions for " + person.user.display_name()).c_str());  // the same button, by person
        if (pressed) {
            v.person_menu_user = person.user.id;
            v.open_person_menu = true;
            v.person_menu_anchor = last_item_anchor();
        }
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        const float h = ImGui::GetFontSize();
        ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x + ImGui::GetStyle().FramePadding.x,
                                         std::round(row_top + (row_h - h) * 0.5f)));
        ImGui::TextUnformatted(icons::kAbout);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s is %s of %s, which reaches this group. Change or remove that on %s's page.",
                              person.user.display_name().c_str(), role_phrase(*person.inherited_role),
                              person.inherited_from_name.c_str(), person.inherited_from_name.c_str());
        }
    }
    ImGui::PopID();
}

void draw_person_menu(AppState& state, const GroupPageModel& model) {
    GroupsView& v = state.views.groups;
    if (v.open_person_menu) {
        ImGui::OpenPopup("##person-menu");
        v.open_person_menu = false;
    }
    if (!begin_anchored_popup("##person-menu", v.person_menu_anchor)) return;
    const GroupPerson* person = nullptr;
    for (const GroupPerson& candidate : model.people)
        if (candidate.user.id == v.person_menu_user && candidate.direct()) person = &candidate;
    if (person == nullptr) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const Palette& p = palette(state.theme);
    const std::string name = person->user.display_name();
    const Id user = person->user.id;
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopStyleColor();
    ImGui::Separator();
    if (menu_item("Open member page")) {
        open_member_page(state, model.id, user);
        ImGui::CloseCurrentPopup();
    }
    ImGui::Separator();
    static constexpr std::pair<GroupRole, const char*> kChoices[] = {{GroupRole::kMember, "Make member"},
                                                                     {GroupRole::kMentor, "Make mentor"},
                                                                     {GroupRole::kAdmin, "Make group admin"}};
    for (const auto& [role, label] : kChoices) {
        if (role == *person->direct_role) continue;
        if (menu_item(label)) {
            AppState* app = &state;
            const Id group = model.id;
            const std::string group_title = model.group.name;
            const GroupRole to = role;  // a copy: clang 14 (em++) captures no structured binding
            auto apply = [app, group, user, to, name, group_title] {
                GroupsView& views = app->views.groups;
                auto changed = set_member_role(*app->store, app->actor, group, user, to);
                if (changed) {
                    views.page_notice.set(name + " is now " + role_phrase(to) + " of " + group_title + ".", false);
                } else {
                    views.page_notice.set(changed.error().message, true);
                }
            };
            // Taking staff power away is asked first (a group admin or mentor made a mentor or a member).
            const GroupRole from = *person->direct_role;
            if (static_cast<int>(role) < static_cast<int>(from) && from != GroupRole::kMember) {
                ask_confirm(state, v.confirm, "Change role",
                            "Make " + name + " " + role_phrase(role) + " of " + group_title + "?",
                            name + " is " + role_phrase(from) + " now and will no longer " +
                                (from == GroupRole::kAdmin ? "manage the group's people and subgroups."
                                                           : "mentor the group's members."),
                            label, apply);
            } else {
                apply();
            }
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::Separator();
    // A smart group's member: pin, unpin or exclude (removed by hand, the rule would bring them back).
    if (!smart_person_items(state, model, *person)) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
        if (menu_item("Remove from group")) {
            start_remove_person(state, model.id, user, name);
            ImGui::CloseCurrentPopup();
        }
        ImGui::PopStyleColor();
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_people(AppState& state, const GroupPageModel& model, const SmartMarks& marks) {
    GroupsView& v = state.views.groups;
    const Palette& p = palette(state.theme);

    // Toolbar: filter and counts.
    if (search_field(state, "people-filter", &v.people_filter, "Filter people by name or email", state.px(300))) {
        state.request_redraw();
    }
    refresh_people_visible(v);
    // F21: the group's review queue, beside the people whose badges it counts.
    const std::string reviews = std::string(icons::kInbox) + "  Review queue";
    flow_same_line(button_width(reviews.c_str()));
    if (button(reviews.c_str())) open_group_reviews(state, model.id, model.group.name);
    if (marks.smart) why_search_button(state, model.id);  // F38: anyone of the organisation, in or out
    std::string count = counted(static_cast<std::int64_t>(model.people.size()), "person", "people");
    // The rows marked "Direct" and "Inherited": someone who is both is in both figures, once in the total.
    const GroupCounts& n = model.counts;
    if (n.inherited > 0) {
        count += ": " + std::to_string(n.direct) + " direct, " + std::to_string(n.inherited) + " inherited";
        if (n.both > 0) count += " (" + std::to_string(n.both) + (n.both == 1 ? " is both)" : " are both)");
    }
    if (!trim(v.people_filter).empty()) count = std::to_string(v.people_visible.size()) + " of " + count + " match";
    const float w = ImGui::CalcTextSize(count.c_str()).x;
    flow_same_line(w);
    const float x = ImGui::GetWindowContentRegionMax().x - w;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
    ImGui::Spacing();
    draw_notice(state, v.page_notice);

    if (model.people.empty() || v.people_visible.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(28), state.px(24)));
        ImGui::BeginChild("##no-people", ImVec2(0, state.px(110)),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        ImGui::PopStyleVar();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(model.people.empty() ? (marks.smart ? "Nobody matches the rule yet" : "Nobody here yet")
                                                    : "Nobody matches the filter");
        ImGui::PopFont();
        muted_text(state, !model.people.empty() ? "Try part of a name or an email address."
                          : marks.smart
                              ? "People join by themselves when they match the rule. Pin someone to keep them in "
                                "whatever the rule says; add mentors and group admins by hand."
                              : "Add members: find people by name or email, or invite them. Copy people fills the "
                                "group from another group or a department.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }

    const float row_h = state.px(kRowHeight);
    const float header_h = state.px(kHeaderRowHeight);
    const bool note = model.counts.inherited > 0;
    const std::string note_text = std::string(icons::kAbout) +
                                  "  Inherited people are mentors and group admins of a group above this one; change "
                                  "them on that group's page.";
    // Wrapped in a narrow window: its height is what the wrapped text takes.
    const float note_h =
        note ? ImGui::CalcTextSize(note_text.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                   ImGui::GetStyle().ItemSpacing.y + state.px(6)
             : 0.0f;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), 0));
    // As tall as its rows (a short list does not leave a tall empty card), at most the space left.
    const float rows_h = header_h + row_h * static_cast<float>(v.people_visible.size()) + state.px(2);
    const float card_h = std::min(rows_h, ImGui::GetContentRegionAvail().y - note_h);
    ImGui::BeginChild("##people-card", ImVec2(0, std::max(card_h, header_h + row_h)), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    // Narrower than its columns need, the table drops the email column (the email goes under the name),
    // and narrower still it scrolls sideways rather than cutting names to a few letters.
    const bool narrow = ImGui::GetContentRegionAvail().x < state.px(kMinTableWidth);
    const float min_width = state.px(kMinNarrowTableWidth);
    const bool sideways = ImGui::GetContentRegionAvail().x < min_width;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX |
                                  (sideways ? ImGuiTableFlags_ScrollX : 0);
    if (ImGui::BeginTable("##people", 6, flags, ImGui::GetContentRegionAvail(), sideways ? min_width : 0.0f)) {
        flatten_table_nav();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn(
            "Email", ImGuiTableColumnFlags_WidthStretch | (narrow ? ImGuiTableColumnFlags_Disabled : 0), 1.15f);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed, state.px(112));
        ImGui::TableSetupColumn("Membership", ImGuiTableColumnFlags_WidthStretch, 1.25f);
        ImGui::TableSetupColumn("Joined", ImGuiTableColumnFlags_WidthFixed, state.px(100));
        ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());

        ImGui::TableNextRow(ImGuiTableRowFlags_Headers, header_h);
        table_header_cells(state, header_h, 0, 5);

        // For screen readers: a grid of every member shown, of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "Members");
        const int count = static_cast<int>(v.people_visible.size());
        ImGuiListClipper clipper;
        clipper.Begin(count, row_h);
        while (clipper.Step()) {
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const GroupPerson& person =
                    model.people[static_cast<std::size_t>(v.people_visible[static_cast<std::size_t>(k)])];
                const std::string name = person.user.display_name();
                SemanticScope row(Role::kRow, name.c_str());
                row.row(k, count);
                // Whole, where the row may draw them cut short (and the name without the avatar's initials).
                const bool nameless = person.user.first_name.empty() && person.user.last_name.empty();
                std::string name_cell = nameless ? std::string("No name yet") : name;
                if (person.user.status != UserStatus::kActive)
                    name_cell += person.user.status == UserStatus::kInvited ? ", Invited" : ", Deactivated";
                row.cell(0, std::move(name_cell));
                row.cell(1, person.user.email);
                draw_person_row(state, model, marks, person, row_h, narrow);
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
    if (note) {
        ImGui::Dummy(ImVec2(0, state.px(2)));
        muted_text(state, note_text);
    }
    draw_person_menu(state, model);
    draw_why_popup(state);
}

// A manual group's people; a smart group's people and, beside them, its pins and exclusions (F33).
void draw_members(AppState& state, const GroupPageModel& model) {
    const SmartMarks& marks = smart_marks(state, model.id);
    if (!marks.smart) {
        draw_people(state, model, marks);
        return;
    }
    if (!ImGui::BeginTabBar("##member-tabs")) return;
    const bool people = ImGui::BeginTabItem("People###people");
    report_last_item("People tab");
    if (people) {
        draw_people(state, model, marks);
        ImGui::EndTabItem();
    }
    const int exceptions = marks.pinned + marks.excluded;
    const std::string label =
        "Pins & exclusions" + (exceptions > 0 ? " (" + std::to_string(exceptions) + ")" : std::string()) + "###pins";
    const bool pins = ImGui::BeginTabItem(label.c_str());
    report_last_item("Pins & exclusions");
    if (pins) {
        draw_rule_exceptions(state, model);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

}  // namespace

void draw_group_page(AppState& state) {
    GroupsView& v = state.views.groups;
    if (!v.open_group || state.store == nullptr) return;
    const Id id = *v.open_group;
    if (v.page.value.id != id) v.page.invalidate();
    const GroupPageModel& model = v.page.get(*state.store, kPageKinds, [&] { return read_page(state, id); });
    if (!model.exists) {
        close_group_page(state);
        return;
    }
    // A member's page opened from this group's people takes the page's place until Back (F22).
    if (state.views.member.person && state.views.member.group == id) {
        draw_member_page(state, model.group.name);
        return;
    }
    ImGui::PushID("group-page");
    draw_breadcrumbs(state, model);
    if (!v.open_group || *v.open_group != id) {  // a breadcrumb or Back was clicked
        ImGui::PopID();
        return;
    }
    ImGui::Dummy(ImVec2(0, state.px(6)));
    draw_heading(state, model);
    draw_group_size_chart(state, v.size, id);
    draw_members(state, model);
    ImGui::PopID();
}

}  // namespace grove::ui
