// The dialogs of the Groups screen and of a group's page: New group and Manage group (with the image
// field), Delete, Add members, Copy people and Remove from group. Each runs one core command.
#include "shell/screens/group_dialogs.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_page.h"
#include "shell/screens/smart_members.h"
#include "shell/thumbnails.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/pickers.h"

namespace grove::ui {

namespace {

constexpr const char* kNewGroupTitle = "New group";
constexpr const char* kManageTitle = "Manage group";
constexpr const char* kDeleteTitle = "Delete group";
constexpr const char* kAddMembersTitle = "Add members";
constexpr const char* kCopyTitle = "Copy people";
constexpr const char* kRemoveTitle = "Remove from group";

GroupsView& view(AppState& state) { return state.views.groups; }

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

// Where the outcome of a dialog is told: on the open group's page, or above the list.
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
    if (file.bytes.size() > kGroupImageMaxBytes) {  // the core's limit, checked early for a quick answer
        form.image_error = group_image_too_large(file.bytes.size());
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
        muted_text(state, "PNG, JPEG, GIF or BMP, up to " + std::to_string(kGroupImageMaxBytes / (1024 * 1024)) +
                              " MB. Shown as the group's thumbnail.");
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
    reveal_group(state, created->id);
    notice_here(state).set("Created the group " + created->name + ".", false);
}

void save_form(AppState& state) {
    GroupsView& v = view(state);
    GroupForm& form = v.form;
    GroupEdit edit;
    edit.name = form.name;
    edit.description = form.description;
    if (form.rostering_id != form.original_rostering_id || form.partner_id != form.original_partner_id) {
        edit.external_ids = form_external_ids(form);
    }
    if (form.image_changed) edit.image = form.image ? *form.image : GroupImage{};
    if (form.inherit != form.original_inherit) edit.inherit = form.inherit;
    // One command: if the move or the edit is refused, nothing changed.
    auto saved = save_group(*state.store, state.actor, form.group, edit, form.parent);
    if (!saved) {
        form.error = saved.error().message;
        return;
    }
    release_form(state);
    close_dialog();
    reveal_group(state, form.group);
    notice_here(state).set("Saved the changes to " + saved->name + ".", false);
}

// Whether the form holds anything the person would lose by closing it.
bool form_changed(const GroupForm& form) {
    return form.name != form.original_name || form.description != form.original_description ||
           form.parent != form.original_parent || form.rostering_id != form.original_rostering_id ||
           form.partner_id != form.original_partner_id || form.inherit != form.original_inherit || form.image_changed;
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
    text_field("Name", &form.name, "Grade 9 Science");
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

    if (manage) {
        if (danger_button(state, "Delete group")) {
            const Id group = form.group;
            release_form(state);
            close_dialog();
            start_delete_groups(state, {group}, v.open_group.has_value());
            end_dialog();
            return;
        }
        ImGui::SameLine();
    }
    const DialogAction action =
        dialog_buttons(state, {.primary = manage ? "Save changes" : "Create group", .changed = form_changed(form)});
    if (action == DialogAction::kPrimary) {
        if (manage) {
            save_form(state);
        } else {
            create_from_form(state);
        }
    } else if (action == DialogAction::kCancel) {
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
    if (del.groups.size() > 5)
        del.descriptions.push_back("And " + counted(del.groups.size() - 5, "more group", "more groups") + ".");
    del.totals.clear();
    if (del.groups.size() > 1) {
        if (auto totals = plan_delete_groups(*state.store, del.groups, del.fate)) del.totals = totals->description;
    }
}

void run_deletion(AppState& state) {
    GroupsView& v = view(state);
    DeleteForm& del = v.del;
    // One command: every chosen group goes, or (the core names the first it may not delete) none.
    auto deleted = delete_groups(*state.store, state.actor, del.groups, del.fate);
    if (!deleted) {
        del.error = deleted.error().message;
        return;
    }
    const std::set<Id> gone(deleted->deleted.begin(), deleted->deleted.end());
    for (Id g : gone) v.selected.erase(g);
    close_dialog();
    if (del.from_page && v.open_group && gone.count(*v.open_group)) close_group_page(state);
    // F28: the notice offers to undo it.
    notice_here(state).set_with_undo(del.groups.size() == 1 && !deleted->names.empty()
                                         ? "Deleted the group " + deleted->names.front() + "."
                                         : "Deleted " + counted(gone.size(), "group", "groups") + ".");
}

void draw_delete_dialog(AppState& state) {
    GroupsView& v = view(state);
    DeleteForm& del = v.del;
    if (!begin_dialog(state, kDeleteTitle, 520)) return;
    const bool one = del.groups.size() == 1;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextWrapped(
        "%s",
        (one ? "Delete " + del.name + "?" : "Delete " + counted(del.groups.size(), "group", "groups") + "?").c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    if (del.subgroup_count > 0) {
        ImGui::TextUnformatted(one ? "What should happen to its subgroups?" : "What should happen to their subgroups?");
        const std::string lift =
            one ? "Move its " + counted(static_cast<std::size_t>(del.subgroup_count), "subgroup", "subgroups") +
                      " up to " + del.parent_name
                : std::string("Move their subgroups up to their parent groups");
        const std::string also =
            one ? "Also delete its " + counted(static_cast<std::size_t>(del.subgroup_count), "subgroup", "subgroups")
                : std::string("Also delete their subgroups");
        if (activated(ImGui::RadioButton(lift.c_str(), del.fate == SubgroupFate::kLiftThem)) &&
            del.fate != SubgroupFate::kLiftThem) {
            del.fate = SubgroupFate::kLiftThem;
            plan_deletion(state);
        }
        if (activated(ImGui::RadioButton(also.c_str(), del.fate == SubgroupFate::kDeleteThem)) &&
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
    if (!del.totals.empty()) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(del.totals.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
    }
    muted_text(state, "This cannot be undone.");
    ImGui::Spacing();
    if (!del.error.empty()) {
        error_text(state, del.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    const std::string confirm =
        one ? std::string("Delete group") : "Delete " + counted(del.groups.size(), "group", "groups");
    const DialogAction action = dialog_buttons(state, {.primary = confirm.c_str(), .danger = true});
    if (action == DialogAction::kPrimary) run_deletion(state);
    if (action == DialogAction::kCancel) close_dialog();
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
        if (activated(ImGui::RadioButton(group_role_name(r), *role == r))) *role = r;
    }
}

void toggle_pick(AddMembersForm& add, Id user, const std::string& name) {
    auto it = std::find(add.picked_ids.begin(), add.picked_ids.end(), user);
    if (it != add.picked_ids.end()) {
        add.picked_ids.erase(it);
        add.picked.erase(
            std::remove_if(add.picked.begin(), add.picked.end(), [&](const auto& p) { return p.first == user; }),
            add.picked.end());
    } else {
        add.picked_ids.push_back(user);
        add.picked.emplace_back(user, name);
    }
}

void draw_chips(AppState& state, AddMembersForm& add) {
    const Palette& p = palette(state.theme);
    // The chips' room is kept from the start (two rows, scrolling beyond), so picking a person never
    // moves the list under the pointer.
    const float chip_h = ImGui::GetFontSize() + state.px(8);
    const float rows_h = chip_h * 2.0f + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##picked", ImVec2(0.0f, rows_h), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    if (add.picked.empty()) {
        ImGui::SetCursorPosY((chip_h - ImGui::GetFontSize()) * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted("Nobody picked yet: the people you pick appear here.");
        ImGui::PopStyleColor();
        ImGui::EndChild();
        return;
    }
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
    if (add.picked.size() != add.shown_chips) {  // the newest chip in view
        add.shown_chips = add.picked.size();
        ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
    if (unpick != 0) toggle_pick(add, unpick, "");
}

void draw_add_members_dialog(AppState& state) {
    GroupsView& v = view(state);
    AddMembersForm& add = v.add;
    if (!begin_dialog(state, kAddMembersTitle, 580)) return;
    muted_text(state,
               "Find people by name or email and pick as many as you like, or invite new people by email. "
               "They join " +
                   add.group_name + " in the role you choose.");
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
    muted_text(state,
               "Separate addresses with commas, spaces or new lines. Anyone without an account gets an invitation.");
    ImGui::Spacing();
    role_choice(&add.role);
    ImGui::Spacing();
    if (add.smart) {
        // A smart group's members are the rule's: someone added by hand is pinned, or must match the rule.
        const bool member = add.role == GroupRole::kMember;
        ImGui::BeginDisabled(!member);
        checkbox("Pin them (always in, whatever the rule)", &add.pin);
        ImGui::EndDisabled();
        if (!member) {
            muted_text(state, "Mentors and group admins are added by hand; the rule leaves them alone.");
        } else if (add.pin) {
            text_field("Reason for the pin (optional)", &add.pin_reason, "Covers for Ms Ray");
        } else {
            muted_text(state,
                       "Without a pin, only people the rule matches can be added; the rule removes them "
                       "when they stop matching.");
        }
        ImGui::Spacing();
    }
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
    const DialogAction action =
        dialog_buttons(state, {.primary = "Add",
                               .enabled = !add.picked.empty() || !split_emails(add.emails).empty(),
                               .changed = !add.picked.empty() || !add.emails.empty()});
    if (action == DialogAction::kPrimary) {
        AddPeople people;
        people.users = add.picked_ids;
        people.emails = split_emails(add.emails);
        people.role = add.role;
        if (add.smart && add.role == GroupRole::kMember && add.pin) {
            people.pin = true;
            people.pin_reason = trim(add.pin_reason);
        }
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
    if (action == DialogAction::kCancel) close_dialog();
    end_dialog();
}

// ---- Copy people -------------------------------------------------------------------------------------

std::optional<CopySource> copy_source_of(const CopyForm& copy) {
    CopySource source;
    if (copy.from_department) {
        source.department = copy.source_department;
    } else {
        source.group = copy.source_group;
    }
    if (!source.group && !source.department) return std::nullopt;
    return source;
}

// The core's plan for the current choices, read only when a choice or the data changed.
void refresh_copy_plan(AppState& state, CopyForm& copy) {
    const std::optional<CopySource> source = copy_source_of(copy);
    const std::string key = std::to_string(copy.from_department) + ":" +
                            std::to_string(source ? source->group.value_or(0) + source->department.value_or(0) : 0) +
                            ":" + group_role_key(copy.role) + ":" + std::to_string(copy.change_roles);
    const std::uint64_t stamp =
        state.store->revision_of(kChangeMemberships | kChangeGroups | kChangePeople | kChangeDepartments);
    if (key == copy.plan_key && stamp == copy.plan_stamp) return;
    copy.plan_key = key;
    copy.plan_stamp = stamp;
    copy.plan.reset();
    copy.plan_error.clear();
    if (!source) return;
    auto plan = plan_copy(*state.store, copy.group, *source, copy.role,
                          copy.change_roles ? ExistingRoles::kChange : ExistingRoles::kKeep);
    if (plan) {
        copy.plan = std::move(*plan);
    } else {
        copy.plan_error = plan.error().message;
    }
}

// What copying would do, a line each; every role change by name, in a scrolling box when long.
void draw_copy_preview(AppState& state, const CopyForm& copy) {
    if (!copy.plan_error.empty()) {
        error_text(state, copy.plan_error);
        return;
    }
    if (!copy.plan) return;
    const std::vector<std::string> lines = copy.plan->preview();
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float h = std::min(static_cast<float>(lines.size()) * line_h + state.px(12), state.px(180));
    ImGui::BeginChild("##copy-preview", ImVec2(0, h), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()), line_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TextUnformatted(lines[static_cast<std::size_t>(i)].c_str());
        }
    }
    ImGui::EndChild();
}

void draw_copy_dialog(AppState& state) {
    GroupsView& v = view(state);
    CopyForm& copy = v.copy;
    if (!begin_dialog(state, kCopyTitle, 520)) return;
    muted_text(state, "Fill " + copy.group_name +
                          " with the people of another group, or of a department and the departments below it.");
    ImGui::Spacing();
    if (activated(ImGui::RadioButton("From a group", !copy.from_department))) copy.from_department = false;
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    if (activated(ImGui::RadioButton("From a department", copy.from_department))) copy.from_department = true;
    ImGui::Spacing();
    if (copy.from_department) {
        const auto& departments =
            v.departments.get(*state.store, kChangeDepartments, [&] { return department_tree(*state.store); });
        department_picker(state, "Department", &copy.source_department, departments, nullptr);
    } else {
        group_picker(state, "Group", &copy.source_group, group_rows(state), nullptr);
    }
    ImGui::Spacing();
    role_choice(&copy.role);
    ImGui::Spacing();
    // Copying adds people; changing the role of someone already here (a demotion too) is asked for.
    checkbox("Also change the role of people already in the group", &copy.change_roles);
    ImGui::Spacing();
    refresh_copy_plan(state, copy);
    draw_copy_preview(state, copy);
    ImGui::Spacing();
    if (!copy.error.empty()) {
        error_text(state, copy.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    // With role changes to make, the button names them: pressing it confirms the list shown above.
    const std::size_t changes = copy.plan ? copy.plan->changed.size() : 0;
    const std::string confirm = changes == 0
                                    ? std::string("Copy people")
                                    : "Copy and change " + counted(static_cast<std::int64_t>(changes), "role", "roles");
    const DialogAction action = dialog_buttons(state, {.primary = confirm.c_str()});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        const std::optional<CopySource> source = copy_source_of(copy);
        if (!source) {
            copy.error = copy.from_department ? "Choose the department to copy people from."
                                              : "Choose the group to copy people from.";
        } else if (auto outcome = copy_people(*state.store, state.actor, copy.group, *source, copy.role,
                                              copy.change_roles ? ExistingRoles::kChange : ExistingRoles::kKeep)) {
            notice_here(state).set(outcome->summary(), false);
            close_dialog();
            end_dialog();
            return;
        } else {
            copy.error = outcome.error().message;
        }
    }
    if (close) close_dialog();
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
    if (!remove.staff_note.empty()) muted_text(state, remove.staff_note);
    ImGui::Spacing();
    if (!remove.error.empty()) {
        error_text(state, remove.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    const DialogAction action = dialog_buttons(state, {.primary = "Remove", .danger = true});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        if (auto removed = remove_member(*state.store, state.actor, remove.group, remove.user)) {
            notice_here(state).set("Removed " + remove.person + " from " + remove.group_name + ".", false);
            close = true;
        } else {
            remove.error = removed.error().message;
        }
    }
    if (close) close_dialog();
    end_dialog();
}

}  // namespace

void draw_group_dialogs(AppState& state) {
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
    draw_smart_dialogs(state);
    draw_confirm(state, v.confirm);
}

void start_new_group(AppState& state, std::optional<Id> parent) {
    GroupsView& v = view(state);
    release_form(state);
    notice_here(state).clear();  // a new action: the last one's outcome is old news
    v.form = GroupForm{};
    v.form.serial = next_serial();
    v.form.parent = v.form.original_parent = parent;
    v.pending = GroupDialog::kNewGroup;
    state.request_redraw();
}

void start_manage_group(AppState& state, Id group) {
    GroupsView& v = view(state);
    if (state.store == nullptr) return;
    auto found = find_group(*state.store, group);
    if (!found) return;
    release_form(state);
    notice_here(state).clear();
    v.form = GroupForm{};
    GroupForm& form = v.form;
    form.serial = next_serial();
    form.group = group;
    form.name = form.original_name = found->name;
    form.description = form.original_description = found->description;
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
    notice_here(state).clear();
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
    notice_here(state).clear();
    v.add = AddMembersForm{};
    v.add.group = group;
    v.add.group_name = group_name(*state.store, group);
    v.add.smart = is_smart(*state.store, group);
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
    // A member the rule keeps in would come back: they are excluded instead (with a reason), never refused.
    for (const GroupPerson& p : group_people(*state.store, group)) {
        if (p.user.id == user && member_source(smart_marks(state, group), p) == MemberSource::kRule) {
            start_rule_exception(state, group, RuleException::kExclude, user, person, true);
            return;
        }
    }
    notice_here(state).clear();
    v.remove = RemoveForm{};
    v.remove.group = group;
    v.remove.user = user;
    v.remove.person = person;
    v.remove.group_name = group_name(*state.store, group);
    // Removing staff takes their oversight away: the confirmation says so.
    for (const GroupPerson& p : group_people(*state.store, group)) {
        if (p.user.id != user || !p.direct_role || *p.direct_role == GroupRole::kMember) continue;
        v.remove.staff_note =
            person + " is " + (*p.direct_role == GroupRole::kAdmin ? "a group admin" : "a mentor") + " of " +
            v.remove.group_name + " and will no longer " +
            (*p.direct_role == GroupRole::kAdmin ? "manage its people and subgroups." : "mentor its members.");
    }
    v.pending = GroupDialog::kRemovePerson;
    state.request_redraw();
}

}  // namespace grove::ui
