// The UI recorder: labels as people read them, every drawn text, rectangles a click can use.
#include <doctest/doctest.h>
#include <string>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "shell/icons.h"
#include "ui_driver.h"

using namespace grove::ui;
using grove::ui::testing::UiDriver;

namespace {

std::string g_name;
bool g_remember = false;
int g_saves = 0;

void draw_form(AppState&) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(600, 400));
    ImGui::Begin("Form", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::Text("Hello %s", "there");
    ImGui::TextUnformatted("Plain words");
    ImGui::InputText("Name", &g_name);
    ImGui::Checkbox("Remember me###remember", &g_remember);
    if (ImGui::Button((std::string(icons::kCheck) + " Save##form").c_str())) ++g_saves;
    ImGui::Button("##nameless");
    ImGui::End();
}

}  // namespace

TEST_CASE("labels are recorded as people read them") {
    AppState state;
    UiDriver ui(state);
    ui.set_draw(draw_form);
    ui.frame(2);

    CHECK(ui.find("Name") != nullptr);
    CHECK(ui.find("Remember me") != nullptr);  // no "###remember"
    CHECK(ui.find("Save") != nullptr);         // no icon, no "##form"
    for (const auto& item : ui.snapshot().items) CHECK_FALSE(item.label.empty());
}

TEST_CASE("plain Text() and TextUnformatted() output is in the texts") {
    AppState state;
    UiDriver ui(state);
    ui.set_draw(draw_form);
    ui.frame(2);

    CHECK(ui.has_text("Hello there"));
    CHECK(ui.has_text("Plain words"));
    CHECK(ui.has_text("Save"));  // button labels are drawn text too
}

TEST_CASE("click and type reach widgets through their recorded rectangles") {
    AppState state;
    UiDriver ui(state);
    ui.set_draw(draw_form);
    ui.frame(2);
    g_name.clear();
    g_remember = false;
    g_saves = 0;

    REQUIRE(ui.click("Name"));
    ui.type("Zoë");
    REQUIRE(ui.click("Remember me"));
    REQUIRE(ui.click("Save"));

    CHECK(g_name == "Zoë");
    CHECK(g_remember);
    CHECK(g_saves == 1);
    CHECK(ui.has_text("Zoë"));
}

TEST_CASE("visible_label drops the id part and icon glyphs") {
    CHECK(visible_label("Delete##row7") == "Delete");
    CHECK(visible_label("Title###stable") == "Title");
    CHECK(visible_label(std::string(icons::kPeople) + "  People") == "People");
    CHECK(visible_label("##hidden").empty());
}
