// Groups: creation, slugs, plan caps, nesting and cycles, listing order, edits, deletion (core/org/groups.cpp).
#include <doctest/doctest.h>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

TEST_CASE("a group gets a unique slug made from its name") {
    Fixture f;
    auto a = create_group(f.store(), f.owner, {"Grade 9 — Science", "Biology and more", {}, {}, {}});
    auto b = create_group(f.store(), f.owner, {"Grade 9 Science", "", {}, {}, {}});
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->slug == "grade-9-science");
    CHECK(b->slug == "grade-9-science-2");
    CHECK(a->description == "Biology and more");
    CHECK(a->uid.size() == 32);
    CHECK(a->uid != b->uid);
    CHECK(a->created_at > 0);
}

TEST_CASE("a group's name and external IDs are one line; its description may break") {
    Fixture f;
    auto before = f.bytes();
    auto broken = create_group(f.store(), f.owner, {"Grade\n9", "", std::nullopt, {}, {}});
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "The group's name has a line break; it must be one line.");
    auto id = create_group(f.store(), f.owner, {"Grade 9", "", std::nullopt, {{"rostering", "R-1\nR-2"}}, {}});
    REQUIRE_FALSE(id);
    CHECK(id.error().message == "The rostering ID has a line break; it must be one line.");
    CHECK(f.bytes() == before);
    auto fine = create_group(f.store(), f.owner, {"Grade 9", "Line one\nLine two", std::nullopt, {}, {}});
    REQUIRE(fine);
    CHECK(fine->description == "Line one\nLine two");
}

TEST_CASE("a group needs a name") {
    Fixture f;
    auto r = create_group(f.store(), f.owner, {"   ", "", {}, {}, {}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kBadValue);
    CHECK(r.error().message == "A group needs a name.");
}

TEST_CASE("the plan caps the number of groups with a message naming the plan and the cap") {
    Fixture f(Plan::kEssentials);
    for (int i = 1; i <= 5; ++i) f.group("Group " + std::to_string(i));
    auto before = f.bytes();
    auto r = create_group(f.store(), f.owner, {"Group 6", "", {}, {}, {}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kPlanCap);
    CHECK(r.error().message == "The Essentials plan allows 5 groups; this organisation has 5.");
    CHECK(f.bytes() == before);

    SUBCASE("a trial allows one group") {
        Fixture trial(Plan::kTrial);
        trial.group("Only");
        auto second = create_group(trial.store(), trial.owner, {"Second", "", {}, {}, {}});
        REQUIRE_FALSE(second);
        CHECK(second.error().message == "The Trial plan allows 1 group; this organisation has 1.");
    }
    SUBCASE("upgrading lifts the cap, and a downgrade below the count is refused") {
        REQUIRE(set_plan(f.store(), f.owner, Plan::kComplete));
        CHECK(create_group(f.store(), f.owner, {"Group 6", "", {}, {}, {}}));
        auto down = set_plan(f.store(), f.owner, Plan::kStarter);
        REQUIRE_FALSE(down);
        CHECK(down.error().code == ErrorCode::kPlanCap);
        CHECK(down.error().message ==
              "The Starter plan allows 1 group; this organisation has 6. Delete groups before changing to it.");
    }
    SUBCASE("enterprise is unlimited") {
        REQUIRE(set_plan(f.store(), f.owner, Plan::kEnterprise));
        for (int i = 6; i <= 30; ++i)
            CHECK(create_group(f.store(), f.owner, {"G" + std::to_string(i), "", {}, {}, {}}));
    }
}

TEST_CASE("groups nest to any depth and a move that makes a cycle is refused") {
    Fixture f;
    Id district = f.group("District");
    Id school = f.group("School", district);
    Id grade = f.group("Grade 9", school);
    Id klass = f.group("Class 9A", grade);
    CHECK(group_ancestors(f.store(), klass) == std::vector<Id>{grade, school, district});

    auto before = f.bytes();
    auto self = move_group(f.store(), f.owner, district, district);
    REQUIRE_FALSE(self);
    CHECK(self.error().code == ErrorCode::kCycle);
    auto cycle = move_group(f.store(), f.owner, district, klass);
    REQUIRE_FALSE(cycle);
    CHECK(cycle.error().code == ErrorCode::kCycle);
    CHECK(cycle.error().message == "The group District cannot be nested under Class 9A, which is inside it.");
    CHECK(f.bytes() == before);

    REQUIRE(move_group(f.store(), f.owner, grade, std::nullopt));
    CHECK(find_group(f.store(), grade)->parent_id == std::nullopt);
    REQUIRE(move_group(f.store(), f.owner, grade, district));
    CHECK(find_group(f.store(), grade)->parent_id == district);
}

TEST_CASE("the list shows the tree newest first, or by title in natural order, with user counts") {
    Fixture f;
    Id g10 = f.group("Grade 10");
    Id g9 = f.group("Grade 9");
    Id g9b = f.group("grade 9 b", g9);
    Id g9a = f.group("Grade 9 a", g9);
    Id eco = f.group("Écologie");
    Id u1 = f.person("a@x.org"), u2 = f.person("b@x.org");
    f.join(g9, u1);
    f.join(g9, u2, GroupRole::kMentor);
    f.join(g9a, u1);

    auto newest = group_tree(f.store(), GroupSort::kNewest);
    std::vector<Id> order;
    for (const auto& row : newest) order.push_back(row.id);
    CHECK(order == std::vector<Id>{eco, g9, g9a, g9b, g10});

    auto by_title = group_tree(f.store(), GroupSort::kTitle);
    std::vector<std::string> names;
    for (const auto& row : by_title) names.push_back(std::string(row.depth * 2, ' ') + row.name);
    CHECK(names == std::vector<std::string>{"Écologie", "Grade 9", "  Grade 9 a", "  grade 9 b", "Grade 10"});
    CHECK(by_title[1].user_count == 2);
    CHECK(by_title[1].child_count == 2);
    CHECK(by_title[2].user_count == 1);
    CHECK(by_title[4].user_count == 0);
}

TEST_CASE("editing changes name, description, external IDs and image; the slug stays") {
    Fixture f;
    Id g = f.group("Grade 9");
    GroupImage png{"image/png", {0x89, 'P', 'N', 'G'}};
    auto r = edit_group(f.store(), f.owner, g,
                        {.name = "Year 9",
                         .description = "All of year 9",
                         .external_ids = std::vector<ExternalId>{{"rostering", "R-9"}, {"partner", "P-1"}},
                         .image = png});
    REQUIRE(r);
    CHECK(r->name == "Year 9");
    CHECK(r->slug == "grade-9");
    CHECK(r->description == "All of year 9");
    auto ids = external_ids(f.store(), g);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0].system == "partner");
    CHECK(ids[1].value == "R-9");
    CHECK(group_image(f.store(), g)->bytes == png.bytes);
    REQUIRE(edit_group(f.store(), f.owner, g, {.image = GroupImage{}}));
    CHECK_FALSE(group_image(f.store(), g).has_value());

    auto bad = edit_group(f.store(), f.owner, g, {.image = GroupImage{"text/plain", {1, 2}}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::kBadValue);
}

TEST_CASE("deleting a group says what happens to subgroups and memberships, and does it") {
    Fixture f;
    Id district = f.group("District");
    Id school = f.group("School", district);
    Id grade = f.group("Grade 9", school);
    Id klass = f.group("Class 9A", grade);
    Id u1 = f.person("a@x.org"), u2 = f.person("b@x.org");
    f.join(school, u1);
    f.join(grade, u1);
    f.join(grade, u2);
    f.join(klass, u2);

    SUBCASE("with its subgroups") {
        auto plan = plan_delete(f.store(), school, SubgroupFate::kDeleteThem);
        REQUIRE(plan);
        CHECK(plan->description ==
              "Deleting School removes 4 memberships, and deletes its 2 subgroups with it. The people themselves stay "
              "in the organisation.");
        REQUIRE(delete_group(f.store(), f.owner, school, SubgroupFate::kDeleteThem));
        CHECK_FALSE(find_group(f.store(), school));
        CHECK_FALSE(find_group(f.store(), grade));
        CHECK_FALSE(find_group(f.store(), klass));
        CHECK(find_group(f.store(), district));
        CHECK(find_user(f.store(), u1));
        CHECK(memberships_of(f.store(), u2).empty());
    }
    SUBCASE("lifting its subgroups to its parent") {
        auto plan = plan_delete(f.store(), school, SubgroupFate::kLiftThem);
        REQUIRE(plan);
        CHECK(plan->description ==
              "Deleting School removes 1 membership; its 1 subgroup moves to District. The people themselves stay in "
              "the organisation.");
        REQUIRE(delete_group(f.store(), f.owner, school, SubgroupFate::kLiftThem));
        CHECK_FALSE(find_group(f.store(), school));
        CHECK(find_group(f.store(), grade)->parent_id == district);
        CHECK(find_group(f.store(), klass)->parent_id == grade);
        CHECK(memberships_of(f.store(), u1).size() == 1);
    }
    SUBCASE("a top-level group's subgroups become top-level") {
        REQUIRE(delete_group(f.store(), f.owner, district, SubgroupFate::kLiftThem));
        CHECK(find_group(f.store(), school)->parent_id == std::nullopt);
    }
}

TEST_CASE("a group admin deletes a group with its subgroups only if they administer every one of them") {
    Fixture f;
    Id school = f.group("School");
    Id grade = f.group("Grade 9", school);
    Id klass = f.group("Class 9A", grade);
    Id lead = f.person("lead@x.org", "Lena", "Lead");
    f.join(school, lead, GroupRole::kAdmin);
    // Class 9A keeps its own staff: School's admin does not reach it.
    REQUIRE(edit_group(f.store(), f.owner, klass, {.inherit = false}));

    const auto before = f.bytes();
    auto refused = delete_group(f.store(), lead, grade, SubgroupFate::kDeleteThem);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message ==
          "Lena Lead may not delete this group: they are not a group admin of Class 9A, which would go with it.");
    CHECK(f.bytes() == before);

    // Lifting the subgroup out instead deletes only what they administer.
    REQUIRE(delete_group(f.store(), lead, grade, SubgroupFate::kLiftThem));
    CHECK_FALSE(find_group(f.store(), grade));
    CHECK(find_group(f.store(), klass)->parent_id == school);
}

TEST_CASE("a group admin may create groups nested under the groups they administer, within the plan") {
    Fixture f(Plan::kEssentials);
    Id school = f.group("School");
    Id other = f.group("Other");
    Id lead = f.person("lead@x.org", "Lena", "Lead");
    f.join(school, lead, GroupRole::kAdmin);
    auto nested = create_group(f.store(), lead, {"Robotics club", "", school, {}, {}});
    REQUIRE(nested);
    auto deeper = create_group(f.store(), lead, {"Robotics juniors", "", nested->id, {}, {}});
    CHECK(deeper);  // administers the new subgroup through inheritance
    CHECK_FALSE(create_group(f.store(), lead, {"Elsewhere", "", other, {}, {}}));
    CHECK_FALSE(create_group(f.store(), lead, {"Top", "", std::nullopt, {}, {}}));
}

namespace {

std::vector<AuditEntry> audit_of(Fixture& f) {
    auto entries = read_audit(f.store(), f.owner, {.limit = 0});
    REQUIRE(entries);
    return *entries;
}

}  // namespace

TEST_CASE("saving the Manage group form edits and moves the group in one command with one audit entry") {
    Fixture f;
    Id district = f.group("District");
    Id school = f.group("School");
    Id grade = f.group("Grade 9", school);
    const std::size_t entries_before = audit_of(f).size();
    int commits = 0;
    f.store().on_change([&](std::uint32_t) { ++commits; });

    auto saved = save_group(
        f.store(), f.owner, grade,
        {.name = "Year 9", .image = GroupImage{"image/png", {0x89, 'P', 'N', 'G'}}, .inherit = false}, district);
    REQUIRE(saved);
    CHECK(saved->name == "Year 9");
    CHECK(saved->parent_id == district);
    CHECK_FALSE(saved->inherit);
    CHECK(group_image(f.store(), grade).has_value());
    CHECK(commits == 1);
    const auto entries = audit_of(f);
    REQUIRE(entries.size() == entries_before + 1);
    CHECK(entries.front().action == "group.edit");
    CHECK(entries.front().summary ==
          "Olive Owner renamed Grade 9 to Year 9; turned off inherited oversight for Year 9; set the image of Year 9; "
          "moved Year 9 to District.");

    SUBCASE("the current parent is no move") {
        REQUIRE(save_group(f.store(), f.owner, grade, {.description = "All of year 9"}, district));
        CHECK(audit_of(f).front().summary ==
              "Olive Owner changed the description of Year 9 from (none) to \"All of year 9\".");
    }
}

TEST_CASE("a refused part of saving a group changes nothing, whichever part it is") {
    Fixture f;
    Id school = f.group("School");
    Id other = f.group("Other");
    Id club = f.group("Robotics club", school);
    Id lead = f.person("lead@x.org", "Lena", "Lead");
    f.join(school, lead, GroupRole::kAdmin);
    const auto before = f.bytes();

    SUBCASE("the move") {
        auto moved = save_group(f.store(), lead, club, {.name = "Robots"}, other);
        REQUIRE_FALSE(moved);
        CHECK(moved.error().code == ErrorCode::kForbidden);
    }
    SUBCASE("a move into its own subtree") {
        auto cycle = save_group(f.store(), f.owner, school, {.name = "Campus"}, club);
        REQUIRE_FALSE(cycle);
        CHECK(cycle.error().code == ErrorCode::kCycle);
    }
    SUBCASE("the edit") {
        auto unnamed = save_group(f.store(), f.owner, club, {.name = "  "}, other);
        REQUIRE_FALSE(unnamed);
        CHECK(unnamed.error().message == "A group needs a name.");
    }
    SUBCASE("an image over the limit, with the limit's message") {
        GroupImage big{"image/png", std::vector<std::uint8_t>(kGroupImageMaxBytes + 1024, 0)};
        auto large = save_group(f.store(), f.owner, club, {.image = big}, other);
        REQUIRE_FALSE(large);
        CHECK(large.error().message == group_image_too_large(big.bytes.size()));
        CHECK(large.error().message == "The image is 2049 KB; the limit is 2048 KB.");
    }
    CHECK(f.bytes() == before);
}

TEST_CASE("deleting several groups is one command with one audit entry naming them") {
    Fixture f;
    Id school = f.group("School");
    Id grade = f.group("Grade 9", school);
    Id klass = f.group("Class 9A", grade);
    Id club = f.group("Robotics club", school);
    Id other = f.group("Other");
    Id u1 = f.person("a@x.org");
    f.join(grade, u1);
    f.join(other, u1);
    const std::size_t entries_before = audit_of(f).size();
    int commits = 0;
    f.store().on_change([&](std::uint32_t) { ++commits; });

    SUBCASE("a chosen subgroup of a chosen group, deleted with it, is deleted once") {
        auto deleted = delete_groups(f.store(), f.owner, {school, grade, other}, SubgroupFate::kDeleteThem);
        REQUIRE(deleted);
        CHECK(deleted->deleted.size() == 5);
        CHECK(deleted->names == std::vector<std::string>{"School", "Grade 9", "Other"});
        CHECK(group_tree(f.store(), GroupSort::kNewest).empty());
        CHECK(commits == 1);
        const auto entries = audit_of(f);
        REQUIRE(entries.size() == entries_before + 1);
        CHECK(entries.front().action == "group.delete");
        CHECK(entries.front().summary ==
              "Olive Owner deleted 3 groups: School, Grade 9 and Other, with 2 subgroups (Robotics club, Class 9A); "
              "removed 2 memberships.");
    }
    SUBCASE("lifting: the subgroups nobody chose move up past every chosen group") {
        auto deleted = delete_groups(f.store(), f.owner, {grade, school}, SubgroupFate::kLiftThem);
        REQUIRE(deleted);
        CHECK(deleted->deleted.size() == 2);
        CHECK(find_group(f.store(), klass)->parent_id == std::nullopt);
        CHECK(find_group(f.store(), club)->parent_id == std::nullopt);
        CHECK(commits == 1);
        CHECK(audit_of(f).size() == entries_before + 1);
    }
}

TEST_CASE("deleting several groups is all or nothing: the first refusal names its group") {
    Fixture f;
    Id school = f.group("School");
    f.group("Robotics club", school);
    f.group("Chess club", school);
    Id other = f.group("Other");
    Id lead = f.person("lead@x.org", "Lena", "Lead");
    f.join(school, lead, GroupRole::kAdmin);
    std::vector<Id> clubs;
    for (const GroupRow& row : group_tree(f.store(), GroupSort::kTitle))
        if (row.parent_id == school) clubs.push_back(row.id);
    REQUIRE(clubs.size() == 2);
    const auto before = f.bytes();

    auto refused = delete_groups(f.store(), lead, {clubs[0], clubs[1], other}, SubgroupFate::kLiftThem);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message.rfind("Could not delete Other, so no group was deleted. ", 0) == 0);
    CHECK(f.bytes() == before);

    // Without the group they may not delete, the same person deletes the others.
    REQUIRE(delete_groups(f.store(), lead, clubs, SubgroupFate::kLiftThem));
    CHECK(find_group(f.store(), other));
}

TEST_CASE("groups side by side may not have names that differ only by case, accents or spaces") {
    Fixture f;
    Id school = f.group("Upper School");
    Id grade9 = f.group("Grade 9", school);
    auto before = f.bytes();
    for (const char* lookalike : {"grade 9",
                                  "Gr\xC3\xA4"
                                  "de 9",
                                  "Grade 9 ", "GRADE  9",
                                  "Grade\xC2\xA0"
                                  "9"}) {
        auto r = create_group(f.store(), f.owner, {lookalike, "", school, {}, {}});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::kDuplicate);
        CHECK(r.error().message ==
              "There is already a group named Grade 9 in Upper School; groups side by side need names that differ "
              "by more than case, accents or spaces.");
    }
    CHECK(f.bytes() == before);
    // Elsewhere in the tree the name is free; and a group may change the case of its own name.
    Id top9 = must(create_group(f.store(), f.owner, {"grade 9", "", std::nullopt, {}, {}})).id;
    Id grade10 = f.group("Grade 10", school);
    GroupEdit recased;
    recased.name = "GRADE 9";
    CHECK(edit_group(f.store(), f.owner, grade9, recased));
    // Renaming into a look-alike, moving beside one, or both at once, is refused.
    GroupEdit rename;
    rename.name = "grade 9";
    auto renamed = edit_group(f.store(), f.owner, grade10, rename);
    REQUIRE_FALSE(renamed);
    CHECK(renamed.error().code == ErrorCode::kDuplicate);
    auto moved = move_group(f.store(), f.owner, top9, school);
    REQUIRE_FALSE(moved);
    CHECK(moved.error().message ==
          "There is already a group named GRADE 9 in Upper School; groups side by side need names that differ by "
          "more than case, accents or spaces.");
    auto saved = save_group(f.store(), f.owner, grade10, rename, std::nullopt);
    REQUIRE_FALSE(saved);
    CHECK(saved.error().message ==
          "There is already a group named grade 9 at the top level; groups side by side need names that differ by "
          "more than case, accents or spaces.");
    CHECK(find_group(f.store(), grade10)->name == "Grade 10");
}

TEST_CASE("a group's name has at most 200 characters") {
    Fixture f;
    std::string longest(200, 'x');
    CHECK(create_group(f.store(), f.owner, {longest, "", std::nullopt, {}, {}}));
    // Characters, not bytes: 200 Greek letters are 400 bytes and fine; 201 are one too many.
    std::string greek;
    for (int i = 0; i < 200; ++i) greek += "\xCE\xB1";
    CHECK(create_group(f.store(), f.owner, {greek, "", std::nullopt, {}, {}}));
    auto r = create_group(f.store(), f.owner, {std::string(300, 'y'), "", std::nullopt, {}, {}});
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "The group's name is 300 characters long; the most is 200.");
    auto g = create_group(f.store(), f.owner, {greek + "\xCE\xB2", "", std::nullopt, {}, {}});
    REQUIRE_FALSE(g);
    CHECK(g.error().message == "The group's name is 201 characters long; the most is 200.");
}

TEST_CASE("the audit says what a group's edit and deletion changed, in the past tense") {
    Fixture f;
    Id district = f.group("District");
    Id school = f.group("School", district);
    Id grade = f.group("Grade 9", school);
    f.group("Class 9A", grade);
    Id u1 = f.person("a@x.org");
    f.join(school, u1);
    f.join(grade, u1);

    SUBCASE("an edit lists each change, old to new") {
        REQUIRE(edit_group(f.store(), f.owner, school,
                           {.name = "Hill School", .external_ids = std::vector<ExternalId>{{"rostering", "R-1"}}}));
        REQUIRE(edit_group(f.store(), f.owner, school,
                           {.description = "Years 7 to 11",
                            .external_ids = std::vector<ExternalId>{{"rostering", "R-2"}, {"partner", "P-9"}}}));
        const auto entries = audit_of(f);
        CHECK(entries[1].summary ==
              "Olive Owner renamed School to Hill School; changed the rostering ID of Hill School from (none) to R-1.");
        CHECK(entries[0].summary ==
              "Olive Owner changed the description of Hill School from (none) to \"Years 7 to 11\"; changed the "
              "rostering ID of Hill School from R-1 to R-2; changed the partner ID of Hill School from (none) to P-9.");
    }
    SUBCASE("deleting with its subgroups names them") {
        REQUIRE(delete_group(f.store(), f.owner, school, SubgroupFate::kDeleteThem));
        CHECK(audit_of(f).front().summary ==
              "Olive Owner deleted the group School with 2 subgroups (Grade 9, Class 9A); removed 2 memberships.");
    }
    SUBCASE("deleting and lifting names the subgroups that moved") {
        REQUIRE(delete_group(f.store(), f.owner, school, SubgroupFate::kLiftThem));
        CHECK(audit_of(f).front().summary ==
              "Olive Owner deleted the group School; removed 1 membership; moved its 1 subgroup (Grade 9) up to "
              "District.");
    }
}

TEST_CASE("the plan for deleting many groups gives the totals for all of them") {
    Fixture f;
    std::vector<Id> chosen;
    Id u1 = f.person("a@x.org");
    Id u2 = f.person("b@x.org");
    for (int i = 0; i < 50; ++i) {
        Id g = f.group("Class " + std::to_string(i));
        chosen.push_back(g);
        f.join(g, u1);
        if (i % 10 == 0) {
            Id sub = f.group("Club " + std::to_string(i), g);
            f.join(sub, u2);
        }
    }
    // A chosen group inside another chosen group is counted once.
    Id inner = f.group("Inner", chosen[1]);
    f.join(inner, u2);
    chosen.push_back(inner);
    const auto before = f.bytes();

    auto deleting = plan_delete_groups(f.store(), chosen, SubgroupFate::kDeleteThem);
    REQUIRE(deleting);
    CHECK(deleting->groups == 51);
    CHECK(deleting->subgroups_deleted == 5);
    CHECK(deleting->memberships_removed == 56);
    CHECK(deleting->description ==
          "In all, deleting these 51 groups and 5 subgroups below them removes 56 memberships.");

    auto lifting = plan_delete_groups(f.store(), chosen, SubgroupFate::kLiftThem);
    REQUIRE(lifting);
    CHECK(lifting->subgroups_lifted == 5);
    CHECK(lifting->subgroups_deleted == 0);
    CHECK(lifting->memberships_removed == 51);
    CHECK(lifting->description ==
          "In all, deleting these 51 groups removes 51 memberships; 5 subgroups move up to the groups above them.");
    CHECK(f.bytes() == before);

    // The totals are what deleting does.
    REQUIRE(delete_groups(f.store(), f.owner, chosen, SubgroupFate::kLiftThem));
    CHECK(group_tree(f.store(), GroupSort::kNewest).size() == 5);
}

TEST_CASE("deleting a group refuses to move a subgroup up beside a look-alike name") {
    Fixture f;
    Id school = f.group("School");
    f.group("Grade 9");
    f.group("grade 9", school);
    Id same = f.group("School Office", school);
    auto before = f.bytes();
    auto r = delete_group(f.store(), f.owner, school, SubgroupFate::kLiftThem);
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "Deleting School would move its subgroup grade 9 up beside Grade 9, and groups side by side need names "
          "that differ by more than case, accents or spaces. Rename one of them first.");
    CHECK(f.bytes() == before);
    // Deleting them along is fine; so is a subgroup taking the deleted group's own name.
    Id office = f.group("Office");
    f.group("office", office);
    CHECK(delete_group(f.store(), f.owner, office, SubgroupFate::kLiftThem));
    CHECK(delete_group(f.store(), f.owner, school, SubgroupFate::kDeleteThem));
    (void)same;
}
