// Handlers for the organisation, people, fields, departments, org roles and the audit log.
#include <climits>
#include <istream>

#include "cli_spec.h"

namespace grove::cli {

namespace {

std::string plan_text(const PlanInfo& info) {
    if (info.group_cap < 0) return std::string(info.name) + " (no group cap)";
    return std::string(info.name) + " (" + counted(info.group_cap, "group", "groups") + " at most)";
}

std::string role_label(Store& store, const RoleSpec& spec) {
    if (spec.role == OrgRole::kCustom) {
        for (const auto& custom : list_custom_roles(store))
            if (spec.custom_role && custom.id == *spec.custom_role) return custom.name;
        return "(deleted custom role)";
    }
    std::string label = org_role_def(spec.role).name;
    if (spec.department) label += " of " + department_name(store, *spec.department);
    return label;
}

// Reads EMAIL ROLE [--department SLUG] into the person and the role, as grant and revoke both take them.
Result<std::pair<User, RoleSpec>> role_args(Context& ctx) {
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[0]));
    std::optional<Id> department;
    if (auto slug = ctx.args.get("department")) {
        GROVE_LET(d, department_arg(ctx.store, *slug));
        department = d->id;
    }
    GROVE_LET(spec, parse_role_spec(ctx.store, ctx.args.positionals[1], department));
    return std::pair{*user, *spec};
}

// Permission keys separated by commas, as define and edit take them.
Result<PermSet> perms_arg(const std::string& text) {
    PermSet perms = 0;
    for (const auto& key : split_list(text)) {
        auto perm = parse_perm(lower_ascii(key));
        if (!perm) {
            std::string keys;
            for (const auto& def : all_perms()) keys += (keys.empty() ? "" : ", ") + std::string(def.key);
            return bad_value(quoted(key) + " is not a permission; permissions: " + keys + ".");
        }
        perms |= *perm;
    }
    return perms;
}

// "Held by Ana Hill and Bo Chen.", said after a change to a custom role reached them.
std::string held_by(const std::vector<User>& holders) {
    if (holders.empty()) return "Nobody holds it.";
    return "Held by " + holder_names(holders, false) + ".";
}

Result<std::vector<std::pair<std::string, std::string>>> field_args(const Args& args) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& raw : args.all("field")) {
        GROVE_LET(kv, key_value_arg("field", raw));
        fields.push_back(*kv);
    }
    return fields;
}

}  // namespace

Result<void> cmd_init(Context& ctx) {
    GROVE_LET(plan, plan_arg(*ctx.args.get("plan")));
    NewOrg in{*ctx.args.get("org"), *plan, *ctx.args.get("owner"), *ctx.args.get("first"), *ctx.args.get("last")};
    GROVE_LET(org, init_org(ctx.store, in));
    auto owner = find_user(ctx.store, owner_id(ctx.store).value_or(0));
    ctx.out << "Created " << org->name << " on the " << plan_info(org->plan).name << " plan; owner "
            << (owner ? person_label(*owner) : in.owner_email) << ".\n";
    return {};
}

Result<void> cmd_org_show(Context& ctx) {
    auto org = get_org(ctx.store);
    if (!org) return not_found("The database holds no organisation.");
    auto owner = find_user(ctx.store, owner_id(ctx.store).value_or(0));
    ctx.out << "Name: " << org->name << "\n"
            << "Plan: " << plan_text(plan_info(org->plan)) << "\n"
            << "Groups: " << group_count(ctx.store) << "\n"
            << "People: " << user_count(ctx.store) << "\n"
            << "Owner: " << (owner ? person_label(*owner) : "(none)") << "\n"
            << "Created: " << format_iso_time(org->created_at) << "\n";
    return {};
}

Result<void> cmd_org_plan(Context& ctx) {
    GROVE_LET(plan, plan_arg(ctx.args.positionals[0]));
    GROVE_TRY(set_plan(ctx.store, ctx.actor, *plan));
    ctx.out << "The plan is now " << plan_text(plan_info(*plan)) << ".\n";
    return {};
}

Result<void> cmd_org_rename(Context& ctx) {
    GROVE_TRY(rename_org(ctx.store, ctx.actor, ctx.args.positionals[0]));
    ctx.out << "The organisation is now called " << get_org(ctx.store)->name << ".\n";
    return {};
}

namespace {

// One line of standard input without its line end; `what` names it in the error when input ended before it.
Result<std::string> passphrase_line(Context& ctx, const std::string& what) {
    std::string line;
    if (ctx.in == nullptr || !std::getline(*ctx.in, line)) {
        return bad_value("Standard input ended before " + what + "; give it as one line.");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

Result<void> cmd_org_lock_set(Context& ctx) {
    const bool changing = lock_is_set(ctx.store);
    std::optional<std::string> current;
    if (changing) {
        GROVE_LET(line, passphrase_line(ctx, "the current passphrase"));
        current = *line;
    }
    GROVE_LET(passphrase, passphrase_line(ctx, changing ? "the new passphrase" : "the passphrase"));
    GROVE_TRY(set_lock(ctx.store, ctx.actor, *passphrase,
                       current ? std::optional<std::string_view>(*current) : std::nullopt));
    ctx.out << (changing ? "The passphrase for org roles is changed.\n"
                         : "Acting as anyone with an org role now needs the passphrase.\n");
    return {};
}

Result<void> cmd_org_lock_clear(Context& ctx) {
    if (!lock_is_set(ctx.store)) return conflict("The organisation has no passphrase lock.");
    GROVE_LET(current, passphrase_line(ctx, "the current passphrase"));
    GROVE_TRY(clear_lock(ctx.store, ctx.actor, *current));
    ctx.out << "The passphrase lock is cleared: acting as anyone needs no passphrase.\n";
    return {};
}

Result<void> cmd_user_add(Context& ctx) {
    NewUser in{ctx.args.positionals[0], *ctx.args.get("first"), *ctx.args.get("last"), std::nullopt, {}};
    if (auto slug = ctx.args.get("department")) {
        GROVE_LET(d, department_arg(ctx.store, *slug));
        in.department_id = d->id;
    }
    GROVE_LET(fields, field_args(ctx.args));
    in.fields = *fields;
    GROVE_LET(user, add_user(ctx.store, ctx.actor, in));
    ctx.out << "Added " << person_label(*user) << ".\n";
    return {};
}

Result<void> cmd_user_edit(Context& ctx) {
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[0]));
    UserEdit edit;
    edit.first_name = ctx.args.get("first");
    edit.last_name = ctx.args.get("last");
    edit.email = ctx.args.get("email");
    if (auto slug = ctx.args.get("department")) {
        GROVE_LET(d, department_arg(ctx.store, *slug));
        edit.department_id.emplace(d->id);
    }
    if (ctx.args.has("no-department")) edit.department_id.emplace(std::nullopt);
    if (ctx.args.has("deactivate")) edit.status = UserStatus::kDeactivated;
    if (ctx.args.has("activate")) edit.status = UserStatus::kActive;
    GROVE_LET(fields, field_args(ctx.args));
    edit.fields = *fields;
    GROVE_LET(after, edit_user(ctx.store, ctx.actor, user->id, edit));
    const char* done = "Saved ";
    if (after->status != user->status) done = after->status == UserStatus::kDeactivated ? "Deactivated " : "Activated ";
    ctx.out << done << person_label(*after) << ".\n";
    return {};
}

Result<void> cmd_user_list(Context& ctx) {
    auto search = ctx.args.get("search");
    auto users = search ? search_users(ctx.store, *search, INT_MAX) : list_users(ctx.store);
    for (const auto& user : users) {
        ctx.out << person_label(user) << "  " << user_status_key(user.status);
        if (user.department_id) ctx.out << "  " << department_name(ctx.store, *user.department_id);
        ctx.out << "\n";
    }
    return {};
}

Result<void> cmd_user_show(Context& ctx) {
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[0]));
    ctx.out << person_label(*user) << "\n"
            << "Status: " << user_status_key(user->status) << "\n"
            << "Department: ";
    if (auto d = user->department_id ? find_department(ctx.store, *user->department_id) : std::nullopt) {
        ctx.out << d->name << " (" << d->slug << ")\n";
    } else {
        ctx.out << "(none)\n";
    }
    std::string roles;
    for (const auto& grant : roles_of(ctx.store, user->id)) roles += (roles.empty() ? "" : ", ") + grant.label;
    ctx.out << "Org roles: " << (roles.empty() ? "(none)" : roles) << "\n";
    auto memberships = memberships_of(ctx.store, user->id);
    ctx.out << "Groups:" << (memberships.empty() ? " (none)" : "") << "\n";
    for (const auto& m : memberships) {
        if (auto g = find_group(ctx.store, m.group_id)) {
            ctx.out << "  " << g->name << " (" << g->slug << ")  " << group_role_name(m.role) << "\n";
        }
    }
    auto values = field_values(ctx.store, user->id);
    ctx.out << "Fields:" << (values.empty() ? " (none)" : "") << "\n";
    for (const auto& v : values) ctx.out << "  " << v.field_name << ": " << v.value << "\n";
    ctx.out << "Added: " << format_iso_time(user->created_at) << "\n";
    return {};
}

Result<void> cmd_invitation_accept(Context& ctx) {
    GROVE_TRY(
        accept_invitation(ctx.store, ctx.actor, ctx.args.get("first").value_or(""), ctx.args.get("last").value_or("")));
    ctx.out << "Accepted: " << person_label(*find_user(ctx.store, ctx.actor)) << " is now active.\n";
    return {};
}

Result<void> cmd_field_add(Context& ctx) {
    std::string type_text = lower_ascii(trim(*ctx.args.get("type")));
    auto type = parse_field_type(type_text);
    if (!type)
        return bad_value(quoted(*ctx.args.get("type")) + " is not a field type; use text, number, date or choice.");
    auto choices = split_list(ctx.args.get("choices").value_or(""));
    GROVE_LET(field, add_field(ctx.store, ctx.actor, ctx.args.positionals[0], *type, choices));
    ctx.out << "Defined the " << field_type_key(field->type) << " field " << field->name;
    std::string listed;
    for (const auto& c : field->choices) listed += (listed.empty() ? "" : ", ") + c;
    ctx.out << (listed.empty() ? "" : ": " + listed) << ".\n";
    return {};
}

Result<void> cmd_field_list(Context& ctx) {
    for (const auto& field : list_fields(ctx.store)) {
        ctx.out << field.name << "  " << field_type_key(field.type);
        std::string listed;
        for (const auto& c : field.choices) listed += (listed.empty() ? "" : ", ") + c;
        ctx.out << (listed.empty() ? "" : ": " + listed) << "\n";
    }
    return {};
}

namespace {

Result<FieldDef> field_arg(Store& store, std::string_view name) {
    auto field = find_field(store, trim(name));
    if (!field) return not_found("No additional field is named " + quoted(trim(name)) + ".");
    return *field;
}

// "--map Nort=CHOICE", quoted for a shell when the value has a space.
std::string map_hint(const std::string& value) {
    std::string arg = value + "=CHOICE";
    return "--map " + (arg.find(' ') == std::string::npos ? arg : quoted(arg));
}

}  // namespace

Result<void> cmd_field_rename(Context& ctx) {
    GROVE_LET(field, field_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(renamed, rename_field(ctx.store, ctx.actor, field->id, ctx.args.positionals[1]));
    ctx.out << "Renamed the field " << field->name << " to " << renamed->name << ".\n";
    return {};
}

Result<void> cmd_field_choices(Context& ctx) {
    GROVE_LET(field, field_arg(ctx.store, ctx.args.positionals[0]));
    const std::vector<std::string> choices(ctx.args.positionals.begin() + 1, ctx.args.positionals.end());
    ChoiceMap map;
    for (const auto& raw : ctx.args.all("map")) {
        GROVE_LET(kv, key_value_arg("map", raw));
        map.push_back(*kv);
    }
    auto changed = set_field_choices(ctx.store, ctx.actor, field->id, choices, map);
    if (!changed) {
        // The core asks for a choice for the values left over; here that is said with the option that gives it.
        std::vector<std::string> trimmed;
        for (const auto& c : choices) trimmed.push_back(trim(c));
        auto dangling = unmapped_values(ctx.store, *field, trimmed, map);
        if (changed.error().code == ErrorCode::kConflict && !dangling.empty()) {
            const HeldValue& first = dangling.front();
            return conflict(counted(first.people, "person holds", "people hold") + " " + quoted(first.value) +
                            ", which is not among the new choices: map it with " + map_hint(first.value) + ".");
        }
        return changed.error();
    }
    ctx.out << "Changed the choices of " << field->name << " to ";
    std::string listed;
    for (const auto& c : changed->field.choices) listed += (listed.empty() ? "" : ", ") + c;
    ctx.out << listed << (changed->detail.empty() ? "" : "; " + changed->detail) << ".\n";
    return {};
}

Result<void> cmd_field_delete(Context& ctx) {
    GROVE_LET(field, field_arg(ctx.store, ctx.args.positionals[0]));
    const bool with_values = ctx.args.has("with-values");
    auto deleted = delete_field(ctx.store, ctx.actor, field->id, with_values);
    if (!deleted) {
        // The core refuses a field with values unless told to delete them: here, with the option that tells it.
        const int values = field_value_count(ctx.store, field->id);
        if (deleted.error().code == ErrorCode::kConflict && !with_values && values > 0 &&
            groups_reading(ctx.store, RuleSubject::kField, field->id).empty()) {
            return conflict(counted(values, "person holds", "people hold") + " a value in " + field->name +
                            ": add --with-values to delete them too.");
        }
        return deleted.error();
    }
    ctx.out << "Deleted the field " << deleted->name;
    if (deleted->values > 0) ctx.out << " and " << counted(deleted->values, "value", "values");
    ctx.out << ".\n";
    return {};
}

Result<void> cmd_department_create(Context& ctx) {
    std::optional<Id> parent;
    if (auto slug = ctx.args.get("parent")) {
        GROVE_LET(d, department_arg(ctx.store, *slug));
        parent = d->id;
    }
    GROVE_LET(department, create_department(ctx.store, ctx.actor, ctx.args.positionals[0], parent));
    ctx.out << department->slug << "\n";
    return {};
}

Result<void> cmd_department_rename(Context& ctx) {
    GROVE_LET(d, department_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_TRY(rename_department(ctx.store, ctx.actor, d->id, ctx.args.positionals[1]));
    ctx.out << "Renamed the department " << d->name << " to " << department_name(ctx.store, d->id) << ".\n";
    return {};
}

Result<void> cmd_department_move(Context& ctx) {
    GROVE_LET(d, department_arg(ctx.store, ctx.args.positionals[0]));
    std::optional<Department> parent;
    if (auto slug = ctx.args.get("parent")) {
        GROVE_LET(p, department_arg(ctx.store, *slug));
        parent = *p;
    }
    GROVE_TRY(move_department(ctx.store, ctx.actor, d->id, parent ? std::optional<Id>(parent->id) : std::nullopt));
    ctx.out << "Moved the department " << d->name << (parent ? " under " + parent->name : " to the top") << ".\n";
    return {};
}

Result<void> cmd_department_delete(Context& ctx) {
    GROVE_LET(d, department_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(plan, delete_department(ctx.store, ctx.actor, d->id));
    ctx.out << "Deleted the department " << d->name << "; its people and sub-departments moved up.\n";
    for (const auto& move : plan->roles) ctx.out << move.description << "\n";
    return {};
}

Result<void> cmd_department_list(Context& ctx) {
    for (const auto& row : department_tree(ctx.store)) {
        ctx.out << std::string(2 * static_cast<size_t>(row.depth), ' ') << row.department.name << " ("
                << row.department.slug << ") · " << counted(row.user_count, "person", "people") << "\n";
    }
    return {};
}

Result<void> cmd_role_grant(Context& ctx) {
    GROVE_LET(args, role_args(ctx));
    auto& [user, spec] = *args;
    GROVE_TRY(grant_role(ctx.store, ctx.actor, user.id, spec));
    ctx.out << "Granted " << role_label(ctx.store, spec) << " to " << person_label(user) << ".\n";
    return {};
}

Result<void> cmd_role_revoke(Context& ctx) {
    GROVE_LET(args, role_args(ctx));
    auto& [user, spec] = *args;
    GROVE_TRY(revoke_role(ctx.store, ctx.actor, user.id, spec));
    ctx.out << "Revoked " << role_label(ctx.store, spec) << " from " << person_label(user) << ".\n";
    return {};
}

Result<void> cmd_role_define(Context& ctx) {
    GROVE_LET(perms, perms_arg(*ctx.args.get("permissions")));
    GROVE_LET(role, define_custom_role(ctx.store, ctx.actor, ctx.args.positionals[0], *perms));
    ctx.out << "Defined the custom role " << role->name << ": " << perm_keys(role->perms) << ".\n";
    return {};
}

Result<void> cmd_role_rename(Context& ctx) {
    GROVE_LET(role, custom_role_to_change(ctx.store, ctx.args.positionals[0], "renamed"));
    GROVE_LET(change, rename_custom_role(ctx.store, ctx.actor, role->id, ctx.args.positionals[1]));
    ctx.out << "Renamed the role " << change->before.name << " to " << change->after.name << ". "
            << held_by(change->holders) << "\n";
    return {};
}

Result<void> cmd_role_edit(Context& ctx) {
    GROVE_LET(role, custom_role_to_change(ctx.store, ctx.args.positionals[0], "changed"));
    GROVE_LET(perms, perms_arg(*ctx.args.get("permissions")));
    GROVE_LET(change, edit_custom_role(ctx.store, ctx.actor, role->id, *perms));
    const PermSet added = change->after.perms & ~change->before.perms;
    const PermSet removed = change->before.perms & ~change->after.perms;
    ctx.out << "Edited the role " << change->after.name << ": ";
    if (added) ctx.out << "adds " << perm_keys(added) << (removed ? "; " : "");
    if (removed) ctx.out << "removes " << perm_keys(removed);
    ctx.out << ". " << held_by(change->holders) << "\n";
    return {};
}

Result<void> cmd_role_delete(Context& ctx) {
    GROVE_LET(role, custom_role_to_change(ctx.store, ctx.args.positionals[0], "deleted"));
    const bool revoke = ctx.args.has("revoke");
    auto change = delete_custom_role(ctx.store, ctx.actor, role->id, revoke);
    if (!change && change.error().code == ErrorCode::kConflict && !revoke) {
        return conflict(change.error().message + " Revoke it from them first, or add --revoke to revoke it and " +
                        "delete the role at once.");
    }
    GROVE_TRY(change);
    ctx.out << "Deleted the role " << change->before.name;
    if (!change->holders.empty()) {
        ctx.out << " and revoked it from "
                << counted(static_cast<std::int64_t>(change->holders.size()), "person", "people") << ": "
                << holder_names(change->holders, true);
    }
    ctx.out << ".\n";
    return {};
}

Result<void> cmd_role_list(Context& ctx) {
    if (ctx.args.has("custom")) {
        if (!ctx.args.positionals.empty())
            throw UsageError{"role list takes EMAIL or --custom, not both", ctx.command.name()};
        for (const auto& role : list_custom_roles(ctx.store))
            ctx.out << role.name << "  " << perm_keys(role.perms) << "\n";
        return {};
    }
    if (ctx.args.positionals.empty()) {
        for (const auto& grant : all_role_grants(ctx.store)) {
            auto user = find_user(ctx.store, grant.user_id);
            if (user) ctx.out << person_label(*user) << "  " << grant.label << "\n";
        }
        return {};
    }
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[0]));
    for (const auto& grant : roles_of(ctx.store, user->id)) {
        ctx.out << grant.label << "  since " << format_iso_day(grant.created_at);
        if (grant.granted_by) ctx.out << ", granted by " << user_name(ctx.store, *grant.granted_by);
        ctx.out << "\n";
    }
    return {};
}

Result<void> cmd_undo(Context& ctx) {
    GROVE_LET(label, undo(ctx.store, ctx.actor));
    ctx.out << "Undid: " << *label << ".\n";
    return {};
}

Result<void> cmd_redo(Context& ctx) {
    GROVE_LET(label, redo(ctx.store, ctx.actor));
    ctx.out << "Redid: " << *label << ".\n";
    return {};
}

Result<void> cmd_history(Context& ctx) {
    int limit = 20;
    if (auto text = ctx.args.get("limit")) {
        GROVE_LET(n, count_arg("limit", *text));
        limit = *n == 0 ? kUndoSteps : *n;
    }
    GROVE_LET(steps, undo_history(ctx.store, ctx.actor, limit));
    if (steps->empty()) ctx.out << "Nothing to undo.\n";
    for (const auto& step : *steps) {
        ctx.out << format_iso_time(step.at) << "  " << step.label << (step.undone ? "  (undone)" : "") << "\n";
    }
    return {};
}

Result<void> cmd_audit(Context& ctx) {
    AuditFilter filter;
    filter.limit = 50;
    if (auto limit = ctx.args.get("limit")) {
        GROVE_LET(n, count_arg("limit", *limit));
        filter.limit = *n;
    }
    if (auto slug = ctx.args.get("group")) {
        GROVE_LET(g, group_arg(ctx.store, *slug));
        filter.group = g->id;
    }
    if (auto email = ctx.args.get("person")) {
        GROVE_LET(u, user_arg(ctx.store, *email));
        filter.person = u->id;
    }
    filter.text = ctx.args.get("search").value_or("");
    // Whole days in UTC, as the times are printed: --to includes its day.
    auto day_arg = [](const char* option, const std::string& text, int days_after) -> Result<std::int64_t> {
        auto day = parse_iso_date(trim(text));
        if (!day) {
            return bad_value("--" + std::string(option) + " takes a date written YYYY-MM-DD, not " + quoted(text) +
                             ".");
        }
        return (*day + days_after) * 86'400'000LL;
    };
    if (auto from = ctx.args.get("from")) {
        GROVE_LET(ms, day_arg("from", *from, 0));
        filter.from_ms = *ms;
    }
    if (auto to = ctx.args.get("to")) {
        GROVE_LET(ms, day_arg("to", *to, 1));
        filter.to_ms = *ms;
    }
    const bool csv = ctx.args.has("csv");
    const bool details = ctx.args.has("details");
    if (csv && !ctx.args.get("limit")) filter.limit = 0;  // the file holds every matching entry, as the app's
    filter.with_details = csv || details;
    GROVE_LET(entries, read_audit(ctx.store, ctx.actor, filter));
    if (csv) {
        ctx.out << audit_csv(*entries);
        return {};
    }
    for (const auto& e : *entries) {
        ctx.out << format_iso_time(e.at) << "  " << e.summary;
        // A change to many people: what it did to the person asked about, else how many it lists.
        if (!e.person_detail.empty()) {
            ctx.out << " \xe2\x80\x94 " << e.person_detail;
        } else if (e.detail_count > 0 && !details) {
            ctx.out << " (" << counted(e.detail_count, "person", "people") << " listed: --details shows them)";
        }
        ctx.out << "\n";
        if (!details) continue;
        for (const AuditLine& l : e.details) {
            ctx.out << "    " << l.name;
            if (!l.email.empty() && l.email != l.name) ctx.out << " <" << l.email << ">";
            ctx.out << ": " << l.what << "\n";
        }
    }
    return {};
}

}  // namespace grove::cli
