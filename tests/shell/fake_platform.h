// A Platform for UI tests: files to open are queued by the test, downloads are kept, saving is scripted.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "shell/platform.h"

namespace grove::ui::testing {

class FakePlatform final : public Platform {
public:
    struct Download {
        std::string file_name;
        std::vector<uint8_t> bytes;
        std::string mime_type;
    };

    // The file the next open_file() "picks"; without one, open_file() is like a cancelled picker.
    void queue_file(std::string name, std::string content) {
        files_.push_back({std::move(name), std::vector<uint8_t>(content.begin(), content.end())});
    }
    const std::vector<Download>& downloads() const { return downloads_; }
    int save_requests() const { return save_requests_; }
    void set_save_status(SaveStatus status) { status_ = std::move(status); }

    void open_file(const std::string&, std::function<void(OpenedFile)> on_opened) override {
        if (files_.empty() || !on_opened) return;
        OpenedFile file = std::move(files_.front());
        files_.pop_front();
        on_opened(std::move(file));
    }
    void offer_download(const std::string& file_name, std::vector<uint8_t> bytes,
                        const std::string& mime_type) override {
        downloads_.push_back({file_name, std::move(bytes), mime_type});
    }
    void request_save() override { ++save_requests_; }
    SaveStatus save_status() const override { return status_; }
    // Stand-in so the tests compile on the wt-web branch (main's FakePlatform replaces it): no fonts.
    void fetch_font(const std::string& file_name,
                    std::function<void(std::vector<uint8_t> bytes, std::string error)> on_loaded) override {
        if (on_loaded) on_loaded({}, "The font " + file_name + " is not available in this test.");
    }

private:
    std::deque<OpenedFile> files_;
    std::vector<Download> downloads_;
    int save_requests_ = 0;
    SaveStatus status_;
};

}  // namespace grove::ui::testing
