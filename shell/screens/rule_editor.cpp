// The rule editor of a smart group (F12) and the New smart group dialog: a builder of rows (subject,
// operator, value) in nested all/any blocks, the same rule as text (either edits the other), and a live
// preview of who would join and who would leave, read from the core only when the rule's text changed.
#include "shell/screens/rule_editor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/learning/courses.h"
#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/people.h"
#include "core/rules/rule.h"
#include "core/rules/smart.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/screens/group_page.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

namespace {

// One dialog whose title says what it does; "###rule-editor" keeps it one window whatever the title.
constexpr const char* kEditTitle = "Edit rule###rule-editor";
constexpr const char* kMakeSmartTitle = "Make smart###rule-editor";
constexpr const char* kCreateTitle = "New smart group###rule-editor";

// Sizes in CSS pixels.
constexpr float kDialogWidth = 920;
constexpr float kNotWidth = 44;
constexpr float kSubjectWidth = 210;
constexpr float kOperatorWidth = 168;
constexpr float kBlockIndent = 26;
constexpr float kListHeight = 150;
// The preview names this many joiners and leavers each; the rest are counted.
constexpr std::size_t kPreviewNames = 200;
// A preview that took at least kSlowPreviewMs (the time docs/rules.md aims a preview at) waits until the text
// has not changed for kPreviewPauseMs: in an organisation of 100,000 people one preview reads everyone (a
// quarter to half a second natively, more in the browser), and one a keystroke would hold up the typing.
// Quicker ones follow every keystroke.
constexpr double kSlowPreviewMs = 100.0;
constexpr double kPreviewPauseMs = 400.0;

// What a rule reads: a change to any of these may change who matches.
constexpr std::uint32_t kRuleKinds =
    kChangePeople | kChangeDepartments | kChangeGroups | kChangeMemberships | kChangeLearning;

RuleEditorView& view(AppState& state) { return state.views.groups.rule; }

// A new condition: "Email contains …", the most common start.
RuleRow new_row() {
    RuleRow row;
    row.subject = RuleSubject::kEmail;
    row.op = RuleOp::kContains;
    return row;
}

ImU32 colour(const ImVec4& c) { return ImGui::GetColorU32(c); }

const RuleCatalog& catalog(AppState& state) {
    return view(state).catalog.get(*state.store, kChangePeople | kChangeLearning | kChangeDepartments, [&] {
        RuleCatalog c;
        c.fields = list_fields(*state.store);
        c.courses = list_courses(*state.store);
        c.departments = department_tree(*state.store);
        return c;
    });
}

const FieldDef* field_of(const RuleCatalog& c, Id id) {
    for (const FieldDef& f : c.fields)
        if (f.id == id) return &f;
    return nullptr;
}
const Course* course_of(const RuleCatalog& c, Id id) {
    for (const Course& course : c.courses)
        if (course.id == id) return &course;
    return nullptr;
}
const DepartmentRow* department_of(const RuleCatalog& c, Id id) {
    for (const DepartmentRow& row : c.departments)
        if (row.department.id == id) return &row;
    return nullptr;
}

// ---- Values as the rows hold them --------------------------------------------------------------------

std::string format_number(double number) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.15g", number);
    return buffer;
}

std::string format_date(std::int64_t day) {
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(day, y, m, d);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buffer;
}

// "is one of" values typed on one line: separated by commas; a value holding a comma or a quote is written
// in double quotes (with \" and \\ inside).
std::vector<std::string> split_values(std::string_view text) {
    std::vector<std::string> values;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
        if (i >= text.size()) break;
        std::string value;
        if (text[i] == '"') {
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
                value += text[i++];
            }
            ++i;
            while (i < text.size() && text[i] != ',') ++i;
        } else {
            const std::size_t end = std::min(text.find(',', i), text.size());
            value = trim(text.substr(i, end - i));
            i = end;
        }
        values.push_back(std::move(value));
    }
    return values;
}

std::string join_values(const std::vector<std::string>& values) {
    std::string text;
    for (const std::string& value : values) {
        if (!text.empty()) text += ", ";
        if (value.find_first_of(",\"\\") == std::string::npos && trim(value) == value) {
            text += value;
            continue;
        }
        text += '"';
        for (char c : value) {
            if (c == '"' || c == '\\') text += '\\';
            text += c;
        }
        text += '"';
    }
    return text;
}

// ---- What each subject offers ----------------------------------------------------------------------

enum class ValueKind {
    kNone,
    kText,
    kList,
    kChoice,
    kChoices,
    kNumber,
    kDate,
    kDays,
    kStatus,
    kDepartment,
    kCourse,
    kGroup
};

const std::vector<RuleOp>& text_ops() {
    static const std::vector<RuleOp> ops = {RuleOp::kContains, RuleOp::kNotContains, RuleOp::kIs,
                                            RuleOp::kIsNot,    RuleOp::kStartsWith,  RuleOp::kEndsWith,
                                            RuleOp::kIsOneOf,  RuleOp::kIsEmpty,     RuleOp::kIsNotEmpty};
    return ops;
}

// The operators the row's subject (and its field's type) offers.
std::vector<RuleOp> offered_ops(const RuleRow& row, const RuleCatalog& c) {
    switch (row.subject) {
        case RuleSubject::kEmail:
        case RuleSubject::kFirstName:
        case RuleSubject::kLastName: return text_ops();
        case RuleSubject::kStatus: return {RuleOp::kIs};
        case RuleSubject::kDepartment: return {RuleOp::kIs, RuleOp::kIsUnder};
        case RuleSubject::kCourse: return {RuleOp::kEnrolled, RuleOp::kInProgress, RuleOp::kCompleted};
        case RuleSubject::kGroup: return {RuleOp::kHasMember};
        case RuleSubject::kField: break;
    }
    const FieldDef* field = field_of(c, row.ref);
    switch (field ? field->type : FieldType::kText) {
        case FieldType::kText: return text_ops();
        case FieldType::kChoice:
            return {RuleOp::kIs, RuleOp::kIsNot, RuleOp::kIsOneOf, RuleOp::kIsEmpty, RuleOp::kIsNotEmpty};
        case FieldType::kNumber:
            return {RuleOp::kEq, RuleOp::kNe, RuleOp::kLt,      RuleOp::kLe,
                    RuleOp::kGt, RuleOp::kGe, RuleOp::kIsEmpty, RuleOp::kIsNotEmpty};
        case FieldType::kDate:
            return {RuleOp::kBefore,     RuleOp::kAfter,   RuleOp::kOn,
                    RuleOp::kWithinLast, RuleOp::kIsEmpty, RuleOp::kIsNotEmpty};
    }
    return text_ops();
}

bool is_text_op(RuleOp op) { return op <= RuleOp::kIsNotEmpty; }

// The operators that fit the row: those offered, and the one it has when the language allows it there too
// (a number field compared as text: "is", "is one of"; a choice field's "contains"), so a typed rule shows.
std::vector<RuleOp> ops_for(const RuleRow& row, const RuleCatalog& c) {
    std::vector<RuleOp> ops = offered_ops(row, c);
    const FieldDef* field = row.subject == RuleSubject::kField ? field_of(c, row.ref) : nullptr;
    const bool substring = row.op == RuleOp::kContains || row.op == RuleOp::kNotContains ||
                           row.op == RuleOp::kStartsWith || row.op == RuleOp::kEndsWith;
    const bool fits = field != nullptr && is_text_op(row.op) &&
                      (!substring || field->type == FieldType::kText || field->type == FieldType::kChoice);
    if (fits && std::find(ops.begin(), ops.end(), row.op) == ops.end()) {
        ops.push_back(row.op);
    }
    return ops;
}

const char* op_label(RuleOp op) {
    switch (op) {
        case RuleOp::kIs: return "is";
        case RuleOp::kIsNot: return "is not";
        case RuleOp::kContains: return "contains";
        case RuleOp::kNotContains: return "does not contain";
        case RuleOp::kStartsWith: return "starts with";
        case RuleOp::kEndsWith: return "ends with";
        case RuleOp::kIsOneOf: return "is one of";
        case RuleOp::kIsEmpty: return "is empty";
        case RuleOp::kIsNotEmpty: return "is not empty";
        case RuleOp::kEq: return "equals";
        case RuleOp::kNe: return "does not equal";
        case RuleOp::kLt: return "is less than";
        case RuleOp::kLe: return "is at most";
        case RuleOp::kGt: return "is more than";
        case RuleOp::kGe: return "is at least";
        case RuleOp::kBefore: return "is before";
        case RuleOp::kAfter: return "is after";
        case RuleOp::kOn: return "is on";
        case RuleOp::kWithinLast: return "is within the last";
        case RuleOp::kIsUnder: return "is in or under";
        case RuleOp::kEnrolled: return "is enrolled";
        case RuleOp::kInProgress: return "is in progress";
        case RuleOp::kCompleted: return "is completed";
        case RuleOp::kHasMember: return "has the person";
    }
    return "";
}

ValueKind value_kind(const RuleRow& row, const RuleCatalog& c) {
    switch (row.subject) {
        case RuleSubject::kStatus: return ValueKind::kStatus;
        case RuleSubject::kDepartment: return ValueKind::kDepartment;
        case RuleSubject::kCourse: return ValueKind::kCourse;
        case RuleSubject::kGroup: return ValueKind::kGroup;
        default: break;
    }
    if (row.op == RuleOp::kIsEmpty || row.op == RuleOp::kIsNotEmpty) return ValueKind::kNone;
    const FieldDef* field = row.subject == RuleSubject::kField ? field_of(c, row.ref) : nullptr;
    const FieldType type = field ? field->type : FieldType::kText;
    if (type == FieldType::kNumber && !is_text_op(row.op)) return ValueKind::kNumber;
    if (type == FieldType::kDate && !is_text_op(row.op))
        return row.op == RuleOp::kWithinLast ? ValueKind::kDays : ValueKind::kDate;
    if (type == FieldType::kChoice && (row.op == RuleOp::kIs || row.op == RuleOp::kIsNot)) return ValueKind::kChoice;
    if (type == FieldType::kChoice && row.op == RuleOp::kIsOneOf) return ValueKind::kChoices;
    return row.op == RuleOp::kIsOneOf ? ValueKind::kList : ValueKind::kText;
}

const char* status_label(UserStatus status) {
    switch (status) {
        case UserStatus::kActive: return "Active";
        case UserStatus::kInvited: return "Invited";
        case UserStatus::kDeactivated: return "Deactivated";
    }
    return "";
}

// The subject as the row's first combo shows it.
std::string subject_label(const RuleRow& row, const RuleCatalog& c) {
    switch (row.subject) {
        case RuleSubject::kEmail: return "Email";
        case RuleSubject::kFirstName: return "First name";
        case RuleSubject::kLastName: return "Last name";
        case RuleSubject::kStatus: return "Status";
        case RuleSubject::kDepartment: return "Department";
        case RuleSubject::kGroup: return "Member of group";
        case RuleSubject::kField: {
            const FieldDef* field = field_of(c, row.ref);
            return field ? "Field: " + field->name : std::string("Field");
        }
        case RuleSubject::kCourse: {
            const Course* course = course_of(c, row.ref);
            return course ? "Course: " + course->name : std::string("Course");
        }
    }
    return "";
}

// ---- The builder and the rule's tree -----------------------------------------------------------------

// How a rule names a department or group: by name, or by slug when another has the same name.
template <class Rows, class Name, class Slug, class RowId>
std::string name_in_rule(const Rows& rows, Id id, Name name, Slug slug, RowId row_id) {
    std::string found, found_slug;
    for (const auto& row : rows)
        if (row_id(row) == id) {
            found = name(row);
            found_slug = slug(row);
        }
    const std::string key = lookalike_key(found);
    int same = 0;
    for (const auto& row : rows) same += lookalike_key(name(row)) == key ? 1 : 0;
    return same > 1 ? found_slug : found;
}

struct Writer {
    AppState& state;
    const RuleCatalog& c;
    std::vector<std::string>& incomplete;
};

// The row's condition, or nothing (and why, in `incomplete`) while it is not finished.
std::optional<RuleNode> condition_node(Writer& w, const RuleRow& row, const std::string& path) {
    auto missing = [&](const std::string& what) -> std::optional<RuleNode> {
        w.incomplete.push_back("Row " + path + ": " + what + ".");
        return std::nullopt;
    };
    RuleNode node;
    node.kind = RuleNode::Kind::kCondition;
    RuleCondition& cond = node.condition;
    cond.subject = row.subject;
    cond.op = row.op;
    switch (row.subject) {
        case RuleSubject::kField: {
            const FieldDef* field = field_of(w.c, row.ref);
            if (field == nullptr) return missing("choose a field");
            cond.ref.id = field->id;
            cond.ref.name = field->name;
            cond.ref.field_type = field->type;
            cond.ref.choices = field->choices;
            break;
        }
        case RuleSubject::kCourse: {
            const Course* course = course_of(w.c, row.ref);
            if (course == nullptr) return missing("choose a course");
            cond.ref.id = course->id;
            cond.ref.name = course->name;
            break;
        }
        case RuleSubject::kDepartment:
            if (department_of(w.c, row.ref) == nullptr) return missing("choose a department");
            cond.ref.id = row.ref;
            cond.ref.name = name_in_rule(
                w.c.departments, row.ref, [](const DepartmentRow& r) { return r.department.name; },
                [](const DepartmentRow& r) { return r.department.slug; },
                [](const DepartmentRow& r) { return r.department.id; });
            return node;
        case RuleSubject::kGroup:
            if (group_row(w.state, row.ref) == nullptr) return missing("choose a group");
            cond.ref.id = row.ref;
            cond.ref.name = name_in_rule(
                group_rows(w.state), row.ref, [](const GroupRow& r) { return r.name; },
                [](const GroupRow& r) { return r.slug; }, [](const GroupRow& r) { return r.id; });
            return node;
        case RuleSubject::kStatus: cond.status = row.status; return node;
        default: break;
    }
    if (row.subject == RuleSubject::kCourse) {
        if (row.when != 0) {
            auto day = parse_iso_date(trim(row.value));
            if (!day) return missing("write the date as YYYY-MM-DD");
            cond.course_before = row.when == 1;
            cond.day = *day;
        }
        return node;
    }
    switch (value_kind(row, w.c)) {
        case ValueKind::kNone: break;
        case ValueKind::kText:
        case ValueKind::kChoice:
            if (row.value.empty())
                return missing(row.subject == RuleSubject::kField && value_kind(row, w.c) == ValueKind::kChoice
                                   ? "choose a value"
                                   : "type a value");
            cond.values = {row.value};
            break;
        case ValueKind::kList:
            cond.values = split_values(row.value);
            if (cond.values.empty()) return missing("type the values, separated by commas");
            break;
        case ValueKind::kChoices:
            cond.values = row.values;
            if (cond.values.empty()) return missing("choose one or more values");
            break;
        case ValueKind::kNumber: {
            auto number = normalise_decimal(trim(row.value));
            if (!number) return missing("type a number, like 3 or 2.5");
            cond.number = std::strtod(number->c_str(), nullptr);
            break;
        }
        case ValueKind::kDays: {
            auto number = normalise_decimal(trim(row.value));
            if (!number || number->find('.') != std::string::npos || number->front() == '-')
                return missing("type a whole number of days");
            cond.number = std::strtod(number->c_str(), nullptr);
            break;
        }
        case ValueKind::kDate: {
            auto day = parse_iso_date(trim(row.value));
            if (!day) return missing("write the date as YYYY-MM-DD");
            cond.day = *day;
            break;
        }
        default: break;
    }
    return node;
}

std::optional<RuleNode> rule_node(Writer& w, const RuleRow& row, const std::string& path) {
    std::optional<RuleNode> node;
    if (!row.block) {
        node = condition_node(w, row, path);
    } else {
        std::vector<RuleNode> children;
        for (std::size_t i = 0; i < row.rows.size(); ++i) {
            const std::string child_path = (path.empty() ? "" : path + ".") + std::to_string(i + 1);
            if (auto child = rule_node(w, row.rows[i], child_path)) children.push_back(std::move(*child));
        }
        if (children.empty()) return std::nullopt;
        if (children.size() == 1) {
            node = std::move(children.front());
        } else {
            node = RuleNode{};
            node->kind = row.any ? RuleNode::Kind::kOr : RuleNode::Kind::kAnd;
            node->children = std::move(children);
        }
    }
    if (!node || !row.negate) return node;
    RuleNode negated;
    negated.kind = RuleNode::Kind::kNot;
    negated.children.push_back(std::move(*node));
    return negated;
}

RuleRow row_of_condition(const RuleCondition& cond, const RuleCatalog& c) {
    RuleRow row;
    row.subject = cond.subject;
    row.op = cond.op;
    row.ref = cond.ref.id;
    row.status = cond.status;
    switch (cond.subject) {
        case RuleSubject::kCourse:
            row.when = !cond.course_before ? 0 : *cond.course_before ? 1 : 2;
            if (cond.course_before) row.value = format_date(cond.day);
            return row;
        case RuleSubject::kStatus:
        case RuleSubject::kDepartment:
        case RuleSubject::kGroup: return row;
        default: break;
    }
    switch (value_kind(row, c)) {
        case ValueKind::kText:
        case ValueKind::kChoice: row.value = cond.values.empty() ? std::string() : cond.values.front(); break;
        case ValueKind::kList: row.value = join_values(cond.values); break;
        case ValueKind::kChoices: row.values = cond.values; break;
        case ValueKind::kNumber:
        case ValueKind::kDays: row.value = format_number(cond.number); break;
        case ValueKind::kDate: row.value = format_date(cond.day); break;
        default: break;
    }
    return row;
}

RuleRow row_of(const RuleNode& node, const RuleCatalog& c) {
    switch (node.kind) {
        case RuleNode::Kind::kCondition: return row_of_condition(node.condition, c);
        case RuleNode::Kind::kAnd:
        case RuleNode::Kind::kOr: {
            RuleRow block{.block = true, .any = node.kind == RuleNode::Kind::kOr};
            for (const RuleNode& child : node.children) block.rows.push_back(row_of(child, c));
            return block;
        }
        case RuleNode::Kind::kNot: break;
    }
    // not: a negated condition, a "None of" / "Not all of" block, or a block of one around another not.
    if (node.children.empty()) return RuleRow{.block = true};
    RuleRow inner = row_of(node.children.front(), c);
    if (node.children.front().kind == RuleNode::Kind::kNot) {
        RuleRow block{.block = true, .negate = true};
        block.rows.push_back(std::move(inner));
        return block;
    }
    inner.negate = true;
    return inner;
}

// The builder's root is always a block: a single condition becomes "All of" that one.
RuleRow builder_of(const RuleNode& node, const RuleCatalog& c) {
    RuleRow row = row_of(node, c);
    if (row.block) return row;
    RuleRow root{.block = true};
    root.rows.push_back(std::move(row));
    return root;
}

// ---- Keeping the text, the builder and the preview together -----------------------------------------

// The parse error "rule:1:27: expected ..." split into its column and its words.
void set_parse_error(RuleEditorView& v, const std::string& message) {
    v.parse_error = message;
    v.parse_column = 0;
    int line = 0, column = 0, used = 0;
    if (std::sscanf(message.c_str(), "rule:%d:%d: %n", &line, &column, &used) >= 2 && used > 0) {
        v.parse_column = column;
        v.parse_error = message.substr(static_cast<std::size_t>(used));
    }
}

void check_text(AppState& state, bool rebuild) {
    RuleEditorView& v = view(state);
    v.parse_error.clear();
    v.parse_column = 0;
    if (trim(v.text).empty()) {
        if (rebuild) {
            v.root = RuleRow{.block = true};
            v.incomplete.clear();
        }
        return;
    }
    auto parsed = parse_rule_in(*state.store, v.text);
    if (!parsed) {
        set_parse_error(v, parsed.error().message);
        return;
    }
    if (rebuild) {
        v.root = builder_of(*parsed, catalog(state));
        v.incomplete.clear();
    }
}

// After a change in the builder: the text follows.
void builder_changed(AppState& state) {
    RuleEditorView& v = view(state);
    v.incomplete.clear();
    Writer w{state, catalog(state), v.incomplete};
    auto node = rule_node(w, v.root, "");
    v.text = node ? print_rule(*node, RuleStyle::kNames) : std::string();
    v.error.clear();
    check_text(state, false);
    state.request_redraw();
}

std::vector<std::string> names_of(Store& store, const std::vector<Id>& ids) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < ids.size() && i < kPreviewNames; ++i) names.push_back(user_name(store, ids[i]));
    return names;
}

// The text was set whole (the dialog opened, a rule copied): its preview need not wait for a pause in typing.
void text_set_whole(RuleEditorView& v) {
    v.typed_text = v.text;
    v.typed_at = {};
}

// What saving the text would do, read again only when the text or the data it reads changed.
void refresh_preview(AppState& state) {
    using Clock = std::chrono::steady_clock;
    RuleEditorView& v = view(state);
    const std::uint64_t stamp = state.store->revision_of(kRuleKinds);
    const auto now = Clock::now();
    if (v.text != v.typed_text) {
        v.typed_text = v.text;
        v.typed_at = now;
    }
    v.preview_waiting = false;
    if (v.preview_text == v.text && v.preview_stamp == stamp) return;
    const bool reads = !trim(v.text).empty() && v.parse_error.empty();
    if (reads && v.preview_text != v.text && v.preview_ms >= kSlowPreviewMs &&
        std::chrono::duration<double, std::milli>(now - v.typed_at).count() < kPreviewPauseMs) {
        v.preview_waiting = true;
        state.request_redraw();  // drawn again until the pause is over
        return;
    }
    v.preview_text = v.text;
    v.preview_stamp = stamp;
    v.preview_ready = false;
    v.preview_error.clear();
    v.preview_summary.clear();
    v.joiners.clear();
    v.leavers.clear();
    v.join_count = v.leave_count = 0;
    if (!reads) return;
    auto change = preview_rule(*state.store, v.mode == RuleEditorMode::kEdit ? v.group : 0, v.text);
    v.preview_ms = std::chrono::duration<double, std::milli>(Clock::now() - now).count();
    if (!change) {
        v.preview_error = change.error().message;
        return;
    }
    v.preview_ready = true;
    v.preview_summary = change->summary();
    v.join_count = static_cast<int>(change->join.size());
    v.leave_count = static_cast<int>(change->leave.size());
    v.joiners = names_of(*state.store, change->join);
    v.leavers = names_of(*state.store, change->leave);
}

// ---- Small widgets of the rows -------------------------------------------------------------------------

// How wide icon_button() draws `icon`.
float icon_width(const char* icon) { return ImGui::CalcTextSize(icon).x + ImGui::GetStyle().FramePadding.x * 2; }

// The filter of the open list (one list is open at a time).
std::string& list_filter() {
    static std::string filter;
    return filter;
}

// A compact combo of `labels`; the index picked this frame, or -1. Long lists get a filter box.
int combo(AppState& state, const std::string& report, const std::string& preview,
          const std::vector<std::string>& labels, int current, float width, bool tree = false) {
    int picked = -1;
    ImGui::SetNextItemWidth(width);
    const bool open =
        begin_combo(report.c_str(), ("##" + report).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (ImGui::IsItemHovered() && ImGui::CalcTextSize(preview.c_str()).x > width - ImGui::GetFrameHeight() * 1.5f)
        ImGui::SetTooltip("%s", preview.c_str());
    if (!open) return -1;
    std::string& filter = list_filter();
    const bool filtered = labels.size() > 10;
    if (ImGui::IsWindowAppearing()) filter.clear();
    if (filtered) {
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(std::max(width, state.px(220)));
        ImGui::InputTextWithHint("##filter", "Type to filter", &filter);
        report_last_item("Type to filter");
    }
    const std::string needle = trim(filter);
    for (int i = 0; i < static_cast<int>(labels.size()); ++i) {
        const std::string& label = labels[static_cast<std::size_t>(i)];
        if (!needle.empty() && !contains_folded(label, needle)) continue;
        ImGui::PushID(i);
        // A tree's rows are indented by leading spaces, dropped while filtering.
        const char* text = label.c_str();
        if (tree && !needle.empty())
            text += label.find_first_not_of(' ') == std::string::npos ? 0 : label.find_first_not_of(' ');
        if (ImGui::Selectable(text, i == current)) picked = i;
        if (i == current && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
        ImGui::PopID();
    }
    ImGui::EndCombo();
    if (picked >= 0) state.request_redraw();
    return picked;
}

// A one-line input named for tests; red-edged while `bad`.
bool value_input(AppState& state, const std::string& report, std::string* text, const char* hint, float width,
                 bool bad) {
    ImGui::SetNextItemWidth(width);
    if (bad) {
        ImGui::PushStyleColor(ImGuiCol_Border, palette(state.theme).danger);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, state.ui_scale));
    }
    const bool changed = ImGui::InputTextWithHint(("##" + report).c_str(), hint, text);
    if (bad) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
    report_last_item(report.c_str());
    return changed;
}

// A month of days to pick from, under the calendar button beside a date field.
bool date_picker(AppState& state, const std::string& report, std::string* value) {
    static PopupAnchor anchor;
    static std::int64_t month_day = 0;  // any day of the month shown
    const std::string popup = "##calendar-" + report;
    bool changed = false;
    if (icon_button(icons::kCalendar, report.c_str())) {
        anchor = last_item_anchor();
        const auto current = parse_iso_date(trim(*value));
        month_day = current ? *current : state.store->now() / 86400000;
        ImGui::OpenPopup(popup.c_str());
    }
    if (!begin_anchored_popup(popup.c_str(), anchor, PopupEdge::kRight)) return false;
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(month_day, y, m, d);
    static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
    const float cell = ImGui::GetFrameHeight() * 1.25f;
    if (icon_button(icons::kArrowLeft, "Previous month"))
        month_day = days_from_civil(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, 1);
    ImGui::SameLine();
    const std::string title = std::string(kMonths[m - 1]) + " " + std::to_string(y);
    const float title_w = cell * 7 - ImGui::GetFrameHeight() * 2 - ImGui::GetStyle().ItemSpacing.x * 2;
    const float text_w = ImGui::CalcTextSize(title.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (title_w - text_w) * 0.5f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(title.c_str());
    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetStyle().WindowPadding.x + cell * 7 - ImGui::GetFrameHeight());
    if (icon_button(icons::kChevronRight, "Next month"))
        month_day = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
    civil_from_days(month_day, y, m, d);
    const std::int64_t first = days_from_civil(y, m, 1);
    const std::int64_t next = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
    const int weekday = static_cast<int>(((first % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday; Monday = 0
    const auto chosen = parse_iso_date(trim(*value));
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    static const char* kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    const float left = ImGui::GetCursorPosX();
    for (int i = 0; i < 7; ++i) {
        if (i > 0) ImGui::SameLine(left + cell * static_cast<float>(i));
        const float w = ImGui::CalcTextSize(kDays[i]).x;
        ImGui::SetCursorPosX(left + cell * static_cast<float>(i) + (cell - w) * 0.5f);
        ImGui::TextUnformatted(kDays[i]);
    }
    ImGui::PopStyleColor();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.5f, 0.5f));
    for (std::int64_t day = first; day < next; ++day) {
        const int column = static_cast<int>((weekday + (day - first)) % 7);
        if (day != first && column == 0) ImGui::NewLine();
        ImGui::SameLine(left + cell * static_cast<float>(column));
        const std::string label = std::to_string(day - first + 1);
        ImGui::PushID(static_cast<int>(day));
        if (ImGui::Selectable(label.c_str(), chosen && *chosen == day, 0, ImVec2(cell, cell * 0.8f))) {
            *value = format_date(day);
            changed = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::PopID();
    }
    ImGui::PopStyleVar(2);
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    if (changed) state.request_redraw();
    return changed;
}

// A choice field's "is one of": its choices, each with a check box.
bool choices_combo(AppState& state, const std::string& report, const FieldDef* field, std::vector<std::string>* picked,
                   float width) {
    std::string preview = join_values(*picked);
    if (preview.empty()) preview = "Choose…";
    ImGui::SetNextItemWidth(width);
    const bool open =
        begin_combo(report.c_str(), ("##" + report).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (!open) return false;
    bool changed = false;
    if (field != nullptr) {
        for (const std::string& choice : field->choices) {
            bool on = std::find(picked->begin(), picked->end(), choice) != picked->end();
            if (checkbox(choice.c_str(), &on)) {
                if (on) {
                    picked->push_back(choice);
                } else {
                    picked->erase(std::remove(picked->begin(), picked->end(), choice), picked->end());
                }
                changed = true;
            }
        }
    }
    ImGui::EndCombo();
    if (changed) state.request_redraw();
    return changed;
}

// ---- The builder -------------------------------------------------------------------------------------

struct Layout {
    float right = 0;  // the content region's right edge (window coordinates)
};

// The subjects the first combo lists: the person's own facts, then each field, each course, and groups.
struct Subjects {
    std::vector<std::string> labels;
    std::vector<std::pair<RuleSubject, Id>> values;
};

Subjects subjects_of(const RuleCatalog& c) {
    Subjects s;
    auto add = [&](std::string label, RuleSubject subject, Id ref) {
        s.labels.push_back(std::move(label));
        s.values.emplace_back(subject, ref);
    };
    add("Email", RuleSubject::kEmail, 0);
    add("First name", RuleSubject::kFirstName, 0);
    add("Last name", RuleSubject::kLastName, 0);
    add("Status", RuleSubject::kStatus, 0);
    add("Department", RuleSubject::kDepartment, 0);
    for (const FieldDef& f : c.fields) add("Field: " + f.name, RuleSubject::kField, f.id);
    for (const Course& course : c.courses) add("Course: " + course.name, RuleSubject::kCourse, course.id);
    add("Member of group", RuleSubject::kGroup, 0);
    return s;
}

// The subject changed: keep what still fits, else start the row's operator and value afresh.
void set_subject(RuleRow& row, RuleSubject subject, Id ref, const RuleCatalog& c) {
    const ValueKind before = value_kind(row, c);
    const RuleSubject old_subject = row.subject;
    row.subject = subject;
    row.ref = (subject == RuleSubject::kField || subject == RuleSubject::kCourse) ? ref : 0;
    if (subject == old_subject && (subject == RuleSubject::kDepartment || subject == RuleSubject::kGroup))
        return;  // nothing changed
    const std::vector<RuleOp> ops = offered_ops(row, c);
    if (std::find(ops.begin(), ops.end(), row.op) == ops.end()) row.op = ops.front();
    if (value_kind(row, c) != before) {
        row.value.clear();
        row.values.clear();
        row.when = 0;
    }
}

void draw_rows(AppState& state, RuleRow& block, const std::string& path, int depth, bool& changed);

void draw_condition(AppState& state, RuleRow& row, const std::string& path, float x, bool& changed, bool& remove) {
    const RuleCatalog& c = catalog(state);
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = style.ItemSpacing.x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    const std::string at = ", row " + path;

    // "not": a quiet toggle that turns the condition around.
    ImGui::SetCursorPosX(x);
    {
        const bool on = row.negate;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              on ? ImVec4(p.danger.x, p.danger.y, p.danger.z, 0.16f) : ImVec4(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(p.danger.x, p.danger.y, p.danger.z, 0.24f));
        ImGui::PushStyleColor(ImGuiCol_Text, on ? p.danger : p.text_muted);
        if (button((std::string(on ? "NOT" : "not") + "##not").c_str(), ImVec2(state.px(kNotWidth), 0))) {
            row.negate = !row.negate;
            changed = true;
        }
        ImGui::PopStyleColor(3);
        report_last_item(("Not" + at).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(on ? "The condition is turned around: it holds when the rest is false. Click to undo."
                                 : "Turn the condition around: it then holds when the rest is false.");
    }

    // The subject.
    ImGui::SameLine(x + state.px(kNotWidth) + gap);
    const Subjects subjects = subjects_of(c);
    int current = -1;
    for (int i = 0; i < static_cast<int>(subjects.values.size()); ++i) {
        const auto& [subject, ref] = subjects.values[static_cast<std::size_t>(i)];
        if (subject == row.subject && (ref == 0 || ref == row.ref)) current = i;
    }
    const float subject_w = state.px(kSubjectWidth);
    const int picked = combo(state, "Subject" + at, subject_label(row, c), subjects.labels, current, subject_w);
    if (picked >= 0) {
        const auto& [subject, ref] = subjects.values[static_cast<std::size_t>(picked)];
        set_subject(row, subject, ref, c);
        changed = true;
    }

    // The operator (a group's row has only the one, said by its subject).
    const float op_x = x + state.px(kNotWidth) + gap + subject_w + gap;
    const float op_w = state.px(kOperatorWidth);
    const std::vector<RuleOp> ops = ops_for(row, c);
    if (row.subject != RuleSubject::kGroup) {
        ImGui::SameLine(op_x);
        std::vector<std::string> labels;
        int op_index = -1;
        for (RuleOp op : ops) {
            if (op == row.op) op_index = static_cast<int>(labels.size());
            labels.emplace_back(op_label(op));
        }
        const int op_picked = combo(state, "Operator" + at, op_label(row.op), labels, op_index, op_w);
        if (op_picked >= 0) {
            const ValueKind before = value_kind(row, c);
            row.op = ops[static_cast<std::size_t>(op_picked)];
            const ValueKind after = value_kind(row, c);
            if (after != before) {
                // "is" to "is one of" keeps the value as the list's first entry, and back.
                if (after == ValueKind::kChoices && !row.value.empty()) row.values = {row.value};
                if (before == ValueKind::kChoices && !row.values.empty()) row.value = row.values.front();
                if (after == ValueKind::kDays || before == ValueKind::kDays) row.value.clear();
            }
            changed = true;
        }
    }

    // The value, up to the remove button.
    const float remove_w = icon_width(icons::kClose);
    const float value_x = row.subject == RuleSubject::kGroup ? op_x : op_x + op_w + gap;
    const float value_w = std::max(state.px(120), right - remove_w - gap - value_x);
    ImGui::SameLine(value_x);
    const std::string value_label = "Value" + at;
    switch (value_kind(row, c)) {
        case ValueKind::kNone: ImGui::Dummy(ImVec2(value_w, ImGui::GetFrameHeight())); break;
        case ValueKind::kText: changed |= value_input(state, value_label, &row.value, "A value", value_w, false); break;
        case ValueKind::kList:
            changed |= value_input(state, value_label, &row.value, "Values, separated by commas", value_w,
                                   !row.value.empty() && split_values(row.value).empty());
            break;
        case ValueKind::kNumber:
            changed |= value_input(state, value_label, &row.value, "A number", value_w,
                                   !row.value.empty() && !normalise_decimal(trim(row.value)));
            break;
        case ValueKind::kDays: {
            const float days_w = ImGui::CalcTextSize("days").x + gap;
            const auto number = normalise_decimal(trim(row.value));
            changed |= value_input(
                state, value_label, &row.value, "30", value_w - days_w,
                !row.value.empty() && (!number || number->find('.') != std::string::npos || number->front() == '-'));
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted("days");
            break;
        }
        case ValueKind::kDate: {
            const float button_w = ImGui::GetFrameHeight() + gap;
            changed |= value_input(state, value_label, &row.value, "YYYY-MM-DD", value_w - button_w,
                                   !row.value.empty() && !parse_iso_date(trim(row.value)));
            ImGui::SameLine();
            changed |= date_picker(state, "Pick a date" + at, &row.value);
            break;
        }
        case ValueKind::kChoice: {
            const FieldDef* field = field_of(c, row.ref);
            std::vector<std::string> labels = field ? field->choices : std::vector<std::string>{};
            int index = -1;
            for (int i = 0; i < static_cast<int>(labels.size()); ++i)
                if (labels[static_cast<std::size_t>(i)] == row.value) index = i;
            const int chosen =
                combo(state, value_label, row.value.empty() ? "Choose…" : row.value, labels, index, value_w);
            if (chosen >= 0) {
                row.value = labels[static_cast<std::size_t>(chosen)];
                changed = true;
            }
            break;
        }
        case ValueKind::kChoices:
            changed |= choices_combo(state, value_label, field_of(c, row.ref), &row.values, value_w);
            break;
        case ValueKind::kStatus: {
            static const std::vector<std::string> labels = {"Active", "Invited", "Deactivated"};
            static const UserStatus statuses[] = {UserStatus::kActive, UserStatus::kInvited, UserStatus::kDeactivated};
            const int chosen = combo(state, value_label, status_label(row.status), labels,
                                     static_cast<int>(row.status == UserStatus::kActive    ? 0
                                                      : row.status == UserStatus::kInvited ? 1
                                                                                           : 2),
                                     value_w);
            if (chosen >= 0) {
                row.status = statuses[chosen];
                changed = true;
            }
            break;
        }
        case ValueKind::kDepartment: {
            std::vector<std::string> labels;
            int index = -1;
            for (const DepartmentRow& d : c.departments) {
                if (d.department.id == row.ref) index = static_cast<int>(labels.size());
                labels.push_back(std::string(static_cast<std::size_t>(d.depth) * 3, ' ') + d.department.name);
            }
            const DepartmentRow* chosen_row = department_of(c, row.ref);
            const int chosen = combo(state, value_label, chosen_row ? chosen_row->department.name : "Choose…", labels,
                                     index, value_w, true);
            if (chosen >= 0) {
                row.ref = c.departments[static_cast<std::size_t>(chosen)].department.id;
                changed = true;
            }
            break;
        }
        case ValueKind::kGroup: {
            const std::vector<GroupRow>& rows = group_rows(state);
            std::vector<std::string> labels;
            int index = -1;
            for (const GroupRow& g : rows) {
                if (g.id == row.ref) index = static_cast<int>(labels.size());
                labels.push_back(std::string(static_cast<std::size_t>(g.depth) * 3, ' ') + g.name);
            }
            const GroupRow* chosen_row = group_row(state, row.ref);
            const int chosen = combo(state, value_label, chosen_row ? chosen_row->name : "Choose a group…", labels,
                                     index, value_w, true);
            if (chosen >= 0) {
                row.ref = rows[static_cast<std::size_t>(chosen)].id;
                changed = true;
            }
            break;
        }
        case ValueKind::kCourse: {
            static const std::vector<std::string> labels = {"at any time", "before", "after"};
            const float when_w = state.px(118);
            const int chosen = combo(state, "When" + at, labels[static_cast<std::size_t>(row.when)], labels, row.when,
                                     row.when == 0 ? value_w : when_w);
            if (chosen >= 0) {
                row.when = chosen;
                changed = true;
            }
            if (row.when != 0) {
                const float button_w = ImGui::GetFrameHeight() + gap;
                ImGui::SameLine();
                changed |= value_input(state, value_label, &row.value, "YYYY-MM-DD", value_w - when_w - gap - button_w,
                                       !row.value.empty() && !parse_iso_date(trim(row.value)));
                ImGui::SameLine();
                changed |= date_picker(state, "Pick a date" + at, &row.value);
            }
            break;
        }
    }

    ImGui::SameLine(right - remove_w);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (icon_button(icons::kClose, ("Remove row " + path).c_str())) remove = true;
    ImGui::PopStyleColor();
}

const char* block_label(const RuleRow& block) {
    if (block.negate) return block.any ? "None of" : "Not all of";
    return block.any ? "Any of" : "All of";
}

// The block's way of combining its rows; true when changed.
bool block_combo(AppState& state, RuleRow& block, const std::string& report, float width) {
    static const std::vector<std::string> labels = {"All of", "Any of", "None of", "Not all of"};
    const int current = block.negate ? (block.any ? 2 : 3) : (block.any ? 1 : 0);
    const int picked = combo(state, report, block_label(block), labels, current, width);
    if (picked < 0 || picked == current) return false;
    block.any = picked == 1 || picked == 2;
    block.negate = picked >= 2;
    return true;
}

void add_buttons(AppState& state, RuleRow& block, const std::string& path, float x, bool& changed) {
    const std::string suffix = path.empty() ? std::string() : ", row " + path;
    ImGui::SetCursorPosX(x);
    const Palette& p = palette(state.theme);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    const std::string condition = std::string(icons::kPlus) + "  Add condition##" + path;
    if (button(condition.c_str())) {
        block.rows.push_back(new_row());
        changed = true;
    }
    if (!suffix.empty()) report_last_item(("Add condition" + suffix).c_str());
    ImGui::SameLine();
    const std::string sub = std::string(icons::kPlus) + "  Add block##" + path;
    if (button(sub.c_str())) {
        RuleRow inner{.block = true, .any = !block.any};
        inner.rows.push_back(new_row());
        block.rows.push_back(std::move(inner));
        changed = true;
    }
    if (!suffix.empty()) report_last_item(("Add block" + suffix).c_str());
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A block of conditions combined its own way: \"Any of\" inside \"All of\", for example.");
}

void draw_block(AppState& state, RuleRow& block, const std::string& path, int depth, float x, bool& changed,
                bool& remove) {
    const Palette& p = palette(state.theme);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::SetCursorPosX(x);
    changed |= block_combo(state, block, "Match, row " + path, state.px(kNotWidth + kSubjectWidth) + gap);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted("these:");
    ImGui::PopStyleColor();
    ImGui::SameLine(right - icon_width(icons::kTrash));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (icon_button(icons::kTrash, ("Remove row " + path).c_str())) remove = true;
    ImGui::PopStyleColor();
    draw_rows(state, block, path, depth + 1, changed);
    add_buttons(state, block, path, x + state.px(kBlockIndent), changed);
    // A rule down the block's left side, from its combo to its last line.
    const float line_x = ImGui::GetWindowPos().x + x + state.px(8) - ImGui::GetScrollX();
    ImGui::GetWindowDrawList()->AddLine(
        ImVec2(line_x, top.y + ImGui::GetFrameHeight() + state.px(2)), ImVec2(line_x, ImGui::GetItemRectMax().y),
        colour(ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.45f)), std::max(1.0f, state.px(2)));
}

void draw_rows(AppState& state, RuleRow& block, const std::string& path, int depth, bool& changed) {
    const float x = ImGui::GetCursorStartPos().x + state.px(kBlockIndent) * static_cast<float>(depth);
    int removed = -1;
    for (int i = 0; i < static_cast<int>(block.rows.size()); ++i) {
        RuleRow& row = block.rows[static_cast<std::size_t>(i)];
        const std::string row_path = (path.empty() ? "" : path + ".") + std::to_string(i + 1);
        ImGui::PushID(i);
        bool remove = false;
        if (row.block) {
            draw_block(state, row, row_path, depth, x, changed, remove);
        } else {
            draw_condition(state, row, row_path, x, changed, remove);
        }
        ImGui::PopID();
        if (remove) removed = i;
    }
    if (removed >= 0) {
        block.rows.erase(block.rows.begin() + removed);
        changed = true;
    }
}

// ---- The dialog ---------------------------------------------------------------------------------------

void draw_builder(AppState& state) {
    RuleEditorView& v = view(state);
    const Palette& p = palette(state.theme);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    bool changed = false;

    // "People are in Teachers when [All of] these are true:", and Copy rule from… at the right.
    const std::string who = v.mode == RuleEditorMode::kCreate ? std::string("People are in the new group when")
                                                              : "People are in " + v.group_name + " when";
    ImGui::AlignTextToFramePadding();
    const float lead_w = std::min(ImGui::CalcTextSize(who.c_str()).x, state.px(360));
    elided_text(who, lead_w);
    ImGui::SameLine();
    changed |= block_combo(state, v.root, "Match", state.px(120));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("these are true:");

    // Copy a rule from another smart group: loaded here, to preview and change before saving.
    const auto& smart = v.smart_groups.get(*state.store, kChangeGroups, [&] {
        std::vector<std::pair<Id, std::string>> groups;
        for (const SmartRule& rule : smart_rules(*state.store))
            groups.emplace_back(rule.group, group_name(*state.store, rule.group));
        return groups;
    });
    std::vector<std::string> labels;
    std::vector<Id> ids;
    for (const auto& [id, name] : smart)
        if (v.mode != RuleEditorMode::kEdit || id != v.group) {
            labels.push_back(name);
            ids.push_back(id);
        }
    if (!ids.empty()) {
        const float copy_w = state.px(200);
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - copy_w);
        const int picked = combo(state, "Copy rule from", "Copy rule from\xe2\x80\xa6", labels, -1, copy_w);
        if (picked >= 0) {
            if (auto rule = smart_rule(*state.store, ids[static_cast<std::size_t>(picked)])) {
                v.text = rule->text;
                v.copied_from = rule->group;
                v.copied_text = rule->text;
                v.error.clear();
                text_set_whole(v);
                check_text(state, true);
            }
            state.request_redraw();
        }
    }
    ImGui::Dummy(ImVec2(0, state.px(2)));

    draw_rows(state, v.root, "", 0, changed);
    if (v.root.rows.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted("No conditions yet: add one, or type the rule below.");
        ImGui::PopStyleColor();
    }
    add_buttons(state, v.root, "", ImGui::GetCursorStartPos().x, changed);
    (void)gap;
    if (changed) builder_changed(state);
}

// The text view: the same rule, typed; a parse error shows under it at its column.
void draw_text_view(AppState& state) {
    RuleEditorView& v = view(state);
    const Palette& p = palette(state.theme);
    if (text_field("Rule as text", &v.text, "field \"Job Title\" contains \"teacher\" and status is active")) {
        v.copied_from.reset();
        v.error.clear();
        check_text(state, true);
        state.request_redraw();
    }
    if (v.parse_error.empty()) {
        muted_text(state,
                   "Type the rule here or build it above: each follows the other. Words: and, or, not, "
                   "parentheses; values in double quotes.");
        return;
    }
    // Where it went wrong: the words, then the text up to that column and a mark under it.
    error_text(state, "Column " + std::to_string(v.parse_column) + ": " + v.parse_error);
    const std::size_t at = std::min(v.text.size(), static_cast<std::size_t>(std::max(0, v.parse_column - 1)));
    std::string before = v.text.substr(0, at);
    const float room = ImGui::GetContentRegionAvail().x * 0.6f;
    while (!before.empty() && ImGui::CalcTextSize(before.c_str()).x > room) {
        std::size_t cut = 1;
        while (cut < before.size() && (static_cast<unsigned char>(before[cut]) & 0xC0) == 0x80) ++cut;
        before.erase(0, cut);
    }
    if (before.size() < at) before = "\xe2\x80\xa6" + before;
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(before.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 0);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    const std::string rest = at < v.text.size() ? v.text.substr(at) : std::string();
    ImGui::TextUnformatted(rest.empty() ? "\xe2\x86\x90 here (the end)" : ("\xe2\x86\x92 " + rest).c_str());
    ImGui::PopStyleColor();
}

void name_list(AppState& state, const char* id, const char* title, const std::vector<std::string>& names, int total,
               float width) {
    const Palette& p = palette(state.theme);
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("%s (%d)", title, total);
    ImGui::PopFont();
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const int lines = static_cast<int>(names.size()) + (total > static_cast<int>(names.size()) ? 1 : 0);
    const float h =
        std::min(static_cast<float>(std::max(lines, 1)) * line_h + ImGui::GetStyle().WindowPadding.y * 2 + state.px(2),
                 state.px(kListHeight));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::BeginChild(id, ImVec2(width, h), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    if (names.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextUnformatted("Nobody");
        ImGui::PopStyleColor();
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(names.size()), line_h);
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) elided_text(names[static_cast<std::size_t>(i)]);
    if (total > static_cast<int>(names.size())) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::Text("and %d more", total - static_cast<int>(names.size()));
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::EndGroup();
}

void draw_preview(AppState& state) {
    RuleEditorView& v = view(state);
    refresh_preview(state);
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("Preview");
    ImGui::PopFont();
    for (std::size_t i = 0; i < v.incomplete.size() && i < 3; ++i) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).warning);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted((v.incomplete[i] + " The row is left out until then.").c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    if (v.preview_waiting) {
        muted_text(state, "The preview follows when you pause typing.");
        return;
    }
    if (!v.preview_error.empty()) {
        error_text(state, v.preview_error);
        return;
    }
    if (!v.preview_ready) {
        muted_text(state, trim(v.text).empty() ? "Add a condition to see who matches."
                                               : "The preview follows once the rule reads correctly.");
        return;
    }
    ImGui::TextUnformatted(v.preview_summary.c_str());
    const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
    const float half = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
    const bool creating = v.mode == RuleEditorMode::kCreate;
    name_list(state, "##joiners", creating ? "Would be members" : "Would join", v.joiners, v.join_count, half);
    ImGui::SameLine(0, gap);
    name_list(state, "##leavers", "Would leave", v.leavers, v.leave_count, half);
}

void close_editor(AppState& state) {
    RuleEditorView& v = view(state);
    v.mode = RuleEditorMode::kClosed;
    close_dialog();
}

void save(AppState& state) {
    RuleEditorView& v = view(state);
    GroupsView& groups = state.views.groups;
    if (v.mode == RuleEditorMode::kCreate) {
        NewGroup group;
        group.name = v.name;
        group.parent_id = v.parent;
        auto created = create_smart_group(*state.store, state.actor, group, v.text);
        if (!created) {
            v.error = created.error().message;
            return;
        }
        int members = 0;
        for (const GroupPerson& person : group_people(*state.store, created->id))
            members += person.direct_role == GroupRole::kMember ? 1 : 0;
        close_editor(state);
        reveal_group(state, created->id);
        (groups.open_group ? groups.page_notice : groups.list_notice)
            .set("Created the smart group " + created->name + " with " + counted(members, "member", "members") +
                     " by its rule.",
                 false);
        return;
    }
    const bool copy = v.copied_from && v.text == v.copied_text;
    auto changed = copy ? copy_rule(*state.store, state.actor, *v.copied_from, v.group)
                        : set_rule(*state.store, state.actor, v.group, v.text);
    if (!changed) {
        v.error = changed.error().message;
        return;
    }
    const std::string name = v.group_name;
    const bool was_smart = v.smart;
    close_editor(state);
    (groups.open_group ? groups.page_notice : groups.list_notice)
        .set((was_smart ? "Saved the rule of " + name : name + " is now a smart group") + ": " + changed->summary() +
                 ".",
             false);
}

void ask_clear(AppState& state) {
    RuleEditorView& v = view(state);
    const std::string name = v.group_name;
    const Id group = v.group;
    const int members = v.members;
    AppState* app = &state;
    close_editor(state);
    ask_confirm(state, v.confirm, "Clear rule", "Clear the rule of " + name + "?",
                name + " becomes a manual group and keeps its " + counted(members, "member", "members") +
                    ". Its pins and exclusions go, and nobody joins or leaves by the rule any more.",
                "Clear rule", [app, group, name, members] {
                    GroupsView& groups = app->views.groups;
                    Notice& notice = groups.open_group ? groups.page_notice : groups.list_notice;
                    auto cleared = clear_rule(*app->store, app->actor, group);
                    if (cleared) {
                        notice.set(
                            name + " is a manual group now, with its " + counted(members, "member", "members") + ".",
                            false);
                    } else {
                        notice.set(cleared.error().message, true);
                    }
                });
}

const char* title_of(const RuleEditorView& v) {
    if (v.mode == RuleEditorMode::kCreate) return kCreateTitle;
    return v.smart ? kEditTitle : kMakeSmartTitle;
}

}  // namespace

void start_rule_editor(AppState& state, Id group) {
    if (state.store == nullptr) return;
    RuleEditorView& v = view(state);
    auto found = find_group(*state.store, group);
    if (!found) return;
    state.views.groups.page_notice.clear();
    const RuleCatalog& c = catalog(state);
    v.mode = RuleEditorMode::kEdit;
    v.opening = true;
    v.group = group;
    v.group_name = found->name;
    v.members = 0;
    for (const GroupPerson& person : group_people(*state.store, group))
        v.members += person.direct_role == GroupRole::kMember ? 1 : 0;
    const std::optional<SmartRule> rule = smart_rule(*state.store, group);
    v.smart = rule.has_value();
    v.text = v.original_text = rule ? rule->text : std::string();
    v.root = RuleRow{.block = true};
    v.incomplete.clear();
    v.error.clear();
    v.copied_from.reset();
    v.copied_text.clear();
    v.preview_stamp = std::numeric_limits<std::uint64_t>::max();
    text_set_whole(v);
    check_text(state, true);
    if (!v.smart) v.root.rows.push_back(new_row());  // a first row to fill in
    (void)c;
    state.request_redraw();
}

void start_new_smart_group(AppState& state, std::optional<Id> parent) {
    if (state.store == nullptr) return;
    RuleEditorView& v = view(state);
    state.views.groups.list_notice.clear();
    v.mode = RuleEditorMode::kCreate;
    v.opening = true;
    v.group = 0;
    v.group_name.clear();
    v.smart = false;
    v.members = 0;
    v.name.clear();
    v.parent = parent;
    v.focus_name = true;
    v.text.clear();
    v.original_text.clear();
    v.root = RuleRow{.block = true};
    v.root.rows.push_back(new_row());
    v.incomplete.clear();
    v.parse_error.clear();
    v.error.clear();
    v.copied_from.reset();
    v.copied_text.clear();
    v.preview_stamp = std::numeric_limits<std::uint64_t>::max();
    text_set_whole(v);
    state.request_redraw();
}

void draw_rule_editor(AppState& state) {
    RuleEditorView& v = view(state);
    draw_confirm(state, v.confirm);
    if (v.mode == RuleEditorMode::kClosed || state.store == nullptr) return;
    const char* title = title_of(v);
    if (v.opening) {
        v.opening = false;
        open_dialog(title);
        state.request_redraw();
    }
    if (!begin_dialog(state, title, kDialogWidth)) {
        if (!ImGui::IsPopupOpen(title)) v.mode = RuleEditorMode::kClosed;
        return;
    }
    if (v.mode == RuleEditorMode::kCreate) {
        muted_text(state,
                   "A smart group's members are the people its rule matches: they join and leave by themselves as "
                   "people, departments, courses and groups change.");
        ImGui::Spacing();
        const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
        const float half = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
        const ImVec2 start = ImGui::GetCursorPos();
        ImGui::BeginGroup();
        if (v.focus_name) {
            ImGui::SetKeyboardFocusHere();
            v.focus_name = false;
        }
        text_field("Name", &v.name, "Teachers", half);
        ImGui::EndGroup();
        ImGui::SetCursorPos(ImVec2(start.x + half + gap, start.y));
        ImGui::BeginGroup();
        ImGui::PushItemWidth(half);
        group_picker(state, "Nest under", &v.parent, group_rows(state), "No parent (top level)");
        ImGui::PopItemWidth();
        ImGui::EndGroup();
    } else {
        muted_text(state, v.smart ? "People join and leave " + v.group_name +
                                        " by themselves as they come to match its rule. Pinned people stay in and "
                                        "excluded people stay out."
                                  : "Give " + v.group_name +
                                        " a rule: the people it matches become its members, and from then on "
                                        "people join and leave by themselves. Its mentors and group admins stay.");
    }
    ImGui::Spacing();
    draw_builder(state);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    draw_text_view(state);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    draw_preview(state);
    ImGui::Spacing();
    if (!v.error.empty()) {
        error_text(state, v.error);
        ImGui::Spacing();
    }
    ImGui::Separator();
    ImGui::Spacing();
    if (v.mode == RuleEditorMode::kEdit && v.smart) {
        if (danger_button(state, "Clear rule")) {
            ask_clear(state);
            end_dialog();
            return;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s becomes a manual group and keeps its members.", v.group_name.c_str());
        ImGui::SameLine();
    }
    const bool ready = !trim(v.text).empty() && v.parse_error.empty() && v.incomplete.empty();
    const char* primary = v.mode == RuleEditorMode::kCreate ? "Create smart group"
                          : v.smart                         ? "Save rule"
                                                            : "Make smart";
    const bool changed = v.text != v.original_text || (v.mode == RuleEditorMode::kCreate && !v.name.empty());
    const DialogAction action = dialog_buttons(state, {.primary = primary, .enabled = ready, .changed = changed});
    if (action == DialogAction::kPrimary) {
        save(state);
    } else if (action == DialogAction::kCancel) {
        close_editor(state);
    }
    end_dialog();
}

std::string group_rule_text(AppState& state, Id group) {
    if (state.store == nullptr) return {};
    RuleEditorView& v = view(state);
    if (v.page_rule_group != group) {
        v.page_rule.invalidate();
        v.page_rule_group = group;
    }
    return v.page_rule.get(*state.store, kRuleKinds, [&] {
        auto rule = smart_rule(*state.store, group);
        return rule ? rule->text : std::string();
    });
}

}  // namespace grove::ui
