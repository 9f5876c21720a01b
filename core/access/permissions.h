// The permission matrix, kept as data: permissions, the org roles that carry them, and the commands
// that need them. docs/permissions.md is generated from these tables (`grove help permissions`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove {

// One bit per permission an org role can carry.
enum Perm : std::uint32_t {
    kPermOrgSettings = 1u << 0,   // organisation name, plan, additional field definitions
    kPermManageUsers = 1u << 1,   // add and edit people, (de)activate them
    kPermDepartments = 1u << 2,   // create, rename, move and delete departments
    kPermGrantRoles = 1u << 3,    // grant and revoke org roles (never beyond one's own power)
    kPermDefineRoles = 1u << 4,   // define custom roles (never beyond one's own power)
    kPermCreateGroups = 1u << 5,  // create groups anywhere
    kPermEditGroups = 1u << 6,    // edit, nest and move any group
    kPermDeleteGroups = 1u << 7,  // delete any group
    kPermGroupPeople = 1u << 8,   // add, remove and change the role of people in any group
    kPermReports = 1u << 9,       // download the group and membership reports
    kPermAudit = 1u << 10,        // read and export the audit log
    kPermCourses = 1u << 11,      // courses and their steps, enrolments, recorded progress, reviewing anyone's work
};
using PermSet = std::uint32_t;
constexpr PermSet kAllPerms = (1u << 12) - 1;

struct PermDef {
    Perm perm;
    const char* key;      // "groups.create"
    const char* summary;  // for people
    const char* ability;  // "create groups": completes "Only people who can ... can do this"
};
const std::vector<PermDef>& all_perms();
std::optional<Perm> parse_perm(std::string_view key);
std::string perm_keys(PermSet set);  // "groups.create, groups.edit"

enum class OrgRole { kOwner, kAdmin, kOrgGroupManager, kGroupUserManager, kDepartmentAdmin, kCustom };

struct OrgRoleDef {
    OrgRole role;
    const char* key;   // "org-group-manager"
    const char* name;  // "Org Group Manager"
    PermSet perms;
    // Scoped roles hold their people-related permissions only over the users of one department
    // subtree: kPermManageUsers and kPermGroupPeople apply to those users only.
    bool scoped;
    const char* summary;
};
const std::vector<OrgRoleDef>& builtin_org_roles();
const OrgRoleDef& org_role_def(OrgRole role);
std::optional<OrgRole> parse_org_role(std::string_view key);  // builtin keys only
// Permissions that a scoped role holds only within its department subtree.
constexpr PermSet kScopedPerms = kPermManageUsers | kPermGroupPeople;

// Every command the core runs, with what it needs. Reads (lists, a group's people) are open to every
// active person; each command below is checked against the acting person's roles.
enum class Cmd {
    kOrgSettings,
    kFieldAdd,
    kFieldRename,
    kFieldChoices,
    kFieldDelete,
    kUserAdd,
    kUserEdit,
    kDepartmentChange,
    kRoleDefine,
    kRoleRename,
    kRoleEdit,
    kRoleDelete,
    kRoleGrant,
    kRoleRevoke,
    kGroupCreate,
    kGroupEdit,
    kGroupMove,
    kGroupDelete,
    kMemberAdd,
    kMemberInvite,
    kMemberRole,
    kMemberRemove,
    kInvitationAccept,
    kAuditView,
    kReportView,
    kGroupExport,
    kOrgExport,
    kOrgImport,
    kCourseManage,
    kCourseEnrol,
    kStepComplete,
    kDiscussPost,
    kReviewGive,
    kWorkView,
    kDigestChoose,
    kRuleSet,
    kRulePin,
    kRuleExclude,
    kUndo,
};

// The ways a command may be allowed besides the org permission.
enum class GroupPath {
    kNone,                   // only the org permission
    kAdminOfParent,          // a group admin of the parent group (nested creation, deleting a subgroup)
    kAdminOfGroup,           // a group admin of the group itself (direct or inherited)
    kAdminOfBoth,            // a group admin of the group's current parent and of the new parent (moves)
    kAdminOfGroupAndPerson,  // a group admin of the group, for a person already in a group they manage
    kSelf,                   // the person the command is about (accepting one's own invitation)
    kLearner,                // the person the command is about, acting for themselves (an active account)
    kOverseer,               // a mentor or group admin who oversees the person (F32), never of their own work
};

struct CmdDef {
    Cmd cmd;
    const char* key;  // "group.create"
    PermSet needs;    // any one of these org permissions allows it (0: no org permission does)
    GroupPath path;
    const char* doing;  // "create a group": completes "Ada Lovelace may not ..."
    const char* rule;   // the rule in words, for docs/permissions.md
};
const std::vector<CmdDef>& all_cmds();
const CmdDef& cmd_def(Cmd cmd);

// Who may run the command, in words, from the tables above (for refusals): "Only people who can create
// groups can do this: Owner, Admin, Org Group Manager, Department Admin, or a group admin of the parent
// group." The roles are the built-in ones carrying one of its permissions (a custom role may carry it too).
std::string who_may(Cmd cmd);

// The matrix as Markdown: org roles x permissions, commands x rules. Written to docs/permissions.md.
std::string permission_matrix_markdown();

}  // namespace grove
