// Writing and reading the audit log.
#include "core/org/audit.h"

#include <unordered_map>

#include "core/access/access.h"
#include "core/files/csv.h"
#include "core/org/lookup.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertAudit =
    "INSERT INTO audit (uid, at, actor_uid, actor_name, action, summary, group_uid, group_name, user_uid, user_name, "
    "details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kDetailPerson = "SELECT uid, first_name, last_name, email FROM users WHERE id = ?";
constexpr const char* kAllPeople = "SELECT id, uid, first_name, last_name, email FROM users";
constexpr std::size_t kScanAbove = 2000;  // details from which one scan of everyone beats a look-up each

// The columns every listing reads: the records an entry names are found by uid (their row IDs now, NULL when
// they are gone), then the number of lines in details, then the uids themselves.
constexpr const char* kEntryColumns =
    "SELECT audit.id, audit.at, actor.id, audit.actor_name, audit.action, audit.summary, grp.id, audit.group_name, "
    "person.id, audit.user_name, COALESCE(actor.email, ''), COALESCE(person.email, ''), "
    "length(audit.details) - length(replace(audit.details, char(10), '')), audit.actor_uid, audit.group_uid, "
    "audit.user_uid";
constexpr int kDetailsColumn = 16;  // audit.details, when a listing reads it
constexpr const char* kEntryJoins =
    " FROM audit LEFT JOIN users AS actor ON actor.uid = audit.actor_uid "
    "LEFT JOIN groups AS grp ON grp.uid = audit.group_uid "
    "LEFT JOIN users AS person ON person.uid = audit.user_uid";

// A tab or line break would split a line of details: names and phrases never hold one, but say so once.
void append_clean(std::string& out, std::string_view text) {
    for (char c : text) out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

AuditEntry entry_from(Stmt& s) {
    AuditEntry e;
    e.id = s.col_int(0);
    e.at = s.col_int(1);
    e.actor_id = s.col_opt_int(2);
    e.actor_name = s.col_text(3);
    e.action = s.col_text(4);
    e.summary = s.col_text(5);
    e.group_id = s.col_opt_int(6);
    e.group_name = s.col_text(7);
    e.user_id = s.col_opt_int(8);
    e.user_name = s.col_text(9);
    e.actor_email = s.col_text(10);
    e.user_email = s.col_text(11);
    e.detail_count = static_cast<int>(s.col_int(12));
    e.actor_uid = s.col_text(13);
    e.group_uid = s.col_text(14);
    e.user_uid = s.col_text(15);
    return e;
}

// "uid\tname\temail\twhat\n" per person.
std::vector<AuditLine> parse_details(std::string_view text) {
    std::vector<AuditLine> out;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        AuditLine l;
        std::string* parts[] = {&l.user_uid, &l.name, &l.email, &l.what};
        for (size_t i = 0; i < 4; ++i) {
            size_t tab = i < 3 ? line.find('\t') : std::string_view::npos;
            parts[i]->assign(line.substr(0, tab));
            line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
        }
        out.push_back(std::move(l));
    }
    return out;
}

std::string details_of(Store& store, Id entry) {
    auto s = store.db().prepare("SELECT details FROM audit WHERE id = ?");
    s->bind(1, entry);
    return s->step() ? s->col_text(0) : std::string();
}

}  // namespace

std::string audit_details_text(Store& store, const std::vector<AuditDetail>& details) {
    std::string text;
    if (details.empty()) return text;
    text.reserve(details.size() * 96);
    // "uid\tname\temail\t" of one person.
    auto prefix_of = [](Stmt& s, int from, std::string& out) {
        out.append(s.col_view(from));
        out.push_back('\t');
        append_clean(out, person_name(s.col_view(from + 1), s.col_view(from + 2), s.col_view(from + 3)));
        out.push_back('\t');
        append_clean(out, s.col_view(from + 3));
        out.push_back('\t');
    };
    // A change to thousands (an upload) reads everyone once, in storage order, rather than one look-up each.
    if (details.size() >= kScanAbove) {
        std::unordered_map<Id, std::string> prefixes;
        prefixes.reserve(details.size());
        for (const AuditDetail& d : details) prefixes.try_emplace(d.user);
        auto all = store.db().prepare(kAllPeople);
        while (all->step()) {
            auto it = prefixes.find(all->col_int(0));
            if (it != prefixes.end()) prefix_of(*all, 1, it->second);
        }
        for (const AuditDetail& d : details) {
            const std::string& prefix = prefixes[d.user];
            if (prefix.empty()) continue;  // nobody by that ID: nothing to name
            text.append(prefix);
            append_clean(text, d.what);
            text.push_back('\n');
        }
        return text;
    }
    auto who = store.db().prepare(kDetailPerson);
    for (const AuditDetail& d : details) {
        who->bind(1, d.user);
        if (who->step()) {
            prefix_of(*who, 0, text);
            append_clean(text, d.what);
            text.push_back('\n');
        }
        who->reset();
    }
    return text;
}

void record_audit(Store& store, std::optional<Id> actor, const AuditRecord& record) {
    std::string actor_name = actor ? user_name(store, *actor) : std::string("Grove");
    std::string group = record.group ? group_name(store, *record.group) : std::string();
    std::string person = record.user ? user_name(store, *record.user) : std::string();
    const std::string details = audit_details_text(store, record.details);
    auto s = store.db().prepare(kInsertAudit);
    s->bind(1, store.new_uid())
        .bind(2, store.now())
        .bind(3, actor ? user_uid(store, *actor) : std::nullopt)
        .bind(4, actor_name)
        .bind(5, record.action)
        .bind(6, actor_name + " " + record.summary)
        .bind(7, record.group ? group_uid(store, *record.group) : std::nullopt)
        .bind(8, group)
        .bind(9, record.user ? user_uid(store, *record.user) : std::nullopt)
        .bind(10, person)
        .bind(11, details);
    s->run();
    // The command's step for undo is named by its actor's first entry.
    if (actor) {
        if (auto uid = user_uid(store, *actor)) {
            std::string label = record.summary;
            if (!label.empty() && label.back() == '.') label.pop_back();
            store.note_step(UndoNote{*uid, record.action, std::move(label),
                                     record.group ? group_uid(store, *record.group) : std::nullopt,
                                     record.user ? user_uid(store, *record.user) : std::nullopt});
        }
    }
}

Result<std::vector<AuditEntry>> read_audit(Store& store, Id actor, const AuditFilter& filter) {
    GROVE_TRY(authorize(store, actor, Cmd::kAuditView));
    return store.query<std::vector<AuditEntry>>([&] {
        std::vector<AuditEntry> out;
        // The person and the group are matched by uid: an entry about a deleted group whose row ID a new group
        // took is not the new group's. An entry listing many people names them by uid in its details.
        std::string person_uid, group_uid_text;
        if (filter.person) {
            auto uid = user_uid(store, *filter.person);
            if (!uid) return out;  // nobody by that ID: no entry names them
            person_uid = std::move(*uid);
        }
        if (filter.group) {
            auto uid = group_uid(store, *filter.group);
            if (!uid) return out;
            group_uid_text = std::move(*uid);
        }
        std::string sql = kEntryColumns;
        const bool read_details = filter.with_details || filter.person;
        if (read_details) sql += ", audit.details";
        sql += kEntryJoins;
        sql += " WHERE 1";
        if (filter.person) {
            sql += " AND (audit.actor_uid = :person OR audit.user_uid = :person OR instr(audit.details, :line) > 0)";
        }
        if (filter.group) sql += " AND audit.group_uid = :group";
        if (filter.from_ms) sql += " AND audit.at >= :from";
        if (filter.to_ms) sql += " AND audit.at < :to";
        sql += " ORDER BY audit.at DESC, audit.id DESC";
        auto s = store.db().prepare_once(sql);
        int index = 0;
        if (filter.person) {
            s->bind(++index, person_uid);
            s->bind(++index, person_uid + "\t");
        }
        if (filter.group) s->bind(++index, group_uid_text);
        if (filter.from_ms) s->bind(++index, *filter.from_ms);
        if (filter.to_ms) s->bind(++index, *filter.to_ms);
        while (s->step()) {
            AuditEntry e = entry_from(*s);
            if (!filter.text.empty() && !contains_folded(e.summary, filter.text)) continue;
            if (read_details && e.detail_count > 0) {
                std::vector<AuditLine> lines = parse_details(s->col_view(kDetailsColumn));
                if (filter.person) {
                    for (const AuditLine& l : lines) {
                        if (l.user_uid != person_uid) continue;
                        e.person_detail += (e.person_detail.empty() ? l.name + ": " : "; ") + l.what;
                    }
                }
                if (filter.with_details) e.details = std::move(lines);
            }
            out.push_back(std::move(e));
            if (filter.limit > 0 && static_cast<int>(out.size()) >= filter.limit) break;
        }
        return out;
    });
}

Result<AuditEntry> read_audit_entry(Store& store, Id actor, Id entry) {
    GROVE_TRY(authorize(store, actor, Cmd::kAuditView));
    GROVE_LET(found, store.query<std::optional<AuditEntry>>([&]() -> std::optional<AuditEntry> {
        auto s = store.db().prepare_once(std::string(kEntryColumns) + kEntryJoins + " WHERE audit.id = ?");
        s->bind(1, entry);
        if (!s->step()) return std::nullopt;
        AuditEntry e = entry_from(*s);
        if (e.detail_count > 0) e.details = parse_details(details_of(store, entry));
        return e;
    }));
    if (!*found) return not_found("That audit entry is not in the log.");
    return std::move(**found);
}

std::string audit_csv(const std::vector<AuditEntry>& entries) {
    std::string out;
    CsvWriter csv(out);
    csv.row({"at", "actor", "actor_email", "action", "summary", "group", "person", "person_email"});
    for (const AuditEntry& e : entries) {
        const std::string at = format_iso_time(e.at);
        csv.row({at, e.actor_name, e.actor_email, e.action, e.summary, e.group_name, e.user_name, e.user_email});
        for (const AuditLine& l : e.details)
            csv.row({at, e.actor_name, e.actor_email, e.action, l.what, e.group_name, l.name, l.email});
    }
    return out;
}

}  // namespace grove
