// Groups (F5–F8): creating, nesting, listing, editing, moving and deleting them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// A group's image may be this large; group_image_too_large() says so to the person who picked a larger one.
constexpr std::size_t kGroupImageMaxBytes = 2 * 1024 * 1024;
std::string group_image_too_large(std::size_t bytes);

struct NewGroup {
    std::string name;
    std::string description;
    std::optional<Id> parent_id;
    std::vector<ExternalId> external_ids;
    std::optional<GroupImage> image;
};

// Checks the plan's cap, the name, and the acting person's right to create it there.
Result<Group> create_group(Store& store, Id actor, const NewGroup& group);
// create_group's work inside a command already running (a smart group is created with its rule as one command).
Result<Group> create_group_within(Store& store, Id actor, const NewGroup& group);

struct GroupEdit {
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::vector<ExternalId>> external_ids;  // replaces all of them
    std::optional<GroupImage> image;                      // an empty image clears it
    std::optional<bool> inherit;                          // F32: staff of the ancestors reach this group
};
Result<Group> edit_group(Store& store, Id actor, Id group, const GroupEdit& edit);

// Nests `group` under `new_parent`, or makes it top-level when empty. A cycle is refused.
Result<void> move_group(Store& store, Id actor, Id group, std::optional<Id> new_parent);

// The Manage group form saved at once: `edit` and a move under `new_parent` (empty: the top level; the
// current parent: no move), each authorised as edit_group and move_group do, in one transaction with
// one audit entry saying everything that changed. Either part refused: nothing changes.
Result<Group> save_group(Store& store, Id actor, Id group, const GroupEdit& edit, std::optional<Id> new_parent);

enum class SubgroupFate { kDeleteThem, kLiftThem };
struct DeletePlan {
    std::vector<Id> deleted;  // the group and, with kDeleteThem, every group below it
    std::vector<Id> lifted;   // with kLiftThem: its direct subgroups, which move up to its parent
    int subgroups_lifted = 0;
    int memberships_removed = 0;
    std::string lifted_to;  // the parent's name, or "the top level"
    // For the confirmation dialog: "Deleting Grade 9 removes 31 memberships; its 2 subgroups move to ..."
    std::string description;
};
// What deleting would do, without doing it.
Result<DeletePlan> plan_delete(Store& store, Id group, SubgroupFate fate);
Result<DeletePlan> delete_group(Store& store, Id actor, Id group, SubgroupFate fate);

// What deleting several groups would do, in all (each group counted once, also when one is inside another).
struct GroupsDeletePlan {
    int groups = 0;               // the chosen groups
    int subgroups_deleted = 0;    // with kDeleteThem: the groups below them that go with them
    int subgroups_lifted = 0;     // with kLiftThem: the subgroups nobody chose, which move up
    int memberships_removed = 0;  // every membership of every group that goes
    // For the confirmation dialog: "In all, deleting these 50 groups removes 431 memberships; 7 subgroups ..."
    std::string description;
};
Result<GroupsDeletePlan> plan_delete_groups(Store& store, const std::vector<Id>& groups, SubgroupFate fate);

struct GroupsDeleted {
    std::vector<Id> deleted;         // every group gone: the chosen ones and, with kDeleteThem, those below them
    std::vector<std::string> names;  // of the chosen groups, in the order given
};
// Deletes the chosen groups as one command with one audit entry: all of them, or (the first refusal,
// naming its group) none. A group chosen together with one of its ancestors is deleted once.
Result<GroupsDeleted> delete_groups(Store& store, Id actor, const std::vector<Id>& groups, SubgroupFate fate);

enum class GroupSort { kNewest, kTitle };
struct GroupRow {
    Id id = 0;
    std::string name;
    std::string slug;
    std::string description;
    std::optional<Id> parent_id;
    int depth = 0;
    int user_count = 0;   // people with a direct membership
    int child_count = 0;  // direct subgroups
    bool inherit = true;
    bool has_image = false;
    std::int64_t created_at = 0;
};
// The whole tree in pre-order; siblings newest first, or by title in natural order (F7, F36).
std::vector<GroupRow> group_tree(Store& store, GroupSort sort);

std::vector<ExternalId> external_ids(Store& store, Id group);
std::optional<GroupImage> group_image(Store& store, Id group);
// Every group that has an image -> its updated_at (which moves whenever the image is set or removed):
// lets an interface keep decoded thumbnails until they change.
std::unordered_map<Id, std::int64_t> group_image_stamps(Store& store);

}  // namespace grove
