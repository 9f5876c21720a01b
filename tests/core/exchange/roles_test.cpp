// Custom roles in the Grove file (core/exchange): renamed, changed and deleted roles travel by uid, through a
// restore and through the two-planner merge, with the grants that go with them.
#include <doctest/doctest.h>
#include <string>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

namespace {

Id custom_role(Store& s, const std::string& name) {
    auto role = find_custom_role(s, name);
    REQUIRE(role);
    return role->id;
}

void grant_custom(Store& s, const std::string& email, const std::string& role) {
    must(grant_role(s, owner_of(s), person_id(s, email), {OrgRole::kCustom, custom_role(s, role), std::nullopt}));
}

// "Name: perms" of every custom role, and "email label" of every grant of one.
std::string custom_roles_text(Store& s) {
    std::string out;
    for (const auto& role : list_custom_roles(s)) out += role.name + ": " + perm_keys(role.perms) + "\n";
    for (const auto& grant : all_role_grants(s)) {
        if (grant.role == OrgRole::kCustom) out += find_user(s, grant.user_id)->email + " " + grant.label + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("a renamed, changed and deleted custom role come through export and restore as they are") {
    Fixture f;
    build_rich(f);
    Store& s = f.store();
    Id owner = f.owner;
    Id registrar = custom_role(s, "Registrar");
    must(rename_custom_role(s, owner, registrar, "Records Office"));
    must(edit_custom_role(s, owner, registrar, kPermManageUsers | kPermAudit));
    auto clerks = must(define_custom_role(s, owner, "Clerks", kPermReports));
    grant_custom(s, "grace@hill.org", "Clerks");
    grant_custom(s, "ada@hill.org", "Clerks");
    must(delete_custom_role(s, owner, clerks.id, true));

    auto copy = restored(exported(s), 31);
    CHECK(custom_roles_text(*copy) == "Records Office: users.manage, audit.view\nalan@hill.org Records Office\n");
    CHECK(custom_roles_text(*copy) == custom_roles_text(s));
    CHECK(find_custom_role(*copy, "Records Office")->uid == find_custom_role(s, "Records Office")->uid);
    CHECK_FALSE(find_custom_role(*copy, "Clerks"));
    CHECK(roles_of(*copy, person_id(*copy, "grace@hill.org")).size() == 1);  // Department Admin only
    // The audit entries came along.
    auto summaries = audit_summaries(*copy);
    CHECK(
        std::find(summaries.begin(), summaries.end(),
                  "Olive Owner deleted the role Clerks and revoked it from 2 people: Ada Lovelace and Grace Hopper.") !=
        summaries.end());
    CHECK(exported(*copy) == exported(s));
}

TEST_CASE("one planner renames a custom role while the other grants it: both survive the merge") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(rename_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), "Records Office"));
    grant_custom(b, "grace@hill.org", "Registrar");
    std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan.conflicts.empty());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    const std::string expected =
        "Records Office: users.manage, reports.view\nalan@hill.org Records Office\ngrace@hill.org Records Office\n";
    CHECK(custom_roles_text(a) == expected);
    CHECK(custom_roles_text(b) == expected);
}

TEST_CASE("one planner changes a custom role's permissions while the other renames it: both changes merge") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(edit_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), kPermManageUsers | kPermAudit));
    must(rename_custom_role(b, p.owner_b(), custom_role(b, "Registrar"), "Records Office"));
    std::string from_a = exported(a), from_b = exported(b);
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    CHECK(custom_roles_text(a) == "Records Office: users.manage, audit.view\nalan@hill.org Records Office\n");
    // The holder's power follows the merged permissions on both planners.
    CHECK(power_of(b, person_id(b, "alan@hill.org")).org_wide == (kPermManageUsers | kPermAudit));
}

TEST_CASE("the same custom role given different permissions on both sides is a conflict named by the role") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(edit_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), kPermAudit));
    must(edit_custom_role(b, p.owner_b(), custom_role(b, "Registrar"), kPermReports | kPermCourses));
    std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(plan.conflicts[0].kind == "custom role");
    CHECK(plan.conflicts[0].label == "Registrar");
    CHECK(plan.conflicts[0].field == "permissions");
    merge_into(a, from_b, {.prefer = Side::kTheirs});
    merge_into(b, from_a, {.prefer = Side::kOurs});
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
    CHECK(custom_roles_text(a) == "Registrar: reports.view, courses.manage\nalan@hill.org Registrar\n");
}

TEST_CASE("a custom role deleted with its grants on one planner is deleted on the other by the merge") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(delete_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), true));
    // B meanwhile changes something else.
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.first_name = std::string("Al")}));
    std::string from_a = exported(a), from_b = exported(b);
    CHECK(must(plan_import(b, p.owner_b(), "a.json", from_a)).conflicts.empty());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    CHECK(custom_roles_text(b).empty());
    CHECK(roles_of(b, person_id(b, "alan@hill.org")).empty());
    CHECK(find_user(a, person_id(a, "alan@hill.org"))->first_name == "Al");
}

TEST_CASE("a custom role deleted on one planner and granted on the other: the deletion takes the new grant along") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(delete_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), true));
    grant_custom(b, "grace@hill.org", "Registrar");
    std::string from_a = exported(a), from_b = exported(b);
    // As a group deleted on one side takes along the members the other side added, the grant goes with its role.
    auto plan_b = must(plan_import(b, p.owner_b(), "a.json", from_a));
    CHECK(plan_b.conflicts.empty());
    CHECK(std::find(plan_b.changes.begin(), plan_b.changes.end(), "remove custom role Registrar") !=
          plan_b.changes.end());
    CHECK(std::find(plan_b.changes.begin(), plan_b.changes.end(),
                    "revoke Grace Hopper <grace@hill.org> as Registrar") != plan_b.changes.end());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    CHECK(custom_roles_text(a).empty());
    CHECK(custom_roles_text(b).empty());
}

TEST_CASE("a custom role deleted on one planner and renamed on the other is a conflict; either side wins for both") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(delete_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), true));
    must(rename_custom_role(b, p.owner_b(), custom_role(b, "Registrar"), "Records Office"));
    std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(conflict_text(plan.conflicts[0]) ==
          "custom role Records Office: deleted here, changed: name Records Office in the file");
    SUBCASE("the deletion wins") {
        merge_into(a, from_b, {.prefer = Side::kOurs});
        merge_into(b, from_a, {.prefer = Side::kTheirs});
        CHECK(custom_roles_text(b).empty());
    }
    SUBCASE("the rename wins") {
        merge_into(a, from_b, {.prefer = Side::kTheirs});
        merge_into(b, from_a, {.prefer = Side::kOurs});
        CHECK(list_custom_roles(a).size() == 1);
        CHECK(list_custom_roles(a).at(0).name == "Records Office");
    }
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
    CHECK(custom_roles_text(a) == custom_roles_text(b));
}

TEST_CASE("a rename on one planner and a new role of that name on the other keep both roles, one renamed apart") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(rename_custom_role(a, p.owner_a(), custom_role(a, "Registrar"), "Clerks"));
    must(define_custom_role(b, p.owner_b(), "clerks", kPermAudit));
    std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan.conflicts.empty());
    // The newer record (B's role: uids begin with the time they were made) is the one renamed apart.
    CHECK(std::find(plan.changes.begin(), plan.changes.end(),
                    "give custom role clerks the name clerks 2: Clerks has clerks") != plan.changes.end());
    merge_into(a, from_b);
    merge_into(b, from_a);
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
    CHECK(custom_roles_text(a) == "Clerks: users.manage, reports.view\nclerks 2: audit.view\nalan@hill.org Clerks\n");
}
