// Canvas SIS group files in and out: group categories as top-level groups, groups as their subgroups, group
// memberships as memberships and users as people, every record known by its Canvas ID as its external ID "canvas".
#include "core/exchange/canvas.h"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/access/access.h"
#include "core/files/csv.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/text/text.h"

namespace grove {

namespace {

// ---- SQL -----------------------------------------------------------------------------------------------------

constexpr const char* kUserByExternal = "SELECT user_id FROM user_external_ids WHERE system = ? AND value = ?";
constexpr const char* kUserByUid = "SELECT id FROM users WHERE uid = ?";
constexpr const char* kUserByEmail = "SELECT id FROM users WHERE email_key(email) = email_key(?)";
constexpr const char* kExternalOfUser = "SELECT value FROM user_external_ids WHERE user_id = ? AND system = ?";
constexpr const char* kSetUserExternal =
    "INSERT INTO user_external_ids (user_id, system, value) VALUES (?, ?, ?) "
    "ON CONFLICT (user_id, system) DO UPDATE SET value = excluded.value";
constexpr const char* kDeleteUserExternal = "DELETE FROM user_external_ids WHERE user_id = ? AND system = ?";
constexpr const char* kUserById = "SELECT email, first_name, last_name, status FROM users WHERE id = ?";
constexpr const char* kInsertUser =
    "INSERT INTO users (uid, email, first_name, last_name, status, activated_at, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateUser =
    "UPDATE users SET email = ?, first_name = ?, last_name = ?, status = ?, activated_at = coalesce(activated_at, ?), "
    "updated_at = ? WHERE id = ?";
constexpr const char* kDeactivateUser =
    "UPDATE users SET status = 'deactivated', updated_at = ? WHERE id = ? AND status <> 'deactivated'";

constexpr const char* kGroupByExternal = "SELECT group_id FROM group_external_ids WHERE system = ? AND value = ?";
constexpr const char* kGroupByUid = "SELECT id FROM groups WHERE uid = ?";
constexpr const char* kGroupById = "SELECT name, parent_id FROM groups WHERE id = ?";
constexpr const char* kSetGroupExternal =
    "INSERT INTO group_external_ids (group_id, system, value) VALUES (?, ?, ?) "
    "ON CONFLICT (group_id, system) DO UPDATE SET value = excluded.value";
constexpr const char* kExternalOfGroup = "SELECT value FROM group_external_ids WHERE group_id = ? AND system = ?";
constexpr const char* kDeleteGroupExternal = "DELETE FROM group_external_ids WHERE group_id = ? AND system = ?";
constexpr const char* kGroupSlugTaken = "SELECT 1 FROM groups WHERE slug = ?";
constexpr const char* kInsertGroup =
    "INSERT INTO groups (uid, name, slug, description, parent_id, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, "
    "?)";
constexpr const char* kRenameGroup = "UPDATE groups SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kMoveGroup = "UPDATE groups SET parent_id = ?, updated_at = ? WHERE id = ?";
constexpr const char* kLiftGroups = "UPDATE groups SET parent_id = ?, updated_at = ? WHERE parent_id = ?";
constexpr const char* kDeleteGroup = "DELETE FROM groups WHERE id = ?";
constexpr const char* kCountGroups = "SELECT count(*) FROM groups";

constexpr const char* kHasMembership = "SELECT 1 FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kInsertMembership =
    "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, 'member', ?, ?)";
constexpr const char* kDeleteMembership = "DELETE FROM memberships WHERE group_id = ? AND user_id = ?";

constexpr const char* kExportGroups =
    "SELECT g.id, g.uid, g.name, g.parent_id, e.value FROM groups g LEFT JOIN group_external_ids e "
    "ON e.group_id = g.id AND e.system = ? ORDER BY g.id";
constexpr const char* kExportContexts = "SELECT group_id, system, value FROM group_external_ids WHERE system IN (?, ?)";
constexpr const char* kExportUsers =
    "SELECT u.id, u.uid, u.email, u.first_name, u.last_name, u.status, e.value, l.value FROM users u "
    "LEFT JOIN user_external_ids e ON e.user_id = u.id AND e.system = ? "
    "LEFT JOIN user_external_ids l ON l.user_id = u.id AND l.system = ? WHERE u.status <> 'invited' ORDER BY u.id";
constexpr const char* kExportMemberships = "SELECT group_id, user_id FROM memberships ORDER BY group_id, user_id";

// The files, as Canvas spells them.
constexpr const char* kCategoriesFile = "group_categories.csv";
constexpr const char* kGroupsFile = "groups.csv";
constexpr const char* kMembershipsFile = "groups_membership.csv";
constexpr const char* kUsersFile = "users.csv";

// The columns of each file Grove writes, in Canvas's order.
const std::vector<std::string> kCategoriesHeader = {"group_category_id", "account_id", "course_id", "category_name",
                                                    "status"};
const std::vector<std::string> kGroupsHeader = {"group_id", "group_category_id", "account_id", "course_id", "name",
                                                "status"};
const std::vector<std::string> kMembershipsHeader = {"group_id", "user_id", "status"};
const std::vector<std::string> kUsersHeader = {"user_id", "login_id", "first_name", "last_name", "email", "status"};

// A group below a category that Canvas cannot nest (Canvas has two levels) is written with the names of the path
// below the category joined by this.
constexpr const char* kPathSeparator = " / ";

// ---- Reading the files ---------------------------------------------------------------------------------------

// One CSV file: its rows after the header and its columns by lower-case header.
struct Table {
    std::string file;  // as named in the archive, for FILE:LINE
    std::unordered_map<std::string, std::size_t> columns;
    std::vector<CsvRecord> rows;

    bool has(const std::string& key) const { return columns.count(key) > 0; }
    std::string cell(const CsvRecord& row, const std::string& key) const {
        auto it = columns.find(key);
        if (it == columns.end() || it->second >= row.cells.size()) return {};
        return trim(row.cells[it->second]);
    }
};

std::string base_name(std::string_view path) {
    std::size_t slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// ---- The import ----------------------------------------------------------------------------------------------

class Importer {
public:
    Importer(Store& store, std::string source) : store_(store), source_(std::move(source)) {}

    Result<void> read(const std::vector<ZipEntry>& files) {
        std::map<std::string, const ZipEntry*> by_name;
        for (const auto& f : files) {
            std::string key = lower_ascii(base_name(f.name));
            if (key.empty()) continue;
            if (by_name.count(key)) return bad_value(source_ + ": " + base_name(f.name) + " is there twice.");
            by_name[key] = &f;
        }
        if (!by_name.count(kCategoriesFile) && !by_name.count(kGroupsFile) && !by_name.count(kMembershipsFile)) {
            return bad_value(source_ + " is not a Canvas import of groups: it holds none of " + kCategoriesFile + ", " +
                             kGroupsFile + " and " + kMembershipsFile + ".");
        }
        auto load = [&](const char* name, std::optional<Table>& into, std::initializer_list<const char*> needed) {
            auto it = by_name.find(name);
            if (it == by_name.end()) return;
            const std::string file = base_name(it->second->name);
            auto table = read_csv(it->second->bytes, file);
            if (!table) {
                errors_.push_back(table.error().message);
                return;
            }
            if (table->rows.empty()) {
                errors_.push_back(file + ":1: the file is empty; a Canvas file starts with its header.");
                return;
            }
            Table t;
            t.file = file;
            const auto& header = table->rows[0].cells;
            for (std::size_t i = 0; i < header.size(); ++i) {
                std::string key = lower_ascii(trim(header[i]));
                if (!key.empty() && !t.columns.count(key)) t.columns[key] = i;
            }
            std::string missing;
            for (const char* k : needed)
                if (!t.has(k)) missing += std::string(missing.empty() ? "" : ", ") + k;
            if (!missing.empty()) {
                errors_.push_back(file + ":1: the header lacks " + missing + ".");
                return;  // its rows cannot be read
            }
            t.rows.assign(table->rows.begin() + 1, table->rows.end());
            into = std::move(t);
        };
        load(kUsersFile, users_, {"user_id"});
        load(kCategoriesFile, categories_, {"group_category_id", "category_name"});
        load(kGroupsFile, groups_, {"group_id", "name"});
        load(kMembershipsFile, memberships_, {"group_id", "user_id"});
        return {};
    }

    // Every row applied in the running transaction; row problems go into errors_ (the caller rolls back then).
    void apply() {
        now_ = store_.now();
        if (users_) apply_users(*users_);
        if (categories_) apply_categories(*categories_);
        if (groups_) apply_groups(*groups_);
        if (memberships_) apply_memberships(*memberships_);
        check_plan_cap();
    }

    std::vector<std::string> errors_;
    std::vector<std::string> changes_;
    RosterCounts counts_;
    std::vector<AuditDetail> details_;

private:
    void error(const Table& t, int line, const std::string& why) {
        errors_.push_back(t.file + ":" + std::to_string(line) + ": " + why);
    }

    bool seen_twice(const Table& t, const CsvRecord& row, const char* column, const std::string& id) {
        if (seen_[t.file].insert(id).second) return false;
        error(t, row.line, std::string("the ") + column + " " + id + " is on an earlier row too.");
        return true;
    }

    // An ID becomes an external ID: one line, not too long. False (and a row error) when it is not.
    bool id_fits(const Table& t, const CsvRecord& row, const char* column, const std::string& id) {
        auto why = one_line_error(column, id);
        if (why) error(t, row.line, *why);
        return !why;
    }

    // The row's status, lower-cased, when it is one of `allowed` (or empty); else a row error naming them.
    std::optional<std::string> status_of(const Table& t, const CsvRecord& row,
                                         std::initializer_list<const char*> allowed) {
        std::string status = lower_ascii(t.cell(row, "status"));
        if (status.empty()) return status;
        std::string list;
        std::size_t i = 0;
        for (const char* a : allowed) {
            if (status == a) return status;
            list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + std::string(a);
            ++i;
        }
        error(t, row.line, "the status " + quoted(status) + " is not " + list + ".");
        return std::nullopt;
    }

    // Why a name cannot be a name ("The group's name has a line break; it must be one line."), or nothing.
    std::optional<std::string> name_problem(const std::string& what, const std::string& name) {
        return one_line_error(what, name);
    }

    std::optional<Id> first_id(const char* sql, const std::string& a) {
        auto s = store_.db().prepare(sql);
        s->bind(1, a);
        if (!s->step()) return std::nullopt;
        return s->col_int(0);
    }
    std::optional<Id> by_external(const char* sql, const std::string& value) {
        auto s = store_.db().prepare(sql);
        s->bind_all(kCanvasSystem, value);
        if (!s->step()) return std::nullopt;
        return s->col_int(0);
    }

    // -- lookups. A record is known by its Canvas ID (external ID "canvas"); one Grove made is known by its uid,
    // which is what the export writes for it, so that an export imports back into the same database unchanged.
    std::optional<Id> person_of(const std::string& user_id) {
        if (auto p = by_external(kUserByExternal, user_id)) return p;
        return first_id(kUserByUid, user_id);
    }
    // A group's or category's group, by its external ID `key` ("g1", or "category:c1") or by `uid`. Remembered for
    // the import (group_external_ids is not indexed by value; a membership file names the same groups often).
    std::optional<Id> group_by(const std::string& key, const std::string& uid) {
        auto cached = group_cache_.find(key);
        if (cached != group_cache_.end()) return cached->second;
        std::optional<Id> found = by_external(kGroupByExternal, key);
        if (!found) found = first_id(kGroupByUid, uid);
        group_cache_[key] = found;
        return found;
    }
    std::optional<Id> group_of(const std::string& group_id) { return group_by(group_id, group_id); }
    std::optional<Id> category_of(const std::string& category_id) {
        return group_by(kCanvasCategoryPrefix + category_id, category_id);
    }

    // A record's external ID in `system` ("" when none) made `value` (none when empty); whether it changed.
    bool set_external(const char* get_sql, const char* set_sql, const char* delete_sql, Id id, const char* system,
                      const std::string& value) {
        std::string had;
        {
            auto s = store_.db().prepare(get_sql);
            s->bind_all(id, system);
            if (s->step()) had = s->col_text(0);
        }
        if (had == value) return false;
        if (value.empty())
            store_.db().prepare(delete_sql)->bind_all(id, system).run();
        else
            store_.db().prepare(set_sql)->bind_all(id, system, value).run();
        return true;
    }
    bool set_user_external(Id id, const char* system, const std::string& value) {
        return set_external(kExternalOfUser, kSetUserExternal, kDeleteUserExternal, id, system, value);
    }
    bool set_group_external(Id id, const char* system, const std::string& value) {
        return set_external(kExternalOfGroup, kSetGroupExternal, kDeleteGroupExternal, id, system, value);
    }
    std::string group_external(Id id, const char* system) {
        auto s = store_.db().prepare(kExternalOfGroup);
        s->bind_all(id, system);
        return s->step() ? s->col_text(0) : std::string();
    }

    // Keeps a group's Canvas account and course (those of `category` are not repeated on its groups).
    void keep_context(Id gid, const Table& t, const CsvRecord& row, std::optional<Id> category) {
        bool changed = false;
        for (const auto& [column, system] :
             {std::pair{"account_id", kCanvasAccountSystem}, std::pair{"course_id", kCanvasCourseSystem}}) {
            std::string value = t.cell(row, column);
            if (!id_fits(t, row, column, value)) continue;
            if (category && value == group_external(*category, system)) value.clear();
            changed = set_group_external(gid, system, value) || changed;
        }
        if (changed)
            mark_group_updated(gid, "change the Canvas course or account of group " + name_and_parent(gid).first);
    }

    std::pair<std::string, std::optional<Id>> name_and_parent(Id id) {
        auto s = store_.db().prepare(kGroupById);
        s->bind(1, id);
        if (!s->step()) return {std::string(), std::nullopt};
        return {s->col_text(0), s->col_opt_int(1)};
    }

    // The group's names from its top-level group down to it, and that top-level group.
    std::pair<std::vector<std::string>, Id> chain_of(Id id) {
        std::vector<std::string> names;
        Id top = id;
        std::optional<Id> at = id;
        for (int guard = 0; at && guard < 10000; ++guard) {
            auto [name, parent] = name_and_parent(*at);
            names.insert(names.begin(), name);
            top = *at;
            at = parent;
        }
        return {names, top};
    }

    // Whether `group` is `root` or lies below it.
    bool within(Id group, Id root) {
        std::optional<Id> at = group;
        for (int guard = 0; at && guard < 10000; ++guard) {
            if (*at == root) return true;
            at = name_and_parent(*at).second;
        }
        return false;
    }

    std::string unique_slug(const std::string& name) {
        std::string base = slugify(name, "group");
        std::string slug = base;
        for (int n = 2;; ++n) {
            auto s = store_.db().prepare(kGroupSlugTaken);
            s->bind(1, slug);
            if (!s->step()) return slug;
            slug = base + "-" + std::to_string(n);
        }
    }

    // The name a group gets under `parent`: its own, or "name (ID)" when another there has that name already
    // (Grove keeps names unique among siblings; a course may well have two groups "Team 1" in two categories).
    std::string sibling_name(std::optional<Id> parent, const std::string& name, const std::string& id,
                             std::optional<Id> self) {
        return check_group_name_free(store_, parent, name, self) ? name : name + " (" + id + ")";
    }

    Id insert_group(const std::string& wanted, std::optional<Id> parent, const std::string& key,
                    const std::string& id) {
        std::string name = sibling_name(parent, wanted, id, std::nullopt);
        store_.db()
            .prepare(kInsertGroup)
            ->bind_all(store_.new_uid(), name, unique_slug(name), parent, now_, now_)
            .run();
        Id gid = store_.db().last_insert_id();
        store_.db().prepare(kSetGroupExternal)->bind_all(gid, kCanvasSystem, key).run();
        group_cache_[key] = gid;
        ++counts_.groups_added;
        added_groups_.insert(gid);
        changes_.push_back("add group " + name);
        return gid;
    }

    // Puts an existing group under `parent` with the name `wanted`, counting an update when anything changes.
    void place_group(Id gid, std::optional<Id> parent, const std::string& wanted, const std::string& id) {
        auto [before, before_parent] = name_and_parent(gid);
        std::string name = sibling_name(parent, wanted, id, gid);
        if (before != name) {
            store_.db().prepare(kRenameGroup)->bind_all(name, now_, gid).run();
            mark_group_updated(gid, "rename group " + before + " to " + name);
        }
        if (before_parent != parent) {
            store_.db().prepare(kMoveGroup)->bind_all(parent, now_, gid).run();
            mark_group_updated(gid, "move group " + name);
        }
    }

    // Deletes a group; its subgroups move up to its parent, as when a group is deleted in Grove with its
    // subgroups lifted.
    void remove_group(Id gid) {
        auto [name, parent] = name_and_parent(gid);
        store_.db().prepare(kLiftGroups)->bind_all(parent, now_, gid).run();
        store_.db().prepare(kDeleteGroup)->bind(1, gid).run();
        group_cache_.clear();
        ++counts_.groups_removed;
        changes_.push_back("remove group " + name);
    }

    void mark_group_updated(Id id, const std::string& change) {
        if (added_groups_.count(id) || !updated_groups_.insert(id).second) return;
        ++counts_.groups_updated;
        changes_.push_back(change);
    }

    // -- users.csv: people
    void apply_users(const Table& t) {
        for (const auto& row : t.rows) {
            std::string id = t.cell(row, "user_id");
            if (id.empty()) {
                error(t, row.line, "no user_id.");
                continue;
            }
            if (!id_fits(t, row, "user_id", id) || seen_twice(t, row, "user_id", id)) continue;
            failed_users_.insert(id);
            auto status = status_of(t, row, {"active", "suspended", "deleted"});
            if (!status) continue;
            auto existing = person_of(id);
            if (*status == "deleted") {
                // Grove keeps people (their history stays readable): a deleted user is deactivated.
                failed_users_.erase(id);
                if (existing) {
                    store_.db().prepare(kDeactivateUser)->bind_all(now_, *existing).run();
                    if (store_.db().changes() > 0) {
                        ++counts_.people_removed;
                        details_.push_back({*existing, "deactivated: deleted in the Canvas users"});
                        changes_.push_back("deactivate person " + id);
                    }
                }
                continue;
            }
            // Canvas's email column is optional; a login that is an email address stands in for it.
            std::string email = t.cell(row, "email");
            if (email.empty() && is_valid_email(t.cell(row, "login_id"))) email = t.cell(row, "login_id");
            if (email.empty()) {
                error(t, row.line, "the user " + id + " has no email; Grove knows people by their email.");
                continue;
            }
            if (!is_valid_email(email)) {
                error(t, row.line, quoted(email) + " is not an email address.");
                continue;
            }
            std::string first = clean_name(t.cell(row, "first_name"));
            std::string last = clean_name(t.cell(row, "last_name"));
            if (first.empty() && last.empty()) {
                // Only full_name given: its last word is the family name.
                std::string full = clean_name(t.cell(row, "full_name"));
                std::size_t space = full.rfind(' ');
                if (space == std::string::npos) {
                    first = full;
                } else {
                    first = full.substr(0, space);
                    last = full.substr(space + 1);
                }
            }
            if (auto why = name_problem("first name", first)) {
                error(t, row.line, *why);
                continue;
            }
            if (auto why = name_problem("last name", last)) {
                error(t, row.line, *why);
                continue;
            }
            auto owner_of_email = first_id(kUserByEmail, email);
            if (existing && owner_of_email && *owner_of_email != *existing) {
                error(t, row.line, "the email " + email + " belongs to another person in Grove.");
                continue;
            }
            // Found by canvas ID, or by uid (a person Grove made, exported): they stay known by it. Found by email:
            // the import takes them over, and they get the user_id as their canvas ID.
            bool link = false;
            if (!existing && owner_of_email) {
                auto other = store_.db().prepare(kExternalOfUser);
                other->bind_all(*owner_of_email, kCanvasSystem);
                if (other->step()) {
                    error(t, row.line,
                          "the email " + email + " belongs to the user " + other->col_text(0) + " already.");
                    continue;
                }
                existing = owner_of_email;
                link = true;
            }
            std::string login = t.cell(row, "login_id");
            if (login == email) login.clear();  // the export writes the email when there is no other login
            if (!id_fits(t, row, "login_id", login)) continue;
            failed_users_.erase(id);
            const std::string wanted_status = *status == "suspended" ? "deactivated" : "active";
            const auto activated = wanted_status == "active" ? std::optional<std::int64_t>(now_) : std::nullopt;
            if (!existing) {
                store_.db()
                    .prepare(kInsertUser)
                    ->bind_all(store_.new_uid(), email, first, last, wanted_status, activated, now_, now_)
                    .run();
                Id pid = store_.db().last_insert_id();
                store_.db().prepare(kSetUserExternal)->bind_all(pid, kCanvasSystem, id).run();
                set_user_external(pid, kCanvasLoginSystem, login);
                ++counts_.people_added;
                details_.push_back({pid, "added from the Canvas users"});
                changes_.push_back("add person " + person_label(first, last, email));
                continue;
            }
            bool same = false;
            {
                auto u = store_.db().prepare(kUserById);
                u->bind(1, *existing);
                same = u->step() && u->col_text(0) == email && u->col_text(1) == first && u->col_text(2) == last &&
                       u->col_text(3) == wanted_status;
            }
            if (!same) {
                store_.db()
                    .prepare(kUpdateUser)
                    ->bind_all(email, first, last, wanted_status, activated, now_, *existing)
                    .run();
            }
            if (link) store_.db().prepare(kSetUserExternal)->bind_all(*existing, kCanvasSystem, id).run();
            const bool new_login = set_user_external(*existing, kCanvasLoginSystem, login);
            if (!same || link || new_login) {
                ++counts_.people_updated;
                details_.push_back({*existing, "updated from the Canvas users"});
                changes_.push_back("update person " + person_label(first, last, email));
            }
        }
    }

    // -- group_categories.csv: top-level groups
    void apply_categories(const Table& t) {
        for (const auto& row : t.rows) {
            std::string id = t.cell(row, "group_category_id");
            if (id.empty()) {
                error(t, row.line, "no group_category_id.");
                continue;
            }
            if (!id_fits(t, row, "group_category_id", id) || seen_twice(t, row, "group_category_id", id)) continue;
            failed_categories_.insert(id);
            auto status = status_of(t, row, {"active", "deleted"});
            if (!status) continue;
            auto existing = category_of(id);
            if (*status == "deleted") {
                failed_categories_.erase(id);
                if (existing) remove_group(*existing);
                continue;
            }
            std::string name = clean_name(t.cell(row, "category_name"));
            if (name.empty()) {
                error(t, row.line, "the group category " + id + " has no category_name.");
                continue;
            }
            if (auto why = name_problem("category_name", name)) {
                error(t, row.line, *why);
                continue;
            }
            failed_categories_.erase(id);
            Id gid = existing ? *existing : insert_group(name, std::nullopt, kCanvasCategoryPrefix + id, id);
            if (existing) place_group(gid, std::nullopt, name, id);
            keep_context(gid, t, row, std::nullopt);
        }
    }

    // -- groups.csv: the categories' subgroups (top-level groups when they have no category)
    void apply_groups(const Table& t) {
        for (const auto& row : t.rows) {
            std::string id = t.cell(row, "group_id");
            if (id.empty()) {
                error(t, row.line, "no group_id.");
                continue;
            }
            if (!id_fits(t, row, "group_id", id) || seen_twice(t, row, "group_id", id)) continue;
            failed_groups_.insert(id);
            if (starts_with(id, kCanvasCategoryPrefix)) {
                error(t, row.line,
                      "the group_id " + id + " starts with " + kCanvasCategoryPrefix +
                          ", which Grove keeps for group categories.");
                continue;
            }
            auto status = status_of(t, row, {"available", "closed", "completed", "deleted"});
            if (!status) continue;
            auto existing = group_of(id);
            if (*status == "deleted") {
                failed_groups_.erase(id);
                if (existing) remove_group(*existing);
                continue;
            }
            std::string name = clean_name(t.cell(row, "name"));
            if (name.empty()) {
                error(t, row.line, "the group " + id + " has no name.");
                continue;
            }
            if (auto why = name_problem("group's name", name)) {
                error(t, row.line, *why);
                continue;
            }
            std::string category_id = t.cell(row, "group_category_id");
            std::optional<Id> parent;
            if (!category_id.empty()) {
                if (failed_categories_.count(category_id)) continue;  // that row's error says it
                parent = category_of(category_id);
                if (!parent) {
                    error(t, row.line, "group_category_id " + category_id + " is no group category of the import.");
                    continue;
                }
            }
            if (existing && parent && within(*parent, *existing)) {
                error(t, row.line, "group_category_id " + category_id + " would put the group inside itself.");
                continue;
            }
            failed_groups_.erase(id);
            if (!existing) {
                keep_context(insert_group(name, parent, id, id), t, row, parent);
                continue;
            }
            keep_context(*existing, t, row, parent);
            // A group the export wrote below its category under its path ("Class 1 / Team A", from a Grove group
            // deeper than Canvas nests) stays where it is.
            auto [chain, top] = chain_of(*existing);
            std::size_t from = parent ? 1 : 0;
            if (chain.size() > from + 1 && (parent ? top == *parent : true)) {
                std::string path;
                for (std::size_t i = from; i < chain.size(); ++i) path += (i > from ? kPathSeparator : "") + chain[i];
                if (path == name) continue;
            }
            place_group(*existing, parent, name, id);
        }
    }

    // -- groups_membership.csv: memberships
    void apply_memberships(const Table& t) {
        std::set<std::pair<Id, Id>> seen;
        for (const auto& row : t.rows) {
            std::string group_id = t.cell(row, "group_id");
            std::string user_id = t.cell(row, "user_id");
            if (group_id.empty()) {
                error(t, row.line, "no group_id.");
                continue;
            }
            if (user_id.empty()) {
                error(t, row.line, "no user_id.");
                continue;
            }
            auto status = status_of(t, row, {"accepted", "deleted"});
            if (!status) continue;
            // A row naming a group or user whose own row was refused: that row's error says it.
            if (failed_groups_.count(group_id) || failed_users_.count(user_id)) continue;
            auto group = group_of(group_id);
            auto user = member_of(user_id);
            if (*status == "deleted") {
                if (group && user) {
                    store_.db().prepare(kDeleteMembership)->bind_all(*group, *user).run();
                    if (store_.db().changes() > 0) {
                        ++counts_.memberships_removed;
                        changes_.push_back("remove membership " + user_id + " in " + group_id);
                    }
                }
                continue;
            }
            if (!group) {
                error(t, row.line, "group_id " + group_id + " is no group of the import.");
                continue;
            }
            if (!user) {
                error(t, row.line,
                      "user_id " + user_id + " is no user of the import" + (users_ ? "" : " (no users.csv)") +
                          ", nor a person's canvas ID or email in Grove.");
                continue;
            }
            if (!seen.insert({*group, *user}).second) continue;
            auto has = store_.db().prepare(kHasMembership);
            has->bind_all(*group, *user);
            if (has->step()) continue;  // a member already, in whatever role Grove gave them
            store_.db().prepare(kInsertMembership)->bind_all(store_.new_uid(), *group, *user, now_, now_).run();
            ++counts_.memberships_added;
            changes_.push_back("add membership " + user_id + " in " + group_id);
        }
    }

    // A membership's person: by canvas ID, by uid, or (without a users.csv row) by email.
    std::optional<Id> member_of(const std::string& user_id) {
        if (auto p = person_of(user_id)) return p;
        if (is_valid_email(user_id)) return first_id(kUserByEmail, user_id);
        return std::nullopt;
    }

    void check_plan_cap() {
        if (counts_.groups_added == 0) return;
        auto org = get_org(store_);
        if (!org) return;
        const PlanInfo& info = plan_info(org->plan);
        auto s = store_.db().prepare(kCountGroups);
        s->step();
        std::int64_t count = s->col_int(0);
        if (info.group_cap >= 0 && count > info.group_cap) {
            errors_.push_back(source_ + ": the import makes " + std::to_string(count) + " groups; the " + info.name +
                              " plan allows " + std::to_string(info.group_cap) + ".");
        }
    }

    Store& store_;
    std::string source_;
    std::int64_t now_ = 0;
    std::optional<Table> users_, categories_, groups_, memberships_;
    std::unordered_map<std::string, std::unordered_set<std::string>> seen_;  // file -> IDs read
    std::unordered_map<std::string, std::optional<Id>> group_cache_;         // external ID -> group
    std::unordered_set<std::string> failed_users_, failed_categories_, failed_groups_;
    std::unordered_set<Id> added_groups_, updated_groups_;
};

// ---- The export ----------------------------------------------------------------------------------------------

// A cell as the export writes it: quoted when it holds a comma, a quote or a line break, or starts or ends with a
// space. (Not CsvWriter: its guard against spreadsheet formulas would change IDs and names that start with a minus
// sign, and the files must import back unchanged.)
std::string canvas_cell(const std::string& text) {
    bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                 (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void canvas_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += canvas_cell(cells[i]);
    }
    out += "\r\n";
}

}  // namespace

Result<RosterImport> import_canvas_groups(Store& store, Id actor, std::string_view source_name,
                                          const std::vector<ZipEntry>& files, bool dry_run) {
    if (!get_org(store)) return conflict("There is no organisation to import the groups into; create one first.");
    GROVE_TRY(authorize(store, actor, Cmd::kOrgImport));
    const std::string source = base_name(source_name);
    Importer importer(store, std::string(source_name));
    GROVE_TRY(importer.read(files));
    RosterImport out;
    bool applied = false;
    // One command: the rows are applied in its transaction, which is rolled back when a row was refused or this is
    // a dry run (the body's error then only says so; `out` holds what was found).
    auto done =
        store.command<void>(kChangePeople | kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<void> {
            applied = true;
            if (importer.errors_.empty()) importer.apply();
            out.errors = importer.errors_;
            out.changes = importer.changes_;
            out.counts = importer.counts_;
            if (!out.errors.empty() || dry_run) return conflict("not applied");
            record_audit(store, actor,
                         {"canvas.import", "imported the Canvas groups " + source + ": " + out.counts.summary() + ".",
                          std::nullopt, std::nullopt, importer.details_});
            return {};
        });
    // Refused before the body ran (a read-only copy) or failed in the database: that is the error.
    if (!done && (!applied || done.error().code == ErrorCode::kStorage)) return done.error();
    return out;
}

Result<std::vector<ZipEntry>> export_canvas_groups_files(Store& store, Id actor) {
    GROVE_TRY(authorize(store, actor, Cmd::kOrgExport));
    if (!get_org(store)) return conflict("There is no organisation to export.");
    return store.query<std::vector<ZipEntry>>([&]() {
        Db& db = store.db();
        ReadTransaction read(db);

        struct Grp {
            Id id;
            std::string uid, name;
            std::optional<Id> parent;
            std::optional<std::string> canvas;
        };
        std::vector<Grp> groups;
        std::unordered_map<Id, std::size_t> index;
        {
            auto s = db.prepare(kExportGroups);
            s->bind(1, kCanvasSystem);
            while (s->step()) {
                index[s->col_int(0)] = groups.size();
                groups.push_back({s->col_int(0), s->col_text(1), s->col_text(2), s->col_opt_int(3),
                                  s->col_null(4) ? std::nullopt : std::optional<std::string>(s->col_text(4))});
            }
        }
        // Each group's Canvas account and course, as kept.
        std::unordered_map<Id, std::string> account, course;
        {
            auto s = db.prepare(kExportContexts);
            s->bind_all(kCanvasAccountSystem, kCanvasCourseSystem);
            while (s->step())
                (s->col_text(1) == kCanvasAccountSystem ? account : course)[s->col_int(0)] = s->col_text(2);
        }
        auto context = [&](const std::unordered_map<Id, std::string>& of, Id id, std::optional<Id> category) {
            auto own = of.find(id);
            if (own != of.end()) return own->second;
            auto inherited = category ? of.find(*category) : of.end();
            return inherited != of.end() ? inherited->second : std::string();
        };

        // A top-level group is a category, unless it came from Canvas as a group without one.
        auto is_category = [](const Grp& g) {
            return !g.parent && !(g.canvas && !starts_with(*g.canvas, kCanvasCategoryPrefix));
        };
        auto category_id = [](const Grp& g) {
            return g.canvas ? g.canvas->substr(std::string_view(kCanvasCategoryPrefix).size()) : g.uid;
        };

        std::string categories;
        canvas_row(categories, kCategoriesHeader);
        for (const auto& g : groups)
            if (is_category(g))
                canvas_row(categories, {category_id(g), context(account, g.id, std::nullopt),
                                        context(course, g.id, std::nullopt), g.name, "active"});

        // Every other group is a group of its top-level group's category, named by its path below the category
        // when it lies deeper than Canvas nests.
        std::string groups_csv;
        canvas_row(groups_csv, kGroupsHeader);
        std::unordered_map<Id, std::string> written;  // group -> its group_id
        for (const auto& g : groups) {
            if (is_category(g)) continue;
            std::vector<const Grp*> chain = {&g};
            for (int guard = 0; chain.front()->parent && guard < 10000; ++guard)
                chain.insert(chain.begin(), &groups[index[*chain.front()->parent]]);
            const Grp& top = *chain.front();
            std::size_t from = is_category(top) ? 1 : 0;
            std::string path;
            for (std::size_t i = from; i < chain.size(); ++i) path += (i > from ? kPathSeparator : "") + chain[i]->name;
            // A former category moved below another group is known by its uid now.
            std::string id = g.canvas && !starts_with(*g.canvas, kCanvasCategoryPrefix) ? *g.canvas : g.uid;
            written[g.id] = id;
            std::optional<Id> category = from ? std::optional<Id>(top.id) : std::nullopt;
            canvas_row(groups_csv, {id, from ? category_id(top) : "", context(account, g.id, category),
                                    context(course, g.id, category), path, "available"});
        }

        std::string users;
        canvas_row(users, kUsersHeader);
        std::unordered_map<Id, std::string> user_ids;
        {
            auto s = db.prepare(kExportUsers);
            s->bind_all(kCanvasSystem, kCanvasLoginSystem);
            while (s->step()) {
                std::string id = s->col_null(6) ? s->col_text(1) : s->col_text(6);
                std::string email = s->col_text(2);
                user_ids[s->col_int(0)] = id;
                canvas_row(users, {id, s->col_null(7) ? email : s->col_text(7), s->col_text(3), s->col_text(4), email,
                                   s->col_text(5) == "active" ? "active" : "suspended"});
            }
        }

        // Memberships of the groups written (Canvas has none in a category), every one accepted: Canvas's group
        // memberships have no role.
        std::string memberships;
        canvas_row(memberships, kMembershipsHeader);
        {
            auto s = db.prepare(kExportMemberships);
            while (s->step()) {
                auto g = written.find(s->col_int(0));
                auto u = user_ids.find(s->col_int(1));
                if (g != written.end() && u != user_ids.end())
                    canvas_row(memberships, {g->second, u->second, "accepted"});
            }
        }
        return std::vector<ZipEntry>{{kUsersFile, users},
                                     {kCategoriesFile, categories},
                                     {kGroupsFile, groups_csv},
                                     {kMembershipsFile, memberships}};
    });
}

Result<std::string> export_canvas_groups(Store& store, Id actor) {
    GROVE_LET(files, export_canvas_groups_files(store, actor));
    return write_zip(*files);
}

}  // namespace grove
