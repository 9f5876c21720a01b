// The rule language of smart groups (F12): parsing it (with the line and column of every error), printing it
// back, and deciding for one person whether it holds and why (F38). Pure: no database. Names of fields,
// departments, courses and groups are resolved through a RuleResolver, which the store's rule engine
// (core/rules/smart.h) implements over the database; docs/rules.md describes the language.
//
//   rule       := or
//   or         := and ("or" and)*
//   and        := unary ("and" unary)*
//   unary      := "not" unary | "(" or ")" | condition
//   condition  := "email" TEXT-OP | "first name" TEXT-OP | "last name" TEXT-OP
//               | "status" "is" ("active" | "invited" | "deactivated")
//               | "department" ("is" | "is under") STRING
//               | "field" STRING (TEXT-OP | NUMBER-OP | DATE-OP)
//               | "course" STRING "is" ("enrolled" | "in progress" | "completed") [("before" | "after") DATE]
//               | "group" STRING "has member"
//   TEXT-OP    := "is" STRING | "is not" STRING | "contains" STRING | "does not contain" STRING
//               | "starts with" STRING | "ends with" STRING | "is one of" "(" STRING ("," STRING)* ")"
//               | "is empty" | "is not empty"
//   NUMBER-OP  := ("=" | "!=" | "<" | "<=" | ">" | ">=") NUMBER
//   DATE-OP    := ("before" | "after" | "on") DATE | "within last" NUMBER "days" | "is empty"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/org/model.h"

namespace grove {

enum class RuleSubject { kEmail, kFirstName, kLastName, kStatus, kDepartment, kField, kCourse, kGroup };

enum class RuleOp {
    // TEXT-OP (email, names, any field; "is" also for status and department)
    kIs,
    kIsNot,
    kContains,
    kNotContains,
    kStartsWith,
    kEndsWith,
    kIsOneOf,
    kIsEmpty,  // also a DATE-OP
    kIsNotEmpty,
    // NUMBER-OP (number fields)
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    // DATE-OP (date fields)
    kBefore,
    kAfter,
    kOn,
    kWithinLast,
    // department
    kIsUnder,
    // course
    kEnrolled,
    kInProgress,
    kCompleted,
    // group
    kHasMember,
};

// A field, department, course or group named in a rule, as the resolver found it.
struct RuleRef {
    Id id = 0;
    std::string uid;                          // stable across planners: the stored form of a rule names records by it
    std::string name;                         // the current name, for printing and reasons
    FieldType field_type = FieldType::kText;  // fields only
    std::vector<std::string> choices;         // choice fields only
    std::vector<Id> subtree;                  // departments only: the department and all below it, sorted
};

// How a rule's names are looked up. by_uid: the stored form (names replaced by uids, see print_rule).
class RuleResolver {
public:
    virtual ~RuleResolver() = default;
    // nullopt: no such record (the parser then reports "unknown field "X"" at the name's column).
    virtual std::optional<RuleRef> field(std::string_view name_or_uid, bool by_uid) = 0;
    virtual std::optional<RuleRef> department(std::string_view name_or_slug_or_uid, bool by_uid) = 0;
    virtual std::optional<RuleRef> course(std::string_view name_or_slug_or_uid, bool by_uid) = 0;
    virtual std::optional<RuleRef> group(std::string_view name_or_slug_or_uid, bool by_uid) = 0;
};

struct RuleCondition {
    RuleSubject subject = RuleSubject::kEmail;
    RuleOp op = RuleOp::kIs;
    RuleRef ref;                              // field, department, course or group
    std::vector<std::string> values;          // text operand(s) as written (one; several for "is one of")
    std::vector<std::string> folded;          // the same, folded (text.h fold: case and accents ignored)
    UserStatus status = UserStatus::kActive;  // "status is ..."
    double number = 0;                        // NUMBER-OP operand; "within last N days": N
    std::int64_t day = 0;                     // a DATE operand, as days since 1970-01-01
    std::optional<bool> course_before;        // course ... [before|after DATE]: true = before, false = after
    int line = 1, column = 1;                 // where the condition starts in the text it was parsed from
};

struct RuleNode {
    enum class Kind { kAnd, kOr, kNot, kCondition };
    Kind kind = Kind::kCondition;
    std::vector<RuleNode> children;  // and/or: two or more; not: one
    RuleCondition condition;         // kCondition
};

struct RuleParseError {
    int line = 1;
    int column = 1;
    std::string message;  // "expected a quoted value after 'contains'"
    // "rule:1:27: expected a quoted value after 'contains'"
    std::string text() const;
};

// Parses a rule as people type it (names or slugs), or its stored form (by_uid = true). Keywords ignore case.
// Errors: bad syntax, an unknown field/department/course/group, an operator that does not fit the field's
// type ("Age" is a number field: "contains" needs a text field), a value that is not one of a choice field's
// choices, a bad DATE (YYYY-MM-DD) or NUMBER. Each at the column of the offending token.
std::variant<RuleNode, RuleParseError> parse_rule(std::string_view text, RuleResolver& resolver, bool by_uid = false);

enum class RuleStyle {
    kNames,  // as people read it: field "Job Title" contains "teacher" and department is under "Science"
    kUids,   // the stored form: every name replaced by its record's uid, so renames do not break the rule
};
// One line, canonical: keywords lower case, strings quoted with \" and \\ escaped, parentheses only where
// needed (an "or" inside an "and", a compound inside "not"). parse_rule(print_rule(r)) gives r back.
std::string print_rule(const RuleNode& rule, RuleStyle style = RuleStyle::kNames);
std::string print_condition(const RuleCondition& condition, RuleStyle style = RuleStyle::kNames);

// Every record the rule reads (for dependency order, refusing deletions, and loading only what is needed).
struct RuleReads {
    bool email = false, first_name = false, last_name = false, status = false, department = false;
    std::vector<Id> fields, courses, groups;  // sorted, unique
    bool today = false;                       // "within last N days": the answer changes with the date
};
RuleReads rule_reads(const RuleNode& rule);

// What a rule sees of one person. Text is kept as stored and folded (text.h fold), so comparisons ignore
// case and accents. Only what the rules read need be filled in.
struct CourseFact {
    std::int64_t enrolled_day = 0;              // days since 1970-01-01
    bool started = false;                       // at least one step done
    std::optional<std::int64_t> completed_day;  // every step done (a course with steps): the day of the last
};
struct RuleFacts {
    Id id = 0;
    std::string email, first_name, last_name;
    std::string email_folded, first_folded, last_folded;
    UserStatus status = UserStatus::kActive;
    std::optional<Id> department;
    std::string department_name;
    struct FieldFact {
        Id field = 0;
        std::string value;   // as stored: "3.5", "2026-01-31", "Teacher"
        std::string folded;  // fold(value)
    };
    std::vector<FieldFact> fields;                   // sorted by field; a missing field is empty
    std::vector<std::pair<Id, CourseFact>> courses;  // sorted by course id: enrolments
    std::vector<Id> groups;                          // sorted: groups the person belongs to, in any role

    const FieldFact* field(Id id) const;
    const CourseFact* course(Id id) const;
    bool in_group(Id group) const;
};

// Whether the rule holds for the person on `today` (days since 1970-01-01, UTC).
bool rule_matches(const RuleNode& rule, const RuleFacts& person, std::int64_t today);

// Why the rule holds or not, in words naming the deciding conditions and the person's values:
//   holds:     field "Job Title" contains "teacher" (Teacher)
//   fails:     department is under "Science" was false (Maths)
// "and" that holds names every part joined by " and "; "and" that fails names its first failing part; "or"
// the other way round. An empty value shows as (empty); a course as (enrolled 2026-01-05), (completed
// 2026-02-01) or (not enrolled); a group as (member) or (not a member).
struct RuleVerdict {
    bool holds = false;
    std::string reason;
};
RuleVerdict explain_rule(const RuleNode& rule, const RuleFacts& person, std::int64_t today);

}  // namespace grove
