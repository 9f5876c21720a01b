// What the last frame drew, by label and text: the view that UI tests (and window.groveUi) drive.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct ImGuiContext;

namespace grove::ui {

// Coordinates are ImGui's (the framebuffer's pixels in Grove); the browser converts to CSS pixels.
struct UiSnapshot {
    struct Item {
        std::string label;  // visible text: no "##..." suffix, no icon glyphs
        float x = 0, y = 0, w = 0, h = 0;
        float value = -1.0f;  // a progress bar's fraction done (0..1); -1 for every other item
    };
    // Where a drawn string sits: its first pixel and its size as drawn (not clipped), for layout tests.
    struct TextBox {
        float x = 0, y = 0, w = 0, h = 0;
    };
    std::vector<Item> items;          // every labelled widget, in submission order, clipped to what is visible
    std::vector<std::string> texts;   // every string drawn (Text(), button labels, headings, ...)
    std::vector<TextBox> text_boxes;  // parallel to texts
    // Characters the frame drew without a glyph of their own (as a fallback box or "?"): a script
    // whose font is missing or still loading. 0 when every character was drawn as itself.
    int missing_glyphs = 0;

    // The nth item whose label is exactly `label`, or nullptr.
    const Item* find(std::string_view label, int nth = 0) const;
    // Whether some drawn text contains `needle`.
    bool has_text(std::string_view needle) const;
    // The box of the nth drawn text that is exactly `text`, or nullptr.
    const TextBox* find_text(std::string_view text, int nth = 0) const;
};

// Starts recording items and text for `ctx`, every frame from now on, until the context is destroyed.
void install_ui_recorder(ImGuiContext* ctx);

// The snapshot of the last frame that `ctx` (the current context when null) finished.
const UiSnapshot& last_ui_snapshot(ImGuiContext* ctx = nullptr);

// The last messages ImGui sent through its test-engine log hook (newest last), for debugging.
const std::vector<std::string>& ui_log(ImGuiContext* ctx = nullptr);

// For custom widgets (ItemAdd + ButtonBehavior, or an icon-only button): records the last item
// under `label`, as ImGui's own widgets do, so that tests and screen readers find it by that name.
void report_last_item(const char* label);
// For a progress bar just drawn (ImGui::ProgressBar adds its item without an ID, so report_last_item would
// skip it): records it under `label` with the fraction done as its value.
void report_last_progress(const char* label, float fraction);

// A label as a person reads it: up to "##", without icon glyphs (Private Use Area), trimmed.
std::string visible_label(std::string_view raw);

}  // namespace grove::ui
