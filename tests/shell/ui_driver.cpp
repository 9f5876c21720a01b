// Headless frames of the app, and simulated input that goes through ImGui exactly as real input does.
#include "ui_driver.h"

#include "imgui_internal.h"

namespace grove::ui::testing {

UiDriver::UiDriver(AppState& state, Options options) : state_(state) {
    previous_ = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(options.width, options.height);
    io.DeltaTime = 1.0f / 60.0f;
    // ImGui 1.86 reads keys through io.KeyMap; the driver's "native" key codes are ImGuiKey values.
    for (int key = 0; key < ImGuiKey_COUNT; ++key) io.KeyMap[key] = key;
    init_ui(state_, options.fonts_dir, options.scale);
    // No renderer: building the atlas is all NewFrame() needs (as in ImGui's example_null).
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    frame(2);  // windows appear and settle their sizes, as on screen
}

UiDriver::~UiDriver() {
    ImGui::DestroyContext(context_);
    ImGui::SetCurrentContext(previous_);
}

void UiDriver::frame(int count) {
    for (int i = 0; i < count; ++i) {
        ImGui::NewFrame();
        draw_(state_);
        ImGui::Render();
        if (state_.redraw_frames > 0) --state_.redraw_frames;
    }
}

const UiSnapshot& UiDriver::snapshot() const { return last_ui_snapshot(context_); }

const UiSnapshot::Item* UiDriver::find(std::string_view label, int nth) const { return snapshot().find(label, nth); }

bool UiDriver::has_text(std::string_view needle) const { return snapshot().has_text(needle); }

void UiDriver::move_to(float x, float y) {
    ImGui::GetIO().MousePos = ImVec2(x, y);
    frame();
}

void UiDriver::click_at(float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    move_to(x, y);
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    frame();  // what the click changed is drawn
}

bool UiDriver::click(std::string_view label, int nth) {
    const UiSnapshot::Item* item = find(label, nth);
    if (item == nullptr) return false;
    click_at(item->x + item->w * 0.5f, item->y + item->h * 0.5f);
    return true;
}

void UiDriver::type(std::string_view text) {
    ImGui::GetIO().AddInputCharactersUTF8(std::string(text).c_str());
    frame(2);
}

void UiDriver::press(ImGuiKey key, bool ctrl, bool shift, bool alt) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
    io.KeyAlt = alt;
    io.KeysDown[key] = true;
    frame();
    io.KeysDown[key] = false;
    frame();
    io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
    frame();
}

}  // namespace grove::ui::testing
