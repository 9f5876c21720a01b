// People and additional fields (core/org/people.cpp).
#include <doctest/doctest.h>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("emails are unique ignoring case") {
    Fixture f;
    f.person("Ada@X.org", "Ada", "Lovelace");
    auto before = f.bytes();
    auto r = add_user(f.store(), f.owner, {"ada@x.ORG", "Another", "Ada", {}, {}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kDuplicate);
    CHECK(r.error().message == "The email ada@x.ORG already belongs to Ada Lovelace.");
    CHECK(f.bytes() == before);
    CHECK(find_user_by_email(f.store(), "ADA@x.org").has_value());
}

TEST_CASE("emails outside ASCII are one person's in any case and any accent encoding") {
    Fixture f;
    Id jurgen = f.person("j\xC3\xBCrgen@ex\xC3\xA4mple.de", "J\xC3\xBCrgen", "Weber");
    auto before = f.bytes();
    auto upper = add_user(f.store(), f.owner, {"J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE", "Another", "Weber", {}, {}});
    REQUIRE_FALSE(upper);
    CHECK(upper.error().message == "The email J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE already belongs to J\xC3\xBCrgen Weber.");
    // The same letters decomposed (u + combining diaeresis): still the same address.
    auto decomposed = add_user(f.store(), f.owner, {"ju\xCC\x88rgen@exa\xCC\x88mple.de", "A", "B", {}, {}});
    REQUIRE_FALSE(decomposed);
    CHECK(decomposed.error().code == ErrorCode::kDuplicate);
    CHECK(f.bytes() == before);
    // Found by any spelling of the address.
    auto found = find_user_by_email(f.store(), "J\xC3\x9CRGEN@exa\xCC\x88mple.DE");
    REQUIRE(found);
    CHECK(found->id == jurgen);
    // Editing another person onto the address is refused too.
    Id other = f.person("kim@x.org", "Kim", "Lee");
    UserEdit edit;
    edit.email = "J\xC3\x9Crgen@ex\xC3\xA4mple.de";
    CHECK_FALSE(edit_user(f.store(), f.owner, other, edit));
    // The database itself holds the rule, whatever path a write takes.
    CHECK_THROWS(
        f.store().db().exec("INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
                            "VALUES ('x', 'J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE', 'X', 'Y', 'active', 0, 0)"));
}

TEST_CASE("names are one line: a line break or a tab is refused and nothing changes") {
    Fixture f;
    Id ada = f.person("ada@x.org", "Ada", "Lovelace");
    auto before = f.bytes();
    auto added = add_user(f.store(), f.owner, {"evil@x.org", "Evil\nName", "Doe", {}, {}});
    REQUIRE_FALSE(added);
    CHECK(added.error().code == ErrorCode::kBadValue);
    CHECK(added.error().message == "The first name has a line break; it must be one line.");
    UserEdit edit;
    edit.last_name = "Love\tlace";
    auto edited = edit_user(f.store(), f.owner, ada, edit);
    REQUIRE_FALSE(edited);
    CHECK(edited.error().message == "The last name has a tab; it must be one line.");
    CHECK(f.bytes() == before);
}

TEST_CASE("additional fields of each type are checked and stored") {
    Fixture f;
    REQUIRE(add_field(f.store(), f.owner, "Job Title", FieldType::kText));
    REQUIRE(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    REQUIRE(add_field(f.store(), f.owner, "Years", FieldType::kNumber));
    REQUIRE(add_field(f.store(), f.owner, "Location", FieldType::kChoice, {"North", "South"}));
    CHECK(list_fields(f.store()).size() == 4);
    auto dup = add_field(f.store(), f.owner, "job title", FieldType::kText);
    REQUIRE_FALSE(dup);
    CHECK(dup.error().code == ErrorCode::kDuplicate);
    CHECK_FALSE(add_field(f.store(), f.owner, "Empty", FieldType::kChoice));

    auto u =
        add_user(f.store(), f.owner,
                 {"t@x.org",
                  "Tia",
                  "Teacher",
                  {},
                  {{"Job Title", "Teacher"}, {"hire date", "2024-08-19"}, {"Years", "3.50"}, {"Location", "north"}}});
    REQUIRE(u);
    auto values = field_values(f.store(), u->id);
    REQUIRE(values.size() == 4);
    CHECK(values[1].value == "2024-08-19");
    CHECK(values[2].value == "3.5");
    CHECK(values[3].value == "North");

    auto bad_date = add_user(f.store(), f.owner, {"u@x.org", "U", "V", {}, {{"Hire Date", "19/08/2024"}}});
    REQUIRE_FALSE(bad_date);
    CHECK(bad_date.error().message == "Hire Date must be a date written YYYY-MM-DD, not '19/08/2024'.");
    auto bad_choice = add_user(f.store(), f.owner, {"u@x.org", "U", "V", {}, {{"Location", "West"}}});
    REQUIRE_FALSE(bad_choice);
    CHECK(bad_choice.error().message == "Location must be one of North, South, not 'West'.");
    auto unknown = add_user(f.store(), f.owner, {"u@x.org", "U", "V", {}, {{"Shoe size", "42"}}});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::kNotFound);
    CHECK_FALSE(find_user_by_email(f.store(), "u@x.org"));  // nothing half-written

    REQUIRE(edit_user(f.store(), f.owner, u->id, {.fields = {{"Years", ""}}}));
    CHECK(field_values(f.store(), u->id).size() == 3);
}

TEST_CASE("a person is edited, deactivated and reactivated") {
    Fixture f;
    Id d = f.department("Science");
    Id u = f.person("p@x.org", "Pat", "Doe");
    auto r = edit_user(f.store(), f.owner, u, {.email = "pat@x.org", .first_name = "Patricia", .department_id = d});
    REQUIRE(r);
    CHECK(r->email == "pat@x.org");
    CHECK(r->display_name() == "Patricia Doe");
    CHECK(r->department_id == d);
    REQUIRE(edit_user(f.store(), f.owner, u, {.status = UserStatus::kDeactivated}));
    CHECK(find_user(f.store(), u)->status == UserStatus::kDeactivated);
    REQUIRE(edit_user(f.store(), f.owner, u, {.status = UserStatus::kActive}));
    auto self = edit_user(f.store(), f.owner, f.owner, {.status = UserStatus::kDeactivated});
    REQUIRE_FALSE(self);
    CHECK(self.error().message == "You cannot deactivate yourself.");
}

TEST_CASE("people rows carry department and roles, in natural order") {
    Fixture f;
    Id d = f.department("Science");
    Id b = f.person("b@x.org", "Pupil", "10", d);
    f.person("a@x.org", "Pupil", "9");
    f.grant(b, OrgRole::kDepartmentAdmin, d);
    auto rows = people_rows(f.store());
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].name == "Olive Owner");
    CHECK(rows[0].roles == "Owner");
    CHECK(rows[1].name == "Pupil 9");
    CHECK(rows[2].name == "Pupil 10");
    CHECK(rows[2].department == "Science");
    CHECK(rows[2].roles == "Department Admin of Science");
    CHECK(rows[2].search_key == "pupil 10 b@x.org");
}

TEST_CASE("people rows carry each org role held, builtin or custom, for filtering by role") {
    Fixture f;
    Id d = f.department("Science");
    Id bo = f.person("bo@x.org", "Bo", "Chen", d);
    Id cy = f.person("cy@x.org", "Cy", "Dunn");
    f.person("di@x.org", "Di", "Eyre");
    auto registrar = define_custom_role(f.store(), f.owner, "Registrar", kPermManageUsers);
    REQUIRE(registrar);
    f.grant(bo, OrgRole::kDepartmentAdmin, d);
    REQUIRE(grant_role(f.store(), f.owner, bo, {OrgRole::kCustom, registrar->id, std::nullopt}));
    f.grant(cy, OrgRole::kAdmin);
    auto rows = people_rows(f.store());
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].name == "Bo Chen");
    CHECK(rows[0].held_roles ==
          std::vector<HeldRole>{{OrgRole::kDepartmentAdmin, std::nullopt}, {OrgRole::kCustom, registrar->id}});
    CHECK(rows[0].roles == "Department Admin of Science, Registrar");
    CHECK(rows[1].held_roles == std::vector<HeldRole>{{OrgRole::kAdmin, std::nullopt}});
    CHECK(rows[2].name == "Di Eyre");
    CHECK(rows[2].held_roles.empty());
    CHECK(rows[3].held_roles == std::vector<HeldRole>{{OrgRole::kOwner, std::nullopt}});
}

TEST_CASE("every value an edit would be refused for is found at once, with edit_user's own messages") {
    Fixture f;
    REQUIRE(add_field(f.store(), f.owner, "Hire Date", FieldType::kDate));
    REQUIRE(add_field(f.store(), f.owner, "Years", FieldType::kNumber));
    REQUIRE(add_field(f.store(), f.owner, "Job Title", FieldType::kText));
    f.person("ada@x.org", "Ada", "Lovelace");
    Id pat = f.person("pat@x.org", "Pat", "Doe");
    const Id years = find_field(f.store(), "Years")->id;
    const Id hire = find_field(f.store(), "Hire Date")->id;
    using What = ValueProblem::What;

    UserEdit edit;
    edit.first_name = "   ";
    edit.last_name = "Do\te";
    edit.email = "ada@x.org";
    edit.fields = {{"Job Title", "Teacher"}, {"Years", "three"}, {"Hire Date", "2024-13-01"}};
    const std::vector<ValueProblem> problems = user_edit_problems(f.store(), pat, edit);
    REQUIRE(problems.size() == 5);
    CHECK(problems[0].what == What::kFirstName);
    CHECK(problems[0].message == "A person needs a first name.");
    CHECK(problems[1].what == What::kLastName);
    CHECK(problems[1].message == "The last name has a tab; it must be one line.");
    CHECK(problems[2].what == What::kEmail);
    CHECK(problems[2].message == "The email ada@x.org already belongs to Ada Lovelace.");
    CHECK(problems[3].what == What::kField);
    CHECK(problems[3].field_id == years);
    CHECK(problems[3].message == "Years must be a number, not 'three'.");
    CHECK(problems[4].field_id == hire);
    CHECK(problems[4].message == "Hire Date must be a date written YYYY-MM-DD, not '2024-13-01'.");
    // edit_user refuses the same edit with the first of them, and writes nothing.
    auto before = f.bytes();
    auto refused = edit_user(f.store(), f.owner, pat, edit);
    REQUIRE_FALSE(refused);
    CHECK(f.bytes() == before);

    // A malformed email, and the person's own email, which is no clash; an empty value clears a field.
    CHECK(user_edit_problems(f.store(), pat, {.email = "pat.x.org"})[0].message ==
          "'pat.x.org' is not an email address.");
    CHECK(user_edit_problems(f.store(), pat, {.email = "PAT@x.org", .fields = {{"Years", ""}}}).empty());
    // What edit_user would take is no problem.
    UserEdit good;
    good.first_name = "Patricia";
    good.fields = {{"Years", "+3.50"}, {"Hire Date", "2024-08-19"}};
    CHECK(user_edit_problems(f.store(), pat, good).empty());
    REQUIRE(edit_user(f.store(), f.owner, pat, good));
}

TEST_CASE("a number field takes a decimal number as written and refuses anything else") {
    Fixture f;
    REQUIRE(add_field(f.store(), f.owner, "Score", FieldType::kNumber));
    auto u = add_user(f.store(), f.owner, {"s@x.org", "Sam", "Score", {}, {{"Score", "99999999999999999999999"}}});
    REQUIRE(u);
    CHECK(field_values(f.store(), u->id)[0].value == "99999999999999999999999");  // not 1e+23

    const std::pair<const char*, const char*> kept[] = {
        {"+007.50", "7.5"}, {" 12 ", "12"}, {"-0", "0"}, {".5", "0.5"}, {"-3.25", "-3.25"}};
    for (const auto& pair : kept) {  // no structured binding: INFO's lambda cannot capture one under clang 14
        const char* written = pair.first;
        INFO(written);
        REQUIRE(edit_user(f.store(), f.owner, u->id, {.fields = {{"Score", written}}}));
        CHECK(field_values(f.store(), u->id)[0].value == pair.second);
    }

    auto before = f.bytes();
    for (const char* written : {"-0x10", "0x1p3", "1e3", "1,000", "1 2", "inf", "nan", "5."}) {
        INFO(written);
        auto refused = edit_user(f.store(), f.owner, u->id, {.fields = {{"Score", written}}});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == ErrorCode::kBadValue);
        CHECK(refused.error().message == std::string("Score must be a number, not '") + written + "'.");
        auto added = add_user(f.store(), f.owner, {"n@x.org", "N", "N", {}, {{"Score", written}}});
        REQUIRE_FALSE(added);
        CHECK(added.error().message == refused.error().message);
    }
    CHECK(f.bytes() == before);
    CHECK(field_values(f.store(), u->id)[0].value == "-3.25");
}

TEST_CASE("a number stored by an older version is shown as it was stored") {
    Fixture f;
    REQUIRE(add_field(f.store(), f.owner, "Score", FieldType::kNumber));
    auto u = add_user(f.store(), f.owner, {"s@x.org", "Sam", "Score", {}, {}});
    REQUIRE(u);
    f.store()
        .db()
        .prepare("INSERT INTO user_fields (user_id, field_id, value, updated_at) SELECT ?, id, '1e+23', 0 FROM fields")
        ->bind_all(u->id)
        .run();
    CHECK(field_values(f.store(), u->id)[0].value == "1e+23");
}

TEST_CASE("the audit of a person's edit says what changed, old to new") {
    Fixture f;
    Id science = f.department("Science");
    Id maths = f.department("Maths");
    REQUIRE(add_field(f.store(), f.owner, "Job Title", FieldType::kText));
    Id ana = f.person("ana@x.org", "Ana", "Hill", science);
    auto last_entry = [&] {
        auto entries = read_audit(f.store(), f.owner, {.limit = 1});
        REQUIRE(entries);
        REQUIRE_FALSE(entries->empty());
        return entries->front().summary;
    };

    REQUIRE(edit_user(f.store(), f.owner, ana, {.first_name = "Anna", .department_id = maths}));
    CHECK(last_entry() ==
          "Olive Owner edited Anna Hill: changed first name from Ana to Anna; department from Science to Maths.");
    REQUIRE(edit_user(f.store(), f.owner, ana, {.email = "anna@x.org", .fields = {{"Job Title", "Teacher"}}}));
    CHECK(last_entry() ==
          "Olive Owner edited Anna Hill: changed email from ana@x.org to anna@x.org; Job Title from (none) to "
          "Teacher.");
    REQUIRE(
        edit_user(f.store(), f.owner, ana, {.department_id = std::optional<Id>{}, .status = UserStatus::kDeactivated}));
    CHECK(last_entry() == "Olive Owner deactivated Anna Hill; changed department from Maths to no department.");
    REQUIRE(edit_user(f.store(), f.owner, ana, {.first_name = "Anna"}));
    CHECK(last_entry() == "Olive Owner saved Anna Hill unchanged.");
}
