// Handlers for smart groups (F12, F33, F38): rules, pins and exclusions, and why a person is in or out.
#include <algorithm>

#include "cli_spec.h"
#include "core/rules/smart.h"

namespace grove::cli {

namespace {

// "+ Ada Abbott <ada@x.org>" for each person who joins, "- Bo Chen <bo@x.org>" for each who leaves.
void print_change_people(Store& store, const RuleChange& change, std::ostream& out) {
    auto line = [&](char sign, Id id) {
        auto user = find_user(store, id);
        out << sign << ' ' << (user ? person_label(*user) : "(unknown)") << "\n";
    };
    for (Id id : change.join) line('+', id);
    for (Id id : change.leave) line('-', id);
}

// The people named on the command line, each once, in the order given; an unknown email refuses them all.
Result<std::vector<Id>> people_args(Store& store, const std::vector<std::string>& emails) {
    std::vector<Id> ids;
    for (const auto& email : emails) {
        GROVE_LET(user, user_arg(store, email));
        if (std::find(ids.begin(), ids.end(), user->id) == ids.end()) ids.push_back(user->id);
    }
    return ids;
}

std::vector<std::string> emails_after_slug(const Args& args) {
    return {args.positionals.begin() + 1, args.positionals.end()};
}

// "Pinned 2 people in Teachers." and, when some needed nothing, "; 1 already was." (or "was not").
void print_exception_outcome(std::ostream& out, const char* verb, const char* preposition, const Group& group,
                             int changed, size_t asked, const char* unchanged_note) {
    out << verb << " " << counted(changed, "person", "people") << " " << preposition << " " << group.name;
    int unchanged = static_cast<int>(asked) - changed;
    if (unchanged > 0) out << "; " << unchanged << " " << unchanged_note;
    out << ".\n";
}

std::string exception_line(const RuleExceptionRow& row) {
    std::string line = row.kind == RuleException::kPin ? "pinned: " : "excluded: ";
    line += grove::person_label(row.name, "", row.email);
    std::string by = row.by ? row.by_name : "";
    if (!row.reason.empty()) by += (by.empty() ? "" : ": ") + row.reason;
    if (!by.empty()) line += " (" + by + ")";
    return line;
}

}  // namespace

Result<void> cmd_group_rule_set(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    const std::string& text = ctx.args.positionals[1];
    if (ctx.args.has("dry-run")) {
        GROVE_LET(change, preview_rule(ctx.store, group->id, text));
        ctx.out << change->summary() << "\n";
        print_change_people(ctx.store, *change, ctx.out);
        return {};
    }
    GROVE_LET(change, set_rule(ctx.store, ctx.actor, group->id, text));
    ctx.out << change->summary() << "\n";
    return {};
}

Result<void> cmd_group_rule_show(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    auto rule = smart_rule(ctx.store, group->id);
    if (!rule) {
        return not_found(group->name + " has no rule: its members are added by hand (see grove help group rule set).");
    }
    ctx.out << rule->text << "\n";
    for (const auto& row : rule_exceptions(ctx.store, group->id)) ctx.out << exception_line(row) << "\n";
    return {};
}

Result<void> cmd_group_rule_clear(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_TRY(clear_rule(ctx.store, ctx.actor, group->id));
    int members = 0;
    for (const auto& p : group_people(ctx.store, group->id))
        if (p.direct_role == GroupRole::kMember) ++members;
    ctx.out << group->name << " has no rule now; it keeps its " << counted(members, "member", "members")
            << ", added by hand.\n";
    return {};
}

Result<void> cmd_group_rule_copy(Context& ctx) {
    GROVE_LET(from, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(to, group_arg(ctx.store, ctx.args.positionals[1]));
    GROVE_LET(change, copy_rule(ctx.store, ctx.actor, from->id, to->id));
    ctx.out << change->summary() << "\n";
    return {};
}

Result<void> cmd_group_pin(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(users, people_args(ctx.store, emails_after_slug(ctx.args)));
    GROVE_LET(changed, pin_people(ctx.store, ctx.actor, group->id, *users, ctx.args.get("reason").value_or("")));
    print_exception_outcome(ctx.out, "Pinned", "in", *group, *changed, users->size(), "already was");
    return {};
}

Result<void> cmd_group_unpin(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(users, people_args(ctx.store, emails_after_slug(ctx.args)));
    GROVE_LET(changed, unpin_people(ctx.store, ctx.actor, group->id, *users));
    print_exception_outcome(ctx.out, "Unpinned", "in", *group, *changed, users->size(), "was not pinned");
    return {};
}

Result<void> cmd_group_exclude(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(users, people_args(ctx.store, emails_after_slug(ctx.args)));
    GROVE_LET(changed, exclude_people(ctx.store, ctx.actor, group->id, *users, ctx.args.get("reason").value_or("")));
    print_exception_outcome(ctx.out, "Excluded", "from", *group, *changed, users->size(), "already was");
    return {};
}

Result<void> cmd_group_unexclude(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(users, people_args(ctx.store, emails_after_slug(ctx.args)));
    GROVE_LET(changed, unexclude_people(ctx.store, ctx.actor, group->id, *users));
    print_exception_outcome(ctx.out, "Lifted the exclusion of", "from", *group, *changed, users->size(),
                            "was not excluded");
    return {};
}

Result<void> cmd_group_why(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[1]));
    GROVE_LET(why, why_member(ctx.store, group->id, user->id));
    ctx.out << why->line() << "\n";
    return {};
}

Result<void> cmd_rule_check(Context& ctx) {
    GROVE_LET(matches, count_matches(ctx.store, ctx.args.positionals[0]));
    ctx.out << *matches << "\n";
    return {};
}

}  // namespace grove::cli
