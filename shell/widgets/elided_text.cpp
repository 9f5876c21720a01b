// Names cut to the room they have (shell/widgets/elided_text.h).
#include "shell/widgets/elided_text.h"

#include <algorithm>

#include "imgui.h"
#include "imgui_internal.h"

namespace grove::ui {

namespace {

constexpr const char* kEllipsis = "\xe2\x80\xa6";

}  // namespace

std::string elide(std::string_view text, float width) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    if (font->CalcTextSizeA(size, FLT_MAX, 0.0f, begin, end).x <= width) return std::string(text);
    const float room = width - font->CalcTextSizeA(size, FLT_MAX, 0.0f, kEllipsis).x;
    const char* fits = begin;
    // With a maximum width, ImGui measures up to the first character that would pass it: a whole one.
    if (room > 0.0f) font->CalcTextSizeA(size, room, 0.0f, begin, end, &fits);
    // A character's first byte is never 10xxxxxx; step back over continuation bytes to be sure.
    while (fits > begin && fits < end && (static_cast<unsigned char>(*fits) & 0xC0) == 0x80) --fits;
    std::string cut(begin, fits);
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();
    return cut + kEllipsis;
}

void full_text_tooltip(const std::string& text) {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool elided_text(const std::string& text, float width) {
    if (width <= 0.0f) width = ImGui::GetContentRegionMaxAbs().x - ImGui::GetCursorScreenPos().x;
    const std::string shown = elide(text, std::max(0.0f, width));
    ImGui::TextUnformatted(shown.c_str());
    const bool cut = shown.size() != text.size();
    if (cut) full_text_tooltip(text);
    return cut;
}

}  // namespace grove::ui
