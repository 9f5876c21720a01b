// The browser's platform: file picker, downloads, saving to IndexedDB (web/grove_storage.js), and fonts fetched on
// demand (web/grove_lib.js).
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
    int begin_download(const std::string& file_name, const std::string& mime_type) override;
    void append_download(int id, const uint8_t* data, std::size_t size) override;
    void finish_download(int id) override;
    void cancel_download(int id) override;
    void request_save() override;
    SaveStatus save_status() const override;
    void take_over() override;
    void dismiss_lost() override;
    void fetch_font(const std::string& file_name,
                    std::function<void(std::vector<uint8_t> bytes, std::string error)> on_loaded) override;

    // Run when something arrived from the page between frames (a picked file): the host redraws.
    std::function<void()> on_async_event;

    // Run when a picked or dropped file could not be handed to the app whole (larger than the tab's memory can
    // take): the app shows the sentence, and nothing else happens.
    std::function<void(std::string)> on_file_refused;

    // From JavaScript, when the picker returned (see grove_web_file_opened in platform_web.cpp).
    void file_opened(int id, OpenedFile file);
    void file_refused(int id, const std::string& name, double bytes);
    void file_cancelled(int id);
    // From JavaScript, when a font arrived (bytes) or could not be had (an empty vector and why).
    void font_loaded(int id, std::vector<uint8_t> bytes, std::string error);

private:
    int next_id_ = 1;
    std::map<int, std::function<void(OpenedFile)>> pending_;
    std::map<int, std::function<void(std::vector<uint8_t>, std::string)>> pending_fonts_;
};

}  // namespace grove::ui
