// The rule engine of smart groups: temporary triggers note what each command touched, and just before the
// command commits the engine re-evaluates exactly that, in dependency order, writing and auditing every join
// and leave in the same transaction (F12, F33, F38).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <unordered_set>

#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/people.h"
#include "core/rules/rules_internal.h"
#include "core/text/text.h"

namespace grove {

namespace {

// Temporary (this connection only, never saved): what the running command touched. Rolled back with it.
// The triggers test before they insert rather than INSERT OR IGNORE: an outer statement's conflict clause (an
// upsert's) would override the trigger's and fail on the second note of the same person.
//   rule_dirty_users   people whose facts changed: their row, fields, enrolments, work, memberships, exceptions
//   rule_dirty_groups  smart groups whose rule was set or changed: re-evaluated for everyone
//   rule_flags         'compile': a rule, or a name a rule shows, changed; 'departments': the tree changed;
//                      'everyone': a load brought whole people (rules::PeopleLoad), so every person is evaluated
//   rule_cause         the command's first audit entry, named by the joins and leaves it causes
constexpr const char* kTempSchema = R"sql(
CREATE TEMP TABLE IF NOT EXISTS rule_dirty_users (user_id INTEGER PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS rule_dirty_groups (group_id INTEGER PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS rule_flags (flag TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS rule_cause (k INTEGER PRIMARY KEY, summary TEXT NOT NULL, actor_uid TEXT,
                                            actor_name TEXT NOT NULL);
CREATE TEMP TRIGGER IF NOT EXISTS rule_users_in AFTER INSERT ON users BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_users_edit
AFTER UPDATE OF email, first_name, last_name, status, department_id ON users BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_fields_in AFTER INSERT ON user_fields BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_fields_edit AFTER UPDATE ON user_fields BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_fields_out AFTER DELETE ON user_fields BEGIN
    INSERT INTO rule_dirty_users SELECT OLD.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = OLD.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_enrol_in AFTER INSERT ON enrolments BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_enrol_out AFTER DELETE ON enrolments BEGIN
    INSERT INTO rule_dirty_users SELECT OLD.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = OLD.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_work_in AFTER INSERT ON step_work BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_work_edit AFTER UPDATE OF status, completed_at ON step_work BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_work_out AFTER DELETE ON step_work BEGIN
    INSERT INTO rule_dirty_users SELECT OLD.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = OLD.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_steps_in AFTER INSERT ON course_steps BEGIN
    INSERT INTO rule_dirty_users SELECT user_id FROM enrolments WHERE course_id = NEW.course_id
        AND user_id NOT IN (SELECT user_id FROM rule_dirty_users);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_steps_out AFTER DELETE ON course_steps BEGIN
    INSERT INTO rule_dirty_users SELECT user_id FROM enrolments WHERE course_id = OLD.course_id
        AND user_id NOT IN (SELECT user_id FROM rule_dirty_users);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_members_in AFTER INSERT ON memberships BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_members_edit AFTER UPDATE OF role ON memberships BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_members_out AFTER DELETE ON memberships BEGIN
    INSERT INTO rule_dirty_users SELECT OLD.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = OLD.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_exceptions_in AFTER INSERT ON smart_exceptions BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_exceptions_edit AFTER UPDATE ON smart_exceptions BEGIN
    INSERT INTO rule_dirty_users SELECT NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_exceptions_out AFTER DELETE ON smart_exceptions BEGIN
    INSERT INTO rule_dirty_users SELECT OLD.user_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_users WHERE user_id = OLD.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_rules_in AFTER INSERT ON smart_rules BEGIN
    INSERT INTO rule_dirty_groups SELECT NEW.group_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_groups WHERE group_id = NEW.group_id);
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_rules_edit AFTER UPDATE ON smart_rules BEGIN
    INSERT INTO rule_dirty_groups SELECT NEW.group_id WHERE NOT EXISTS (SELECT 1 FROM rule_dirty_groups WHERE group_id = NEW.group_id);
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_rules_out AFTER DELETE ON smart_rules BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_departments_in AFTER INSERT ON departments BEGIN
    INSERT INTO rule_flags SELECT 'departments' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'departments');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_departments_edit AFTER UPDATE ON departments BEGIN
    INSERT INTO rule_flags SELECT 'departments' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'departments');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_departments_out AFTER DELETE ON departments BEGIN
    INSERT INTO rule_flags SELECT 'departments' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'departments');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_field_defs_edit AFTER UPDATE ON fields BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_field_defs_out AFTER DELETE ON fields BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_courses_edit AFTER UPDATE ON courses BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_courses_out AFTER DELETE ON courses BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_groups_edit AFTER UPDATE OF name, slug ON groups BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_groups_out AFTER DELETE ON groups BEGIN
    INSERT INTO rule_flags SELECT 'compile' WHERE NOT EXISTS (SELECT 1 FROM rule_flags WHERE flag = 'compile');
END;
CREATE TEMP TRIGGER IF NOT EXISTS rule_audit_cause AFTER INSERT ON audit BEGIN
    INSERT INTO rule_cause SELECT 1, NEW.summary, NEW.actor_uid, NEW.actor_name
        WHERE NOT EXISTS (SELECT 1 FROM rule_cause);
END;
)sql";

// The triggers that note a person as a row of theirs is inserted (each runs its INSERT ... SELECT through a
// temporary table of its own, per row). A load that brings whole people in sets them aside (PeopleLoad).
constexpr const char* kPersonNotes[] = {"rule_users_in", "rule_fields_in",  "rule_enrol_in",
                                        "rule_work_in",  "rule_members_in", "rule_exceptions_in"};
// Every person is to be evaluated: the rules' facts are then read for everyone at once, by the records the rules
// read (Population::kAll), rather than person by person through rule_dirty_users.
constexpr const char* kNoteEveryone =
    "INSERT INTO temp.rule_flags SELECT 'everyone' WHERE NOT EXISTS (SELECT 1 FROM temp.rule_flags WHERE flag = "
    "'everyone')";

constexpr const char* kClearTemp[] = {"DELETE FROM temp.rule_dirty_users", "DELETE FROM temp.rule_dirty_groups",
                                      "DELETE FROM temp.rule_flags", "DELETE FROM temp.rule_cause"};
constexpr const char* kPending =
    "SELECT EXISTS (SELECT 1 FROM temp.rule_dirty_users), EXISTS (SELECT 1 FROM temp.rule_dirty_groups), "
    "EXISTS (SELECT 1 FROM temp.rule_flags WHERE flag = 'compile'), "
    "EXISTS (SELECT 1 FROM temp.rule_flags WHERE flag = 'departments'), EXISTS (SELECT 1 FROM temp.rule_cause), "
    "EXISTS (SELECT 1 FROM temp.rule_flags WHERE flag = 'everyone')";
constexpr const char* kDirtyGroups = "SELECT group_id FROM temp.rule_dirty_groups";
constexpr const char* kSelectRules =
    "SELECT r.group_id, g.name, r.rule FROM smart_rules r JOIN groups g ON g.id = r.group_id ORDER BY r.group_id";
constexpr const char* kSelectCause = "SELECT summary, actor_uid, actor_name FROM temp.rule_cause WHERE k = 1";
constexpr const char* kInsertMember =
    "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, 'member', ?, ?)";
constexpr const char* kDeleteMember = "DELETE FROM memberships WHERE group_id = ? AND user_id = ? AND role = 'member'";
constexpr const char* kInsertAudit =
    "INSERT INTO audit (uid, at, actor_uid, actor_name, action, summary, group_uid, group_name, user_uid, user_name, "
    "details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kReadClock = "SELECT day FROM rule_clock WHERE id = 1";
constexpr const char* kWriteClock =
    "INSERT INTO rule_clock (id, day) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET day = excluded.day";

constexpr std::int64_t kDayMs = 86400000;

void clear_temp(Db& db) {
    for (const char* sql : kClearTemp) db.prepare(sql)->run();
}

std::int64_t day_of(std::int64_t ms) { return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs); }

std::string id_list(const std::vector<Id>& ids) {
    std::string out;
    for (Id id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
    return out;
}

// The SQL condition restricting a column of user ids to a population (one person's id is bound as ?1).
std::string population_sql(const rules::Population& who, const char* column) {
    switch (who.kind) {
        case rules::Population::Kind::kAll: return "1";
        case rules::Population::Kind::kDirty:
            return std::string(column) + " IN (SELECT user_id FROM temp.rule_dirty_users)";
        case rules::Population::Kind::kOne: return std::string(column) + " = ?1";
    }
    return "1";
}

void insert_sorted(std::vector<Id>& ids, Id id) {
    auto at = std::lower_bound(ids.begin(), ids.end(), id);
    if (at == ids.end() || *at != id) ids.insert(at, id);
}

void erase_sorted(std::vector<Id>& ids, Id id) {
    auto at = std::lower_bound(ids.begin(), ids.end(), id);
    if (at != ids.end() && *at == id) ids.erase(at);
}

void merge_reads(RuleReads& into, const RuleReads& from) {
    into.email |= from.email;
    into.first_name |= from.first_name;
    into.last_name |= from.last_name;
    into.status |= from.status;
    into.department |= from.department;
    into.today |= from.today;
    auto merge = [](std::vector<Id>& a, const std::vector<Id>& b) {
        a.insert(a.end(), b.begin(), b.end());
        std::sort(a.begin(), a.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
    };
    merge(into.fields, from.fields);
    merge(into.courses, from.courses);
    merge(into.groups, from.groups);
}

// Every smart group a rule's conditions name as "group X has member", transitively closed over `rules`.
bool reads_group(const RuleReads& reads, Id group) {
    return std::binary_search(reads.groups.begin(), reads.groups.end(), group);
}

}  // namespace

void install_rule_engine(Store& store) {
    store.db().exec(kTempSchema);
    store.set_commit_hook(std::make_unique<rules::Engine>(store));
}

namespace rules {

// ---- loads ----

PeopleLoad::PeopleLoad(Store& store) : store_(store) {
    for (const char* name : kPersonNotes)
        store_.db().exec(("DROP TRIGGER IF EXISTS temp." + std::string(name)).c_str());
}

void PeopleLoad::finish() {
    store_.db().exec(kTempSchema);  // IF NOT EXISTS: puts back only what the constructor took away
    store_.db().exec(kNoteEveryone);
}

// ---- names ----

std::optional<RuleRef> StoreResolver::field(std::string_view text, bool by_uid) {
    const std::string key = fold(trim(text));
    if (!fields_) fields_ = list_fields(store_);
    for (const FieldDef& f : *fields_) {
        if (by_uid ? f.uid == text : fold(f.name) == key) {
            RuleRef ref;
            ref.id = f.id;
            ref.uid = f.uid;
            ref.name = f.name;
            ref.field_type = f.type;
            ref.choices = f.choices;
            return ref;
        }
    }
    return std::nullopt;
}

std::optional<RuleRef> StoreResolver::named(const char* table, std::string_view text, bool by_uid, bool has_slug) {
    auto make = [&](Stmt& s) {
        RuleRef ref;
        ref.id = s.col_int(0);
        ref.uid = s.col_text(1);
        ref.name = s.col_text(2);
        return ref;
    };
    const std::string base = std::string("SELECT id, uid, name FROM ") + table;
    if (by_uid) {
        const std::string sql = base + " WHERE uid = ?";
        auto s = store_.db().prepare(sql.c_str());
        s->bind(1, text);
        if (s->step()) return make(*s);
        return std::nullopt;
    }
    if (has_slug) {
        const std::string sql = base + " WHERE slug = ?";
        auto s = store_.db().prepare(sql.c_str());
        s->bind(1, text);
        if (s->step()) return make(*s);
    }
    // By name, ignoring case and accents; a name two records share names neither (their slugs do).
    const std::string key = fold(trim(text));
    const std::string sql = base + " ORDER BY id";
    auto s = store_.db().prepare(sql.c_str());
    std::optional<RuleRef> found;
    while (s->step()) {
        if (fold(s->col_view(2)) != key) continue;
        if (found) return std::nullopt;
        found = make(*s);
    }
    return found;
}

std::optional<RuleRef> StoreResolver::department(std::string_view text, bool by_uid) {
    auto ref = named("departments", text, by_uid, true);
    if (!ref) return ref;
    auto s = store_.db().prepare(
        "WITH RECURSIVE below(id) AS (SELECT ? UNION ALL SELECT d.id FROM departments d JOIN below b ON d.parent_id = "
        "b.id) SELECT id FROM below ORDER BY id");
    s->bind(1, ref->id);
    while (s->step()) ref->subtree.push_back(s->col_int(0));
    return ref;
}

std::optional<RuleRef> StoreResolver::course(std::string_view text, bool by_uid) {
    return named("courses", text, by_uid, true);
}

std::optional<RuleRef> StoreResolver::group(std::string_view text, bool by_uid) {
    return named("groups", text, by_uid, true);
}

// ---- the compiled rules ----

const std::vector<Compiled>& Engine::compiled() {
    if (compiled_) return *compiled_;
    std::vector<Compiled> all;
    StoreResolver resolver(store_);
    auto s = store_.db().prepare(kSelectRules);
    while (s->step()) {
        Compiled c;
        c.group = s->col_int(0);
        c.name = s->col_text(1);
        auto parsed = parse_rule(s->col_view(2), resolver, true);
        if (auto* rule = std::get_if<RuleNode>(&parsed)) {
            c.rule = std::move(*rule);
            c.reads = rule_reads(c.rule);
        } else {
            c.broken = true;
        }
        all.push_back(std::move(c));
    }
    // Dependency order: a group after every smart group its rule reads (Kahn's algorithm; a cycle, which
    // setting a rule refuses, would leave its groups in id order at the end).
    std::unordered_map<Id, std::size_t> index;
    for (std::size_t i = 0; i < all.size(); ++i) index[all[i].group] = i;
    std::vector<int> waiting(all.size(), 0);
    std::vector<std::vector<std::size_t>> readers(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (Id g : all[i].reads.groups) {
            auto it = index.find(g);
            if (it == index.end() || it->second == i) continue;
            ++waiting[i];
            readers[it->second].push_back(i);
        }
    }
    std::vector<std::size_t> order;
    std::vector<bool> placed(all.size(), false);
    for (std::size_t i = 0; i < all.size(); ++i)
        if (waiting[i] == 0) order.push_back(i), placed[i] = true;
    for (std::size_t k = 0; k < order.size(); ++k) {
        for (std::size_t r : readers[order[k]])
            if (--waiting[r] == 0 && !placed[r]) order.push_back(r), placed[r] = true;
    }
    for (std::size_t i = 0; i < all.size(); ++i)
        if (!placed[i]) order.push_back(i);
    auto sorted = std::make_unique<std::vector<Compiled>>();
    sorted->reserve(all.size());
    for (std::size_t i : order) sorted->push_back(std::move(all[i]));
    compiled_ = std::move(sorted);
    return *compiled_;
}

std::vector<const Compiled*> dependents(Engine& engine, Id group) {
    std::vector<const Compiled*> out;
    std::unordered_set<Id> reached{group};
    // compiled() is in dependency order, so one pass finds readers of readers.
    for (const Compiled& c : engine.compiled()) {
        if (c.group == group) continue;
        for (Id g : c.reads.groups) {
            if (reached.count(g)) {
                reached.insert(c.group);
                out.push_back(&c);
                break;
            }
        }
    }
    return out;
}

std::optional<std::string> cycle_through(Engine& engine, Id group, const RuleReads& reads) {
    if (reads_group(reads, group)) return std::string("its own members");
    std::unordered_map<Id, const Compiled*> by_group;
    for (const Compiled& c : engine.compiled()) by_group[c.group] = &c;
    // Depth-first from the groups the new rule reads, through the rules of the smart ones.
    std::vector<std::pair<Id, std::string>> stack;
    std::unordered_set<Id> seen;
    for (Id g : reads.groups) stack.emplace_back(g, "");
    while (!stack.empty()) {
        auto [g, path] = stack.back();
        stack.pop_back();
        if (!seen.insert(g).second) continue;
        auto it = by_group.find(g);
        if (it == by_group.end()) continue;
        std::string here = path.empty() ? it->second->name : path + ", which reads " + it->second->name;
        for (Id next : it->second->reads.groups) {
            if (next == group) return here;
            stack.emplace_back(next, here);
        }
    }
    return std::nullopt;
}

std::int64_t Engine::today() const { return day_of(store_.now()); }

// ---- facts ----

std::vector<Standing> Engine::load(const Population& who, const RuleReads& reads, const std::vector<Id>& smart) {
    Db& db = store_.db();
    // The SQL depends only on the rules and the kind of population, so it is prepared once and kept. Everyone: the
    // records the rules read, by their indexes; a few people (a command's): their rows, by the person's indexes,
    // and what the rules do not read is skipped here (a list of 200 groups probed per person cost more).
    const bool everyone = who.kind == Population::Kind::kAll;
    auto query = [&](const std::string& sql) {
        auto s = db.prepare(sql.c_str());
        if (who.kind == Population::Kind::kOne) s->bind(1, who.one);
        return s;
    };
    auto read = [](const std::vector<Id>& sorted, Id id) {
        return std::binary_search(sorted.begin(), sorted.end(), id);
    };
    std::vector<Standing> people;
    {
        // The department's name only for rules that read the department (why_member names it).
        auto s = query(reads.department
                           ? "SELECT u.id, u.email, u.first_name, u.last_name, u.status, u.department_id, "
                             "coalesce(d.name, '') FROM users u LEFT JOIN departments d ON d.id = u.department_id "
                             "WHERE " +
                                 population_sql(who, "u.id") + " ORDER BY u.id"
                           : "SELECT u.id, u.email, u.first_name, u.last_name, u.status, u.department_id FROM users u "
                             "WHERE " +
                                 population_sql(who, "u.id") + " ORDER BY u.id");
        while (s->step()) {
            Standing p;
            RuleFacts& f = p.facts;
            f.id = s->col_int(0);
            f.email = s->col_text(1);
            f.first_name = s->col_text(2);
            f.last_name = s->col_text(3);
            if (reads.email) f.email_folded = fold(f.email);
            if (reads.first_name) f.first_folded = fold(f.first_name);
            if (reads.last_name) f.last_folded = fold(f.last_name);
            f.status = parse_user_status(s->col_view(4)).value_or(UserStatus::kActive);
            f.department = s->col_opt_int(5);
            if (reads.department) f.department_name = s->col_text(6);
            people.push_back(std::move(p));
        }
    }
    if (people.empty()) return people;
    // Each person's place in `people`, which is in id order. Ids are mostly dense, so a table over their span
    // when it is not much larger than the people (everyone: one load, no hashing per row read); a binary search
    // otherwise (a few people, or ids far apart).
    constexpr std::uint32_t kNobody = std::numeric_limits<std::uint32_t>::max();
    const Id first_id = people.front().facts.id;
    const auto span = static_cast<std::uint64_t>(people.back().facts.id - first_id) + 1;
    std::vector<std::uint32_t> slot;
    if (people.size() > 64 && span <= 4 * static_cast<std::uint64_t>(people.size())) {
        slot.assign(span, kNobody);
        for (std::size_t i = 0; i < people.size(); ++i)
            slot[people[i].facts.id - first_id] = static_cast<std::uint32_t>(i);
    }
    auto person = [&](Id id) -> Standing* {
        if (!slot.empty()) {
            if (id < first_id || static_cast<std::uint64_t>(id - first_id) >= slot.size()) return nullptr;
            const std::uint32_t i = slot[id - first_id];
            return i == kNobody ? nullptr : &people[i];
        }
        auto it = std::lower_bound(people.begin(), people.end(), id,
                                   [](const Standing& p, Id value) { return p.facts.id < value; });
        return it != people.end() && it->facts.id == id ? &*it : nullptr;
    };
    if (!reads.fields.empty()) {
        // Everyone, when the rules read a third of the fields or more: the rows in the table's own order (person,
        // then field), so that each person is filled in once, in turn, with their fields in order; the index by
        // field visits people in the order of their values, all over memory, which costs more than reading the
        // fields not asked for. Fewer fields: by that index. A few people: their rows, by the table's key.
        std::int64_t field_count = 0;
        if (everyone) {
            auto c = db.prepare("SELECT count(*) FROM fields");
            if (c->step()) field_count = c->col_int(0);
        }
        const bool by_person = everyone && static_cast<std::int64_t>(reads.fields.size()) * 3 >= field_count;
        auto s = query(
            !everyone ? "SELECT user_id, field_id, value FROM user_fields WHERE " + population_sql(who, "user_id")
            : by_person
                ? "SELECT user_id, field_id, value FROM user_fields WHERE +field_id IN (" + id_list(reads.fields) + ")"
                : "SELECT user_id, field_id, value FROM user_fields WHERE field_id IN (" + id_list(reads.fields) + ")");
        Standing* last = nullptr;
        bool in_order = true;  // each person's fields came in field order
        while (s->step()) {
            const Id field = s->col_int(1);
            if (!everyone && !read(reads.fields, field)) continue;
            const Id user = s->col_int(0);
            Standing* p = last && last->facts.id == user ? last : person(user);
            if (!p) continue;
            last = p;
            std::vector<RuleFacts::FieldFact>& fields = p->facts.fields;
            if (fields.empty()) fields.reserve(reads.fields.size());
            in_order = in_order && (fields.empty() || fields.back().field < field);
            RuleFacts::FieldFact& fact = fields.emplace_back();
            fact.field = field;
            fact.value = s->col_text(2);
            fact.folded = fold(fact.value);
        }
        if (!in_order) {
            for (Standing& p : people) {
                if (p.facts.fields.size() > 1)
                    std::sort(p.facts.fields.begin(), p.facts.fields.end(),
                              [](const auto& a, const auto& b) { return a.field < b.field; });
            }
        }
    }
    if (!reads.courses.empty()) {
        const std::string courses = id_list(reads.courses);
        std::unordered_map<Id, int> steps;
        {
            const std::string sql =
                "SELECT course_id, count(*) FROM course_steps WHERE course_id IN (" + courses + ") GROUP BY course_id";
            auto s = db.prepare(sql.c_str());
            while (s->step()) steps[s->col_int(0)] = static_cast<int>(s->col_int(1));
        }
        auto s = query(
            "SELECT e.user_id, e.course_id, e.created_at, count(w.id), max(w.completed_at) FROM enrolments e "
            "LEFT JOIN course_steps cs ON cs.course_id = e.course_id "
            "LEFT JOIN step_work w ON w.step_id = cs.id AND w.user_id = e.user_id "
            "WHERE " +
            (everyone ? "e.course_id IN (" + courses + ")" : population_sql(who, "e.user_id")) + " GROUP BY e.id");
        while (s->step()) {
            Standing* p = person(s->col_int(0));
            if (!p || (!everyone && !read(reads.courses, s->col_int(1)))) continue;
            CourseFact fact;
            const Id course = s->col_int(1);
            fact.enrolled_day = day_of(s->col_int(2));
            const int done = static_cast<int>(s->col_int(3));
            fact.started = done > 0;
            const int total = steps.count(course) ? steps[course] : 0;
            if (total > 0 && done >= total && !s->col_null(4)) fact.completed_day = day_of(s->col_int(4));
            p->facts.courses.emplace_back(course, fact);
        }
        for (Standing& p : people) {
            if (p.facts.courses.size() > 1)
                std::sort(p.facts.courses.begin(), p.facts.courses.end(),
                          [](const auto& a, const auto& b) { return a.first < b.first; });
        }
    }
    std::vector<Id> groups = reads.groups;
    groups.insert(groups.end(), smart.begin(), smart.end());
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    const std::unordered_set<Id> smart_set(smart.begin(), smart.end());
    if (!groups.empty()) {
        auto s = query(
            everyone ? "SELECT user_id, group_id, role FROM memberships WHERE group_id IN (" + id_list(groups) + ")"
                     : "SELECT user_id, group_id, role FROM memberships WHERE " + population_sql(who, "user_id"));
        while (s->step()) {
            const Id group = s->col_int(1);
            if (!everyone && !read(groups, group)) continue;
            Standing* p = person(s->col_int(0));
            if (!p) continue;
            p->facts.groups.push_back(group);
            if (smart_set.count(group)) p->roles[group] = parse_group_role(s->col_view(2)).value_or(GroupRole::kMember);
        }
        for (Standing& p : people) std::sort(p.facts.groups.begin(), p.facts.groups.end());
    }
    if (!smart.empty()) {
        auto s = query(
            everyone ? "SELECT user_id, group_id, kind FROM smart_exceptions WHERE group_id IN (" + id_list(smart) + ")"
                     : "SELECT user_id, group_id, kind FROM smart_exceptions WHERE " + population_sql(who, "user_id"));
        while (s->step()) {
            if (!everyone && !smart_set.count(s->col_int(1))) continue;
            if (Standing* p = person(s->col_int(0)))
                p->exceptions[s->col_int(1)] = s->col_view(2) == "pin" ? RuleException::kPin : RuleException::kExclude;
        }
    }
    return people;
}

// ---- evaluating ----

std::vector<Delta> Engine::evaluate(const Population& who, const std::vector<const Compiled*>& targets, bool write,
                                    std::vector<int>* matched) {
    std::vector<Delta> deltas;
    if (matched) matched->assign(targets.size(), 0);
    if (targets.empty()) return deltas;
    RuleReads reads;
    std::vector<Id> smart;
    for (const Compiled* t : targets) {
        merge_reads(reads, t->reads);
        smart.push_back(t->group);
    }
    std::vector<Standing> people = load(who, reads, smart);
    const std::int64_t day = today();
    for (Standing& p : people) {
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const Compiled& t = *targets[i];
            // A rule naming a record that is gone (a merge can delete one) is left as it stands, members and all,
            // until someone sets it again: it never empties a group by itself.
            if (t.broken) continue;
            const bool match = rule_matches(t.rule, p.facts, day);
            if (matched && match) ++(*matched)[i];
            auto role = p.roles.find(t.group);
            if (role != p.roles.end() && role->second != GroupRole::kMember) continue;  // staff: by hand
            auto ex = p.exceptions.find(t.group);
            const bool pinned = ex != p.exceptions.end() && ex->second == RuleException::kPin;
            const bool excluded = ex != p.exceptions.end() && ex->second == RuleException::kExclude;
            const bool should = pinned || (match && !excluded);
            const bool is = role != p.roles.end();
            if (should == is) continue;
            Delta delta{t.group, p.facts.id, should, person_name(p.facts.first_name, p.facts.last_name, p.facts.email)};
            if (should && pinned && !match) delta.why = Delta::Why::kPin;
            if (!should && excluded && match) delta.why = Delta::Why::kExclusion;
            deltas.push_back(std::move(delta));
            if (should) {
                p.roles[t.group] = GroupRole::kMember;
                insert_sorted(p.facts.groups, t.group);
            } else {
                p.roles.erase(t.group);
                erase_sorted(p.facts.groups, t.group);
            }
        }
    }
    if (write && !deltas.empty()) write_deltas(deltas);
    return deltas;
}

void Engine::write_deltas(const std::vector<Delta>& deltas) {
    Db& db = store_.db();
    std::string cause;
    std::optional<std::string> actor;  // by uid, as every audit entry names the records it names
    std::string actor_name = "Grove";
    {
        auto s = db.prepare(kSelectCause);
        if (s->step()) {
            cause = s->col_text(0);
            actor = s->col_opt_text(1);
            actor_name = s->col_text(2);
        }
    }
    std::unordered_map<Id, std::string> group_names;
    for (const Compiled& c : compiled()) group_names[c.group] = c.name;
    const std::int64_t now = store_.now();
    // How many joins and leaves each group has: one is an entry naming the person; several are one entry per group
    // listing them all (audit.h).
    std::unordered_map<Id, std::vector<const Delta*>> by_group;
    std::vector<Id> group_order;
    for (const Delta& d : deltas) {
        auto& list = by_group[d.group];
        if (list.empty()) group_order.push_back(d.group);
        list.push_back(&d);
    }
    auto why_text = [](const Delta& d) {
        switch (d.why) {
            case Delta::Why::kRule: return std::string(" by its rule");
            case Delta::Why::kPin: return std::string(", pinned");
            case Delta::Why::kExclusion: return std::string(", excluded");
        }
        return std::string();
    };
    const std::string after = cause.empty() ? "." : ", after: " + cause;
    for (const Delta& d : deltas) {
        if (d.join) {
            db.prepare(kInsertMember)->bind_all(store_.new_uid(), d.group, d.user, now, now).run();
        } else {
            db.prepare(kDeleteMember)->bind_all(d.group, d.user).run();
        }
    }
    for (Id group_id : group_order) {
        const std::vector<const Delta*>& list = by_group[group_id];
        auto it = group_names.find(group_id);
        const std::string group = it != group_names.end() ? it->second : group_name(store_, group_id);
        const std::optional<std::string> group_ref = group_uid(store_, group_id);
        auto s = db.prepare(kInsertAudit);
        if (list.size() == 1) {
            const Delta& d = *list.front();
            s->bind(1, store_.new_uid())
                .bind(2, now)
                .bind(3, actor)
                .bind(4, actor_name)
                .bind(5, d.join ? "rule.join" : "rule.leave")
                .bind(6, d.name + (d.join ? " joined " : " left ") + group + why_text(d) + after)
                .bind(7, group_ref)
                .bind(8, group)
                .bind(9, user_uid(store_, d.user))
                .bind(10, d.name)
                .bind(11, "");
            s->run();
            continue;
        }
        std::vector<AuditDetail> details;
        size_t joins = 0;
        for (const Delta* d : list) {
            joins += d->join ? 1 : 0;
            details.push_back({d->user, std::string(d->join ? "joined" : "left") + why_text(*d)});
        }
        const size_t leaves = list.size() - joins;
        std::string summary;
        if (joins > 0) summary = counted(static_cast<std::int64_t>(joins), "person", "people") + " joined";
        if (leaves > 0) {
            summary += joins > 0 ? " and " + std::to_string(leaves) + " left"
                                 : counted(static_cast<std::int64_t>(leaves), "person", "people") + " left";
        }
        summary += " " + group + after;
        s->bind(1, store_.new_uid())
            .bind(2, now)
            .bind(3, actor)
            .bind(4, actor_name)
            .bind(5, joins == list.size()    ? "rule.join"
                     : leaves == list.size() ? "rule.leave"
                                             : "rule.members")
            .bind(6, summary)
            .bind(7, group_ref)
            .bind(8, group)
            .bind(9, std::nullopt)
            .bind(10, "")
            .bind(11, audit_details_text(store_, details));
        s->run();
    }
}

std::uint32_t Engine::before_commit() {
    Db& db = store_.db();
    bool dirty_users = false, dirty_groups = false, recompile = false, departments = false, cause = false,
         everyone = false;
    {
        auto s = db.prepare(kPending);
        s->step();
        dirty_users = s->col_int(0) != 0;
        dirty_groups = s->col_int(1) != 0;
        recompile = s->col_int(2) != 0;
        departments = s->col_int(3) != 0;
        cause = s->col_int(4) != 0;
        everyone = s->col_int(5) != 0;
    }
    dirty_users |= everyone;
    if (recompile || departments) compiled_.reset();
    const auto& rules = compiled();
    // Rules that read the date move on by themselves: the first command of a new day brings them up to date.
    std::set<Id> whole;
    const std::int64_t day = today();
    if (day != clock_day_) {
        bool dated = false;
        for (const Compiled& c : rules) dated |= c.reads.today;
        if (dated) {
            std::optional<std::int64_t> stored;
            auto s = db.prepare(kReadClock);
            if (s->step()) stored = s->col_int(0);
            if (stored != day) {
                for (const Compiled& c : rules)
                    if (c.reads.today) whole.insert(c.group);
                db.prepare(kWriteClock)->bind(1, day).run();
            }
            clock_day_ = day;
        }
    }
    if (rules.empty() || (!dirty_users && !dirty_groups && !departments && whole.empty())) {
        if (dirty_users || dirty_groups || recompile || departments || cause) clear_temp(db);
        return 0;
    }
    if (dirty_groups) {
        auto s = db.prepare(kDirtyGroups);
        while (s->step()) whole.insert(s->col_int(0));
    }
    if (departments) {
        for (const Compiled& c : rules)
            if (c.reads.department) whole.insert(c.group);
    }
    std::size_t changed = 0;
    // First the people the command touched, against every rule; then whole groups whose rule (or what it
    // reads) changed, with the groups that read them. The second pass's own writes need no third.
    if (dirty_users) {
        std::vector<const Compiled*> all;
        for (const Compiled& c : rules) all.push_back(&c);
        changed += evaluate({everyone ? Population::Kind::kAll : Population::Kind::kDirty, 0}, all, true).size();
    }
    // After everyone was evaluated against every rule (in dependency order, each person's joins seen by the rules
    // after), a whole group holds nobody else to evaluate.
    if (!whole.empty() && !everyone) {
        std::set<Id> closure = whole;
        for (Id g : whole)
            for (const Compiled* d : dependents(*this, g)) closure.insert(d->group);
        std::vector<const Compiled*> targets;
        for (const Compiled& c : rules)
            if (closure.count(c.group)) targets.push_back(&c);
        changed += evaluate({Population::Kind::kAll, 0}, targets, true).size();
    }
    clear_temp(db);
    return changed ? (kChangeMemberships | kChangeGroups | kChangeAudit) : 0;
}

Engine& engine_of(Store& store) {
    auto* engine = dynamic_cast<Engine*>(store.commit_hook());
    if (!engine) {
        install_rule_engine(store);
        engine = static_cast<Engine*>(store.commit_hook());
    }
    return *engine;
}

void name_cause(Store& store, std::optional<Id> actor, const std::string& summary) {
    const std::string name = actor ? user_name(store, *actor) : std::string("Grove");
    store.db().exec("DELETE FROM temp.rule_cause");
    store.db()
        .prepare("INSERT INTO temp.rule_cause (k, summary, actor_uid, actor_name) VALUES (1, ?, ?, ?)")
        ->bind_all(name + " " + summary, actor ? user_uid(store, *actor) : std::nullopt, name)
        .run();
}

bool admitted(Store& store, Id group, Id user) {
    Engine& engine = engine_of(store);
    for (const Compiled& c : engine.compiled()) {
        if (c.group != group) continue;
        std::vector<int> matched;
        auto people = engine.load({Population::Kind::kOne, user}, c.reads, {group});
        if (people.empty()) return false;
        auto ex = people[0].exceptions.find(group);
        if (ex != people[0].exceptions.end()) return ex->second == RuleException::kPin;
        return !c.broken && rule_matches(c.rule, people[0].facts, engine.today());
    }
    return true;  // not a smart group: anyone may be added by hand
}

}  // namespace rules

}  // namespace grove
