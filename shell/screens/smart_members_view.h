// The view state of a smart group's members on its page (screens/smart_members.cpp): the marks of its
// members, the Pins & exclusions tab, "Why?" and the Pin / Exclude dialogs (F12, F33, F38).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/org/model.h"
#include "core/rules/smart.h"
#include "shell/cached.h"
#include "shell/widgets/person_search.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

// What the page shows of a group's rule side, read once per change of its data (never per frame).
struct SmartMarks {
    Id group = 0;
    bool smart = false;                                // is_smart
    std::unordered_map<Id, RuleException> exceptions;  // rule_exception_map: who is pinned or excluded
    std::vector<RuleExceptionRow> rows;                // rule_exceptions: the Pins & exclusions tab, by name
    int pinned = 0;
    int excluded = 0;
};

// The Pin and Exclude dialogs: for one person picked on a row, or for people found by a search.
struct RuleExceptionForm {
    Id group = 0;
    std::string group_name;
    RuleException kind = RuleException::kPin;
    std::optional<Id> user;          // set: the person of a row (no search)
    std::string person;              // their name
    bool instead_of_remove = false;  // opened by "Remove from group" on a member the rule keeps in
    PersonSearch search;
    std::vector<Id> picked_ids;
    std::vector<std::string> picked_names;
    std::string reason;
    std::string error;
};

// One person's reason, read when asked for (a click), kept until the data changes.
struct WhyAnswer {
    Id group = 0;
    Id user = 0;
    std::string name;
    std::string line;  // "in: pinned by Ana Hill: covers for Ms Ray", or the core's refusal
    bool in = false;
    bool failed = false;
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();
};

enum class SmartDialog { kNone, kPin, kExclude, kWhy };

struct SmartMembersView {
    Cached<SmartMarks> marks;
    SmartDialog pending = SmartDialog::kNone;
    RuleExceptionForm form;
    // "Why?" on a row: a small popup under the link.
    WhyAnswer why;
    bool open_why = false;
    PopupAnchor why_anchor;
    // "Why is… in or out?": anyone of the organisation, found by name or email.
    Id why_group = 0;
    std::string why_group_name;
    PersonSearch why_search;
    WhyAnswer why_found;
};

}  // namespace grove::ui
