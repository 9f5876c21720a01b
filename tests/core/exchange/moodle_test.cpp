// Moodle's upload CSV files (core/exchange/moodle.cpp): users with cohorts and profile fields, re-imports, row errors
// with nothing applied, permissions, dry runs, and the round trip through the users and cohorts exports.
#include <doctest/doctest.h>
#include <optional>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

using Files = std::vector<ZipEntry>;

const std::string kBom = "\xEF\xBB\xBF";

// Shaped like Moodle's own upload-users sample: a byte-order mark, Windows line ends, headers in another case, a
// password and other columns Grove has no place for, a quoted cell holding a comma, and an empty cohort cell.
const std::string kSample = kBom +
                            "Username,password,FirstName,LastName,Email,city,country,cohort1,COHORT2,"
                            "profile_field_jobtitle\r\n"
                            "ana,Secret#1,Ana,Lopez,ana@hill.org,\"Springfield, IL\",US,grade-9,Art Club,Teacher\r\n"
                            "bo,,Bo,Chen,bo@hill.org,,US,Grade 9,,\r\n"
                            "\"cy\",\"\",\"Cy\",\"O'Diaz\",\"cy@hill.org\",,,,,\"Head, Science\"\r\n";

Files file(const std::string& bytes, const std::string& name = "users.csv") { return {{name, bytes}}; }

RosterImport import(Fixture& f, const std::string& bytes, bool dry_run = false) {
    return must(import_moodle_users(f.store(), f.owner, "users.csv", file(bytes), dry_run));
}

// The groups the sample's cohorts name, and the field its profile column fills.
void prepare(Fixture& f) {
    f.group("Grade 9");
    f.group("Art Club");
    must(add_field(f.store(), f.owner, "Job Title", FieldType::kText));
}

User person(Fixture& f, const std::string& email) { return must(user_by_email(f.store(), email)); }

std::string moodle_id(Fixture& f, Id user) {
    auto s = f.store().db().prepare("SELECT value FROM user_external_ids WHERE user_id = ? AND system = 'moodle'");
    s->bind(1, user);
    return s->step() ? s->col_text(0) : "";
}

bool is_member(Fixture& f, const std::string& group, Id user) {
    auto s = f.store().db().prepare(
        "SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id WHERE g.name = ? AND m.user_id = ?");
    s->bind_all(group, user);
    return s->step();
}

std::optional<std::string> role_of(Fixture& f, Id group, Id user) {
    auto s = f.store().db().prepare("SELECT role FROM memberships WHERE group_id = ? AND user_id = ?");
    s->bind_all(group, user);
    if (!s->step()) return std::nullopt;
    return s->col_text(0);
}

std::string field_of(Fixture& f, Id user, const std::string& field) {
    for (const auto& v : field_values(f.store(), user))
        if (v.field_name == field) return v.value;
    return "";
}

}  // namespace

TEST_CASE("a Moodle users file becomes people known by their username, members of their cohorts' groups") {
    Fixture f;
    prepare(f);
    auto done = import(f, kSample);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 3 people, add 3 memberships");

    auto ana = person(f, "ana@hill.org");
    CHECK(ana.first_name == "Ana");
    CHECK(ana.last_name == "Lopez");
    CHECK(ana.status == UserStatus::kActive);
    CHECK(moodle_id(f, ana.id) == "ana");
    CHECK(is_member(f, "Grade 9", ana.id));   // by slug
    CHECK(is_member(f, "Art Club", ana.id));  // by name
    CHECK(field_of(f, ana.id, "Job Title") == "Teacher");

    auto bo = person(f, "bo@hill.org");
    CHECK(is_member(f, "Grade 9", bo.id));
    CHECK_FALSE(is_member(f, "Art Club", bo.id));  // an empty cell is skipped
    auto cy = person(f, "cy@hill.org");
    CHECK(cy.last_name == "O'Diaz");
    CHECK(field_of(f, cy.id, "Job Title") == "Head, Science");
    CHECK(role_of(f, must(group_by_slug_or_name(f.store(), "grade-9")).id, ana.id) == "member");
}

TEST_CASE("importing the same file again changes nothing; a changed file updates people in place") {
    Fixture f;
    prepare(f);
    REQUIRE(import(f, kSample).ok());
    CHECK(import(f, kSample).counts.summary() == "nothing to change");

    // Usernames in another case are the same Moodle user (Moodle's usernames are lower case).
    auto done = import(f,
                       "username,firstname,lastname,email,cohort1,profile_field_Job_Title\n"
                       "ANA,Anna,Lopez,ana.lopez@hill.org,art-club,\n"
                       "bo,Bo,Chen,bo@hill.org,,Coach\n"
                       "di,Di,Ek,di@hill.org,,\n");
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 1 person, update 2");
    auto anna = person(f, "ana.lopez@hill.org");
    CHECK(anna.first_name == "Anna");
    CHECK(moodle_id(f, anna.id) == "ana");
    CHECK(field_of(f, anna.id, "Job Title") == "Teacher");  // an empty cell leaves the value
    CHECK(field_of(f, person(f, "bo@hill.org").id, "Job Title") == "Coach");
    CHECK_FALSE(find_user_by_email(f.store(), "ana@hill.org"));
}

TEST_CASE("a person already in Grove is taken over through their email") {
    Fixture f;
    prepare(f);
    Id ana = f.person("Ana@Hill.org", "Ann", "L");
    auto done = import(f, kSample);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 2 people, update 1, add 3 memberships");
    CHECK(moodle_id(f, ana) == "ana");
    CHECK(person(f, "ana@hill.org").first_name == "Ana");
}

TEST_CASE("a cohort is found by the group's Moodle ID before its slug and name, and a member stays as they are") {
    Fixture f;
    Id sci = f.group("Science");
    Id other = f.group("coh-7");
    must(edit_group(f.store(), f.owner, sci, {.external_ids = std::vector<ExternalId>{{"moodle", "coh-7"}}}));
    Id bo = f.person("bo@hill.org", "Bo", "Chen");
    f.join(sci, bo, GroupRole::kMentor);
    auto done = import(f, "username,firstname,lastname,email,cohort1\nbo,Bo,Chen,bo@hill.org,coh-7\n");
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "update 1 person");  // linked to the username; already in Science
    CHECK(role_of(f, sci, bo) == "mentor");
    CHECK_FALSE(role_of(f, other, bo));
}

TEST_CASE("bad rows are reported as FILE:LINE: reason, and nothing is applied") {
    Fixture f;
    prepare(f);
    f.group("Twins");
    f.group("Twins", f.group("Upper"));
    must(add_field(f.store(), f.owner, "Start", FieldType::kDate));
    auto before = f.bytes();
    auto done = import(f, kBom +
                              "username,firstname,lastname,email,cohort1,cohort2,profile_field_start\r\n"
                              "ana,Ana,Lopez,ana@hill.org,grade-9,,\r\n"
                              "bo,Bo,Chen,,,,\r\n"
                              "cy,Cy,Diaz,cy@hill.org,Nowhere,Twins,\r\n"
                              "ana,Ann,L,ann@hill.org,,,\r\n"
                              "di,,Ek,di@hill.org,,,\r\n"
                              "ed,Ed,Fu,not-an-email,,,\r\n"
                              "fa,Fa,Go,fa@hill.org,,,next week\r\n"
                              "gi,Gi,Ho,ANA@hill.org,,,\r\n");
    CHECK_FALSE(done.ok());
    std::vector<std::string> expected = {
        "users.csv:3: the user bo has no email; Grove knows people by their email.",
        "users.csv:4: cohort1: 'Nowhere' is no group in Grove (by its Moodle ID, slug or name); add the group first.",
        "users.csv:4: cohort2: 'Twins' is the name of several groups; give the cohort's idnumber or the group's slug.",
        "users.csv:5: the username ana is on an earlier row too.",
        "users.csv:6: the user di has no firstname.",
        "users.csv:7: 'not-an-email' is not an email address.",
        "users.csv:9: the email ANA@hill.org belongs to the Moodle user ana already.",
    };
    REQUIRE(done.errors.size() == expected.size() + 1);
    CHECK(done.errors[6].rfind("users.csv:8: profile_field_start: ", 0) == 0);
    done.errors.erase(done.errors.begin() + 6);
    CHECK(done.errors == expected);
    CHECK(f.bytes() == before);
}

TEST_CASE("a header without the needed columns, or a profile field Grove lacks, is an error of the header") {
    Fixture f;
    auto before = f.bytes();
    CHECK(import(f, "username,first name,email\nana,Ana,ana@hill.org\n").errors ==
          std::vector<std::string>{"users.csv:1: the header lacks firstname, lastname."});
    CHECK(import(f, "").errors ==
          std::vector<std::string>{"users.csv:1: the file is empty; a Moodle users file starts with its header "
                                   "(username,firstname,lastname,email)."});
    CHECK(import(f, "username,firstname,lastname,email,profile_field_shoesize\nana,Ana,L,ana@hill.org,42\n").errors ==
          std::vector<std::string>{"users.csv:1: the column profile_field_shoesize names no additional field; add a "
                                   "field called shoesize first, or leave the column out."});
    CHECK(f.bytes() == before);
    // A column of an unknown field that nobody fills is ignored, as any other column.
    CHECK(import(f, "username,firstname,lastname,email,profile_field_shoesize,auth\nana,Ana,L,ana@hill.org,,manual\n")
              .ok());
    // One file, not several.
    auto two = import_moodle_users(f.store(), f.owner, "x.zip", {{"a.csv", ""}, {"b.csv", ""}});
    REQUIRE_FALSE(two);
    CHECK(two.error().message == "x.zip: a Moodle users import reads one CSV file, not 2.");
}

TEST_CASE("a cohort that is a smart group is refused for a person its rule does not bring in") {
    Fixture f;
    Id g = f.group("Smart Ones");
    must(set_rule(f.store(), f.owner, g, R"(email is "nobody@nowhere.org")"));
    auto done = import(f, "username,firstname,lastname,email,cohort1\nbo,Bo,Chen,bo@hill.org,smart-ones\n");
    CHECK(done.errors == std::vector<std::string>{"users.csv:2: cohort1: Smart Ones is a smart group; its rule decides "
                                                  "who is in it, not the cohort."});
}

TEST_CASE("a dry run checks and counts everything and changes nothing") {
    Fixture f;
    prepare(f);
    auto before = f.bytes();
    auto done = import(f, kSample, true);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 3 people, add 3 memberships");
    CHECK(done.changes.front() == "add person Ana Lopez <ana@hill.org>");
    CHECK(f.bytes() == before);
}

TEST_CASE("importing Moodle files needs org.import and exporting them reports.view; a refusal changes nothing") {
    Fixture f;
    prepare(f);
    Id pat = f.person("pat@riverside.edu");
    auto before = f.bytes();
    auto r = import_moodle_users(f.store(), pat, "users.csv", file(kSample));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(f.bytes() == before);
    CHECK(export_moodle_users(f.store(), pat).error().code == ErrorCode::kForbidden);
    CHECK(export_moodle_cohorts(f.store(), pat).error().code == ErrorCode::kForbidden);
}

TEST_CASE("the exports are Moodle's cohort and user upload files, and import back unchanged") {
    Fixture a;
    prepare(a);
    Id sci = a.group("Science, Lab", a.group("Upper School"));
    must(edit_group(
        a.store(), a.owner, sci,
        {.description = std::string("Wednesdays"), .external_ids = std::vector<ExternalId>{{"moodle", "SCI-1"}}}));
    REQUIRE(import(a, kSample).ok());
    Id eve = a.person("Eve@Hill.org", "Eve", "-Smith");  // not from Moodle: known by her email
    a.join(sci, eve, GroupRole::kMentor);
    a.join(sci, person(a, "bo@hill.org").id);

    std::string cohorts = must(export_moodle_cohorts(a.store(), a.owner));
    CHECK(cohorts ==
          "name,idnumber,description\r\n"
          "\"Science, Lab\",SCI-1,Wednesdays\r\n"
          "Art Club,art-club,\r\n"
          "Grade 9,grade-9,\r\n"
          "Upper School,upper-school,\r\n");
    std::string users = must(export_moodle_users(a.store(), a.owner));
    CHECK(users ==
          "username,firstname,lastname,email,cohort1,cohort2\r\n"
          "ana,Ana,Lopez,ana@hill.org,art-club,grade-9\r\n"
          "bo,Bo,Chen,bo@hill.org,SCI-1,grade-9\r\n"
          "cy,Cy,O'Diaz,cy@hill.org,,\r\n"
          "eve@hill.org,Eve,-Smith,Eve@Hill.org,SCI-1,\r\n"
          "owner@riverside.edu,Olive,Owner,owner@riverside.edu,,\r\n");

    // Back into the same organisation: nothing changes.
    CHECK(import(a, users).counts.summary() == "update 2 people");  // Eve and the owner get their usernames
    CHECK(import(a, users).counts.summary() == "nothing to change");
    CHECK(must(export_moodle_users(a.store(), a.owner)) == users);

    // Into an empty organisation that has the cohorts' groups: the same files again.
    Fixture b;
    prepare(b);
    Id sci_b = b.group("Science, Lab", b.group("Upper School"));
    must(edit_group(
        b.store(), b.owner, sci_b,
        {.description = std::string("Wednesdays"), .external_ids = std::vector<ExternalId>{{"moodle", "SCI-1"}}}));
    auto done = import(b, users);
    REQUIRE(done.ok());
    CHECK(done.counts.summary() == "add 4 people, update 1, add 5 memberships");
    CHECK(must(export_moodle_users(b.store(), b.owner)) == users);
    CHECK(must(export_moodle_cohorts(b.store(), b.owner)) == cohorts);
}
