// The browser's platform: file picker, downloads, and saving /data to IndexedDB (web/grove_lib.js).
#pragma once

#include <map>

#include "shell/platform.h"

namespace grove::ui {

class WebPlatform final : public Platform {
public:
    WebPlatform();
    ~WebPlatform() override;

    void open_file(const std::string& accept, std::function<void(OpenedFile)> on_opened) override;
    void offer_download(const std::string& file_name, std::vector<uint8_t> bytes,
                        const std::string& mime_type) override;
    void request_save() override;
    SaveStatus save_status() const override;

    // Run when something arrived from the page between frames (a picked file): the host redraws.
    std::function<void()> on_async_event;

    // From JavaScript, when the picker returned (see grove_web_file_opened in platform_web.cpp).
    void file_opened(int id, OpenedFile file);
    void file_cancelled(int id);

private:
    int next_id_ = 1;
    std::map<int, std::function<void(OpenedFile)>> pending_;
};

}  // namespace grove::ui
