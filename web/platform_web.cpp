// The browser's platform over web/grove_lib.js: each method is one call into JavaScript.
#include "web/platform_web.h"

#include <cstdint>
#include <emscripten/emscripten.h>

extern "C" {
// web/grove_lib.js
void grove_web_open_file(int id, const char* accept);
void grove_web_download(const char* name, const std::uint8_t* data, int size, const char* mime);
void grove_web_request_save();
int grove_web_save_status(char* reason, int size);
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

void WebPlatform::request_save() { grove_web_request_save(); }

SaveStatus WebPlatform::save_status() const {
    char reason[512];
    const int state = grove_web_save_status(reason, sizeof reason);
    SaveStatus status;
    status.state = state == 1 ? SaveState::Saving : state == 2 ? SaveState::NotSaved : SaveState::Saved;
    status.reason = reason;
    return status;
}

void WebPlatform::file_opened(int id, OpenedFile file) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    auto callback = std::move(it->second);
    pending_.erase(it);
    if (callback) callback(std::move(file));
    if (on_async_event) on_async_event();
}

void WebPlatform::file_cancelled(int id) { pending_.erase(id); }

}  // namespace grove::ui

extern "C" {

EMSCRIPTEN_KEEPALIVE void grove_web_file_opened(int id, const char* name, const std::uint8_t* data, int size) {
    if (grove::ui::g_platform == nullptr) return;
    grove::ui::OpenedFile file{name, std::vector<uint8_t>(data, data + size)};
    grove::ui::g_platform->file_opened(id, std::move(file));
}

EMSCRIPTEN_KEEPALIVE void grove_web_file_cancelled(int id) {
    if (grove::ui::g_platform != nullptr) grove::ui::g_platform->file_cancelled(id);
}
}
