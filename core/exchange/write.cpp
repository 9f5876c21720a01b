// Exchange records into the database with statements kept per slot; uids resolved to row IDs in memory.
#include "core/exchange/write.h"

#include <charconv>
#include <optional>
#include <string>

namespace grove::exchange {

// ---- UidMap

void UidMap::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    count_ = used_ = 0;
    for (const Slot& s : old)
        if (s.rowid > 0) insert(s.uid, s.rowid);
}

void UidMap::insert(const Uid& uid, std::int64_t rowid) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    size_t i = UidHash{}(uid)&mask;
    for (;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.rowid == 0) {
            s.uid = uid;
            s.rowid = rowid;
            ++count_;
            ++used_;
            return;
        }
        if (s.rowid > 0 && s.uid == uid) {
            s.rowid = rowid;
            return;
        }
    }
}

std::int64_t UidMap::find(const Uid& uid) const {
    if (slots_.empty()) return 0;
    size_t mask = slots_.size() - 1;
    for (size_t i = UidHash{}(uid)&mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.rowid == 0) return 0;
        if (s.rowid > 0 && s.uid == uid) return s.rowid;
    }
}

void UidMap::erase(const Uid& uid) {
    if (slots_.empty()) return;
    size_t mask = slots_.size() - 1;
    for (size_t i = UidHash{}(uid)&mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.rowid == 0) return;
        if (s.rowid > 0 && s.uid == uid) {
            s.rowid = -1;
            --count_;
            return;
        }
    }
}

// ---- DbWriter

namespace {

enum Slot : int {
    kInsertOrg,
    kInsertField,
    kInsertDepartment,
    kInsertCustomRole,
    kInsertUser,
    kInsertValue,
    kInsertOrgRole,
    kInsertGroup,
    kInsertMembership,
    kInsertCourse,
    kInsertStep,
    kInsertEnrolment,
    kInsertWork,
    kInsertPost,
    kInsertDigestChoice,
    kInsertSmartRule,
    kInsertSmartException,
    kInsertAudit,
    kInsertExternal,
    kUpdateOrg,
    kUpdateField,
    kUpdateDepartment,
    kUpdateCustomRole,
    kUpdateUser,
    kUpdateValue,
    kUpdateOrgRole,
    kUpdateGroup,
    kUpdateMembership,
    kUpdateCourse,
    kUpdateStep,
    kUpdateEnrolment,
    kUpdateWork,
    kUpdatePost,
    kUpdateDigestChoice,
    kUpdateSmartRule,
    kUpdateSmartException,
    kUpdateAudit,
    kDeleteExternal,
    kDeleteField,
    kDeleteDepartment,
    kDeleteCustomRole,
    kDeleteUser,
    kDeleteValue,
    kDeleteOrgRole,
    kDeleteGroup,
    kDeleteMembership,
    kDeleteCourse,
    kDeleteStep,
    kDeleteEnrolment,
    kDeleteWork,
    kDeletePost,
    kDeleteDigestChoice,
    kDeleteSmartRule,
    kDeleteSmartException,
    kParentDepartment,
    kParentGroup,
    kParkField,
    kParkDepartment,
    kParkCustomRole,
    kParkUser,
    kParkGroup,
    kParkCourse,
    kInsertUserExternal,
    kInsertDepartmentExternal,
    kDeleteUserExternal,
    kDeleteDepartmentExternal,
    kSlotCount,
};
static_assert(kInsertAudit - kInsertOrg == static_cast<int>(Kind::kAudit), "one insert slot per kind, in kind order");
static_assert(kUpdateAudit - kUpdateOrg == static_cast<int>(Kind::kAudit), "one update slot per kind, in kind order");
static_assert(kDeleteSmartException - (kDeleteField - 1) == static_cast<int>(Kind::kSmartException),
              "one delete slot per kind from fields on, in kind order");

// OR FAIL: each statement writes one row (and the member count its trigger keeps), a failure comes before
// any write, and any failure abandons the whole import; so SQLite need not keep a statement journal, a
// copy of every page each insert touches, which took a third of a restore's time.
constexpr const char* kInsertSql[kKindCount] = {
    "INSERT OR FAIL INTO org (id, uid, name, plan, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO fields (uid, name, type, choices, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO departments (uid, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO custom_roles (uid, name, permissions, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO users (uid, email, first_name, last_name, status, department_id, activated_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)",
    "INSERT OR FAIL INTO org_roles (uid, user_id, role, custom_role_id, department_id, granted_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO groups (uid, name, slug, description, inherit, image_mime, image, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO courses (uid, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO enrolments (uid, course_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO step_work (uid, step_id, user_id, status, completed_at, answer, points, feedback, "
    "reviewer_id, reviewed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO posts (uid, step_id, user_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO digest_choices (uid, user_id, group_id, enabled, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO smart_rules (uid, group_id, rule, set_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO smart_exceptions (uid, group_id, user_id, kind, reason, by_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT OR FAIL INTO audit (uid, at, actor_uid, actor_name, action, summary, group_uid, group_name, user_uid, "
    "user_name, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};
// The same columns as the inserts (less the uid), then the row ID.
constexpr const char* kUpdateSql[kKindCount] = {
    "UPDATE OR FAIL org SET name = ?, plan = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL fields SET name = ?, type = ?, choices = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL departments SET name = ?, slug = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL custom_roles SET name = ?, permissions = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL users SET email = ?, first_name = ?, last_name = ?, status = ?, department_id = ?, activated_at = "
    "?, "
    "created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL user_fields SET value = ?, updated_at = ? WHERE user_id = ? AND field_id = ?",
    "UPDATE OR FAIL org_roles SET user_id = ?, role = ?, custom_role_id = ?, department_id = ?, granted_by = ?, "
    "created_at = ? WHERE id = ?",
    "UPDATE OR FAIL groups SET name = ?, slug = ?, description = ?, inherit = ?, image_mime = ?, image = ?, created_at "
    "= ?, "
    "updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL memberships SET role = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL courses SET name = ?, slug = ?, description = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL course_steps SET course_id = ?, position = ?, title = ?, kind = ?, review = ?, points = ?, "
    "created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL enrolments SET course_id = ?, user_id = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL step_work SET step_id = ?, user_id = ?, status = ?, completed_at = ?, answer = ?, points = ?, "
    "feedback = ?, reviewer_id = ?, reviewed_at = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL posts SET step_id = ?, user_id = ?, body = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL digest_choices SET user_id = ?, group_id = ?, enabled = ?, created_at = ?, updated_at = ? "
    "WHERE id = ?",
    "UPDATE OR FAIL smart_rules SET group_id = ?, rule = ?, set_by = ?, created_at = ?, updated_at = ? "
    "WHERE group_id = ?",
    "UPDATE OR FAIL smart_exceptions SET group_id = ?, user_id = ?, kind = ?, reason = ?, by_id = ?, created_at = ?, "
    "updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL audit SET at = ?, actor_uid = ?, actor_name = ?, action = ?, summary = ?, group_uid = ?, "
    "group_name = ?, user_uid = ?, user_name = ?, details = ? WHERE id = ?",
};
constexpr const char* kDeleteSql[kKindCount] = {
    nullptr,
    "DELETE FROM fields WHERE id = ?",
    "DELETE FROM departments WHERE id = ?",
    "DELETE FROM custom_roles WHERE id = ?",
    "DELETE FROM users WHERE id = ?",
    "DELETE FROM user_fields WHERE user_id = ? AND field_id = ?",
    "DELETE FROM org_roles WHERE id = ?",
    "DELETE FROM groups WHERE id = ?",
    "DELETE FROM memberships WHERE id = ?",
    "DELETE FROM courses WHERE id = ?",
    "DELETE FROM course_steps WHERE id = ?",
    "DELETE FROM enrolments WHERE id = ?",
    "DELETE FROM step_work WHERE id = ?",
    "DELETE FROM posts WHERE id = ?",
    "DELETE FROM digest_choices WHERE id = ?",
    "DELETE FROM smart_rules WHERE group_id = ?",
    "DELETE FROM smart_exceptions WHERE id = ?",
    nullptr,
};
constexpr const char* kInsertExternalSql =
    "INSERT OR FAIL INTO group_external_ids (group_id, system, value) VALUES (?, ?, ?)";
constexpr const char* kDeleteExternalSql = "DELETE FROM group_external_ids WHERE group_id = ?";
constexpr const char* kInsertUserExternalSql =
    "INSERT OR FAIL INTO user_external_ids (user_id, system, value) VALUES (?, ?, ?)";
constexpr const char* kDeleteUserExternalSql = "DELETE FROM user_external_ids WHERE user_id = ?";
constexpr const char* kInsertDepartmentExternalSql =
    "INSERT OR FAIL INTO department_external_ids (department_id, system, value) VALUES (?, ?, ?)";
constexpr const char* kDeleteDepartmentExternalSql = "DELETE FROM department_external_ids WHERE department_id = ?";

// The field of a kind that holds its external IDs (kept in a table of their own), or -1.
int external_field(Kind kind) {
    switch (kind) {
        case Kind::kGroup: return 5;
        case Kind::kUser: return 6;
        case Kind::kDepartment: return 3;
        default: return -1;
    }
}
constexpr const char* kParentDepartmentSql = "UPDATE departments SET parent_id = ? WHERE id = ?";
constexpr const char* kParentGroupSql = "UPDATE groups SET parent_id = ? WHERE id = ?";
constexpr const char* kParkSql[kKindCount] = {
    nullptr,
    "UPDATE fields SET name = ? WHERE id = ?",
    "UPDATE departments SET slug = ? WHERE id = ?",
    "UPDATE custom_roles SET name = ? WHERE id = ?",
    "UPDATE users SET email = ? WHERE id = ?",
    nullptr,
    nullptr,
    "UPDATE groups SET slug = ? WHERE id = ?",
    nullptr,
    "UPDATE courses SET slug = ? WHERE id = ?",
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

std::int64_t as_int(std::string_view text) {
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

void bind_id(Stmt& s, int i, std::int64_t id) {
    if (id > 0)
        s.bind(i, id);
    else
        s.bind(i, std::nullopt);
}

}  // namespace

DbWriter::DbWriter(Store& store) : store_(store) { stmts_.resize(kSlotCount); }

Stmt& DbWriter::stmt(int slot, const char* sql) {
    // Owned here, indexed by slot: a look-up by SQL text in the Db cache would cost a hash per record.
    std::unique_ptr<Stmt>& s = stmts_[static_cast<size_t>(slot)];
    if (!s) s = store_.db().prepare_once(sql);
    return *s;
}

bool DbWriter::run(Stmt& s) {
    // A record the data itself does not allow (a second person with the same email): the caller says where.
    return s.run_unless_constraint(constraint_);
}

std::int64_t DbWriter::ref(const FieldSpec& f, std::string_view hex) {
    if (hex.empty()) return 0;
    Uid u;
    if (!parse_uid(hex, u)) return -1;
    std::int64_t id = ids(f.ref).find(u);
    return id > 0 ? id : -1;
}

// Binds a kind's fields in order, from parameter `at` on. Self references (parents) are skipped.
bool DbWriter::bind_fields(Kind kind, Stmt& s, const Record& r, int& missing, int& at) {
    const KindSpec& ks = spec(kind);
    for (size_t i = 0; i < ks.fields.size(); ++i) {
        const FieldSpec& f = ks.fields[i];
        std::string_view v = r.f[i];
        switch (f.type) {
            case Type::kRef: {
                if (f.ref == kind) continue;  // the parent, set by set_parent
                std::int64_t id = ref(f, v);
                if (f.rule == Rule::kSoft) {
                    // The audit log names records by uid, never by row ID (a later record may take a deleted
                    // one's): the uid of a record the organisation holds, else none, as the file says.
                    if (id > 0)
                        s.bind_view(at++, v);
                    else
                        s.bind(at++, std::nullopt);
                    break;
                }
                if (id < 0) {
                    missing = static_cast<int>(i);
                    return false;
                }
                refs_[i] = id;
                bind_id(s, at++, id);
                break;
            }
            case Type::kBool: s.bind(at++, v == "true" ? 1 : 0); break;
            case Type::kTime:
                if (v.empty())
                    s.bind(at++, std::nullopt);
                else
                    s.bind(at++, as_int(v));
                break;
            case Type::kPerms:
            case Type::kInt: s.bind(at++, as_int(v)); break;
            case Type::kPoints:
                if (v.empty())
                    s.bind(at++, std::nullopt);
                else
                    s.bind(at++, as_int(v));
                break;
            case Type::kOptText:
                if (v.empty())
                    s.bind(at++, std::nullopt);
                else
                    s.bind_view(at++, v.substr(0, v.size() - 1));
                break;
            case Type::kExternal: continue;  // its own table
            case Type::kImage: {
                size_t nul = v.find('\0');
                if (v.empty() || nul == std::string_view::npos) {
                    s.bind_view(at++, "");
                    s.bind(at++, std::nullopt);
                } else {
                    s.bind_view(at++, v.substr(0, nul));
                    s.bind_blob_view(at++, v.substr(nul + 1));
                }
                break;
            }
            default: s.bind_view(at++, v);
        }
    }
    return true;
}

bool DbWriter::constraint_failed(int& missing) {
    missing = -2;
    return false;
}

void DbWriter::must(Stmt& s, const char* what) {
    if (!run(s)) throw DbError(std::string(what) + ": " + constraint_);
}

bool DbWriter::insert(Kind kind, const Record& r, int& missing) {
    Stmt& s = stmt(kInsertOrg + index_of(kind), kInsertSql[index_of(kind)]);
    char uid[32];
    uid_hex(r.key.a, uid);
    int at = 1;
    switch (kind) {
        case Kind::kValue: {
            std::int64_t user = ids(Kind::kUser).find(r.key.a), field = ids(Kind::kField).find(r.key.b);
            if (user <= 0 || field <= 0) {
                missing = -1;
                s.reset();
                return false;
            }
            s.bind(1, user);
            s.bind(2, field);
            s.bind_view(3, r.f[0]);
            s.bind(4, r.updated);
            if (!run(s)) return constraint_failed(missing);
            return true;
        }
        case Kind::kAudit:
            s.bind_view(at++, std::string_view(uid, 32));
            s.bind(at++, r.created);
            if (!bind_fields(kind, s, r, missing, at)) return false;
            if (!run(s)) return constraint_failed(missing);
            last_ = store_.db().last_insert_id();
            return true;
        default: break;
    }
    s.bind_view(at++, std::string_view(uid, 32));
    if (!bind_fields(kind, s, r, missing, at)) {
        s.reset();
        return false;
    }
    s.bind(at++, r.created);
    if (spec(kind).has_updated) s.bind(at++, r.updated);
    if (!run(s)) return constraint_failed(missing);
    last_ = store_.db().last_insert_id();
    // Only the kinds that other records name by uid.
    if (kind != Kind::kMembership && kind != Kind::kOrgRole && kind != Kind::kEnrolment && kind != Kind::kWork &&
        kind != Kind::kPost && kind != Kind::kDigestChoice && kind != Kind::kSmartRule &&
        kind != Kind::kSmartException) {
        ids(kind).insert(r.key.a, last_);
    }
    const int external = external_field(kind);
    if (external >= 0 && !r.f[static_cast<size_t>(external)].empty() &&
        !write_externals(kind, last_, r.f[static_cast<size_t>(external)], false)) {
        return constraint_failed(missing);
    }
    return true;
}

bool DbWriter::write_externals(Kind kind, std::int64_t rowid, std::string_view text, bool replace) {
    const bool user = kind == Kind::kUser, department = kind == Kind::kDepartment;
    if (replace) {
        Stmt& d = user         ? stmt(kDeleteUserExternal, kDeleteUserExternalSql)
                  : department ? stmt(kDeleteDepartmentExternal, kDeleteDepartmentExternalSql)
                               : stmt(kDeleteExternal, kDeleteExternalSql);
        d.bind(1, rowid);
        if (!run(d)) return false;
    }
    Stmt& e = user         ? stmt(kInsertUserExternal, kInsertUserExternalSql)
              : department ? stmt(kInsertDepartmentExternal, kInsertDepartmentExternalSql)
                           : stmt(kInsertExternal, kInsertExternalSql);
    std::string_view rest = text;
    while (!rest.empty()) {
        size_t us = rest.find('\x1f'), rs = rest.find('\x1e');
        if (us == std::string_view::npos || rs == std::string_view::npos || us > rs) break;
        e.bind(1, rowid);
        e.bind_view(2, rest.substr(0, us));
        e.bind_view(3, rest.substr(us + 1, rs - us - 1));
        if (!run(e)) return false;
        rest.remove_prefix(rs + 1);
    }
    return true;
}

bool DbWriter::update(Kind kind, std::int64_t rowid, const Record& r, int& missing) {
    Stmt& s = stmt(kUpdateOrg + index_of(kind), kUpdateSql[index_of(kind)]);
    int at = 1;
    switch (kind) {
        case Kind::kValue:
            s.bind_view(1, r.f[0]);
            s.bind(2, r.updated);
            s.bind(3, ids(Kind::kUser).find(r.key.a));
            s.bind(4, ids(Kind::kField).find(r.key.b));
            if (!run(s)) return constraint_failed(missing);
            return true;
        case Kind::kMembership:
            s.bind_view(1, r.f[2]);
            s.bind(2, r.created);
            s.bind(3, r.updated);
            s.bind(4, rowid);
            if (!run(s)) return constraint_failed(missing);
            return true;
        case Kind::kAudit:
            s.bind(at++, r.created);
            bind_fields(kind, s, r, missing, at);
            s.bind(at++, rowid);
            if (!run(s)) return constraint_failed(missing);
            return true;
        default: break;
    }
    if (!bind_fields(kind, s, r, missing, at)) {
        s.reset();
        return false;
    }
    s.bind(at++, r.created);
    if (spec(kind).has_updated) s.bind(at++, r.updated);
    s.bind(at++, rowid);
    if (!run(s)) return constraint_failed(missing);
    const int external = external_field(kind);
    if (external >= 0 && !write_externals(kind, rowid, r.f[static_cast<size_t>(external)], true))
        return constraint_failed(missing);
    return true;
}

void DbWriter::remove(Kind kind, std::int64_t rowid, const Record* value_key) {
    Stmt& s = stmt(kDeleteField - 1 + index_of(kind), kDeleteSql[index_of(kind)]);
    if (kind == Kind::kValue) {
        s.bind(1, ids(Kind::kUser).find(value_key->key.a));
        s.bind(2, ids(Kind::kField).find(value_key->key.b));
    } else {
        s.bind(1, rowid);
    }
    // The audit log is left as it is: it names people and groups by uid, which no later record takes, so its
    // entries keep naming the deleted record (shown as deleted; the file writes the reference as null).
    must(s, "deleting a record");
}

void DbWriter::set_parent(Kind kind, std::int64_t rowid, std::int64_t parent) {
    Stmt& s =
        kind == Kind::kGroup ? stmt(kParentGroup, kParentGroupSql) : stmt(kParentDepartment, kParentDepartmentSql);
    bind_id(s, 1, parent);
    s.bind(2, rowid);
    must(s, "setting a parent");
}

void DbWriter::park_unique(Kind kind, std::int64_t rowid, const Uid& uid) {
    int slot = kind == Kind::kField        ? kParkField
               : kind == Kind::kDepartment ? kParkDepartment
               : kind == Kind::kCustomRole ? kParkCustomRole
               : kind == Kind::kUser       ? kParkUser
               : kind == Kind::kCourse     ? kParkCourse
                                           : kParkGroup;
    Stmt& s = stmt(slot, kParkSql[index_of(kind)]);
    std::string parked = "\x01merging " + uid_text(uid);
    s.bind(1, parked);
    s.bind(2, rowid);
    must(s, "moving a key aside");
}

}  // namespace grove::exchange
