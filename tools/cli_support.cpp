// Lookups and formats shared by the command handlers.
#include <cerrno>
#include <cstdlib>

#include "cli_spec.h"

namespace grove::cli {

std::string person_label(const User& user) { return grove::person_label(user.first_name, user.last_name, user.email); }

std::string quoted(std::string_view text) {
    std::string out = "'";
    out.append(text);
    return out += '\'';
}

Result<Group> group_arg(Store& store, std::string_view slug) { return group_by_slug_or_name(store, trim(slug)); }

Result<User> user_arg(Store& store, std::string_view email) { return user_by_email(store, trim(email)); }

Result<Department> department_arg(Store& store, std::string_view slug) { return department_by_slug(store, trim(slug)); }

Result<GroupRole> group_role_arg(std::string_view text) {
    if (auto role = parse_group_role(lower_ascii(trim(text)))) return *role;
    return bad_value(quoted(text) + " is not a group role; use member, mentor or admin.");
}

Result<Plan> plan_arg(std::string_view text) {
    if (auto plan = parse_plan(lower_ascii(trim(text)))) return *plan;
    std::string plans;
    for (const auto& info : all_plans()) plans += (plans.empty() ? "" : ", ") + std::string(info.key);
    return bad_value(quoted(text) + " is not a plan; plans: " + plans + ".");
}

Result<std::pair<std::string, std::string>> key_value_arg(std::string_view option, std::string_view text) {
    size_t eq = text.find('=');
    if (eq == std::string_view::npos || trim(text.substr(0, eq)).empty()) {
        return bad_value("--" + std::string(option) + " takes KEY=VALUE, not " + quoted(text) + ".");
    }
    return std::pair{trim(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

Result<int> count_arg(std::string_view option, std::string_view text) {
    std::string digits = trim(text);
    char* end = nullptr;
    errno = 0;
    long value = std::strtol(digits.c_str(), &end, 10);
    if (digits.empty() || end != digits.c_str() + digits.size() || errno == ERANGE || value < 0 || value > 1000000000) {
        return bad_value("--" + std::string(option) + " takes a whole number, not " + quoted(text) + ".");
    }
    return static_cast<int>(value);
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string item = trim(text.substr(start, comma - start));
        if (!item.empty()) out.push_back(std::move(item));
        start = comma + 1;
    }
    return out;
}

}  // namespace grove::cli
