// The acting person (F27): chosen at start, switchable from the top bar, remembered across reloads.
#pragma once

#include "core/org/model.h"

namespace grove::ui {

struct AppState;

// Acts as `user` from now on and remembers the choice in the database's local settings.
void set_actor(AppState& state, Id user);
// What a person's choice to act as `user` does: set_actor(), unless the organisation's passphrase lock (F41) asks for
// the passphrase first (they hold an org role): then the passphrase dialog opens, and set_actor() follows it.
void act_as(AppState& state, Id user);
// After the store is attached: the remembered person if they still exist, else the owner.
void restore_actor(AppState& state);
// Re-reads the acting person's name, roles and status (after people or roles changed).
void refresh_actor(AppState& state);

// The top bar's switcher: "Olivia Owens · Owner" opening a searchable list of people.
void draw_acting_person(AppState& state);
// Above every screen while the acting person has an invitation waiting: a banner to accept it.
void draw_invitation_banner(AppState& state);

}  // namespace grove::ui
