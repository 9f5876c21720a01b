// `grove field add|list|rename|choices|delete`: the additional fields people carry (F2).
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

namespace {

// Level (Junior, Senoir, Staff) held by Grace and Alan as Senoir and by Bo as Junior; Job Titel held by Grace.
void with_levels(CliFixture& f) {
    f.init();
    f.ok({"field", "add", "Job Titel", "--type", "text"});
    f.ok({"field", "add", "Level", "--type", "choice", "--choices", "Junior,Senoir,Staff"});
    f.ok({"user", "add", "grace@hill.org", "--first", "Grace", "--last", "Hopper", "--field", "Level=Senoir", "--field",
          "Job Titel=Teacher"});
    f.ok({"user", "add", "alan@hill.org", "--first", "Alan", "--last", "Turing", "--field", "Level=Senoir"});
    f.ok({"user", "add", "bo@hill.org", "--first", "Bo", "--last", "Chen", "--field", "Level=Junior"});
}

std::string newest_audit(CliFixture& f) { return lines(f.ok({"audit", "--limit", "1"})).at(0).substr(22); }

}  // namespace

TEST_CASE("field rename gives a field a new name; people's values and smart groups follow it") {
    CliFixture f;
    with_levels(f);
    f.ok({"group", "create", "Teachers", "--rule", "field \"Job Titel\" contains \"teach\""});
    CHECK(f.ok({"field", "rename", "job titel", "  Job   Title "}) == "Renamed the field Job Titel to Job Title.\n");
    CHECK(newest_audit(f) == "Ada Lovelace renamed the field Job Titel to Job Title.");
    CHECK(f.ok({"user", "show", "grace@hill.org"}).find("  Job Title: Teacher\n") != std::string::npos);
    CHECK(lines(f.ok({"group", "rule", "show", "teachers"})).at(0) == "field \"Job Title\" contains \"teach\"");
    CHECK(lines(f.ok({"field", "list"})).at(0) == "Job Title  text");
}

TEST_CASE("field rename refuses a name taken by another field or a person's own column, and unknown fields") {
    CliFixture f;
    with_levels(f);
    auto before = f.bytes();
    CHECK(one_line_failure(f.grove({"field", "rename", "Job Titel", "level"}), 1,
                           "grove: error: A field named Level already exists."));
    CHECK(one_line_failure(f.grove({"field", "rename", "Job Titel", "E_mail"}), 1,
                           "grove: error: A field cannot be called 'E_mail': every person already has Email. Give the "
                           "field a name of its own."));
    CHECK(one_line_failure(f.grove({"field", "rename", "Job Titel", " "}), 1, "grove: error: A field needs a name."));
    CHECK(one_line_failure(f.grove({"field", "rename", "Shoe Size", "Shoes"}), 1,
                           "grove: error: No additional field is named 'Shoe Size'."));
    CHECK(one_line_failure(f.grove({"field", "rename", "Job Titel"}), 2,
                           "grove: usage: field rename needs NEW-NAME; see grove help field rename"));
    CHECK(f.bytes() == before);
    f.person("pat@hill.org", "Pat", "Doe");
    before = f.bytes();
    CHECK(one_line_failure(f.grove({"--as", "pat@hill.org", "field", "rename", "Job Titel", "Job Title"}), 1,
                           "grove: error: Pat Doe may not rename additional fields. Only people who can change the "
                           "organisation's settings can do this: Owner or Admin."));
    CHECK(one_line_failure(f.grove({"--as", "pat@hill.org", "field", "delete", "Job Titel", "--with-values"}), 1,
                           "grove: error: Pat Doe may not delete additional fields."));
    CHECK(one_line_failure(f.grove({"--as", "pat@hill.org", "field", "choices", "Level", "Junior"}), 1,
                           "grove: error: Pat Doe may not change the choices of additional fields."));
    CHECK(f.bytes() == before);
}

TEST_CASE("field choices sets the new list and maps the values people hold, in one step") {
    CliFixture f;
    with_levels(f);
    CHECK(f.ok({"field", "choices", "Level", "Junior", "Senior", "Staff", "Lead", "--map", "Senoir=senior"}) ==
          "Changed the choices of Level to Junior, Senior, Staff, Lead; mapped Senoir to Senior for 2 people (Alan "
          "Turing and Grace Hopper).\n");
    CHECK(lines(f.ok({"field", "list"})).at(1) == "Level  choice: Junior, Senior, Staff, Lead");
    CHECK(f.ok({"user", "show", "alan@hill.org"}).find("  Level: Senior\n") != std::string::npos);
    CHECK(newest_audit(f) ==
          "Ada Lovelace changed the choices of Level from Junior, Senoir, Staff to Junior, Senior, Staff, Lead; mapped "
          "Senoir to Senior for 2 people (Alan Turing and Grace Hopper). (2 people listed: --details shows them)");
    // A list without changes to values says only the new list.
    CHECK(f.ok({"field", "choices", "Level", "Lead", "Junior", "Senior", "Staff"}) ==
          "Changed the choices of Level to Lead, Junior, Senior, Staff.\n");
}

TEST_CASE("field choices refuses to leave a held value dangling, naming it, its holders' count and the option") {
    CliFixture f;
    with_levels(f);
    auto before = f.bytes();
    CHECK(one_line_failure(f.grove({"field", "choices", "Level", "Junior", "Senior", "Staff"}), 1,
                           "grove: error: 2 people hold 'Senoir', which is not among the new choices: map it with "
                           "--map Senoir=CHOICE."));
    CHECK(one_line_failure(f.grove({"field", "choices", "Level", "Senior", "Staff", "--map", "Senoir=Senior"}), 1,
                           "grove: error: 1 person holds 'Junior', which is not among the new choices: map it with "
                           "--map Junior=CHOICE."));
    CHECK(one_line_failure(f.grove({"field", "choices", "Level", "Junior", "Senior", "--map", "Senoir=Lead"}), 1,
                           "grove: error: 'Senoir' cannot become 'Lead': it is not among the new choices (Junior, "
                           "Senior)."));
    CHECK(one_line_failure(f.grove({"field", "choices", "Level", "Junior", "Senoir", "--map", "Senoir"}), 1,
                           "grove: error: --map takes KEY=VALUE, not 'Senoir'."));
    CHECK(one_line_failure(f.grove({"field", "choices", "Level", "Junior", "junior", "Senoir"}), 1,
                           "grove: error: The choices Junior and junior are the same choice."));
    CHECK(one_line_failure(f.grove({"field", "choices", "Job Titel", "A", "B"}), 1,
                           "grove: error: Job Titel is a text field: only a choice field has choices."));
    CHECK(one_line_failure(f.grove({"field", "choices", "Level"}), 2,
                           "grove: usage: field choices needs CHOICE; see grove help field choices"));
    CHECK(f.bytes() == before);
}

TEST_CASE("field choices refuses to drop a choice a smart group's rule compares with, naming the group") {
    CliFixture f;
    with_levels(f);
    f.ok({"group", "create", "Seniors", "--rule", "field \"Level\" is \"Senoir\""});
    auto before = f.bytes();
    CHECK(one_line_failure(
        f.grove({"field", "choices", "Level", "Junior", "Senior", "Staff", "--map", "Senoir=Senior"}), 1,
        "grove: error: The choice Senoir of Level cannot go: the rule of Seniors compares Level with it; change that "
        "rule first."));
    CHECK(f.bytes() == before);
}

TEST_CASE("field delete refuses a field people hold values of without --with-values, and takes them with it") {
    CliFixture f;
    with_levels(f);
    auto before = f.bytes();
    CHECK(one_line_failure(f.grove({"field", "delete", "Level"}), 1,
                           "grove: error: 3 people hold a value in Level: add --with-values to delete them too."));
    CHECK(f.bytes() == before);
    CHECK(f.ok({"field", "delete", "level", "--with-values"}) == "Deleted the field Level and 3 values.\n");
    CHECK(newest_audit(f) ==
          "Ada Lovelace deleted the field Level and its 3 values (held by Alan Turing, Bo Chen and Grace Hopper). (3 "
          "people listed: --details shows them)");
    CHECK(lines(f.ok({"field", "list"})) == std::vector<std::string>{"Job Titel  text"});
    CHECK(f.ok({"user", "show", "bo@hill.org"}).find("Fields: (none)\n") != std::string::npos);
    f.ok({"field", "add", "Shoe Size", "--type", "number"});
    CHECK(f.ok({"field", "delete", "Shoe Size"}) == "Deleted the field Shoe Size.\n");
    CHECK(one_line_failure(f.grove({"field", "delete", "Shoe Size"}), 1,
                           "grove: error: No additional field is named 'Shoe Size'."));
}

TEST_CASE("field delete is refused while a smart group's rule reads the field, even with --with-values") {
    CliFixture f;
    with_levels(f);
    f.ok({"group", "create", "Juniors", "--rule", "field \"Level\" is \"Junior\""});
    auto before = f.bytes();
    const std::string refusal =
        "grove: error: The field Level cannot be deleted: the rule of Juniors reads it; change that rule first.";
    CHECK(one_line_failure(f.grove({"field", "delete", "Level"}), 1, refusal));
    CHECK(one_line_failure(f.grove({"field", "delete", "Level", "--with-values"}), 1, refusal));
    CHECK(f.bytes() == before);
    f.ok({"group", "rule", "clear", "juniors"});
    CHECK(f.ok({"field", "delete", "Level", "--with-values"}) == "Deleted the field Level and 3 values.\n");
}
