// Handlers for groups and their people.
#include "cli_spec.h"
#include "core/rules/smart.h"

namespace grove::cli {

namespace {

Result<std::vector<ExternalId>> external_id_args(const Args& args) {
    std::vector<ExternalId> ids;
    for (const auto& raw : args.all("external-id")) {
        GROVE_LET(kv, key_value_arg("external-id", raw));
        ids.push_back({kv->first, kv->second});
    }
    return ids;
}

Result<GroupRole> role_option(const Args& args) {
    auto text = args.get("role");
    return text ? group_role_arg(*text) : Result<GroupRole>(GroupRole::kMember);
}

std::string group_label(const Group& group) { return group.name + " (" + group.slug + ")"; }

}  // namespace

Result<void> cmd_group_create(Context& ctx) {
    NewGroup in;
    in.name = ctx.args.positionals[0];
    in.description = ctx.args.get("description").value_or("");
    if (auto slug = ctx.args.get("parent")) {
        GROVE_LET(parent, group_arg(ctx.store, *slug));
        in.parent_id = parent->id;
    }
    GROVE_LET(ids, external_id_args(ctx.args));
    in.external_ids = *ids;
    if (auto rule = ctx.args.get("rule")) {
        // Who joins a group not made yet: everyone the rule matches (the same rule, read before the command).
        GROVE_LET(change, preview_rule(ctx.store, 0, *rule));
        GROVE_LET(group, create_smart_group(ctx.store, ctx.actor, in, *rule));
        ctx.out << group->slug << "\n" << change->summary() << "\n";
        return {};
    }
    GROVE_LET(group, create_group(ctx.store, ctx.actor, in));
    ctx.out << group->slug << "\n";
    return {};
}

Result<void> cmd_group_edit(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GroupEdit edit;
    edit.name = ctx.args.get("name");
    edit.description = ctx.args.get("description");
    if (ctx.args.has("external-id")) {
        GROVE_LET(ids, external_id_args(ctx.args));
        edit.external_ids = *ids;
    }
    GROVE_LET(after, edit_group(ctx.store, ctx.actor, group->id, edit));
    ctx.out << "Saved " << group_label(*after) << ".\n";
    return {};
}

Result<void> cmd_group_move(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    std::optional<Group> parent;
    if (auto slug = ctx.args.get("parent")) {
        GROVE_LET(p, group_arg(ctx.store, *slug));
        parent = *p;
    }
    GROVE_TRY(move_group(ctx.store, ctx.actor, group->id, parent ? std::optional<Id>(parent->id) : std::nullopt));
    ctx.out << "Moved " << group->name << (parent ? " under " + parent->name : " to the top level") << ".\n";
    return {};
}

Result<void> cmd_group_delete(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    SubgroupFate fate = ctx.args.has("with-subgroups") ? SubgroupFate::kDeleteThem : SubgroupFate::kLiftThem;
    if (ctx.args.has("dry-run")) {
        GROVE_LET(plan, plan_delete(ctx.store, group->id, fate));
        ctx.out << plan->description << "\n";
        return {};
    }
    GROVE_LET(plan, delete_group(ctx.store, ctx.actor, group->id, fate));
    ctx.out << "Deleted " << group->name;
    int below = static_cast<int>(plan->deleted.size()) - 1;
    if (below > 0) ctx.out << " and its " << counted(below, "subgroup", "subgroups");
    ctx.out << "; removed " << counted(plan->memberships_removed, "membership", "memberships");
    if (plan->subgroups_lifted > 0) {
        ctx.out << "; " << counted(plan->subgroups_lifted, "subgroup", "subgroups") << " moved to " << plan->lifted_to;
    }
    ctx.out << ".\n";
    return {};
}

Result<void> cmd_group_list(Context& ctx) {
    std::string sort_text = lower_ascii(trim(ctx.args.get("sort").value_or("newest")));
    if (sort_text != "newest" && sort_text != "title") {
        return bad_value(quoted(*ctx.args.get("sort")) + " is not a sort order; use newest or title.");
    }
    for (const auto& row : group_tree(ctx.store, sort_text == "title" ? GroupSort::kTitle : GroupSort::kNewest)) {
        ctx.out << std::string(2 * static_cast<size_t>(row.depth), ' ') << row.name << " (" << row.slug << ") · "
                << counted(row.user_count, "user", "users") << (row.inherit ? "" : " · inheritance off") << "\n";
    }
    return {};
}

Result<void> cmd_group_show(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GroupRow row;
    for (const auto& r : group_tree(ctx.store, GroupSort::kNewest))
        if (r.id == group->id) row = r;
    ctx.out << "Name: " << group->name << "\n"
            << "Slug: " << group->slug << "\n"
            << "Description: " << (group->description.empty() ? "(none)" : group->description) << "\n"
            << "Parent: ";
    if (auto parent = group->parent_id ? find_group(ctx.store, *group->parent_id) : std::nullopt) {
        ctx.out << group_label(*parent) << "\n";
    } else {
        ctx.out << "(top level)\n";
    }
    ctx.out << "Inheritance: "
            << (group->inherit ? "on (staff of the parent groups reach its members)" : "off (only its own staff)")
            << "\n";
    std::string ids;
    for (const auto& e : external_ids(ctx.store, group->id))
        ids += (ids.empty() ? "" : ", ") + e.system + "=" + e.value;
    ctx.out << "External IDs: " << (ids.empty() ? "(none)" : ids) << "\n"
            << "Users: " << row.user_count << "\n"
            << "Subgroups: " << row.child_count << "\n"
            << "Image: " << (row.has_image ? "yes" : "(none)") << "\n"
            << "Created: " << format_iso_time(group->created_at) << "\n";
    return {};
}

Result<void> cmd_group_inherit(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    std::string value = lower_ascii(trim(ctx.args.positionals[1]));
    if (value != "on" && value != "off") {
        return bad_value(quoted(ctx.args.positionals[1]) + " is neither on nor off.");
    }
    GroupEdit edit;
    edit.inherit = value == "on";
    GROVE_TRY(edit_group(ctx.store, ctx.actor, group->id, edit));
    ctx.out << "Inherited oversight is now " << value << " for " << group->name << ".\n";
    return {};
}

Result<void> cmd_group_copy(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(role, role_option(ctx.args));
    CopySource source;
    if (auto slug = ctx.args.get("from-group")) {
        GROVE_LET(from, group_arg(ctx.store, *slug));
        source.group = from->id;
    } else {
        GROVE_LET(from, department_arg(ctx.store, *ctx.args.get("from-department")));
        source.department = from->id;
    }
    const ExistingRoles existing = ctx.args.has("change-roles") ? ExistingRoles::kChange : ExistingRoles::kKeep;
    if (ctx.args.has("dry-run")) {
        GROVE_LET(plan, plan_copy(ctx.store, group->id, source, *role, existing));
        for (const std::string& line : plan->preview()) ctx.out << line << "\n";
        return {};
    }
    GROVE_LET(outcome, copy_people(ctx.store, ctx.actor, group->id, source, *role, existing));
    ctx.out << outcome->summary() << "\n";
    return {};
}

Result<void> cmd_member_add(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(role, role_option(ctx.args));
    AddPeople people;
    people.role = *role;
    people.emails.assign(ctx.args.positionals.begin() + 1, ctx.args.positionals.end());
    people.pin = ctx.args.has("pin");
    if (auto reason = ctx.args.get("reason")) {
        if (!people.pin) throw UsageError{"--reason goes with --pin: it says why they are pinned", ctx.command.name()};
        people.pin_reason = *reason;
    }
    GROVE_LET(outcome, add_people(ctx.store, ctx.actor, group->id, people));
    ctx.out << outcome->summary() << "\n";
    return {};
}

Result<void> cmd_member_role(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[1]));
    GROVE_LET(role, group_role_arg(ctx.args.positionals[2]));
    GROVE_TRY(set_member_role(ctx.store, ctx.actor, group->id, user->id, *role));
    ctx.out << person_label(*user) << " is now " << group_role_name(*role) << " in " << group->name << ".\n";
    return {};
}

Result<void> cmd_member_remove(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[1]));
    const bool smart = is_smart(ctx.store, group->id);
    const auto exceptions = smart ? rule_exception_map(ctx.store, group->id) : std::unordered_map<Id, RuleException>{};
    const auto exception = exceptions.find(user->id);
    const bool was_pinned = exception != exceptions.end() && exception->second == RuleException::kPin;
    std::optional<GroupRole> role_before;
    if (smart) {
        for (const auto& p : group_people(ctx.store, group->id))
            if (p.user.id == user->id) role_before = p.direct_role;
    }
    GROVE_TRY(remove_member(ctx.store, ctx.actor, group->id, user->id));
    // In a smart group, removing a pinned member lifts the pin, and removing staff ends their staff role: either
    // way the rule may still keep them in, as a member.
    if (smart) {
        for (const auto& p : group_people(ctx.store, group->id)) {
            if (p.user.id != user->id || !p.direct()) continue;
            if (was_pinned) {
                ctx.out << "Unpinned " << person_label(*user);
            } else {
                ctx.out << person_label(*user) << " is no longer "
                        << group_role_name(role_before.value_or(GroupRole::kMember));
            }
            ctx.out << " in " << group->name << "; its rule keeps them in as a member.\n";
            return {};
        }
    }
    ctx.out << "Removed " << person_label(*user) << " from " << group->name << ".\n";
    return {};
}

Result<void> cmd_member_list(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    const bool smart = is_smart(ctx.store, group->id);
    const auto exceptions = smart ? rule_exception_map(ctx.store, group->id) : std::unordered_map<Id, RuleException>{};
    // How the direct membership came about: in a smart group a member is there by its rule or pinned; staff,
    // and everyone in a manual group, were added by hand.
    auto direct_source = [&](const GroupPerson& p) {
        MemberSource source = MemberSource::kDirect;
        if (smart && p.direct_role == GroupRole::kMember) {
            auto it = exceptions.find(p.user.id);
            source = it != exceptions.end() && it->second == RuleException::kPin ? MemberSource::kPinned
                                                                                 : MemberSource::kRule;
        }
        return member_source_key(source);
    };
    for (const auto& p : group_people(ctx.store, group->id)) {
        ctx.out << person_label(p.user) << "  " << group_role_name(p.effective_role()) << "  ";
        if (!p.inherited()) {
            ctx.out << direct_source(p);
        } else {
            ctx.out << "inherited from " << p.inherited_from_name;
            if (p.direct_role) ctx.out << " (" << direct_source(p) << ": " << group_role_name(*p.direct_role) << ")";
        }
        if (p.user.status != UserStatus::kActive) ctx.out << "  (" << user_status_key(p.user.status) << ")";
        ctx.out << "\n";
    }
    return {};
}

}  // namespace grove::cli
