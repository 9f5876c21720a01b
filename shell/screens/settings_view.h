// The settings screen's view state (AppState::views.settings): its forms and what they read from the core.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/org/fields.h"
#include "core/org/model.h"
#include "shell/cached.h"

namespace grove::ui {

// A form's outcome: the core's refusal, or a short confirmation.
struct FormMessage {
    std::string error;
    std::string done;
    void clear() {
        error.clear();
        done.clear();
    }
};

enum class FieldDialog { kNone, kRename, kChoices, kDelete };
enum class LockDialog { kNone, kSet, kChange, kClear };

struct SettingsView {
    Cached<std::optional<Org>> org;
    Cached<int> group_count;
    Cached<std::vector<FieldDef>> fields;

    // Organisation: the name being edited, refilled whenever the organisation's name changes.
    std::string name;
    std::string loaded_name;
    FormMessage rename;

    // Plan: the plan picked in the combo; empty means the current one.
    std::optional<Plan> plan_choice;
    FormMessage plan;

    // Additional fields: the "Add field" form.
    std::string field_name;
    FieldType field_type = FieldType::kText;
    std::string field_choices;  // comma-separated, for a choice field
    FormMessage field;

    // A field's Rename, Choices and Delete dialogs; one is open at a time, for `edited`.
    FieldDialog field_dialog = FieldDialog::kNone;
    bool open_field_dialog = false;  // asked this frame: opens on the next draw
    Id edited = 0;
    FormMessage field_change;  // what the last of them did, under the table
    std::string new_name;      // Rename
    std::string name_error;    // Rename: the core's refusal, shown under the name
    // Choices: one row per choice, each remembering the choice it started as (empty for a new row), so that
    // the people holding a choice renamed in its row get the new spelling unless told otherwise.
    struct ChoiceRow {
        std::string text;
        std::string original;
    };
    std::vector<ChoiceRow> choice_rows;
    std::vector<HeldValue> held;      // the values people hold, read as the dialog opens
    std::vector<std::string> mapped;  // parallel to `held`: the choice picked for its holders ("" none yet)
    std::string choices_error;
    // Delete: what goes (or why it may not), read as the dialog opens.
    int delete_values = 0;
    std::string delete_refusal;
    std::string delete_error;

    // Passphrase lock (F41): whether one is set, what the last set, change or clear did, and its dialog.
    Cached<bool> lock_set;
    FormMessage lock;
    LockDialog lock_dialog = LockDialog::kNone;
    bool open_lock_dialog = false;  // asked this frame: opens on the next draw
    std::string lock_current;       // typed passphrases, cleared when the dialog closes or a try fails
    std::string lock_new;
    std::string lock_repeat;
    std::string lock_error;
    std::int64_t lock_retry_at = 0;  // the store's clock: no try with the current passphrase before it
};

}  // namespace grove::ui
