// Choosing, remembering and showing the acting person.
#include "shell/session.h"

#include <cmath>
#include <string>

#include "core/access/lock.h"
#include "core/access/roles.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/text/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

namespace {

constexpr const char* kActorSetting = "acting_person";
constexpr const char* kUnlockTitle = "Passphrase needed";

std::string roles_label(Store& store, Id user) {
    std::string label;
    for (const auto& grant : roles_of(store, user)) label += (label.empty() ? "" : ", ") + grant.label;
    return label;
}

// The Act as list: the people the search finds, the owner pinned first, each with their org roles; read
// again only when the search's results change (a new query, or people or roles changed).
const ActAsList& act_as_rows(AppState& state) {
    PersonSearch& search = state.views.acting_search;
    ActAsList& list = state.views.acting_list;
    search.refresh(*state.store);
    const std::uint64_t stamp = search.stamp + state.store->revision_of(kChangeRoles);
    if (list.stamp == stamp && list.query == search.searched) return list;
    list.stamp = stamp;
    list.query = search.searched;
    list.rows.clear();
    const std::optional<Id> owner = owner_id(*state.store);
    if (owner) {
        if (auto user = find_user(*state.store, *owner)) {
            const std::string query = trim(search.searched);
            if (query.empty() || contains_folded(user->display_name(), query) || contains_folded(user->email, query))
                list.rows.push_back({*user, roles_label(*state.store, user->id), true});
        }
    }
    for (const User& user : search.results) {
        if (owner && user.id == *owner) continue;
        list.rows.push_back({user, roles_label(*state.store, user.id), false});
    }
    return list;
}

// Opens the passphrase dialog for acting as `person` (F41); the wait of earlier wrong tries still holds.
void ask_passphrase(AppState& state, Id person) {
    UnlockView& view = state.views.unlock;
    view = UnlockView{};
    view.person = person;
    auto user = find_user(*state.store, person);
    view.name = user ? user->display_name() : std::string("this person");
    view.retry_at = lock_retry_at(*state.store).value_or(0);
    view.open = true;
    state.request_redraw();
}

// The passphrase dialog: the person it is for, the field, and while wrong tries make the next wait, the time left
// counted down with the button disabled (frames keep coming meanwhile; nothing sleeps).
void draw_unlock_dialog(AppState& state) {
    UnlockView& view = state.views.unlock;
    if (view.person == 0) return;
    if (view.open) {
        view.open = false;
        open_dialog(kUnlockTitle);
    }
    if (!begin_dialog(state, kUnlockTitle, 440)) {
        if (!ImGui::IsPopupOpen(kUnlockTitle)) view = UnlockView{};
        return;
    }
    Store& store = *state.store;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(("Acting as " + view.name + " needs the organisation's passphrase.").c_str());
    ImGui::PopTextWrapPos();
    muted_text(state, "They hold an org role, and this organisation locks org roles with a passphrase.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    if (password_field("Passphrase", &view.passphrase)) view.error.clear();
    const std::int64_t now = store.now();
    const bool waiting = view.retry_at > now;
    if (waiting) {
        const std::string left = "try again in " + wait_words(now, view.retry_at) + ".";
        field_error(state, "Passphrase",
                    view.wrong ? "The passphrase is wrong; " + left : "Too many wrong passphrases: " + left);
        state.request_redraw();  // the count goes on without input
    } else {
        field_error(state, "Passphrase", view.wrong ? std::string("The passphrase is wrong.") : view.error);
    }
    ImGui::Spacing();
    const std::string primary = "Act as " + view.name;
    const DialogAction action =
        dialog_buttons(state, {.primary = primary.c_str(), .enabled = !waiting && !view.passphrase.empty()});
    if (action == DialogAction::kCancel) {
        view = UnlockView{};
        close_dialog();
    } else if (action == DialogAction::kPrimary) {
        auto checked = verify_passphrase(store, view.passphrase);
        view.passphrase.clear();
        if (checked) {
            const Id person = view.person;
            view = UnlockView{};
            close_dialog();
            set_actor(state, person);
        } else {
            view.error = checked.error().message;
            view.wrong = checked.error().code == ErrorCode::kForbidden;
            view.retry_at = lock_retry_at(store).value_or(0);
            if (checked.error().code == ErrorCode::kConflict) view.wrong = false;
        }
    }
    end_dialog();
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

void act_as(AppState& state, Id user) {
    if (user != state.actor && state.store && needs_passphrase(*state.store, user))
        ask_passphrase(state, user);
    else
        set_actor(state, user);
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
    // Behind a passphrase lock (F41), a person with an org role is not acted as before the passphrase is given: the
    // planner starts as nobody, asked for it (or free to act as someone else).
    if (state.actor && needs_passphrase(*state.store, state.actor)) {
        ask_passphrase(state, state.actor);
        state.actor = 0;
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
        // Opened to search: the field has the keyboard at once.
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        search_field(state, "act-as-search", &state.views.acting_search.query, "Search people by name or email", -1.0f);
        // The search has the keyboard from the start, so the field is not "inside" anything to leave first:
        // one Escape closes the list, as it would without the search.
        if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
        const ActAsList& list = act_as_rows(state);
        Id chosen = 0;
        ImGui::BeginChild("##act-as-people", ImVec2(-1.0f, state.px(300)), ImGuiChildFlags_Border,
                          ImGuiWindowFlags_NavFlattened);
        if (list.rows.empty()) muted_text(state, "Nobody matches \"" + state.views.acting_search.query + "\".");
        for (const ActAsList::Row& row : list.rows) {
            ImGui::PushID(static_cast<int>(row.user.id));
            std::string label = row.user.display_name() + "  <" + row.user.email + ">";
            if (row.user.status != UserStatus::kActive)
                label += std::string("  (") + user_status_key(row.user.status) + ")";
            const bool current = row.user.id == state.actor;
            if (current) label = std::string(icons::kCheck) + " " + label;
            // Two lines: the person, and under them their org roles (or that they have none), muted.
            const float line = ImGui::GetTextLineHeight();
            const ImVec2 at = ImGui::GetCursorPos();
            if (ImGui::Selectable(label.c_str(), current, 0, ImVec2(0.0f, line * 2.0f + state.px(2))))
                chosen = row.user.id;
            const ImVec2 after = ImGui::GetCursorPos();
            ImGui::SetCursorPos(ImVec2(at.x + state.px(current ? 18 : 0), at.y + line + state.px(2)));
            const std::string roles = row.roles.empty() ? "No org role" : row.roles;
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(roles.c_str());
            ImGui::PopStyleColor();
            ImGui::SetCursorPos(after);
            ImGui::PopID();
        }
        // The cursor was set below the last row: an item makes the list that tall (ImGui 1.90 asserts otherwise).
        if (!list.rows.empty()) ImGui::Dummy(ImVec2(0.0f, 0.0f));
        ImGui::EndChild();
        if (chosen) {
            act_as(state, chosen);  // behind a passphrase lock, after the passphrase
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    draw_unlock_dialog(state);
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
    ImGui::BeginChild(
        "##invitation", ImVec2(0.0f, std::ceil(height) + state.px(2)), ImGuiChildFlags_Border,
        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NavFlattened);
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
