// Undo's record (F28): each command's changes as an SQLite changeset, kept as a step of its acting person.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/result.h"

struct sqlite3_session;

namespace grove {

class Db;
class Store;

// What a step is called and whose it is, from the command's audit entry (record_audit).
struct UndoNote {
    std::string actor_uid;
    std::string action;  // the audit action, "group.delete": undo asks the authoriser about it again
    std::string label;   // the audit summary without the actor, "deleted the group Grade 9"
    std::optional<std::string> group_uid;
    std::optional<std::string> user_uid;
};

// Records one command's changes to the organisation's data (a session over every table but the audit log, the
// steps themselves and this planner's own state) from the start of its transaction. keep(), just before the
// commit, stores them as a step of the acting person when the command named one (Store::note_step), clears that
// person's redo steps and keeps their newest kUndoSteps. Destroyed without keep(), it records nothing.
class UndoRecording {
public:
    explicit UndoRecording(Store& store);
    UndoRecording(const UndoRecording&) = delete;
    UndoRecording& operator=(const UndoRecording&) = delete;
    ~UndoRecording();
    void keep();

private:
    Store& store_;
    sqlite3_session* session_ = nullptr;
};

inline constexpr int kUndoSteps = 100;

struct UndoStep {
    std::int64_t id = 0;
    UndoNote note;
    std::int64_t at = 0;
    bool undone = false;
};

// A person's newest step not undone, and the step they undid last (the next to redo).
std::optional<UndoStep> next_undo_step(Db& db, const std::string& actor_uid);
std::optional<UndoStep> next_redo_step(Db& db, const std::string& actor_uid);
// Newest first, undone steps included.
std::vector<UndoStep> undo_steps(Db& db, const std::string& actor_uid, int limit);
void mark_step_undone(Db& db, std::int64_t id, bool undone);

// Applies a step's changes backwards (undo) or forwards again (redo) inside the running transaction. Refused
// (kConflict, "a later change touched the same records (a group)") when any record is not as the step left it
// (or, forwards, as it found it); groups' member counts are counted again afterwards instead of compared.
Result<void> apply_undo_step(Db& db, std::int64_t id, bool backwards);

}  // namespace grove
