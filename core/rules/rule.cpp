// The rule language of smart groups: lexing, parsing (each error with its line and column), printing and reads.
#include "core/rules/rule.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/text/text.h"

namespace grove {

namespace {

// ---- lexing ----

enum class Tok { kWord, kString, kNumeric, kPunct, kEnd, kError };

struct Token {
    Tok kind = Tok::kEnd;
    std::string text;  // word or numeric: as written; string: unescaped; punct: the symbol; error: the message
    int line = 1;
    int column = 1;
};

bool is_word_start(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; }
bool is_word_char(unsigned char c) { return is_word_start(c) || (c >= '0' && c <= '9') || c == '_'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Splits the text into tokens ending with kEnd, or with kError at the first character that cannot start or
// continue a token (the parser reports it when it gets there, so earlier mistakes are reported first).
std::vector<Token> lex(std::string_view text) {
    std::vector<Token> tokens;
    size_t i = 0;
    int line = 1, column = 1;
    // Columns count characters: a UTF-8 continuation byte does not move the column.
    auto advance = [&] {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
        ++i;
    };
    auto at = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0; };
    while (true) {
        while (i < text.size() && is_space(at(i))) advance();
        Token token;
        token.line = line;
        token.column = column;
        if (i >= text.size()) {
            token.kind = Tok::kEnd;
            tokens.push_back(token);
            return tokens;
        }
        unsigned char c = at(i);
        if (c == '"') {
            advance();
            std::string value;
            bool closed = false;
            while (i < text.size()) {
                unsigned char d = at(i);
                if (d == '"') {
                    advance();
                    closed = true;
                    break;
                }
                if (d == '\\') {
                    unsigned char e = at(i + 1);
                    if (e == '"' || e == '\\') {
                        value += static_cast<char>(e);
                        advance();
                        advance();
                        continue;
                    }
                    Token error{Tok::kError, "", line, column};
                    error.text = e == 0 ? std::string("a \\ at the end of the rule: only \\\" and \\\\ are escapes")
                                        : "unknown escape \\" + std::string(1, static_cast<char>(e)) +
                                              " in a quoted value: only \\\" and \\\\ are escapes";
                    tokens.push_back(error);
                    return tokens;
                }
                value += static_cast<char>(d);
                advance();
            }
            if (!closed) {
                token.kind = Tok::kError;
                token.text = "unclosed quote: expected \" before the end of the rule";
                tokens.push_back(token);
                return tokens;
            }
            token.kind = Tok::kString;
            token.text = std::move(value);
            tokens.push_back(token);
            continue;
        }
        if (is_digit(c) || ((c == '-' || c == '+' || c == '.') && (is_digit(at(i + 1)) || at(i + 1) == '.'))) {
            // A number or a date: the parser decides which it needs and whether it is a good one.
            size_t start = i;
            advance();
            while (i < text.size() && (is_digit(at(i)) || at(i) == '.' || at(i) == '-' || at(i) == '+')) advance();
            token.kind = Tok::kNumeric;
            token.text = std::string(text.substr(start, i - start));
            tokens.push_back(token);
            continue;
        }
        if (text.substr(i, 3) == "\xE2\x80\x9C" || text.substr(i, 3) == "\xE2\x80\x9D") {
            // Word processors turn quotes curly; say so rather than calling the value a word.
            token.kind = Tok::kError;
            token.text =
                "curly quote " + std::string(text.substr(i, 3)) + ": put a value between straight quotes \"...\"";
            tokens.push_back(token);
            return tokens;
        }
        if (is_word_start(c)) {
            size_t start = i;
            while (i < text.size() && is_word_char(at(i))) advance();
            token.kind = Tok::kWord;
            token.text = std::string(text.substr(start, i - start));
            tokens.push_back(token);
            continue;
        }
        if (c == '(' || c == ')' || c == ',' || c == '=') {
            advance();
            token.kind = Tok::kPunct;
            token.text = std::string(1, static_cast<char>(c));
            tokens.push_back(token);
            continue;
        }
        if (c == '<' || c == '>' || (c == '!' && at(i + 1) == '=')) {
            advance();
            token.kind = Tok::kPunct;
            token.text = std::string(1, static_cast<char>(c));
            if (at(i) == '=') {
                advance();
                token.text += '=';
            }
            tokens.push_back(token);
            continue;
        }
        token.kind = Tok::kError;
        token.text = "unexpected character '" + std::string(1, static_cast<char>(c)) + "'";
        tokens.push_back(token);
        return tokens;
    }
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k) {
        auto x = static_cast<unsigned char>(a[k]), y = static_cast<unsigned char>(b[k]);
        if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

const char* field_type_word(FieldType type) {
    switch (type) {
        case FieldType::kText: return "text";
        case FieldType::kNumber: return "number";
        case FieldType::kDate: return "date";
        case FieldType::kChoice: return "choice";
    }
    return "text";
}

// The keyword of an operator as printed (and as error messages name it).
const char* op_keyword(RuleOp op) {
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
        case RuleOp::kEq: return "=";
        case RuleOp::kNe: return "!=";
        case RuleOp::kLt: return "<";
        case RuleOp::kLe: return "<=";
        case RuleOp::kGt: return ">";
        case RuleOp::kGe: return ">=";
        case RuleOp::kBefore: return "before";
        case RuleOp::kAfter: return "after";
        case RuleOp::kOn: return "on";
        case RuleOp::kWithinLast: return "within last";
        case RuleOp::kIsUnder: return "is under";
        case RuleOp::kEnrolled: return "enrolled";
        case RuleOp::kInProgress: return "in progress";
        case RuleOp::kCompleted: return "completed";
        case RuleOp::kHasMember: return "has member";
    }
    return "is";
}

bool is_substring_op(RuleOp op) {
    return op == RuleOp::kContains || op == RuleOp::kNotContains || op == RuleOp::kStartsWith ||
           op == RuleOp::kEndsWith;
}
bool is_number_op(RuleOp op) { return op >= RuleOp::kEq && op <= RuleOp::kGe; }
bool is_date_op(RuleOp op) { return op >= RuleOp::kBefore && op <= RuleOp::kWithinLast; }
bool takes_one_value(RuleOp op) { return op == RuleOp::kIs || op == RuleOp::kIsNot || is_substring_op(op); }

const char* kTextOps =
    "is, is not, contains, does not contain, starts with, ends with, is one of, is empty, is not empty";

std::string ops_for(FieldType type) {
    switch (type) {
        case FieldType::kNumber: return "=, !=, <, <=, >, >=, is, is not, is one of, is empty, is not empty";
        case FieldType::kDate: return "before, after, on, within last, is, is not, is one of, is empty, is not empty";
        case FieldType::kText:
        case FieldType::kChoice: return kTextOps;
    }
    return kTextOps;
}

std::string format_day(std::int64_t day) { return format_iso_day(day * 86400000); }

// The shortest decimal that reads back as the same double, without an exponent (the language has none).
std::string format_number(double x) {
    if (x == 0 || !std::isfinite(x)) return "0";
    char buf[64];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, x);
        if (std::strtod(buf, nullptr) == x) break;
    }
    std::string s = buf;
    size_t e = s.find('e');
    if (e == std::string::npos) return s;
    int exponent = std::atoi(s.c_str() + e + 1);
    std::string mantissa = s.substr(0, e);
    bool negative = !mantissa.empty() && mantissa[0] == '-';
    if (negative) mantissa.erase(0, 1);
    size_t point = mantissa.find('.');
    if (point == std::string::npos) point = mantissa.size();
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits += c;
    long long at = static_cast<long long>(point) + exponent;  // where the point goes in `digits`
    std::string out;
    if (at <= 0) {
        out = "0." + std::string(static_cast<size_t>(-at), '0') + digits;
    } else if (at >= static_cast<long long>(digits.size())) {
        out = digits + std::string(static_cast<size_t>(at) - digits.size(), '0');
    } else {
        out = digits.substr(0, static_cast<size_t>(at)) + "." + digits.substr(static_cast<size_t>(at));
    }
    return negative ? "-" + out : out;
}

// ---- parsing ----

const char* kExpectedCondition =
    "expected a condition (email, first name, last name, status, department, field, course, group), \"not\" or \"(\"";

class Parser {
public:
    Parser(std::string_view text, RuleResolver& resolver, bool by_uid)
        : tokens_(lex(text)), resolver_(resolver), by_uid_(by_uid) {}

    std::variant<RuleNode, RuleParseError> parse() {
        auto rule = parse_or();
        if (rule && peek().kind != Tok::kEnd) fail(peek(), "expected \"and\", \"or\" or the end of the rule");
        if (error_) return *error_;
        return std::move(*rule);
    }

private:
    std::vector<Token> tokens_;
    size_t pos_ = 0;
    RuleResolver& resolver_;
    bool by_uid_;
    std::optional<RuleParseError> error_;

    const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
    bool word(size_t ahead, std::string_view keyword) const {
        const Token& t = peek(ahead);
        return t.kind == Tok::kWord && iequals(t.text, keyword);
    }
    bool punct(size_t ahead, std::string_view symbol) const {
        const Token& t = peek(ahead);
        return t.kind == Tok::kPunct && t.text == symbol;
    }
    // Records the first error; at a token the lexer could not read, its own message wins.
    bool fail(const Token& at, std::string message) {
        if (!error_) {
            error_ = RuleParseError{at.line, at.column, at.kind == Tok::kError ? at.text : std::move(message)};
        }
        return false;
    }

    static void append_part(std::vector<RuleNode>& parts, RuleNode node, RuleNode::Kind kind) {
        // "a or (b or c)" is "a or b or c": one level per kind, so printing and parsing agree.
        if (node.kind == kind) {
            for (auto& child : node.children) parts.push_back(std::move(child));
        } else {
            parts.push_back(std::move(node));
        }
    }

    std::optional<RuleNode> parse_list(RuleNode::Kind kind) {
        bool is_or = kind == RuleNode::Kind::kOr;
        auto first = is_or ? parse_list(RuleNode::Kind::kAnd) : parse_unary();
        if (!first) return std::nullopt;
        if (!word(0, is_or ? "or" : "and")) return first;
        std::vector<RuleNode> parts;
        append_part(parts, std::move(*first), kind);
        while (word(0, is_or ? "or" : "and")) {
            ++pos_;
            auto next = is_or ? parse_list(RuleNode::Kind::kAnd) : parse_unary();
            if (!next) return std::nullopt;
            append_part(parts, std::move(*next), kind);
        }
        RuleNode node;
        node.kind = kind;
        node.children = std::move(parts);
        return node;
    }
    std::optional<RuleNode> parse_or() { return parse_list(RuleNode::Kind::kOr); }

    // Parentheses and "not" nest by recursion: a rule of thousands of "(" overflowed the stack (found by
    // tests/fuzz/fuzz_rule.cpp; a wasm stack is small). People write a few levels; more is refused.
    static constexpr int kMaxNesting = 32;
    int nesting_ = 0;
    struct Nested {
        int& depth;
        explicit Nested(int& d) : depth(++d) {}
        ~Nested() { --depth; }
    };

    std::optional<RuleNode> parse_unary() {
        Nested nested(nesting_);
        if (nesting_ > kMaxNesting) {
            fail(peek(),
                 "the rule nests parentheses and \"not\" more than " + std::to_string(kMaxNesting) + " levels deep");
            return std::nullopt;
        }
        if (word(0, "not")) {
            ++pos_;
            auto inner = parse_unary();
            if (!inner) return std::nullopt;
            RuleNode node;
            node.kind = RuleNode::Kind::kNot;
            node.children.push_back(std::move(*inner));
            return node;
        }
        if (punct(0, "(")) {
            Token open = peek();
            ++pos_;
            auto inner = parse_or();
            if (!inner) return std::nullopt;
            if (punct(0, ")")) {
                ++pos_;
                return inner;
            }
            if (peek().kind == Tok::kEnd) {
                fail(open, "unclosed \"(\": expected \")\" before the end of the rule");
            } else {
                fail(peek(), "expected \"and\", \"or\" or \")\"");
            }
            return std::nullopt;
        }
        RuleCondition condition;
        if (!parse_condition(condition)) return std::nullopt;
        RuleNode node;
        node.condition = std::move(condition);
        return node;
    }

    // A quoted name of a field, department, course or group, resolved.
    bool parse_ref(RuleCondition& c, const char* kind, const std::string& after) {
        const Token& t = peek();
        if (t.kind != Tok::kString) {
            return fail(t, std::string("expected a quoted ") + kind + " name after '" + after + "'");
        }
        std::optional<RuleRef> ref;
        switch (c.subject) {
            case RuleSubject::kField: ref = resolver_.field(t.text, by_uid_); break;
            case RuleSubject::kDepartment: ref = resolver_.department(t.text, by_uid_); break;
            case RuleSubject::kCourse: ref = resolver_.course(t.text, by_uid_); break;
            case RuleSubject::kGroup: ref = resolver_.group(t.text, by_uid_); break;
            default: break;
        }
        if (!ref) return fail(t, std::string("unknown ") + kind + " " + quoted(t.text));
        c.ref = std::move(*ref);
        ++pos_;
        return true;
    }

    bool parse_condition(RuleCondition& c) {
        const Token& start = peek();
        c.line = start.line;
        c.column = start.column;
        if (word(0, "email")) {
            ++pos_;
            c.subject = RuleSubject::kEmail;
            return parse_field_op(c, "after 'email'");
        }
        if (word(0, "first") || word(0, "last")) {
            bool first = word(0, "first");
            if (!word(1, "name"))
                return fail(peek(1), first ? "expected \"name\" after 'first'" : "expected \"name\" after 'last'");
            pos_ += 2;
            c.subject = first ? RuleSubject::kFirstName : RuleSubject::kLastName;
            return parse_field_op(c, first ? "after 'first name'" : "after 'last name'");
        }
        if (word(0, "status")) {
            ++pos_;
            c.subject = RuleSubject::kStatus;
            c.op = RuleOp::kIs;
            if (!word(0, "is")) return fail(peek(), "expected \"is\" after 'status'");
            ++pos_;
            const Token& t = peek();
            std::optional<UserStatus> status;
            if (t.kind == Tok::kWord) status = parse_user_status(lower_ascii(t.text));
            if (!status) return fail(t, "expected active, invited or deactivated after 'status is'");
            c.status = *status;
            ++pos_;
            return true;
        }
        if (word(0, "department")) {
            ++pos_;
            c.subject = RuleSubject::kDepartment;
            if (!word(0, "is")) return fail(peek(), "expected \"is\" or \"is under\" after 'department'");
            ++pos_;
            c.op = RuleOp::kIs;
            if (word(0, "under")) {
                ++pos_;
                c.op = RuleOp::kIsUnder;
            }
            return parse_ref(c, "department", c.op == RuleOp::kIsUnder ? "is under" : "is");
        }
        if (word(0, "field")) {
            ++pos_;
            c.subject = RuleSubject::kField;
            if (!parse_ref(c, "field", "field")) return false;
            return parse_field_op(c, "after field " + quoted(tokens_[pos_ - 1].text));
        }
        if (word(0, "course")) {
            ++pos_;
            c.subject = RuleSubject::kCourse;
            if (!parse_ref(c, "course", "course")) return false;
            std::string named = "course " + quoted(tokens_[pos_ - 1].text);
            if (!word(0, "is")) return fail(peek(), "expected \"is\" after " + named);
            ++pos_;
            if (word(0, "enrolled")) {
                c.op = RuleOp::kEnrolled;
                ++pos_;
            } else if (word(0, "completed")) {
                c.op = RuleOp::kCompleted;
                ++pos_;
            } else if (word(0, "in")) {
                if (!word(1, "progress")) return fail(peek(1), "expected \"progress\" after 'in'");
                c.op = RuleOp::kInProgress;
                pos_ += 2;
            } else {
                return fail(peek(), "expected enrolled, in progress or completed after 'is'");
            }
            if (word(0, "before") || word(0, "after")) {
                bool before = word(0, "before");
                ++pos_;
                c.course_before = before;
                return parse_date(c, before ? "before" : "after");
            }
            return true;
        }
        if (word(0, "group")) {
            ++pos_;
            c.subject = RuleSubject::kGroup;
            if (!parse_ref(c, "group", "group")) return false;
            std::string named = "group " + quoted(tokens_[pos_ - 1].text);
            if (!word(0, "has")) return fail(peek(), "expected \"has member\" after " + named);
            if (!word(1, "member")) return fail(peek(1), "expected \"member\" after 'has'");
            pos_ += 2;
            c.op = RuleOp::kHasMember;
            return true;
        }
        return fail(start, kExpectedCondition);
    }

    // Reads an operator's words; nullopt (and an error) when the words are not one.
    std::optional<RuleOp> read_op(const std::string& expected) {
        const Token& t = peek();
        if (t.kind == Tok::kPunct) {
            static const std::pair<const char*, RuleOp> kSymbols[] = {{"=", RuleOp::kEq}, {"!=", RuleOp::kNe},
                                                                      {"<", RuleOp::kLt}, {"<=", RuleOp::kLe},
                                                                      {">", RuleOp::kGt}, {">=", RuleOp::kGe}};
            for (auto& [symbol, op] : kSymbols) {
                if (t.text == symbol) {
                    ++pos_;
                    return op;
                }
            }
        }
        auto two = [&](const char* second, RuleOp op, const char* after) -> std::optional<RuleOp> {
            if (!word(1, second)) {
                fail(peek(1), std::string("expected \"") + second + "\" after '" + after + "'");
                return std::nullopt;
            }
            pos_ += 2;
            return op;
        };
        if (word(0, "is")) {
            if (word(1, "not")) {
                if (word(2, "empty")) {
                    pos_ += 3;
                    return RuleOp::kIsNotEmpty;
                }
                pos_ += 2;
                return RuleOp::kIsNot;
            }
            if (word(1, "one")) {
                if (!word(2, "of")) {
                    fail(peek(2), "expected \"of\" after 'is one'");
                    return std::nullopt;
                }
                pos_ += 3;
                return RuleOp::kIsOneOf;
            }
            if (word(1, "empty")) {
                pos_ += 2;
                return RuleOp::kIsEmpty;
            }
            ++pos_;
            return RuleOp::kIs;
        }
        if (word(0, "contains")) {
            ++pos_;
            return RuleOp::kContains;
        }
        if (word(0, "does")) {
            if (!word(1, "not")) {
                fail(peek(1), "expected \"not contain\" after 'does'");
                return std::nullopt;
            }
            if (!word(2, "contain")) {
                fail(peek(2), "expected \"contain\" after 'does not'");
                return std::nullopt;
            }
            pos_ += 3;
            return RuleOp::kNotContains;
        }
        if (word(0, "starts")) return two("with", RuleOp::kStartsWith, "starts");
        if (word(0, "ends")) return two("with", RuleOp::kEndsWith, "ends");
        if (word(0, "within")) return two("last", RuleOp::kWithinLast, "within");
        if (word(0, "before")) {
            ++pos_;
            return RuleOp::kBefore;
        }
        if (word(0, "after")) {
            ++pos_;
            return RuleOp::kAfter;
        }
        if (word(0, "on")) {
            ++pos_;
            return RuleOp::kOn;
        }
        fail(t, expected);
        return std::nullopt;
    }

    bool parse_date(RuleCondition& c, const std::string& after) {
        const Token& t = peek();
        if (t.kind != Tok::kNumeric) return fail(t, "expected a date (YYYY-MM-DD) after '" + after + "'");
        auto day = parse_iso_date(t.text);
        if (!day) return fail(t, t.text + " is not a date (YYYY-MM-DD)");
        c.day = *day;
        ++pos_;
        return true;
    }

    bool parse_number(RuleCondition& c, const std::string& after, bool whole_days) {
        const Token& t = peek();
        if (t.kind != Tok::kNumeric) {
            return fail(t, whole_days ? "expected a number of days after '" + after + "'"
                                      : "expected a number after '" + after + "'");
        }
        auto normal = normalise_decimal(t.text);
        if (!normal) return fail(t, t.text + " is not a number");
        if (whole_days && (normal->find('.') != std::string::npos || (*normal)[0] == '-')) {
            return fail(t, "'within last' needs a whole number of days (0 or more), not " + *normal);
        }
        c.number = std::strtod(normal->c_str(), nullptr);
        ++pos_;
        return true;
    }

    // A text value; for a choice field's is / is not / is one of, one of its choices.
    bool parse_value(RuleCondition& c, const std::string& after) {
        const Token& t = peek();
        if (t.kind != Tok::kString) return fail(t, "expected a quoted value after '" + after + "'");
        if (t.text.empty()) {
            return fail(t, "an empty value \"\" after '" + after + "': use \"is empty\" or \"is not empty\"");
        }
        std::string folded = fold(t.text);
        if (c.subject == RuleSubject::kField && c.ref.field_type == FieldType::kChoice && !is_substring_op(c.op)) {
            bool known = std::any_of(c.ref.choices.begin(), c.ref.choices.end(),
                                     [&](const std::string& choice) { return fold(choice) == folded; });
            if (!known) {
                std::string choices;
                for (const auto& choice : c.ref.choices) choices += (choices.empty() ? "" : ", ") + choice;
                return fail(t, quoted(t.text) + " is not a choice of " + quoted(c.ref.name) + " (" + choices + ")");
            }
        }
        c.values.push_back(t.text);
        c.folded.push_back(std::move(folded));
        ++pos_;
        return true;
    }

    // TEXT-OP for email and names; TEXT-OP, NUMBER-OP or DATE-OP for a field, as its type allows.
    bool parse_field_op(RuleCondition& c, const std::string& after_subject) {
        bool is_field = c.subject == RuleSubject::kField;
        std::string expected = "expected an operator " + after_subject + " (" +
                               (is_field ? ops_for(c.ref.field_type) : std::string(kTextOps)) + ")";
        const Token op_token = peek();
        auto op = read_op(expected);
        if (!op) return false;
        c.op = *op;
        if (!is_field) {
            if (is_number_op(*op) || is_date_op(*op)) return fail(op_token, expected);
        } else {
            FieldType type = c.ref.field_type;
            std::string what = quoted(c.ref.name) + " is a " + field_type_word(type) + " field: \"" + op_keyword(*op);
            if (is_substring_op(*op) && type != FieldType::kText && type != FieldType::kChoice) {
                return fail(op_token, what + "\" needs a text field");
            }
            if (is_number_op(*op) && type != FieldType::kNumber)
                return fail(op_token, what + "\" needs a number field");
            if (is_date_op(*op) && type != FieldType::kDate) return fail(op_token, what + "\" needs a date field");
        }
        std::string keyword = op_keyword(*op);
        if (takes_one_value(*op)) return parse_value(c, keyword);
        if (*op == RuleOp::kIsOneOf) {
            if (!punct(0, "(")) return fail(peek(), "expected \"(\" after 'is one of'");
            ++pos_;
            if (!parse_value(c, "(")) return false;
            while (punct(0, ",")) {
                ++pos_;
                if (!parse_value(c, ",")) return false;
            }
            if (!punct(0, ")")) return fail(peek(), "expected \",\" or \")\" after " + quoted(c.values.back()));
            ++pos_;
            return true;
        }
        if (is_number_op(*op)) return parse_number(c, keyword, false);
        if (*op == RuleOp::kWithinLast) {
            if (!parse_number(c, keyword, true)) return false;
            if (!word(0, "days"))
                return fail(peek(), "expected \"days\" after 'within last " + format_number(c.number) + "'");
            ++pos_;
            return true;
        }
        if (is_date_op(*op)) return parse_date(c, keyword);
        return true;  // is empty, is not empty
    }
};

// ---- printing ----

std::string ref_text(const RuleRef& ref, RuleStyle style) {
    return quoted(style == RuleStyle::kUids ? ref.uid : ref.name);
}

const RuleNode& unwrap(const RuleNode& node) {
    const RuleNode* n = &node;
    while ((n->kind == RuleNode::Kind::kAnd || n->kind == RuleNode::Kind::kOr) && n->children.size() == 1) {
        n = &n->children[0];
    }
    return *n;
}

bool is_compound(const RuleNode& node) {
    const RuleNode& n = unwrap(node);
    return (n.kind == RuleNode::Kind::kAnd || n.kind == RuleNode::Kind::kOr) && n.children.size() > 1;
}

void print_node(const RuleNode& node, RuleStyle style, std::string& out) {
    const RuleNode& n = unwrap(node);
    switch (n.kind) {
        case RuleNode::Kind::kCondition: out += print_condition(n.condition, style); return;
        case RuleNode::Kind::kNot: {
            out += "not ";
            if (n.children.empty()) return;
            bool parens = is_compound(n.children[0]);
            if (parens) out += '(';
            print_node(n.children[0], style, out);
            if (parens) out += ')';
            return;
        }
        case RuleNode::Kind::kAnd:
        case RuleNode::Kind::kOr: {
            bool is_and = n.kind == RuleNode::Kind::kAnd;
            for (size_t k = 0; k < n.children.size(); ++k) {
                if (k) out += is_and ? " and " : " or ";
                const RuleNode& child = unwrap(n.children[k]);
                // An "or" inside an "and" needs parentheses; an "and" inside an "or" binds tighter anyway.
                bool parens = is_and && child.kind == RuleNode::Kind::kOr && child.children.size() > 1;
                if (parens) out += '(';
                print_node(child, style, out);
                if (parens) out += ')';
            }
            return;
        }
    }
}

void add_sorted(std::vector<Id>& ids, Id id) {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id) ids.insert(it, id);
}

void collect_reads(const RuleNode& node, RuleReads& reads) {
    if (node.kind != RuleNode::Kind::kCondition) {
        for (const auto& child : node.children) collect_reads(child, reads);
        return;
    }
    const RuleCondition& c = node.condition;
    switch (c.subject) {
        case RuleSubject::kEmail: reads.email = true; break;
        case RuleSubject::kFirstName: reads.first_name = true; break;
        case RuleSubject::kLastName: reads.last_name = true; break;
        case RuleSubject::kStatus: reads.status = true; break;
        case RuleSubject::kDepartment: reads.department = true; break;
        case RuleSubject::kField: add_sorted(reads.fields, c.ref.id); break;
        case RuleSubject::kCourse: add_sorted(reads.courses, c.ref.id); break;
        case RuleSubject::kGroup: add_sorted(reads.groups, c.ref.id); break;
    }
    if (c.op == RuleOp::kWithinLast) reads.today = true;
}

}  // namespace

std::string RuleParseError::text() const {
    return "rule:" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

std::variant<RuleNode, RuleParseError> parse_rule(std::string_view text, RuleResolver& resolver, bool by_uid) {
    return Parser(text, resolver, by_uid).parse();
}

std::string print_condition(const RuleCondition& c, RuleStyle style) {
    std::string out;
    switch (c.subject) {
        case RuleSubject::kEmail: out = "email"; break;
        case RuleSubject::kFirstName: out = "first name"; break;
        case RuleSubject::kLastName: out = "last name"; break;
        case RuleSubject::kStatus: return std::string("status is ") + user_status_key(c.status);
        case RuleSubject::kDepartment:
            return std::string("department ") + (c.op == RuleOp::kIsUnder ? "is under " : "is ") +
                   ref_text(c.ref, style);
        case RuleSubject::kField: out = "field " + ref_text(c.ref, style); break;
        case RuleSubject::kCourse: {
            out = "course " + ref_text(c.ref, style) + " is " + op_keyword(c.op);
            if (c.course_before) out += (*c.course_before ? " before " : " after ") + format_day(c.day);
            return out;
        }
        case RuleSubject::kGroup: return "group " + ref_text(c.ref, style) + " has member";
    }
    out += ' ';
    out += op_keyword(c.op);
    if (takes_one_value(c.op)) {
        out += ' ';
        out += quoted(c.values.empty() ? std::string() : c.values[0]);
    } else if (c.op == RuleOp::kIsOneOf) {
        out += " (";
        for (size_t k = 0; k < c.values.size(); ++k) {
            if (k) out += ", ";
            out += quoted(c.values[k]);
        }
        out += ')';
    } else if (is_number_op(c.op)) {
        out += ' ' + format_number(c.number);
    } else if (c.op == RuleOp::kWithinLast) {
        out += ' ' + format_number(c.number) + " days";
    } else if (is_date_op(c.op)) {
        out += ' ' + format_day(c.day);
    }
    return out;
}

std::string print_rule(const RuleNode& rule, RuleStyle style) {
    std::string out;
    print_node(rule, style, out);
    return out;
}

RuleReads rule_reads(const RuleNode& rule) {
    RuleReads reads;
    collect_reads(rule, reads);
    return reads;
}

}  // namespace grove
