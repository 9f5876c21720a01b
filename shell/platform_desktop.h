// The desktop's platform: files by path (typed into an in-app prompt), saving is SQLite's own commit.
#pragma once

#include <deque>
#include <string>

#include "shell/platform.h"

namespace grove::ui {

class DesktopPlatform final : public Platform {
public:
    // `start_dir`: where the path prompts start (the working directory by default).
    explicit DesktopPlatform(std::string start_dir = {});

    void open_file(const std::string& accept, std::function<void(OpenedFile)> on_opened) override;
    void offer_download(const std::string& file_name, std::vector<uint8_t> bytes,
                        const std::string& mime_type) override;
    // The database is a file on disk and a commit is durable when it returns: always Saved.
    void request_save() override {}
    SaveStatus save_status() const override { return {}; }
    // Stand-in so grove-desktop compiles on the wt-web branch (main's DesktopPlatform replaces it).
    void fetch_font(const std::string& file_name,
                    std::function<void(std::vector<uint8_t> bytes, std::string error)> on_loaded) override {
        if (on_loaded) on_loaded({}, "The font " + file_name + " is not available in this build.");
    }
    void draw() override;

private:
    struct Prompt {
        bool opening = true;  // true: open a file; false: save `bytes` to a file
        std::string accept;
        std::function<void(OpenedFile)> on_opened;
        std::vector<uint8_t> bytes;
        std::string path;
        std::string error;
        bool focus = true;          // focus the path field on the first frame...
        bool cursor_to_end = true;  // ...with the caret after the folder, ready for a file name
    };
    bool finish(Prompt& prompt);  // true when done; sets prompt.error otherwise

    std::string start_dir_;
    std::deque<Prompt> prompts_;
};

}  // namespace grove::ui
