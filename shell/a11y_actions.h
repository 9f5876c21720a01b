// What the browser's screen-reader mirror (web/grove_a11y.js) asks of ImGui's widgets, by their ImGui IDs: focus
// one, or set a text field's text. Each request waits for the frame that submits its widget.
#pragma once

#include <cstdint>
#include <string>

namespace grove::ui::a11y {

// The mirrored element of the widget `id` got the DOM focus: ImGui's keyboard focus goes to that widget.
void request_focus(std::uint32_t id);
// The mirrored field of `id` now holds `text`: the ImGui field takes it.
void request_text(std::uint32_t id, std::string text);
// Enter was pressed in the mirrored one-line field of `id`: what Enter ending that field's editing does in ImGui
// (a dialog's main button, a picker's first match) happens in the frame that draws the field.
void request_enter(std::uint32_t id);
// Whether a request waits (the host draws another frame while one does).
bool pending();

// The UI recorder calls this for each widget it records: a focus request for it is applied now.
void item_submitted(std::uint32_t id);
// A text field's widget calls this before ImGui draws the field `id`: true, with the mirror's text in *text,
// when the mirror set it (a field being edited in ImGui stops being edited, so it shows the new text).
bool take_text(std::uint32_t id, std::string* text);
// Whether the mirror's Enter was applied to the field `id` in this frame (after the field was drawn).
bool entered(std::uint32_t id);
// Whether the mirror's Enter was applied in this frame to a field of the window being drawn or of a child of it
// (a dialog's buttons ask, so Enter in its field presses its main button).
bool entered_in_current_window();

}  // namespace grove::ui::a11y
