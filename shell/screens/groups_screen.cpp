// Groups (F5–F11): the tree of groups with its toolbar and bulk actions, and the screen's entry point.
// The open group's page is group_page.cpp; the dialogs both open are group_dialogs.cpp.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/access/access.h"
#include "core/learning/digest.h"
#include "core/org/groups.h"
#include "core/org/org.h"
#include "core/org/oversight.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_dialogs.h"
#include "shell/screens/group_page.h"
#include "shell/screens/group_upload.h"
#include "shell/screens/rule_editor.h"
#include "shell/thumbnails.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/flow.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/links.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Sizes in CSS pixels.
constexpr float kRowHeight = 44;
constexpr float kHeaderRowHeight = 36;
constexpr float kThumbSize = 26;
constexpr float kIndent = 22;
constexpr float kMinTableWidth = 620;  // the title column keeps about 300

constexpr std::uint32_t kTreeKinds = kChangeGroups | kChangeMemberships;

GroupsView& view(AppState& state) { return state.views.groups; }

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

// ---- The tree and its visible rows ---------------------------------------------------------------

void refresh_tree(AppState& state) {
    GroupsView& v = view(state);
    if (state.store == nullptr) return;
    if (v.sort != v.tree_sort) {
        v.tree.invalidate();
        v.tree_sort = v.sort;
    }
    bool read = false;
    v.tree.get(*state.store, kTreeKinds, [&] {
        read = true;
        return group_tree(*state.store, v.tree_sort);
    });
    if (!read) return;
    ++v.tree_version;
    const std::vector<GroupRow>& rows = v.tree.value;
    v.row_of.clear();
    v.row_of.reserve(rows.size());
    v.parent_row.assign(rows.size(), -1);
    std::vector<int> open;  // the current path, by depth
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const GroupRow& row = rows[static_cast<std::size_t>(i)];
        v.row_of[row.id] = i;
        open.resize(static_cast<std::size_t>(row.depth));
        if (row.depth > 0 && !open.empty()) v.parent_row[static_cast<std::size_t>(i)] = open.back();
        open.push_back(i);
    }
    // Forget checks and collapsed rows of groups that are gone.
    for (auto it = v.selected.begin(); it != v.selected.end();) {
        it = v.row_of.count(*it) ? std::next(it) : v.selected.erase(it);
    }
    for (auto it = v.collapsed.begin(); it != v.collapsed.end();) {
        it = v.row_of.count(*it) ? std::next(it) : v.collapsed.erase(it);
    }
}

// The acting person's own groups, for "My groups"; chosen first for members without org roles over groups.
void refresh_mine(AppState& state) {
    GroupsView& v = view(state);
    if (v.mine_actor != state.actor) {
        v.mine_actor = state.actor;
        v.mine.invalidate();
        const Power power = power_of(*state.store, state.actor);
        constexpr PermSet kOverGroups = kPermCreateGroups | kPermEditGroups | kPermDeleteGroups | kPermGroupPeople;
        const bool org_power = power.owner || (power.org_wide & kOverGroups) != 0 || !power.scoped.empty();
        v.mine_only = !org_power && !memberships_of(*state.store, state.actor).empty();
    }
    v.mine.get(*state.store, kTreeKinds, [&] {
        ++v.mine_version;
        // Their groups, and the groups below those where they are staff, as far as inheritance reaches.
        std::unordered_set<Id> mine;
        std::unordered_set<Id> staff;
        for (const DirectMembership& m : memberships_of(*state.store, state.actor)) {
            mine.insert(m.group_id);
            if (m.role != GroupRole::kMember) staff.insert(m.group_id);
        }
        std::unordered_set<Id> reached;             // staff of it or of a group above it reach its people
        for (const GroupRow& row : v.tree.value) {  // parents before their children
            const bool from_above = row.parent_id && row.inherit && reached.count(*row.parent_id) > 0;
            if (staff.count(row.id) || from_above) reached.insert(row.id);
            if (from_above) mine.insert(row.id);
        }
        return mine;
    });
}

void refresh_visible(GroupsView& v) {
    if (v.visible_tree_stamp == v.tree_version && v.visible_filter == v.filter &&
        v.visible_collapsed == v.collapsed_version && v.visible_mine == v.mine_only &&
        v.visible_mine_version == v.mine_version) {
        return;
    }
    v.visible_tree_stamp = v.tree_version;
    v.visible_filter = v.filter;
    v.visible_collapsed = v.collapsed_version;
    v.visible_mine = v.mine_only;
    v.visible_mine_version = v.mine_version;
    const std::vector<GroupRow>& rows = v.tree.value;
    v.visible.clear();
    v.visible_match.clear();
    v.matches = 0;
    const std::string needle = trim(v.filter);
    if (needle.empty() && !v.mine_only) {
        int skip_below = -1;  // the depth of a collapsed row whose subtree is being skipped
        for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
            const GroupRow& row = rows[static_cast<std::size_t>(i)];
            if (skip_below >= 0 && row.depth > skip_below) continue;
            skip_below = -1;
            v.visible.push_back(i);
            v.visible_match.push_back(1);
            if (row.child_count > 0 && v.collapsed.count(row.id)) skip_below = row.depth;
        }
        v.matches = static_cast<int>(rows.size());
        return;
    }
    // Matching rows and their ancestors, so each match is seen where it sits in the tree.
    std::vector<char> keep(rows.size(), 0);
    std::vector<char> match(rows.size(), 0);
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const GroupRow& row = rows[static_cast<std::size_t>(i)];
        if (v.mine_only && v.mine.value.count(row.id) == 0) continue;
        if (!needle.empty() && !contains_folded(row.name, needle)) continue;
        ++v.matches;
        match[static_cast<std::size_t>(i)] = 1;
        for (int j = i; j >= 0 && !keep[static_cast<std::size_t>(j)]; j = v.parent_row[static_cast<std::size_t>(j)]) {
            keep[static_cast<std::size_t>(j)] = 1;
        }
    }
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        if (!keep[static_cast<std::size_t>(i)]) continue;
        v.visible.push_back(i);
        v.visible_match.push_back(match[static_cast<std::size_t>(i)]);
    }
}

void set_collapsed(GroupsView& v, Id group, bool collapsed) {
    if (collapsed) {
        v.collapsed.insert(group);
    } else {
        v.collapsed.erase(group);
    }
    ++v.collapsed_version;
}

// ---- The list ------------------------------------------------------------------------------------------

// "My groups" and "All groups", side by side; the chosen one accent-coloured.
void draw_scope_switch(AppState& state) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    for (bool mine : {true, false}) {
        if (!mine) ImGui::SameLine(0, state.px(4));
        const bool chosen = v.mine_only == mine;
        if (chosen) {
            ImGui::PushStyleColor(ImGuiCol_Button, p.accent_soft);
            ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        }
        if (button(mine ? "My groups" : "All groups")) {
            v.mine_only = mine;
            state.request_redraw();
        }
        if (chosen) ImGui::PopStyleColor(2);
    }
}

void draw_toolbar(AppState& state) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    if (!v.mine.value.empty() || v.mine_only) {
        draw_scope_switch(state);
        ImGui::SameLine(0, state.px(16));
    }
    if (search_field(state, "group-filter", &v.filter, "Filter groups by name", state.px(280))) state.request_redraw();
    // In a narrow window the toolbar wraps rather than cutting its buttons off.
    flow_same_line(ImGui::CalcTextSize("Sort").x + ImGui::GetStyle().ItemSpacing.x + state.px(150), state.px(16));
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted("Sort");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(state.px(150));
    const char* sort_label = v.sort == GroupSort::kNewest ? "Newest first" : "Title";
    if (begin_combo("Sort", "##sort", sort_label)) {
        if (activated(ImGui::Selectable("Newest first", v.sort == GroupSort::kNewest))) v.sort = GroupSort::kNewest;
        if (activated(ImGui::Selectable("Title", v.sort == GroupSort::kTitle))) v.sort = GroupSort::kTitle;
        ImGui::EndCombo();
    }
    const std::string expand = std::string(icons::kExpandAll) + "  Expand all";
    const std::string collapse = std::string(icons::kCollapseAll) + "  Collapse all";
    flow_same_line(button_width(expand.c_str()), state.px(16));
    if (button(expand.c_str())) {
        v.collapsed.clear();
        ++v.collapsed_version;
    }
    flow_same_line(button_width(collapse.c_str()));
    if (button(collapse.c_str())) {
        v.collapsed.clear();
        for (const GroupRow& row : v.tree.value)
            if (row.child_count > 0) v.collapsed.insert(row.id);
        ++v.collapsed_version;
    }

    // The count, at the right end.
    const std::size_t total = v.tree.value.size();
    std::string count = trim(v.filter).empty()
                            ? counted(total, "group", "groups")
                            : std::to_string(v.matches) + " of " + counted(total, "group", "groups") + " match";
    if (v.mine_only && trim(v.filter).empty()) {
        count = std::to_string(v.matches) + " of " + counted(total, "group", "groups") + " are yours";
    }
    const float w = ImGui::CalcTextSize(count.c_str()).x;
    flow_same_line(w);
    const float x = ImGui::GetWindowContentRegionMax().x - w;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
}

void draw_bulk_bar(AppState& state) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    if (v.selected.empty()) {
        // The bar's room is kept while nothing is ticked, so ticking the first group moves nothing
        // under the pointer: a quiet line says what the checkboxes are for.
        const float h = ImGui::GetFrameHeight() + state.px(16);
        const ImVec2 at = ImGui::GetCursorPos();
        ImGui::SetCursorPos(ImVec2(at.x + state.px(14), at.y + (h - ImGui::GetFontSize()) * 0.5f));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted("Tick groups to delete them or export their users together.");
        ImGui::PopStyleColor();
        ImGui::SetCursorPos(at);
        ImGui::Dummy(ImVec2(0, h));
        ImGui::Spacing();
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.accent_soft);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(14), state.px(8)));
    ImGui::BeginChild("##bulk", ImVec2(0, ImGui::GetFrameHeight() + state.px(16)),
                      ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("%zu selected", v.selected.size());
    ImGui::PopFont();
    ImGui::SameLine(0, state.px(16));
    const std::string del = std::string(icons::kTrash) + "  Delete selected";
    if (danger_button(state, del.c_str())) {
        // In the tree's order, parents before their children.
        std::vector<Id> groups;
        for (const GroupRow& row : v.tree.value)
            if (v.selected.count(row.id)) groups.push_back(row.id);
        start_delete_groups(state, groups, false);
    }
    ImGui::SameLine();
    const std::string users = std::string(icons::kDownload) + "  Export users (CSV)";
    if (button(users.c_str())) {
        std::vector<Id> groups;
        for (const GroupRow& row : v.tree.value)
            if (v.selected.count(row.id)) groups.push_back(row.id);
        download_groups_users(state, groups);
    }
    ImGui::SameLine();
    if (button("Clear selection")) v.selected.clear();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::Spacing();
}

void draw_empty(AppState& state) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(28), state.px(28)));
    ImGui::BeginChild("##empty", ImVec2(0, state.px(150)),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding, ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PushFont(state.fonts.bold);
    if (v.tree.value.empty()) {
        ImGui::TextUnformatted("No groups yet");
        ImGui::PopFont();
        muted_text(state,
                   "Groups gather people (a school, a grade, a class, a team) so mentors and group admins can "
                   "follow them. Create the first one with New group.");
        ImGui::Spacing();
        const std::string create = std::string(icons::kPlus) + "  Create the first group";
        if (primary_button(state, create.c_str())) start_new_group(state, std::nullopt);
    } else if (v.mine_only && trim(v.filter).empty()) {
        ImGui::TextUnformatted("You belong to no group yet");
        ImGui::PopFont();
        muted_text(state, "A group admin or the people who manage groups can add you. All groups shows every group.");
        ImGui::Spacing();
        if (button("Show all groups")) v.mine_only = false;
    } else {
        ImGui::Text("No group matches \"%s\"", trim(v.filter).c_str());
        ImGui::PopFont();
        muted_text(state, "Try part of the name, or clear the filter.");
        ImGui::Spacing();
        if (button("Clear filter")) v.filter.clear();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// One row of the table; the row's cells, vertically centred.
void draw_group_row(AppState& state, const GroupRow& row, int at, bool match, float row_h) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::PushID(static_cast<int>(row.id));
    const bool checked = v.selected.count(row.id) > 0;
    // For screen readers a row is an item of the groups' tree, at its depth, open or closed.
    SemanticScope tree_item(Role::kTreeItem, row.name.c_str());
    tree_item.tree_item(row.depth + 1,
                        row.child_count > 0 ? (v.collapsed.count(row.id) > 0 && trim(v.filter).empty() ? 0 : 1) : -1,
                        checked);

    // Checkbox.
    ImGui::TableSetColumnIndex(0);
    const float row_top = ImGui::GetCursorScreenPos().y - style.CellPadding.y;
    {
        ImGuiWindow* window = ImGui::GetCurrentWindow();
        const bool hovered = ImGui::IsWindowHovered() &&
                             ImGui::IsMouseHoveringRect(ImVec2(window->InnerRect.Min.x, row_top),
                                                        ImVec2(window->InnerRect.Max.x, row_top + row_h), false);
        if (checked) {
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.accent_soft));
        } else if (hovered) {
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour(p.hover));
        }
    }
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(state.px(3), state.px(3)));
    centre_in_row(row_h, ImGui::GetFrameHeight());
    bool check = checked;
    if (checkbox("##select", &check)) {
        if (check) {
            v.selected.insert(row.id);
        } else {
            v.selected.erase(row.id);
        }
    }
    report_last_item(("Select " + row.name).c_str());
    ImGui::PopStyleVar();

    // Title: indentation, arrow, thumbnail, name (a link to the group's page), description.
    ImGui::TableSetColumnIndex(1);
    const float mid = row_top + row_h * 0.5f;
    float x = ImGui::GetCursorScreenPos().x + state.px(kIndent) * static_cast<float>(row.depth);
    const float arrow_w = state.px(22);
    if (row.child_count > 0) {
        const bool collapsed = v.collapsed.count(row.id) > 0 && trim(v.filter).empty();
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(state.px(4), state.px(3)));
        const float h = ImGui::GetFrameHeight();
        ImGui::SetCursorScreenPos(ImVec2(x, std::round(mid - h * 0.5f)));
        const std::string name = (collapsed ? "Expand " : "Collapse ") + row.name;
        ImGui::PushID("arrow");
        if (button(collapsed ? icons::kCaretRight : icons::kCaretDown, ImVec2(arrow_w, h))) {
            set_collapsed(v, row.id, !collapsed);
        }
        report_last_item(name.c_str());
        ImGui::PopID();
        ImGui::PopStyleVar(2);
        ImGui::PopStyleColor(2);
    }
    x += arrow_w + state.px(4);
    const float thumb = state.px(kThumbSize);
    ImGui::SetCursorScreenPos(ImVec2(x, std::round(mid - thumb * 0.5f)));
    Texture texture;
    if (row.has_image) {
        const auto& stamps =
            v.image_stamps.get(*state.store, kChangeGroups, [&] { return group_image_stamps(*state.store); });
        auto stamp = stamps.find(row.id);
        texture = v.thumbnails.get(state, row.id, stamp != stamps.end() ? stamp->second : 0);
        draw_thumbnail(state, texture, row.name, thumb, ("Image of " + row.name).c_str());
    } else {
        draw_thumbnail(state, texture, row.name, thumb);
    }
    x += thumb + state.px(10);
    const float text_h = ImGui::GetFontSize();
    ImGui::SetCursorScreenPos(ImVec2(x, std::round(mid - text_h * 0.5f)));
    // While filtering, the groups shown only because a match sits below them are muted.
    ImGui::PushFont(match ? state.fonts.bold : state.fonts.regular);
    if (!match) ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    // A long name is cut with an ellipsis to its column, and shown whole on hover.
    const float name_room = ImGui::GetContentRegionMaxAbs().x - x;
    if (link_button(state, row.name.c_str(), "open", std::max(state.px(40), name_room))) open_group_page(state, row.id);
    // The tree by keyboard, as trees go, on a group's name: Down and Up go to the next and previous group's name
    // (ImGui's own arrows would favour the row's tallest widget), Home and End to the first and the last, Right opens
    // a group and Left closes it (from a group already open or closed, or one without groups below it, Left goes to
    // the group above it and Right moves along the row).
    if (v.tree_focus_to == at) {
        v.tree_focus_to = -1;
        ImGuiContext& g = *GImGui;
        ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
        ImGui::ScrollToItem(ImGuiScrollFlags_KeepVisibleEdgeY);
    } else if (ImGui::IsItemFocused() && keyboard_focused()) {
        const bool can_fold = row.child_count > 0 && trim(v.filter).empty();
        const bool collapsed = v.collapsed.count(row.id) > 0;
        const int last = static_cast<int>(v.visible.size()) - 1;
        if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) {  // at either end of the tree the focus stays
            if (at < last) v.tree_focus_to = at + 1;
            ImGui::NavMoveRequestCancel();
        } else if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) {
            if (at > 0) v.tree_focus_to = at - 1;
            ImGui::NavMoveRequestCancel();
        } else if (ImGui::IsKeyPressed(ImGuiKey_Home)) {  // ImGui's own aims at the window's top widget
            if (at > 0) v.tree_focus_to = 0;
            ImGui::NavMoveRequestCancel();
        } else if (ImGui::IsKeyPressed(ImGuiKey_End)) {
            if (at < last) v.tree_focus_to = last;
            ImGui::NavMoveRequestCancel();
        } else if (can_fold &&
                   (collapsed ? ImGui::IsKeyPressed(ImGuiKey_RightArrow) : ImGui::IsKeyPressed(ImGuiKey_LeftArrow))) {
            set_collapsed(v, row.id, !collapsed);
            ImGui::NavMoveRequestCancel();  // the key opened or closed the group: the focus stays on it
        } else if (row.depth > 0 && ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) {
            // Left on a closed group, or one with nothing below it: to the group it sits in (rows are in pre-order,
            // so that is the nearest row above with a smaller depth).
            for (int k = at - 1; k >= 0; --k) {
                if (v.tree.value[static_cast<std::size_t>(v.visible[static_cast<std::size_t>(k)])].depth < row.depth) {
                    v.tree_focus_to = k;
                    ImGui::NavMoveRequestCancel();
                    break;
                }
            }
        }
    }
    if (!match) ImGui::PopStyleColor();
    ImGui::PopFont();
    if (!row.description.empty()) {
        // The description's first line, muted, cut to the column.
        ImGui::SameLine(0, state.px(10));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float right = ImGui::GetContentRegionMaxAbs().x;
        if (right - at.x > state.px(40)) {
            std::string line = row.description.substr(0, row.description.find('\n'));
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), at, ImVec2(right, at.y + text_h), right, right,
                                      line.c_str(), nullptr, nullptr);
            ImGui::PopStyleColor();
        }
    }

    // Users: everyone the group's page lists, saying how many are direct members when inherited staff count too.
    ImGui::TableSetColumnIndex(2);
    centre_in_row(row_h, text_h);
    {
        const auto& inherited = v.inherited_counts.value;
        auto found = inherited.find(row.id);
        const int extra = found == inherited.end() ? 0 : found->second;
        if (extra == 0) {
            ImGui::Text("%d", row.user_count);
        } else {
            ImGui::Text("%d (%d direct)", row.user_count + extra, row.user_count);
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("%s: %s directly, and %s of groups above it",
                                  counted(row.user_count + extra, "person", "people").c_str(),
                                  std::to_string(row.user_count).c_str(),
                                  counted(extra, "staff member", "staff members").c_str());
            }
        }
    }

    // Created.
    ImGui::TableSetColumnIndex(3);
    centre_in_row(row_h, text_h);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(format_day(row.created_at).c_str());
    ImGui::PopStyleColor();

    // The "..." menu.
    ImGui::TableSetColumnIndex(4);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    centre_in_row(row_h, ImGui::GetFrameHeight());
    const bool menu = icon_button(icons::kEllipsis, "Group actions");
    report_last_item(("Actions for " + row.name).c_str());  // the same button, by group
    if (menu) {
        v.menu_group = row.id;
        v.open_menu = true;
        v.menu_anchor = last_item_anchor();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::PopID();
}

void draw_group_menu(AppState& state) {
    GroupsView& v = view(state);
    if (v.open_menu) {
        ImGui::OpenPopup("##group-menu");
        v.open_menu = false;
    }
    if (!begin_anchored_popup("##group-menu", v.menu_anchor)) return;
    const GroupRow* row = group_row(state, v.menu_group);
    if (row == nullptr) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const Id id = row->id;
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::TextUnformatted(row->name.c_str());
    ImGui::PopStyleColor();
    ImGui::Separator();
    const std::string manage = std::string(icons::kPencil) + "  Manage group";
    const std::string add = std::string(icons::kUserPlus) + "  Add members";
    const std::string sub = std::string(icons::kPlus) + "  New subgroup";
    const std::string del = std::string(icons::kTrash) + "  Delete group";
    // Each action the acting person may not take is disabled, the core's reason on hover.
    const AccessTarget here{.group = id, .parent = row->parent_id};
    if (permitted_menu_item(state, manage.c_str(), refusal_of(state, Cmd::kGroupEdit, here)))
        start_manage_group(state, id);
    if (permitted_menu_item(state, add.c_str(), refusal_of(state, Cmd::kMemberAdd, here))) start_add_members(state, id);
    const std::string upload = std::string(icons::kUpload) + "  Upload members (CSV)";
    if (permitted_menu_item(state, upload.c_str(), refusal_of(state, Cmd::kMemberAdd, here)))
        start_group_upload(state, id);
    std::string sub_refusal = refusal_of(state, Cmd::kGroupCreate, {.parent = id});
    if (sub_refusal.empty()) sub_refusal = plan_cap_message(*state.store).value_or("");
    if (permitted_menu_item(state, sub.c_str(), sub_refusal)) start_new_group(state, id);
    const std::string users = std::string(icons::kDownload) + "  Download users (CSV)";
    if (permitted_menu_item(state, users.c_str(), refusal_of(state, Cmd::kGroupExport, here)))
        download_group_users(state, id);
    // F23: the acting person's weekly digest for a group they mentor or manage (directly or from above).
    if (staff_role(*state.store, state.actor, id)) {
        const bool on = digest_on(*state.store, state.actor, id);
        const std::string digest =
            std::string(icons::kEnvelope) + (on ? "  Weekly digest: on" : "  Weekly digest: off");
        if (menu_item(digest.c_str())) {
            if (auto set = set_digest(*state.store, state.actor, id, !on)) {
                v.list_notice.set_success(std::string("Weekly digest ") + (on ? "off" : "on") + " for " + row->name +
                                          ".");
            } else {
                v.list_notice.set_error(set.error().message);
            }
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(on ? "Click to stop the weekly digest for this group."
                                 : "Click to get this group in your weekly digest.");
    }
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).danger);
    if (permitted_menu_item(state, del.c_str(), refusal_of(state, Cmd::kGroupDelete, here)))
        start_delete_groups(state, {id}, false);
    ImGui::PopStyleColor();
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_table(AppState& state) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    const std::vector<GroupRow>& rows = v.tree.value;
    const float row_h = state.px(kRowHeight);
    const float header_h = state.px(kHeaderRowHeight);

    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(10), 0));
    // As tall as its rows (a few groups do not leave a tall empty card), at most the space left.
    const float rows_h = header_h + row_h * static_cast<float>(v.visible.size()) + state.px(2);
    const float card_h = std::min(rows_h, ImGui::GetContentRegionAvail().y);
    ImGui::BeginChild("##groups-card", ImVec2(0, std::max(card_h, header_h + row_h)), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    // Below its minimum width the table scrolls sideways rather than squeezing titles to a few letters.
    const float min_width = state.px(kMinTableWidth);
    const bool sideways = ImGui::GetContentRegionAvail().x < min_width;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX |
                                  (sideways ? ImGuiTableFlags_ScrollX : 0);
    if (ImGui::BeginTable("##groups", 5, flags, ImGui::GetContentRegionAvail(), sideways ? min_width : 0.0f)) {
        flatten_table_nav();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("##select", ImGuiTableColumnFlags_WidthFixed, state.px(22));
        ImGui::TableSetupColumn("Title", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Users", ImGuiTableColumnFlags_WidthFixed, state.px(118));
        ImGui::TableSetupColumn("Created", ImGuiTableColumnFlags_WidthFixed, state.px(110));
        ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());

        // The header row: "select all visible" and the column names, muted and bold.
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers, header_h);
        ImGui::TableSetColumnIndex(0);
        bool all = !v.visible.empty() && !v.selected.empty();
        for (std::size_t k = 0; all && k < v.visible.size(); ++k) {
            all = v.selected.count(rows[static_cast<std::size_t>(v.visible[k])].id) > 0;
        }
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(state.px(3), state.px(3)));
        centre_in_row(header_h, ImGui::GetFrameHeight());
        if (checkbox("##all", &all)) {
            for (int i : v.visible) {
                const Id id = rows[static_cast<std::size_t>(i)].id;
                if (all) {
                    v.selected.insert(id);
                } else {
                    v.selected.erase(id);
                }
            }
        }
        report_last_item("Select all groups");
        ImGui::PopStyleVar();
        table_header_cells(state, header_h, 1, 4);

        SemanticScope tree(Role::kTree, "Groups");
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(v.visible.size()), row_h);
        if (v.tree_focus_to >= static_cast<int>(v.visible.size())) v.tree_focus_to = -1;
        if (v.tree_focus_to >= 0) clipper.IncludeItemByIndex(v.tree_focus_to);  // drawn even when scrolled away
        while (clipper.Step()) {
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const auto at = static_cast<std::size_t>(k);
                draw_group_row(state, rows[static_cast<std::size_t>(v.visible[at])], k, v.visible_match[at] != 0,
                               row_h);
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

// "4 of 5 groups on Essentials", for a plan with a cap; at the cap, what that means and where to change it.
void draw_plan_use(AppState& state, const PlanInfo& info, int groups) {
    if (info.group_cap < 0) return;
    const Palette& p = palette(state.theme);
    const std::string use =
        std::to_string(groups) + " of " + counted(info.group_cap, "group", "groups") + " on " + info.name;
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(use.c_str());
    ImGui::PopStyleColor();
    if (groups < info.group_cap) {
        ImGui::Spacing();
        return;
    }
    ImGui::SameLine(0, state.px(6));
    ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
    ImGui::TextUnformatted((std::string("\xc2\xb7  The ") + info.name +
                            " plan is full: a new group needs a larger plan, or a group deleted.")
                               .c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(0, state.px(6));
    if (link_button(state, "Change the plan in Settings", "plan")) state.screen = Screen::Settings;
    ImGui::Spacing();
}

void draw_list(AppState& state) {
    GroupsView& v = view(state);
    const ImVec2 top = ImGui::GetCursorPos();
    page_header(state, "Groups",
                "Gather people into groups and nest them (a school, its grades, their classes). "
                "Mentors and group admins of a group also reach the groups below it.");
    const ImVec2 after = ImGui::GetCursorPos();
    const std::string create = std::string(icons::kPlus) + "  New group";
    const std::string smart = std::string(icons::kMagic) + "  New smart group";
    const float actions_w =
        button_width(smart.c_str()) + ImGui::GetStyle().ItemSpacing.x + button_width(create.c_str());
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowContentRegionMax().x - actions_w, top.y + state.px(2)));
    // Refused by the acting person's roles, or by the plan's cap: said before the form, not after.
    std::string create_refusal = refusal_of(state, Cmd::kGroupCreate, {});
    const auto& [plan, groups] = v.plan_use.get(*state.store, kChangeOrg | kChangeGroups, [&] {
        auto org = get_org(*state.store);
        return std::pair{org ? org->plan : Plan::kEnterprise, group_count(*state.store)};
    });
    const PlanInfo& info = plan_info(plan);
    const bool full = info.group_cap >= 0 && groups >= info.group_cap;
    if (create_refusal.empty() && full) create_refusal = plan_cap_message(*state.store).value_or("");
    // F12: a group with a rule from the start; giving a rule needs its own permission too.
    const std::string smart_refusal = create_refusal.empty() ? refusal_of(state, Cmd::kRuleSet, {}) : create_refusal;
    if (permitted_button(state, smart.c_str(), smart_refusal)) start_new_smart_group(state, std::nullopt);
    ImGui::SameLine();
    if (permitted_button(state, create.c_str(), create_refusal, true)) start_new_group(state, std::nullopt);
    ImGui::SetCursorPos(after);
    draw_plan_use(state, info, groups);

    refresh_mine(state);
    v.inherited_counts.get(*state.store, kTreeKinds, [&] { return inherited_only_counts(*state.store); });
    refresh_visible(v);
    draw_toolbar(state);
    ImGui::Spacing();
    draw_notice(state, v.list_notice);
    draw_bulk_bar(state);
    if (v.visible.empty()) {
        draw_empty(state);
    } else {
        draw_table(state);
    }
    draw_group_menu(state);
}

}  // namespace

// ---- Shared with the group's page and the dialogs ----------------------------------------------------

// Makes `group` visible in the list: its ancestors expanded.
void reveal_group(AppState& state, Id group) {
    GroupsView& v = view(state);
    refresh_tree(state);
    auto found = v.row_of.find(group);
    if (found == v.row_of.end()) return;
    for (int j = v.parent_row[static_cast<std::size_t>(found->second)]; j >= 0;
         j = v.parent_row[static_cast<std::size_t>(j)]) {
        v.collapsed.erase(v.tree.value[static_cast<std::size_t>(j)].id);
    }
    ++v.collapsed_version;
}

const std::vector<GroupRow>& group_rows(AppState& state) {
    static const std::vector<GroupRow> kNone;
    if (state.store == nullptr) return kNone;
    refresh_tree(state);
    return view(state).tree.value;
}

const GroupRow* group_row(AppState& state, Id group) {
    const std::vector<GroupRow>& rows = group_rows(state);
    GroupsView& v = view(state);
    auto found = v.row_of.find(group);
    if (found == v.row_of.end()) return nullptr;
    return &rows[static_cast<std::size_t>(found->second)];
}

void open_group_page(AppState& state, Id group) {
    GroupsView& v = view(state);
    v.open_group = group;
    state.views.member.person.reset();  // a member's page belongs to the group it was opened from
    v.people_filter.clear();
    v.page_notice.clear();
    v.page.invalidate();
    state.request_redraw();
}

void close_group_page(AppState& state) {
    GroupsView& v = view(state);
    v.open_group.reset();
    state.views.member.person.reset();
    v.page_notice.clear();
    state.request_redraw();
}

void draw_groups_screen(AppState& state) {
    GroupsView& v = view(state);
    if (state.store == nullptr) {
        page_header(state, "Groups", "Open or create an organisation first.");
        return;
    }
    refresh_tree(state);
    if (v.open_group && v.row_of.find(*v.open_group) == v.row_of.end()) close_group_page(state);  // deleted
    if (v.open_group) {
        draw_group_page(state);
    } else {
        draw_list(state);
    }
    draw_group_dialogs(state);
    draw_group_upload(state);
    draw_rule_editor(state);
}

}  // namespace grove::ui
