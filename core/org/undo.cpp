// Undo and redo of a person's own steps, as commands of their own.
#include "core/org/undo.h"

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/storage/undo_log.h"

namespace grove {

namespace {

constexpr const char* kGroupByUid = "SELECT id FROM groups WHERE uid = ?";
constexpr const char* kUserByUid = "SELECT id FROM users WHERE uid = ?";

std::optional<Id> id_by_uid(Store& store, const char* sql, const std::optional<std::string>& uid) {
    if (!uid) return std::nullopt;
    auto s = store.db().prepare(sql);
    s->bind(1, *uid);
    if (!s->step()) return std::nullopt;
    return s->col_int(0);
}

// The rule of the command that made the step, asked again of the records it named as they are now (the group of
// a deleted group's step exists again once the step is undone, so this runs after applying it, inside the command).
Result<void> authorize_step(Store& store, Id actor, const UndoNote& note) {
    for (const CmdDef& def : all_cmds()) {
        if (note.action != def.key) continue;
        AccessTarget target;
        target.group = id_by_uid(store, kGroupByUid, note.group_uid);
        // An entry naming no person was a command about no one else (a post in a discussion is its author's own).
        target.person = note.user_uid ? id_by_uid(store, kUserByUid, note.user_uid) : std::optional<Id>(actor);
        if (target.group) {
            auto s = store.db().prepare("SELECT parent_id FROM groups WHERE id = ?");
            s->bind(1, *target.group);
            if (s->step()) target.parent = s->col_opt_int(0);
        }
        GROVE_TRY(authorize(store, actor, def.cmd, target));
        return {};
    }
    return {};  // a step of a command not in the matrix (an upload, an import): the undo rule alone
}

std::string actor_uid_of(Store& store, Id actor) { return user_uid(store, actor).value_or(std::string()); }

Result<std::string> step_back_or_forth(Store& store, Id actor, bool backwards) {
    return store.command<std::string>(kChangeAll, [&]() -> Result<std::string> {
        GROVE_TRY(authorize(store, actor, Cmd::kUndo, {.person = actor}));
        store.skip_step();
        const std::string uid = actor_uid_of(store, actor);
        auto step = backwards ? next_undo_step(store.db(), uid) : next_redo_step(store.db(), uid);
        if (!step) return not_found(backwards ? "Nothing to undo." : "Nothing to redo.");
        const std::string verb = backwards ? "undo" : "redo";
        if (auto applied = apply_undo_step(store.db(), step->id, backwards); !applied) {
            return Error{applied.error().code,
                         "Cannot " + verb + " \"" + step->note.label + "\": " + applied.error().message + "."};
        }
        if (auto allowed = authorize_step(store, actor, step->note); !allowed) {
            return Error{allowed.error().code,
                         "Cannot " + verb + " \"" + step->note.label + "\": " + allowed.error().message};
        }
        mark_step_undone(store.db(), step->id, backwards);
        record_audit(store, actor,
                     {backwards ? "change.undo" : "change.redo",
                      (backwards ? "undid: " : "redid: ") + step->note.label + ".",
                      // The step's group, so the group's history (group_size.h, the log's filter) finds it.
                      id_by_uid(store, kGroupByUid, step->note.group_uid),
                      std::nullopt,
                      {}});
        return step->note.label;
    });
}

Result<std::string> next_label(Store& store, Id actor, bool backwards) {
    GROVE_TRY(can(store, actor, Cmd::kUndo, {.person = actor}));
    try {
        const std::string uid = actor_uid_of(store, actor);
        auto step = backwards ? next_undo_step(store.db(), uid) : next_redo_step(store.db(), uid);
        if (!step) return not_found(backwards ? "Nothing to undo." : "Nothing to redo.");
        return step->note.label;
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

}  // namespace

Result<std::string> undo(Store& store, Id actor) { return step_back_or_forth(store, actor, true); }
Result<std::string> redo(Store& store, Id actor) { return step_back_or_forth(store, actor, false); }
Result<std::string> can_undo(Store& store, Id actor) { return next_label(store, actor, true); }
Result<std::string> can_redo(Store& store, Id actor) { return next_label(store, actor, false); }

Result<std::vector<UndoHistoryStep>> undo_history(Store& store, Id actor, int limit) {
    GROVE_TRY(authorize_read(store, actor));
    return store.query<std::vector<UndoHistoryStep>>([&] {
        std::vector<UndoHistoryStep> out;
        for (UndoStep& step : undo_steps(store.db(), actor_uid_of(store, actor), limit)) {
            out.push_back({step.id, std::move(step.note.action), std::move(step.note.label), step.at, step.undone});
        }
        return out;
    });
}

}  // namespace grove
