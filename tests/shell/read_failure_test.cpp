// A read that fails while the app draws a frame (issue 12): the database file stops answering under the app
// (tests/crash/faults.h fails every read), the frame that met it ends early, the app goes on and says so in a
// band, and once the disk answers again everything is there as it was. Native only: a file through a fault VFS.
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>

#include "../must.h"
#include "core/org/org.h"
#include "core/storage/store.h"
#include "db_state.h"
#include "faults.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove::ui;
using grove::testing::DbState;
using grove::testing::must;
using grove::testing::read_db_state;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;
namespace faults = grove::testing::faults;
namespace fs = std::filesystem;

namespace {

// A fresh folder for the database file, removed with everything in it.
struct TempDir {
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "grove-read-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        faults::disarm();
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path path;
};

constexpr const char* kActingPerson = "Olivia Owens  \xc2\xb7  Owner";

}  // namespace

TEST_CASE("a read that fails in the top bar ends the frame, not the program; a band says so and the data stays") {
    faults::install_vfs(false);
    TempDir dir;
    const std::string file = (dir.path / "riverside.grove").string();
    grove::StoreOptions options;
    options.vfs = "grove-fault";
    auto store = must(grove::Store::open(file, options));
    must(grove::init_org(*store,
                         {"Riverside", grove::Plan::kEnterprise, "olivia@riverside.example", "Olivia", "Owens"}));
    ShellFixture org(std::move(store));
    org.person("grace@riverside.example", "Grace", "Hopper");
    org.group("Robotics");
    org.attach(Screen::People);
    UiDriver ui(org.state);
    REQUIRE(ui.has_text("Grace Hopper"));
    const DbState before = read_db_state(file, faults::real_vfs_name());
    REQUIRE(before.integrity == "ok");

    // The disk stops answering. Opening Act as reads its list of people in the top bar, outside the screen.
    faults::arm(faults::Op::kRead, 1, true);
    REQUIRE(ui.click(kActingPerson));
    ui.frame(2);
    CHECK(faults::failed() > 0);
    CHECK(org.state.frame_failure.starts_with("The database failed: "));
    CHECK(ui.has_text("Grove could not read its data"));
    CHECK(ui.has_text(org.state.frame_failure));
    CHECK_FALSE(ui.has_text("Search people by name or email"));  // the list that failed was closed
    CHECK(ui.has_text("Riverside"));                             // the top bar draws
    // The app still answers: the sidebar moves between screens, each saying what failed in its place.
    REQUIRE(ui.click("Groups"));
    CHECK(org.state.screen == Screen::Groups);
    CHECK(org.state.screen_failure.starts_with("The database failed: "));

    // The disk answers again: the data is all there; the band stays until dismissed.
    faults::disarm();
    ui.frame(2);
    CHECK(ui.has_text("Robotics"));
    CHECK(org.state.screen_failure.empty());
    CHECK(ui.has_text("Grove could not read its data"));
    REQUIRE(ui.click("People"));
    CHECK(ui.has_text("Grace Hopper"));
    REQUIRE(ui.click("Dismiss"));
    ui.frame(2);
    CHECK_FALSE(ui.has_text("Grove could not read its data"));
    REQUIRE(ui.click(kActingPerson));
    ui.frame(2);
    CHECK(ui.has_text("Search people by name or email"));

    const DbState after = read_db_state(file, faults::real_vfs_name());
    CHECK(after.integrity == "ok");
    CHECK(after.same_data(before));
}
