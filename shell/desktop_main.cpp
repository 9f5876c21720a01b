// grove-desktop: the Grove interface in a native window (GLFW + OpenGL 3) over a database file.
#include <GLFW/glfw3.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/storage/store.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/drop.h"
#include "shell/glfw_host.h"
#include "shell/platform_desktop.h"
#include "shell/png_writer.h"
#include "shell/store_link.h"
#include "shell/ui_snapshot.h"

namespace fs = std::filesystem;
using namespace grove::ui;

namespace {

struct Args {
    std::string db;
    std::string fonts_dir;
    std::string screenshot;          // draw a few frames, save the window as PNG, exit
    Screen screen = Screen::Groups;  // start here (--screen takes its key: "people", "audit_log", ...)
    Theme theme = Theme::Light;
    int width = 1280;
    int height = 800;
    std::vector<std::string> clicks;  // with --screenshot: click these labels first, in order
};

void usage() {
    // The screens' keys come from the one table of screens, so a new screen is offered here by itself.
    std::string keys;
    const auto screens = all_screens();
    for (std::size_t i = 0; i < screens.size(); ++i) {
        if (i > 0) keys += i + 1 == screens.size() ? " or " : ", ";
        keys += screens[i].key;
    }
    std::printf(
        "usage: grove-desktop [--db FILE] [--theme light|dark] [--screen KEY] [--size WxH]\n"
        "                     [--fonts DIR] [--screenshot FILE.png [--click LABEL]...]\n"
        "  --db FILE           the database (default: $XDG_DATA_HOME/grove/grove.db)\n"
        "  --screen KEY        start on %s\n"
        "  --screenshot FILE   draw, save the window as a PNG and exit (for checks under Xvfb)\n"
        "  --click LABEL       before the screenshot, click the widget with this label (repeatable)\n",
        keys.c_str());
}

fs::path default_db() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
        return fs::path(xdg) / "grove" / "grove.db";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return fs::path(home) / ".local" / "share" / "grove" / "grove.db";
    return "grove.db";
}

// Fonts are copied into the build next to the program (build/native/fonts); an installed copy
// would carry them the same way.
std::string find_fonts_dir(const std::string& given) {
    if (!given.empty()) return given;
    if (const char* env = std::getenv("GROVE_FONTS_DIR"); env != nullptr && *env != '\0') return env;
    std::error_code ec;
    const fs::path exe_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    for (const fs::path& dir :
         {exe_dir / "fonts", exe_dir / ".." / "fonts", exe_dir / ".." / "share" / "grove" / "fonts"}) {
        if (fs::exists(dir / "Inter-Regular.otf", ec)) return dir.lexically_normal().string();
    }
    return (exe_dir / "fonts").string();
}

bool parse(int argc, char** argv, Args& args) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* value = nullptr;
        if (arg == "--help" || arg == "-h") {
            usage();
            std::exit(0);
        } else if (arg == "--db" && (value = next())) {
            args.db = value;
        } else if (arg == "--fonts" && (value = next())) {
            args.fonts_dir = value;
        } else if (arg == "--screenshot" && (value = next())) {
            args.screenshot = value;
        } else if (arg == "--click" && (value = next())) {
            args.clicks.push_back(value);
        } else if (arg == "--screen" && (value = next())) {
            const ScreenInfo* screen = find_screen(value);
            if (screen == nullptr) return false;
            args.screen = screen->screen;
        } else if (arg == "--theme" && (value = next())) {
            if (std::strcmp(value, "dark") == 0) {
                args.theme = Theme::Dark;
            } else if (std::strcmp(value, "light") != 0) {
                return false;
            }
        } else if (arg == "--size" && (value = next())) {
            if (std::sscanf(value, "%dx%d", &args.width, &args.height) != 2) return false;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    if (!parse(argc, argv, args)) {
        usage();
        return 2;
    }

    DesktopPlatform platform;
    AppState state;
    state.platform = &platform;
    state.theme = args.theme;
    state.screen = args.screen;

    const fs::path db_path = args.db.empty() ? default_db() : fs::path(args.db);
    std::error_code ec;
    if (db_path.has_parent_path()) fs::create_directories(db_path.parent_path(), ec);
    std::unique_ptr<grove::Store> store;
    if (auto opened = grove::Store::open(db_path.string()); opened) {
        store = std::move(opened.value());
        attach_store(state, *store);
    } else {
        state.error_message = "Grove could not open " + db_path.string() + ": " + opened.error().message;
        std::fprintf(stderr, "grove-desktop: %s\n", state.error_message.c_str());
    }

    GlfwHost host;
    GlfwHost::Options options;
    options.title = "Grove";
    options.width = args.width;
    options.height = args.height;
    options.fonts_dir = find_fonts_dir(args.fonts_dir);
    platform.set_fonts_dir(options.fonts_dir);
    if (!host.open(state, options)) {
        std::fprintf(stderr, "grove-desktop: cannot open a window with OpenGL 3.2\n");
        return 1;
    }

    // Files dropped on the window: the upload that fits where they were dropped (the first file).
    static AppState* drop_state = &state;
    static GlfwHost* drop_host = &host;
    glfwSetDropCallback(host.window(), [](GLFWwindow*, int count, const char** paths) {
        if (count < 1) return;
        const fs::path path(paths[0]);
        std::error_code size_error;
        const auto size = fs::file_size(path, size_error);
        std::FILE* in = size_error ? nullptr : std::fopen(path.string().c_str(), "rb");
        if (in == nullptr) {
            drop_state->error_message = "Grove could not read " + path.string() + ".";
            drop_host->note_input();
            return;
        }
        OpenedFile file{path.filename().string(), std::vector<uint8_t>(static_cast<std::size_t>(size))};
        const std::size_t read = file.bytes.empty() ? 0 : std::fread(file.bytes.data(), 1, file.bytes.size(), in);
        std::fclose(in);
        file.bytes.resize(read);
        handle_dropped_file(*drop_state, std::move(file));
        drop_host->note_input();
    });

    int screenshot_frames = 0;
    std::size_t clicked = 0;
    while (!glfwWindowShouldClose(host.window())) {
        float scale_x = 1.0f;
        float scale_y = 1.0f;
        glfwGetWindowContentScale(host.window(), &scale_x, &scale_y);
        if (!args.screenshot.empty()) {
            // Draw a few frames so layout settles, click what --click names (a few frames apart), keep the
            // last frame, save it and quit.
            host.note_input();
            ++screenshot_frames;
            if (clicked < args.clicks.size() && screenshot_frames == 6 + 8 * static_cast<int>(clicked)) {
                const UiSnapshot::Item* item = last_ui_snapshot().find(args.clicks[clicked]);
                if (item == nullptr) {
                    std::fprintf(stderr, "grove-desktop: nothing labelled '%s' to click\n",
                                 args.clicks[clicked].c_str());
                    return 1;
                }
                host.input().mouse_moved((item->x + item->w * 0.5f) / scale_x, (item->y + item->h * 0.5f) / scale_y);
                host.input().mouse_button(0, true);
                host.input().mouse_button(0, false);
                ++clicked;
            }
            if (screenshot_frames == 8 + 8 * static_cast<int>(args.clicks.size())) host.capture_next_frame();
        }
        const bool more = host.tick(state, scale_x);
        if (!host.capture().rgba.empty()) {
            const auto& shot = host.capture();
            const bool ok = write_png(args.screenshot, shot.width, shot.height, shot.rgba);
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "saved" : "could not save", args.screenshot.c_str());
            return ok ? 0 : 1;
        }
        // Idle: sleep in the event queue until something happens (the timeout is only a safety net).
        if (more || host.frame_due(state)) {
            glfwPollEvents();
        } else {
            glfwWaitEventsTimeout(1.0);
        }
    }
    return 0;
}
