#include "core/exchange/roster.h"

namespace grove {

namespace {

// "add 3", with the kind's noun after the first number of the kind only ("add 3 people, update 1").
void add_part(std::string& out, int n, const char* verb, const char* kind, bool& kind_named) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += std::string(verb) + " " + std::to_string(n);
    if (!kind_named) {
        out += std::string(" ") + kind;
        kind_named = true;
    }
}

}  // namespace

std::string RosterCounts::summary() const {
    std::string out;
    auto kind = [&](int added, int updated, int removed, const char* noun_one, const char* noun_many) {
        bool named = false;
        add_part(out, added, "add", added == 1 ? noun_one : noun_many, named);
        add_part(out, updated, "update", updated == 1 ? noun_one : noun_many, named);
        add_part(out, removed, "remove", removed == 1 ? noun_one : noun_many, named);
    };
    kind(people_added, people_updated, people_removed, "person", "people");
    kind(departments_added, departments_updated, departments_removed, "department", "departments");
    kind(groups_added, groups_updated, groups_removed, "group", "groups");
    kind(memberships_added, memberships_updated, memberships_removed, "membership", "memberships");
    return out.empty() ? "nothing to change" : out;
}

}  // namespace grove
