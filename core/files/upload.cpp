// Uploads of people and memberships from CSV: planning every row against a snapshot, applying in steps.
#include "core/files/upload.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "core/access/access.h"
#include "core/access/permissions.h"
#include "core/access/snapshot_access_facts.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/people.h"
#include "core/text/text.h"

namespace grove {

namespace {

// One pass over each table the plan needs; the apply statements are the commands' own.
// People are read a slice at a time, from where the last slice stopped (rowid order): one person's facts for the
// snapshot and for authorize() alike.
constexpr const char* kPeopleAfter =
    "SELECT id, email, first_name, last_name, department_id, status FROM users WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr const char* kPeopleCount = "SELECT count(*) FROM users";
constexpr const char* kAllGroups = "SELECT id, name, slug, parent_id FROM groups";
constexpr const char* kAllDepartments = "SELECT id, name, slug FROM departments";
constexpr const char* kMembersOfGroup = "SELECT user_id, role FROM memberships WHERE group_id = ?";
constexpr const char* kValuesOfPerson = "SELECT field_id, value FROM user_fields WHERE user_id = ?";
constexpr const char* kFirstDepartment = "SELECT slug FROM departments ORDER BY id LIMIT 1";
constexpr const char* kFirstGroup = "SELECT slug FROM groups ORDER BY id LIMIT 1";

constexpr const char* kInsertUser =
    "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)";
constexpr const char* kInsertInvitee =
    "INSERT INTO users (uid, email, first_name, last_name, status, created_at, updated_at) "
    "VALUES (?, ?, '', '', 'invited', ?, ?)";
constexpr const char* kUpdateUser =
    "UPDATE users SET first_name = ?, last_name = ?, department_id = ?, updated_at = ? WHERE id = ?";
constexpr const char* kInsertValue =
    "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)";
constexpr const char* kUpsertValue =
    "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (user_id, field_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
constexpr const char* kInsertMembership =
    "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateRole =
    "UPDATE memberships SET role = ?, updated_at = ? WHERE group_id = ? AND user_id = ?";

constexpr size_t kPreviewRows = 10;

const char* as_role(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "as a member";
        case GroupRole::kMentor: return "as a mentor";
        case GroupRole::kAdmin: return "as a group admin";
    }
    return "";
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// The audit log names the file, not where it lay ("staff.csv", not "/home/ada/staff.csv").
std::string base_name(std::string_view path) {
    size_t slash = path.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// ---- Columns -------------------------------------------------------------------------------------------

enum class Target { kUnknown, kEmail, kFirst, kLast, kDepartment, kGroup, kRole, kField, kSource, kIgnore };

// A header as compared: folded (lower case, no accents), without spaces, underscores, hyphens and dots.
std::string column_key(std::string_view header) {
    std::string folded = fold(trim(header));
    std::string key;
    key.reserve(folded.size());
    for (char c : folded)
        if (c != ' ' && c != '_' && c != '-' && c != '.' && c != '\t') key += c;
    return key;
}

struct Standard {
    const char* key;
    Target target;
};
constexpr Standard kStandard[] = {
    {"email", Target::kEmail},
    {"emailaddress", Target::kEmail},
    {"firstname", Target::kFirst},
    {"givenname", Target::kFirst},
    {"lastname", Target::kLast},
    {"surname", Target::kLast},
    {"familyname", Target::kLast},
    {"department", Target::kDepartment},
    {"departmentslug", Target::kDepartment},
    {"departmentname", Target::kDepartment},
    {"group", Target::kGroup},
    {"groupslug", Target::kGroup},
    {"groupname", Target::kGroup},
    {"role", Target::kRole},
    {"grouprole", Target::kRole},
    {"memberrole", Target::kRole},
};

// Columns of Grove's own "group's users" file (reports.h) that say how a person is in the group rather
// than what to change: read back without complaint, so that file uploads again as it is. An additional
// field of the same name wins over them.
constexpr Standard kGroveExport[] = {
    {"source", Target::kSource},
    {"status", Target::kIgnore},
    {"inheritedrole", Target::kIgnore},
    {"inheritedfrom", Target::kIgnore},
};

const char* target_field(Target t) {
    switch (t) {
        case Target::kSource: return "source";
        case Target::kEmail: return "email";
        case Target::kFirst: return "first_name";
        case Target::kLast: return "last_name";
        case Target::kDepartment: return "department";
        case Target::kGroup: return "group";
        case Target::kRole: return "role";
        case Target::kIgnore: return "ignore";
        default: return "";
    }
}

// How a row's reasons name the column.
const char* target_words(Target t) {
    switch (t) {
        case Target::kEmail: return "email";
        case Target::kFirst: return "first name";
        case Target::kLast: return "last name";
        case Target::kDepartment: return "department";
        case Target::kGroup: return "group";
        case Target::kRole: return "role";
        default: return "";
    }
}

struct Resolved {
    Target target = Target::kUnknown;
    int field = -1;  // index into the fields, for kField
};

Resolved resolve_target(const std::string& key, const std::vector<FieldDef>& fields,
                        const std::vector<std::string>& field_keys) {
    for (const auto& s : kStandard)
        if (key == s.key) return {s.target, -1};
    for (size_t i = 0; i < fields.size(); ++i)
        if (field_keys[i] == key) return {Target::kField, static_cast<int>(i)};
    for (const auto& s : kGroveExport)
        if (key == s.key) return {s.target, -1};
    return {};
}

// ---- Snapshot of the records rows refer to --------------------------------------------------------------

// Emails compare by their identity, email_key(): Unicode case folding and NFC, as the users_email_key index.
template <class V>
using EmailMap = std::unordered_map<std::string_view, V, EmailHash, EmailEq>;

struct KnownPerson {
    Id id = 0;
    std::string email, first, last;
    std::optional<Id> department;
};

struct KnownGroup {
    Id id = 0;
    std::string name, slug;
    std::optional<Id> parent;
};

struct KnownDepartment {
    Id id = 0;
    std::string name, slug;
};

// As group_by_slug_or_name(): the exact slug, else a name held by exactly one record (ASCII case ignored,
// as SQLite's NOCASE).
template <class Record>
struct SlugOrName {
    std::unordered_map<std::string, size_t> by_slug;
    std::unordered_map<std::string, std::vector<size_t>> by_name;
    void add(const Record& r, size_t index) {
        by_slug.emplace(r.slug, index);
        by_name[lower_ascii(r.name)].push_back(index);
    }
    // index, or -1 when nothing matches, or -2 when several names match.
    long find(std::string_view text) const {
        if (auto it = by_slug.find(std::string(text)); it != by_slug.end()) return static_cast<long>(it->second);
        auto it = by_name.find(lower_ascii(text));
        if (it == by_name.end()) return -1;
        return it->second.size() == 1 ? static_cast<long>(it->second[0]) : -2;
    }
};

struct Snapshot {
    std::deque<KnownPerson> people;  // a deque: views into its emails stay valid as it grows
    EmailMap<size_t> by_email;
    std::unordered_map<Id, PersonFacts> person_facts;  // for SnapshotAccessFacts
    Id last_person = 0;                                // where reading the people stands
    size_t people_total = 0;                           // as counted before reading them, for the progress
    std::vector<KnownGroup> groups;
    SlugOrName<KnownGroup> group_names;
    std::vector<KnownDepartment> departments;
    SlugOrName<KnownDepartment> department_names;
    std::vector<FieldDef> fields;
    std::vector<std::string> field_keys;
    std::unordered_set<Id> smart_groups;  // their rules choose their members (F12)

    // Up to `count` more people; true once all are read.
    bool load_people(Store& store, int count) {
        Db& db = store.db();
        if (last_person == 0) {
            auto s = db.prepare(kPeopleCount);
            if (s->step()) {
                people_total = static_cast<size_t>(s->col_int(0));
                by_email.reserve(people_total);
                person_facts.reserve(people_total);
            }
        }
        auto s = db.prepare(kPeopleAfter);
        s->bind(1, last_person);
        s->bind(2, static_cast<std::int64_t>(count));
        int read = 0;
        while (s->step()) {
            ++read;
            KnownPerson p;
            p.id = last_person = s->col_int(0);
            p.email = s->col_text(1);
            p.first = s->col_text(2);
            p.last = s->col_text(3);
            p.department = s->col_opt_int(4);
            PersonFacts f;
            f.status = parse_user_status(s->col_text(5)).value_or(UserStatus::kActive);
            f.department = p.department;
            f.name = person_name(p.first, p.last, p.email);
            person_facts.emplace(p.id, std::move(f));
            people.push_back(std::move(p));
            by_email.emplace(people.back().email, people.size() - 1);
        }
        return read < count;
    }
    // Everything else, once the people are read.
    void load(Store& store) {
        Db& db = store.db();
        {
            auto s = db.prepare("SELECT group_id FROM smart_rules");
            while (s->step()) smart_groups.insert(s->col_int(0));
        }
        {
            auto s = db.prepare(kAllGroups);
            while (s->step()) {
                KnownGroup g{s->col_int(0), s->col_text(1), s->col_text(2), s->col_opt_int(3)};
                group_names.add(g, groups.size());
                groups.push_back(std::move(g));
            }
        }
        {
            auto s = db.prepare(kAllDepartments);
            while (s->step()) {
                KnownDepartment d{s->col_int(0), s->col_text(1), s->col_text(2)};
                department_names.add(d, departments.size());
                departments.push_back(std::move(d));
            }
        }
        fields = list_fields(store);
        for (const auto& f : fields) field_keys.push_back(column_key(f.name));
    }
};

// ---- Permissions ----------------------------------------------------------------------------------------

// The person a row acts on: one of the database, or one the upload creates (no ID yet).
// Its names are views into the snapshot or the file, both alive while planning.
struct Subject {
    std::optional<Id> id;
    std::optional<Id> department;
    std::string_view first, last, email;
    Id pending = 0;        // for a person the upload creates: their provisional ID in the access facts
    bool invited = false;  // created as an invitation: member.invite allowed their membership
    std::string name() const { return person_name(first, last, email); }
    // Who authorize() is asked about.
    Id access_id() const { return id.value_or(pending); }
};

// ---- Work -----------------------------------------------------------------------------------------------

}  // namespace

// One step of applying: a person added or updated, or a membership added or re-roled.
struct UploadPlan::Work {
    enum class Kind { kAddPerson, kInvitePerson, kUpdatePerson, kAddMembership, kChangeRole };
    struct Op {
        Kind kind;
        Id id = 0;         // the person (update, or a membership of an existing person)
        int created = -1;  // a membership of a person this upload adds or invites: the index among those
        Id group = 0;
        GroupRole role = GroupRole::kMember;
        std::string email, first, last;
        std::optional<Id> department;
        std::vector<std::pair<Id, std::string>> fields;  // field ID, stored value
        std::string what;  // an update, for the audit: "changed first name from Ana to Anna; ..."
    };
    Id actor = 0;
    std::uint64_t revision = 0;
    std::string file_name;
    UploadKind kind = UploadKind::kUsers;
    std::vector<Op> ops;
    UploadCounts counts;
};

namespace {

std::uint64_t data_revision(const Store& store) { return store.revision_of(~static_cast<std::uint32_t>(kChangeLocal)); }

}  // namespace

std::string upload_header_key(std::string_view header) { return column_key(header); }

std::string UploadCounts::summary(bool would) const {
    struct Part {
        const char* done;
        const char* to_do;
        const char* after;
        int n;
    };
    // The first part of each half names the noun: "added 3 people, updated 1".
    auto half = [&](std::initializer_list<Part> parts, const char* one, const char* many) {
        std::string text;
        for (const Part& p : parts) {
            if (p.n == 0) continue;
            bool first = text.empty();
            if (!first) text += ", ";
            text += would ? p.to_do : p.done;
            text += ' ';
            text += first ? counted(p.n, one, many) : std::to_string(p.n);
            text += p.after;
        }
        return text;
    };
    std::vector<std::string> halves;
    for (auto text : {half({{"added", "add", "", people_added},
                            {"invited", "invite", "", people_invited},
                            {"updated", "update", "", people_updated},
                            {"left", "leave", " unchanged", people_unchanged}},
                           "person", "people"),
                      half({{"added", "add", "", memberships_added},
                            {"changed the role of", "change the role of", "", memberships_changed},
                            {"left", "leave", " unchanged", memberships_unchanged}},
                           "membership", "memberships")}) {
        if (!text.empty()) halves.push_back(text);
    }
    if (halves.empty())
        return would ? "Would do nothing: the file has no rows." : "Nothing to do: the file has no rows.";
    std::string text = would ? "would " + halves[0] : halves[0];
    for (size_t i = 1; i < halves.size(); ++i) text += "; " + halves[i];
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text + ".";
}

Result<void> check_upload_size(UploadKind kind, std::uint64_t bytes) {
    const std::uint64_t limit = kind == UploadKind::kMemberships ? kMembershipUploadLimit : kUserUploadLimit;
    if (bytes <= limit) return {};
    // MB here is 1024 * 1024 bytes, as the limit is; rounded up so that 3 MB and a byte reads 3.1 MB.
    constexpr std::uint64_t kMB = 1024 * 1024;
    std::uint64_t tenths = (bytes * 10 + kMB - 1) / kMB;
    char text[96];
    std::snprintf(text, sizeof text, "The file is %llu.%llu MB; the limit is %llu MB.",
                  static_cast<unsigned long long>(tenths / 10), static_cast<unsigned long long>(tenths % 10),
                  static_cast<unsigned long long>(limit / kMB));
    return bad_value(text);
}

Result<ColumnMapping> parse_column_mapping(std::string_view text) {
    size_t eq = text.rfind('=');
    if (eq == std::string_view::npos || trim(text.substr(0, eq)).empty()) {
        return bad_value("A column mapping is written HEADER=FIELD, not " + quoted(text) + ".");
    }
    return ColumnMapping{trim(text.substr(0, eq)), trim(text.substr(eq + 1))};
}

std::vector<std::string> upload_targets(Store& store) {
    std::vector<std::string> out{"email", "first_name", "last_name", "department", "group", "role"};
    for (const auto& f : list_fields(store)) out.push_back(f.name);
    out.push_back("ignore");
    return out;
}

Result<UploadPlan> plan_upload(Store& store, Id actor, UploadKind kind, std::string_view file_name,
                               std::string_view bytes, const std::vector<ColumnMapping>& mappings) {
    UploadOptions options;
    options.mappings = mappings;
    return plan_upload(store, actor, kind, file_name, bytes, options);
}

// ---- Planning, in steps ---------------------------------------------------------------------------------

namespace {

// People met so far in the file, by email: where first, and who they are after that row.
struct Seen {
    int line = 0;
    size_t row = 0;
    bool ok = false;   // the person's row was accepted (people files)
    Subject subject;   // as after that row
    int created = -1;  // index among the people added
};

}  // namespace

// Everything planning keeps between steps: the file as read, the snapshot, the facts authorize() asks, and
// what the rows so far have planned. Lives on the heap and never moves: views into its strings stay valid.
struct UploadPlanner::State {
    enum class Phase { kRead, kPeople, kColumns, kFacts, kRows, kDone };
    Store& store;
    Id actor;
    UploadKind kind;
    UploadOptions options;
    std::string file_name;
    std::string bytes;  // until read
    Phase phase = Phase::kRead;
    std::uint64_t revision = 0;  // the database planned against

    CsvTable table;
    UploadPlan plan;
    std::shared_ptr<UploadPlan::Work> work;
    Snapshot snap;
    const KnownGroup* fixed_group = nullptr;  // a group's own upload: the group every row goes into
    size_t width = 0;
    std::vector<Resolved> resolved;
    std::vector<int> column_of;
    std::vector<int> field_column;
    bool people_file = false;  // a file with names is a people file, also when it comes as a membership upload
    std::optional<SnapshotAccessFacts> facts;
    std::unordered_map<Id, std::unordered_map<Id, GroupRole>> members;  // group -> person -> role, read once
    EmailMap<Seen> seen;
    // (person's first line, group) -> the line putting the person into the group.
    std::unordered_map<std::uint64_t, int> placed;
    // The columns about the person, compared when an email comes back on a later row.
    std::vector<int> person_columns;
    int created_count = 0;
    // Emails nobody has, in a membership file without names: their slot among the unknown people (for
    // the check of a person put twice into a group) and, once invited, who they are.
    EmailMap<size_t> unknown_slot;
    EmailMap<Subject> invitees;
    EmailMap<int> invitee_created;
    std::vector<std::pair<Id, std::string>> current_values;
    size_t next_row = 1;

    State(Store& s, Id a, UploadKind k, UploadOptions o, std::string_view name, std::string_view b)
        : store(s), actor(a), kind(k), options(std::move(o)), file_name(name), bytes(b) {}

    int col(Target t) const { return column_of[static_cast<size_t>(t)]; }
    // Empty when allowed; otherwise the refusal in the command's words.
    std::string refusal(Cmd cmd, const AccessTarget& target) {
        auto allowed = authorize(*facts, actor, cmd, target);
        return allowed ? std::string() : allowed.error().message;
    }
    std::optional<GroupRole> member_role(Id group, Id person) {
        auto it = members.find(group);
        if (it == members.end()) {
            it = members.emplace(group, std::unordered_map<Id, GroupRole>{}).first;
            auto s = store.db().prepare(kMembersOfGroup);
            s->bind(1, group);
            while (s->step()) {
                it->second.emplace(s->col_int(0), parse_group_role(s->col_text(1)).value_or(GroupRole::kMember));
            }
        }
        auto found = it->second.find(person);
        if (found == it->second.end()) return std::nullopt;
        return found->second;
    }

    Result<void> read() {
        GROVE_LET(read_table, read_csv(bytes, file_name));
        if (read_table->rows.empty()) return bad_value(file_name + " is empty: it has no header line.");
        table = std::move(*read_table);
        bytes = std::string();
        auto acting = find_user(store, actor);
        if (!acting) return forbidden("Nobody is acting: choose a person of the organisation first.");
        if (acting->status != UserStatus::kActive) {
            return forbidden(acting->display_name() + " may not upload people: their account is " +
                             user_status_key(acting->status) + ".");
        }
        plan.file_name = file_name;
        plan.kind = kind;
        plan.separator = table.separator;
        work = std::make_shared<UploadPlan::Work>();
        work->actor = actor;
        work->revision = data_revision(store);
        work->file_name = plan.file_name;
        work->kind = kind;
        return {};
    }

    // The columns: recognised from their headers, or as the person mapped them; the header's problems.
    Result<void> read_columns() {
        const std::vector<ColumnMapping>& mappings = options.mappings;
        std::vector<CsvRecord>& rows = table.rows;
        const CsvRecord& header = rows[0];
        plan.row_count = static_cast<int>(rows.size()) - 1;
        for (size_t r = 1; r < rows.size() && plan.preview.size() < kPreviewRows; ++r) plan.preview.push_back(rows[r]);
        const std::string at_header = plan.file_name + ":" + std::to_string(header.line) + ": ";

        snap.load(store);
        // A group's own upload: the group every row goes into.
        if (options.group && kind == UploadKind::kMemberships) {
            for (const KnownGroup& g : snap.groups)
                if (g.id == *options.group) fixed_group = &g;
            if (fixed_group == nullptr) return not_found("The group of this upload no longer exists.");
        }

        // The columns: recognised from their headers, or as the person mapped them.
        width = header.cells.size();
        resolved.assign(width, Resolved{});
        std::vector<std::string> keys(width);
        for (size_t c = 0; c < width; ++c) {
            plan.columns.push_back({header.cells[c], "", false});
            keys[c] = column_key(header.cells[c]);
            resolved[c] = resolve_target(keys[c], snap.fields, snap.field_keys);
        }
        for (const auto& m : mappings) {
            std::string key = column_key(m.header);
            size_t c = 0;
            while (c < width && trim(header.cells[c]) != trim(m.header)) ++c;
            if (c == width) {
                c = 0;
                while (c < width && keys[c] != key) ++c;
            }
            if (c == width) {
                plan.errors.push_back(at_header + "no column is headed " + quoted(trim(m.header)) +
                                      " (in the mapping " + quoted(m.header + "=" + m.field) + ")");
                continue;
            }
            std::string target = column_key(m.field);
            Resolved r = target.empty() || target == "ignore" ? Resolved{Target::kIgnore, -1}
                                                              : resolve_target(target, snap.fields, snap.field_keys);
            if (r.target == Target::kUnknown) {
                plan.errors.push_back(at_header + "the column " + quoted(header.cells[c]) + " cannot go to " +
                                      quoted(trim(m.field)) +
                                      ": that is not email, first_name, last_name, department, group, role or an "
                                      "additional field");
                continue;
            }
            resolved[c] = r;
            plan.columns[c].mapped = true;
        }
        for (size_t c = 0; c < width; ++c) {
            const Resolved& r = resolved[c];
            plan.columns[c].field = r.target == Target::kField ? snap.fields[static_cast<size_t>(r.field)].name
                                                               : std::string(target_field(r.target));
        }

        // Header problems: unknown or doubled columns, missing ones.
        column_of.assign(static_cast<size_t>(Target::kIgnore) + 1, -1);
        field_column.assign(snap.fields.size(), -1);
        for (size_t c = 0; c < width; ++c) {
            const Resolved& r = resolved[c];
            if (r.target == Target::kUnknown) {
                if (trim(header.cells[c]).empty()) {
                    // Spreadsheets often carry a trailing empty column: harmless while it stays empty.
                    bool used = false;
                    for (size_t k = 1; k < rows.size() && !used; ++k)
                        used = c < rows[k].cells.size() && !trim_view(rows[k].cells[c]).empty();
                    if (used) {
                        plan.errors.push_back(at_header + "column " + std::to_string(c + 1) +
                                              " has values but no header; name it or remove it");
                    }
                    continue;
                }
                plan.errors.push_back(at_header + "unknown column " + quoted(header.cells[c]) +
                                      "; map it to a field or remove it");
                continue;
            }
            if (r.target == Target::kIgnore) continue;
            int& slot = r.target == Target::kField ? field_column[static_cast<size_t>(r.field)]
                                                   : column_of[static_cast<size_t>(r.target)];
            if (slot >= 0) {
                plan.errors.push_back(at_header + "the columns " + quoted(header.cells[static_cast<size_t>(slot)]) +
                                      " and " + quoted(header.cells[c]) + " both hold " + plan.columns[c].field);
                continue;
            }
            slot = static_cast<int>(c);
        }
        // A file with names is a people file, also when it comes as a membership upload.
        people_file = kind == UploadKind::kUsers || col(Target::kFirst) >= 0 || col(Target::kLast) >= 0;
        std::vector<Target> required{Target::kEmail};
        if (people_file) required.insert(required.end(), {Target::kFirst, Target::kLast});
        if (kind == UploadKind::kMemberships && !fixed_group) required.push_back(Target::kGroup);
        const char* needs = kind == UploadKind::kUsers ? "a people file needs email, first name and last name"
                            : fixed_group
                                ? (people_file ? "a file of people with names needs email, first name and last name"
                                               : "a file of people for a group needs an email column")
                            : people_file ? "a membership file with names needs email, first name, last name and group"
                                          : "a membership file needs email and group";
        bool missing = false;
        for (Target t : required) {
            if (col(t) >= 0) continue;
            missing = true;
            plan.errors.push_back(at_header + "no " + target_words(t) + " column; " + needs);
        }
        if (col(Target::kRole) >= 0 && col(Target::kGroup) < 0 && !fixed_group) {
            missing = true;
            plan.errors.push_back(at_header + "a role column needs a group column");
        }
        if (missing) {
            plan.work = work;
            phase = Phase::kDone;
            return {};
        }

        return {};
    }

    // Each row asks authorize(), the commands' own rules, over facts read once; the facts follow the plan
    // (a person's new department and name, the people it adds) so that later rows see the database as
    // planned.
    void read_facts() {
        facts.emplace(store, actor, std::move(snap.person_facts));
        const std::vector<CsvRecord>& rows = table.rows;
        if (people_file) seen.reserve(rows.size());
        placed.reserve(rows.size());
        work->ops.reserve(rows.size());
        plan.changes.reserve(rows.size());
        for (size_t c = 0; c < width; ++c) {
            Target t = resolved[c].target;
            if (t == Target::kFirst || t == Target::kLast || t == Target::kDepartment || t == Target::kField) {
                person_columns.push_back(static_cast<int>(c));
            }
        }
    }

    void plan_row(size_t r) {
        using Op = UploadPlan::Work::Op;
        using OpKind = UploadPlan::Work::Kind;
        const std::vector<CsvRecord>& rows = table.rows;
        const CsvRecord& row = rows[r];
        const size_t errors_before = plan.errors.size();
        // A row's reasons come in the order of its columns.
        std::vector<int> error_columns;
        auto fail_at = [&](int column, const std::string& reason) {
            plan.errors.push_back(plan.file_name + ":" + std::to_string(row.line) + ": " + reason);
            error_columns.push_back(column);
        };
        auto fail = [&](const std::string& reason) { fail_at(static_cast<int>(width), reason); };
        // "line 4: " and the parts, in one allocation: a big file has a change on every row.
        auto change = [&](std::initializer_list<std::string_view> parts) {
            char number[24];
            int n = std::snprintf(number, sizeof number, "line %d: ", row.line);
            size_t size = static_cast<size_t>(n);
            for (auto part : parts) size += part.size();
            std::string text;
            text.reserve(size);
            text.append(number, static_cast<size_t>(n));
            for (auto part : parts) text += part;
            plan.changes.push_back(std::move(text));
        };
        auto cell = [&](int c) -> std::string_view {
            if (c < 0 || static_cast<size_t>(c) >= row.cells.size()) return {};
            std::string_view value = trim_view(row.cells[static_cast<size_t>(c)]);
            // The apostrophe Grove's CSV writer (and spreadsheets) put before a value that would
            // otherwise run as a formula is not part of the value.
            if (value.size() > 1 && value[0] == '\'' &&
                std::string_view("=+-@").find(value[1]) != std::string_view::npos) {
                value.remove_prefix(1);
            }
            return value;
        };
        // A row of a group's users file for someone who is there only through a parent group's
        // staff role: not a membership of this group, so nothing to apply.
        if (fold(cell(col(Target::kSource))) == "inherited") {
            change({"skip ", cell(col(Target::kEmail)), ": inherited from a parent group, not a membership"});
            return;
        }
        if (row.cells.size() > width) {
            bool extra = false;
            for (size_t c = width; c < row.cells.size() && !extra; ++c) extra = !trim_view(row.cells[c]).empty();
            if (extra) {
                fail("the row has " + std::to_string(row.cells.size()) + " cells but the header has " +
                     std::to_string(width));
                return;
            }
        }

        // Each cell on its own.
        std::string_view email = cell(col(Target::kEmail));
        if (email.empty()) {
            fail_at(col(Target::kEmail), "email is empty");
        } else if (!is_valid_email(email)) {
            fail_at(col(Target::kEmail), "email " + quoted(email) + " is not an email address");
            email = {};
        }
        // Names as add_user() keeps them: one space where several were.
        const std::string first = clean_name(cell(col(Target::kFirst)));
        const std::string last = clean_name(cell(col(Target::kLast)));
        if (auto problem = one_line_problem(first)) {
            fail_at(col(Target::kFirst), "first name " + *problem);
        }
        if (auto problem = one_line_problem(last)) {
            fail_at(col(Target::kLast), "last name " + *problem);
        }
        std::optional<Id> department;
        if (auto text = cell(col(Target::kDepartment)); !text.empty()) {
            long d = snap.department_names.find(text);
            if (d == -1)
                fail_at(col(Target::kDepartment), "department " + quoted(text) + " does not exist");
            else if (d == -2)
                fail_at(col(Target::kDepartment),
                        "department " + quoted(text) + " names several departments; use its slug");
            else
                department = snap.departments[static_cast<size_t>(d)].id;
        }
        std::vector<std::pair<Id, std::string>> values;
        for (size_t f = 0; f < snap.fields.size(); ++f) {
            std::string_view raw = cell(field_column[f]);
            if (raw.empty()) continue;
            const FieldDef& def = snap.fields[f];
            auto value = normalize_field_value(def, raw);
            if (value) {
                values.emplace_back(def.id, std::move(*value));
                continue;
            }
            switch (def.type) {
                case FieldType::kNumber:
                    fail_at(field_column[f], def.name + " " + quoted(raw) + " is not a number");
                    break;
                case FieldType::kDate:
                    fail_at(field_column[f], def.name + " " + quoted(raw) + " is not a date (YYYY-MM-DD)");
                    break;
                case FieldType::kChoice: {
                    std::string list;
                    for (const auto& choice : def.choices) list += (list.empty() ? "" : ", ") + choice;
                    fail_at(field_column[f], def.name + " " + quoted(raw) + " is not one of " + list);
                    break;
                }
                case FieldType::kText: fail_at(field_column[f], value.error().message); break;
            }
        }
        const KnownGroup* group = nullptr;
        std::string_view group_text = cell(col(Target::kGroup));
        if (fixed_group) {
            // Every row goes into the upload's group; a group cell may only confirm it.
            group = fixed_group;
            if (!group_text.empty() &&
                snap.group_names.find(group_text) != static_cast<long>(fixed_group - snap.groups.data())) {
                fail_at(col(Target::kGroup), "group " + quoted(group_text) + " is not " + fixed_group->name +
                                                 ": this upload puts everyone into " + fixed_group->name);
            }
        } else if (!group_text.empty()) {
            long g = snap.group_names.find(group_text);
            if (g == -1)
                fail_at(col(Target::kGroup), "group " + quoted(group_text) + " does not exist");
            else if (g == -2)
                fail_at(col(Target::kGroup), "group " + quoted(group_text) + " names several groups; use its slug");
            else
                group = &snap.groups[static_cast<size_t>(g)];
        } else if (kind == UploadKind::kMemberships && !people_file) {
            fail_at(col(Target::kGroup), "group is empty");
        }
        std::optional<GroupRole> role;
        if (auto text = cell(col(Target::kRole)); !text.empty()) {
            std::string key = lower_ascii(text);
            std::replace(key.begin(), key.end(), ' ', '-');
            role = parse_group_role(key);
            if (!role)
                fail_at(col(Target::kRole), "role " + quoted(text) + " is not member, mentor or admin");
            else if (group_text.empty() && !fixed_group)
                fail_at(col(Target::kRole), "role " + quoted(text) + " needs a group on the same row");
        }
        if (error_columns.size() > 1) {
            std::vector<size_t> order(error_columns.size());
            for (size_t k = 0; k < order.size(); ++k) order[k] = k;
            std::stable_sort(order.begin(), order.end(),
                             [&](size_t a, size_t b) { return error_columns[a] < error_columns[b]; });
            std::vector<std::string> sorted;
            for (size_t k : order) sorted.push_back(std::move(plan.errors[errors_before + k]));
            std::move(sorted.begin(), sorted.end(), plan.errors.begin() + static_cast<long>(errors_before));
        }
        if (email.empty()) return;

        // The row against the rest of the file and the database.
        auto known = snap.by_email.find(email);
        const KnownPerson* existing = known == snap.by_email.end() ? nullptr : &snap.people[known->second];
        // An email nobody has, on a row that names nobody and asks for a group, in an upload that
        // invites: an invitation, as Add members makes one.
        const bool invite_row = options.invite && kind == UploadKind::kMemberships && !existing && first.empty() &&
                                last.empty() && (fixed_group || !group_text.empty());
        // Invites the row's person (once per email), as the command member.invite would; false when refused.
        auto invite = [&](Subject& subject, int& created_at) {
            if (auto refused = refusal(Cmd::kMemberInvite, {.group = group->id}); !refused.empty()) {
                fail(refused);
                return false;
            }
            Op op{OpKind::kInvitePerson};
            op.email = std::string(email);
            work->ops.push_back(std::move(op));
            created_at = created_count++;
            subject = {std::nullopt, std::nullopt, {}, {}, email};
            subject.pending = facts->add_pending_person(std::nullopt, std::string(email));
            subject.invited = true;
            ++plan.counts.people_invited;
            change({"invite <", email, ">"});
            return true;
        };
        // People files: a person comes back only to go into another group, with nothing else that differs.
        Seen* entry = nullptr;
        bool first_time = true;
        if (people_file) {
            auto found = seen.try_emplace(email);
            entry = &found.first->second;
            first_time = found.second;
            if (first_time) {
                entry->line = row.line;
                entry->row = r;
            } else {
                const CsvRecord& before = rows[entry->row];
                bool same = true;
                for (int c : person_columns) {
                    std::string_view now = cell(c);
                    std::string_view was = static_cast<size_t>(c) < before.cells.size()
                                               ? trim_view(before.cells[static_cast<size_t>(c)])
                                               : "";
                    if (!now.empty() && now != was) same = false;
                }
                if (!same || group_text.empty()) {
                    fail(std::string(email) + " is already on line " + std::to_string(entry->line));
                    return;
                }
            }
            if (first_time && !existing && first.empty() && !invite_row) fail("first name is empty");
        } else if (!existing && !invite_row) {
            fail("no person has the email " + quoted(email));
            return;
        }
        if (group) {
            // The person is known by their first line in a people file, by their record otherwise.
            std::uint64_t person = 0;
            if (people_file) {
                person = static_cast<std::uint64_t>(entry->line);
            } else if (existing) {
                person = known->second;
            } else {
                person = snap.people.size() + unknown_slot.try_emplace(email, unknown_slot.size()).first->second;
            }
            auto key = (person << 32) | static_cast<std::uint32_t>(group - snap.groups.data());
            auto [twice, fresh] = placed.try_emplace(key, row.line);
            if (!fresh) {
                fail(std::string(email) + " is put into " + group->name + " on line " + std::to_string(twice->second) +
                     " already");
                return;
            }
        }
        if (plan.errors.size() != errors_before) return;

        // The person: added, updated, or as they are.
        Subject as_is;
        const Subject* subject = entry ? &entry->subject : &as_is;
        int created = entry ? entry->created : -1;
        if (!people_file) {
            if (existing) {
                as_is = {existing->id, existing->department, existing->first, existing->last, existing->email};
                subject = &as_is;
            } else {
                auto [invitee, fresh] = invitees.try_emplace(email);
                int& at = invitee_created[email];
                if (fresh && !invite(invitee->second, at)) {
                    invitees.erase(invitee);
                    return;
                }
                subject = &invitee->second;
                created = at;
            }
        } else if (first_time) {
            if (!existing && invite_row) {
                if (!invite(entry->subject, entry->created)) return;
                created = entry->created;
            } else if (!existing) {
                if (auto refused = refusal(Cmd::kUserAdd, {.department = department}); !refused.empty()) {
                    fail(refused);
                    return;
                }
                Op op{OpKind::kAddPerson};
                op.email = std::string(email);
                op.first = std::string(first);
                op.last = std::string(last);
                op.department = department;
                op.fields = std::move(values);
                work->ops.push_back(std::move(op));
                created = entry->created = created_count++;
                entry->subject = {std::nullopt, department, first, last, email};
                entry->subject.pending = facts->add_pending_person(department, entry->subject.name());
                ++plan.counts.people_added;
                change({"add ", person_label(first, last, email)});
            } else {
                std::string what;
                Op op{OpKind::kUpdatePerson};
                // Each change before and after, for the audit entry's line about this person.
                auto changed = [&](const std::string& name, std::string_view from, std::string_view to) {
                    what += (what.empty() ? "" : ", ") + name;
                    auto shown = [](std::string_view v) { return v.empty() ? std::string("(none)") : std::string(v); };
                    op.what +=
                        (op.what.empty() ? "changed " : "; ") + name + " from " + shown(from) + " to " + shown(to);
                };
                auto department_text = [&](std::optional<Id> d) {
                    return d ? department_name(store, *d) : std::string("no department");
                };
                op.id = existing->id;
                Subject after{existing->id, existing->department, existing->first, existing->last, existing->email};
                if (!first.empty() && first != existing->first)
                    after.first = first, changed("first name", existing->first, first);
                if (!last.empty() && last != existing->last)
                    after.last = last, changed("last name", existing->last, last);
                if (department && department != existing->department) {
                    after.department = department;
                    changed("department", department_text(existing->department), department_text(department));
                }
                op.first = std::string(after.first);
                op.last = std::string(after.last);
                op.department = after.department;
                if (!values.empty()) {
                    current_values.clear();
                    auto s = store.db().prepare(kValuesOfPerson);
                    s->bind(1, existing->id);
                    while (s->step()) current_values.emplace_back(s->col_int(0), s->col_text(1));
                    for (auto& given : values) {
                        const Id field = given.first;
                        auto it = std::find_if(current_values.begin(), current_values.end(),
                                               [&](const auto& v) { return v.first == field; });
                        if (it != current_values.end() && it->second == given.second) continue;
                        for (const auto& def : snap.fields)
                            if (def.id == field)
                                changed(def.name, it != current_values.end() ? it->second : std::string(),
                                        given.second);
                        op.fields.emplace_back(field, std::move(given.second));
                    }
                }
                if (!what.empty()) {
                    // Asked before the facts learn the change: the person as they are, going where the row says.
                    if (auto refused = refusal(Cmd::kUserEdit, {.person = existing->id, .department = op.department});
                        !refused.empty()) {
                        fail(refused);
                        return;
                    }
                    facts->plan_person(existing->id, after.department, after.name());
                    change({"update ", person_label(existing->first, existing->last, existing->email), ": ", what});
                    ++plan.counts.people_updated;
                } else {
                    ++plan.counts.people_unchanged;
                }
                entry->subject = after;
                if (!what.empty()) work->ops.push_back(std::move(op));
            }
            entry->ok = true;
        } else if (!entry->ok) {
            return;  // the person's own row was refused, and says why
        }

        // The membership.
        if (!group) return;
        // A member already, and as what (two plain values: GCC 12 takes an optional<enum> here for unset).
        bool current = false;
        GroupRole was = GroupRole::kMember;
        if (subject->id) {
            if (auto role_now = member_role(group->id, *subject->id)) {
                current = true;
                was = *role_now;
            }
        }
        // An invitation's membership was allowed with it (member.invite), as Add members allows it.
        if (auto refused = subject->invited
                               ? std::string()
                               : refusal(current ? Cmd::kMemberRole : Cmd::kMemberAdd,
                                         {.group = group->id, .parent = group->parent, .person = subject->access_id()});
            !refused.empty()) {
            fail(refused);
            return;
        }
        const GroupRole wanted = role.value_or(was);
        if (current && was == wanted) {
            ++plan.counts.memberships_unchanged;
            return;
        }
        if (wanted == GroupRole::kMember && snap.smart_groups.count(group->id)) {
            fail("group " + quoted(group->name) +
                 " is a smart group: its rule chooses its members (pin someone on the group's page or with "
                 "grove group pin; staff can be uploaded)");
            return;
        }
        Op op{current ? OpKind::kChangeRole : OpKind::kAddMembership};
        op.id = subject->id.value_or(0);
        op.created = subject->id ? -1 : created;
        op.group = group->id;
        op.role = wanted;
        work->ops.push_back(std::move(op));
        // The person as "Ada Lovelace <ada@hill.org>", written straight into the line.
        std::string name = person_name(subject->first, subject->last, "");
        std::string_view open = name.empty() ? "<" : " <";
        if (current) {
            ++plan.counts.memberships_changed;
            change({"change ", name, open, subject->email, "> in ", group->name, " from ", group_role_key(was), " to ",
                    group_role_key(wanted)});
        } else {
            ++plan.counts.memberships_added;
            change({"put ", name, open, subject->email, "> into ", group->name, " ", as_role(wanted)});
        }
    }
};

Result<std::unique_ptr<UploadPlanner>> UploadPlanner::begin(Store& store, Id actor, UploadKind kind,
                                                            std::string_view file_name, std::string_view bytes,
                                                            const UploadOptions& options) {
    GROVE_TRY(check_upload_size(kind, bytes.size()));
    std::unique_ptr<UploadPlanner> planner(new UploadPlanner());
    planner->state_ = std::make_unique<State>(store, actor, kind, options, file_name, bytes);
    planner->state_->revision = data_revision(store);
    return planner;
}

UploadPlanner::UploadPlanner() = default;
UploadPlanner::~UploadPlanner() = default;

Result<bool> UploadPlanner::step(int rows) {
    State& st = *state_;
    try {
        switch (st.phase) {
            case State::Phase::kRead:
                GROVE_TRY(st.read());
                st.phase = State::Phase::kPeople;
                return false;
            case State::Phase::kPeople:
                if (st.snap.load_people(st.store, std::max(rows, 1))) st.phase = State::Phase::kColumns;
                return false;
            case State::Phase::kColumns:
                st.phase = State::Phase::kFacts;
                GROVE_TRY(st.read_columns());  // may find the plan done: a header without the columns it needs
                return st.phase == State::Phase::kDone;
            case State::Phase::kFacts:
                st.read_facts();
                st.phase = State::Phase::kRows;
                return false;
            case State::Phase::kRows: {
                const size_t end = std::min(st.table.rows.size(), st.next_row + static_cast<size_t>(std::max(rows, 1)));
                for (; st.next_row < end; ++st.next_row) st.plan_row(st.next_row);
                if (st.next_row < st.table.rows.size()) return false;
                st.work->counts = st.plan.counts;
                st.plan.work = st.work;
                st.phase = State::Phase::kDone;
                return true;
            }
            case State::Phase::kDone: return true;
        }
    } catch (const DbError& e) {
        return storage_error(e);
    }
    return true;
}

double UploadPlanner::progress() const {
    const State& st = *state_;
    switch (st.phase) {
        case State::Phase::kRead: return 0.0;
        case State::Phase::kPeople:
            return 0.02 + 0.2 * std::min(1.0, static_cast<double>(st.snap.people.size()) /
                                                  static_cast<double>(std::max<size_t>(st.snap.people_total, 1)));
        case State::Phase::kColumns: return 0.22;
        case State::Phase::kFacts: return 0.25;
        case State::Phase::kRows:
            return 0.3 + 0.7 * static_cast<double>(st.next_row) / static_cast<double>(st.table.rows.size());
        case State::Phase::kDone: return 1.0;
    }
    return 1.0;
}

int UploadPlanner::row_count() const {
    const State& st = *state_;
    return st.table.rows.empty() ? 0 : static_cast<int>(st.table.rows.size()) - 1;
}

int UploadPlanner::rows_checked() const {
    const State& st = *state_;
    return st.phase == State::Phase::kDone ? row_count() : static_cast<int>(st.next_row) - 1;
}

bool UploadPlanner::stale() const { return data_revision(state_->store) != state_->revision; }

UploadPlan UploadPlanner::take() { return std::move(state_->plan); }

Result<UploadPlan> plan_upload(Store& store, Id actor, UploadKind kind, std::string_view file_name,
                               std::string_view bytes, const UploadOptions& options) {
    GROVE_LET(planner, UploadPlanner::begin(store, actor, kind, file_name, bytes, options));
    for (;;) {
        GROVE_LET(done, (*planner)->step(1 << 30));
        if (*done) return (*planner)->take();
    }
}

// ---- Applying -------------------------------------------------------------------------------------------

struct UploadApply::State {
    Store* store = nullptr;
    Id actor = 0;
    std::shared_ptr<const UploadPlan::Work> work;
    std::unique_ptr<Store::LongCommand> command;
    size_t next = 0;
    std::vector<Id> created;
    UploadCounts counts;
    // The audit entry's line for each person the upload changes (audit.h: one entry lists them all).
    std::vector<AuditDetail> details;
    std::unordered_map<std::int64_t, std::string> phrases;  // a membership's line, by group, role and kind
    std::int64_t now = 0;
    bool done = false;
    bool failed = false;
};

UploadApply::UploadApply() : state_(std::make_unique<State>()) {}
UploadApply::~UploadApply() = default;

Result<std::unique_ptr<UploadApply>> UploadApply::begin(Store& store, Id actor, const UploadPlan& plan) {
    if (!plan.ok()) {
        return bad_value(plan.file_name + " has " + counted(static_cast<int>(plan.errors.size()), "error", "errors") +
                         "; nothing was applied.");
    }
    if (!plan.work) return bad_value("This upload was not checked; check the file first.");
    const auto& work = *plan.work;
    if (work.actor != actor) return conflict("This upload was checked for another person; check the file again.");
    if (work.revision != data_revision(store)) {
        return conflict("The organisation changed since " + plan.file_name + " was checked; check the file again.");
    }
    std::unique_ptr<UploadApply> apply(new UploadApply());
    State& s = *apply->state_;
    s.store = &store;
    s.actor = actor;
    s.work = plan.work;
    s.counts.people_unchanged = work.counts.people_unchanged;
    s.counts.memberships_unchanged = work.counts.memberships_unchanged;
    s.now = store.now();
    if (work.ops.empty()) {
        s.done = true;  // nothing to write, nothing to audit
        return apply;
    }
    std::uint32_t changes = kChangeAudit;
    for (const auto& op : work.ops) {
        using Kind = UploadPlan::Work::Kind;
        bool person = op.kind == Kind::kAddPerson || op.kind == Kind::kInvitePerson || op.kind == Kind::kUpdatePerson;
        changes |= person ? kChangePeople : (kChangeMemberships | kChangeGroups);
    }
    if (!store.read_only_reason().empty()) return Error{ErrorCode::kConflict, store.read_only_reason()};
    try {
        s.command = std::make_unique<Store::LongCommand>(store, changes);
    } catch (const DbError& e) {
        return storage_error(e);
    }
    s.created.reserve(static_cast<size_t>(work.counts.people_added + work.counts.people_invited));
    s.details.reserve(work.ops.size());
    return apply;
}

Result<bool> UploadApply::step(int rows) {
    State& s = *state_;
    if (s.done) return true;
    if (s.failed) return conflict("This upload failed and was rolled back.");
    using Kind = UploadPlan::Work::Kind;
    Store& store = *s.store;
    Db& db = store.db();
    const auto& ops = s.work->ops;
    try {
        {
            auto insert_user = db.prepare(kInsertUser);
            auto insert_invitee = db.prepare(kInsertInvitee);
            auto update_user = db.prepare(kUpdateUser);
            auto insert_value = db.prepare(kInsertValue);
            auto upsert_value = db.prepare(kUpsertValue);
            auto insert_membership = db.prepare(kInsertMembership);
            auto update_role = db.prepare(kUpdateRole);
            const std::int64_t now = s.now;
            size_t end = std::min(ops.size(), s.next + static_cast<size_t>(std::max(rows, 1)));
            for (; s.next < end; ++s.next) {
                const auto& op = ops[s.next];
                Id person = op.id;
                switch (op.kind) {
                    case Kind::kAddPerson:
                        insert_user->bind(1, store.new_uid())
                            .bind(2, op.email)
                            .bind(3, op.first)
                            .bind(4, op.last)
                            .bind(5, op.department)
                            .bind(6, now)
                            .bind(7, now)
                            .bind(8, now);
                        insert_user->run();
                        insert_user->reset();
                        person = db.last_insert_id();
                        s.created.push_back(person);
                        ++s.counts.people_added;
                        s.details.push_back({person, "added"});
                        break;
                    case Kind::kInvitePerson:
                        insert_invitee->bind_all(store.new_uid(), op.email, now, now).run();
                        insert_invitee->reset();
                        person = db.last_insert_id();
                        s.created.push_back(person);
                        ++s.counts.people_invited;
                        s.details.push_back({person, "invited"});
                        break;
                    case Kind::kUpdatePerson:
                        update_user->bind_all(op.first, op.last, op.department, now, op.id).run();
                        update_user->reset();
                        ++s.counts.people_updated;
                        s.details.push_back({op.id, op.what});
                        break;
                    case Kind::kAddMembership:
                    case Kind::kChangeRole:
                        if (op.created >= 0) person = s.created[static_cast<size_t>(op.created)];
                        {
                            // The phrase depends only on the group, the role and the kind: made once each.
                            const std::int64_t key = op.group * 8 + static_cast<int>(op.role) * 2 +
                                                     (op.kind == Kind::kAddMembership ? 1 : 0);
                            auto [phrase, fresh] = s.phrases.try_emplace(key);
                            if (fresh) {
                                const std::string group = group_name(store, op.group);
                                std::string role = group_role_name(op.role);
                                role[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(role[0])));
                                phrase->second = op.kind == Kind::kAddMembership ? "added to " + group + " as a " + role
                                                                                 : "made " + role + " of " + group;
                            }
                            s.details.push_back({person, phrase->second});
                        }
                        if (op.kind == Kind::kAddMembership) {
                            insert_membership->bind(1, store.new_uid())
                                .bind(2, op.group)
                                .bind(3, person)
                                .bind(4, group_role_key(op.role))
                                .bind(5, now)
                                .bind(6, now);
                            insert_membership->run();
                            insert_membership->reset();
                            ++s.counts.memberships_added;
                        } else {
                            update_role->bind_all(group_role_key(op.role), now, op.group, person).run();
                            update_role->reset();
                            ++s.counts.memberships_changed;
                        }
                        break;
                }
                // A new person has no values yet: a plain insert, cheaper than the upsert.
                auto& values = op.kind == Kind::kAddPerson ? insert_value : upsert_value;
                for (const auto& [field, value] : op.fields) {
                    values->bind_all(person, field, value, now).run();
                    values->reset();
                }
            }
        }
        if (s.next < ops.size()) return false;
        std::string summary = s.counts.summary();
        summary[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(summary[0])));
        record_audit(store, s.actor,
                     {s.work->kind == UploadKind::kUsers ? "upload.users" : "upload.memberships",
                      "uploaded " + base_name(s.work->file_name) + ": " + summary, std::nullopt, std::nullopt,
                      std::move(s.details)});
        s.command->finish();
        s.done = true;
        return true;
    } catch (const DbError& e) {
        s.command.reset();  // rolls everything back
        s.failed = true;
        return storage_error(e);
    }
}

double UploadApply::progress() const {
    const State& s = *state_;
    if (s.done || !s.work || s.work->ops.empty()) return 1.0;
    return static_cast<double>(s.next) / static_cast<double>(s.work->ops.size());
}

const UploadCounts& UploadApply::counts() const { return state_->counts; }

Result<UploadCounts> apply_upload(Store& store, Id actor, const UploadPlan& plan) {
    GROVE_LET(apply, UploadApply::begin(store, actor, plan));
    for (;;) {
        GROVE_LET(done, (*apply)->step(1 << 30));
        if (*done) return (*apply)->counts();
    }
}

// ---- Examples of the formats ----------------------------------------------------------------------------

std::string user_upload_template() {
    std::string out;
    CsvWriter csv(out);
    csv.row({"email", "first_name", "last_name", "department", "group", "role"});
    csv.row({"grace.hopper@example.org", "Grace", "Hopper", "", "", ""});
    csv.row({"alan.turing@example.org", "Alan", "Turing", "", "", ""});
    return out;
}

std::string user_upload_template(Store& store) {
    auto fields = list_fields(store);
    std::string department, group;
    {
        auto s = store.db().prepare(kFirstDepartment);
        if (s->step()) department = s->col_text(0);
    }
    {
        auto s = store.db().prepare(kFirstGroup);
        if (s->step()) group = s->col_text(0);
    }
    std::vector<std::string> header{"email", "first_name", "last_name", "department", "group", "role"};
    std::vector<std::string> first{"grace.hopper@example.org", "Grace", "Hopper", "", "", ""};
    std::vector<std::string> second{"alan.turing@example.org",    "Alan", "Turing", department, group,
                                    group.empty() ? "" : "mentor"};
    for (const auto& f : fields) {
        header.push_back(f.name);
        first.push_back("");
        std::string example;
        switch (f.type) {
            case FieldType::kText: example = ""; break;
            case FieldType::kNumber: example = "3"; break;
            case FieldType::kDate: example = "2024-08-19"; break;
            case FieldType::kChoice: example = f.choices.empty() ? "" : f.choices[0]; break;
        }
        second.push_back(example);
    }
    std::string out;
    CsvWriter csv(out);
    csv.row(header);
    csv.row(first);
    csv.row(second);
    return out;
}

std::string group_upload_sample() {
    std::string out;
    CsvWriter csv(out);
    csv.row({"email", "role"});
    csv.row({"grace.hopper@example.org", "member"});
    csv.row({"alan.turing@example.org", "mentor"});
    return out;
}

std::string membership_upload_sample() {
    std::string out;
    CsvWriter csv(out);
    csv.row({"email", "group", "role"});
    csv.row({"grace.hopper@example.org", "grade-9", "member"});
    csv.row({"alan.turing@example.org", "grade-9", "mentor"});
    csv.row({"alan.turing@example.org", "Grade 10", ""});
    return out;
}

}  // namespace grove
