// Connects an open Store to the app: save after every commit, keep the organisation's name current.
#include "shell/store_link.h"

#include "core/org/org.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "shell/app.h"
#include "shell/session.h"

namespace grove::ui {
namespace {

void refresh_org_name(AppState& state, Store& store) {
    auto org = get_org(store);
    state.has_organisation = org.has_value();
    state.organisation_name = org && !org->name.empty() ? org->name : "Grove";
}

}  // namespace

void attach_store(AppState& state, Store& store) {
    state.store = &store;
    state.views = Views{};
    refresh_org_name(state, store);
    restore_actor(state);
    if (auto theme = store.local_setting("theme")) set_theme(state, *theme == "dark" ? Theme::Dark : Theme::Light);
    store.on_change([&state, &store](std::uint32_t changes) {
        notify_committed(state);
        if ((changes & kChangeOrg) != 0) refresh_org_name(state, store);
        if ((changes & (kChangePeople | kChangeRoles)) != 0) refresh_actor(state);
    });
    // Smart groups whose rules read the date are brought to today as the database opens (when one is due), so
    // that reading them on a later day shows who is in now.
    (void)refresh_dated_rules(store);
}

}  // namespace grove::ui
