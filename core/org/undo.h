// Undo and redo (F28): each person steps back through their own last changes, and forward again.
//
// Every command that writes its acting person's audit entry is one step of that person (an upload or an import
// is one command, so one step), recorded as the SQLite changeset of its transaction (core/storage/undo_log.h).
// Undoing applies it backwards as a new command of the same person: checked by the authoriser (the person's own
// step, and the rule of the command that made it, asked again), audited ("undid: deleted the group Grade 9"),
// saved. It is refused when a later change touched the same records. A new step clears the person's redo steps;
// the last kUndoSteps steps per person are kept in the database, so they survive a reload.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct UndoHistoryStep {
    std::int64_t id = 0;
    std::string action;  // "group.delete"
    std::string label;   // "deleted the group Grade 9"
    std::int64_t at = 0;
    bool undone = false;  // undone, waiting to be redone
};

// Undoes `actor`'s latest step, returning its label; "Nothing to undo." (kNotFound) when there is none.
Result<std::string> undo(Store& store, Id actor);
// Does again the step `actor` undid last, returning its label; "Nothing to redo." when there is none.
Result<std::string> redo(Store& store, Id actor);
// The label of what undo (redo) would do now, or the reason there is nothing: for buttons and menus. Reads only;
// the refusal of a step others' changes block comes from undo() itself.
Result<std::string> can_undo(Store& store, Id actor);
Result<std::string> can_redo(Store& store, Id actor);
// `actor`'s own steps, newest first, undone ones included.
Result<std::vector<UndoHistoryStep>> undo_history(Store& store, Id actor, int limit = kUndoSteps);

}  // namespace grove
