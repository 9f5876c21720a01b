// The top bar's bell (shell/bell.h): unread count, the list of notifications, each opening its review.
#include "shell/bell.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "core/storage/store.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/review_queue.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/links.h"
#include "shell/widgets/popup.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

constexpr int kListed = 50;        // the newest this many are listed
constexpr float kListWidth = 400;  // CSS pixels
constexpr float kItemHeight = 52;

const BellModel& bell_model(AppState& state) {
    ReviewView& v = state.views.reviews;
    if (v.bell_actor != state.actor) {
        v.bell_actor = state.actor;
        v.bell.invalidate();
    }
    // The texts name people and steps: a rename shows at the next change of those kinds too.
    return v.bell.get(*state.store, kChangeNotifications | kChangeLearning | kChangePeople, [&] {
        BellModel model;
        model.unread = unread_notifications(*state.store, state.actor);
        model.items = notifications(*state.store, state.actor, false, kListed);
        return model;
    });
}

// "5m ago", "3d 4h ago"; a date once it is more than a week old.
std::string when_text(std::int64_t now, std::int64_t at) {
    const std::int64_t ago = std::max<std::int64_t>(0, now - at);
    if (ago >= 7LL * 24 * 3600 * 1000) return format_day(at);
    const std::string waited = waiting_text(ago);
    return waited == "just now" ? waited : waited + " ago";
}

// One notification: an unread dot, its sentence and when; the whole line is the button.
bool notification_item(AppState& state, const Notification& n, std::int64_t now) {
    const Palette& p = palette(state.theme);
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImVec2 pos = window->DC.CursorPos;
    const ImVec2 size(state.px(kListWidth), state.px(kItemHeight));
    const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::PushID(static_cast<int>(n.id));
    const ImGuiID id = window->GetID("notification");
    ImGui::ItemSize(size);
    if (!ImGui::ItemAdd(bb, id)) {
        ImGui::PopID();
        return false;
    }
    bool hovered = false;
    bool held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
    if (hovered || held)
        window->DrawList->AddRectFilled(bb.Min, bb.Max, ImGui::GetColorU32(p.hover), ImGui::GetStyle().FrameRounding);
    ImGui::RenderNavHighlight(bb, id);
    const float pad = state.px(10);
    const float dot = state.px(8);
    const float line = ImGui::GetTextLineHeight();
    const float top = bb.Min.y + std::round((size.y - line * 2 - state.px(2)) * 0.5f);
    if (n.unread) {
        window->DrawList->AddCircleFilled(ImVec2(bb.Min.x + pad + dot * 0.5f, top + line * 0.5f), dot * 0.5f,
                                          ImGui::GetColorU32(p.accent), 12);
    }
    const float text_x = bb.Min.x + pad + dot + state.px(10);
    const float room = bb.Max.x - pad - text_x;
    if (n.unread) ImGui::PushFont(state.fonts.bold);
    const std::string text = elide(n.text, room);
    ImGui::RenderText(ImVec2(text_x, top), text.c_str());
    if (n.unread) ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::RenderText(ImVec2(text_x, top + line + state.px(2)), when_text(now, n.at).c_str());
    ImGui::PopStyleColor();
    report_last_item(n.text.c_str());
    if (hovered && text != n.text) ImGui::SetTooltip("%s", n.text.c_str());
    ImGui::PopID();
    return activated(pressed);
}

void draw_list(AppState& state, const BellModel& model) {
    const Palette& p = palette(state.theme);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Notifications");
    ImGui::PopFont();
    const char* all = "Mark all read";
    ImGui::SameLine(state.px(kListWidth) - ImGui::CalcTextSize(all).x + ImGui::GetStyle().WindowPadding.x);
    if (model.unread > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        if (link_button(state, all)) {
            if (auto marked = mark_notifications_read(*state.store, state.actor); !marked)
                state.error_message = marked.error().message;
        }
        ImGui::PopStyleColor();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(all);
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    if (model.items.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + state.px(kListWidth));
        muted_text(state, "Nothing yet. When a member you mentor submits work for review, it shows here.");
        ImGui::PopTextWrapPos();
        return;
    }
    const std::int64_t now = state.store->now();
    const float list_h = std::min(state.px(kItemHeight) * static_cast<float>(model.items.size()),
                                  ImGui::GetMainViewport()->Size.y * 0.6f);
    ImGui::BeginChild("##notifications", ImVec2(state.px(kListWidth) + ImGui::GetStyle().ScrollbarSize, list_h),
                      ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    for (const Notification& n : model.items) {
        if (notification_item(state, n, now)) {
            const Id work = n.work_id;
            if (n.unread) {
                if (auto marked = mark_notifications_read(*state.store, state.actor, {n.id}); !marked)
                    state.error_message = marked.error().message;
            }
            ImGui::CloseCurrentPopup();
            open_review(state, work);
            break;  // the model may have been read again
        }
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
}

}  // namespace

float bell_width(const AppState& state) {
    return ImGui::CalcTextSize(icons::kBell).x + ImGui::GetStyle().FramePadding.x * 2.0f + state.px(10);
}

void draw_bell(AppState& state) {
    if (state.store == nullptr || state.actor == 0) return;
    ReviewView& v = state.views.reviews;
    // The top bar is outside the screen's guard (app.cpp's draw_content): a failed read drops the bell for
    // this frame, and the screen below says what failed.
    const BellModel* read = nullptr;
    try {
        read = &bell_model(state);
    } catch (const DbError&) {
        return;
    }
    const BellModel& model = *read;
    const Palette& p = palette(state.theme);
    const std::string label =
        model.unread > 0 ? "Notifications, " + std::to_string(model.unread) + " unread" : std::string("Notifications");
    ImGui::PushID("bell");
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    const bool pressed = activated(ImGui::Button(icons::kBell));
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    report_last_item(label.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label.c_str());
    if (pressed) {
        v.open_bell = true;
        v.bell_anchor = last_item_anchor();
    }
    if (model.unread > 0) {
        // The red count over the bell's upper right corner.
        const std::string count = model.unread > 99 ? "99+" : std::to_string(model.unread);
        ImGui::PushFont(state.fonts.bold);
        const ImVec2 text = ImGui::CalcTextSize(count.c_str());
        const float h = std::round(text.y * 0.9f + state.px(2));
        const float w = std::max(h, std::round(text.x + state.px(8)));
        const ImVec2 corner(ImGui::GetItemRectMax().x - state.px(2), ImGui::GetItemRectMin().y + state.px(2));
        const ImVec2 min(std::round(corner.x - w * 0.5f), std::round(corner.y - h * 0.5f + state.px(4)));
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(min, ImVec2(min.x + w, min.y + h), ImGui::GetColorU32(p.danger), h * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        ImGui::RenderText(ImVec2(std::round(min.x + (w - text.x) * 0.5f), std::round(min.y + (h - text.y) * 0.5f)),
                          count.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    if (v.open_bell) {
        ImGui::OpenPopup("##bell-list");
        v.open_bell = false;
    }
    if (begin_anchored_popup("##bell-list", v.bell_anchor)) {
        draw_list(state, model);
        if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

}  // namespace grove::ui
