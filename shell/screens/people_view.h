// The people screen's view state (AppState::views.people): the list, its filter, the open person's
// panel and the Add person dialog.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
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

// What a search needs of a row without touching it: which letters (and digits) and which pairs of adjacent
// bytes its folded search key holds, as bits. A row can contain a needle only if it holds all of the
// needle's; a needle of one letter or digit is decided by the letters alone. Kept as two arrays, so that the
// first letter of a search, and counting the tabs, read 16 bytes a row rather than 80 (at 100,000 people,
// 1.6 MB instead of 8: what the first keystroke costs is mostly reading memory).
struct RowBits {
    std::uint64_t letters = 0;
    UserStatus status = UserStatus::kActive;  // the row's, for counting the tabs without touching the row
};
struct PairBits {
    std::uint64_t words[8] = {};  // 512 buckets: a 40-letter key sets few, so a pair rules out most rows
};

// The organisation's people as the People screen lists them, kept across changes: each row in a slot that
// never moves (a free slot has id 0) and the used slots in name order (people_row_before). A change is read
// from the store's log of whose rows changed (people_changes_since) and patched in: the rows of the people it
// touched read again, their slots rewritten and put in place; only the first read, or a change of very many
// people, reads everyone.
struct PeopleRows {
    std::vector<PersonRow> slots;
    std::vector<RowBits> bits;    // per slot
    std::vector<PairBits> pairs;  // per slot
    // Every used slot's search key, one after another in one buffer (the rows' own strings lie all over the heap,
    // and a search of two letters or more reads tens of thousands of them), with each slot's place in it. A key
    // replaced or removed leaves its bytes behind until they are half the buffer, which is then written anew.
    std::string keys;
    struct KeySpan {
        std::uint32_t at = 0, size = 0;
    };
    std::vector<KeySpan> key_spans;    // per slot
    std::size_t keys_unused = 0;       // bytes of `keys` no slot refers to
    std::vector<std::uint32_t> order;  // the used slots in name order
    std::vector<std::uint32_t> free;
    std::unordered_map<Id, std::uint32_t> slot_of;
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();  // the store's revision they follow
    std::uint64_t mark = 0;                                           // in the store's log of changes
    std::uint64_t version = 0;                                        // moves with every change applied
    // The last change applied (from version - 1): every row it replaced or removed, as it was, with its slot,
    // and the slots it wrote; or `reloaded` when it read every row.
    std::vector<std::pair<std::uint32_t, PersonRow>> before;
    std::vector<std::uint32_t> after;
    bool reloaded = true;

    const PersonRow& operator[](std::uint32_t slot) const { return slots[slot]; }
    std::size_t size() const { return order.size(); }
    bool empty() const { return order.empty(); }
};

// The rows the filters and the status tab let through (slots of PeopleRows) in the order of the sort, and how
// many pass the filters in each tab. Follows the rows' changes by patching (the rows a change touched taken
// out and put back where they now belong), and the search as it is typed by narrowing: a query that extends
// the last one searches only the rows that matched it, and erasing letters finds earlier results again.
struct PeopleFilter {
    std::vector<std::uint32_t> matched;  // the slots passing the filters (whatever the tab), in name order
    std::vector<std::uint32_t> visible;
    std::array<int, kStatusTabCount> counts{};
    PeopleFilters filters;
    std::string needle;  // the query folded and trimmed, as matched was searched
    StatusTab tab = StatusTab::kAll;
    PeopleSort sort;
    std::uint64_t rows_version = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t tree_stamp = std::numeric_limits<std::uint64_t>::max();  // the department tree's
    // Earlier results of this search, shortest query first, for the same rows and other filters.
    struct Earlier {
        std::string needle;
        std::vector<std::uint32_t> matched;
    };
    std::vector<Earlier> earlier;
    // Per column, each slot's place in that column's order (equal values share one; kUnranked for an empty
    // cell or a free slot, which stays last both ways), computed for `ranks_version` when first sorted by.
    std::array<std::vector<std::uint32_t>, kPeopleColumnCount> ranks;
    std::array<std::uint64_t, kPeopleColumnCount> ranks_version = [] {
        std::array<std::uint64_t, kPeopleColumnCount> versions;
        versions.fill(std::numeric_limits<std::uint64_t>::max());
        return versions;
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
    PeopleRows rows;
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

// The People screen's rows, brought up to date with the store (patched from what changed since).
const PeopleRows& cached_people_rows(AppState& state);
// Shows the People screen with `person`'s panel open (from a name elsewhere, e.g. a role holder).
void open_person_panel(AppState& state, Id person);

}  // namespace grove::ui
