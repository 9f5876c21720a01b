// A smart group's members on its page (F12, F33, F38): marks, "Why?", Pins & exclusions, Pin and Exclude.
#include "shell/screens/smart_members.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/access/access.h"
#include "core/org/lookup.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_page.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/flow.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/links.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/permitted.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// Pins, exclusions and rules change groups and memberships; the tab names people (who pinned whom).
constexpr std::uint32_t kSmartKinds = kChangeGroups | kChangeMemberships | kChangePeople;
// A reason shown also names what the rule read: departments, fields, courses and enrolments.
constexpr std::uint32_t kWhyKinds = kSmartKinds | kChangeDepartments | kChangeLearning;

constexpr const char* kPinTitle = "Pin people";
constexpr const char* kExcludeTitle = "Exclude people";
constexpr const char* kWhyTitle = "Why in or out?";
constexpr float kRowHeight = 48;
constexpr float kHeaderRowHeight = 34;
constexpr float kMinTableWidth = 640;

SmartMembersView& view(AppState& state) { return state.views.groups.smart; }

SmartMarks read_marks(Store& store, Id group) {
    SmartMarks marks;
    marks.group = group;
    marks.smart = is_smart(store, group);
    if (!marks.smart) return marks;
    marks.exceptions = rule_exception_map(store, group);
    marks.rows = rule_exceptions(store, group);
    for (const auto& [user, kind] : marks.exceptions) ++(kind == RuleException::kPin ? marks.pinned : marks.excluded);
    return marks;
}

WhyAnswer ask_why(AppState& state, Id group, Id user, const std::string& name) {
    WhyAnswer answer;
    answer.group = group;
    answer.user = user;
    answer.name = name;
    answer.stamp = state.store->revision_of(kWhyKinds);
    auto why = why_member(*state.store, group, user);
    if (why) {
        answer.line = why->line();
        answer.in = why->in;
    } else {
        answer.line = why.error().message;
        answer.failed = true;
    }
    return answer;
}

// Asked again only when the data changed since (a pin made while the answer is shown).
void refresh_why(AppState& state, WhyAnswer& answer) {
    if (answer.user == 0 || state.store == nullptr) return;
    if (answer.stamp != state.store->revision_of(kWhyKinds))
        answer = ask_why(state, answer.group, answer.user, answer.name);
}

void draw_why_answer(AppState& state, const WhyAnswer& answer, float wrap) {
    const Palette& p = palette(state.theme);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(answer.name.c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::PushStyleColor(ImGuiCol_Text, answer.failed ? p.danger : answer.in ? p.success : p.text_muted);
    ImGui::TextUnformatted(answer.line.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
}

std::string one_or_many(const std::vector<std::string>& names) {
    if (names.size() == 1) return names.front();
    return counted(static_cast<std::int64_t>(names.size()), "person", "people");
}

// After a pin, an unpin or an exclusion lifted: whether the person is in now.
bool in_group_now(AppState& state, Id group, Id user) {
    auto why = why_member(*state.store, group, user);
    return why && why->in;
}

void unpin(AppState& state, Id group, const std::string& group_name, Id user, const std::string& name) {
    Notice& notice = state.views.groups.page_notice;
    auto done = unpin_people(*state.store, state.actor, group, {user});
    if (!done) {
        notice.set(done.error().message, true);
        return;
    }
    notice.set(in_group_now(state, group, user)
                   ? "Unpinned " + name + ": the rule keeps them in " + group_name + "."
                   : "Unpinned " + name + ": the rule does not match them, so they left " + group_name + ".",
               false);
}

void unexclude(AppState& state, Id group, const std::string& group_name, Id user, const std::string& name) {
    Notice& notice = state.views.groups.page_notice;
    auto done = unexclude_people(*state.store, state.actor, group, {user});
    if (!done) {
        notice.set(done.error().message, true);
        return;
    }
    notice.set(in_group_now(state, group, user)
                   ? "Lifted the exclusion of " + name + ": the rule brings them back into " + group_name + "."
                   : "Lifted the exclusion of " + name + ": the rule does not match them, so they stay out of " +
                         group_name + ".",
               false);
}

// A small rounded label ("Pinned", "Excluded"), centred in a row `row_h` tall from `row_top`.
void pill(const AppState& state, const char* text, const ImVec4& ink, float row_top, float row_h) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pad(state.px(8), state.px(3));
    const ImVec2 box(size.x + pad.x * 2, size.y + pad.y * 2);
    const ImVec2 pos(ImGui::GetCursorScreenPos().x, std::round(row_top + (row_h - box.y) * 0.5f));
    ImGui::SetCursorScreenPos(pos);
    ImGui::Dummy(box);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + box.x, pos.y + box.y),
                        ImGui::GetColorU32(ImVec4(ink.x, ink.y, ink.z, 0.13f)), box.y * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_Text, ink);
    ImGui::RenderText(ImVec2(pos.x + pad.x, pos.y + pad.y), text);
    ImGui::PopStyleColor();
}

}  // namespace

const SmartMarks& smart_marks(AppState& state, Id group) {
    Cached<SmartMarks>& cached = view(state).marks;
    if (cached.value.group != group) cached.invalidate();
    return cached.get(*state.store, kSmartKinds, [&] { return read_marks(*state.store, group); });
}

MemberSource member_source(const SmartMarks& marks, const GroupPerson& person) {
    if (!marks.smart || !person.direct_role || *person.direct_role != GroupRole::kMember) return MemberSource::kDirect;
    auto found = marks.exceptions.find(person.user.id);
    return found != marks.exceptions.end() && found->second == RuleException::kPin ? MemberSource::kPinned
                                                                                   : MemberSource::kRule;
}

const char* member_source_label(MemberSource source) {
    switch (source) {
        case MemberSource::kRule: return "By rule";
        case MemberSource::kPinned: return "Pinned";
        case MemberSource::kDirect: return "Direct";
    }
    return "Direct";
}

// ---- Why ------------------------------------------------------------------------------------------------

void why_link(AppState& state, Id group, Id user, const std::string& name, bool in, bool on_line) {
    SmartMembersView& v = view(state);
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    const bool pressed = on_line ? link_button_on_line(state, "Why?", "why") : link_button(state, "Why?", "why");
    ImGui::PopStyleColor();
    const PopupAnchor anchor = last_item_anchor();
    report_last_item(("Why is " + name + (in ? " in?" : " out?")).c_str());
    if (pressed) {
        v.why = ask_why(state, group, user, name);
        v.open_why = true;
        v.why_anchor = anchor;
        state.request_redraw();
    }
}

void draw_why_popup(AppState& state) {
    SmartMembersView& v = view(state);
    if (v.open_why) {
        ImGui::OpenPopup("##why");
        v.open_why = false;
    }
    if (!begin_anchored_popup("##why", v.why_anchor, PopupEdge::kLeft)) return;
    refresh_why(state, v.why);
    draw_why_answer(state, v.why, state.px(380));
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void why_search_button(AppState& state, Id group) {
    const std::string label = std::string(icons::kSearch) + "  Why is\xe2\x80\xa6 in or out?";
    flow_same_line(button_width(label.c_str()));
    if (!button(label.c_str())) return;
    SmartMembersView& v = view(state);
    v.why_group = group;
    v.why_group_name = group_name(*state.store, group);
    v.why_search = PersonSearch{};
    v.why_found = WhyAnswer{};
    v.pending = SmartDialog::kWhy;
    state.request_redraw();
}

// ---- Pins & exclusions ----------------------------------------------------------------------------------

void draw_rule_exceptions(AppState& state, const GroupPageModel& model) {
    GroupsView& groups = state.views.groups;
    const Palette& p = palette(state.theme);
    const SmartMarks& marks = smart_marks(state, model.id);
    const AccessTarget here{.group = model.id, .parent = model.group.parent_id};
    const std::string pin_refusal = refusal_of(state, Cmd::kRulePin, here);
    const std::string exclude_refusal = refusal_of(state, Cmd::kRuleExclude, here);

    // Toolbar: pin, exclude, why; the counts at the right.
    const std::string pin = std::string(icons::kPlus) + "  Pin someone\xe2\x80\xa6";
    const std::string exclude = "Exclude someone\xe2\x80\xa6";
    if (permitted_button(state, pin.c_str(), pin_refusal)) start_rule_exception(state, model.id, RuleException::kPin);
    flow_same_line(button_width(exclude.c_str()));
    if (permitted_button(state, exclude.c_str(), exclude_refusal))
        start_rule_exception(state, model.id, RuleException::kExclude);
    why_search_button(state, model.id);
    const std::string count = std::to_string(marks.pinned) + " pinned, " + std::to_string(marks.excluded) + " excluded";
    const float w = ImGui::CalcTextSize(count.c_str()).x;
    flow_same_line(w);
    const float x = ImGui::GetWindowContentRegionMax().x - w;
    if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
    ImGui::Spacing();
    draw_notice(state, groups.page_notice);

    if (marks.rows.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(28), state.px(24)));
        ImGui::BeginChild("##no-exceptions", ImVec2(0, state.px(110)),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        ImGui::PopStyleVar();
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted("No pins or exclusions");
        ImGui::PopFont();
        muted_text(state, "The rule alone decides who is in " + model.group.name +
                              ". Pin someone to keep them in whatever the rule says, or exclude someone to keep "
                              "them out; each can carry a reason.");
        ImGui::EndChild();
        ImGui::PopStyleColor();
        draw_why_popup(state);
        return;
    }

    const float row_h = state.px(kRowHeight);
    const float header_h = state.px(kHeaderRowHeight);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(12), 0));
    const float rows_h = header_h + row_h * static_cast<float>(marks.rows.size()) + state.px(2);
    const float card_h = std::max(std::min(rows_h, ImGui::GetContentRegionAvail().y), header_h + row_h);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    if (begin_wide_table("##exceptions", 6, flags, 0, card_h, state.px(kMinTableWidth))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Person", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("##kind", ImGuiTableColumnFlags_WidthFixed, state.px(84));
        ImGui::TableSetupColumn("Reason", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("By", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, state.px(96));
        const float actions_w = button_width("Unexclude") + state.px(12) + ImGui::CalcTextSize("Why?").x;
        ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, actions_w);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers, header_h);
        table_header_cells(state, header_h, 0, 1);  // the pills ("Pinned", "Excluded") say what they are
        table_header_cells(state, header_h, 2, 5);

        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(marks.rows.size()), row_h);
        // What a row's button does is done after the table: it changes the rows being drawn.
        enum class Act { kNone, kUnpin, kUnexclude } act = Act::kNone;
        Id act_user = 0;
        std::string act_name;
        SemanticScope grid(Role::kGrid, "Exceptions");
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const RuleExceptionRow& row = marks.rows[static_cast<std::size_t>(i)];
                const bool pinned = row.kind == RuleException::kPin;
                const std::string person = row.name.empty() ? row.email : row.name;
                ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                SemanticScope grid_row(Role::kRow, person.c_str());
                grid_row.row(i, static_cast<int>(marks.rows.size()));
                ImGui::PushID(static_cast<int>(row.user));
                // The name, and the email under it.
                ImGui::TableSetColumnIndex(0);
                const float row_top = ImGui::GetCursorScreenPos().y;
                const float line = ImGui::GetFontSize();
                centre_in_row(row_h, line * 2.0f + state.px(2));
                ImGui::PushFont(state.fonts.bold);
                elided_text(person, ImGui::GetContentRegionAvail().x);
                ImGui::PopFont();
                ImGui::SetCursorPosY(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + state.px(2));
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                elided_text(row.email, ImGui::GetContentRegionAvail().x);
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(1);
                pill(state, pinned ? "Pinned" : "Excluded", pinned ? p.accent : p.danger, row_top, row_h);
                ImGui::TableSetColumnIndex(2);
                centre_in_row(row_h, line);
                if (row.reason.empty()) {
                    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                    ImGui::TextUnformatted("No reason given");
                    ImGui::PopStyleColor();
                } else {
                    elided_text(row.reason, ImGui::GetContentRegionAvail().x);
                }
                ImGui::TableSetColumnIndex(3);
                centre_in_row(row_h, line);
                elided_text(row.by_name.empty() ? std::string("\xe2\x80\x94") : row.by_name,
                            ImGui::GetContentRegionAvail().x);
                ImGui::TableSetColumnIndex(4);
                centre_in_row(row_h, line);
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                ImGui::TextUnformatted(format_day(row.at).c_str());
                ImGui::PopStyleColor();
                // Unpin or Unexclude, then Why? on the button's text line.
                ImGui::TableSetColumnIndex(5);
                centre_in_row(row_h, ImGui::GetFrameHeight());
                if (pinned) {
                    const AccessTarget them{.group = model.id, .parent = model.group.parent_id, .person = row.user};
                    const bool pressed = permitted_button(state, "Unpin", refusal_of(state, Cmd::kRulePin, them));
                    report_last_item(("Unpin " + person).c_str());
                    if (pressed) act = Act::kUnpin;
                } else {
                    const bool pressed = permitted_button(state, "Unexclude", exclude_refusal);
                    report_last_item(("Unexclude " + person).c_str());
                    if (pressed) act = Act::kUnexclude;
                }
                if (act != Act::kNone && act_user == 0) {
                    act_user = row.user;
                    act_name = person;
                }
                ImGui::SameLine(0, state.px(12));
                why_link(state, model.id, row.user, person, pinned, true);
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
        if (act == Act::kUnpin) unpin(state, model.id, model.group.name, act_user, act_name);
        if (act == Act::kUnexclude) unexclude(state, model.id, model.group.name, act_user, act_name);
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    draw_why_popup(state);
}

// ---- The person menu ------------------------------------------------------------------------------------

bool smart_person_items(AppState& state, const GroupPageModel& model, const GroupPerson& person) {
    const SmartMarks& marks = smart_marks(state, model.id);
    const MemberSource source = member_source(marks, person);
    if (source == MemberSource::kDirect) return false;
    const Palette& p = palette(state.theme);
    const Id user = person.user.id;
    const std::string name = person.user.display_name();
    const AccessTarget them{.group = model.id, .parent = model.group.parent_id, .person = user};
    const std::string pin_refusal = refusal_of(state, Cmd::kRulePin, them);
    const std::string exclude_refusal =
        refusal_of(state, Cmd::kRuleExclude, {.group = model.id, .parent = model.group.parent_id});
    if (source == MemberSource::kRule) {
        if (permitted_menu_item(state, "Pin\xe2\x80\xa6", pin_refusal)) {
            start_rule_exception(state, model.id, RuleException::kPin, user, name);
            ImGui::CloseCurrentPopup();
        }
        if (pin_refusal.empty() && ImGui::IsItemHovered())
            ImGui::SetTooltip("Keep %s in %s whatever the rule says.", name.c_str(), model.group.name.c_str());
    } else {
        if (permitted_menu_item(state, "Unpin", pin_refusal)) {
            unpin(state, model.id, model.group.name, user, name);
            ImGui::CloseCurrentPopup();
        }
        if (pin_refusal.empty() && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s stays in %s only if the rule matches them.", name.c_str(), model.group.name.c_str());
    }
    // In place of "Remove from group": the rule would bring them back, so they are excluded instead.
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    if (permitted_menu_item(state, "Exclude\xe2\x80\xa6", exclude_refusal)) {
        start_rule_exception(state, model.id, RuleException::kExclude, user, name);
        ImGui::CloseCurrentPopup();
    }
    ImGui::PopStyleColor();
    if (exclude_refusal.empty() && ImGui::IsItemHovered())
        ImGui::SetTooltip("Keep %s out of %s whatever the rule says.", name.c_str(), model.group.name.c_str());
    return true;
}

// ---- Dialogs --------------------------------------------------------------------------------------------

void start_rule_exception(AppState& state, Id group, RuleException kind, std::optional<Id> user,
                          const std::string& person, bool instead_of_remove) {
    SmartMembersView& v = view(state);
    if (state.store == nullptr) return;
    state.views.groups.page_notice.clear();
    v.form = RuleExceptionForm{};
    v.form.group = group;
    v.form.group_name = group_name(*state.store, group);
    v.form.kind = kind;
    v.form.user = user;
    v.form.person = person;
    v.form.instead_of_remove = instead_of_remove;
    v.pending = kind == RuleException::kPin ? SmartDialog::kPin : SmartDialog::kExclude;
    state.request_redraw();
}

namespace {

void toggle(RuleExceptionForm& form, Id user, const std::string& name) {
    auto it = std::find(form.picked_ids.begin(), form.picked_ids.end(), user);
    if (it != form.picked_ids.end()) {
        form.picked_names.erase(form.picked_names.begin() + (it - form.picked_ids.begin()));
        form.picked_ids.erase(it);
    } else {
        form.picked_ids.push_back(user);
        form.picked_names.push_back(name);
    }
}

void apply_exception(AppState& state, RuleExceptionForm& form) {
    const bool pin = form.kind == RuleException::kPin;
    std::vector<Id> users = form.user ? std::vector<Id>{*form.user} : form.picked_ids;
    std::vector<std::string> names = form.user ? std::vector<std::string>{form.person} : form.picked_names;
    if (users.empty()) {
        form.error = "Pick someone from the list.";
        return;
    }
    const std::string reason = trim(form.reason);
    auto done = pin ? pin_people(*state.store, state.actor, form.group, users, reason)
                    : exclude_people(*state.store, state.actor, form.group, users, reason);
    if (!done) {
        form.error = done.error().message;
        return;
    }
    const std::string who = one_or_many(names);
    std::string message;
    if (*done == 0) {
        message =
            users.size() == 1
                ? who + " was already " + (pin ? "pinned in " : "excluded from ") + form.group_name + "."
                : "They were already " + std::string(pin ? "pinned in " : "excluded from ") + form.group_name + ".";
    } else {
        message = (pin ? "Pinned " + who + " in " : "Excluded " + who + " from ") + form.group_name + ".";
    }
    state.views.groups.page_notice.set(message, false);
    close_dialog();
}

void draw_exception_dialog(AppState& state, RuleException kind) {
    SmartMembersView& v = view(state);
    RuleExceptionForm& form = v.form;
    const bool pin = kind == RuleException::kPin;
    if (!begin_dialog(state, pin ? kPinTitle : kExcludeTitle, 540)) return;
    if (form.kind != kind) {  // the other dialog's form
        close_dialog();
        end_dialog();
        return;
    }
    if (form.user) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted((pin ? "Pin " + form.person + " in " + form.group_name + "?"
                                    : "Exclude " + form.person + " from " + form.group_name + "?")
                                   .c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
    } else {
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // the search field
        const Id clicked =
            person_search_list(state, form.search, "Search people by name or email", 180, &form.picked_ids);
        if (clicked != 0) {
            for (const User& user : form.search.results)
                if (user.id == clicked) toggle(form, clicked, user.display_name());
        }
        std::string picked;
        for (const std::string& name : form.picked_names) picked += (picked.empty() ? "" : ", ") + name;
        muted_text(state, form.picked_ids.empty() ? std::string("Nobody picked yet.")
                                                  : counted(static_cast<std::int64_t>(form.picked_ids.size()),
                                                            "person picked", "people picked") +
                                                        ": " + picked);
    }
    if (form.instead_of_remove) {
        muted_text(state, form.person + " is in " + form.group_name +
                              " by its rule: removed by hand, the rule would bring them back. Excluding keeps "
                              "them out whatever the rule says.");
    } else if (pin) {
        muted_text(state, "Pinned people are always in " + form.group_name +
                              ", whatever the rule says; pinning someone excluded lifts the exclusion.");
    } else {
        muted_text(state, "Excluded people are never in " + form.group_name +
                              ", whatever the rule says; they stay in the organisation and in their other groups.");
    }
    ImGui::Spacing();
    if (form.user && ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    text_field("Reason (optional)", &form.reason, pin ? "Covers for Ms Ray" : "Left the department in June");
    ImGui::Spacing();
    if (!form.error.empty()) {
        error_text(state, form.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    const bool ready = form.user || !form.picked_ids.empty();
    const DialogAction action = dialog_buttons(state, {.primary = pin ? "Pin" : "Exclude",
                                                       .danger = !pin,
                                                       .enabled = ready,
                                                       .changed = !form.reason.empty() || !form.picked_ids.empty()});
    if (action == DialogAction::kPrimary) apply_exception(state, form);
    if (action == DialogAction::kCancel) close_dialog();
    end_dialog();
}

void draw_why_dialog(AppState& state) {
    SmartMembersView& v = view(state);
    if (!begin_dialog(state, kWhyTitle, 540)) return;
    muted_text(state, "Pick anyone of the organisation to see why they are in or out of " + v.why_group_name + ".");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // the search field
    const std::vector<Id> shown = v.why_found.user != 0 ? std::vector<Id>{v.why_found.user} : std::vector<Id>{};
    const Id clicked = person_search_list(state, v.why_search, "Search people by name or email", 180, &shown);
    if (clicked != 0) {
        for (const User& user : v.why_search.results)
            if (user.id == clicked) v.why_found = ask_why(state, v.why_group, clicked, user.display_name());
    }
    ImGui::Spacing();
    // The answer's room is kept from the start: picking someone moves nothing under the pointer.
    const float answer_h = ImGui::GetTextLineHeightWithSpacing() * 3.0f;
    ImGui::BeginChild("##why-answer", ImVec2(0, answer_h), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    if (v.why_found.user != 0) {
        refresh_why(state, v.why_found);
        draw_why_answer(state, v.why_found, ImGui::GetContentRegionAvail().x);
    } else {
        muted_text(state, "Their reason appears here: \"in:\" or \"out:\" and what decides it.");
    }
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::Spacing();
    // Nothing to lose here: one Close (Escape too), no Cancel beside it.
    align_right({"Close"});
    const bool close = primary_button(state, "Close");
    if (close || escape_for_dialog()) close_dialog();
    end_dialog();
}

}  // namespace

void draw_smart_dialogs(AppState& state) {
    SmartMembersView& v = view(state);
    switch (v.pending) {
        case SmartDialog::kNone: break;
        case SmartDialog::kPin: open_dialog(kPinTitle); break;
        case SmartDialog::kExclude: open_dialog(kExcludeTitle); break;
        case SmartDialog::kWhy: open_dialog(kWhyTitle); break;
    }
    if (v.pending != SmartDialog::kNone) state.request_redraw();
    v.pending = SmartDialog::kNone;
    if (state.store == nullptr) return;
    draw_exception_dialog(state, RuleException::kPin);
    draw_exception_dialog(state, RuleException::kExclude);
    draw_why_dialog(state);
}

}  // namespace grove::ui
