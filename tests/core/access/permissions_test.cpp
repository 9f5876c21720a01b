// The permission matrix, table-driven: every kind of acting person against every command (F27, F35), each
// decision asked again of authorize() over the database and over a snapshot in memory.
#include <doctest/doctest.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/access/db_access_facts.h"
#include "core/access/snapshot_access_facts.h"
#include "core/learning/courses.h"
#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "core/rules/smart.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

namespace {

// A district with two departments, a few groups, and one person holding each kind of power.
struct World {
    Fixture f;
    Id science = 0, biology = 0, arts = 0;
    Id grade9 = 0, grade9_science = 0, grade9_maths = 0, grade10 = 0;
    Id admin = 0, ogm = 0, gum = 0, dept_admin = 0, registrar = 0, plain = 0, group_admin = 0, mentor = 0, invited = 0,
       deactivated = 0;
    Id pupil = 0, outsider = 0;
    // A smart group: everyone under Science (the department admin and the pupil).
    Id club = 0;
    // Algebra: Intro (a lesson), Proofs (for review, 10 points), Talk (a discussion); the pupil and the mentor
    // are enrolled and have each submitted an answer to Proofs, and so has the owner.
    Id algebra = 0, intro = 0, proofs = 0, talk = 0, pupil_work = 0, mentor_work = 0, owner_work = 0;

    World() {
        Store& s = f.store();
        science = f.department("Science");
        biology = f.department("Biology", science);
        arts = f.department("Arts");
        grade9 = f.group("Grade 9");
        grade9_science = f.group("Grade 9 Science", grade9);
        grade9_maths = f.group("Grade 9 Maths", grade9);
        grade10 = f.group("Grade 10");
        admin = f.person("admin@r.edu", "Ada", "Admin");
        f.grant(admin, OrgRole::kAdmin);
        ogm = f.person("ogm@r.edu", "Oscar", "Manager");
        f.grant(ogm, OrgRole::kOrgGroupManager);
        gum = f.person("gum@r.edu", "Gina", "Usermanager");
        f.grant(gum, OrgRole::kGroupUserManager);
        dept_admin = f.person("dept@r.edu", "Dana", "Science", science);
        f.grant(dept_admin, OrgRole::kDepartmentAdmin, science);
        registrar = f.person("registrar@r.edu", "Rita", "Registrar");
        auto role = define_custom_role(s, f.owner, "Registrar", kPermManageUsers | kPermReports);
        REQUIRE(role);
        REQUIRE(grant_role(s, f.owner, registrar, {OrgRole::kCustom, role->id, std::nullopt}));
        plain = f.person("plain@r.edu", "Paul", "Plain");
        group_admin = f.person("leader@r.edu", "Lena", "Leader");
        f.join(grade9, group_admin, GroupRole::kAdmin);
        mentor = f.person("mentor@r.edu", "Milo", "Mentor");
        f.join(grade9, mentor, GroupRole::kMentor);
        pupil = f.person("pupil@r.edu", "Pia", "Pupil", biology);
        f.join(grade9, pupil);
        outsider = f.person("outsider@r.edu", "Otto", "Outsider", arts);
        f.join(grade10, outsider);
        auto inv = add_people(s, f.owner, grade9, {{}, {"invitee@r.edu"}, GroupRole::kMember});
        REQUIRE(inv);
        invited = inv->invited.at(0);
        deactivated = f.person("gone@r.edu", "Gus", "Gone");
        f.grant(deactivated, OrgRole::kAdmin);
        REQUIRE(edit_user(s, f.owner, deactivated, {.status = UserStatus::kDeactivated}));
        auto course = create_course(s, f.owner, "Algebra");
        REQUIRE(course);
        algebra = course->id;
        auto step = [&](const char* title, StepKind kind, bool review, std::optional<int> points) {
            auto added = add_step(s, f.owner, algebra, {title, kind, review, points});
            REQUIRE(added);
            return added->id;
        };
        club = f.group("Science club");
        REQUIRE(set_rule(s, f.owner, club, R"(department is under "Science")"));
        intro = step("Intro", StepKind::kLesson, false, std::nullopt);
        proofs = step("Proofs", StepKind::kAssignment, true, 10);
        talk = step("Talk", StepKind::kDiscussion, false, std::nullopt);
        REQUIRE(enrol(s, f.owner, algebra, {pupil, mentor}));
        auto pupil_answer = complete_step(s, pupil, pupil, proofs, "x = 2");
        REQUIRE(pupil_answer);
        pupil_work = pupil_answer->id;
        auto mentor_answer = complete_step(s, mentor, mentor, proofs, "y = 3");
        REQUIRE(mentor_answer);
        mentor_work = mentor_answer->id;
        REQUIRE(enrol(s, f.owner, algebra, {f.owner}));
        auto owner_answer = complete_step(s, f.owner, f.owner, proofs, "z = 4");
        REQUIRE(owner_answer);
        owner_work = owner_answer->id;
        auto field = add_field(s, f.owner, "Location", FieldType::kChoice, {"North", "South"});
        REQUIRE(field);
        location = field->id;
        REQUIRE(edit_user(s, f.owner, pupil, {.fields = {{"Location", "North"}}}));
    }
    // A choice field, North or South; the pupil holds North.
    Id location = 0;
};

struct Actor {
    const char* name;
    Id World::*id;  // nullptr: the owner
};

const Actor kActors[] = {
    {"owner", nullptr},
    {"admin", &World::admin},
    {"org group manager", &World::ogm},
    {"group user manager", &World::gum},
    {"department admin", &World::dept_admin},
    {"custom registrar", &World::registrar},
    {"plain person", &World::plain},
    {"group admin", &World::group_admin},
    {"mentor", &World::mentor},
    {"invited person", &World::invited},
    {"deactivated admin", &World::deactivated},
};
constexpr int kActorCount = sizeof(kActors) / sizeof(kActors[0]);

// What a refused command said.
struct Refusal {
    ErrorCode code = ErrorCode::kStorage;
    std::string message;
};

// The question the command puts to authorize(): asked again of each source of facts.
struct Ask {
    Cmd cmd;
    AccessTarget target;
};

struct Row {
    const char* command;
    std::function<Ask(World&)> ask;
    std::function<bool(World&, Id actor, Refusal& refusal)> run;
    // One letter per actor, in kActors' order: Y allowed, N refused.
    const char* expected;
    // For a command about the acting person themselves: the question, asked knowing who acts (replaces ask).
    std::function<Ask(World&, Id actor)> ask_as = nullptr;
    // authorize()'s letters where the command adds a rule authorize() cannot know (being enrolled in the course,
    // being staff of the group): it allows the person acting for themselves, and the command refuses the rest.
    const char* authorized = nullptr;
};

template <class T>
bool outcome(const Result<T>& r, Refusal& refusal) {
    if (!r) refusal = {r.error().code, r.error().message};
    return r.ok();
}

// Every source of facts the rules run over: each must reach the same decisions in the same words.
struct Source {
    const char* name;
    std::function<std::unique_ptr<AccessFacts>(Store&, Id actor)> make;
};
const Source kSources[] = {
    {"the database", [](Store& s, Id) -> std::unique_ptr<AccessFacts> { return std::make_unique<DbAccessFacts>(s); }},
    {"a snapshot",
     [](Store& s, Id actor) -> std::unique_ptr<AccessFacts> {
         return std::make_unique<SnapshotAccessFacts>(s, actor);
     }},
};

const std::vector<Row>& rows() {
    static const std::vector<Row> kRows = {
        //                                                                      own adm ogm gum dep cus pln gad men inv
        //                                                                      dea
        {"org.settings: change the plan",
         [](World&) -> Ask {
             return {Cmd::kOrgSettings, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(set_plan(w.f.store(), a, Plan::kComplete), c); },
         "YYNNNNNNNNN"},
        {"field.add",
         [](World&) -> Ask {
             return {Cmd::kFieldAdd, {}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_field(w.f.store(), a, "Job Title", FieldType::kText), c);
         },
         "YYNNNNNNNNN"},
        {"field.rename",
         [](World&) -> Ask {
             return {Cmd::kFieldRename, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(rename_field(w.f.store(), a, w.location, "Site"), c); },
         "YYNNNNNNNNN"},
        {"field.choices",
         [](World&) -> Ask {
             return {Cmd::kFieldChoices, {}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(set_field_choices(w.f.store(), a, w.location, {"Up", "Down"}, {{"North", "Up"}}), c);
         },
         "YYNNNNNNNNN"},
        {"field.delete",
         [](World&) -> Ask {
             return {Cmd::kFieldDelete, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(delete_field(w.f.store(), a, w.location, true), c); },
         "YYNNNNNNNNN"},
        {"user.add into the department admin's subtree",
         [](World& w) -> Ask {
             return {Cmd::kUserAdd, {.department = w.biology}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_user(w.f.store(), a, {"new@r.edu", "New", "Person", w.biology, {}}), c);
         },
         "YYNNYYNNNNN"},
        {"user.add outside the department admin's subtree",
         [](World& w) -> Ask {
             return {Cmd::kUserAdd, {.department = w.arts}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_user(w.f.store(), a, {"new@r.edu", "New", "Person", w.arts, {}}), c);
         },
         "YYNNNYNNNNN"},
        {"user.edit a pupil of Biology",
         [](World& w) -> Ask {
             return {Cmd::kUserEdit, {.person = w.pupil, .department = w.biology}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(edit_user(w.f.store(), a, w.pupil, {.last_name = "P."}), c); },
         "YYNNYYNNNNN"},
        {"user.edit the admin (more power than most)",
         [](World& w) -> Ask {
             return {Cmd::kUserEdit, {.person = w.admin}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(edit_user(w.f.store(), a, w.admin, {.last_name = "A."}), c); },
         "YYNNNNNNNNN"},
        {"department.change: create",
         [](World&) -> Ask {
             return {Cmd::kDepartmentChange, {}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(create_department(w.f.store(), a, "Music", std::nullopt), c);
         },
         "YYNNNNNNNNN"},
        {"role.define",
         [](World&) -> Ask {
             return {Cmd::kRoleDefine, {}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(define_custom_role(w.f.store(), a, "Auditor", kPermAudit), c);
         },
         "YYNNNNNNNNN"},
        {"role.rename the Registrar role",
         [](World&) -> Ask {
             return {Cmd::kRoleRename, {}};
         },
         [](World& w, Id a, Refusal& c) {
             Id role = find_custom_role(w.f.store(), "Registrar")->id;
             return outcome(rename_custom_role(w.f.store(), a, role, "Records Office"), c);
         },
         "YYNNNNNNNNN"},
        {"role.edit the Registrar role down to reports.view",
         [](World&) -> Ask {
             return {Cmd::kRoleEdit, {}};
         },
         [](World& w, Id a, Refusal& c) {
             Id role = find_custom_role(w.f.store(), "Registrar")->id;
             return outcome(edit_custom_role(w.f.store(), a, role, kPermReports), c);
         },
         "YYNNNNNNNNN"},
        {"role.delete the Registrar role, revoked from its holder",
         [](World&) -> Ask {
             return {Cmd::kRoleDelete, {}};
         },
         [](World& w, Id a, Refusal& c) {
             Id role = find_custom_role(w.f.store(), "Registrar")->id;
             return outcome(delete_custom_role(w.f.store(), a, role, true), c);
         },
         "YYNNNNNNNNN"},
        {"role.grant group user manager",
         [](World& w) -> Ask {
             return {Cmd::kRoleGrant, {.person = w.plain}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(grant_role(w.f.store(), a, w.plain, {OrgRole::kGroupUserManager, {}, {}}), c);
         },
         "YYNNNNNNNNN"},
        {"role.revoke org group manager",
         [](World& w) -> Ask {
             return {Cmd::kRoleRevoke, {.person = w.ogm}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(revoke_role(w.f.store(), a, w.ogm, {OrgRole::kOrgGroupManager, {}, {}}), c);
         },
         "YYNNNNNNNNN"},
        {"group.create at the top",
         [](World&) -> Ask {
             return {Cmd::kGroupCreate, {}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(create_group(w.f.store(), a, {"Clubs", "", {}, {}, {}}), c);
         },
         "YYYNYNNNNNN"},
        {"group.create nested under Grade 9",
         [](World& w) -> Ask {
             return {Cmd::kGroupCreate, {.parent = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(create_group(w.f.store(), a, {"Grade 9 Art", "", w.grade9, {}, {}}), c);
         },
         "YYYNYNNYNNN"},
        {"group.edit Grade 9",
         [](World& w) -> Ask {
             return {Cmd::kGroupEdit, {.group = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(edit_group(w.f.store(), a, w.grade9, {.description = "Year 9"}), c);
         },
         "YYYNNNNYNNN"},
        {"group.edit Grade 10",
         [](World& w) -> Ask {
             return {Cmd::kGroupEdit, {.group = w.grade10}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(edit_group(w.f.store(), a, w.grade10, {.description = "x"}), c);
         },
         "YYYNNNNNNNN"},
        {"group.move a subgroup under a sibling (both inside Grade 9)",
         [](World& w) -> Ask {
             return {Cmd::kGroupMove, {.group = w.grade9_science, .parent = w.grade9, .new_parent = w.grade9_maths}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(move_group(w.f.store(), a, w.grade9_science, w.grade9_maths), c);
         },
         "YYYNNNNYNNN"},
        {"group.move a subgroup to the top level",
         [](World& w) -> Ask {
             return {Cmd::kGroupMove, {.group = w.grade9_science, .parent = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(move_group(w.f.store(), a, w.grade9_science, std::nullopt), c);
         },
         "YYYNNNNNNNN"},
        {"group.delete a subgroup of Grade 9",
         [](World& w) -> Ask {
             return {Cmd::kGroupDelete, {.group = w.grade9_science, .parent = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(delete_group(w.f.store(), a, w.grade9_science, SubgroupFate::kDeleteThem), c);
         },
         "YYYNNNNYNNN"},
        {"group.delete Grade 9 itself",
         [](World& w) -> Ask {
             return {Cmd::kGroupDelete, {.group = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(delete_group(w.f.store(), a, w.grade9, SubgroupFate::kLiftThem), c);
         },
         "YYYNNNNNNNN"},
        {"member.add a pupil already in Grade 9 to a subgroup",
         [](World& w) -> Ask {
             return {Cmd::kMemberAdd, {.group = w.grade9_science, .parent = w.grade9, .person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_people(w.f.store(), a, w.grade9_science, {{w.pupil}, {}, GroupRole::kMember}), c);
         },
         "YYYYYNNYNNN"},
        {"member.add someone from another department and group to Grade 9",
         [](World& w) -> Ask {
             return {Cmd::kMemberAdd, {.group = w.grade9, .person = w.outsider}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_people(w.f.store(), a, w.grade9, {{w.outsider}, {}, GroupRole::kMember}), c);
         },
         "YYYYNNNNNNN"},
        {"member.add as group admin",
         [](World& w) -> Ask {
             return {Cmd::kMemberAdd, {.group = w.grade9_maths, .parent = w.grade9, .person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_people(w.f.store(), a, w.grade9_maths, {{w.pupil}, {}, GroupRole::kAdmin}), c);
         },
         "YYYYYNNYNNN"},
        {"member.invite an unknown email",
         [](World& w) -> Ask {
             return {Cmd::kMemberInvite, {.group = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(add_people(w.f.store(), a, w.grade9, {{}, {"brand.new@r.edu"}, GroupRole::kMember}), c);
         },
         "YYYYNYNNNNN"},
        {"member.role make the pupil a mentor",
         [](World& w) -> Ask {
             return {Cmd::kMemberRole, {.group = w.grade9, .person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(set_member_role(w.f.store(), a, w.grade9, w.pupil, GroupRole::kMentor), c);
         },
         "YYYYYNNYNNN"},
        {"member.remove the pupil",
         [](World& w) -> Ask {
             return {Cmd::kMemberRemove, {.group = w.grade9, .person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(remove_member(w.f.store(), a, w.grade9, w.pupil), c); },
         "YYYYYNNYNNN"},
        {"member.remove the outsider from Grade 10",
         [](World& w) -> Ask {
             return {Cmd::kMemberRemove, {.group = w.grade10, .person = w.outsider}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(remove_member(w.f.store(), a, w.grade10, w.outsider), c); },
         "YYYYNNNNNNN"},
        {"audit.view",
         [](World&) -> Ask {
             return {Cmd::kAuditView, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(read_audit(w.f.store(), a, {}), c); }, "YYNNNNNNNNN"},
        {"report.view",
         [](World&) -> Ask {
             return {Cmd::kReportView, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(authorize(w.f.store(), a, Cmd::kReportView), c); },
         "YYNNNYNNNNN"},
        {"report.view the membership report",
         [](World&) -> Ask {
             return {Cmd::kReportView, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(membership_report_csv(w.f.store(), a), c); }, "YYNNNYNNNNN"},
        {"group.export Grade 9's users",
         [](World& w) -> Ask {
             return {Cmd::kGroupExport, {.group = w.grade9}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(group_users_csv(w.f.store(), a, w.grade9), c); },
         "YYNNNYNYNNN"},
        {"org.export",
         [](World&) -> Ask {
             return {Cmd::kOrgExport, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(export_json(w.f.store(), a), c); }, "YYNNNYNNNNN"},
        {"org.import a planner's export of this organisation",
         [](World&) -> Ask {
             return {Cmd::kOrgImport, {}};
         },
         [](World& w, Id a, Refusal& c) {
             auto file = export_json(w.f.store(), w.f.owner);
             REQUIRE(file);
             return outcome(plan_import(w.f.store(), a, "hill.json", *file), c);
         },
         "YYNNNNNNNNN"},
        // Learning (F19–F24).
        {"course.manage: create a course",
         [](World&) -> Ask {
             return {Cmd::kCourseManage, {}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(create_course(w.f.store(), a, "Geometry"), c); },
         "YYNNNNNNNNN"},
        {"course.enrol the outsider",
         [](World& w) -> Ask {
             return {Cmd::kCourseEnrol, {.person = w.outsider}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(enrol(w.f.store(), a, w.algebra, {w.outsider}), c); },
         "YYNNNNNNNNN"},
        {"course.enrol the plain person (themselves, for the plain person)",
         [](World& w) -> Ask {
             return {Cmd::kCourseEnrol, {.person = w.plain}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(enrol(w.f.store(), a, w.algebra, {w.plain}), c); },
         "YYNNNNYNNNN"},
        {"step.complete Intro for the pupil",
         [](World& w) -> Ask {
             return {Cmd::kStepComplete, {.person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(complete_step(w.f.store(), a, w.pupil, w.intro, std::nullopt), c);
         },
         "YYNNNNNNNNN"},
        {"step.complete Intro for the mentor, enrolled (themselves, for the mentor)",
         [](World& w) -> Ask {
             return {Cmd::kStepComplete, {.person = w.mentor}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(complete_step(w.f.store(), a, w.mentor, w.intro, std::nullopt), c);
         },
         "YYNNNNNNYNN"},
        {"review.give the pupil's answer",
         [](World& w) -> Ask {
             return {Cmd::kReviewGive, {.person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(give_review(w.f.store(), a, w.pupil_work, {8, "Neat"}), c);
         },
         "YYNNNNNYYNN"},
        {"review.give the mentor's answer (nobody reviews their own work)",
         [](World& w) -> Ask {
             return {Cmd::kReviewGive, {.person = w.mentor}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(give_review(w.f.store(), a, w.mentor_work, {8, "Neat"}), c);
         },
         "YYNNNNNYNNN"},
        {"review.give the owner's answer (not even the owner reviews their own work)",
         [](World& w) -> Ask {
             return {Cmd::kReviewGive, {.person = w.f.owner}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(give_review(w.f.store(), a, w.owner_work, {8, "Neat"}), c);
         },
         "NYNNNNNNNNN"},
        {"work.view the pupil's activity",
         [](World& w) -> Ask {
             return {Cmd::kWorkView, {.person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(activity(w.f.store(), a, w.pupil), c); }, "YYNNNNNYYNN"},
        {"work.view the mentor's activity (their own, for the mentor)",
         [](World& w) -> Ask {
             return {Cmd::kWorkView, {.person = w.mentor}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(activity(w.f.store(), a, w.mentor), c); }, "YYNNNNNYYNN"},
        {"discuss.post in Algebra's discussion, as oneself (enrolled: the mentor; course managers)", nullptr,
         [](World& w, Id a, Refusal& c) { return outcome(post_discussion(w.f.store(), a, w.talk, "Hello"), c); },
         "YYNNNNNNYNN",
         [](World&, Id a) -> Ask {
             return {Cmd::kDiscussPost, {.person = a}};
         },
         "YYYYYYYYYNN"},
        {"digest.choose off for Grade 9, one's own (its mentor and group admin)", nullptr,
         [](World& w, Id a, Refusal& c) { return outcome(set_digest(w.f.store(), a, w.grade9, false), c); },
         "NNNNNNNYYNN",
         [](World&, Id a) -> Ask {
             return {Cmd::kDigestChoose, {.person = a}};
         },
         "YYYYYYYYYNN"},
        {"change.undo one's own latest change (any active account; nothing to undo is not a refusal)", nullptr,
         [](World& w, Id a, Refusal& c) {
             auto r = undo(w.f.store(), a);
             if (!r && r.error().code == ErrorCode::kNotFound) return true;
             return outcome(r, c);
         },
         "YYYYYYYYYNN",
         [](World&, Id a) -> Ask {
             return {Cmd::kUndo, {.person = a}};
         }},
        {"group.rule set the rule of Grade 10",
         [](World& w) -> Ask {
             return {Cmd::kRuleSet, {.group = w.grade10}};
         },
         [](World& w, Id a, Refusal& c) {
             return outcome(set_rule(w.f.store(), a, w.grade10, R"(department is "Arts")"), c);
         },
         "YYYYNNNNNNN"},
        {"group.pin the outsider in the Science club",
         [](World& w) -> Ask {
             return {Cmd::kRulePin, {.group = w.club, .person = w.outsider}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(pin_people(w.f.store(), a, w.club, {w.outsider}), c); },
         "YYYYNNNNNNN"},
        {"group.exclude the pupil from the Science club",
         [](World& w) -> Ask {
             return {Cmd::kRuleExclude, {.group = w.club, .person = w.pupil}};
         },
         [](World& w, Id a, Refusal& c) { return outcome(exclude_people(w.f.store(), a, w.club, {w.pupil}), c); },
         "YYYYYNNNNNN"},
    };
    return kRows;
}

}  // namespace

TEST_CASE("every kind of acting person against every command follows the documented matrix") {
    for (const Row& row : rows()) {
        REQUIRE(std::string(row.expected).size() == kActorCount);
        if (row.authorized) REQUIRE(std::string(row.authorized).size() == kActorCount);
        for (int i = 0; i < kActorCount; ++i) {
            World w;
            Id actor = kActors[i].id ? w.*(kActors[i].id) : w.f.owner;
            bool expected = row.expected[i] == 'Y';
            bool expected_decision = (row.authorized ? row.authorized[i] : row.expected[i]) == 'Y';
            auto before = w.f.bytes();
            const std::string cell =
                std::string(row.command) + " as " + kActors[i].name;  // doctest prints a char* as a pointer
            INFO(cell);
            // authorize() over every source, before the command changes anything.
            const Ask ask = row.ask_as ? row.ask_as(w, actor) : row.ask(w);
            std::vector<Result<Via>> decisions;
            for (const Source& source : kSources) {
                auto facts = source.make(w.f.store(), actor);
                decisions.push_back(authorize(*facts, actor, ask.cmd, ask.target));
            }
            Refusal refusal;
            bool allowed = row.run(w, actor, refusal);
            CHECK(allowed == expected);
            if (!allowed) {
                CHECK(refusal.code == ErrorCode::kForbidden);
                CHECK(w.f.bytes() == before);  // a refused command changes nothing
            }
            for (size_t k = 0; k < decisions.size(); ++k) {
                const std::string source = std::string("authorize() over ") + kSources[k].name;
                INFO(source);
                const Result<Via>& decision = decisions[k];
                CHECK(decision.ok() == expected_decision);
                if (decision.ok() && decisions[0].ok()) CHECK(*decision == *decisions[0]);
                // The command refuses in authorize()'s words, whichever source gave them.
                if (!decision.ok() && !allowed) CHECK(decision.error().message == refusal.message);
            }
        }
    }
}

TEST_CASE("every command of the matrix is covered by the table") {
    std::vector<std::string> covered;
    for (const Row& row : rows()) covered.emplace_back(row.command);
    for (const CmdDef& def : all_cmds()) {
        if (def.cmd == Cmd::kInvitationAccept) continue;  // self-service, tested in memberships_test
        bool found = false;
        for (const auto& name : covered) found |= name.rfind(def.key, 0) == 0;
        INFO(def.key);
        CHECK(found);
    }
}

TEST_CASE("a refusal names the acting person and what they lacked") {
    World w;
    auto r = create_group(w.f.store(), w.gum, {"Clubs", "", {}, {}, {}});
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "Gina Usermanager may not create a group here. Only people who can create groups can do this: Owner, "
          "Admin, Org Group Manager, Department Admin, or a group admin of the parent group.");
    auto add = add_people(w.f.store(), w.group_admin, w.grade9, {{w.outsider}, {}, GroupRole::kMember});
    REQUIRE_FALSE(add);
    CHECK(add.error().message.find("already belong to a group they manage") != std::string::npos);
    auto dept = add_user(w.f.store(), w.dept_admin, {"x@r.edu", "X", "Y", w.arts, {}});
    REQUIRE_FALSE(dept);
    CHECK(dept.error().message ==
          "Dana Science may not add people: Arts is outside the departments Dana Science administers.");
}

TEST_CASE("a snapshot judges a person about to be added, and a planned move, by where they will be") {
    World w;
    SnapshotAccessFacts facts(w.f.store(), w.dept_admin);
    Id inside = facts.add_pending_person(w.biology, "Nina New");
    Id outside = facts.add_pending_person(w.arts, "Olga Other");
    CHECK(inside < 0);
    CHECK(outside < 0);
    CHECK(authorize(facts, w.dept_admin, Cmd::kMemberAdd, {.group = w.grade9, .person = inside}));
    auto refused = authorize(facts, w.dept_admin, Cmd::kMemberAdd, {.group = w.grade9, .person = outside});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "Dana Science may not add this person to the group: Olga Other is outside the departments Dana Science "
          "administers.");

    // The outsider, moved into Biology by the plan, is within reach; the database does not know it yet.
    facts.plan_person(w.outsider, w.biology, "Otto Moved");
    CHECK(authorize(facts, w.dept_admin, Cmd::kMemberAdd, {.group = w.grade9, .person = w.outsider}));
    CHECK_FALSE(authorize(w.f.store(), w.dept_admin, Cmd::kMemberAdd, {.group = w.grade9, .person = w.outsider}));

    // A group admin reaches nobody who is not yet in a group they manage, a new person least of all.
    SnapshotAccessFacts leader(w.f.store(), w.group_admin);
    Id pending = leader.add_pending_person(w.biology, "Nina New");
    auto not_managed =
        authorize(leader, w.group_admin, Cmd::kMemberAdd, {.group = w.grade9_science, .person = pending});
    REQUIRE_FALSE(not_managed);
    CHECK(not_managed.error().message ==
          "Lena Leader may not add this person to the group: a group admin adds only people who already belong to a "
          "group they manage, and Nina New does not.");
    CHECK(authorize(leader, w.group_admin, Cmd::kMemberAdd, {.group = w.grade9_science, .person = w.pupil}));
}

TEST_CASE("a role must have the shape its kind needs: a department for Department Admin, none elsewhere") {
    World w;
    auto before = w.f.bytes();
    auto no_dept = grant_role(w.f.store(), w.f.owner, w.plain, {OrgRole::kDepartmentAdmin, std::nullopt, std::nullopt});
    REQUIRE_FALSE(no_dept);
    CHECK(no_dept.error().code == ErrorCode::kBadValue);
    CHECK(no_dept.error().message == "A Department Admin role needs a department.");
    auto extra = grant_role(w.f.store(), w.f.owner, w.plain, {OrgRole::kAdmin, std::nullopt, w.science});
    REQUIRE_FALSE(extra);
    CHECK(extra.error().message == "Only the Department Admin role takes a department.");
    CHECK(w.f.bytes() == before);
}

TEST_CASE("a refusal says in words who may do it, from the permission table, never a permission key") {
    CHECK(who_may(Cmd::kGroupCreate) ==
          "Only people who can create groups can do this: Owner, Admin, Org Group Manager, Department Admin, or a "
          "group admin of the parent group.");
    CHECK(who_may(Cmd::kAuditView) == "Only people who can read the audit log can do this: Owner or Admin.");
    CHECK(who_may(Cmd::kUserAdd) ==
          "Only people who can add and edit people can do this: Owner, Admin, or Department Admin (for the people of "
          "their departments).");
    // Inviting needs either permission org-wide: a Department Admin's scoped one is not enough.
    CHECK(who_may(Cmd::kMemberInvite) ==
          "Only people who can add and edit people or manage the people of groups can do this: Owner, Admin, Org "
          "Group Manager, or Group User Manager.");
    CHECK(who_may(Cmd::kGroupMove) ==
          "Only people who can edit groups can do this: Owner, Admin, Org Group Manager, or a group admin of both the "
          "current and the new parent.");
    for (const CmdDef& def : all_cmds()) {
        const std::string words = who_may(def.cmd);
        INFO(def.key);
        for (const PermDef& perm : all_perms()) CHECK(words.find(perm.key) == std::string::npos);
    }
}

TEST_CASE("can() answers before a form is filled, in authorize()'s words, and writes nothing") {
    World w;
    Store& s = w.f.store();
    auto before = w.f.bytes();

    // A Group User Manager may not create a group: the same refusal the command gives.
    auto gum_create = can(s, w.gum, Cmd::kGroupCreate, {});
    REQUIRE_FALSE(gum_create);
    auto refused = create_group(s, w.gum, {"Grade 11", "", {}, {}, {}});
    REQUIRE_FALSE(refused);
    CHECK(gum_create.error().message == refused.error().message);
    CHECK(can(s, w.ogm, Cmd::kGroupCreate, {}));

    // A plain person may neither add members, nor manage the group, nor copy people into it.
    CHECK_FALSE(can(s, w.plain, Cmd::kMemberAdd, {.group = w.grade9}));
    CHECK_FALSE(can(s, w.plain, Cmd::kGroupEdit, {.group = w.grade9}));
    CHECK_FALSE(can(s, w.pupil, Cmd::kMemberAdd, {.group = w.grade9}));
    CHECK(can(s, w.gum, Cmd::kMemberAdd, {.group = w.grade9}));

    // Asked without a person, adding is open to a group admin of the group (also through a parent group),
    // and to nobody else on the group path.
    CHECK(can(s, w.group_admin, Cmd::kMemberAdd, {.group = w.grade9}));
    CHECK(can(s, w.group_admin, Cmd::kMemberAdd, {.group = w.grade9_science}));
    CHECK_FALSE(can(s, w.group_admin, Cmd::kMemberAdd, {.group = w.grade10}));
    CHECK_FALSE(can(s, w.mentor, Cmd::kMemberAdd, {.group = w.grade9}));
    CHECK(can(s, w.group_admin, Cmd::kGroupCreate, {.parent = w.grade9}));
    CHECK_FALSE(can(s, w.group_admin, Cmd::kGroupCreate, {}));
    // A deactivated group admin is refused like any deactivated person.
    CHECK_FALSE(can(s, w.deactivated, Cmd::kMemberAdd, {.group = w.grade9}));
    CHECK(w.f.bytes() == before);
}
