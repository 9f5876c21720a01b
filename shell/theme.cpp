// Grove's light and dark styles: calm neutrals, one green accent, rounded corners, room to breathe.
#include "shell/theme.h"

namespace grove::ui {
namespace {

ImVec4 rgb(int r, int g, int b, float a = 1.0f) {
    return ImVec4(static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f, static_cast<float>(b) / 255.0f, a);
}

ImVec4 with_alpha(ImVec4 c, float a) { return ImVec4(c.x, c.y, c.z, a); }

const Palette kLight = {
    .accent = rgb(5, 150, 105),
    .accent_hover = rgb(4, 120, 87),
    .accent_soft = rgb(5, 150, 105, 0.12f),
    .on_accent = rgb(255, 255, 255),
    .content_bg = rgb(246, 247, 249),
    .panel_bg = rgb(255, 255, 255),
    .border = rgb(228, 231, 236),
    .hover = rgb(16, 24, 40, 0.05f),
    .text = rgb(29, 33, 41),
    .text_muted = rgb(102, 112, 133),
    .success = rgb(5, 150, 105),
    .warning = rgb(181, 71, 8),
    .danger = rgb(217, 45, 32),
};

const Palette kDark = {
    .accent = rgb(52, 211, 153),
    .accent_hover = rgb(110, 231, 183),
    .accent_soft = rgb(52, 211, 153, 0.14f),
    .on_accent = rgb(6, 40, 28),
    .content_bg = rgb(21, 23, 28),
    .panel_bg = rgb(28, 31, 38),
    .border = rgb(45, 50, 61),
    .hover = rgb(255, 255, 255, 0.05f),
    .text = rgb(230, 232, 236),
    .text_muted = rgb(152, 162, 179),
    .success = rgb(52, 211, 153),
    .warning = rgb(253, 176, 34),
    .danger = rgb(249, 112, 102),
};

void set_colours(ImGuiStyle& style, Theme theme) {
    const Palette& p = palette(theme);
    const bool dark = theme == Theme::Dark;
    ImVec4* c = style.Colors;

    const ImVec4 field = dark ? rgb(35, 39, 48) : rgb(255, 255, 255);
    const ImVec4 field_hover = dark ? rgb(41, 46, 56) : rgb(249, 250, 251);
    const ImVec4 button = dark ? rgb(42, 47, 58) : rgb(242, 244, 247);
    const ImVec4 button_hover = dark ? rgb(52, 58, 71) : rgb(228, 231, 236);
    const ImVec4 button_active = dark ? rgb(62, 69, 84) : rgb(208, 213, 221);

    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.text_muted;
    c[ImGuiCol_WindowBg] = p.content_bg;
    c[ImGuiCol_ChildBg] = with_alpha(p.content_bg, 0.0f);
    c[ImGuiCol_PopupBg] = p.panel_bg;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_BorderShadow] = rgb(0, 0, 0, 0.0f);
    c[ImGuiCol_FrameBg] = field;
    c[ImGuiCol_FrameBgHovered] = field_hover;
    c[ImGuiCol_FrameBgActive] = field_hover;
    c[ImGuiCol_TitleBg] = p.panel_bg;
    c[ImGuiCol_TitleBgActive] = p.panel_bg;
    c[ImGuiCol_TitleBgCollapsed] = p.panel_bg;
    c[ImGuiCol_MenuBarBg] = p.panel_bg;
    c[ImGuiCol_ScrollbarBg] = with_alpha(p.content_bg, 0.0f);
    c[ImGuiCol_ScrollbarGrab] = dark ? rgb(70, 77, 92) : rgb(208, 213, 221);
    c[ImGuiCol_ScrollbarGrabHovered] = dark ? rgb(90, 98, 115) : rgb(152, 162, 179);
    c[ImGuiCol_ScrollbarGrabActive] = p.text_muted;
    c[ImGuiCol_CheckMark] = p.accent;
    c[ImGuiCol_SliderGrab] = p.accent;
    c[ImGuiCol_SliderGrabActive] = p.accent_hover;
    c[ImGuiCol_Button] = button;
    c[ImGuiCol_ButtonHovered] = button_hover;
    c[ImGuiCol_ButtonActive] = button_active;
    c[ImGuiCol_Header] = p.accent_soft;
    c[ImGuiCol_HeaderHovered] = with_alpha(p.accent, 0.18f);
    c[ImGuiCol_HeaderActive] = with_alpha(p.accent, 0.26f);
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_SeparatorHovered] = p.accent;
    c[ImGuiCol_SeparatorActive] = p.accent_hover;
    c[ImGuiCol_ResizeGrip] = with_alpha(p.accent, 0.0f);
    c[ImGuiCol_ResizeGripHovered] = with_alpha(p.accent, 0.4f);
    c[ImGuiCol_ResizeGripActive] = p.accent;
    c[ImGuiCol_Tab] = button;
    c[ImGuiCol_TabHovered] = button_hover;
    c[ImGuiCol_TabActive] = p.panel_bg;
    c[ImGuiCol_TabUnfocused] = button;
    c[ImGuiCol_TabUnfocusedActive] = p.panel_bg;
    c[ImGuiCol_PlotLines] = p.accent;
    c[ImGuiCol_PlotLinesHovered] = p.accent_hover;
    c[ImGuiCol_PlotHistogram] = p.accent;
    c[ImGuiCol_PlotHistogramHovered] = p.accent_hover;
    c[ImGuiCol_TableHeaderBg] = dark ? rgb(33, 37, 45) : rgb(249, 250, 251);
    c[ImGuiCol_TableBorderStrong] = p.border;
    c[ImGuiCol_TableBorderLight] = p.border;
    c[ImGuiCol_TableRowBg] = with_alpha(p.panel_bg, 0.0f);
    c[ImGuiCol_TableRowBgAlt] = dark ? rgb(255, 255, 255, 0.025f) : rgb(16, 24, 40, 0.025f);
    c[ImGuiCol_TextSelectedBg] = with_alpha(p.accent, 0.30f);
    c[ImGuiCol_DragDropTarget] = p.accent;
    c[ImGuiCol_NavHighlight] = p.accent;
    c[ImGuiCol_NavWindowingHighlight] = with_alpha(p.accent, 0.7f);
    c[ImGuiCol_NavWindowingDimBg] = rgb(0, 0, 0, 0.3f);
    c[ImGuiCol_ModalWindowDimBg] = dark ? rgb(0, 0, 0, 0.55f) : rgb(16, 24, 40, 0.35f);
}

}  // namespace

const Palette& palette(Theme theme) { return theme == Theme::Dark ? kDark : kLight; }

void apply_theme(Theme theme, float scale) {
    ImGuiStyle style;
    style.WindowPadding = ImVec2(16, 16);
    style.FramePadding = ImVec2(10, 6);
    style.CellPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.TouchExtraPadding = ImVec2(0, 0);
    style.IndentSpacing = 20;
    style.ScrollbarSize = 12;
    style.GrabMinSize = 10;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = theme == Theme::Light ? 1.0f : 0.0f;
    style.TabBorderSize = 0;
    style.WindowRounding = 8;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 8;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
    style.DisplaySafeAreaPadding = ImVec2(0, 0);
    set_colours(style, theme);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace grove::ui
