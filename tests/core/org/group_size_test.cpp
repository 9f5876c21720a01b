// A group's size day by day (core/org/group_size.cpp): walked back from today's count through the audit log.
#include <doctest/doctest.h>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::vector<std::int64_t> members_of(const GroupSizeHistory& h) {
    std::vector<std::int64_t> out;
    for (const GroupSizeDay& d : h.days) out.push_back(d.members);
    return out;
}

void next_day(Fixture& f, int days = 1) { f.clock_ms += days * kDayMs; }

}  // namespace

TEST_CASE("a group's size follows adds and removes day by day and ends at today's count") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    Id cy = f.person("cy@x.org", "Cy", "Young");
    Id g = f.group("Grade 9");  // day 0
    next_day(f);
    f.join(g, ada);  // day 1: 1
    next_day(f);
    must(add_people(f.store(), f.owner, g, {.users = {bob, cy}}));  // day 2: 3 (one entry listing both)
    next_day(f, 2);
    must(remove_member(f.store(), f.owner, g, bob));                       // day 4: 2
    must(set_member_role(f.store(), f.owner, g, cy, GroupRole::kMentor));  // a role changes no count
    next_day(f);                                                           // day 5: nothing happens

    GroupSizeHistory h = must(group_size_history(f.store(), f.owner, g));
    CHECK(h.from_creation);
    CHECK(h.unplaced == 0);
    CHECK_FALSE(h.clamped);
    CHECK(members_of(h) == std::vector<std::int64_t>{0, 1, 3, 3, 2, 2});
    CHECK(h.days.front().day * kDayMs <= f.clock_ms - 5 * kDayMs);
    CHECK(h.days.back().day == f.clock_ms / kDayMs);
    CHECK(h.days[2].joined == 2);
    CHECK(h.days[4].left == 1);
}

TEST_CASE("a group created before the period shows the last days only, ending at today's count") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    Id g = f.group("Grade 9");
    f.join(g, ada);
    f.join(g, bob);
    next_day(f, 100);
    must(remove_member(f.store(), f.owner, g, ada));
    GroupSizeHistory h = must(group_size_history(f.store(), f.owner, g, 90));
    CHECK_FALSE(h.from_creation);
    REQUIRE(h.days.size() == 90);
    CHECK(h.days.front().members == 2);
    CHECK(h.days.back().members == 1);
}

TEST_CASE("a group created mid-period starts on the day it was created") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id old_group = f.group("Grade 8");
    next_day(f, 30);
    Id g = f.group("Grade 9");
    f.join(g, ada);
    next_day(f, 3);
    GroupSizeHistory h = must(group_size_history(f.store(), f.owner, g, 90));
    CHECK(h.from_creation);
    CHECK(members_of(h) == std::vector<std::int64_t>{1, 1, 1, 1});
    CHECK(must(group_size_history(f.store(), f.owner, old_group, 90)).days.size() == 34);
}

TEST_CASE("a bulk upload's one entry places the lines that name the group") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    f.person("bob@x.org", "Bob", "Builder");
    f.person("cy@x.org", "Cy", "Young");
    Id g9 = f.group("Grade 9");
    Id g10 = f.group("Grade 10");
    f.join(g9, ada);
    next_day(f);
    UploadPlan p = must(plan_upload(f.store(), f.owner, UploadKind::kMemberships, "groups.csv",
                                    "email,group,role\n"
                                    "bob@x.org,grade-9,\n"
                                    "cy@x.org,grade-9,mentor\n"
                                    "ada@x.org,grade-10,\n"
                                    "ada@x.org,grade-9,mentor\n"));
    REQUIRE(p.ok());
    must(apply_upload(f.store(), f.owner, p));
    next_day(f);
    GroupSizeHistory h9 = must(group_size_history(f.store(), f.owner, g9));
    CHECK(members_of(h9) == std::vector<std::int64_t>{1, 3, 3});
    CHECK(h9.unplaced == 0);
    GroupSizeHistory h10 = must(group_size_history(f.store(), f.owner, g10));
    CHECK(members_of(h10) == std::vector<std::int64_t>{0, 1, 1});
}

TEST_CASE("an undone add and a redone remove are placed; an undone upload is counted as unplaced, never below 0") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    f.person("bob@x.org", "Bob", "Builder");
    Id g = f.group("Grade 9");
    next_day(f);
    f.join(g, ada);
    must(undo(f.store(), f.owner));  // day 1: Ada in and out again
    next_day(f);
    must(redo(f.store(), f.owner));  // day 2: back in
    next_day(f);
    GroupSizeHistory h = must(group_size_history(f.store(), f.owner, g));
    CHECK(members_of(h) == std::vector<std::int64_t>{0, 0, 1, 1});
    CHECK(h.unplaced == 0);

    // An upload adding Bob, undone the next day: its undo names no group, so its day is not placed.
    UploadPlan p = must(plan_upload(f.store(), f.owner, UploadKind::kMemberships, "groups.csv",
                                    "email,group,role\nbob@x.org,grade-9,\n"));
    must(apply_upload(f.store(), f.owner, p));  // day 3: 2
    next_day(f);
    must(undo(f.store(), f.owner));  // day 4: 1 in truth
    GroupSizeHistory after = must(group_size_history(f.store(), f.owner, g));
    CHECK(after.unplaced == 1);
    CHECK(after.days.back().members == 1);  // today's true count, always
    for (const GroupSizeDay& d : after.days) CHECK(d.members >= 0);
}

TEST_CASE("a change the log cannot place never takes a day below zero") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id g = f.group("Grade 9");
    next_day(f);
    f.join(g, ada);  // day 1, logged
    next_day(f);
    // Day 2: the membership goes behind the log's back (as a restore of an older file would), so walking back
    // from today's 0 past day 1's logged add would reach -1.
    f.store().db().prepare("DELETE FROM memberships WHERE group_id = ?")->bind_all(g).run();
    GroupSizeHistory h = must(group_size_history(f.store(), f.owner, g));
    CHECK(members_of(h) == std::vector<std::int64_t>{0, 0, 0});
    CHECK(h.clamped);
    CHECK(h.days[1].joined == 1);
}

TEST_CASE("whoever may read a group's people may read its size; a deactivated person may not") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id ivy = f.person("ivy@x.org", "Ivy", "Stone");
    Id g = f.group("Grade 9");
    f.join(g, ada);
    CHECK(group_size_history(f.store(), ada, g));  // a plain member reads it, as they read the group's people
    must(edit_user(f.store(), f.owner, ivy, {.status = UserStatus::kDeactivated}));
    auto refused = group_size_history(f.store(), ivy, g);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message == "Ivy Stone may not look at the organisation: their account is deactivated.");
    auto missing = group_size_history(f.store(), f.owner, 9999);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
}
