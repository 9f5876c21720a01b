// The one interface through which the shell reaches the machine: files in, files out, saving.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace grove::ui {

struct OpenedFile {
    std::string name;            // the file's name as the person picked it (no directories in a browser)
    std::vector<uint8_t> bytes;  // its whole content
};

enum class SaveState { Saved, Saving, NotSaved };

struct SaveStatus {
    SaveState state = SaveState::Saved;
    std::string reason;  // for NotSaved: a sentence for the person ("The browser refused to store data: ...")
    // Non-empty while this copy may not change the data, and why (browser: another tab is the one
    // that saves); the app shows it with a way to take over.
    std::string read_only;
    // Non-empty once, after opening: changes an earlier session made that never reached storage
    // (the tab closed while saving); the app shows it until the person dismisses it.
    std::string lost;
    // Whether take_over() can make this copy the one that saves.
    bool can_take_over = false;
};

// Implemented once per platform: shell/platform_desktop.cpp, web/platform_web.cpp, and a fake in
// tests/shell/. Clipboard is ImGui's own (io.SetClipboardTextFn), so it is not here.
class Platform {
public:
    virtual ~Platform() = default;

    // Asks the person for a file. `accept` lists extensions like ".json,.csv" (a hint, may be empty).
    // `on_opened` runs later, on the UI thread between frames, only if a file was chosen.
    virtual void open_file(const std::string& accept, std::function<void(OpenedFile)> on_opened) = 0;

    // Hands `bytes` to the person as a file called `file_name` (browser: a download; desktop: save as).
    virtual void offer_download(const std::string& file_name, std::vector<uint8_t> bytes,
                                const std::string& mime_type = "application/octet-stream") = 0;

    // A file handed over in pieces as it is written (a report of many megabytes written over frames), then
    // offered as one file by finish_download; cancel_download drops it. Here the pieces are gathered and
    // offered with offer_download; the browser keeps each piece in JavaScript as it comes, so the page never
    // holds the whole file twice.
    virtual int begin_download(const std::string& file_name, const std::string& mime_type) {
        const int id = next_download_++;
        downloads_in_pieces_[id] = {file_name, mime_type, {}};
        return id;
    }
    virtual void append_download(int id, const uint8_t* data, std::size_t size) {
        auto it = downloads_in_pieces_.find(id);
        if (it != downloads_in_pieces_.end()) it->second.bytes.insert(it->second.bytes.end(), data, data + size);
    }
    virtual void finish_download(int id) {
        auto it = downloads_in_pieces_.find(id);
        if (it == downloads_in_pieces_.end()) return;
        PiecesOfDownload whole = std::move(it->second);
        downloads_in_pieces_.erase(it);
        offer_download(whole.file_name, std::move(whole.bytes), whole.mime_type);
    }
    virtual void cancel_download(int id) { downloads_in_pieces_.erase(id); }

    // Called after every committed change: makes the database durable (browser: IndexedDB).
    virtual void request_save() = 0;
    virtual SaveStatus save_status() const = 0;
    // Makes this copy the one that saves (browser: the other tab becomes read-only; this page reloads
    // with the latest data). Only when save_status().can_take_over.
    virtual void take_over() {}
    // The person read save_status().lost.
    virtual void dismiss_lost() {}

    // Fetches the font file `file_name` (a name from shell/text/script_fonts.cpp, such as
    // "NotoSansArabic-Regular.ttf") that the text engine needs for a script the data or the person's
    // typing uses. `on_loaded` runs later on the UI thread between frames with the file's bytes, or
    // with an empty vector and a reason when the font cannot be had (the text keeps its fallback).
    // Desktop: read from the fonts folder's scripts/; browser: fetched next to the page and kept in
    // Cache Storage for offline use.
    virtual void fetch_font(const std::string& file_name,
                            std::function<void(std::vector<uint8_t> bytes, std::string error)> on_loaded) = 0;

    // Draws what the platform itself shows inside the app (the desktop's path prompt); once per frame.
    virtual void draw() {}

private:
    struct PiecesOfDownload {
        std::string file_name;
        std::string mime_type;
        std::vector<uint8_t> bytes;
    };
    int next_download_ = 1;
    std::map<int, PiecesOfDownload> downloads_in_pieces_;
};

// A font file's bytes, or empty with `error` set ("cannot read /path: No such file or directory").
// For the platforms that read fonts from a folder (desktop, tests).
std::vector<uint8_t> read_font_file(const std::string& path, std::string* error);

// Text for the top bar: "Saved", "Saving…", "Not saved".
const char* save_state_text(SaveState state);

}  // namespace grove::ui
