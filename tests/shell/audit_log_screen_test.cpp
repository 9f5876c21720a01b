// The audit log screen (F27, F38): filtering by group and by dates, the CSV export, and the refusal.
#include <algorithm>
#include <doctest/doctest.h>
#include <memory>
#include <string>

#include "core/org/audit.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/session.h"
#include "shell/store_link.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr std::int64_t kDay = 86400000;
constexpr std::int64_t kJan5Noon = 1767614400000;  // 2026-01-05T12:00:00Z: noon keeps every time zone on that day

// An organisation on an in-memory store whose clock the test sets, attached to an app state.
struct Planner : ShellFixture {
    Planner() : ShellFixture({.owner_email = "owner@riverside.example", .seed = 3, .clock_start = kJan5Noon}) {
        attach(Screen::AuditLog);
    }

    Id group_on(std::int64_t at, const std::string& name) {
        clock_ms = at;
        auto made = create_group(*store, owner, {name, "", {}, {}, {}});
        REQUIRE(made);
        return made->id;
    }
};

}  // namespace

TEST_CASE("the audit log names who did what, newest first") {
    Planner org;
    org.group_on(kJan5Noon, "Grade 9");
    org.group_on(kJan5Noon + 5 * kDay, "Grade 10");
    UiDriver ui(org.state);

    CHECK(ui.has_text("Audit log"));
    CHECK(ui.has_text("Olivia Owens created the group Grade 9."));
    CHECK(ui.has_text("Olivia Owens created the group Grade 10."));
    CHECK(ui.has_text("3 entries"));  // the organisation's creation, and the two groups
    const auto& texts = ui.snapshot().texts;
    auto newer =
        std::find_if(texts.begin(), texts.end(), [](auto& t) { return t.find("Grade 10.") != std::string::npos; });
    auto older =
        std::find_if(texts.begin(), texts.end(), [](auto& t) { return t.find("Grade 9.") != std::string::npos; });
    CHECK(newer < older);
}

TEST_CASE("filtering the audit log by group keeps that group's entries") {
    Planner org;
    org.group_on(kJan5Noon, "Grade 9");
    org.group_on(kJan5Noon + kDay, "Grade 10");
    UiDriver ui(org.state);

    REQUIRE(ui.click("Group"));
    REQUIRE(ui.click("Grade 10"));

    CHECK(org.state.views.audit_log.group.has_value());
    CHECK(ui.has_text("Olivia Owens created the group Grade 10."));
    CHECK_FALSE(ui.has_text("created the group Grade 9."));
    CHECK_FALSE(ui.has_text("created the organisation"));
    CHECK(ui.has_text("1 entry"));

    REQUIRE(ui.click("Group"));
    REQUIRE(ui.click("Any group"));
    CHECK(ui.has_text("created the group Grade 9."));
}

TEST_CASE("filtering the audit log by dates includes the whole last day") {
    Planner org;
    org.group_on(kJan5Noon, "Early");
    org.group_on(kJan5Noon + 5 * kDay, "Middle");  // 2026-01-10
    org.group_on(kJan5Noon + 15 * kDay, "Late");   // 2026-01-20
    UiDriver ui(org.state);

    REQUIRE(ui.click("From"));
    ui.type("2026-01-08");
    REQUIRE(ui.click("To"));
    ui.type("2026-01-10");
    ui.frame();

    CHECK(ui.has_text("created the group Middle."));
    CHECK_FALSE(ui.has_text("created the group Early."));
    CHECK_FALSE(ui.has_text("created the group Late."));
}

TEST_CASE("a date that is not YYYY-MM-DD is explained and not applied") {
    Planner org;
    org.group_on(kJan5Noon, "Grade 9");
    UiDriver ui(org.state);

    REQUIRE(ui.click("From"));
    ui.type("2026-13-01");

    CHECK(ui.has_text("From: \"2026-13-01\" is not a date. Write it as YYYY-MM-DD, like 2026-11-25."));
    CHECK(ui.has_text("created the group Grade 9."));
}

TEST_CASE("a half-typed date is judged only when the person leaves the field") {
    Planner org;
    UiDriver ui(org.state);

    REQUIRE(ui.click("To"));
    ui.type("2026-1");
    CHECK_FALSE(ui.has_text("is not a date"));

    REQUIRE(ui.click("Words in what happened"));
    CHECK(ui.has_text("To: \"2026-1\" is not a date. Write it as YYYY-MM-DD, like 2026-11-25."));
}

TEST_CASE("searching the audit log finds words in the summaries") {
    Planner org;
    org.group_on(kJan5Noon, "Grade 9");
    org.group_on(kJan5Noon + kDay, "Chess club");
    UiDriver ui(org.state);

    REQUIRE(ui.click("Words in what happened"));
    ui.type("chess");

    CHECK(ui.has_text("created the group Chess club."));
    CHECK_FALSE(ui.has_text("created the group Grade 9."));
}

TEST_CASE("filtering by a person keeps what they did and what was done to them") {
    Planner org;
    org.clock_ms = kJan5Noon + kDay;
    auto ada = add_user(*org.store, org.owner, {"ada@riverside.example", "Ada", "Lovelace", {}, {}});
    REQUIRE(ada);
    org.group_on(kJan5Noon + 2 * kDay, "Grade 9");
    UiDriver ui(org.state);

    REQUIRE(ui.click("Person"));
    REQUIRE(ui.click("Search people by name or email"));
    ui.type("ada");
    REQUIRE(ui.click("Ada Lovelace  <ada@riverside.example>"));

    CHECK(org.state.views.audit_log.person == ada->id);
    CHECK(ui.has_text("Olivia Owens added Ada Lovelace (ada@riverside.example)."));
    CHECK_FALSE(ui.has_text("created the group Grade 9."));
}

TEST_CASE("Export CSV offers the filtered entries as UTF-8 CSV with a BOM, quoted where needed") {
    Planner org;
    org.group_on(kJan5Noon, "Grade 9");
    org.group_on(kJan5Noon + kDay, "Art, \"Design\" & More");
    UiDriver ui(org.state);
    REQUIRE(ui.click("Group"));
    REQUIRE(ui.click("Art, \"Design\" & More"));

    REQUIRE(ui.click("Export CSV"));

    REQUIRE(org.platform.downloads().size() == 1);
    const auto& download = org.platform.downloads()[0];
    CHECK(download.file_name == "grove-audit-log.csv");
    CHECK(download.mime_type == "text/csv");
    const std::string csv(download.bytes.begin(), download.bytes.end());
    CHECK(csv ==
          "\xef\xbb\xbf"
          "at,actor,actor_email,action,summary,group,person,person_email\r\n"
          "2026-01-06T12:00:00Z,Olivia Owens,owner@riverside.example,group.create,"
          "\"Olivia Owens created the group Art, \"\"Design\"\" & More.\",\"Art, \"\"Design\"\" & More\",,\r\n");
    CHECK(ui.has_text("Exported 1 entry to grove-audit-log.csv."));
}

TEST_CASE("the export holds every matching entry, beyond the 2,000 listed") {
    Planner org;
    for (int i = 0; i < 2005; ++i) {
        org.clock_ms = kJan5Noon + i * 1000;
        REQUIRE(rename_org(*org.store, org.owner, "Riverside " + std::to_string(i)));
    }
    UiDriver ui(org.state);
    CHECK(ui.has_text("Showing the newest 2,000 entries; narrow the filters to see older ones."));
    CHECK(org.state.views.audit_log.page.value.entries.size() == 2000);

    REQUIRE(ui.click("Export CSV"));
    REQUIRE(org.platform.downloads().size() == 1);
    const auto& bytes = org.platform.downloads()[0].bytes;
    CHECK(std::count(bytes.begin(), bytes.end(), '\n') == 1 + 2006);  // header, renames, the creation
}

TEST_CASE("a person without audit.view sees the core's refusal instead of the log") {
    Planner org;
    org.group_on(kJan5Noon, "Grade 9");
    auto pat = add_user(*org.store, org.owner, {"pat@riverside.example", "Pat", "Doe", {}, {}});
    REQUIRE(pat);
    set_actor(org.state, pat->id);
    auto refused = read_audit(*org.store, pat->id, {});
    REQUIRE_FALSE(refused);

    UiDriver ui(org.state);

    CHECK(ui.has_text(refused.error().message));
    CHECK_FALSE(ui.has_text("created the group Grade 9."));
    CHECK(ui.find("Export CSV") == nullptr);
    CHECK_FALSE(ui.has_text("Any group"));  // no filters for a log one cannot read
}

TEST_CASE("a row opens to show the whole entry and everyone a change to many people lists") {
    Planner org;
    const Id grade9 = org.group_on(kJan5Noon, "Grade 9");
    AddPeople people;
    for (int i = 0; i < 30; ++i) {
        auto p = add_user(*org.store, org.owner,
                          {"p" + std::to_string(i) + "@riverside.example", "Pupil" + std::to_string(i), "Lee", {}, {}});
        REQUIRE(p);
        people.users.push_back(p->id);
    }
    REQUIRE(add_people(*org.store, org.owner, grade9, people));
    UiDriver ui(org.state);
    // The table says how many the entry lists (cut to the column's width on screen).
    CHECK(org.state.views.audit_log.page.value.what[0] ==
          "Olivia Owens added people to Grade 9: added 30 people. \xc2\xb7 30 people listed");

    REQUIRE(ui.click("Open entry 1"));
    ui.frame(3);
    CHECK(ui.has_text("Audit entry"));
    CHECK(ui.has_text("Olivia Owens added people to Grade 9: added 30 people."));
    CHECK(ui.has_text("member.add"));
    CHECK(ui.has_text("30 people"));
    CHECK(ui.has_text("Pupil0 Lee (p0@riverside.example)"));
    CHECK(ui.has_text("added to Grade 9 as a member"));

    // The search narrows the list to the person looked for.
    REQUIRE(ui.click("Find a person"));
    ui.type("pupil17");
    CHECK(ui.has_text("Pupil17 Lee (p17@riverside.example)"));
    CHECK_FALSE(ui.has_text("Pupil0 Lee (p0@riverside.example)"));
    CHECK(org.state.views.audit_log.open_rows.size() == 1);

    REQUIRE(ui.click("Close"));
    CHECK_FALSE(ui.has_text("Audit entry"));
    CHECK_FALSE(org.state.views.audit_log.open.has_value());
}

TEST_CASE("filtered by a person, an entry listing many says what it did to them") {
    Planner org;
    const Id grade9 = org.group_on(kJan5Noon, "Grade 9");
    auto ada = add_user(*org.store, org.owner, {"ada@riverside.example", "Ada", "Lovelace", {}, {}});
    auto bo = add_user(*org.store, org.owner, {"bo@riverside.example", "Bo", "Chen", {}, {}});
    REQUIRE(ada);
    REQUIRE(bo);
    AddPeople people;
    people.users = {ada->id, bo->id};
    people.role = GroupRole::kMentor;
    REQUIRE(add_people(*org.store, org.owner, grade9, people));
    org.state.views.audit_log.person = bo->id;
    UiDriver ui(org.state);
    CHECK(org.state.views.audit_log.page.value.what[0] ==
          "Olivia Owens added people to Grade 9: added 2 people. \xe2\x80\x94 Bo Chen: added to Grade 9 as a mentor");
    CHECK(ui.has_text("2 entries"));  // Bo's creation, and the entry listing Bo
}

TEST_CASE("a long summary, cut in the table, reads in full once opened") {
    Planner org;
    const std::string name(150, 'x');
    org.group_on(kJan5Noon, "Group " + name);
    UiDriver ui(org.state);
    CHECK_FALSE(ui.has_text("Olivia Owens created the group Group " + name + "."));
    REQUIRE(ui.click("Open entry 1"));
    ui.frame(3);
    CHECK(ui.has_text("Olivia Owens created the group Group " + name + "."));
}

TEST_CASE("a deleted group's entries say it is deleted, and the group that took its row ID shows only its own") {
    Planner org;
    const Id drama = org.group_on(kJan5Noon, "Drama Club");
    REQUIRE(delete_group(*org.store, org.owner, drama, SubgroupFate::kLiftThem));
    const Id chess = org.group_on(kJan5Noon + kDay, "Chess Club");
    REQUIRE(chess == drama);  // SQLite gave the new group the deleted one's row ID
    UiDriver ui(org.state);

    CHECK(ui.has_text("Drama Club (deleted)"));  // the Group column of its creation and its deletion
    CHECK(ui.has_text("Chess Club"));
    CHECK_FALSE(ui.has_text("Chess Club (deleted)"));

    REQUIRE(ui.click("Group"));
    REQUIRE(ui.click("Chess Club"));
    CHECK(ui.has_text("Olivia Owens created the group Chess Club."));
    CHECK_FALSE(ui.has_text("created the group Drama Club."));
    CHECK(ui.has_text("1 entry"));

    // Opened, an old entry names the group it was about, as deleted.
    REQUIRE(ui.click("Group"));
    REQUIRE(ui.click("Any group"));
    REQUIRE(ui.click("Open entry 3"));  // newest first: Chess Club, Drama Club's deletion, its creation
    ui.frame(3);
    CHECK(ui.has_text("Olivia Owens created the group Drama Club."));
    CHECK(ui.has_text("Drama Club (deleted)"));
}

TEST_CASE("a deleted person's entries say so, and the person who took their row ID is not found in them") {
    Planner org;
    auto bea = add_user(*org.store, org.owner, {"bea@riverside.example", "Bea", "Old", {}, {}});
    REQUIRE(bea);
    // Grove deletes a person only when a merge brings another planner's deletion; the row goes as it would.
    org.store->db().prepare("DELETE FROM users WHERE id = ?")->bind(1, bea->id).run();
    auto cy = add_user(*org.store, org.owner, {"cy@riverside.example", "Cy", "New", {}, {}});
    REQUIRE(cy);
    REQUIRE(cy->id == bea->id);  // SQLite gave the new person the deleted one's row ID

    org.state.views.audit_log.person = cy->id;
    UiDriver ui(org.state);
    CHECK(ui.has_text("Olivia Owens added Cy New (cy@riverside.example)."));
    CHECK_FALSE(ui.has_text("Olivia Owens added Bea Old (bea@riverside.example)."));
    CHECK(ui.has_text("1 entry"));

    org.state.views.audit_log.person.reset();
    ui.frame(2);
    REQUIRE(ui.click("Open entry 2"));  // newest first: Cy's addition, then Bea's
    ui.frame(3);
    CHECK(ui.has_text("Olivia Owens added Bea Old (bea@riverside.example)."));
    CHECK(ui.has_text("Bea Old (deleted)"));
    CHECK_FALSE(ui.has_text("Bea Old (cy@riverside.example)"));  // never the email of who took the ID
}
