// `grove field add|list`: the additional fields people carry (F2).
#include <doctest/doctest.h>
#include <string>
#include <utility>
#include <vector>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

TEST_CASE("fields of every type are defined and listed in the order they were made") {
    CliFixture f;
    f.init();
    CHECK(f.ok({"field", "add", "Job Title", "--type", "text"}) == "Defined the text field Job Title.\n");
    CHECK(f.ok({"field", "add", "Grade", "--type", "number"}) == "Defined the number field Grade.\n");
    CHECK(f.ok({"field", "add", "Hire Date", "--type", "date"}) == "Defined the date field Hire Date.\n");
    CHECK(f.ok({"field", "add", "Location", "--type", "choice", "--choices", "North, South,,East"}) ==
          "Defined the choice field Location: North, South, East.\n");
    auto listed = lines(f.ok({"field", "list"}));
    REQUIRE(listed.size() == 4);
    CHECK(listed[0] == "Job Title  text");
    CHECK(listed[1] == "Grade  number");
    CHECK(listed[2] == "Hire Date  date");
    CHECK(listed[3] == "Location  choice: North, South, East");
}

TEST_CASE("a choice field's values must be one of its choices") {
    CliFixture f;
    f.init();
    f.ok({"field", "add", "Location", "--type", "choice", "--choices", "North,South"});
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--field", "Location=north"});
    CHECK(f.ok({"user", "show", "grace@hill.org"}).find("  Location: North\n") != std::string::npos);
    auto run = f.grove({"user", "edit", "grace@hill.org", "--field", "Location=West"});
    CHECK(run.err == "grove: error: Location must be one of North, South, not 'West'.\n");
}

TEST_CASE("field definitions that make no sense are bad input and change nothing") {
    CliFixture f;
    f.init();
    f.ok({"field", "add", "Job Title", "--type", "text"});
    auto before = f.bytes();
    auto run = f.grove({"field", "add", "Location", "--type", "choice"});
    CHECK(one_line_failure(run, 1, "grove: error: A choice field needs at least one choice."));
    run = f.grove({"field", "add", "Nickname", "--type", "text", "--choices", "a,b"});
    CHECK(run.err == "grove: error: Only a choice field has choices.\n");
    run = f.grove({"field", "add", "Shoe", "--type", "size"});
    CHECK(run.err == "grove: error: 'size' is not a field type; use text, number, date or choice.\n");
    run = f.grove({"field", "add", "job title", "--type", "text"});
    CHECK(run.err == "grove: error: A field named job title already exists.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("field add needs its type") {
    CliFixture f;
    f.init();
    auto run = f.grove({"field", "add", "Job Title"});
    CHECK(one_line_failure(run, 2, "grove: usage: field add needs --type TYPE; see grove help field add"));
}

TEST_CASE("a number field keeps the decimal number as written and refuses hex, exponents and separators") {
    CliFixture f;
    f.init();
    f.ok({"field", "add", "Score", "--type", "number"});
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--field",
          "Score=99999999999999999999999"});
    CHECK(f.ok({"user", "show", "grace@hill.org"}).find("  Score: 99999999999999999999999\n") != std::string::npos);
    f.ok({"user", "edit", "grace@hill.org", "--field", "Score=+007.50"});
    CHECK(f.ok({"user", "show", "grace@hill.org"}).find("  Score: 7.5\n") != std::string::npos);

    auto before = f.bytes();
    auto run = f.grove({"user", "edit", "grace@hill.org", "--field", "Score=-0x10"});
    CHECK(one_line_failure(run, 1, "grove: error: Score must be a number, not '-0x10'."));
    run = f.grove({"user", "add", "bo@hill.org", "--first", "Bo", "--last", "Chen", "--field", "Score=1e3"});
    CHECK(one_line_failure(run, 1, "grove: error: Score must be a number, not '1e3'."));
    run = f.grove({"user", "edit", "grace@hill.org", "--field", "Score=1,000"});
    CHECK(one_line_failure(run, 1, "grove: error: Score must be a number, not '1,000'."));
    CHECK(f.bytes() == before);
}

TEST_CASE("a field may not take the name of a person's own column, in any case, spacing or underscores") {
    CliFixture f;
    f.init();
    auto before = f.bytes();
    for (const auto& [name, column] : std::vector<std::pair<std::string, std::string>>{{"Email", "Email"},
                                                                                       {"first_name", "First name"},
                                                                                       {"Last  Name", "Last name"},
                                                                                       {"DEPARTMENT", "Department"},
                                                                                       {"status", "Status"},
                                                                                       {"Group", "Group"},
                                                                                       {"role", "Role"}}) {
        CAPTURE(name);
        auto run = f.grove({"field", "add", name, "--type", "text"});
        const std::string shown = name == "Last  Name" ? "Last Name" : name;  // inner spaces collapse
        CHECK(one_line_failure(run, 1,
                               "grove: error: A field cannot be called '" + shown + "': every person already has " +
                                   column + ". Give the field a name of its own."));
    }
    CHECK(f.bytes() == before);
    // Names that only contain one are fine.
    CHECK(f.ok({"field", "add", "Email Consent", "--type", "text"}) == "Defined the text field Email Consent.\n");
}
