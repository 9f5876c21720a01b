// Group images: textures of their thumbnails per group (decoding is in shell/image_decode.cpp).
#include "shell/thumbnails.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/org/groups.h"
#include "core/storage/store.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/ui_snapshot.h"

namespace grove::ui {

Texture make_texture(AppState& state, const DecodedImage& image) {
    Texture texture;
    if (!state.create_texture || image.rgba.empty()) return texture;
    texture.id = state.create_texture(image.width, image.height, image.rgba.data());
    texture.width = image.width;
    texture.height = image.height;
    return texture;
}

void free_texture(AppState& state, Texture& texture) {
    if (texture.id != nullptr && state.destroy_texture) state.destroy_texture(texture.id);
    texture = Texture{};
}

// ---- Thumbnails ------------------------------------------------------------------------------------

Thumbnails::Thumbnails(Thumbnails&& other) noexcept
    : entries_(std::move(other.entries_)), destroy_(std::move(other.destroy_)) {
    other.entries_.clear();
}

Thumbnails& Thumbnails::operator=(Thumbnails&& other) noexcept {
    if (this != &other) {
        clear();
        entries_ = std::move(other.entries_);
        destroy_ = std::move(other.destroy_);
        other.entries_.clear();
    }
    return *this;
}

Thumbnails::~Thumbnails() { clear(); }

void Thumbnails::clear() {
    for (auto& [id, entry] : entries_) {
        if (entry.texture.id != nullptr && destroy_) destroy_(entry.texture.id);
    }
    entries_.clear();
}

Texture Thumbnails::get(AppState& state, Id group, std::int64_t stamp) {
    if (!state.create_texture || state.store == nullptr) return {};
    if (!destroy_) destroy_ = state.destroy_texture;
    const auto frame = static_cast<std::uint64_t>(ImGui::GetFrameCount());
    auto found = entries_.find(group);
    if (found != entries_.end() && found->second.stamp == stamp) {
        found->second.used = frame;
        return found->second.texture;
    }
    // Decoding is the slow part: spread a screenful of new pictures over a few frames.
    if (decoded_frame_ != ImGui::GetFrameCount()) {
        decoded_frame_ = ImGui::GetFrameCount();
        decodes_this_frame_ = 0;
    }
    if (decodes_this_frame_ >= kDecodesPerFrame) {
        state.request_redraw();
        return found != entries_.end() ? found->second.texture : Texture{};
    }
    ++decodes_this_frame_;

    Entry entry;
    entry.stamp = stamp;
    entry.used = frame;
    if (auto image = group_image(*state.store, group)) {
        if (auto decoded = decode_image(image->bytes)) {
            entry.texture = make_texture(state, *decoded);
        } else {
            entry.failed = true;
        }
    }
    if (found != entries_.end()) {
        free_texture(state, found->second.texture);
        found->second = entry;
    } else {
        entries_.emplace(group, entry);
        evict();
    }
    return entry.texture;
}

void Thumbnails::evict() {
    while (entries_.size() > kBudget) {
        auto oldest = std::min_element(entries_.begin(), entries_.end(),
                                       [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
        if (oldest->second.texture.id != nullptr && destroy_) destroy_(oldest->second.texture.id);
        entries_.erase(oldest);
    }
}

// ---- Drawing ---------------------------------------------------------------------------------------

void draw_thumbnail(const AppState& state, const Texture& texture, const std::string& name, float size,
                    const char* label) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 end(pos.x + size, pos.y + size);
    if (label != nullptr) {
        // An item with an ID (so it can carry a name) that keyboard navigation passes over.
        ImGui::ItemSize(ImVec2(size, size));
        if (!ImGui::ItemAdd(ImRect(pos, end), ImGui::GetID(label), nullptr, ImGuiItemFlags_NoNav)) return;
        report_last_item(label);
    } else {
        ImGui::Dummy(ImVec2(size, size));
        if (!ImGui::IsItemVisible()) return;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float rounding = std::round(size * 0.22f);
    if (texture) {
        // Fill the square, cropping the longer side (centre crop), as avatars do.
        ImVec2 uv0(0, 0);
        ImVec2 uv1(1, 1);
        if (texture.width > texture.height) {
            const float crop = (1.0f - static_cast<float>(texture.height) / texture.width) * 0.5f;
            uv0.x = crop;
            uv1.x = 1.0f - crop;
        } else if (texture.height > texture.width) {
            const float crop = (1.0f - static_cast<float>(texture.width) / texture.height) * 0.5f;
            uv0.y = crop;
            uv1.y = 1.0f - crop;
        }
        draw->AddImageRounded(texture.id, pos, end, uv0, uv1, IM_COL32_WHITE, rounding);
        draw->AddRect(pos, end, ImGui::GetColorU32(palette(state.theme).border), rounding);
        return;
    }
    // A tile tinted by the name, so neighbouring groups are told apart at a glance.
    static constexpr ImU32 kHues[][2] = {
        {IM_COL32(5, 150, 105, 255), IM_COL32(209, 250, 229, 255)},   // green
        {IM_COL32(37, 99, 235, 255), IM_COL32(219, 234, 254, 255)},   // blue
        {IM_COL32(147, 51, 234, 255), IM_COL32(243, 232, 255, 255)},  // purple
        {IM_COL32(217, 119, 6, 255), IM_COL32(254, 243, 199, 255)},   // amber
        {IM_COL32(219, 39, 119, 255), IM_COL32(252, 231, 243, 255)},  // pink
        {IM_COL32(13, 148, 136, 255), IM_COL32(204, 251, 241, 255)},  // teal
    };
    std::uint32_t hash = 2166136261u;
    for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
    const auto& hue = kHues[hash % (sizeof kHues / sizeof kHues[0])];
    const bool dark = state.theme == Theme::Dark;
    ImU32 fill = hue[1];
    ImU32 ink = hue[0];
    if (dark) {
        ImVec4 strong = ImGui::ColorConvertU32ToFloat4(hue[0]);
        fill = ImGui::GetColorU32(ImVec4(strong.x, strong.y, strong.z, 0.22f));
        ink = ImGui::GetColorU32(ImVec4(std::min(1.0f, strong.x * 0.6f + 0.4f), std::min(1.0f, strong.y * 0.6f + 0.4f),
                                        std::min(1.0f, strong.z * 0.6f + 0.4f), 1.0f));
    }
    draw->AddRectFilled(pos, end, fill, rounding);

    // The first letter (a whole UTF-8 sequence), upper-cased when it is ASCII.
    std::string initial = "?";
    if (!name.empty()) {
        const auto lead = static_cast<unsigned char>(name[0]);
        const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        initial = name.substr(0, n);
        if (n == 1) initial[0] = static_cast<char>(std::toupper(lead));
    }
    ImFont* font = state.fonts.bold != nullptr ? state.fonts.bold : ImGui::GetFont();
    if (size >= state.px(40) && state.fonts.heading != nullptr) font = state.fonts.heading;
    const float font_size = std::min(font->FontSize, size * 0.55f);
    const ImVec2 text = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, initial.c_str());
    draw->AddText(font, font_size,
                  ImVec2(std::round(pos.x + (size - text.x) * 0.5f), std::round(pos.y + (size - text.y) * 0.5f)), ink,
                  initial.c_str());
}

}  // namespace grove::ui
