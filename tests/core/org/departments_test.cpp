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
