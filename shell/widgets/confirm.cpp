// A confirmation before a change that takes power away (shell/widgets/confirm.h).
#include "shell/widgets/confirm.h"

#include <utility>

#include "imgui.h"
#include "shell/app.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

void ask_confirm(AppState& state, Confirm& confirm, std::string title, std::string question, std::string detail,
                 std::string action, std::function<void()> run) {
    confirm.title = std::move(title);
    confirm.question = std::move(question);
    confirm.detail = std::move(detail);
    confirm.action = std::move(action);
    confirm.run = std::move(run);
    confirm.opening = true;
    state.request_redraw();
}

void draw_confirm(AppState& state, Confirm& confirm) {
    if (confirm.title.empty()) return;
    if (confirm.opening) {
        confirm.opening = false;
        open_dialog(confirm.title.c_str());
    }
    if (!begin_dialog(state, confirm.title.c_str(), 460)) {
        if (!ImGui::IsPopupOpen(confirm.title.c_str())) confirm = Confirm{};
        return;
    }
    ImGui::PushFont(state.fonts.bold);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(confirm.question.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    muted_text(state, confirm.detail);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const DialogAction action = dialog_buttons(state, {.primary = confirm.action.c_str(), .danger = true});
    if (action != DialogAction::kNone) {
        std::function<void()> run = std::move(confirm.run);
        close_dialog();
        end_dialog();
        confirm = Confirm{};
        if (action == DialogAction::kPrimary && run) run();
        return;
    }
    end_dialog();
}

}  // namespace grove::ui
