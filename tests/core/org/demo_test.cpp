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

TEST_CASE("the demo's history is believable: people join groups after they open, over weeks, never in the future") {
    StoreOptions options;
    options.seed = 2;
    auto store = Store::open(":memory:", options);
    REQUIRE(store);
    Store& s = **store;
    REQUIRE(generate_demo(s, demo_district()));
    const std::int64_t now = s.now();
    std::set<std::int64_t> days;
    int checked = 0;
    for (const GroupRow& row : group_tree(s, GroupSort::kTitle)) {
        for (const GroupPerson& p : group_people(s, row.id)) {
            if (!p.direct()) continue;
            ++checked;
            CHECK(p.joined_at >= row.created_at);
            CHECK(p.joined_at <= now);
            CHECK(p.joined_at >= p.user.created_at);
            days.insert(p.joined_at / 86400000);
        }
    }
    CHECK(checked > 300);
    CHECK(days.size() > 20);  // spread over weeks, not all on the day the demo was made
    CHECK(days.count(now / 86400000) == 0);
    // The district's own group is not empty: the district office belongs to it.
    auto district = find_group_by_slug(s, "riverside-district");
    REQUIRE(district);
    CHECK(group_people(s, district->id).size() == 3);
}
