// Group commands and the group tree.
#include "core/org/groups.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/org/oversight.h"
#include "core/rules/rules_internal.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kImageStamps = "SELECT id, updated_at FROM groups WHERE image IS NOT NULL";
constexpr const char* kInsertGroup =
    "INSERT INTO groups (uid, name, slug, description, parent_id, image_mime, image, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSlugTaken = "SELECT 1 FROM groups WHERE slug = ?";
constexpr const char* kUpdateGroup =
    "UPDATE groups SET name = ?, description = ?, inherit = ?, updated_at = ? WHERE id = ?";
constexpr const char* kUpdateImage = "UPDATE groups SET image_mime = ?, image = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSetParent = "UPDATE groups SET parent_id = ?, updated_at = ? WHERE id = ?";
constexpr const char* kLiftChildren = "UPDATE groups SET parent_id = ?, updated_at = ? WHERE parent_id = ?";
constexpr const char* kDeleteGroup = "DELETE FROM groups WHERE id = ?";
constexpr const char* kMemberCount = "SELECT member_count FROM groups WHERE id = ?";
constexpr const char* kChildren = "SELECT id FROM groups WHERE parent_id = ? ORDER BY id";
constexpr const char* kInsertExternal = "INSERT INTO group_external_ids (group_id, system, value) VALUES (?, ?, ?)";
constexpr const char* kDeleteExternal = "DELETE FROM group_external_ids WHERE group_id = ?";
constexpr const char* kExternalOf = "SELECT system, value FROM group_external_ids WHERE group_id = ? ORDER BY system";
constexpr const char* kImageOf = "SELECT image_mime, image FROM groups WHERE id = ? AND image IS NOT NULL";
constexpr const char* kTree =
    "SELECT id, name, slug, description, parent_id, member_count, inherit, image IS NOT NULL, created_at "
    "FROM groups";

std::string unique_slug(Store& store, const std::string& name) {
    std::string base = slugify(name, "group");
    std::string slug = base;
    for (int n = 2;; ++n) {
        auto s = store.db().prepare(kSlugTaken);
        s->bind(1, slug);
        if (!s->step()) return slug;
        slug = base + "-" + std::to_string(n);
    }
}

Result<std::vector<ExternalId>> clean_external_ids(const std::vector<ExternalId>& raw) {
    std::vector<ExternalId> out;
    for (const auto& e : raw) {
        ExternalId clean{trim(e.system), trim(e.value)};
        if (clean.value.empty()) continue;
        if (clean.system.empty()) return bad_value("An external ID needs the name of its system, e.g. rostering.");
        if (auto e = one_line_error("external ID's system", clean.system)) return bad_value(*e);
        if (auto e = one_line_error(clean.system + " ID", clean.value)) return bad_value(*e);
        for (const auto& seen : out)
            if (fold(seen.system) == fold(clean.system)) {
                return duplicate("Two external IDs are given for " + clean.system + ".");
            }
        out.push_back(std::move(clean));
    }
    return out;
}

Result<void> check_image(const GroupImage& image) {
    if (image.bytes.size() > kGroupImageMaxBytes) return bad_value(group_image_too_large(image.bytes.size()));
    if (!image.bytes.empty() && image.mime.rfind("image/", 0) != 0) {
        return bad_value("The picture must be an image (PNG, JPEG, GIF or WebP).");
    }
    return {};
}

void write_external_ids(Store& store, Id group, const std::vector<ExternalId>& ids) {
    store.db().prepare(kDeleteExternal)->bind_all(group).run();
    for (const auto& e : ids) store.db().prepare(kInsertExternal)->bind_all(group, e.system, e.value).run();
}

int member_count(Store& store, Id group) {
    auto s = store.db().prepare(kMemberCount);
    s->bind(1, group);
    return s->step() ? static_cast<int>(s->col_int(0)) : 0;
}

std::vector<Id> children_of(Store& store, Id group) {
    std::vector<Id> out;
    auto s = store.db().prepare(kChildren);
    s->bind(1, group);
    while (s->step()) out.push_back(s->col_int(0));
    return out;
}

// A value as the audit shows it in "from A to B".
std::string shown(const std::string& value) { return value.empty() ? std::string("(none)") : value; }

// A long text (a description) quoted and cut short for the audit.
std::string quoted(const std::string& text) {
    if (text.empty()) return "(none)";
    constexpr std::size_t kMax = 80;
    if (text.size() <= kMax) return "\"" + text + "\"";
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 letter
    return "\"" + text.substr(0, cut) + "…\"";
}

// "A", "A and B", "A, B and C".
std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

// "2 subgroups (Grade 9, Class 9A)".
std::string counted_names(const std::vector<std::string>& names, const char* one, const char* many) {
    std::string out = counted(static_cast<int>(names.size()), one, many) + " (";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + ")";
}

// An edit's values that need no database, checked before its transaction starts.
struct CheckedEdit {
    std::optional<std::vector<ExternalId>> external_ids;  // cleaned
};

Result<CheckedEdit> check_edit(const GroupEdit& edit) {
    CheckedEdit checked;
    if (edit.external_ids) {
        GROVE_LET(cleaned, clean_external_ids(*edit.external_ids));
        checked.external_ids = std::move(*cleaned);
    }
    if (edit.image) GROVE_TRY(check_image(*edit.image));
    return checked;
}

// Writes `edit` over `before` inside the running transaction; returns what changed, in words for the audit.
Result<std::vector<std::string>> write_edit(Store& store, const Group& before, const GroupEdit& edit,
                                            const CheckedEdit& checked) {
    Group after = before;
    if (edit.name) {
        after.name = clean_name(*edit.name);
        if (after.name.empty()) return bad_value("A group needs a name.");
        if (auto e = one_line_error("group's name", after.name)) return bad_value(*e);
    }
    if (edit.description) after.description = trim(*edit.description);
    if (edit.inherit) after.inherit = *edit.inherit;
    const std::int64_t now = store.now();
    store.db()
        .prepare(kUpdateGroup)
        ->bind_all(after.name, after.description, after.inherit ? 1 : 0, now, before.id)
        .run();
    if (edit.image) {
        auto s = store.db().prepare(kUpdateImage);
        s->bind(1, edit.image->bytes.empty() ? std::string() : edit.image->mime);
        s->bind_blob(2, edit.image->bytes);
        s->bind(3, now).bind(4, before.id);
        s->run();
    }
    std::vector<ExternalId> ids_before;
    if (checked.external_ids) {
        ids_before = external_ids(store, before.id);
        write_external_ids(store, before.id, *checked.external_ids);
    }

    std::vector<std::string> changes;
    if (after.name != before.name) changes.push_back("renamed " + before.name + " to " + after.name);
    if (after.description != before.description) {
        changes.push_back("changed the description of " + after.name + " from " + quoted(before.description) + " to " +
                          quoted(after.description));
    }
    if (after.inherit != before.inherit) {
        changes.push_back(std::string(after.inherit ? "turned on" : "turned off") + " inherited oversight for " +
                          after.name);
    }
    if (edit.image)
        changes.push_back((edit.image->bytes.empty() ? "removed the image of " : "set the image of ") + after.name);
    if (checked.external_ids) {
        // Each system whose ID changed, old -> new.
        auto value_in = [](const std::vector<ExternalId>& ids, const std::string& system) {
            for (const auto& e : ids)
                if (fold(e.system) == fold(system)) return e.value;
            return std::string();
        };
        std::vector<std::string> systems;
        auto add_systems = [&](const std::vector<ExternalId>& ids) {
            for (const auto& e : ids)
                if (std::none_of(systems.begin(), systems.end(),
                                 [&](const auto& s) { return fold(s) == fold(e.system); }))
                    systems.push_back(e.system);
        };
        add_systems(ids_before);
        add_systems(*checked.external_ids);
        for (const auto& system : systems) {
            const std::string old_value = value_in(ids_before, system);
            const std::string new_value = value_in(*checked.external_ids, system);
            if (old_value == new_value) continue;
            changes.push_back("changed the " + system + " ID of " + after.name + " from " + shown(old_value) + " to " +
                              shown(new_value));
        }
    }
    return changes;
}

// "renamed A to B; set the image of B." (or that it was saved unchanged).
std::string edit_summary(std::vector<std::string> changes, const std::string& name) {
    if (changes.empty()) changes.push_back("saved " + name + " unchanged");
    std::string summary;
    for (std::size_t i = 0; i < changes.size(); ++i) summary += (i ? "; " : "") + changes[i];
    if (summary.empty() || summary.back() != '.') summary += '.';
    return summary;
}

// Refuses a parent that is missing, the group itself or inside it; returns the parent's name or "the top level".
Result<std::string> check_new_parent(Store& store, const Group& group, std::optional<Id> new_parent) {
    if (!new_parent) return std::string("the top level");
    GROVE_LET(parent, group_by_id(store, *new_parent));
    if (*new_parent == group.id) return Error{ErrorCode::kCycle, "A group cannot be nested under itself."};
    auto above = group_ancestors(store, *new_parent);
    if (std::find(above.begin(), above.end(), group.id) != above.end()) {
        return Error{ErrorCode::kCycle,
                     "The group " + group.name + " cannot be nested under " + parent->name + ", which is inside it."};
    }
    return parent->name;
}

Result<void> authorize_move(Store& store, Id actor, const Group& group, std::optional<Id> new_parent) {
    GROVE_TRY(authorize(store, actor, Cmd::kGroupMove,
                        {.group = group.id, .parent = group.parent_id, .new_parent = new_parent}));
    return {};
}

}  // namespace

std::string group_image_too_large(std::size_t bytes) {
    return "The image is " + std::to_string(bytes / 1024) + " KB; the limit is " +
           std::to_string(kGroupImageMaxBytes / 1024) + " KB.";
}

Result<Group> create_group(Store& store, Id actor, const NewGroup& in) {
    return store.command<Group>(kChangeGroups | kChangeAudit,
                                [&]() -> Result<Group> { return create_group_within(store, actor, in); });
}

Result<Group> create_group_within(Store& store, Id actor, const NewGroup& in) {
    std::string name = clean_name(in.name);
    if (name.empty()) return bad_value("A group needs a name.");
    if (auto e = one_line_error("group's name", name)) return bad_value(*e);
    GROVE_LET(ext, clean_external_ids(in.external_ids));
    if (in.image) GROVE_TRY(check_image(*in.image));
    if (in.parent_id) GROVE_TRY(group_by_id(store, *in.parent_id));
    GROVE_TRY(authorize(store, actor, Cmd::kGroupCreate, {.parent = in.parent_id}));
    if (auto cap = plan_cap_message(store)) return Error{ErrorCode::kPlanCap, *cap};
    GROVE_TRY(check_group_name_free(store, in.parent_id, name));
    std::int64_t now = store.now();
    std::string slug = unique_slug(store, name);
    auto s = store.db().prepare(kInsertGroup);
    s->bind_all(store.new_uid(), name, slug, trim(in.description), in.parent_id);
    if (in.image && !in.image->bytes.empty()) {
        s->bind(6, in.image->mime);
        s->bind_blob(7, in.image->bytes);
    } else {
        s->bind(6, "");
        s->bind(7, std::nullopt);
    }
    s->bind(8, now).bind(9, now);
    s->run();
    Id id = store.db().last_insert_id();
    write_external_ids(store, id, *ext);
    std::string where = in.parent_id ? " under " + group_name(store, *in.parent_id) : "";
    record_audit(store, actor, {"group.create", "created the group " + name + where + ".", id, std::nullopt});
    return *find_group(store, id);
}

Result<Group> edit_group(Store& store, Id actor, Id group_id, const GroupEdit& edit) {
    GROVE_LET(checked, check_edit(edit));
    return store.command<Group>(kChangeGroups | kChangeAudit, [&]() -> Result<Group> {
        GROVE_LET(before, group_by_id(store, group_id));
        GROVE_TRY(authorize(store, actor, Cmd::kGroupEdit, {.group = group_id, .parent = before->parent_id}));
        if (edit.name) GROVE_TRY(check_group_name_free(store, before->parent_id, clean_name(*edit.name), group_id));
        GROVE_LET(changes, write_edit(store, *before, edit, *checked));
        GROVE_LET(after, group_by_id(store, group_id));
        record_audit(store, actor,
                     {"group.edit", edit_summary(std::move(*changes), after->name), group_id, std::nullopt});
        return *after;
    });
}

Result<void> move_group(Store& store, Id actor, Id group_id, std::optional<Id> new_parent) {
    return store.command<void>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_LET(where, check_new_parent(store, *group, new_parent));
        GROVE_TRY(authorize_move(store, actor, *group, new_parent));
        if (group->parent_id == new_parent) return {};
        GROVE_TRY(check_group_name_free(store, new_parent, group->name, group_id));
        store.db().prepare(kSetParent)->bind_all(new_parent, store.now(), group_id).run();
        record_audit(store, actor,
                     {"group.move", "moved the group " + group->name + " to " + *where + ".", group_id, std::nullopt});
        return {};
    });
}

Result<Group> save_group(Store& store, Id actor, Id group_id, const GroupEdit& edit, std::optional<Id> new_parent) {
    GROVE_LET(checked, check_edit(edit));
    return store.command<Group>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<Group> {
        GROVE_LET(before, group_by_id(store, group_id));
        const bool moves = before->parent_id != new_parent;
        // Both parts are checked against the group as it stands, before anything is written.
        std::string where;
        if (moves) {
            GROVE_LET(parent_name, check_new_parent(store, *before, new_parent));
            where = *parent_name;
            GROVE_TRY(authorize_move(store, actor, *before, new_parent));
        }
        GROVE_TRY(authorize(store, actor, Cmd::kGroupEdit, {.group = group_id, .parent = before->parent_id}));
        if (edit.name || moves) {
            GROVE_TRY(
                check_group_name_free(store, new_parent, edit.name ? clean_name(*edit.name) : before->name, group_id));
        }
        GROVE_LET(changes, write_edit(store, *before, edit, *checked));
        GROVE_LET(after, group_by_id(store, group_id));
        if (moves) {
            store.db().prepare(kSetParent)->bind_all(new_parent, store.now(), group_id).run();
            changes->push_back("moved " + after->name + " to " + where);
        }
        record_audit(store, actor,
                     {"group.edit", edit_summary(std::move(*changes), after->name), group_id, std::nullopt});
        return *find_group(store, group_id);
    });
}

Result<DeletePlan> plan_delete(Store& store, Id group_id, SubgroupFate fate) {
    GROVE_LET(group, group_by_id(store, group_id));
    DeletePlan plan;
    plan.deleted.push_back(group_id);
    if (fate == SubgroupFate::kDeleteThem) {
        auto below = group_descendants(store, group_id);
        plan.deleted.insert(plan.deleted.end(), below.begin(), below.end());
    } else {
        plan.lifted = children_of(store, group_id);
        plan.subgroups_lifted = static_cast<int>(plan.lifted.size());
    }
    for (Id g : plan.deleted) plan.memberships_removed += member_count(store, g);
    plan.lifted_to = group->parent_id ? group_name(store, *group->parent_id) : "the top level";

    std::string text =
        "Deleting " + group->name + " removes " + counted(plan.memberships_removed, "membership", "memberships");
    if (fate == SubgroupFate::kDeleteThem && plan.deleted.size() > 1) {
        text += ", and deletes its " + counted(static_cast<int>(plan.deleted.size()) - 1, "subgroup", "subgroups") +
                " with it";
    } else if (plan.subgroups_lifted > 0) {
        text += "; its " + counted(plan.subgroups_lifted, "subgroup moves", "subgroups move") + " to " + plan.lifted_to;
    }
    text += ". The people themselves stay in the organisation.";
    plan.description = text;
    return plan;
}

Result<GroupsDeletePlan> plan_delete_groups(Store& store, const std::vector<Id>& groups, SubgroupFate fate) {
    GroupsDeletePlan plan;
    const std::set<Id> chosen(groups.begin(), groups.end());
    std::set<Id> going;
    for (Id id : chosen) {
        GROVE_TRY(group_by_id(store, id));
        going.insert(id);
        if (fate == SubgroupFate::kDeleteThem) {
            for (Id below : group_descendants(store, id)) going.insert(below);
        } else {
            for (Id child : children_of(store, id)) plan.subgroups_lifted += chosen.count(child) ? 0 : 1;
        }
    }
    plan.groups = static_cast<int>(chosen.size());
    plan.subgroups_deleted = static_cast<int>(going.size() - chosen.size());
    for (Id g : going) plan.memberships_removed += member_count(store, g);

    std::string text = "In all, deleting " + std::string(plan.groups == 1 ? "this " : "these ") +
                       counted(plan.groups, "group", "groups");
    if (plan.subgroups_deleted > 0)
        text += " and " + counted(plan.subgroups_deleted, "subgroup", "subgroups") + " below them";
    text += " removes " + counted(plan.memberships_removed, "membership", "memberships");
    if (plan.subgroups_lifted > 0) {
        text +=
            "; " + counted(plan.subgroups_lifted, "subgroup moves", "subgroups move") + " up to the groups above them";
    }
    plan.description = text + ".";
    return plan;
}

namespace {

// The group beside `group` (same parent, other than it) whose name looks like `name`, if any.
std::optional<std::string> lookalike_beside(Store& store, const Group& group, const std::string& name) {
    auto s = store.db().prepare("SELECT id, name FROM groups WHERE parent_id IS ?");
    s->bind(1, group.parent_id);
    const std::string key = lookalike_key(name);
    while (s->step())
        if (s->col_int(0) != group.id && lookalike_key(s->col_text(1)) == key) return s->col_text(1);
    return std::nullopt;
}

// Deletes one group inside the running transaction, checked as delete_group checks it. `audit` writes
// the command's audit entry while the names still resolve, before anything is deleted.
Result<DeletePlan> delete_checked(Store& store, Id actor, const Group& group, SubgroupFate fate,
                                  const std::function<void(const DeletePlan&)>& audit) {
    GROVE_LET(plan, plan_delete(store, group.id, fate));
    for (Id g : plan->deleted)
        GROVE_TRY(rules::refuse_if_read(store, RuleSubject::kGroup, g, group_name(store, g), plan->deleted));
    AccessTarget target{.group = group.id, .parent = group.parent_id};
    for (Id g : plan->deleted)
        if (g != group.id) target.taken_along.push_back(g);
    GROVE_TRY(authorize(store, actor, Cmd::kGroupDelete, target));
    if (fate == SubgroupFate::kLiftThem) {
        // A subgroup moving up may not land beside a look-alike name (lookup.h's check_group_name_free); the
        // group being deleted leaves its own place free.
        for (Id child : plan->lifted) {
            const std::string name = group_name(store, child);
            if (auto other = lookalike_beside(store, group, name)) {
                return Error{ErrorCode::kDuplicate,
                             "Deleting " + group.name + " would move its subgroup " + name + " up beside " + *other +
                                 ", and groups side by side need names that differ by more than case, accents or "
                                 "spaces. Rename one of them first."};
            }
        }
    }
    audit(*plan);
    const std::int64_t now = store.now();
    if (fate == SubgroupFate::kLiftThem)
        store.db().prepare(kLiftChildren)->bind_all(group.parent_id, now, group.id).run();
    // Children before parents, so no row ever points at a deleted parent.
    for (auto it = plan->deleted.rbegin(); it != plan->deleted.rend(); ++it) {
        store.db().prepare(kDeleteGroup)->bind_all(*it).run();
    }
    return plan;
}

}  // namespace

Result<DeletePlan> delete_group(Store& store, Id actor, Id group_id, SubgroupFate fate) {
    return store.command<DeletePlan>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<DeletePlan> {
        GROVE_LET(group, group_by_id(store, group_id));
        return delete_checked(store, actor, *group, fate, [&](const DeletePlan& plan) {
            // In the past tense, naming every subgroup that went or moved (their names resolve until deleted).
            std::string summary = "deleted the group " + group->name;
            std::vector<std::string> below;
            for (Id g : plan.deleted)
                if (g != group_id) below.push_back(group_name(store, g));
            if (!below.empty()) summary += " with " + counted_names(below, "subgroup", "subgroups");
            summary += "; removed " + counted(plan.memberships_removed, "membership", "memberships");
            if (!plan.lifted.empty()) {
                std::vector<std::string> lifted;
                for (Id g : plan.lifted) lifted.push_back(group_name(store, g));
                summary += "; moved its " + counted_names(lifted, "subgroup", "subgroups") + " up to " + plan.lifted_to;
            }
            record_audit(store, actor, {"group.delete", summary + ".", group_id, std::nullopt});
        });
    });
}

Result<GroupsDeleted> delete_groups(Store& store, Id actor, const std::vector<Id>& groups, SubgroupFate fate) {
    if (groups.size() == 1) {
        // One group: the same command, refusal and audit entry as delete_group.
        GROVE_LET(group, group_by_id(store, groups.front()));
        GROVE_LET(plan, delete_group(store, actor, groups.front(), fate));
        return GroupsDeleted{plan->deleted, {group->name}};
    }
    return store.command<GroupsDeleted>(
        kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<GroupsDeleted> {
            GroupsDeleted done;
            // Ancestors before descendants (what deleting one does to a chosen subgroup depends on it), each once.
            std::vector<std::pair<std::size_t, Id>> ordered;
            std::set<Id> chosen;
            for (Id id : groups) {
                if (!chosen.insert(id).second) continue;
                GROVE_LET(group, group_by_id(store, id));
                done.names.push_back(group->name);
                ordered.emplace_back(group_ancestors(store, id).size(), id);
            }
            std::stable_sort(ordered.begin(), ordered.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            std::set<Id> gone;
            std::vector<std::string> below;   // subgroups nobody chose that went with a chosen group
            std::vector<std::string> lifted;  // subgroups nobody chose that moved up
            int memberships = 0;
            for (const auto& [depth, id] : ordered) {
                if (gone.count(id)) continue;  // went with a chosen group above it
                GROVE_LET(group, group_by_id(store, id));
                auto deleted = delete_checked(store, actor, *group, fate, [&](const DeletePlan& plan) {
                    for (Id g : plan.deleted)
                        if (!chosen.count(g)) below.push_back(group_name(store, g));
                    for (Id g : plan.lifted)
                        if (!chosen.count(g)) lifted.push_back(group_name(store, g));
                });
                if (!deleted) {
                    return Error{deleted.error().code, "Could not delete " + group->name +
                                                           ", so no group was deleted. " + deleted.error().message};
                }
                gone.insert(deleted->deleted.begin(), deleted->deleted.end());
                done.deleted.insert(done.deleted.end(), deleted->deleted.begin(), deleted->deleted.end());
                memberships += deleted->memberships_removed;
            }
            // One entry for the whole command; it names the groups by the names captured before deleting.
            std::string summary = "deleted " + counted(static_cast<int>(done.names.size()), "group", "groups") + ": " +
                                  listed(done.names);
            if (!below.empty()) summary += ", with " + counted_names(below, "subgroup", "subgroups");
            summary += "; removed " + counted(memberships, "membership", "memberships");
            if (!lifted.empty())
                summary += "; moved " + counted_names(lifted, "subgroup", "subgroups") + " up to the groups above them";
            record_audit(store, actor, {"group.delete", summary + ".", std::nullopt, std::nullopt});
            return done;
        });
}

std::vector<GroupRow> group_tree(Store& store, GroupSort sort) {
    std::unordered_map<Id, std::vector<GroupRow>> children;
    std::vector<GroupRow> roots;
    auto s = store.db().prepare(kTree);
    while (s->step()) {
        GroupRow row;
        row.id = s->col_int(0);
        row.name = s->col_text(1);
        row.slug = s->col_text(2);
        row.description = s->col_text(3);
        row.parent_id = s->col_opt_int(4);
        row.user_count = static_cast<int>(s->col_int(5));
        row.inherit = s->col_int(6) != 0;
        row.has_image = s->col_int(7) != 0;
        row.created_at = s->col_int(8);
        if (row.parent_id)
            children[*row.parent_id].push_back(std::move(row));
        else
            roots.push_back(std::move(row));
    }
    auto order = [sort](std::vector<GroupRow>& rows) {
        if (sort == GroupSort::kTitle) {
            std::sort(rows.begin(), rows.end(), [](const GroupRow& a, const GroupRow& b) {
                int c = natural_compare(a.name, b.name);
                return c != 0 ? c < 0 : a.id < b.id;
            });
        } else {
            std::sort(rows.begin(), rows.end(), [](const GroupRow& a, const GroupRow& b) {
                return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
            });
        }
    };
    std::vector<GroupRow> out;
    out.reserve(children.size() + roots.size());
    // Iterative pre-order walk: deep trees must not overflow the (small, in wasm) stack.
    order(roots);
    std::vector<std::pair<GroupRow, int>> stack;
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.emplace_back(std::move(*it), 0);
    while (!stack.empty()) {
        auto [row, depth] = std::move(stack.back());
        stack.pop_back();
        row.depth = depth;
        auto found = children.find(row.id);
        if (found != children.end()) {
            order(found->second);
            row.child_count = static_cast<int>(found->second.size());
            for (auto it = found->second.rbegin(); it != found->second.rend(); ++it) {
                stack.emplace_back(std::move(*it), depth + 1);
            }
        }
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<ExternalId> external_ids(Store& store, Id group) {
    std::vector<ExternalId> out;
    auto s = store.db().prepare(kExternalOf);
    s->bind(1, group);
    while (s->step()) out.push_back({s->col_text(0), s->col_text(1)});
    return out;
}

std::optional<GroupImage> group_image(Store& store, Id group) {
    auto s = store.db().prepare(kImageOf);
    s->bind(1, group);
    if (!s->step()) return std::nullopt;
    return GroupImage{s->col_text(0), s->col_blob(1)};
}

std::unordered_map<Id, std::int64_t> group_image_stamps(Store& store) {
    std::unordered_map<Id, std::int64_t> stamps;
    auto s = store.db().prepare(kImageStamps);
    while (s->step()) stamps.emplace(s->col_int(0), s->col_int(1));
    return stamps;
}

}  // namespace grove
