// Departments (F3): the organisation chart as a tree with people counts, its changes (new, rename,
// move, delete) through the core, and the people of the selected department.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/org/departments.h"
#include "core/org/people.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// The tree shows people counts: a person joining or leaving a department changes it.
constexpr std::uint32_t kTreeKinds = kChangeDepartments | kChangePeople;

constexpr float kStackBelow = 760;  // content width below which the people panel goes under the chart
constexpr const char* kMenu = "##department-menu";
constexpr const char* kCreateTitle = "New department";
constexpr const char* kRenameTitle = "Rename department";
constexpr const char* kMoveTitle = "Move department";
constexpr const char* kDeleteTitle = "Delete department";

// An icon button without a frame, for row actions that should not compete with the row's text.
bool quiet_icon_button(const char* icon, const char* name) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    const bool pressed = icon_button(icon, name);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    return pressed;
}

// Text at the right edge of the current cell, on a frame-height line.
void right_aligned_text(const char* text) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(text).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
}

const DepartmentRow* row_of(const std::vector<DepartmentRow>& tree, Id id) {
    for (const DepartmentRow& row : tree) {
        if (row.department.id == id) return &row;
    }
    return nullptr;
}

bool has_children(const std::vector<DepartmentRow>& tree, size_t i) {
    return i + 1 < tree.size() && tree[i + 1].depth > tree[i].depth;
}

void refresh_visible(DepartmentsView& view) {
    const std::vector<DepartmentRow>& tree = view.tree.value;
    if (view.visible_stamp == view.tree.stamp && view.visible_version == view.collapsed_version) return;
    if (view.visible_stamp != view.tree.stamp) {
        // Subtree totals: each row's parent is the nearest earlier row one level up (pre-order).
        std::vector<size_t> parent(tree.size(), tree.size());
        std::vector<size_t> path;
        for (size_t i = 0; i < tree.size(); ++i) {
            path.resize(static_cast<size_t>(tree[i].depth));
            if (!path.empty()) parent[i] = path.back();
            path.push_back(i);
        }
        view.totals.assign(tree.size(), 0);
        for (size_t i = tree.size(); i-- > 0;) {
            view.totals[i] += tree[i].user_count;
            if (parent[i] < tree.size()) view.totals[parent[i]] += view.totals[i];
        }
    }
    view.visible.clear();
    int skip_depth = -1;
    for (size_t i = 0; i < tree.size(); ++i) {
        if (skip_depth >= 0) {
            if (tree[i].depth > skip_depth) continue;
            skip_depth = -1;
        }
        view.visible.push_back(i);
        if (view.collapsed.count(tree[i].department.id) != 0) skip_depth = tree[i].depth;
    }
    view.visible_stamp = view.tree.stamp;
    view.visible_version = view.collapsed_version;
}

void toggle(DepartmentsView& view, Id id) {
    if (!view.collapsed.erase(id)) view.collapsed.insert(id);
    ++view.collapsed_version;
}

void open(DepartmentsView& view, DepartmentDialog dialog, Id target) {
    view.dialog = dialog;
    view.open_dialog = true;
    view.target = target;
    view.error.clear();
    view.notice.clear();
}

// The core's plan for deleting `department`, read once as its dialog opens (the dialog is modal, so
// nothing changes underneath it).
void read_delete_plan(AppState& state, DepartmentsView& view, Id department) {
    view.delete_plan.clear();
    view.delete_roles.clear();
    view.delete_refusal.clear();
    auto plan = plan_department_delete(*state.store, state.actor, department);
    if (!plan) {
        view.delete_refusal = plan.error().message;
        return;
    }
    view.delete_plan = plan->description;
    for (const RoleMove& move : plan->roles) view.delete_roles.push_back(move.description);
}

void draw_tree(AppState& state, DepartmentsView& view, ImVec2 size) {
    const Palette& p = palette(state.theme);
    const std::vector<DepartmentRow>& tree = view.tree.value;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    if (tree.empty()) {
        ImGui::BeginChild("##chart-empty", size, ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
        ImGui::Dummy(ImVec2(0.0f, state.px(16)));
        muted_text(state,
                   "No departments yet. Start the chart with \"New department\"; departments nest to any depth.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(10), state.px(4)));
    if (ImGui::BeginTable("##chart", 4, kFlags, size)) {
        flatten_table_nav();
        const float icon_w = ImGui::GetFrameHeight();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Department", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("People", ImGuiTableColumnFlags_WidthFixed, state.px(64));
        ImGui::TableSetupColumn("With sub-departments", ImGuiTableColumnFlags_WidthFixed, state.px(170));
        ImGui::TableSetupColumn("Actions", ImGuiTableColumnFlags_WidthFixed, icon_w);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::PushFont(state.fonts.bold);
        ImGui::TableSetColumnIndex(0);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Department");
        ImGui::TableSetColumnIndex(1);
        right_aligned_text("People");
        ImGui::TableSetColumnIndex(2);
        right_aligned_text("With sub-departments");
        ImGui::PopFont();
        ImGui::PopStyleColor();

        const float indent = state.px(20);
        const float caret_pad = state.px(4);
        const float caret_w = ImGui::CalcTextSize(icons::kCaretDown).x + caret_pad * 2.0f;
        // For screen readers: a grid of every department shown, of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "Departments");
        const int count = static_cast<int>(view.visible.size());
        ImGuiListClipper clipper;
        clipper.Begin(count);
        while (clipper.Step()) {
            for (int v = clipper.DisplayStart; v < clipper.DisplayEnd; ++v) {
                const size_t i = view.visible[static_cast<size_t>(v)];
                const DepartmentRow& row = tree[i];
                const Id id = row.department.id;
                ImGui::TableNextRow();
                SemanticScope grid_row(Role::kRow, row.department.name.c_str());
                grid_row.row(v, count);
                grid_row.cell(0, row.department.name);  // whole, where it may be drawn cut short
                ImGui::PushID(static_cast<int>(id));
                ImGui::TableSetColumnIndex(0);
                // Caret, then the name filling the rest of the cell: nothing overlaps, so a click that
                // arrives with the mouse's move (as in a browser) is never lost to an overlap rule.
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent * static_cast<float>(row.depth));
                if (has_children(tree, i)) {
                    const bool collapsed = view.collapsed.count(id) != 0;
                    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                                        ImVec2(caret_pad, ImGui::GetStyle().FramePadding.y));
                    if (quiet_icon_button(collapsed ? icons::kCaretRight : icons::kCaretDown,
                                          collapsed ? "Expand" : "Collapse")) {
                        toggle(view, id);
                    }
                    ImGui::PopStyleVar();
                    ImGui::PopStyleColor();
                } else {
                    ImGui::Dummy(ImVec2(caret_w, ImGui::GetFrameHeight()));  // names line up with siblings'
                }
                ImGui::SameLine(0.0f, state.px(4));
                // The caret is a framed button: keep the name on the row's own line, not its baseline.
                ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
                const bool selected = view.selected && *view.selected == id;
                // The whole row shows hover and selection (its background), not only the name's cell.
                ImGui::PushStyleColor(ImGuiCol_Header, ImVec4(0, 0, 0, 0));
                ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImVec4(0, 0, 0, 0));
                ImGui::PushStyleColor(ImGuiCol_HeaderActive, ImVec4(0, 0, 0, 0));
                // A long name ends in "…" (whole on hover); the row keeps one ID whatever is shown.
                const std::string shown =
                    elide(row.department.name, ImGui::GetContentRegionMaxAbs().x - ImGui::GetCursorScreenPos().x);
                if (ImGui::Selectable((shown + "###department").c_str(), selected, ImGuiSelectableFlags_None,
                                      ImVec2(0.0f, ImGui::GetFrameHeight()))) {
                    view.selected = id;
                }
                if (shown != row.department.name) {
                    report_last_item(row.department.name.c_str());  // found by its whole name
                    full_text_tooltip(row.department.name);
                }
                ImGui::PopStyleColor(3);
                if (selected || ImGui::IsItemHovered()) {
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                           ImGui::GetColorU32(selected ? p.accent_soft : p.hover));
                }
                ImGui::TableSetColumnIndex(1);
                ImGui::PushStyleColor(ImGuiCol_Text, row.user_count == 0 ? p.text_muted : p.text);
                right_aligned_text(std::to_string(row.user_count).c_str());
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(2);
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                right_aligned_text(std::to_string(view.totals[i]).c_str());
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(3);
                if (quiet_icon_button(icons::kEllipsis, "Department actions")) {
                    view.menu_for = id;
                    view.open_menu = true;
                    view.menu_anchor = last_item_anchor();
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// The rows name, email and department of each person.
constexpr std::uint32_t kPeopleKinds = kChangePeople | kChangeDepartments;

void refresh_people(DepartmentsView& view, const std::vector<PersonRow>& rows) {
    const std::uint64_t stamp = view.rows.stamp;
    if (view.people_stamp == stamp && view.people_of == view.selected) return;
    view.people.clear();
    if (view.selected) {
        for (size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].department_id == view.selected) view.people.push_back(i);
        }
    }
    view.people_stamp = stamp;
    view.people_of = view.selected;
}

void draw_people_of(AppState& state, DepartmentsView& view, ImVec2 size) {
    const Palette& p = palette(state.theme);
    if (view.selected && !row_of(view.tree.value, *view.selected)) view.selected.reset();
    // Everyone's rows are read only once a department is chosen, then again only when people or
    // departments changed; choosing another department filters them without reading.
    static const std::vector<PersonRow> kNobody;
    const std::vector<PersonRow>& rows =
        view.selected ? view.rows.get(*state.store, kPeopleKinds, [&] { return people_rows(*state.store); }) : kNobody;
    refresh_people(view, rows);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(20), state.px(16)));
    ImGui::BeginChild("##department-people", size, ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    const DepartmentRow* row = view.selected ? row_of(view.tree.value, *view.selected) : nullptr;
    if (!row) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("People");
        ImGui::PopFont();
        muted_text(state, "Select a department to see who is in it.");
    } else {
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(("People in " + row->department.name).c_str());
        ImGui::PopFont();
        const int subs =
            static_cast<int>(std::count_if(view.tree.value.begin(), view.tree.value.end(), [&](const DepartmentRow& r) {
                return r.department.parent_id == row->department.id;
            }));
        std::string summary = counted(static_cast<int>(view.people.size()), "person", "people") + " directly";
        if (subs > 0) summary += ", " + counted(subs, "sub-department", "sub-departments");
        muted_text(state, summary + ".");
        ImGui::Spacing();
        if (view.people.empty()) {
            muted_text(state, "Nobody is in this department itself.");
        } else {
            ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(8), state.px(2)));
            if (ImGui::BeginTable("##department-people-list", 2, ImGuiTableFlags_SizingStretchProp)) {
                flatten_table_nav();
                ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
                ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.3f);
                SemanticScope grid(Role::kGrid, "People in the department");
                const int count = static_cast<int>(view.people.size());
                ImGuiListClipper clipper;
                clipper.Begin(count);
                while (clipper.Step()) {
                    for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                        const PersonRow& person = rows[view.people[static_cast<size_t>(k)]];
                        ImGui::TableNextRow();
                        SemanticScope grid_row(Role::kRow, person.name.c_str());
                        grid_row.row(k, count);
                        ImGui::PushID(static_cast<int>(person.id));
                        ImGui::TableSetColumnIndex(0);
                        if (ImGui::Selectable((person.name + "##person").c_str(), false,
                                              ImGuiSelectableFlags_SpanAllColumns,
                                              ImVec2(0.0f, ImGui::GetFrameHeight()))) {
                            open_person_panel(state, person.id);
                        }
                        if (ImGui::IsItemHovered()) {
                            ImGui::SetTooltip("Open %s on the People screen", person.name.c_str());
                        }
                        ImGui::TableSetColumnIndex(1);
                        ImGui::AlignTextToFramePadding();
                        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                        ImGui::TextUnformatted(person.email.c_str());
                        ImGui::PopStyleColor();
                        ImGui::PopID();
                    }
                }
                ImGui::EndTable();
            }
            ImGui::PopStyleVar();
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void draw_menu(AppState& state, DepartmentsView& view) {
    if (view.open_menu) {
        view.open_menu = false;
        ImGui::OpenPopup(kMenu);
    }
    if (!begin_anchored_popup(kMenu, view.menu_anchor)) return;
    const DepartmentRow* row = row_of(view.tree.value, view.menu_for);
    if (!row) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::TextUnformatted(row->department.name.c_str());
    ImGui::PopStyleColor();
    ImGui::Separator();
    if (menu_item("Rename")) {
        open(view, DepartmentDialog::kRename, row->department.id);
        view.name = row->department.name;
    }
    if (menu_item("Move under\xe2\x80\xa6")) {
        open(view, DepartmentDialog::kMove, row->department.id);
        view.parent = row->department.parent_id;
    }
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).danger);
    if (menu_item("Delete")) {
        open(view, DepartmentDialog::kDelete, row->department.id);
        read_delete_plan(state, view, row->department.id);
    }
    ImGui::PopStyleColor();
    ImGui::EndPopup();
}

void draw_dialogs(AppState& state, DepartmentsView& view) {
    Store& store = *state.store;
    const std::vector<DepartmentRow>& tree = view.tree.value;
    const char* title = view.dialog == DepartmentDialog::kCreate   ? kCreateTitle
                        : view.dialog == DepartmentDialog::kRename ? kRenameTitle
                        : view.dialog == DepartmentDialog::kMove   ? kMoveTitle
                        : view.dialog == DepartmentDialog::kDelete ? kDeleteTitle
                                                                   : nullptr;
    if (title == nullptr) return;
    if (view.open_dialog) {
        view.open_dialog = false;
        open_dialog(title);
    }
    if (!begin_dialog(state, title, 480)) {
        if (!ImGui::IsPopupOpen(title)) view.dialog = DepartmentDialog::kNone;
        return;
    }
    const DepartmentRow* target = row_of(tree, view.target);
    bool done = false;
    DialogAction action = DialogAction::kNone;
    switch (view.dialog) {
        case DepartmentDialog::kCreate: {
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            text_field("Name", &view.name, "Science");
            department_picker(state, "Parent department", &view.parent, tree, "None (top level)");
            ImGui::Spacing();
            error_text(state, view.error);
            action = dialog_buttons(state, {.primary = "Create", .changed = !view.name.empty()});
            if (action == DialogAction::kPrimary) {
                auto created = create_department(store, state.actor, view.name, view.parent);
                if (created) {
                    view.notice.set_success("Created " + created->name + ".");
                    view.selected = created->id;
                    if (view.parent && view.collapsed.erase(*view.parent)) ++view.collapsed_version;
                    done = true;
                } else {
                    view.error = created.error().message;
                }
            }
            break;
        }
        case DepartmentDialog::kRename: {
            if (!target) {
                done = true;
                break;
            }
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            text_field("Name", &view.name, "");
            ImGui::Spacing();
            error_text(state, view.error);
            action = dialog_buttons(state, {.primary = "Rename", .changed = view.name != target->department.name});
            if (action == DialogAction::kPrimary) {
                auto renamed = rename_department(store, state.actor, target->department.id, view.name);
                if (renamed) {
                    view.notice.set_success("Renamed " + target->department.name + " to " + view.name + ".");
                    done = true;
                } else {
                    view.error = renamed.error().message;
                }
            }
            break;
        }
        case DepartmentDialog::kMove: {
            if (!target) {
                done = true;
                break;
            }
            muted_text(state, "Choose where " + target->department.name +
                                  " goes in the chart. Its sub-departments and people go with it.");
            department_picker(state, "Move under", &view.parent, tree, "The top level");
            ImGui::Spacing();
            error_text(state, view.error);
            action = dialog_buttons(state, {.primary = "Move"});
            if (action == DialogAction::kPrimary) {
                auto moved = move_department(store, state.actor, target->department.id, view.parent);
                if (moved) {
                    const DepartmentRow* parent = view.parent ? row_of(tree, *view.parent) : nullptr;
                    const std::string where =
                        parent ? " under " + parent->department.name : std::string(" to the top level");
                    view.notice.set_success("Moved " + target->department.name + where + ".");
                    if (view.parent && view.collapsed.erase(*view.parent)) ++view.collapsed_version;
                    done = true;
                } else {
                    view.error = moved.error().message;
                }
            }
            break;
        }
        case DepartmentDialog::kDelete: {
            if (!target) {
                done = true;
                break;
            }
            ImGui::PushTextWrapPos(0.0f);
            ImGui::Text("Delete %s?", target->department.name.c_str());
            ImGui::PopTextWrapPos();
            muted_text(state, view.delete_plan);
            for (const std::string& line : view.delete_roles) muted_text(state, line);
            ImGui::Spacing();
            error_text(state, view.error.empty() ? view.delete_refusal : view.error);
            action = dialog_buttons(
                state, {.primary = "Delete department", .danger = true, .enabled = view.delete_refusal.empty()});
            if (action == DialogAction::kPrimary) {
                const std::string name = target->department.name;
                auto deleted = delete_department(store, state.actor, target->department.id);
                if (deleted) {
                    std::string told = "Deleted " + name + "; its people and sub-departments moved up.";
                    for (const RoleMove& move : deleted->roles) told += " " + move.description;
                    view.notice.set_success(std::move(told));
                    if (view.selected == view.target) view.selected.reset();
                    done = true;
                } else {
                    view.error = deleted.error().message;
                }
            }
            break;
        }
        case DepartmentDialog::kNone: break;
    }
    if (action == DialogAction::kCancel) done = true;
    if (done) {
        view.dialog = DepartmentDialog::kNone;
        close_dialog();
    }
    end_dialog();
}

}  // namespace

void draw_departments_screen(AppState& state) {
    const std::string add_label = std::string(icons::kPlus) + "  New department";
    if (!state.store) {
        page_header(state, "Departments");
        return;
    }
    Store& store = *state.store;
    DepartmentsView& view = state.views.departments;
    if (header_with_action(state, "Departments",
                           "The organisation chart: departments nest to any depth, and each person belongs to one.",
                           add_label.c_str())) {
        open(view, DepartmentDialog::kCreate, 0);
        view.name.clear();
        view.parent.reset();
    }
    view.tree.get(store, kTreeKinds, [&] { return department_tree(store); });
    refresh_visible(view);
    draw_notice(state, view.notice);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = state.px(16);
    if (avail.x < state.px(kStackBelow)) {
        // Narrow: the people panel goes under the chart, each keeping a useful height (the page scrolls).
        const float chart_h = std::max(state.px(220), std::floor(avail.y * 0.55f));
        draw_tree(state, view, ImVec2(avail.x, chart_h));
        ImGui::Dummy(ImVec2(0.0f, gap - ImGui::GetStyle().ItemSpacing.y * 2.0f));
        draw_people_of(state, view, ImVec2(avail.x, std::max(state.px(200), avail.y - chart_h - gap)));
    } else {
        const float side = std::clamp(avail.x * 0.38f, std::min(state.px(280), avail.x * 0.5f), state.px(440));
        draw_tree(state, view, ImVec2(avail.x - side - gap, avail.y));
        ImGui::SameLine(0.0f, gap);
        draw_people_of(state, view, ImVec2(side, avail.y));
    }
    draw_menu(state, view);
    draw_dialogs(state, view);
}

}  // namespace grove::ui
