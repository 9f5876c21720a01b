// Inherited oversight (core/org/oversight.cpp): whose staff reach a group, through which chain, and where it stops.
#include <doctest/doctest.h>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

namespace {

const GroupPerson* find_person(const std::vector<GroupPerson>& people, Id user) {
    for (const auto& p : people)
        if (p.user.id == user) return &p;
    return nullptr;
}

}  // namespace

TEST_CASE("staff roles reach subgroups' members unless a subgroup turns inheritance off") {
    Fixture f;
    Id district = f.group("District");
    Id school = f.group("School", district);
    Id grade = f.group("Grade 9", school);
    Id coach = f.person("coach@x.org", "Cora", "Coach");
    Id head = f.person("head@x.org", "Hal", "Head");
    Id pupil = f.person("pupil@x.org", "Pia", "Pupil");
    f.join(district, coach, GroupRole::kMentor);
    f.join(school, head, GroupRole::kAdmin);
    f.join(grade, pupil);

    auto people = group_people(f.store(), grade);
    REQUIRE(people.size() == 3);
    CHECK(people[0].user.id == pupil);
    CHECK(people[0].source() == "Direct");
    const GroupPerson* h = find_person(people, head);
    REQUIRE(h);
    CHECK_FALSE(h->direct());
    CHECK(h->effective_role() == GroupRole::kAdmin);
    CHECK(h->source() == "Inherited from School");
    const GroupPerson* c = find_person(people, coach);
    REQUIRE(c);
    CHECK(c->source() == "Inherited from District");
    CHECK(staff_role(f.store(), coach, grade)->from_group == district);
    CHECK(is_group_admin(f.store(), head, grade));

    // The school turns inheritance off: the district's coach no longer reaches it or below.
    REQUIRE(edit_group(f.store(), f.owner, school, {.inherit = false}));
    people = group_people(f.store(), grade);
    CHECK(find_person(people, coach) == nullptr);
    CHECK(find_person(people, head) != nullptr);  // the school's own admin still reaches grade 9
    CHECK_FALSE(staff_role(f.store(), coach, grade).has_value());
    CHECK(oversight_chain(f.store(), grade) == std::vector<Id>{grade, school});

    // A person both direct member and inherited mentor shows the stronger role and where it comes from.
    REQUIRE(edit_group(f.store(), f.owner, school, {.inherit = true}));
    f.join(grade, coach);
    people = group_people(f.store(), grade);
    c = find_person(people, coach);
    REQUIRE(c);
    CHECK(c->direct_role == GroupRole::kMember);
    CHECK(c->effective_role() == GroupRole::kMentor);
    CHECK(c->source() == "Inherited from District");
    // An inherited role cannot be removed from the subgroup: it lives in the parent.
    auto r = remove_member(f.store(), f.owner, grade, head);
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "Hal Head is not a direct member of Grade 9; their role is inherited from a parent group.");
}

TEST_CASE("the oversight chain stops at the first group that turns inheritance off, and includes that group") {
    Fixture f;
    Id district = f.group("District");
    Id school = f.group("School", district);
    Id grade = f.group("Grade 9", school);
    Id science = f.group("Grade 9 Science", grade);
    CHECK(oversight_chain(f.store(), science) == std::vector<Id>{science, grade, school, district});

    REQUIRE(edit_group(f.store(), f.owner, grade, {.inherit = false}));
    CHECK(oversight_chain(f.store(), science) == std::vector<Id>{science, grade});
    CHECK(oversight_chain(f.store(), grade) == std::vector<Id>{grade});
    CHECK(oversight_chain(f.store(), school) == std::vector<Id>{school, district});
    // The tree itself is unchanged: ancestors ignore inheritance.
    CHECK(group_ancestors(f.store(), science) == std::vector<Id>{grade, school, district});
}

TEST_CASE("a member of a parent group gains no oversight of its subgroups; the strongest staff role wins") {
    Fixture f;
    Id school = f.group("School");
    Id grade = f.group("Grade 9", school);
    Id pia = f.person("pia@x.org", "Pia", "Pupil");
    Id milo = f.person("milo@x.org", "Milo", "Mentor");
    f.join(school, pia);
    CHECK_FALSE(staff_role(f.store(), pia, grade).has_value());
    CHECK_FALSE(staff_role(f.store(), pia, school).has_value());

    f.join(grade, milo, GroupRole::kMentor);
    f.join(school, milo, GroupRole::kAdmin);
    auto role = staff_role(f.store(), milo, grade);
    REQUIRE(role);
    CHECK(role->role == GroupRole::kAdmin);
    CHECK(role->from_group == school);
    CHECK(is_group_admin(f.store(), milo, grade));
    CHECK_FALSE(is_group_admin(f.store(), milo, f.group("Elsewhere")));
}

TEST_CASE("a group admin manages the people of their groups and of the subgroups they reach") {
    Fixture f;
    Id school = f.group("School");
    Id club = f.group("Chess club", school);
    Id other = f.group("Other school");
    Id lena = f.person("lena@x.org", "Lena", "Lead");
    Id pia = f.person("pia@x.org", "Pia", "Pupil");
    Id sam = f.person("sam@x.org", "Sam", "Stranger");
    f.join(school, lena, GroupRole::kAdmin);
    f.join(club, pia, GroupRole::kMentor);
    f.join(other, sam);

    CHECK(in_group_managed_by(f.store(), pia, lena));
    CHECK_FALSE(in_group_managed_by(f.store(), sam, lena));
    auto direct = memberships_of(f.store(), pia);
    REQUIRE(direct.size() == 1);
    CHECK(direct[0].group_id == club);
    CHECK(direct[0].role == GroupRole::kMentor);

    // Once the club turns inheritance off, Lena's reach ends at the school.
    REQUIRE(edit_group(f.store(), f.owner, club, {.inherit = false}));
    CHECK_FALSE(in_group_managed_by(f.store(), pia, lena));
}

TEST_CASE("descendants come parents before children, and a leaf has none") {
    Fixture f;
    Id district = f.group("District");
    Id north = f.group("North", district);
    Id south = f.group("South", district);
    Id north9 = f.group("North Grade 9", north);
    CHECK(group_descendants(f.store(), district) == std::vector<Id>{north, south, north9});
    CHECK(group_descendants(f.store(), north9).empty());
    CHECK(group_ancestors(f.store(), district).empty());
}

TEST_CASE("inherited_only_counts counts, per group, the inherited staff who are not in it directly") {
    Fixture f;
    Id district = f.group("Riverside District");
    Id school = f.group("Hill School", district);
    Id grade9 = f.group("Grade 9", school);
    Id closed = f.group("Closed Club", school);
    Store& s = f.store();
    REQUIRE(edit_group(s, f.owner, closed, {.inherit = false}));
    Id head = f.person("head@x.org");
    Id coach = f.person("coach@x.org");
    Id pupil = f.person("pupil@x.org");
    f.join(district, head, GroupRole::kAdmin);
    f.join(school, coach, GroupRole::kMentor);
    f.join(grade9, pupil);
    f.join(grade9, coach);  // in Grade 9 directly as well: counted there as direct, not inherited

    auto counts = inherited_only_counts(s);
    CHECK(counts.count(district) == 0);
    CHECK(counts.at(school) == 1);  // the head
    CHECK(counts.at(grade9) == 1);  // the head; the coach is a direct member
    CHECK(counts.count(closed) == 0);
}

TEST_CASE("inherited_only_counts agrees with each group's people on the demo district") {
    StoreOptions options;
    options.seed = 5;
    auto opened = Store::open(":memory:", options);
    REQUIRE(opened);
    Store& s = **opened;
    REQUIRE(generate_demo(s, demo_district()));
    auto counts = inherited_only_counts(s);
    int groups_with_some = 0;
    for (const GroupRow& row : group_tree(s, GroupSort::kTitle)) {
        int inherited = 0;
        for (const GroupPerson& p : group_people(s, row.id)) inherited += p.direct() ? 0 : 1;
        auto it = counts.find(row.id);
        CHECK(inherited == (it == counts.end() ? 0 : it->second));
        groups_with_some += inherited > 0;
    }
    CHECK(groups_with_some > 0);
}
