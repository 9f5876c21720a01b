// Connects an open Store to the app: save after every commit, keep the organisation's name current.
#include "shell/store_link.h"

#include "core/org.h"
#include "core/store.h"
#include "shell/app.h"

namespace grove::ui {
namespace {

void refresh_org_name(AppState& state, Store& store) {
    if (auto org = get_org(store); org && !org->name.empty()) state.organisation_name = org->name;
}

}  // namespace

void attach_store(AppState& state, Store& store) {
    state.store = &store;
    refresh_org_name(state, store);
    store.on_change([&state, &store](std::uint32_t changes) {
        if (state.on_committed) {
            state.on_committed();
        } else {
            notify_committed(state);
        }
        if ((changes & kChangeOrg) != 0) refresh_org_name(state, store);
    });
}

}  // namespace grove::ui
