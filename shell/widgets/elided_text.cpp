// Names cut to the room they have (shell/widgets/elided_text.h).
#include "shell/widgets/elided_text.h"

#include <algorithm>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "shell/text/text_engine.h"

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
    // Back to the last place between grapheme clusters: ImGui stops between codepoints, which may split a
    // letter from its combining accents (NFD "e" + U+0302 + U+0303) or a kana from its voicing mark, and a
    // cut there never falls inside a UTF-8 sequence either.
    const std::vector<size_t> bounds = text::grapheme_boundaries(text);
    const size_t at = static_cast<size_t>(fits - begin);
    const auto after = std::upper_bound(bounds.begin(), bounds.end(), at);
    fits = begin + (after == bounds.begin() ? 0 : *(after - 1));
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
