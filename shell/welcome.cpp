// The welcome screen.
#include "shell/welcome.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/exchange/exchange.h"
#include "core/org/demo.h"
#include "core/org/org.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/session.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

namespace {

void opened(AppState& state) {
    state.has_organisation = true;
    state.views = Views{};
    restore_actor(state);
    state.screen = Screen::Groups;
    state.request_redraw();
}

}  // namespace

void draw_welcome(AppState& state) {
    if (!state.store) return;
    WelcomeView& form = state.views.welcome;
    const Palette& p = palette(state.theme);
    const float width = state.px(520);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail.x - width) * 0.5f));
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(state.px(24), avail.y * 0.08f));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(32), state.px(28)));
    ImGui::BeginChild("##welcome", ImVec2(width, 0.0f), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();

    ImGui::PushFont(state.fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    ImGui::TextUnformatted(icons::kLeaf);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextUnformatted("Welcome to Grove");
    ImGui::PopFont();
    muted_text(state,
               "Plan your organisation's groups offline: everything stays in this browser and saves by itself. "
               "Start a new organisation, explore a generated school district first, or open a Grove file another "
               "planner sent you.");
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();

    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Create an organisation");
    ImGui::PopFont();
    text_field("Organisation name", &form.org_name, "Riverside School District");
    ImGui::TextUnformatted("Plan");
    ImGui::SetNextItemWidth(-1.0f);
    const auto& plans = all_plans();
    std::string plan_label = plans[static_cast<size_t>(form.plan_index)].name;
    const bool plan_open = begin_combo("Plan", "##plan", plan_label.c_str());
    if (plan_open) {
        for (size_t i = 0; i < plans.size(); ++i) {
            std::string text = std::string(plans[i].name) + "  ·  " +
                               (plans[i].group_cap < 0    ? std::string("unlimited groups")
                                : plans[i].group_cap == 1 ? std::string("1 group")
                                                          : std::to_string(plans[i].group_cap) + " groups");
            if (ImGui::Selectable(text.c_str(), static_cast<int>(i) == form.plan_index))
                form.plan_index = static_cast<int>(i);
        }
        ImGui::EndCombo();
    }
    text_field("Your email", &form.email, "you@example.org");
    // Two fields side by side on one baseline (a table's second cell sat lower by its cell padding).
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float half = std::floor((ImGui::GetContentRegionAvail().x - gap) * 0.5f);
    ImGui::BeginGroup();
    text_field("First name", &form.first_name, "", half);
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, gap);
    // SameLine() would give the label the first group's frame baseline (6 px lower); it is plain text.
    ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset = 0.0f;
    ImGui::BeginGroup();
    text_field("Last name", &form.last_name, "", half);
    ImGui::EndGroup();
    ImGui::Spacing();
    error_text(state, form.error);
    if (primary_button(state, "Create organisation")) {
        auto org = init_org(*state.store, {form.org_name, plans[static_cast<size_t>(form.plan_index)].plan, form.email,
                                           form.first_name, form.last_name});
        if (org) {
            opened(state);
            return ImGui::EndChild(), ImGui::PopStyleColor();
        }
        form.error = org.error().message;
    }

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Or look around first");
    ImGui::PopFont();
    muted_text(state,
               "A district of four schools with departments, about 800 people, nested groups (schools, grades, "
               "classes) and staff in every role.");
    if (button("Open the demo district")) {
        auto org = generate_demo(*state.store, demo_district());
        if (org) {
            opened(state);
        } else {
            form.error = org.error().message;
        }
    }
    ImGui::SameLine();
    // A Grove file from another planner (or a backup): restored as it is, people, groups and history.
    if (button((std::string(icons::kFolderOpen) + "  Open a Grove file").c_str()) && state.platform) {
        state.platform->open_file(".json", [&state](OpenedFile file) {
            if (state.has_organisation) return;
            auto restored =
                import_json(*state.store, 0, file.name,
                            std::string_view(reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size()));
            if (restored) {
                opened(state);
            } else {
                state.views.welcome.error = restored.error().message;
                state.request_redraw();
            }
        });
    }
    report_last_item("Open a Grove file");
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace grove::ui
