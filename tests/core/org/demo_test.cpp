// The generated demo district (core/org/demo.cpp).
#include <doctest/doctest.h>
#include <set>

#include "test_support.h"

using namespace grove;

TEST_CASE("the demo district has departments, a few hundred people, nested groups and staff roles") {
    StoreOptions options;
    options.seed = 1;
    auto store = Store::open(":memory:", options);
    REQUIRE(store);
    Store& s = **store;
    auto org = generate_demo(s, demo_district());
    REQUIRE(org);
    CHECK(org->name == "Riverside School District");
    CHECK(org->plan == Plan::kEnterprise);
    int people = user_count(s);
    CHECK(people > 300);
    CHECK(people < 1000);
    auto tree = group_tree(s, GroupSort::kTitle);
    CHECK(tree.size() == 1 + 4 * (1 + 4 * (1 + 2)));
    int deepest = 0;
    std::set<std::string> slugs;
    for (const auto& row : tree) {
        deepest = std::max(deepest, row.depth);
        slugs.insert(row.slug);
    }
    CHECK(deepest == 3);
    CHECK(slugs.size() == tree.size());
    CHECK(department_tree(s).size() == 2 + 4 * 5);
    CHECK(list_fields(s).size() == 4);

    // The owner can act at once, and the principal leads a school's whole subtree by inheritance.
    Id owner = *owner_id(s);
    CHECK(create_group(s, owner, {"New", "", {}, {}, {}}));
    auto school = find_group_by_slug(s, "riverside-high");
    REQUIRE(school);
    auto klass = find_group_by_slug(s, "riverside-high-class-9a");
    REQUIRE(klass);
    auto people_of_class = group_people(s, klass->id);
    int inherited_admins = 0;
    for (const auto& p : people_of_class)
        if (!p.direct() && p.effective_role() == GroupRole::kAdmin) ++inherited_admins;
    CHECK(inherited_admins == 1);
    CHECK(all_role_grants(s).size() >= 4 + 4);
}

TEST_CASE("a large organisation has about the asked numbers") {
    auto store = Store::open(":memory:");
    REQUIRE(store);
    auto org = generate_demo(**store, large_organisation(5000, 500, 20000));
    REQUIRE(org);
    CHECK(user_count(**store) >= 5000);
    CHECK(group_tree(**store, GroupSort::kNewest).size() >= 500);
}
