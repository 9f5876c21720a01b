// Merging two planners' work through the Grove file (core/exchange/merge.cpp, F18).
#include <doctest/doctest.h>
#include <random>
#include <string>

#include "exchange/learning_rows.h"

using namespace grove;
using namespace grove::testing;

TEST_CASE("a file of another organisation is refused and changes nothing") {
    Fixture f;
    Fixture other(Plan::kEnterprise, 77);
    must(rename_org(other.store(), other.owner, "Lake School"));
    std::string theirs = exported(other.store());
    auto before = f.bytes();
    auto r = import_json(f.store(), f.owner, "lake.json", theirs);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().message ==
          "lake.json: it holds the organisation Lake School, not Riverside District; only a file of the same "
          "organisation merges into it (into an empty database, any file is restored).");
    CHECK(f.bytes() == before);
}

TEST_CASE("independent changes on two planners merge by themselves and both end with the same file") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // Other fields of the same person, other records, a new person, a new group, a removal.
    must(edit_user(a, p.owner_a(), person_id(a, "grace@hill.org"), {.last_name = std::string("Hopper-Murray")}));
    must(edit_user(b, p.owner_b(), person_id(b, "grace@hill.org"),
                   {.department_id = std::optional<Id>(department_id(b, "arts"))}));
    must(add_user(a, p.owner_a(), {"kim@hill.org", "Kim", "Lee", std::nullopt, {{"Job Title", "Nurse"}}}));
    Id chess = must(create_group(b, p.owner_b(), {"Chess Club", "", std::nullopt, {}, std::nullopt})).id;
    must(add_people(b, p.owner_b(), chess, {{person_id(b, "alan@hill.org")}, {}, GroupRole::kMentor}));
    must(remove_member(a, p.owner_a(), group_id(a, "class-9a"), person_id(a, "alan@hill.org")));
    must(edit_group(b, p.owner_b(), group_id(b, "class-9a"), {.description = std::string("Room 12")}));

    std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan.conflicts.empty());
    CHECK(std::find(plan.changes.begin(), plan.changes.end(), "add group Chess Club") != plan.changes.end());
    CHECK(std::find(plan.changes.begin(), plan.changes.end(),
                    "add Alan Turing <alan@hill.org> to Chess Club as mentor") != plan.changes.end());
    CHECK(std::find(plan.changes.begin(), plan.changes.end(),
                    "change person Grace Hopper-Murray <grace@hill.org>: department from 'Biology' to 'Arts'") !=
          plan.changes.end());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));

    auto grace = *find_user(a, person_id(a, "grace@hill.org"));
    CHECK(grace.last_name == "Hopper-Murray");
    CHECK(department_name(a, *grace.department_id) == "Arts");
    CHECK(field_values(b, person_id(b, "kim@hill.org")).at(0).value == "Nurse");
    CHECK(group_people(a, group_id(a, "chess-club")).size() == 1);
    CHECK(find_group(a, group_id(a, "class-9a"))->description == "Room 12");
    for (const auto& person : group_people(b, group_id(b, "class-9a"))) CHECK(person.user.email != "alan@hill.org");
    // Each side's audit entries travel to the other.
    auto audit_a = must(read_audit(a, p.owner_a(), {.limit = 0}));
    auto audit_b = must(read_audit(b, p.owner_b(), {.limit = 0}));
    CHECK(audit_a.size() == audit_b.size());

    // Nothing is left to merge: importing again changes nothing.
    auto again = must(plan_import(a, p.owner_a(), "b.json", exported(b)));
    CHECK(again.changes.empty());
    CHECK(again.conflicts.empty());
}

TEST_CASE("one after the other: the second import takes the first planner's merge as it is") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(edit_user(a, p.owner_a(), person_id(a, "alan@hill.org"), {.first_name = std::string("Al")}));
    must(edit_user(b, p.owner_b(), person_id(b, "alan@hill.org"), {.first_name = std::string("Alan M.")}));
    must(rename_department(b, p.owner_b(), department_id(b, "arts"), "Fine Arts"));
    // A settles the conflict for B's name; then B takes A's merged file without a conflict.
    auto plan = merge_into(a, exported(b), {.prefer = Side::kTheirs});
    CHECK(plan.conflicts.size() == 1);
    auto second = must(plan_import(b, p.owner_b(), "a.json", exported(a)));
    CHECK(second.conflicts.empty());
    merge_into(b, exported(a));
    CHECK(exported(a) == exported(b));
    CHECK(find_user(a, person_id(a, "alan@hill.org"))->first_name == "Alan M.");

    // Both now hold the same records, so the next round merges against them: only real conflicts show.
    must(edit_user(a, p.owner_a(), person_id(a, "alan@hill.org"), {.last_name = std::string("Turing-Smith")}));
    must(edit_user(b, p.owner_b(), person_id(b, "grace@hill.org"), {.last_name = std::string("Murray")}));
    must(edit_user(a, p.owner_a(), person_id(a, "ada@hill.org"), {.last_name = std::string("King")}));
    must(edit_user(b, p.owner_b(), person_id(b, "ada@hill.org"), {.last_name = std::string("Byron")}));
    auto round2 = merge_into(a, exported(b), {.prefer = Side::kOurs});
    REQUIRE(round2.conflicts.size() == 1);
    CHECK(round2.conflicts[0].label == "Ada King <ada@hill.org>");
    // A kept its own name for Ada, which B never saw: B is asked again, and nothing else.
    auto third = must(plan_import(b, p.owner_b(), "a.json", exported(a)));
    REQUIRE(third.conflicts.size() == 1);
    CHECK(third.conflicts[0].theirs == "King");
    merge_into(b, exported(a), {.prefer = Side::kTheirs});
    // Each wrote an entry for the conflict it settled; one more exchange brings each the other's.
    CHECK(exported(a) != exported(b));
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
    CHECK(find_user(b, person_id(b, "ada@hill.org"))->last_name == "King");
    CHECK(find_user(b, person_id(b, "alan@hill.org"))->last_name == "Turing-Smith");
    CHECK(find_user(a, person_id(a, "grace@hill.org"))->last_name == "Murray");
}

TEST_CASE("the same field changed differently is a conflict; without a side nothing is imported") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(edit_user(a, p.owner_a(), person_id(a, "grace@hill.org"), {.first_name = std::string("Gracie")}));
    must(edit_user(b, p.owner_b(), person_id(b, "grace@hill.org"), {.first_name = std::string("Amazing Grace")}));
    std::string from_a = exported(a), from_b = exported(b);

    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan.conflicts.size() == 1);
    const Conflict& c = plan.conflicts[0];
    CHECK(c.kind == "person");
    CHECK(c.label == "Gracie Hopper <grace@hill.org>");
    CHECK(c.field == "first name");
    CHECK(c.ours == "Gracie");
    CHECK(c.theirs == "Amazing Grace");
    CHECK(conflict_text(c) ==
          "person Gracie Hopper <grace@hill.org>: first name is 'Gracie' here and 'Amazing Grace' in the file");

    auto before = a.db().serialize();
    auto refused = import_json(a, p.owner_a(), "b.json", from_b);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kConflict);
    CHECK(refused.error().message ==
          "b.json conflicts with this organisation in 1 place; choose a side for each: person Gracie Hopper "
          "<grace@hill.org>: first name is 'Gracie' here and 'Amazing Grace' in the file.");
    CHECK(a.db().serialize() == before);

    SUBCASE("both take B's name") {
        merge_into(a, from_b, {.prefer = Side::kTheirs});
        merge_into(b, from_a, {.prefer = Side::kOurs});
        CHECK(find_user(a, person_id(a, "grace@hill.org"))->first_name == "Amazing Grace");
    }
    SUBCASE("both take A's name, chosen conflict by conflict") {
        merge_into(a, from_b, {.choices = {Side::kOurs}});
        merge_into(b, from_a, {.choices = {Side::kTheirs}});
        CHECK(find_user(b, person_id(b, "grace@hill.org"))->first_name == "Gracie");
    }
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
}

TEST_CASE("a record changed on one side and deleted on the other is a conflict, both ways round") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // A deletes Class 9A; B renames it. A changes Grace's role in Grade 9; B removes her from it.
    must(delete_group(a, p.owner_a(), group_id(a, "class-9a"), SubgroupFate::kDeleteThem));
    must(edit_group(b, p.owner_b(), group_id(b, "class-9a"), {.name = std::string("Class 9A Science")}));
    must(set_member_role(a, p.owner_a(), group_id(a, "grade-9"), person_id(a, "grace@hill.org"), GroupRole::kAdmin));
    must(remove_member(b, p.owner_b(), group_id(b, "grade-9"), person_id(b, "grace@hill.org")));
    std::string from_a = exported(a), from_b = exported(b);

    auto plan_a = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan_a.conflicts.size() == 2);
    CHECK(plan_a.conflicts[0].kind == "group");
    CHECK(plan_a.conflicts[0].label == "Class 9A Science");
    CHECK(plan_a.conflicts[0].field.empty());
    CHECK(plan_a.conflicts[0].ours == "(deleted)");
    CHECK(plan_a.conflicts[0].theirs == "changed: name Class 9A Science");
    CHECK(plan_a.conflicts[1].kind == "membership");
    CHECK(plan_a.conflicts[1].label == "Grace Hopper <grace@hill.org> in Grade 9");
    CHECK(plan_a.conflicts[1].ours == "changed: role admin");
    CHECK(plan_a.conflicts[1].theirs == "(deleted)");
    CHECK(conflict_text(plan_a.conflicts[0]) ==
          "group Class 9A Science: deleted here, changed: name Class 9A Science in the file");

    auto plan_b = must(plan_import(b, p.owner_b(), "a.json", from_a));
    REQUIRE(plan_b.conflicts.size() == 2);
    CHECK(plan_b.conflicts[0].ours == "changed: name Class 9A Science");
    CHECK(plan_b.conflicts[0].theirs == "(deleted)");

    SUBCASE("the deletions win") {
        merge_into(a, from_b, {.choices = {Side::kOurs, Side::kTheirs}});
        merge_into(b, from_a, {.choices = {Side::kTheirs, Side::kOurs}});
        CHECK_FALSE(find_group_by_slug(a, "class-9a"));
        CHECK(group_people(a, group_id(a, "grade-9")).size() == 2);
    }
    SUBCASE("the changes win") {
        merge_into(a, from_b, {.prefer = Side::kTheirs, .choices = {std::nullopt, Side::kOurs}});
        merge_into(b, from_a, {.prefer = Side::kOurs, .choices = {std::nullopt, Side::kTheirs}});
        REQUIRE(find_group_by_slug(b, "class-9a"));
        CHECK(find_group_by_slug(a, "class-9a")->name == "Class 9A Science");
        CHECK(group_people(b, group_id(b, "grade-9")).size() == 3);
    }
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
}

namespace {

// What the database remembers of settled conflicts (sync_state "settled"), without the digests.
std::string remembered(Store& s) {
    auto row = s.db().prepare_once("SELECT value FROM sync_state WHERE key = 'settled'");
    if (!row->step()) return "";
    std::string text = row->col_text(0), out;
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        std::string line = text.substr(at, end - at);
        size_t last = line.rfind(' '), digest = line.rfind(' ', last - 1);
        out += line.substr(0, digest) + line.substr(last) + "\n";
        at = end + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("a conflict settled at one import stays settled when the same file comes again, whichever side was kept") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(edit_group(a, p.owner_a(), group_id(a, "grade-9"), {.name = std::string("Year 9")}));
    must(edit_group(b, p.owner_b(), group_id(b, "grade-9"), {.name = std::string("Ninth Grade")}));
    const std::string from_b = exported(b);

    SUBCASE("keeping mine") {
        auto first = merge_into(a, from_b, {.choices = {Side::kOurs}});
        REQUIRE(first.conflicts.size() == 1);
        auto again = must(plan_import(a, p.owner_a(), "b.json", from_b));
        CHECK(again.conflicts.empty());
        CHECK(again.changes.empty());
        REQUIRE(again.settled_before.size() == 1);
        CHECK(settled_text(again.settled_before[0]) ==
              "group Year 9: name is 'Year 9' here and 'Ninth Grade' in the file, kept 'Year 9'");
        // It imports without a choice, and writes no second entry for the merge.
        CHECK(remembered(a) == "group " + find_group(a, group_id(a, "grade-9"))->uid + " name ours\n");
        auto applied = merge_into(a, from_b);
        CHECK(applied.conflicts.empty());
        CHECK(find_group(a, group_id(a, "grade-9"))->name == "Year 9");
        CHECK(audit_with_action(a, "org.merge").size() == 1);
    }
    SUBCASE("taking theirs, then changing it here") {
        merge_into(a, from_b, {.choices = {Side::kTheirs}});
        must(edit_group(a, p.owner_a(), group_id(a, "grade-9"), {.name = std::string("Grade Nine")}));
        auto again = must(plan_import(a, p.owner_a(), "b.json", from_b));
        CHECK(again.conflicts.empty());
        CHECK(again.changes.empty());
        merge_into(a, from_b);
        CHECK(find_group(a, group_id(a, "grade-9"))->name == "Grade Nine");
        CHECK(remembered(a) == "group " + find_group(a, group_id(a, "grade-9"))->uid + " name theirs\n");
    }
    // The other planner renames it once more: that is a new conflict.
    must(edit_group(b, p.owner_b(), group_id(b, "grade-9"), {.name = std::string("Grade 9 North")}));
    auto later = must(plan_import(a, p.owner_a(), "b.json", exported(b)));
    REQUIRE(later.conflicts.size() == 1);
    CHECK(later.conflicts[0].theirs == "Grade 9 North");
    CHECK(later.settled_before.empty());
}

TEST_CASE("a kept deletion stays settled, and the remembered conflicts never travel in the file") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(delete_group(a, p.owner_a(), group_id(a, "class-9a"), SubgroupFate::kDeleteThem));
    must(edit_group(b, p.owner_b(), group_id(b, "class-9a"), {.description = std::string("Room 12")}));
    const std::string from_b = exported(b);
    merge_into(a, from_b, {.prefer = Side::kOurs});
    auto again = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(again.conflicts.empty());
    CHECK(again.changes.empty());
    REQUIRE(again.settled_before.size() == 1);
    CHECK(settled_text(again.settled_before[0]) ==
          "group Class 9A: deleted here, changed: description Room 12 in the file, kept it deleted");
    // A copy restored from A's file holds A's records, not what A decided about B's file: it is asked.
    auto copy = restored(exported(a), 505);
    CHECK(must(plan_import(*copy, owner_of(*copy), "b.json", from_b)).conflicts.size() == 1);
    // B changes the group again: a new conflict.
    must(edit_group(b, p.owner_b(), group_id(b, "class-9a"), {.description = std::string("Room 14")}));
    CHECK(must(plan_import(a, p.owner_a(), "b.json", exported(b))).conflicts.size() == 1);
}

TEST_CASE("after a merge the audit log says which side of each conflict won, in one entry for the merge") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // A (as its owner) renames Grade 9 and changes Class 9A; B (as Ada) renames Grade 9 and deletes Class 9A.
    const Id ada = person_id(b, "ada@hill.org");
    must(edit_group(a, p.owner_a(), group_id(a, "grade-9"), {.name = std::string("Year 9")}));
    must(edit_group(a, p.owner_a(), group_id(a, "class-9a"), {.description = std::string("Room 12")}));
    must(edit_group(b, ada, group_id(b, "grade-9"), {.name = std::string("Ninth Grade")}));
    must(edit_group(b, ada, group_id(b, "grade-9"), {.description = std::string("All of year nine")}));
    must(delete_group(b, ada, group_id(b, "class-9a"), SubgroupFate::kDeleteThem));
    const std::string from_a = exported(a), from_b = exported(b);

    // A keeps its own side of both: the group stays, under A's name.
    auto plan = merge_into(a, from_b, {.prefer = Side::kOurs});
    REQUIRE(plan.conflicts.size() == 2);
    REQUIRE(find_group_by_slug(a, "class-9a"));
    auto summaries = audit_summaries(a);
    auto has = [&](const std::string& text) {
        return std::find(summaries.begin(), summaries.end(), text) != summaries.end();
    };
    // B's deletion and B's rename did not happen here; B's description did, and is not marked.
    CHECK(has(
        "Ada Lovelace deleted the group Class 9A; removed 2 memberships. (not applied: kept Olive Owner's version)"));
    CHECK(group_people(a, group_id(a, "class-9a")).size() == 2);  // the group is kept with its members
    CHECK(has("Ada Lovelace renamed Grade 9 to Ninth Grade. (name not applied: kept Olive Owner's version)"));
    CHECK(std::count_if(summaries.begin(), summaries.end(), [](const std::string& s) {
              return s.rfind("Ada Lovelace changed the description of Ninth Grade from ", 0) == 0 &&
                     s.find("not applied") == std::string::npos;
          }) == 1);
    CHECK(has("Olive Owner renamed Grade 9 to Year 9."));
    auto merges = audit_with_action(a, "org.merge");
    REQUIRE(merges.size() == 1);
    CHECK(merges[0].summary ==
          "Olive Owner merged other.json and settled 2 conflicts: group Year 9: name is 'Year 9' here and 'Ninth "
          "Grade' in the file, kept 'Year 9'; group Class 9A: changed: description Room 12 here, deleted in the "
          "file, kept the change.");

    // B takes A's side of both: its own entries are marked alike, and the logs end equal.
    merge_into(b, exported(a), {.prefer = Side::kTheirs});
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
    CHECK(audit_with_action(b, "org.merge").size() == 2);
    auto from_b_log = audit_summaries(b);
    CHECK(std::find(from_b_log.begin(), from_b_log.end(),
                    "Ada Lovelace renamed Grade 9 to Ninth Grade. (name not applied: kept Olive Owner's version)") !=
          from_b_log.end());
}

TEST_CASE("entries about people and memberships whose change lost are marked too") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    const Id ada = person_id(b, "ada@hill.org");
    must(set_member_role(a, p.owner_a(), group_id(a, "grade-9"), person_id(a, "grace@hill.org"), GroupRole::kAdmin));
    must(edit_user(a, p.owner_a(), person_id(a, "alan@hill.org"), {.first_name = std::string("Al")}));
    must(remove_member(b, ada, group_id(b, "grade-9"), person_id(b, "grace@hill.org")));
    must(edit_user(b, ada, person_id(b, "alan@hill.org"), {.first_name = std::string("Alan M.")}));
    // A takes B's side of both: its own two entries did not happen.
    auto plan = merge_into(a, exported(b), {.prefer = Side::kTheirs});
    REQUIRE(plan.conflicts.size() == 2);
    auto summaries = audit_summaries(a);
    auto has = [&](const std::string& text) {
        return std::find(summaries.begin(), summaries.end(), text) != summaries.end();
    };
    CHECK(
        has("Olive Owner edited Al Turing: changed first name from Alan to Al. (first name not applied: kept Ada "
            "Lovelace's version)"));
    CHECK(has("Olive Owner made Grace Hopper Group admin of Grade 9. (not applied: kept Ada Lovelace's version)"));
    CHECK(has("Ada Lovelace removed Grace Hopper from Grade 9."));
    CHECK(has("Ada Lovelace edited Alan M. Turing: changed first name from Alan to Alan M."));
}

TEST_CASE("a merge with no conflict writes no entry of its own") {
    Planners p;
    must(edit_user(*p.b, p.owner_b(), person_id(*p.b, "alan@hill.org"), {.first_name = std::string("Al")}));
    merge_into(*p.a, exported(*p.b));
    CHECK(audit_with_action(*p.a, "org.merge").empty());
}

TEST_CASE("a plan of a merge writes nothing") {
    Planners p;
    must(edit_user(*p.b, p.owner_b(), person_id(*p.b, "alan@hill.org"), {.first_name = std::string("Al")}));
    auto before = p.a->db().serialize();
    auto plan = must(plan_import(*p.a, p.owner_a(), "b.json", exported(*p.b)));
    CHECK(plan.changed == 1);
    CHECK(plan.changes.at(0) == "change person Alan Turing <alan@hill.org>: first name from 'Alan' to 'Al'");
    CHECK(p.a->db().serialize() == before);
}

TEST_CASE("the same person and membership added on both sides become one") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    for (Store* s : {&a, &b}) {
        Id kim = must(add_user(*s, owner_of(*s), {"kim@hill.org", "Kim", "Lee", std::nullopt, {}})).id;
        must(add_people(*s, owner_of(*s), group_id(*s, "grade-9"), {{kim}, {}, GroupRole::kMember}));
    }
    std::string from_a = exported(a), from_b = exported(b);
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    CHECK(plan.conflicts.empty());
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    CHECK(group_people(a, group_id(a, "grade-9")).size() == 4);
    CHECK(user_count(a) == user_count(b));
}

TEST_CASE("the same person added on both sides with their email in another case becomes one, beyond ASCII") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(add_user(a, owner_of(a), {"j\xC3\xBCrgen@ex\xC3\xA4mple.de", "J\xC3\xBCrgen", "Weber", std::nullopt, {}}));
    must(add_user(b, owner_of(b), {"J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE", "J\xC3\xBCrgen", "Weber", std::nullopt, {}}));
    int before = user_count(a);
    std::string from_a = exported(a), from_b = exported(b);
    // One person, written two ways: the spelling of the address is the only thing to settle.
    auto plan = must(plan_import(a, p.owner_a(), "b.json", from_b));
    REQUIRE(plan.conflicts.size() == 1);
    CHECK(plan.conflicts[0].field == "email");
    CHECK(plan.conflicts[0].theirs == "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE");
    merge_into(a, from_b, {.choices = {Side::kOurs}});
    merge_into(b, from_a, {.choices = {Side::kTheirs}});
    CHECK(user_count(a) == before);
    CHECK(find_user_by_email(a, "j\xC3\xBCrgen@ex\xC3\xA4mple.de")->email == "j\xC3\xBCrgen@ex\xC3\xA4mple.de");
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
}

TEST_CASE("a merge that would put look-alike names side by side is refused, naming both") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    Id alpha = must(create_group(a, p.owner_a(), {"Alpha", "", std::nullopt, {}, {}})).id;
    must(create_group(a, p.owner_a(), {"Beta", "", group_id(a, "grade-9"), {}, {}}));
    merge_into(b, exported(a));
    merge_into(a, exported(b));
    // Each side alone keeps the rule: A renames Alpha at the top, B moves Beta up to the top.
    must(edit_group(a, p.owner_a(), alpha, {.name = std::string("B\xC3\xA9ta")}));
    must(move_group(b, p.owner_b(), group_id(b, "beta"), std::nullopt));
    const auto before = a.db().serialize();
    auto r = plan_import(a, p.owner_a(), "b.json", exported(b));
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "b.json: after merging, the groups B\xC3\xA9ta and Beta would be side by side at the top level, and groups "
          "side by side need names that differ by more than case, accents or spaces; rename one of them on either "
          "side and import again.");
    CHECK(a.db().serialize() == before);
    // Renamed on one side, the files merge.
    must(edit_group(a, p.owner_a(), alpha, {.name = std::string("Alpha Club")}));
    CHECK(plan_import(a, p.owner_a(), "b.json", exported(b)));
}

TEST_CASE("moves that together would nest two groups inside each other leave no circle") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    for (Store* s : {&a, &b}) must(create_group(*s, owner_of(*s), {"Clubs", "", std::nullopt, {}, std::nullopt}));
    std::string start_a = exported(a);
    merge_into(b, start_a);  // both have the same Clubs now
    merge_into(a, exported(b));
    REQUIRE(exported(a) == exported(b));
    must(move_group(a, p.owner_a(), group_id(a, "clubs"), group_id(a, "grade-9")));
    must(move_group(b, p.owner_b(), group_id(b, "grade-9"), group_id(b, "clubs")));
    std::string from_a = exported(a), from_b = exported(b);
    merge_into(a, from_b);
    merge_into(b, from_a);
    CHECK(exported(a) == exported(b));
    auto tree = group_tree(a, GroupSort::kTitle);
    CHECK(tree.size() == 3);  // every group still reachable from the top
}

TEST_CASE("the original planner merges with a planner who started from its file") {
    Fixture f;
    build_rich(f);
    Store& a = f.store();
    auto b = restored(exported(a), 303);
    must(edit_user(a, f.owner, person_id(a, "alan@hill.org"), {.last_name = std::string("Turing-Smith")}));
    must(edit_user(*b, owner_of(*b), person_id(*b, "alan@hill.org"), {.first_name = std::string("Al")}));
    must(delete_group(*b, owner_of(*b), group_id(*b, "class-9a"), SubgroupFate::kDeleteThem));
    auto plan = must(plan_import(a, f.owner, "b.json", exported(*b)));
    CHECK(plan.conflicts.empty());
    merge_into(a, exported(*b));
    merge_into(*b, exported(a));
    CHECK(exported(a) == exported(*b));
    auto alan = *find_user(a, person_id(a, "alan@hill.org"));
    CHECK(alan.first_name == "Al");
    CHECK(alan.last_name == "Turing-Smith");
    CHECK_FALSE(find_group_by_slug(a, "class-9a"));
}

TEST_CASE("a planner's file with changes since its last import round-trips with its sync section") {
    Planners p;
    must(edit_user(*p.a, p.owner_a(), person_id(*p.a, "alan@hill.org"), {.first_name = std::string("Al")}));
    must(delete_group(*p.a, p.owner_a(), group_id(*p.a, "class-9a"), SubgroupFate::kDeleteThem));
    std::string file = exported(*p.a);
    CHECK(contains(file, "\"sync\": {\"base\": ["));
    auto copy = restored(file, 404);
    CHECK(exported(*copy) == file);
}

// ---- many random edits on both sides

namespace {

// A random row of a table (with a condition), if it has any.
std::optional<Id> random_row(Store& s, std::mt19937& rng, const std::string& table, const std::string& where = "1") {
    auto count = s.db().prepare_once("SELECT count(*) FROM " + table + " WHERE " + where);
    if (!count->step() || count->col_int(0) == 0) return std::nullopt;
    auto row = s.db().prepare_once("SELECT id FROM " + table + " WHERE " + where + " ORDER BY id LIMIT 1 OFFSET ?");
    row->bind(1, static_cast<std::int64_t>(rng() % static_cast<std::uint32_t>(count->col_int(0))));
    if (!row->step()) return std::nullopt;
    return row->col_int(0);
}

// One random change to the learning records, straight in their tables (as the learning commands write them); a
// change the schema refuses (a second enrolment) is skipped.
void random_learning_edit(Store& s, std::mt19937& rng, Id person) {
    const char* titles[] = {"Intro", "Practice", "Essay", "Quiz"};
    const char* kinds[] = {"lesson", "assignment", "discussion", "quiz"};
    const char* courses[] = {"Algebra", "Biology", "Chemistry"};
    auto exec = [&](const std::string& sql, auto... values) {
        auto st = s.db().prepare_once(sql);
        st->bind_all(values...);
        st->run();
    };
    const std::int64_t now = s.now();
    switch (rng() % 10) {
        case 0: {
            // The same course made on both sides (by slug) becomes one.
            std::string name = courses[rng() % 3];
            exec(
                "INSERT OR IGNORE INTO courses (uid, name, slug, description, created_at, updated_at) VALUES (?, ?, "
                "lower(?), '', ?, ?)",
                s.new_uid(), name, name, now, now);
            break;
        }
        case 1:
            if (auto course = random_row(s, rng, "courses")) {
                bool review = rng() % 2 == 0;
                std::optional<std::int64_t> points;
                if (rng() % 2 == 0) points = static_cast<std::int64_t>(rng() % 20);
                exec(
                    "INSERT INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, "
                    "updated_at) VALUES (?, ?, (SELECT ifnull(max(position), 0) + 1 FROM course_steps WHERE "
                    "course_id = ?), ?, ?, ?, ?, ?, ?)",
                    s.new_uid(), *course, *course, std::string(titles[rng() % 4]), std::string(kinds[rng() % 4]),
                    std::int64_t{review ? 1 : 0}, points, now, now);
            }
            break;
        case 2:
            if (auto course = random_row(s, rng, "courses")) {
                exec(
                    "INSERT OR IGNORE INTO enrolments (uid, course_id, user_id, created_at, updated_at) VALUES (?, ?, "
                    "?, ?, ?)",
                    s.new_uid(), *course, person, now, now);
            }
            break;
        case 3:
            if (auto step = random_row(s, rng, "course_steps")) {
                exec(
                    "INSERT OR IGNORE INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, "
                    "updated_at) SELECT ?, id, ?, CASE review WHEN 1 THEN 'pending' ELSE 'completed' END, ?, CASE "
                    "review WHEN 1 THEN ? END, ?, ? FROM course_steps WHERE id = ?",
                    s.new_uid(), person, now, std::string(titles[rng() % 4]) + " answer", now, now, *step);
            }
            break;
        case 4:
            if (auto work = random_row(s, rng, "step_work", "status = 'pending'")) {
                exec(
                    "UPDATE step_work SET status = 'reviewed', points = (SELECT CASE WHEN points IS NULL THEN NULL "
                    "ELSE ? % (points + 1) END FROM course_steps WHERE id = step_work.step_id), feedback = ?, "
                    "reviewer_id = ?, reviewed_at = ?, updated_at = ? WHERE id = ?",
                    static_cast<std::int64_t>(rng() % 20), std::string(titles[rng() % 4]) + " feedback", person, now,
                    now, *work);
            }
            break;
        case 5:
            if (auto work = random_row(s, rng, "step_work", "status = 'reviewed'")) {
                rows::resubmit(s, *work, "again " + std::to_string(rng() % 3));
            }
            break;
        case 6:
            if (auto step = random_row(s, rng, "course_steps")) {
                if (rng() % 2 == 0)
                    rows::remove(s, "course_steps", *step);
                else
                    exec("UPDATE course_steps SET title = ?, position = ?, updated_at = ? WHERE id = ?",
                         std::string(titles[rng() % 4]), static_cast<std::int64_t>(rng() % 5), now, *step);
            }
            break;
        case 7:
            if (rng() % 3 == 0) {
                if (auto course = random_row(s, rng, "courses")) rows::remove(s, "courses", *course);
            } else if (auto course = random_row(s, rng, "courses")) {
                exec("UPDATE courses SET description = ?, updated_at = ? WHERE id = ?", std::string(titles[rng() % 4]),
                     now, *course);
            }
            break;
        case 8:
            if (auto group = random_row(s, rng, "groups")) {
                exec(
                    "INSERT INTO digest_choices (uid, user_id, group_id, enabled, created_at, updated_at) VALUES (?, "
                    "?, "
                    "?, 0, ?, ?) ON CONFLICT (user_id, group_id) DO UPDATE SET enabled = 1 - enabled, updated_at = ?",
                    s.new_uid(), person, *group, now, now, now);
            }
            break;
        case 9:
            if (auto step = random_row(s, rng, "course_steps")) {
                rows::post(s, *step, person, std::string(titles[rng() % 4]) + " post");
            }
            break;
    }
}

// One random command on a planner's database, as a person would run it; refusals are simply skipped. Every
// group name made here is new (numbered): the same name given apart on both sides, or a move beside a
// look-alike, could sit side by side after merging, which a merge refuses until a planner renames one
// (tested on its own above); this test is about edits that merge by themselves.
void random_edit(Store& s, std::mt19937& rng, int round, const std::string& side) {
    static int made = 0;
    Id owner = owner_of(s);
    auto pick = [&](const auto& items) { return items[rng() % std::size(items)]; };
    auto people = list_users(s);
    auto groups = group_tree(s, GroupSort::kTitle);
    auto departments = department_tree(s);
    const char* names[] = {"Ava", "Ben", "Cleo", "Dev", "Eli", "Fay"};
    const char* clubs[] = {"Chess", "Choir", "Drama", "Robotics"};
    User u = pick(people);
    switch (rng() % 35) {
        case 0: (void)edit_user(s, owner, u.id, {.first_name = std::string(pick(names))}); break;
        case 1: (void)edit_user(s, owner, u.id, {.last_name = std::string(pick(names)) + "son"}); break;
        case 2:
            (void)add_user(s, owner,
                           {std::string(pick(names)) + std::to_string(rng() % 4) + "@hill.org",
                            pick(names),
                            "New",
                            std::nullopt,
                            {{"Job Title", pick(names)}}});
            break;
        case 3:
            if (!groups.empty()) (void)add_people(s, owner, pick(groups).id, {{u.id}, {}, GroupRole::kMember});
            break;
        case 4:
            if (!groups.empty()) (void)remove_member(s, owner, pick(groups).id, u.id);
            break;
        case 5:
            if (!groups.empty()) (void)set_member_role(s, owner, pick(groups).id, u.id, GroupRole::kMentor);
            break;
        case 6:
            (void)create_group(s, owner,
                               {std::string(pick(clubs)) + " Club" + side + std::to_string(++made),
                                "",
                                std::nullopt,
                                {},
                                std::nullopt});
            break;
        case 7:
            if (!groups.empty())
                (void)edit_group(
                    s, owner, pick(groups).id,
                    {.name = std::string(pick(clubs)) + " " + std::to_string(round) + side + std::to_string(++made)});
            break;
        case 8:
            if (groups.size() > 2) (void)delete_group(s, owner, pick(groups).id, SubgroupFate::kLiftThem);
            break;
        case 9:
            if (groups.size() > 1) (void)move_group(s, owner, pick(groups).id, pick(groups).id);
            break;
        case 10: (void)edit_user(s, owner, u.id, {.fields = {{"Job Title", pick(names)}}}); break;
        case 11: (void)edit_user(s, owner, u.id, {.fields = {{"Job Title", ""}}}); break;
        case 12:
            if (!departments.empty()) {
                (void)edit_user(s, owner, u.id, {.department_id = std::optional<Id>(pick(departments).department.id)});
            }
            break;
        case 13:
            if (departments.size() > 1) (void)delete_department(s, owner, pick(departments).department.id);
            break;
        case 14:
            if (!groups.empty()) {
                (void)edit_group(s, owner, pick(groups).id,
                                 {.description = std::string(pick(names)),
                                  .external_ids = std::vector<ExternalId>{{"rostering", pick(names)}},
                                  .inherit = rng() % 2 == 0});
            }
            break;
        case 15: (void)grant_role(s, owner, u.id, {OrgRole::kOrgGroupManager, std::nullopt, std::nullopt}); break;
        case 16:
            (void)edit_user(s, owner, u.id,
                            {.email = std::string(pick(names)) + std::to_string(round) + "." +
                                      std::to_string(rng() % 1000) + "@hill.org"});
            break;
        case 17:
            // Numbered as the groups are: a department deleted and made again under its old name on one side while
            // the other changes it would put two of that name side by side, which a merge refuses (tested above).
            (void)create_department(s, owner, std::string(pick(clubs)) + " Dept" + side + std::to_string(++made),
                                    std::nullopt);
            break;
        case 18:
            if (departments.size() > 1) {
                (void)move_department(s, owner, pick(departments).department.id, pick(departments).department.id);
            }
            break;
        case 19:
            if (!groups.empty()) {
                GroupImage image{"image/png", {static_cast<std::uint8_t>(rng()), 1, 2}};
                (void)edit_group(s, owner, pick(groups).id, {.image = image});
            }
            break;
        case 20: (void)edit_user(s, owner, u.id, {.status = UserStatus::kDeactivated}); break;
        case 21:
            if (!groups.empty()) {
                (void)add_people(
                    s, owner, pick(groups).id,
                    {{}, {std::string("guest") + std::to_string(rng() % 3) + "@hill.org"}, GroupRole::kMember});
            }
            break;
        case 22:
            if (u.status == UserStatus::kInvited) (void)accept_invitation(s, u.id, pick(names), "Joined");
            break;
        case 23: {
            auto role = define_custom_role(s, owner, std::string(pick(clubs)) + " Lead", kPermEditGroups);
            if (role) (void)grant_role(s, owner, u.id, {OrgRole::kCustom, role->id, std::nullopt});
            break;
        }
        case 24:
            if (!departments.empty()) {
                (void)grant_role(s, owner, u.id,
                                 {OrgRole::kDepartmentAdmin, std::nullopt, pick(departments).department.id});
            }
            break;
        default: random_learning_edit(s, rng, u.id); break;
    }
}

// What must hold in any database the merge wrote: references whole, member counts right.
void check_whole(Store& s) {
    auto fk = s.db().prepare_once("PRAGMA foreign_key_check");
    CHECK_FALSE(fk->step());
    auto counts = s.db().prepare_once(
        "SELECT count(*) FROM groups g WHERE member_count <> (SELECT count(*) FROM memberships m WHERE m.group_id = "
        "g.id)");
    REQUIRE(counts->step());
    CHECK(counts->col_int(0) == 0);
    auto on = s.db().prepare_once("PRAGMA foreign_keys");
    REQUIRE(on->step());
    CHECK(on->col_int(0) == 1);
}

}  // namespace

TEST_CASE("random edits on two planners, merged both ways over several rounds, always end in the same file") {
    // The learning records reach the merge: rows made, and conflicts met, over all the seeds.
    std::int64_t work_rows = 0, learning_conflicts = 0, work_conflicts = 0;
    auto tally = [&](const std::vector<Conflict>& conflicts) {
        for (const Conflict& c : conflicts) {
            if (c.kind == "course" || c.kind == "step" || c.kind == "enrolment" || c.kind == "work" ||
                c.kind == "post" || c.kind == "digest choice") {
                ++learning_conflicts;
            }
            if (c.kind == "work" && c.field == "state") ++work_conflicts;
        }
    };
    for (std::uint32_t seed = 1; seed <= 30; ++seed) {
        INFO("seed " << seed);
        LearningPlanners p;
        std::mt19937 rng(seed);
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 10; ++i) random_edit(*p.a, rng, round, " A");
            for (int i = 0; i < 10; ++i) random_edit(*p.b, rng, round, " B");
            std::string from_a = exported(*p.a), from_b = exported(*p.b);
            bool simultaneous = (seed + static_cast<std::uint32_t>(round)) % 2 == 0;
            bool settled = false;
            if (simultaneous) {
                // Each conflict settled at random, the other planner taking the same side of it: the two see
                // the same conflicts in the same order, ours and theirs swapped.
                auto plan_a = must(plan_import(*p.a, p.owner_a(), "b.json", from_b));
                auto plan_b = must(plan_import(*p.b, p.owner_b(), "a.json", from_a));
                REQUIRE(plan_a.conflicts.size() == plan_b.conflicts.size());
                ImportChoices for_a, for_b;
                for (size_t i = 0; i < plan_a.conflicts.size(); ++i) {
                    CHECK(plan_a.conflicts[i].uid == plan_b.conflicts[i].uid);
                    CHECK(plan_a.conflicts[i].field == plan_b.conflicts[i].field);
                    bool theirs = rng() % 2 == 0;
                    for_a.choices.push_back(theirs ? Side::kTheirs : Side::kOurs);
                    for_b.choices.push_back(theirs ? Side::kOurs : Side::kTheirs);
                }
                auto ra = import_json(*p.a, p.owner_a(), "b.json", from_b, for_a);
                auto rb = import_json(*p.b, p.owner_b(), "a.json", from_a, for_b);
                REQUIRE_MESSAGE(ra, ra.error().message);
                REQUIRE_MESSAGE(rb, rb.error().message);
                settled = !ra->conflicts.empty();
                tally(ra->conflicts);
            } else {
                auto ra = import_json(*p.a, p.owner_a(), "b.json", from_b, {.prefer = Side::kOurs});
                REQUIRE_MESSAGE(ra, ra.error().message);
                auto rb = import_json(*p.b, p.owner_b(), "a.json", exported(*p.a), {.prefer = Side::kTheirs});
                REQUIRE_MESSAGE(rb, rb.error().message);
                settled = !rb->conflicts.empty();
                tally(ra->conflicts);
            }
            check_whole(*p.a);
            check_whole(*p.b);
            // Settling conflicts wrote an audit entry on each side: one more exchange, with nothing to settle,
            // brings each the other's.
            if (settled) exchange_again(*p.a, *p.b);
            REQUIRE(exported(*p.a) == exported(*p.b));
            // And the merged file restores to the same again.
            auto copy = restored(exported(*p.a), 900 + seed);
            CHECK(exported(*copy) == exported(*p.a));
        }
        work_rows += rows::count(*p.a, "step_work");
    }
    MESSAGE("work rows " << work_rows << ", learning conflicts " << learning_conflicts << ", of work "
                         << work_conflicts);
    CHECK(work_rows > 0);
    CHECK(learning_conflicts > 0);
}

TEST_CASE("an audit entry naming a group deleted on one side names none after the merge, never the group in its ID") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // On A, the group with the highest row ID goes, and a new group takes its row ID.
    auto top = a.db().prepare_once("SELECT id, uid, name FROM groups ORDER BY id DESC LIMIT 1");
    REQUIRE(top->step());
    const Id gone = top->col_int(0);
    const std::string gone_uid = top->col_text(1), gone_name = top->col_text(2);
    top.reset();
    must(delete_group(a, p.owner_a(), gone, SubgroupFate::kLiftThem));
    const Id robotics = must(create_group(a, p.owner_a(), {"Robotics", "", std::nullopt, {}, std::nullopt})).id;
    REQUIRE(robotics == gone);
    must(add_people(a, p.owner_a(), robotics, {{person_id(a, "grace@hill.org")}, {}, GroupRole::kMentor}));
    const std::string robotics_uid = *group_uid(a, robotics);

    // On A the old entries still name the deleted group; filtered by Robotics, only Robotics' entries.
    int gone_entries = 0;
    for (const AuditEntry& e : must(read_audit(a, p.owner_a(), {.limit = 0}))) {
        if (e.group_name != gone_name) continue;
        ++gone_entries;
        CHECK(e.group_uid == gone_uid);
        CHECK(e.group_deleted());
    }
    CHECK(gone_entries >= 2);  // at least its creation and its deletion
    auto robotics_log = must(read_audit(a, p.owner_a(), {.group = robotics}));
    REQUIRE(robotics_log.size() == 2);
    CHECK(robotics_log[0].summary == "Olive Owner added Grace Hopper to Robotics as a mentor.");
    CHECK(robotics_log[1].summary == "Olive Owner created the group Robotics.");

    // B, which still has the group, takes A's deletion: the entries about it name no group on either side, and
    // Robotics' entries name Robotics.
    const std::string from_a = exported(a);
    CHECK_FALSE(contains(from_a, "\"group\": \"" + gone_uid + "\""));
    merge_into(b, from_a);
    // B's row IDs are its own: the group is looked for by uid.
    auto on_b = b.db().prepare_once("SELECT count(*) FROM groups WHERE uid = ?");
    on_b->bind(1, gone_uid);
    REQUIRE(on_b->step());
    CHECK(on_b->col_int(0) == 0);
    on_b.reset();
    for (const AuditEntry& e : must(read_audit(b, p.owner_b(), {.limit = 0}))) {
        if (e.group_name == gone_name) CHECK_FALSE(e.group_id.has_value());
        if (e.group_name == "Robotics") CHECK(e.group_uid == robotics_uid);
    }
    const Id robotics_b = group_id(b, "robotics");
    auto robotics_on_b = must(read_audit(b, p.owner_b(), {.group = robotics_b}));
    REQUIRE(robotics_on_b.size() == 2);
    for (const AuditEntry& e : robotics_on_b) CHECK(e.group_id == robotics_b);

    merge_into(a, exported(b));
    exchange_again(a, b);
    CHECK(exported(a) == exported(b));
}

TEST_CASE("a person a merge deletes is not named by the entries of the person who then takes their row ID") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    // Pat joins on A (the highest row ID there), and both planners come to hold Pat.
    const Id pat = must(add_user(a, p.owner_a(), {"pat@hill.org", "Pat", "Gone", {}, {}})).id;
    must(edit_user(a, p.owner_a(), pat, {.first_name = std::string("Patricia")}));
    merge_into(b, exported(a));
    merge_into(a, exported(b));
    // The other planner no longer has Pat (Grove has no command that deletes a person; a planner's file that
    // leaves them out does), so the merge deletes Pat here.
    b.db().prepare("DELETE FROM users WHERE email = 'pat@hill.org'")->run();
    merge_into(a, exported(b));
    REQUIRE_FALSE(find_user_by_email(a, "pat@hill.org"));
    const Id quinn = must(add_user(a, p.owner_a(), {"quinn@hill.org", "Quinn", "New", {}, {}})).id;
    REQUIRE(quinn == pat);  // SQLite gave the new person the deleted one's row ID

    // Quinn's log is Quinn's own; the entries about Pat keep Pat's names and never name Quinn.
    const auto quinn_log = must(read_audit(a, p.owner_a(), {.person = quinn}));
    REQUIRE(quinn_log.size() == 1);
    CHECK(quinn_log[0].summary == "Olive Owner added Quinn New (quinn@hill.org).");
    int about_pat = 0;
    for (const AuditEntry& e : must(read_audit(a, p.owner_a(), {.limit = 0}))) {
        if (e.user_name != "Pat Gone" && e.user_name != "Patricia Gone") continue;
        ++about_pat;
        CHECK_FALSE(e.user_id.has_value());
        CHECK(e.user_email.empty());
    }
    CHECK(about_pat == 2);  // added, renamed
    const std::string quinn_uid = *user_uid(a, quinn);
    const std::string file = exported(a);
    size_t named = 0;
    for (size_t at = 0; (at = file.find(quinn_uid, at)) != std::string::npos; at += quinn_uid.size()) ++named;
    CHECK(named == 2);  // Quinn's record and the entry adding Quinn
}

TEST_CASE("a merge is one undo step: undone, the next merge brings the other planner's records again") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    must(create_group(b, p.owner_b(), {"Chess Club", "", std::nullopt, {}, std::nullopt}));
    merge_into(a, exported(b));
    REQUIRE(find_group_by_slug(a, "chess-club"));
    CHECK(must(undo(a, p.owner_a())) == "merged other.json");
    CHECK_FALSE(find_group_by_slug(a, "chess-club"));
    // The sync state went back with the records: the group is new to this planner again, not deleted here.
    merge_into(a, exported(b));
    CHECK(find_group_by_slug(a, "chess-club"));
    CHECK(exported(a) != exported(b));  // a's undo entry is its own until the next exchange
}
