// The browser's platform over web/grove_lib.js: each method is one call into JavaScript.
#include "web/platform_web.h"

#include <cstdint>
#include <cstdio>
#include <emscripten/emscripten.h>
#include <new>
#include <string>

extern "C" {
// web/grove_lib.js
void grove_web_open_file(int id, const char* accept);
void grove_web_download(const char* name, const std::uint8_t* data, int size, const char* mime);
int grove_web_download_begin(const char* name, const char* mime);
void grove_web_download_append(int id, const std::uint8_t* data, int size);
void grove_web_download_finish(int id);
void grove_web_download_cancel(int id);
void grove_web_request_save();
int grove_web_save_status(char* reason, int size);
int grove_web_storage_text(int which, char* text, int size);
void grove_web_take_over();
void grove_web_dismiss_lost();
void grove_web_fetch_font(int id, const char* name);
}

namespace grove::ui {
namespace {

WebPlatform* g_platform = nullptr;  // the one instance, for the callbacks from JavaScript

}  // namespace

WebPlatform::WebPlatform() { g_platform = this; }

WebPlatform::~WebPlatform() {
    if (g_platform == this) g_platform = nullptr;
}

void WebPlatform::open_file(const std::string& accept, std::function<void(OpenedFile)> on_opened) {
    const int id = next_id_++;
    pending_[id] = std::move(on_opened);
    grove_web_open_file(id, accept.c_str());
}

void WebPlatform::offer_download(const std::string& file_name, std::vector<uint8_t> bytes,
                                 const std::string& mime_type) {
    grove_web_download(file_name.c_str(), bytes.data(), static_cast<int>(bytes.size()), mime_type.c_str());
}

int WebPlatform::begin_download(const std::string& file_name, const std::string& mime_type) {
    return grove_web_download_begin(file_name.c_str(), mime_type.c_str());
}

void WebPlatform::append_download(int id, const uint8_t* data, std::size_t size) {
    grove_web_download_append(id, data, static_cast<int>(size));
}

void WebPlatform::finish_download(int id) { grove_web_download_finish(id); }

void WebPlatform::cancel_download(int id) { grove_web_download_cancel(id); }

void WebPlatform::request_save() { grove_web_request_save(); }

SaveStatus WebPlatform::save_status() const {
    char reason[512];
    const int state = grove_web_save_status(reason, sizeof reason);
    SaveStatus status;
    status.state = state == 1 ? SaveState::Saving : state == 2 ? SaveState::NotSaved : SaveState::Saved;
    status.reason = reason;
    char text[1024];
    status.can_take_over = grove_web_storage_text(0, text, sizeof text) != 0;
    status.read_only = text;
    grove_web_storage_text(1, text, sizeof text);
    status.lost = text;
    return status;
}

void WebPlatform::take_over() { grove_web_take_over(); }

void WebPlatform::dismiss_lost() { grove_web_dismiss_lost(); }

void WebPlatform::file_opened(int id, OpenedFile file) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    auto callback = std::move(it->second);
    pending_.erase(it);
    if (callback) callback(std::move(file));
    if (on_async_event) on_async_event();
}

void WebPlatform::file_cancelled(int id) { pending_.erase(id); }

namespace {

std::string too_large_for_the_browser(const std::string& name, double bytes) {
    char size[32];
    if (bytes >= 1024.0 * 1024.0)
        std::snprintf(size, sizeof size, "%.1f MB", bytes / (1024.0 * 1024.0));
    else
        std::snprintf(size, sizeof size, "%.0f KB", bytes < 1024.0 ? 1.0 : bytes / 1024.0);
    return name + " (" + size +
           ") is too large for the browser: the tab's memory cannot hold it. Nothing was changed; the grove "
           "command line reads files of any size the computer's memory can hold.";
}

}  // namespace

void WebPlatform::file_refused(int id, const std::string& name, double bytes) {
    if (id > 0) pending_.erase(id);
    if (on_file_refused) on_file_refused(too_large_for_the_browser(name, bytes));
    if (on_async_event) on_async_event();
}

void WebPlatform::fetch_font(const std::string& file_name,
                             std::function<void(std::vector<uint8_t> bytes, std::string error)> on_loaded) {
    const int id = next_id_++;
    pending_fonts_[id] = std::move(on_loaded);
    grove_web_fetch_font(id, file_name.c_str());
}

void WebPlatform::font_loaded(int id, std::vector<uint8_t> bytes, std::string error) {
    auto it = pending_fonts_.find(id);
    if (it == pending_fonts_.end()) return;
    auto callback = std::move(it->second);
    pending_fonts_.erase(it);
    if (callback) callback(std::move(bytes), std::move(error));
    if (on_async_event) on_async_event();
}

}  // namespace grove::ui

extern "C" {

EMSCRIPTEN_KEEPALIVE void grove_web_file_opened(int id, const char* name, const std::uint8_t* data, int size) {
    if (grove::ui::g_platform == nullptr) return;
    grove::ui::OpenedFile file;
    try {
        file = {name, std::vector<uint8_t>(data, data + size)};
    } catch (const std::bad_alloc&) {
        grove::ui::g_platform->file_refused(id, name, size);
        return;
    }
    grove::ui::g_platform->file_opened(id, std::move(file));
}

// A picked (id > 0) or dropped (id 0) file the page could not copy into the tab's memory.
EMSCRIPTEN_KEEPALIVE void grove_web_file_refused(int id, const char* name, double bytes) {
    if (grove::ui::g_platform != nullptr) grove::ui::g_platform->file_refused(id, name, bytes);
}

EMSCRIPTEN_KEEPALIVE void grove_web_file_cancelled(int id) {
    if (grove::ui::g_platform != nullptr) grove::ui::g_platform->file_cancelled(id);
}

// A font fetched for fetch_font: its bytes, or (data null, size 0) a sentence saying why not.
EMSCRIPTEN_KEEPALIVE void grove_web_font_loaded(int id, const std::uint8_t* data, int size, const char* error) {
    if (grove::ui::g_platform == nullptr) return;
    std::vector<uint8_t> bytes;
    if (data != nullptr && size > 0) bytes.assign(data, data + size);
    grove::ui::g_platform->font_loaded(id, std::move(bytes), error != nullptr ? error : "");
}
}
