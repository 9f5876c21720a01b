// The dialogs that the groups list and a group's page open (screens/group_dialogs.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org/model.h"

namespace grove::ui {

struct AppState;

// Prepare a dialog and open it on this frame (at the screen's level, where it is drawn).
void start_new_group(AppState& state, std::optional<Id> parent);
void start_manage_group(AppState& state, Id group);
void start_delete_groups(AppState& state, const std::vector<Id>& groups, bool from_page);
void start_add_members(AppState& state, Id group);
void start_copy_people(AppState& state, Id group);
void start_remove_person(AppState& state, Id group, Id user, const std::string& person);

// Draws whichever of the dialogs is open; called once per frame by the Groups screen.
void draw_group_dialogs(AppState& state);

}  // namespace grove::ui
