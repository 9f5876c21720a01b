// Org roles (core/access/roles.cpp): granting, revoking, custom roles, and that nobody grants beyond their power.
#include <algorithm>
#include <doctest/doctest.h>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("a role is granted once, shown with its label, and revoked") {
    Fixture f;
    Id science = f.department("Science");
    Id dana = f.person("dana@x.org", "Dana", "Science", science);
    REQUIRE(grant_role(f.store(), f.owner, dana, {OrgRole::kDepartmentAdmin, std::nullopt, science}));
    auto roles = roles_of(f.store(), dana);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].label == "Department Admin of Science");
    CHECK(roles[0].granted_by == f.owner);

    auto twice = grant_role(f.store(), f.owner, dana, {OrgRole::kDepartmentAdmin, std::nullopt, science});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::kDuplicate);
    CHECK(twice.error().message == "Dana Science already holds Department Admin of Science.");

    REQUIRE(revoke_role(f.store(), f.owner, dana, {OrgRole::kDepartmentAdmin, std::nullopt, science}));
    CHECK(roles_of(f.store(), dana).empty());
    auto gone = revoke_role(f.store(), f.owner, dana, {OrgRole::kDepartmentAdmin, std::nullopt, science});
    REQUIRE_FALSE(gone);
    CHECK(gone.error().message == "Dana Science does not hold Department Admin of Science.");
}

TEST_CASE("the Owner role is neither granted nor revoked") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Admin");
    auto grant = grant_role(f.store(), f.owner, ada, {OrgRole::kOwner, std::nullopt, std::nullopt});
    REQUIRE_FALSE(grant);
    CHECK(grant.error().message == "The Owner role cannot be granted.");
    auto revoke = revoke_role(f.store(), f.owner, f.owner, {OrgRole::kOwner, std::nullopt, std::nullopt});
    REQUIRE_FALSE(revoke);
    CHECK(revoke.error().message == "The Owner role cannot be revoked.");
}

TEST_CASE("a custom role is defined, granted by name, and carries exactly its permissions") {
    Fixture f;
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermManageUsers | kPermReports);
    REQUIRE(registrar);
    CHECK(list_custom_roles(f.store()).size() == 1);
    CHECK(find_custom_role(f.store(), "registrar")->id == registrar->id);  // names ignore case

    Id rita = f.person("rita@x.org", "Rita", "Registrar");
    auto spec = parse_role_spec(f.store(), " Registrar ", std::nullopt);
    REQUIRE(spec);
    CHECK(spec->role == OrgRole::kCustom);
    CHECK(spec->custom_role == registrar->id);
    REQUIRE(grant_role(f.store(), f.owner, rita, *spec));
    CHECK(roles_of(f.store(), rita).at(0).label == "Registrar");

    // Rita may add people (users.manage) but not create groups (groups.create).
    CHECK(add_user(f.store(), rita, {"new@x.org", "New", "Person", std::nullopt, {}}));
    auto group = create_group(f.store(), rita, {"Clubs", "", {}, {}, {}});
    REQUIRE_FALSE(group);
    CHECK(group.error().code == ErrorCode::kForbidden);

    REQUIRE(revoke_role(f.store(), f.owner, rita, *spec));
    CHECK_FALSE(add_user(f.store(), rita, {"other@x.org", "Other", "Person", std::nullopt, {}}));
}

TEST_CASE("a custom role needs a new name and at least one permission") {
    Fixture f;
    REQUIRE(define_custom_role(f.store(), f.owner, "Registrar", kPermReports));
    auto same = define_custom_role(f.store(), f.owner, "REGISTRAR", kPermAudit);
    REQUIRE_FALSE(same);
    CHECK(same.error().message == "A custom role named REGISTRAR already exists.");
    auto builtin = define_custom_role(f.store(), f.owner, "Admin", kPermAudit);
    REQUIRE_FALSE(builtin);
    CHECK(builtin.error().message == "'Admin' is the name of a built-in role.");
    auto empty = define_custom_role(f.store(), f.owner, "Nobody", 0);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message == "A custom role needs at least one permission.");
}

TEST_CASE("nobody grants or defines a role carrying permissions they do not hold") {
    Fixture f;
    // The staff office grants roles and manages people, nothing more.
    auto office = define_custom_role(f.store(), f.owner, "Staff Office",
                                     kPermGrantRoles | kPermDefineRoles | kPermManageUsers | kPermReports);
    REQUIRE(office);
    Id sol = f.person("sol@x.org", "Sol", "Office");
    REQUIRE(grant_role(f.store(), f.owner, sol, {OrgRole::kCustom, office->id, std::nullopt}));
    Id pia = f.person("pia@x.org", "Pia", "Plain");

    auto before = f.bytes();
    auto admin = grant_role(f.store(), sol, pia, {OrgRole::kAdmin, std::nullopt, std::nullopt});
    REQUIRE_FALSE(admin);
    CHECK(admin.error().code == ErrorCode::kForbidden);
    CHECK(admin.error().message == "Sol Office may not grant Admin: it carries permissions Sol Office does not hold.");
    CHECK_FALSE(grant_role(f.store(), sol, pia, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
    auto auditor = define_custom_role(f.store(), sol, "Auditor", kPermReports | kPermAudit);
    REQUIRE_FALSE(auditor);
    CHECK(auditor.error().message ==
          "Sol Office may not define Auditor: it carries permissions Sol Office does not hold (audit.view).");
    CHECK(f.bytes() == before);

    // Within their own power they may: a reports-only role, granted to Pia.
    auto reader = define_custom_role(f.store(), sol, "Report Reader", kPermReports);
    REQUIRE(reader);
    REQUIRE(grant_role(f.store(), sol, pia, {OrgRole::kCustom, reader->id, std::nullopt}));
    REQUIRE(revoke_role(f.store(), sol, pia, {OrgRole::kCustom, reader->id, std::nullopt}));

    // Nor may they take away a role they could not have given.
    Id gina = f.person("gina@x.org", "Gina", "Manager");
    f.grant(gina, OrgRole::kGroupUserManager);
    CHECK_FALSE(revoke_role(f.store(), sol, gina, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
    CHECK(roles_of(f.store(), gina).size() == 1);
}

TEST_CASE("a department admin's power stops at their subtree when judging grants") {
    Fixture f;
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    Id arts = f.department("Arts");
    auto deputy = define_custom_role(f.store(), f.owner, "Role Granter", kPermGrantRoles);
    REQUIRE(deputy);
    Id dana = f.person("dana@x.org", "Dana", "Science", science);
    f.grant(dana, OrgRole::kDepartmentAdmin, science);
    REQUIRE(grant_role(f.store(), f.owner, dana, {OrgRole::kCustom, deputy->id, std::nullopt}));
    Id bea = f.person("bea@x.org", "Bea", "Biology", biology);

    CHECK(grant_role(f.store(), dana, bea, {OrgRole::kDepartmentAdmin, std::nullopt, biology}));
    auto outside = grant_role(f.store(), dana, bea, {OrgRole::kDepartmentAdmin, std::nullopt, arts});
    REQUIRE_FALSE(outside);
    CHECK(outside.error().message ==
          "Dana Science may not grant Department Admin of Arts: it carries permissions Dana Science does not hold.");
}

TEST_CASE("a role's name is read as a builtin key or a custom role, with a department only where it belongs") {
    Fixture f;
    Id science = f.department("Science");
    auto admin = parse_role_spec(f.store(), "ADMIN", std::nullopt);
    REQUIRE(admin);
    CHECK(admin->role == OrgRole::kAdmin);
    auto dept = parse_role_spec(f.store(), "department-admin", science);
    REQUIRE(dept);
    CHECK(dept->department == science);
    auto no_dept = parse_role_spec(f.store(), "department-admin", std::nullopt);
    REQUIRE_FALSE(no_dept);
    CHECK(no_dept.error().message == "A Department Admin role needs a department (--department SLUG).");
    CHECK_FALSE(parse_role_spec(f.store(), "admin", science));
    auto unknown = parse_role_spec(f.store(), "Janitor", std::nullopt);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::kNotFound);
}

namespace {

// The newest audit entry's summary, as the owner reads it.
std::string last_audit(Fixture& f) {
    auto entries = read_audit(f.store(), f.owner, {.limit = 1});
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    return entries->at(0).summary;
}

}  // namespace

TEST_CASE("a custom role is renamed; its holders keep it under the new name, and the audit says so") {
    Fixture f;
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermReports);
    REQUIRE(registrar);
    Id bo = f.person("bo@x.org", "Bo", "Chen");
    Id ana = f.person("ana@x.org", "Ana", "Hill");
    REQUIRE(grant_role(f.store(), f.owner, bo, {OrgRole::kCustom, registrar->id, std::nullopt}));
    REQUIRE(grant_role(f.store(), f.owner, ana, {OrgRole::kCustom, registrar->id, std::nullopt}));

    auto renamed = rename_custom_role(f.store(), f.owner, registrar->id, "  Records   Office ");
    REQUIRE(renamed);
    CHECK(renamed->before.name == "Registrar");
    CHECK(renamed->after.name == "Records Office");  // cleaned like every name
    CHECK(renamed->after.id == registrar->id);
    CHECK(renamed->after.perms == kPermReports);
    REQUIRE(renamed->holders.size() == 2);
    CHECK(renamed->holders[0].id == ana);  // by name
    CHECK(holder_names(renamed->holders, false) == "Ana Hill and Bo Chen");
    CHECK(roles_of(f.store(), bo).at(0).label == "Records Office");
    CHECK_FALSE(find_custom_role(f.store(), "Registrar"));
    CHECK(last_audit(f) == "Olive Owner renamed the role Registrar to Records Office.");

    // A change of case only is a rename too.
    REQUIRE(rename_custom_role(f.store(), f.owner, registrar->id, "records office"));
    CHECK(find_custom_role(f.store(), "Records Office")->name == "records office");
}

TEST_CASE("a new name may not be empty, unchanged, another custom role's, or a built-in role's key or label") {
    Fixture f;
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermReports);
    REQUIRE(registrar);
    REQUIRE(define_custom_role(f.store(), f.owner, "Auditor", kPermAudit));
    auto before = f.bytes();
    auto refused = [&](const std::string& name) {
        auto r = rename_custom_role(f.store(), f.owner, registrar->id, name);
        REQUIRE_FALSE(r);
        return r.error().message;
    };
    CHECK(refused("   ") == "A custom role needs a name.");
    CHECK(refused("Registrar") == "The role is already named Registrar.");
    CHECK(refused("AUDITOR") == "A custom role named Auditor already exists.");
    CHECK(refused("admin") == "'admin' is the name of a built-in role.");
    CHECK(refused("org group MANAGER") == "'org group MANAGER' is the name of a built-in role.");
    CHECK(refused("Department-Admin") == "'Department-Admin' is the name of a built-in role.");
    CHECK(refused("Owner") == "'Owner' is the name of a built-in role.");
    CHECK(refused("Two\nlines").find("custom role's name") != std::string::npos);
    CHECK(f.bytes() == before);
    // Defining takes the same rule: a built-in role's label is refused as well as its key.
    auto label = define_custom_role(f.store(), f.owner, "Group User Manager", kPermReports);
    REQUIRE_FALSE(label);
    CHECK(label.error().message == "'Group User Manager' is the name of a built-in role.");
}

TEST_CASE("built-in roles cannot be renamed, changed or deleted; an unknown name lists the custom roles") {
    Fixture f;
    REQUIRE(define_custom_role(f.store(), f.owner, "Registrar", kPermReports));
    auto admin = custom_role_to_change(f.store(), "Admin", "renamed");
    REQUIRE_FALSE(admin);
    CHECK(admin.error().message == "'Admin' is a built-in role: built-in roles cannot be renamed.");
    auto owner = custom_role_to_change(f.store(), " owner ", "deleted");
    REQUIRE_FALSE(owner);
    CHECK(owner.error().message == "'owner' is a built-in role: built-in roles cannot be deleted.");
    auto missing = custom_role_to_change(f.store(), "Janitor", "changed");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
    CHECK(missing.error().message == "No custom role is named 'Janitor'. Custom roles: Registrar.");
    auto found = custom_role_to_change(f.store(), "REGISTRAR", "changed");
    REQUIRE(found);
    CHECK(found->name == "Registrar");
}

TEST_CASE("editing a custom role's permissions reaches its holders at once and records what was added and removed") {
    Fixture f;
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermManageUsers | kPermGrantRoles);
    REQUIRE(registrar);
    Id rita = f.person("rita@x.org", "Rita", "Registrar");
    REQUIRE(grant_role(f.store(), f.owner, rita, {OrgRole::kCustom, registrar->id, std::nullopt}));
    Id pia = f.person("pia@x.org", "Pia", "Plain");
    CHECK_FALSE(read_audit(f.store(), rita, {}));  // no audit.view yet
    CHECK(grant_role(f.store(), rita, pia, {OrgRole::kCustom, registrar->id, std::nullopt}));

    auto edited = edit_custom_role(f.store(), f.owner, registrar->id, kPermManageUsers | kPermAudit | kPermReports);
    REQUIRE(edited);
    CHECK(edited->before.perms == (kPermManageUsers | kPermGrantRoles));
    CHECK(edited->after.perms == (kPermManageUsers | kPermAudit | kPermReports));
    REQUIRE(edited->holders.size() == 2);
    CHECK(edited->holders[0].id == pia);
    CHECK(read_audit(f.store(), rita, {}));  // audit.view came at once
    CHECK_FALSE(
        revoke_role(f.store(), rita, pia, {OrgRole::kCustom, registrar->id, std::nullopt}));  // roles.grant went
    CHECK(last_audit(f) ==
          "Olive Owner changed the permissions of Registrar: added reports.view, audit.view; removed roles.grant.");

    REQUIRE(edit_custom_role(f.store(), f.owner, registrar->id, kPermManageUsers));
    CHECK(last_audit(f) == "Olive Owner changed the permissions of Registrar: removed reports.view, audit.view.");

    auto same = edit_custom_role(f.store(), f.owner, registrar->id, kPermManageUsers);
    REQUIRE_FALSE(same);
    CHECK(same.error().message == "Registrar already has exactly these permissions.");
    auto none = edit_custom_role(f.store(), f.owner, registrar->id, 0);
    REQUIRE_FALSE(none);
    CHECK(none.error().message == "A custom role needs at least one permission.");
}

TEST_CASE("an edit adds only permissions the editor holds org-wide; removing needs no such power") {
    Fixture f;
    // The staff office defines roles and manages people, nothing more.
    auto office = define_custom_role(f.store(), f.owner, "Staff Office", kPermDefineRoles | kPermManageUsers);
    REQUIRE(office);
    Id sol = f.person("sol@x.org", "Sol", "Office");
    REQUIRE(grant_role(f.store(), f.owner, sol, {OrgRole::kCustom, office->id, std::nullopt}));
    auto leads = define_custom_role(f.store(), f.owner, "Leads", kPermEditGroups | kPermManageUsers);
    REQUIRE(leads);

    auto before = f.bytes();
    auto escalate = edit_custom_role(f.store(), sol, leads->id, kPermEditGroups | kPermManageUsers | kPermAudit);
    REQUIRE_FALSE(escalate);
    CHECK(escalate.error().code == ErrorCode::kForbidden);
    CHECK(escalate.error().message ==
          "Sol Office may not give Leads audit.view: it carries permissions Sol Office does not hold (audit.view).");
    // Nor through a department admin's subtree: users.manage held only there is not held org-wide.
    Id science = f.department("Science");
    Id dana = f.person("dana@x.org", "Dana", "Science", science);
    f.grant(dana, OrgRole::kDepartmentAdmin, science);
    auto definer = define_custom_role(f.store(), f.owner, "Definer", kPermDefineRoles);
    REQUIRE(definer);
    REQUIRE(grant_role(f.store(), f.owner, dana, {OrgRole::kCustom, definer->id, std::nullopt}));
    auto reports = define_custom_role(f.store(), f.owner, "Reports", kPermReports);
    REQUIRE(reports);
    auto scoped = edit_custom_role(f.store(), dana, reports->id, kPermReports | kPermManageUsers);
    REQUIRE_FALSE(scoped);
    CHECK(scoped.error().message ==
          "Dana Science may not give Reports users.manage: it carries permissions Dana "
          "Science does not hold (users.manage).");

    // Sol keeps groups.edit (not held) in place and takes away users.manage: allowed.
    before = f.bytes();
    REQUIRE(edit_custom_role(f.store(), sol, leads->id, kPermEditGroups));
    CHECK(f.bytes() != before);
    // And may edit their own role down: the Owner keeps administering the organisation whatever happens.
    REQUIRE(edit_custom_role(f.store(), sol, office->id, kPermManageUsers));
    CHECK_FALSE(edit_custom_role(f.store(), sol, leads->id, kPermEditGroups | kPermManageUsers));
    CHECK(define_custom_role(f.store(), f.owner, "Anything", kAllPerms));
}

TEST_CASE("renaming, editing or deleting a custom role needs the define-roles permission") {
    Fixture f;
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermReports);
    REQUIRE(registrar);
    Id gina = f.person("gina@x.org", "Gina", "Manager");
    f.grant(gina, OrgRole::kOrgGroupManager);
    auto before = f.bytes();
    auto rename = rename_custom_role(f.store(), gina, registrar->id, "Clerk");
    REQUIRE_FALSE(rename);
    CHECK(rename.error().code == ErrorCode::kForbidden);
    CHECK(rename.error().message ==
          "Gina Manager may not rename custom roles. Only people who can define roles can do this: Owner or Admin.");
    CHECK_FALSE(edit_custom_role(f.store(), gina, registrar->id, kPermGroupPeople));
    CHECK_FALSE(delete_custom_role(f.store(), gina, registrar->id, false));
    CHECK(f.bytes() == before);
}

TEST_CASE("a custom role still held is deleted only with its grants revoked, in one step and one audit entry") {
    Fixture f;
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermReports);
    REQUIRE(registrar);
    const char* names[][2] = {{"Ana", "Hill"}, {"Bo", "Chen"}, {"Cy", "Dee"}, {"Di", "Eng"},
                              {"Ed", "Fu"},    {"Flo", "Gee"}, {"Gus", "Ho"}};
    std::vector<Id> people;
    for (auto& n : names) {
        Id id = f.person(lower_ascii(n[0]) + "@x.org", n[0], n[1]);
        REQUIRE(grant_role(f.store(), f.owner, id, {OrgRole::kCustom, registrar->id, std::nullopt}));
        people.push_back(id);
    }
    auto before = f.bytes();
    auto held = delete_custom_role(f.store(), f.owner, registrar->id, false);
    REQUIRE_FALSE(held);
    CHECK(held.error().code == ErrorCode::kConflict);
    CHECK(held.error().message ==
          "Registrar is still held by 7 people: Ana Hill <ana@x.org>, Bo Chen <bo@x.org>, Cy Dee <cy@x.org>, Di Eng "
          "<di@x.org>, Ed Fu <ed@x.org> and 2 more.");
    CHECK(f.bytes() == before);

    auto deleted = delete_custom_role(f.store(), f.owner, registrar->id, true);
    REQUIRE(deleted);
    CHECK(deleted->before.name == "Registrar");
    CHECK(deleted->holders.size() == 7);
    CHECK(list_custom_roles(f.store()).empty());
    for (Id id : people) CHECK(roles_of(f.store(), id).empty());
    CHECK(last_audit(f) ==
          "Olive Owner deleted the role Registrar and revoked it from 7 people: Ana Hill, Bo Chen, Cy Dee, Di Eng, Ed "
          "Fu and 2 more.");
    auto entries = read_audit(f.store(), f.owner, {.limit = 0});
    REQUIRE(entries);
    CHECK(std::count_if(entries->begin(), entries->end(), [](const AuditEntry& e) {
              return e.action == "role.revoke" || e.action == "role.delete";
          }) == 1);
    // The one entry lists everyone who lost the role, and the person filter finds it by any of them.
    auto about_gus = read_audit(f.store(), f.owner, {.person = people[6], .with_details = true});
    REQUIRE(about_gus);
    REQUIRE_FALSE(about_gus->empty());
    CHECK(about_gus->front().action == "role.delete");
    CHECK(about_gus->front().details.size() == 7);
    CHECK(about_gus->front().person_detail == "Gus Ho: lost the role Registrar");

    // A role nobody holds goes without --revoke.
    auto spare = define_custom_role(f.store(), f.owner, "Spare", kPermAudit);
    REQUIRE(spare);
    REQUIRE(delete_custom_role(f.store(), f.owner, spare->id, false));
    CHECK(last_audit(f) == "Olive Owner deleted the role Spare.");
    auto again = delete_custom_role(f.store(), f.owner, spare->id, false);
    REQUIRE_FALSE(again);
    CHECK(again.error().message == "That custom role no longer exists.");
}

TEST_CASE("deleting a held role with its grants revoked follows the revoking rule, holder by holder") {
    Fixture f;
    // Dora defines roles but grants none: she may delete a role nobody holds, not revoke one that is held.
    auto definer = define_custom_role(f.store(), f.owner, "Definer", kPermDefineRoles | kPermReports);
    REQUIRE(definer);
    Id dora = f.person("dora@x.org", "Dora", "Definer");
    REQUIRE(grant_role(f.store(), f.owner, dora, {OrgRole::kCustom, definer->id, std::nullopt}));
    auto reports = define_custom_role(f.store(), f.owner, "Reports", kPermReports);
    REQUIRE(reports);
    Id pia = f.person("pia@x.org", "Pia", "Plain");
    REQUIRE(grant_role(f.store(), f.owner, pia, {OrgRole::kCustom, reports->id, std::nullopt}));
    auto before = f.bytes();
    auto no_grant = delete_custom_role(f.store(), dora, reports->id, true);
    REQUIRE_FALSE(no_grant);
    CHECK(no_grant.error().code == ErrorCode::kForbidden);
    CHECK(no_grant.error().message.rfind("Dora Definer may not revoke this role.", 0) == 0);
    CHECK(f.bytes() == before);

    // Sol grants and defines roles but holds no audit.view: a role carrying it is not Sol's to take away.
    auto office = define_custom_role(f.store(), f.owner, "Office", kPermGrantRoles | kPermDefineRoles);
    REQUIRE(office);
    Id sol = f.person("sol@x.org", "Sol", "Office");
    REQUIRE(grant_role(f.store(), f.owner, sol, {OrgRole::kCustom, office->id, std::nullopt}));
    auto auditors = define_custom_role(f.store(), f.owner, "Auditors", kPermAudit);
    REQUIRE(auditors);
    REQUIRE(grant_role(f.store(), f.owner, pia, {OrgRole::kCustom, auditors->id, std::nullopt}));
    auto beyond = delete_custom_role(f.store(), sol, auditors->id, true);
    REQUIRE_FALSE(beyond);
    CHECK(beyond.error().message ==
          "Sol Office may not revoke Auditors: it carries permissions Sol Office does not hold.");
    CHECK(roles_of(f.store(), pia).size() == 2);
}

TEST_CASE("the Owner keeps every power when a custom role the owner holds is edited or deleted") {
    Fixture f;
    auto extra = define_custom_role(f.store(), f.owner, "Extra", kPermDefineRoles | kPermGrantRoles);
    REQUIRE(extra);
    REQUIRE(grant_role(f.store(), f.owner, f.owner, {OrgRole::kCustom, extra->id, std::nullopt}));
    REQUIRE(edit_custom_role(f.store(), f.owner, extra->id, kPermReports));
    REQUIRE(delete_custom_role(f.store(), f.owner, extra->id, true));
    CHECK(power_of(f.store(), f.owner).owner);
    CHECK(power_of(f.store(), f.owner).org_wide == kAllPerms);
    CHECK(define_custom_role(f.store(), f.owner, "Next", kAllPerms));
}
