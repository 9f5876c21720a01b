// The group report, the membership report (with inherited staff, F32) and a group's users, as CSV.
#include "core/files/reports.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/access/access.h"
#include "core/files/csv.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kGroups =
    "SELECT id, uid, name, slug, description, parent_id, inherit, member_count, created_at, updated_at FROM groups";
constexpr const char* kExternalIds = "SELECT group_id, system, value FROM group_external_ids ORDER BY group_id, system";
// The membership report reads people and memberships in slices, each from where the last one stopped, in rowid
// order: sequential passes (a range per group through the (group_id, user_id) index costs a random row lookup per
// membership: ten times slower on a million). The people are put in users_sort's order (sort_key, id) after.
constexpr const char* kUsersAfter =
    "SELECT id, uid, first_name, last_name, email, status, sort_key FROM users WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr const char* kLargestUserId = "SELECT max(id) FROM users";
constexpr const char* kMembershipsAfter =
    "SELECT id, group_id, user_id, role, uid, created_at FROM memberships WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr const char* kLargestMembershipId = "SELECT max(id) FROM memberships";
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

Result<std::string> collect(const std::function<Result<void>(const CsvSink&)>& write) {
    std::string out;
    GROVE_TRY(write([&out](std::string_view chunk) { out.append(chunk); }));
    return out;
}

// Record IDs to positions: a plain array when the IDs are dense (as SQLite assigns them), else a hash map.
class IdIndex {
public:
    void build(const std::vector<Id>& ids) {
        Id max = 0;
        for (Id id : ids) max = std::max(max, id);
        dense_ = max >= 0 && static_cast<std::size_t>(max) <= 4 * ids.size() + 1024;
        if (dense_) {
            array_.assign(static_cast<std::size_t>(max) + 1, -1);
            for (std::size_t i = 0; i < ids.size(); ++i)
                if (ids[i] >= 0) array_[static_cast<std::size_t>(ids[i])] = static_cast<int>(i);
        } else {
            map_.reserve(ids.size());
            for (std::size_t i = 0; i < ids.size(); ++i) map_.emplace(ids[i], static_cast<int>(i));
        }
    }
    int find(Id id) const {  // -1 when unknown
        if (dense_)
            return id >= 0 && static_cast<std::size_t>(id) < array_.size() ? array_[static_cast<std::size_t>(id)] : -1;
        auto found = map_.find(id);
        return found == map_.end() ? -1 : found->second;
    }

private:
    bool dense_ = true;
    std::vector<int> array_;
    std::unordered_map<Id, int> map_;
};

// The membership report's people: everyone, by rank in natural name order.
struct Person {
    std::string uid;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string status;
};

// One membership as read in the single pass over the table; its uid lives in a shared pool.
struct MembershipRow {
    std::uint64_t key = 0;  // the group's position in the report, then the person's rank: the row order
    std::int64_t created_at = 0;
    std::uint32_t uid_at = 0;
    std::uint32_t uid_size = 0;
    GroupRole role = GroupRole::kMember;

    int group_position() const { return static_cast<int>(key >> 32); }
    int user() const { return static_cast<int>(key & 0xFFFFFFFFu); }
};

// What reaches a group from its ancestors: one entry per person (sorted by rank), the index (in the rows)
// of the strongest staff membership reaching them.
using Reach = std::vector<std::pair<int, std::size_t>>;

// The staff of the parent (nearer, so it wins a tie) merged with what reaches the parent.
Reach merge_reach(const std::vector<std::size_t>& parent_staff, const Reach& parent_reach,
                  const std::vector<MembershipRow>& rows) {
    Reach out;
    out.reserve(parent_staff.size() + parent_reach.size());
    std::size_t i = 0, j = 0;
    while (i < parent_staff.size() || j < parent_reach.size()) {
        bool has_near = i < parent_staff.size();
        int near_user = has_near ? rows[parent_staff[i]].user() : -1;
        if (j == parent_reach.size() || (has_near && near_user < parent_reach[j].first)) {
            out.emplace_back(near_user, parent_staff[i++]);
        } else if (!has_near || parent_reach[j].first < near_user) {
            out.push_back(parent_reach[j++]);
        } else {
            std::size_t near = parent_staff[i++];
            std::size_t far = parent_reach[j++].second;
            out.emplace_back(near_user, rows[far].role > rows[near].role ? far : near);
        }
    }
    return out;
}

// Cells encoded by csv_cell and joined by ',' as CsvWriter joins them.
std::string cells(std::initializer_list<std::string_view> texts) {
    std::string out;
    bool first = true;
    for (std::string_view text : texts) {
        if (!first) out += ',';
        out += csv_cell(text);
        first = false;
    }
    return out;
}

// Appends to a string with plain copies: room is made 64 KiB at a time (the string's own resize) and trimmed to
// what was written at the end, so a row's dozen pieces never go through std::string::append one by one. (In
// Emscripten's prebuilt libc++, each append is a dozen calls that are not inlined: the report's rows spent most of
// their time there in the browser.)
class TextSink {
public:
    explicit TextSink(std::string& out) : out_(out), at_(out.data() + out.size()), end_(at_) {}
    ~TextSink() { out_.resize(static_cast<std::size_t>(at_ - out_.data())); }
    TextSink(const TextSink&) = delete;
    TextSink& operator=(const TextSink&) = delete;

    void put(std::string_view text) {
        const std::size_t n = text.size();
        if (static_cast<std::size_t>(end_ - at_) < n) grow(n);
        copy(at_, text.data(), n);
        at_ += n;
    }
    void put(char c) {
        if (at_ == end_) grow(1);
        *at_++ = c;
    }
    // A cell as append_csv_cell writes it.
    void cell(std::string_view text) {
        if (csv_cell_is_plain(text)) {
            put(text);
            return;
        }
        scratch_.clear();
        append_csv_cell(scratch_, text);
        put(scratch_);
    }

private:
    // Most pieces are a few bytes (a role, a time, a status). A call to memcpy for each cost the browser about
    // 40 ns (in WebAssembly it is a call into libc, not inlined); copies of a fixed size are plain loads and
    // stores, so up to 16 bytes go as two of them that overlap.
    static void copy(char* to, const char* from, std::size_t n) {
        if (n >= 8 && n <= 16) {
            std::uint64_t head;
            std::uint64_t tail;
            std::memcpy(&head, from, 8);
            std::memcpy(&tail, from + n - 8, 8);
            std::memcpy(to, &head, 8);
            std::memcpy(to + n - 8, &tail, 8);
        } else if (n >= 4 && n < 8) {
            std::uint32_t head;
            std::uint32_t tail;
            std::memcpy(&head, from, 4);
            std::memcpy(&tail, from + n - 4, 4);
            std::memcpy(to, &head, 4);
            std::memcpy(to + n - 4, &tail, 4);
        } else if (n < 4) {
            // Straight-line, not a loop (the compiler would make a loop a call to memcpy again).
            if (n >= 1) to[0] = from[0];
            if (n >= 2) to[1] = from[1];
            if (n == 3) to[2] = from[2];
        } else {
            std::memcpy(to, from, n);
        }
    }

    void grow(std::size_t at_least) {
        constexpr std::size_t kStep = 64 * 1024;
        const auto used = static_cast<std::size_t>(at_ - out_.data());
        out_.resize(used + std::max(at_least, kStep));
        at_ = out_.data() + used;
        end_ = out_.data() + out_.size();
    }

    std::string& out_;
    char* at_;
    char* end_;
    std::string scratch_;  // a cell that needs quoting
};

}  // namespace

// Everything the report needs, read by the first steps a slice at a time (people, then memberships, each in
// rowid order from where the last slice stopped); the writing steps then work from memory only. Rows are
// assembled from cells encoded once by csv_cell (a person's four cells are the same in each of their groups, a
// group's in each of its rows) and joined as CsvWriter joins them: ',' between cells, CRLF after each row.
struct MembershipReportWriter::State {
    enum class Phase { kTree, kPeople, kRank, kMemberships, kOrder, kWrite, kDone };
    Store& store;
    Phase phase = Phase::kTree;
    std::uint64_t revision = 0;  // the database read: a change while reading starts the reading again
    Id last_id = 0;              // where the reading of the current table stands (its rowid)
    Id max_id = 0;               // the current table's largest rowid, for the progress

    Tree tree;
    std::vector<int> position;  // node -> position in the report's order
    IdIndex group_index;
    std::vector<Id> person_ids;             // as read, in rowid order
    std::vector<std::string> sort_keys;     // likewise, until ranked
    std::vector<Person> people;             // by rank (natural name order), once ranked
    IdIndex rank;                           // person's ID -> rank
    std::vector<std::string> person_cells;  // "user_id,first_name,last_name,email", encoded when first needed
    std::vector<std::string> group_cells;   // "group_id,group_name" of a node, likewise
    std::vector<MembershipRow> rows;        // as read; then by group position, each group by person when reached
    std::vector<std::size_t> group_start;   // position -> its first row (one more entry: the end)
    std::string uids;
    std::vector<std::vector<std::size_t>> staff_of;  // node -> its staff rows, by person
    std::vector<Reach> reach_of;                     // node -> what reaches it from its ancestors

    // Where the writing stands.
    bool header_written = false;
    std::size_t pos = 0;    // the group being written, as a position in tree.order
    std::size_t next = 0;   // the next direct row
    std::size_t first = 0;  // the group's first direct row
    bool group_started = false;
    bool inherited_phase = false;
    std::size_t reach_at = 0;
    std::size_t direct_at = 0;
    std::string parent_cell;  // the group's parent's uid, encoded
    std::string slug_cell;
    std::string inherited_id;  // an inherited row's ID, before it is written
    std::size_t written = 0;

    explicit State(Store& s) : store(s) {}

    const std::string& person(int rank) {
        std::string& c = person_cells[static_cast<std::size_t>(rank)];
        if (c.empty()) {
            const Person& p = people[static_cast<std::size_t>(rank)];
            c = cells({p.uid, p.first_name, p.last_name, p.email});
        }
        return c;
    }
    const std::string& group(std::size_t node) {
        std::string& c = group_cells[node];
        if (c.empty()) c = cells({tree.nodes[node].uid, tree.nodes[node].name});
        return c;
    }
    void row(TextSink& out, std::size_t node, const MembershipRow& m, std::optional<std::size_t> from) {
        const std::string_view uid = std::string_view(uids).substr(m.uid_at, m.uid_size);
        if (from) {
            // An inherited row's own ID: the carrying membership's and this group's, so no two rows share
            // one and every export gives the same row the same ID.
            inherited_id.assign(uid).append(1, '-').append(tree.nodes[node].uid);
            out.cell(inherited_id);
        } else {
            out.cell(uid);
        }
        out.put(',');
        out.put(person(m.user()));
        out.put(',');
        out.put(group(node));
        out.put(',');
        out.put(group_role_key(m.role));
        out.put(',');
        out.put(parent_cell);
        out.put(',');
        out.put(iso_time_text(m.created_at).view());
        out.put(from ? std::string_view(",inherited,") : std::string_view(",direct,"));
        out.put(from ? std::string_view(group(*from)) : std::string_view(","));
        out.put(',');
        out.put(people[static_cast<std::size_t>(m.user())].status);  // active|invited|deactivated
        out.put(',');
        out.put(slug_cell);
        out.put("\r\n");
        ++written;
    }

    std::uint64_t data_revision() const { return store.revision_of(~static_cast<std::uint32_t>(kChangeLocal)); }
    Id largest_id(const char* sql) {
        auto s = store.db().prepare(sql);
        return s->step() ? s->col_int(0) : 0;
    }

    // Reading is done from scratch: the tree and the start of the people.
    void read_tree() {
        person_ids.clear();
        sort_keys.clear();
        people.clear();
        rows.clear();
        uids.clear();
        last_id = 0;
        revision = data_revision();
        tree = load_tree(store);
        position.assign(tree.nodes.size(), 0);
        for (std::size_t p = 0; p < tree.order.size(); ++p) {
            position[static_cast<std::size_t>(tree.order[p])] = static_cast<int>(p);
        }
        std::vector<Id> ids;
        ids.reserve(tree.nodes.size());
        for (const GroupNode& g : tree.nodes) ids.push_back(g.id);
        group_index.build(ids);
        max_id = largest_id(kLargestUserId);
        phase = Phase::kPeople;
    }
    // Up to `count` people after the last one read; true once every person is read.
    bool read_people(int count) {
        auto s = store.db().prepare(kUsersAfter);
        s->bind(1, last_id);
        s->bind(2, static_cast<std::int64_t>(count));
        int read = 0;
        while (s->step()) {
            ++read;
            last_id = s->col_int(0);
            person_ids.push_back(last_id);
            people.push_back({s->col_text(1), s->col_text(2), s->col_text(3), s->col_text(4), s->col_text(5)});
            sort_keys.push_back(s->col_text(6));
        }
        return read < count;
    }
    // The people in natural name order (users_sort's order: sort_key, then ID).
    void rank_people() {
        std::vector<int> order(people.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            const std::string& x = sort_keys[static_cast<std::size_t>(a)];
            const std::string& y = sort_keys[static_cast<std::size_t>(b)];
            int c = x.compare(y);
            return c != 0 ? c < 0 : person_ids[static_cast<std::size_t>(a)] < person_ids[static_cast<std::size_t>(b)];
        });
        std::vector<Person> ranked;
        std::vector<Id> ids;
        ranked.reserve(people.size());
        ids.reserve(people.size());
        for (int i : order) {
            ranked.push_back(std::move(people[static_cast<std::size_t>(i)]));
            ids.push_back(person_ids[static_cast<std::size_t>(i)]);
        }
        people = std::move(ranked);
        rank.build(ids);
        sort_keys = {};
        person_ids = {};
        last_id = 0;
        max_id = largest_id(kLargestMembershipId);
        // Room for every membership at once (rowids are dense, as SQLite assigns them; up to 2 million), so the rows
        // and their uids are not copied again and again as they grow.
        const auto expected = static_cast<std::size_t>(std::clamp<Id>(max_id, 0, Id{1} << 21));
        rows.reserve(expected);
        uids.reserve(expected * 32);
        phase = Phase::kMemberships;
    }
    // Up to `count` memberships after the last one read; true once every membership is read.
    bool read_memberships(int count) {
        auto s = store.db().prepare(kMembershipsAfter);
        s->bind(1, last_id);
        s->bind(2, static_cast<std::int64_t>(count));
        int read = 0;
        while (s->step()) {
            ++read;
            last_id = s->col_int(0);
            int g = group_index.find(s->col_int(1));
            int u = rank.find(s->col_int(2));
            if (g < 0 || u < 0) continue;
            MembershipRow row;
            row.key = (static_cast<std::uint64_t>(position[static_cast<std::size_t>(g)]) << 32) |
                      static_cast<std::uint32_t>(u);
            row.role = parse_group_role(s->col_view(3)).value_or(GroupRole::kMember);
            const std::string_view uid = s->col_view(4);
            row.uid_at = static_cast<std::uint32_t>(uids.size());
            row.uid_size = static_cast<std::uint32_t>(uid.size());
            uids.append(uid);
            row.created_at = s->col_int(5);
            rows.push_back(row);
        }
        return read < count;
    }
    // The rows by group position (a counting sort, stable); each group's rows are sorted by person when the
    // writing reaches the group.
    void order_by_group() {
        group_start.assign(tree.order.size() + 1, 0);
        for (const MembershipRow& r : rows) ++group_start[static_cast<std::size_t>(r.group_position()) + 1];
        for (std::size_t p = 1; p < group_start.size(); ++p) group_start[p] += group_start[p - 1];
        std::vector<std::size_t> at(group_start.begin(), group_start.end() - 1);
        std::vector<MembershipRow> ordered(rows.size());
        for (const MembershipRow& r : rows) ordered[at[static_cast<std::size_t>(r.group_position())]++] = r;
        rows = std::move(ordered);
        person_cells.resize(people.size());
        group_cells.resize(tree.nodes.size());
        staff_of.resize(tree.nodes.size());
        reach_of.resize(tree.nodes.size());
        phase = Phase::kWrite;
    }

    bool write(int count, std::string& out);
};

Result<std::unique_ptr<MembershipReportWriter>> MembershipReportWriter::begin(Store& store, Id actor) {
    try {
        GROVE_TRY(authorize(store, actor, Cmd::kReportView));
    } catch (const DbError& e) {
        return storage_error(e);
    }
    std::unique_ptr<MembershipReportWriter> writer(new MembershipReportWriter());
    writer->state_ = std::make_unique<State>(store);
    return writer;
}

MembershipReportWriter::MembershipReportWriter() = default;
MembershipReportWriter::~MembershipReportWriter() = default;

Result<bool> MembershipReportWriter::step(int rows, std::string& out) {
    State& st = *state_;
    const int count = std::max(rows, 1);
    try {
        // A command committed while the reading went on: what was read may no longer agree; read again.
        if (st.phase != State::Phase::kTree && st.phase < State::Phase::kOrder && st.data_revision() != st.revision)
            st.phase = State::Phase::kTree;
        switch (st.phase) {
            case State::Phase::kTree: st.read_tree(); return false;
            case State::Phase::kPeople:
                if (st.read_people(count)) st.phase = State::Phase::kRank;
                return false;
            case State::Phase::kRank: st.rank_people(); return false;
            case State::Phase::kMemberships:
                if (st.read_memberships(count)) st.phase = State::Phase::kOrder;
                return false;
            case State::Phase::kOrder: st.order_by_group(); return false;
            case State::Phase::kWrite:
                if (!st.write(count, out)) return false;
                st.phase = State::Phase::kDone;
                return true;
            case State::Phase::kDone: return true;
        }
    } catch (const DbError& e) {
        return storage_error(e);
    }
    return true;
}

bool MembershipReportWriter::State::write(int count, std::string& out) {
    State& st = *this;
    if (!st.header_written) {
        CsvWriter header(out);
        for (const char* name : {"membership_id", "user_id", "first_name", "last_name", "email", "group_id",
                                 "group_name", "member_role", "group_parent_id", "membership_created_date", "source",
                                 "inherited_from_group_id", "inherited_from_group_name", "user_status", "group_slug"}) {
            header.cell(name);
        }
        header.end_row();
        st.header_written = true;
    }
    TextSink text(out);
    const std::size_t limit = st.written + static_cast<std::size_t>(count);
    // Parents come before their subgroups in the order, so what reaches a parent is known in time.
    while (st.pos < st.tree.order.size()) {
        auto node = static_cast<std::size_t>(st.tree.order[st.pos]);
        const GroupNode& g = st.tree.nodes[node];
        if (!st.group_started) {
            st.group_started = true;
            st.inherited_phase = false;
            st.first = st.next = st.group_start[st.pos];
            const auto end = st.rows.begin() + static_cast<std::ptrdiff_t>(st.group_start[st.pos + 1]);
            std::sort(st.rows.begin() + static_cast<std::ptrdiff_t>(st.first), end,
                      [](const MembershipRow& a, const MembershipRow& b) { return a.key < b.key; });
            st.parent_cell = g.parent >= 0 ? csv_cell(st.tree.nodes[static_cast<std::size_t>(g.parent)].uid) : "";
            st.slug_cell = csv_cell(g.slug);
        }
        if (!st.inherited_phase) {
            for (; st.next < st.group_start[st.pos + 1]; ++st.next) {
                if (st.written >= limit) return false;
                st.row(text, node, st.rows[st.next], std::nullopt);
                if (st.rows[st.next].role != GroupRole::kMember) st.staff_of[node].push_back(st.next);
            }
            st.inherited_phase = true;
            if (g.inherit && g.parent >= 0) {
                auto p = static_cast<std::size_t>(g.parent);
                st.reach_of[node] = merge_reach(st.staff_of[p], st.reach_of[p], st.rows);
            }
            st.reach_at = 0;
            st.direct_at = st.first;
        }
        // Both lists are sorted by person: walk them together to find each one's direct role here.
        const Reach& reach = st.reach_of[node];
        for (; st.reach_at < reach.size(); ++st.reach_at) {
            if (st.written >= limit) return false;
            const int user = reach[st.reach_at].first;
            const std::size_t carrier = reach[st.reach_at].second;
            while (st.direct_at < st.next && st.rows[st.direct_at].user() < user) ++st.direct_at;
            const MembershipRow& s = st.rows[carrier];
            const MembershipRow* direct = st.direct_at < st.next ? &st.rows[st.direct_at] : nullptr;
            const bool direct_here = direct && direct->user() == user;
            if (!inherited_role_counts(direct_here ? std::optional(direct->role) : std::nullopt, s.role)) continue;
            st.row(text, node, s,
                   static_cast<std::size_t>(st.tree.order[static_cast<std::size_t>(s.group_position())]));
        }
        ++st.pos;
        st.group_started = false;
    }
    return true;
}

double MembershipReportWriter::progress() const {
    // Reading takes about a third of the time, writing the rest.
    constexpr double kReading = 0.35;
    const State& st = *state_;
    auto part = [](double done, double whole) { return whole > 0 ? std::min(1.0, done / whole) : 1.0; };
    switch (st.phase) {
        case State::Phase::kTree: return 0.0;
        case State::Phase::kPeople:
        case State::Phase::kRank:
            return 0.02 + 0.08 * part(static_cast<double>(st.last_id), static_cast<double>(st.max_id));
        case State::Phase::kMemberships:
            return 0.1 + (kReading - 0.1) * part(static_cast<double>(st.last_id), static_cast<double>(st.max_id));
        case State::Phase::kOrder: return kReading;
        case State::Phase::kWrite:
            return kReading +
                   (1.0 - kReading) * part(static_cast<double>(st.next), static_cast<double>(st.rows.size() + 1));
        case State::Phase::kDone: return 1.0;
    }
    return 1.0;
}

bool MembershipReportWriter::reading() const { return state_->phase < State::Phase::kWrite; }

std::size_t MembershipReportWriter::rows_written() const { return state_->written; }

namespace {

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
    csv.header({"group_id", "group_name", "slug", "description", "created_date", "parent_group_id", "parent_group_name",
                "member_count", "subgroup_count", "inherit", "external_ids", "group_path", "updated_date"});
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

Result<std::string> write_group_users(Store& store, const std::vector<Group>& groups) {
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

    for (const Group& group : groups) {
        for (const GroupPerson& p : group_people(store, group.id)) {
            const User& u = p.user;
            auto department = u.department_id ? department_slug.find(*u.department_id) : department_slug.end();
            const bool inherited_stronger = p.inherited();
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
    GROVE_LET(writer, MembershipReportWriter::begin(store, actor));
    std::string chunk;
    for (;;) {
        GROVE_LET(done, (*writer)->step(512, chunk));
        if (chunk.size() >= kChunk || *done) {
            if (!chunk.empty()) sink(chunk);
            chunk.clear();
        }
        if (*done) return {};
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
        GROVE_LET(g, group_by_id(store, group));
        GROVE_TRY(authorize(store, actor, Cmd::kGroupExport, {.group = group, .parent = g->parent_id}));
        return write_group_users(store, {*g});
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<std::string> groups_users_csv(Store& store, Id actor, const std::vector<Id>& groups) {
    try {
        std::vector<Group> found;
        for (Id id : groups) {
            GROVE_LET(g, group_by_id(store, id));
            GROVE_TRY(authorize(store, actor, Cmd::kGroupExport, {.group = id, .parent = g->parent_id}));
            found.push_back(std::move(*g));
        }
        return write_group_users(store, found);
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
