// The Groups screen and a group's page, driven headless by their labels over a real in-memory Store.
#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <vector>

#include "core/access/roles.h"
#include "core/org/audit.h"
#include "core/org/demo.h"
#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/screens/group_page.h"
#include "shell/session.h"
#include "shell/store_link.h"
#include "shell/thumbnails.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::FakePlatform;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// A 2 x 2 PNG (green, white, blue, red).
const std::string kTinyPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00\x02\x08\x06\x00"
    "\x00\x00\x72\xb6\x0d\x24\x00\x00\x00\x18\x49\x44\x41\x54\x78\xda\x63\x60\x9d\x96\xf9\x1f\x04\x18\x54\x93\x5f"
    "\xff\xbf\xa9\xab\xf0\x1f\x00\x5f\x36\x0a\x97\x1c\x43\x06\xaf\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    81);

constexpr std::int64_t kClockStart = 1767603600000;  // 2026-01-05T09:00:00Z

// An organisation in memory, attached to an AppState as the app does, acting as its owner.
struct World : ShellFixture {
    explicit World(Plan plan = Plan::kEnterprise)
        : ShellFixture({.plan = plan, .seed = 42, .clock_start = kClockStart, .clock_step = 1000}) {
        attach(Screen::Groups);
        REQUIRE(state.actor == owner);
    }

    Id person(const std::string& email, const std::string& first, const std::string& last) {
        auto user = add_user(*store, owner, {email, first, last, std::nullopt, {}});
        REQUIRE(user.ok());
        return user->id;
    }
    Id group(const std::string& name, std::optional<Id> parent = std::nullopt) {
        NewGroup g;
        g.name = name;
        g.parent_id = parent;
        auto created = create_group(*store, owner, g);
        if (!created.ok()) FAIL(created.error().message);
        return created->id;
    }
    void join(Id group, Id user, GroupRole role) {
        AddPeople people;
        people.users = {user};
        people.role = role;
        REQUIRE(add_people(*store, owner, group, people).ok());
    }
    std::optional<GroupRole> role_of(Id group, Id user) {
        for (const GroupPerson& p : group_people(*store, group))
            if (p.user.id == user) return p.direct_role;
        return std::nullopt;
    }
    std::optional<Id> find(const std::string& name) {
        for (const GroupRow& row : group_tree(*store, GroupSort::kNewest))
            if (row.name == name) return row.id;
        return std::nullopt;
    }
};

// Items drawn later sit on top (a dialog or a menu over the list): the last one with the label.
bool click_last(UiDriver& ui, const std::string& label) {
    int n = 0;
    while (ui.find(label, n) != nullptr) ++n;
    return n > 0 && ui.click(label, n - 1);
}

int count(UiDriver& ui, const std::string& label) {
    int n = 0;
    while (ui.find(label, n) != nullptr) ++n;
    return n;
}

// Opens the "..." menu of a group's row, or of a person's row on a group's page.
bool open_row_menu(UiDriver& ui, const std::string& name) { return ui.click("Actions for " + name); }
bool open_person_menu(UiDriver& ui, const std::string& name) { return ui.click("Actions for " + name); }

}  // namespace

TEST_CASE("creating a group by clicking shows it in the list and in the core") {
    World w;
    UiDriver ui(w.state);
    CHECK(ui.has_text("No groups yet"));

    REQUIRE(ui.click("New group"));
    ui.frame(2);
    REQUIRE(ui.find("Create group") != nullptr);
    ui.type("Grade 9");
    REQUIRE(ui.click("Create group"));

    CHECK_FALSE(ui.find("Create group"));  // the dialog closed
    CHECK(ui.find("Grade 9") != nullptr);  // the row's name, a link to its page
    CHECK(ui.has_text("Created the group Grade 9."));
    const auto id = w.find("Grade 9");
    REQUIRE(id);
    CHECK(find_group(*w.store, *id)->parent_id == std::nullopt);
}

TEST_CASE("Enter in the name field creates the group; Escape closes a dialog") {
    World w;
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Mentors");
    ui.press(ImGuiKey_Enter);
    CHECK(w.find("Mentors"));
    CHECK_FALSE(ui.find("Create group"));

    REQUIRE(ui.click("New group"));
    ui.frame(2);
    REQUIRE(ui.find("Create group") != nullptr);
    ui.press(ImGuiKey_Escape);
    CHECK_FALSE(ui.find("Create group"));
}

TEST_CASE("the New group dialog takes a description, external IDs and a parent") {
    World w;
    const Id school = w.group("Northgate");
    UiDriver ui(w.state);
    REQUIRE(open_row_menu(ui, "Northgate"));
    REQUIRE(ui.click("New subgroup"));
    ui.frame(2);
    ui.type("Grade 9");
    REQUIRE(ui.click("Description"));
    ui.type("Everyone in grade 9.");
    REQUIRE(ui.click("Rostering ID"));
    ui.type("R-9");
    REQUIRE(ui.click("Partner ID"));
    ui.type("P-9");
    REQUIRE(ui.click("Create group"));

    const auto id = w.find("Grade 9");
    REQUIRE(id);
    const Group g = *find_group(*w.store, *id);
    CHECK(g.parent_id == school);
    CHECK(g.description == "Everyone in grade 9.");
    const auto ids = external_ids(*w.store, *id);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0].system == "partner");
    CHECK(ids[0].value == "P-9");
    CHECK(ids[1].system == "rostering");
    CHECK(ids[1].value == "R-9");
}

TEST_CASE("Manage group nests a group under another and renames it") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9");
    UiDriver ui(w.state);

    REQUIRE(open_row_menu(ui, "Grade 9"));
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    REQUIRE(ui.click("Nest under"));
    REQUIRE(click_last(ui, "Northgate"));
    REQUIRE(ui.click("Save changes"));

    CHECK(find_group(*w.store, grade)->parent_id == school);
    CHECK(ui.has_text("Saved the changes to Grade 9."));
    // The tree shows it under its parent: indented further right.
    REQUIRE(ui.find("Grade 9") != nullptr);
    CHECK(ui.find("Grade 9")->x > ui.find("Northgate")->x);
    CHECK(ui.find("Collapse Northgate") != nullptr);

    // A move into its own subtree is refused by the core, and said so in the dialog.
    REQUIRE(open_row_menu(ui, "Northgate"));
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    REQUIRE(ui.click("Nest under"));
    CHECK(count(ui, "Grade 9") == 1);  // its own subtree is not offered
    ui.press(ImGuiKey_Escape);
    ui.press(ImGuiKey_Escape);
}

TEST_CASE("a refused move keeps the dialog open with the core's message") {
    World w;
    const Id a = w.group("Northgate");
    const Id b = w.group("Lakeview");
    // A group admin of Lakeview may manage it, but not move it under a group they do not administer.
    const Id manager = w.person("lena@riverside.example", "Lena", "Lead");
    w.join(b, manager, GroupRole::kAdmin);
    set_actor(w.state, manager);
    UiDriver ui(w.state);
    REQUIRE(ui.click("All groups"));
    REQUIRE(open_row_menu(ui, "Lakeview"));
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    REQUIRE(ui.click("Nest under"));
    REQUIRE(click_last(ui, "Northgate"));
    REQUIRE(ui.click("Save changes"));
    ui.frame(2);  // the dialog grows to fit the message

    const auto expected = move_group(*w.store, manager, b, a);
    REQUIRE_FALSE(expected.ok());
    CHECK(ui.has_text(expected.error().message));
    CHECK(ui.find("Save changes") != nullptr);
    CHECK(find_group(*w.store, b)->parent_id == std::nullopt);
}

TEST_CASE("the filter keeps the matches and the groups above them") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9", school);
    w.group("Class 9A", grade);
    w.group("Lakeview");
    UiDriver ui(w.state);
    CHECK(ui.find("Lakeview") != nullptr);

    REQUIRE(ui.click("Filter groups by name"));
    ui.type("9a");

    CHECK(ui.find("Class 9A") != nullptr);
    CHECK(ui.find("Grade 9") != nullptr);
    CHECK(ui.find("Northgate") != nullptr);
    CHECK(ui.find("Lakeview") == nullptr);
    CHECK(ui.has_text("1 of 4 groups match"));
}

TEST_CASE("collapse and expand hide and show a group's subtree") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9", school);
    w.group("Class 9A", grade);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Collapse Northgate"));
    CHECK(ui.find("Grade 9") == nullptr);
    CHECK(ui.find("Expand Northgate") != nullptr);
    REQUIRE(ui.click("Expand all"));
    CHECK(ui.find("Class 9A") != nullptr);
    REQUIRE(ui.click("Collapse all"));
    CHECK(ui.find("Grade 9") == nullptr);
    CHECK(ui.find("Northgate") != nullptr);
}

TEST_CASE("sorting by title puts Grade 9 before Grade 10; newest first is the default") {
    World w;
    w.group("Grade 9");
    w.group("Grade 10");
    UiDriver ui(w.state);
    REQUIRE(ui.find("Grade 9") != nullptr);
    CHECK(ui.find("Grade 10")->y < ui.find("Grade 9")->y);  // newest first

    REQUIRE(ui.click("Sort"));
    REQUIRE(click_last(ui, "Title"));

    CHECK(ui.find("Grade 9")->y < ui.find("Grade 10")->y);
}

TEST_CASE("adding members by search and by email, then making a mentor and removing someone") {
    World w;
    const Id grade = w.group("Grade 9");
    const Id ada = w.person("ada@riverside.example", "Ada", "Lovelace");
    w.person("alan@riverside.example", "Alan", "Turing");
    UiDriver ui(w.state);

    REQUIRE(ui.click("Grade 9"));  // opens its page
    CHECK(ui.find("Back to groups") != nullptr);
    CHECK(ui.has_text("Nobody here yet"));

    REQUIRE(ui.click("Add members"));
    ui.frame(2);
    ui.type("ada");
    REQUIRE(ui.click("Ada Lovelace  <ada@riverside.example>"));
    CHECK(ui.has_text("1 person picked"));
    REQUIRE(ui.click("Or invite by email"));
    ui.type("new.teacher@riverside.example, ");
    REQUIRE(ui.click("Add"));

    CHECK(ui.has_text("Added 1 person, invited 1 person."));
    const auto people = group_people(*w.store, grade);
    REQUIRE(people.size() == 2);
    auto invitee = find_user_by_email(*w.store, "new.teacher@riverside.example");
    REQUIRE(invitee);
    CHECK(invitee->status == UserStatus::kInvited);
    CHECK(ui.has_text("Invited"));
    CHECK(ui.has_text("Ada Lovelace"));

    REQUIRE(open_person_menu(ui, "Ada Lovelace"));
    CHECK(ui.find("Make member") == nullptr);  // her role already
    REQUIRE(ui.click("Make mentor"));
    CHECK(w.role_of(grade, ada) == GroupRole::kMentor);
    CHECK(ui.has_text("Ada Lovelace is now a mentor of Grade 9."));
    CHECK(ui.has_text("Mentor"));

    REQUIRE(open_person_menu(ui, "Ada Lovelace"));
    REQUIRE(ui.click("Remove from group"));
    ui.frame(2);
    CHECK(ui.has_text("Remove Ada Lovelace from Grade 9?"));
    REQUIRE(ui.click("Remove"));
    CHECK_FALSE(w.role_of(grade, ada).has_value());
    CHECK(group_people(*w.store, grade).size() == 1);
}

TEST_CASE("Add members keeps the dialog open with the core's refusal") {
    World w;
    const Id grade = w.group("Grade 9");
    UiDriver ui(w.state);
    REQUIRE(ui.click("Grade 9"));
    REQUIRE(ui.click("Add members"));
    ui.frame(2);
    REQUIRE(ui.click("Or invite by email"));
    ui.type("not-an-email");
    REQUIRE(ui.click("Add"));

    AddPeople same;
    same.emails = {"not-an-email"};
    const auto expected = add_people(*w.store, w.owner, grade, same);
    REQUIRE_FALSE(expected.ok());
    CHECK(ui.has_text(expected.error().message));
    CHECK(ui.find("Add") != nullptr);
}

TEST_CASE("inherited staff show where they come from, and the link opens that group") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9", school);
    const Id mentor = w.person("maria@riverside.example", "Maria", "Mentor");
    const Id student = w.person("sam@riverside.example", "Sam", "Student");
    w.join(school, mentor, GroupRole::kMentor);
    w.join(grade, student, GroupRole::kMember);
    UiDriver ui(w.state);

    REQUIRE(ui.click("Grade 9"));
    CHECK(ui.has_text("Inherited from"));
    CHECK(ui.has_text("Maria Mentor"));
    CHECK(ui.has_text("2 people: 1 direct, 1 inherited"));
    CHECK(count(ui, "Person actions") == 1);  // only Sam's membership is changed here
    // The breadcrumb and the inherited row both link to Northgate; the row's comes second.
    REQUIRE(count(ui, "Northgate") == 2);
    REQUIRE(ui.click("Northgate", 1));
    CHECK(w.state.views.groups.open_group == school);
    CHECK(ui.has_text("Maria Mentor"));
    CHECK(ui.has_text("Subgroup:"));

    REQUIRE(ui.click("Back to groups"));
    CHECK_FALSE(w.state.views.groups.open_group.has_value());
}

TEST_CASE("a Group User Manager finds New group disabled, with the core's refusal on hover, and no form") {
    World w;
    const Id manager = w.person("gum@riverside.example", "Gus", "Manning");
    REQUIRE(grant_role(*w.store, w.owner, manager, RoleSpec{OrgRole::kGroupUserManager}).ok());
    set_actor(w.state, manager);
    UiDriver ui(w.state);

    REQUIRE(ui.click("New group"));  // the pointer stays on it: its tooltip shows
    ui.frame(2);
    NewGroup same;
    same.name = "Science club";
    const auto expected = create_group(*w.store, manager, same);
    REQUIRE_FALSE(expected.ok());
    CHECK(ui.has_text(expected.error().message));
    CHECK(ui.find("Create group") == nullptr);
    CHECK_FALSE(w.find("Science club"));
}

TEST_CASE("the plan's cap is said before the form: New group and New subgroup are disabled with it") {
    World w(Plan::kEssentials);
    for (const char* name : {"A", "B", "C", "D", "E"}) w.group(name);
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    CHECK(ui.find("Create group") == nullptr);
    CHECK(ui.has_text("The Essentials plan allows 5 groups; this organisation has 5."));
    REQUIRE(open_row_menu(ui, "A"));
    REQUIRE(ui.click("New subgroup"));
    CHECK(ui.find("Create group") == nullptr);
}

TEST_CASE("deleting a group can lift its subgroups or delete them too") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade9 = w.group("Grade 9", school);
    const Id grade10 = w.group("Grade 10", school);
    const Id class9a = w.group("Class 9A", grade9);
    UiDriver ui(w.state);

    // Lift: the two grades move up to the top level.
    REQUIRE(open_row_menu(ui, "Northgate"));
    REQUIRE(ui.click("Delete group"));
    ui.frame(2);
    CHECK(ui.find("Move its 2 subgroups up to the top level") != nullptr);
    CHECK(ui.has_text(plan_delete(*w.store, school, SubgroupFate::kLiftThem)->description));
    REQUIRE(ui.click("Delete group"));
    CHECK_FALSE(find_group(*w.store, school));
    CHECK(find_group(*w.store, grade9)->parent_id == std::nullopt);
    CHECK(find_group(*w.store, grade10)->parent_id == std::nullopt);
    CHECK(ui.has_text("Deleted the group Northgate."));

    // Delete them too: Grade 9 takes Class 9A with it.
    REQUIRE(open_row_menu(ui, "Grade 9"));
    REQUIRE(ui.click("Delete group"));
    ui.frame(2);
    REQUIRE(ui.click("Also delete its 1 subgroup"));
    CHECK(ui.has_text(plan_delete(*w.store, grade9, SubgroupFate::kDeleteThem)->description));
    REQUIRE(ui.click("Delete group"));
    CHECK_FALSE(find_group(*w.store, grade9));
    CHECK_FALSE(find_group(*w.store, class9a));
    CHECK(find_group(*w.store, grade10));
}

TEST_CASE("checked groups are deleted together from the bulk bar") {
    World w;
    w.group("A");
    w.group("B");
    w.group("C");
    UiDriver ui(w.state);
    CHECK(ui.find("Delete selected") == nullptr);
    REQUIRE(ui.click("Select A"));
    REQUIRE(ui.click("Select C"));
    CHECK(ui.has_text("2 selected"));
    REQUIRE(ui.click("Delete selected"));
    ui.frame(2);
    CHECK(ui.has_text("Delete 2 groups?"));
    REQUIRE(ui.click("Delete 2 groups"));
    CHECK_FALSE(w.find("A"));
    CHECK(w.find("B"));
    CHECK_FALSE(w.find("C"));
    CHECK(ui.find("Delete selected") == nullptr);
}

TEST_CASE("Manage group deletes the open group and goes back to the list") {
    World w;
    const Id grade = w.group("Grade 9");
    UiDriver ui(w.state);
    REQUIRE(ui.click("Grade 9"));
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    REQUIRE(ui.click("Delete group"));
    ui.frame(2);
    REQUIRE(ui.click("Delete group"));
    CHECK_FALSE(find_group(*w.store, grade));
    CHECK_FALSE(w.state.views.groups.open_group.has_value());
    CHECK(ui.has_text("Deleted the group Grade 9."));
}

TEST_CASE("an image chosen through the platform is stored and shown as a thumbnail") {
    World w;
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Art club");
    w.platform.queue_file("logo.png", kTinyPng);
    REQUIRE(ui.click("Choose image"));
    CHECK(ui.find("Image preview") != nullptr);
    CHECK(ui.has_text("logo.png"));
    REQUIRE(ui.click("Create group"));

    const auto id = w.find("Art club");
    REQUIRE(id);
    const auto image = group_image(*w.store, *id);
    REQUIRE(image);
    CHECK(image->mime == "image/png");
    CHECK(std::string(image->bytes.begin(), image->bytes.end()) == kTinyPng);
    CHECK(ui.find("Image of Art club") != nullptr);

    // Manage group shows it and can remove it.
    REQUIRE(open_row_menu(ui, "Art club"));
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    CHECK(ui.find("Image preview") != nullptr);
    REQUIRE(ui.click("Remove image"));
    REQUIRE(ui.click("Save changes"));
    CHECK_FALSE(group_image(*w.store, *id));
    CHECK(ui.find("Image of Art club") == nullptr);
}

TEST_CASE("a file that is not a picture Grove reads is refused with a reason") {
    World w;
    UiDriver ui(w.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    w.platform.queue_file("photo.webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16));
    REQUIRE(ui.click("Choose image"));
    CHECK(ui.has_text("Grove cannot show WebP pictures yet."));
    CHECK(ui.find("Image preview") == nullptr);
    w.platform.queue_file("notes.txt", "hello");
    REQUIRE(ui.click("Choose image"));
    CHECK(ui.has_text("not a picture Grove can read"));
}

TEST_CASE("thumbnails are decoded and scaled down to 256 pixels at most") {
    const std::vector<std::uint8_t> bytes(kTinyPng.begin(), kTinyPng.end());
    CHECK(sniff_image_mime(bytes) == "image/png");
    auto decoded = decode_image(bytes);
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 2);
    CHECK(decoded->rgba.size() == 16);
    CHECK(decoded->rgba[0] == 5);  // green's red channel
    auto tiny = decode_image(bytes, 1);
    REQUIRE(tiny.ok());
    CHECK(tiny->width == 1);
    CHECK(tiny->height == 1);
}

TEST_CASE("a long thin picture scales down without ending the program (found by fuzz_image)") {
    // tests/fuzz/corpus/image/wide.png: 90 x 2 pixels, scaled to 64 x 1, tripped stb_image_resize's assert.
    const std::vector<std::uint8_t> bytes{
        137, 80,  78,  71,  13,  10,  26,  10,  0,   0,   0,   13,  73,  72,  68,  82,  0,   0,   0,   90,  0,   0,
        0,   2,   8,   2,   0,   0,   0,   87,  23,  92,  207, 0,   0,   0,   139, 73,  68,  65,  84,  120, 156, 213,
        204, 145, 2,   194, 0,   0,   69,  209, 139, 195, 112, 24,  14,  195, 224, 65,  24,  14,  135, 195, 48,  12,
        47,  14,  135, 225, 112, 24,  134, 195, 225, 112, 56,  28,  134, 97,  223, 209, 249, 128, 3,   88,  97,  141,
        15,  28,  112, 198, 15,  150, 120, 193, 27,  246, 248, 198, 13,  11,  60,  97,  131, 226, 136, 11,  126, 241,
        136, 87,  188, 227, 19,  39,  220, 241, 128, 103, 108, 177, 195, 23,  174, 248, 95,  63,  196, 42,  214, 241,
        17,  135, 56,  199, 79,  44,  227, 37,  222, 98,  31,  223, 113, 139, 69,  60,  197, 38,  26,  199, 184, 196,
        111, 60,  198, 107, 188, 199, 103, 156, 226, 30,  15,  241, 28,  219, 216, 197, 87,  92,  227, 127, 253, 63,
        208, 197, 198, 169, 214, 163, 10,  53,  0,   0,   0,   0,   73,  69,  78,  68,  174, 66,  96,  130};
    auto decoded = decode_image(bytes, 64);
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 64);
    CHECK(decoded->height == 1);
    CHECK(decoded->rgba.size() == 64 * 4);
}

TEST_CASE("a GIF 0 pixels wide is refused in words, not shown as an empty picture (fuzz_image)") {
    // tests/fuzz/corpus/image/crash-gif-zero-width: a header of 0 x 1 pixels, which stb_image's GIF reader
    // decoded to no pixels at all.
    const std::vector<std::uint8_t> bytes{'G',  'I',  'F',  '8',  '9',  'a',  0x00, 0x00, 0x01, 0x00, 0x80, 0x00,
                                          0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00};
    CHECK(sniff_image_mime(bytes) == "image/gif");
    auto decoded = decode_image(bytes, 64);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message == "The picture is 0 x 1 pixels: it has nothing to show.");
}

TEST_CASE("a PNG whose first data chunk is empty reads as the same picture (fuzz_image)") {
    // stb_image copied the empty chunk into a buffer it had not made yet (memcpy to null: UBSan stops on it in
    // the asan suite). The empty chunk is left out before stb reads the file.
    const std::vector<std::uint8_t> plain(kTinyPng.begin(), kTinyPng.end());
    const std::size_t after_header = 8 + 12 + 13;  // the signature, then IHDR's frame and its 13 bytes
    REQUIRE(plain.size() > after_header);
    std::vector<std::uint8_t> bytes(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(after_header));
    bytes.insert(bytes.end(), {0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, 0xAF, 0x06, 0x1E});  // length 0, its CRC
    bytes.insert(bytes.end(), plain.begin() + static_cast<std::ptrdiff_t>(after_header), plain.end());
    auto expected = decode_image(plain);
    auto decoded = decode_image(bytes);
    REQUIRE(expected.ok());
    REQUIRE(decoded.ok());
    CHECK(decoded->width == expected->width);
    CHECK(decoded->height == expected->height);
    CHECK(decoded->rgba == expected->rgba);
    // Only empty chunks: no picture data at all, refused in words.
    std::vector<std::uint8_t> empty(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(after_header));
    empty.insert(empty.end(), {0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, 0xAF, 0x06, 0x1E});
    empty.insert(empty.end(), {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82});
    auto none = decode_image(empty);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.rfind("The picture could not be read (", 0) == 0);
}

TEST_CASE("a JPEG whose Huffman table holds more than 256 codes is refused before stb reads it (fuzz_image)") {
    // stb_image 2.27 would write the codes' lengths past its table of 257.
    std::vector<std::uint8_t> bytes{0xFF, 0xD8, 0xFF, 0xC4};
    const std::size_t length = 2 + 17 + 300;
    bytes.push_back(static_cast<std::uint8_t>(length >> 8));
    bytes.push_back(static_cast<std::uint8_t>(length & 0xFF));
    bytes.push_back(0x00);  // a DC table, number 0
    bytes.push_back(255);   // 255 codes of length 1 ...
    bytes.push_back(45);    // ... and 45 of length 2: 300 in all
    bytes.insert(bytes.end(), 14 + 300, 0);
    bytes.insert(bytes.end(), {0xFF, 0xD9});
    auto decoded = decode_image(bytes);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message == "The picture could not be read (a damaged JPEG file).");
}

TEST_CASE("Copy people fills a group from another group") {
    World w;
    const Id from = w.group("Chess club");
    const Id to = w.group("Tournament");
    const Id ada = w.person("ada@riverside.example", "Ada", "Lovelace");
    w.join(from, ada, GroupRole::kMember);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Tournament"));
    REQUIRE(ui.click("Copy people"));
    ui.frame(2);
    REQUIRE(ui.click("Group"));
    REQUIRE(click_last(ui, "Chess club"));
    REQUIRE(click_last(ui, "Copy people"));
    CHECK(w.role_of(to, ada) == GroupRole::kMember);
    CHECK(ui.has_text("Added 1 person."));
}

TEST_CASE("ten thousand groups draw only the rows on screen") {
    World w;
    // A second database holds the large organisation (generate_demo needs an empty one).
    auto big = std::move(Store::open(":memory:").value());
    REQUIRE(generate_demo(*big, large_organisation(2000, 10000, 4000)).ok());
    AppState state;
    FakePlatform platform;
    state.platform = &platform;
    attach_store(state, *big);
    UiDriver ui(state);
    CHECK(ui.has_text("10000 groups"));
    const int rows = count(ui, "Group actions");
    CHECK(rows > 5);
    CHECK(rows < 40);
    REQUIRE(ui.click("Filter groups by name"));
    ui.type("Class 1");
    CHECK(count(ui, "Group actions") < 40);
}

TEST_CASE("with a renderer, a group's image becomes one texture, made again only when the image changes") {
    World w;
    int made = 0;
    int freed = 0;
    w.state.create_texture = [&](int width, int height, const unsigned char*) {
        CHECK(width == 2);
        CHECK(height == 2);
        return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(++made));
    };
    w.state.destroy_texture = [&](ImTextureID) { ++freed; };
    NewGroup g;
    g.name = "Art club";
    g.image = GroupImage{"image/png", std::vector<std::uint8_t>(kTinyPng.begin(), kTinyPng.end())};
    const Id id = create_group(*w.store, w.owner, g)->id;
    {
        UiDriver ui(w.state);
        ui.frame(3);
        CHECK(made == 1);
        CHECK(ui.find("Image of Art club") != nullptr);

        GroupEdit edit;
        edit.description = "Paint and clay.";
        REQUIRE(edit_group(*w.store, w.owner, id, edit).ok());  // updated_at moves: decoded again
        ui.frame(3);
        CHECK(made == 2);
        CHECK(freed == 1);
    }
    w.state.views = Views{};
    CHECK(freed == 2);
}

TEST_CASE("the keyboard works the list: arrows move, Enter presses buttons, Space and Enter check rows") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9", school);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Expand all"));
    REQUIRE(ui.find("Grade 9") != nullptr);
    ui.press(ImGuiKey_RightArrow);  // to Collapse all, highlighted
    ui.press(ImGuiKey_Enter);
    CHECK(ui.find("Grade 9") == nullptr);
    ui.press(ImGuiKey_LeftArrow);  // back to Expand all
    ui.press(ImGuiKey_Enter);
    REQUIRE(ui.find("Grade 9") != nullptr);

    REQUIRE(ui.click("Select Northgate"));
    CHECK(w.state.views.groups.selected.count(school) == 1);
    ui.press(ImGuiKey_DownArrow);  // Grade 9's checkbox, the row below
    ui.press(ImGuiKey_Space);
    CHECK(w.state.views.groups.selected.count(grade) == 1);
    ui.press(ImGuiKey_Enter);
    CHECK(w.state.views.groups.selected.count(grade) == 0);
}

TEST_CASE("a long group name is cut to its column but still found and followed by its whole name") {
    World w;
    const std::string name = "Northgate College of Arts, Sciences and Humanities of the Riverside Valley District";
    const Id school = w.group(name);
    const Id grade = w.group("Grade 9", school);
    w.join(school, w.person("maria@riverside.example", "Maria", "Mentor"), GroupRole::kMentor);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Grade 9"));
    CHECK(ui.has_text("\xe2\x80\xa6"));  // an ellipsis where it was cut
    const int links = count(ui, name);   // the breadcrumb, and the inherited row's link
    REQUIRE(links == 2);
    REQUIRE(ui.click(name, 1));
    CHECK(w.state.views.groups.open_group == school);
    (void)grade;
}

TEST_CASE("Copy people fills a group from a department, in the role chosen") {
    World w;
    const Id to = w.group("Science mentors");
    auto science = create_department(*w.store, w.owner, "Science", std::nullopt);
    REQUIRE(science.ok());
    auto marie = add_user(*w.store, w.owner, {"marie@riverside.example", "Marie", "Curie", science->id, {}});
    REQUIRE(marie.ok());
    UiDriver ui(w.state);
    REQUIRE(ui.click("Science mentors"));
    REQUIRE(ui.click("Copy people"));
    ui.frame(2);
    REQUIRE(ui.click("From a department"));
    REQUIRE(ui.click("Department"));
    REQUIRE(click_last(ui, "Science"));
    REQUIRE(ui.click("Mentor"));
    REQUIRE(click_last(ui, "Copy people"));
    CHECK(w.role_of(to, marie->id) == GroupRole::kMentor);
    CHECK(ui.has_text("Added 1 person."));
}

TEST_CASE("clicking Groups in the sidebar from a group's page goes back to the list") {
    AppState state;
    grove::ui::testing::FakePlatform platform;
    state.platform = &platform;
    auto store = grove::Store::open(":memory:");
    REQUIRE(store);
    REQUIRE(grove::init_org(**store, {"Org", grove::Plan::kEnterprise, "o@x.org", "Olive", "Owner"}));
    attach_store(state, **store);
    auto group = grove::create_group(**store, state.actor, {"Grade 9", "", {}, {}, {}});
    REQUIRE(group);
    UiDriver ui(state);
    open_group_page(state, group->id);
    ui.frame(2);
    REQUIRE(ui.has_text("Back to groups"));
    REQUIRE(ui.click("Groups"));
    ui.frame(2);
    CHECK_FALSE(state.views.groups.open_group.has_value());
    CHECK(ui.has_text("Newest first"));
}

namespace {

std::size_t audit_count(World& w) {
    auto entries = read_audit(*w.store, w.owner, {.limit = 0});
    REQUIRE(entries.ok());
    return entries->size();
}

}  // namespace

TEST_CASE("saving Manage group renames and moves the group as one change, with one audit entry") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9");
    const std::size_t entries = audit_count(w);
    UiDriver ui(w.state);
    REQUIRE(open_row_menu(ui, "Grade 9"));
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    ui.press(ImGuiKey_A, /*ctrl=*/true);  // the name field has the focus
    ui.type("Year 9");
    REQUIRE(ui.click("Nest under"));
    REQUIRE(click_last(ui, "Northgate"));
    REQUIRE(ui.click("Save changes"));

    CHECK(find_group(*w.store, grade)->name == "Year 9");
    CHECK(find_group(*w.store, grade)->parent_id == school);
    CHECK(ui.has_text("Saved the changes to Year 9."));
    REQUIRE(audit_count(w) == entries + 1);
    auto last = read_audit(*w.store, w.owner, {.limit = 1});
    REQUIRE(last.ok());
    CHECK(last->front().summary == "Olivia Owens renamed Grade 9 to Year 9; moved Year 9 to Northgate.");
}

TEST_CASE("a refused move in Manage group leaves the rename undone too") {
    World w;
    const Id school = w.group("Northgate");
    const Id club = w.group("Robotics", school);
    w.group("Lakeview");
    const Id lead = w.person("lena@riverside.example", "Lena", "Lead");
    w.join(school, lead, GroupRole::kAdmin);
    set_actor(w.state, lead);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Robotics"));  // its page
    REQUIRE(ui.click("Manage group"));
    ui.frame(2);
    ui.press(ImGuiKey_A, /*ctrl=*/true);
    ui.type("Robots");
    REQUIRE(ui.click("Nest under"));
    REQUIRE(click_last(ui, "Lakeview"));
    REQUIRE(ui.click("Save changes"));
    ui.frame(2);

    CHECK(ui.find("Save changes") != nullptr);  // the dialog stays, with the core's refusal
    CHECK(ui.has_text("may not move this group there"));
    CHECK(find_group(*w.store, club)->name == "Robotics");
    CHECK(find_group(*w.store, club)->parent_id == school);
}

TEST_CASE("deleting checked groups is all or nothing: a refusal names the group and deletes none") {
    World w;
    const Id school = w.group("Northgate");
    w.group("Chess", school);
    w.group("Robotics", school);
    w.group("Lakeview");
    const Id lead = w.person("lena@riverside.example", "Lena", "Lead");
    w.join(school, lead, GroupRole::kAdmin);
    set_actor(w.state, lead);
    const std::size_t entries = audit_count(w);
    UiDriver ui(w.state);
    REQUIRE(ui.click("All groups"));  // a group admin starts on their own groups
    REQUIRE(ui.click("Expand all"));
    REQUIRE(ui.click("Select Chess"));
    REQUIRE(ui.click("Select Robotics"));
    REQUIRE(ui.click("Select Lakeview"));
    REQUIRE(ui.click("Delete selected"));
    ui.frame(2);
    REQUIRE(ui.click("Delete 3 groups"));
    ui.frame(2);

    CHECK(ui.has_text("Could not delete Lakeview, so no group was deleted."));
    CHECK_FALSE(ui.has_text("Deleted"));
    CHECK(w.find("Chess"));
    CHECK(w.find("Robotics"));
    CHECK(w.find("Lakeview"));
    CHECK(audit_count(w) == entries);

    // Without Lakeview the same person deletes the two clubs at once, in one audit entry.
    ui.press(ImGuiKey_Escape);
    REQUIRE(ui.click("Select Lakeview"));
    REQUIRE(ui.click("Delete selected"));
    ui.frame(2);
    REQUIRE(ui.click("Delete 2 groups"));
    CHECK_FALSE(w.find("Chess"));
    CHECK_FALSE(w.find("Robotics"));
    CHECK(ui.has_text("Deleted 2 groups."));
    CHECK(audit_count(w) == entries + 1);
}

TEST_CASE("Copy people keeps a direct mentor's role, says so beforehand, and adds no row for inherited staff") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9", school);
    const Id club = w.group("Chess club");
    const Id mia = w.person("mia@riverside.example", "Mia", "Mentor");
    const Id ann = w.person("ann@riverside.example", "Ann", "Admin");
    const Id ada = w.person("ada@riverside.example", "Ada", "Lovelace");
    w.join(grade, mia, GroupRole::kMentor);
    w.join(school, ann, GroupRole::kAdmin);
    for (Id p : {mia, ann, ada}) w.join(club, p, GroupRole::kMember);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Expand all"));
    REQUIRE(ui.click("Grade 9"));
    REQUIRE(ui.click("Copy people"));
    ui.frame(2);
    REQUIRE(ui.click("Group"));
    REQUIRE(click_last(ui, "Chess club"));
    ui.frame(2);
    CHECK(ui.has_text("Adds 1 person as members."));
    CHECK(ui.has_text("Leaves the role of 1 person already there as it is: Mia Mentor as mentor."));
    CHECK(ui.has_text("1 person is already staff through a group above: not added."));
    REQUIRE(click_last(ui, "Copy people"));
    CHECK(w.role_of(grade, mia) == GroupRole::kMentor);
    CHECK(w.role_of(grade, ann) == std::nullopt);
    CHECK(w.role_of(grade, ada) == GroupRole::kMember);
    CHECK(ui.has_text("Added 1 person, left the role of 1 person as it was (Mia Mentor as mentor)"));
}

TEST_CASE("Copy people changes existing roles only when checked, listing each change before the button confirms") {
    World w;
    const Id grade = w.group("Grade 9");
    const Id club = w.group("Chess club");
    const Id mia = w.person("mia@riverside.example", "Mia", "Mentor");
    w.join(grade, mia, GroupRole::kMentor);
    w.join(club, mia, GroupRole::kMember);
    UiDriver ui(w.state);
    REQUIRE(ui.click("Grade 9"));
    REQUIRE(ui.click("Copy people"));
    ui.frame(2);
    REQUIRE(ui.click("Group"));
    REQUIRE(click_last(ui, "Chess club"));
    REQUIRE(ui.click("Also change the role of people already in the group"));
    ui.frame(2);
    CHECK(ui.has_text("Changes the role of 1 person:"));
    CHECK(ui.has_text("Mia Mentor: mentor to member"));
    CHECK(w.role_of(grade, mia) == GroupRole::kMentor);  // nothing yet
    REQUIRE(click_last(ui, "Copy and change 1 role"));
    CHECK(w.role_of(grade, mia) == GroupRole::kMember);
    CHECK(ui.has_text("Changed the role of 1 person (Mia Mentor: mentor to member)."));
}

TEST_CASE("a group's header counts the rows marked direct and inherited, a person who is both in each") {
    World w;
    const Id school = w.group("Northgate");
    const Id grade = w.group("Grade 9", school);
    const Id ann = w.person("ann@riverside.example", "Ann", "Admin");
    const Id tom = w.person("tom@riverside.example", "Tom", "Mentor");
    const Id sam = w.person("sam@riverside.example", "Sam", "Student");
    w.join(school, ann, GroupRole::kAdmin);
    w.join(school, tom, GroupRole::kMentor);
    w.join(grade, ann, GroupRole::kMember);
    w.join(grade, sam, GroupRole::kMember);
    UiDriver ui(w.state);
    for (const GroupRow& row : group_tree(*w.store, GroupSort::kNewest))
        if (row.id == grade) CHECK(row.user_count == 2);  // the Groups list's Users column: the direct figure
    REQUIRE(ui.click("Expand all"));
    REQUIRE(ui.click("Grade 9"));
    CHECK(ui.has_text("3 people: 2 direct, 2 inherited (1 is both)"));
    CHECK(ui.has_text("Direct and inherited from"));  // Ann: a direct member, and group admin from Northgate
    CHECK(count(ui, "Person actions") == 2);          // Ann's and Sam's direct memberships
    (void)tom;
}
