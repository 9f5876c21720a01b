// The audit log screen's view state (AppState::views.audit_log): its filters and the entries they select.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/org/audit.h"
#include "core/org/groups.h"
#include "core/org/model.h"
#include "shell/cached.h"
#include "shell/widgets/person_search.h"

namespace grove::ui {

// What the filters select, read once per change of the log or of the filters.
struct AuditPage {
    std::vector<AuditEntry> entries;  // newest first, at most the core's kAuditShown
    std::vector<std::string> when;    // each entry's time as the table shows it ("2026-11-25 09:30")
    std::vector<std::string> what;    // each entry's summary as the table shows it, with how many people it lists
    bool more = false;                // older entries match too
    std::string refusal;              // the core's message when the acting person may not read the log
};

struct AuditLogView {
    // Filters, as the person set them.
    std::optional<Id> person;  // empty: anyone
    std::string person_name;
    PersonSearch person_search;
    std::optional<Id> group;   // empty: any group
    std::string from;          // "YYYY-MM-DD", inclusive; empty: no bound
    std::string to;            // "YYYY-MM-DD", inclusive; empty: no bound
    bool typing_from = false;  // a half-typed date is not called wrong until it is finished
    bool typing_to = false;
    std::string text;

    Cached<std::vector<GroupRow>> groups;  // for the group picker
    Cached<AuditPage> page;
    std::string page_key;  // the actor and filters `page` was read for

    std::string export_message;
    std::string export_error;

    // The entry opened from the table (a click or Enter on its row): everything it holds, in a dialog.
    std::optional<AuditEntry> open;
    bool open_dialog = false;     // the dialog opens on the next frame
    std::string open_error;       // the core refused to read it
    std::string open_filter;      // the dialog's search box over the people an entry lists
    std::string open_filter_key;  // the filter `open_rows` was made for
    std::vector<int> open_rows;   // indices into open->details that the search lets through
};

}  // namespace grove::ui
