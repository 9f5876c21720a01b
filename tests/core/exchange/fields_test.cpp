// Changed additional fields in the Grove file (core/exchange): a renamed field, a new choice list with remapped
// values and a deleted field come through a restore, and merge with the other planner's edits of people's values.
#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

namespace {

std::string value_of(Store& s, const std::string& email, const std::string& field) {
    for (const auto& v : field_values(s, person_id(s, email)))
        if (v.field_name == field) return v.value;
    return "(none)";
}

Id field_id(Store& s, const std::string& name) {
    auto f = find_field(s, name);
    REQUIRE(f);
    return f->id;
}

std::vector<std::string> field_names(Store& s) {
    std::vector<std::string> out;
    for (const auto& f : list_fields(s)) out.push_back(f.name);
    std::sort(out.begin(), out.end());  // a restored planner numbers the fields in the file's order
    return out;
}

}  // namespace

TEST_CASE("a renamed field, a new choice list with remapped values and a deleted field are restored as they are") {
    Fixture f;
    build_rich(f);
    Store& s = f.store();
    must(rename_field(s, f.owner, field_id(s, "Job Title"), "Role Title"));
    must(set_field_choices(s, f.owner, field_id(s, "Location"), {"Up", "South"}, {{"North", "Up"}}));
    must(delete_field(s, f.owner, field_id(s, "Badge"), true));
    const std::string file = exported(s);
    auto copy = restored(file, 7);

    CHECK(field_names(*copy) == std::vector<std::string>{"Hire Date", "Location", "Role Title"});
    CHECK(find_field(*copy, "Location")->choices == std::vector<std::string>{"Up", "South"});
    CHECK(find_field(*copy, "Role Title")->uid == find_field(s, "Role Title")->uid);
    CHECK(value_of(*copy, "grace@hill.org", "Role Title") == "Teacher");
    CHECK(value_of(*copy, "grace@hill.org", "Location") == "Up");
    CHECK(field_values(*copy, person_id(*copy, "alan@hill.org")).empty());
    CHECK(exported(*copy) == file);
    // The restored field takes the same commands.
    must(set_field_choices(*copy, owner_of(*copy), field_id(*copy, "Location"), {"Up", "Down"}, {{"South", "Down"}}));
}

TEST_CASE("one planner renames a field while the other edits a person's value of it: both survive the merge") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(rename_field(a, p.owner_a(), field_id(a, "Job Title"), "Role Title"));
    must(edit_user(b, p.owner_b(), person_id(b, "grace@hill.org"), {.fields = {{"Job Title", "Head Teacher"}}}));
    must(add_user(b, p.owner_b(), {"kim@hill.org", "Kim", "Lee", std::nullopt, {{"Job Title", "Nurse"}}}));
    const std::string from_a = exported(a), from_b = exported(b);
    auto plan = merge_into(a, from_b);
    CHECK(plan.conflicts.empty());
    CHECK(merge_into(b, from_a).conflicts.empty());
    CHECK(exported(a) == exported(b));
    for (Store* s : {&a, &b}) {
        CHECK(field_names(*s) == std::vector<std::string>{"Badge", "Hire Date", "Location", "Role Title"});
        CHECK(value_of(*s, "grace@hill.org", "Role Title") == "Head Teacher");
        CHECK(value_of(*s, "kim@hill.org", "Role Title") == "Nurse");
    }
}

TEST_CASE("a new choice list with remapped values merges with the other planner's edits of other values") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(set_field_choices(a, p.owner_a(), field_id(a, "Location"), {"Up", "South"}, {{"North", "Up"}}));
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.fields = {{"Location", "South"}}}));
    const std::string from_a = exported(a), from_b = exported(b);
    CHECK(merge_into(a, from_b).conflicts.empty());
    CHECK(merge_into(b, from_a).conflicts.empty());
    CHECK(exported(a) == exported(b));
    for (Store* s : {&a, &b}) {
        CHECK(find_field(*s, "Location")->choices == std::vector<std::string>{"Up", "South"});
        CHECK(value_of(*s, "grace@hill.org", "Location") == "Up");
        CHECK(value_of(*s, "alan@hill.org", "Location") == "South");
    }
}

TEST_CASE("a deleted field goes on the other side too, with its values") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(delete_field(a, p.owner_a(), field_id(a, "Hire Date"), true));
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.last_name = std::string("Turing-Smith")}));
    const std::string from_a = exported(a), from_b = exported(b);
    CHECK(merge_into(a, from_b).conflicts.empty());
    CHECK(merge_into(b, from_a).conflicts.empty());
    CHECK(exported(a) == exported(b));
    for (Store* s : {&a, &b}) {
        CHECK(field_names(*s) == std::vector<std::string>{"Badge", "Job Title", "Location"});
        CHECK(value_of(*s, "grace@hill.org", "Hire Date") == "(none)");
        CHECK(find_user(*s, person_id(*s, "alan@hill.org"))->last_name == "Turing-Smith");
    }
}

TEST_CASE("a field deleted on one side while the other edits a value of it: the field goes with every value") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(delete_field(a, p.owner_a(), field_id(a, "Job Title"), true));
    must(edit_user(b, p.owner_b(), person_id(b, "grace@hill.org"), {.fields = {{"Job Title", "Head Teacher"}}}));
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.fields = {{"Job Title", "Porter"}}}));
    const std::string from_a = exported(a), from_b = exported(b);
    // Deleting the field deleted its values on purpose: a value edited meanwhile is no conflict, it goes too.
    auto plan_a = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan_a.conflicts.empty());
    auto plan_b = must(plan_import(b, p.owner_b(), "a.json", from_a));
    CHECK(plan_b.conflicts.empty());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    for (Store* s : {&a, &b}) {
        CHECK_FALSE(find_field(*s, "Job Title"));
        CHECK(value_of(*s, "grace@hill.org", "Job Title") == "(none)");
        CHECK(value_of(*s, "alan@hill.org", "Job Title") == "(none)");
        CHECK(value_of(*s, "grace@hill.org", "Location") == "North");
    }
}

TEST_CASE("a value given on one side to a choice the other side mapped away follows that map, or goes with a note") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // A renames North to Up (Grace held North); B gives Alan North, and Ada the choice South.
    must(set_field_choices(a, p.owner_a(), field_id(a, "Location"), {"Up", "South"}, {{"North", "Up"}}));
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.fields = {{"Location", "North"}}}));
    must(edit_user(b, p.owner_b(), person_id(b, "ada@hill.org"), {.fields = {{"Location", "South"}}}));
    const std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan.conflicts.empty());
    CHECK(std::find(plan.changes.begin(), plan.changes.end(),
                    "set Alan Turing <alan@hill.org>'s Location to 'Up' rather than 'North', which is no longer a "
                    "choice") != plan.changes.end());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    for (Store* s : {&a, &b}) {
        CHECK(value_of(*s, "alan@hill.org", "Location") == "Up");
        CHECK(value_of(*s, "grace@hill.org", "Location") == "Up");
        CHECK(value_of(*s, "ada@hill.org", "Location") == "South");
    }
    // The merged file reads back.
    auto copy = restored(exported(a), 9);
    CHECK(value_of(*copy, "alan@hill.org", "Location") == "Up");

    // A choice dropped that nobody held has no map: a value given to it meanwhile goes, with a note.
    must(set_field_choices(a, p.owner_a(), field_id(a, "Location"), {"Up", "South", "East"}));
    merge_into(b, exported(a));
    merge_into(a, exported(b));
    must(edit_user(b, p.owner_b(), person_id(b, "ada@hill.org"), {.fields = {{"Location", "East"}}}));
    must(set_field_choices(a, p.owner_a(), field_id(a, "Location"), {"Up", "South"}));
    auto second = merge_into(a, exported(b));
    CHECK(std::find(second.changes.begin(), second.changes.end(),
                    "leave out Ada Lovelace <ada@hill.org>'s Location 'East', which is no longer a choice") !=
          second.changes.end());
    CHECK(value_of(a, "ada@hill.org", "Location") == "(none)");
    auto back = merge_into(b, exported(a));
    CHECK(back.conflicts.empty());
    CHECK(value_of(b, "ada@hill.org", "Location") == "(none)");
    CHECK(exported(a) == exported(b));
}
