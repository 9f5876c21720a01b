// Walking the group tree for inherited staff roles.
#include "core/org/oversight.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

namespace grove {

namespace {

constexpr const char* kParentAndInherit = "SELECT parent_id, inherit FROM groups WHERE id = ?";
constexpr const char* kRoleOf = "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kMembershipsOfUser = "SELECT group_id, role FROM memberships WHERE user_id = ?";
constexpr const char* kChildren = "SELECT id FROM groups WHERE parent_id = ? ORDER BY id";
constexpr const char* kAllLinks = "SELECT id, parent_id, inherit FROM groups";
constexpr const char* kAllMemberships = "SELECT group_id, user_id, role FROM memberships";

}  // namespace

std::vector<Id> oversight_chain(const GroupLinks& links, Id group) {
    std::vector<Id> chain;
    std::optional<Id> current = group;
    // A cycle cannot exist (moves refuse them); the bound only guards against a corrupt file.
    while (current && chain.size() < 10000) {
        chain.push_back(*current);
        auto link = links(*current);
        if (!link || !link->inherit) break;
        current = link->parent;
    }
    return chain;
}

std::vector<Id> oversight_chain(Store& store, Id group) {
    return oversight_chain(
        [&](Id id) -> std::optional<GroupLink> {
            auto s = store.db().prepare(kParentAndInherit);
            s->bind(1, id);
            if (!s->step()) return std::nullopt;
            return GroupLink{s->col_opt_int(0), s->col_int(1) != 0};
        },
        group);
}

std::optional<StaffRole> staff_role(Store& store, Id user, Id group) {
    std::optional<StaffRole> best;
    for (Id g : oversight_chain(store, group)) {
        auto s = store.db().prepare(kRoleOf);
        s->bind(1, g).bind(2, user);
        if (!s->step()) continue;
        auto role = parse_group_role(s->col_text(0)).value_or(GroupRole::kMember);
        if (role == GroupRole::kMember) continue;  // membership is not oversight
        if (!best || role > best->role) best = StaffRole{role, g};
    }
    return best;
}

std::vector<DirectMembership> memberships_of(Store& store, Id user) {
    std::vector<DirectMembership> out;
    auto s = store.db().prepare(kMembershipsOfUser);
    s->bind(1, user);
    while (s->step()) {
        out.push_back({s->col_int(0), parse_group_role(s->col_text(1)).value_or(GroupRole::kMember)});
    }
    return out;
}

std::vector<Id> group_ancestors(Store& store, Id group) {
    std::vector<Id> out;
    std::optional<Id> current = group;
    while (out.size() < 10000) {
        auto s = store.db().prepare(kParentAndInherit);
        s->bind(1, *current);
        if (!s->step()) break;
        current = s->col_opt_int(0);
        if (!current) break;
        out.push_back(*current);
    }
    return out;
}

std::vector<Id> group_descendants(Store& store, Id group) {
    std::vector<Id> out;
    std::vector<Id> frontier{group};
    while (!frontier.empty()) {
        std::vector<Id> next;
        for (Id parent : frontier) {
            auto s = store.db().prepare(kChildren);
            s->bind(1, parent);
            while (s->step()) next.push_back(s->col_int(0));
        }
        out.insert(out.end(), next.begin(), next.end());
        frontier = std::move(next);
    }
    return out;
}

std::unordered_map<Id, int> inherited_only_counts(Store& store) {
    struct Node {
        std::optional<Id> parent;
        bool inherit = true;
        std::vector<Id> staff;    // users holding a staff role here, sorted
        std::vector<Id> reached;  // users whom staff of the chain above reach here, sorted
    };
    std::unordered_map<Id, Node> nodes;
    std::unordered_map<Id, std::vector<Id>> children;
    std::vector<Id> roots;
    {
        auto s = store.db().prepare(kAllLinks);
        while (s->step()) {
            Node& n = nodes[s->col_int(0)];
            n.parent = s->col_opt_int(1);
            n.inherit = s->col_int(2) != 0;
        }
    }
    for (auto& [id, n] : nodes) {
        if (n.parent && nodes.count(*n.parent)) {
            children[*n.parent].push_back(id);
        } else {
            roots.push_back(id);
        }
    }
    // Staff first; then the memberships of staff people only, to tell who is in a group directly.
    std::vector<std::pair<Id, Id>> memberships;  // (group, user) of every membership, kept for staff people
    std::unordered_set<Id> staff_people;
    {
        auto s = store.db().prepare(kAllMemberships);
        while (s->step()) {
            Id group = s->col_int(0), user = s->col_int(1);
            memberships.emplace_back(group, user);
            if (s->col_text(2) == "member") continue;
            staff_people.insert(user);
            if (auto it = nodes.find(group); it != nodes.end()) it->second.staff.push_back(user);
        }
    }
    std::unordered_set<std::uint64_t> direct;  // (group, user) for staff people
    for (const auto& [group, user] : memberships) {
        if (staff_people.count(user)) {
            direct.insert((static_cast<std::uint64_t>(group) << 32) ^ static_cast<std::uint64_t>(user));
        }
    }
    memberships.clear();
    for (auto& [id, n] : nodes) std::sort(n.staff.begin(), n.staff.end());

    std::unordered_map<Id, int> counts;
    std::vector<Id> stack(roots.begin(), roots.end());  // parents before their children
    while (!stack.empty()) {
        Id id = stack.back();
        stack.pop_back();
        Node& n = nodes[id];
        if (n.inherit && n.parent) {
            const Node& p = nodes[*n.parent];
            std::set_union(p.staff.begin(), p.staff.end(), p.reached.begin(), p.reached.end(),
                           std::back_inserter(n.reached));
            int only = 0;
            for (Id user : n.reached) {
                only += direct.count((static_cast<std::uint64_t>(id) << 32) ^ static_cast<std::uint64_t>(user)) == 0;
            }
            if (only > 0) counts[id] = only;
        }
        if (auto it = children.find(id); it != children.end())
            stack.insert(stack.end(), it->second.begin(), it->second.end());
    }
    return counts;
}

}  // namespace grove
