// The searchable list of people.
#include "shell/widgets/person_search.h"

#include <algorithm>

#include "core/org/people.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/widgets/forms.h"

namespace grove::ui {

void PersonSearch::refresh(Store& store) {
    std::uint64_t now = store.revision_of(kChangePeople);
    if (now == stamp && searched == query) return;
    results = search_users(store, query, limit);
    searched = query;
    stamp = now;
}

Id person_search_list(AppState& state, PersonSearch& search, const char* hint, float height,
                      const std::vector<Id>* picked) {
    if (!state.store) return 0;
    search_field(state, "people-search", &search.query, hint, -1.0f);
    search.refresh(*state.store);
    Id clicked = 0;
    ImGui::BeginChild("##matches", ImVec2(-1.0f, state.px(height)), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NavFlattened);
    if (search.results.empty()) muted_text(state, "Nobody matches \"" + search.query + "\".");
    for (const User& user : search.results) {
        ImGui::PushID(static_cast<int>(user.id));
        bool chosen = picked && std::find(picked->begin(), picked->end(), user.id) != picked->end();
        std::string label = user.display_name() + "  <" + user.email + ">";
        if (user.status != UserStatus::kActive) label += std::string("  (") + user_status_key(user.status) + ")";
        if (chosen) label = std::string(icons::kCheck) + " " + label;
        if (ImGui::Selectable(label.c_str(), chosen)) clicked = user.id;
        ImGui::PopID();
    }
    ImGui::EndChild();
    return clicked;
}

}  // namespace grove::ui
