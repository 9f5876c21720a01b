// Uploads of people and memberships from CSV (core/files/upload.cpp): planning, row errors, permissions, applying.
#include <doctest/doctest.h>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

using Lines = std::vector<std::string>;

UploadPlan plan(Fixture& f, std::string_view csv, UploadKind kind = UploadKind::kUsers, std::optional<Id> actor = {},
                const std::vector<ColumnMapping>& mappings = {}) {
    const char* name = kind == UploadKind::kUsers ? "staff.csv" : "groups.csv";
    return must(plan_upload(f.store(), actor.value_or(f.owner), kind, name, csv, mappings));
}

UploadCounts apply(Fixture& f, const UploadPlan& p, std::optional<Id> actor = {}) {
    return must(apply_upload(f.store(), actor.value_or(f.owner), p));
}

std::optional<GroupRole> role_in(Fixture& f, Id group, Id user) {
    for (const auto& p : group_people(f.store(), group))
        if (p.user.id == user && p.direct_role) return p.direct_role;
    return std::nullopt;
}

std::string value_of(Fixture& f, Id user, const std::string& field) {
    for (const auto& v : field_values(f.store(), user))
        if (v.field_name == field) return v.value;
    return "";
}

Id id_of(Fixture& f, const std::string& email) {
    auto u = find_user_by_email(f.store(), email);
    REQUIRE(u);
    return u->id;
}

int audit_entries(Fixture& f) { return static_cast<int>(must(read_audit(f.store(), f.owner, {.limit = 0})).size()); }

}  // namespace

// ---- User uploads --------------------------------------------------------------------------------------

TEST_CASE("a user upload adds people with their department, group, role and additional fields") {
    Fixture f;
    Id science = f.department("Science");
    Id grade9 = f.group("Grade 9");
    must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    must(add_field(f.store(), f.owner, "Location", FieldType::kChoice, {"North", "South"}));
    auto p = plan(f,
                  "email,first_name,last_name,department,group,role,Hire Date,Location\n"
                  "grace@x.org,Grace,Hopper,science,Grade 9,mentor,2024-08-19,north\n"
                  "alan@x.org,Alan,Turing,Science,grade-9,,,\n"
                  "emmy@x.org,Emmy,,,,,,\n");
    REQUIRE(p.ok());
    CHECK(p.row_count == 3);
    CHECK(p.preview.size() == 3);
    CHECK(p.preview[0].line == 2);
    CHECK(p.changes == Lines{"line 2: add Grace Hopper <grace@x.org>",
                             "line 2: put Grace Hopper <grace@x.org> into Grade 9 as a mentor",
                             "line 3: add Alan Turing <alan@x.org>",
                             "line 3: put Alan Turing <alan@x.org> into Grade 9 as a member",
                             "line 4: add Emmy <emmy@x.org>"});
    CHECK(p.counts.people_added == 3);
    CHECK(p.counts.memberships_added == 2);

    auto counts = apply(f, p);
    CHECK(counts.summary() == "Added 3 people; added 2 memberships.");
    Id grace = id_of(f, "GRACE@x.org");
    auto user = *find_user(f.store(), grace);
    CHECK(user.status == UserStatus::kActive);  // an active user, as `user add` makes
    CHECK(user.department_id == science);
    CHECK(value_of(f, grace, "Hire Date") == "2024-08-19");
    CHECK(value_of(f, grace, "Location") == "North");
    CHECK(role_in(f, grade9, grace) == GroupRole::kMentor);
    CHECK(role_in(f, grade9, id_of(f, "alan@x.org")) == GroupRole::kMember);
    CHECK(find_user(f.store(), id_of(f, "emmy@x.org"))->department_id == std::nullopt);
}

TEST_CASE("headers match ignoring case, spaces, underscores and hyphens, with a few aliases") {
    Fixture f;
    f.group("Grade 9");
    for (const char* header :
         {"email,first_name,last_name", "Email,First Name,Last Name", "EMAIL,firstname,LASTNAME",
          "E-mail,Given name,Surname", "Email address,first name,family name", " email , First_Name , last name "}) {
        CAPTURE(header);
        auto p = plan(f, std::string(header) + "\nada@x.org,Ada,Lovelace\n");
        CHECK(p.errors.empty());
        REQUIRE(p.columns.size() == 3);
        CHECK(p.columns[0].field == "email");
        CHECK(p.columns[1].field == "first_name");
        CHECK(p.columns[2].field == "last_name");
        CHECK_FALSE(p.columns[0].mapped);
    }
    auto p = plan(f, "Email,First Name,Last Name,Group Name,Member Role\nada@x.org,Ada,Lovelace,grade-9,admin\n");
    CHECK(p.ok());
    CHECK(p.columns[3].field == "group");
    CHECK(p.columns[4].field == "role");
}

TEST_CASE("an additional field's column is headed by its name, matched like the others") {
    Fixture f;
    must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    must(add_field(f.store(), f.owner, "Years", FieldType::kNumber));
    auto p = plan(f, "email,first_name,last_name,hire_date,YEARS\nada@x.org,Ada,L,2020-02-29,3.50\n");
    REQUIRE(p.ok());
    CHECK(p.columns[3].field == "Hire Date");
    CHECK(p.columns[4].field == "Years");
    apply(f, p);
    CHECK(value_of(f, id_of(f, "ada@x.org"), "Years") == "3.5");
}

TEST_CASE("an unknown column is an error naming it, unless the person maps it") {
    Fixture f;
    must(add_field(f.store(), f.owner, "Shoe Size", FieldType::kNumber));
    const std::string csv = "email,first_name,last_name,Shoe size (EU),Notes\nada@x.org,Ada,Lovelace,38,likes maths\n";
    auto p = plan(f, csv);
    CHECK(p.errors == Lines{"staff.csv:1: unknown column 'Shoe size (EU)'; map it to a field or remove it",
                            "staff.csv:1: unknown column 'Notes'; map it to a field or remove it"});
    CHECK(p.columns[3].field.empty());

    auto mapped = plan(f, csv, UploadKind::kUsers, {}, {{"Shoe size (EU)", "shoe_size"}, {"notes", "ignore"}});
    REQUIRE(mapped.ok());
    CHECK(mapped.columns[3].field == "Shoe Size");
    CHECK(mapped.columns[3].mapped);
    CHECK(mapped.columns[4].field == "ignore");
    apply(f, mapped);
    CHECK(value_of(f, id_of(f, "ada@x.org"), "Shoe Size") == "38");
}

TEST_CASE("a mapping overrides what a header means, and a bad mapping is an error at the header") {
    Fixture f;
    const std::string csv = "Login,Name,Family\nada@x.org,Ada,Lovelace\n";
    auto p =
        plan(f, csv, UploadKind::kUsers, {}, {{"Login", "email"}, {"Name", "first_name"}, {"Family", "last_name"}});
    CHECK(p.ok());
    auto bad = plan(f, csv, UploadKind::kUsers, {},
                    {{"Login", "email"}, {"Name", "first_name"}, {"Family", "surname2"}, {"Phone", "email"}});
    CHECK(bad.errors ==
          Lines{"staff.csv:1: the column 'Family' cannot go to 'surname2': that is not email, first_name, last_name, "
                "department, group, role or an additional field",
                "staff.csv:1: no column is headed 'Phone' (in the mapping 'Phone=email')",
                "staff.csv:1: unknown column 'Family'; map it to a field or remove it",
                "staff.csv:1: no last name column; a people file needs email, first name and last name"});
}

TEST_CASE("a mapping is written HEADER=FIELD") {
    auto m = must(parse_column_mapping(" E-mail = email "));
    CHECK(m.header == "E-mail");
    CHECK(m.field == "email");
    auto with_equals = must(parse_column_mapping("a=b=first_name"));
    CHECK(with_equals.header == "a=b");
    CHECK(must(parse_column_mapping("Notes=")).field.empty());
    auto bad = parse_column_mapping("Notes");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "A column mapping is written HEADER=FIELD, not 'Notes'.");
    CHECK_FALSE(parse_column_mapping("=email"));
}

TEST_CASE("the mapping step offers the standard fields, the additional ones and ignore") {
    Fixture f;
    must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    CHECK(upload_targets(f.store()) ==
          Lines{"email", "first_name", "last_name", "department", "group", "role", "Hire Date", "ignore"});
}

TEST_CASE("a missing required column is an error naming it") {
    Fixture f;
    CHECK(plan(f, "email,first_name\nada@x.org,Ada\n").errors ==
          Lines{"staff.csv:1: no last name column; a people file needs email, first name and last name"});
    CHECK(plan(f, "\n\nfirst_name,last_name,role\nAda,L,member\n").errors ==
          Lines{"staff.csv:3: no email column; a people file needs email, first name and last name",
                "staff.csv:3: a role column needs a group column"});
    CHECK(plan(f, "email,role\nada@x.org,member\n", UploadKind::kMemberships).errors ==
          Lines{"groups.csv:1: no group column; a membership file needs email and group",
                "groups.csv:1: a role column needs a group column"});
    CHECK(plan(f, "email,first_name,last_name\nada@x.org,Ada,L\n", UploadKind::kMemberships).errors ==
          Lines{"groups.csv:1: no group column; a membership file with names needs email, first name, last name "
                "and group"});
}

TEST_CASE("two columns for the same field, or values under no header, are errors at the header") {
    Fixture f;
    CHECK(plan(f, "email,E-mail,first_name,last_name\na@x.org,a@x.org,A,B\n").errors ==
          Lines{"staff.csv:1: the columns 'email' and 'E-mail' both hold email"});
    CHECK(plan(f, "email,first_name,last_name,\na@x.org,A,B,\n").ok());  // an empty trailing column
    CHECK(plan(f, "email,first_name,last_name,\na@x.org,A,B,oops\n").errors ==
          Lines{"staff.csv:1: column 4 has values but no header; name it or remove it"});
}

TEST_CASE("every bad row is reported with its line and reason, in file order, and nothing is applied") {
    Fixture f;
    f.group("Grade 9");
    f.person("taken@x.org", "Tom", "Taken");
    must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    must(add_field(f.store(), f.owner, "Years", FieldType::kNumber));
    must(add_field(f.store(), f.owner, "Location", FieldType::kChoice, {"North", "South"}));
    auto before = f.bytes();
    auto p = plan(f,
                  "email,first_name,last_name,department,group,role,Hire Date,Years,Location\n"
                  "ok@x.org,Olga,Ok,,grade-9,,,,\n"              // 2: fine
                  "\"note@x.org\",\"Multi\nLine\",Name,,,,,,\n"  // 3-4: a name is one line
                  ",Nobody,Here,,,,,,\n"                         // 5
                  "grace@,Grace,Hopper,,,,,,\n"                  // 6
                  "x@x.org,,Noname,,,,,,\n"                      // 7
                  "y@x.org,Y,Y,Physics,Grade 13,boss,,,\n"       // 8
                  "z@x.org,Z,Z,,,,2024-13-01,many,West\n"        // 9
                  "w@x.org,W,W,,,mentor,,,\n"                    // 10
                  "ok@x.org,Olga,Ok,,,,,,\n"                     // 11
                  "v@x.org,V,V,,,,,,,surplus\n");                // 12
    CHECK(p.errors == Lines{
                          "staff.csv:3: first name has a line break",
                          "staff.csv:5: email is empty",
                          "staff.csv:6: email 'grace@' is not an email address",
                          "staff.csv:7: first name is empty",
                          "staff.csv:8: department 'Physics' does not exist",
                          "staff.csv:8: group 'Grade 13' does not exist",
                          "staff.csv:8: role 'boss' is not member, mentor or admin",
                          "staff.csv:9: Hire Date '2024-13-01' is not a date (YYYY-MM-DD)",
                          "staff.csv:9: Years 'many' is not a number",
                          "staff.csv:9: Location 'West' is not one of North, South",
                          "staff.csv:10: role 'mentor' needs a group on the same row",
                          "staff.csv:11: ok@x.org is already on line 2",
                          "staff.csv:12: the row has 10 cells but the header has 9",
                      });
    CHECK_FALSE(p.ok());
    auto refused = UploadApply::begin(f.store(), f.owner, p);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "staff.csv has 13 errors; nothing was applied.");
    CHECK_FALSE(apply_upload(f.store(), f.owner, p));
    CHECK(f.bytes() == before);
    CHECK_FALSE(find_user_by_email(f.store(), "ok@x.org"));
}

TEST_CASE("a file that is not CSV at all, or has no header, stops planning") {
    Fixture f;
    auto broken = plan_upload(f.store(), f.owner, UploadKind::kUsers, "staff.csv", "email\n\"ada@x.org\n");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "staff.csv:2: the quote that opens a cell on this line is never closed");
    auto empty = plan_upload(f.store(), f.owner, UploadKind::kUsers, "staff.csv", "\xEF\xBB\xBF\r\n");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message == "staff.csv is empty: it has no header line.");
}

TEST_CASE("an existing person, by email in any case, is updated and not duplicated; empty cells change nothing") {
    Fixture f;
    Id science = f.department("Science");
    Id arts = f.department("Arts");
    must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    must(add_field(f.store(), f.owner, "Title", FieldType::kText));
    Id ada = must(add_user(f.store(), f.owner, {"Ada@X.org", "Ada", "Lovelace", science, {{"Title", "Countess"}}})).id;
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    int people = user_count(f.store());
    auto p = plan(f,
                  "email,first_name,last_name,department,Hire Date,Title\n"
                  "ADA@x.ORG,Augusta Ada,,arts,2020-01-02,\n"
                  "bob@x.org,Bob,Builder,,,\n"
                  "new@x.org,New,Person,,,\n");
    REQUIRE(p.ok());
    CHECK(p.changes == Lines{"line 2: update Ada Lovelace <Ada@X.org>: first name, department, Hire Date",
                             "line 4: add New Person <new@x.org>"});
    auto counts = apply(f, p);
    CHECK(counts.people_added == 1);
    CHECK(counts.people_updated == 1);
    CHECK(counts.people_unchanged == 1);
    CHECK(counts.summary() == "Added 1 person, updated 1, left 1 unchanged.");
    CHECK(user_count(f.store()) == people + 1);
    auto after = *find_user(f.store(), ada);
    CHECK(after.email == "Ada@X.org");  // an upload never changes an email
    CHECK(after.first_name == "Augusta Ada");
    CHECK(after.last_name == "Lovelace");  // the empty cell left it
    CHECK(after.department_id == arts);
    CHECK(value_of(f, ada, "Title") == "Countess");
    CHECK(value_of(f, ada, "Hire Date") == "2020-01-02");
    CHECK(find_user(f.store(), bob)->updated_at < after.updated_at);
}

TEST_CASE("an upload finds a person by their email in any case and accent encoding, beyond ASCII") {
    Fixture f;
    Id jurgen = f.person("j\xC3\xBCrgen@ex\xC3\xA4mple.de", "J\xC3\xBCrgen", "Weber");
    int people_before = user_count(f.store());
    auto p = plan(f,
                  "email,first_name,last_name\n"
                  "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE,J\xC3\xBCrgen,Weber-Schmidt\n"
                  "\xC3\xA9lo\xC3\xAFse@x.fr,\xC3\x89lo\xC3\xAFse,Roy\n"
                  "E\xCC\x81LOI\xCC\x88SE@X.FR,\xC3\x89lo\xC3\xAFse,Roy\n");
    CHECK(p.errors == Lines{"staff.csv:4: E\xCC\x81LOI\xCC\x88SE@X.FR is already on line 3"});
    auto fixed = plan(f,
                      "email,first_name,last_name\n"
                      "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE,J\xC3\xBCrgen,Weber-Schmidt\n");
    REQUIRE(fixed.ok());
    CHECK(fixed.counts.people_added == 0);
    CHECK(fixed.counts.people_updated == 1);
    apply(f, fixed);
    CHECK(find_user(f.store(), jurgen)->last_name == "Weber-Schmidt");
    CHECK(user_count(f.store()) == people_before);
}

TEST_CASE("a person may come back on later rows only to go into other groups") {
    Fixture f;
    Id g9 = f.group("Grade 9");
    Id g10 = f.group("Grade 10");
    auto p = plan(f,
                  "email,first_name,last_name,group,role\n"
                  "ada@x.org,Ada,Lovelace,grade-9,mentor\n"
                  "ADA@x.org,,,grade-10,\n"
                  "ada@x.org,Ada,Lovelace,Grade 10,admin\n"
                  "ada@x.org,Augusta,,grade-11,\n"
                  "ada@x.org,,,,\n");
    CHECK(p.errors == Lines{"staff.csv:4: ada@x.org is put into Grade 10 on line 3 already",
                            "staff.csv:5: group 'grade-11' does not exist",
                            "staff.csv:5: ada@x.org is already on line 2",
                            "staff.csv:6: ada@x.org is already on line 2"});
    auto fixed = plan(f,
                      "email,first_name,last_name,group,role\nada@x.org,Ada,Lovelace,grade-9,mentor\n"
                      "ADA@x.org,,,grade-10,\n");
    REQUIRE(fixed.ok());
    apply(f, fixed);
    Id ada = id_of(f, "ada@x.org");
    CHECK(role_in(f, g9, ada) == GroupRole::kMentor);
    CHECK(role_in(f, g10, ada) == GroupRole::kMember);
}

TEST_CASE("a group named by several groups needs its slug; a group is never created by an upload") {
    Fixture f;
    Id a = f.group("Science");
    f.group("Science", f.group("North School"));  // side by side they could not share the name
    auto p = plan(f,
                  "email,first_name,last_name,group\nada@x.org,Ada,L,science\nbob@x.org,Bob,B,science-2\n"
                  "cy@x.org,Cy,C,SCIENCE\n");
    CHECK(p.errors == Lines{"staff.csv:4: group 'SCIENCE' names several groups; use its slug"});
    CHECK(group_tree(f.store(), GroupSort::kTitle).size() == 3);
    (void)a;
}

TEST_CASE("a semicolon-separated file with a byte-order mark and CRLF, as Excel saves it, uploads") {
    Fixture f;
    Id g = f.group("Grade 9");
    auto p = plan(f,
                  "\xEF\xBB\xBF"
                  "E-mail;First name;Last name;Group\r\n\"ada@x.org\";Ada;\"Lovelace; Countess\";Grade 9\r\n");
    REQUIRE(p.ok());
    CHECK(p.separator == ';');
    apply(f, p);
    Id ada = id_of(f, "ada@x.org");
    CHECK(find_user(f.store(), ada)->last_name == "Lovelace; Countess");
    CHECK(role_in(f, g, ada) == GroupRole::kMember);
}

TEST_CASE("the error of a row after a multi-line cell names the line where that row starts") {
    Fixture f;
    auto p = plan(f, "email,first_name,last_name\r\n\"a@x.org\",\"A\r\nB\r\nC\",D\r\nbad,E,F\r\n");
    CHECK(p.errors ==
          Lines{"staff.csv:2: first name has a line break", "staff.csv:5: email 'bad' is not an email address"});
}

// ---- Membership uploads --------------------------------------------------------------------------------

TEST_CASE("a membership upload puts people into groups by slug or name, members by default") {
    Fixture f;
    Id g9 = f.group("Grade 9");
    Id g10 = f.group("Grade 10");
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    f.join(g10, bob, GroupRole::kMember);
    f.join(g9, bob, GroupRole::kMentor);
    auto p = plan(f,
                  "email,group,role\n"
                  "ada@x.org,grade-9,\n"
                  "ADA@X.ORG,Grade 10,Group admin\n"
                  "bob@x.org,grade-10,mentor\n"
                  "bob@x.org,grade-9,\n",
                  UploadKind::kMemberships);
    REQUIRE(p.ok());
    CHECK(p.changes == Lines{"line 2: put Ada Lovelace <ada@x.org> into Grade 9 as a member",
                             "line 3: put Ada Lovelace <ada@x.org> into Grade 10 as a group admin",
                             "line 4: change Bob Builder <bob@x.org> in Grade 10 from member to mentor"});
    auto counts = apply(f, p);
    CHECK(counts.summary() == "Added 2 memberships, changed the role of 1, left 1 unchanged.");
    CHECK(role_in(f, g9, ada) == GroupRole::kMember);
    CHECK(role_in(f, g10, ada) == GroupRole::kAdmin);
    CHECK(role_in(f, g10, bob) == GroupRole::kMentor);
    CHECK(role_in(f, g9, bob) == GroupRole::kMentor);  // an empty role leaves an existing membership's role
    auto rows = group_tree(f.store(), GroupSort::kTitle);
    for (const auto& row : rows) CHECK(row.user_count == 2);
}

TEST_CASE("a membership file's rows name unknown people, missing groups and repeats") {
    Fixture f;
    f.group("Grade 9");
    f.person("ada@x.org", "Ada", "Lovelace");
    auto before = f.bytes();
    auto p = plan(f,
                  "email,group,role\n"
                  "ada@x.org,grade-9,member\n"
                  "nobody@x.org,grade-9,\n"
                  "ada@x.org,,\n"
                  "ada@x.org,grade-9,mentor\n",
                  UploadKind::kMemberships);
    CHECK(p.errors == Lines{"groups.csv:3: no person has the email 'nobody@x.org'", "groups.csv:4: group is empty",
                            "groups.csv:5: ada@x.org is put into Grade 9 on line 2 already"});
    CHECK_FALSE(apply_upload(f.store(), f.owner, p));
    CHECK(f.bytes() == before);
}

TEST_CASE("a membership upload accepts the user file, adding and updating people as well") {
    Fixture f;
    Id g = f.group("Grade 9");
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    auto p = plan(f,
                  "email,first name,last name,group,role\n"
                  "ada@x.org,Ada,Lovelace,grade-9,mentor\n"
                  "bob@x.org,Robert,,grade-9,\n",
                  UploadKind::kMemberships);
    REQUIRE(p.ok());
    auto counts = apply(f, p);
    CHECK(counts.summary() == "Added 1 person, updated 1; added 2 memberships.");
    CHECK(role_in(f, g, id_of(f, "ada@x.org")) == GroupRole::kMentor);
    CHECK(find_user(f.store(), bob)->first_name == "Robert");
}

TEST_CASE("an upload over its limit (3 MB of memberships, 50 MB of people) is refused before it is read") {
    CHECK(check_upload_size(UploadKind::kMemberships, kMembershipUploadLimit).ok());
    auto over = check_upload_size(UploadKind::kMemberships, 3565158);  // 3.4 MB of 1024 * 1024 bytes
    REQUIRE_FALSE(over);
    CHECK(over.error().message == "The file is 3.4 MB; the limit is 3 MB.");
    // A byte over the limit never reads as 3.0 MB.
    CHECK(check_upload_size(UploadKind::kMemberships, kMembershipUploadLimit + 1).error().message ==
          "The file is 3.1 MB; the limit is 3 MB.");
    CHECK(check_upload_size(UploadKind::kUsers, kUserUploadLimit).ok());
    CHECK(check_upload_size(UploadKind::kUsers, kUserUploadLimit + 1).error().message ==
          "The file is 50.1 MB; the limit is 50 MB.");

    Fixture f;
    std::string big(kMembershipUploadLimit + 1, '\xFF');  // not even UTF-8: the size is checked first
    auto refused = plan_upload(f.store(), f.owner, UploadKind::kMemberships, "groups.csv", big);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "The file is 3.1 MB; the limit is 3 MB.");
}

// ---- Permissions ---------------------------------------------------------------------------------------

TEST_CASE("a Department Admin uploads people only into their departments, refused as user add refuses") {
    Fixture f;
    Id science = f.department("Science");
    Id physics = f.department("Physics", science);
    f.department("Arts");
    Id dana = f.person("dana@x.org", "Dana", "Admin");
    f.grant(dana, OrgRole::kDepartmentAdmin, science);
    Id outsider = f.person("out@x.org", "Otto", "Outside");
    auto p = plan(f,
                  "email,first_name,last_name,department\n"
                  "in@x.org,Ina,Inside,physics\n"
                  "arts@x.org,Art,Ist,arts\n"
                  "none@x.org,No,Department,\n"
                  "out@x.org,Otto,Renamed,science\n",
                  UploadKind::kUsers, dana);
    auto arts = department_by_slug(f.store(), "arts")->id;
    auto refused_arts = add_user(f.store(), dana, {"arts@x.org", "Art", "Ist", arts, {}});
    auto refused_none = add_user(f.store(), dana, {"none@x.org", "No", "Department", std::nullopt, {}});
    auto refused_edit = edit_user(f.store(), dana, outsider, {.last_name = "Renamed", .department_id = science});
    REQUIRE_FALSE(refused_arts);
    REQUIRE_FALSE(refused_none);
    REQUIRE_FALSE(refused_edit);
    CHECK(p.errors == Lines{"staff.csv:3: " + refused_arts.error().message,
                            "staff.csv:4: " + refused_none.error().message,
                            "staff.csv:5: " + refused_edit.error().message});
    CHECK(p.errors[0] ==
          "staff.csv:3: Dana Admin may not add people: Arts is outside the departments Dana Admin "
          "administers.");
    auto ok = plan(f, "email,first_name,last_name,department\nin@x.org,Ina,Inside,physics\n", UploadKind::kUsers, dana);
    REQUIRE(ok.ok());
    apply(f, ok, dana);
    CHECK(find_user(f.store(), id_of(f, "in@x.org"))->department_id == physics);
}

TEST_CASE("a group admin places only people who already belong to a group they manage, refused as member add refuses") {
    Fixture f;
    Id g9 = f.group("Grade 9");
    Id science = f.group("Grade 9 Science", g9);
    Id other = f.group("Grade 10");
    Id gail = f.person("gail@x.org", "Gail", "Lead");
    f.join(g9, gail, GroupRole::kAdmin);
    Id carol = f.person("carol@x.org", "Carol", "Class");
    f.join(g9, carol);
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    auto p = plan(f,
                  "email,group,role\n"
                  "carol@x.org,grade-9-science,mentor\n"
                  "bob@x.org,grade-9-science,\n"
                  "carol@x.org,grade-10,\n"
                  "carol@x.org,grade-9,\n",
                  UploadKind::kMemberships, gail);
    auto refused_bob = add_people(f.store(), gail, science, {{bob}, {}, GroupRole::kMember});
    auto refused_other = add_people(f.store(), gail, other, {{carol}, {}, GroupRole::kMember});
    REQUIRE_FALSE(refused_bob);
    REQUIRE_FALSE(refused_other);
    CHECK(p.errors ==
          Lines{"groups.csv:3: " + refused_bob.error().message, "groups.csv:4: " + refused_other.error().message});
    CHECK(p.errors[0] ==
          "groups.csv:3: Gail Lead may not add this person to the group: a group admin adds only "
          "people who already belong to a group they manage, and Bob Builder does not.");

    // A group admin cannot create people, even in a group they manage.
    auto people = plan(f, "email,first_name,last_name,group\nnew@x.org,New,Person,grade-9\n", UploadKind::kUsers, gail);
    auto refused_add = add_user(f.store(), gail, {"new@x.org", "New", "Person", std::nullopt, {}});
    REQUIRE_FALSE(refused_add);
    CHECK(people.errors == Lines{"staff.csv:2: " + refused_add.error().message});

    auto ok = plan(f, "email,group,role\ncarol@x.org,grade-9-science,mentor\ncarol@x.org,grade-9,\n",
                   UploadKind::kMemberships, gail);
    REQUIRE(ok.ok());
    apply(f, ok, gail);
    CHECK(role_in(f, science, carol) == GroupRole::kMentor);
}

TEST_CASE("a Department Admin's new people go into groups when they are in the admin's departments") {
    Fixture f;
    Id science = f.department("Science");
    f.department("Arts");
    Id g = f.group("Grade 9");
    Id dana = f.person("dana@x.org", "Dana", "Admin");
    f.grant(dana, OrgRole::kDepartmentAdmin, science);
    Id artist = f.person("art@x.org", "Art", "Ist", department_by_slug(f.store(), "arts")->id);
    auto p = plan(f,
                  "email,first_name,last_name,department,group,role\n"
                  "sue@x.org,Sue,Science,science,grade-9,mentor\n"
                  "art@x.org,,,,grade-9,\n",
                  UploadKind::kUsers, dana);
    auto refused = add_people(f.store(), dana, g, {{artist}, {}, GroupRole::kMember});
    REQUIRE_FALSE(refused);
    CHECK(p.errors == Lines{"staff.csv:3: " + refused.error().message});
    auto ok =
        plan(f, "email,first_name,last_name,department,group,role\nsue@x.org,Sue,Science,science,grade-9,mentor\n",
             UploadKind::kUsers, dana);
    REQUIRE(ok.ok());
    apply(f, ok, dana);
    CHECK(role_in(f, g, id_of(f, "sue@x.org")) == GroupRole::kMentor);
}

TEST_CASE("a group admin's reach stops where a subgroup does not inherit, as for member add") {
    Fixture f;
    Id g9 = f.group("Grade 9");
    Id closed = f.group("Grade 9 Exams", g9);
    must(edit_group(f.store(), f.owner, closed, {.inherit = false}));
    Id gail = f.person("gail@x.org", "Gail", "Lead");
    f.join(g9, gail, GroupRole::kAdmin);
    Id carol = f.person("carol@x.org", "Carol", "Class");
    f.join(g9, carol);
    auto p = plan(f, "email,group\ncarol@x.org,grade-9-exams\n", UploadKind::kMemberships, gail);
    auto refused = add_people(f.store(), gail, closed, {{carol}, {}, GroupRole::kMember});
    REQUIRE_FALSE(refused);
    CHECK(p.errors == Lines{"groups.csv:2: " + refused.error().message});
}

TEST_CASE("a person without rights is refused on every row, with the core's words") {
    Fixture f;
    Id g = f.group("Grade 9");
    Id max = f.person("max@x.org", "Max", "Member");
    f.join(g, max);
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    auto p = plan(f, "email,group\nada@x.org,grade-9\nmax@x.org,grade-9\n", UploadKind::kMemberships, max);
    auto add = add_people(f.store(), max, g, {{ada}, {}, GroupRole::kMember});
    auto role = set_member_role(f.store(), max, g, max, GroupRole::kMember);
    REQUIRE_FALSE(add);
    REQUIRE_FALSE(role);
    CHECK(p.errors == Lines{"groups.csv:2: " + add.error().message, "groups.csv:3: " + role.error().message});
}

TEST_CASE("editing somebody who holds more power than the uploader is refused as user edit refuses") {
    Fixture f;
    Id admin = f.person("admin@x.org", "Ann", "Admin");
    f.grant(admin, OrgRole::kAdmin);
    auto registrar = must(define_custom_role(f.store(), f.owner, "Registrar", kPermManageUsers));
    Id reg = f.person("reg@x.org", "Reg", "Istrar");
    must(grant_role(f.store(), f.owner, reg, {OrgRole::kCustom, registrar.id, std::nullopt}));
    auto p = plan(f, "email,first_name,last_name\nadmin@x.org,Annie,\nnew@x.org,New,One\nadmin@x.org,,\n",
                  UploadKind::kUsers, reg);
    auto refused = edit_user(f.store(), reg, admin, {.first_name = "Annie"});
    REQUIRE_FALSE(refused);
    CHECK(p.errors ==
          Lines{"staff.csv:2: " + refused.error().message, "staff.csv:4: admin@x.org is already on line 2"});
    // Unchanged, the same person needs no right to edit.
    auto same = plan(f, "email,first_name,last_name\nadmin@x.org,Ann,Admin\n", UploadKind::kUsers, reg);
    CHECK(same.ok());
}

TEST_CASE("a deactivated person cannot upload at all") {
    Fixture f;
    Id dee = f.person("dee@x.org", "Dee", "Gone");
    f.grant(dee, OrgRole::kAdmin);
    must(edit_user(f.store(), f.owner, dee, {.status = UserStatus::kDeactivated}));
    auto refused = plan_upload(f.store(), dee, UploadKind::kUsers, "staff.csv", "email,first_name,last_name\n");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message == "Dee Gone may not upload people: their account is deactivated.");
}

// ---- Applying ------------------------------------------------------------------------------------------

TEST_CASE("applying in steps reports progress, commits once and tells the listeners once") {
    Fixture f;
    f.group("Grade 9");
    std::string csv = "email,first_name,last_name,group\n";
    for (int i = 0; i < 10; ++i) csv += "p" + std::to_string(i) + "@x.org,P,Number " + std::to_string(i) + ",grade-9\n";
    auto p = plan(f, csv);
    REQUIRE(p.ok());
    std::vector<std::uint32_t> heard;
    f.store().on_change([&](std::uint32_t changes) { heard.push_back(changes); });
    auto revision = f.store().revision();
    auto apply = must(UploadApply::begin(f.store(), f.owner, p));
    CHECK(apply->progress() == 0.0);
    CHECK_FALSE(must(apply->step(7)));
    CHECK(apply->progress() == doctest::Approx(0.35));
    CHECK(apply->counts().people_added == 4);  // rows in file order: a person, then their membership
    CHECK(apply->counts().memberships_added == 3);
    CHECK(heard.empty());
    CHECK(f.store().db().in_transaction());
    while (!must(apply->step(7))) {}
    CHECK(apply->progress() == 1.0);
    CHECK(apply->counts().people_added == 10);
    CHECK(apply->counts().memberships_added == 10);
    REQUIRE(heard.size() == 1);
    CHECK((heard[0] & kChangePeople));
    CHECK((heard[0] & kChangeMemberships));
    CHECK((heard[0] & kChangeGroups));
    CHECK((heard[0] & kChangeAudit));
    CHECK(f.store().revision() == revision + 1);
    CHECK(must(apply->step(1)));  // done stays done
}

TEST_CASE("an apply left unfinished rolls everything back") {
    Fixture f;
    auto p = plan(f, "email,first_name,last_name\na@x.org,A,A\nb@x.org,B,B\nc@x.org,C,C\n");
    auto before = f.bytes();
    {
        auto apply = must(UploadApply::begin(f.store(), f.owner, p));
        CHECK_FALSE(must(apply->step(2)));
    }
    CHECK_FALSE(f.store().db().in_transaction());
    CHECK(f.bytes() == before);
    CHECK_FALSE(find_user_by_email(f.store(), "a@x.org"));
}

TEST_CASE("a plan made before another change, or for another person, is refused") {
    Fixture f;
    auto p = plan(f, "email,first_name,last_name\nada@x.org,Ada,Lovelace\n");
    Id bob = f.person("bob@x.org", "Bob", "Builder");
    auto stale = UploadApply::begin(f.store(), f.owner, p);
    REQUIRE_FALSE(stale);
    CHECK(stale.error().code == ErrorCode::kConflict);
    CHECK(stale.error().message == "The organisation changed since staff.csv was checked; check the file again.");

    auto fresh = plan(f, "email,first_name,last_name\nada@x.org,Ada,Lovelace\n");
    f.store().set_local_setting("theme", "dark");  // this planner's own settings do not count
    auto other = UploadApply::begin(f.store(), bob, fresh);
    REQUIRE_FALSE(other);
    CHECK(other.error().message == "This upload was checked for another person; check the file again.");
    CHECK(apply_upload(f.store(), f.owner, fresh).ok());
}

TEST_CASE("one audit entry sums up an upload") {
    Fixture f;
    f.group("Grade 9");
    f.person("bob@x.org", "Bob", "Builder");
    int before = audit_entries(f);
    auto p = plan(f, "email,first_name,last_name,group\nada@x.org,Ada,Lovelace,grade-9\nbob@x.org,Robert,,grade-9\n");
    apply(f, p);
    CHECK(audit_entries(f) == before + 1);
    auto entries = must(read_audit(f.store(), f.owner, {.limit = 1}));
    CHECK(entries[0].action == "upload.users");
    CHECK(entries[0].summary == "Olive Owner uploaded staff.csv: added 1 person, updated 1; added 2 memberships.");

    // It lists every person and what the upload did to them, each change before and after.
    auto opened = must(read_audit_entry(f.store(), f.owner, entries[0].id));
    std::vector<std::string> lines;
    for (const AuditLine& l : opened.details) lines.push_back(l.name + " <" + l.email + ">: " + l.what);
    CHECK(lines == std::vector<std::string>{"Ada Lovelace <ada@x.org>: added",
                                            "Ada Lovelace <ada@x.org>: added to Grade 9 as a member",
                                            "Robert Builder <bob@x.org>: changed first name from Bob to Robert",
                                            "Robert Builder <bob@x.org>: added to Grade 9 as a member"});
    // Found by the person filter, by anyone it lists.
    AuditFilter about_bob;
    about_bob.person = must(user_by_email(f.store(), "bob@x.org")).id;
    auto found = must(read_audit(f.store(), f.owner, about_bob));
    REQUIRE_FALSE(found.empty());
    CHECK(found[0].id == entries[0].id);
    CHECK(found[0].person_detail ==
          "Robert Builder: changed first name from Bob to Robert; added to Grade 9 as a member");
}

TEST_CASE("an upload's line about an updated person names each field's value before and after") {
    Fixture f;
    must(add_field(f.store(), f.owner, "Job Title", FieldType::kText));
    Id science = f.department("Science");
    f.department("Maths");
    f.person("bob@x.org", "Bob", "Builder", science);
    apply(f, plan(f, "email,first_name,last_name,department,job title\nbob@x.org,Bob,Builder,maths,Teacher\n"));
    auto entries = must(read_audit(f.store(), f.owner, {.limit = 1, .with_details = true}));
    REQUIRE(entries[0].details.size() == 1);
    CHECK(entries[0].details[0].what == "changed department from Science to Maths; Job Title from (none) to Teacher");
}

TEST_CASE("an upload that changes nothing writes nothing, not even an audit entry") {
    Fixture f;
    Id g = f.group("Grade 9");
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    f.join(g, ada);
    auto before = f.bytes();
    auto revision = f.store().revision();
    auto counts = apply(f, plan(f, "email,first_name,last_name,group\nada@x.org,Ada,Lovelace,grade-9\n"));
    CHECK(counts.summary() == "Left 1 person unchanged; left 1 membership unchanged.");
    CHECK(f.bytes() == before);
    CHECK(f.store().revision() == revision);
    CHECK(apply(f, plan(f, "email,first_name,last_name\n")).summary() == "Nothing to do: the file has no rows.");
}

TEST_CASE("the summary names what was and what would be done") {
    UploadCounts c;
    c.people_added = 3;
    c.people_updated = 1;
    c.memberships_added = 5;
    CHECK(c.summary() == "Added 3 people, updated 1; added 5 memberships.");
    CHECK(c.summary(true) == "Would add 3 people, update 1; add 5 memberships.");
    UploadCounts roles;
    roles.memberships_changed = 2;
    roles.memberships_unchanged = 1;
    CHECK(roles.summary() == "Changed the role of 2 memberships, left 1 unchanged.");
    CHECK(UploadCounts{}.summary(true) == "Would do nothing: the file has no rows.");
}

// ---- Examples ------------------------------------------------------------------------------------------

TEST_CASE("the template and the sample upload as they are") {
    Fixture f;
    auto users = plan(f, user_upload_template());
    CHECK(users.ok());
    CHECK(users.row_count == 2);
    apply(f, users);

    f.group("Grade 9");
    f.group("Grade 10");
    f.department("Science");
    must(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    must(add_field(f.store(), f.owner, "Location", FieldType::kChoice, {"North", "South"}));
    std::string with_fields = user_upload_template(f.store());
    CHECK(with_fields.rfind("\xEF\xBB\xBF"
                            "email,first_name,last_name,department,group,role,Hire Date,Location\r\n",
                            0) == 0);
    auto again = plan(f, with_fields);
    CHECK(again.ok());
    CHECK(again.changes ==
          Lines{"line 3: update Alan Turing <alan.turing@example.org>: department, Hire Date, Location",
                "line 3: put Alan Turing <alan.turing@example.org> into Grade 9 as a mentor"});

    auto sample = plan(f, membership_upload_sample(), UploadKind::kMemberships);
    CHECK(sample.ok());
    CHECK(sample.counts.memberships_added == 3);
}

TEST_CASE("a number cell is taken in decimal as written; hex or an exponent is a bad cell") {
    Fixture f;
    must(add_field(f.store(), f.owner, "Score", FieldType::kNumber));
    auto before = f.bytes();
    auto p = plan(f,
                  "email,first_name,last_name,Score\n"
                  "ada@x.org,Ada,L,99999999999999999999999\n"
                  "bo@x.org,Bo,C,0x20\n"
                  "cy@x.org,Cy,D,1e3\n"
                  "di@x.org,Di,E,\"1,000\"\n");
    CHECK(p.errors == Lines{"staff.csv:3: Score '0x20' is not a number", "staff.csv:4: Score '1e3' is not a number",
                            "staff.csv:5: Score '1,000' is not a number"});
    CHECK_FALSE(apply_upload(f.store(), f.owner, p));
    CHECK(f.bytes() == before);

    auto good =
        plan(f, "email,first_name,last_name,Score\nada@x.org,Ada,L,99999999999999999999999\nbo@x.org,Bo,C,+007.50\n");
    REQUIRE(good.ok());
    apply(f, good);
    CHECK(value_of(f, id_of(f, "ada@x.org"), "Score") == "99999999999999999999999");
    CHECK(value_of(f, id_of(f, "bo@x.org"), "Score") == "7.5");
}

// ---- Invitations and a group's own upload ------------------------------------------------------------------

TEST_CASE("a membership upload that invites makes an invitation of each email nobody has, once") {
    Fixture f;
    Id grade9 = f.group("Grade 9");
    Id grade10 = f.group("Grade 10");
    Id grace = f.person("grace@x.org", "Grace", "Hopper");
    const std::string csv =
        "email,group,role\n"
        "grace@x.org,grade-9,\n"
        "new@x.org,grade-9,mentor\n"
        "New@X.org,grade-10,\n";
    auto without = plan(f, csv, UploadKind::kMemberships);
    CHECK(without.errors == Lines{"groups.csv:3: no person has the email 'new@x.org'",
                                  "groups.csv:4: no person has the email 'New@X.org'"});

    UploadOptions options;
    options.invite = true;
    auto p = must(plan_upload(f.store(), f.owner, UploadKind::kMemberships, "groups.csv", csv, options));
    REQUIRE(p.ok());
    CHECK(p.counts.people_invited == 1);
    CHECK(p.counts.memberships_added == 3);
    CHECK(p.counts.summary(true) == "Would invite 1 person; add 3 memberships.");
    CHECK(p.changes == Lines{"line 2: put Grace Hopper <grace@x.org> into Grade 9 as a member",
                             "line 3: invite <new@x.org>", "line 3: put <new@x.org> into Grade 9 as a mentor",
                             "line 4: put <new@x.org> into Grade 10 as a member"});
    auto done = apply(f, p);
    CHECK(done.summary() == "Invited 1 person; added 3 memberships.");
    auto invited = find_user_by_email(f.store(), "new@x.org");
    REQUIRE(invited);
    CHECK(invited->status == UserStatus::kInvited);
    CHECK(role_in(f, grade9, invited->id) == GroupRole::kMentor);
    CHECK(role_in(f, grade10, invited->id) == GroupRole::kMember);
    CHECK(role_in(f, grade9, grace) == GroupRole::kMember);
}

TEST_CASE("an invitation by upload is refused to whom member add's invitation is refused") {
    Fixture f;
    Id grade9 = f.group("Grade 9");
    Id leader = f.person("lena@x.org", "Lena", "Leader");
    f.join(grade9, leader, GroupRole::kAdmin);
    UploadOptions options;
    options.invite = true;
    auto p = must(plan_upload(f.store(), leader, UploadKind::kMemberships, "groups.csv",
                              "email,group\nnew@x.org,grade-9\n", options));
    auto direct = add_people(f.store(), leader, grade9, {{}, {"new@x.org"}, GroupRole::kMember});
    REQUIRE_FALSE(direct);
    CHECK(p.errors == Lines{"groups.csv:2: " + direct.error().message});
}

TEST_CASE("a group's own upload puts every row into the group and needs no group column") {
    Fixture f;
    Id grade9 = f.group("Grade 9");
    f.group("Grade 10");
    Id grace = f.person("grace@x.org", "Grace", "Hopper");
    Id alan = f.person("alan@x.org", "Alan", "Turing");
    UploadOptions options;
    options.group = grade9;
    options.invite = true;
    auto p = must(plan_upload(f.store(), f.owner, UploadKind::kMemberships, "grade-9.csv",
                              "email,role\ngrace@x.org,mentor\nalan@x.org,\nivy@x.org,admin\n", options));
    REQUIRE(p.ok());
    apply(f, p);
    CHECK(role_in(f, grade9, grace) == GroupRole::kMentor);
    CHECK(role_in(f, grade9, alan) == GroupRole::kMember);
    CHECK(role_in(f, grade9, id_of(f, "ivy@x.org")) == GroupRole::kAdmin);

    // A group cell may confirm the group, never name another; the people file works too.
    auto people = must(plan_upload(f.store(), f.owner, UploadKind::kMemberships, "people.csv",
                                   "email,first_name,last_name,group\n"
                                   "grace@x.org,Grace,Hopper,Grade 9\n"
                                   "alan@x.org,Alan,Turing,grade-10\n"
                                   "emmy@x.org,Emmy,Noether,\n",
                                   options));
    CHECK(people.errors ==
          Lines{"people.csv:3: group 'grade-10' is not Grade 9: this upload puts everyone into Grade 9"});

    // The sample file of a group's upload plans as it is.
    auto sample =
        must(plan_upload(f.store(), f.owner, UploadKind::kMemberships, "sample.csv", group_upload_sample(), options));
    CHECK(sample.ok());
    CHECK(sample.counts.people_invited == 2);
}

TEST_CASE("a name longer than 200 characters is a row error naming the line and the column") {
    Fixture f;
    auto p = plan(f, "email,first_name,last_name\nada@x.org,Ada," + std::string(201, 'L') + "\n");
    CHECK(p.errors == Lines{"staff.csv:2: last name is 201 characters long; the most is 200"});
    CHECK_FALSE(p.ok());
}
