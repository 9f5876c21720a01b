// The Rosters tab of Import & export (issue 13, F30): a roster file picked, read and checked under a progress bar,
// previewed with its counts and changes or its FILE:LINE problems, applied as one command; each format's export
// downloads what its import reads back; refusals in the core's words.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/exchange/oneroster.h"
#include "core/exchange/zip.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/screens/roster_formats.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

// A small district as a student information system exports it: a BOM, Windows line ends, a quoted multi-value cell.
std::vector<ZipEntry> roster_files(const std::string& users_extra = "") {
    return {
        {"manifest.csv", kBom + "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n"
                                "file.orgs,bulk\r\nfile.users,bulk\r\nfile.classes,bulk\r\nfile.enrollments,bulk\r\n"},
        {"orgs.csv",
         "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
         "d1,,,Hill District,district,,\r\n"
         "s1,,,Hill High,school,HH,d1\r\n"},
        {"users.csv",
         "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
         "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n"
         "u1,,,true,\"s1,d1\",student,ana,,Ana,Lopez,,,ana@hill.org,,,,09,\r\n"
         "u2,,,true,s1,teacher,bo,,Bo,Chen,,,bo@hill.org,,,,,\r\n" +
             users_extra},
        {"classes.csv",
         "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
         "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n"
         "c1,,,Algebra 9A,09,k1,ALG9A,scheduled,Room 4,s1,,Math,,1\r\n"},
        {"enrollments.csv",
         "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,"
         "endDate\r\n"
         "e1,,,c1,s1,u1,student,false,,\r\n"
         "e2,,,c1,s1,u2,teacher,true,,\r\n"},
    };
}

std::string zip_of(const std::vector<ZipEntry>& files) {
    auto zip = write_zip(files);
    REQUIRE(zip);
    return *zip;
}

struct District : ShellFixture {
    District() : ShellFixture({.owner_email = "owner@hill.org", .seed = 13}) { attach(Screen::Exchange); }
    std::string download(size_t i) const {
        REQUIRE(i < platform.downloads().size());
        const auto& bytes = platform.downloads()[i].bytes;
        return std::string(bytes.begin(), bytes.end());
    }
};

// Opens the Rosters tab and picks `file_name` for "Import OneRoster 1.1".
void pick_roster(UiDriver& ui, District& org, const std::string& file_name, const std::string& bytes) {
    if (!ui.find("Import OneRoster 1.1")) {
        REQUIRE(ui.click("Rosters"));
        ui.frame(2);
    }
    org.platform.queue_file(file_name, bytes);
    REQUIRE(ui.click("Import OneRoster 1.1"));
}

// Runs frames until the roster is neither read, checked nor applied.
void settle(UiDriver& ui, const AppState& state) {
    for (int i = 0; i < 20 && state.views.exchange.roster.work != RosterWork::kNone; ++i) ui.frame();
    ui.frame(3);
}

}  // namespace

TEST_CASE("the roster formats are one table, each with an import and at least one export") {
    REQUIRE_FALSE(roster_formats().empty());
    for (const RosterFormat& format : roster_formats()) {
        CHECK(static_cast<bool>(format.import));
        CHECK_FALSE(format.exports.empty());
        for (const RosterExport& out : format.exports) CHECK(static_cast<bool>(out.write));
    }
    REQUIRE(roster_formats().size() == 3);
    CHECK(std::string(roster_formats()[0].label) == "OneRoster 1.1");
    CHECK(std::string(roster_formats()[1].label) == "Moodle users");
    CHECK_FALSE(roster_formats()[1].zip);
    CHECK(std::string(roster_formats()[2].label) == "Canvas groups");
}

TEST_CASE("a Moodle users CSV and a Canvas groups zip come in through the same tab, and export back") {
    District org;
    UiDriver ui(org.state, {.height = 1100.0f});
    REQUIRE(ui.click("Rosters"));
    ui.frame(2);
    org.platform.queue_file("moodle.csv", kBom +
                                              "username,firstname,lastname,email,cohort1\r\n"
                                              "ana,Ana,Lopez,ana@hill.org,\r\n"
                                              "bo,Bo,Chen,bo@hill.org,\r\n");
    REQUIRE(ui.click("Import Moodle users"));
    settle(ui, org.state);
    CHECK(ui.has_text("Every row is right. The import will add 2 people."));
    REQUIRE(ui.click("Apply the import"));
    settle(ui, org.state);
    CHECK(ui.has_text("Imported moodle.csv: add 2 people."));
    REQUIRE(find_user_by_email(*org.store, "bo@hill.org"));

    std::vector<ZipEntry> canvas = {
        {"group_categories.csv",
         "group_category_id,account_id,course_id,category_name,status\r\n"
         "GC1,,,Project teams,active\r\n"},
        {"groups.csv", "group_id,group_category_id,account_id,course_id,name,status\r\nG1,GC1,,,Team A,available\r\n"},
        {"groups_membership.csv", "group_id,user_id,status\r\nG1,bo@hill.org,accepted\r\n"},
    };
    org.platform.queue_file("canvas.zip", zip_of(canvas));
    REQUIRE(ui.click("Import Canvas groups"));
    settle(ui, org.state);
    CHECK(ui.has_text("Every row is right. The import will add 2 groups, add 1 membership."));
    REQUIRE(ui.click("Apply the import"));
    settle(ui, org.state);
    auto team = find_group_by_slug(*org.store, "team-a");
    REQUIRE(team);
    CHECK(group_people(*org.store, team->id).size() == 1);

    REQUIRE(ui.click("Export Moodle users"));
    settle(ui, org.state);
    REQUIRE(org.platform.downloads().size() == 1);
    CHECK(org.download(0).find("ana,Ana,Lopez,ana@hill.org") != std::string::npos);
    REQUIRE(ui.click("Export Canvas groups"));
    settle(ui, org.state);
    REQUIRE(org.platform.downloads().size() == 2);
    auto files = read_zip(org.download(1), "canvas.zip");
    REQUIRE(files);
    bool memberships = false;
    for (const auto& f : *files) memberships |= f.name == "groups_membership.csv";
    CHECK(memberships);
}

TEST_CASE(
    "a OneRoster zip is read and checked under a bar, previewed with its counts, applied, and the people are in") {
    District org;
    UiDriver ui(org.state, {.height = 1100.0f});
    pick_roster(ui, org, "district.zip", zip_of(roster_files()));
    // The bar is on screen before the work: reading, then checking, a stage a frame.
    bool saw_bar = ui.find("Roster progress") != nullptr;
    for (int i = 0; i < 10 && !ui.has_text("Every row is right"); ++i) {
        ui.frame();
        saw_bar |= ui.find("Roster progress") != nullptr;
    }
    CHECK(saw_bar);
    CHECK(ui.has_text("district.zip"));
    CHECK(ui.has_text("5 files"));
    CHECK(ui.has_text(
        "Every row is right. The import will add 2 people, add 2 departments, add 2 groups, add 2 memberships."));
    CHECK(ui.has_text("What the import changes"));
    CHECK(ui.has_text("Ana Lopez"));                              // a change line
    CHECK_FALSE(find_user_by_email(*org.store, "ana@hill.org"));  // nothing before applying

    REQUIRE(ui.click("Apply the import"));
    // The dialog and its bar come first; the import runs once they are on screen.
    CHECK(ui.has_text("Applying district.zip"));
    CHECK(ui.find("Roster progress") != nullptr);
    CHECK_FALSE(find_user_by_email(*org.store, "ana@hill.org"));
    settle(ui, org.state);
    CHECK(ui.has_text("Imported district.zip: add 2 people, add 2 departments, add 2 groups, add 2 memberships."));
    CHECK_FALSE(ui.find("Apply the import"));
    auto ana = find_user_by_email(*org.store, "ana@hill.org");
    REQUIRE(ana);
    CHECK(ana->last_name == "Lopez");
    auto algebra = find_group_by_slug(*org.store, "algebra-9a");
    REQUIRE(algebra);
    auto school = find_group_by_slug(*org.store, "hill-high");
    REQUIRE(school);
    CHECK(algebra->parent_id == school->id);
    bool mentor = false;
    for (const GroupPerson& p : group_people(*org.store, algebra->id))
        mentor |= p.user.email == "bo@hill.org" && p.direct_role == GroupRole::kMentor;
    CHECK(mentor);

    // The same roster again: nothing to change.
    pick_roster(ui, org, "district.zip", zip_of(roster_files()));
    settle(ui, org.state);
    CHECK(ui.has_text("Grove already holds this roster: nothing to change."));
    CHECK_FALSE(ui.find("Apply the import"));
}

TEST_CASE("a roster with bad rows lists each problem as FILE:LINE, offers no apply, and changes nothing") {
    District org;
    UiDriver ui(org.state, {.height = 1100.0f});
    const auto before = org.store->db().serialize();
    pick_roster(ui, org, "bad.zip",
                zip_of(roster_files("u3,,,maybe,s1,student,cy,,Cy,Diaz,,,cy@hill.org,,,,,\r\n"
                                    "u4,,,true,s1,student,di,,Di,Eng,,,,,,,,\r\n")));
    settle(ui, org.state);
    CHECK(ui.has_text("2 problems in bad.zip. Nothing is applied"));
    CHECK(ui.has_text("users.csv:4: enabledUser is 'maybe'"));
    CHECK(ui.has_text("users.csv:5: the user u4 has no email"));
    CHECK_FALSE(ui.find("Apply the import"));
    CHECK(org.store->db().serialize() == before);

    // A file that is no zip at all is refused in words.
    pick_roster(ui, org, "notes.zip", "just some text");
    settle(ui, org.state);
    CHECK(ui.has_text("notes.zip"));
    CHECK_FALSE(ui.find("Apply the import"));
    CHECK(org.store->db().serialize() == before);
}

TEST_CASE("a roster checked before a change elsewhere is checked again") {
    District org;
    UiDriver ui(org.state, {.height = 1100.0f});
    pick_roster(ui, org, "district.zip", zip_of(roster_files()));
    settle(ui, org.state);
    REQUIRE(ui.has_text("The import will add 2 people"));
    // Someone else imports the same roster meanwhile (the command line, another screen).
    auto done = import_oneroster(*org.store, org.owner, "district.zip", roster_files(), false);
    REQUIRE(done);
    REQUIRE(done->ok());
    ui.frame();
    settle(ui, org.state);
    CHECK(ui.has_text("nothing to change"));
    CHECK_FALSE(ui.find("Apply the import"));
}

TEST_CASE("the OneRoster export downloads a zip that reads and imports back into an empty organisation") {
    District org;
    REQUIRE(import_oneroster(*org.store, org.owner, "district.zip", roster_files(), false));
    UiDriver ui(org.state);
    REQUIRE(ui.click("Rosters"));
    ui.frame(2);
    REQUIRE(ui.click("Export OneRoster 1.1"));
    ui.frame();
    REQUIRE(org.platform.downloads().size() == 1);
    const auto& file = org.platform.downloads()[0];
    CHECK(file.file_name.size() > 14);
    CHECK(file.file_name.substr(file.file_name.size() - 14) == "-oneroster.zip");
    CHECK(file.mime_type == "application/zip");
    CHECK(ui.has_text("Downloaded " + file.file_name));

    auto files = read_zip(org.download(0), file.file_name);
    REQUIRE(files);
    District other;
    auto back = import_oneroster(*other.store, other.owner, file.file_name, *files, true);
    REQUIRE(back);
    CHECK(back->errors.empty());
    CHECK(back->counts.people_added >= 2);  // the owner is in the export too
    CHECK(back->counts.groups_added == 2);
    CHECK(back->counts.memberships_added == 2);
}

TEST_CASE("a person who may not import or export the organisation is refused in the core's words") {
    District org;
    auto plain = add_user(*org.store, org.owner, {"plain@hill.org", "Paul", "Plain", {}, {}});
    REQUIRE(plain);
    org.state.actor = plain->id;
    const auto before = org.store->db().serialize();
    UiDriver ui(org.state);
    pick_roster(ui, org, "district.zip", zip_of(roster_files()));
    settle(ui, org.state);
    CHECK(ui.has_text("may not"));
    CHECK_FALSE(ui.find("Apply the import"));
    CHECK(org.store->db().serialize() == before);

    REQUIRE(ui.click("Export OneRoster 1.1"));
    ui.frame();
    CHECK(org.platform.downloads().empty());
    CHECK(ui.has_text("may not"));
}
