// The permission matrix as data, and its Markdown rendering for docs/permissions.md.
#include "core/access/permissions.h"

#include <cassert>

namespace grove {

const std::vector<PermDef>& all_perms() {
    static const std::vector<PermDef> kPerms = {
        {kPermOrgSettings, "org.settings",
         "Change the organisation's name, plan, additional fields and passphrase lock",
         "change the organisation's settings"},
        {kPermManageUsers, "users.manage", "Add and edit people, activate and deactivate them", "add and edit people"},
        {kPermDepartments, "departments.manage", "Create, rename, move and delete departments", "change departments"},
        {kPermGrantRoles, "roles.grant", "Grant and revoke org roles, never beyond one's own power", "grant roles"},
        {kPermDefineRoles, "roles.define", "Define custom roles, never beyond one's own power", "define roles"},
        {kPermCreateGroups, "groups.create", "Create groups anywhere in the tree", "create groups"},
        {kPermEditGroups, "groups.edit", "Edit, nest and move any group", "edit groups"},
        {kPermDeleteGroups, "groups.delete", "Delete any group", "delete groups"},
        {kPermGroupPeople, "groups.people", "Add, remove and change the role of people in any group",
         "manage the people of groups"},
        {kPermReports, "reports.view", "Download the group and membership reports", "download reports"},
        {kPermAudit, "audit.view", "Read and export the audit log", "read the audit log"},
        {kPermCourses, "courses.manage",
         "Create and change courses and their steps, enrol people, record their progress, review anyone's work",
         "manage courses"},
    };
    return kPerms;
}

std::optional<Perm> parse_perm(std::string_view key) {
    for (const auto& def : all_perms())
        if (key == def.key) return def.perm;
    return std::nullopt;
}

std::string perm_keys(PermSet set) {
    std::string out;
    for (const auto& def : all_perms()) {
        if (!(set & def.perm)) continue;
        if (!out.empty()) out += ", ";
        out += def.key;
    }
    return out;
}

const std::vector<OrgRoleDef>& builtin_org_roles() {
    static const std::vector<OrgRoleDef> kRoles = {
        {OrgRole::kOwner, "owner", "Owner", kAllPerms, false,
         "Everything. Created with the organisation; cannot be granted or revoked."},
        {OrgRole::kAdmin, "admin", "Admin", kAllPerms, false, "Everything except being the owner."},
        {OrgRole::kOrgGroupManager, "org-group-manager", "Org Group Manager",
         kPermCreateGroups | kPermEditGroups | kPermDeleteGroups | kPermGroupPeople, false,
         "Creates, edits and deletes groups and manages their people."},
        {OrgRole::kGroupUserManager, "group-user-manager", "Group User Manager", kPermGroupPeople, false,
         "Manages the people of groups that exist; cannot create, edit or delete groups."},
        {OrgRole::kDepartmentAdmin, "department-admin", "Department Admin",
         kPermManageUsers | kPermCreateGroups | kPermGroupPeople, true,
         "Adds and edits the people of one department subtree, creates groups, and places those people "
         "in groups."},
    };
    return kRoles;
}

const OrgRoleDef& org_role_def(OrgRole role) {
    for (const auto& def : builtin_org_roles())
        if (def.role == role) return def;
    static const OrgRoleDef kCustom{
        OrgRole::kCustom, "custom", "Custom role", 0, false, "A named set of permissions defined by the organisation."};
    return kCustom;
}

std::optional<OrgRole> parse_org_role(std::string_view key) {
    for (const auto& def : builtin_org_roles())
        if (key == def.key) return def.role;
    return std::nullopt;
}

const std::vector<CmdDef>& all_cmds() {
    static const std::vector<CmdDef> kCmds = {
        {Cmd::kOrgSettings, "org.settings", kPermOrgSettings, GroupPath::kNone, "change the organisation settings",
         "Rename the organisation or change its plan, or set, change or clear the passphrase lock of org roles."},
        {Cmd::kFieldAdd, "field.add", kPermOrgSettings, GroupPath::kNone, "define additional fields",
         "Define an additional field."},
        {Cmd::kFieldRename, "field.rename", kPermOrgSettings, GroupPath::kNone, "rename additional fields",
         "Rename an additional field."},
        {Cmd::kFieldChoices, "field.choices", kPermOrgSettings, GroupPath::kNone,
         "change the choices of additional fields",
         "Change a choice field's choices, mapping the values people hold that are no longer among them."},
        {Cmd::kFieldDelete, "field.delete", kPermOrgSettings, GroupPath::kNone, "delete additional fields",
         "Delete an additional field (with the values people hold, when asked); refused while a smart group's "
         "rule reads it."},
        {Cmd::kUserAdd, "user.add", kPermManageUsers, GroupPath::kNone, "add people",
         "A scoped holder adds people only into its department subtree."},
        {Cmd::kUserEdit, "user.edit", kPermManageUsers, GroupPath::kNone, "edit this person",
         "Edit, move, activate or deactivate a person: a scoped holder only within its subtree (before and "
         "after), and nobody may edit a person who holds power the editor does not hold."},
        {Cmd::kDepartmentChange, "department.change", kPermDepartments, GroupPath::kNone, "change departments",
         "Create, rename, move or delete a department."},
        {Cmd::kRoleDefine, "role.define", kPermDefineRoles, GroupPath::kNone, "define custom roles",
         "Define a custom role; every permission in it must be held org-wide by the definer."},
        {Cmd::kRoleRename, "role.rename", kPermDefineRoles, GroupPath::kNone, "rename custom roles",
         "Rename a custom role; built-in roles keep their names."},
        {Cmd::kRoleEdit, "role.edit", kPermDefineRoles, GroupPath::kNone, "change custom roles",
         "Change a custom role's permissions; every permission added must be held org-wide by the editor "
         "(removing needs no more). The change reaches everyone holding the role at once."},
        {Cmd::kRoleDelete, "role.delete", kPermDefineRoles, GroupPath::kNone, "delete custom roles",
         "Delete a custom role. One still held is refused, unless its grants are revoked with it: that also "
         "needs revoking the role from each holder (`role.revoke`, the same power rule)."},
        {Cmd::kRoleGrant, "role.grant", kPermGrantRoles, GroupPath::kNone, "grant this role",
         "Grant an org role; the granter must hold every permission of the role over at least its scope. "
         "Owner cannot be granted."},
        {Cmd::kRoleRevoke, "role.revoke", kPermGrantRoles, GroupPath::kNone, "revoke this role",
         "Revoke an org role; the same power rule as granting. Owner cannot be revoked."},
        {Cmd::kGroupCreate, "group.create", kPermCreateGroups, GroupPath::kAdminOfParent, "create a group here",
         "Create a group; a group admin may create groups nested under a group they administer."},
        {Cmd::kGroupEdit, "group.edit", kPermEditGroups, GroupPath::kAdminOfGroup, "edit this group",
         "Edit name, description, image, external IDs and the inheritance switch."},
        {Cmd::kGroupMove, "group.move", kPermEditGroups, GroupPath::kAdminOfBoth, "move this group there",
         "Nest a group under another or make it top-level; a group admin may move a subgroup of a group "
         "they administer under another group they administer. Cycles are refused."},
        {Cmd::kGroupDelete, "group.delete", kPermDeleteGroups, GroupPath::kAdminOfParent, "delete this group",
         "Delete a group (its subgroups deleted too or lifted to its parent); a group admin may delete "
         "subgroups of a group they administer, and every group deleted must be one they administer."},
        {Cmd::kMemberAdd, "member.add", kPermGroupPeople, GroupPath::kAdminOfGroupAndPerson,
         "add this person to the group",
         "Add a person to a group in a role; a scoped holder only people of its subtree; a group admin "
         "only people who already belong to a group that admin manages."},
        {Cmd::kMemberInvite, "member.invite", kPermGroupPeople | kPermManageUsers, GroupPath::kNone,
         "invite new people by email",
         "Add an email with no person behind it: creates an invitation. Needs either permission org-wide "
         "(not scoped)."},
        {Cmd::kMemberRole, "member.role", kPermGroupPeople, GroupPath::kAdminOfGroupAndPerson,
         "change roles in this group", "Promote or demote a person within a group; same rule as adding."},
        {Cmd::kMemberRemove, "member.remove", kPermGroupPeople, GroupPath::kAdminOfGroup,
         "remove people from this group", "Remove a person from a group; a scoped holder only people of its subtree."},
        {Cmd::kRuleSet, "group.rule", kPermGroupPeople, GroupPath::kNone, "set this group's rule",
         "Give a group a rule, change, copy or clear it (F12). A rule may reach anyone, so it needs adding "
         "people to any group org-wide (not scoped)."},
        {Cmd::kRulePin, "group.pin", kPermGroupPeople, GroupPath::kAdminOfGroupAndPerson,
         "pin this person in the group",
         "Pin a person in a smart group (always in) or lift the pin; the same rule as adding a member."},
        {Cmd::kRuleExclude, "group.exclude", kPermGroupPeople, GroupPath::kAdminOfGroup,
         "exclude people from this group",
         "Exclude a person from a smart group (never in) or lift the exclusion; the same rule as removing."},
        {Cmd::kInvitationAccept, "invitation.accept", 0, GroupPath::kSelf, "accept this invitation",
         "Only the invited person accepts their own invitation."},
        {Cmd::kAuditView, "audit.view", kPermAudit, GroupPath::kNone, "read the audit log",
         "Read or export the audit log."},
        {Cmd::kReportView, "report.view", kPermReports, GroupPath::kNone, "download reports",
         "Download the group and membership reports."},
        {Cmd::kGroupExport, "group.export", kPermReports, GroupPath::kAdminOfGroup, "export this group's users",
         "Download a group's users as CSV: report viewers, or a group admin of the group."},
        {Cmd::kOrgExport, "org.export", kPermReports, GroupPath::kNone, "export the organisation",
         "Export the whole organisation as a Grove JSON file."},
        {Cmd::kOrgImport, "org.import", kPermOrgSettings, GroupPath::kNone,
         "import a Grove file into this organisation",
         "Merge another planner's Grove JSON file: needs the power of an Admin (every permission, org-wide)."},
        {Cmd::kCourseManage, "course.manage", kPermCourses, GroupPath::kNone, "manage courses",
         "Create, edit and delete courses; add, edit, reorder and remove their steps."},
        {Cmd::kCourseEnrol, "course.enrol", kPermCourses, GroupPath::kLearner, "enrol this person",
         "Enrol a person in a course: course managers enrol anyone; a person enrols themselves."},
        {Cmd::kStepComplete, "step.complete", kPermCourses, GroupPath::kLearner, "complete steps for this person",
         "Complete a step or submit an answer: the learner themselves, enrolled in the course; course managers "
         "record completions brought in from an LMS (grove import progress)."},
        {Cmd::kDiscussPost, "discuss.post", 0, GroupPath::kLearner, "post for this person",
         "Post in a step's discussion, as oneself: a person enrolled in the course, or a course manager."},
        {Cmd::kReviewGive, "review.give", kPermCourses, GroupPath::kOverseer, "review this work",
         "Review a submission (points and feedback): the mentors and group admins who oversee the member, "
         "inherited oversight included, or a course manager (Owner, Admin). Nobody reviews their own work."},
        {Cmd::kWorkView, "work.view", kPermCourses, GroupPath::kOverseer, "see this person's work",
         "See a person's activity, answers and review queue: the person themselves, the mentors and group "
         "admins who oversee them, or a course manager."},
        {Cmd::kUndo, "change.undo", 0, GroupPath::kLearner, "undo this person's changes",
         "Undo or redo one's own latest change (an active account); the rule of the command that made the change "
         "is asked again, so a person undoes only what they may still do."},
        {Cmd::kDigestChoose, "digest.choose", 0, GroupPath::kLearner, "choose this person's digest",
         "Turn one's own weekly digest on or off for a group one mentors or manages."},
    };
    return kCmds;
}

const CmdDef& cmd_def(Cmd cmd) {
    for (const auto& def : all_cmds())
        if (def.cmd == cmd) return def;
    assert(false && "every Cmd has a row in all_cmds()");
    return all_cmds().front();
}

std::string who_may(Cmd cmd) {
    const CmdDef& def = cmd_def(cmd);
    if (def.path == GroupPath::kSelf) return "Only the invited person can accept their invitation.";
    std::vector<std::string> who;
    for (const auto& r : builtin_org_roles()) {
        const PermSet held = r.perms & def.needs;
        if (!held) continue;
        if (r.scoped && !(held & ~kScopedPerms)) {
            // Held only over a department subtree: enough for the people there, never for invitations.
            if (cmd == Cmd::kMemberInvite || cmd == Cmd::kRuleSet) continue;
            who.push_back(std::string(r.name) + " (for the people of their departments)");
        } else {
            who.push_back(r.name);
        }
    }
    switch (def.path) {
        case GroupPath::kAdminOfParent: who.push_back("a group admin of the parent group"); break;
        case GroupPath::kAdminOfGroup: who.push_back("a group admin of the group"); break;
        case GroupPath::kAdminOfBoth: who.push_back("a group admin of both the current and the new parent"); break;
        case GroupPath::kAdminOfGroupAndPerson:
            who.push_back("a group admin of the group (for people already in a group they manage)");
            break;
        case GroupPath::kLearner: who.push_back("the person themselves"); break;
        case GroupPath::kOverseer: who.push_back("a mentor or group admin who oversees the person"); break;
        case GroupPath::kNone:
        case GroupPath::kSelf: break;
    }
    if (who.empty()) return "Nobody can do this.";
    std::string abilities;
    int count = 0;
    for (const auto& p : all_perms()) {
        if (!(def.needs & p.perm)) continue;
        abilities += std::string(count++ ? " or " : "") + p.ability;
    }
    std::string out = count ? "Only people who can " + abilities + " can do this: " : "Only these can do this: ";
    for (std::size_t i = 0; i < who.size(); ++i) {
        if (i > 0) out += i + 1 == who.size() ? (who.size() > 2 ? ", or " : " or ") : ", ";
        out += who[i];
    }
    return out + ".";
}

namespace {

const char* path_text(GroupPath path) {
    switch (path) {
        case GroupPath::kNone: return "—";
        case GroupPath::kAdminOfParent: return "group admin of the parent group";
        case GroupPath::kAdminOfGroup: return "group admin of the group";
        case GroupPath::kAdminOfBoth: return "group admin of the current and the new parent";
        case GroupPath::kAdminOfGroupAndPerson:
            return "group admin of the group, person already in a group they manage";
        case GroupPath::kSelf: return "the invited person";
        case GroupPath::kLearner: return "the person themselves";
        case GroupPath::kOverseer: return "a mentor or group admin overseeing the person (never their own work)";
    }
    return "";
}

}  // namespace

std::string permission_matrix_markdown() {
    std::string md;
    md += "# Grove permission matrix\n\n";
    md +=
        "Generated from `core/access/permissions.cpp` by `grove help permissions`; a test keeps this file equal "
        "to that output.\n\n";
    md +=
        "Every command names the acting person. It is allowed when the person is active and either holds "
        "one of the command's org permissions through an org role (scoped roles only over the people of "
        "their department subtree), or takes the group path shown. Reads (lists of groups, people, a "
        "group's people) are open to every active person.\n\n";
    md += "## Permissions\n\n| permission | what it allows |\n|---|---|\n";
    for (const auto& p : all_perms()) md += std::string("| `") + p.key + "` | " + p.summary + " |\n";

    md += "\n## Org roles × permissions\n\n| role |";
    for (const auto& p : all_perms()) md += std::string(" `") + p.key + "` |";
    md += "\n|---|";
    for (size_t i = 0; i < all_perms().size(); ++i) md += "---|";
    md += "\n";
    for (const auto& r : builtin_org_roles()) {
        md += std::string("| ") + r.name + " (`" + r.key + "`) |";
        for (const auto& p : all_perms()) {
            if (!(r.perms & p.perm))
                md += " |";
            else if (r.scoped && (p.perm & kScopedPerms))
                md += " subtree |";
            else
                md += " yes |";
        }
        md += "\n";
    }
    md += "| Custom role | the permissions it is defined with, org-wide |\n";
    md += "\nRole descriptions:\n\n";
    for (const auto& r : builtin_org_roles()) md += std::string("- **") + r.name + "**: " + r.summary + "\n";

    md += "\n## Group roles\n\n";
    md +=
        "- **Group admin** (leader): edits the group, creates and deletes subgroups under it, adds people "
        "as admins, mentors or members only if they already belong to a group that admin manages, "
        "changes their roles and removes them. Not notified of reviews, may review.\n";
    md += "- **Mentor**: sees the members' progress and reviews their work; manages nobody.\n";
    md += "- **Member**: belongs to the group; manages nobody.\n\n";
    md +=
        "Staff roles (mentor, group admin) reach the members of every subgroup below, unless a subgroup "
        "turns inheritance off (then nothing above reaches it or anything below it).\n";

    md += "\n## Commands\n\n| command | org permission (any of) | group path | rule |\n|---|---|---|---|\n";
    for (const auto& c : all_cmds()) {
        std::string needs = c.needs ? perm_keys(c.needs) : "—";
        md += std::string("| `") + c.key + "` | " + needs + " | " + path_text(c.path) + " | " + c.rule + " |\n";
    }
    md += "\n## No escalation\n\n";
    md +=
        "Nobody can grant a role, define a custom role, or edit a person, that would give more power than "
        "the acting person holds: every permission of the role must be held by the actor org-wide, or, "
        "for a scoped role, over a department subtree containing the role's department. The Owner role "
        "is never granted. Group admins add only people who already belong to a group they manage.\n";
    md +=
        "\nChanging a custom role's permissions follows the same rule: every permission added must be held by "
        "the editor org-wide; removing permissions needs nothing more. The change reaches everyone holding the "
        "role at once, so the app and the command line name them. The Owner role is built in and holds every "
        "permission whatever happens to custom roles, so no edit or deletion can leave the organisation "
        "without someone able to administer it.\n";
    md += "\n## Roles of a deleted department\n\n";
    md +=
        "Nobody loses a role silently. Deleting a department moves each role scoped to it (Department Admin) "
        "up to its parent department, with its people and sub-departments: the same person, the same role. "
        "When the person already holds that role over the parent or above it, the moved role is dropped as a "
        "duplicate. A top-level department has nowhere to pass its roles: while roles are scoped to it, its "
        "deletion is refused, naming each person, until the roles are revoked or moved. Moving a role up gives "
        "power over the parent's whole subtree, so the deletion is refused unless the acting person could grant "
        "that role over the parent. The confirmation says beforehand which roles move, and the deletion is one "
        "audit entry naming each role affected.\n";
    return md;
}

}  // namespace grove
