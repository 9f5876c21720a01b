// Choosing, remembering and showing the acting person.
#include "shell/session.h"

#include <cmath>
#include <string>

#include "core/access/roles.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

namespace {

constexpr const char* kActorSetting = "acting_person";

std::string roles_label(Store& store, Id user) {
    std::string label;
    for (const auto& grant : roles_of(store, user)) label += (label.empty() ? "" : ", ") + grant.label;
    return label;
}

}  // namespace

void refresh_actor(AppState& state) {
    if (!state.store) return;
    auto user = find_user(*state.store, state.actor);
    if (!user) {
        state.actor = 0;
        state.actor_name.clear();
        state.actor_roles.clear();
        return;
    }
    state.actor_name = user->display_name();
    state.actor_status = user->status;
    state.actor_roles = roles_label(*state.store, state.actor);
}

void set_actor(AppState& state, Id user) {
    state.actor = user;
    refresh_actor(state);
    if (state.store && state.actor) state.store->set_local_setting(kActorSetting, std::to_string(user));
    state.request_redraw();
}

void restore_actor(AppState& state) {
    if (!state.store) return;
    state.actor = 0;
    if (auto remembered = state.store->local_setting(kActorSetting)) {
        Id id = std::strtoll(remembered->c_str(), nullptr, 10);
        if (find_user(*state.store, id)) state.actor = id;
    }
    if (!state.actor) {
        if (auto owner = owner_id(*state.store)) state.actor = *owner;
    }
    refresh_actor(state);
}

void draw_acting_person(AppState& state) {
    if (!state.store || !state.has_organisation) return;
    const Palette& p = palette(state.theme);
    std::string label = std::string(icons::kPerson) + "  " + (state.actor_name.empty() ? "Nobody" : state.actor_name);
    if (!state.actor_roles.empty()) label += "  ·  " + state.actor_roles;
    label += "  " + std::string(icons::kCaretDown) + "###acting-person";
    const float width = ImGui::CalcItemWidth();
    ImGui::PushStyleColor(ImGuiCol_Button, p.panel_bg);
    if (button(label.c_str(), ImVec2(width, 0.0f))) {
        state.views.acting_search.reset();
        ImGui::OpenPopup("Act as");
    }
    ImGui::PopStyleColor();
    const PopupAnchor anchor = last_item_anchor();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Acting as %s: every change is checked against their roles.", state.actor_name.c_str());

    ImGui::SetNextWindowSize(ImVec2(state.px(380), 0.0f));
    if (begin_anchored_popup("Act as", anchor)) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("Act as");
        ImGui::PopFont();
        muted_text(state, "Grove checks every change against the roles of the person it acts as.");
        std::vector<Id> current{state.actor};
        Id chosen =
            person_search_list(state, state.views.acting_search, "Search people by name or email", 280, &current);
        if (chosen) {
            set_actor(state, chosen);
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

void draw_invitation_banner(AppState& state) {
    if (!state.store || state.actor_status != UserStatus::kInvited) return;
    const Palette& p = palette(state.theme);
    WelcomeView& form = state.views.welcome;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.accent_soft);
    // As tall as what it holds (two lines, the fields, a wrapped error), so it never needs a scrollbar.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float inner_w = ImGui::GetContentRegionAvail().x - style.WindowPadding.x * 2.0f;
    float height =
        style.WindowPadding.y * 2.0f + ImGui::GetTextLineHeightWithSpacing() * 2.0f + ImGui::GetFrameHeight();
    if (!form.accept_error.empty())
        height += style.ItemSpacing.y + ImGui::CalcTextSize(form.accept_error.c_str(), nullptr, false, inner_w).y;
    ImGui::BeginChild("##invitation", ImVec2(0.0f, std::ceil(height) + state.px(2)), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted((state.actor_name + " is invited to join " + state.organisation_name + ".").c_str());
    ImGui::PopFont();
    ImGui::TextUnformatted("Give your name and accept the invitation to start taking part.");
    ImGui::SetNextItemWidth(state.px(160));
    ImGui::InputTextWithHint("##first", "First name", &form.accept_first);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(state.px(160));
    ImGui::InputTextWithHint("##last", "Last name", &form.accept_last);
    ImGui::SameLine();
    if (primary_button(state, "Accept invitation")) {
        auto done = accept_invitation(*state.store, state.actor, form.accept_first, form.accept_last);
        if (done) {
            form.accept_first.clear();
            form.accept_last.clear();
            form.accept_error.clear();
            refresh_actor(state);
        } else {
            form.accept_error = done.error().message;
        }
    }
    error_text(state, form.accept_error);
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::Spacing();
}

}  // namespace grove::ui
