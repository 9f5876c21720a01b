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

// The rows the search box and the status tab let through (indices into PeopleView::rows), and how
// many match the search in each tab. Recomputed only when the search, the tab or the rows changed.
struct PeopleFilter {
    std::vector<std::size_t> visible;
    std::array<int, kStatusTabCount> counts{};
    std::string query;
    StatusTab tab = StatusTab::kAll;
    std::uint64_t rows_stamp = std::numeric_limits<std::uint64_t>::max();
};

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
    std::string error;         // the core's message after "Save changes"
    Notice notice;             // "Saved."
    std::string status_error;  // after Deactivate / Reactivate
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

    std::string filter;  // the search box: name or email
    StatusTab tab = StatusTab::kAll;
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
