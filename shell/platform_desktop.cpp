// The desktop's platform: an in-app prompt for paths (no dialog toolkit needed), plain file I/O.
#include "shell/platform_desktop.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "imgui.h"
#include "imgui_stdlib.h"

namespace grove::ui {
namespace fs = std::filesystem;

DesktopPlatform::DesktopPlatform(std::string start_dir) : start_dir_(std::move(start_dir)) {
    if (start_dir_.empty()) {
        std::error_code ec;
        start_dir_ = fs::current_path(ec).string();
    }
}

void DesktopPlatform::open_file(const std::string& accept, std::function<void(OpenedFile)> on_opened) {
    Prompt prompt;
    prompt.opening = true;
    prompt.accept = accept;
    prompt.on_opened = std::move(on_opened);
    prompt.path = (fs::path(start_dir_) / "").string();
    prompts_.push_back(std::move(prompt));
}

void DesktopPlatform::fetch_font(const std::string& file_name,
                                 std::function<void(std::vector<uint8_t>, std::string)> on_loaded) {
    std::string error;
    std::vector<uint8_t> bytes = read_font_file(fonts_dir_ + "/scripts/" + file_name, &error);
    on_loaded(std::move(bytes), std::move(error));
}

void DesktopPlatform::offer_download(const std::string& file_name, std::vector<uint8_t> bytes, const std::string&) {
    Prompt prompt;
    prompt.opening = false;
    prompt.bytes = std::move(bytes);
    prompt.path = (fs::path(start_dir_) / file_name).string();
    prompts_.push_back(std::move(prompt));
}

bool DesktopPlatform::finish(Prompt& prompt) {
    const fs::path path(prompt.path);
    if (prompt.opening) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            prompt.error = "Cannot open " + prompt.path + ".";
            return false;
        }
        OpenedFile file{path.filename().string(), {std::istreambuf_iterator<char>(in), {}}};
        if (in.bad()) {
            prompt.error = "Cannot read " + prompt.path + ".";
            return false;
        }
        start_dir_ = path.parent_path().string();
        if (prompt.on_opened) prompt.on_opened(std::move(file));
        return true;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(prompt.bytes.data()), static_cast<std::streamsize>(prompt.bytes.size()));
    out.close();
    if (!out) {
        prompt.error = "Cannot write " + prompt.path + ".";
        return false;
    }
    start_dir_ = path.parent_path().string();
    return true;
}

void DesktopPlatform::draw() {
    if (prompts_.empty()) return;
    Prompt& prompt = prompts_.front();
    const char* title = prompt.opening ? "Open a file###grove-path-prompt" : "Save a copy###grove-path-prompt";
    if (!ImGui::IsPopupOpen("###grove-path-prompt")) ImGui::OpenPopup("###grove-path-prompt");

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.5f, 0.0f), ImGuiCond_Appearing);
    bool done = false;
    if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted(prompt.opening ? "Type the path of the file to open." : "Type the path to save to.");
        if (!prompt.accept.empty()) ImGui::TextDisabled("Expected: %s", prompt.accept.c_str());
        if (prompt.focus) {
            ImGui::SetKeyboardFocusHere();
            prompt.focus = false;
        }
        ImGui::SetNextItemWidth(-(ImGui::CalcTextSize("Path").x + ImGui::GetStyle().ItemInnerSpacing.x));
        ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
        if (prompt.cursor_to_end) flags |= ImGuiInputTextFlags_CallbackAlways;
        const bool entered = ImGui::InputText(
            "Path", &prompt.path, flags,
            [](ImGuiInputTextCallbackData* data) {
                // Focusing by code selects everything; keep the folder and put the caret after it.
                auto* prompt = static_cast<Prompt*>(data->UserData);
                data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
                prompt->cursor_to_end = false;
                return 0;
            },
            &prompt);
        if (!prompt.error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.18f, 0.13f, 1.0f), "%s", prompt.error.c_str());
        ImGui::Spacing();
        if (ImGui::Button(prompt.opening ? "Open" : "Save") || entered) done = finish(prompt);
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) done = true;
        if (done) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (done) prompts_.pop_front();
}

}  // namespace grove::ui
