// Group images: decoding picked files, GPU textures of their thumbnails, and drawing them (or a
// placeholder with the group's initial where there is no renderer, as in headless tests).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "imgui.h"
#include "shell/image_decode.h"

namespace grove {
class Store;
}

namespace grove::ui {

struct AppState;

// One texture made through AppState::create_texture; empty when the host has no renderer.
struct Texture {
    ImTextureID id = nullptr;
    int width = 0;
    int height = 0;
    explicit operator bool() const { return id != nullptr; }
};
Texture make_texture(AppState& state, const DecodedImage& image);
void free_texture(AppState& state, Texture& texture);

// Textures of the groups' images, made when a row first shows one and kept while the group's
// updated_at stays the same; the least recently drawn are let go beyond a small budget.
class Thumbnails {
public:
    Thumbnails() = default;
    Thumbnails(const Thumbnails&) = delete;
    Thumbnails& operator=(const Thumbnails&) = delete;
    Thumbnails(Thumbnails&& other) noexcept;
    Thumbnails& operator=(Thumbnails&& other) noexcept;
    ~Thumbnails();

    // The texture for `group`'s image whose updated_at is `stamp`, loading and decoding it from the
    // store if needed (a few per frame; later ones ask for another frame). Empty without a renderer.
    Texture get(AppState& state, Id group, std::int64_t stamp);
    void clear();
    std::size_t size() const { return entries_.size(); }

    static constexpr std::size_t kBudget = 96;
    static constexpr int kDecodesPerFrame = 4;

private:
    struct Entry {
        std::int64_t stamp = 0;
        Texture texture;
        std::uint64_t used = 0;  // the frame it was last drawn in
        bool failed = false;     // not an image stb can read: keep the placeholder, do not retry
    };
    void evict();

    std::unordered_map<Id, Entry> entries_;
    std::function<void(ImTextureID)> destroy_;  // the host's, kept so the destructor can let go
    int decoded_frame_ = -1;
    int decodes_this_frame_ = 0;
};

// Draws a `size`-pixel rounded square: the texture if there is one, else a tinted tile with the
// first letter of `name`. Takes the space of one item; with a `label` that item is named for tests
// and screen readers ("Image of Grade 9").
void draw_thumbnail(const AppState& state, const Texture& texture, const std::string& name, float size,
                    const char* label = nullptr);

}  // namespace grove::ui
