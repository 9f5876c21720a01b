// Smart groups' commands and reads: setting, previewing, copying and clearing rules, pins and exclusions, and
// why a person is in or out (F12, F33, F34, F38). The engine that keeps members true is in engine.cpp.
#include "core/rules/smart.h"

#include <algorithm>
#include <set>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/rules/rules_internal.h"
#include "core/text/text.h"

namespace grove {

namespace {

using rules::Compiled;
using rules::Engine;
using rules::Population;

constexpr const char* kSelectRule = "SELECT uid, rule, set_by, updated_at FROM smart_rules WHERE group_id = ?";
constexpr const char* kSelectAllRules =
    "SELECT group_id, uid, rule, set_by, updated_at FROM smart_rules ORDER BY group_id";
constexpr const char* kIsSmart = "SELECT 1 FROM smart_rules WHERE group_id = ?";
constexpr const char* kUpsertRule =
    "INSERT INTO smart_rules (group_id, uid, rule, set_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (group_id) DO UPDATE SET rule = excluded.rule, set_by = excluded.set_by, "
    "updated_at = excluded.updated_at";
constexpr const char* kDeleteRule = "DELETE FROM smart_rules WHERE group_id = ?";
constexpr const char* kDeleteExceptions = "DELETE FROM smart_exceptions WHERE group_id = ?";
constexpr const char* kSelectException = "SELECT kind, reason FROM smart_exceptions WHERE group_id = ? AND user_id = ?";
constexpr const char* kUpsertException =
    "INSERT INTO smart_exceptions (uid, group_id, user_id, kind, reason, by_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, user_id) DO UPDATE SET kind = excluded.kind, "
    "reason = excluded.reason, by_id = excluded.by_id, updated_at = excluded.updated_at";
constexpr const char* kDeleteException = "DELETE FROM smart_exceptions WHERE group_id = ? AND user_id = ? AND kind = ?";
constexpr const char* kSelectExceptions =
    "SELECT e.user_id, u.first_name, u.last_name, u.email, e.kind, e.reason, e.by_id, e.updated_at "
    "FROM smart_exceptions e JOIN users u ON u.id = e.user_id WHERE e.group_id = ? ORDER BY u.sort_key, u.id";
constexpr const char* kSelectExceptionKinds = "SELECT user_id, kind FROM smart_exceptions WHERE group_id = ?";
constexpr const char* kDirectRole = "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kMemberCount = "SELECT count(*) FROM memberships WHERE group_id = ?";
constexpr const char* kForgetTemp =
    "DELETE FROM temp.rule_dirty_users; DELETE FROM temp.rule_dirty_groups; DELETE FROM temp.rule_flags;";

const char* exception_key(RuleException kind) { return kind == RuleException::kPin ? "pin" : "exclude"; }

// People in name order (F36): a few by their names; many by the order of the people's index, read once.
void sort_by_name(Store& store, std::vector<const rules::Delta*>& people) {
    if (people.size() <= 2000) {
        std::sort(people.begin(), people.end(), [](const auto* a, const auto* b) {
            int c = natural_compare(a->name, b->name);
            return c != 0 ? c < 0 : a->user < b->user;
        });
        return;
    }
    std::unordered_map<Id, std::int64_t> rank;
    auto s = store.db().prepare("SELECT id FROM users ORDER BY sort_key, id");
    for (std::int64_t i = 0; s->step(); ++i) rank[s->col_int(0)] = i;
    std::sort(people.begin(), people.end(),
              [&](const auto* a, const auto* b) { return rank[a->user] < rank[b->user]; });
}

Result<RuleNode> parse_in(Store& store, std::string_view text, bool by_uid) {
    rules::StoreResolver resolver(store);
    auto parsed = parse_rule(text, resolver, by_uid);
    if (auto* error = std::get_if<RuleParseError>(&parsed)) return bad_value(error->text());
    return std::get<RuleNode>(std::move(parsed));
}

// What giving `group` (0: a group not made yet) the rule `node` does, evaluated for everyone; written when `write`.
Result<RuleChange> run_rule(Store& store, Id group, const RuleNode& node, bool write) {
    Engine& engine = rules::engine_of(store);
    Compiled candidate;
    candidate.group = group;
    candidate.rule = node;
    candidate.reads = rule_reads(node);
    if (group) {
        if (auto path = rules::cycle_through(engine, group, candidate.reads)) {
            return Error{ErrorCode::kCycle, "The rule of " + group_name(store, group) + " cannot read " + *path +
                                                ": a group's rule may not depend on the group itself."};
        }
        candidate.name = group_name(store, group);
    }
    RuleChange change;
    std::vector<int> matched;
    std::vector<rules::Delta> deltas;
    if (write) {
        // The rule is stored already: evaluate it (as the engine compiled it) and the groups that read it.
        engine.forget();
        std::vector<const Compiled*> targets;
        for (const Compiled& c : engine.compiled())
            if (c.group == group) targets.push_back(&c);
        for (const Compiled* d : rules::dependents(engine, group)) targets.push_back(d);
        deltas = engine.evaluate({Population::Kind::kAll, 0}, targets, true, &matched);
        // Everyone is up to date and the rules are compiled: the engine need not look again before the commit.
        store.db().exec(kForgetTemp);
    } else {
        deltas = engine.evaluate({Population::Kind::kAll, 0}, {&candidate}, false, &matched);
    }
    change.matches = matched.empty() ? 0 : matched[0];
    std::vector<const rules::Delta*> join, leave;
    for (const auto& d : deltas) {
        if (d.group == group) (d.join ? join : leave).push_back(&d);
    }
    sort_by_name(store, join);
    sort_by_name(store, leave);
    for (const auto* d : join) change.join.push_back(d->user);
    for (const auto* d : leave) change.leave.push_back(d->user);
    return change;
}

// Stores `node` as `group`'s rule and applies it, with the audit entry `summary` (the actor's name goes in front).
Result<RuleChange> store_rule(Store& store, Id actor, const Group& group, const RuleNode& node, const char* action,
                              const std::string& summary) {
    Engine& engine = rules::engine_of(store);
    if (auto path = rules::cycle_through(engine, group.id, rule_reads(node))) {
        return Error{ErrorCode::kCycle, "The rule of " + group.name + " cannot read " + *path +
                                            ": a group's rule may not depend on the group itself."};
    }
    const std::int64_t now = store.now();
    const bool existed = is_smart(store, group.id);
    std::string uid = existed ? smart_rule(store, group.id)->uid : store.new_uid();
    store.db().prepare(kUpsertRule)->bind_all(group.id, uid, print_rule(node, RuleStyle::kUids), actor, now, now).run();
    record_audit(store, actor, {action, summary, group.id, std::nullopt});
    return run_rule(store, group.id, node, true);
}

Result<Group> smart_group(Store& store, Id group) {
    GROVE_LET(g, group_by_id(store, group));
    if (!is_smart(store, group)) {
        return conflict(g->name + " has no rule: only smart groups have pins and exclusions.");
    }
    return *g;
}

// One person's pin or exclusion set (`kind`) or lifted (`lifting`, when `kind` is empty); whether it changed.
Result<bool> change_exception(Store& store, Id actor, const Group& group, Id user, std::optional<RuleException> kind,
                              RuleException lifting, const std::string& why) {
    std::optional<std::string> current_kind;
    std::string current_reason;
    {
        auto s = store.db().prepare(kSelectException);
        s->bind_all(group.id, user);
        if (s->step()) {
            current_kind = s->col_text(0);
            current_reason = s->col_text(1);
        }
    }
    const std::string name = user_name(store, user);
    if (kind) {
        // Asked again without a reason: the reason given before stays.
        if (current_kind == exception_key(*kind) && (current_reason == why || why.empty())) return false;
        const std::int64_t now = store.now();
        store.db()
            .prepare(kUpsertException)
            ->bind_all(store.new_uid(), group.id, user, exception_key(*kind), why, actor, now, now)
            .run();
        const bool pin = *kind == RuleException::kPin;
        std::string summary = (pin ? "pinned " + name + " in " : "excluded " + name + " from ") + group.name;
        summary += why.empty() ? "." : ": " + why;
        if (!why.empty() && std::string_view(".!?").find(why.back()) == std::string_view::npos) summary += ".";
        record_audit(store, actor, {pin ? "group.pin" : "group.exclude", summary, group.id, user});
        return true;
    }
    if (current_kind != exception_key(lifting)) return false;
    store.db().prepare(kDeleteException)->bind_all(group.id, user, exception_key(lifting)).run();
    const bool pin = lifting == RuleException::kPin;
    record_audit(store, actor,
                 {pin ? "group.unpin" : "group.unexclude",
                  (pin ? "unpinned " + name + " in " : "lifted the exclusion of " + name + " from ") + group.name + ".",
                  group.id, user});
    return true;
}

Result<int> set_exception(Store& store, Id actor, Id group_id, const std::vector<Id>& users,
                          std::optional<RuleException> kind, RuleException lifting, const std::string& reason) {
    const std::string why = trim(reason);
    if (auto e = one_line_error("reason", why)) return bad_value(*e);
    return store.command<int>(kChangeMemberships | kChangeGroups | kChangeAudit, [&]() -> Result<int> {
        GROVE_LET(group, smart_group(store, group_id));
        const RuleException which = kind ? *kind : lifting;
        const Cmd cmd = which == RuleException::kPin ? Cmd::kRulePin : Cmd::kRuleExclude;
        int changed = 0;
        std::set<Id> seen;
        for (Id user : users) {
            if (!seen.insert(user).second) continue;
            GROVE_TRY(user_by_id(store, user));
            GROVE_TRY(authorize(store, actor, cmd, {.group = group_id, .parent = group->parent_id, .person = user}));
            GROVE_LET(did, change_exception(store, actor, *group, user, kind, lifting, why));
            changed += *did ? 1 : 0;
        }
        return changed;
    });
}

void collect_refs(const RuleNode& node, RuleSubject subject, std::vector<Id>& out) {
    if (node.kind != RuleNode::Kind::kCondition) {
        for (const auto& child : node.children) collect_refs(child, subject, out);
        return;
    }
    if (node.condition.subject == subject) out.push_back(node.condition.ref.id);
}

}  // namespace

namespace rules {

Result<void> pin_within(Store& store, Id actor, const Group& group, Id user, const std::string& reason) {
    const std::string why = trim(reason);
    if (auto e = one_line_error("reason", why)) return bad_value(*e);
    GROVE_TRY(change_exception(store, actor, group, user, RuleException::kPin, RuleException::kPin, why));
    return {};
}

Result<void> unpin_within(Store& store, Id actor, const Group& group, Id user) {
    GROVE_TRY(change_exception(store, actor, group, user, std::nullopt, RuleException::kPin, {}));
    return {};
}

}  // namespace rules

std::string RuleChange::summary() const {
    return std::to_string(matches) + " match: +" + std::to_string(join.size()) + " join, -" +
           std::to_string(leave.size()) + " leave";
}

std::string RuleWhy::line() const { return (in ? "in: " : "out: ") + reason; }

const char* member_source_key(MemberSource source) {
    switch (source) {
        case MemberSource::kDirect: return "direct";
        case MemberSource::kRule: return "rule";
        case MemberSource::kPinned: return "pinned";
    }
    return "direct";
}

std::optional<SmartRule> smart_rule(Store& store, Id group) {
    auto s = store.db().prepare(kSelectRule);
    s->bind(1, group);
    if (!s->step()) return std::nullopt;
    SmartRule r;
    r.group = group;
    r.uid = s->col_text(0);
    r.stored = s->col_text(1);
    r.set_by = s->col_opt_int(2);
    r.updated_at = s->col_int(3);
    auto parsed = parse_in(store, r.stored, true);
    r.text = parsed ? print_rule(*parsed) : r.stored;
    return r;
}

std::vector<SmartRule> smart_rules(Store& store) {
    std::vector<SmartRule> out;
    auto s = store.db().prepare(kSelectAllRules);
    while (s->step()) {
        SmartRule r;
        r.group = s->col_int(0);
        r.uid = s->col_text(1);
        r.stored = s->col_text(2);
        r.set_by = s->col_opt_int(3);
        r.updated_at = s->col_int(4);
        out.push_back(std::move(r));
    }
    for (SmartRule& r : out) {
        auto parsed = parse_in(store, r.stored, true);
        r.text = parsed ? print_rule(*parsed) : r.stored;
    }
    return out;
}

bool is_smart(Store& store, Id group) {
    auto s = store.db().prepare(kIsSmart);
    s->bind(1, group);
    return s->step();
}

Result<RuleNode> parse_rule_in(Store& store, std::string_view text) {
    try {
        return parse_in(store, text, false);
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<RuleChange> preview_rule(Store& store, Id group, std::string_view text) {
    try {
        ReadTransaction read(store.db());
        if (group) GROVE_TRY(group_by_id(store, group));
        GROVE_LET(node, parse_in(store, text, false));
        return run_rule(store, group, *node, false);
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<int> count_matches(Store& store, std::string_view text) {
    GROVE_LET(change, preview_rule(store, 0, text));
    return change->matches;
}

Result<RuleChange> set_rule(Store& store, Id actor, Id group_id, std::string_view text) {
    return store.command<RuleChange>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<RuleChange> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_TRY(authorize(store, actor, Cmd::kRuleSet, {.group = group_id, .parent = group->parent_id}));
        GROVE_LET(node, parse_in(store, text, false));
        return store_rule(store, actor, *group, *node, "group.rule.set",
                          "set the rule of " + group->name + " to: " + print_rule(*node) + ".");
    });
}

Result<Group> create_smart_group(Store& store, Id actor, const NewGroup& in, std::string_view text) {
    return store.command<Group>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<Group> {
        GROVE_TRY(authorize(store, actor, Cmd::kRuleSet, {.parent = in.parent_id}));
        GROVE_LET(node, parse_in(store, text, false));
        GROVE_LET(group, create_group_within(store, actor, in));
        GROVE_TRY(store_rule(store, actor, *group, *node, "group.rule.set",
                             "set the rule of " + group->name + " to: " + print_rule(*node) + "."));
        return *group;
    });
}

Result<void> clear_rule(Store& store, Id actor, Id group_id) {
    return store.command<void>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_TRY(authorize(store, actor, Cmd::kRuleSet, {.group = group_id, .parent = group->parent_id}));
        if (!is_smart(store, group_id)) return conflict(group->name + " has no rule to clear.");
        store.db().prepare(kDeleteRule)->bind(1, group_id).run();
        store.db().prepare(kDeleteExceptions)->bind(1, group_id).run();
        auto s = store.db().prepare(kMemberCount);
        s->bind(1, group_id);
        s->step();
        const auto members = s->col_int(0);
        record_audit(store, actor,
                     {"group.rule.clear",
                      "cleared the rule of " + group->name + "; it keeps its " + counted(members, "member", "members") +
                          " as direct members.",
                      group_id, std::nullopt});
        return {};
    });
}

Result<RuleChange> copy_rule(Store& store, Id actor, Id from, Id to) {
    return store.command<RuleChange>(kChangeGroups | kChangeMemberships | kChangeAudit, [&]() -> Result<RuleChange> {
        GROVE_LET(source, group_by_id(store, from));
        GROVE_LET(target, group_by_id(store, to));
        GROVE_TRY(authorize(store, actor, Cmd::kRuleSet, {.group = to, .parent = target->parent_id}));
        auto rule = smart_rule(store, from);
        if (!rule) return conflict(source->name + " has no rule to copy.");
        if (from == to) return bad_value("Choose another group to copy the rule of " + source->name + " to.");
        GROVE_LET(node, parse_in(store, rule->stored, true));
        return store_rule(
            store, actor, *target, *node, "group.rule.copy",
            "copied the rule of " + source->name + " to " + target->name + ": " + print_rule(*node) + ".");
    });
}

std::vector<RuleExceptionRow> rule_exceptions(Store& store, Id group) {
    std::vector<RuleExceptionRow> out;
    auto s = store.db().prepare(kSelectExceptions);
    s->bind(1, group);
    while (s->step()) {
        RuleExceptionRow row;
        row.user = s->col_int(0);
        row.name = person_name(s->col_view(1), s->col_view(2), s->col_view(3));
        row.email = s->col_text(3);
        row.kind = s->col_view(4) == "pin" ? RuleException::kPin : RuleException::kExclude;
        row.reason = s->col_text(5);
        row.by = s->col_opt_int(6);
        row.at = s->col_int(7);
        out.push_back(std::move(row));
    }
    for (auto& row : out)
        if (row.by) row.by_name = user_name(store, *row.by);
    return out;
}

std::unordered_map<Id, RuleException> rule_exception_map(Store& store, Id group) {
    std::unordered_map<Id, RuleException> out;
    auto s = store.db().prepare(kSelectExceptionKinds);
    s->bind(1, group);
    while (s->step()) out[s->col_int(0)] = s->col_view(1) == "pin" ? RuleException::kPin : RuleException::kExclude;
    return out;
}

Result<int> pin_people(Store& store, Id actor, Id group, const std::vector<Id>& users, const std::string& reason) {
    return set_exception(store, actor, group, users, RuleException::kPin, RuleException::kPin, reason);
}

Result<int> unpin_people(Store& store, Id actor, Id group, const std::vector<Id>& users) {
    return set_exception(store, actor, group, users, std::nullopt, RuleException::kPin, {});
}

Result<int> exclude_people(Store& store, Id actor, Id group, const std::vector<Id>& users, const std::string& reason) {
    return set_exception(store, actor, group, users, RuleException::kExclude, RuleException::kExclude, reason);
}

Result<int> unexclude_people(Store& store, Id actor, Id group, const std::vector<Id>& users) {
    return set_exception(store, actor, group, users, std::nullopt, RuleException::kExclude, {});
}

Result<RuleWhy> why_member(Store& store, Id group_id, Id user) {
    try {
        ReadTransaction read(store.db());
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_TRY(user_by_id(store, user));
        std::optional<GroupRole> role;
        {
            auto s = store.db().prepare(kDirectRole);
            s->bind_all(group_id, user);
            if (s->step()) role = parse_group_role(s->col_view(0));
        }
        if (role && *role != GroupRole::kMember) {
            std::string name = group_role_name(*role);
            name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
            return RuleWhy{true, name + ", added by hand"};
        }
        Engine& engine = rules::engine_of(store);
        const Compiled* rule = nullptr;
        for (const Compiled& c : engine.compiled())
            if (c.group == group_id) rule = &c;
        if (!rule) {
            if (role) return RuleWhy{true, "direct member"};
            return RuleWhy{false, "not a member (" + group->name + " has no rule)"};
        }
        for (const auto& row : rule_exceptions(store, group_id)) {
            if (row.user != user) continue;
            const bool pin = row.kind == RuleException::kPin;
            std::string reason = pin ? "pinned" : "excluded";
            if (!row.by_name.empty()) reason += " by " + row.by_name;
            if (!row.reason.empty()) reason += ": " + row.reason;
            return RuleWhy{pin, reason};
        }
        if (rule->broken) {
            return RuleWhy{role.has_value(), "the rule of " + group->name +
                                                 " names a record that is gone, so its members stay as they were"};
        }
        auto people = engine.load({Population::Kind::kOne, user}, rule->reads, {group_id});
        if (people.empty()) return not_found("No such person.");
        RuleVerdict verdict = explain_rule(rule->rule, people[0].facts, engine.today());
        return RuleWhy{verdict.holds, verdict.reason};
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<bool> refresh_dated_rules(Store& store) {
    try {
        Engine& engine = rules::engine_of(store);
        bool dated = false;
        for (const Compiled& c : engine.compiled()) dated |= c.reads.today;
        if (!dated) return false;
        auto s = store.db().prepare("SELECT day FROM rule_clock WHERE id = 1");
        if (s->step() && s->col_int(0) == engine.today()) return false;
    } catch (const DbError& e) {
        return storage_error(e);
    }
    // An empty command: the engine, before it commits, brings the dated rules to today.
    return store.command<bool>(0, [] { return Result<bool>(true); });
}

std::vector<std::string> groups_reading(Store& store, RuleSubject subject, Id id) {
    std::vector<std::string> out;
    for (const Compiled* c : rules::readers_of(store, subject, id)) out.push_back(c->name);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
    return out;
}

namespace rules {

std::vector<const Compiled*> readers_of(Store& store, RuleSubject subject, Id id) {
    std::vector<const Compiled*> out;
    for (const Compiled& c : engine_of(store).compiled()) {
        std::vector<Id> refs;
        collect_refs(c.rule, subject, refs);
        if (std::find(refs.begin(), refs.end(), id) != refs.end()) out.push_back(&c);
    }
    return out;
}

Result<void> refuse_if_read(Store& store, RuleSubject subject, Id id, const std::string& what,
                            const std::vector<Id>& ignore) {
    std::vector<std::string> names;
    for (const Compiled* c : readers_of(store, subject, id))
        if (std::find(ignore.begin(), ignore.end(), c->group) == ignore.end()) names.push_back(c->name);
    if (names.empty()) return {};
    std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i)
        list += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return conflict(what + " cannot be deleted: the rule" + (names.size() > 1 ? "s of " : " of ") + list +
                    (names.size() > 1 ? " read it" : " reads it") + "; change " +
                    (names.size() > 1 ? "those rules" : "that rule") + " first.");
}

}  // namespace rules

std::vector<Id> rule_members_from_scratch(Store& store, Id group) {
    std::vector<Id> out;
    auto rule = smart_rule(store, group);
    if (!rule) return out;
    auto node = parse_in(store, rule->stored, true);
    Compiled fresh;
    fresh.group = group;
    fresh.broken = !node;
    if (node) {
        fresh.rule = *node;
        fresh.reads = rule_reads(fresh.rule);
    }
    Engine& engine = rules::engine_of(store);
    const std::int64_t day = engine.today();
    for (const auto& p : engine.load({Population::Kind::kAll, 0}, fresh.reads, {group})) {
        auto role = p.roles.find(group);
        if (role != p.roles.end() && role->second != GroupRole::kMember) continue;
        auto ex = p.exceptions.find(group);
        const bool pinned = ex != p.exceptions.end() && ex->second == RuleException::kPin;
        const bool excluded = ex != p.exceptions.end() && ex->second == RuleException::kExclude;
        const bool in = fresh.broken ? role != p.roles.end()  // a broken rule leaves its members as they are
                                     : pinned || (!excluded && rule_matches(fresh.rule, p.facts, day));
        if (in) out.push_back(p.facts.id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace grove
