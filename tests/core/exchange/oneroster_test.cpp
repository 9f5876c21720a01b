// OneRoster 1.1 CSV rosters (core/exchange/oneroster.cpp): the mapping, re-imports, deletions by status, row errors
// with nothing applied, permissions, and the round trip through the export.
#include <doctest/doctest.h>
#include <map>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

using Files = std::vector<ZipEntry>;

const std::string kBom = "\xEF\xBB\xBF";

// Shaped like a student information system's own files: a byte-order mark, Windows line ends, headers in another
// case, a quoted multi-value cell and an unknown extra column.
Files sample() {
    return {
        {"manifest.csv", kBom + "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n"
                                "file.orgs,bulk\r\nfile.users,bulk\r\nfile.classes,bulk\r\nfile.enrollments,bulk\r\n"
                                "file.courses,bulk\r\nfile.academicSessions,bulk\r\n"},
        {"orgs.csv", kBom + "SOURCEDID,Status,dateLastModified,NAME,type,identifier,parentSourcedId\r\n"
                            "d1,,,Hill District,district,,\r\n"
                            "s1,,,Hill High,school,HH,d1\r\n"
                            "s2,,,Dale Middle,school,,d1\r\n"},
        {"users.csv",
         "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
         "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,extraColumn\r\n"
         "u1,,,true,\"s1,d1\",student,ana,,Ana,Lopez,Maria,,ana@hill.org,,,,09,secret,whatever\r\n"
         "u2,,,true,s1,teacher,bo,,Bo,Chen,,,bo@hill.org,,,,,,\r\n"
         "u3,,,false,s2,administrator,cy,,Cy,Diaz,,,cy@hill.org,,,,,,\r\n"},
        {"classes.csv",
         "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
         "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n"
         "c1,,,Algebra 9A,09,k1,ALG9A,scheduled,Room 4,s1,\"t1,t2\",Math,,1\r\n"
         "c2,,,Art,,k2,,homeroom,,s2,t1,,,\r\n"},
        {"enrollments.csv",
         "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,"
         "endDate\r\n"
         "e1,,,c1,s1,u1,student,false,2026-09-01,\r\n"
         "e2,,,c1,s1,u2,teacher,true,,\r\n"
         "e3,,,c2,s2,u3,administrator,,,\r\n"
         "e4,,,c2,s2,u2,aide,,,\r\n"},
        {"courses.csv",
         "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects\r\n"
         "k1,,,y1,Algebra,ALG,09,s1,Math\r\n"},
        {"academicSessions.csv",
         "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\n"
         "t1,,,Fall,term,2026-09-01,2026-12-20,,2027\r\n"},
    };
}

// A delta roster: each file changes only the rows it has.
const std::string kDeltaManifest =
    "propertyName,value\r\noneroster.version,1.1\r\nfile.orgs,delta\r\nfile.users,delta\r\n"
    "file.classes,delta\r\nfile.enrollments,delta\r\nfile.courses,absent\r\nfile.academicSessions,absent\r\n";

Files with(Files files, const std::string& name, const std::string& bytes) {
    for (auto& f : files)
        if (f.name == name) f.bytes = bytes;
    return files;
}

RosterImport import(Fixture& f, const Files& files, bool dry_run = false, std::optional<Id> actor = {}) {
    return must(import_oneroster(f.store(), actor.value_or(f.owner), "roster.zip", files, dry_run));
}

Group group_named(Fixture& f, const std::string& name) { return must(group_by_slug_or_name(f.store(), name)); }

std::optional<std::string> role_in(Fixture& f, Id group, Id user) {
    auto s = f.store().db().prepare("SELECT role FROM memberships WHERE group_id = ? AND user_id = ?");
    s->bind_all(group, user);
    if (!s->step()) return std::nullopt;
    return s->col_text(0);
}

std::string external_of(Fixture& f, Id user) {
    auto s = f.store().db().prepare("SELECT value FROM user_external_ids WHERE user_id = ? AND system = 'oneroster'");
    s->bind(1, user);
    return s->step() ? s->col_text(0) : "";
}

User person(Fixture& f, const std::string& email) { return must(user_by_email(f.store(), email)); }

std::map<std::string, std::string> by_name(const Files& files) {
    std::map<std::string, std::string> out;
    for (const auto& f : files) out[f.name] = f.bytes;
    return out;
}

}  // namespace

TEST_CASE("a OneRoster roster becomes departments, people, groups under their schools and memberships") {
    Fixture f;
    auto done = import(f, sample());
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 3 people, add 3 departments, add 4 groups, add 4 memberships");

    auto ana = person(f, "ana@hill.org");
    CHECK(ana.first_name == "Ana");
    CHECK(ana.last_name == "Lopez");
    CHECK(ana.status == UserStatus::kActive);
    REQUIRE(ana.department_id);
    CHECK(must(department_by_id(f.store(), *ana.department_id)).name == "Hill High");  // the first org
    CHECK(external_of(f, ana.id) == "u1");
    CHECK(person(f, "cy@hill.org").status == UserStatus::kDeactivated);  // enabledUser false

    auto high = must(department_by_id(f.store(), *ana.department_id));
    REQUIRE(high.parent_id);
    CHECK(must(department_by_id(f.store(), *high.parent_id)).name == "Hill District");

    auto school = group_named(f, "Hill High");
    CHECK_FALSE(school.parent_id);
    auto algebra = group_named(f, "Algebra 9A");
    CHECK(algebra.parent_id == school.id);
    CHECK(group_named(f, "Art").parent_id == group_named(f, "Dale Middle").id);
    auto ids = external_ids(f.store(), algebra.id);
    REQUIRE(ids.size() == 1);
    CHECK(ids[0].system == "oneroster");
    CHECK(ids[0].value == "c1");

    auto bo = person(f, "bo@hill.org");
    CHECK(role_in(f, algebra.id, ana.id) == "member");
    CHECK(role_in(f, algebra.id, bo.id) == "mentor");
    CHECK(role_in(f, group_named(f, "Art").id, bo.id) == "mentor");  // aide
    CHECK(role_in(f, group_named(f, "Art").id, person(f, "cy@hill.org").id) == "admin");

    // Nothing of the password is kept.
    auto kept = f.store().db().prepare("SELECT count(*) FROM oneroster_kept WHERE row LIKE '%secret%'");
    kept->step();
    CHECK(kept->col_int(0) == 0);
}

TEST_CASE("importing the same roster again changes nothing, and the next day's roster updates in place") {
    Fixture f;
    REQUIRE(import(f, sample()).ok());
    CHECK(import(f, sample()).counts.summary() == "nothing to change");

    auto next = with(sample(), "users.csv",
                     "sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,email\r\n"
                     "u1,active,true,s2,student,Anna,Lopez,ana@hill.org\r\n"
                     "u2,active,true,s1,teacher,Bo,Chen,bo@hill.org\r\n"
                     "u3,active,false,s2,administrator,Cy,Diaz,cy@hill.org\r\n"
                     "u4,active,true,s1,student,Di,Ek,di@hill.org\r\n");
    next = with(next, "enrollments.csv",
                "sourcedId,classSourcedId,userSourcedId,role\r\n"
                "e1,c1,u1,student\r\ne2,c1,u2,administrator\r\ne3,c2,u3,administrator\r\ne4,c2,u2,aide\r\n"
                "e5,c1,u4,student\r\n");
    auto done = import(f, next);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 1 person, update 1, add 1 membership, update 1");
    auto ana = person(f, "ana@hill.org");
    CHECK(ana.first_name == "Anna");
    CHECK(must(department_by_id(f.store(), *ana.department_id)).name == "Dale Middle");
    CHECK(role_in(f, group_named(f, "Algebra 9A").id, person(f, "bo@hill.org").id) == "admin");
    auto count = f.store().db().prepare("SELECT count(*) FROM users WHERE email LIKE '%@hill.org'");
    count->step();
    CHECK(count->col_int(0) == 4);
}

TEST_CASE("a person already in Grove is taken over by the roster through their email") {
    Fixture f;
    Id ana = f.person("Ana@Hill.org", "Ann", "L");
    auto done = import(f, sample());
    REQUIRE(done.ok());
    CHECK(done.counts.people_added == 2);
    CHECK(done.counts.people_updated == 1);
    CHECK(external_of(f, ana) == "u1");
    CHECK(person(f, "ana@hill.org").first_name == "Ana");
}

TEST_CASE("status tobedeleted removes classes and memberships, deactivates people and deletes departments") {
    Fixture f;
    REQUIRE(import(f, sample()).ok());
    Id cy = person(f, "cy@hill.org").id;
    Id ana = person(f, "ana@hill.org").id;
    auto delta = with(sample(), "users.csv",
                      "sourcedId,status,orgSourcedIds,givenName,familyName,email\r\n"
                      "u1,tobedeleted,s1,Ana,Lopez,ana@hill.org\r\n");
    delta = with(delta, "classes.csv", "sourcedId,status,title,schoolSourcedId\r\nc2,tobedeleted,Art,s2\r\n");
    delta = with(delta, "enrollments.csv",
                 "sourcedId,status,classSourcedId,userSourcedId,role\r\ne2,tobedeleted,c1,u2,teacher\r\n");
    delta = with(delta, "orgs.csv", "sourcedId,status,name,parentSourcedId\r\nd9,,Annex,d1\r\nd9x,tobedeleted,X,\r\n");
    delta = with(delta, "manifest.csv", kDeltaManifest);
    auto done = import(f, delta);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "remove 1 person, add 1 department, remove 1 group, remove 1 membership");
    CHECK(person(f, "ana@hill.org").status == UserStatus::kDeactivated);
    CHECK_FALSE(group_by_slug_or_name(f.store(), "Art"));
    CHECK_FALSE(role_in(f, group_named(f, "Algebra 9A").id, person(f, "bo@hill.org").id));
    CHECK(role_in(f, group_named(f, "Algebra 9A").id, ana));  // a deactivated person keeps their memberships
    CHECK(person(f, "cy@hill.org").id == cy);
}

TEST_CASE("bad rows are reported as FILE:LINE: reason, and nothing is applied") {
    Fixture f;
    auto before = f.bytes();
    auto bad = with(sample(), "users.csv",
                    kBom +
                        "SourcedId,EnabledUser,OrgSourcedIds,Role,GivenName,FamilyName,Email\r\n"
                        "u1,true,s1,student,Ana,Lopez,ana@hill.org\r\n"
                        "u2,true,s1,teacher,Bo,Chen,\r\n"
                        "u3,maybe,s2,student,Cy,Diaz,cy@hill.org\r\n"
                        "u5,true,s9,student,Ed,Fu,ed@hill.org\r\n"
                        "u6,true,s1,student,\"Fay\tMae\",Gil,fay@hill.org\r\n");
    bad = with(bad, "enrollments.csv",
               "sourcedId,classSourcedId,userSourcedId,role\r\ne1,c1,u1,student\r\ne2,c1,u2,teacher\r\n"
               "e3,c1,u1,guardian\r\ne4,c9,u1,student\r\n");
    auto done = import(f, bad);
    CHECK_FALSE(done.ok());
    std::vector<std::string> expected = {
        "users.csv:3: the user u2 has no email; Grove knows people by their email.",
        "users.csv:4: enabledUser is 'maybe'; it is true or false.",
        "users.csv:5: orgSourcedIds names s9, which is no org of the roster.",
        "users.csv:6: The given name has a tab; it must be one line.",
        "enrollments.csv:4: the role 'guardian' is not student, teacher, administrator, aide or proctor.",
        "enrollments.csv:5: classSourcedId c9 is no class of the roster.",
    };
    CHECK(done.errors == expected);
    CHECK(f.bytes() == before);
}

TEST_CASE("a roster without a required file, without its columns or of another version is refused") {
    Fixture f;
    Files missing = sample();
    missing.erase(missing.begin() + 2);  // users.csv
    auto r = import_oneroster(f.store(), f.owner, "roster.zip", missing);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "roster.zip is not a OneRoster 1.1 roster: users.csv is missing.");

    auto old = import(f, with(sample(), "manifest.csv", "propertyName,value\r\noneroster.version,1.0\r\n"));
    CHECK(old.errors ==
          std::vector<std::string>{"manifest.csv:2: oneroster.version is 1.0; Grove reads OneRoster 1.1."});
    auto headless = import(f, with(sample(), "classes.csv", "sourcedId,name\r\nc1,Algebra\r\n"));
    CHECK(headless.errors == std::vector<std::string>{"classes.csv:1: the header lacks title, schoolSourcedId."});
    // The files may sit in one folder of the zip, named in any case.
    Files nested = sample();
    for (auto& file : nested) file.name = "Export/" + file.name;
    nested[1].name = "Export/ORGS.CSV";
    auto from_folder = import(f, nested);
    CHECK(from_folder.errors == std::vector<std::string>{});
}

TEST_CASE("a dry run checks and counts everything and changes nothing") {
    Fixture f;
    auto before = f.bytes();
    auto done = import(f, sample(), true);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 3 people, add 3 departments, add 4 groups, add 4 memberships");
    CHECK_FALSE(done.changes.empty());
    CHECK(f.bytes() == before);
}

TEST_CASE("importing a roster needs org.import; a refusal changes nothing") {
    Fixture f;
    Id pat = f.person("pat@riverside.edu");
    auto before = f.bytes();
    auto r = import_oneroster(f.store(), pat, "roster.zip", sample());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(f.bytes() == before);
    CHECK_FALSE(export_oneroster(f.store(), pat));
}

TEST_CASE("two classes of one title in a school both come in, told apart by their sourcedId") {
    Fixture f;
    auto files =
        with(sample(), "classes.csv", "sourcedId,title,schoolSourcedId\r\nc1,Homeroom,s1\r\nc2,Homeroom,s1\r\n");
    files = with(files, "enrollments.csv", "sourcedId,classSourcedId,userSourcedId,role\r\n");
    REQUIRE(import(f, files).ok());
    CHECK(group_named(f, "Homeroom").parent_id == group_named(f, "Hill High").id);
    CHECK(group_named(f, "Homeroom (c2)").parent_id == group_named(f, "Hill High").id);
    CHECK(import(f, files).counts.summary() == "nothing to change");
}

TEST_CASE("the export is a OneRoster 1.1 bulk zip that imports back unchanged") {
    Fixture a;
    REQUIRE(import(a, sample()).ok());
    std::string zip = must(export_oneroster(a.store(), a.owner));
    auto files = must(read_zip(zip, "export.zip"));
    auto named = by_name(files);
    REQUIRE(named.count("manifest.csv"));
    CHECK(named["manifest.csv"].find("oneroster.version,1.1\r\n") != std::string::npos);
    CHECK(named["manifest.csv"].find("file.users,bulk\r\n") != std::string::npos);
    CHECK(named["manifest.csv"].find("file.courses,bulk\r\n") != std::string::npos);
    CHECK(named["manifest.csv"].find("file.demographics,absent\r\n") != std::string::npos);
    CHECK(named["users.csv"].find("u1,,,true,\"s1,d1\",student,ana,,Ana,Lopez,Maria,,ana@hill.org,,,,09,\r\n") !=
          std::string::npos);
    CHECK(named["users.csv"].find("owner@") == std::string::npos);  // in no department: in no org
    CHECK(named["classes.csv"].find("c1,,,Algebra 9A,09,k1,ALG9A,scheduled,Room 4,s1,\"t1,t2\",Math,,1\r\n") !=
          std::string::npos);
    CHECK(named["enrollments.csv"].find("e4,,,c2,s2,u2,aide,,,\r\n") != std::string::npos);
    CHECK(named["orgs.csv"].find("s1,,,Hill High,school,HH,d1\r\n") != std::string::npos);
    CHECK(named["courses.csv"] ==
          "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
          "orgSourcedId,subjects\r\nk1,,,y1,Algebra,ALG,09,s1,Math\r\n");
    CHECK(named.count("academicSessions.csv"));

    // Back into the same organisation: nothing changes.
    auto again = import(a, files);
    REQUIRE(again.ok());
    CHECK(again.counts.summary() == "nothing to change");

    // Into another: the same content, so its export is the same files.
    Fixture b;
    REQUIRE(import(b, files).ok());
    auto second = must(export_oneroster_files(b.store(), b.owner));
    CHECK(by_name(second) == named);
}

TEST_CASE("departments and people already in Grove are taken over by the roster's orgs and users of their names") {
    Fixture f;
    Id district = f.department("hill district");
    Id ana = f.person("ana@hill.org", "Ana", "Lopez", district);
    auto done = import(f, sample());
    REQUIRE(done.ok());
    CHECK(done.counts.summary() ==
          "add 2 people, update 1, add 2 departments, update 1, add 4 groups, add 4 memberships");
    CHECK(must(department_by_id(f.store(), district)).name == "Hill District");
    CHECK(person(f, "ana@hill.org").id == ana);
    CHECK(import(f, sample()).counts.summary() == "nothing to change");
}

TEST_CASE("a bulk roster is the whole roster: what it no longer lists goes, and a delta roster leaves it") {
    Fixture f;
    REQUIRE(import(f, sample()).ok());
    Id mine = f.group("Chess Club");  // made in Grove: no roster claims it
    must(add_people(f.store(), f.owner, mine, {{person(f, "bo@hill.org").id}, {}, GroupRole::kMember}));
    // The next day's bulk files: Bo left (and so no longer teaches Algebra), Art is gone, the Dale Middle org is
    // gone (and with it its school's group; Cy moves to Hill High).
    auto next = with(sample(), "users.csv",
                     "sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,email\r\n"
                     "u1,active,true,s1,student,Ana,Lopez,ana@hill.org\r\n"
                     "u3,active,false,s1,administrator,Cy,Diaz,cy@hill.org\r\n");
    next = with(next, "orgs.csv", "sourcedId,name,parentSourcedId\r\nd1,Hill District,\r\ns1,Hill High,d1\r\n");
    next = with(next, "classes.csv", "sourcedId,title,schoolSourcedId\r\nc1,Algebra 9A,s1\r\n");
    next = with(next, "enrollments.csv", "sourcedId,classSourcedId,userSourcedId,role\r\ne1,c1,u1,student\r\n");
    auto dry = import(f, next, true);
    REQUIRE(dry.ok());
    CHECK(std::find(dry.changes.begin(), dry.changes.end(), "deactivate person u2") != dry.changes.end());
    CHECK(std::find(dry.changes.begin(), dry.changes.end(), "remove membership u2 in c1") != dry.changes.end());
    auto done = import(f, next);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() ==
          "update 1 person, remove 1, remove 1 department, remove 2 groups, remove 1 membership");
    CHECK(person(f, "bo@hill.org").status == UserStatus::kDeactivated);
    CHECK(must(department_by_id(f.store(), *person(f, "cy@hill.org").department_id)).name == "Hill High");
    CHECK_FALSE(group_by_slug_or_name(f.store(), "Art"));
    CHECK_FALSE(group_by_slug_or_name(f.store(), "Dale Middle"));
    CHECK_FALSE(role_in(f, group_named(f, "Algebra 9A").id, person(f, "bo@hill.org").id));
    CHECK(role_in(f, group_named(f, "Algebra 9A").id, person(f, "ana@hill.org").id) == "member");
    CHECK(role_in(f, mine, person(f, "bo@hill.org").id) == "member");  // not the roster's: left alone
    CHECK(import(f, next).counts.summary() == "nothing to change");

    // The same files as a delta remove nothing more; the sample's rows as a delta bring Art back.
    auto again = with(sample(), "manifest.csv", kDeltaManifest);
    auto back = import(f, again);
    REQUIRE(back.ok());
    CHECK(back.counts.people_removed == 0);
    CHECK(back.counts.groups_removed == 0);
    CHECK(group_by_slug_or_name(f.store(), "Art"));
}
