// Toolbars that wrap instead of clipping: an item stays on the line while it fits, else starts the next.
#pragma once

namespace grove::ui {

// Call between two items of a toolbar, with the width of the next one (button_width(), a field's width):
// it goes on the same line, `spacing` apart (negative: the style's), when it fits before the content
// region's right edge, and on a new line otherwise.
void flow_same_line(float next_width, float spacing = -1.0f);

}  // namespace grove::ui
