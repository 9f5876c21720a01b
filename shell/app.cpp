// The frame: a full-window layout of top bar, sidebar and the current screen, plus shell-wide dialogs.
#include "shell/app.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "core/access/access.h"
#include "core/learning/work.h"
#include "core/storage/store.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/bell.h"
#include "shell/icons.h"
#include "shell/input_queue.h"
#include "shell/screens/group_page.h"
#include "shell/screens/member_page.h"
#include "shell/screens/review_queue.h"
#include "shell/screens/screens.h"
#include "shell/session.h"
#include "shell/storage_banner.h"
#include "shell/ui_snapshot.h"
#include "shell/undo_bar.h"
#include "shell/welcome.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/notice.h"

namespace grove::ui {

namespace {

// Every screen, once. A new screen is a row here, its draw function in shell/screens/screens.h and its
// file in shell/CMakeLists.txt.
constexpr ScreenInfo kScreens[] = {
    {Screen::Home, "home", "Home", icons::kHome, &draw_home_screen},
    {Screen::Reviews, "review_queue", "Reviews", icons::kInbox, &draw_review_queue_screen},
    {Screen::Groups, "groups", "Groups", icons::kGroups, &draw_groups_screen},
    {Screen::People, "people", "People", icons::kPeople, &draw_people_screen},
    {Screen::Departments, "departments", "Departments", icons::kDepartments, &draw_departments_screen},
    {Screen::Courses, "courses", "Courses", icons::kCourses, &draw_courses_screen},
    {Screen::Roles, "roles", "Roles", icons::kRoles, &draw_roles_screen},
    {Screen::Exchange, "exchange", "Import & export", icons::kExchange, &draw_exchange_screen},
    {Screen::AuditLog, "audit_log", "Audit log", icons::kAuditLog, &draw_audit_log_screen},
    {Screen::Settings, "settings", "Settings", icons::kSettings, &draw_settings_screen},
    {Screen::About, "about", "About", icons::kAbout, &draw_about_screen},
};

// Sizes in CSS pixels.
constexpr float kTopBarHeight = 56;
constexpr float kSidebarWidth = 232;
constexpr float kCompactSidebarWidth = 60;  // icons only, below kCompactBelow
constexpr float kCompactBelow = 1000;       // window width
constexpr float kNavItemHeight = 38;

// In a narrow window the sidebar keeps only its icons (each names itself on hover), so screens keep
// room for their tables.
bool compact_sidebar(const AppState& state) { return ImGui::GetMainViewport()->WorkSize.x < state.px(kCompactBelow); }

float sidebar_width(const AppState& state) {
    return state.px(compact_sidebar(state) ? kCompactSidebarWidth : kSidebarWidth);
}

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

// A sidebar entry: the whole row is the button; the icon is decoration, the word is the label.
bool nav_item(const AppState& state, const ScreenInfo& info, bool selected) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    const ImGuiID id = window->GetID(info.label);
    const ImVec2 pos = window->DC.CursorPos;
    const ImVec2 size(ImGui::GetContentRegionAvail().x, state.px(kNavItemHeight));
    const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::ItemSize(size);
    if (!ImGui::ItemAdd(bb, id)) return false;

    bool hovered = false;
    bool held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
    const Palette& p = palette(state.theme);
    ImDrawList* draw = window->DrawList;
    const float rounding = ImGui::GetStyle().FrameRounding;
    if (selected) {
        draw->AddRectFilled(bb.Min, bb.Max, colour(p.accent_soft), rounding);
    } else if (hovered || held) {
        draw->AddRectFilled(bb.Min, bb.Max, colour(p.hover), rounding);
    }
    ImGui::RenderNavHighlight(bb, id);

    const float font_size = ImGui::GetFontSize();
    const float text_y = bb.Min.y + (size.y - font_size) * 0.5f;
    if (compact_sidebar(state)) {
        const float icon_w = ImGui::CalcTextSize(info.icon).x;
        draw->AddText(ImVec2(std::round(bb.Min.x + (size.x - icon_w) * 0.5f), text_y),
                      colour(selected ? p.accent : p.text_muted), info.icon);
        report_last_item(info.label);
        if (hovered) ImGui::SetTooltip("%s", info.label);
        return pressed;
    }
    const float icon_x = bb.Min.x + state.px(12);
    draw->AddText(ImVec2(icon_x, text_y), colour(selected ? p.accent : p.text_muted), info.icon);
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? p.accent : p.text);
    if (selected) ImGui::PushFont(state.fonts.bold);
    ImGui::RenderText(ImVec2(icon_x + font_size * 1.25f + state.px(10), text_y), info.label);
    if (selected) ImGui::PopFont();
    ImGui::PopStyleColor();

    report_last_item(info.label);
    return pressed;
}

void draw_save_status(const AppState& state) {
    if (state.platform == nullptr) return;
    const SaveStatus status = state.platform->save_status();
    const Palette& p = palette(state.theme);
    const char* icon = icons::kCheck;
    ImVec4 tint = p.text_muted;
    if (status.state == SaveState::Saving) {
        icon = icons::kSaving;
    } else if (status.state == SaveState::NotSaved) {
        icon = icons::kWarning;
        tint = p.danger;
    }
    SemanticScope region(Role::kStatus, "Save state");
    ImGui::PushStyleColor(ImGuiCol_Text, tint);
    ImGui::Text("%s %s", icon, save_state_text(status.state));
    ImGui::PopStyleColor();
    if (status.state == SaveState::NotSaved && !status.reason.empty() && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(state.px(360));
        ImGui::TextUnformatted(status.reason.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

float save_status_width(const AppState& state) {
    // Wide enough for the longest state, so the items left of it do not move as it changes.
    const std::string widest = std::string(icons::kWarning) + " " + save_state_text(SaveState::NotSaved);
    return ImGui::CalcTextSize(widest.c_str()).x + state.px(4);
}

void draw_top_bar(AppState& state) {
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float height = state.px(kTopBarHeight);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(20), 0.0f));
    ImGui::BeginChild(
        "##topbar", ImVec2(0.0f, height), ImGuiChildFlags_AlwaysUseWindowPadding,
        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar(2);  // popups and tooltips opened from here keep the theme's padding
    const float width = ImGui::GetWindowWidth();
    const float frame_y = (height - ImGui::GetFrameHeight()) * 0.5f;
    const float text_y = (height - ImGui::GetFontSize()) * 0.5f;
    const float edge = state.px(20);

    // Left: the mark and the organisation.
    ImGui::SetCursorPos(ImVec2(edge, text_y));
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    ImGui::TextUnformatted(icons::kLeaf);
    ImGui::PopStyleColor();
    ImGui::SameLine(0.0f, state.px(10));
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(state.organisation_name.c_str());
    ImGui::PopFont();

    // Right, from the edge inwards: theme switch, save status, acting person.
    const bool dark = state.theme == Theme::Dark;
    const char* theme_icon = dark ? icons::kSun : icons::kMoon;
    const float theme_w = ImGui::CalcTextSize(theme_icon).x + style.FramePadding.x * 2.0f;
    const float status_w = save_status_width(state);
    const float person_w = state.px(260);
    const float gap = state.px(16);
    const float right = width - edge;
    const float person_x = right - theme_w - gap - status_w - gap - person_w;

    // Left of the acting person: the bell with their unread notifications (F20).
    if (state.store && state.has_organisation) {
        ImGui::SetCursorPos(ImVec2(person_x - state.px(8) - bell_width(state), frame_y));
        draw_bell(state);
        // Left of the bell: Undo and Redo (F28).
        ImGui::SetCursorPos(
            ImVec2(person_x - state.px(8) - bell_width(state) - state.px(12) - undo_buttons_width(state), frame_y));
        draw_undo_buttons(state);
    }

    ImGui::SetCursorPos(ImVec2(person_x, frame_y));
    ImGui::BeginGroup();
    ImGui::PushItemWidth(person_w);
    if (state.store && state.has_organisation) {
        draw_acting_person(state);
    } else {
        const std::string placeholder = std::string(icons::kPerson) + " No acting person";
        ImGui::SetCursorPos(ImVec2(person_x + person_w - ImGui::CalcTextSize(placeholder.c_str()).x, text_y));
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted(placeholder.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopItemWidth();
    ImGui::EndGroup();

    ImGui::SetCursorPos(ImVec2(right - theme_w - gap - status_w, text_y));
    draw_save_status(state);

    ImGui::SetCursorPos(ImVec2(right - theme_w, frame_y));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    // Applied after the bar's style pushes are popped: a pop would restore the old theme's colours.
    const bool switch_theme = icon_button(theme_icon, dark ? "Switch to light theme" : "Switch to dark theme");
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();

    ImGui::EndChild();
    ImGui::PopStyleColor();
    if (switch_theme) set_theme(state, dark ? Theme::Light : Theme::Dark);
}

void draw_sidebar(AppState& state) {
    const Palette& p = palette(state.theme);
    const float width = sidebar_width(state);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(compact_sidebar(state) ? 8 : 12), state.px(16)));
    ImGui::BeginChild("##sidebar", ImVec2(width, 0.0f), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar(2);
    SemanticScope navigation(Role::kNavigation, "Sections");
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0.0f, state.px(2)));
    for (const ScreenInfo& info : kScreens) {
        if (info.screen == Screen::About) continue;
        if (nav_item(state, info, state.screen == info.screen)) {
            // Clicking Groups again from a group's page goes back to the list, as a person expects.
            if (info.screen == Screen::Groups && state.views.groups.open_group) close_group_page(state);
            state.screen = info.screen;
        }
    }

    // About sits at the bottom, apart from the sections.
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - state.px(kNavItemHeight);
    if (ImGui::GetCursorPosY() < bottom) ImGui::SetCursorPosY(bottom);
    if (nav_item(state, screen_info(Screen::About), state.screen == Screen::About)) state.screen = Screen::About;

    ImGui::PopStyleVar();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// Hairlines under the top bar and right of the sidebar, drawn on the root window (children clip
// their own edges away).
void draw_dividers(const AppState& state) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    const ImU32 line = colour(palette(state.theme).border);
    const float top = origin.y + state.px(kTopBarHeight);
    const float side = origin.x + sidebar_width(state);
    const float thickness = std::max(1.0f, std::floor(state.ui_scale));
    draw->AddRectFilled(ImVec2(origin.x, top - thickness), ImVec2(origin.x + size.x, top), line);
    draw->AddRectFilled(ImVec2(side - thickness, top), ImVec2(side, origin.y + size.y), line);
}

// Ends what a screen began before an exception left it halfway: the windows, popups and tables it
// opened and what it pushed, back to `sizes` recorded in the content window. ImGui's own recovery
// (ErrorCheckEndWindowRecover) ends each nested window; the content window's stacks are popped here,
// since its begin-time sizes count the padding pushed around BeginChild, and 1.86 never pops fonts.
void recover_stacks(ImGuiWindow* content, const ImGuiStackSizes& sizes) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    while (g.CurrentWindow != content && g.CurrentWindowStack.Size > 1) {
        ImGui::ErrorCheckEndWindowRecover(nullptr);
        const ImGuiWindowFlags flags = g.CurrentWindow->Flags;
        if ((flags & ImGuiWindowFlags_ChildWindow) != 0) {
            ImGui::EndChild();
        } else if ((flags & ImGuiWindowFlags_Popup) != 0) {
            ImGui::EndPopup();
        } else {
            ImGui::End();
        }
    }
    while (g.CurrentTable != nullptr && g.CurrentTable->OuterWindow == content) ImGui::EndTable();
    while (g.CurrentTabBar != nullptr) ImGui::EndTabBar();
    while (content->DC.TreeDepth > 0) ImGui::TreePop();
    while (g.GroupStack.Size > sizes.SizeOfGroupStack) ImGui::EndGroup();
    while (content->IDStack.Size > sizes.SizeOfIDStack) ImGui::PopID();
    while (g.DisabledStackSize > sizes.SizeOfDisabledStack) ImGui::EndDisabled();
    while (g.ColorStack.Size > sizes.SizeOfColorStack) ImGui::PopStyleColor();
    while (g.StyleVarStack.Size > sizes.SizeOfStyleVarStack) ImGui::PopStyleVar();
    while (g.FontStack.Size > sizes.SizeOfFontStack) ImGui::PopFont();
    while (g.ItemFlagsStack.Size > sizes.SizeOfItemFlagsStack) ImGui::PopItemFlag();
    while (g.FocusScopeStack.Size > sizes.SizeOfFocusScopeStack) ImGui::PopFocusScope();
}

// In place of a screen whose reads failed: the core's words, while the sidebar and the rest still work.
void draw_screen_failure(AppState& state, const ScreenInfo& info) {
    ImGui::PushFont(state.fonts.heading);
    ImGui::TextUnformatted(info.label);
    ImGui::PopFont();
    ImGui::Spacing();
    error_text(state, state.screen_failure);
    muted_text(state, "Nothing was changed. Another screen may still work; reopening Grove may help.");
}

void draw_content(AppState& state) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(compact_sidebar(state) ? 20 : 32), state.px(24)));
    ImGui::BeginChild("##content", ImVec2(0.0f, 0.0f), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();  // screens get the theme's padding for their own child windows
    const ScreenInfo& info = screen_info(state.screen);
    ImGui::PushID(info.key);
    // Reads throw DbError when the database itself fails (a corrupt file, a full disk); caught here,
    // once per frame, so that one failed read costs the screen and not the program.
    ImGuiWindow* content = ImGui::GetCurrentWindow();
    ImGuiStackSizes sizes;
    sizes.SetToContextState(ImGui::GetCurrentContext());
    try {
        if (!long_work_covers_screen(state)) {
            draw_storage_banner(state);
            draw_invitation_banner(state);
            draw_notice(state, state.notice);
        }
        info.draw(state);
        state.screen_failure.clear();
    } catch (const DbError& e) {
        recover_stacks(content, sizes);
        state.screen_failure = storage_error(e).message;
        draw_screen_failure(state, info);
    }
    ImGui::PopID();
    ImGui::EndChild();
}

void draw_error_dialog(AppState& state) {
    constexpr const char* kTitle = "Something went wrong";
    if (!state.error_message.empty() && !ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(state.px(420), 0.0f));
    if (ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        ImGui::TextWrapped("%s", state.error_message.c_str());
        ImGui::Spacing();
        if (button("OK") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
            state.error_message.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace

std::span<const ScreenInfo> all_screens() { return kScreens; }

const ScreenInfo* find_screen(std::string_view key) {
    for (const ScreenInfo& info : kScreens) {
        if (key == info.key) return &info;
    }
    return nullptr;
}

const ScreenInfo& screen_info(Screen screen) {
    for (const ScreenInfo& info : kScreens) {
        if (info.screen == screen) return info;
    }
    return kScreens[0];
}

std::vector<uint8_t> read_font_file(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error != nullptr) *error = "cannot read " + path + ": " + std::strerror(errno);
        return {};
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty() && error != nullptr) *error = path + " is empty";
    return bytes;
}

const char* save_state_text(SaveState state) {
    switch (state) {
        case SaveState::Saved: return "Saved";
        case SaveState::Saving: return "Saving\xe2\x80\xa6";
        case SaveState::NotSaved: return "Not saved";
    }
    return "";
}

void init_ui(AppState& state, const std::string& fonts_dir, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would need frames while idle
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    // shell/input_queue.h spreads input over frames by its own rules; ImGui's trickling on top would hold a
    // click back behind the position the GLFW backend polls every frame.
    io.ConfigInputTrickleEventQueue = false;
    install_ui_recorder(ImGui::GetCurrentContext());
    state.fonts_dir = fonts_dir;
    text::set_active_engine(state.text.get());
    state.text->set_fetch_font([app = &state](const std::string& file,
                                              std::function<void(std::vector<uint8_t>, std::string)> done) {
        if (app->platform == nullptr) return false;
        app->platform->fetch_font(file, [app, done = std::move(done)](std::vector<uint8_t> bytes, std::string error) {
            done(std::move(bytes), std::move(error));
            app->request_redraw();  // the text that waited for this font draws now
        });
        return true;
    });
    state.fonts = Fonts{};
    // A member's page (F22) opens a submission in the review dialog for whoever may review it; anyone else who
    // sees the page (the learner themselves) reads the work, its points and feedback in a read-only panel.
    AppState* app = &state;
    state.views.member.open_review = [app](Id work) {
        auto stored = app->store != nullptr ? find_work(*app->store, work) : std::nullopt;
        if (stored && can(*app->store, app->actor, Cmd::kReviewGive, {.person = stored->user_id})) {
            open_review(*app, work);
        } else {
            open_work_panel(*app, work);
        }
    };
    set_ui_scale(state, scale);
}

bool set_ui_scale(AppState& state, float scale) {
    if (scale <= 0.0f) scale = 1.0f;
    if (state.fonts.scale == scale && state.fonts.regular != nullptr) return false;
    state.ui_scale = scale;
    state.fonts = load_fonts(state.fonts_dir, scale, state.text.get());
    apply_theme(state.theme, scale);
    return true;
}

void set_theme(AppState& state, Theme theme) {
    if (state.store && state.theme != theme)
        state.store->set_local_setting("theme", theme == Theme::Dark ? "dark" : "light");
    state.theme = theme;
    apply_theme(theme, state.ui_scale);
    state.request_redraw();
}

void notify_committed(AppState& state) {
    if (state.platform != nullptr) state.platform->request_save();
    state.request_redraw();
}

// Before the store opens: the window says what it is doing, centred below the top bar.
static void draw_opening(AppState& state) {
    const Palette& p = palette(state.theme);
    const std::string text = std::string(icons::kSaving) + "  " + state.opening;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 area = ImGui::GetWindowSize();
    ImGui::SetCursorPos(ImVec2(std::round((area.x - size.x) * 0.5f), std::round(area.y * 0.4f)));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

namespace {

void draw_frame_parts(AppState& state) {
    text::set_active_engine(state.text.get());
    state.text->new_frame();
    close_popups_clicked_outside_dialog();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    constexpr ImGuiWindowFlags kRootFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                            ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("##grove", nullptr, kRootFlags);
    ImGui::PopStyleVar(2);

    // The three regions are placed explicitly: no spacing between them, each fills its part. While a long job's
    // dialog covers them, only the content is drawn, where the screen draws that dialog alone.
    const bool covered = long_work_covers_screen(state);
    if (!covered) draw_top_bar(state);
    if (!state.store && !state.opening.empty()) {
        draw_opening(state);
        ImGui::End();
        draw_error_dialog(state);
        return;
    }
    if (state.store && !state.has_organisation) {
        ImGui::SetCursorPos(ImVec2(0.0f, state.px(kTopBarHeight)));
        ImGui::BeginChild("##first-run", ImVec2(0.0f, 0.0f), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
        draw_storage_banner(state);
        draw_welcome(state);
        ImGui::EndChild();
        ImGui::End();
        draw_error_dialog(state);
        if (state.platform != nullptr) state.platform->draw();
        return;
    }
    handle_undo_keys(state);
    ImGui::SetCursorPos(ImVec2(0.0f, state.px(kTopBarHeight)));
    if (!covered) draw_sidebar(state);
    ImGui::SetCursorPos(ImVec2(sidebar_width(state), state.px(kTopBarHeight)));
    draw_content(state);
    if (!covered) draw_dividers(state);

    ImGui::End();

    // Dialogs that any screen, the bell or the top bar may open.
    draw_review_dialog(state);
    draw_digest_dialog(state);
    draw_error_dialog(state);
    if (state.platform != nullptr) state.platform->draw();
}

}  // namespace

void draw_frame(AppState& state) {
    // The window NewFrame() begins implicitly: everything the frame opened is closed back down to it.
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* outside = g.CurrentWindow;
    ImGuiStackSizes sizes;
    sizes.SetToContextState(ImGui::GetCurrentContext());
    try {
        draw_frame_parts(state);
    } catch (const DbError& e) {
        // A read outside the screen's own guard failed (the Act as list, a dialog, the welcome page). Caught here,
        // once per frame: what the frame left open is closed, and so are its popups, so the read that failed is
        // not tried again at once; the next frame shows the failure in a band and the data stays as it is.
        recover_stacks(outside, sizes);
        if (g.OpenPopupStack.Size > 0) ImGui::ClosePopupToLevel(0, false);
        state.frame_failure = storage_error(e).message;
        state.request_redraw();
    }
}

}  // namespace grove::ui
