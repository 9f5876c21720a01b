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
