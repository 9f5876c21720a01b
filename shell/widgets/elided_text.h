// Names cut to the room they have: an ellipsis after a whole character (a grapheme cluster: a letter with its
// accents stays whole), the full text on hover.
#pragma once

#include <string>
#include <string_view>

namespace grove::ui {

// `text` as it fits `width` pixels in the current font: whole when it fits, else its longest beginning
// (whole grapheme clusters, trailing spaces dropped) followed by "…".
std::string elide(std::string_view text, float width);

// One line of `text` at the cursor, cut by elide() to `width` pixels (0: to the right edge of the
// content region); when cut, hovering shows the full text. True when it was cut.
bool elided_text(const std::string& text, float width = 0.0f);

// The full text as a tooltip when the last item is hovered (for widgets that draw an elided name).
void full_text_tooltip(const std::string& text);

}  // namespace grove::ui
