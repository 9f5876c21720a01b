// The application's state (one struct) and the frame: top bar, sidebar, and the current screen.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/org/model.h"
#include "imgui.h"
#include "shell/fonts.h"
#include "shell/platform.h"
#include "shell/text/text_engine.h"
#include "shell/theme.h"
#include "shell/undo_bar.h"
#include "shell/views.h"

namespace grove {
class Store;  // core/storage/store.h
}

namespace grove::ui {

struct AppState;

// The sidebar's sections. Each has one row in kScreens (app.cpp): its key, label, icon and the
// function that draws it (shell/screens/screens.h); the sidebar, `--screen` and tests read that table.
enum class Screen { Groups, People, Departments, Courses, Roles, Exchange, AuditLog, Settings, About, Home, Reviews };

struct ScreenInfo {
    Screen screen;
    const char* key;    // for --screen and ImGui IDs; also the file: "audit_log" -> screens/audit_log_screen.cpp
    const char* label;  // the sidebar's word, also the label tests click
    const char* icon;
    void (*draw)(AppState&);
};
// Every screen, in the sidebar's order (About last, at the sidebar's foot).
std::span<const ScreenInfo> all_screens();
const ScreenInfo& screen_info(Screen screen);
// The screen with this key ("people", "audit_log"), if there is one.
const ScreenInfo* find_screen(std::string_view key);

struct AppState {
    // Where the person is.
    Screen screen = Screen::Groups;
    Theme theme = Theme::Light;

    // The machine and the data; both owned by the host (desktop_main.cpp, web_main.cpp, a test).
    Platform* platform = nullptr;
    grove::Store* store = nullptr;
    std::string organisation_name = "Grove";
    bool has_organisation = false;  // false: the welcome screen offers to create one or open the demo

    // The person the app acts as (F27): every command names them; the core checks their roles.
    Id actor = 0;
    std::string actor_name;
    std::string actor_roles;  // "Owner", "Group User Manager", or "" for none
    UserStatus actor_status = UserStatus::kActive;

    // Each screen's view state and cached view models (shell/views.h); refreshed on store revisions.
    Views views;

    // Turns decoded RGBA pixels into a texture the renderer can draw (group thumbnails); set by the
    // host that owns the GL context, absent in headless tests (screens then draw a placeholder).
    std::function<ImTextureID(int width, int height, const unsigned char* rgba)> create_texture;
    std::function<void(ImTextureID)> destroy_texture;

    // While the host loads the data before the store opens (the browser reads it from IndexedDB): what the
    // window says meanwhile ("Opening your data… 40%"). Empty once the store is attached.
    std::string opening;

    // Undo and redo (F28): the top bar's buttons, and the outcome of an undo or redo asked from there or by a key,
    // told above the screen.
    UndoBarView undo_bar;
    Notice notice;

    // Shell-wide dialogs: a non-empty message opens a modal with it.
    std::string error_message;
    // Why the current screen could not be drawn this frame ("The database failed: ..."); empty once it draws.
    std::string screen_failure;
    // A read that failed elsewhere in a frame (the top bar, a dialog, the welcome page) ended that frame early;
    // its words stay in a band above the screen until dismissed. The data is as it was.
    std::string frame_failure;

    // Look: set by init_ui() and set_ui_scale().
    Fonts fonts;
    float ui_scale = 1.0f;  // pixel ratio: 2 on a "retina" screen; multiply hand-written sizes by it
    std::string fonts_dir;
    // Text in every script (shell/text/): shaping, bidi order, glyphs made as characters appear, fonts
    // for other scripts fetched through the platform when first needed.
    std::unique_ptr<text::TextEngine> text = std::make_unique<text::TextEngine>();

    // Frames: the host draws only after input; this asks for more (async results, progress bars).
    int redraw_frames = 0;
    void request_redraw(int frames = 2) { redraw_frames = std::max(redraw_frames, frames); }

    // A length in CSS pixels, in ImGui's pixels: state.px(240).
    float px(float css_pixels) const { return css_pixels * ui_scale; }
};

// Sets up the current ImGui context for Grove: keyboard navigation, no imgui.ini, the theme, the
// fonts from `fonts_dir` at `scale`, the UI recorder for tests. Call once after ImGui::CreateContext().
void init_ui(AppState& state, const std::string& fonts_dir, float scale);

// Re-rasterises fonts and rescales the style when the pixel ratio changed (window moved to another
// screen, browser zoom). Returns true when the font atlas changed: the renderer must upload it again.
bool set_ui_scale(AppState& state, float scale);

void set_theme(AppState& state, Theme theme);

// Draws the whole window for one frame (between ImGui::NewFrame() and ImGui::Render()). A read of the database
// that fails (DbError) never leaves it: the screen's own failure is shown in its place, any other ends the frame
// early and is shown in a band (frame_failure), and the program and its data go on.
void draw_frame(AppState& state);

// After every committed change (attach_store listens for it): saves the database through the
// platform and redraws. Screens never call request_save() themselves.
void notify_committed(AppState& state);

}  // namespace grove::ui
