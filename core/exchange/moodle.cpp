// Moodle's upload-users CSV in (people known by their username as external ID "moodle", cohorts as memberships,
// profile fields as additional fields) and out, with the cohort upload CSV of the groups.
#include "core/exchange/moodle.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/access/access.h"
#include "core/files/csv.h"
#include "core/files/upload.h"
#include "core/org/audit.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/rules/smart.h"
#include "core/storage/transaction.h"
#include "core/text/text.h"

namespace grove {

namespace {

// ---- SQL -----------------------------------------------------------------------------------------------------

constexpr const char* kUserByExternal = "SELECT user_id FROM user_external_ids WHERE system = ? AND value = ?";
constexpr const char* kExternalOfUser = "SELECT value FROM user_external_ids WHERE user_id = ? AND system = ?";
constexpr const char* kSetUserExternal =
    "INSERT INTO user_external_ids (user_id, system, value) VALUES (?, ?, ?) "
    "ON CONFLICT (user_id, system) DO UPDATE SET value = excluded.value";
constexpr const char* kUserById = "SELECT email, first_name, last_name FROM users WHERE id = ?";
constexpr const char* kUserByEmail = "SELECT id FROM users WHERE email_key(email) = email_key(?)";
constexpr const char* kInsertUser =
    "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 'active', NULL, ?, ?, ?)";
constexpr const char* kUpdateUser =
    "UPDATE users SET email = ?, first_name = ?, last_name = ?, updated_at = ? WHERE id = ?";

constexpr const char* kFieldValue = "SELECT value FROM user_fields WHERE user_id = ? AND field_id = ?";
constexpr const char* kSetFieldValue =
    "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (user_id, field_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

// A cohort cell names a group by its Moodle ID, else its slug, else its name (when only one group has it).
constexpr const char* kGroupByExternal = "SELECT group_id FROM group_external_ids WHERE system = ? AND value = ?";
constexpr const char* kGroupBySlug = "SELECT id FROM groups WHERE slug = ?";
constexpr const char* kGroupsByName = "SELECT id FROM groups WHERE name = ? COLLATE NOCASE LIMIT 2";
constexpr const char* kGroupName = "SELECT name FROM groups WHERE id = ?";

constexpr const char* kIsMember = "SELECT 1 FROM memberships WHERE group_id = ? AND user_id = ?";
constexpr const char* kInsertMembership =
    "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, 'member', ?, ?)";

// The export: each group's cohort idnumber, each active person's username and the groups they are in.
constexpr const char* kExportGroups =
    "SELECT g.id, g.name, coalesce(e.value, g.slug), g.description FROM groups g LEFT JOIN group_external_ids e "
    "ON e.group_id = g.id AND e.system = ? ORDER BY g.id";
constexpr const char* kExportUsers =
    "SELECT u.id, u.email, u.first_name, u.last_name, e.value FROM users u LEFT JOIN user_external_ids e "
    "ON e.user_id = u.id AND e.system = ? WHERE u.status = 'active'";
constexpr const char* kExportMemberships = "SELECT user_id, group_id FROM memberships";

// The columns of the files Grove writes.
const std::vector<std::string> kUsersHeader = {"username", "firstname", "lastname", "email"};
const std::vector<std::string> kCohortsHeader = {"name", "idnumber", "description"};

std::string base_name(std::string_view path) {
    std::size_t slash = path.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// "Job Title", "job_title", "JobTitle" alike: how a profile field's short name finds an additional field.
std::string field_key(std::string_view name) {
    std::string key;
    for (char c : lower_ascii(trim(name)))
        if (c != ' ' && c != '_') key.push_back(c);
    return key;
}

// "cohort3" (any case), and not "cohort" nor "cohortx".
bool is_cohort_column(const std::string& key) {
    if (key.size() <= 6 || key.compare(0, 6, "cohort") != 0) return false;
    return std::all_of(key.begin() + 6, key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::string_view kProfilePrefix = "profile_field_";

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// ---- The import ----------------------------------------------------------------------------------------------

class Importer {
public:
    Importer(Store& store, std::string file) : store_(store), file_(std::move(file)) {}

    // Reads the file and its header; what is wrong with them goes into errors_.
    void read(std::string_view bytes) {
        auto table = read_csv(bytes, file_);
        if (!table) {
            errors_.push_back(table.error().message);
            return;
        }
        if (table->rows.empty()) {
            error(1,
                  "the file is empty; a Moodle users file starts with its header (username,firstname,lastname,"
                  "email).");
            return;
        }
        const auto& header = table->rows[0].cells;
        for (std::size_t i = 0; i < header.size(); ++i) {
            std::string key = lower_ascii(trim(header[i]));
            if (key.empty() || columns_.count(key)) continue;
            columns_[key] = i;
            if (is_cohort_column(key)) cohort_columns_.push_back({trim(header[i]), i});
            if (key.size() > kProfilePrefix.size() && key.compare(0, kProfilePrefix.size(), kProfilePrefix) == 0)
                profile_columns_.push_back({trim(header[i]), i});
        }
        std::string missing;
        for (const char* k : {"username", "firstname", "lastname", "email"})
            if (!columns_.count(k)) missing += std::string(missing.empty() ? "" : ", ") + k;
        if (!missing.empty()) {
            error(1, "the header lacks " + missing + ".");
            return;
        }
        rows_.assign(table->rows.begin() + 1, table->rows.end());
        // Each profile field column's additional field; a column naming none is one error, unless it is empty
        // throughout (a site's export may carry fields nobody here fills).
        std::unordered_map<std::string, FieldDef> fields;
        for (auto& f : list_fields(store_)) fields.emplace(field_key(f.name), std::move(f));
        for (const auto& column : profile_columns_) {
            std::string short_name = column.name.substr(kProfilePrefix.size());
            auto it = fields.find(field_key(short_name));
            if (it != fields.end()) {
                profile_fields_.push_back({column.index, column.name, it->second});
                continue;
            }
            const std::size_t index = column.index;
            bool used = std::any_of(rows_.begin(), rows_.end(), [index](const CsvRecord& row) {
                return index < row.cells.size() && !trim(row.cells[index]).empty();
            });
            if (used)
                error(1, "the column " + column.name + " names no additional field; add a field called " + short_name +
                             " first, or leave the column out.");
        }
    }

    // Every row applied in the running transaction; row problems go into errors_ (the caller rolls back then).
    void apply() {
        now_ = store_.now();
        for (const auto& row : rows_) apply_row(row);
    }

    std::vector<std::string> errors_;
    std::vector<std::string> changes_;
    RosterCounts counts_;
    std::vector<AuditDetail> details_;

private:
    struct Column {
        std::string name;  // as the header spells it, for messages
        std::size_t index = 0;
    };
    struct ProfileField {
        std::size_t index = 0;
        std::string column;
        FieldDef field;
    };

    void error(int line, const std::string& why) { errors_.push_back(file_ + ":" + std::to_string(line) + ": " + why); }

    std::string cell(const CsvRecord& row, const char* key) const {
        auto it = columns_.find(key);
        if (it == columns_.end() || it->second >= row.cells.size()) return {};
        return trim(row.cells[it->second]);
    }
    static std::string cell_at(const CsvRecord& row, std::size_t index) {
        return index < row.cells.size() ? trim(row.cells[index]) : std::string();
    }

    std::optional<Id> one_id(const char* sql, const std::string& a) {
        auto s = store_.db().prepare(sql);
        s->bind(1, a);
        if (!s->step()) return std::nullopt;
        return s->col_int(0);
    }
    std::optional<Id> by_external(const char* sql, const std::string& value) {
        auto s = store_.db().prepare(sql);
        s->bind_all(kMoodleSystem, value);
        if (!s->step()) return std::nullopt;
        return s->col_int(0);
    }

    // A name cell: one line, not too long; the reason when it is not.
    std::optional<std::string> name_problem(const std::string& what, const std::string& name) {
        if (auto e = one_line_error(what, name)) return e;
        if (character_count(name) > kNameMaxCharacters)
            return what + " is longer than " + std::to_string(kNameMaxCharacters) + " characters.";
        return std::nullopt;
    }

    // The group a cohort cell names, or why none.
    Result<Id> cohort_group(const std::string& text) {
        if (auto cached = cohorts_.find(text); cached != cohorts_.end()) return cached->second;
        std::optional<Id> id = by_external(kGroupByExternal, text);
        if (!id) id = one_id(kGroupBySlug, text);
        if (!id) {
            auto s = store_.db().prepare(kGroupsByName);
            s->bind(1, text);
            if (s->step()) {
                Id first = s->col_int(0);
                if (s->step())
                    return conflict(quoted(text) +
                                    " is the name of several groups; give the cohort's idnumber or the "
                                    "group's slug.");
                id = first;
            }
        }
        if (!id)
            return not_found(quoted(text) +
                             " is no group in Grove (by its Moodle ID, slug or name); add the group "
                             "first.");
        cohorts_[text] = *id;
        return *id;
    }

    std::string group_label(Id group) {
        auto s = store_.db().prepare(kGroupName);
        s->bind(1, group);
        return s->step() ? s->col_text(0) : std::string();
    }

    void apply_row(const CsvRecord& row) {
        const int line = row.line;
        std::string username = lower_ascii(cell(row, "username"));
        if (username.empty()) {
            error(line, "no username.");
            return;
        }
        if (auto why = name_problem("The username", username)) {
            error(line, *why);
            return;
        }
        if (!usernames_.insert(username).second) {
            error(line, "the username " + username + " is on an earlier row too.");
            return;
        }
        std::string email = cell(row, "email");
        if (email.empty()) {
            error(line, "the user " + username + " has no email; Grove knows people by their email.");
            return;
        }
        if (!is_valid_email(email)) {
            error(line, quoted(email) + " is not an email address.");
            return;
        }
        std::string first = clean_name(cell(row, "firstname"));
        std::string last = clean_name(cell(row, "lastname"));
        if (first.empty()) {
            error(line, "the user " + username + " has no firstname.");
            return;
        }
        if (auto why = name_problem("The firstname", first)) {
            error(line, *why);
            return;
        }
        if (auto why = name_problem("The lastname", last)) {
            error(line, *why);
            return;
        }
        // Every value of the row's profile fields, checked before anything is written.
        std::vector<std::pair<const FieldDef*, std::string>> values;
        bool bad = false;
        for (const auto& p : profile_fields_) {
            std::string raw = cell_at(row, p.index);
            if (raw.empty()) continue;  // an empty cell leaves the value as it is
            auto value = normalize_field_value(p.field, raw);
            if (!value) {
                error(line, p.column + ": " + value.error().message);
                bad = true;
                continue;
            }
            values.emplace_back(&p.field, *value);
        }
        std::vector<std::pair<Id, std::string>> groups;  // the cohorts' groups and the column naming each
        for (const auto& c : cohort_columns_) {
            std::string text = cell_at(row, c.index);
            if (text.empty()) continue;
            auto group = cohort_group(text);
            if (!group) {
                error(line, c.name + ": " + group.error().message);
                bad = true;
                continue;
            }
            groups.emplace_back(*group, c.name);
        }
        if (bad) return;

        // The person: by username, else by email (whom the file then takes over).
        auto existing = by_external(kUserByExternal, username);
        auto owner_of_email = one_id(kUserByEmail, email);
        if (existing && owner_of_email && *owner_of_email != *existing) {
            error(line, "the email " + email + " belongs to another person in Grove.");
            return;
        }
        if (!existing && owner_of_email) {
            auto other = store_.db().prepare(kExternalOfUser);
            other->bind_all(*owner_of_email, kMoodleSystem);
            if (other->step()) {
                error(line, "the email " + email + " belongs to the Moodle user " + other->col_text(0) + " already.");
                return;
            }
            existing = owner_of_email;
        }
        Id id = 0;
        if (!existing) {
            store_.db().prepare(kInsertUser)->bind_all(store_.new_uid(), email, first, last, now_, now_, now_).run();
            id = store_.db().last_insert_id();
            store_.db().prepare(kSetUserExternal)->bind_all(id, kMoodleSystem, username).run();
            for (const auto& [field, value] : values)
                store_.db().prepare(kSetFieldValue)->bind_all(id, field->id, value, now_).run();
            ++counts_.people_added;
            details_.push_back({id, "added from the Moodle users file"});
            changes_.push_back("add person " + person_label(first, last, email));
        } else {
            id = *existing;
            bool same = false, linked = false, fields_same = true;
            {
                auto u = store_.db().prepare(kUserById);
                u->bind(1, id);
                same = u->step() && u->col_text(0) == email && u->col_text(1) == first && u->col_text(2) == last;
            }
            {
                auto had = store_.db().prepare(kExternalOfUser);
                had->bind_all(id, kMoodleSystem);
                linked = had->step() && had->col_text(0) == username;
            }
            if (!same) store_.db().prepare(kUpdateUser)->bind_all(email, first, last, now_, id).run();
            if (!linked) store_.db().prepare(kSetUserExternal)->bind_all(id, kMoodleSystem, username).run();
            for (const auto& [field, value] : values) {
                auto had = store_.db().prepare(kFieldValue);
                had->bind_all(id, field->id);
                if (had->step() && had->col_text(0) == value) continue;
                store_.db().prepare(kSetFieldValue)->bind_all(id, field->id, value, now_).run();
                fields_same = false;
            }
            if (!same || !linked || !fields_same) {
                ++counts_.people_updated;
                details_.push_back({id, "updated from the Moodle users file"});
                changes_.push_back("update person " + person_label(first, last, email));
            }
        }

        // Cohorts: the person becomes a member of each group, unless they are in it already (in any role).
        for (const auto& [group, column] : groups) {
            auto in = store_.db().prepare(kIsMember);
            in->bind_all(group, id);
            if (in->step()) continue;
            if (is_smart(store_, group)) {
                error(line, column + ": " + group_label(group) +
                                " is a smart group; its rule decides who is in it, not the cohort.");
                continue;
            }
            store_.db().prepare(kInsertMembership)->bind_all(store_.new_uid(), group, id, now_, now_).run();
            ++counts_.memberships_added;
            changes_.push_back("add membership " + username + " in " + group_label(group));
        }
    }

    Store& store_;
    std::string file_;
    std::int64_t now_ = 0;
    std::unordered_map<std::string, std::size_t> columns_;  // by lower-case header
    std::vector<Column> cohort_columns_, profile_columns_;
    std::vector<ProfileField> profile_fields_;
    std::vector<CsvRecord> rows_;
    std::unordered_set<std::string> usernames_;
    std::unordered_map<std::string, Id> cohorts_;  // cohort cell -> group
};

// ---- The export ----------------------------------------------------------------------------------------------

// A cell as Moodle reads it back: quoted when it holds a comma, a quote or a line break, or starts or ends with a
// space. (Not CsvWriter: its guard against spreadsheet formulas would change usernames and names that start with a
// minus sign, and the file must import back unchanged.)
std::string moodle_cell(const std::string& text) {
    bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                 (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void moodle_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += moodle_cell(cells[i]);
    }
    out += "\r\n";
}

struct Cohort {
    std::string name, idnumber, description;
};

// Every group's cohort, by group id.
std::map<Id, Cohort> read_cohorts(Store& store) {
    std::map<Id, Cohort> out;
    auto s = store.db().prepare(kExportGroups);
    s->bind(1, kMoodleSystem);
    while (s->step()) out[s->col_int(0)] = {s->col_text(1), s->col_text(2), s->col_text(3)};
    return out;
}

}  // namespace

Result<RosterImport> import_moodle_users(Store& store, Id actor, std::string_view source_name,
                                         const std::vector<ZipEntry>& files, bool dry_run) {
    if (!get_org(store)) return conflict("There is no organisation to import the users into; create one first.");
    GROVE_TRY(authorize(store, actor, Cmd::kOrgImport));
    if (files.size() != 1)
        return bad_value(std::string(source_name) + ": a Moodle users import reads one CSV file, not " +
                         std::to_string(files.size()) + ".");
    GROVE_TRY(check_upload_size(UploadKind::kUsers, files[0].bytes.size()));
    const std::string file = base_name(files[0].name.empty() ? source_name : std::string_view(files[0].name));
    Importer importer(store, file);
    importer.read(files[0].bytes);
    RosterImport out;
    bool applied = false;
    // One command: the rows are applied in its transaction, which is rolled back when a row was refused or this is
    // a dry run (the body's error then only says so; `out` holds what was found).
    auto done = store.command<void>(kChangePeople | kChangeMemberships | kChangeAudit, [&]() -> Result<void> {
        applied = true;
        if (importer.errors_.empty()) importer.apply();
        out.errors = importer.errors_;
        out.changes = importer.changes_;
        out.counts = importer.counts_;
        if (!out.errors.empty() || dry_run) return conflict("not applied");
        record_audit(store, actor,
                     {"moodle.import", "imported the Moodle users file " + file + ": " + out.counts.summary() + ".",
                      std::nullopt, std::nullopt, importer.details_});
        return {};
    });
    // Refused before the body ran (a read-only copy) or failed in the database: that is the error.
    if (!done && (!applied || done.error().code == ErrorCode::kStorage)) return done.error();
    return out;
}

Result<std::string> export_moodle_cohorts(Store& store, Id actor) {
    GROVE_TRY(authorize(store, actor, Cmd::kOrgExport));
    if (!get_org(store)) return conflict("There is no organisation to export.");
    return store.query<std::string>([&]() {
        ReadTransaction read(store.db());
        std::vector<Cohort> cohorts;
        for (auto& [id, c] : read_cohorts(store)) cohorts.push_back(std::move(c));
        // In idnumber order, so that the same groups give the same file whatever order they were made in.
        std::sort(cohorts.begin(), cohorts.end(),
                  [](const Cohort& a, const Cohort& b) { return a.idnumber < b.idnumber; });
        std::string out;
        moodle_row(out, kCohortsHeader);
        for (const auto& c : cohorts) moodle_row(out, {c.name, c.idnumber, c.description});
        return out;
    });
}

Result<std::string> export_moodle_users(Store& store, Id actor) {
    GROVE_TRY(authorize(store, actor, Cmd::kOrgExport));
    if (!get_org(store)) return conflict("There is no organisation to export.");
    return store.query<std::string>([&]() {
        Db& db = store.db();
        ReadTransaction read(db);
        const auto cohorts = read_cohorts(store);
        std::unordered_map<Id, std::vector<std::string>> groups_of;  // person -> cohort idnumbers
        {
            auto s = db.prepare(kExportMemberships);
            while (s->step()) {
                auto c = cohorts.find(s->col_int(1));
                if (c != cohorts.end()) groups_of[s->col_int(0)].push_back(c->second.idnumber);
            }
        }
        struct Person {
            std::string username, first, last, email;
            std::vector<std::string> cohorts;
        };
        std::vector<Person> people;
        std::size_t width = 0;  // the most cohorts anyone is in: the number of cohortN columns
        {
            auto s = db.prepare(kExportUsers);
            s->bind(1, kMoodleSystem);
            while (s->step()) {
                Person p;
                p.email = s->col_text(1);
                // Moodle's usernames are lower case; a person Moodle does not know yet is known by their email.
                p.username = s->col_null(4) ? lower_ascii(p.email) : s->col_text(4);
                p.first = s->col_text(2);
                p.last = s->col_text(3);
                if (auto it = groups_of.find(s->col_int(0)); it != groups_of.end()) p.cohorts = std::move(it->second);
                std::sort(p.cohorts.begin(), p.cohorts.end());
                width = std::max(width, p.cohorts.size());
                people.push_back(std::move(p));
            }
        }
        std::sort(people.begin(), people.end(),
                  [](const Person& a, const Person& b) { return a.username < b.username; });
        std::string out;
        std::vector<std::string> header = kUsersHeader;
        for (std::size_t i = 1; i <= width; ++i) header.push_back("cohort" + std::to_string(i));
        moodle_row(out, header);
        for (auto& p : people) {
            std::vector<std::string> cells = {p.username, p.first, p.last, p.email};
            for (std::size_t i = 0; i < width; ++i) cells.push_back(i < p.cohorts.size() ? p.cohorts[i] : "");
            moodle_row(out, cells);
        }
        return out;
    });
}

}  // namespace grove
