// The organisation chart (core/org/departments.cpp): nesting, renaming, moving, and deleting departments.
#include <doctest/doctest.h>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("departments nest, refuse cycles, and hand people up when deleted") {
    Fixture f;
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    Id botany = f.department("Botany", biology);
    Id u = f.person("p@x.org", "Pat", "Doe", biology);
    auto tree = department_tree(f.store());
    REQUIRE(tree.size() == 3);
    CHECK(tree[2].depth == 2);
    CHECK(tree[1].user_count == 1);
    CHECK(department_subtree(f.store(), science).size() == 3);

    auto cycle = move_department(f.store(), f.owner, science, botany);
    REQUIRE_FALSE(cycle);
    CHECK(cycle.error().code == ErrorCode::kCycle);

    REQUIRE(delete_department(f.store(), f.owner, biology));
    CHECK(find_user(f.store(), u)->department_id == science);
    CHECK(find_department(f.store(), botany)->parent_id == science);
}

TEST_CASE("the chart lists parents before children and siblings in natural order") {
    Fixture f;
    Id grade10 = f.department("Grade 10");
    f.department("Grade 9");
    f.department("Art", grade10);
    auto tree = department_tree(f.store());
    REQUIRE(tree.size() == 3);
    CHECK(tree[0].department.name == "Grade 9");  // 9 before 10, not by characters
    CHECK(tree[1].department.name == "Grade 10");
    CHECK(tree[2].department.name == "Art");
    CHECK(tree[2].depth == 1);
    CHECK(department_subtree(f.store(), grade10) == std::vector<Id>{grade10, tree[2].department.id});
}

TEST_CASE("a department cannot go under itself, and a refused move changes nothing") {
    Fixture f;
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    auto before = f.bytes();
    auto itself = move_department(f.store(), f.owner, science, science);
    REQUIRE_FALSE(itself);
    CHECK(itself.error().code == ErrorCode::kCycle);
    auto below = move_department(f.store(), f.owner, science, biology);
    REQUIRE_FALSE(below);
    CHECK(below.error().message == "The department Science cannot go under Biology, which is inside it.");
    CHECK(f.bytes() == before);

    // Moving Biology to the top is fine, and Science's subtree shrinks to itself.
    REQUIRE(move_department(f.store(), f.owner, biology, std::nullopt));
    CHECK_FALSE(find_department(f.store(), biology)->parent_id.has_value());
    CHECK(department_subtree(f.store(), science) == std::vector<Id>{science});
}

TEST_CASE("deleting a top-level department leaves its people without a department and its children at the top") {
    Fixture f;
    Id arts = f.department("Arts");
    Id music = f.department("Music", arts);
    Id pat = f.person("pat@x.org", "Pat", "Painter", arts);
    Id mo = f.person("mo@x.org", "Mo", "Musician", music);
    REQUIRE(delete_department(f.store(), f.owner, arts));
    CHECK_FALSE(find_department(f.store(), arts).has_value());
    CHECK_FALSE(find_user(f.store(), pat)->department_id.has_value());
    CHECK_FALSE(find_department(f.store(), music)->parent_id.has_value());
    CHECK(find_user(f.store(), mo)->department_id == music);  // only the deleted department's people move
    auto again = delete_department(f.store(), f.owner, arts);
    REQUIRE_FALSE(again);
    CHECK(again.error().message == "That department no longer exists.");
}

TEST_CASE("a department needs a name, and same names get distinct slugs") {
    Fixture f;
    auto blank = create_department(f.store(), f.owner, "   ", std::nullopt);
    REQUIRE_FALSE(blank);
    CHECK(blank.error().message == "A department needs a name.");
    auto first = create_department(f.store(), f.owner, "  Science ", std::nullopt);
    REQUIRE(first);
    CHECK(first->name == "Science");
    CHECK(first->slug == "science");
    Id school = f.department("North School");
    auto second = create_department(f.store(), f.owner, "Science", school);
    REQUIRE(second);
    CHECK(second->slug == "science-2");

    REQUIRE(rename_department(f.store(), f.owner, first->id, "Sciences"));
    CHECK(find_department(f.store(), first->id)->name == "Sciences");
    CHECK(find_department(f.store(), first->id)->slug == "science");  // links by slug keep working
    CHECK_FALSE(rename_department(f.store(), f.owner, first->id, ""));
}

TEST_CASE("only someone who manages departments may change the chart") {
    Fixture f;
    Id science = f.department("Science");
    Id head = f.person("head@x.org", "Hal", "Head", science);
    f.grant(head, OrgRole::kDepartmentAdmin, science);
    auto before = f.bytes();
    auto r = create_department(f.store(), head, "Chemistry", science);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK_FALSE(delete_department(f.store(), head, science));
    CHECK(f.bytes() == before);
}

namespace {

std::vector<AuditEntry> audit_of(Fixture& f) {
    auto entries = read_audit(f.store(), f.owner, {.limit = 0});
    REQUIRE(entries);
    return *entries;
}

std::vector<std::string> role_labels(Fixture& f, Id user) {
    std::vector<std::string> out;
    for (const auto& grant : roles_of(f.store(), user)) out.push_back(grant.label);
    return out;
}

// Someone who may change the chart and nothing else: a custom role holding departments.manage only.
Id chart_keeper(Fixture& f, std::optional<Id> department) {
    Id keeper = f.person("keeper@x.org", "Cy", "Keeper", department);
    auto role = define_custom_role(f.store(), f.owner, "Chart Keeper", kPermDepartments);
    REQUIRE(role);
    REQUIRE(grant_role(f.store(), f.owner, keeper, {OrgRole::kCustom, role->id, std::nullopt}));
    return keeper;
}

}  // namespace

TEST_CASE("deleting a department moves its Department Admin roles up to the parent, with one audit entry") {
    Fixture f;
    Id district = f.department("Riverside District");
    Id hillcrest = f.department("Hillcrest Academy", district);
    Id daniel = f.person("daniel@x.org", "Daniel", "Walsh", hillcrest);
    f.grant(daniel, OrgRole::kDepartmentAdmin, hillcrest);
    const auto entries_before = audit_of(f).size();

    auto plan = plan_department_delete(f.store(), f.owner, hillcrest);
    REQUIRE(plan);
    REQUIRE(plan->roles.size() == 1);
    CHECK(plan->roles[0].description == "Daniel Walsh's Department Admin role moves to Riverside District.");
    CHECK_FALSE(plan->roles[0].already_over.has_value());

    auto deleted = delete_department(f.store(), f.owner, hillcrest);
    REQUIRE(deleted);
    CHECK(role_labels(f, daniel) == std::vector<std::string>{"Department Admin of Riverside District"});
    CHECK(find_user(f.store(), daniel)->department_id == district);
    auto entries = audit_of(f);
    REQUIRE(entries.size() == entries_before + 1);
    CHECK(entries.front().action == "department.delete");
    CHECK(entries.front().summary ==
          "Olive Owner deleted the department Hillcrest Academy; its people and sub-departments moved up. Daniel "
          "Walsh's Department Admin role moves to Riverside District.");
}

TEST_CASE("a moved role the person already holds over the parent or above is dropped, and still named") {
    Fixture f;
    Id district = f.department("Riverside District");
    Id school = f.department("Hillcrest Academy", district);
    Id science = f.department("Science", school);
    Id daniel = f.person("daniel@x.org", "Daniel", "Walsh");
    Id erin = f.person("erin@x.org", "Erin", "Stone");
    f.grant(daniel, OrgRole::kDepartmentAdmin, district);
    f.grant(daniel, OrgRole::kDepartmentAdmin, science);
    f.grant(erin, OrgRole::kDepartmentAdmin, science);

    auto deleted = delete_department(f.store(), f.owner, science);
    REQUIRE(deleted);
    REQUIRE(deleted->roles.size() == 2);
    CHECK(deleted->roles[0].already_over == district);
    CHECK(deleted->roles[0].description ==
          "Daniel Walsh already holds Department Admin over Riverside District, so their role over Science is "
          "dropped.");
    CHECK(deleted->roles[1].description == "Erin Stone's Department Admin role moves to Hillcrest Academy.");
    CHECK(role_labels(f, daniel) == std::vector<std::string>{"Department Admin of Riverside District"});
    CHECK(role_labels(f, erin) == std::vector<std::string>{"Department Admin of Hillcrest Academy"});
    CHECK(audit_of(f).front().summary ==
          "Olive Owner deleted the department Science; its people and sub-departments moved up. Daniel Walsh "
          "already holds Department Admin over Riverside District, so their role over Science is dropped. Erin "
          "Stone's Department Admin role moves to Hillcrest Academy.");
}

TEST_CASE("a top-level department with Department Admins is not deleted, and the refusal names each of them") {
    Fixture f;
    Id hillcrest = f.department("Hillcrest Academy");
    Id daniel = f.person("daniel@x.org", "Daniel", "Walsh", hillcrest);
    f.grant(daniel, OrgRole::kDepartmentAdmin, hillcrest);
    auto before = f.bytes();

    auto plan = plan_department_delete(f.store(), f.owner, hillcrest);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().message ==
          "Hillcrest Academy still has 1 Department Admin: Daniel Walsh. Revoke or move the "
          "role first.");
    auto refused = delete_department(f.store(), f.owner, hillcrest);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kConflict);
    CHECK(refused.error().message == plan.error().message);
    CHECK(f.bytes() == before);

    Id erin = f.person("erin@x.org", "Erin", "Stone");
    f.grant(erin, OrgRole::kDepartmentAdmin, hillcrest);
    CHECK(delete_department(f.store(), f.owner, hillcrest).error().message ==
          "Hillcrest Academy still has 2 Department Admins: Daniel Walsh and Erin Stone. Revoke or move the roles "
          "first.");

    // Once the roles are revoked, nobody loses anything and the deletion goes ahead.
    REQUIRE(revoke_role(f.store(), f.owner, daniel, {OrgRole::kDepartmentAdmin, std::nullopt, hillcrest}));
    REQUIRE(revoke_role(f.store(), f.owner, erin, {OrgRole::kDepartmentAdmin, std::nullopt, hillcrest}));
    REQUIRE(delete_department(f.store(), f.owner, hillcrest));
}

TEST_CASE("a deletion that would move a role up beyond what the acting person could grant is refused") {
    Fixture f;
    Id science = f.department("Science");
    Id physics = f.department("Physics", science);
    Id optics = f.department("Optics", physics);
    Id daniel = f.person("daniel@x.org", "Daniel", "Walsh", physics);
    f.grant(daniel, OrgRole::kDepartmentAdmin, optics);
    f.grant(daniel, OrgRole::kDepartmentAdmin, physics);
    Id keeper = chart_keeper(f, std::nullopt);
    auto before = f.bytes();

    auto refused = delete_department(f.store(), keeper, physics);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message ==
          "Cy Keeper may not delete Physics: Daniel Walsh's Department Admin role would move up to Science, which "
          "carries permissions Cy Keeper does not hold there.");
    CHECK(f.bytes() == before);
    CHECK_FALSE(plan_department_delete(f.store(), keeper, physics));

    // A Department Admin of Physics who also keeps the chart may fold Optics into Physics: no power grows
    // beyond theirs.
    REQUIRE(grant_role(f.store(), f.owner, keeper, {OrgRole::kDepartmentAdmin, std::nullopt, physics}));
    auto folded = delete_department(f.store(), keeper, optics);
    REQUIRE(folded);
    REQUIRE(folded->roles.size() == 1);
    CHECK(folded->roles[0].already_over == physics);
    CHECK(role_labels(f, daniel) == std::vector<std::string>{"Department Admin of Physics"});
}

TEST_CASE("departments side by side may not have names that differ only by case, accents or spaces") {
    Fixture f;
    Id science = f.department("Science");
    auto before = f.bytes();
    for (const char* lookalike : {"science", "Sci\xC3\xA9nce", "science ", "SCI ENCE"}) {
        auto r = create_department(f.store(), f.owner, lookalike, std::nullopt);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::kDuplicate);
        CHECK(r.error().message ==
              "There is already a department named Science at the top level; departments side by side need names "
              "that differ by more than case, accents or spaces.");
    }
    CHECK(f.bytes() == before);
    Id north = f.department("North School");
    Id inner = f.department("science", north);  // under another parent: free
    Id arts = f.department("Arts");
    auto renamed = rename_department(f.store(), f.owner, arts, "SCIENCE");
    REQUIRE_FALSE(renamed);
    CHECK(renamed.error().code == ErrorCode::kDuplicate);
    CHECK(rename_department(f.store(), f.owner, science, "SCIENCE"));  // its own name, another case
    auto moved = move_department(f.store(), f.owner, inner, std::nullopt);
    REQUIRE_FALSE(moved);
    CHECK(moved.error().message ==
          "There is already a department named SCIENCE at the top level; departments side by side need names that "
          "differ by more than case, accents or spaces.");
    CHECK(find_department(f.store(), inner)->parent_id == north);
}

TEST_CASE("deleting a department refuses to move a sub-department up beside a look-alike name") {
    Fixture f;
    Id north = f.department("North School");
    f.department("Science");
    f.department("SCIENCE", north);
    auto before = f.bytes();
    auto r = delete_department(f.store(), f.owner, north);
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "Deleting North School would move its sub-department SCIENCE up beside Science, and departments side by "
          "side need names that differ by more than case, accents or spaces. Rename one of them first.");
    CHECK(f.bytes() == before);
    Id arts = f.department("Arts");
    f.department("arts", arts);
    CHECK(delete_department(f.store(), f.owner, arts));  // it takes the place of the one deleted
}
