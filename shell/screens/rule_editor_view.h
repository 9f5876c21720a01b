// The rule editor's view state (AppState::views.groups.rule): a smart group's rule as a builder of rows and
// blocks, the same rule as text, and the live preview of what saving it would do (screens/rule_editor.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/learning/courses.h"
#include "core/org/departments.h"
#include "core/org/model.h"
#include "shell/cached.h"
#include "shell/widgets/confirm.h"

namespace grove {
// core/rules/rule.h; declared here so that every screen's view state need not read the rule language.
enum class RuleSubject;
enum class RuleOp;
}  // namespace grove

namespace grove::ui {

// One line of the builder: a condition (subject, operator, value), or a block of lines combined by
// "All of" / "Any of" ("None of" and "Not all of" when negated).
struct RuleRow {
    bool block = false;
    bool negate = false;  // a condition: "not ..."; a block: None of (any) / Not all of (all)
    // A block.
    bool any = false;
    std::vector<RuleRow> rows;
    // A condition. `ref` is the field or course of the subject, or the department or group of the value.
    RuleSubject subject{};  // email
    RuleOp op{};            // is (new rows start with "contains": rule_editor.cpp new_row)
    Id ref = 0;
    std::string value;                // text, a number, a date (YYYY-MM-DD) or a number of days
    std::vector<std::string> values;  // "is one of"
    UserStatus status = UserStatus::kActive;
    int when = 0;  // a course: 0 any time, 1 before `value`, 2 after it
};

// What the rows offer: the organisation's fields, courses and departments (groups come from the tree).
struct RuleCatalog {
    std::vector<FieldDef> fields;
    std::vector<Course> courses;
    std::vector<DepartmentRow> departments;
};

// What one opening of the editor works on.
enum class RuleEditorMode { kClosed, kEdit, kCreate };

struct RuleEditorView {
    RuleEditorMode mode = RuleEditorMode::kClosed;
    bool opening = false;  // open the dialog on the next draw
    Id group = 0;          // kEdit: the group whose rule it is
    std::string group_name;
    bool smart = false;  // kEdit: the group has a rule now
    int members = 0;     // kEdit: its members now (for "keeps its 42 members")
    std::string name;    // kCreate: the new group's name and parent
    std::optional<Id> parent;
    bool focus_name = false;

    Cached<RuleCatalog> catalog;
    RuleRow root{.block = true};
    std::string text;           // the rule as text: what the preview reads and Save saves
    std::string original_text;  // when the dialog opened
    std::string parse_error;    // the text's parse error ("expected a quoted value after 'contains'")
    int parse_column = 0;
    std::vector<std::string> incomplete;  // rows the builder cannot write yet, and why ("Row 2: choose a field")

    // The live preview, read again only when the text or the data changed.
    std::string preview_text;
    std::uint64_t preview_stamp = std::numeric_limits<std::uint64_t>::max();
    bool preview_ready = false;
    std::string preview_summary;  // "12 match: +3 join, -1 leave"
    std::string preview_error;
    std::vector<std::string> joiners, leavers;  // names, the first kPreviewNames of each
    int join_count = 0, leave_count = 0;
    // A preview that took long (a district's worth of people) is read again only once the text has stopped
    // changing for a moment, not at every keystroke (rule_editor.cpp, refresh_preview).
    double preview_ms = 0.0;  // how long the last preview took
    std::string typed_text;   // the text as last seen, and when it last changed
    std::chrono::steady_clock::time_point typed_at{};
    bool preview_waiting = false;  // the text changed since the preview; it follows a pause

    Cached<std::vector<std::pair<Id, std::string>>> smart_groups;  // "Copy rule from…": each smart group's name
    std::optional<Id> copied_from;  // "Copy rule from…": the group whose rule was loaded, and its text
    std::string copied_text;
    std::string error;  // the core's refusal on saving
    Confirm confirm;    // "Clear rule"

    // The page's header: the open group's rule, as people read it.
    Cached<std::string> page_rule;  // empty: a manual group
    Id page_rule_group = 0;
};

}  // namespace grove::ui
