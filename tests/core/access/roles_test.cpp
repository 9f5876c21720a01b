// Org roles (core/access/roles.cpp): granting, revoking, custom roles, and that nobody grants beyond their power.
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
