// The acting person (F27): chosen at start, switchable from the top bar, remembered across reloads.
#pragma once

#include "core/org/model.h"

namespace grove::ui {

struct AppState;

// Acts as `user` from now on and remembers the choice in the database's local settings.
void set_actor(AppState& state, Id user);
// After the store is attached: the remembered person if they still exist, else the owner.
void restore_actor(AppState& state);
// Re-reads the acting person's name, roles and status (after people or roles changed).
void refresh_actor(AppState& state);

// The top bar's switcher: "Olivia Owens · Owner" opening a searchable list of people.
void draw_acting_person(AppState& state);
// Above every screen while the acting person has an invitation waiting: a banner to accept it.
void draw_invitation_banner(AppState& state);

}  // namespace grove::ui
