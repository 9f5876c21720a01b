// Finding people, groups and departments (core/org/lookup.cpp) by ID, email, slug or name, with errors that name them.
#include <doctest/doctest.h>

#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("a person is found by email whatever its case, and an unknown email is named in the error") {
    Fixture f;
    Id ada = f.person("Ada.Lovelace@X.org", "Ada", "Lovelace");
    CHECK(find_user_by_email(f.store(), "ada.lovelace@x.ORG")->id == ada);
    auto found = user_by_email(f.store(), "ADA.LOVELACE@X.ORG");
    REQUIRE(found);
    CHECK(found->email == "Ada.Lovelace@X.org");  // stored as written
    auto missing = user_by_email(f.store(), "ada@x.org");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
    CHECK(missing.error().message == "No person has the email ada@x.org.");
}

TEST_CASE("a group is found by slug, or by its name when the name is unique ignoring case") {
    Fixture f;
    Id grade9 = f.group("Grade 9");
    CHECK(find_group_by_slug(f.store(), "grade-9")->id == grade9);
    CHECK_FALSE(find_group_by_slug(f.store(), "Grade-9").has_value());  // slugs are exact
    auto by_name = group_by_slug_or_name(f.store(), "GRADE 9");
    REQUIRE(by_name);
    CHECK(by_name->id == grade9);
    CHECK(group_by_slug_or_name(f.store(), "grade-9")->id == grade9);

    auto none = group_by_slug_or_name(f.store(), "Grade 10");
    REQUIRE_FALSE(none);
    CHECK(none.error().message == "No group has the slug or name 'Grade 10'.");

    Id school = f.group("School");
    f.group("Grade 9", school);  // a second "Grade 9", slug grade-9-2
    auto ambiguous = group_by_slug_or_name(f.store(), "grade 9");
    REQUIRE_FALSE(ambiguous);
    CHECK(ambiguous.error().message == "Several groups are named 'grade 9'; use the group's slug.");
    CHECK(group_by_slug_or_name(f.store(), "grade-9")->id == grade9);  // the slug still decides
}

TEST_CASE("a slug that is another group's name finds the group with that slug first") {
    Fixture f;
    Id odd = f.group("grade-9");  // its slug is grade-9 too
    f.group("Grade 9");           // slug grade-9-2
    CHECK(group_by_slug_or_name(f.store(), "grade-9")->id == odd);
}

TEST_CASE("a department is found by slug and by ID") {
    Fixture f;
    Id science = f.department("Natural Science");
    CHECK(department_by_slug(f.store(), "natural-science")->id == science);
    auto missing = department_by_slug(f.store(), "Natural Science");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "No department has the slug 'Natural Science'.");
    CHECK(department_by_id(f.store(), science)->name == "Natural Science");
}

TEST_CASE("names for messages stand in for records that no longer exist") {
    Fixture f;
    Id pat = f.person("pat@x.org", "Pat", "Doe");
    Id g = f.group("Grade 9");
    Id d = f.department("Science");
    CHECK(user_name(f.store(), pat) == "Pat Doe");
    CHECK(group_name(f.store(), g) == "Grade 9");
    CHECK(department_name(f.store(), d) == "Science");

    REQUIRE(delete_group(f.store(), f.owner, g, SubgroupFate::kLiftThem));
    REQUIRE(delete_department(f.store(), f.owner, d));
    CHECK(group_name(f.store(), g) == "(deleted group)");
    CHECK(department_name(f.store(), d) == "(deleted department)");
    CHECK(user_name(f.store(), 9999) == "(unknown person)");
    CHECK(user_by_id(f.store(), 9999).error().message == "That person no longer exists.");
    CHECK(group_by_id(f.store(), g).error().message == "That group no longer exists.");
    CHECK(department_by_id(f.store(), d).error().message == "That department no longer exists.");
}
