// Internal to core/rules/: the rule engine (the commit hook) and what the commands of smart.cpp share with it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/org/model.h"
#include "core/rules/rule.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"

namespace grove::rules {

// Names in a rule looked up in the database: as typed (slug, then name ignoring case and accents) or by uid.
class StoreResolver : public RuleResolver {
public:
    explicit StoreResolver(Store& store) : store_(store) {}
    std::optional<RuleRef> field(std::string_view text, bool by_uid) override;
    std::optional<RuleRef> department(std::string_view text, bool by_uid) override;
    std::optional<RuleRef> course(std::string_view text, bool by_uid) override;
    std::optional<RuleRef> group(std::string_view text, bool by_uid) override;

private:
    std::optional<RuleRef> named(const char* table, std::string_view text, bool by_uid, bool has_slug);
    Store& store_;
    std::optional<std::vector<FieldDef>> fields_;  // read once per resolver: a rule names several
};

// A smart group's rule, parsed from its stored form.
struct Compiled {
    Id group = 0;
    std::string name;  // the group's
    RuleNode rule;
    RuleReads reads;
    bool broken = false;  // the stored form no longer parses (a record it names is gone): matches nobody
};

// Who to evaluate.
struct Population {
    enum class Kind { kAll, kDirty, kOne } kind = Kind::kAll;
    Id one = 0;
};

// A join (or leave) the engine wrote or would write.
struct Delta {
    Id group = 0;
    Id user = 0;
    bool join = true;
    std::string name;  // the person's display name
    // Why: the rule itself, or (against the rule) a pin that brings them in or an exclusion that takes them out.
    enum class Why { kRule, kPin, kExclusion } why = Why::kRule;
};

// A few entries keyed by id, kept in a vector: a person holds few roles and exceptions, and 100,000 people's
// hash maps would cost more in allocations than every lookup together.
template <class V>
class SmallMap {
public:
    using Item = std::pair<Id, V>;
    typename std::vector<Item>::iterator find(Id key) {
        return std::find_if(items_.begin(), items_.end(), [key](const Item& i) { return i.first == key; });
    }
    typename std::vector<Item>::const_iterator find(Id key) const {
        return std::find_if(items_.begin(), items_.end(), [key](const Item& i) { return i.first == key; });
    }
    typename std::vector<Item>::iterator end() { return items_.end(); }
    typename std::vector<Item>::const_iterator end() const { return items_.end(); }
    V& operator[](Id key) {
        auto it = find(key);
        if (it != items_.end()) return it->second;
        items_.emplace_back(key, V{});
        return items_.back().second;
    }
    void erase(Id key) {
        auto it = find(key);
        if (it != items_.end()) items_.erase(it);
    }

private:
    std::vector<Item> items_;
};

// One person's standing toward the smart groups: facts plus their current rows.
struct Standing {
    RuleFacts facts;
    SmallMap<GroupRole> roles;  // smart group -> direct role
    SmallMap<RuleException> exceptions;
};

class Engine : public CommitHook {
public:
    explicit Engine(Store& store) : store_(store) {}
    std::uint32_t before_commit() override;
    void rolled_back() override { compiled_.reset(); }

    // Every smart group's rule in dependency order (a group after the smart groups its rule reads).
    const std::vector<Compiled>& compiled();
    void forget() { compiled_.reset(); }

    // Evaluates `targets` (indices into compiled(), in order; or the candidate rule for `candidate_group`)
    // for `who`; writes the deltas (and audits them) when `write`. `matched`, when given, counts per target.
    std::vector<Delta> evaluate(const Population& who, const std::vector<const Compiled*>& targets, bool write,
                                std::vector<int>* matched = nullptr);
    // Loads the standing of the people of `who` for rules reading `reads` and groups `smart`.
    std::vector<Standing> load(const Population& who, const RuleReads& reads, const std::vector<Id>& smart);
    std::int64_t today() const;

private:
    void write_deltas(const std::vector<Delta>& deltas);
    Store& store_;
    std::unique_ptr<std::vector<Compiled>> compiled_;
    std::int64_t clock_day_ = -1;  // the day dated rules were last brought up to date (cache of rule_clock)
};

Engine& engine_of(Store& store);

// The smart groups whose rules read `group`, directly or through others (not `group` itself), in order.
std::vector<const Compiled*> dependents(Engine& engine, Id group);
// Whether a rule for `group` reading `reads` would read `group` itself, directly or through other smart groups.
std::optional<std::string> cycle_through(Engine& engine, Id group, const RuleReads& reads);

// The smart groups whose rules name the record `id` of kind `subject` (a field, department, course or group).
std::vector<const Compiled*> readers_of(Store& store, RuleSubject subject, Id id);
// Refuses to delete what a rule reads: "Grade 9 cannot be deleted: the rule of Teachers reads it; change that
// rule first." `ignore`: smart groups going away in the same command.
Result<void> refuse_if_read(Store& store, RuleSubject subject, Id id, const std::string& what,
                            const std::vector<Id>& ignore = {});

// Inside a running command, already authorised: pin `user` in smart group `group` (F33), or lift their pin.
Result<void> pin_within(Store& store, Id actor, const Group& group, Id user, const std::string& reason);
Result<void> unpin_within(Store& store, Id actor, const Group& group, Id user);

// Names the running command's cause for the joins and leaves it makes, in place of its first audit entry: a
// merge writes the other planner's entries, none of which is what caused this command's joins.
void name_cause(Store& store, std::optional<Id> actor, const std::string& summary);

// A load that brings whole people in (a restore into an empty database), inside the caller's transaction: the
// triggers that note a person whenever a row of theirs is inserted are set aside, and finish() puts them back
// and notes every person at once, so that the rules see everyone as the triggers would have them. A load that
// fails rolls the triggers back with everything else.
class PeopleLoad {
public:
    explicit PeopleLoad(Store& store);
    void finish();

private:
    Store& store_;
};

// Whether `user` would be a member of smart group `group` by its rule and exceptions (not counting staff).
bool admitted(Store& store, Id group, Id user);

}  // namespace grove::rules
