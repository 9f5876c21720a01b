// The people screen's view state (AppState::views.people): the list, its filter, the open person's
// panel and the Add person dialog.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/access/roles.h"
#include "core/org/departments.h"
#include "core/org/people.h"
#include "shell/cached.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/notice.h"

namespace grove::ui {

struct AppState;

// The status tabs above the list, in the order they are drawn.
enum class StatusTab { kAll, kActive, kInvited, kDeactivated };
inline constexpr std::size_t kStatusTabCount = 4;

// The list's columns, in the order drawn; it is sorted by one of them.
enum class PeopleColumn { kName, kEmail, kStatus, kDepartment, kRoles };
inline constexpr std::size_t kPeopleColumnCount = 5;

struct PeopleSort {
    PeopleColumn column = PeopleColumn::kName;
    bool descending = false;
    bool operator==(const PeopleSort&) const = default;
};

// The org role filter: everyone, the holders of one role (a builtin, or a custom role), or people with none.
struct RoleFilter {
    enum class Kind { kAll, kRole, kNone };
    Kind kind = Kind::kAll;
    HeldRole role;  // with kRole
    bool operator==(const RoleFilter&) const = default;
};

// Everything that narrows the list besides the status tab.
struct PeopleFilters {
    std::string query;  // the search box: name or email
    // Unset: every department; a department: it and every department under it; nullopt: people without one.
    std::optional<std::optional<Id>> department;
    RoleFilter role;
    bool operator==(const PeopleFilters&) const = default;
};

// The rows the filters and the status tab let through (indices into PeopleView::rows) in the order of the
// sort, and how many pass the filters in each tab. Recomputed only when the rows, a filter, the tab or the
// sort changed; each column's order of all rows (`ranks`) only when the rows changed.
struct PeopleFilter {
    std::vector<std::size_t> visible;
    std::array<int, kStatusTabCount> counts{};
    PeopleFilters filters;
    StatusTab tab = StatusTab::kAll;
    PeopleSort sort;
    std::uint64_t rows_stamp = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t tree_stamp = std::numeric_limits<std::uint64_t>::max();  // the department tree's
    // Per column, each row's place in that column's order (equal values share one; kUnranked for an empty
    // cell, which stays last both ways), computed for `ranks_stamp` when first sorted by.
    std::array<std::vector<std::uint32_t>, kPeopleColumnCount> ranks;
    std::array<std::uint64_t, kPeopleColumnCount> ranks_stamp = [] {
        std::array<std::uint64_t, kPeopleColumnCount> stamps;
        stamps.fill(std::numeric_limits<std::uint64_t>::max());
        return stamps;
    }();
};
inline constexpr std::uint32_t kUnranked = std::numeric_limits<std::uint32_t>::max();

// What the panel shows of the open person besides the form: read once per person and data revision.
struct PersonGroupRow {
    Id group_id = 0;
    std::string group;
    GroupRole role = GroupRole::kMember;
};
struct PersonGrantRow {
    RoleGrant grant;
    std::string granted_by;  // a name, or empty
};
struct PersonDetail {
    Id person = 0;
    std::optional<User> user;
    std::vector<PersonGrantRow> roles;
    std::vector<PersonGroupRow> groups;
};

// An editable person: the person's values as loaded, and what the form holds now.
struct PersonForm {
    Id person = 0;
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();  // revision of people it was loaded at
    std::string email, first_name, last_name;
    std::optional<Id> department;
    std::vector<std::string> values;  // one per additional field, in list_fields() order
    std::vector<std::string> loaded_values;
    User loaded;
    std::string error;  // the core's message after "Save changes", when no field is to blame
    // Every value that would be refused, each shown at its field; Save changes checks first and saves
    // nothing while any is left. Checked again as the values change (`checked` holds those checked).
    std::vector<ValueProblem> problems;
    std::vector<std::string> checked;
    bool scroll_to_problem = false;  // bring the first one into view once
    Notice notice;                   // "Saved."
    std::string status_error;        // after Deactivate / Reactivate
    Notice status_notice;
};

// "Grant a role" in the panel: an index into the role choices (builtins, then custom roles).
struct RoleChoice {
    int index = -1;
    std::optional<Id> department;
    std::string error;  // the core's answer to Grant, below it
    Notice notice;
    std::string revoke_error;  // the core's answer to a Revoke, below the list
    Notice revoke_notice;
};

struct NewPersonForm {
    std::string email, first_name, last_name;
    std::optional<Id> department;
    std::vector<std::string> values;
    std::string error;
};

// The parts of the person panel, one shown at a time.
enum class PanelTab { kDetails, kRoles, kGroups };

struct PeopleView {
    Cached<std::vector<PersonRow>> rows;
    Cached<std::vector<DepartmentRow>> departments;
    Cached<std::vector<FieldDef>> fields;
    Cached<std::vector<CustomRole>> custom_roles;

    PeopleFilters filters;  // the search box, the department and the org role filters
    StatusTab tab = StatusTab::kAll;
    PeopleSort sort;  // by a click on a column's header
    PeopleFilter shown;

    std::optional<Id> open_person;  // whose panel is open
    PersonForm form;
    Cached<PersonDetail> detail;
    PanelTab panel_tab = PanelTab::kDetails;
    RoleChoice grant;
    Confirm confirm;              // before revoking an org role
    bool scroll_to_open = false;  // bring the open person's row into view once

    bool open_add = false;  // open the Add person dialog on the next frame
    NewPersonForm add;
    Notice notice;  // "Added Ada Lovelace."
};

// People rows shared by the screens that list people (People, Departments): cached on the data they show.
const std::vector<PersonRow>& cached_people_rows(AppState& state);
// The revision those rows follow; read it before a command about one person.
std::uint64_t people_rows_revision(AppState& state);
// After a command changed only `person`: updates their row in place (reading 100,000 rows again
// takes longer than a click may), if the rows were current at `revision_before`.
void refresh_person_row(AppState& state, Id person, std::uint64_t revision_before);
// Shows the People screen with `person`'s panel open (from a name elsewhere, e.g. a role holder).
void open_person_panel(AppState& state, Id person);

}  // namespace grove::ui
