// Changing additional fields (core/org/fields.cpp): renaming, changing a choice field's choices with the values
// people hold, deleting with or without the values, and the smart groups whose rules read a field.
#include <doctest/doctest.h>

#include "must.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

std::vector<std::string> audit_summaries(Store& s, const std::string& action) {
    std::vector<std::string> out;
    auto q = s.db().prepare_once("SELECT summary FROM audit WHERE action = ? ORDER BY id");
    q->bind(1, action);
    while (q->step()) out.push_back(q->col_text(0));
    return out;
}

std::string value_of(Store& s, Id user, const std::string& field) {
    for (const auto& v : field_values(s, user))
        if (v.field_name == field) return v.value;
    return "";
}

std::vector<Id> members(Store& s, Id group) {
    std::vector<Id> out;
    for (const auto& p : group_people(s, group)) out.push_back(p.user.id);
    std::sort(out.begin(), out.end());
    return out;
}

struct World : Fixture {
    Id ada = person("ada@s.org", "Ada", "Abbott");
    Id bo = person("bo@s.org", "Bo", "Chen");
    Id cy = person("cy@s.org", "Cy", "Dart");
    Id job = must(add_field(store(), owner, "Job Titel", FieldType::kText)).id;
    Id level = must(add_field(store(), owner, "Level", FieldType::kChoice, {"Junior", "Senoir", "Staff"})).id;
    World() {
        must(edit_user(store(), owner, ada, {.fields = {{"Job Titel", "Teacher"}, {"Level", "Senoir"}}}));
        must(edit_user(store(), owner, bo, {.fields = {{"Job Titel", "Nurse"}, {"Level", "Senoir"}}}));
        must(edit_user(store(), owner, cy, {.fields = {{"Level", "Junior"}}}));
    }
};

}  // namespace

TEST_CASE("a renamed field keeps its values under the new name and the audit says what it was called") {
    World w;
    Store& s = w.store();
    auto renamed = must(rename_field(s, w.owner, w.job, "  Job   Title "));
    CHECK(renamed.name == "Job Title");
    CHECK(renamed.id == w.job);
    CHECK(value_of(s, w.ada, "Job Title") == "Teacher");
    CHECK_FALSE(find_field(s, "Job Titel"));
    CHECK(audit_summaries(s, "field.rename") ==
          std::vector<std::string>{"Olive Owner renamed the field Job Titel to Job Title."});
    // Only the case may change too.
    CHECK(must(rename_field(s, w.owner, w.job, "job title")).name == "job title");
}

TEST_CASE("a rename is refused onto another field, a person's own column, an empty name, or the same name") {
    World w;
    Store& s = w.store();
    auto before = w.bytes();
    auto r = rename_field(s, w.owner, w.job, "LEVEL");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kDuplicate);
    CHECK(r.error().message == "A field named Level already exists.");
    r = rename_field(s, w.owner, w.job, "first_name");
    CHECK(r.error().message ==
          "A field cannot be called 'first_name': every person already has First name. Give the field a name of its "
          "own.");
    r = rename_field(s, w.owner, w.job, "   ");
    CHECK(r.error().message == "A field needs a name.");
    r = rename_field(s, w.owner, w.job, "Job Titel");
    CHECK(r.error().message == "The field is already called Job Titel.");
    r = rename_field(s, w.ada, w.job, "Job Title");
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(w.bytes() == before);
}

TEST_CASE("a smart group whose rule reads a renamed field keeps its members and shows the new name") {
    World w;
    Store& s = w.store();
    Id teachers = w.group("Teachers");
    must(set_rule(s, w.owner, teachers, R"(field "Job Titel" contains "teach")"));
    CHECK(members(s, teachers) == std::vector<Id>{w.ada});
    must(rename_field(s, w.owner, w.job, "Job Title"));
    CHECK(smart_rule(s, teachers)->text == R"(field "Job Title" contains "teach")");
    CHECK(members(s, teachers) == std::vector<Id>{w.ada});
    // The rule still follows the values.
    must(edit_user(s, w.owner, w.bo, {.fields = {{"Job Title", "Teacher"}}}));
    CHECK(members(s, teachers) == std::vector<Id>{w.ada, w.bo});
}

TEST_CASE("new choices map the values people hold in the same command, with one audit entry naming them") {
    World w;
    Store& s = w.store();
    auto changed =
        must(set_field_choices(s, w.owner, w.level, {"Junior", "Senior", "Staff", "Lead"}, {{"Senoir", "senior"}}));
    CHECK(changed.field.choices == std::vector<std::string>{"Junior", "Senior", "Staff", "Lead"});
    CHECK(changed.remapped == 2);
    CHECK(changed.detail == "mapped Senoir to Senior for 2 people (Ada Abbott and Bo Chen)");
    CHECK(value_of(s, w.ada, "Level") == "Senior");
    CHECK(value_of(s, w.bo, "Level") == "Senior");
    CHECK(value_of(s, w.cy, "Level") == "Junior");
    CHECK(audit_summaries(s, "field.choices") ==
          std::vector<std::string>{
              "Olive Owner changed the choices of Level from Junior, Senoir, Staff to Junior, Senior, Staff, "
              "Lead; mapped Senoir to Senior for 2 people (Ada Abbott and Bo Chen)."});
    // A value may join another choice that stays, and a new spelling of a choice renames it for its holders.
    must(set_field_choices(s, w.owner, w.level, {"junior", "Senior", "Lead"}, {{"Staff", "Lead"}}));
    CHECK(value_of(s, w.cy, "Level") == "junior");
    auto valid = normalize_field_value(*find_field(s, "Level"), "STAFF");
    CHECK_FALSE(valid);
}

TEST_CASE("the audit entry of a change to many names five people and counts the rest") {
    World w;
    Store& s = w.store();
    for (int i = 0; i < 7; ++i) {
        Id p = w.person("p" + std::to_string(i) + "@s.org", "P" + std::to_string(i), "Park");
        must(edit_user(s, w.owner, p, {.fields = {{"Level", "Staff"}}}));
    }
    auto changed = must(set_field_choices(s, w.owner, w.level, {"Junior", "Senoir", "Crew"}, {{"Staff", "Crew"}}));
    CHECK(changed.detail ==
          "mapped Staff to Crew for 7 people (P0 Park, P1 Park, P2 Park, P3 Park, P4 Park and 2 more)");
    // Opened, the entry lists all seven, each value before and after.
    auto entries = must(read_audit(s, w.owner, {.limit = 1, .with_details = true}));
    REQUIRE(entries[0].details.size() == 7);
    CHECK(entries[0].details[6].name == "P6 Park");
    CHECK(entries[0].details[6].what == "changed Level from Staff to Crew");
}

TEST_CASE("new choices that would leave a held value dangling are refused with its count, and change nothing") {
    World w;
    Store& s = w.store();
    auto before = w.bytes();
    auto r = set_field_choices(s, w.owner, w.level, {"Junior", "Senior", "Staff"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().message ==
          "2 people hold 'Senoir' in Level, which is not among the new choices: say which choice they get instead.");
    auto left = unmapped_values(s, *find_field(s, "Level"), {"Senior", "Staff"}, {});
    REQUIRE(left.size() == 2);
    CHECK(left[0].value == "Senoir");
    CHECK(left[0].people == 2);
    CHECK(left[1].value == "Junior");
    CHECK(left[1].people == 1);

    r = set_field_choices(s, w.owner, w.level, {"Junior", "Senior"}, {{"Senoir", "Sneior"}});
    CHECK(r.error().message == "'Senoir' cannot become 'Sneior': it is not among the new choices (Junior, Senior).");
    r = set_field_choices(s, w.owner, w.level, {"Junior", "Senior", "Staff"}, {{"Boss", "Senior"}});
    CHECK(r.error().message == "'Boss' is not a choice of Level (Junior, Senoir, Staff).");
    r = set_field_choices(s, w.owner, w.level, {"Junior", "Senior", "Staff"},
                          {{"Senoir", "Senior"}, {"senoir", "Staff"}});
    CHECK(r.error().message == "'senoir' is mapped twice.");
    r = set_field_choices(s, w.owner, w.level, {"Junior", "Staff", "junior"});
    CHECK(r.error().message == "The choices Junior and junior are the same choice.");
    r = set_field_choices(s, w.owner, w.level, {"Junior", "Junior"});
    CHECK(r.error().message == "The choice Junior is given twice.");
    r = set_field_choices(s, w.owner, w.level, {});
    CHECK(r.error().message == "A choice field needs at least one choice.");
    r = set_field_choices(s, w.owner, w.level, {"Junior", " "});
    CHECK(r.error().message == "A choice cannot be empty.");
    r = set_field_choices(s, w.owner, w.level, {"Junior", "Senoir", "Staff"});
    CHECK(r.error().message == "Level already has the choices Junior, Senoir, Staff.");
    r = set_field_choices(s, w.owner, w.job, {"A"});
    CHECK(r.error().message == "Job Titel is a text field: only a choice field has choices.");
    r = set_field_choices(s, w.ada, w.level, {"Junior", "Senoir", "Staff", "Lead"});
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(w.bytes() == before);
}

TEST_CASE("a choice a smart group's rule compares with cannot go; the group is named, and other choices may") {
    World w;
    Store& s = w.store();
    Id seniors = w.group("Seniors");
    must(set_rule(s, w.owner, seniors, R"(field "Level" is one of ("Senoir", "Staff"))"));
    CHECK(members(s, seniors) == std::vector<Id>{w.ada, w.bo});
    auto before = w.bytes();
    auto r = set_field_choices(s, w.owner, w.level, {"Junior", "Senior", "Staff"}, {{"Senoir", "Senior"}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().message ==
          "The choice Senoir of Level cannot go: the rule of Seniors compares Level with it; change that rule first.");
    CHECK(w.bytes() == before);
    // Junior is not compared: it may be renamed, and the people it moves are re-evaluated in the same command.
    must(set_field_choices(s, w.owner, w.level, {"Staff", "Senoir", "Trainee"}, {{"Junior", "Staff"}}));
    CHECK(value_of(s, w.cy, "Level") == "Staff");
    CHECK(members(s, seniors) == std::vector<Id>{w.ada, w.bo, w.cy});
    // A substring comparison does not name a choice.
    Id tall = w.group("Tall");
    must(set_rule(s, w.owner, tall, R"(field "Level" contains "ain")"));
    must(set_field_choices(s, w.owner, w.level, {"Staff", "Senoir"}));
}

TEST_CASE("a field people hold values of is deleted only with its values, and the audit counts them") {
    World w;
    Store& s = w.store();
    auto before = w.bytes();
    auto r = delete_field(s, w.owner, w.job, false);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().message ==
          "2 people hold a value in Job Titel: delete the field with their values, or clear them first.");
    CHECK(field_value_count(s, w.job) == 2);
    r = delete_field(s, w.ada, w.job, true);
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(w.bytes() == before);

    auto deleted = must(delete_field(s, w.owner, w.job, true));
    CHECK(deleted.name == "Job Titel");
    CHECK(deleted.values == 2);
    CHECK_FALSE(find_field(s, "Job Titel"));
    CHECK(field_values(s, w.ada).size() == 1);
    CHECK(audit_summaries(s, "field.delete") ==
          std::vector<std::string>{
              "Olive Owner deleted the field Job Titel and its 2 values (held by Ada Abbott and Bo Chen)."});
    // The entry lists each value that went, and the person filter finds it by its holders.
    auto about_bo = must(read_audit(s, w.owner, {.person = w.bo, .limit = 1, .with_details = true}));
    REQUIRE(about_bo[0].details.size() == 2);
    CHECK(about_bo[0].action == "field.delete");
    CHECK(about_bo[0].person_detail.starts_with("Bo Chen: lost Job Titel: "));
    // A field nobody holds goes without asking.
    Id empty = must(add_field(s, w.owner, "Shoe Size", FieldType::kNumber)).id;
    CHECK(must(delete_field(s, w.owner, empty, false)).values == 0);
    CHECK(audit_summaries(s, "field.delete").back() == "Olive Owner deleted the field Shoe Size.");
    // The name is free again.
    must(add_field(s, w.owner, "Job Titel", FieldType::kText));
    CHECK(field_value_count(s, find_field(s, "Job Titel")->id) == 0);
}

TEST_CASE("a field a smart group's rule reads cannot be deleted, even with its values; the group is named") {
    World w;
    Store& s = w.store();
    Id teachers = w.group("Teachers");
    Id nurses = w.group("Nurses");
    must(set_rule(s, w.owner, teachers, R"(field "Job Titel" contains "teach")"));
    must(set_rule(s, w.owner, nurses, R"(field "Job Titel" is "Nurse" or field "Level" is "Junior")"));
    auto before = w.bytes();
    auto r = delete_field(s, w.owner, w.job, true);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().message ==
          "The field Job Titel cannot be deleted: the rules of Nurses and Teachers read it; change those rules first.");
    CHECK(groups_reading(s, RuleSubject::kField, w.job) == std::vector<std::string>{"Nurses", "Teachers"});
    CHECK(w.bytes() == before);
    must(clear_rule(s, w.owner, teachers));
    must(set_rule(s, w.owner, nurses, R"(field "Level" is "Junior")"));
    CHECK(must(delete_field(s, w.owner, w.job, true)).values == 2);
}

TEST_CASE("a deleted field's values no longer count for anyone: held values and counts read the table") {
    World w;
    Store& s = w.store();
    auto held = held_values(s, w.level);
    REQUIRE(held.size() == 2);
    CHECK(held[0].value == "Senoir");
    CHECK(held[0].people == 2);
    CHECK(held[1].value == "Junior");
    must(delete_field(s, w.owner, w.level, true));
    CHECK(held_values(s, w.level).empty());
    CHECK(field_value_count(s, w.level) == 0);
}
