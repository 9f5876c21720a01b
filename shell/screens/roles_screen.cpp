// Roles (F4, F35): who holds each org role, granting and revoking them through the core (which
// refuses anything beyond the acting person's power), custom roles, and the permission matrix.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/access/permissions.h"
#include "core/access/roles.h"
#include "core/org/departments.h"
#include "core/org/lookup.h"
#include "core/text/text.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Holders' names and department labels come from people and departments too.
constexpr std::uint32_t kModelKinds = kChangeRoles | kChangePeople | kChangeDepartments;
constexpr const char* kGrantTitle = "Grant a role";
constexpr const char* kDefineTitle = "New custom role";
constexpr const char* kRenameTitle = "Rename role";
constexpr const char* kEditTitle = "Edit permissions";
constexpr const char* kDeleteTitle = "Delete role";
constexpr size_t kHoldersNamed = 8;  // in a dialog before "and N more"
constexpr size_t kHoldersShown = 8;  // per role before "Show all"

RolesModel load_model(Store& store) {
    RolesModel model;
    const auto& builtins = builtin_org_roles();
    model.customs = list_custom_roles(store);
    model.builtin.resize(builtins.size());
    model.custom_holders.resize(model.customs.size());
    std::unordered_map<Id, std::string> names;
    auto name_of = [&](Id id) -> const std::string& {
        auto it = names.find(id);
        if (it == names.end()) it = names.emplace(id, user_name(store, id)).first;
        return it->second;
    };
    for (RoleGrant& grant : all_role_grants(store)) {
        RoleHolder holder{grant, name_of(grant.user_id), grant.granted_by ? name_of(*grant.granted_by) : ""};
        if (grant.role == OrgRole::kCustom) {
            for (size_t i = 0; i < model.customs.size(); ++i) {
                if (grant.custom_role && model.customs[i].id == *grant.custom_role) {
                    model.custom_holders[i].push_back(std::move(holder));
                    break;
                }
            }
            continue;
        }
        for (size_t i = 0; i < builtins.size(); ++i) {
            if (builtins[i].role == grant.role) {
                model.builtin[i].push_back(std::move(holder));
                break;
            }
        }
    }
    auto by_name = [](const RoleHolder& a, const RoleHolder& b) {
        int c = natural_compare(a.name, b.name);
        return c != 0 ? c < 0 : natural_less(a.grant.label, b.grant.label);
    };
    for (auto& holders : model.builtin) std::sort(holders.begin(), holders.end(), by_name);
    for (auto& holders : model.custom_holders) std::sort(holders.begin(), holders.end(), by_name);
    return model;
}

void section_title(const AppState& state, const char* title, const char* explanation) {
    ImGui::Dummy(ImVec2(0.0f, state.px(10)));
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    if (explanation) muted_text(state, explanation);
    ImGui::Dummy(ImVec2(0.0f, state.px(2)));
}

// A button at the right edge of the current column or window.
bool right_button(const char* label) {
    const float width = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - width));
    return button(label);
}

void open_grant(RolesView& view, RoleTarget target) {
    view.grant = std::move(target);
    view.open_grant = true;
    view.search.reset();
    view.grant_person.reset();
    view.grant_department.reset();
    view.grant_error.clear();
    view.notice.clear();
    view.row_error.clear();
}

void open_custom_action(AppState& state, RolesView& view, RolesView::CustomAction action, const CustomRole& role) {
    view.custom_action = action;
    view.open_custom = true;
    view.custom = role;
    view.holders_now = custom_role_holders(*state.store, role.id);
    view.custom_name = role.name;
    view.custom_perms.assign(all_perms().size(), false);
    for (size_t i = 0; i < all_perms().size(); ++i) view.custom_perms[i] = (role.perms & all_perms()[i].perm) != 0;
    view.custom_error.clear();
    view.notice.clear();
    view.row_error.clear();
}

// The role's name and summary, in the first column of a role row.
void role_cell(const AppState& state, const std::string& name, const std::string& summary) {
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopFont();
    muted_text(state, summary);
}

// The people holding a role: each name opens the person; Revoke asks the core.
void holders_cell(AppState& state, RolesView& view, const std::string& row_key, const std::string& role_name,
                  const std::vector<RoleHolder>& holders, bool revocable) {
    const Palette& p = palette(state.theme);
    if (holders.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("Nobody yet");
    }
    const bool all = view.show_all.count(row_key) != 0;
    const size_t shown = all ? holders.size() : std::min(holders.size(), kHoldersShown);
    for (size_t i = 0; i < shown; ++i) {
        const RoleHolder& holder = holders[i];
        ImGui::PushID(static_cast<int>(holder.grant.id));
        const float start = ImGui::GetCursorPosX();
        const float line_end = start + ImGui::GetContentRegionAvail().x;
        const float name_w = ImGui::CalcTextSize(holder.name.c_str()).x;
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        if (ImGui::Selectable((holder.name + "##holder").c_str(), false, ImGuiSelectableFlags_None,
                              ImVec2(name_w, ImGui::GetFrameHeight()))) {
            open_person_panel(state, holder.grant.user_id);
        }
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open %s on the People screen", holder.name.c_str());
        // "of Science" in the Department Admin row; the whole label where it says more than the row.
        std::string detail;
        if (holder.grant.label.rfind(role_name + " ", 0) == 0) {
            detail = holder.grant.label.substr(role_name.size() + 1);
        } else if (holder.grant.label != role_name) {
            detail = holder.grant.label;
        }
        if (!holder.granted_by.empty()) {
            detail += (detail.empty() ? "granted by " : " \xc2\xb7 granted by ") + holder.granted_by;
        }
        const float padding = ImGui::GetStyle().FramePadding.x * 2.0f;
        const float revoke_w = revocable ? ImGui::CalcTextSize("Revoke").x + padding : 0.0f;
        if (!detail.empty()) {
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            // Cut with an ellipsis before the Revoke button (whole on hover), so that a long label never runs
            // under it nor pushes it out of the cell in a narrow window.
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float limit = ImGui::GetWindowPos().x + line_end - revoke_w - state.px(12) - ImGui::GetScrollX();
            elided_text(detail, std::max(1.0f, limit - at.x));
            ImGui::PopStyleColor();
        }
        if (revocable) {
            ImGui::SameLine();
            ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), line_end - revoke_w));
            if (button("Revoke")) {
                AppState* app = &state;
                const RoleSpec spec{holder.grant.role, holder.grant.custom_role, holder.grant.department};
                const Id person = holder.grant.user_id;
                const std::string label = holder.grant.label;
                const std::string name = holder.name;
                const std::string key = row_key;
                // Revoking takes power away: asked first.
                ask_confirm(state, view.confirm, "Revoke role", "Revoke " + label + " from " + name + "?",
                            "They lose what the role allows at once; it can be granted again later.", "Revoke",
                            [app, spec, person, label, name, key] {
                                RolesView& roles = app->views.roles;
                                auto done = revoke_role(*app->store, app->actor, person, spec);
                                roles.notice.clear();
                                roles.row_error.clear();
                                if (done) {
                                    roles.notice.set_success("Took " + label + " away from " + name + ".");
                                } else {
                                    roles.row_error = done.error().message;
                                    roles.error_row = key;
                                }
                            });
            }
        }
        ImGui::PopID();
    }
    if (holders.size() > kHoldersShown) {
        const std::string toggle = all ? "Show fewer" : "Show all " + std::to_string(holders.size());
        ImGui::PushID(row_key.c_str());
        if (activated(ImGui::SmallButton(toggle.c_str()))) {
            if (all) {
                view.show_all.erase(row_key);
            } else {
                view.show_all.insert(row_key);
            }
        }
        ImGui::PopID();
    }
    if (!view.row_error.empty() && view.error_row == row_key) error_text(state, view.row_error);
}

constexpr ImGuiTableFlags kRoleTableFlags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                                            ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;

void setup_role_columns(AppState& state, const char* grant_column_widest) {
    ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("People", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    const float grant_w =
        std::max(state.px(120), ImGui::CalcTextSize(grant_column_widest).x + ImGui::GetStyle().FramePadding.x * 2.0f);
    ImGui::TableSetupColumn("Grant", ImGuiTableColumnFlags_WidthFixed, grant_w);
}

void draw_org_roles(AppState& state, RolesView& view, const RolesModel& model) {
    section_title(state, "Org roles",
                  "Built-in roles. A person may hold several; nobody can grant a role that gives more power than "
                  "they hold themselves.");
    const auto& builtins = builtin_org_roles();
    std::string widest;
    for (const OrgRoleDef& def : builtins) {
        std::string label = std::string("Grant ") + def.name + "\xe2\x80\xa6";
        if (label.size() > widest.size()) widest = label;
    }
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), state.px(10)));
    if (ImGui::BeginTable("##org-roles", 3, kRoleTableFlags)) {
        flatten_table_nav();
        setup_role_columns(state, widest.c_str());
        SemanticScope grid(Role::kGrid, "Organisation roles");
        for (size_t i = 0; i < builtins.size(); ++i) {
            const OrgRoleDef& def = builtins[i];
            const bool owner = def.role == OrgRole::kOwner;
            ImGui::TableNextRow();
            SemanticScope row(Role::kRow, def.name);
            row.row(static_cast<int>(i), static_cast<int>(builtins.size()));
            ImGui::PushID(def.key);
            ImGui::TableSetColumnIndex(0);
            role_cell(state, def.name, def.summary);
            ImGui::TableSetColumnIndex(1);
            holders_cell(state, view, def.key, def.name, model.builtin[i], !owner);
            ImGui::TableSetColumnIndex(2);
            if (owner) {
                const char* text = "Cannot be granted";
                const float width = ImGui::CalcTextSize(text).x;
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - width);
                ImGui::AlignTextToFramePadding();
                ImGui::TextDisabled("%s", text);
            } else if (right_button((std::string("Grant ") + def.name + "\xe2\x80\xa6").c_str())) {
                open_grant(view, {def.role, std::nullopt, def.name});
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
}

// Rename, Edit permissions and Delete under a custom role's name: disabled, with the reason, for someone who
// may not change custom roles.
void custom_role_actions(AppState& state, RolesView& view, const CustomRole& role) {
    using Action = RolesView::CustomAction;
    ImGui::Dummy(ImVec2(0.0f, state.px(2)));
    if (permitted_button(state, "Rename\xe2\x80\xa6", refusal_of(state, Cmd::kRoleRename))) {
        open_custom_action(state, view, Action::kRename, role);
    }
    ImGui::SameLine();
    if (permitted_button(state, "Edit permissions\xe2\x80\xa6", refusal_of(state, Cmd::kRoleEdit))) {
        open_custom_action(state, view, Action::kEdit, role);
    }
    ImGui::SameLine();
    if (permitted_button(state, "Delete\xe2\x80\xa6", refusal_of(state, Cmd::kRoleDelete))) {
        open_custom_action(state, view, Action::kDelete, role);
    }
}

void draw_custom_roles(AppState& state, RolesView& view, const RolesModel& model) {
    const float top = ImGui::GetCursorPosY();
    section_title(state, "Custom roles",
                  "Named sets of permissions the organisation defines, granted like the others.");
    const float below = ImGui::GetCursorPosY();
    const std::string label = std::string(icons::kPlus) + "  New custom role";
    const float width = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowContentRegionMax().x - width, top + state.px(10)));
    if (button(label.c_str())) {
        view.open_define = true;
        view.define_name.clear();
        view.define_perms.assign(all_perms().size(), false);
        view.define_error.clear();
        view.notice.clear();
    }
    ImGui::SetCursorPosY(below);
    if (model.customs.empty()) {
        muted_text(state, "No custom roles yet.");
        return;
    }
    std::string widest;
    for (const CustomRole& role : model.customs) {
        std::string grant_label = "Grant " + role.name + "\xe2\x80\xa6";
        if (grant_label.size() > widest.size()) widest = grant_label;
    }
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), state.px(10)));
    if (ImGui::BeginTable("##custom-roles", 3, kRoleTableFlags)) {
        flatten_table_nav();
        setup_role_columns(state, widest.c_str());
        SemanticScope grid(Role::kGrid, "Custom roles");
        for (size_t i = 0; i < model.customs.size(); ++i) {
            const CustomRole& role = model.customs[i];
            ImGui::TableNextRow();
            SemanticScope row(Role::kRow, role.name.c_str());
            row.row(static_cast<int>(i), static_cast<int>(model.customs.size()));
            ImGui::PushID(static_cast<int>(role.id));
            ImGui::TableSetColumnIndex(0);
            role_cell(state, role.name, perm_keys(role.perms));
            custom_role_actions(state, view, role);
            ImGui::TableSetColumnIndex(1);
            holders_cell(state, view, "custom-" + std::to_string(role.id), role.name, model.custom_holders[i], true);
            ImGui::TableSetColumnIndex(2);
            if (right_button(("Grant " + role.name + "\xe2\x80\xa6").c_str())) {
                open_grant(view, {OrgRole::kCustom, role.id, role.name});
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
}

// Roles (columns) x permissions (rows), read from the core's own tables.
void draw_matrix(AppState& state, const RolesModel& model) {
    const Palette& p = palette(state.theme);
    section_title(state, "Permission matrix",
                  "What each role may do. \"Subtree\": only over the people of the department the role is "
                  "granted for and the departments below it.");
    struct Column {
        std::string name;
        PermSet perms;
        bool scoped;
    };
    std::vector<Column> columns;
    for (const OrgRoleDef& def : builtin_org_roles()) columns.push_back({def.name, def.perms, def.scoped});
    for (const CustomRole& role : model.customs) columns.push_back({role.name, role.perms, false});

    const int count = static_cast<int>(columns.size()) + 1;
    if (count > 64) return;  // ImGui's column limit; a real organisation has a handful of roles
    const float role_w = state.px(108);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(10), state.px(6)));
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                                       ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg;
    if (ImGui::BeginTable("##matrix", count, kFlags)) {
        flatten_table_nav();
        ImGui::TableSetupColumn("Permission", ImGuiTableColumnFlags_WidthStretch);
        for (const Column& column : columns) {
            ImGui::TableSetupColumn(column.name.c_str(), ImGuiTableColumnFlags_WidthFixed, role_w);
        }
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::PushFont(state.fonts.bold);
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted("Permission");
        for (int c = 1; c < count; ++c) {
            ImGui::TableSetColumnIndex(c);
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + role_w);
            ImGui::TextUnformatted(columns[static_cast<size_t>(c - 1)].name.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::PopStyleColor();
        ImGui::PopFont();

        for (const PermDef& perm : all_perms()) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(perm.summary);
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(perm.key);
            ImGui::PopStyleColor();
            const float middle = ImGui::GetTextLineHeightWithSpacing() * 0.5f;
            for (int c = 1; c < count; ++c) {
                const Column& column = columns[static_cast<size_t>(c - 1)];
                ImGui::TableSetColumnIndex(c);
                ImGui::SetCursorPosY(ImGui::GetCursorPosY() + middle);
                if ((column.perms & perm.perm) == 0) {
                    ImGui::TextDisabled("\xe2\x80\x94");
                } else if (column.scoped && (perm.perm & kScopedPerms) != 0) {
                    ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
                    ImGui::TextUnformatted("Subtree");
                    ImGui::PopStyleColor();
                } else {
                    ImGui::PushStyleColor(ImGuiCol_Text, p.success);
                    ImGui::TextUnformatted((std::string(icons::kCheck) + " Yes").c_str());
                    ImGui::PopStyleColor();
                }
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
}

void draw_grant_dialog(AppState& state, RolesView& view) {
    Store& store = *state.store;
    if (view.open_grant) {
        view.open_grant = false;
        open_dialog(kGrantTitle);
    }
    if (!begin_dialog(state, kGrantTitle, 540)) return;
    const RoleTarget& target = view.grant;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(("Grant " + target.name).c_str());
    ImGui::PopFont();
    if (target.role != OrgRole::kCustom) muted_text(state, org_role_def(target.role).summary);
    ImGui::Spacing();
    ImGui::TextUnformatted("Person");
    std::vector<Id> picked;
    if (view.grant_person) picked.push_back(*view.grant_person);
    if (Id chosen = person_search_list(state, view.search, "Search people by name or email", 220, &picked)) {
        view.grant_person = chosen;
        view.grant_error.clear();
    }
    if (view.grant_person) {
        ImGui::TextUnformatted(("Chosen: " + user_name(store, *view.grant_person)).c_str());
    } else {
        muted_text(state, "Pick the person from the list.");
    }
    if (target.role == OrgRole::kDepartmentAdmin) {
        const auto& rows = view.departments.get(store, kChangeDepartments, [&] { return department_tree(store); });
        department_picker(state, "Department to administer", &view.grant_department, rows, nullptr);
    }
    ImGui::Spacing();
    error_text(state, view.grant_error);
    const DialogAction action =
        dialog_buttons(state, {.primary = "Grant", .changed = view.grant_person.has_value() || view.grant_department});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        view.grant_error.clear();
        if (!view.grant_person) {
            view.grant_error = "Pick the person to grant " + target.name + " to.";
        } else if (target.role == OrgRole::kDepartmentAdmin && !view.grant_department) {
            // The core takes a Department Admin role without a department as org-wide: never send one.
            view.grant_error = "Choose the department they will administer.";
        } else {
            RoleSpec spec{target.role, target.custom,
                          target.role == OrgRole::kDepartmentAdmin ? view.grant_department : std::nullopt};
            if (auto done = grant_role(store, state.actor, *view.grant_person, spec); done) {
                std::string label = target.name;
                if (spec.department) label += " of " + department_name(store, *spec.department);
                view.notice.set_success("Granted " + label + " to " + user_name(store, *view.grant_person) + ".");
                close = true;
            } else {
                view.grant_error = done.error().message;
            }
        }
    }
    if (close) close_dialog();
    end_dialog();
}

void draw_define_dialog(AppState& state, RolesView& view) {
    const Palette& p = palette(state.theme);
    const auto& perms = all_perms();
    if (view.open_define) {
        view.open_define = false;
        open_dialog(kDefineTitle);
    }
    if (!begin_dialog(state, kDefineTitle, 660)) return;
    view.define_perms.resize(perms.size(), false);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    text_field("Name", &view.define_name, "Registrar");
    ImGui::Spacing();
    ImGui::TextUnformatted("Permissions");
    muted_text(state, "Only permissions the acting person holds across the whole organisation can go into a role.");
    if (ImGui::BeginTable("##perms", 2, ImGuiTableFlags_SizingStretchProp)) {
        flatten_table_nav();
        ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Summary", ImGuiTableColumnFlags_WidthStretch);
        for (size_t i = 0; i < perms.size(); ++i) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            bool on = view.define_perms[i];
            if (checkbox(perms[i].key, &on)) view.define_perms[i] = on;
            ImGui::TableSetColumnIndex(1);
            ImGui::AlignTextToFramePadding();
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(perms[i].summary);
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    error_text(state, view.define_error);
    const bool changed = !view.define_name.empty() ||
                         std::find(view.define_perms.begin(), view.define_perms.end(), true) != view.define_perms.end();
    const DialogAction action = dialog_buttons(state, {.primary = "Create role", .changed = changed});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        PermSet set = 0;
        for (size_t i = 0; i < perms.size(); ++i) {
            if (view.define_perms[i]) set |= perms[i].perm;
        }
        if (auto role = define_custom_role(*state.store, state.actor, view.define_name, set); role) {
            view.notice.set_success("Defined the custom role " + role->name + " (" + perm_keys(role->perms) + ").");
            close = true;
        } else {
            view.define_error = role.error().message;
        }
    }
    if (close) close_dialog();
    end_dialog();
}

// Who holds the role, said before a change reaches them: "3 people hold this role: Ana Hill, Bo Chen and Cy Dee.
// The change applies to them at once." As a list with emails (`listed`) where they lose it, before a deletion.
void holders_before_change(AppState& state, const std::vector<User>& holders, const std::string& consequence,
                           bool listed) {
    const Palette& p = palette(state.theme);
    if (holders.empty()) {
        muted_text(state, "Nobody holds this role.");
        return;
    }
    const std::string count =
        holders.size() == 1 ? "1 person holds this role:" : std::to_string(holders.size()) + " people hold this role:";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
    if (listed) {
        const size_t shown = std::min(holders.size(), kHoldersNamed);
        for (size_t i = 0; i < shown; ++i) {
            ImGui::Bullet();
            ImGui::TextUnformatted(person_label(holders[i].first_name, holders[i].last_name, holders[i].email).c_str());
        }
        if (shown < holders.size()) muted_text(state, "and " + std::to_string(holders.size() - shown) + " more");
    } else {
        ImGui::TextUnformatted((holder_names(holders, false, kHoldersNamed) + ".").c_str());
    }
    ImGui::PopTextWrapPos();
    muted_text(state, consequence);
}

void draw_rename_dialog(AppState& state, RolesView& view) {
    if (!begin_dialog(state, kRenameTitle, 540)) return;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(("Rename " + view.custom.name).c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    text_field("New name", &view.custom_name, view.custom.name.c_str());
    ImGui::Spacing();
    holders_before_change(state, view.holders_now,
                          "They keep the role under its new name; the change applies to them at once.", false);
    ImGui::Spacing();
    error_text(state, view.custom_error);
    const bool changed = view.custom_name != view.custom.name;
    const DialogAction action = dialog_buttons(state, {.primary = "Rename", .enabled = changed, .changed = changed});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        if (auto done = rename_custom_role(*state.store, state.actor, view.custom.id, view.custom_name); done) {
            view.notice.set_success("Renamed the role " + done->before.name + " to " + done->after.name + ".");
            close = true;
        } else {
            view.custom_error = done.error().message;
        }
    }
    if (close) close_dialog();
    end_dialog();
}

// "adds reports.view; removes roles.grant", or empty when nothing changes.
std::string perm_change_text(PermSet before, PermSet after) {
    const PermSet added = after & ~before;
    const PermSet removed = before & ~after;
    std::string out;
    if (added) out += "adds " + perm_keys(added);
    if (removed) out += std::string(out.empty() ? "" : "; ") + "removes " + perm_keys(removed);
    return out;
}

void draw_edit_dialog(AppState& state, RolesView& view) {
    const Palette& p = palette(state.theme);
    const auto& perms = all_perms();
    if (!begin_dialog(state, kEditTitle, 660)) return;
    view.custom_perms.resize(perms.size(), false);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(("Permissions of " + view.custom.name).c_str());
    ImGui::PopFont();
    muted_text(state,
               "A permission can be added only by someone holding it across the whole organisation; any can be "
               "taken away.");
    // What the editor may add: what they hold org-wide. What the role has already stays changeable.
    const PermSet held = power_of(*state.store, state.actor).org_wide;
    const std::string actor = user_name(*state.store, state.actor);
    if (ImGui::BeginTable("##perms", 2, ImGuiTableFlags_SizingStretchProp)) {
        flatten_table_nav();
        ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Summary", ImGuiTableColumnFlags_WidthStretch);
        for (size_t i = 0; i < perms.size(); ++i) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const bool addable = (held & perms[i].perm) != 0 || (view.custom.perms & perms[i].perm) != 0;
            bool on = view.custom_perms[i];
            ImGui::BeginDisabled(!addable);
            if (checkbox(perms[i].key, &on)) view.custom_perms[i] = on;
            ImGui::EndDisabled();
            if (!addable) {
                refusal_tooltip(state, actor + " does not hold " + perms[i].key +
                                           " across the whole organisation, so it cannot be added to a role.");
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::AlignTextToFramePadding();
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(perms[i].summary);
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
    PermSet set = 0;
    for (size_t i = 0; i < perms.size(); ++i) {
        if (view.custom_perms[i]) set |= perms[i].perm;
    }
    const std::string change = perm_change_text(view.custom.perms, set);
    ImGui::Spacing();
    if (!change.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(("This change " + change + ".").c_str());
        ImGui::PopTextWrapPos();
    }
    holders_before_change(state, view.holders_now, "The change applies to them at once.", false);
    ImGui::Spacing();
    error_text(state, view.custom_error);
    const DialogAction action =
        dialog_buttons(state, {.primary = "Save permissions", .enabled = !change.empty(), .changed = !change.empty()});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        if (auto done = edit_custom_role(*state.store, state.actor, view.custom.id, set); done) {
            view.notice.set_success("Changed the permissions of " + done->after.name + ": " +
                                    perm_change_text(done->before.perms, done->after.perms) + ".");
            close = true;
        } else {
            view.custom_error = done.error().message;
        }
    }
    if (close) close_dialog();
    end_dialog();
}

void draw_delete_dialog(AppState& state, RolesView& view) {
    if (!begin_dialog(state, kDeleteTitle, 540)) return;
    const size_t n = view.holders_now.size();
    ImGui::PushFont(state.fonts.bold);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(("Delete the role " + view.custom.name + "?").c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Spacing();
    holders_before_change(state, view.holders_now,
                          n == 1 ? "Deleting the role revokes it from them at once: they lose what it allows."
                                 : "Deleting the role revokes it from each of them at once: they lose what it allows.",
                          true);
    ImGui::Spacing();
    // Revoking the role from its holders takes the power to revoke it: said now, not after the click.
    const std::string refusal =
        n == 0 ? std::string() : refusal_of(state, Cmd::kRoleRevoke, {.person = view.holders_now.front().id});
    error_text(state, view.custom_error.empty() ? refusal : view.custom_error);
    const std::string primary = n == 0   ? std::string("Delete role")
                                : n == 1 ? std::string("Revoke from 1 person and delete")
                                         : "Revoke from " + std::to_string(n) + " people and delete";
    const DialogAction action =
        dialog_buttons(state, {.primary = primary.c_str(), .danger = true, .enabled = refusal.empty()});
    bool close = action == DialogAction::kCancel;
    if (action == DialogAction::kPrimary) {
        // The holders shown are the ones revoked: should someone have been granted the role meanwhile, the core
        // refuses and the dialog shows the people as they are now.
        auto now = custom_role_holders(*state.store, view.custom.id);
        std::vector<Id> shown_ids, now_ids;
        for (const User& u : view.holders_now) shown_ids.push_back(u.id);
        for (const User& u : now) now_ids.push_back(u.id);
        if (shown_ids != now_ids) {
            view.holders_now = std::move(now);
            view.custom_error = "Who holds the role has changed since this dialog opened; look again before deleting.";
        } else if (auto done = delete_custom_role(*state.store, state.actor, view.custom.id, n > 0); done) {
            std::string text = "Deleted the role " + done->before.name;
            if (!done->holders.empty()) {
                text += " and revoked it from " + holder_names(done->holders, false);
            }
            view.notice.set_success(text + ".");
            close = true;
        } else {
            view.custom_error = done.error().message;
        }
    }
    if (close) close_dialog();
    end_dialog();
}

// The open custom role dialog, if any.
void draw_custom_dialogs(AppState& state, RolesView& view) {
    using Action = RolesView::CustomAction;
    const char* title = view.custom_action == Action::kRename   ? kRenameTitle
                        : view.custom_action == Action::kEdit   ? kEditTitle
                        : view.custom_action == Action::kDelete ? kDeleteTitle
                                                                : nullptr;
    if (title == nullptr) return;
    if (view.open_custom) {
        view.open_custom = false;
        open_dialog(title);
    }
    switch (view.custom_action) {
        case Action::kRename: draw_rename_dialog(state, view); break;
        case Action::kEdit: draw_edit_dialog(state, view); break;
        case Action::kDelete: draw_delete_dialog(state, view); break;
        case Action::kNone: break;
    }
    if (!ImGui::IsPopupOpen(title)) view.custom_action = Action::kNone;
}

}  // namespace

void draw_roles_screen(AppState& state) {
    page_header(state, "Roles",
                "Org roles give people powers across the organisation; group roles (member, mentor, group admin) are "
                "given on each group's page.");
    if (!state.store) return;
    Store& store = *state.store;
    RolesView& view = state.views.roles;
    const RolesModel& model = view.model.get(store, kModelKinds, [&] { return load_model(store); });
    draw_notice(state, view.notice);
    draw_org_roles(state, view, model);
    draw_custom_roles(state, view, model);
    draw_matrix(state, model);
    ImGui::Dummy(ImVec2(0.0f, state.px(16)));
    draw_grant_dialog(state, view);
    draw_define_dialog(state, view);
    draw_custom_dialogs(state, view);
    draw_confirm(state, view.confirm);
}

}  // namespace grove::ui
