// The groups screen's view state (AppState::views.groups): the tree list, the open group's page,
// their dialogs, and the view models they draw from (recomputed on store revisions, never per frame).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "shell/cached.h"
#include "shell/screens/group_size_chart.h"
#include "shell/screens/group_upload.h"
#include "shell/screens/rule_editor_view.h"
#include "shell/screens/smart_members_view.h"
#include "shell/thumbnails.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

// The fields of the New group and Manage group dialogs.
struct GroupForm {
    std::uint64_t serial = 0;  // which opening of the dialog: a picked file arriving late checks it
    Id group = 0;              // 0: a new group
    std::string name;
    std::string description;
    std::optional<Id> parent;           // "Nest under"
    std::optional<Id> original_parent;  // where it was when the dialog opened
    std::string original_name;          // the name and description when the dialog opened (Manage)
    std::string original_description;
    std::string rostering_id;
    std::string partner_id;
    std::string original_rostering_id;
    std::string original_partner_id;
    std::vector<ExternalId> other_ids;  // IDs of other systems, saved back unchanged
    bool inherit = true;                // F32: staff of parent groups reach this group
    bool original_inherit = true;
    // The image as it will be saved: the group's current one, or the one just picked.
    std::optional<GroupImage> image;
    bool image_changed = false;
    std::string image_name;  // the picked file's name, or empty
    Texture preview;
    bool preview_made = false;  // decoded once; stays empty without a renderer
    std::string image_error;
    std::string error;  // the core's refusal
    bool focus_name = true;
};

// The confirmation of deleting one group, or the checked ones.
struct DeleteForm {
    std::vector<Id> groups;
    std::string name;         // of the one group, or "3 groups"
    int subgroup_count = 0;   // direct subgroups (of the one group, or of the checked ones together)
    std::string parent_name;  // where lifted subgroups go: a group's name or "the top level"
    SubgroupFate fate = SubgroupFate::kLiftThem;
    std::vector<std::string> descriptions;  // the core's plan_delete wording, for the chosen fate
    std::string totals;                     // with several groups: plan_delete_groups' totals for all of them
    std::string error;
    bool from_page = false;  // deleting the open group: back to the list afterwards
};

struct AddMembersForm {
    Id group = 0;
    std::string group_name;
    PersonSearch search;
    std::vector<std::pair<Id, std::string>> picked;  // people and their names, in the order picked
    std::vector<Id> picked_ids;
    std::size_t shown_chips = 0;  // chips drawn last frame: a new one is scrolled into view
    std::string emails;           // "Or invite by email": commas, spaces or new lines between them
    GroupRole role = GroupRole::kMember;
    // A smart group: members added by hand are pinned (F33), unless unchecked (then they must match the rule).
    bool smart = false;
    bool pin = true;
    std::string pin_reason;
    std::string error;
};

struct CopyForm {
    Id group = 0;
    std::string group_name;
    bool from_department = false;
    std::optional<Id> source_group;
    std::optional<Id> source_department;
    GroupRole role = GroupRole::kMember;
    bool change_roles = false;  // also give direct members in another role this one (ExistingRoles::kChange)
    std::string error;
    // The preview: what copying would do with the choices above, read again when a choice or the data moved.
    std::optional<CopyPlan> plan;
    std::string plan_error;
    std::uint64_t plan_stamp = std::numeric_limits<std::uint64_t>::max();
    std::string plan_key;
};

struct RemoveForm {
    Id group = 0;
    Id user = 0;
    std::string person;
    std::string group_name;
    std::string staff_note;  // for a group admin or mentor: the oversight they lose
    std::string error;
};

enum class GroupDialog { kNone, kNewGroup, kManage, kDelete, kAddMembers, kCopy, kRemovePerson };

// The open group's page, read at once: the group, where it sits, and its people.
struct GroupPageModel {
    Id id = 0;
    bool exists = false;
    Group group;
    std::vector<ExternalId> external_ids;
    std::vector<std::pair<Id, std::string>> ancestors;  // the top first
    std::vector<GroupPerson> people;
    std::vector<std::pair<Id, std::string>> subgroups;
    GroupCounts counts;  // counted as the rows and the membership report count (count_group_people)
};

struct GroupsView {
    // ---- The list ----
    Cached<std::vector<GroupRow>> tree;  // in pre-order, sorted as tree_sort
    GroupSort tree_sort = GroupSort::kNewest;
    GroupSort sort = GroupSort::kNewest;
    std::vector<int> parent_row;         // per row of tree: its parent's row, or -1
    std::unordered_map<Id, int> row_of;  // group ID -> row of tree
    std::uint64_t tree_version = 0;      // moves each time `tree` is read again (a change, a new sort)
    Cached<std::unordered_map<Id, std::int64_t>> image_stamps;  // groups with an image -> updated_at

    std::string filter;
    std::unordered_set<Id> collapsed;
    std::uint64_t collapsed_version = 0;
    std::set<Id> selected;

    // The rows drawn (indices into tree.value), recomputed only when one of these moved.
    std::vector<int> visible;
    std::vector<char> visible_match;  // per entry of `visible`: the row itself matches the filter
    int matches = 0;                  // rows matching the filter itself (their ancestors are shown too)
    std::uint64_t visible_tree_stamp = std::numeric_limits<std::uint64_t>::max();
    std::string visible_filter;
    std::uint64_t visible_collapsed = std::numeric_limits<std::uint64_t>::max();
    // The entry of `visible` whose name takes the keyboard focus when next drawn (Up or Down in the tree), or -1.
    int tree_focus_to = -1;

    // The Users column's people reached only through inherited staff (core: inherited_only_counts).
    Cached<std::unordered_map<Id, int>> inherited_counts;
    // The plan and the number of groups, for "4 of 5 groups on Essentials".
    Cached<std::pair<Plan, int>> plan_use;

    // "My groups": the acting person's own groups (direct memberships) and the groups above them, first for
    // members without org roles over groups; "All groups": the whole tree.
    bool mine_only = false;
    Id mine_actor = 0;  // whose groups `mine` holds and for whom mine_only was chosen
    Cached<std::unordered_set<Id>> mine;
    std::uint64_t mine_version = 0;  // moves each time `mine` is read again
    bool visible_mine = false;
    std::uint64_t visible_mine_version = std::numeric_limits<std::uint64_t>::max();

    Id menu_group = 0;  // whose "..." menu is open
    bool open_menu = false;
    PopupAnchor menu_anchor;  // the "..." button it hangs from
    Notice list_notice;

    // ---- The open group's page (screens/group_page.cpp) ----
    std::optional<Id> open_group;  // empty: the list
    Cached<GroupPageModel> page;
    std::string people_filter;
    std::vector<int> people_visible;
    std::uint64_t people_visible_stamp = std::numeric_limits<std::uint64_t>::max();
    std::string people_visible_filter;
    Id people_visible_group = 0;
    Id person_menu_user = 0;
    bool open_person_menu = false;
    PopupAnchor person_menu_anchor;
    Notice page_notice;
    Confirm confirm;         // before a demotion of staff (the person menu's role changes)
    SmartMembersView smart;  // a smart group's marks, pins and exclusions, "Why?" (screens/smart_members.cpp)
    // The size over time (screens/group_size_chart.cpp).
    GroupSizeChartView size;

    // ---- Dialogs (opened at the screen's level, one at a time) ----
    GroupDialog pending = GroupDialog::kNone;
    GroupForm form;
    DeleteForm del;
    AddMembersForm add;
    CopyForm copy;
    RemoveForm remove;
    GroupUploadForm upload;  // screens/group_upload.cpp
    RuleEditorView rule;     // screens/rule_editor.cpp: a group's rule, New smart group
    Cached<std::vector<DepartmentRow>> departments;

    Thumbnails thumbnails;
};

}  // namespace grove::ui
