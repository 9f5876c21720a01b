// What the groups list (groups_screen.cpp), the open group's page (group_page.cpp) and their dialogs
// (group_dialogs.cpp) share: the page itself and the tree of groups.
#pragma once

#include <vector>

#include "core/org/groups.h"

namespace grove::ui {

struct AppState;

// Draws the page of views.groups.open_group: breadcrumbs, heading, actions and its people.
void draw_group_page(AppState& state);

// Shows a group's page (from the list, a breadcrumb, or an "Inherited from" link).
void open_group_page(AppState& state, Id group);
void close_group_page(AppState& state);

// The whole tree (cached on group and membership revisions, in views.groups.sort order).
const std::vector<GroupRow>& group_rows(AppState& state);
// The row of `group` in group_rows(), or null.
const GroupRow* group_row(AppState& state, Id group);
// Makes `group` visible in the list: its ancestors expanded.
void reveal_group(AppState& state, Id group);

}  // namespace grove::ui
