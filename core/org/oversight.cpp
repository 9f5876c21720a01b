// Walking the group tree for inherited staff roles.
#include "core/org/oversight.h"

namespace grove {

namespace {

constexpr const char* kParentAndInherit = "SELECT parent_id, inherit FROM groups WHERE id = ?";
constexpr const char* kRoleOf = "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kMembershipsOfUser = "SELECT group_id, role FROM memberships WHERE user_id = ?";
constexpr const char* kChildren = "SELECT id FROM groups WHERE parent_id = ? ORDER BY id";

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

}  // namespace grove
