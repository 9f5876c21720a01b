// The browser app: the same shell as grove-desktop, on Emscripten's GLFW and WebGL 2, frames on demand.
#include <cstdint>
#include <cstdlib>
#include <emscripten/emscripten.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/storage/block_vfs.h"
#include "core/storage/store.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/a11y_actions.h"
#include "shell/app.h"
#include "shell/drop.h"
#include "shell/glfw_host.h"
#include "shell/store_link.h"
#include "shell/ui_snapshot.h"
#include "web/platform_web.h"

extern "C" {
// web/grove_lib.js
void grove_web_canvas_pixel_size(int* width, int* height);
void grove_web_start();
void grove_web_schedule_frame();
void grove_web_set_ready();
void grove_web_fail(const char* message);
void grove_web_set_cursor(const char* css_cursor);
void grove_web_clipboard_set(const char* text);
char* grove_web_clipboard_get();
void grove_web_listen_for_drops();
void grove_web_text_input(int want, float x, float y, float height);
void grove_web_open_data();
void grove_web_store_blocks(const std::uint32_t* indices, const std::uint8_t* const* data, const std::uint32_t* lengths,
                            int count, double file_size);
void grove_web_describe_change(const char* summary);
}

namespace {
using namespace grove::ui;

// The database lives in memory in the block VFS; web/grove_storage.js loads its blocks from IndexedDB
// before the store opens and stores the blocks each commit changed (core/storage/block_vfs.h).
constexpr const char* kVfsName = "grove-indexeddb";
constexpr const char* kDatabasePath = "grove.db";

// Lives for the page's lifetime: main() returns and frames continue from requestAnimationFrame.
struct WebApp {
    grove::BlockVfs vfs{kVfsName};
    WebPlatform platform;
    AppState state;
    std::unique_ptr<grove::Store> store;
    GlfwHost host;
    ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
    std::string snapshot_json;
    std::string a11y_json;                                // the semantics last handed to the mirror (web/grove_a11y.js)
    std::map<std::string, nlohmann::json> fetched_fonts;  // grove_web_test_fetch_font's answers
    std::string fetched_font_json;
};
WebApp* g_app = nullptr;

const char* css_cursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
        case ImGuiMouseCursor_None: return "none";
        case ImGuiMouseCursor_TextInput: return "text";
        case ImGuiMouseCursor_ResizeAll: return "move";
        case ImGuiMouseCursor_ResizeNS: return "ns-resize";
        case ImGuiMouseCursor_ResizeEW: return "ew-resize";
        case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
        case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
        case ImGuiMouseCursor_Hand: return "pointer";
        case ImGuiMouseCursor_NotAllowed: return "not-allowed";
        default: return "default";
    }
}

// Blocks of the database to grove_storage.js, which copies them out at once and writes them soon.
void hand_to_page(const grove::BlockFile& file, const std::vector<std::uint32_t>& blocks) {
    std::vector<const std::uint8_t*> data;
    std::vector<std::uint32_t> lengths;
    data.reserve(blocks.size());
    lengths.reserve(blocks.size());
    for (const std::uint32_t index : blocks) {
        data.push_back(file.block(index));
        lengths.push_back(static_cast<std::uint32_t>(file.block_length(index)));
    }
    grove_web_store_blocks(blocks.data(), data.data(), lengths.data(), static_cast<int>(blocks.size()),
                           static_cast<double>(file.size()));
}

// The summary of the audit entry the last commit wrote, or "" when it wrote none (a local setting).
std::string latest_audit_summary(grove::Store& store) {
    static std::int64_t last_told = -1;
    try {
        auto latest = store.db().prepare("SELECT id, summary FROM audit ORDER BY id DESC LIMIT 1");
        if (!latest->step()) return {};
        const std::int64_t id = latest->col_int(0);
        std::string summary = latest->col_text(1);
        latest->reset();
        if (id == last_told) return {};
        last_told = id;
        return summary;
    } catch (const grove::DbError&) {
        return {};
    }
}

}  // namespace

extern "C" {

// One animation frame; returns 1 while more frames are due without new input.
EMSCRIPTEN_KEEPALIVE int grove_web_tick() {
    WebApp& app = *g_app;
    const int drawn_before = app.host.frames_drawn();
    const bool more = app.host.tick(app.state, static_cast<float>(emscripten_get_device_pixel_ratio()));
    if (app.host.frames_drawn() != drawn_before) {
        const ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
        if (cursor != app.cursor) {
            app.cursor = cursor;
            grove_web_set_cursor(css_cursor(cursor));
        }
        // The page's hidden text field follows ImGui's: focused at the caret while a text field is
        // active (so input methods place their window there), blurred when none is.
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        const bool wants_text = g.WantTextInputNextFrame == 1;  // this frame's; io.WantTextInput lags one
        grove_web_text_input(wants_text ? 1 : 0, g.PlatformImeData.InputPos.x, g.PlatformImeData.InputPos.y,
                             g.FontSize);
        // The first frames lay windows out; from the second on, what tests read is what is shown (once the
        // data is open: before, the window only says it is opening).
        if (app.host.frames_drawn() >= 2 && !last_ui_snapshot().items.empty() && app.state.opening.empty()) {
            grove_web_set_ready();
        }
    }
    return more ? 1 : 0;
}

// The pointer and the wheel (web/grove_lib.js listens to them, in canvas pixels): into the input
// queue, which replays them over as many frames as ImGui needs to see each one.
EMSCRIPTEN_KEEPALIVE void grove_web_pointer_move(float x, float y) {
    g_app->host.input().mouse_moved(x, y);
    g_app->host.note_input();
}

EMSCRIPTEN_KEEPALIVE void grove_web_pointer_left() {
    g_app->host.input().mouse_left();
    g_app->host.note_input();
}

// `button` counts as ImGui does (left, right, middle), as the bits of PointerEvent.buttons do.
EMSCRIPTEN_KEEPALIVE void grove_web_pointer_button(int button, int down) {
    g_app->host.input().mouse_button(button, down != 0);
    g_app->host.note_input();
}

EMSCRIPTEN_KEEPALIVE void grove_web_wheel(double delta_x, double delta_y, int delta_mode) {
    const ImVec2 notches = wheel_notches(delta_x, delta_y, static_cast<WheelMode>(delta_mode));
    g_app->host.input().wheel(notches.x, notches.y);
    g_app->host.note_input();
}

// Text from the page's hidden text field (typed, committed by an input method) or a keypress, UTF-8.
EMSCRIPTEN_KEEPALIVE void grove_web_text(const char* utf8) {
    g_app->host.input().text(utf8);
    g_app->host.note_input();
}

// The last frame's items, texts and where each text sits as JSON, in canvas pixels (grove_lib.js converts to CSS
// pixels).
EMSCRIPTEN_KEEPALIVE const char* grove_web_ui_snapshot_json() {
    const UiSnapshot& snapshot = last_ui_snapshot();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : snapshot.items) {
        nlohmann::json one = {{"label", item.label}, {"x", item.x}, {"y", item.y}, {"w", item.w}, {"h", item.h}};
        if (item.value >= 0.0f) one["value"] = item.value;  // a progress bar's fraction done
        items.push_back(std::move(one));
    }
    nlohmann::json boxes = nlohmann::json::array();
    for (const auto& box : snapshot.text_boxes) boxes.push_back({box.x, box.y, box.w, box.h});
    // The widget with ImGui's keyboard focus, under its last (most particular) name; '' when none.
    std::string focus_label;
    for (const auto& item : snapshot.items)
        if (snapshot.focus_id != 0 && item.id == snapshot.focus_id) focus_label = item.label;
    const nlohmann::json out = {{"items", std::move(items)},
                                {"focusLabel", std::move(focus_label)},
                                {"texts", snapshot.texts},
                                {"boxes", std::move(boxes)},
                                {"missingGlyphs", snapshot.missing_glyphs}};
    g_app->snapshot_json = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return g_app->snapshot_json.c_str();
}

// ---- The screen-reader mirror (web/grove_a11y.js). ----

// The last frame's semantics as JSON (canvas pixels), or null when they are what the last call returned.
EMSCRIPTEN_KEEPALIVE const char* grove_web_a11y_changes() {
    // A tick that drew nothing changed nothing.
    static int frames_seen = -1;
    if (g_app->host.frames_drawn() == frames_seen) return nullptr;
    frames_seen = g_app->host.frames_drawn();
    const UiSnapshot& snapshot = last_ui_snapshot();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : snapshot.items) {
        nlohmann::json one = {{"id", item.id},       {"role", role_name(item.role)},
                              {"label", item.label}, {"parent", item.parent},
                              {"x", item.x},         {"y", item.y},
                              {"w", item.w},         {"h", item.h}};
        if (!item.text.empty()) one["text"] = item.text;
        if (item.checked >= 0) one["checked"] = item.checked;
        if (item.expanded >= 0) one["expanded"] = item.expanded;
        if (item.value >= 0.0f) one["value"] = item.value;
        if (item.column >= 0) one["column"] = item.column;
        items.push_back(std::move(one));
    }
    nlohmann::json containers = nlohmann::json::array();
    for (const auto& c : snapshot.containers) {
        nlohmann::json one = {{"id", c.id},
                              {"role", role_name(c.role)},
                              {"label", c.label},
                              {"text", c.text},
                              {"parent", c.parent},
                              {"first", c.first_item},
                              {"x", c.x},
                              {"y", c.y},
                              {"w", c.w},
                              {"h", c.h},
                              {"level", c.level},
                              {"expanded", c.expanded},
                              {"selected", c.selected},
                              {"rowIndex", c.row_index},
                              {"rowCount", c.row_count},
                              {"modal", c.modal}};
        if (!c.columns.empty()) one["columns"] = c.columns;  // a grid's column headers
        if (!c.cells.empty()) {                              // a row: each column's text
            one["cells"] = c.cells;
            one["cellColumns"] = c.cell_columns;
        }
        containers.push_back(std::move(one));
    }
    const nlohmann::json out = {{"items", std::move(items)},
                                {"containers", std::move(containers)},
                                {"focus", snapshot.focus_id},
                                {"text", snapshot.text_id}};
    std::string json = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (json == g_app->a11y_json) return nullptr;
    g_app->a11y_json = std::move(json);
    return g_app->a11y_json.c_str();
}

// A mirrored element got the DOM focus: ImGui's focus goes to its widget.
EMSCRIPTEN_KEEPALIVE void grove_web_a11y_focus(std::uint32_t id) {
    grove::ui::a11y::request_focus(id);
    g_app->host.note_input();
}

// A mirrored element was clicked (or Enter, Space): a click at its widget's middle, through the input queue, as a
// pointer would; then the pointer leaves, so nothing stays hovered.
EMSCRIPTEN_KEEPALIVE void grove_web_a11y_activate(std::uint32_t id) {
    for (const auto& item : last_ui_snapshot().items) {
        if (item.id != id) continue;
        InputQueue& input = g_app->host.input();
        input.mouse_moved(item.x + item.w * 0.5f, item.y + item.h * 0.5f);
        input.mouse_button(0, true);
        input.mouse_button(0, false);
        input.mouse_left();
        g_app->host.note_input();
        return;
    }
}

// A mirrored text field now holds `utf8`: ImGui's field takes it.
EMSCRIPTEN_KEEPALIVE void grove_web_a11y_set_text(std::uint32_t id, const char* utf8) {
    grove::ui::a11y::request_text(id, utf8 != nullptr ? utf8 : "");
    g_app->host.note_input();
}

// Enter in a mirrored one-line field: what Enter ending that field's editing does in ImGui (a dialog's main button).
EMSCRIPTEN_KEEPALIVE void grove_web_a11y_enter(std::uint32_t id) {
    grove::ui::a11y::request_enter(id);
    g_app->host.note_input();
}

// For tests (e2e.long_work): checking an upload and writing the report go one step a frame, as on the slowest
// machine, so a test sees their progress bar rise over several frames however fast this machine is.
EMSCRIPTEN_KEEPALIVE void grove_web_test_long_work_steps() {
    g_app->state.views.exchange.upload.check_budget_ms = 0.0;
    g_app->state.views.exchange.report_budget_ms = 0.0;
}

// For tests (window.groveUi.fetchFont): asks Platform::fetch_font for `name`; its answer is kept by
// name for grove_web_fetched_font_json.
EMSCRIPTEN_KEEPALIVE void grove_web_test_fetch_font(const char* name) {
    const std::string file = name;
    g_app->fetched_fonts.erase(file);
    g_app->platform.fetch_font(file, [file](std::vector<std::uint8_t> bytes, std::string error) {
        g_app->fetched_fonts[file] = {{"size", bytes.size()}, {"error", std::move(error)}};
    });
}

// {"size": bytes, "error": sentence} once fetch_font answered for `name`, else null.
EMSCRIPTEN_KEEPALIVE const char* grove_web_fetched_font_json(const char* name) {
    const auto it = g_app->fetched_fonts.find(name);
    g_app->fetched_font_json = it == g_app->fetched_fonts.end() ? "null" : it->second.dump();
    return g_app->fetched_font_json.c_str();
}

// Loading (grove_storage.js reads IndexedDB after main): memory for a database of `size` in one piece,
// then where stored block `index` goes.
EMSCRIPTEN_KEEPALIVE void grove_web_prepare_load(double size) {
    g_app->vfs.file().prepare_load(static_cast<std::uint64_t>(size));
}

EMSCRIPTEN_KEEPALIVE std::uint8_t* grove_web_run_target(int first, int count) {
    return g_app->vfs.file().load_run(static_cast<std::size_t>(first), static_cast<std::size_t>(count));
}

EMSCRIPTEN_KEEPALIVE std::uint8_t* grove_web_block_target(int index) {
    return g_app->vfs.file().load_target(static_cast<std::size_t>(index));
}

EMSCRIPTEN_KEEPALIVE void grove_web_open_progress(double done, double total) {
    const int percent = total > 0 ? static_cast<int>(done * 100.0 / total) : 0;
    g_app->state.opening = "Opening your data\xe2\x80\xa6 " + std::to_string(percent) + "%";
    g_app->host.note_input();
}

// Every stored block is in place: the database opens. `read_only` (another tab saves): changes stay in
// this tab's memory and every command is refused with `reason`.
EMSCRIPTEN_KEEPALIVE void grove_web_data_loaded(double file_size, int read_only, const char* reason) {
    WebApp& app = *g_app;
    app.vfs.file().finish_load(static_cast<std::uint64_t>(file_size));
    app.vfs.set_keep_changes_to_itself(read_only != 0);
    grove::StoreOptions options;
    options.vfs = kVfsName;
    if (auto opened = grove::Store::open(kDatabasePath, options); opened) {
        app.store = std::move(opened.value());
        if (read_only != 0) app.store->set_read_only(reason);
        attach_store(app.state, *app.store);
        // What each commit did, for the notice of changes a closed tab never stored.
        grove::Store* store = app.store.get();
        app.store->on_change([store](std::uint32_t) {
            const std::string summary = latest_audit_summary(*store);
            if (!summary.empty()) grove_web_describe_change(summary.c_str());
        });
    } else {
        app.state.error_message = "Grove could not open its database: " + opened.error().message;
    }
    app.state.opening.clear();
    app.host.note_input();
}

// Another tab took over (or this one gave way): from now on nothing here changes.
EMSCRIPTEN_KEEPALIVE void grove_web_set_read_only(const char* reason) {
    WebApp& app = *g_app;
    app.vfs.set_keep_changes_to_itself(true);
    if (app.store) app.store->set_read_only(reason);
    app.host.note_input();
}

// Every block of the database to IndexedDB with the next write (the stored copy was lost: the browser
// closed the database, as when the site's data is cleared).
EMSCRIPTEN_KEEPALIVE void grove_web_store_everything() {
    const grove::BlockFile& file = g_app->vfs.file();
    const std::size_t count = (file.size() + grove::BlockFile::kBlockSize - 1) / grove::BlockFile::kBlockSize;
    std::vector<std::uint32_t> all(count);
    for (std::size_t index = 0; index < count; ++index) all[index] = static_cast<std::uint32_t>(index);
    hand_to_page(file, all);
}

// Whether a transaction still open has written pages into memory (grove_storage.js rewrites segments from
// memory only when it has not).
EMSCRIPTEN_KEEPALIVE int grove_web_uncommitted() { return g_app->vfs.file().has_changes() ? 1 : 0; }

// Rewriting a segment from memory (grove_storage.js's compaction): the database's size, and block
// `index`'s bytes (null for a block never written: zeros).
EMSCRIPTEN_KEEPALIVE double grove_web_file_size() { return static_cast<double>(g_app->vfs.file().size()); }

EMSCRIPTEN_KEEPALIVE const std::uint8_t* grove_web_block_data(int index) {
    return g_app->vfs.file().block(static_cast<std::size_t>(index));
}

// For tests (window.groveUi.check): PRAGMA integrity_check's answer and the groups' names, as JSON.
EMSCRIPTEN_KEEPALIVE const char* grove_web_test_check() {
    static std::string out;
    nlohmann::json answer = {{"integrity", ""}, {"groups", nlohmann::json::array()}};
    if (g_app->store) {
        try {
            grove::Db& db = g_app->store->db();
            auto check = db.prepare_once("PRAGMA integrity_check");
            std::string integrity;
            while (check->step()) integrity += (integrity.empty() ? "" : "; ") + check->col_text(0);
            answer["integrity"] = integrity;
            auto names = db.prepare_once("SELECT name FROM groups ORDER BY id");
            while (names->step()) answer["groups"].push_back(names->col_text(0));
        } catch (const grove::DbError& e) {
            answer["integrity"] = e.what();
        }
    }
    out = answer.dump();
    return out.c_str();
}

// A file dropped on the page (grove_lib.js reads it): the upload that fits where it was dropped.
EMSCRIPTEN_KEEPALIVE void grove_web_file_dropped(const char* name, const std::uint8_t* data, int size) {
    if (g_app == nullptr) return;
    OpenedFile file;
    try {
        file = {name, std::vector<std::uint8_t>(data, data + size)};
    } catch (const std::bad_alloc&) {
        g_app->platform.file_refused(0, name, size);
        return;
    }
    handle_dropped_file(g_app->state, std::move(file));
    g_app->host.note_input();
}

}  // extern "C"

int main() {
    g_app = new WebApp();
    WebApp& app = *g_app;
    app.state.platform = &app.platform;
    app.platform.on_async_event = [] { g_app->host.note_input(); };
    app.platform.on_file_refused = [](std::string message) { g_app->state.error_message = std::move(message); };

    // Each commit's changed blocks go to IndexedDB (grove_lib.js copies them out at once).
    app.vfs.set_sink(hand_to_page);
    app.state.opening = "Opening your data\xe2\x80\xa6";

    GlfwHost::Options options;
    options.title = "Grove";
    grove_web_canvas_pixel_size(&options.width, &options.height);
    options.fonts_dir = "/fonts";  // packaged into grove.data by --preload-file
    options.wake = grove_web_schedule_frame;
    if (!app.host.open(app.state, options)) {
        grove_web_fail("Grove needs WebGL 2, which this browser did not provide.");
        return 1;
    }
    // Emscripten's GLFW keeps its clipboard inside the page; reach the system's instead.
    ImGuiIO& io = ImGui::GetIO();
    io.SetClipboardTextFn = [](void*, const char* text) { grove_web_clipboard_set(text); };
    io.GetClipboardTextFn = [](void*) -> const char* {
        static std::string pasted;
        char* text = grove_web_clipboard_get();
        pasted = text ? text : "";
        std::free(text);
        return pasted.c_str();
    };
    grove_web_listen_for_drops();
    grove_web_start();
    grove_web_open_data();  // answers with grove_web_data_loaded
    return 0;
}
