// Deciding whether a rule holds for one person, and saying why (F38).
#include <algorithm>
#include <cstdlib>

#include "core/rules/rule.h"
#include "core/text/text.h"

namespace grove {

const RuleFacts::FieldFact* RuleFacts::field(Id id) const {
    auto it = std::lower_bound(fields.begin(), fields.end(), id,
                               [](const FieldFact& fact, Id wanted) { return fact.field < wanted; });
    return it != fields.end() && it->field == id ? &*it : nullptr;
}

const CourseFact* RuleFacts::course(Id id) const {
    auto it = std::lower_bound(courses.begin(), courses.end(), id,
                               [](const std::pair<Id, CourseFact>& fact, Id wanted) { return fact.first < wanted; });
    return it != courses.end() && it->first == id ? &it->second : nullptr;
}

bool RuleFacts::in_group(Id group) const { return std::binary_search(groups.begin(), groups.end(), group); }

namespace {

struct TextValue {
    std::string_view value;
    std::string_view folded;
    std::string fallback;  // fold(value) when the facts carry no folded form
};

// The person's text for an email, name or field condition; empty when they have none.
void text_of(const RuleCondition& c, const RuleFacts& person, TextValue& out) {
    switch (c.subject) {
        case RuleSubject::kEmail:
            out.value = person.email;
            out.folded = person.email_folded;
            break;
        case RuleSubject::kFirstName:
            out.value = person.first_name;
            out.folded = person.first_folded;
            break;
        case RuleSubject::kLastName:
            out.value = person.last_name;
            out.folded = person.last_folded;
            break;
        case RuleSubject::kField:
            if (const auto* fact = person.field(c.ref.id)) {
                out.value = fact->value;
                out.folded = fact->folded;
            }
            break;
        default: break;
    }
    if (out.folded.empty() && !out.value.empty()) {
        out.fallback = fold(out.value);
        out.folded = out.fallback;
    }
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool number_of(std::string_view value, double& out) {
    if (value.empty()) return false;
    std::string text(value);
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

bool text_matches(const RuleCondition& c, std::string_view folded) {
    if (c.op == RuleOp::kIsEmpty) return folded.empty();
    if (c.op == RuleOp::kIsNotEmpty) return !folded.empty();
    // A missing value is empty: the negative operators hold for it, the positive ones do not.
    if (folded.empty()) return c.op == RuleOp::kIsNot || c.op == RuleOp::kNotContains;
    const std::string& operand = c.folded.empty() ? std::string() : c.folded[0];
    switch (c.op) {
        case RuleOp::kIs: return folded == operand;
        case RuleOp::kIsNot: return folded != operand;
        case RuleOp::kContains: return folded.find(operand) != std::string_view::npos;
        case RuleOp::kNotContains: return folded.find(operand) == std::string_view::npos;
        case RuleOp::kStartsWith: return folded.substr(0, operand.size()) == operand;
        case RuleOp::kEndsWith: return ends_with(folded, operand);
        case RuleOp::kIsOneOf: return std::find(c.folded.begin(), c.folded.end(), folded) != c.folded.end();
        default: return false;
    }
}

bool condition_matches(const RuleCondition& c, const RuleFacts& person, std::int64_t today) {
    switch (c.subject) {
        case RuleSubject::kStatus: return person.status == c.status;
        case RuleSubject::kDepartment:
            if (!person.department) return false;
            if (c.op == RuleOp::kIsUnder)
                return std::binary_search(c.ref.subtree.begin(), c.ref.subtree.end(), *person.department);
            return *person.department == c.ref.id;
        case RuleSubject::kCourse: {
            const CourseFact* course = person.course(c.ref.id);
            if (!course) return false;
            std::int64_t day = course->enrolled_day;
            switch (c.op) {
                case RuleOp::kEnrolled: break;
                case RuleOp::kInProgress:
                    if (!course->started || course->completed_day) return false;
                    break;
                case RuleOp::kCompleted:
                    if (!course->completed_day) return false;
                    day = *course->completed_day;
                    break;
                default: return false;
            }
            if (!c.course_before) return true;
            return *c.course_before ? day < c.day : day > c.day;
        }
        case RuleSubject::kGroup: return person.in_group(c.ref.id);
        case RuleSubject::kEmail:
        case RuleSubject::kFirstName:
        case RuleSubject::kLastName:
        case RuleSubject::kField: break;
    }
    TextValue text;
    text_of(c, person, text);
    if (c.op >= RuleOp::kEq && c.op <= RuleOp::kGe) {
        double x = 0;
        if (!number_of(text.value, x)) return false;
        switch (c.op) {
            case RuleOp::kEq: return x == c.number;
            case RuleOp::kNe: return x != c.number;
            case RuleOp::kLt: return x < c.number;
            case RuleOp::kLe: return x <= c.number;
            case RuleOp::kGt: return x > c.number;
            case RuleOp::kGe: return x >= c.number;
            default: return false;
        }
    }
    if (c.op >= RuleOp::kBefore && c.op <= RuleOp::kWithinLast) {
        auto day = parse_iso_date(text.value);
        if (!day) return false;
        switch (c.op) {
            case RuleOp::kBefore: return *day < c.day;
            case RuleOp::kAfter: return *day > c.day;
            case RuleOp::kOn: return *day == c.day;
            // In [today - N, today], compared as doubles so a huge N cannot overflow.
            case RuleOp::kWithinLast: return *day <= today && static_cast<double>(today - *day) <= c.number;
            default: return false;
        }
    }
    return text_matches(c, text.folded);
}

bool node_matches(const RuleNode& node, const RuleFacts& person, std::int64_t today) {
    switch (node.kind) {
        case RuleNode::Kind::kCondition: return condition_matches(node.condition, person, today);
        case RuleNode::Kind::kNot: return node.children.empty() || !node_matches(node.children[0], person, today);
        case RuleNode::Kind::kAnd:
            for (const auto& child : node.children)
                if (!node_matches(child, person, today)) return false;
            return true;
        case RuleNode::Kind::kOr:
            for (const auto& child : node.children)
                if (node_matches(child, person, today)) return true;
            return false;
    }
    return false;
}

std::string format_day(std::int64_t day) { return format_iso_day(day * 86400000); }

// What the person has for the condition's subject, as the parenthesis after a reason shows it.
std::string shown_value(const RuleCondition& c, const RuleFacts& person) {
    switch (c.subject) {
        case RuleSubject::kStatus: return user_status_key(person.status);
        case RuleSubject::kDepartment:
            return person.department && !person.department_name.empty() ? person.department_name : "empty";
        case RuleSubject::kCourse: {
            const CourseFact* course = person.course(c.ref.id);
            if (!course) return "not enrolled";
            if (course->completed_day) return "completed " + format_day(*course->completed_day);
            if (course->started) return "in progress since " + format_day(course->enrolled_day);
            return "enrolled " + format_day(course->enrolled_day);
        }
        case RuleSubject::kGroup: return person.in_group(c.ref.id) ? "member" : "not a member";
        case RuleSubject::kEmail:
        case RuleSubject::kFirstName:
        case RuleSubject::kLastName:
        case RuleSubject::kField: break;
    }
    TextValue text;
    text_of(c, person, text);
    return text.value.empty() ? std::string("empty") : std::string(text.value);
}

RuleVerdict explain_node(const RuleNode& node, const RuleFacts& person, std::int64_t today) {
    switch (node.kind) {
        case RuleNode::Kind::kCondition: {
            bool holds = condition_matches(node.condition, person, today);
            std::string reason = print_condition(node.condition);
            reason += holds ? " (" : " was false (";
            reason += shown_value(node.condition, person) + ")";
            return {holds, std::move(reason)};
        }
        case RuleNode::Kind::kNot: {
            if (node.children.empty()) return {true, "not"};
            const RuleNode& child = node.children[0];
            RuleVerdict inner = explain_node(child, person, today);
            bool holds = !inner.holds;
            std::string reason = print_rule(node);
            if (child.kind == RuleNode::Kind::kCondition) {
                // Read like a condition of its own: not field "Job Title" contains "teacher" (Clerk).
                reason += holds ? " (" : " was false (";
                reason += shown_value(child.condition, person) + ")";
            } else {
                // not (A and B): A was false (x)   /   not (A or B) was false: A (x)
                reason += holds ? ": " : " was false: ";
                reason += inner.reason;
            }
            return {holds, std::move(reason)};
        }
        case RuleNode::Kind::kAnd:
        case RuleNode::Kind::kOr: {
            // "and" holds when every part does (name them all) and fails at its first failing part; "or" holds
            // at its first holding part and fails when every part does (name them all, each was false).
            bool all = node.kind == RuleNode::Kind::kAnd;
            std::string joined;
            for (const auto& child : node.children) {
                RuleVerdict part = explain_node(child, person, today);
                if (part.holds != all) return part;
                if (!joined.empty()) joined += " and ";
                joined += part.reason;
            }
            return {all, std::move(joined)};
        }
    }
    return {};
}

}  // namespace

bool rule_matches(const RuleNode& rule, const RuleFacts& person, std::int64_t today) {
    return node_matches(rule, person, today);
}

RuleVerdict explain_rule(const RuleNode& rule, const RuleFacts& person, std::int64_t today) {
    return explain_node(rule, person, today);
}

}  // namespace grove
