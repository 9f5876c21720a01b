// A smart group's page (F12, F33, F38), driven by its labels: each member marked "By rule", "Pinned" or
// "Direct", "Why?" for a member and for someone out, the Pins & exclusions tab, pinning and excluding by
// clicking, pinning on Add members, and Exclude in place of Remove for a member the rule keeps in.
#include <cmath>
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "../must.h"
#include "core/access/access.h"
#include "core/org/departments.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "shell/screens/group_dialogs.h"
#include "shell/screens/group_page.h"
#include "shell/session.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::testing::must;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr std::int64_t kClockStart = 1767603600000;  // 2026-01-05T09:00:00Z

// Science Club takes everyone of the Science department by its rule: Bo Chen and Cy Dunn. Mia Stone (Maths)
// mentors it; Ada Abbott and Eve Ford are in Maths, so out. Chess is a manual group with Bo in it.
struct SmartWorld : ShellFixture {
    SmartWorld() : ShellFixture({.seed = 7, .clock_start = kClockStart, .clock_step = 1000}) {
        science = department("Science");
        maths = department("Maths");
        bo = person("bo@riverside.example", "Bo", "Chen", science);
        cy = person("cy@riverside.example", "Cy", "Dunn", science);
        ada = person("ada@riverside.example", "Ada", "Abbott", maths);
        eve = person("eve@riverside.example", "Eve", "Ford", maths);
        mia = person("mia@riverside.example", "Mia", "Stone", maths);
        NewGroup g;
        g.name = "Science Club";
        club = must(create_smart_group(*store, owner, g, "department is under \"Science\"")).id;
        must(add_people(*store, owner, club, {.users = {mia}, .role = GroupRole::kMentor}));
        chess = group("Chess");
        must(add_people(*store, owner, chess, {.users = {bo}}));
        attach(Screen::Groups);
    }

    bool member(Id user, Id group = 0) {
        for (const GroupPerson& p : group_people(*store, group != 0 ? group : club))
            if (p.user.id == user && p.direct_role == GroupRole::kMember) return true;
        return false;
    }
    std::optional<RuleException> exception(Id user) {
        const auto map = rule_exception_map(*store, club);
        auto found = map.find(user);
        if (found == map.end()) return std::nullopt;
        return found->second;
    }
    const RuleExceptionRow* row(Id user) {
        rows = rule_exceptions(*store, club);
        for (const RuleExceptionRow& r : rows)
            if (r.user == user) return &r;
        return nullptr;
    }
    std::string why(Id user, Id group = 0) { return must(why_member(*store, group != 0 ? group : club, user)).line(); }

    Id science = 0, maths = 0, bo = 0, cy = 0, ada = 0, eve = 0, mia = 0, club = 0, chess = 0;
    std::vector<RuleExceptionRow> rows;
};

void open_page(SmartWorld& w, UiDriver& ui, Id group) {
    open_group_page(w.state, group);
    ui.frame(2);
}

// Whether the text `a` and one of the texts `b` are drawn on one row of a table (their middles within a row).
bool same_row(UiDriver& ui, std::string_view a, std::string_view b) {
    const auto* x = ui.snapshot().find_text(a);
    if (x == nullptr) return false;
    for (int n = 0; const auto* y = ui.snapshot().find_text(b, n); ++n)
        if (std::abs((x->y + x->h * 0.5f) - (y->y + y->h * 0.5f)) < 20.0f) return true;
    return false;
}

// Items drawn later sit on top (a dialog or a menu over the page): the last one with the label.
bool click_last(UiDriver& ui, const std::string& label) {
    int n = 0;
    while (ui.find(label, n) != nullptr) ++n;
    return n > 0 && ui.click(label, n - 1);
}

}  // namespace

TEST_CASE("a smart group's members are marked By rule, Pinned or Direct; a manual group's stay Direct") {
    SmartWorld w;
    must(pin_people(*w.store, w.owner, w.club, {w.ada}, "covers for Ms Ray"));
    UiDriver ui(w.state);
    open_page(w, ui, w.club);

    CHECK(same_row(ui, "Bo Chen", "By rule"));
    CHECK(same_row(ui, "Cy Dunn", "By rule"));
    CHECK(same_row(ui, "Ada Abbott", "Pinned"));
    CHECK(same_row(ui, "Mia Stone", "Direct"));  // staff: added by hand, left alone by the rule
    CHECK(ui.find("Why is Bo Chen in?") != nullptr);
    CHECK(ui.find("Why is Mia Stone in?") != nullptr);
    CHECK(ui.find("Pins & exclusions") != nullptr);

    // Chess has no rule: its member is Direct, with no "Why?" and no tabs.
    open_page(w, ui, w.chess);
    CHECK(same_row(ui, "Bo Chen", "Direct"));
    CHECK_FALSE(ui.has_text("By rule"));
    CHECK(ui.find("Why is Bo Chen in?") == nullptr);
    CHECK(ui.find("Pins & exclusions") == nullptr);
}

TEST_CASE("Why? tells why a member is in, and the search tells why someone is out") {
    SmartWorld w;
    UiDriver ui(w.state);
    open_page(w, ui, w.club);

    REQUIRE(ui.click("Why is Bo Chen in?"));
    ui.frame(2);
    const std::string in = w.why(w.bo);
    CHECK(in.rfind("in: ", 0) == 0);
    CHECK(ui.has_text(in));
    ui.press(ImGuiKey_Escape);
    ui.frame(2);
    CHECK_FALSE(ui.has_text(in));

    // People who are out are found by a search over the whole organisation.
    REQUIRE(ui.click("Why is\xe2\x80\xa6 in or out?"));
    ui.frame(2);
    ui.type("ada");
    ui.frame(2);
    REQUIRE(ui.click("Ada Abbott  <ada@riverside.example>"));
    ui.frame(2);
    const std::string out = w.why(w.ada);
    CHECK(out == "out: department is under \"Science\" was false (Maths)");
    CHECK(ui.has_text(out));
    // The answer follows the data: her department renamed, then Ada pinned, the same dialog says so.
    must(rename_department(*w.store, w.owner, w.maths, "Mathematics"));
    ui.frame(2);
    CHECK(ui.has_text("out: department is under \"Science\" was false (Mathematics)"));
    must(pin_people(*w.store, w.owner, w.club, {w.ada}, "covers for Ms Ray"));
    ui.frame(2);
    CHECK(ui.has_text("in: pinned by Olivia Owens: covers for Ms Ray"));
    REQUIRE(ui.click("Close"));
    ui.frame(2);
    CHECK_FALSE(ui.has_text("in: pinned by Olivia Owens"));
}

TEST_CASE("pinning and excluding by clicking changes the members, and the tab lists who, why, by whom") {
    SmartWorld w;
    UiDriver ui(w.state);
    open_page(w, ui, w.club);
    REQUIRE(ui.click("Pins & exclusions"));
    ui.frame(2);
    CHECK(ui.has_text("No pins or exclusions"));

    // Pin someone the rule does not match, with a reason.
    REQUIRE(ui.click("Pin someone\xe2\x80\xa6"));
    ui.frame(2);
    ui.type("ada");
    ui.frame(2);
    REQUIRE(ui.click("Ada Abbott  <ada@riverside.example>"));
    CHECK(ui.has_text("1 person picked: Ada Abbott"));
    REQUIRE(ui.click("Reason (optional)"));
    ui.type("covers for Ms Ray");
    REQUIRE(click_last(ui, "Pin"));
    ui.frame(2);
    CHECK(w.member(w.ada));
    CHECK(w.exception(w.ada) == RuleException::kPin);
    REQUIRE(w.row(w.ada) != nullptr);
    CHECK(w.row(w.ada)->reason == "covers for Ms Ray");
    CHECK(w.row(w.ada)->by == w.owner);
    CHECK(ui.has_text("Pinned Ada Abbott in Science Club."));
    CHECK(same_row(ui, "Ada Abbott", "covers for Ms Ray"));
    CHECK(same_row(ui, "Ada Abbott", "Olivia Owens"));
    CHECK(same_row(ui, "Ada Abbott", "5 Jan 2026"));
    REQUIRE(ui.click("Why is Ada Abbott in?"));
    ui.frame(2);
    CHECK(ui.has_text("in: pinned by Olivia Owens: covers for Ms Ray"));
    ui.press(ImGuiKey_Escape);
    ui.frame(2);

    // Exclude a rule member from their row's actions on the People tab.
    REQUIRE(ui.click("People tab"));
    ui.frame(2);
    REQUIRE(ui.click("Actions for Bo Chen"));
    CHECK(ui.find("Remove from group") == nullptr);  // the rule would bring him back
    REQUIRE(ui.click("Exclude\xe2\x80\xa6"));
    ui.frame(2);
    CHECK(ui.has_text("Exclude Bo Chen from Science Club?"));
    REQUIRE(ui.click("Reason (optional)"));
    ui.type("moved to the annex");
    REQUIRE(click_last(ui, "Exclude"));
    ui.frame(2);
    CHECK_FALSE(w.member(w.bo));
    CHECK(w.exception(w.bo) == RuleException::kExclude);
    CHECK(ui.has_text("Excluded Bo Chen from Science Club."));
    CHECK(ui.find("Actions for Bo Chen") == nullptr);

    // Excluded people are not members: the tab lists them, and says why they are out.
    REQUIRE(ui.click("Pins & exclusions"));
    ui.frame(2);
    CHECK(same_row(ui, "Bo Chen", "Excluded"));
    CHECK(same_row(ui, "Bo Chen", "moved to the annex"));
    CHECK(same_row(ui, "Ada Abbott", "Pinned"));
    REQUIRE(ui.click("Why is Bo Chen out?"));
    ui.frame(2);
    CHECK(ui.has_text("out: excluded by Olivia Owens: moved to the annex"));
    ui.press(ImGuiKey_Escape);
    ui.frame(2);

    // Lifting both: the rule takes Bo back; Ada, whom it does not match, leaves.
    REQUIRE(ui.click("Unexclude Bo Chen"));
    ui.frame(2);
    CHECK(w.member(w.bo));
    CHECK_FALSE(w.exception(w.bo));
    CHECK(ui.has_text("Lifted the exclusion of Bo Chen: the rule brings them back into Science Club."));
    REQUIRE(ui.click("Unpin Ada Abbott"));
    ui.frame(2);
    CHECK_FALSE(w.member(w.ada));
    CHECK(ui.has_text("Unpinned Ada Abbott: the rule does not match them, so they left Science Club."));
    CHECK(ui.has_text("No pins or exclusions"));
}

TEST_CASE("a rule member's actions pin them; a pinned member's unpin them") {
    SmartWorld w;
    UiDriver ui(w.state);
    open_page(w, ui, w.club);
    REQUIRE(ui.click("Actions for Cy Dunn"));
    CHECK(ui.find("Unpin") == nullptr);
    REQUIRE(ui.click("Pin\xe2\x80\xa6"));
    ui.frame(2);
    CHECK(ui.has_text("Pin Cy Dunn in Science Club?"));
    REQUIRE(click_last(ui, "Pin"));
    ui.frame(2);
    CHECK(w.exception(w.cy) == RuleException::kPin);
    CHECK(same_row(ui, "Cy Dunn", "Pinned"));

    // Still matched by the rule, Cy stays after the pin is lifted.
    REQUIRE(ui.click("Actions for Cy Dunn"));
    CHECK(ui.find("Pin\xe2\x80\xa6") == nullptr);
    REQUIRE(ui.click("Unpin"));
    ui.frame(2);
    CHECK_FALSE(w.exception(w.cy));
    CHECK(w.member(w.cy));
    CHECK(ui.has_text("Unpinned Cy Dunn: the rule keeps them in Science Club."));
    CHECK(same_row(ui, "Cy Dunn", "By rule"));

    // Staff keep "Remove from group": the rule leaves them alone.
    REQUIRE(ui.click("Actions for Mia Stone"));
    CHECK(ui.find("Remove from group") != nullptr);
    CHECK(ui.find("Exclude\xe2\x80\xa6") == nullptr);
}

TEST_CASE("adding someone by hand to a smart group pins them; unchecked, the core's refusal is shown") {
    SmartWorld w;
    UiDriver ui(w.state);
    open_page(w, ui, w.club);

    REQUIRE(ui.click("Add members"));
    ui.frame(2);
    ui.type("ada");
    ui.frame(2);
    REQUIRE(ui.click("Ada Abbott  <ada@riverside.example>"));
    CHECK(ui.find("Pin them (always in, whatever the rule)") != nullptr);  // checked from the start
    REQUIRE(ui.click("Reason for the pin (optional)"));
    ui.type("covers for Ms Ray");
    REQUIRE(ui.click("Add"));
    ui.frame(2);
    CHECK(w.member(w.ada));
    CHECK(w.exception(w.ada) == RuleException::kPin);
    REQUIRE(w.row(w.ada) != nullptr);
    CHECK(w.row(w.ada)->reason == "covers for Ms Ray");
    CHECK(same_row(ui, "Ada Abbott", "Pinned"));

    // Unchecked: Eve does not match, and the core says so; nothing changes.
    REQUIRE(ui.click("Add members"));
    ui.frame(2);
    ui.type("eve");
    ui.frame(2);
    REQUIRE(ui.click("Eve Ford  <eve@riverside.example>"));
    REQUIRE(ui.click("Pin them (always in, whatever the rule)"));
    CHECK(ui.find("Reason for the pin (optional)") == nullptr);
    REQUIRE(ui.click("Add"));
    ui.frame(2);
    AddPeople same;
    same.users = {w.eve};
    const auto expected = add_people(*w.store, w.owner, w.club, same);
    REQUIRE_FALSE(expected.ok());
    CHECK(ui.has_text(expected.error().message));
    CHECK_FALSE(w.member(w.eve));
    CHECK_FALSE(w.exception(w.eve));

    // Mentors are added by hand, never pinned: the box is disabled for them.
    REQUIRE(ui.click("Mentor"));
    ui.frame(1);
    CHECK(ui.has_text("Mentors and group admins are added by hand; the rule leaves them alone."));
    REQUIRE(ui.click("Add"));
    ui.frame(2);
    CHECK_FALSE(w.exception(w.eve));
    bool mentor = false;
    for (const GroupPerson& p : group_people(*w.store, w.club))
        if (p.user.id == w.eve) mentor = p.direct_role == GroupRole::kMentor;
    CHECK(mentor);
}

TEST_CASE("removing a rule member opens Exclude instead, so the core's refusal is never met") {
    SmartWorld w;
    UiDriver ui(w.state);
    open_page(w, ui, w.club);

    start_remove_person(w.state, w.club, w.bo, "Bo Chen");
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Remove Bo Chen from Science Club?"));
    CHECK(ui.has_text("Exclude Bo Chen from Science Club?"));
    CHECK(ui.has_text("Bo Chen is in Science Club by its rule: removed by hand, the rule would bring them back."));
    REQUIRE(click_last(ui, "Exclude"));
    ui.frame(2);
    CHECK_FALSE(w.member(w.bo));
    CHECK(w.exception(w.bo) == RuleException::kExclude);
    CHECK_FALSE(ui.has_text("exclude them to keep them out"));

    // Staff are removed as in any group.
    start_remove_person(w.state, w.club, w.mia, "Mia Stone");
    ui.frame(2);
    CHECK(ui.has_text("Remove Mia Stone from Science Club?"));
}

TEST_CASE("someone who may not pin or exclude finds those actions disabled, with the core's reason") {
    SmartWorld w;
    set_actor(w.state, w.eve);  // no roles
    UiDriver ui(w.state);
    open_page(w, ui, w.club);

    REQUIRE(ui.click("Actions for Bo Chen"));
    REQUIRE(ui.click("Exclude\xe2\x80\xa6"));  // disabled: the pointer rests on it, its tooltip shows
    ui.frame(2);
    const auto refused = can(*w.store, w.eve, Cmd::kRuleExclude, {.group = w.club});
    REQUIRE_FALSE(refused.ok());
    CHECK(ui.has_text(refused.error().message));
    CHECK_FALSE(ui.has_text("Exclude Bo Chen from Science Club?"));
    ui.press(ImGuiKey_Escape);
    ui.frame(2);

    REQUIRE(ui.click("Pins & exclusions"));
    ui.frame(2);
    REQUIRE(ui.click("Pin someone\xe2\x80\xa6"));
    ui.frame(2);
    const auto no_pin = can(*w.store, w.eve, Cmd::kRulePin, {.group = w.club});
    REQUIRE_FALSE(no_pin.ok());
    CHECK(ui.has_text(no_pin.error().message));
    CHECK_FALSE(ui.has_text("Nobody picked yet."));
    CHECK(w.member(w.bo));
}

TEST_CASE("at 800 x 600 the Pins & exclusions rows keep their actions inside the window") {
    SmartWorld w;
    must(exclude_people(*w.store, w.owner, w.club, {w.bo}, "moved to the annex and then on to the other campus"));
    must(pin_people(*w.store, w.owner, w.club, {w.ada}));
    UiDriver ui(w.state, {.width = 800, .height = 600});
    open_page(w, ui, w.club);
    REQUIRE(ui.click("Pins & exclusions"));
    ui.frame(2);
    for (const char* label : {"Unexclude Bo Chen", "Why is Bo Chen out?", "Unpin Ada Abbott", "Why is Ada Abbott in?",
                              "Pin someone\xe2\x80\xa6", "Why is\xe2\x80\xa6 in or out?"}) {
        const auto* item = ui.find(label);
        REQUIRE_MESSAGE(item != nullptr, label);
        CHECK_MESSAGE(item->x + item->w <= 800.0f, label);
        CHECK_MESSAGE(item->y + item->h <= 600.0f, label);
    }
    CHECK(ui.has_text("No reason given"));  // Ada's pin
}

TEST_CASE("opening the app on a later day brings smart groups that read the date up to date") {
    ShellFixture f({.seed = 3, .clock_start = kClockStart, .clock_step = 1000});
    Store& s = *f.store;
    must(add_field(s, f.owner, "Start", FieldType::kDate));
    Id ada = f.person("ada@riverside.example", "Ada", "Abbott");
    must(edit_user(s, f.owner, ada, {.fields = {{"Start", "2026-01-01"}}}));
    Id fresh = f.group("New starters");
    must(set_rule(s, f.owner, fresh, R"(field "Start" within last 10 days)"));
    CHECK(group_people(s, fresh).size() == 1);
    f.clock_ms += 30LL * 86400000;              // a month later, nothing saved since
    CHECK(group_people(s, fresh).size() == 1);  // nothing has run the rules yet
    f.attach(Screen::Groups);
    CHECK(group_people(s, fresh).empty());  // opening did
    CHECK(rule_members_from_scratch(s, fresh).empty());
}
