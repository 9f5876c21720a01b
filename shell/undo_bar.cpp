// The top bar's Undo and Redo and their keys (shell/undo_bar.h).
#include "shell/undo_bar.h"

#include "core/grove.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/permitted.h"

namespace grove::ui {

namespace {

constexpr const char* kUndo = "Undo";
constexpr const char* kRedo = "Redo";

UndoBarView& refreshed(AppState& state) {
    UndoBarView& v = state.undo_bar;
    if (v.revision == state.store->revision() && v.actor == state.actor) return v;
    v.revision = state.store->revision();
    v.actor = state.actor;
    auto undo = can_undo(*state.store, state.actor);
    v.undo_label = undo ? *undo : std::string();
    v.undo_refusal = undo ? std::string() : undo.error().message;
    auto redo = can_redo(*state.store, state.actor);
    v.redo_label = redo ? *redo : std::string();
    v.redo_refusal = redo ? std::string() : redo.error().message;
    return v;
}

void step(AppState& state, Notice& notice, bool backwards) {
    if (state.store == nullptr) return;
    auto done = backwards ? undo(*state.store, state.actor) : redo(*state.store, state.actor);
    if (!done) {
        notice.set_error(done.error().message);
        return;
    }
    notice.set_success((backwards ? "Undid: " : "Redid: ") + *done + ".");
}

}  // namespace

float undo_buttons_width(const AppState& state) { return button_width(kUndo) + state.px(6) + button_width(kRedo); }

void draw_undo_buttons(AppState& state) {
    if (state.store == nullptr) return;
    UndoBarView& v = refreshed(state);
    const std::string undo_tip = v.undo_refusal.empty() ? "Undo " + v.undo_label + " (Ctrl+Z)" : v.undo_refusal;
    const std::string redo_tip = v.redo_refusal.empty() ? "Redo " + v.redo_label + " (Ctrl+Shift+Z)" : v.redo_refusal;
    bool pressed_undo = false, pressed_redo = false;
    ImGui::BeginDisabled(!v.undo_refusal.empty());
    pressed_undo = button(kUndo);
    ImGui::EndDisabled();
    refusal_tooltip(state, undo_tip);
    ImGui::SameLine(0.0f, state.px(6));
    ImGui::BeginDisabled(!v.redo_refusal.empty());
    pressed_redo = button(kRedo);
    ImGui::EndDisabled();
    refusal_tooltip(state, redo_tip);
    if (pressed_undo) undo_now(state, state.notice);
    if (pressed_redo) redo_now(state, state.notice);
}

void handle_undo_keys(AppState& state) {
    if (state.store == nullptr || !state.has_organisation) return;
    const ImGuiIO& io = ImGui::GetIO();
    // A text field being edited keeps Ctrl+Z for its own undo; a dialog's form is not the place either.
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
    if (!(io.KeyCtrl || io.KeySuper) || io.KeyAlt) return;
    if (!ImGui::IsKeyPressed(ImGuiKey_Z, false)) return;
    if (io.KeyShift) {
        redo_now(state, state.notice);
    } else {
        undo_now(state, state.notice);
    }
}

void undo_now(AppState& state, Notice& notice) { step(state, notice, true); }
void redo_now(AppState& state, Notice& notice) { step(state, notice, false); }

}  // namespace grove::ui
