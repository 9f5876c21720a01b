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
        input_.apply(ImGui::GetIO());
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
    input_.mouse_moved(x, y);
    frame();
}

void UiDriver::click_at(float x, float y) {
    move_to(x, y);
    input_.mouse_button(ImGuiMouseButton_Left, true);
    frame();
    input_.mouse_button(ImGuiMouseButton_Left, false);
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
    input_.text(std::string(text).c_str());
    frame(2);
}

void UiDriver::press(ImGuiKey key, bool ctrl, bool shift, bool alt) {
    if (ctrl) input_.key(ImGuiKey_LeftCtrl, true);
    if (shift) input_.key(ImGuiKey_LeftShift, true);
    if (alt) input_.key(ImGuiKey_LeftAlt, true);
    input_.key(key, true);
    frame();
    input_.key(key, false);
    frame();
    if (ctrl) input_.key(ImGuiKey_LeftCtrl, false);
    if (shift) input_.key(ImGuiKey_LeftShift, false);
    if (alt) input_.key(ImGuiKey_LeftAlt, false);
    frame();
    while (!input_.empty()) frame();
}

void UiDriver::tab(int count, bool shift) {
    for (int i = 0; i < count; ++i) press(ImGuiKey_Tab, false, shift);
}

// The snapshot has no IDs: the focused item is the smallest labelled item around the centre of the
// rectangle navigation keeps for it (a widget reported under two names goes by the later one).
std::string UiDriver::focused_label() const {
    const ImGuiContext& g = *context_;
    if (g.NavId == 0 || g.NavWindow == nullptr || g.NavDisableHighlight) return "";
    // The widget recorded under ImGui's focused ID, by its last (most particular) name; else what its rectangle holds.
    const UiSnapshot::Item* by_id = nullptr;
    for (const UiSnapshot::Item& item : snapshot().items)
        if (item.id == g.NavId) by_id = &item;
    if (by_id != nullptr) return by_id->label;
    const ImRect rect = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
    const ImVec2 c = rect.GetCenter();
    const UiSnapshot::Item* best = nullptr;
    for (const UiSnapshot::Item& item : snapshot().items) {
        if (c.x < item.x || c.y < item.y || c.x > item.x + item.w || c.y > item.y + item.h) continue;
        if (best == nullptr || item.w * item.h <= best->w * best->h)
            best = &item;  // ties: the later, more specific name
    }
    return best != nullptr ? best->label : "";
}

}  // namespace grove::ui::testing
