// The People screen driven by its labels over a real in-memory store: adding, editing, status, roles.
#include <algorithm>
#include <array>
#include <cstring>
#include <doctest/doctest.h>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../must.h"
#include "core/access/roles.h"
#include "core/files/upload.h"
#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "fake_platform.h"
#include "imgui_internal.h"
#include "shell/session.h"
#include "shell/store_link.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

using grove::testing::must;

namespace {

// An organisation with an owner, a department, a date field, and the app attached to it.
struct PeopleFixture : ShellFixture {
    Id science = 0;

    PeopleFixture() : ShellFixture({.plan = Plan::kEssentials}) {
        science = department("Science");
        must(add_field(*store, owner, "Hire Date", FieldType::kDate));
        must(add_field(*store, owner, "Location", FieldType::kChoice, {"North", "South"}));
        attach(Screen::People);
    }
};

UiDriver::Options tall() {
    UiDriver::Options options;
    options.height = 1600;  // the person panel shows whole, without scrolling
    return options;
}

// Replaces the text of the field labelled `label`.
void fill(UiDriver& ui, std::string_view label, std::string_view text) {
    REQUIRE_MESSAGE(ui.click(label), "no field labelled " << label);
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type(text);
}

bool has_item(const UiDriver& ui, std::string_view label) { return ui.find(label) != nullptr; }

// Clicks a person's row: their panel opens.
void open_row(UiDriver& ui, std::string_view name) { REQUIRE_MESSAGE(ui.click(name), "no row " << name); }

// An organisation whose columns each order people differently: departments Science > Physics and Art, an
// admin, a Department Admin, a custom role, a deactivated person and an invitation.
struct ListFixture : ShellFixture {
    Id science = 0, physics = 0, art = 0;
    Id ada = 0, bo = 0, cy = 0, di = 0, eve = 0;
    Id registrar = 0;
    std::vector<std::string> everyone;

    ListFixture() : ShellFixture({.plan = Plan::kEssentials}) {
        science = department("Science");
        physics = department("Physics", science);
        art = department("Art");
        ada = person("zed@riverside.example", "Ada", "Abbott", physics);
        bo = person("bo@riverside.example", "Bo", "Chen", art);
        cy = person("cy10@riverside.example", "Cy", "Dunn", science);
        di = person("cy9@riverside.example", "Di", "Eyre");
        eve = person("eve@riverside.example", "Eve", "Fox", science);
        registrar = must(define_custom_role(*store, owner, "Registrar", kPermManageUsers)).id;
        must(grant_role(*store, owner, bo, {OrgRole::kAdmin, std::nullopt, std::nullopt}));
        must(grant_role(*store, owner, cy, {OrgRole::kDepartmentAdmin, std::nullopt, science}));
        must(grant_role(*store, owner, di, {OrgRole::kCustom, registrar, std::nullopt}));
        UserEdit deactivate;
        deactivate.status = UserStatus::kDeactivated;
        must(edit_user(*store, owner, eve, deactivate));
        const Id group = must(create_group(*store, owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
        AddPeople invite;
        invite.emails = {"newcomer@riverside.example"};
        must(add_people(*store, owner, group, invite));
        everyone = {"Ada Abbott",  "Bo Chen", "Cy Dunn", "Di Eyre", "Eve Fox", "newcomer@riverside.example",
                    "Olivia Owens"};
        attach(Screen::People);
    }
};

// The people the list shows, top to bottom, read from the snapshot: its rows are labelled by the names.
std::vector<std::string> listed(const UiDriver& ui, const std::vector<std::string>& everyone) {
    std::vector<const UiSnapshot::Item*> rows;
    for (const UiSnapshot::Item& item : ui.snapshot().items)
        if (std::find(everyone.begin(), everyone.end(), item.label) != everyone.end()) rows.push_back(&item);
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->y < b->y; });
    std::vector<std::string> out;
    for (const auto* row : rows) out.push_back(row->label);
    return out;
}

using Names = std::vector<std::string>;

// Opens a filter's list and picks one of its choices.
void pick(UiDriver& ui, std::string_view filter, std::string_view choice) {
    REQUIRE_MESSAGE(ui.click(filter), "no filter " << filter);
    REQUIRE_MESSAGE(ui.click(choice), "no choice " << choice << " in " << filter);
}

// The person panel's scrolling window (ImGui names it "<parent>/##person-panel_<id>").
ImGuiWindow* panel_window() {
    for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows) {
        if ((window->Flags & ImGuiWindowFlags_ChildWindow) != 0 && window->Active &&
            std::strstr(window->Name, "/##person-panel") != nullptr)
            return window;
    }
    return nullptr;
}

// What the list shows, row by row, with the tabs' counts.
struct Shown {
    std::vector<std::string> rows;  // "id name | email | status | department | roles"
    std::array<int, 4> counts{};
    bool operator==(const Shown&) const = default;
};

Shown shown_of(AppState& state) {
    Shown out;
    const PeopleRows& rows = cached_people_rows(state);
    for (std::uint32_t slot : state.views.people.shown.visible) {
        const PersonRow& r = rows[slot];
        out.rows.push_back(std::to_string(r.id) + " " + r.name + " | " + r.email + " | " +
                           std::to_string(static_cast<int>(r.status)) + " | " + r.department + " | " + r.roles);
    }
    out.counts = state.views.people.shown.counts;
    return out;
}

std::ostream& operator<<(std::ostream& os, const Shown& shown) {
    os << shown.rows.size() << " rows, counts " << shown.counts[0] << "/" << shown.counts[1] << "/" << shown.counts[2]
       << "/" << shown.counts[3] << ":";
    for (const std::string& row : shown.rows) os << "\n  " << row;
    return os;
}

// What a fresh People screen (its rows read anew) shows with the same search, filters, tab and sort; the
// screen's own state is put back afterwards.
Shown fresh_screen(AppState& state, UiDriver& ui) {
    PeopleView kept = std::move(state.views.people);
    state.views.people = PeopleView{};
    state.views.people.filters = kept.filters;
    state.views.people.tab = kept.tab;
    state.views.people.sort = kept.sort;
    ui.frame();
    Shown fresh = shown_of(state);
    state.views.people = std::move(kept);
    return fresh;
}

// Many people whose names and emails share letters, so that a search narrows step by step.
std::vector<Id> crowd(ShellFixture& f, int count, std::optional<Id> department = std::nullopt) {
    static const char* const kFirst[] = {"Ana", "Anton", "Bea", "Carmen", "Cárl", "Dana", "Elena", "Ann-Marie"};
    static const char* const kLast[] = {"Andersen", "Brandt", "Carranza", "Dahl", "Ångström", "Nakamura"};
    std::vector<Id> ids;
    for (int i = 0; i < count; ++i) {
        const std::string first = kFirst[i % 8];
        const std::string last = kLast[(i / 8 + i) % 6];
        ids.push_back(f.person("p" + std::to_string(i) + "." + std::to_string(i % 5) + "@riverside.example", first,
                               last, i % 3 == 0 ? department : std::nullopt));
    }
    return ids;
}
}  // namespace

TEST_CASE("adding a person by clicking puts them in the core and opens their panel") {
    PeopleFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Add person"));
    REQUIRE(ui.has_text("Add a person"));

    fill(ui, "Email", "ada@riverside.example");
    fill(ui, "First name", "Ada");
    fill(ui, "Last name", "Lovelace");
    REQUIRE(ui.click("Department"));
    REQUIRE(ui.click("Science"));
    fill(ui, "Hire Date", "2021-08-19");
    REQUIRE(ui.click("Add"));

    auto ada = find_user_by_email(*f.store, "ada@riverside.example");
    REQUIRE(ada);
    CHECK(ada->display_name() == "Ada Lovelace");
    CHECK(ada->department_id == f.science);
    REQUIRE(field_values(*f.store, ada->id).size() == 1);
    CHECK(field_values(*f.store, ada->id)[0].value == "2021-08-19");
    CHECK(ui.has_text("Added Ada Lovelace."));
    REQUIRE(f.state.views.people.open_person == ada->id);
    CHECK(has_item(ui, "Ada Lovelace"));  // the list's row
    CHECK(has_item(ui, "Save changes"));  // the panel
}

TEST_CASE("adding a person with an email already in use shows the core's message in the dialog") {
    PeopleFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Add person"));
    fill(ui, "Email", "olivia@riverside.example");
    fill(ui, "First name", "Other");
    REQUIRE(ui.click("Add"));

    CHECK(ui.has_text("The email olivia@riverside.example already belongs to Olivia Owens."));
    CHECK(user_count(*f.store) == 1);
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Add a person"));
}

TEST_CASE("a bad date shows the core's message under its field; fixing it saves") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(has_item(ui, "Save changes"));

    fill(ui, "Hire Date", "2021-13-40");
    fill(ui, "Last name", "Murray Hopper");
    REQUIRE(ui.click("Save changes"));

    CHECK(ui.has_text("Hire Date must be a date written YYYY-MM-DD, not '2021-13-40'."));
    const UiSnapshot::Item* error = ui.find("Hire Date error");
    REQUIRE(error != nullptr);
    CHECK(error->y > ui.find("Hire Date")->y);  // under its field, above the next one
    CHECK(error->y < ui.find("Location")->y);
    CHECK(find_user(*f.store, grace)->last_name == "Hopper");  // nothing was written
    CHECK(field_values(*f.store, grace).empty());

    fill(ui, "Hire Date", "2021-12-09");
    REQUIRE(ui.click("Save changes"));

    CHECK(ui.has_text("Saved."));
    CHECK_FALSE(ui.has_text("must be a date"));
    CHECK(find_user(*f.store, grace)->last_name == "Murray Hopper");
    REQUIRE(field_values(*f.store, grace).size() == 1);
    CHECK(field_values(*f.store, grace)[0].value == "2021-12-09");
}

TEST_CASE("a choice field is a combo of its choices") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Location"));
    REQUIRE(ui.click("South"));
    REQUIRE(ui.click("Save changes"));

    REQUIRE(field_values(*f.store, grace).size() == 1);
    CHECK(field_values(*f.store, grace)[0].value == "South");
}

TEST_CASE("deactivating and reactivating a person") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople add;
    add.emails = {"grace@riverside.example"};
    must(add_people(*f.store, f.owner, group, add));
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");

    // Asked first, saying what she keeps and what she loses; Cancel changes nothing.
    REQUIRE(ui.click("Deactivate"));
    CHECK(ui.has_text("Deactivate Grace Hopper?"));
    CHECK(ui.has_text("They keep their data, their roles and their 1 group, but can no longer act"));
    CHECK(find_user(*f.store, grace)->status == UserStatus::kActive);
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Deactivate Grace Hopper?"));
    CHECK(find_user(*f.store, grace)->status == UserStatus::kActive);

    REQUIRE(ui.click("Deactivate"));
    REQUIRE(ui.click("Deactivate", 1));  // the question's button
    CHECK(find_user(*f.store, grace)->status == UserStatus::kDeactivated);
    CHECK(ui.has_text("Grace Hopper is deactivated."));
    CHECK(has_item(ui, "Reactivate"));

    REQUIRE(ui.click("Reactivate"));
    CHECK(find_user(*f.store, grace)->status == UserStatus::kActive);
    CHECK(has_item(ui, "Deactivate"));
}

TEST_CASE("the owner cannot deactivate themselves: the core says so in the panel") {
    PeopleFixture f;
    UiDriver ui(f.state, tall());
    open_row(ui, "Olivia Owens");
    REQUIRE(ui.click("Deactivate"));
    REQUIRE(ui.click("Deactivate", 1));
    CHECK(ui.has_text("You cannot deactivate yourself."));
    CHECK(find_user(*f.store, f.owner)->status == UserStatus::kActive);
}

TEST_CASE("the Invited tab lists invitations only, with counts on every tab") {
    PeopleFixture f;
    f.person("grace@riverside.example", "Grace", "Hopper");
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople invite;
    invite.emails = {"newcomer@riverside.example"};
    must(add_people(*f.store, f.owner, group, invite));
    UiDriver ui(f.state, tall());
    CHECK(has_item(ui, "Grace Hopper"));
    CHECK(has_item(ui, "newcomer@riverside.example"));  // an invitation without a name shows its email

    REQUIRE(ui.click("Invited"));

    CHECK(f.state.views.people.tab == StatusTab::kInvited);
    CHECK(has_item(ui, "newcomer@riverside.example"));
    CHECK_FALSE(has_item(ui, "Grace Hopper"));
    CHECK_FALSE(has_item(ui, "Olivia Owens"));
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{3, 2, 1, 0});

    open_row(ui, "newcomer@riverside.example");
    CHECK(ui.has_text("Invitation waiting"));
    CHECK(ui.has_text("accepts the invitation themselves"));
}

TEST_CASE("acting as an invited person from their panel shows the accept banner") {
    PeopleFixture f;
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople invite;
    invite.emails = {"newcomer@riverside.example"};
    must(add_people(*f.store, f.owner, group, invite));
    UiDriver ui(f.state, tall());
    open_row(ui, "newcomer@riverside.example");
    REQUIRE(ui.click("Act as newcomer@riverside.example"));

    CHECK(f.state.actor_status == UserStatus::kInvited);
    CHECK(has_item(ui, "Accept invitation"));
}

TEST_CASE("the search box filters by name or email, ignoring case and accents") {
    PeopleFixture f;
    f.person("zoe@riverside.example", "Zoë", "Quinn");
    f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Search by name or email"));
    ui.type("ZOE");

    CHECK(has_item(ui, "Zoë Quinn"));
    CHECK_FALSE(has_item(ui, "Grace Hopper"));
    CHECK(f.state.views.people.shown.counts[0] == 1);

    ui.press(ImGuiKey_A, true);
    ui.type("hopper@");  // no such text in any name or email
    CHECK(ui.has_text("Nobody matches this search and status."));
}

TEST_CASE("clicking a column's header sorts the list by it, and clicking again reverses it") {
    ListFixture f;
    UiDriver ui(f.state, tall());
    // At first by name, in natural order.
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott", "Bo Chen", "Cy Dunn", "Di Eyre", "Eve Fox",
                                          "newcomer@riverside.example", "Olivia Owens"});

    // Emails in natural order: cy9 before cy10.
    REQUIRE(ui.click("Sort by Email"));
    CHECK(f.state.views.people.sort == PeopleSort{PeopleColumn::kEmail, false});
    CHECK(listed(ui, f.everyone) == Names{"Bo Chen", "Di Eyre", "Cy Dunn", "Eve Fox", "newcomer@riverside.example",
                                          "Olivia Owens", "Ada Abbott"});
    REQUIRE(ui.click("Sort by Email"));
    CHECK(f.state.views.people.sort == PeopleSort{PeopleColumn::kEmail, true});
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott", "Olivia Owens", "newcomer@riverside.example", "Eve Fox",
                                          "Cy Dunn", "Di Eyre", "Bo Chen"});

    // Statuses by the word shown (Active, Deactivated, Invited); equal ones stay in name order, both ways.
    REQUIRE(ui.click("Sort by Status"));
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott", "Bo Chen", "Cy Dunn", "Di Eyre", "Olivia Owens", "Eve Fox",
                                          "newcomer@riverside.example"});
    REQUIRE(ui.click("Sort by Status"));
    CHECK(listed(ui, f.everyone) == Names{"newcomer@riverside.example", "Eve Fox", "Ada Abbott", "Bo Chen", "Cy Dunn",
                                          "Di Eyre", "Olivia Owens"});

    // Departments by name; people without one last, both ways.
    REQUIRE(ui.click("Sort by Department"));
    CHECK(listed(ui, f.everyone) == Names{"Bo Chen", "Ada Abbott", "Cy Dunn", "Eve Fox", "Di Eyre",
                                          "newcomer@riverside.example", "Olivia Owens"});
    REQUIRE(ui.click("Sort by Department"));
    CHECK(listed(ui, f.everyone) == Names{"Cy Dunn", "Eve Fox", "Ada Abbott", "Bo Chen", "Di Eyre",
                                          "newcomer@riverside.example", "Olivia Owens"});

    // Org roles by the text shown.
    REQUIRE(ui.click("Sort by Org roles"));
    CHECK(listed(ui, f.everyone) == Names{"Bo Chen", "Cy Dunn", "Olivia Owens", "Di Eyre", "Ada Abbott", "Eve Fox",
                                          "newcomer@riverside.example"});

    // Back to names, then reversed.
    REQUIRE(ui.click("Sort by Name"));
    CHECK(listed(ui, f.everyone).front() == "Ada Abbott");
    REQUIRE(ui.click("Sort by Name"));
    CHECK(listed(ui, f.everyone) == Names{"Olivia Owens", "newcomer@riverside.example", "Eve Fox", "Di Eyre", "Cy Dunn",
                                          "Bo Chen", "Ada Abbott"});
}

TEST_CASE("departments sort as names do: accents and case ignored, numbers by their value") {
    PeopleFixture f;
    Id zoology = f.department("Zoology");
    Id education = f.department(
        "\xc3\x89"
        "ducation");  // "Éducation": sorted as "education", not after Z
    Id economics = f.department("economics");
    Id grade9 = f.department("Grade 9");
    Id grade10 = f.department("Grade 10");
    f.person("a@riverside.example", "Ann", "Zoo", zoology);
    f.person("b@riverside.example", "Ben", "Edu", education);
    f.person("c@riverside.example", "Cat", "Eco", economics);
    f.person("d@riverside.example", "Dan", "Ten", grade10);
    f.person("e@riverside.example", "Eli", "Nine", grade9);
    const Names everyone{"Ann Zoo", "Ben Edu", "Cat Eco", "Dan Ten", "Eli Nine"};
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Sort by Department"));
    CHECK(listed(ui, everyone) == Names{"Cat Eco", "Ben Edu", "Eli Nine", "Dan Ten", "Ann Zoo"});
    REQUIRE(ui.click("Sort by Department"));
    CHECK(listed(ui, everyone) == Names{"Ann Zoo", "Dan Ten", "Eli Nine", "Ben Edu", "Cat Eco"});
}

TEST_CASE("the sort is kept while away from the screen, and by a table drawn afresh") {
    ListFixture f;
    const Names by_email_reversed{"Ada Abbott", "Olivia Owens", "newcomer@riverside.example", "Eve Fox", "Cy Dunn",
                                  "Di Eyre",    "Bo Chen"};
    {
        UiDriver ui(f.state, tall());
        REQUIRE(ui.click("Sort by Email"));
        REQUIRE(ui.click("Sort by Email"));
        REQUIRE(listed(ui, f.everyone) == by_email_reversed);
        REQUIRE(ui.click("Groups"));
        REQUIRE(ui.click("People"));
        CHECK(listed(ui, f.everyone) == by_email_reversed);
    }
    // Another ImGui context knows nothing of the table: it takes the view's sort.
    UiDriver again(f.state, tall());
    CHECK(listed(again, f.everyone) == by_email_reversed);
    CHECK(f.state.views.people.sort == PeopleSort{PeopleColumn::kEmail, true});
    // Changes made meanwhile are sorted in: a new person with the first email of all.
    f.person("aaron@riverside.example", "Aaron", "Zeta");
    again.frame(2);
    f.everyone.push_back("Aaron Zeta");
    CHECK(listed(again, f.everyone).back() == "Aaron Zeta");
}

TEST_CASE("the department filter shows the department and every department under it") {
    ListFixture f;
    UiDriver ui(f.state, tall());
    pick(ui, "Filter by department", "Science");
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott", "Cy Dunn", "Eve Fox"});  // Ada is in Physics, under Science
    // The tabs count what the filters let through.
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{3, 2, 0, 1});

    pick(ui, "Filter by department", "Physics");
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott"});
    pick(ui, "Filter by department", "No department");
    CHECK(listed(ui, f.everyone) == Names{"Di Eyre", "newcomer@riverside.example", "Olivia Owens"});
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{3, 2, 1, 0});
    pick(ui, "Filter by department", "All departments");
    CHECK(listed(ui, f.everyone).size() == 7);
}

TEST_CASE("the org role filter shows the holders of a role, or people with none") {
    ListFixture f;
    UiDriver ui(f.state, tall());
    pick(ui, "Filter by org role", "Admin");
    CHECK(listed(ui, f.everyone) == Names{"Bo Chen"});
    pick(ui, "Filter by org role", "Department Admin");
    CHECK(listed(ui, f.everyone) == Names{"Cy Dunn"});
    pick(ui, "Filter by org role", "Registrar");
    CHECK(listed(ui, f.everyone) == Names{"Di Eyre"});
    pick(ui, "Filter by org role", "Owner");
    CHECK(listed(ui, f.everyone) == Names{"Olivia Owens"});
    pick(ui, "Filter by org role", "No org role");
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott", "Eve Fox", "newcomer@riverside.example"});
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{3, 1, 1, 1});

    // A role granted from the panel moves the person into the filtered list at once.
    must(grant_role(*f.store, f.owner, f.ada, {OrgRole::kOrgGroupManager, std::nullopt, std::nullopt}));
    ui.frame(2);
    CHECK(listed(ui, f.everyone) == Names{"Eve Fox", "newcomer@riverside.example"});
}

TEST_CASE("filters combine with the search, the tabs count what they let through, and Clear filters clears all") {
    ListFixture f;
    UiDriver ui(f.state, tall());
    CHECK_FALSE(has_item(ui, "Clear filters"));
    const float list_top = ui.find("Sort by Name")->y;
    pick(ui, "Filter by department", "Science");
    CHECK(has_item(ui, "Clear filters"));
    CHECK(ui.find("Sort by Name")->y == list_top);  // Clear filters appears in a place kept for it
    pick(ui, "Filter by org role", "No org role");
    CHECK(listed(ui, f.everyone) == Names{"Ada Abbott", "Eve Fox"});
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{2, 1, 0, 1});
    REQUIRE(ui.click("Deactivated"));
    CHECK(listed(ui, f.everyone) == Names{"Eve Fox"});
    REQUIRE(ui.click("Search by name or email"));
    ui.type("ada");
    CHECK(ui.has_text("Nobody matches these filters."));
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{1, 1, 0, 0});

    REQUIRE(ui.click("Clear filters"));
    CHECK(listed(ui, f.everyone).size() == 7);
    CHECK(f.state.views.people.filters == PeopleFilters{});
    CHECK(f.state.views.people.tab == StatusTab::kAll);
    CHECK(f.state.views.people.shown.counts == std::array<int, 4>{7, 5, 1, 1});
    CHECK_FALSE(has_item(ui, "Clear filters"));
    CHECK(ui.has_text("All departments"));
    CHECK(ui.has_text("All org roles"));
}

TEST_CASE("a filter keeps the sort, and a deleted department's filter is dropped") {
    ListFixture f;
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Sort by Email"));
    pick(ui, "Filter by department", "Science");
    CHECK(listed(ui, f.everyone) == Names{"Cy Dunn", "Eve Fox", "Ada Abbott"});
    pick(ui, "Filter by department", "Art");
    CHECK(listed(ui, f.everyone) == Names{"Bo Chen"});
    must(delete_department(*f.store, f.owner, f.art));
    ui.frame(2);
    CHECK_FALSE(f.state.views.people.filters.department.has_value());
    CHECK(listed(ui, f.everyone).size() == 7);
}

TEST_CASE("every invalid value shows under its own field at once, and nothing is saved") {
    PeopleFixture f;
    must(add_field(*f.store, f.owner, "Years", FieldType::kNumber));
    f.person("ada@riverside.example", "Ada", "Lovelace");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    const auto audit_before = f.store->revision_of(kChangeAudit);

    fill(ui, "First name", "   ");
    fill(ui, "Email", "ada@riverside.example");
    fill(ui, "Hire Date", "2021-13-40");
    fill(ui, "Years", "many");
    REQUIRE(ui.click("Save changes"));

    // Each message under its own input, above the next one.
    const std::pair<const char*, const char*> at[] = {
        {"First name", "Email"}, {"Email", "Department"}, {"Hire Date", "Location"}, {"Years", "Save changes"}};
    for (const auto& pair : at) {
        const char* label = pair.first;  // named, not bound: INFO captures it, which clang 14 cannot with a binding
        const char* next = pair.second;
        INFO(label);
        const UiSnapshot::Item* error = ui.find(std::string(label) + " error");
        REQUIRE(error != nullptr);
        CHECK(error->y > ui.find(label)->y);
        CHECK(error->y < ui.find(next)->y);
    }
    CHECK(ui.find("Last name error") == nullptr);
    CHECK(ui.has_text("A person needs a first name."));
    CHECK(ui.has_text("The email ada@riverside.example already belongs to Ada Lovelace."));
    CHECK(ui.has_text("Hire Date must be a date written YYYY-MM-DD, not '2021-13-40'."));
    CHECK(ui.has_text("Years must be a number, not 'many'."));
    CHECK(ui.has_text("Nothing was saved: 4 values need correcting."));
    // Nothing reached the core.
    CHECK(f.store->revision_of(kChangeAudit) == audit_before);
    CHECK(find_user(*f.store, grace)->first_name == "Grace");
    CHECK(find_user(*f.store, grace)->email == "grace@riverside.example");
    CHECK(field_values(*f.store, grace).empty());

    // A corrected value loses its message as it is typed; the others stay.
    fill(ui, "Email", "grace.hopper@riverside.example");
    CHECK(ui.find("Email error") == nullptr);
    CHECK(ui.find("First name error") != nullptr);
    CHECK(ui.has_text("Nothing was saved: 3 values need correcting."));

    fill(ui, "First name", "Grace");
    fill(ui, "Hire Date", "2021-12-09");
    fill(ui, "Years", "+3.50");
    CHECK(ui.find("Years error") == nullptr);
    REQUIRE(ui.click("Save changes"));
    CHECK(ui.has_text("Saved."));
    CHECK(find_user(*f.store, grace)->email == "grace.hopper@riverside.example");
    REQUIRE(field_values(*f.store, grace).size() == 2);
    CHECK(field_values(*f.store, grace)[1].value == "3.5");
}

TEST_CASE("Save changes brings the first invalid value into view when the panel is scrolled away from it") {
    PeopleFixture f;
    for (int i = 1; i <= 12; ++i) must(add_field(*f.store, f.owner, "Note " + std::to_string(i), FieldType::kText));
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, {.width = 1280, .height = 700});
    open_row(ui, "Grace Hopper");
    fill(ui, "Email", "not an email");
    ImGuiWindow* panel = panel_window();
    REQUIRE(panel != nullptr);
    ImGui::SetScrollY(panel, panel->ScrollMax.y);
    ui.frame(2);
    REQUIRE(panel->ScrollMax.y > 0.0f);    // the panel is taller than the window
    REQUIRE(ui.find("Email") == nullptr);  // scrolled away

    REQUIRE(ui.click("Save changes"));
    ui.frame(2);
    const UiSnapshot::Item* error = ui.find("Email error");
    REQUIRE(error != nullptr);  // in view
    CHECK(ui.find("Email") != nullptr);
    CHECK(ui.has_text("'not an email' is not an email address."));
    CHECK(find_user(*f.store, grace)->email == "grace@riverside.example");
}

TEST_CASE("granting Department Admin of a department from the panel, then revoking it") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");

    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Department Admin"));
    REQUIRE(ui.click("Department to administer"));
    REQUIRE(ui.click("Science"));
    REQUIRE(ui.click("Grant"));

    auto roles = roles_of(*f.store, grace);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].role == OrgRole::kDepartmentAdmin);
    CHECK(roles[0].department == f.science);
    CHECK(ui.has_text("Department Admin of Science"));
    CHECK(ui.has_text("granted by Olivia Owens"));

    REQUIRE(ui.click("Revoke"));
    // Revoking takes power away: it is asked first, and Cancel keeps the role.
    CHECK(ui.has_text("Revoke Department Admin of Science from Grace Hopper?"));
    CHECK(roles_of(*f.store, grace).size() == 1);
    REQUIRE(ui.click("Cancel"));
    CHECK_FALSE(ui.has_text("Revoke Department Admin of Science from Grace Hopper?"));
    CHECK(roles_of(*f.store, grace).size() == 1);
    REQUIRE(ui.click("Revoke"));
    REQUIRE(ui.click("Revoke", 1));  // the confirmation's button
    CHECK(roles_of(*f.store, grace).empty());
    CHECK(ui.has_text("Revoked Department Admin of Science."));
}

TEST_CASE("Department Admin without a department is not sent to the core") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Department Admin"));
    REQUIRE(ui.click("Grant"));
    CHECK(ui.has_text("Choose the department they will administer."));
    CHECK(roles_of(*f.store, grace).empty());
}

TEST_CASE("a Group User Manager acting cannot grant Admin: the core's refusal is shown") {
    PeopleFixture f;
    Id ulla = f.person("ulla@riverside.example", "Ulla", "Umber");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    must(grant_role(*f.store, f.owner, ulla, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
    set_actor(f.state, ulla);
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Admin"));
    REQUIRE(ui.click("Grant"));

    CHECK(ui.has_text("Ulla Umber may not grant"));
    CHECK(roles_of(*f.store, grace).empty());
}

TEST_CASE("the panel lists the groups the person belongs to directly, with their role") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    Id group = must(create_group(*f.store, f.owner, {"Grade 9", "", std::nullopt, {}, std::nullopt})).id;
    AddPeople add;
    add.users = {grace};
    add.role = GroupRole::kMentor;
    must(add_people(*f.store, f.owner, group, add));
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    REQUIRE(ui.click("Memberships"));

    CHECK(ui.has_text("Grade 9"));
    CHECK(ui.has_text("Mentor"));
}

TEST_CASE("a change made elsewhere refreshes the list and the open panel") {
    PeopleFixture f;
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");

    UserEdit edit;
    edit.first_name = "Amazing Grace";
    must(edit_user(*f.store, f.owner, grace, edit));
    ui.frame(2);

    CHECK(has_item(ui, "Amazing Grace Hopper"));
    CHECK(f.state.views.people.form.first_name == "Amazing Grace");
}

TEST_CASE("after the screen's own changes, the list updated in place equals a fresh read") {
    PeopleFixture f;
    f.person("zoe@riverside.example", "Zoë", "Quinn");
    Id grace = f.person("grace@riverside.example", "Grace", "Hopper");
    UiDriver ui(f.state, tall());
    open_row(ui, "Grace Hopper");
    fill(ui, "First name", "Amazing Grace");
    REQUIRE(ui.click("Department"));
    REQUIRE(ui.click("Science"));
    REQUIRE(ui.click("Save changes"));
    REQUIRE(ui.click("Org roles"));
    REQUIRE(ui.click("Role"));
    REQUIRE(ui.click("Org Group Manager"));
    REQUIRE(ui.click("Grant"));
    REQUIRE(ui.click("Deactivate"));
    REQUIRE(ui.click("Deactivate", 1));
    REQUIRE(ui.click("Add person"));
    fill(ui, "Email", "aaron@riverside.example");
    fill(ui, "First name", "Aaron");
    REQUIRE(ui.click("Add"));

    const std::vector<PersonRow> fresh = people_rows(*f.store);
    const PeopleRows& rows = cached_people_rows(f.state);
    REQUIRE(rows.order.size() == fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
        CAPTURE(fresh[i].name);
        const PersonRow& shown = rows[rows.order[i]];
        CHECK(shown.id == fresh[i].id);
        CHECK(shown.name == fresh[i].name);
        CHECK(shown.email == fresh[i].email);
        CHECK(shown.status == fresh[i].status);
        CHECK(shown.department_id == fresh[i].department_id);
        CHECK(shown.department == fresh[i].department);
        CHECK(shown.roles == fresh[i].roles);
        CHECK(shown.search_key == fresh[i].search_key);
    }
    CHECK(find_user(*f.store, grace)->status == UserStatus::kDeactivated);
    CHECK(ui.has_text("Org Group Manager"));  // the list's Org roles column
}

TEST_CASE("after every kind of change, made here or elsewhere, the list equals what a fresh screen shows") {
    PeopleFixture f;
    const Id art = f.department("Art");
    const std::vector<Id> people = crowd(f, 48, f.science);
    const Id registrar = must(define_custom_role(*f.store, f.owner, "Registrar", kPermManageUsers)).id;
    must(grant_role(*f.store, f.owner, people[4], {OrgRole::kCustom, registrar, std::nullopt}));
    must(grant_role(*f.store, f.owner, people[5], {OrgRole::kDepartmentAdmin, std::nullopt, f.science}));
    UiDriver ui(f.state, tall());

    // Every view of the list: by name, searched, narrowed by a department, by a tab, sorted by other columns.
    struct Setting {
        const char* what;
        std::function<void(PeopleView&)> set;
    };
    const Id science = f.science;
    const std::vector<Setting> settings = {
        {"by name", [](PeopleView&) {}},
        {"searched", [](PeopleView& v) { v.filters.query = "an"; }},
        {"searched with a tab",
         [](PeopleView& v) {
             v.filters.query = "a";
             v.tab = StatusTab::kActive;
         }},
        {"a department", [science](PeopleView& v) { v.filters.department = std::optional<Id>(science); }},
        {"an org role", [](PeopleView& v) { v.filters.role.kind = RoleFilter::Kind::kNone; }},
        {"by email, descending",
         [](PeopleView& v) {
             v.sort = {PeopleColumn::kEmail, true};
         }},
        {"by department",
         [](PeopleView& v) {
             v.sort = {PeopleColumn::kDepartment, false};
         }},
        {"by name, descending",
         [](PeopleView& v) {
             v.sort = {PeopleColumn::kName, true};
         }},
    };
    // Every kind of change, each made by another path than the screen's: the core's commands as other screens
    // call them, an upload, a person deleted (as a merge or a restore deletes), renamed departments and roles.
    int round = 0;
    const std::vector<std::pair<const char*, std::function<void()>>> changes = {
        {"a person added",
         [&] {
             must(add_user(*f.store, f.owner,
                           {"new" + std::to_string(round) + "@riverside.example", "Anna", "Aalto", std::nullopt, {}}));
         }},
        {"a person renamed",
         [&] {
             UserEdit edit;
             edit.first_name = "Zacharias" + std::to_string(round);
             must(edit_user(*f.store, f.owner, people[static_cast<size_t>(1 + round)], edit));
         }},
        {"an email changed",
         [&] {
             UserEdit edit;
             edit.email = "changed" + std::to_string(round) + "@elsewhere.example";
             must(edit_user(*f.store, f.owner, people[static_cast<size_t>(10 + round)], edit));
         }},
        {"a person deactivated",
         [&] {
             UserEdit edit;
             edit.status = UserStatus::kDeactivated;
             must(edit_user(*f.store, f.owner, people[static_cast<size_t>(20 + round)], edit));
         }},
        {"a person moved to another department",
         [&] {
             UserEdit edit;
             edit.department_id = std::optional<Id>(art);
             must(edit_user(*f.store, f.owner, people[static_cast<size_t>(round * 3)], edit));
         }},
        {"a role granted",
         [&] {
             must(grant_role(*f.store, f.owner, people[static_cast<size_t>(30 + round)],
                             {OrgRole::kAdmin, std::nullopt, std::nullopt}));
         }},
        {"a person deleted",
         [&] {
             const Id gone = people[static_cast<size_t>(40 + round)];
             must(f.store->command<bool>(kChangePeople | kChangeRoles | kChangeMemberships, [&]() -> Result<bool> {
                 f.store->db().prepare("DELETE FROM users WHERE id = ?")->bind_all(gone).run();
                 return true;
             }));
         }},
        {"an upload of people",
         [&] {
             const std::string n = std::to_string(round);
             const std::string csv =
                 "email,first_name,last_name\n"
                 "up" +
                 n + "@riverside.example,Bea,Upload" + n +
                 "\n"
                 "p3.3@riverside.example,Carmen,Renamed" +
                 n + "\n";
             const UploadPlan plan = must(plan_upload(*f.store, f.owner, UploadKind::kUsers, "people.csv", csv));
             REQUIRE(plan.errors.empty());
             must(apply_upload(*f.store, f.owner, plan));
         }},
        {"a department renamed",
         [&] { must(rename_department(*f.store, f.owner, science, "Sciences " + std::to_string(round))); }},
        {"a custom role renamed",
         [&] { must(rename_custom_role(*f.store, f.owner, registrar, "Registrar " + std::to_string(round))); }},
        {"a command refused (nothing changes)",
         [&] {
             CHECK_FALSE(add_user(*f.store, f.owner, {"olivia@riverside.example", "Dup", "Licate", std::nullopt, {}}));
         }},
    };
    for (const Setting& setting : settings) {
        CAPTURE(setting.what);
        f.state.views.people = PeopleView{};
        setting.set(f.state.views.people);
        ui.frame(2);
        for (const auto& entry : changes) {
            const char* what = entry.first;  // not a structured binding: clang 14 cannot capture one
            CAPTURE(what);
            entry.second();
            ui.frame();
            const Shown shown = shown_of(f.state);
            CHECK(shown == fresh_screen(f.state, ui));
        }
        ++round;
    }
    // Two changes before the screen draws again (it was away), and a change made while the screen is away.
    f.state.screen = Screen::Groups;
    ui.frame();
    UserEdit edit;
    edit.last_name = "Away";
    must(edit_user(*f.store, f.owner, people[39], edit));
    must(add_user(*f.store, f.owner, {"while.away@riverside.example", "While", "Away", std::nullopt, {}}));
    f.state.screen = Screen::People;
    ui.frame();
    CHECK(shown_of(f.state) == fresh_screen(f.state, ui));
}

TEST_CASE("a change elsewhere reads only the people it touched, not everyone") {
    PeopleFixture f;
    const std::vector<Id> people = crowd(f, 30);
    UiDriver ui(f.state, tall());
    ui.frame();
    const std::uint64_t version = f.state.views.people.rows.version;
    UserEdit edit;
    edit.first_name = "Zelda";
    must(edit_user(*f.store, f.owner, people[7], edit));
    ui.frame();

    const PeopleRows& rows = f.state.views.people.rows;
    CHECK(rows.version == version + 1);
    CHECK_FALSE(rows.reloaded);  // patched, not read again
    REQUIRE(rows.after.size() == 1);
    CHECK(rows[rows.after[0]].name == "Zelda " + find_user(*f.store, people[7])->last_name);
    CHECK(shown_of(f.state) == fresh_screen(f.state, ui));
}

TEST_CASE("a search finds exactly the people whose folded name or email holds the query, however short or long") {
    PeopleFixture f;
    const std::vector<Id> people = crowd(f, 60, f.science);
    f.person("o'neil-x@riverside.example", "Ó", "O'Neil");
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Search by name or email"));
    // Every row's key searched by std::string::find, not by the screen's bits and loop.
    auto expected = [&](const std::string& query) {
        const std::string needle = fold(query);
        const PeopleRows& rows = cached_people_rows(f.state);
        std::vector<Id> ids;
        for (std::uint32_t slot : rows.order)
            if (rows[slot].search_key.find(needle) != std::string::npos) ids.push_back(rows[slot].id);
        return ids;
    };
    auto shown_ids = [&] {
        const PeopleRows& rows = cached_people_rows(f.state);
        std::vector<Id> ids;
        for (std::uint32_t slot : f.state.views.people.shown.visible) ids.push_back(rows[slot].id);
        return ids;
    };
    // One letter (decided by its bit), one byte that is no letter, two bytes, a whole word, a query at the very
    // end of a key, a query as long as a key's name, one with an accent, and one found nowhere.
    for (const char* query : {"a", "z", "-", "'", "@", ".", "an", "nd", "e.", "ample", "brandt", "dahl carmen", "ngstr",
                              "\xc3\x93 o'neil", "example", "xample", "zq"}) {
        ui.press(ImGuiKey_A, true);
        ui.type(query);
        const std::string typed = query;
        CAPTURE(typed);
        const std::vector<Id> want = expected(typed);
        CHECK(shown_ids() == want);
        if (typed == "zq") CHECK(want.empty());
        if (typed == "a") CHECK(want.size() > 30);
    }
    // After renames enough to leave most of the keys' buffer unused (so that it is written anew), a search
    // still reads each row's own key.
    ui.press(ImGuiKey_A, true);
    ui.type("an");
    const size_t before = shown_ids().size();
    for (int round = 0; round < 4; ++round) {
        for (size_t i = 0; i < people.size(); i += 2) {
            UserEdit edit;
            edit.first_name = (round % 2 == 0 ? "Zed" : "Quill") + std::to_string(i);
            must(edit_user(*f.store, f.owner, people[i], edit));
            ui.frame();
        }
        CAPTURE(round);
        CHECK(shown_ids() == expected("an"));
        for (const char* query : {"zed", "quill", "ll1", "ed4", "an"}) {
            ui.press(ImGuiKey_A, true);
            ui.type(query);
            const std::string typed = query;
            CAPTURE(typed);
            CHECK(shown_ids() == expected(typed));
        }
    }
    CHECK(shown_ids().size() != before);  // the renames took "an" out of some names
}

TEST_CASE("searching letter by letter, erasing and typing again shows what a fresh search shows") {
    PeopleFixture f;
    crowd(f, 60, f.science);
    UiDriver ui(f.state, tall());
    REQUIRE(ui.click("Search by name or email"));
    auto same_as_fresh = [&](const std::string& expected_query) {
        CHECK(f.state.views.people.filters.query == expected_query);
        const Shown shown = shown_of(f.state);
        CHECK(shown == fresh_screen(f.state, ui));
        return shown.rows.size();
    };
    std::string typed;
    std::vector<size_t> found;
    for (const char* letter : {"a", "n", "n", "-", "m"}) {
        ui.type(letter);
        typed += letter;
        CAPTURE(typed);
        found.push_back(same_as_fresh(typed));
    }
    CHECK(found.front() > found.back());  // the search narrowed
    CHECK(found.back() > 0);
    for (int i = 0; i < 5; ++i) {
        ui.press(ImGuiKey_Backspace);
        typed.pop_back();
        CAPTURE(typed);
        same_as_fresh(typed);
    }
    // A query that does not extend the last one, one with an accent folded away, and one not found.
    for (const char* query : {"dahl", "ÅNGSTRÖM", "carr", "ca", "c\xc3\xa1rl", "zzz", "p1"}) {
        ui.press(ImGuiKey_A, true);
        ui.type(query);
        CAPTURE(query);
        same_as_fresh(query);
    }
    // A change while searching, then the search extended and erased again.
    ui.press(ImGuiKey_A, true);
    ui.type("an");
    must(add_user(*f.store, f.owner, {"late@riverside.example", "Annabel", "Late", std::nullopt, {}}));
    ui.frame();
    same_as_fresh("an");
    ui.type("n");
    same_as_fresh("ann");
    ui.press(ImGuiKey_Backspace);
    same_as_fresh("an");
}
