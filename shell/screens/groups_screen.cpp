// Groups (F5–F11): the tree of groups with its toolbar and bulk actions, and the dialogs that create,
// manage, delete and fill groups. The open group's page is group_page.cpp.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_page.h"
#include "shell/thumbnails.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/person_search.h"

namespace grove::ui {

namespace {

// Sizes in CSS pixels.
constexpr float kRowHeight = 44;
constexpr float kHeaderRowHeight = 36;
constexpr float kThumbSize = 26;
constexpr float kIndent = 22;
constexpr std::size_t kMaxImageBytes = 2 * 1024 * 1024;  // the core's limit, checked early for a quick answer

constexpr const char* kNewGroupTitle = "New group";
constexpr const char* kManageTitle = "Manage group";
constexpr const char* kDeleteTitle = "Delete group";
constexpr const char* kAddMembersTitle = "Add members";
constexpr const char* kCopyTitle = "Copy people";
constexpr const char* kRemoveTitle = "Remove from group";

constexpr std::uint32_t kTreeKinds = kChangeGroups | kChangeMemberships;

GroupsView& view(AppState& state) { return state.views.groups; }

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

bool or_enter(bool pressed) { return activated(pressed); }

bool button(const char* label, const ImVec2& size = ImVec2(0, 0)) { return or_enter(ImGui::Button(label, size)); }
bool primary(const AppState& state, const char* label) { return or_enter(primary_button(state, label)); }
bool danger(const AppState& state, const char* label) { return or_enter(danger_button(state, label)); }
bool menu_item(const char* label) { return or_enter(ImGui::MenuItem(label)); }
bool checkbox(const char* label, bool* value) {
    bool pressed = ImGui::Checkbox(label, value);
    if (!pressed && keyboard_focused() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) {
        *value = !*value;
        pressed = true;
    }
    return pressed;
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

// Escape closes the dialog whose window has focus (a combo open inside it closes first).
bool escape_pressed() {
    return ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows) &&
           ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
}

// Buttons at the right end of a dialog's last line: widths of every label, right to left.
void align_right(std::initializer_list<const char*> labels) {
    float total = 0;
    for (const char* label : labels) total += button_width(label) + ImGui::GetStyle().ItemSpacing.x;
    total -= ImGui::GetStyle().ItemSpacing.x;
    const float x = ImGui::GetWindowContentRegionMax().x - total;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
}

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

void refresh_visible(GroupsView& v) {
    if (v.visible_tree_stamp == v.tree_version && v.visible_filter == v.filter &&
        v.visible_collapsed == v.collapsed_version) {
        return;
    }
    v.visible_tree_stamp = v.tree_version;
    v.visible_filter = v.filter;
    v.visible_collapsed = v.collapsed_version;
    const std::vector<GroupRow>& rows = v.tree.value;
    v.visible.clear();
    v.visible_match.clear();
    v.matches = 0;
    const std::string needle = trim(v.filter);
    if (needle.empty()) {
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
        if (!contains_folded(rows[static_cast<std::size_t>(i)].name, needle)) continue;
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

// Makes `group` visible in the list: its ancestors expanded.
void reveal(AppState& state, Id group) {
    GroupsView& v = view(state);
    refresh_tree(state);
    auto found = v.row_of.find(group);
    if (found == v.row_of.end()) return;
    for (int j = v.parent_row[static_cast<std::size_t>(found->second)]; j >= 0; j = v.parent_row[static_cast<std::size_t>(j)]) {
        v.collapsed.erase(v.tree.value[static_cast<std::size_t>(j)].id);
    }
    ++v.collapsed_version;
}

Notice& notice_here(AppState& state) {
    GroupsView& v = view(state);
    return v.open_group ? v.page_notice : v.list_notice;
}

// ---- Image picking (New group, Manage group) -------------------------------------------------------

std::uint64_t next_serial() {
    static std::uint64_t serial = 0;
    return ++serial;
}

void release_form(AppState& state) { free_texture(state, view(state).form.preview); }

void take_picked_image(AppState& state, std::uint64_t serial, OpenedFile file) {
    GroupForm& form = view(state).form;
    if (form.serial != serial) return;  // the dialog closed meanwhile
    state.request_redraw();
    form.image_error.clear();
    if (file.bytes.size() > kMaxImageBytes) {
        form.image_error = "The image is " + std::to_string(file.bytes.size() / 1024) + " KB; the limit is 2048 KB.";
        return;
    }
    auto decoded = decode_image(file.bytes);
    if (!decoded) {
        form.image_error = decoded.error().message;
        return;
    }
    free_texture(state, form.preview);
    form.preview = make_texture(state, *decoded);
    form.preview_made = true;
    form.image = GroupImage{sniff_image_mime(file.bytes), std::move(file.bytes)};
    form.image_name = file.name;
    form.image_changed = true;
}

void draw_image_field(AppState& state, GroupForm& form) {
    const Palette& p = palette(state.theme);
    ImGui::TextUnformatted("Image");
    const float size = state.px(64);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    if (form.image) {
        if (!form.preview_made) {
            // Decoded when first shown (the group's current image, or one picked before a renderer existed).
            form.preview_made = true;
            if (auto decoded = decode_image(form.image->bytes)) form.preview = make_texture(state, *decoded);
        }
        draw_thumbnail(state, form.preview, form.name.empty() ? std::string("?") : form.name, size, "Image preview");
    } else {
        // An empty, dashed-looking well where the picture will go.
        ImGui::Dummy(ImVec2(size, size));
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 end(start.x + size, start.y + size);
        draw->AddRectFilled(start, end, colour(p.hover), state.px(14));
        draw->AddRect(start, end, colour(p.border), state.px(14), 0, std::max(1.0f, state.ui_scale));
        const ImVec2 icon = ImGui::CalcTextSize(icons::kImage);
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                      ImVec2(start.x + (size - icon.x) * 0.5f, start.y + (size - icon.y) * 0.5f), colour(p.text_muted),
                      icons::kImage);
    }
    ImGui::SameLine(0, state.px(16));
    ImGui::BeginGroup();
    const float top = ImGui::GetCursorPosY();
    ImGui::SetCursorPosY(top + state.px(4));
    const std::string choose = std::string(icons::kFolderOpen) + "  Choose image";
    if (button(choose.c_str()) && state.platform != nullptr) {
        const std::uint64_t serial = form.serial;
        AppState* app = &state;
        state.platform->open_file(".png,.jpg,.jpeg,.gif,.webp",
                                  [app, serial](OpenedFile file) { take_picked_image(*app, serial, std::move(file)); });
    }
    if (form.image) {
        ImGui::SameLine();
        if (button("Remove image")) {
            form.image.reset();
            form.image_changed = true;
            form.image_name.clear();
            form.image_error.clear();
            free_texture(state, form.preview);
        }
    }
    if (!form.image_error.empty()) {
        error_text(state, form.image_error);
    } else if (!form.image_name.empty()) {
        muted_text(state, form.image_name + " (" + std::to_string((form.image->bytes.size() + 1023) / 1024) + " KB)");
    } else {
        muted_text(state, "PNG, JPEG, GIF or BMP, up to 2 MB. Shown as the group's thumbnail.");
    }
    ImGui::EndGroup();
    if (ImGui::GetCursorScreenPos().y < start.y + size) ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + size));
}

// ---- New group and Manage group ------------------------------------------------------------------

std::vector<ExternalId> form_external_ids(const GroupForm& form) {
    std::vector<ExternalId> ids = form.other_ids;
    ids.push_back({"rostering", form.rostering_id});
    ids.push_back({"partner", form.partner_id});
    return ids;
}

void create_from_form(AppState& state) {
    GroupsView& v = view(state);
    GroupForm& form = v.form;
    NewGroup group;
    group.name = form.name;
    group.description = form.description;
    group.parent_id = form.parent;
    group.external_ids = form_external_ids(form);
    if (form.image) group.image = *form.image;
    auto created = create_group(*state.store, state.actor, group);
    if (!created) {
        form.error = created.error().message;
        return;
    }
    release_form(state);
    close_dialog();
    reveal(state, created->id);
    notice_here(state).set("Created the group " + created->name + ".", false);
}

void save_form(AppState& state) {
    GroupsView& v = view(state);
    GroupForm& form = v.form;
    // Moving first: if it is refused, nothing else changed.
    if (form.parent != form.original_parent) {
        auto moved = move_group(*state.store, state.actor, form.group, form.parent);
        if (!moved) {
            form.error = moved.error().message;
            return;
        }
        form.original_parent = form.parent;
    }
    GroupEdit edit;
    edit.name = form.name;
    edit.description = form.description;
    if (form.rostering_id != form.original_rostering_id || form.partner_id != form.original_partner_id) {
        edit.external_ids = form_external_ids(form);
    }
    if (form.image_changed) edit.image = form.image ? *form.image : GroupImage{};
    if (form.inherit != form.original_inherit) edit.inherit = form.inherit;
    auto saved = edit_group(*state.store, state.actor, form.group, edit);
    if (!saved) {
        form.error = saved.error().message;
        return;
    }
    release_form(state);
    close_dialog();
    reveal(state, form.group);
    notice_here(state).set("Saved the changes to " + saved->name + ".", false);
}

void draw_group_form_dialog(AppState& state, bool manage) {
    GroupsView& v = view(state);
    GroupForm& form = v.form;
    if (!begin_dialog(state, manage ? kManageTitle : kNewGroupTitle, 560)) return;
    const std::vector<GroupRow>& rows = group_rows(state);

    if (manage) {
        muted_text(state, "Edit the group, nest it under another group, or delete it.");
    } else {
        muted_text(state, "Only the name is required; everything else can be changed later.");
    }
    ImGui::Spacing();

    if (form.focus_name) {
        ImGui::SetKeyboardFocusHere();
        form.focus_name = false;
    }
    bool enter = false;
    text_field("Name", &form.name, "Grade 9 Science", 0.0f, &enter);
    multiline_field("Description", &form.description, state.px(64));
    group_picker(state, "Nest under", &form.parent, rows, "No parent (top level)",
                 manage ? std::optional<Id>(form.group) : std::nullopt);
    ImGui::Spacing();
    draw_image_field(state, form);
    ImGui::Spacing();

    {
        // Two fields side by side, placed by position: on a shared line ImGui would lower the second
        // label to the first field's text baseline.
        const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
        const float half = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
        const ImVec2 start = ImGui::GetCursorPos();
        ImGui::BeginGroup();
        text_field("Rostering ID", &form.rostering_id, "Optional", half);
        ImGui::EndGroup();
        ImGui::SetCursorPos(ImVec2(start.x + half + gap, start.y));
        ImGui::BeginGroup();
        text_field("Partner ID", &form.partner_id, "Optional", half);
        ImGui::EndGroup();
    }
    if (manage) {
        ImGui::Spacing();
        checkbox("Staff of parent groups reach this group", &form.inherit);
        muted_text(state, form.inherit
                              ? "Mentors and group admins of the groups above oversee this group's members too."
                              : "Only this group's own mentors and group admins oversee its members.");
    }

    ImGui::Spacing();
    if (!form.error.empty()) {
        error_text(state, form.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();

    bool close = false;
    if (manage) {
        if (danger(state, "Delete group")) {
            const Id group = form.group;
            release_form(state);
            close_dialog();
            start_delete_groups(state, {group}, v.open_group.has_value());
            end_dialog();
            return;
        }
        ImGui::SameLine();
        align_right({"Cancel", "Save changes"});
        if (button("Cancel")) close = true;
        ImGui::SameLine();
        if (primary(state, "Save changes") || enter) save_form(state);
    } else {
        align_right({"Cancel", "Create group"});
        if (button("Cancel")) close = true;
        ImGui::SameLine();
        if (primary(state, "Create group") || enter) create_from_form(state);
    }
    if (close || escape_pressed()) {
        release_form(state);
        close_dialog();
    }
    end_dialog();
}

// ---- Delete -----------------------------------------------------------------------------------------

void plan_deletion(AppState& state) {
    DeleteForm& del = view(state).del;
    del.descriptions.clear();
    for (std::size_t i = 0; i < del.groups.size() && i < 5; ++i) {
        auto plan = plan_delete(*state.store, del.groups[i], del.fate);
        if (plan) del.descriptions.push_back(plan->description);
    }
    if (del.groups.size() > 5) del.descriptions.push_back("And " + counted(del.groups.size() - 5, "more group", "more groups") + ".");
}

void run_deletion(AppState& state) {
    GroupsView& v = view(state);
    DeleteForm& del = v.del;
    std::set<Id> gone;
    std::size_t done = 0;
    const std::size_t asked = del.groups.size();
    std::string last_name;
    for (Id group : std::vector<Id>(del.groups)) {
        if (gone.count(group)) continue;  // went with a parent deleted just before
        last_name = group_name(*state.store, group);
        auto deleted = delete_group(*state.store, state.actor, group, del.fate);
        if (!deleted) {
            del.error = (done > 0 ? "Deleted " + std::to_string(done) + " of " + std::to_string(asked) + " groups. " : "") +
                        deleted.error().message;
            del.groups.erase(std::remove_if(del.groups.begin(), del.groups.end(), [&](Id g) { return gone.count(g) > 0; }),
                             del.groups.end());
            plan_deletion(state);
            return;
        }
        gone.insert(deleted->deleted.begin(), deleted->deleted.end());
        ++done;
    }
    for (Id g : gone) v.selected.erase(g);
    close_dialog();
    if (del.from_page && v.open_group && gone.count(*v.open_group)) close_group_page(state);
    notice_here(state).set(asked == 1 ? "Deleted the group " + last_name + "."
                                      : "Deleted " + counted(gone.size(), "group", "groups") + ".",
                           false);
}

void draw_delete_dialog(AppState& state) {
    GroupsView& v = view(state);
    DeleteForm& del = v.del;
    if (!begin_dialog(state, kDeleteTitle, 520)) return;
    const bool one = del.groups.size() == 1;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextWrapped("%s", (one ? "Delete " + del.name + "?" : "Delete " + counted(del.groups.size(), "group", "groups") + "?").c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    if (del.subgroup_count > 0) {
        ImGui::TextUnformatted(one ? "What should happen to its subgroups?" : "What should happen to their subgroups?");
        const std::string lift = one ? "Move its " + counted(static_cast<std::size_t>(del.subgroup_count), "subgroup", "subgroups") +
                                           " up to " + del.parent_name
                                     : std::string("Move their subgroups up to their parent groups");
        const std::string also = one ? "Also delete its " + counted(static_cast<std::size_t>(del.subgroup_count), "subgroup", "subgroups")
                                     : std::string("Also delete their subgroups");
        if (or_enter(ImGui::RadioButton(lift.c_str(), del.fate == SubgroupFate::kLiftThem)) &&
            del.fate != SubgroupFate::kLiftThem) {
            del.fate = SubgroupFate::kLiftThem;
            plan_deletion(state);
        }
        if (or_enter(ImGui::RadioButton(also.c_str(), del.fate == SubgroupFate::kDeleteThem)) &&
            del.fate != SubgroupFate::kDeleteThem) {
            del.fate = SubgroupFate::kDeleteThem;
            plan_deletion(state);
        }
        ImGui::Spacing();
    }
    for (const std::string& line : del.descriptions) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopTextWrapPos();
    }
    muted_text(state, "This cannot be undone.");
    ImGui::Spacing();
    if (!del.error.empty()) {
        error_text(state, del.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    const std::string confirm = one ? std::string("Delete group") : "Delete " + counted(del.groups.size(), "group", "groups");
    align_right({"Cancel", confirm.c_str()});
    bool close = button("Cancel");
    ImGui::SameLine();
    if (danger(state, confirm.c_str())) run_deletion(state);
    if (close || escape_pressed()) close_dialog();
    end_dialog();
}

// ---- Add members -------------------------------------------------------------------------------------

std::vector<std::string> split_emails(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

void role_choice(GroupRole* role) {
    ImGui::TextUnformatted("Role");
    for (GroupRole r : {GroupRole::kMember, GroupRole::kMentor, GroupRole::kAdmin}) {
        if (r != GroupRole::kMember) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
        if (or_enter(ImGui::RadioButton(group_role_name(r), *role == r))) *role = r;
    }
}

void toggle_pick(AddMembersForm& add, Id user, const std::string& name) {
    auto it = std::find(add.picked_ids.begin(), add.picked_ids.end(), user);
    if (it != add.picked_ids.end()) {
        add.picked_ids.erase(it);
        add.picked.erase(std::remove_if(add.picked.begin(), add.picked.end(), [&](const auto& p) { return p.first == user; }),
                         add.picked.end());
    } else {
        add.picked_ids.push_back(user);
        add.picked.emplace_back(user, name);
    }
}

void draw_chips(AppState& state, AddMembersForm& add) {
    if (add.picked.empty()) return;
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Button, p.accent_soft);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.22f));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, state.px(12));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(state.px(10), state.px(4)));
    const float right = ImGui::GetWindowContentRegionMax().x;
    Id unpick = 0;
    for (std::size_t i = 0; i < add.picked.size(); ++i) {
        const auto& [id, name] = add.picked[i];
        const std::string label = name + "  " + icons::kClose;
        const float w = button_width(label.c_str());
        if (i > 0) {
            ImGui::SameLine(0, state.px(6));
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        ImGui::PushID(static_cast<int>(id));
        if (button(label.c_str())) unpick = id;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove %s from the list", name.c_str());
        ImGui::PopID();
    }
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
    if (unpick != 0) toggle_pick(add, unpick, "");
}

void draw_add_members_dialog(AppState& state) {
    GroupsView& v = view(state);
    AddMembersForm& add = v.add;
    if (!begin_dialog(state, kAddMembersTitle, 580)) return;
    muted_text(state, "Find people by name or email and pick as many as you like, or invite new people by email. "
                      "They join " + add.group_name + " in the role you choose.");
    ImGui::Spacing();
    draw_chips(state, add);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // the search field
    const Id clicked = person_search_list(state, add.search, "Search people by name or email", 200, &add.picked_ids);
    if (clicked != 0) {
        std::string name;
        for (const User& user : add.search.results)
            if (user.id == clicked) name = user.display_name();
        toggle_pick(add, clicked, name);
    }
    ImGui::Spacing();
    multiline_field("Or invite by email", &add.emails, state.px(52));
    muted_text(state, "Separate addresses with commas, spaces or new lines. Anyone without an account gets an invitation.");
    ImGui::Spacing();
    role_choice(&add.role);
    ImGui::Spacing();
    if (!add.error.empty()) {
        error_text(state, add.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    if (!add.picked.empty()) {
        ImGui::AlignTextToFramePadding();
        muted_text(state, counted(add.picked.size(), "person picked", "people picked"));
        ImGui::SameLine();
    }
    align_right({"Cancel", "Add"});
    bool close = button("Cancel");
    ImGui::SameLine();
    if (primary(state, "Add")) {
        AddPeople people;
        people.users = add.picked_ids;
        people.emails = split_emails(add.emails);
        people.role = add.role;
        if (people.users.empty() && people.emails.empty()) {
            add.error = "Pick someone from the list or type an email address.";
        } else if (auto outcome = add_people(*state.store, state.actor, add.group, people)) {
            notice_here(state).set(outcome->summary(), false);
            close_dialog();
            end_dialog();
            return;
        } else {
            add.error = outcome.error().message;
        }
    }
    if (close || escape_pressed()) close_dialog();
    end_dialog();
}

// ---- Copy people -------------------------------------------------------------------------------------

void draw_copy_dialog(AppState& state) {
    GroupsView& v = view(state);
    CopyForm& copy = v.copy;
    if (!begin_dialog(state, kCopyTitle, 520)) return;
    muted_text(state, "Fill " + copy.group_name + " with the people of another group, or of a department and the departments below it.");
    ImGui::Spacing();
    if (or_enter(ImGui::RadioButton("From a group", !copy.from_department))) copy.from_department = false;
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    if (or_enter(ImGui::RadioButton("From a department", copy.from_department))) copy.from_department = true;
    ImGui::Spacing();
    if (copy.from_department) {
        const auto& departments = v.departments.get(*state.store, kChangeDepartments,
                                                    [&] { return department_tree(*state.store); });
        department_picker(state, "Department", &copy.source_department, departments, nullptr);
    } else {
        group_picker(state, "Group", &copy.source_group, group_rows(state), nullptr);
    }
    ImGui::Spacing();
    role_choice(&copy.role);
    ImGui::Spacing();
    if (!copy.error.empty()) {
        error_text(state, copy.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    align_right({"Cancel", "Copy people"});
    bool close = button("Cancel");
    ImGui::SameLine();
    if (primary(state, "Copy people")) {
        CopySource source;
        if (copy.from_department) {
            source.department = copy.source_department;
        } else {
            source.group = copy.source_group;
        }
        if (!source.group && !source.department) {
            copy.error = copy.from_department ? "Choose the department to copy people from." : "Choose the group to copy people from.";
        } else if (auto outcome = copy_people(*state.store, state.actor, copy.group, source, copy.role)) {
            notice_here(state).set(outcome->summary(), false);
            close_dialog();
            end_dialog();
            return;
        } else {
            copy.error = outcome.error().message;
        }
    }
    if (close || escape_pressed()) close_dialog();
    end_dialog();
}

// ---- Remove a person ---------------------------------------------------------------------------------

void draw_remove_dialog(AppState& state) {
    GroupsView& v = view(state);
    RemoveForm& remove = v.remove;
    if (!begin_dialog(state, kRemoveTitle, 460)) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("Remove %s from %s?", remove.person.c_str(), remove.group_name.c_str());
    ImGui::PopTextWrapPos();
    muted_text(state, "Only this membership ends: they stay in the organisation and in their other groups.");
    ImGui::Spacing();
    if (!remove.error.empty()) {
        error_text(state, remove.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    align_right({"Cancel", "Remove"});
    bool close = button("Cancel");
    ImGui::SameLine();
    if (danger(state, "Remove")) {
        if (auto removed = remove_member(*state.store, state.actor, remove.group, remove.user)) {
            notice_here(state).set("Removed " + remove.person + " from " + remove.group_name + ".", false);
            close = true;
        } else {
            remove.error = removed.error().message;
        }
    }
    if (close || escape_pressed()) close_dialog();
    end_dialog();
}

void draw_dialogs(AppState& state) {
    GroupsView& v = view(state);
    switch (v.pending) {
        case GroupDialog::kNone: break;
        case GroupDialog::kNewGroup: open_dialog(kNewGroupTitle); break;
        case GroupDialog::kManage: open_dialog(kManageTitle); break;
        case GroupDialog::kDelete: open_dialog(kDeleteTitle); break;
        case GroupDialog::kAddMembers: open_dialog(kAddMembersTitle); break;
        case GroupDialog::kCopy: open_dialog(kCopyTitle); break;
        case GroupDialog::kRemovePerson: open_dialog(kRemoveTitle); break;
    }
    if (v.pending != GroupDialog::kNone) state.request_redraw();
    v.pending = GroupDialog::kNone;
    draw_group_form_dialog(state, false);
    draw_group_form_dialog(state, true);
    draw_delete_dialog(state);
    draw_add_members_dialog(state);
    draw_copy_dialog(state);
    draw_remove_dialog(state);
}

// ---- The list ------------------------------------------------------------------------------------------

void draw_toolbar(AppState& state) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    if (search_field(state, "group-filter", &v.filter, "Filter groups by name", state.px(280))) state.request_redraw();
    ImGui::SameLine(0, state.px(16));
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted("Sort");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(state.px(150));
    const char* sort_label = v.sort == GroupSort::kNewest ? "Newest first" : "Title";
    if (ImGui::BeginCombo("##sort", sort_label)) {
        if (or_enter(ImGui::Selectable("Newest first", v.sort == GroupSort::kNewest))) v.sort = GroupSort::kNewest;
        if (or_enter(ImGui::Selectable("Title", v.sort == GroupSort::kTitle))) v.sort = GroupSort::kTitle;
        ImGui::EndCombo();
    }
    report_last_item("Sort");
    ImGui::SameLine(0, state.px(16));
    const std::string expand = std::string(icons::kExpandAll) + "  Expand all";
    const std::string collapse = std::string(icons::kCollapseAll) + "  Collapse all";
    if (button(expand.c_str())) {
        v.collapsed.clear();
        ++v.collapsed_version;
    }
    ImGui::SameLine();
    if (button(collapse.c_str())) {
        v.collapsed.clear();
        for (const GroupRow& row : v.tree.value)
            if (row.child_count > 0) v.collapsed.insert(row.id);
        ++v.collapsed_version;
    }

    // The count, at the right end.
    const std::size_t total = v.tree.value.size();
    const std::string count = trim(v.filter).empty()
                                  ? counted(total, "group", "groups")
                                  : std::to_string(v.matches) + " of " + counted(total, "group", "groups") + " match";
    const float w = ImGui::CalcTextSize(count.c_str()).x;
    ImGui::SameLine();
    const float x = ImGui::GetWindowContentRegionMax().x - w;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
}

void draw_bulk_bar(AppState& state) {
    GroupsView& v = view(state);
    if (v.selected.empty()) return;
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.accent_soft);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(14), state.px(8)));
    ImGui::BeginChild("##bulk", ImVec2(0, ImGui::GetFrameHeight() + state.px(16)), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("%zu selected", v.selected.size());
    ImGui::PopFont();
    ImGui::SameLine(0, state.px(16));
    const std::string del = std::string(icons::kTrash) + "  Delete selected";
    if (danger(state, del.c_str())) {
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
    ImGui::BeginChild("##empty", ImVec2(0, state.px(150)), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PushFont(state.fonts.bold);
    if (v.tree.value.empty()) {
        ImGui::TextUnformatted("No groups yet");
        ImGui::PopFont();
        muted_text(state, "Groups gather people (a school, a grade, a class, a team) so mentors and group admins can "
                          "follow them. Create the first one with New group.");
        ImGui::Spacing();
        const std::string create = std::string(icons::kPlus) + "  Create the first group";
        if (primary(state, create.c_str())) start_new_group(state, std::nullopt);
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
void draw_group_row(AppState& state, const GroupRow& row, bool match, float row_h) {
    GroupsView& v = view(state);
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::PushID(static_cast<int>(row.id));
    const bool checked = v.selected.count(row.id) > 0;

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
        if (ImGui::Button(collapsed ? icons::kCaretRight : icons::kCaretDown, ImVec2(arrow_w, h)) ||
            (keyboard_focused() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false))) {
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
        const auto& stamps = v.image_stamps.get(*state.store, kChangeGroups, [&] { return group_image_stamps(*state.store); });
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
    if (link_button(state, row.name.c_str(), "open")) open_group_page(state, row.id);
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

    // Users.
    ImGui::TableSetColumnIndex(2);
    centre_in_row(row_h, text_h);
    ImGui::Text("%d", row.user_count);

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
    const bool menu = or_enter(icon_button(icons::kEllipsis, "Group actions"));
    report_last_item(("Actions for " + row.name).c_str());  // the same button, by group
    if (menu) {
        v.menu_group = row.id;
        v.open_menu = true;
        v.menu_x = ImGui::GetItemRectMax().x;
        v.menu_y = ImGui::GetItemRectMax().y;
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
    ImGui::SetNextWindowPos(ImVec2(v.menu_x, v.menu_y + state.px(2)), ImGuiCond_Appearing, ImVec2(1.0f, 0.0f));
    if (!ImGui::BeginPopup("##group-menu")) return;
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
    if (menu_item(manage.c_str())) start_manage_group(state, id);
    if (menu_item(add.c_str())) start_add_members(state, id);
    if (menu_item(sub.c_str())) start_new_group(state, id);
    const std::string users = std::string(icons::kDownload) + "  Download users (CSV)";
    if (menu_item(users.c_str())) download_group_users(state, id);
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).danger);
    if (menu_item(del.c_str())) start_delete_groups(state, {id}, false);
    ImGui::PopStyleColor();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) ImGui::CloseCurrentPopup();
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
    ImGui::BeginChild("##groups-card", ImVec2(0, std::max(card_h, header_h + row_h)), true,
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    if (ImGui::BeginTable("##groups", 5, kFlags, ImGui::GetContentRegionAvail())) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("##select", ImGuiTableColumnFlags_WidthFixed, state.px(22));
        ImGui::TableSetupColumn("Title", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Users", ImGuiTableColumnFlags_WidthFixed, state.px(70));
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
        ImGui::PushFont(state.fonts.bold);
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        for (int column = 1; column <= 3; ++column) {
            ImGui::TableSetColumnIndex(column);
            centre_in_row(header_h, ImGui::GetFontSize());
            ImGui::TextUnformatted(ImGui::TableGetColumnName(column));
        }
        ImGui::PopStyleColor();
        ImGui::PopFont();

        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(v.visible.size()), row_h);
        while (clipper.Step()) {
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const auto at = static_cast<std::size_t>(k);
                draw_group_row(state, rows[static_cast<std::size_t>(v.visible[at])], v.visible_match[at] != 0, row_h);
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

void draw_list(AppState& state) {
    GroupsView& v = view(state);
    const ImVec2 top = ImGui::GetCursorPos();
    page_header(state, "Groups",
                "Gather people into groups and nest them (a school, its grades, their classes). "
                "Mentors and group admins of a group also reach the groups below it.");
    const ImVec2 after = ImGui::GetCursorPos();
    const std::string create = std::string(icons::kPlus) + "  New group";
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowContentRegionMax().x - button_width(create.c_str()), top.y + state.px(2)));
    if (primary(state, create.c_str())) start_new_group(state, std::nullopt);
    ImGui::SetCursorPos(after);

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

// ---- Shared with the group's page ------------------------------------------------------------------------

bool activated(bool pressed) {
    return pressed || (keyboard_focused() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false));
}

bool keyboard_focused() {
    // Focused and highlighted: the person is moving with the keyboard (after a click the highlight is off).
    return ImGui::IsItemFocused() && !GImGui->NavDisableHighlight;
}

void draw_notice(AppState& state, Notice& notice) {
    if (notice.text.empty()) return;
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec4 ink = notice.error ? p.danger : p.success;
    // A soft band as wide as its text (wrapped to the row), with a Dismiss button at its end.
    const ImVec2 pad(state.px(12), state.px(6));
    const char* icon = notice.error ? icons::kWarning : icons::kCheck;
    const float icon_w = ImGui::CalcTextSize(icon).x + state.px(8);
    const float close_w = ImGui::CalcTextSize(icons::kClose).x + style.FramePadding.x * 2;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float wrap = std::max(state.px(120), avail - pad.x * 2 - icon_w - close_w - state.px(8));
    const ImVec2 text = ImGui::CalcTextSize(notice.text.c_str(), nullptr, false, wrap);
    const float height = std::max(ImGui::GetFrameHeight(), text.y + pad.y * 2);
    const float width = std::min(avail, pad.x * 2 + icon_w + text.x + state.px(8) + close_w);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height),
                                              colour(ImVec4(ink.x, ink.y, ink.z, 0.10f)), style.FrameRounding);
    const float text_y = pos.y + (height - text.y) * 0.5f;
    ImGui::PushStyleColor(ImGuiCol_Text, ink);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad.x, text_y));
    ImGui::TextUnformatted(icon);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad.x + icon_w, text_y));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextUnformatted(notice.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(ImVec2(pos.x + width - close_w - state.px(2), pos.y + (height - ImGui::GetFrameHeight()) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushID("notice");
    if (or_enter(icon_button(icons::kClose, "Dismiss"))) notice.clear();
    ImGui::PopID();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + height));
    ImGui::Dummy(ImVec2(0, style.ItemSpacing.y * 0.5f));
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
    v.people_filter.clear();
    v.page_notice.clear();
    v.page.invalidate();
    state.request_redraw();
}

void close_group_page(AppState& state) {
    GroupsView& v = view(state);
    v.open_group.reset();
    v.page_notice.clear();
    state.request_redraw();
}

void start_new_group(AppState& state, std::optional<Id> parent) {
    GroupsView& v = view(state);
    release_form(state);
    v.form = GroupForm{};
    v.form.serial = next_serial();
    v.form.parent = parent;
    v.pending = GroupDialog::kNewGroup;
    state.request_redraw();
}

void start_manage_group(AppState& state, Id group) {
    GroupsView& v = view(state);
    if (state.store == nullptr) return;
    auto found = find_group(*state.store, group);
    if (!found) return;
    release_form(state);
    v.form = GroupForm{};
    GroupForm& form = v.form;
    form.serial = next_serial();
    form.group = group;
    form.name = found->name;
    form.description = found->description;
    form.parent = form.original_parent = found->parent_id;
    form.inherit = form.original_inherit = found->inherit;
    for (ExternalId& id : external_ids(*state.store, group)) {
        if (id.system == "rostering") {
            form.rostering_id = form.original_rostering_id = id.value;
        } else if (id.system == "partner") {
            form.partner_id = form.original_partner_id = id.value;
        } else {
            form.other_ids.push_back(std::move(id));
        }
    }
    if (auto image = group_image(*state.store, group)) form.image = std::move(*image);
    v.pending = GroupDialog::kManage;
    state.request_redraw();
}

void start_delete_groups(AppState& state, const std::vector<Id>& groups, bool from_page) {
    GroupsView& v = view(state);
    if (state.store == nullptr || groups.empty()) return;
    v.del = DeleteForm{};
    DeleteForm& del = v.del;
    del.groups = groups;
    del.from_page = from_page;
    const std::set<Id> chosen(groups.begin(), groups.end());
    // Subgroups that are checked too go anyway; the choice is about the others.
    for (const GroupRow& row : group_rows(state)) {
        if (row.parent_id && chosen.count(*row.parent_id) && !chosen.count(row.id)) ++del.subgroup_count;
    }
    if (groups.size() == 1) {
        if (const GroupRow* row = group_row(state, groups.front())) {
            del.name = row->name;
            del.parent_name = row->parent_id ? group_name(*state.store, *row->parent_id) : "the top level";
        }
    }
    plan_deletion(state);
    v.pending = GroupDialog::kDelete;
    state.request_redraw();
}

void start_add_members(AppState& state, Id group) {
    GroupsView& v = view(state);
    if (state.store == nullptr) return;
    v.add = AddMembersForm{};
    v.add.group = group;
    v.add.group_name = group_name(*state.store, group);
    v.pending = GroupDialog::kAddMembers;
    state.request_redraw();
}

void start_copy_people(AppState& state, Id group) {
    GroupsView& v = view(state);
    if (state.store == nullptr) return;
    v.copy = CopyForm{};
    v.copy.group = group;
    v.copy.group_name = group_name(*state.store, group);
    v.pending = GroupDialog::kCopy;
    state.request_redraw();
}

void start_remove_person(AppState& state, Id group, Id user, const std::string& person) {
    GroupsView& v = view(state);
    if (state.store == nullptr) return;
    v.remove = RemoveForm{};
    v.remove.group = group;
    v.remove.user = user;
    v.remove.person = person;
    v.remove.group_name = group_name(*state.store, group);
    v.pending = GroupDialog::kRemovePerson;
    state.request_redraw();
}

bool link_button(const AppState& state, const char* label, const char* id) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    const Palette& p = palette(state.theme);
    const ImGuiID gid = window->GetID(id != nullptr ? id : label);
    const ImVec2 size = ImGui::CalcTextSize(label);
    const ImVec2 pos = window->DC.CursorPos;
    const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::ItemSize(size);
    if (!ImGui::ItemAdd(bb, gid)) return false;
    bool hovered = false;
    bool held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
    ImGui::RenderNavHighlight(bb, gid);
    // The caller's text colour (plain, muted or accent), the accent when the pointer is on it.
    if (hovered) ImGui::PushStyleColor(ImGuiCol_Text, p.accent_hover);
    ImGui::RenderText(pos, label, nullptr, false);
    if (hovered) ImGui::PopStyleColor();
    if (hovered) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const float y = std::round(bb.Max.y - 0.5f);
        window->DrawList->AddLine(ImVec2(bb.Min.x, y), ImVec2(bb.Max.x, y), colour(p.accent_hover), std::max(1.0f, state.ui_scale));
    }
    report_last_item(label);
    return or_enter(pressed);
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

void centre_in_row(float row_height, float item_height) {
    const float inner = row_height - 2.0f * ImGui::GetStyle().CellPadding.y;
    const float offset = std::max(0.0f, std::round((inner - item_height) * 0.5f));
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + offset);
    // A table aligns text to the tallest frame of the row; the text here is centred on its own.
    ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
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
    draw_dialogs(state);
}

}  // namespace grove::ui
