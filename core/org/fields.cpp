// Renaming additional fields, changing their choices and deleting them.
#include "core/org/fields.h"

#include <algorithm>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/people.h"
#include "core/rules/rules_internal.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kCountValues = "SELECT count(*) FROM user_fields WHERE field_id = ?";
constexpr const char* kHeldValues = "SELECT value, count(*) FROM user_fields WHERE field_id = ? GROUP BY value";
constexpr const char* kRenameField = "UPDATE fields SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSetChoices = "UPDATE fields SET choices = ?, updated_at = ? WHERE id = ?";
constexpr const char* kHoldersOf =
    "SELECT v.user_id FROM user_fields v JOIN users u ON u.id = v.user_id WHERE v.field_id = ? AND v.value = ? "
    "ORDER BY u.sort_key, u.id";
constexpr const char* kAllHolders =
    "SELECT v.user_id FROM user_fields v JOIN users u ON u.id = v.user_id WHERE v.field_id = ? "
    "ORDER BY u.sort_key, u.id";
constexpr const char* kRemapValue = "UPDATE user_fields SET value = ?, updated_at = ? WHERE field_id = ? AND value = ?";
constexpr const char* kDeleteField = "DELETE FROM fields WHERE id = ?";
constexpr const char* kDeleteValues = "DELETE FROM user_fields WHERE field_id = ?";

// The audit names at most this many people of a change to many; the rest are counted.
constexpr size_t kNamedPeople = 5;

Result<FieldDef> field_by_id(Store& store, Id id) {
    for (auto& f : list_fields(store))
        if (f.id == id) return std::move(f);
    return not_found("That additional field no longer exists.");
}

std::string joined(const std::vector<std::string>& items, const char* last = " and ") {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? last : ", ") + items[i];
    return out;
}

std::string listed(const std::vector<std::string>& items) { return joined(items, ", "); }

std::string quoted_value(const std::string& value) { return "'" + value + "'"; }

// Where a held value goes: its map, else the new choice it is, else nowhere.
std::optional<std::string> destination(const std::vector<std::string>& choices, const ChoiceMap& map,
                                       const std::string& value) {
    for (const auto& [from, to] : map)
        if (from == value || fold(from) == fold(value)) return find_choice(choices, to);
    return find_choice(choices, value);
}

bool compares_whole_value(RuleOp op) {
    return op != RuleOp::kContains && op != RuleOp::kNotContains && op != RuleOp::kStartsWith &&
           op != RuleOp::kEndsWith;
}

// The values a rule compares field `field` with as whole choices ("is", "is not", "is one of").
void compared_choices(const RuleNode& node, Id field, std::vector<std::string>& out) {
    if (node.kind != RuleNode::Kind::kCondition) {
        for (const auto& child : node.children) compared_choices(child, field, out);
        return;
    }
    const RuleCondition& c = node.condition;
    if (c.subject != RuleSubject::kField || c.ref.id != field || !compares_whole_value(c.op)) return;
    out.insert(out.end(), c.values.begin(), c.values.end());
}

// "Ada Abbott, Bo Chen and Cy Dee", or the first five and "and 7 more".
std::string some_people(Store& store, const std::vector<Id>& people) {
    std::vector<std::string> names;
    for (size_t i = 0; i < people.size() && i < kNamedPeople; ++i) names.push_back(user_name(store, people[i]));
    if (people.size() > kNamedPeople) names.push_back(std::to_string(people.size() - kNamedPeople) + " more");
    return joined(names);
}

}  // namespace

std::optional<std::string> find_choice(const std::vector<std::string>& choices, std::string_view value) {
    const std::string folded = fold(value);
    for (const auto& c : choices)
        if (fold(c) == folded) return c;
    return std::nullopt;
}

int field_value_count(Store& store, Id field) {
    auto s = store.db().prepare(kCountValues);
    s->bind(1, field);
    s->step();
    return static_cast<int>(s->col_int(0));
}

std::vector<HeldValue> held_values(Store& store, Id field) {
    std::vector<HeldValue> out;
    auto s = store.db().prepare(kHeldValues);
    s->bind(1, field);
    while (s->step()) out.push_back({s->col_text(0), static_cast<int>(s->col_int(1))});
    std::sort(out.begin(), out.end(), [](const HeldValue& a, const HeldValue& b) {
        return a.people != b.people ? a.people > b.people : natural_less(a.value, b.value);
    });
    return out;
}

Result<FieldDef> rename_field(Store& store, Id actor, Id field, const std::string& raw_name) {
    const std::string name = clean_name(raw_name);
    if (auto e = field_name_error(name)) return *e;
    return store.command<FieldDef>(kChangePeople | kChangeOrg | kChangeAudit, [&]() -> Result<FieldDef> {
        GROVE_TRY(authorize(store, actor, Cmd::kFieldRename));
        GROVE_LET(before, field_by_id(store, field));
        if (before->name == name) return bad_value("The field is already called " + name + ".");
        if (auto other = find_field(store, name); other && other->id != field) {
            return duplicate("A field named " + other->name + " already exists.");
        }
        store.db().prepare(kRenameField)->bind_all(name, store.now(), field).run();
        record_audit(
            store, actor,
            {"field.rename", "renamed the field " + before->name + " to " + name + ".", std::nullopt, std::nullopt});
        return field_by_id(store, field);
    });
}

std::vector<HeldValue> unmapped_values(Store& store, const FieldDef& field, const std::vector<std::string>& choices,
                                       const ChoiceMap& map) {
    std::vector<HeldValue> out;
    for (auto& held : held_values(store, field.id))
        if (!destination(choices, map, held.value)) out.push_back(std::move(held));
    return out;
}

Result<ChoicesChanged> set_field_choices(Store& store, Id actor, Id field, const std::vector<std::string>& raw_choices,
                                         const ChoiceMap& raw_map) {
    std::vector<std::string> choices;
    for (const auto& raw : raw_choices) {
        std::string choice = trim(raw);
        if (choice.empty()) return bad_value("A choice cannot be empty.");
        if (auto e = one_line_error("choice", choice)) return bad_value(*e);
        if (auto same = find_choice(choices, choice)) {
            return duplicate(*same == choice ? "The choice " + choice + " is given twice."
                                             : "The choices " + *same + " and " + choice + " are the same choice.");
        }
        choices.push_back(std::move(choice));
    }
    if (choices.empty()) return bad_value("A choice field needs at least one choice.");
    ChoiceMap map;
    for (const auto& [raw_from, raw_to] : raw_map) {
        std::string from = trim(raw_from), to = trim(raw_to);
        for (const auto& [earlier, _] : map)
            if (fold(earlier) == fold(from)) return bad_value("'" + from + "' is mapped twice.");
        auto target = find_choice(choices, to);
        if (!target) {
            return bad_value("'" + from + "' cannot become '" + to + "': it is not among the new choices (" +
                             listed(choices) + ").");
        }
        map.emplace_back(std::move(from), *std::move(target));
    }
    return store.command<ChoicesChanged>(kChangePeople | kChangeOrg | kChangeAudit, [&]() -> Result<ChoicesChanged> {
        GROVE_TRY(authorize(store, actor, Cmd::kFieldChoices));
        GROVE_LET(before, field_by_id(store, field));
        if (before->type != FieldType::kChoice) {
            return bad_value(before->name + " is a " + field_type_key(before->type) +
                             " field: only a choice field has choices.");
        }
        const auto held = held_values(store, field);
        for (const auto& pair : map) {
            const std::string& from = pair.first;  // named, not bound: clang 14 cannot capture a binding
            const bool known =
                find_choice(before->choices, from) ||
                std::any_of(held.begin(), held.end(), [&](const HeldValue& h) { return fold(h.value) == fold(from); });
            if (!known) {
                return not_found("'" + from + "' is not a choice of " + before->name + " (" + listed(before->choices) +
                                 ").");
            }
        }
        if (auto dangling = unmapped_values(store, *before, choices, map); !dangling.empty()) {
            const HeldValue& first = dangling.front();
            return conflict(counted(first.people, "person holds", "people hold") + " " + quoted_value(first.value) +
                            " in " + before->name +
                            ", which is not among the new choices: say which choice they get instead.");
        }
        // A smart group's rule that compares the field with a choice that goes would no longer parse.
        std::vector<std::string> readers;
        std::string gone;
        for (const rules::Compiled* c : rules::readers_of(store, RuleSubject::kField, field)) {
            std::vector<std::string> compared;
            compared_choices(c->rule, field, compared);
            for (const auto& value : compared) {
                if (find_choice(choices, value)) continue;
                if (gone.empty()) gone = value;
                readers.push_back(c->name);
                break;
            }
        }
        if (!readers.empty()) {
            std::sort(readers.begin(), readers.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
            return conflict("The choice " + gone + " of " + before->name + " cannot go: the rule" +
                            (readers.size() > 1 ? "s of " : " of ") + joined(readers) + " compare" +
                            (readers.size() > 1 ? "" : "s") + " " + before->name + " with it; change " +
                            (readers.size() > 1 ? "those rules" : "that rule") + " first.");
        }
        if (before->choices == choices && std::all_of(held.begin(), held.end(), [&](const HeldValue& h) {
                return destination(choices, map, h.value) == h.value;
            })) {
            return bad_value(before->name + " already has the choices " + listed(choices) + ".");
        }

        ChoicesChanged out;
        std::vector<std::string> moves;
        std::vector<AuditDetail> details;  // each person whose value moved (audit.h)
        const std::int64_t now = store.now();
        for (const auto& h : held) {
            const std::string to = *destination(choices, map, h.value);
            if (to == h.value) continue;
            std::vector<Id> people;
            auto s = store.db().prepare(kHoldersOf);
            s->bind_all(field, h.value);
            while (s->step()) people.push_back(s->col_int(0));
            for (Id person : people)
                details.push_back({person, "changed " + before->name + " from " + h.value + " to " + to});
            store.db().prepare(kRemapValue)->bind_all(to, now, field, h.value).run();
            out.remapped += static_cast<int>(people.size());
            moves.push_back(h.value + " to " + to + " for " +
                            counted(static_cast<std::int64_t>(people.size()), "person", "people") + " (" +
                            some_people(store, people) + ")");
        }
        std::string stored;
        for (const auto& c : choices) stored += c + "\n";
        store.db().prepare(kSetChoices)->bind_all(stored, now, field).run();
        out.detail = moves.empty() ? "" : "mapped " + joined(moves, "; ");
        std::string summary =
            "changed the choices of " + before->name + " from " + listed(before->choices) + " to " + listed(choices);
        if (!moves.empty()) summary += "; mapped " + joined(moves, "; ");
        record_audit(store, actor, {"field.choices", summary + ".", std::nullopt, std::nullopt, std::move(details)});
        GROVE_LET(after, field_by_id(store, field));
        out.field = *std::move(after);
        return out;
    });
}

Result<FieldDeleted> plan_field_delete(Store& store, Id actor, Id field) {
    GROVE_TRY(authorize(store, actor, Cmd::kFieldDelete));
    GROVE_LET(before, field_by_id(store, field));
    GROVE_TRY(rules::refuse_if_read(store, RuleSubject::kField, field, "The field " + before->name));
    return FieldDeleted{before->name, field_value_count(store, field)};
}

Result<FieldDeleted> delete_field(Store& store, Id actor, Id field, bool with_values) {
    return store.command<FieldDeleted>(kChangePeople | kChangeOrg | kChangeAudit, [&]() -> Result<FieldDeleted> {
        GROVE_LET(plan, plan_field_delete(store, actor, field));
        FieldDeleted out = *plan;
        if (out.values > 0 && !with_values) {
            return conflict(counted(out.values, "person holds", "people hold") + " a value in " + out.name +
                            ": delete the field with their values, or clear them first.");
        }
        std::string summary = "deleted the field " + out.name;
        std::vector<AuditDetail> details;  // each person whose value went, with the value (audit.h)
        if (out.values > 0) {
            auto values =
                store.db().prepare("SELECT user_id, value FROM user_fields WHERE field_id = ? ORDER BY user_id");
            values->bind(1, field);
            while (values->step())
                details.push_back({values->col_int(0), "lost " + out.name + ": " + values->col_text(1)});
            std::vector<Id> holders;
            auto s = store.db().prepare(kAllHolders);
            s->bind(1, field);
            while (s->step()) holders.push_back(s->col_int(0));
            summary +=
                " and its " + counted(out.values, "value", "values") + " (held by " + some_people(store, holders) + ")";
        }
        store.db().prepare(kDeleteValues)->bind(1, field).run();
        store.db().prepare(kDeleteField)->bind(1, field).run();
        record_audit(store, actor, {"field.delete", summary + ".", std::nullopt, std::nullopt, std::move(details)});
        return out;
    });
}

}  // namespace grove
