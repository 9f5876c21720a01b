// The group report, the membership report (with inherited staff, F32) and a group's users, as CSV.
#include "reports.h"

#include <algorithm>
#include <initializer_list>
#include <unordered_map>
#include <utility>
#include <vector>

#include "access.h"
#include "csv.h"
#include "lookup.h"
#include "memberships.h"
#include "org.h"
#include "people.h"
#include "text.h"

namespace grove {

namespace {

constexpr const char* kGroups =
    "SELECT id, uid, name, slug, description, parent_id, inherit, member_count, created_at, updated_at FROM groups";
constexpr const char* kExternalIds = "SELECT group_id, system, value FROM group_external_ids ORDER BY group_id, system";
// users_sort(sort_key, id) gives the natural order of names without sorting.
constexpr const char* kUsersByName =
    "SELECT id, uid, first_name, last_name, email, status FROM users ORDER BY sort_key, id";
// Uses the (group_id, user_id) unique index: one range per group, so a pass over all groups reads each
// membership once.
constexpr const char* kMembershipsOfGroup = "SELECT user_id, role, uid, created_at FROM memberships WHERE group_id = ?";
constexpr const char* kDepartmentSlugs = "SELECT id, slug FROM departments";

constexpr std::size_t kChunk = 64 * 1024;

// A CsvWriter whose text goes to a sink in pieces, row by row.
class ChunkedCsv {
public:
    explicit ChunkedCsv(const CsvSink& sink) : sink_(sink), writer_(buffer_) {}
    CsvWriter& cell(std::string_view text) { return writer_.cell(text); }
    CsvWriter& cell(std::int64_t number) { return writer_.cell(number); }
    void end_row() {
        writer_.end_row();
        if (buffer_.size() >= kChunk) flush();
    }
    void header(std::initializer_list<const char*> names) {
        for (const char* name : names) writer_.cell(name);
        end_row();
    }
    void flush() {
        if (buffer_.empty()) return;
        sink_(buffer_);
        buffer_.clear();
    }

private:
    const CsvSink& sink_;
    std::string buffer_;  // declared before writer_: the writer puts the byte-order mark into it
    CsvWriter writer_;
};

struct GroupNode {
    Id id = 0;
    std::string uid;
    std::string name;
    std::string slug;
    std::string description;
    std::optional<Id> parent_id;
    int parent = -1;  // index in Tree::nodes
    bool inherit = true;
    std::int64_t member_count = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::vector<int> children;
};

// Every group, and the order of the report: pre-order, siblings by name in natural order.
struct Tree {
    std::vector<GroupNode> nodes;
    std::vector<int> order;
};

Tree load_tree(Store& store) {
    Tree tree;
    std::unordered_map<Id, int> index;
    auto s = store.db().prepare(kGroups);
    while (s->step()) {
        GroupNode g;
        g.id = s->col_int(0);
        g.uid = s->col_text(1);
        g.name = s->col_text(2);
        g.slug = s->col_text(3);
        g.description = s->col_text(4);
        g.parent_id = s->col_opt_int(5);
        g.inherit = s->col_int(6) != 0;
        g.member_count = s->col_int(7);
        g.created_at = s->col_int(8);
        g.updated_at = s->col_int(9);
        index[g.id] = static_cast<int>(tree.nodes.size());
        tree.nodes.push_back(std::move(g));
    }
    std::vector<int> roots;
    for (int i = 0; i < static_cast<int>(tree.nodes.size()); ++i) {
        GroupNode& g = tree.nodes[static_cast<std::size_t>(i)];
        auto parent = g.parent_id ? index.find(*g.parent_id) : index.end();
        if (parent == index.end()) {
            roots.push_back(i);
        } else {
            g.parent = parent->second;
            tree.nodes[static_cast<std::size_t>(g.parent)].children.push_back(i);
        }
    }
    auto by_name = [&](int a, int b) {
        const GroupNode& x = tree.nodes[static_cast<std::size_t>(a)];
        const GroupNode& y = tree.nodes[static_cast<std::size_t>(b)];
        int c = natural_compare(x.name, y.name);
        return c != 0 ? c < 0 : x.id < y.id;
    };
    // Iterative: deep trees must not overflow the (small, in wasm) stack.
    tree.order.reserve(tree.nodes.size());
    std::sort(roots.begin(), roots.end(), by_name);
    std::vector<int> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
        int i = stack.back();
        stack.pop_back();
        tree.order.push_back(i);
        auto& children = tree.nodes[static_cast<std::size_t>(i)].children;
        std::sort(children.begin(), children.end(), by_name);
        stack.insert(stack.end(), children.rbegin(), children.rend());
    }
    return tree;
}

std::string org_slug(Store& store) {
    auto org = get_org(store);
    return org ? slugify(org->name, "grove") : "grove";
}

Error storage_error(const DbError& e) { return Error{ErrorCode::kStorage, std::string("The database failed: ") + e.what()}; }

Result<std::string> collect(const std::function<Result<void>(const CsvSink&)>& write) {
    std::string out;
    auto written = write([&out](std::string_view chunk) { out.append(chunk); });
    if (!written) return written.error();
    return out;
}

// The membership report's people: everyone, by rank in natural name order.
struct Person {
    std::string uid;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string status;
};

// A staff membership (mentor, group admin), which reaches the subgroups that inherit.
struct Staff {
    int user = 0;  // rank in the people list
    GroupRole role = GroupRole::kMentor;
    int group = 0;  // index in Tree::nodes
    std::string uid;
    std::int64_t created_at = 0;
};

struct Direct {
    int user = 0;
    GroupRole role = GroupRole::kMember;
    std::string uid;
    std::int64_t created_at = 0;
};

// What reaches a group from its ancestors: one entry per person (sorted by rank), the index of the
// strongest staff membership reaching them.
using Reach = std::vector<std::pair<int, int>>;

// The staff of the parent (nearer, so it wins a tie) merged with what reaches the parent.
Reach merge_reach(const std::vector<int>& parent_staff, const Reach& parent_reach, const std::vector<Staff>& pool) {
    auto at = [&](int carrier) -> const Staff& { return pool[static_cast<std::size_t>(carrier)]; };
    Reach out;
    out.reserve(parent_staff.size() + parent_reach.size());
    std::size_t i = 0, j = 0;
    while (i < parent_staff.size() || j < parent_reach.size()) {
        int near = i < parent_staff.size() ? parent_staff[i] : -1;
        int near_user = near >= 0 ? at(near).user : -1;
        if (j == parent_reach.size() || (near >= 0 && near_user < parent_reach[j].first)) {
            out.emplace_back(near_user, near);
            ++i;
        } else if (near < 0 || parent_reach[j].first < near_user) {
            out.push_back(parent_reach[j++]);
        } else {
            int far = parent_reach[j++].second;
            out.emplace_back(near_user, at(far).role > at(near).role ? far : near);
            ++i;
        }
    }
    return out;
}

Result<void> write_memberships(Store& store, const CsvSink& sink) {
    Tree tree = load_tree(store);

    std::vector<Person> people;
    std::unordered_map<Id, int> rank;
    {
        auto s = store.db().prepare(kUsersByName);
        while (s->step()) {
            rank.emplace(s->col_int(0), static_cast<int>(people.size()));
            people.push_back({s->col_text(1), s->col_text(2), s->col_text(3), s->col_text(4), s->col_text(5)});
        }
    }

    ChunkedCsv csv(sink);
    csv.header({"membership_id", "user_id", "first_name", "last_name", "email", "group_id", "group_name",
                "member_role", "group_parent_id", "membership_created_date", "source", "inherited_from_group_id",
                "inherited_from_group_name", "user_status", "group_slug"});

    std::vector<Staff> pool;
    std::vector<std::vector<int>> staff_of(tree.nodes.size());
    std::vector<Reach> reach_of(tree.nodes.size());
    std::vector<Direct> direct;
    auto row = [&](const GroupNode& g, const Person& p, const std::string& membership_uid, GroupRole role,
                   std::int64_t created_at, const GroupNode* from) {
        csv.cell(membership_uid).cell(p.uid).cell(p.first_name).cell(p.last_name).cell(p.email);
        csv.cell(g.uid).cell(g.name).cell(group_role_key(role));
        csv.cell(g.parent >= 0 ? std::string_view(tree.nodes[static_cast<std::size_t>(g.parent)].uid) : "");
        csv.cell(format_iso_time(created_at));
        csv.cell(from ? "inherited" : "direct");
        csv.cell(from ? std::string_view(from->uid) : "").cell(from ? std::string_view(from->name) : "");
        csv.cell(p.status).cell(g.slug);
        csv.end_row();
    };

    // Parents come before their subgroups in the order, so what reaches a parent is known in time.
    for (int gi : tree.order) {
        const GroupNode& g = tree.nodes[static_cast<std::size_t>(gi)];
        direct.clear();
        {
            auto s = store.db().prepare(kMembershipsOfGroup);
            s->bind(1, g.id);
            while (s->step()) {
                auto found = rank.find(s->col_int(0));
                if (found == rank.end()) continue;
                direct.push_back({found->second, parse_group_role(s->col_text(1)).value_or(GroupRole::kMember),
                                  s->col_text(2), s->col_int(3)});
            }
        }
        std::sort(direct.begin(), direct.end(), [](const Direct& a, const Direct& b) { return a.user < b.user; });
        for (const Direct& d : direct) {
            row(g, people[static_cast<std::size_t>(d.user)], d.uid, d.role, d.created_at, nullptr);
            if (d.role != GroupRole::kMember) {
                staff_of[static_cast<std::size_t>(gi)].push_back(static_cast<int>(pool.size()));
                pool.push_back({d.user, d.role, gi, d.uid, d.created_at});
            }
        }
        if (!g.inherit || g.parent < 0) continue;
        auto p = static_cast<std::size_t>(g.parent);
        Reach& reach = reach_of[static_cast<std::size_t>(gi)];
        reach = merge_reach(staff_of[p], reach_of[p], pool);
        // Both lists are sorted by person: walk them together to find each one's direct role here.
        std::size_t k = 0;
        for (const auto& [user, carrier] : reach) {
            while (k < direct.size() && direct[k].user < user) ++k;
            const Staff& s = pool[static_cast<std::size_t>(carrier)];
            if (k < direct.size() && direct[k].user == user && direct[k].role >= s.role) continue;
            row(g, people[static_cast<std::size_t>(user)], s.uid, s.role, s.created_at,
                &tree.nodes[static_cast<std::size_t>(s.group)]);
        }
    }
    csv.flush();
    return {};
}

Result<void> write_groups(Store& store, const CsvSink& sink) {
    Tree tree = load_tree(store);
    std::unordered_map<Id, std::string> external;
    {
        auto s = store.db().prepare(kExternalIds);
        while (s->step()) {
            std::string& text = external[s->col_int(0)];
            if (!text.empty()) text += "; ";
            text += s->col_text(1) + "=" + s->col_text(2);
        }
    }
    ChunkedCsv csv(sink);
    csv.header({"group_id", "group_name", "slug", "description", "created_date", "parent_group_id",
                "parent_group_name", "member_count", "subgroup_count", "inherit", "external_ids", "group_path",
                "updated_date"});
    std::vector<std::string> path_of(tree.nodes.size());
    for (int gi : tree.order) {
        const GroupNode& g = tree.nodes[static_cast<std::size_t>(gi)];
        const GroupNode* parent = g.parent >= 0 ? &tree.nodes[static_cast<std::size_t>(g.parent)] : nullptr;
        std::string& path = path_of[static_cast<std::size_t>(gi)];
        path = parent ? path_of[static_cast<std::size_t>(g.parent)] + " / " + g.name : g.name;
        auto ext = external.find(g.id);
        csv.cell(g.uid).cell(g.name).cell(g.slug).cell(g.description).cell(format_iso_time(g.created_at));
        csv.cell(parent ? std::string_view(parent->uid) : "").cell(parent ? std::string_view(parent->name) : "");
        csv.cell(g.member_count).cell(static_cast<std::int64_t>(g.children.size())).cell(g.inherit ? "yes" : "no");
        csv.cell(ext != external.end() ? std::string_view(ext->second) : "").cell(path);
        csv.cell(format_iso_time(g.updated_at));
        csv.end_row();
    }
    csv.flush();
    return {};
}

Result<std::string> write_group_users(Store& store, const Group& group) {
    std::vector<FieldDef> fields = list_fields(store);
    std::unordered_map<Id, std::string> department_slug;
    {
        auto s = store.db().prepare(kDepartmentSlugs);
        while (s->step()) department_slug.emplace(s->col_int(0), s->col_text(1));
    }
    std::unordered_map<Id, std::string> group_slug;
    auto slug_of = [&](Id id) -> const std::string& {
        auto found = group_slug.find(id);
        if (found != group_slug.end()) return found->second;
        auto g = find_group(store, id);
        return group_slug.emplace(id, g ? g->slug : std::string()).first->second;
    };

    std::string out;
    CsvWriter csv(out);
    for (const char* name : {"email", "first_name", "last_name", "department", "group", "role"}) csv.cell(name);
    for (const FieldDef& field : fields) csv.cell(field.name);
    for (const char* name : {"status", "source", "inherited_role", "inherited_from"}) csv.cell(name);
    csv.end_row();

    for (const GroupPerson& p : group_people(store, group.id)) {
        const User& u = p.user;
        auto department = u.department_id ? department_slug.find(*u.department_id) : department_slug.end();
        bool inherited_stronger = p.inherited_role && (!p.direct_role || *p.inherited_role > *p.direct_role);
        GroupRole role = p.direct_role ? *p.direct_role : p.effective_role();
        csv.cell(u.email).cell(u.first_name).cell(u.last_name);
        csv.cell(department != department_slug.end() ? std::string_view(department->second) : "");
        csv.cell(group.slug).cell(group_role_key(role));
        if (!fields.empty()) {
            std::vector<FieldValue> values = field_values(store, u.id);
            for (const FieldDef& field : fields) {
                auto v = std::find_if(values.begin(), values.end(),
                                      [&](const FieldValue& fv) { return fv.field_id == field.id; });
                csv.cell(v != values.end() ? std::string_view(v->value) : "");
            }
        }
        csv.cell(user_status_key(u.status)).cell(p.direct() ? "direct" : "inherited");
        csv.cell(inherited_stronger ? group_role_key(*p.inherited_role) : "");
        csv.cell(inherited_stronger && p.inherited_from ? std::string_view(slug_of(*p.inherited_from)) : "");
        csv.end_row();
    }
    return out;
}

}  // namespace

Result<void> write_group_report(Store& store, Id actor, const CsvSink& sink) {
    try {
        GROVE_TRY(authorize(store, actor, Cmd::kReportView));
        return write_groups(store, sink);
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<void> write_membership_report(Store& store, Id actor, const CsvSink& sink) {
    try {
        GROVE_TRY(authorize(store, actor, Cmd::kReportView));
        return write_memberships(store, sink);
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<std::string> group_report_csv(Store& store, Id actor) {
    return collect([&](const CsvSink& sink) { return write_group_report(store, actor, sink); });
}

Result<std::string> membership_report_csv(Store& store, Id actor) {
    return collect([&](const CsvSink& sink) { return write_membership_report(store, actor, sink); });
}

Result<std::string> group_users_csv(Store& store, Id actor, Id group) {
    try {
        auto g = group_by_id(store, group);
        if (!g) return g.error();
        GROVE_TRY(authorize(store, actor, Cmd::kGroupExport, {.group = group, .parent = g->parent_id}));
        return write_group_users(store, *g);
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

std::string group_report_file_name(Store& store) {
    return org_slug(store) + "-groups-" + format_iso_day(store.now()) + ".csv";
}

std::string membership_report_file_name(Store& store) {
    return org_slug(store) + "-memberships-" + format_iso_day(store.now()) + ".csv";
}

std::string group_users_file_name(Store& store, Id group) {
    auto g = find_group(store, group);
    return (g ? g->slug : std::string("group")) + "-users.csv";
}

}  // namespace grove
