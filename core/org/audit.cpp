// Writing and reading the audit log.
#include "core/org/audit.h"

#include "core/access/access.h"
#include "core/files/csv.h"
#include "core/org/lookup.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertAudit =
    "INSERT INTO audit (uid, at, actor_id, actor_name, action, summary, group_id, group_name, user_id, user_name) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

}  // namespace

void record_audit(Store& store, std::optional<Id> actor, const AuditRecord& record) {
    std::string actor_name = actor ? user_name(store, *actor) : std::string("Grove");
    std::string group = record.group ? group_name(store, *record.group) : std::string();
    std::string person = record.user ? user_name(store, *record.user) : std::string();
    auto s = store.db().prepare(kInsertAudit);
    s->bind(1, store.new_uid())
        .bind(2, store.now())
        .bind(3, actor)
        .bind(4, actor_name)
        .bind(5, record.action)
        .bind(6, actor_name + " " + record.summary)
        .bind(7, record.group)
        .bind(8, group)
        .bind(9, record.user)
        .bind(10, person);
    s->run();
}

Result<std::vector<AuditEntry>> read_audit(Store& store, Id actor, const AuditFilter& filter) {
    GROVE_TRY(authorize(store, actor, Cmd::kAuditView));
    return store.query<std::vector<AuditEntry>>([&] {
        std::string sql =
            "SELECT audit.id, audit.at, actor_id, actor_name, action, summary, group_id, group_name, user_id, "
            "user_name, COALESCE(actor.email, ''), COALESCE(person.email, '') "
            "FROM audit LEFT JOIN users AS actor ON actor.id = audit.actor_id "
            "LEFT JOIN users AS person ON person.id = audit.user_id WHERE 1";
        if (filter.person) sql += " AND (actor_id = :person OR user_id = :person)";
        if (filter.group) sql += " AND group_id = :group";
        if (filter.from_ms) sql += " AND audit.at >= :from";
        if (filter.to_ms) sql += " AND audit.at < :to";
        sql += " ORDER BY audit.at DESC, audit.id DESC";
        auto s = store.db().prepare_once(sql);
        int index = 0;
        if (filter.person) s->bind(++index, *filter.person);
        if (filter.group) s->bind(++index, *filter.group);
        if (filter.from_ms) s->bind(++index, *filter.from_ms);
        if (filter.to_ms) s->bind(++index, *filter.to_ms);
        std::vector<AuditEntry> out;
        while (s->step()) {
            AuditEntry e;
            e.id = s->col_int(0);
            e.at = s->col_int(1);
            e.actor_id = s->col_opt_int(2);
            e.actor_name = s->col_text(3);
            e.action = s->col_text(4);
            e.summary = s->col_text(5);
            e.group_id = s->col_opt_int(6);
            e.group_name = s->col_text(7);
            e.user_id = s->col_opt_int(8);
            e.user_name = s->col_text(9);
            e.actor_email = s->col_text(10);
            e.user_email = s->col_text(11);
            if (!filter.text.empty() && !contains_folded(e.summary, filter.text)) continue;
            out.push_back(std::move(e));
            if (filter.limit > 0 && static_cast<int>(out.size()) >= filter.limit) break;
        }
        return out;
    });
}

std::string audit_csv(const std::vector<AuditEntry>& entries) {
    std::string out;
    CsvWriter csv(out);
    csv.row({"at", "actor", "actor_email", "action", "summary", "group", "person", "person_email"});
    for (const AuditEntry& e : entries) {
        csv.row({format_iso_time(e.at), e.actor_name, e.actor_email, e.action, e.summary, e.group_name, e.user_name,
                 e.user_email});
    }
    return out;
}

}  // namespace grove
