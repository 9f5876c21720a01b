// A group's people: adding, invitations, roles, removal and copying (core/org/memberships.cpp).
#include <doctest/doctest.h>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("several people are added at once by pick and by email, in the chosen role") {
    Fixture f;
    Id g = f.group("Grade 9");
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    f.person("cy@x.org", "Cy", "Young");
    auto r = add_people(f.store(), f.owner, g, {{ada, bob}, {"CY@X.ORG"}, GroupRole::kMentor});
    REQUIRE(r);
    CHECK(r->added.size() == 3);
    CHECK(r->invited.empty());
    CHECK(r->summary() == "Added 3 people.");
    auto people = group_people(f.store(), g);
    REQUIRE(people.size() == 3);
    for (const auto& p : people) CHECK(p.direct_role == GroupRole::kMentor);
    CHECK(people[0].user.display_name() == "Ada Lovelace");  // natural order by name

    auto again = add_people(f.store(), f.owner, g, {{ada}, {}, GroupRole::kMentor});
    REQUIRE(again);
    CHECK(again->summary() == "1 person already there.");
}

TEST_CASE("search finds people by name or email, ignoring case and accents") {
    Fixture f;
    f.person("zoe@x.org", "Zoë", "Saldaña");
    f.person("zed@x.org", "Zed", "Shepherd");
    CHECK(search_users(f.store(), "zoe").size() == 1);
    CHECK(search_users(f.store(), "SALDANA").size() == 1);
    CHECK(search_users(f.store(), "x.org").size() == 2);
    CHECK(search_users(f.store(), "nobody").empty());
}

TEST_CASE("an unknown email becomes an invitation that the invited person accepts") {
    Fixture f;
    Id g = f.group("Grade 9");
    auto r = add_people(f.store(), f.owner, g, {{}, {"new.teacher@x.org"}, GroupRole::kMentor});
    REQUIRE(r);
    REQUIRE(r->invited.size() == 1);
    Id invitee = r->invited[0];
    auto user = find_user(f.store(), invitee);
    CHECK(user->status == UserStatus::kInvited);
    CHECK(user->display_name() == "new.teacher@x.org");
    CHECK(group_people(f.store(), g).at(0).direct_role == GroupRole::kMentor);

    // Nobody else can accept it for them, and an invited person cannot act yet.
    auto not_self = accept_invitation(f.store(), f.owner);
    REQUIRE_FALSE(not_self);
    CHECK(not_self.error().code == ErrorCode::kConflict);
    CHECK_FALSE(create_group(f.store(), invitee, {"X", "", {}, {}, {}}));

    REQUIRE(accept_invitation(f.store(), invitee, "Nia", "Teacher"));
    CHECK(find_user(f.store(), invitee)->status == UserStatus::kActive);
    auto twice = accept_invitation(f.store(), invitee, "Nia", "Teacher");
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message == "Nia Teacher has no invitation waiting.");

    auto bad = add_people(f.store(), f.owner, g, {{}, {"not-an-email"}, GroupRole::kMember});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "'not-an-email' is not an email address.");
}

TEST_CASE("promote a member to mentor, a mentor to group admin, demote, and remove") {
    Fixture f;
    Id g = f.group("Grade 9");
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    f.join(g, ada);
    REQUIRE(set_member_role(f.store(), f.owner, g, ada, GroupRole::kMentor));
    CHECK(group_people(f.store(), g)[0].direct_role == GroupRole::kMentor);
    REQUIRE(set_member_role(f.store(), f.owner, g, ada, GroupRole::kAdmin));
    CHECK(is_group_admin(f.store(), ada, g));
    REQUIRE(set_member_role(f.store(), f.owner, g, ada, GroupRole::kMember));
    CHECK_FALSE(is_group_admin(f.store(), ada, g));
    REQUIRE(remove_member(f.store(), f.owner, g, ada));
    CHECK(group_people(f.store(), g).empty());
    auto gone = remove_member(f.store(), f.owner, g, ada);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == ErrorCode::kNotFound);
}

TEST_CASE("a group admin adds people only if they already belong to a group that admin manages") {
    Fixture f;
    Id school = f.group("School");
    Id club = f.group("Chess club", school);
    Id other = f.group("Other school");
    Id lead = f.person("lead@x.org", "Lena", "Lead");
    Id pupil = f.person("pupil@x.org", "Pia", "Pupil");
    Id stranger = f.person("stranger@x.org", "Sam", "Stranger");
    f.join(school, lead, GroupRole::kAdmin);
    f.join(school, pupil);
    f.join(other, stranger);

    CHECK(add_people(f.store(), lead, club, {{pupil}, {}, GroupRole::kMentor}));
    auto refused = add_people(f.store(), lead, club, {{stranger}, {}, GroupRole::kMember});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message ==
          "Lena Lead may not add this person to the group: a group admin adds only people who already belong to a "
          "group they manage, and Sam Stranger does not.");
    // All or nothing: a refused person refuses the whole batch.
    auto before = f.bytes();
    auto mixed = add_people(f.store(), lead, club, {{pupil, stranger}, {}, GroupRole::kAdmin});
    REQUIRE_FALSE(mixed);
    CHECK(f.bytes() == before);
    // Nor may a group admin invite strangers by email.
    CHECK_FALSE(add_people(f.store(), lead, club, {{}, {"new@x.org"}, GroupRole::kMember}));
}

TEST_CASE("fill a group from another group or from a department subtree") {
    Fixture f;
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    Id a = f.person("a@x.org", "A", "A", science);
    Id b = f.person("b@x.org", "B", "B", biology);
    f.person("c@x.org", "C", "C");
    Id source = f.group("Source");
    Id target = f.group("Target");
    f.join(source, a);
    f.join(source, b, GroupRole::kMentor);

    auto from_group = copy_people(f.store(), f.owner, target, {source, std::nullopt}, GroupRole::kMember);
    REQUIRE(from_group);
    CHECK(from_group->added.size() == 2);
    CHECK(group_people(f.store(), target).size() == 2);

    Id target2 = f.group("Target 2");
    auto from_dept = copy_people(f.store(), f.owner, target2, {std::nullopt, science}, GroupRole::kMember);
    REQUIRE(from_dept);
    CHECK(from_dept->added.size() == 2);  // Science and its Biology subtree, not C
}

TEST_CASE("an invitation withdrawn and renewed still needs the person to accept it") {
    Fixture f;
    Id g = f.group("Grade 9");
    auto r = add_people(f.store(), f.owner, g, {{}, {"ivy@x.org"}, GroupRole::kMember});
    REQUIRE(r);
    Id ivy = r->invited.at(0);
    REQUIRE(edit_user(f.store(), f.owner, ivy, {.status = UserStatus::kDeactivated}));
    CHECK(find_user(f.store(), ivy)->status == UserStatus::kDeactivated);
    CHECK(edit_user(f.store(), f.owner, ivy, {.department_id = std::optional<Id>(f.department("Science"))}));
    REQUIRE(edit_user(f.store(), f.owner, ivy, {.status = UserStatus::kActive}));
    CHECK(find_user(f.store(), ivy)->status == UserStatus::kInvited);
    REQUIRE(accept_invitation(f.store(), ivy, "Ivy", "Ingram"));
    auto accepted = find_user(f.store(), ivy);
    CHECK(accepted->status == UserStatus::kActive);
    CHECK(accepted->display_name() == "Ivy Ingram");
    // Once active, deactivating and reactivating brings them back as active.
    REQUIRE(edit_user(f.store(), f.owner, ivy, {.status = UserStatus::kDeactivated}));
    REQUIRE(edit_user(f.store(), f.owner, ivy, {.status = UserStatus::kActive}));
    CHECK(find_user(f.store(), ivy)->status == UserStatus::kActive);
}

TEST_CASE("reads are open to active people only") {
    Fixture f;
    Id gone = f.person("gone@x.org", "Gus", "Gone");
    CHECK(authorize_read(f.store(), gone));
    REQUIRE(edit_user(f.store(), f.owner, gone, {.status = UserStatus::kDeactivated}));
    auto r = authorize_read(f.store(), gone);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "Gus Gone may not look at the organisation: their account is deactivated.");
}

TEST_CASE("an invitation is not accepted without a first and a last name") {
    Fixture f;
    Id g = f.group("Grade 9");
    auto invited = add_people(f.store(), f.owner, g, {{}, {"ivy@x.org"}, GroupRole::kMember});
    REQUIRE(invited);
    Id invitee = invited->invited.at(0);
    auto before = f.bytes();

    auto nameless = accept_invitation(f.store(), invitee, "  ", "");
    REQUIRE_FALSE(nameless);
    CHECK(nameless.error().code == ErrorCode::kBadValue);
    CHECK(nameless.error().message == "Give your first and last name to accept the invitation.");
    auto no_last = accept_invitation(f.store(), invitee, "Ivy", "");
    REQUIRE_FALSE(no_last);
    CHECK(no_last.error().message == "Give your last name to accept the invitation.");
    auto no_first = accept_invitation(f.store(), invitee, "", "Ingram");
    REQUIRE_FALSE(no_first);
    CHECK(no_first.error().message == "Give your first name to accept the invitation.");
    CHECK(f.bytes() == before);
    CHECK(find_user(f.store(), invitee)->status == UserStatus::kInvited);

    REQUIRE(accept_invitation(f.store(), invitee, " Ivy ", "Ingram"));
    auto user = find_user(f.store(), invitee);
    CHECK(user->status == UserStatus::kActive);
    CHECK(user->display_name() == "Ivy Ingram");
}
