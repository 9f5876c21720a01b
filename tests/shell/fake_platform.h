// A Platform for UI tests: files to open are queued by the test, downloads are kept, saving is scripted.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <utility>
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
    // Script fonts come from the build's fonts folder, as on the desktop; a test can hold them back
    // (to see text wait for its font) and release them later.
    void fetch_font(const std::string& file_name,
                    std::function<void(std::vector<uint8_t>, std::string)> on_loaded) override {
        fetched_fonts_.push_back(file_name);
        if (hold_fonts_) {
            held_fonts_.push_back({file_name, std::move(on_loaded)});
            return;
        }
        std::string error;
        std::vector<uint8_t> bytes =
            read_font_file(std::string(GROVE_TEST_FONTS_DIR) + "/scripts/" + file_name, &error);
        on_loaded(std::move(bytes), std::move(error));
    }
    void hold_fonts(bool hold) { hold_fonts_ = hold; }
    // Delivers the fonts held back so far; returns how many.
    int release_fonts() {
        auto held = std::move(held_fonts_);
        held_fonts_.clear();
        for (auto& [name, done] : held) {
            std::string error;
            std::vector<uint8_t> bytes = read_font_file(std::string(GROVE_TEST_FONTS_DIR) + "/scripts/" + name, &error);
            done(std::move(bytes), std::move(error));
        }
        return static_cast<int>(held.size());
    }
    const std::vector<std::string>& fetched_fonts() const { return fetched_fonts_; }
    SaveStatus save_status() const override { return status_; }
    void take_over() override {
        ++take_overs_;
        status_.read_only.clear();
        status_.can_take_over = false;
    }
    void dismiss_lost() override { status_.lost.clear(); }
    int take_overs() const { return take_overs_; }

private:
    int take_overs_ = 0;
    std::deque<OpenedFile> files_;
    std::vector<Download> downloads_;
    int save_requests_ = 0;
    SaveStatus status_;
    bool hold_fonts_ = false;
    std::vector<std::pair<std::string, std::function<void(std::vector<uint8_t>, std::string)>>> held_fonts_;
    std::vector<std::string> fetched_fonts_;
};

}  // namespace grove::ui::testing
