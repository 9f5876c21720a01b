// Creating the organisation, renaming it, and its plan's group cap (F1).
#include "core/org/org.h"

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kSelectOrg = "SELECT id, uid, name, plan, created_at, updated_at FROM org WHERE id = 1";
constexpr const char* kInsertOrg =
    "INSERT INTO org (id, uid, name, plan, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?)";
constexpr const char* kInsertOwner =
    "INSERT INTO users (uid, email, first_name, last_name, status, activated_at, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, 'active', ?, ?, ?)";
constexpr const char* kInsertOwnerRole =
    "INSERT INTO org_roles (uid, user_id, role, created_at) VALUES (?, ?, 'owner', ?)";
constexpr const char* kSelectOwner = "SELECT user_id FROM org_roles WHERE role = 'owner' ORDER BY id LIMIT 1";
constexpr const char* kUpdateOrgName = "UPDATE org SET name = ?, updated_at = ? WHERE id = 1";
constexpr const char* kUpdateOrgPlan = "UPDATE org SET plan = ?, updated_at = ? WHERE id = 1";
constexpr const char* kCountGroups = "SELECT count(*) FROM groups";

std::string cap_text(const PlanInfo& info) {
    return "The " + std::string(info.name) + " plan allows " + counted(info.group_cap, "group", "groups");
}

}  // namespace

Result<Org> init_org(Store& store, const NewOrg& in) {
    std::string name = clean_name(in.name);
    std::string email = trim(in.owner_email);
    std::string first = clean_name(in.owner_first_name);
    std::string last = clean_name(in.owner_last_name);
    if (name.empty()) return bad_value("The organisation needs a name.");
    if (!is_valid_email(email)) return bad_value("'" + email + "' is not an email address.");
    if (first.empty()) return bad_value("The owner needs a first name.");
    if (auto e = one_line_error("organisation's name", name)) return bad_value(*e);
    if (auto e = one_line_error("owner's first name", first)) return bad_value(*e);
    if (auto e = one_line_error("owner's last name", last)) return bad_value(*e);
    return store.command<Org>(kChangeAll, [&]() -> Result<Org> {
        if (get_org(store))
            return conflict("This database already holds an organisation (" + get_org(store)->name + ").");
        std::int64_t now = store.now();
        store.db().prepare(kInsertOrg)->bind_all(store.new_uid(), name, plan_info(in.plan).key, now, now).run();
        store.db().prepare(kInsertOwner)->bind_all(store.new_uid(), email, first, last, now, now, now).run();
        Id owner = store.db().last_insert_id();
        store.db().prepare(kInsertOwnerRole)->bind_all(store.new_uid(), owner, now).run();
        record_audit(
            store, owner,
            {"org.create", "created the organisation " + name + " on the " + plan_info(in.plan).name + " plan.",
             std::nullopt, owner});
        return *get_org(store);
    });
}

std::optional<Org> get_org(Store& store) {
    auto s = store.db().prepare(kSelectOrg);
    if (!s->step()) return std::nullopt;
    Org org;
    org.id = s->col_int(0);
    org.uid = s->col_text(1);
    org.name = s->col_text(2);
    org.plan = parse_plan(s->col_text(3)).value_or(Plan::kTrial);
    org.created_at = s->col_int(4);
    org.updated_at = s->col_int(5);
    return org;
}

std::optional<Id> owner_id(Store& store) {
    auto s = store.db().prepare(kSelectOwner);
    if (!s->step()) return std::nullopt;
    return s->col_int(0);
}

Result<void> rename_org(Store& store, Id actor, const std::string& raw_name) {
    std::string name = clean_name(raw_name);
    if (name.empty()) return bad_value("The organisation needs a name.");
    if (auto e = one_line_error("organisation's name", name)) return bad_value(*e);
    return store.command<void>(kChangeOrg | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kOrgSettings));
        const std::string before = get_org(store) ? get_org(store)->name : std::string();
        if (before == name) return {};  // nothing changed: nothing to record
        store.db().prepare(kUpdateOrgName)->bind_all(name, store.now()).run();
        record_audit(store, actor,
                     {"org.rename", "renamed the organisation from " + before + " to " + name + ".", std::nullopt,
                      std::nullopt});
        return {};
    });
}

Result<void> set_plan(Store& store, Id actor, Plan plan) {
    return store.command<void>(kChangeOrg | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kOrgSettings));
        const PlanInfo& info = plan_info(plan);
        int count = group_count(store);
        if (info.group_cap >= 0 && count > info.group_cap) {
            return Error{ErrorCode::kPlanCap, cap_text(info) + "; this organisation has " + std::to_string(count) +
                                                  ". Delete groups before changing to it."};
        }
        store.db().prepare(kUpdateOrgPlan)->bind_all(info.key, store.now()).run();
        record_audit(store, actor,
                     {"org.plan", std::string("changed the plan to ") + info.name + ".", std::nullopt, std::nullopt});
        return {};
    });
}

int group_count(Store& store) {
    auto s = store.db().prepare(kCountGroups);
    s->step();
    return static_cast<int>(s->col_int(0));
}

std::optional<std::string> plan_cap_message(Store& store) {
    auto org = get_org(store);
    if (!org) return std::nullopt;
    const PlanInfo& info = plan_info(org->plan);
    int count = group_count(store);
    if (info.group_cap < 0 || count < info.group_cap) return std::nullopt;
    return cap_text(info) + "; this organisation has " + std::to_string(count) + ".";
}

}  // namespace grove
