// Exchange records into the database with cached raw statements; uids resolved to row IDs in memory.
#include "core/exchange/write.h"

#include <sqlite3.h>

#include <charconv>
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
    size_t i = UidHash{}(uid) & mask;
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
    for (size_t i = UidHash{}(uid) & mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.rowid == 0) return 0;
        if (s.rowid > 0 && s.uid == uid) return s.rowid;
    }
}

void UidMap::erase(const Uid& uid) {
    if (slots_.empty()) return;
    size_t mask = slots_.size() - 1;
    for (size_t i = UidHash{}(uid) & mask;; i = (i + 1) & mask) {
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
    kParentDepartment,
    kParentGroup,
    kParkField,
    kParkDepartment,
    kParkCustomRole,
    kParkUser,
    kParkGroup,
    kAuditActor,
    kAuditGroup,
    kAuditUser,
    kSlotCount,
};

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
    "INSERT OR FAIL INTO audit (uid, at, actor_id, actor_name, action, summary, group_id, group_name, user_id, user_name) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};
// The same columns as the inserts (less the uid), then the row ID.
constexpr const char* kUpdateSql[kKindCount] = {
    "UPDATE OR FAIL org SET name = ?, plan = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL fields SET name = ?, type = ?, choices = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL departments SET name = ?, slug = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL custom_roles SET name = ?, permissions = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL users SET email = ?, first_name = ?, last_name = ?, status = ?, department_id = ?, activated_at = ?, "
    "created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL user_fields SET value = ?, updated_at = ? WHERE user_id = ? AND field_id = ?",
    "UPDATE OR FAIL org_roles SET user_id = ?, role = ?, custom_role_id = ?, department_id = ?, granted_by = ?, "
    "created_at = ? WHERE id = ?",
    "UPDATE OR FAIL groups SET name = ?, slug = ?, description = ?, inherit = ?, image_mime = ?, image = ?, created_at = ?, "
    "updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL memberships SET role = ?, created_at = ?, updated_at = ? WHERE id = ?",
    "UPDATE OR FAIL audit SET at = ?, actor_id = ?, actor_name = ?, action = ?, summary = ?, group_id = ?, group_name = ?, "
    "user_id = ?, user_name = ? WHERE id = ?",
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
    nullptr,
};
constexpr const char* kInsertExternalSql = "INSERT OR FAIL INTO group_external_ids (group_id, system, value) VALUES (?, ?, ?)";
constexpr const char* kDeleteExternalSql = "DELETE FROM group_external_ids WHERE group_id = ?";
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
    nullptr,
};

std::int64_t as_int(std::string_view text) {
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
    sqlite3_bind_text64(s, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void bind_id(sqlite3_stmt* s, int i, std::int64_t id) {
    if (id > 0) sqlite3_bind_int64(s, i, id);
    else sqlite3_bind_null(s, i);
}

}  // namespace

DbWriter::DbWriter(Store& store) : store_(store) { stmts_.resize(kSlotCount); }

sqlite3_stmt* DbWriter::stmt(int slot, const char* sql) {
    RawStmt& s = stmts_[static_cast<size_t>(slot)];
    if (!s) s = prepare_raw(store_, sql);
    return s.get();
}

bool DbWriter::run(sqlite3_stmt* s, const char* what) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return true;
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        // A record the data itself does not allow (a second person with the same email): the caller says where.
        constraint_ = sqlite3_errmsg(store_.db().handle());
        sqlite3_reset(s);
        return false;
    }
    std::string message = std::string(what) + ": " + sqlite3_errmsg(store_.db().handle());
    sqlite3_reset(s);
    throw DbError(message);
}

std::int64_t DbWriter::ref(const FieldSpec& f, std::string_view hex) {
    if (hex.empty()) return 0;
    Uid u;
    if (!parse_uid(hex, u)) return -1;
    std::int64_t id = ids(f.ref).find(u);
    return id > 0 ? id : -1;
}

// Binds a kind's fields in order, from parameter `at` on. Self references (parents) are skipped.
bool DbWriter::bind_fields(Kind kind, sqlite3_stmt* s, const Record& r, int& missing, int& at) {
    const KindSpec& ks = spec(kind);
    for (size_t i = 0; i < ks.fields.size(); ++i) {
        const FieldSpec& f = ks.fields[i];
        std::string_view v = r.f[i];
        switch (f.type) {
            case Type::kRef: {
                if (f.ref == kind) continue;  // the parent, set by set_parent
                std::int64_t id = ref(f, v);
                if (id < 0) {
                    if (f.rule != Rule::kSoft) {
                        missing = static_cast<int>(i);
                        return false;
                    }
                    id = 0;
                }
                bind_id(s, at++, id);
                break;
            }
            case Type::kBool:
                sqlite3_bind_int(s, at++, v == "true" ? 1 : 0);
                break;
            case Type::kTime:
                if (v.empty()) sqlite3_bind_null(s, at++);
                else sqlite3_bind_int64(s, at++, as_int(v));
                break;
            case Type::kPerms:
                sqlite3_bind_int64(s, at++, as_int(v));
                break;
            case Type::kExternal:
                continue;  // its own table
            case Type::kImage: {
                size_t nul = v.find('\0');
                if (v.empty() || nul == std::string_view::npos) {
                    bind_text(s, at++, "");
                    sqlite3_bind_null(s, at++);
                } else {
                    bind_text(s, at++, v.substr(0, nul));
                    sqlite3_bind_blob64(s, at++, v.data() + nul + 1, v.size() - nul - 1, SQLITE_STATIC);
                }
                break;
            }
            default:
                bind_text(s, at++, v);
        }
    }
    return true;
}

bool DbWriter::constraint_failed(int& missing) {
    missing = -2;
    return false;
}

void DbWriter::must(sqlite3_stmt* s, const char* what) {
    if (!run(s, what)) throw DbError(std::string(what) + ": " + constraint_);
}

bool DbWriter::insert(Kind kind, const Record& r, int& missing) {
    sqlite3_stmt* s = stmt(kInsertOrg + index_of(kind), kInsertSql[index_of(kind)]);
    char uid[32];
    uid_hex(r.key.a, uid);
    int at = 1;
    switch (kind) {
        case Kind::kValue: {
            std::int64_t user = ids(Kind::kUser).find(r.key.a), field = ids(Kind::kField).find(r.key.b);
            if (user <= 0 || field <= 0) {
                missing = -1;
                sqlite3_clear_bindings(s);
                return false;
            }
            sqlite3_bind_int64(s, 1, user);
            sqlite3_bind_int64(s, 2, field);
            bind_text(s, 3, r.f[0]);
            sqlite3_bind_int64(s, 4, r.updated);
            if (!run(s, "inserting a field value")) return constraint_failed(missing);
            return true;
        }
        case Kind::kAudit:
            sqlite3_bind_text(s, at++, uid, 32, SQLITE_STATIC);
            sqlite3_bind_int64(s, at++, r.created);
            if (!bind_fields(kind, s, r, missing, at)) return false;
            if (!run(s, "inserting an audit entry")) return constraint_failed(missing);
            last_ = sqlite3_last_insert_rowid(store_.db().handle());
            return true;
        default:
            break;
    }
    sqlite3_bind_text(s, at++, uid, 32, SQLITE_STATIC);
    if (!bind_fields(kind, s, r, missing, at)) {
        sqlite3_clear_bindings(s);
        return false;
    }
    sqlite3_bind_int64(s, at++, r.created);
    if (spec(kind).has_updated) sqlite3_bind_int64(s, at++, r.updated);
    if (!run(s, kInsertSql[index_of(kind)])) return constraint_failed(missing);
    last_ = sqlite3_last_insert_rowid(store_.db().handle());
    if (kind != Kind::kMembership && kind != Kind::kOrgRole) ids(kind).insert(r.key.a, last_);
    if (kind == Kind::kGroup && !r.f[5].empty()) {
        sqlite3_stmt* e = stmt(kInsertExternal, kInsertExternalSql);
        std::string_view rest = r.f[5];
        while (!rest.empty()) {
            size_t us = rest.find('\x1f'), rs = rest.find('\x1e');
            if (us == std::string_view::npos || rs == std::string_view::npos || us > rs) break;
            sqlite3_bind_int64(e, 1, last_);
            bind_text(e, 2, rest.substr(0, us));
            bind_text(e, 3, rest.substr(us + 1, rs - us - 1));
            if (!run(e, "inserting an external ID")) return constraint_failed(missing);
            rest.remove_prefix(rs + 1);
        }
    }
    return true;
}

bool DbWriter::update(Kind kind, std::int64_t rowid, const Record& r, int& missing) {
    sqlite3_stmt* s = stmt(kUpdateOrg + index_of(kind), kUpdateSql[index_of(kind)]);
    int at = 1;
    switch (kind) {
        case Kind::kValue:
            bind_text(s, 1, r.f[0]);
            sqlite3_bind_int64(s, 2, r.updated);
            sqlite3_bind_int64(s, 3, ids(Kind::kUser).find(r.key.a));
            sqlite3_bind_int64(s, 4, ids(Kind::kField).find(r.key.b));
            if (!run(s, "updating a field value")) return constraint_failed(missing);
            return true;
        case Kind::kMembership:
            bind_text(s, 1, r.f[2]);
            sqlite3_bind_int64(s, 2, r.created);
            sqlite3_bind_int64(s, 3, r.updated);
            sqlite3_bind_int64(s, 4, rowid);
            if (!run(s, "updating a membership")) return constraint_failed(missing);
            return true;
        case Kind::kAudit:
            sqlite3_bind_int64(s, at++, r.created);
            bind_fields(kind, s, r, missing, at);
            sqlite3_bind_int64(s, at++, rowid);
            if (!run(s, "updating an audit entry")) return constraint_failed(missing);
            return true;
        default:
            break;
    }
    if (!bind_fields(kind, s, r, missing, at)) {
        sqlite3_clear_bindings(s);
        return false;
    }
    sqlite3_bind_int64(s, at++, r.created);
    if (spec(kind).has_updated) sqlite3_bind_int64(s, at++, r.updated);
    sqlite3_bind_int64(s, at++, rowid);
    if (!run(s, kUpdateSql[index_of(kind)])) return constraint_failed(missing);
    if (kind == Kind::kGroup) {
        sqlite3_stmt* d = stmt(kDeleteExternal, kDeleteExternalSql);
        sqlite3_bind_int64(d, 1, rowid);
        if (!run(d, "replacing external IDs")) return constraint_failed(missing);
        sqlite3_stmt* e = stmt(kInsertExternal, kInsertExternalSql);
        std::string_view rest = r.f[5];
        while (!rest.empty()) {
            size_t us = rest.find('\x1f'), rs = rest.find('\x1e');
            if (us == std::string_view::npos || rs == std::string_view::npos || us > rs) break;
            sqlite3_bind_int64(e, 1, rowid);
            bind_text(e, 2, rest.substr(0, us));
            bind_text(e, 3, rest.substr(us + 1, rs - us - 1));
            if (!run(e, "inserting an external ID")) return constraint_failed(missing);
            rest.remove_prefix(rs + 1);
        }
    }
    return true;
}

void DbWriter::remove(Kind kind, std::int64_t rowid, const Record* value_key) {
    sqlite3_stmt* s = stmt(kDeleteField - 1 + index_of(kind), kDeleteSql[index_of(kind)]);
    if (kind == Kind::kValue) {
        sqlite3_bind_int64(s, 1, ids(Kind::kUser).find(value_key->key.a));
        sqlite3_bind_int64(s, 2, ids(Kind::kField).find(value_key->key.b));
    } else {
        sqlite3_bind_int64(s, 1, rowid);
    }
    must(s, "deleting a record");
    if (kind == Kind::kUser || kind == Kind::kGroup) {
        // The audit log keeps names, not dangling row IDs that a later record could take over.
        const char* sql = kind == Kind::kUser ? "UPDATE audit SET actor_id = NULL WHERE actor_id = ?"
                                              : "UPDATE audit SET group_id = NULL WHERE group_id = ?";
        sqlite3_stmt* a = stmt(kind == Kind::kUser ? kAuditActor : kAuditGroup, sql);
        sqlite3_bind_int64(a, 1, rowid);
        must(a, "updating the audit log");
        if (kind == Kind::kUser) {
            sqlite3_stmt* b = stmt(kAuditUser, "UPDATE audit SET user_id = NULL WHERE user_id = ?");
            sqlite3_bind_int64(b, 1, rowid);
            must(b, "updating the audit log");
        }
    }
}

void DbWriter::clear_dangling_audit_references() {
    store_.db().exec(
        "UPDATE audit SET actor_id = NULL WHERE actor_id IS NOT NULL AND actor_id NOT IN (SELECT id FROM users);"
        "UPDATE audit SET user_id = NULL WHERE user_id IS NOT NULL AND user_id NOT IN (SELECT id FROM users);"
        "UPDATE audit SET group_id = NULL WHERE group_id IS NOT NULL AND group_id NOT IN (SELECT id FROM groups);");
}

void DbWriter::set_parent(Kind kind, std::int64_t rowid, std::int64_t parent) {
    sqlite3_stmt* s = kind == Kind::kGroup ? stmt(kParentGroup, kParentGroupSql)
                                           : stmt(kParentDepartment, kParentDepartmentSql);
    bind_id(s, 1, parent);
    sqlite3_bind_int64(s, 2, rowid);
    must(s, "setting a parent");
}

void DbWriter::park_unique(Kind kind, std::int64_t rowid, const Uid& uid) {
    int slot = kind == Kind::kField        ? kParkField
               : kind == Kind::kDepartment ? kParkDepartment
               : kind == Kind::kCustomRole ? kParkCustomRole
               : kind == Kind::kUser       ? kParkUser
                                           : kParkGroup;
    sqlite3_stmt* s = stmt(slot, kParkSql[index_of(kind)]);
    std::string parked = "\x01merging " + uid_text(uid);
    sqlite3_bind_text(s, 1, parked.data(), static_cast<int>(parked.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, rowid);
    must(s, "moving a key aside");
}

}  // namespace grove::exchange
