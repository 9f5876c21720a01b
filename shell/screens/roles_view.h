// The roles screen's view state (AppState::views.roles): who holds which org role, custom roles, and
// the Grant, New custom role, and a custom role's Rename, Edit permissions and Delete dialogs.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/access/roles.h"
#include "core/org/departments.h"
#include "shell/cached.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/person_search.h"

namespace grove::ui {

// One person holding one role, with the names the screen shows.
struct RoleHolder {
    RoleGrant grant;
    std::string name;        // the holder
    std::string granted_by;  // who granted it, or empty (the owner's own role)
};

struct RolesModel {
    std::vector<std::vector<RoleHolder>> builtin;  // parallel to builtin_org_roles()
    std::vector<CustomRole> customs;
    std::vector<std::vector<RoleHolder>> custom_holders;  // parallel to customs
};

// The role a dialog grants: a builtin, or a custom role by ID.
struct RoleTarget {
    OrgRole role = OrgRole::kAdmin;
    std::optional<Id> custom;
    std::string name;  // "Department Admin", "Registrar"
};

struct RolesView {
    Cached<RolesModel> model;
    Confirm confirm;                 // before revoking an org role
    std::set<std::string> show_all;  // roles (by row key) listing every holder, not the first few

    // Grant dialog.
    bool open_grant = false;
    RoleTarget grant;
    PersonSearch search;
    std::optional<Id> grant_person;
    std::optional<Id> grant_department;
    std::string grant_error;
    Cached<std::vector<DepartmentRow>> departments;  // for Department Admin's picker

    // New custom role dialog.
    bool open_define = false;
    std::string define_name;
    std::vector<bool> define_perms;  // parallel to all_perms()
    std::string define_error;

    // Rename, Edit permissions and Delete of one custom role: the role as it was when the dialog opened, and
    // who holds it then (shown before confirming: the change reaches them at once).
    enum class CustomAction { kNone, kRename, kEdit, kDelete };
    CustomAction custom_action = CustomAction::kNone;
    bool open_custom = false;
    CustomRole custom;
    std::vector<User> holders_now;
    std::string custom_name;         // Rename: the new name
    std::vector<bool> custom_perms;  // Edit: parallel to all_perms()
    std::string custom_error;

    Notice notice;          // "Granted Admin to Ada Lovelace."
    std::string row_error;  // a refused revoke, shown in its role's row
    std::string error_row;  // that row's key
};

}  // namespace grove::ui
