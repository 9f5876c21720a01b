// The settings screen's view state (AppState::views.settings): its forms and what they read from the core.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
};

}  // namespace grove::ui
