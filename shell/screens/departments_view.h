// The departments screen's view state (AppState::views.departments): the chart, what is collapsed,
// the selected department's people, and the dialogs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/org/departments.h"
#include "core/org/people.h"
#include "shell/cached.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

// The dialogs of the departments screen; one is open at a time.
enum class DepartmentDialog { kNone, kCreate, kRename, kMove, kDelete };

struct DepartmentsView {
    Cached<std::vector<DepartmentRow>> tree;
    std::set<Id> collapsed;
    // Rows of `tree` left after collapsing (indices), recomputed when the tree or `collapsed` changed.
    std::vector<std::size_t> visible;
    std::uint64_t visible_stamp = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t collapsed_version = 0;
    std::uint64_t visible_version = std::numeric_limits<std::uint64_t>::max();
    std::vector<int> totals;  // people in each department's whole subtree, parallel to `tree`

    // The department whose people show beside the chart, and those people (indices into `rows`, the
    // screen's own people rows, read once a department is chosen), recomputed when either changed.
    std::optional<Id> selected;
    Cached<std::vector<PersonRow>> rows;
    std::vector<std::size_t> people;
    std::optional<Id> people_of;
    std::uint64_t people_stamp = std::numeric_limits<std::uint64_t>::max();

    // The "..." menu's department and the open dialog with its fields.
    Id menu_for = 0;
    bool open_menu = false;
    PopupAnchor menu_anchor;  // the "..." button it hangs from
    DepartmentDialog dialog = DepartmentDialog::kNone;
    bool open_dialog = false;
    Id target = 0;
    std::string name;
    std::optional<Id> parent;
    std::string error;
    // The delete dialog's plan, read from the core when the dialog opens: what moves (roles included),
    // or why the deletion is refused.
    std::string delete_plan;
    std::vector<std::string> delete_roles;
    std::string delete_refusal;
    std::string notice;  // after a change: "Moved Science under Riverside High."
};

}  // namespace grove::ui
