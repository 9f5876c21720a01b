// A group's people: adding, invitations, roles, removal and copying (core/org/memberships.cpp).
#include <algorithm>
#include <doctest/doctest.h>
#include <set>
#include <string>
#include <vector>

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

namespace {

// District > Grade 9; the Science department holds everyone: Ann (group admin of District), Tom (mentor
// of District), Mia (direct mentor of Grade 9), Bob (direct member of Grade 9), and Cy and Di (new).
struct CopyWorld {
    Fixture f;
    Id science = f.department("Science");
    Id district = f.group("District");
    Id grade9 = f.group("Grade 9", district);
    Id ann = f.person("ann@x.org", "Ann", "Admin", science);
    Id tom = f.person("tom@x.org", "Tom", "Mentor", science);
    Id mia = f.person("mia@x.org", "Mia", "Mentor", science);
    Id bob = f.person("bob@x.org", "Bob", "Member", science);
    Id cy = f.person("cy@x.org", "Cy", "New", science);
    Id di = f.person("di@x.org", "Di", "New", science);

    CopyWorld() {
        f.join(district, ann, GroupRole::kAdmin);
        f.join(district, tom, GroupRole::kMentor);
        f.join(grade9, mia, GroupRole::kMentor);
        f.join(grade9, bob, GroupRole::kMember);
    }
    std::optional<GroupRole> direct_role(Id user) {
        for (const GroupPerson& p : group_people(f.store(), grade9))
            if (p.user.id == user) return p.direct_role;
        return std::nullopt;
    }
    std::string last_audit() { return read_audit(f.store(), f.owner, {}).value().front().summary; }
};

}  // namespace

TEST_CASE("copying a department as members adds people without demoting staff or shadowing inherited roles") {
    CopyWorld w;
    auto copied = copy_people(w.f.store(), w.f.owner, w.grade9, {std::nullopt, w.science}, GroupRole::kMember);
    REQUIRE(copied);
    CHECK(copied->added == std::vector<Id>{w.cy, w.di});
    CHECK(copied->changed.empty());
    REQUIRE(copied->kept.size() == 1);
    CHECK(copied->kept[0].name == "Mia Mentor");
    CHECK(copied->unchanged == std::vector<Id>{w.bob});
    CHECK(copied->covered == std::vector<Id>{w.ann, w.tom});
    CHECK(copied->summary() ==
          "Added 2 people, left the role of 1 person as it was (Mia Mentor as mentor), 1 person already there, "
          "2 people already staff through a group above.");
    CHECK(w.direct_role(w.mia) == GroupRole::kMentor);  // not demoted
    CHECK(w.direct_role(w.ann) == std::nullopt);        // no extra direct member row
    CHECK(w.direct_role(w.tom) == std::nullopt);
    CHECK(w.direct_role(w.cy) == GroupRole::kMember);
    CHECK(w.last_audit() ==
          "Olive Owner "
          "filled Grade 9 from the department Science: added 2 people, left the role of 1 person as it was "
          "(Mia Mentor as mentor), 1 person already there, 2 people already staff through a group above.");
}

TEST_CASE("changing existing roles is asked for: the preview names each change, and the copy makes them") {
    CopyWorld w;
    const CopySource source{std::nullopt, w.science};
    auto kept = plan_copy(w.f.store(), w.grade9, source, GroupRole::kMember);
    REQUIRE(kept);
    CHECK(kept->preview() == std::vector<std::string>{
                                 "Adds 2 people as members.",
                                 "Leaves the role of 1 person already there as it is: Mia Mentor as mentor.",
                                 "1 person is already there as a member.",
                                 "2 people are already staff through a group above: not added.",
                             });
    auto plan = plan_copy(w.f.store(), w.grade9, source, GroupRole::kMember, ExistingRoles::kChange);
    REQUIRE(plan);
    CHECK(plan->preview() == std::vector<std::string>{
                                 "Adds 2 people as members.",
                                 "Changes the role of 1 person:",
                                 "  Mia Mentor: mentor to member",
                                 "1 person is already there as a member.",
                                 "2 people are already staff through a group above: not added.",
                             });
    CHECK(w.direct_role(w.cy) == std::nullopt);  // a plan changes nothing

    auto copied = copy_people(w.f.store(), w.f.owner, w.grade9, source, GroupRole::kMember, ExistingRoles::kChange);
    REQUIRE(copied);
    REQUIRE(copied->changed.size() == 1);
    CHECK(copied->changed[0].user == w.mia);
    CHECK(copied->changed[0].from == GroupRole::kMentor);
    CHECK(copied->changed[0].to == GroupRole::kMember);
    CHECK(w.direct_role(w.mia) == GroupRole::kMember);
    CHECK(w.direct_role(w.ann) == std::nullopt);  // inherited staff still get no direct row
    CHECK(w.last_audit() ==
          "Olive Owner "
          "filled Grade 9 from the department Science: added 2 people, changed the role of 1 person (Mia "
          "Mentor: mentor to member), 1 person already there, 2 people already staff through a group above.");
}

TEST_CASE("copying in a staff role skips only people who already hold it or a stronger one from above") {
    CopyWorld w;
    const CopySource source{std::nullopt, w.science};
    auto as_mentors = plan_copy(w.f.store(), w.grade9, source, GroupRole::kMentor);
    REQUIRE(as_mentors);
    CHECK(as_mentors->covered == std::vector<Id>{w.ann, w.tom});  // an inherited mentor is a mentor already
    CHECK(as_mentors->unchanged == std::vector<Id>{w.mia});
    REQUIRE(as_mentors->kept.size() == 1);
    CHECK(as_mentors->kept[0].user == w.bob);  // not promoted unless asked either

    auto as_admins = copy_people(w.f.store(), w.f.owner, w.grade9, source, GroupRole::kAdmin);
    REQUIRE(as_admins);
    CHECK(as_admins->covered == std::vector<Id>{w.ann});
    CHECK(as_admins->added == std::vector<Id>{w.tom, w.cy, w.di});  // a mentor above becomes admin here
    CHECK(as_admins->summary() ==
          "Added 3 people, left the role of 2 people as it was (Mia Mentor as mentor, Bob Member as member), 1 "
          "person already a group admin through a group above.");
}

TEST_CASE("a copy summary names at most ten role changes; the audit entry lists them all") {
    Fixture f;
    Id dept = f.department("Staff");
    Id g = f.group("Club");
    for (int i = 0; i < 12; ++i) {
        std::string n = std::to_string(i + 10);
        f.join(g, f.person("p" + n + "@x.org", "P", n, dept), GroupRole::kMentor);
    }
    auto copied = copy_people(f.store(), f.owner, g, {std::nullopt, dept}, GroupRole::kMember, ExistingRoles::kChange);
    REQUIRE(copied);
    CHECK(copied->changed.size() == 12);
    CHECK(copied->summary().find("P 19: mentor to member and 2 more).") != std::string::npos);
    const AuditEntry audit = read_audit(f.store(), f.owner, {.with_details = true}).value().front();
    CHECK(audit.summary.find("P 14: mentor to member and 7 more)") != std::string::npos);
    REQUIRE(audit.details.size() == 12);
    CHECK(audit.details[11].name == "P 21");
    CHECK(audit.details[11].what == "made Member of Club (was Mentor)");
}

TEST_CASE("a group's counts agree with its rows, the Groups list and the membership report") {
    Fixture f;
    Id district = f.group("District");
    Id grade9 = f.group("Grade 9", district);
    Id ann = f.person("ann@x.org", "Ann", "Both");       // direct member, group admin from above
    Id tom = f.person("tom@x.org", "Tom", "Inherited");  // mentor from above only
    Id mia = f.person("mia@x.org", "Mia", "Equal");      // direct mentor and mentor from above
    Id bob = f.person("bob@x.org", "Bob", "Direct");     // direct member only
    f.join(district, ann, GroupRole::kAdmin);
    f.join(district, tom, GroupRole::kMentor);
    f.join(district, mia, GroupRole::kMentor);
    f.join(grade9, ann, GroupRole::kMember);
    f.join(grade9, mia, GroupRole::kMentor);
    f.join(grade9, bob, GroupRole::kMember);

    const auto people = group_people(f.store(), grade9);
    const GroupCounts counts = count_group_people(people);
    CHECK(counts.people == 4);
    CHECK(counts.direct == 3);
    CHECK(counts.inherited == 2);  // Tom, and Ann, whose admin role from above is stronger
    CHECK(counts.both == 1);
    int rows_direct = 0;
    int rows_inherited = 0;
    for (const GroupPerson& p : people) {
        rows_direct += p.direct();
        rows_inherited += p.inherited();
        if (p.user.id == ann) CHECK((p.direct() && p.inherited() && p.source() == "Inherited from District"));
        if (p.user.id == mia) CHECK((p.direct() && !p.inherited()));  // a mentor from above adds nothing
    }
    CHECK(rows_direct == counts.direct);
    CHECK(rows_inherited == counts.inherited);

    for (const GroupRow& row : group_tree(f.store(), GroupSort::kTitle))
        if (row.id == grade9) CHECK(row.user_count == counts.direct);

    auto report = membership_report_csv(f.store(), f.owner);
    REQUIRE(report);
    auto table = read_csv(*report, "memberships.csv");
    REQUIRE(table);
    const auto& header = table->rows.at(0).cells;
    auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    int report_direct = 0;
    int report_inherited = 0;
    std::set<std::string> report_people;
    for (std::size_t i = 1; i < table->rows.size(); ++i) {
        const auto& cells = table->rows[i].cells;
        if (cells.at(column("group_slug")) != "grade-9") continue;
        report_people.insert(cells.at(column("user_id")));
        report_direct += cells.at(column("source")) == "direct";
        report_inherited += cells.at(column("source")) == "inherited";
    }
    CHECK(report_direct == counts.direct);
    CHECK(report_inherited == counts.inherited);
    CHECK(static_cast<int>(report_people.size()) == counts.people);
    (void)tom;
    (void)bob;
}
