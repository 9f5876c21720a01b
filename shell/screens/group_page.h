// The open group's page and what the groups list and that page share: the tree, the dialogs that
// both open, small drawing helpers. The list is screens/groups_screen.cpp, the page group_page.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/org/groups.h"

namespace grove::ui {

struct AppState;
struct Notice;

// Draws the page of views.groups.open_group: breadcrumbs, heading, actions and its people.
void draw_group_page(AppState& state);

// Shows a group's page (from the list, a breadcrumb, or an "Inherited from" link).
void open_group_page(AppState& state, Id group);
void close_group_page(AppState& state);

// The whole tree (cached on group and membership revisions, in views.groups.sort order).
const std::vector<GroupRow>& group_rows(AppState& state);
// The row of `group` in group_rows(), or null.
const GroupRow* group_row(AppState& state, Id group);

// Prepare a dialog and open it on this frame (at the screen's level, where it is drawn).
void start_new_group(AppState& state, std::optional<Id> parent);
void start_manage_group(AppState& state, Id group);
void start_delete_groups(AppState& state, const std::vector<Id>& groups, bool from_page);
void start_add_members(AppState& state, Id group);
void start_copy_people(AppState& state, Id group);
void start_remove_person(AppState& state, Id group, Id user, const std::string& person);

// ImGui 1.86 presses a focused button with Space only; `activated(ImGui::Button(...))` takes Enter too.
bool activated(bool pressed);
// Whether the last item has the keyboard's focus (and its highlight: the person moves by keyboard).
bool keyboard_focused();
// The outcome of the last command (success or the core's refusal) with a Dismiss button.
void draw_notice(AppState& state, Notice& notice);

// Text that acts as a link: accent-coloured, underlined on hover, reachable by keyboard, found by
// tests under `label`. `id` keeps it unique among equal labels.
bool link_button(const AppState& state, const char* label, const char* id = nullptr);
// "5 Jan 2026".
std::string format_day(std::int64_t ms);
// Moves the cursor down so that an item `item_height` tall sits in the middle of a table row
// `row_height` tall (both in pixels); call at the start of a cell.
void centre_in_row(float row_height, float item_height);

}  // namespace grove::ui
