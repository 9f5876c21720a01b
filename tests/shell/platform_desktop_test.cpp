// The desktop platform: files are opened and saved through an in-app path prompt.
#include "shell/platform_desktop.h"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "ui_driver.h"

using namespace grove::ui;
using grove::ui::testing::UiDriver;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
    const fs::path dir = fs::temp_directory_path() / "grove-shell-tests";
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("desktop: a file is opened by typing its name after the folder") {
    const fs::path dir = scratch_dir();
    std::ofstream(dir / "roster.csv") << "email\nada@hill.org\n";
    DesktopPlatform platform(dir.string());
    AppState state;
    state.platform = &platform;
    UiDriver ui(state);

    std::optional<OpenedFile> opened;
    platform.open_file(".csv", [&](OpenedFile file) { opened = std::move(file); });
    ui.frame(2);
    REQUIRE(ui.find("Path") != nullptr);
    CHECK(ui.has_text("Expected: .csv"));

    ui.type("roster.csv");  // the field has focus, its caret after the folder
    REQUIRE(ui.click("Open"));

    REQUIRE(opened.has_value());
    CHECK(opened->name == "roster.csv");
    CHECK(std::string(opened->bytes.begin(), opened->bytes.end()) == "email\nada@hill.org\n");
    CHECK(ui.find("Path") == nullptr);  // the prompt closed
}

TEST_CASE("desktop: a missing file keeps the prompt open with a reason") {
    DesktopPlatform platform(scratch_dir().string());
    AppState state;
    state.platform = &platform;
    UiDriver ui(state);
    bool called = false;
    platform.open_file("", [&](OpenedFile) { called = true; });
    ui.frame(2);

    ui.type("no-such-file.json");
    REQUIRE(ui.click("Open"));

    CHECK_FALSE(called);
    CHECK(ui.has_text("Cannot open"));
    REQUIRE(ui.click("Cancel"));
    CHECK(ui.find("Path") == nullptr);
}

TEST_CASE("desktop: a download is saved where the person says") {
    const fs::path dir = scratch_dir();
    fs::remove(dir / "groups.csv");
    DesktopPlatform platform(dir.string());
    AppState state;
    state.platform = &platform;
    UiDriver ui(state);

    platform.offer_download("groups.csv", {'i', 'd', '\n'}, "text/csv");
    ui.frame(2);
    REQUIRE(ui.click("Save"));

    std::ifstream in(dir / "groups.csv");
    std::stringstream content;
    content << in.rdbuf();
    CHECK(content.str() == "id\n");
}
