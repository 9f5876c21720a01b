// The Import & export screen (F13–F18): uploads with their preview, mapping and errors, downloads of
// the reports and a group's users, and a Grove file's merge with a choice for each conflict.
#include <doctest/doctest.h>
#include <memory>
#include <string>

#include "core/exchange/exchange.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/store_link.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

struct Planner : ShellFixture {
    Id grade9 = 0;

    explicit Planner(std::uint64_t seed = 5) : ShellFixture({.owner_email = "owner@riverside.example", .seed = seed}) {
        grade9 = group("Grade 9");
        attach(Screen::Exchange);
    }
    // A planner whose database was restored from a file.
    explicit Planner(std::unique_ptr<Store> restored) : ShellFixture(std::move(restored)) {
        grade9 = find_group_by_slug(*store, "grade-9")->id;
        attach(Screen::Exchange);
    }
    std::string download(size_t i) const {
        REQUIRE(i < platform.downloads().size());
        const auto& bytes = platform.downloads()[i].bytes;
        return std::string(bytes.begin(), bytes.end());
    }
};

// Runs frames until no upload is being applied (each frame applies a slice).
void finish_applying(UiDriver& ui, AppState& state) {
    for (int i = 0; i < 200 && state.views.exchange.upload.apply; ++i) ui.frame();
    ui.frame(2);
}

}  // namespace

TEST_CASE("a people file chosen in the picker is previewed, then applied, and the people exist") {
    Planner org;
    org.platform.queue_file("staff.csv",
                            "Email,First Name,Last Name,Group,Role\r\n"
                            "grace@riverside.example,Grace,Hopper,Grade 9,mentor\r\n"
                            "alan@riverside.example,Alan,Turing,,\r\n");
    UiDriver ui(org.state, {.height = 1100.0f});  // tall enough to show the preview below the columns
    CHECK(ui.has_text("Import & export"));
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    CHECK(ui.has_text("staff.csv"));
    CHECK(ui.has_text("2 rows"));
    CHECK(ui.has_text("Preview"));
    CHECK(ui.has_text("Hopper"));  // a cell of the preview
    CHECK(ui.has_text("Every row is right"));
    CHECK_FALSE(find_user_by_email(*org.store, "grace@riverside.example"));  // nothing before applying

    REQUIRE(ui.click("Apply the upload"));
    finish_applying(ui, org.state);
    CHECK(ui.has_text("staff.csv: Added 2 people"));
    auto grace = find_user_by_email(*org.store, "grace@riverside.example");
    REQUIRE(grace);
    CHECK(grace->last_name == "Hopper");
    CHECK(find_user_by_email(*org.store, "alan@riverside.example"));
    bool mentor = false;
    for (const GroupPerson& p : group_people(*org.store, org.grade9))
        mentor |= p.user.id == grace->id && p.direct_role == GroupRole::kMentor;
    CHECK(mentor);
}

TEST_CASE("a file with bad rows lists every problem with its line, offers no apply, and changes nothing") {
    Planner org;
    org.platform.queue_file("bad.csv",
                            "email,first_name,last_name,group\n"
                            "ok@riverside.example,Ok,Person,Grade 9\n"
                            "not-an-email,Bad,Email,Grade 9\n"
                            "x@riverside.example,No,Group,Grade 13\n");
    UiDriver ui(org.state);
    const auto before = org.store->db().serialize();
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    CHECK(ui.has_text("2 problems in bad.csv"));
    CHECK(ui.has_text("bad.csv:3:"));
    CHECK(ui.has_text("bad.csv:4:"));
    CHECK_FALSE(ui.find("Apply the upload"));
    CHECK(org.store->db().serialize() == before);
}

TEST_CASE("an unknown column is mapped to an additional field in the mapping step") {
    Planner org;
    REQUIRE(add_field(*org.store, org.owner, "Job Title", FieldType::kText));
    org.platform.queue_file("staff.csv",
                            "email,first name,last name,Position\ngrace@riverside.example,Grace,Hopper,Teacher\n");
    UiDriver ui(org.state);
    REQUIRE(ui.click("Choose a CSV file"));
    ui.frame(2);
    CHECK(ui.has_text("Unknown: choose a field"));
    CHECK_FALSE(ui.find("Apply the upload"));
    REQUIRE(ui.click("Goes to Position"));
    ui.frame(2);
    REQUIRE(ui.click("Job Title (field)"));
    ui.frame(2);
    CHECK(ui.has_text("Every row is right"));
    REQUIRE(ui.click("Apply the upload"));
    finish_applying(ui, org.state);
    auto grace = find_user_by_email(*org.store, "grace@riverside.example");
    REQUIRE(grace);
    bool titled = false;
    for (const FieldValue& v : field_values(*org.store, grace->id))
        titled |= v.field_name == "Job Title" && v.value == "Teacher";
    CHECK(titled);
}

TEST_CASE("the template and both reports download; a person without an admin role is refused the reports") {
    Planner org;
    UiDriver ui(org.state);
    REQUIRE(ui.click("Download the template"));
    ui.frame();
    CHECK(org.download(0).find("email") != std::string::npos);

    REQUIRE(ui.click("Reports"));
    ui.frame(2);
    REQUIRE(ui.click("Membership report"));
    ui.frame();
    REQUIRE(org.platform.downloads().size() == 2);
    CHECK(org.download(1).rfind("\xEF\xBB\xBFmembership_id,user_id,first_name,last_name,email,group_id,group_name,"
                                "member_role,group_parent_id,membership_created_date",
                                0) == 0);
    REQUIRE(ui.click("Group report"));
    ui.frame();
    CHECK(org.download(2).rfind("\xEF\xBB\xBFgroup_id,group_name,slug,description,created_date,parent_group_id,"
                                "parent_group_name",
                                0) == 0);

    auto plain = add_user(*org.store, org.owner, {"plain@riverside.example", "Paul", "Plain", {}, {}});
    REQUIRE(plain);
    org.state.actor = plain->id;
    ui.frame(2);
    REQUIRE(ui.click("Membership report"));
    ui.frame(2);
    CHECK(ui.has_text("Paul Plain may not"));
    CHECK(org.platform.downloads().size() == 3);
}

TEST_CASE("a group's users download from the group's menu on the Groups screen") {
    Planner org;
    auto grace = add_user(*org.store, org.owner, {"grace@riverside.example", "Grace", "Hopper", {}, {}});
    REQUIRE(grace);
    REQUIRE(add_people(*org.store, org.owner, org.grade9, {{grace->id}, {}, GroupRole::kMember}));
    org.state.screen = Screen::Groups;
    UiDriver ui(org.state);
    REQUIRE(ui.click("Actions for Grade 9"));
    ui.frame(2);
    REQUIRE(ui.click("Download users (CSV)"));
    ui.frame();
    REQUIRE(org.platform.downloads().size() == 1);
    CHECK(org.download(0).find("grace@riverside.example") != std::string::npos);
}

TEST_CASE("another planner's Grove file merges, with a choice for the conflict") {
    // Both planners start from the same file.
    Planner origin(1);
    auto start = export_json(*origin.store, origin.owner);
    REQUIRE(start);
    auto open_copy = [&](std::uint64_t seed) {
        StoreOptions options;
        options.seed = seed;
        auto store = std::move(Store::open(":memory:", options).value());
        REQUIRE(import_json(*store, 0, "start.json", *start));
        return store;
    };
    auto theirs = open_copy(2);
    Planner mine(open_copy(3));
    AppState& state = mine.state;
    const Id owner = mine.owner;
    const Id grade9 = mine.grade9;

    // The same group renamed differently on each side; the other side also added a group.
    REQUIRE(edit_group(*mine.store, owner, grade9, {.name = std::string("Year 9")}));
    const Id their_owner = *owner_id(*theirs);
    REQUIRE(edit_group(*theirs, their_owner, find_group_by_slug(*theirs, "grade-9")->id,
                       {.name = std::string("Ninth Grade")}));
    REQUIRE(create_group(*theirs, their_owner, {"Grade 10", "", {}, {}, {}}));
    auto file = export_json(*theirs, their_owner);
    REQUIRE(file);

    mine.platform.queue_file("theirs.json", *file);
    UiDriver ui(state);
    REQUIRE(ui.click("Grove file"));
    ui.frame(2);
    REQUIRE(ui.click("Import a Grove file"));
    ui.frame(2);
    CHECK(ui.has_text("What the import changes"));
    CHECK(ui.has_text("Conflicts (1)"));
    CHECK(ui.has_text("Year 9"));
    CHECK(ui.has_text("Ninth Grade"));
    CHECK(ui.has_text("Choose a side for 1 conflict"));
    REQUIRE(ui.click("Take the file's 1"));
    ui.frame(2);
    REQUIRE(ui.click("Import and merge"));
    ui.frame(2);
    CHECK(ui.has_text("Merged theirs.json"));
    CHECK(find_group(*mine.store, grade9)->name == "Ninth Grade");
    CHECK(find_group_by_slug(*mine.store, "grade-10"));
}

TEST_CASE("a conflict kept as mine is not asked again when the same Grove file is imported again") {
    Planner origin(1);
    auto start = export_json(*origin.store, origin.owner);
    REQUIRE(start);
    auto open_copy = [&](std::uint64_t seed) {
        StoreOptions options;
        options.seed = seed;
        auto store = std::move(Store::open(":memory:", options).value());
        REQUIRE(import_json(*store, 0, "start.json", *start));
        return store;
    };
    auto theirs = open_copy(2);
    Planner mine(open_copy(3));
    REQUIRE(edit_group(*mine.store, mine.owner, mine.grade9, {.name = std::string("Year 9")}));
    const Id their_owner = *owner_id(*theirs);
    REQUIRE(edit_group(*theirs, their_owner, find_group_by_slug(*theirs, "grade-9")->id,
                       {.name = std::string("Ninth Grade")}));
    auto file = export_json(*theirs, their_owner);
    REQUIRE(file);

    UiDriver ui(mine.state);
    REQUIRE(ui.click("Grove file"));
    ui.frame(2);
    mine.platform.queue_file("theirs.json", *file);
    REQUIRE(ui.click("Import a Grove file"));
    ui.frame(2);
    CHECK(ui.has_text("Conflicts (1)"));
    REQUIRE(ui.click("Keep mine 1"));
    ui.frame(2);
    REQUIRE(ui.click("Import and merge"));
    ui.frame(2);
    CHECK(ui.has_text("1 conflict settled, as the audit log records."));
    CHECK(find_group(*mine.store, mine.grade9)->name == "Year 9");

    // The same file again: nothing to do and nothing to choose; the earlier choice is shown as settled.
    mine.platform.queue_file("theirs.json", *file);
    REQUIRE(ui.click("Import a Grove file"));
    ui.frame(2);
    CHECK(ui.has_text("Nothing: this organisation already holds everything in the file."));
    CHECK_FALSE(ui.has_text("Conflicts (1)"));
    CHECK_FALSE(ui.has_text("Choose a side for 1 conflict"));
    CHECK(ui.has_text("Settled before (1)"));
    CHECK(ui.has_text("group Year 9: name is 'Year 9' here and 'Ninth Grade' in the file, kept 'Year 9'"));
}

TEST_CASE("the welcome screen opens a Grove file into the empty database") {
    Planner origin(1);
    auto file = export_json(*origin.store, origin.owner);
    REQUIRE(file);
    auto store = std::move(Store::open(":memory:").value());
    AppState state;
    FakePlatform platform;
    state.platform = &platform;
    attach_store(state, *store);
    platform.queue_file("riverside.json", *file);
    UiDriver ui(state);
    REQUIRE(ui.click("Open a Grove file"));
    ui.frame(3);
    CHECK(state.has_organisation);
    CHECK(get_org(*store)->name == "Riverside");
    CHECK(find_group_by_slug(*store, "grade-9"));
}

TEST_CASE("checked groups' users download together from the Groups list's bulk bar") {
    Planner org;
    auto grade10 = create_group(*org.store, org.owner, {"Grade 10", "", {}, {}, {}});
    REQUIRE(grade10);
    auto grace = add_user(*org.store, org.owner, {"grace@riverside.example", "Grace", "Hopper", {}, {}});
    auto alan = add_user(*org.store, org.owner, {"alan@riverside.example", "Alan", "Turing", {}, {}});
    REQUIRE((grace && alan));
    REQUIRE(add_people(*org.store, org.owner, org.grade9, {{grace->id}, {}, GroupRole::kMember}));
    REQUIRE(add_people(*org.store, org.owner, grade10->id, {{alan->id}, {}, GroupRole::kMentor}));
    org.state.screen = Screen::Groups;
    UiDriver ui(org.state);
    REQUIRE(ui.click("Select Grade 9"));
    REQUIRE(ui.click("Select Grade 10"));
    REQUIRE(ui.click("Export users (CSV)"));
    ui.frame();
    REQUIRE(org.platform.downloads().size() == 1);
    CHECK(org.platform.downloads()[0].file_name == "riverside-2-groups-users.csv");
    const std::string csv = org.download(0);
    CHECK(csv.find("grace@riverside.example,Grace,Hopper,,grade-9,member") != std::string::npos);
    CHECK(csv.find("alan@riverside.example,Alan,Turing,,grade-10,mentor") != std::string::npos);
}
