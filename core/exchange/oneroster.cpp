// OneRoster 1.1 CSV in and out: orgs as departments, users as people, classes as groups under one group per school,
// enrollments as memberships, every record known by its sourcedId as its external ID "oneroster".
#include "core/exchange/oneroster.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>
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

using json = nlohmann::json;

// ---- SQL -----------------------------------------------------------------------------------------------------

constexpr const char* kUserByExternal = "SELECT user_id FROM user_external_ids WHERE system = ? AND value = ?";
constexpr const char* kDepartmentByExternal =
    "SELECT department_id FROM department_external_ids WHERE system = ? AND value = ?";
constexpr const char* kGroupByExternal = "SELECT group_id FROM group_external_ids WHERE system = ? AND value = ?";
constexpr const char* kExternalOfUser = "SELECT value FROM user_external_ids WHERE user_id = ? AND system = ?";
constexpr const char* kSetUserExternal =
    "INSERT INTO user_external_ids (user_id, system, value) VALUES (?, ?, ?) "
    "ON CONFLICT (user_id, system) DO UPDATE SET value = excluded.value";
constexpr const char* kSetDepartmentExternal =
    "INSERT INTO department_external_ids (department_id, system, value) VALUES (?, ?, ?) "
    "ON CONFLICT (department_id, system) DO UPDATE SET value = excluded.value";
constexpr const char* kSetGroupExternal =
    "INSERT INTO group_external_ids (group_id, system, value) VALUES (?, ?, ?) "
    "ON CONFLICT (group_id, system) DO UPDATE SET value = excluded.value";

constexpr const char* kUserById = "SELECT email, first_name, last_name, status, department_id FROM users WHERE id = ?";
constexpr const char* kUserByEmail = "SELECT id FROM users WHERE email_key(email) = email_key(?)";
constexpr const char* kInsertUser =
    "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateUser =
    "UPDATE users SET email = ?, first_name = ?, last_name = ?, status = ?, department_id = ?, "
    "activated_at = coalesce(activated_at, ?), updated_at = ? WHERE id = ?";
constexpr const char* kDeactivateUser =
    "UPDATE users SET status = 'deactivated', updated_at = ? WHERE id = ? AND status <> 'deactivated'";

constexpr const char* kDepartmentById = "SELECT name, parent_id FROM departments WHERE id = ?";
// A department of this name and parent that no roster claims yet (made in Grove, or restored from a Grove file,
// which does not carry departments' external IDs): the org takes it over instead of adding a second.
constexpr const char* kUnclaimedDepartment =
    "SELECT d.id FROM departments d WHERE d.name = ? COLLATE NOCASE AND d.parent_id IS ? AND NOT EXISTS "
    "(SELECT 1 FROM department_external_ids e WHERE e.department_id = d.id AND e.system = ?) ORDER BY d.id LIMIT 1";
constexpr const char* kDepartmentSlugTaken = "SELECT 1 FROM departments WHERE slug = ?";
constexpr const char* kInsertDepartment =
    "INSERT INTO departments (uid, name, slug, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kRenameDepartment = "UPDATE departments SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kMoveDepartment = "UPDATE departments SET parent_id = ?, updated_at = ? WHERE id = ?";
constexpr const char* kLiftDepartments = "UPDATE departments SET parent_id = ?, updated_at = ? WHERE parent_id = ?";
constexpr const char* kDeleteDepartment = "DELETE FROM departments WHERE id = ?";

constexpr const char* kGroupById = "SELECT name, parent_id FROM groups WHERE id = ?";
constexpr const char* kGroupSlugTaken = "SELECT 1 FROM groups WHERE slug = ?";
constexpr const char* kInsertGroup =
    "INSERT INTO groups (uid, name, slug, description, parent_id, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, "
    "?)";
constexpr const char* kRenameGroup = "UPDATE groups SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kMoveGroup = "UPDATE groups SET parent_id = ?, updated_at = ? WHERE id = ?";
constexpr const char* kLiftGroups = "UPDATE groups SET parent_id = ?, updated_at = ? WHERE parent_id = ?";
constexpr const char* kDeleteGroup = "DELETE FROM groups WHERE id = ?";
constexpr const char* kCountGroups = "SELECT count(*) FROM groups";

constexpr const char* kRoleOf = "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kInsertMembership =
    "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kSetRole = "UPDATE memberships SET role = ?, updated_at = ? WHERE group_id = ? AND user_id = ?";
constexpr const char* kDeleteMembership = "DELETE FROM memberships WHERE group_id = ? AND user_id = ?";

constexpr const char* kKeep =
    "INSERT INTO oneroster_kept (file, sourced_id, row) VALUES (?, ?, ?) "
    "ON CONFLICT (file, sourced_id) DO UPDATE SET row = excluded.row";
constexpr const char* kForget = "DELETE FROM oneroster_kept WHERE file = ? AND sourced_id = ?";
constexpr const char* kClaimedDepartments =
    "SELECT department_id, value FROM department_external_ids WHERE system = ? ORDER BY department_id";
constexpr const char* kClaimedPeople = "SELECT user_id, value FROM user_external_ids WHERE system = ? ORDER BY user_id";
constexpr const char* kClaimedGroups =
    "SELECT group_id, value FROM group_external_ids WHERE system = ? ORDER BY group_id";
constexpr const char* kClaimedMemberships =
    "SELECT m.group_id, m.user_id, g.value, u.value FROM memberships m "
    "JOIN group_external_ids g ON g.group_id = m.group_id AND g.system = ?1 "
    "JOIN user_external_ids u ON u.user_id = m.user_id AND u.system = ?2 ORDER BY m.id";
constexpr const char* kForgetFile = "DELETE FROM oneroster_kept WHERE file = ?";
constexpr const char* kAllKept = "SELECT file, sourced_id, row FROM oneroster_kept ORDER BY file, sourced_id";

constexpr const char* kExportDepartments =
    "SELECT d.id, d.uid, d.name, d.parent_id, e.value FROM departments d LEFT JOIN department_external_ids e "
    "ON e.department_id = d.id AND e.system = ? ORDER BY d.id";
constexpr const char* kExportUsers =
    "SELECT u.id, u.uid, u.email, u.first_name, u.last_name, u.status, u.department_id, e.value FROM users u "
    "LEFT JOIN user_external_ids e ON e.user_id = u.id AND e.system = ? WHERE u.status <> 'invited' ORDER BY u.id";
constexpr const char* kExportGroups =
    "SELECT g.id, g.uid, g.name, g.parent_id, e.value FROM groups g LEFT JOIN group_external_ids e "
    "ON e.group_id = g.id AND e.system = ? ORDER BY g.id";
constexpr const char* kExportMemberships =
    "SELECT m.uid, m.group_id, m.user_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id "
    "WHERE u.status <> 'invited' ORDER BY m.group_id, m.user_id";

// The kept file names, as the standard spells them (also the keys of oneroster_kept).
constexpr const char* kOrgsFile = "orgs.csv";
constexpr const char* kUsersFile = "users.csv";
constexpr const char* kClassesFile = "classes.csv";
constexpr const char* kEnrollmentsFile = "enrollments.csv";
constexpr const char* kCoursesFile = "courses.csv";
constexpr const char* kSessionsFile = "academicSessions.csv";

// The standard's columns of each file Grove writes, in the standard's order.
const std::vector<std::string> kOrgsHeader = {"sourcedId", "status",     "dateLastModified", "name",
                                              "type",      "identifier", "parentSourcedId"};
const std::vector<std::string> kUsersHeader = {
    "sourcedId", "status",          "dateLastModified", "enabledUser", "orgSourcedIds", "role",  "username",
    "userIds",   "givenName",       "familyName",       "middleName",  "identifier",    "email", "sms",
    "phone",     "agentSourcedIds", "grades",           "password"};
const std::vector<std::string> kClassesHeader = {
    "sourcedId", "status",   "dateLastModified", "title",          "grades",   "courseSourcedId", "classCode",
    "classType", "location", "schoolSourcedId",  "termSourcedIds", "subjects", "subjectCodes",    "periods"};
const std::vector<std::string> kEnrollmentsHeader = {
    "sourcedId",     "status", "dateLastModified", "classSourcedId", "schoolSourcedId",
    "userSourcedId", "role",   "primary",          "beginDate",      "endDate"};

// ---- Reading the files ---------------------------------------------------------------------------------------

// One CSV file of the roster: its rows after the header and its columns by lower-case header.
struct Table {
    std::string file;  // as named in the archive, for FILE:LINE
    std::vector<std::string> header;
    std::unordered_map<std::string, std::size_t> columns;
    std::vector<CsvRecord> rows;

    bool has(const std::string& key) const { return columns.count(key) > 0; }
    std::string cell(const CsvRecord& row, const std::string& key) const {
        auto it = columns.find(key);
        if (it == columns.end() || it->second >= row.cells.size()) return {};
        return trim(row.cells[it->second]);
    }
    // The row's cells Grove has no place for, by lower-case header, to be written back by the export. Never a
    // password.
    json kept(const CsvRecord& row, const std::set<std::string>& owned) const {
        json out = json::object();
        for (const auto& [key, index] : columns) {
            if (owned.count(key) || key == "password" || index >= row.cells.size() || row.cells[index].empty())
                continue;
            out[key] = row.cells[index];
        }
        return out;
    }
};

std::string lower_key(std::string_view header) { return lower_ascii(trim(header)); }

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string item = trim(std::string_view(text).substr(start, end - start));
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

std::string base_name(std::string_view path) {
    std::size_t slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

GroupRole role_of_rank(int rank) {
    return rank >= 2 ? GroupRole::kAdmin : rank == 1 ? GroupRole::kMentor : GroupRole::kMember;
}
const char* role_key(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "member";
        case GroupRole::kMentor: return "mentor";
        case GroupRole::kAdmin: return "admin";
    }
    return "member";
}
int role_rank(std::string_view key) { return key == "admin" ? 2 : key == "mentor" ? 1 : 0; }

// An enrollment's role as a Grove role (rank 0 member, 1 mentor, 2 group admin), or nothing when unknown.
std::optional<int> enrollment_rank(std::string_view role) {
    std::string r = lower_ascii(role);
    if (r == "student") return 0;
    if (r == "teacher" || r == "aide" || r == "proctor") return 1;
    if (r == "administrator") return 2;
    return std::nullopt;
}

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
        std::vector<std::string> missing;
        for (const char* required : {"manifest.csv", kOrgsFile, kUsersFile, kClassesFile, kEnrollmentsFile}) {
            if (!by_name.count(lower_ascii(required))) missing.emplace_back(required);
        }
        if (!missing.empty()) {
            std::string list;
            for (std::size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
            return bad_value(source_ + " is not a OneRoster 1.1 roster: " + list +
                             (missing.size() == 1 ? " is missing." : " are missing."));
        }
        auto load = [&](const std::string& name, std::optional<Table>& into) -> Result<void> {
            auto it = by_name.find(lower_ascii(name));
            if (it == by_name.end()) return {};
            const std::string file = base_name(it->second->name);
            auto table = read_csv(it->second->bytes, file);
            if (!table) {
                errors_.push_back(table.error().message);
                return {};
            }
            Table t;
            t.file = file;
            if (table->rows.empty()) {
                errors_.push_back(file + ":1: the file is empty; a OneRoster file starts with its header.");
                return {};
            }
            t.header = table->rows[0].cells;
            for (std::size_t i = 0; i < t.header.size(); ++i) {
                std::string key = lower_key(t.header[i]);
                if (!key.empty() && !t.columns.count(key)) t.columns[key] = i;
            }
            t.rows.assign(table->rows.begin() + 1, table->rows.end());
            into = std::move(t);
            return {};
        };
        GROVE_TRY(load("manifest.csv", manifest_));
        GROVE_TRY(load(kOrgsFile, orgs_));
        GROVE_TRY(load(kUsersFile, users_));
        GROVE_TRY(load(kClassesFile, classes_));
        GROVE_TRY(load(kEnrollmentsFile, enrollments_));
        GROVE_TRY(load(kCoursesFile, courses_));
        GROVE_TRY(load(kSessionsFile, sessions_));
        check_headers();
        check_manifest();
        return {};
    }

    // Every row applied in the running transaction; row problems go into errors_ (the caller rolls back then).
    void apply() {
        now_ = store_.now();
        // A file the manifest calls "bulk" is the whole roster: what an earlier import brought in from it and this
        // one no longer lists goes, as a row with status tobedeleted would take it. A "delta" file changes only
        // the rows it has.
        if (orgs_) apply_orgs(*orgs_);
        if (orgs_ && bulk(kOrgsFile)) remove_missing_departments();
        if (users_) apply_users(*users_);
        if (users_ && bulk(kUsersFile)) remove_missing_people();
        if (classes_) apply_classes(*classes_);
        if (classes_ && bulk(kClassesFile)) remove_missing_groups();
        if (enrollments_) apply_enrollments(*enrollments_);
        if (enrollments_ && bulk(kEnrollmentsFile)) remove_missing_memberships();
        if (courses_) keep_whole(*courses_, kCoursesFile);
        if (sessions_) keep_whole(*sessions_, kSessionsFile);
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

    void check_headers() {
        auto need = [&](std::optional<Table>& t, std::initializer_list<const char*> keys) {
            if (!t) return;
            std::string list;
            for (const char* k : keys)
                if (!t->has(lower_ascii(k))) list += std::string(list.empty() ? "" : ", ") + k;
            if (!list.empty()) {
                error(*t, 1, "the header lacks " + list + ".");
                t.reset();  // its rows cannot be read
            }
        };
        need(manifest_, {"propertyName", "value"});
        need(orgs_, {"sourcedId", "name"});
        need(users_, {"sourcedId", "email", "givenName", "familyName", "orgSourcedIds"});
        need(classes_, {"sourcedId", "title", "schoolSourcedId"});
        need(enrollments_, {"sourcedId", "classSourcedId", "userSourcedId", "role"});
        need(courses_, {"sourcedId"});
        need(sessions_, {"sourcedId"});
    }

    void check_manifest() {
        if (!manifest_) return;
        bool version = false;
        for (const auto& row : manifest_->rows) {
            if (lower_ascii(manifest_->cell(row, "propertyname")) != "oneroster.version") continue;
            version = true;
            std::string v = manifest_->cell(row, "value");
            if (v != "1.1") error(*manifest_, row.line, "oneroster.version is " + v + "; Grove reads OneRoster 1.1.");
        }
        if (!version) error(*manifest_, 1, "no oneroster.version (1.1) in the manifest.");
    }

    // -- lookups
    std::optional<Id> by_external(const char* sql, const std::string& value) {
        auto s = store_.db().prepare(sql);
        s->bind_all(kOneRosterSystem, value);
        if (!s->step()) return std::nullopt;
        return s->col_int(0);
    }
    std::optional<Id> department_of(const std::string& sid) { return by_external(kDepartmentByExternal, sid); }
    std::optional<Id> person_of(const std::string& sid) { return by_external(kUserByExternal, sid); }
    std::optional<Id> group_of(const std::string& sid) { return by_external(kGroupByExternal, sid); }

    // A department's or group's name and parent.
    std::pair<std::string, std::optional<Id>> name_and_parent(const char* sql, Id id) {
        auto s = store_.db().prepare(sql);
        s->bind(1, id);
        if (!s->step()) return {std::string(), std::nullopt};
        return {s->col_text(0), s->col_opt_int(1)};
    }

    std::string unique_slug(const char* taken_sql, const std::string& name, const char* fallback) {
        std::string base = slugify(name, fallback);
        std::string slug = base;
        for (int n = 2;; ++n) {
            auto s = store_.db().prepare(taken_sql);
            s->bind(1, slug);
            if (!s->step()) return slug;
            slug = base + "-" + std::to_string(n);
        }
    }

    void keep(const char* file, const std::string& sid, const json& row) {
        store_.db().prepare(kKeep)->bind_all(file, sid, row.dump()).run();
    }
    void forget(const char* file, const std::string& sid) { store_.db().prepare(kForget)->bind_all(file, sid).run(); }

    // A name cell (`what`: "given name"): cleaned, one line, not too long; the reason when it is not.
    std::optional<std::string> name_problem(const std::string& what, const std::string& name) {
        if (auto e = one_line_error(what, name)) return e;
        if (character_count(name) > kNameMaxCharacters)
            return "The " + what + " is longer than " + std::to_string(kNameMaxCharacters) + " characters.";
        return std::nullopt;
    }

    bool seen_twice(const Table& t, const CsvRecord& row, const std::string& sid) {
        if (seen_[t.file].insert(sid).second) return false;
        error(t, row.line, "the sourcedId " + sid + " is on an earlier row too.");
        return true;
    }

    // -- orgs: departments nested by parentSourcedId
    void apply_orgs(const Table& t) {
        // An org whose parent comes later in the file is placed once every org exists.
        struct Pending {
            Id id;
            std::string sid, parent;
            int line;
        };
        std::vector<Pending> pending;
        for (const auto& row : t.rows) {
            std::string sid = t.cell(row, "sourcedid");
            if (sid.empty()) {
                error(t, row.line, "no sourcedId.");
                continue;
            }
            if (seen_twice(t, row, sid)) continue;
            std::string status = lower_ascii(t.cell(row, "status"));
            auto existing = department_of(sid);
            if (status == "tobedeleted") {
                if (existing) remove_department(*existing);
                forget(kOrgsFile, sid);
                continue;
            }
            std::string name = clean_name(t.cell(row, "name"));
            if (name.empty()) {
                error(t, row.line, "the org " + sid + " has no name.");
                continue;
            }
            if (auto why = name_problem("org's name", name)) {
                error(t, row.line, *why);
                continue;
            }
            org_names_[sid] = name;
            std::string parent_sid = t.cell(row, "parentsourcedid");
            std::optional<Id> parent;
            bool placed = true;
            if (!parent_sid.empty()) {
                parent = department_of(parent_sid);
                if (!parent) placed = false;
            }
            if (!existing && placed) {
                auto s = store_.db().prepare(kUnclaimedDepartment);
                s->bind_all(name, parent, kOneRosterSystem);
                if (s->step()) {
                    existing = s->col_int(0);
                    store_.db().prepare(kSetDepartmentExternal)->bind_all(*existing, kOneRosterSystem, sid).run();
                    mark_department_updated(*existing, "take over department " + name);
                }
            }
            Id id = 0;
            if (!existing) {
                std::string fitting = sibling_name(false, parent, name, sid, std::nullopt);
                store_.db()
                    .prepare(kInsertDepartment)
                    ->bind_all(store_.new_uid(), fitting, unique_slug(kDepartmentSlugTaken, fitting, "department"),
                               parent, now_, now_)
                    .run();
                id = store_.db().last_insert_id();
                store_.db().prepare(kSetDepartmentExternal)->bind_all(id, kOneRosterSystem, sid).run();
                ++counts_.departments_added;
                added_departments_.insert(id);
                changes_.push_back("add department " + fitting);
            } else {
                id = *existing;
                auto [before, before_parent] = name_and_parent(kDepartmentById, id);
                if (placed && parent && within(*parent, id)) {
                    error(t, row.line, "parentSourcedId " + parent_sid + " would put the org inside itself.");
                    continue;
                }
                std::optional<Id> where = placed ? parent : before_parent;
                std::string fitting = sibling_name(false, where, name, sid, id);
                if (before != fitting) {
                    store_.db().prepare(kRenameDepartment)->bind_all(fitting, now_, id).run();
                    mark_department_updated(id, "rename department " + before + " to " + fitting);
                }
                if (placed && before_parent != parent) {
                    store_.db().prepare(kMoveDepartment)->bind_all(parent, now_, id).run();
                    mark_department_updated(id, "move department " + fitting);
                }
            }
            keep(kOrgsFile, sid, t.kept(row, {"sourcedid", "status", "datelastmodified", "name", "parentsourcedid"}));
            if (!placed) pending.push_back({id, sid, parent_sid, row.line});
        }
        for (const auto& p : pending) {
            auto parent = department_of(p.parent);
            if (!parent) {
                error(t, p.line, "parentSourcedId " + p.parent + " is no org of the roster.");
                continue;
            }
            if (within(*parent, p.id)) {
                error(t, p.line, "parentSourcedId " + p.parent + " would put the org inside itself.");
                continue;
            }
            auto [name, before] = name_and_parent(kDepartmentById, p.id);
            if (before == parent) continue;
            std::string fitting = sibling_name(false, parent, org_names_[p.sid], p.sid, p.id);
            if (fitting != name) store_.db().prepare(kRenameDepartment)->bind_all(fitting, now_, p.id).run();
            store_.db().prepare(kMoveDepartment)->bind_all(*parent, now_, p.id).run();
            mark_department_updated(p.id, "move department " + fitting);
        }
    }

    // The name a department or group gets under `parent`: its own, or "name (sourcedId)" when another there has
    // that name already (Grove keeps names unique among siblings; a district may well have two classes "Homeroom").
    std::string sibling_name(bool group, std::optional<Id> parent, const std::string& name, const std::string& sid,
                             std::optional<Id> self) {
        auto free = group ? check_group_name_free(store_, parent, name, self)
                          : check_department_name_free(store_, parent, name, self);
        return free ? name : name + " (" + sid + ")";
    }

    // Whether `department` is `root` or lies below it.
    bool within(Id department, Id root) {
        std::optional<Id> at = department;
        for (int guard = 0; at && guard < 10000; ++guard) {
            if (*at == root) return true;
            auto d = store_.db().prepare(kDepartmentById);
            d->bind(1, *at);
            if (!d->step()) return false;
            at = d->col_opt_int(1);
        }
        return false;
    }

    void mark_department_updated(Id id, const std::string& change) {
        if (added_departments_.count(id) || !updated_departments_.insert(id).second) return;
        ++counts_.departments_updated;
        changes_.push_back(change);
    }

    // -- users: people
    void apply_users(const Table& t) {
        for (const auto& row : t.rows) {
            std::string sid = t.cell(row, "sourcedid");
            if (sid.empty()) {
                error(t, row.line, "no sourcedId.");
                continue;
            }
            if (seen_twice(t, row, sid)) continue;
            std::string status = lower_ascii(t.cell(row, "status"));
            auto existing = person_of(sid);
            if (status == "tobedeleted") {
                if (existing) deactivate_person(*existing, sid);
                forget(kUsersFile, sid);
                continue;
            }
            failed_users_.insert(sid);
            std::string email = t.cell(row, "email");
            if (email.empty()) {
                error(t, row.line, "the user " + sid + " has no email; Grove knows people by their email.");
                continue;
            }
            if (!is_valid_email(email)) {
                error(t, row.line, quoted(email) + " is not an email address.");
                continue;
            }
            std::string first = clean_name(t.cell(row, "givenname"));
            std::string last = clean_name(t.cell(row, "familyname"));
            if (auto why = name_problem("given name", first)) {
                error(t, row.line, *why);
                continue;
            }
            if (auto why = name_problem("family name", last)) {
                error(t, row.line, *why);
                continue;
            }
            std::string enabled = lower_ascii(t.cell(row, "enableduser"));
            if (!enabled.empty() && enabled != "true" && enabled != "false") {
                error(t, row.line, "enabledUser is " + quoted(enabled) + "; it is true or false.");
                continue;
            }
            auto orgs = split_list(t.cell(row, "orgsourcedids"));
            if (orgs.empty()) {
                error(t, row.line, "the user " + sid + " has no orgSourcedIds.");
                continue;
            }
            std::optional<Id> department = department_of(orgs.front());
            if (!department) {
                error(t, row.line, "orgSourcedIds names " + orgs.front() + ", which is no org of the roster.");
                continue;
            }
            // The person with this email, when the sourcedId is new to Grove: the roster takes them over.
            std::optional<Id> owner_of_email;
            {
                auto by_email = store_.db().prepare(kUserByEmail);
                by_email->bind(1, email);
                if (by_email->step()) owner_of_email = by_email->col_int(0);
            }
            if (existing && owner_of_email && *owner_of_email != *existing) {
                error(t, row.line, "the email " + email + " belongs to another person in Grove.");
                continue;
            }
            if (!existing && owner_of_email) {
                auto other = store_.db().prepare(kExternalOfUser);
                other->bind_all(*owner_of_email, kOneRosterSystem);
                if (other->step()) {
                    std::string theirs = other->col_text(0);
                    error(t, row.line, "the email " + email + " belongs to the user " + theirs + " already.");
                    continue;
                }
                existing = owner_of_email;
            }
            failed_users_.erase(sid);
            const std::string wanted_status = enabled == "false" ? "deactivated" : "active";
            if (!existing) {
                store_.db()
                    .prepare(kInsertUser)
                    ->bind_all(store_.new_uid(), email, first, last, wanted_status, department,
                               wanted_status == "active" ? std::optional<std::int64_t>(now_) : std::nullopt, now_, now_)
                    .run();
                Id id = store_.db().last_insert_id();
                store_.db().prepare(kSetUserExternal)->bind_all(id, kOneRosterSystem, sid).run();
                ++counts_.people_added;
                details_.push_back({id, "added from the OneRoster roster"});
                changes_.push_back("add person " + person_label(first, last, email));
            } else {
                bool same = false, linked = false;
                {
                    auto u = store_.db().prepare(kUserById);
                    u->bind(1, *existing);
                    same = u->step() && u->col_text(0) == email && u->col_text(1) == first && u->col_text(2) == last &&
                           u->col_text(3) == wanted_status && u->col_opt_int(4) == department;
                }
                {
                    auto had = store_.db().prepare(kExternalOfUser);
                    had->bind_all(*existing, kOneRosterSystem);
                    linked = had->step() && had->col_text(0) == sid;
                }
                if (!same) {
                    store_.db()
                        .prepare(kUpdateUser)
                        ->bind_all(email, first, last, wanted_status, department,
                                   wanted_status == "active" ? std::optional<std::int64_t>(now_) : std::nullopt, now_,
                                   *existing)
                        .run();
                }
                if (!linked) store_.db().prepare(kSetUserExternal)->bind_all(*existing, kOneRosterSystem, sid).run();
                if (!same || !linked) {
                    ++counts_.people_updated;
                    details_.push_back({*existing, "updated from the OneRoster roster"});
                    changes_.push_back("update person " + person_label(first, last, email));
                }
            }
            keep(kUsersFile, sid,
                 t.kept(row, {"sourcedid", "status", "datelastmodified", "enableduser", "givenname", "familyname",
                              "email"}));
        }
    }

    // -- classes: groups under one group per school
    std::optional<Id> school_group(const std::string& school_sid) {
        auto cached = school_groups_.find(school_sid);
        if (cached != school_groups_.end()) return cached->second;
        std::optional<std::string> name;
        if (auto it = org_names_.find(school_sid); it != org_names_.end()) {
            name = it->second;
        } else if (auto d = department_of(school_sid)) {
            name = name_and_parent(kDepartmentById, *d).first;
        }
        if (!name) return std::nullopt;
        Id id = 0;
        if (auto g = group_of(school_sid)) {
            id = *g;
            std::string before = name_and_parent(kGroupById, id).first;
            std::string fitting = sibling_name(true, std::nullopt, *name, school_sid, id);
            if (before != fitting) {
                store_.db().prepare(kRenameGroup)->bind_all(fitting, now_, id).run();
                mark_group_updated(id, "rename group " + before + " to " + fitting);
            }
        } else {
            id = insert_group(*name, std::nullopt, school_sid);
        }
        school_groups_[school_sid] = id;
        return id;
    }

    Id insert_group(const std::string& title, std::optional<Id> parent, const std::string& sid) {
        std::string name = sibling_name(true, parent, title, sid, std::nullopt);
        store_.db()
            .prepare(kInsertGroup)
            ->bind_all(store_.new_uid(), name, unique_slug(kGroupSlugTaken, name, "group"), parent, now_, now_)
            .run();
        Id id = store_.db().last_insert_id();
        store_.db().prepare(kSetGroupExternal)->bind_all(id, kOneRosterSystem, sid).run();
        ++counts_.groups_added;
        added_groups_.insert(id);
        changes_.push_back("add group " + name);
        return id;
    }

    void mark_group_updated(Id id, const std::string& change) {
        if (added_groups_.count(id) || !updated_groups_.insert(id).second) return;
        ++counts_.groups_updated;
        changes_.push_back(change);
    }

    void apply_classes(const Table& t) {
        for (const auto& row : t.rows) {
            std::string sid = t.cell(row, "sourcedid");
            if (sid.empty()) {
                error(t, row.line, "no sourcedId.");
                continue;
            }
            if (seen_twice(t, row, sid)) continue;
            std::string status = lower_ascii(t.cell(row, "status"));
            auto existing = group_of(sid);
            if (status == "tobedeleted") {
                if (existing) remove_group(*existing);
                forget(kClassesFile, sid);
                continue;
            }
            failed_classes_.insert(sid);
            std::string title = clean_name(t.cell(row, "title"));
            if (title.empty()) {
                error(t, row.line, "the class " + sid + " has no title.");
                continue;
            }
            if (auto why = name_problem("class's title", title)) {
                error(t, row.line, *why);
                continue;
            }
            std::string school_sid = t.cell(row, "schoolsourcedid");
            if (school_sid.empty()) {
                error(t, row.line, "the class " + sid + " has no schoolSourcedId.");
                continue;
            }
            auto school = school_group(school_sid);
            if (!school) {
                error(t, row.line, "schoolSourcedId " + school_sid + " is no org of the roster.");
                continue;
            }
            failed_classes_.erase(sid);
            if (!existing) {
                insert_group(title, *school, sid);
            } else {
                auto [before, parent] = name_and_parent(kGroupById, *existing);
                std::string fitting = sibling_name(true, *school, title, sid, *existing);
                if (before != fitting) {
                    store_.db().prepare(kRenameGroup)->bind_all(fitting, now_, *existing).run();
                    mark_group_updated(*existing, "rename group " + before + " to " + fitting);
                }
                if (parent != *school) {
                    store_.db().prepare(kMoveGroup)->bind_all(*school, now_, *existing).run();
                    mark_group_updated(*existing, "move group " + title);
                }
            }
            keep(kClassesFile, sid,
                 t.kept(row, {"sourcedid", "status", "datelastmodified", "title", "schoolsourcedid"}));
        }
    }

    // -- enrollments: memberships
    void apply_enrollments(const Table& t) {
        std::map<std::pair<Id, Id>, int> ranks;  // the strongest role each pair was given in this file
        for (const auto& row : t.rows) {
            std::string sid = t.cell(row, "sourcedid");
            if (sid.empty()) {
                error(t, row.line, "no sourcedId.");
                continue;
            }
            if (seen_twice(t, row, sid)) continue;
            std::string status = lower_ascii(t.cell(row, "status"));
            std::string class_sid = t.cell(row, "classsourcedid");
            std::string user_sid = t.cell(row, "usersourcedid");
            std::string role = t.cell(row, "role");
            // A row naming a class or user whose own row was refused: that row's error says it.
            if (failed_classes_.count(class_sid) || failed_users_.count(user_sid)) continue;
            auto group = group_of(class_sid);
            auto user = person_of(user_sid);
            if (status == "tobedeleted") {
                if (group && user) remove_membership(*group, *user, user_sid, class_sid);
                forget(kEnrollmentsFile, sid);
                continue;
            }
            if (group && user) enrolled_.insert({*group, *user});
            if (!group) {
                error(t, row.line, "classSourcedId " + class_sid + " is no class of the roster.");
                continue;
            }
            if (!user) {
                error(t, row.line, "userSourcedId " + user_sid + " is no user of the roster.");
                continue;
            }
            auto rank = enrollment_rank(role);
            if (!rank) {
                error(t, row.line,
                      "the role " + quoted(role) + " is not student, teacher, administrator, aide or proctor.");
                continue;
            }
            auto [it, first] = ranks.emplace(std::make_pair(*group, *user), *rank);
            if (!first) {
                if (*rank <= it->second) {
                    keep(kEnrollmentsFile, sid, t.kept(row, {"sourcedid", "status", "datelastmodified"}));
                    continue;
                }
                it->second = *rank;
            }
            const char* wanted = role_key(role_of_rank(*rank));
            std::optional<std::string> had;
            {
                auto s = store_.db().prepare(kRoleOf);
                s->bind_all(*group, *user);
                if (s->step()) had = s->col_text(0);
            }
            if (!had) {
                store_.db()
                    .prepare(kInsertMembership)
                    ->bind_all(store_.new_uid(), *group, *user, wanted, now_, now_)
                    .run();
                if (first) ++counts_.memberships_added;
                changes_.push_back("add membership " + user_sid + " in " + class_sid + " as " + wanted);
            } else if (*had != wanted) {
                store_.db().prepare(kSetRole)->bind_all(wanted, now_, *group, *user).run();
                if (first) ++counts_.memberships_updated;
                changes_.push_back("change membership " + user_sid + " in " + class_sid + " to " + wanted);
            }
            keep(kEnrollmentsFile, sid, t.kept(row, {"sourcedid", "status", "datelastmodified"}));
        }
    }

    // -- removals, by a row's status tobedeleted or by a bulk file no longer listing the record
    void remove_department(Id id) {
        auto [name, parent] = name_and_parent(kDepartmentById, id);
        store_.db().prepare(kLiftDepartments)->bind_all(parent, now_, id).run();
        store_.db().prepare(kDeleteDepartment)->bind(1, id).run();
        ++counts_.departments_removed;
        changes_.push_back("remove department " + name);
    }

    // Grove keeps people (their history stays readable): removing one from the roster deactivates them.
    void deactivate_person(Id id, const std::string& sid) {
        store_.db().prepare(kDeactivateUser)->bind_all(now_, id).run();
        if (store_.db().changes() > 0) {
            ++counts_.people_removed;
            details_.push_back({id, "deactivated: removed from the OneRoster roster"});
            changes_.push_back("deactivate person " + sid);
        }
    }

    void remove_group(Id id) {
        auto [name, parent] = name_and_parent(kGroupById, id);
        store_.db().prepare(kLiftGroups)->bind_all(parent, now_, id).run();
        store_.db().prepare(kDeleteGroup)->bind(1, id).run();
        ++counts_.groups_removed;
        changes_.push_back("remove group " + name);
    }

    void remove_membership(Id group, Id user, const std::string& user_sid, const std::string& class_sid) {
        store_.db().prepare(kDeleteMembership)->bind_all(group, user).run();
        if (store_.db().changes() > 0) {
            ++counts_.memberships_removed;
            changes_.push_back("remove membership " + user_sid + " in " + class_sid);
        }
    }

    // The manifest's word for a file: "bulk" (the whole roster), "delta" or "absent".
    bool bulk(const char* file) {
        if (!manifest_) return false;
        const std::string property = "file." + lower_ascii(std::string(file).substr(0, std::string(file).find('.')));
        for (const auto& row : manifest_->rows) {
            if (lower_ascii(manifest_->cell(row, "propertyname")) == property)
                return lower_ascii(manifest_->cell(row, "value")) == "bulk";
        }
        return false;
    }

    // The records of the roster's system (their external ID `oneroster`) as ID and sourcedId.
    std::vector<std::pair<Id, std::string>> claimed(const char* sql) {
        std::vector<std::pair<Id, std::string>> out;
        auto s = store_.db().prepare(sql);
        s->bind(1, kOneRosterSystem);
        while (s->step()) out.emplace_back(s->col_int(0), s->col_text(1));
        return out;
    }

    void remove_missing_departments() {
        const auto& listed = seen_[orgs_->file];  // named as in the zip
        for (const auto& [id, sid] : claimed(kClaimedDepartments)) {
            if (listed.count(sid)) continue;
            remove_department(id);
            forget(kOrgsFile, sid);
        }
    }

    void remove_missing_people() {
        const auto& listed = seen_[users_->file];
        for (const auto& [id, sid] : claimed(kClaimedPeople)) {
            if (listed.count(sid)) continue;
            deactivate_person(id, sid);
            forget(kUsersFile, sid);
        }
    }

    // A class no longer listed goes; a school's group stays while its org is listed.
    void remove_missing_groups() {
        const auto& classes = seen_[classes_->file];
        const auto& orgs = seen_[orgs_ ? orgs_->file : kOrgsFile];
        for (const auto& [id, sid] : claimed(kClaimedGroups)) {
            if (classes.count(sid) || orgs.count(sid) || school_groups_.count(sid)) continue;
            remove_group(id);
            forget(kClassesFile, sid);
        }
    }

    // Within the roster's classes, an enrolment of a roster's user that the file no longer lists goes.
    void remove_missing_memberships() {
        std::vector<std::tuple<Id, Id, std::string, std::string>> gone;
        {
            auto s = store_.db().prepare(kClaimedMemberships);
            s->bind_all(kOneRosterSystem, kOneRosterSystem);
            while (s->step()) {
                const std::string class_sid = s->col_text(2);
                if (seen_[orgs_ ? orgs_->file : kOrgsFile].count(class_sid) || school_groups_.count(class_sid))
                    continue;  // a school's group
                if (!enrolled_.count({s->col_int(0), s->col_int(1)}))
                    gone.emplace_back(s->col_int(0), s->col_int(1), s->col_text(3), class_sid);
            }
        }
        for (const auto& g : gone) remove_membership(std::get<0>(g), std::get<1>(g), std::get<2>(g), std::get<3>(g));
    }

    // courses.csv and academicSessions.csv: Grove has no place for them; they are kept whole, as the file last
    // imported says (its header under the empty sourcedId), for the export to write back.
    void keep_whole(const Table& t, const char* file) {
        store_.db().prepare(kForgetFile)->bind(1, file).run();
        keep(file, "", json(t.header));
        for (const auto& row : t.rows) {
            std::string sid = t.cell(row, "sourcedid");
            if (sid.empty()) {
                error(t, row.line, "no sourcedId.");
                continue;
            }
            if (seen_twice(t, row, sid)) continue;
            if (lower_ascii(t.cell(row, "status")) == "tobedeleted") continue;
            json cells = json::array();
            for (const auto& c : row.cells) cells.push_back(c);
            keep(file, sid, cells);
        }
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
            errors_.push_back(source_ + ": the roster makes " + std::to_string(count) + " groups; the " + info.name +
                              " plan allows " + std::to_string(info.group_cap) + ".");
        }
    }

    static std::string quoted(const std::string& text) { return "'" + text + "'"; }

    Store& store_;
    std::string source_;
    std::int64_t now_ = 0;
    std::optional<Table> manifest_, orgs_, users_, classes_, enrollments_, courses_, sessions_;
    std::unordered_map<std::string, std::unordered_set<std::string>> seen_;  // file -> sourcedIds read
    std::unordered_map<std::string, std::string> org_names_;                 // orgs of this file, by sourcedId
    std::unordered_map<std::string, Id> school_groups_;
    std::unordered_set<std::string> failed_users_, failed_classes_;
    std::set<std::pair<Id, Id>> enrolled_;  // (group, person) of this file's enrollments
    std::unordered_set<Id> added_departments_, updated_departments_, added_groups_, updated_groups_;
};

// ---- The export ----------------------------------------------------------------------------------------------

// A cell as the export writes it: quoted when it holds a comma, a quote or a line break, or starts or ends with a
// space. (Not CsvWriter: its guard against spreadsheet formulas would change sourcedIds and names that start with
// a minus sign, and the files must import back unchanged.)
std::string roster_cell(const std::string& text) {
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

void roster_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += roster_cell(cells[i]);
    }
    out += "\r\n";
}

std::string kept_cell(const json& kept, const std::string& header) {
    std::string key = lower_ascii(header);
    if (kept.is_object()) {
        auto it = kept.find(key);
        if (it != kept.end() && it->is_string()) return it->get<std::string>();
    }
    return {};
}

}  // namespace

Result<RosterImport> import_oneroster(Store& store, Id actor, std::string_view source_name,
                                      const std::vector<ZipEntry>& files, bool dry_run) {
    if (!get_org(store)) return conflict("There is no organisation to import the roster into; create one first.");
    GROVE_TRY(authorize(store, actor, Cmd::kOrgImport));
    const std::string source = base_name(source_name);
    Importer importer(store, std::string(source_name));
    GROVE_TRY(importer.read(files));
    RosterImport out;
    bool applied = false;
    // One command: the rows are applied in its transaction, which is rolled back when a row was refused or this is
    // a dry run (the body's error then only says so; `out` holds what was found).
    auto done = store.command<void>(
        kChangePeople | kChangeDepartments | kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<void> {
            applied = true;
            if (importer.errors_.empty()) importer.apply();
            out.errors = importer.errors_;
            out.changes = importer.changes_;
            out.counts = importer.counts_;
            if (!out.errors.empty() || dry_run) return conflict("not applied");
            record_audit(
                store, actor,
                {"oneroster.import", "imported the OneRoster roster " + source + ": " + out.counts.summary() + ".",
                 std::nullopt, std::nullopt, importer.details_});
            return {};
        });
    // Refused before the body ran (a read-only copy) or failed in the database: that is the error.
    if (!done && (!applied || done.error().code == ErrorCode::kStorage)) return done.error();
    return out;
}

Result<std::vector<ZipEntry>> export_oneroster_files(Store& store, Id actor) {
    GROVE_TRY(authorize(store, actor, Cmd::kOrgExport));
    auto org = get_org(store);
    if (!org) return conflict("There is no organisation to export.");
    return store.query<std::vector<ZipEntry>>([&]() {
        Db& db = store.db();
        ReadTransaction read(db);
        std::map<std::string, std::map<std::string, json>> kept;  // file -> sourcedId -> row
        {
            auto s = db.prepare(kAllKept);
            while (s->step()) kept[s->col_text(0)][s->col_text(1)] = json::parse(s->col_text(2), nullptr, false);
        }
        auto kept_row = [&](const char* file, const std::string& sid) -> json {
            auto f = kept.find(file);
            if (f == kept.end()) return json::object();
            auto r = f->second.find(sid);
            return r == f->second.end() ? json::object() : r->second;
        };

        // Departments become orgs; without any, the organisation itself is the one org everyone belongs to.
        struct Dept {
            Id id;
            std::string sid, name;
            std::optional<Id> parent;
        };
        std::vector<Dept> depts;
        std::unordered_map<Id, std::string> dept_sid;
        std::unordered_set<Id> has_children;
        {
            auto s = db.prepare(kExportDepartments);
            s->bind(1, kOneRosterSystem);
            while (s->step()) {
                Dept d{s->col_int(0), s->col_null(4) ? s->col_text(1) : s->col_text(4), s->col_text(2),
                       s->col_opt_int(3)};
                dept_sid[d.id] = d.sid;
                if (d.parent) has_children.insert(*d.parent);
                depts.push_back(std::move(d));
            }
        }
        std::string default_org;
        for (const auto& d : depts)
            if (!d.parent) {
                default_org = d.sid;
                break;
            }
        std::string orgs;
        roster_row(orgs, kOrgsHeader);
        if (depts.empty()) {
            default_org = org->uid;
            roster_row(orgs, {org->uid, "", "", org->name, "district", "", ""});
        }
        std::set<std::string> org_sids;
        for (const auto& d : depts) {
            json k = kept_row(kOrgsFile, d.sid);
            std::string type = kept_cell(k, "type");
            if (type.empty()) type = (!d.parent && has_children.count(d.id)) ? "district" : "school";
            roster_row(orgs, {d.sid, "", "", d.name, type, kept_cell(k, "identifier"),
                              d.parent ? dept_sid[*d.parent] : std::string()});
            org_sids.insert(d.sid);
        }

        // Groups: a school's group (top level, known by an org's sourcedId) holds classes; every other group is a
        // class of the school group above it (or of the first org).
        struct Grp {
            Id id;
            std::string sid, name;
            std::optional<Id> parent;
        };
        std::vector<Grp> groups;
        std::unordered_map<Id, std::size_t> group_index;
        {
            auto s = db.prepare(kExportGroups);
            s->bind(1, kOneRosterSystem);
            while (s->step()) {
                group_index[s->col_int(0)] = groups.size();
                groups.push_back({s->col_int(0), s->col_null(4) ? s->col_text(1) : s->col_text(4), s->col_text(2),
                                  s->col_opt_int(3)});
            }
        }
        auto is_school = [&](const Grp& g) { return !g.parent && org_sids.count(g.sid) > 0; };
        auto school_of = [&](const Grp& g) {
            std::optional<Id> at = g.parent;
            for (int guard = 0; at && guard < 10000; ++guard) {
                const Grp& up = groups[group_index[*at]];
                if (is_school(up)) return up.sid;
                at = up.parent;
            }
            return default_org;
        };
        std::string classes;
        roster_row(classes, kClassesHeader);
        std::unordered_map<Id, std::pair<std::string, std::string>> class_of;  // group -> (sid, school sid)
        for (const auto& g : groups) {
            if (is_school(g)) continue;
            json k = kept_row(kClassesFile, g.sid);
            std::string school = school_of(g);
            class_of[g.id] = {g.sid, school};
            std::vector<std::string> cells;
            for (const auto& h : kClassesHeader) {
                if (h == "sourcedId")
                    cells.push_back(g.sid);
                else if (h == "title")
                    cells.push_back(g.name);
                else if (h == "schoolSourcedId")
                    cells.push_back(school);
                else if (h == "classType") {
                    std::string type = kept_cell(k, h);
                    cells.push_back(type.empty() ? "scheduled" : type);
                } else if (h == "status" || h == "dateLastModified")
                    cells.emplace_back();
                else
                    cells.push_back(kept_cell(k, h));
            }
            roster_row(classes, cells);
        }

        // Memberships of classes, and each person's strongest role for users.csv's role.
        struct Member {
            std::string uid;
            Id group, user;
            std::string role;
        };
        std::vector<Member> members;
        std::unordered_map<Id, int> strongest;
        {
            auto s = db.prepare(kExportMemberships);
            while (s->step()) {
                Member m{s->col_text(0), s->col_int(1), s->col_int(2), s->col_text(3)};
                int& r = strongest[m.user];
                r = std::max(r, role_rank(m.role) + 1);
                if (class_of.count(m.group)) members.push_back(std::move(m));
            }
        }

        std::string users;
        roster_row(users, kUsersHeader);
        std::unordered_map<Id, std::string> user_sid;
        {
            auto s = db.prepare(kExportUsers);
            s->bind(1, kOneRosterSystem);
            while (s->step()) {
                Id id = s->col_int(0);
                std::string sid = s->col_null(7) ? s->col_text(1) : s->col_text(7);
                std::string email = s->col_text(2);
                json k = kept_row(kUsersFile, sid);
                std::optional<Id> dept = s->col_opt_int(6);
                // OneRoster puts every user in an org: a person in no department (the owner who set Grove up) is
                // left out, unless the organisation has no departments and is itself the one org.
                if (!dept && !depts.empty()) continue;
                user_sid[id] = sid;
                std::string first_org = dept ? dept_sid[*dept] : default_org;
                std::string org_list = kept_cell(k, "orgSourcedIds");
                auto listed = split_list(org_list);
                if (listed.empty() || listed.front() != first_org) org_list = first_org;
                std::string role = kept_cell(k, "role");
                if (role.empty()) {
                    int r = strongest.count(id) ? strongest[id] : 0;
                    role = r == 3 ? "administrator" : r == 2 ? "teacher" : "student";
                }
                std::vector<std::string> cells;
                for (const auto& h : kUsersHeader) {
                    if (h == "sourcedId")
                        cells.push_back(sid);
                    else if (h == "enabledUser")
                        cells.emplace_back(s->col_text(5) == "active" ? "true" : "false");
                    else if (h == "orgSourcedIds")
                        cells.push_back(org_list);
                    else if (h == "role")
                        cells.push_back(role);
                    else if (h == "username") {
                        std::string name = kept_cell(k, h);
                        cells.push_back(name.empty() ? email : name);
                    } else if (h == "givenName")
                        cells.push_back(s->col_text(3));
                    else if (h == "familyName")
                        cells.push_back(s->col_text(4));
                    else if (h == "email")
                        cells.push_back(email);
                    else if (h == "status" || h == "dateLastModified" || h == "password")
                        cells.emplace_back();
                    else
                        cells.push_back(kept_cell(k, h));
                }
                roster_row(users, cells);
            }
        }

        // Enrollments: the kept row of the same class and user gives its sourcedId and dates.
        std::map<std::pair<std::string, std::string>, std::pair<std::string, json>> kept_enrollments;
        if (auto f = kept.find(kEnrollmentsFile); f != kept.end()) {
            for (const auto& [sid, row] : f->second)
                kept_enrollments[{kept_cell(row, "classSourcedId"), kept_cell(row, "userSourcedId")}] = {sid, row};
        }
        std::string enrollments;
        roster_row(enrollments, kEnrollmentsHeader);
        for (const auto& m : members) {
            auto u = user_sid.find(m.user);
            if (u == user_sid.end()) continue;
            const auto& [class_sid, school] = class_of[m.group];
            std::string sid = m.uid;
            json k = json::object();
            if (auto it = kept_enrollments.find({class_sid, u->second}); it != kept_enrollments.end()) {
                sid = it->second.first;
                k = it->second.second;
            }
            std::string was = lower_ascii(kept_cell(k, "role"));
            std::string role = m.role == "admin" ? "administrator" : m.role == "member" ? "student" : "teacher";
            if (m.role == "mentor" && (was == "aide" || was == "proctor")) role = was;
            std::vector<std::string> cells;
            for (const auto& h : kEnrollmentsHeader) {
                if (h == "sourcedId")
                    cells.push_back(sid);
                else if (h == "classSourcedId")
                    cells.push_back(class_sid);
                else if (h == "schoolSourcedId")
                    cells.push_back(school);
                else if (h == "userSourcedId")
                    cells.push_back(u->second);
                else if (h == "role")
                    cells.push_back(role);
                else if (h == "status" || h == "dateLastModified")
                    cells.emplace_back();
                else
                    cells.push_back(kept_cell(k, h));
            }
            roster_row(enrollments, cells);
        }

        // courses.csv and academicSessions.csv as the last import gave them.
        auto whole = [&](const char* file) -> std::optional<std::string> {
            auto f = kept.find(file);
            if (f == kept.end() || !f->second.count("")) return std::nullopt;
            std::string out;
            std::vector<std::string> header;
            for (const auto& h : f->second[""]) header.push_back(h.is_string() ? h.get<std::string>() : "");
            roster_row(out, header);
            for (const auto& [sid, row] : f->second) {
                if (sid.empty() || !row.is_array()) continue;
                std::vector<std::string> cells;
                for (const auto& c : row) cells.push_back(c.is_string() ? c.get<std::string>() : "");
                roster_row(out, cells);
            }
            return out;
        };
        auto courses = whole(kCoursesFile);
        auto sessions = whole(kSessionsFile);

        std::string manifest;
        roster_row(manifest, {"propertyName", "value"});
        for (const auto& [name, value] :
             std::vector<std::pair<std::string, std::string>>{{"manifest.version", "1.0"},
                                                              {"oneroster.version", "1.1"},
                                                              {"file.academicSessions", sessions ? "bulk" : "absent"},
                                                              {"file.categories", "absent"},
                                                              {"file.classes", "bulk"},
                                                              {"file.classResources", "absent"},
                                                              {"file.courses", courses ? "bulk" : "absent"},
                                                              {"file.courseResources", "absent"},
                                                              {"file.demographics", "absent"},
                                                              {"file.enrollments", "bulk"},
                                                              {"file.lineItems", "absent"},
                                                              {"file.orgs", "bulk"},
                                                              {"file.resources", "absent"},
                                                              {"file.results", "absent"},
                                                              {"file.users", "bulk"},
                                                              {"source.systemName", "Grove"},
                                                              {"source.systemCode", org->name}})
            roster_row(manifest, {name, value});

        std::vector<ZipEntry> files = {{"manifest.csv", manifest},
                                       {kOrgsFile, orgs},
                                       {kUsersFile, users},
                                       {kClassesFile, classes},
                                       {kEnrollmentsFile, enrollments}};
        if (courses) files.push_back({kCoursesFile, *courses});
        if (sessions) files.push_back({kSessionsFile, *sessions});
        return files;
    });
}

Result<std::string> export_oneroster(Store& store, Id actor) {
    GROVE_LET(files, export_oneroster_files(store, actor));
    return write_zip(*files);
}

}  // namespace grove
