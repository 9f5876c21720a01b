// Record lookups shared by commands and queries.
#include "core/org/lookup.h"

#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kUserUid = "SELECT uid FROM users WHERE id = ?";
constexpr const char* kGroupUid = "SELECT uid FROM groups WHERE id = ?";
constexpr const char* kSelectUserById =
    "SELECT id, uid, email, first_name, last_name, status, department_id, created_at, updated_at FROM users "
    "WHERE id = ?";
constexpr const char* kSelectUserByEmail =
    "SELECT id, uid, email, first_name, last_name, status, department_id, created_at, updated_at FROM users "
    "WHERE email_key(email) = email_key(?)";  // the index users_email_key
constexpr const char* kSelectGroupById =
    "SELECT id, uid, name, slug, description, parent_id, inherit, created_at, updated_at FROM groups WHERE id = ?";
constexpr const char* kSelectGroupBySlug =
    "SELECT id, uid, name, slug, description, parent_id, inherit, created_at, updated_at FROM groups "
    "WHERE slug = ?";
constexpr const char* kSelectGroupsByName =
    "SELECT id, uid, name, slug, description, parent_id, inherit, created_at, updated_at FROM groups "
    "WHERE name = ? COLLATE NOCASE LIMIT 2";
constexpr const char* kSelectDepartmentById =
    "SELECT id, uid, name, slug, parent_id, created_at, updated_at FROM departments WHERE id = ?";
constexpr const char* kSelectDepartmentBySlug =
    "SELECT id, uid, name, slug, parent_id, created_at, updated_at FROM departments WHERE slug = ?";

User read_user(Stmt& s) {
    User u;
    u.id = s.col_int(0);
    u.uid = s.col_text(1);
    u.email = s.col_text(2);
    u.first_name = s.col_text(3);
    u.last_name = s.col_text(4);
    u.status = parse_user_status(s.col_text(5)).value_or(UserStatus::kActive);
    u.department_id = s.col_opt_int(6);
    u.created_at = s.col_int(7);
    u.updated_at = s.col_int(8);
    return u;
}

Group read_group(Stmt& s) {
    Group g;
    g.id = s.col_int(0);
    g.uid = s.col_text(1);
    g.name = s.col_text(2);
    g.slug = s.col_text(3);
    g.description = s.col_text(4);
    g.parent_id = s.col_opt_int(5);
    g.inherit = s.col_int(6) != 0;
    g.created_at = s.col_int(7);
    g.updated_at = s.col_int(8);
    return g;
}

Department read_department(Stmt& s) {
    Department d;
    d.id = s.col_int(0);
    d.uid = s.col_text(1);
    d.name = s.col_text(2);
    d.slug = s.col_text(3);
    d.parent_id = s.col_opt_int(4);
    d.created_at = s.col_int(5);
    d.updated_at = s.col_int(6);
    return d;
}

}  // namespace

std::optional<User> find_user(Store& store, Id id) {
    auto s = store.db().prepare(kSelectUserById);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return read_user(*s);
}

std::optional<User> find_user_by_email(Store& store, std::string_view email) {
    auto s = store.db().prepare(kSelectUserByEmail);
    s->bind(1, email);
    if (!s->step()) return std::nullopt;
    return read_user(*s);
}

Result<User> user_by_email(Store& store, std::string_view email) {
    if (auto u = find_user_by_email(store, email)) return *u;
    return not_found("No person has the email " + std::string(email) + ".");
}

Result<User> user_by_id(Store& store, Id id) {
    if (auto u = find_user(store, id)) return *u;
    return not_found("That person no longer exists.");
}

std::optional<Group> find_group(Store& store, Id id) {
    auto s = store.db().prepare(kSelectGroupById);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return read_group(*s);
}

std::optional<Group> find_group_by_slug(Store& store, std::string_view slug) {
    auto s = store.db().prepare(kSelectGroupBySlug);
    s->bind(1, slug);
    if (!s->step()) return std::nullopt;
    return read_group(*s);
}

Result<Group> group_by_id(Store& store, Id id) {
    if (auto g = find_group(store, id)) return *g;
    return not_found("That group no longer exists.");
}

Result<Group> group_by_slug_or_name(Store& store, std::string_view text) {
    if (auto g = find_group_by_slug(store, text)) return *g;
    auto s = store.db().prepare(kSelectGroupsByName);
    s->bind(1, text);
    if (!s->step()) return not_found("No group has the slug or name '" + std::string(text) + "'.");
    Group g = read_group(*s);
    if (s->step()) {
        return bad_value("Several groups are named '" + std::string(text) + "'; use the group's slug.");
    }
    return g;
}

std::optional<Department> find_department(Store& store, Id id) {
    auto s = store.db().prepare(kSelectDepartmentById);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return read_department(*s);
}

Result<Department> department_by_slug(Store& store, std::string_view slug) {
    auto s = store.db().prepare(kSelectDepartmentBySlug);
    s->bind(1, slug);
    if (!s->step()) return not_found("No department has the slug '" + std::string(slug) + "'.");
    return read_department(*s);
}

namespace {

Result<void> check_name_free(Store& store, const char* table, const char* noun, const char* plural,
                             std::optional<Id> parent, std::string_view name, std::optional<Id> except) {
    const std::string key = lookalike_key(name);
    const std::string sql = std::string("SELECT id, name FROM ") + table + " WHERE parent_id IS ?";
    auto s = store.db().prepare(sql.c_str());
    s->bind(1, parent);
    while (s->step()) {
        if (except && s->col_int(0) == *except) continue;
        std::string other = s->col_text(1);
        if (lookalike_key(other) != key) continue;
        std::string where = "at the top level";
        if (parent) {
            auto p = store.db().prepare((std::string("SELECT name FROM ") + table + " WHERE id = ?").c_str());
            p->bind(1, *parent);
            if (p->step()) where = "in " + p->col_text(0);
        }
        return duplicate("There is already " + std::string(noun) + " named " + other + " " + where + "; " + plural +
                         " side by side need names that differ by more than case, accents or spaces.");
    }
    return {};
}

}  // namespace

Result<void> check_group_name_free(Store& store, std::optional<Id> parent, std::string_view name,
                                   std::optional<Id> except) {
    return check_name_free(store, "groups", "a group", "groups", parent, name, except);
}

Result<void> check_department_name_free(Store& store, std::optional<Id> parent, std::string_view name,
                                        std::optional<Id> except) {
    return check_name_free(store, "departments", "a department", "departments", parent, name, except);
}

Result<Department> department_by_id(Store& store, Id id) {
    if (auto d = find_department(store, id)) return *d;
    return not_found("That department no longer exists.");
}

std::string user_name(Store& store, Id id) {
    auto u = find_user(store, id);
    return u ? u->display_name() : "(unknown person)";
}

std::string group_name(Store& store, Id id) {
    auto g = find_group(store, id);
    return g ? g->name : "(deleted group)";
}

std::string department_name(Store& store, Id id) {
    auto d = find_department(store, id);
    return d ? d->name : "(deleted department)";
}

std::optional<std::string> user_uid(Store& store, Id id) {
    auto s = store.db().prepare(kUserUid);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return s->col_text(0);
}

std::optional<std::string> group_uid(Store& store, Id id) {
    auto s = store.db().prepare(kGroupUid);
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return s->col_text(0);
}

}  // namespace grove
