// The rule editor (F12): a smart group's rule built from rows of subject, operator and value in nested
// all/any blocks, beside the same rule as text, with a live preview of who joins and who leaves; and the
// New smart group dialog, which is the same editor with a name and a place.
#pragma once

#include <optional>
#include <string>

#include "core/org/model.h"

namespace grove::ui {

struct AppState;

// Opens the editor on `group`'s rule ("Make smart" for a manual group).
void start_rule_editor(AppState& state, Id group);
// Opens New smart group, nested under `parent` when given.
void start_new_smart_group(AppState& state, std::optional<Id> parent);
// Draws the editor while it is open (the Groups screen calls it once per frame).
void draw_rule_editor(AppState& state);

// The rule of `group` as people read it (cached on the store's revisions), or empty for a manual group.
std::string group_rule_text(AppState& state, Id group);

}  // namespace grove::ui
