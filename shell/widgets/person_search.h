// Finding people by name or email as one types (Add members, the acting-person switcher).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/org/model.h"

namespace grove {
class Store;
}

namespace grove::ui {

struct AppState;

// The query and its results, searched again only when the query or the people changed.
struct PersonSearch {
    std::string query;
    std::vector<User> results;
    std::string searched;
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();
    int limit = 50;

    void refresh(Store& store);
    void reset() {
        query.clear();
        stamp = std::numeric_limits<std::uint64_t>::max();
    }
};

// A search field above a scrolling list of matches, `height` CSS pixels tall. Each match is a
// selectable row labelled with the person's name and email; returns the ID clicked, or 0.
// `picked` (may be null) marks rows already chosen.
Id person_search_list(AppState& state, PersonSearch& search, const char* hint, float height,
                      const std::vector<Id>* picked = nullptr);

}  // namespace grove::ui
