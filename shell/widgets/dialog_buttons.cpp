// A dialog's button row, and which key belongs to the dialog (shell/widgets/dialog_buttons.h).
#include "shell/widgets/dialog_buttons.h"

#include "imgui.h"
#include "imgui_internal.h"
#include "shell/a11y_actions.h"
#include "shell/app.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

namespace {

constexpr const char* kDiscardTitle = "Discard changes?";

// What was inside the dialog at the end of the previous frame: the key pressed now went to it first.
struct Inner {
    bool popup = false;    // a list (combo, picker) or a confirmation open above the dialog
    bool editing = false;  // a text field (or another item) being edited or held
};

bool popup_above_now() {
    ImGuiContext& g = *GImGui;
    return g.OpenPopupStack.Size > g.BeginPopupStack.Size;
}

// Reads the previous frame's Inner of the current dialog and records this frame's for the next.
Inner inner_last_frame() {
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID popup_key = ImGui::GetID("##inner-popup");
    const ImGuiID editing_key = ImGui::GetID("##inner-editing");
    Inner last{storage->GetBool(popup_key), storage->GetBool(editing_key)};
    storage->SetBool(popup_key, popup_above_now());
    storage->SetBool(editing_key, GImGui->ActiveId != 0);
    return last;
}

bool key_pressed(ImGuiKey key) { return ImGui::IsKeyPressed(key, false); }

bool dialog_focused() { return ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows); }

}  // namespace

bool escape_for_dialog() {
    const Inner last = inner_last_frame();
    if (!key_pressed(ImGuiKey_Escape) || !dialog_focused()) return false;
    // ImGui's keyboard navigation closes an open list on Escape, and a text field stops editing: not the dialog.
    return !last.popup && !popup_above_now() && !last.editing;
}

DialogAction dialog_buttons(AppState& state, const DialogButtons& row) {
    ImGuiContext& g = *GImGui;
    const Inner last = inner_last_frame();
    DialogAction action = DialogAction::kNone;

    align_right({row.cancel, row.primary});
    if (button(row.cancel)) action = DialogAction::kCancel;
    ImGui::SameLine();
    if (!row.enabled) ImGui::BeginDisabled();
    const bool pressed = row.danger ? danger_button(state, row.primary) : primary_button(state, row.primary);
    if (!row.enabled) ImGui::EndDisabled();
    if (pressed && row.enabled) action = DialogAction::kPrimary;

    const bool inner_open = last.popup || popup_above_now();
    // The key that opened the dialog (or this question) is not also an answer to it.
    if (action == DialogAction::kNone && dialog_focused() && !inner_open && !ImGui::IsWindowAppearing()) {
        if (row.enabled && (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeypadEnter))) {
            // Enter that ended a one-line field's editing submits; in a multi-line field it stays a new
            // line (the field is still active); on a button or a choice the keyboard moved to, it presses that.
            const bool field_done =
                g.ActiveIdPreviousFrame != 0 && g.ActiveId == 0 && g.InputTextState.ID == g.ActiveIdPreviousFrame;
            const bool nothing_active = g.ActiveId == 0 && g.ActiveIdPreviousFrame == 0;
            const bool keyboard_on_item = !g.NavDisableHighlight && g.NavId != 0;
            if (field_done || (nothing_active && !keyboard_on_item)) action = DialogAction::kPrimary;
        } else if (row.enabled && a11y::entered_in_current_window()) {
            action = DialogAction::kPrimary;  // Enter in one of the dialog's fields in the screen-reader mirror
        } else if (key_pressed(ImGuiKey_Escape)) {
            if (!row.changed) {
                action = DialogAction::kCancel;
            } else if (!last.editing) {
                ImGui::OpenPopup(kDiscardTitle);  // the first Escape left the field; this one asks
            }
        }
    }

    // The question, as a modal above the dialog.
    if (begin_dialog(state, kDiscardTitle, 420)) {
        muted_text(state, "What you typed or chose in this dialog will be lost.");
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        const DialogAction answer =
            dialog_buttons(state, {.primary = "Discard", .danger = true, .cancel = "Keep editing"});
        if (answer == DialogAction::kPrimary) action = DialogAction::kCancel;
        if (answer != DialogAction::kNone) ImGui::CloseCurrentPopup();
        end_dialog();
    }
    if (action != DialogAction::kNone) state.request_redraw();
    return action;
}

}  // namespace grove::ui
