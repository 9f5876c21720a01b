// Input (shell/input_queue.h): what arrives between two frames - a tap, a click with its move, a fast
// Ctrl+A, wheel deltas - reaches ImGui over consecutive frames, in the order given; and a click
// outside a dialog closes the dropdown open in it, so the next click is not spent on closing it.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "imgui_internal.h"
#include "shell/input_queue.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

constexpr ImGuiKey kCtrl = ImGuiKey_LeftCtrl;
constexpr ImGuiKey kShift = ImGuiKey_LeftShift;

InputQueue queue() { return InputQueue(); }

// One frame of the app over what the queue hands it; whether events wait for later frames.
bool step(UiDriver& ui, InputQueue& input) {
    const bool more = input.apply(ImGui::GetIO());
    ui.frame();
    return more;
}

// The text apply() handed ImGui for the next frame, read from ImGui's event queue before NewFrame takes it.
std::vector<unsigned int> queued_text() {
    std::vector<unsigned int> text;
    for (const ImGuiInputEvent& e : GImGui->InputEventsQueue)
        if (e.Type == ImGuiInputEventType_Text) text.push_back(e.Text.Char);
    return text;
}

// The wheel apply() handed ImGui for the next frame, in io.MouseWheel's units.
ImVec2 queued_wheel() {
    ImVec2 wheel(0.0f, 0.0f);
    for (const ImGuiInputEvent& e : GImGui->InputEventsQueue) {
        if (e.Type != ImGuiInputEventType_MouseWheel) continue;
        wheel.x += e.MouseWheel.WheelX;
        wheel.y += e.MouseWheel.WheelY;
    }
    return wheel;
}

// Frames of the app, each taking what the queue hands it, until nothing waits; then two more, in
// which what the input changed is drawn.
int drain(UiDriver& ui, InputQueue& input) {
    int frames = 0;
    do {
        input.apply(ImGui::GetIO());
        ui.frame();
        ++frames;
    } while (!input.empty());
    for (int i = 0; i < 2; ++i) {
        input.apply(ImGui::GetIO());
        ui.frame();
    }
    return frames;
}

void move_to(InputQueue& input, const UiSnapshot::Item& item) {
    input.mouse_moved(item.x + item.w * 0.5f, item.y + item.h * 0.5f);
}

// The whole click between two frames: the pointer's move, the press and the release.
void instant_click(InputQueue& input, const UiSnapshot::Item& item) {
    move_to(input, item);
    input.mouse_button(ImGuiMouseButton_Left, true);
    input.mouse_button(ImGuiMouseButton_Left, false);
}

}  // namespace

TEST_CASE("a move, press and release between two frames reach ImGui as three frames, in order") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);  // an ImGui context
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    input.mouse_moved(10.0f, 20.0f);
    input.mouse_button(ImGuiMouseButton_Left, true);
    input.mouse_button(ImGuiMouseButton_Left, false);
    input.mouse_left();

    CHECK(step(ui, input));
    CHECK(io.MousePos.x == 10.0f);
    CHECK(io.MousePos.y == 20.0f);
    CHECK_FALSE(io.MouseDown[0]);  // the frame that hovers
    CHECK(step(ui, input));
    CHECK(io.MouseDown[0]);  // the frame that presses, at the same place
    CHECK(io.MousePos.x == 10.0f);
    CHECK(step(ui, input));
    CHECK_FALSE(io.MouseDown[0]);  // the frame that releases, still there
    CHECK(io.MousePos.x == 10.0f);
    CHECK_FALSE(step(ui, input));
    CHECK(io.MousePos.x == -FLT_MAX);  // then the pointer is gone (a lifted finger)
    CHECK(input.empty());
}

TEST_CASE("a drag keeps its moves together and releases after them") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    input.mouse_moved(10.0f, 10.0f);
    input.mouse_button(ImGuiMouseButton_Left, true);
    input.mouse_moved(20.0f, 10.0f);
    input.mouse_moved(30.0f, 10.0f);
    input.mouse_button(ImGuiMouseButton_Left, false);

    step(ui, input);  // hover
    step(ui, input);  // press
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 10.0f);
    step(ui, input);  // both moves in one frame, still held
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 30.0f);
    CHECK_FALSE(step(ui, input));  // released where the drag ended
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(io.MousePos.x == 30.0f);
}

TEST_CASE("a key pressed and released between two frames is seen down for one frame, Ctrl with it") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    input.key(kCtrl, true);
    input.key(ImGuiKey_A, true);
    input.key(ImGuiKey_A, false);
    input.key(kCtrl, false);
    input.character('x');

    CHECK(input.apply(io));
    CHECK(queued_text().empty());
    ui.frame();
    CHECK(ImGui::IsKeyDown(ImGuiKey_A));
    CHECK(io.KeyCtrl);
    CHECK(input.apply(io));
    CHECK(queued_text().empty());  // text after a key waits: ImGui reads text before keys
    ui.frame();
    CHECK_FALSE(ImGui::IsKeyDown(ImGuiKey_A));
    CHECK_FALSE(io.KeyCtrl);
    CHECK_FALSE(input.apply(io));
    CHECK(queued_text() == std::vector<unsigned int>{'x'});
    ui.frame();
}

TEST_CASE("Ctrl let go before A, both between two frames, still makes Ctrl+A") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    input.key(kCtrl, true);
    step(ui, input);  // a frame saw Ctrl down
    input.key(ImGuiKey_A, true);
    input.key(kCtrl, false);
    input.key(ImGuiKey_A, false);
    step(ui, input);
    CHECK(ImGui::IsKeyDown(ImGuiKey_A));
    CHECK(io.KeyCtrl);
    step(ui, input);
    CHECK_FALSE(io.KeyCtrl);
    CHECK_FALSE(ImGui::IsKeyDown(ImGuiKey_A));
}

TEST_CASE("losing the focus releases the keys and buttons held") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    input.key(kShift, true);
    input.mouse_button(ImGuiMouseButton_Left, true);
    step(ui, input);
    CHECK(io.KeyShift);
    CHECK(io.MouseDown[0]);
    input.focus(false);
    step(ui, input);
    CHECK_FALSE(io.KeyShift);
    CHECK_FALSE(io.MouseDown[0]);
}

TEST_CASE("a browser's wheel deltas become notches: 100 pixels, 3 lines or a third of a page, down negative") {
    CHECK(wheel_notches(0.0, 100.0, WheelMode::kPixels).y == doctest::Approx(-1.0));
    CHECK(wheel_notches(0.0, -100.0, WheelMode::kPixels).y == doctest::Approx(1.0));
    CHECK(wheel_notches(0.0, -3.0, WheelMode::kPixels).y == doctest::Approx(0.03));
    CHECK(wheel_notches(0.0, 3.0, WheelMode::kLines).y == doctest::Approx(-1.0));
    CHECK(wheel_notches(0.0, 1.0, WheelMode::kPages).y == doctest::Approx(-3.0));
    CHECK(wheel_notches(50.0, 0.0, WheelMode::kPixels).x == doctest::Approx(-0.5));
}

TEST_CASE("a notch scrolls the pixels the host chose; small deltas add up to whole pixels instead of being lost") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    const WheelPixels wheel{.per_notch = 75.0f, .per_unit = 80.0f};
    auto scrolled = [&](float notches) {
        input.wheel(0.0f, notches);
        input.apply(io, wheel);
        const float pixels = queued_wheel().y * wheel.per_unit;  // the pixels ImGui scrolls
        ui.frame();
        return pixels;
    };
    CHECK(scrolled(-1.0f) == doctest::Approx(-75.0f));
    // A trackpad's 1-pixel deltas (0.01 notch) are 0.75 pixels each here.
    CHECK(scrolled(-0.01f) == 0.0f);                    // less than a pixel: kept for later
    CHECK(scrolled(-0.01f) == doctest::Approx(-1.0f));  // 1.5 pixels: one now, half kept
    CHECK(scrolled(-0.01f) == doctest::Approx(-1.0f));  // 0.5 + 0.75
    CHECK(scrolled(1.0f) == doctest::Approx(75.0f));    // turning back drops what was kept
    // Without pixels, notches go through as they are.
    input.wheel(0.0f, 0.5f);
    input.apply(io);
    CHECK(queued_wheel().y == doctest::Approx(0.5f));
    ui.frame();
}

TEST_CASE("a click that arrives with its move switches a tab, after the pointer hovered another") {
    ShellFixture org;
    org.attach(Screen::Exchange);
    UiDriver ui(org.state, {.width = 1400.0f, .height = 900.0f});
    InputQueue input = queue();
    REQUIRE(ui.find("Upload CSV"));
    move_to(input, *ui.find("Upload CSV"));  // ImGui saw the pointer on the first tab
    drain(ui, input);
    REQUIRE(ui.find("Reports"));
    instant_click(input, *ui.find("Reports"));
    CHECK(drain(ui, input) == 3);  // hover, press, release
    CHECK(ui.find("Membership report") != nullptr);

    move_to(input, *ui.find("Membership report"));
    drain(ui, input);
    instant_click(input, *ui.find("Grove file"));
    drain(ui, input);
    CHECK(ui.find("Export the organisation") != nullptr);
}

TEST_CASE("Ctrl+A pressed and released between two frames, then typing, replaces the field's text") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Chess");  // the Name field has the focus
    REQUIRE(ui.has_text("Chess"));
    InputQueue input = queue();
    input.key(kCtrl, true);
    input.key(ImGuiKey_A, true);
    input.key(ImGuiKey_A, false);
    input.key(kCtrl, false);
    for (char c : std::string("Drama")) input.character(static_cast<unsigned char>(c));
    drain(ui, input);
    CHECK(ui.has_text("Drama"));
    CHECK_FALSE(ui.has_text("ChessDrama"));
    REQUIRE(ui.click("Create group"));
    CHECK(ui.has_text("Created the group Drama."));
}

TEST_CASE("text in any script (a browser's input event) reaches ImGui one character per codepoint, after the keys") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    ImGuiIO& io = ImGui::GetIO();
    InputQueue input = queue();
    input.key(ImGuiKey_A, true);
    // Cyrillic, a space, Japanese, then what ImGui's 16-bit characters cannot hold (an emoji) and a
    // stray byte of a broken UTF-8 sequence: both U+FFFD.
    input.text("\xd0\x94\xd0\xbc \xe7\x94\xb0\xe4\xb8\xad\xf0\x9f\x98\x80\xff");
    input.key(ImGuiKey_A, false);

    CHECK(input.apply(io));
    CHECK(queued_text().empty());  // text after a key waits for the next frame
    ui.frame();
    CHECK_FALSE(input.apply(io));
    const std::vector<unsigned int> expected{0x414, 0x43c, ' ', 0x7530, 0x4e2d, 0xfffd, 0xfffd};
    CHECK(queued_text() == expected);
    ui.frame();
    CHECK_FALSE(ImGui::IsKeyDown(ImGuiKey_A));

    input.text("");
    input.text(nullptr);
    CHECK(input.empty());
}

TEST_CASE("a name typed in Cyrillic as one piece of text names a new group") {
    ShellFixture org;
    org.attach(Screen::Groups);
    UiDriver ui(org.state);
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    InputQueue input = queue();
    input.text("\xd0\x94\xd1\x80\xd0\xb0\xd0\xbc\xd0\xb0");  // "Драма"
    drain(ui, input);
    REQUIRE(ui.click("Create group"));
    CHECK(ui.has_text("Created the group \xd0\x94\xd1\x80\xd0\xb0\xd0\xbc\xd0\xb0."));
}

TEST_CASE("a click outside the New group dialog closes its open dropdown; one click on Create group then creates") {
    ShellFixture org;
    org.group("Northgate");
    org.attach(Screen::Groups);
    UiDriver ui(org.state, {.width = 1400.0f, .height = 900.0f});
    REQUIRE(ui.click("New group"));
    ui.frame(2);
    ui.type("Chess club");
    REQUIRE(ui.click("Nest under"));
    ui.frame(2);
    REQUIRE(ui.find("Type to filter") != nullptr);  // the dropdown is open

    ui.click_at(20.0f, 450.0f);  // on the dimmed page beside the dialog
    ui.frame(2);
    CHECK(ui.find("Type to filter") == nullptr);
    REQUIRE(ui.find("Create group") != nullptr);  // the dialog stays

    REQUIRE(ui.click("Create group"));
    CHECK(ui.has_text("Created the group Chess club."));
}
