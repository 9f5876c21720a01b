// Each kind of record of the exchange file, read from the database in file order, and the sync base.
#include "core/exchange/schema.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <optional>
#include <utility>

#include "core/access/permissions.h"
#include "core/org/model.h"

namespace grove::exchange {

static_assert(sizeof(Key) == 32, "a key is two uids, back to back");
static_assert(std::endian::native == std::endian::little, "digests are stored little-endian");

namespace {

std::vector<KindSpec> make_specs() {
    std::vector<std::string_view> plans;
    for (const auto& p : all_plans()) plans.emplace_back(p.key);
    std::vector<std::string_view> org_roles;
    for (const auto& r : builtin_org_roles()) org_roles.emplace_back(r.key);
    org_roles.emplace_back("custom");

    std::vector<KindSpec> specs;
    specs.push_back({Kind::kOrg,
                     "organisation",
                     "organisation",
                     "organisations",
                     "organisation",
                     {{"name", "name", Type::kText}, {"plan", "plan", Type::kEnum, Kind::kOrg, Rule::kPlain, plans}},
                     "created_at",
                     true});
    specs.push_back({Kind::kField,
                     "fields",
                     "field",
                     "fields",
                     "field",
                     {{"name", "name", Type::kText},
                      {"type", "type", Type::kEnum, Kind::kOrg, Rule::kPlain, {"text", "number", "date", "choice"}},
                      {"choices", "choices", Type::kList}},
                     "created_at",
                     true,
                     0,
                     true});
    specs.push_back({Kind::kDepartment,
                     "departments",
                     "department",
                     "departments",
                     "department",
                     {{"name", "name", Type::kText},
                      {"slug", "slug", Type::kText},
                      {"parent", "parent department", Type::kRef, Kind::kDepartment, Rule::kNullable},
                      {"external_ids", "external IDs", Type::kExternal, Kind::kOrg, Rule::kPlain, {}, false, true, 5}},
                     "created_at",
                     true,
                     1,
                     false});
    specs.push_back({Kind::kCustomRole,
                     "custom_roles",
                     "custom role",
                     "custom roles",
                     "custom_role",
                     {{"name", "name", Type::kText}, {"permissions", "permissions", Type::kPerms}},
                     "created_at",
                     true,
                     0,
                     true});
    specs.push_back({Kind::kUser,
                     "users",
                     "person",
                     "people",
                     "person",
                     {{"email", "email", Type::kText},
                      {"first_name", "first name", Type::kText},
                      {"last_name", "last name", Type::kText},
                      {"status", "status", Type::kEnum, Kind::kOrg, Rule::kPlain, {"invited", "active", "deactivated"}},
                      {"department", "department", Type::kRef, Kind::kDepartment, Rule::kNullable},
                      {"activated_at", "activated", Type::kTime},
                      {"external_ids", "external IDs", Type::kExternal, Kind::kOrg, Rule::kPlain, {}, false, true, 5}},
                     "created_at",
                     true,
                     0,
                     true});
    specs.push_back({Kind::kValue,
                     "fields",
                     "field value",
                     "field values",
                     "field_value",
                     {{"value", "value", Type::kText}},
                     nullptr,
                     true});
    specs.push_back({Kind::kOrgRole,
                     "org_roles",
                     "org role",
                     "org roles",
                     "org_role",
                     {{"user", "person", Type::kRef, Kind::kUser, Rule::kCascade},
                      {"role", "role", Type::kEnum, Kind::kOrg, Rule::kPlain, org_roles},
                      {"custom_role", "custom role", Type::kRef, Kind::kCustomRole, Rule::kCascade},
                      {"department", "department", Type::kRef, Kind::kDepartment, Rule::kCascade},
                      {"granted_by", "granted by", Type::kRef, Kind::kUser, Rule::kNullable}},
                     "created_at",
                     false});
    specs.push_back({Kind::kGroup,
                     "groups",
                     "group",
                     "groups",
                     "group",
                     {{"name", "name", Type::kText},
                      {"slug", "slug", Type::kText},
                      {"description", "description", Type::kText},
                      {"parent", "parent group", Type::kRef, Kind::kGroup, Rule::kNullable},
                      {"inherit", "inherited oversight", Type::kBool},
                      {"external_ids", "external IDs", Type::kExternal},
                      {"image", "image", Type::kImage}},
                     "created_at",
                     true,
                     1,
                     false});
    specs.push_back({Kind::kMembership,
                     "memberships",
                     "membership",
                     "memberships",
                     "membership",
                     {{"group", "group", Type::kRef, Kind::kGroup, Rule::kCascade},
                      {"user", "person", Type::kRef, Kind::kUser, Rule::kCascade},
                      {"role", "role", Type::kEnum, Kind::kOrg, Rule::kPlain, {"member", "mentor", "admin"}}},
                     "created_at",
                     true});
    // Learning (F19–F23): a course's steps, enrolments, each person's work on a step, discussion posts, and
    // each person's weekly-digest choice per group. Notifications are each planner's own inbox: not exchanged.
    specs.push_back(
        {Kind::kCourse,
         "courses",
         "course",
         "courses",
         "course",
         {{"name", "name", Type::kText}, {"slug", "slug", Type::kText}, {"description", "description", Type::kText}},
         "created_at",
         true,
         1,
         false});
    specs.push_back(
        {Kind::kStep,
         "steps",
         "step",
         "steps",
         "step",
         {{"course", "course", Type::kRef, Kind::kCourse, Rule::kCascade, {}, true},
          {"position", "position", Type::kInt},
          {"title", "title", Type::kText},
          {"kind", "kind", Type::kEnum, Kind::kOrg, Rule::kPlain, {"lesson", "assignment", "discussion", "quiz"}},
          {"review", "marked for review", Type::kBool},
          {"points", "points", Type::kPoints}},
         "created_at",
         true});
    specs.push_back({Kind::kEnrolment,
                     "enrolments",
                     "enrolment",
                     "enrolments",
                     "enrolment",
                     {{"course", "course", Type::kRef, Kind::kCourse, Rule::kCascade, {}, true},
                      {"user", "person", Type::kRef, Kind::kUser, Rule::kCascade, {}, true}},
                     "created_at",
                     true});
    specs.push_back({Kind::kWork,
                     "work",
                     "work",
                     "pieces of work",
                     "work",
                     {{"step", "step", Type::kRef, Kind::kStep, Rule::kCascade, {}, true},
                      {"user", "person", Type::kRef, Kind::kUser, Rule::kCascade, {}, true},
                      {"status", "status", Type::kEnum, Kind::kOrg, Rule::kPlain, {"completed", "pending", "reviewed"}},
                      {"completed_at", "completed", Type::kTime, Kind::kOrg, Rule::kPlain, {}, true},
                      {"answer", "answer", Type::kOptText},
                      {"points", "points", Type::kPoints},
                      {"feedback", "feedback", Type::kText},
                      {"reviewer", "reviewer", Type::kRef, Kind::kUser, Rule::kNullable},
                      {"reviewed_at", "reviewed", Type::kTime}},
                     "created_at",
                     true,
                     -1,
                     false,
                     true,
                     2,
                     9,
                     "state"});
    specs.push_back({Kind::kPost,
                     "posts",
                     "post",
                     "posts",
                     "post",
                     {{"step", "step", Type::kRef, Kind::kStep, Rule::kCascade, {}, true},
                      {"user", "person", Type::kRef, Kind::kUser, Rule::kCascade, {}, true},
                      {"body", "text", Type::kText}},
                     "created_at",
                     true});
    specs.push_back({Kind::kDigestChoice,
                     "digest_choices",
                     "digest choice",
                     "digest choices",
                     "digest_choice",
                     {{"user", "person", Type::kRef, Kind::kUser, Rule::kCascade, {}, true},
                      {"group", "group", Type::kRef, Kind::kGroup, Rule::kCascade, {}, true},
                      {"enabled", "weekly digest", Type::kBool}},
                     "created_at",
                     true});
    // Smart groups (F12, F33, F34): a group's rule and its pins and exclusions. The rule is its own kind, not a
    // field of the group: it has its own uid, times and author, a base of its own (a group's digests keep their
    // arity, so sync bases and files of version 2 still read), and merges like a membership of its group (gone
    // with the group, kept with it). Its text names fields, departments, courses and groups by uid; the rule and
    // who set it merge as one, as do an exception's kind, reason and author.
    specs.push_back({Kind::kSmartRule,
                     "smart_rules",
                     "smart rule",
                     "smart rules",
                     "smart_rule",
                     {{"group", "group", Type::kRef, Kind::kGroup, Rule::kCascade, {}, true},
                      {"rule", "rule", Type::kText},
                      {"set_by", "set by", Type::kRef, Kind::kUser, Rule::kNullable}},
                     "created_at",
                     true,
                     -1,
                     false,
                     true,
                     1,
                     3,
                     "rule"});
    specs.push_back({Kind::kSmartException,
                     "smart_exceptions",
                     "pin or exclusion",
                     "pins and exclusions",
                     "smart_exception",
                     {{"group", "group", Type::kRef, Kind::kGroup, Rule::kCascade, {}, true},
                      {"user", "person", Type::kRef, Kind::kUser, Rule::kCascade, {}, true},
                      {"kind", "kind", Type::kEnum, Kind::kOrg, Rule::kPlain, {"pin", "exclude"}},
                      {"reason", "reason", Type::kText},
                      {"by", "by", Type::kRef, Kind::kUser, Rule::kNullable}},
                     "created_at",
                     true,
                     -1,
                     false,
                     true,
                     2,
                     5,
                     "pin or exclusion"});
    specs.push_back({Kind::kAudit,
                     "audit",
                     "audit entry",
                     "audit entries",
                     "audit",
                     {{"actor", "actor", Type::kRef, Kind::kUser, Rule::kSoft},
                      {"actor_name", "actor name", Type::kText},
                      {"action", "action", Type::kText},
                      {"summary", "summary", Type::kText},
                      {"group", "group", Type::kRef, Kind::kGroup, Rule::kSoft},
                      {"group_name", "group name", Type::kText},
                      {"user", "person", Type::kRef, Kind::kUser, Rule::kSoft},
                      {"user_name", "person's name", Type::kText},
                      {"details", "people", Type::kList, Kind::kOrg, Rule::kPlain, {}, false, true}},
                     "at",
                     false,
                     -1,
                     false,
                     false});
    return specs;
}

constexpr const char* kScanSql[kKindCount] = {
    "SELECT uid, name, plan, created_at, updated_at, id FROM org WHERE id = 1",
    "SELECT uid, name, type, choices, created_at, updated_at, id FROM fields ORDER BY uid",
    "SELECT d.uid, d.name, d.slug, p.uid, d.created_at, d.updated_at, d.id FROM departments d "
    "LEFT JOIN departments p ON p.id = d.parent_id ORDER BY d.uid",
    "SELECT uid, name, permissions, created_at, updated_at, id FROM custom_roles ORDER BY uid",
    "SELECT u.uid, u.email, u.first_name, u.last_name, u.status, d.uid, u.activated_at, u.created_at, u.updated_at, "
    "u.id FROM users u LEFT JOIN departments d ON d.id = u.department_id ORDER BY u.uid",
    "SELECT u.uid, f.uid, v.value, v.updated_at, v.user_id, v.field_id FROM user_fields v "
    "JOIN users u ON u.id = v.user_id JOIN fields f ON f.id = v.field_id ORDER BY u.uid, f.uid",
    "SELECT r.uid, u.uid, r.role, c.uid, d.uid, g.uid, r.created_at, r.id FROM org_roles r "
    "JOIN users u ON u.id = r.user_id LEFT JOIN custom_roles c ON c.id = r.custom_role_id "
    "LEFT JOIN departments d ON d.id = r.department_id LEFT JOIN users g ON g.id = r.granted_by ORDER BY r.uid",
    "SELECT g.uid, g.name, g.slug, g.description, p.uid, g.inherit, g.image_mime, g.image, g.created_at, "
    "g.updated_at, g.id FROM groups g LEFT JOIN groups p ON p.id = g.parent_id ORDER BY g.uid",
    // "+uid": a scan in storage order sorted by SQLite's sorter, twice as fast as walking the uid index with a
    // random look-up per row once a database has grown by hand (its uids are random). The group's and the
    // person's uids come from maps in memory (RowUids), not from a look-up per row.
    "SELECT uid, group_id, user_id, role, created_at, updated_at, id FROM memberships ORDER BY +uid",
    "SELECT uid, name, slug, description, created_at, updated_at, id FROM courses ORDER BY uid",
    "SELECT s.uid, c.uid, s.position, s.title, s.kind, s.review, s.points, s.created_at, s.updated_at, s.id "
    "FROM course_steps s JOIN courses c ON c.id = s.course_id ORDER BY s.uid",
    // As memberships: sorted in storage order, the references' uids from maps in memory.
    "SELECT uid, course_id, user_id, created_at, updated_at, id FROM enrolments ORDER BY +uid",
    "SELECT uid, step_id, user_id, status, completed_at, answer, points, feedback, reviewer_id, reviewed_at, "
    "created_at, updated_at, id FROM step_work ORDER BY +uid",
    "SELECT uid, step_id, user_id, body, created_at, updated_at, id FROM posts ORDER BY +uid",
    "SELECT uid, user_id, group_id, enabled, created_at, updated_at, id FROM digest_choices ORDER BY +uid",
    // A rule's row ID is its group's.
    "SELECT uid, group_id, rule, set_by, created_at, updated_at, group_id FROM smart_rules ORDER BY +uid",
    "SELECT uid, group_id, user_id, kind, reason, by_id, created_at, updated_at, id FROM smart_exceptions "
    "ORDER BY +uid",
    // The log names records by uid, and keeps the uid of a record deleted since; the file names only records it
    // holds (a reference whose record is gone is null), so each uid is written only while its record is here.
    "SELECT a.uid, a.at, u.uid, a.actor_name, a.action, a.summary, g.uid, a.group_name, v.uid, a.user_name, a.details, "
    "a.id "
    "FROM audit a LEFT JOIN users u ON u.uid = a.actor_uid LEFT JOIN groups g ON g.uid = a.group_uid "
    "LEFT JOIN users v ON v.uid = a.user_uid ORDER BY a.at, a.uid",
};
constexpr const char* kExternalSql = "SELECT system, value FROM group_external_ids WHERE group_id = ? ORDER BY system";
constexpr const char* kUserExternalsSql =
    "SELECT user_id, system, value FROM user_external_ids ORDER BY user_id, system";
constexpr const char* kDepartmentExternalsSql =
    "SELECT department_id, system, value FROM department_external_ids ORDER BY department_id, system";

constexpr const char* kLoadBase = "SELECT entries FROM sync_base WHERE kind = ? ORDER BY id";
constexpr const char* kClearReceived = "DELETE FROM sync_base WHERE kind NOT LIKE 'merged %'";
constexpr const char* kClearMerged = "DELETE FROM sync_base WHERE kind LIKE 'merged %'";
constexpr const char* kInsertBase = "INSERT INTO sync_base (kind, entries) VALUES (?, ?)";
constexpr const char* kLoadState = "SELECT key, value FROM sync_state";
constexpr const char* kClearState = "DELETE FROM sync_state";
constexpr const char* kSaveState = "INSERT INTO sync_state (key, value) VALUES (?, ?)";
constexpr size_t kChunkBytes = 1 << 20;

void int_text(std::int64_t v, std::string& out) {
    char t[24];
    auto r = std::to_chars(t, t + sizeof t, v);
    out.assign(t, static_cast<size_t>(r.ptr - t));
}

// A nullable whole number: its decimal text, or empty for NULL.
void optional_int_text(Stmt& s, int column, std::string& out) {
    if (s.col_null(column))
        out.clear();
    else
        int_text(s.col_int(column), out);
}

}  // namespace

const KindSpec& spec(Kind kind) {
    static const std::vector<KindSpec> kSpecs = make_specs();
    return kSpecs[static_cast<size_t>(kind)];
}

int fields_in_version(Kind kind, int version) {
    int n = 0;
    for (const auto& f : spec(kind).fields)
        if (f.since <= version) ++n;
    return n;
}

std::uint64_t empty_field_digest() { return fnv1a(std::string_view()); }

std::string counted_records(Kind kind, size_t n) {
    // "work" names one person's work on a step in a conflict ("work Ann Lee on Algebra: Proofs"), but one counted
    // is a piece of it.
    const char* one = kind == Kind::kWork ? "piece of work" : spec(kind).noun;
    return std::to_string(n) + " " + (n == 1 ? one : spec(kind).plural);
}

void digest(const KindSpec& s, const Record& r, std::uint64_t* out) {
    for (size_t i = 0; i < s.fields.size(); ++i) out[i] = fnv1a(r.f[i]);
}

void RowUids::load(Store& store, const char* sql) {
    auto s = store.db().prepare_once(sql);
    std::vector<std::pair<std::int64_t, Uid>> rows;
    std::int64_t max = 0;
    while (s->step()) {
        Uid u;
        if (!parse_uid(s->col_view(1), u)) continue;
        std::int64_t id = s->col_int(0);
        max = std::max(max, id);
        rows.emplace_back(id, u);
    }
    dense_ = max >= 0 && static_cast<size_t>(max) <= 4 * rows.size() + 1024;
    if (dense_) {
        by_index_.assign(static_cast<size_t>(max) + 1, {});
        present_.assign(static_cast<size_t>(max) + 1, false);
        for (const auto& [id, u] : rows) {
            uid_hex(u, by_index_[static_cast<size_t>(id)].data());
            present_[static_cast<size_t>(id)] = true;
        }
    } else {
        for (const auto& [id, u] : rows) uid_hex(u, by_id_[id].data());
    }
}

std::string_view RowUids::find(std::int64_t id) const {
    if (dense_) {
        if (id < 0 || static_cast<size_t>(id) >= by_index_.size() || !present_[static_cast<size_t>(id)]) return {};
        return {by_index_[static_cast<size_t>(id)].data(), 32};
    }
    auto it = by_id_.find(id);
    return it == by_id_.end() ? std::string_view() : std::string_view(it->second.data(), 32);
}

Scanner::Scanner(Store& store, Kind kind) : kind_(kind), stmt_(store.db().prepare_once(kScanSql[index_of(kind)])) {
    if (kind == Kind::kGroup) external_ = store.db().prepare_once(kExternalSql);
    if (kind == Kind::kUser || kind == Kind::kDepartment) {
        auto e = store.db().prepare_once(kind == Kind::kUser ? kUserExternalsSql : kDepartmentExternalsSql);
        while (e->step()) {
            std::string& text = externals_[e->col_int(0)];
            text.append(e->col_view(1));
            text.push_back('\x1f');
            text.append(e->col_view(2));
            text.push_back('\x1e');
        }
    }
    const bool smart = kind == Kind::kSmartRule || kind == Kind::kSmartException;
    if (kind == Kind::kMembership || kind == Kind::kDigestChoice || smart)
        groups_.load(store, "SELECT id, uid FROM groups");
    const bool learner =
        kind == Kind::kEnrolment || kind == Kind::kWork || kind == Kind::kPost || kind == Kind::kDigestChoice || smart;
    if (kind == Kind::kMembership || learner) users_.load(store, "SELECT id, uid FROM users");
    if (kind == Kind::kEnrolment) courses_.load(store, "SELECT id, uid FROM courses");
    if (kind == Kind::kWork || kind == Kind::kPost) steps_.load(store, "SELECT id, uid FROM course_steps");
}

std::string_view Scanner::external_text(std::int64_t rowid) const {
    auto it = externals_.find(rowid);
    return it == externals_.end() ? std::string_view() : std::string_view(it->second);
}

bool Scanner::next(Record& r) {
    Stmt& s = *stmt_;
    if (!s.step()) return false;
    r.key = Key{};
    auto key = [&](int column, Uid& out) {
        if (!parse_uid(s.col_view(column), out))
            throw DbError("a record's uid is not 32 hex digits: " + std::string(s.col_view(column)));
    };
    key(0, r.key.a);
    switch (kind_) {
        case Kind::kOrg:
        case Kind::kCustomRole:
            r.f[0] = s.col_view(1);
            if (kind_ == Kind::kOrg) {
                r.f[1] = s.col_view(2);
            } else {
                int_text(s.col_int(2), s0_);
                r.f[1] = s0_;
            }
            r.created = s.col_int(3);
            r.updated = s.col_int(4);
            rowid_ = s.col_int(5);
            break;
        case Kind::kField:
        case Kind::kDepartment:
            r.f[0] = s.col_view(1);
            r.f[1] = s.col_view(2);
            r.f[2] = s.col_view(3);
            r.created = s.col_int(4);
            r.updated = s.col_int(5);
            rowid_ = s.col_int(6);
            if (kind_ == Kind::kDepartment) r.f[3] = external_text(rowid_);
            break;
        case Kind::kUser:
            for (int i = 0; i < 5; ++i) r.f[static_cast<size_t>(i)] = s.col_view(i + 1);
            if (s.col_null(6)) {
                r.f[5] = {};
            } else {
                int_text(s.col_int(6), s0_);
                r.f[5] = s0_;
            }
            r.created = s.col_int(7);
            r.updated = s.col_int(8);
            rowid_ = s.col_int(9);
            r.f[6] = external_text(rowid_);
            break;
        case Kind::kValue:
            key(1, r.key.b);
            r.f[0] = s.col_view(2);
            r.updated = r.created = s.col_int(3);
            rowid_ = s.col_int(4);
            break;
        case Kind::kOrgRole:
            for (int i = 0; i < 5; ++i) r.f[static_cast<size_t>(i)] = s.col_view(i + 1);
            r.created = r.updated = s.col_int(6);
            rowid_ = s.col_int(7);
            break;
        case Kind::kGroup: {
            for (int i = 0; i < 4; ++i) r.f[static_cast<size_t>(i)] = s.col_view(i + 1);
            r.f[4] = s.col_int(5) ? "true" : "false";
            rowid_ = s.col_int(10);
            Stmt& e = *external_;
            e.reset();
            e.bind(1, rowid_);
            s0_.clear();
            while (e.step()) {
                s0_.append(e.col_view(0));
                s0_.push_back('\x1f');
                s0_.append(e.col_view(1));
                s0_.push_back('\x1e');
            }
            r.f[5] = s0_;
            s1_.clear();
            if (!s.col_null(7)) {
                s1_.append(s.col_view(6));
                s1_.push_back('\0');
                s1_.append(s.col_blob_view(7));
            }
            r.f[6] = s1_;
            r.created = s.col_int(8);
            r.updated = s.col_int(9);
            break;
        }
        case Kind::kMembership:
            r.f[0] = groups_.find(s.col_int(1));
            r.f[1] = users_.find(s.col_int(2));
            r.f[2] = s.col_view(3);
            r.created = s.col_int(4);
            r.updated = s.col_int(5);
            rowid_ = s.col_int(6);
            break;
        case Kind::kCourse:
            for (int i = 0; i < 3; ++i) r.f[static_cast<size_t>(i)] = s.col_view(i + 1);
            r.created = s.col_int(4);
            r.updated = s.col_int(5);
            rowid_ = s.col_int(6);
            break;
        case Kind::kStep:
            r.f[0] = s.col_view(1);
            int_text(s.col_int(2), s0_);
            r.f[1] = s0_;
            r.f[2] = s.col_view(3);
            r.f[3] = s.col_view(4);
            r.f[4] = s.col_int(5) ? "true" : "false";
            optional_int_text(s, 6, s1_);
            r.f[5] = s1_;
            r.created = s.col_int(7);
            r.updated = s.col_int(8);
            rowid_ = s.col_int(9);
            break;
        case Kind::kEnrolment:
            r.f[0] = courses_.find(s.col_int(1));
            r.f[1] = users_.find(s.col_int(2));
            r.created = s.col_int(3);
            r.updated = s.col_int(4);
            rowid_ = s.col_int(5);
            break;
        case Kind::kWork:
            r.f[0] = steps_.find(s.col_int(1));
            r.f[1] = users_.find(s.col_int(2));
            r.f[2] = s.col_view(3);
            int_text(s.col_int(4), s0_);
            r.f[3] = s0_;
            s1_.clear();
            if (!s.col_null(5)) {
                s1_.append(s.col_view(5));
                s1_.push_back('\n');
            }
            r.f[4] = s1_;
            optional_int_text(s, 6, s2_);
            r.f[5] = s2_;
            r.f[6] = s.col_view(7);
            r.f[7] = s.col_null(8) ? std::string_view() : users_.find(s.col_int(8));
            optional_int_text(s, 9, s3_);
            r.f[8] = s3_;
            r.created = s.col_int(10);
            r.updated = s.col_int(11);
            rowid_ = s.col_int(12);
            break;
        case Kind::kPost:
            r.f[0] = steps_.find(s.col_int(1));
            r.f[1] = users_.find(s.col_int(2));
            r.f[2] = s.col_view(3);
            r.created = s.col_int(4);
            r.updated = s.col_int(5);
            rowid_ = s.col_int(6);
            break;
        case Kind::kDigestChoice:
            r.f[0] = users_.find(s.col_int(1));
            r.f[1] = groups_.find(s.col_int(2));
            r.f[2] = s.col_int(3) ? "true" : "false";
            r.created = s.col_int(4);
            r.updated = s.col_int(5);
            rowid_ = s.col_int(6);
            break;
        case Kind::kSmartRule:
            r.f[0] = groups_.find(s.col_int(1));
            r.f[1] = s.col_view(2);
            r.f[2] = s.col_null(3) ? std::string_view() : users_.find(s.col_int(3));
            r.created = s.col_int(4);
            r.updated = s.col_int(5);
            rowid_ = s.col_int(6);
            break;
        case Kind::kSmartException:
            r.f[0] = groups_.find(s.col_int(1));
            r.f[1] = users_.find(s.col_int(2));
            r.f[2] = s.col_view(3);
            r.f[3] = s.col_view(4);
            r.f[4] = s.col_null(5) ? std::string_view() : users_.find(s.col_int(5));
            r.created = s.col_int(6);
            r.updated = s.col_int(7);
            rowid_ = s.col_int(8);
            break;
        case Kind::kAudit:
            r.created = r.updated = s.col_int(1);
            for (int i = 0; i < 9; ++i) r.f[static_cast<size_t>(i)] = s.col_view(i + 2);
            rowid_ = s.col_int(11);
            break;
    }
    return true;
}

// ---- the sync base

Key BaseTable::key_at(size_t i) const {
    Key k;
    std::memcpy(&k, entries.data() + i * entry_size(), static_cast<size_t>(key_size));
    return k;
}

std::uint64_t BaseTable::digest_at(size_t i, int field) const {
    std::uint64_t v;
    std::memcpy(&v, entries.data() + i * entry_size() + static_cast<size_t>(key_size) + 8 * static_cast<size_t>(field),
                8);
    return v;
}

size_t BaseTable::find(const Key& key) const {
    size_t lo = 0, hi = count();
    const size_t es = entry_size();
    const char* base = entries.data();
    const auto* k = reinterpret_cast<const char*>(&key);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = std::memcmp(base + mid * es, k, static_cast<size_t>(key_size));
        if (c == 0) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return count();
}

void BaseTable::append(const Key& key, const std::uint64_t* d) {
    entries.append(reinterpret_cast<const char*>(&key), static_cast<size_t>(key_size));
    entries.append(reinterpret_cast<const char*>(d), 8 * static_cast<size_t>(fields));
}

Base empty_base() {
    Base b;
    for (int k = 0; k < kKindCount; ++k) {
        Kind kind = static_cast<Kind>(k);
        b.kinds[static_cast<size_t>(k)].key_size = kind == Kind::kValue ? 32 : 16;
        b.kinds[static_cast<size_t>(k)].fields = static_cast<int>(spec(kind).fields.size());
    }
    return b;
}

namespace {

std::string set_kind(BaseSet set, Kind kind) {
    return std::string(set == BaseSet::kMerged ? "merged " : "") + spec(kind).sync_name;
}

}  // namespace

BaseTable load_base_kind(Store& store, BaseSet set, Kind kind) {
    BaseTable t = empty_base().kinds[static_cast<size_t>(index_of(kind))];
    if (!spec(kind).in_base) return t;
    auto s = store.db().prepare_once(kLoadBase);
    s->bind(1, set_kind(set, kind));
    while (s->step()) t.entries.append(s->col_blob_view(0));
    if (t.entries.size() % t.entry_size() != 0) throw DbError("the sync base is damaged");
    // A base saved before format version 5 (schema migration 10 renamed it "person@4"): each entry lacks the
    // digests of the fields that came since, which were empty then.
    const int old_fields = fields_in_version(kind, 4);
    if (t.entries.empty() && old_fields < t.fields) {
        std::string old;
        s->reset();
        s->bind(1, set_kind(set, kind) + "@4");
        while (s->step()) old.append(s->col_blob_view(0));
        const size_t old_size = static_cast<size_t>(t.key_size + 8 * old_fields);
        if (old.size() % old_size != 0) throw DbError("the sync base is damaged");
        const std::uint64_t empty = empty_field_digest();
        std::string pad;
        for (int i = old_fields; i < t.fields; ++i) pad.append(reinterpret_cast<const char*>(&empty), 8);
        t.entries.reserve(old.size() / old_size * t.entry_size());
        for (size_t at = 0; at < old.size(); at += old_size) {
            t.entries.append(old, at, old_size);
            t.entries.append(pad);
        }
    }
    return t;
}

Base load_base(Store& store, BaseSet set) {
    Base b = empty_base();
    for (int k = 0; k < kKindCount; ++k)
        b.kinds[static_cast<size_t>(k)] = load_base_kind(store, set, static_cast<Kind>(k));
    return b;
}

void save_base(Store& store, BaseSet set, const Base& base) {
    { store.db().prepare_once(set == BaseSet::kMerged ? kClearMerged : kClearReceived)->run(); }
    auto s = store.db().prepare_once(kInsertBase);
    for (int k = 0; k < kKindCount; ++k) {
        const BaseTable& t = base.kinds[static_cast<size_t>(k)];
        if (!spec(static_cast<Kind>(k)).in_base) continue;
        std::string name = set_kind(set, static_cast<Kind>(k));
        const size_t per_chunk = std::max<size_t>(1, kChunkBytes / t.entry_size()) * t.entry_size();
        for (size_t at = 0; at < t.entries.size(); at += per_chunk) {
            size_t n = std::min(per_chunk, t.entries.size() - at);
            s->reset();
            s->bind_view(1, name).bind_blob_view(2, std::string_view(t.entries).substr(at, n));
            s->run();
        }
    }
}

std::uint64_t fingerprint(const Base& base) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (int k = 0; k < kKindCount; ++k) {
        const BaseTable& t = base.kinds[static_cast<size_t>(k)];
        if (!spec(static_cast<Kind>(k)).in_base) continue;
        h ^= static_cast<std::uint64_t>(k) + 1;
        h *= 0x100000001b3ull;
        for (unsigned char c : t.entries) {
            h ^= c;
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

namespace {

// The settled conflicts as save_sync_state writes them, one a line: "kind key field digest side"; a line
// that does not read (a kind or field unknown to this version) is skipped.
void load_settled(std::string_view text, std::vector<SettledConflict>& out) {
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        std::string_view parts[5];
        size_t n = 0;
        while (n < 5 && !line.empty()) {
            size_t sp = line.find(' ');
            parts[n++] = line.substr(0, sp);
            line.remove_prefix(sp == std::string_view::npos ? line.size() : sp + 1);
        }
        if (n != 5) continue;
        SettledConflict c;
        bool known = false;
        for (int k = 0; k < kKindCount && !known; ++k) {
            Kind kind = static_cast<Kind>(k);
            if (spec(kind).in_base && parts[0] == spec(kind).sync_name) {
                c.kind = kind;
                known = true;
            }
        }
        if (!known) continue;
        std::string_view a = parts[1].substr(0, 32), b = parts[1].size() > 33 ? parts[1].substr(33) : "";
        if (!parse_uid(a, c.key.a) || (c.kind == Kind::kValue && !parse_uid(b, c.key.b))) continue;
        c.field = -1;
        if (parts[2] != "-") {
            const auto& fields = spec(c.kind).fields;
            for (size_t i = 0; i < fields.size(); ++i)
                if (parts[2] == fields[i].key) c.field = static_cast<int>(i);
            if (c.field < 0) continue;
        }
        if (parts[3].size() != 16 ||
            std::from_chars(parts[3].data(), parts[3].data() + 16, c.theirs, 16).ec != std::errc()) {
            continue;
        }
        c.kept_ours = parts[4] == "ours";
        out.push_back(c);
    }
}

}  // namespace

SyncState load_sync_state(Store& store) {
    SyncState state;
    auto s = store.db().prepare_once(kLoadState);
    while (s->step()) {
        std::string_view key = s->col_view(0), value = s->col_view(1);
        if (key == "received") {
            state.received = true;
            state.restored = value == "restored";
        } else if (key == "merged") {
            for (size_t at = 0; at + 16 <= value.size(); at += 17) {
                std::uint64_t v = 0;
                if (std::from_chars(value.data() + at, value.data() + at + 16, v, 16).ec == std::errc()) {
                    state.merged.push_back(v);
                }
            }
        } else if (key == "merged base") {
            state.merged_base = value == "kept";
        } else if (key == "settled") {
            load_settled(value, state.settled);
        }
    }
    return state;
}

void save_sync_state(Store& store, const SyncState& state) {
    { store.db().prepare_once(kClearState)->run(); }
    auto s = store.db().prepare_once(kSaveState);
    auto put = [&](const char* key, const std::string& value) {
        s->reset();
        s->bind(1, key).bind(2, value);
        s->run();
    };
    if (state.received) put("received", state.restored ? "restored" : "merged");
    if (!state.merged.empty()) {
        std::string list;
        for (std::uint64_t h : state.merged) {
            char t[17];
            auto r = std::to_chars(t, t + 16, h, 16);
            if (!list.empty()) list.push_back(' ');
            list += std::string(static_cast<size_t>(16 - (r.ptr - t)), '0') + std::string(t, r.ptr);
        }
        put("merged", list);
    }
    if (state.merged_base) put("merged base", "kept");
    if (!state.settled.empty()) {
        std::string text;
        for (const SettledConflict& c : state.settled) {
            const KindSpec& s = spec(c.kind);
            char digest[17];
            auto r = std::to_chars(digest, digest + 16, c.theirs, 16);
            text += std::string(s.sync_name) + " " + key_text(c.kind, c.key) + " " +
                    (c.field < 0 ? std::string("-") : std::string(s.fields[static_cast<size_t>(c.field)].key)) + " " +
                    std::string(static_cast<size_t>(16 - (r.ptr - digest)), '0') + std::string(digest, r.ptr) + " " +
                    (c.kept_ours ? "ours" : "theirs") + "\n";
        }
        put("settled", text);
    }
}

void apply_patches(Base& base, const std::vector<BasePatch>& patches) {
    size_t i = 0;
    while (i < patches.size()) {
        Kind kind = patches[i].kind;
        BaseTable& t = base.kinds[static_cast<size_t>(index_of(kind))];
        size_t j = i;
        while (j < patches.size() && patches[j].kind == kind) ++j;
        std::string merged;
        merged.reserve(t.entries.size());
        const size_t es = t.entry_size();
        size_t e = 0, n = t.count();
        for (size_t p = i; p < j; ++p) {
            const BasePatch& patch = patches[p];
            while (e < n && t.key_at(e) < patch.key) {
                merged.append(t.entries, e * es, es);
                ++e;
            }
            if (e < n && t.key_at(e) == patch.key) ++e;  // replaced or removed
            if (patch.present) {
                merged.append(reinterpret_cast<const char*>(&patch.key), static_cast<size_t>(t.key_size));
                merged.append(reinterpret_cast<const char*>(patch.digest.data()), 8 * patch.digest.size());
            }
        }
        merged.append(t.entries, e * es, std::string::npos);
        t.entries = std::move(merged);
        i = j;
    }
}

std::string key_text(Kind kind, const Key& key) {
    std::string s = uid_text(key.a);
    if (kind == Kind::kValue) s += "/" + uid_text(key.b);
    return s;
}

std::vector<RuleRefSpan> rule_refs(std::string_view rule) {
    std::vector<RuleRefSpan> out;
    // The last words before a string (keywords ignore case); anything else between clears them.
    std::string words[3];
    auto push = [&](std::string w) {
        words[0] = std::move(words[1]);
        words[1] = std::move(words[2]);
        words[2] = std::move(w);
    };
    size_t i = 0;
    while (i < rule.size()) {
        const char c = rule[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '"') {
            const size_t begin = ++i;
            while (i < rule.size() && rule[i] != '"') i += rule[i] == '\\' ? 2 : 1;
            const size_t end = std::min(i, rule.size());
            ++i;
            std::optional<Kind> kind;
            if (words[2] == "field") kind = Kind::kField;
            if (words[2] == "course") kind = Kind::kCourse;
            if (words[2] == "group") kind = Kind::kGroup;
            if ((words[1] == "department" && words[2] == "is") ||
                (words[0] == "department" && words[1] == "is" && words[2] == "under")) {
                kind = Kind::kDepartment;
            }
            if (kind) out.push_back({begin, end, *kind});
            push("\"");
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            std::string w;
            for (; i < rule.size() && ((rule[i] >= 'a' && rule[i] <= 'z') || (rule[i] >= 'A' && rule[i] <= 'Z')); ++i)
                w.push_back(static_cast<char>(rule[i] >= 'A' && rule[i] <= 'Z' ? rule[i] - 'A' + 'a' : rule[i]));
            push(std::move(w));
        } else {
            ++i;
            push(std::string(1, c));
        }
    }
    return out;
}

}  // namespace grove::exchange
