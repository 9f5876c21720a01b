// Grove's light and dark looks: ImGui's style plus the few colours the shell paints itself.
#pragma once

#include "imgui.h"

namespace grove::ui {

enum class Theme { Light, Dark };

struct Palette {
    ImVec4 accent;  // links, selection, primary buttons, the Grove mark
    ImVec4 accent_hover;
    ImVec4 accent_soft;  // background of the selected sidebar entry and table rows
    ImVec4 on_accent;    // text on an accent background
    ImVec4 content_bg;   // behind screens
    ImVec4 panel_bg;     // top bar, sidebar, cards
    ImVec4 border;
    ImVec4 hover;  // background of a hovered sidebar entry
    ImVec4 text;
    ImVec4 text_muted;
    ImVec4 success;
    ImVec4 warning;
    ImVec4 danger;
};

const Palette& palette(Theme theme);

// Sets ImGui's whole style for `theme`, with every size multiplied by `scale` (the pixel ratio).
void apply_theme(Theme theme, float scale);

}  // namespace grove::ui
