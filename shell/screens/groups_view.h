// The groups screen's view state (AppState::views.groups): the tree list and the open group's page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/groups.h"
#include "shell/cached.h"

namespace grove::ui {

struct GroupsView {
    Cached<std::vector<GroupRow>> tree;
    GroupSort sort = GroupSort::kNewest;
    std::string filter;
    // The group whose page is open; empty: the list.
    std::optional<Id> open_group;
};

}  // namespace grove::ui
