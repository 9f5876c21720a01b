// The smart-group rule parser over any text, against the demo district's fields, departments, courses
// and groups: a rule or an error with its column, never a crash; a rule's stored form (uids) parses
// back to the same rule.
#include <cstdlib>

#include "core/rules/rules_internal.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grove;
    rules::StoreResolver resolver(fuzz::demo_store());
    auto parsed = parse_rule(fuzz::as_text(data, size), resolver);
    if (auto* error = std::get_if<RuleParseError>(&parsed)) {
        if (error->text().empty()) std::abort();
        return 0;
    }
    const std::string stored = print_rule(std::get<RuleNode>(parsed), RuleStyle::kUids);
    auto again = parse_rule(stored, resolver, true);
    if (!std::holds_alternative<RuleNode>(again)) std::abort();
    if (print_rule(std::get<RuleNode>(again), RuleStyle::kUids) != stored) std::abort();
    (void)print_rule(std::get<RuleNode>(again), RuleStyle::kNames);
    return 0;
}
