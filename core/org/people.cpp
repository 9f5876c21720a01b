// Users, their additional fields, and accepting invitations.
#include "core/org/people.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "core/access/access.h"
#include "core/access/roles.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertUser =
    "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)";
constexpr const char* kUpdateUser =
    "UPDATE users SET email = ?, first_name = ?, last_name = ?, status = ?, department_id = ?, updated_at = ? "
    "WHERE id = ?";
constexpr const char* kAccept =
    "UPDATE users SET status = 'active', activated_at = ?, first_name = ?, last_name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kEverActive = "SELECT activated_at IS NOT NULL FROM users WHERE id = ?";
constexpr const char* kAllUsers = "SELECT id FROM users ORDER BY sort_key, id";
// A sequential scan with a top-N sort ("+" keeps SQLite off the sort index, whose row-by-row
// lookups cost more than the scan when few people match).
constexpr const char* kSearch = "SELECT id FROM users WHERE instr(search_key, ?1) > 0 ORDER BY +sort_key, id LIMIT ?2";
constexpr const char* kPeopleRows =
    "SELECT u.id, u.email, u.first_name, u.last_name, u.status, u.department_id, ifnull(d.name, ''), u.created_at, "
    "u.sort_key, u.search_key FROM users u LEFT JOIN departments d ON d.id = u.department_id";
constexpr const char* kPersonRow =
    "SELECT u.id, u.email, u.first_name, u.last_name, u.status, u.department_id, ifnull(d.name, ''), u.created_at, "
    "u.sort_key, u.search_key FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?";
constexpr const char* kCountUsers = "SELECT count(*) FROM users";

// The log of whose list rows changed (people_changes_since): temporary, on this connection only, rolled back
// with the command that wrote it. A note without a person (NULL) means "whatever came before is not known".
// Each trigger notes whom the row shows: a person's own row, their org roles (whose labels name a custom
// role or a department), and the people a department's or a custom role's new name shows on.
constexpr const char* kPeopleLogSchema = R"sql(
CREATE TEMP TABLE IF NOT EXISTS people_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER);
CREATE TEMP TRIGGER IF NOT EXISTS people_log_users_in AFTER INSERT ON users BEGIN
    INSERT INTO people_log (user_id) VALUES (NEW.id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_users_edit AFTER UPDATE ON users BEGIN
    INSERT INTO people_log (user_id) SELECT OLD.id UNION SELECT NEW.id;
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_users_out AFTER DELETE ON users BEGIN
    INSERT INTO people_log (user_id) VALUES (OLD.id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_roles_in AFTER INSERT ON org_roles BEGIN
    INSERT INTO people_log (user_id) VALUES (NEW.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_roles_edit AFTER UPDATE ON org_roles BEGIN
    INSERT INTO people_log (user_id) SELECT OLD.user_id UNION SELECT NEW.user_id;
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_roles_out AFTER DELETE ON org_roles BEGIN
    INSERT INTO people_log (user_id) VALUES (OLD.user_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_departments_edit AFTER UPDATE OF name ON departments BEGIN
    INSERT INTO people_log (user_id) SELECT id FROM users WHERE department_id = NEW.id
        UNION SELECT user_id FROM org_roles WHERE department_id = NEW.id;
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_departments_out BEFORE DELETE ON departments BEGIN
    INSERT INTO people_log (user_id) SELECT id FROM users WHERE department_id = OLD.id
        UNION SELECT user_id FROM org_roles WHERE department_id = OLD.id;
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_custom_edit AFTER UPDATE OF name ON custom_roles BEGIN
    INSERT INTO people_log (user_id) SELECT user_id FROM org_roles WHERE custom_role_id = NEW.id;
END;
CREATE TEMP TRIGGER IF NOT EXISTS people_log_custom_out BEFORE DELETE ON custom_roles BEGIN
    INSERT INTO people_log (user_id) SELECT user_id FROM org_roles WHERE custom_role_id = OLD.id;
END;
)sql";
constexpr std::int64_t kPeopleLogTriggers = 10;
constexpr const char* kPeopleLogInstalled =
    "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name GLOB 'people_log_*'";
constexpr const char* kPeopleLogUnknown = "INSERT INTO temp.people_log (user_id) VALUES (NULL)";
constexpr const char* kPeopleLogSince = "SELECT seq, user_id FROM temp.people_log WHERE seq > ? ORDER BY seq";
constexpr const char* kPeopleLogSpan = "SELECT ifnull(min(seq), 0), ifnull(max(seq), 0) FROM temp.people_log";
constexpr std::int64_t kPeopleLogKeep = 100000;
constexpr const char* kPeopleLogTrim = "DELETE FROM temp.people_log WHERE seq < ?";
// The first note left stands for those trimmed: a reader that had not seen them reads every row.
constexpr const char* kPeopleLogTrimMark =
    "UPDATE temp.people_log SET user_id = NULL WHERE seq = (SELECT min(seq) FROM temp.people_log)";
constexpr const char* kInsertField =
    "INSERT INTO fields (uid, name, type, choices, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kAllFields = "SELECT id, uid, name, type, choices FROM fields ORDER BY id";
constexpr const char* kFieldByName = "SELECT id, uid, name, type, choices FROM fields WHERE name = ? COLLATE NOCASE";
constexpr const char* kUpsertValue =
    "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (user_id, field_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
constexpr const char* kDeleteValue = "DELETE FROM user_fields WHERE user_id = ? AND field_id = ?";
constexpr const char* kValuesOfUser =
    "SELECT f.id, f.name, v.value FROM user_fields v JOIN fields f ON f.id = v.field_id WHERE v.user_id = ? "
    "ORDER BY f.id";

std::vector<std::string> split_choices(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, '\n'))
        if (!item.empty()) out.push_back(item);
    return out;
}

FieldDef read_field(Stmt& s) {
    FieldDef f;
    f.id = s.col_int(0);
    f.uid = s.col_text(1);
    f.name = s.col_text(2);
    f.type = parse_field_type(s.col_text(3)).value_or(FieldType::kText);
    f.choices = split_choices(s.col_text(4));
    return f;
}

// An additional field's value as it would be stored: the field, and the value in its stored form ("" clears it).
struct CheckedValue {
    FieldDef field;
    std::string value;
};
Result<CheckedValue> checked_field_value(Store& store, const std::string& name, const std::string& raw) {
    auto field = find_field(store, trim(name));
    if (!field) return not_found("No additional field is named '" + name + "'.");
    if (trim(raw).empty()) return CheckedValue{std::move(*field), std::string()};
    GROVE_LET(value, normalize_field_value(*field, raw));
    return CheckedValue{std::move(*field), std::move(*value)};
}

// Validates and writes field values for one person, within the running command.
Result<void> write_fields(Store& store, Id user, const std::vector<std::pair<std::string, std::string>>& fields) {
    for (const auto& [name, raw] : fields) {
        GROVE_LET(checked, checked_field_value(store, name, raw));
        if (checked->value.empty()) {
            store.db().prepare(kDeleteValue)->bind_all(user, checked->field.id).run();
        } else {
            store.db().prepare(kUpsertValue)->bind_all(user, checked->field.id, checked->value, store.now()).run();
        }
    }
    return {};
}

// A person's names as stored, or why not: a first name is required, both are one line.
Result<std::string> checked_first_name(std::string_view raw) {
    std::string first = clean_name(raw);
    if (first.empty()) return bad_value("A person needs a first name.");
    if (auto e = one_line_error("first name", first)) return bad_value(*e);
    return first;
}
Result<std::string> checked_last_name(std::string_view raw) {
    std::string last = clean_name(raw);
    if (auto e = one_line_error("last name", last)) return bad_value(*e);
    return last;
}

Result<std::string> checked_email(Store& store, const std::string& raw, std::optional<Id> except) {
    std::string email = trim(raw);
    if (!is_valid_email(email)) return bad_value("'" + email + "' is not an email address.");
    if (auto other = find_user_by_email(store, email); other && (!except || other->id != *except)) {
        return duplicate("The email " + email + " already belongs to " + other->display_name() + ".");
    }
    return email;
}

// The person's own columns (and the upload's Group and Role): a field named like one would show as a
// second input beside it and could never be filled by an upload. Compared ignoring case, spaces and
// underscores, so "First_Name" and "first name" are both "First name".
std::optional<std::string_view> builtin_column(std::string_view name) {
    std::string key;
    for (char c : lower_ascii(name))
        if (c != ' ' && c != '_') key.push_back(c);
    static constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
        {"email", "Email"},   {"firstname", "First name"}, {"lastname", "Last name"}, {"department", "Department"},
        {"status", "Status"}, {"group", "Group"},          {"role", "Role"},
    };
    for (const auto& [k, label] : kColumns)
        if (key == k) return label;
    return std::nullopt;
}

}  // namespace

Result<std::string> normalize_field_value(const FieldDef& field, std::string_view raw) {
    std::string value = trim(raw);
    switch (field.type) {
        case FieldType::kText: return value;
        case FieldType::kNumber:
            // Stored as the decimal text written, so a value is never rounded nor read as hex or an exponent.
            if (auto number = normalise_decimal(value)) return *std::move(number);
            return bad_value(field.name + " must be a number, not '" + value + "'.");
        case FieldType::kDate:
            if (!parse_iso_date(value)) {
                return bad_value(field.name + " must be a date written YYYY-MM-DD, not '" + value + "'.");
            }
            return value;
        case FieldType::kChoice:
            for (const auto& choice : field.choices)
                if (fold(choice) == fold(value)) return choice;
            {
                std::string list;
                for (const auto& choice : field.choices) list += (list.empty() ? "" : ", ") + choice;
                return bad_value(field.name + " must be one of " + list + ", not '" + value + "'.");
            }
    }
    return value;
}

Result<User> add_user(Store& store, Id actor, const NewUser& in) {
    GROVE_LET(first, checked_first_name(in.first_name));
    GROVE_LET(last, checked_last_name(in.last_name));
    return store.command<User>(kChangePeople | kChangeAudit, [&]() -> Result<User> {
        GROVE_TRY(authorize(store, actor, Cmd::kUserAdd, {.department = in.department_id}));
        GROVE_LET(email, checked_email(store, in.email, std::nullopt));
        if (in.department_id) GROVE_TRY(department_by_id(store, *in.department_id));
        std::int64_t now = store.now();
        store.db()
            .prepare(kInsertUser)
            ->bind_all(store.new_uid(), *email, *first, *last, in.department_id, now, now, now)
            .run();
        Id id = store.db().last_insert_id();
        GROVE_TRY(write_fields(store, id, in.fields));
        auto user = *find_user(store, id);
        record_audit(store, actor,
                     {"user.add", "added " + user.display_name() + " (" + user.email + ").", std::nullopt, id});
        return user;
    });
}

Result<User> edit_user(Store& store, Id actor, Id user_id, const UserEdit& edit) {
    return store.command<User>(kChangePeople | kChangeAudit, [&]() -> Result<User> {
        GROVE_LET(before, user_by_id(store, user_id));
        std::optional<Id> department = edit.department_id ? *edit.department_id : before->department_id;
        GROVE_TRY(authorize(store, actor, Cmd::kUserEdit, {.person = user_id, .department = department}));
        User after = *before;
        if (edit.email) {
            GROVE_LET(email, checked_email(store, *edit.email, user_id));
            after.email = *email;
        }
        if (edit.first_name) {
            GROVE_LET(first, checked_first_name(*edit.first_name));
            after.first_name = std::move(*first);
        }
        if (edit.last_name) {
            GROVE_LET(last, checked_last_name(*edit.last_name));
            after.last_name = std::move(*last);
        }
        if (department) GROVE_TRY(department_by_id(store, *department));
        after.department_id = department;
        if (edit.status) {
            if (*edit.status == UserStatus::kInvited) return bad_value("A person cannot be made invited again.");
            if (*edit.status == UserStatus::kDeactivated && user_id == actor) {
                return conflict("You cannot deactivate yourself.");
            }
            if (*edit.status == UserStatus::kActive && before->status == UserStatus::kInvited) {
                return conflict(before->display_name() + " has not accepted the invitation yet.");
            }
            after.status = *edit.status;
            // Deactivating an invitation withdraws it; reactivating it renews it: only the person
            // themselves makes their account active, by accepting.
            if (after.status == UserStatus::kActive) {
                auto ever = store.db().prepare(kEverActive);
                ever->bind(1, user_id);
                if (ever->step() && ever->col_int(0) == 0) after.status = UserStatus::kInvited;
            }
        }
        store.db()
            .prepare(kUpdateUser)
            ->bind_all(after.email, after.first_name, after.last_name, user_status_key(after.status),
                       after.department_id, store.now(), user_id)
            .run();
        const std::vector<FieldValue> fields_before = field_values(store, user_id);
        GROVE_TRY(write_fields(store, user_id, edit.fields));
        const std::vector<FieldValue> fields_after = field_values(store, user_id);

        // What changed, old -> new, in the past tense: "changed first name from Ana to Anna; department ...".
        std::vector<std::string> changes;
        auto change = [&](const std::string& what, const std::string& old_value, const std::string& new_value) {
            if (old_value == new_value) return;
            auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
            changes.push_back(what + " from " + shown(old_value) + " to " + shown(new_value));
        };
        change("first name", before->first_name, after.first_name);
        change("last name", before->last_name, after.last_name);
        change("email", before->email, after.email);
        if (before->department_id != after.department_id) {
            auto name = [&](std::optional<Id> d) {
                return d ? department_name(store, *d) : std::string("no department");
            };
            changes.push_back("department from " + name(before->department_id) + " to " + name(after.department_id));
        }
        for (const FieldDef& field : list_fields(store)) {
            auto value_in = [&](const std::vector<FieldValue>& values) {
                for (const FieldValue& v : values)
                    if (v.field_id == field.id) return v.value;
                return std::string();
            };
            change(field.name, value_in(fields_before), value_in(fields_after));
        }
        std::string what;
        if (after.status != before->status) {
            what = after.status == UserStatus::kDeactivated ? "deactivated " + after.display_name()
                   : after.status == UserStatus::kInvited   ? "renewed the invitation of " + after.display_name()
                                                            : "reactivated " + after.display_name();
            if (!changes.empty()) what += "; changed ";
        } else {
            what = changes.empty() ? "saved " + after.display_name() + " unchanged"
                                   : "edited " + after.display_name() + ": changed ";
        }
        for (std::size_t i = 0; i < changes.size(); ++i) what += (i ? "; " : "") + changes[i];
        // "… to Alan M." ends its sentence already: no second full stop.
        if (what.empty() || what.back() != '.') what += '.';
        record_audit(store, actor, {"user.edit", what, std::nullopt, user_id});
        return *find_user(store, user_id);
    });
}

std::vector<ValueProblem> user_edit_problems(Store& store, Id user, const UserEdit& edit) {
    using What = ValueProblem::What;
    std::vector<ValueProblem> out;
    auto note = [&](What what, const Error& error, Id field = 0) { out.push_back({what, field, error.message}); };
    if (edit.first_name)
        if (auto first = checked_first_name(*edit.first_name); !first) note(What::kFirstName, first.error());
    if (edit.last_name)
        if (auto last = checked_last_name(*edit.last_name); !last) note(What::kLastName, last.error());
    if (edit.email)
        if (auto email = checked_email(store, *edit.email, user); !email) note(What::kEmail, email.error());
    if (edit.department_id && *edit.department_id)
        if (auto department = department_by_id(store, **edit.department_id); !department) {
            note(What::kDepartment, department.error());
        }
    for (const auto& [name, raw] : edit.fields) {
        auto checked = checked_field_value(store, name, raw);
        if (checked) continue;
        const auto field = find_field(store, trim(name));
        note(What::kField, checked.error(), field ? field->id : 0);
    }
    return out;
}

Result<void> accept_invitation(Store& store, Id actor, const std::string& first_name, const std::string& last_name) {
    return store.command<void>(kChangePeople | kChangeAudit | kChangeMemberships, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kInvitationAccept, {.person = actor}));
        GROVE_LET(user, user_by_id(store, actor));
        if (user->status != UserStatus::kInvited) {
            return conflict(user->display_name() + " has no invitation waiting.");
        }
        std::string first = clean_name(first_name).empty() ? user->first_name : clean_name(first_name);
        std::string last = clean_name(last_name).empty() ? user->last_name : clean_name(last_name);
        // The invitation banner asks for the name: an active person always has one.
        if (first.empty() || last.empty()) {
            const char* missing = first.empty() && last.empty() ? "first and last name"
                                  : first.empty()               ? "first name"
                                                                : "last name";
            return bad_value(std::string("Give your ") + missing + " to accept the invitation.");
        }
        if (auto e = one_line_error("first name", first)) return bad_value(*e);
        if (auto e = one_line_error("last name", last)) return bad_value(*e);
        std::int64_t now = store.now();
        store.db().prepare(kAccept)->bind_all(now, first, last, now, actor).run();
        record_audit(store, actor, {"invitation.accept", "accepted the invitation.", std::nullopt, actor});
        return {};
    });
}

std::vector<User> search_users(Store& store, std::string_view query, int limit) {
    std::vector<Id> ids;
    {
        auto s = store.db().prepare(kSearch);
        s->bind(1, fold(trim(query))).bind(2, limit);
        while (s->step()) ids.push_back(s->col_int(0));
    }
    std::vector<User> out;
    out.reserve(ids.size());
    for (Id id : ids)
        if (auto u = find_user(store, id)) out.push_back(*u);
    return out;
}

std::vector<User> list_users(Store& store) {
    std::vector<User> out;
    auto s = store.db().prepare(kAllUsers);
    while (s->step())
        if (auto u = find_user(store, s->col_int(0))) out.push_back(*u);
    return out;
}

namespace {

// A row of kPeopleRows as a PersonRow, without its roles.
PersonRow person_row(Stmt& s) {
    PersonRow row;
    row.id = s.col_int(0);
    row.email = s.col_text(1);
    User u;
    u.email = row.email;
    u.first_name = s.col_text(2);
    u.last_name = s.col_text(3);
    row.name = u.display_name();
    row.status = parse_user_status(s.col_text(4)).value_or(UserStatus::kActive);
    row.department_id = s.col_opt_int(5);
    row.department = s.col_text(6);
    row.created_at = s.col_int(7);
    row.sort_key = s.col_text(8);
    row.search_key = s.col_text(9);
    return row;
}

void add_roles(PersonRow& row, const std::vector<RoleGrant>& grants) {
    for (const RoleGrant& grant : grants) {
        row.roles += (row.roles.empty() ? "" : ", ") + grant.label;
        row.held_roles.push_back({grant.role, grant.custom_role});
    }
}

}  // namespace

bool people_row_before(const PersonRow& a, const PersonRow& b) {
    const int c = a.sort_key.compare(b.sort_key);
    return c != 0 ? c < 0 : a.id < b.id;
}

std::vector<PersonRow> people_rows(Store& store) {
    std::unordered_map<Id, std::vector<RoleGrant>> roles;
    for (auto& grant : all_role_grants(store)) roles[grant.user_id].push_back(std::move(grant));
    // Read in storage order (sequential pages) with each person's stored natural sort key, then sort
    // the keys as plain bytes: far cheaper than walking the index row by row or comparing names.
    std::vector<PersonRow> rows;
    auto s = store.db().prepare(kPeopleRows);
    while (s->step()) {
        PersonRow row = person_row(*s);
        if (auto it = roles.find(row.id); it != roles.end()) add_roles(row, it->second);
        rows.push_back(std::move(row));
    }
    std::vector<std::uint32_t> order(rows.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return people_row_before(rows[a], rows[b]); });
    std::vector<PersonRow> sorted;
    sorted.reserve(rows.size());
    for (std::uint32_t i : order) sorted.push_back(std::move(rows[i]));
    return sorted;
}

std::vector<PersonRow> people_rows_of(Store& store, const std::vector<Id>& people) {
    std::vector<Id> ids = people;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<PersonRow> rows;
    auto s = store.db().prepare(kPersonRow);
    for (Id id : ids) {
        s->bind(1, id);
        if (s->step()) {
            PersonRow row = person_row(*s);
            add_roles(row, roles_of(store, id));
            rows.push_back(std::move(row));
        }
        s->reset();
    }
    return rows;
}

PeopleChanges people_changes_since(Store& store, std::uint64_t since) {
    Db& db = store.db();
    PeopleChanges out;
    {
        auto installed = db.prepare(kPeopleLogInstalled);
        installed->step();
        if (installed->col_int(0) != kPeopleLogTriggers) {
            // First call, or the triggers went (a table dropped and made again, a rolled-back transaction that
            // installed them): from here on every change is noted; what came before is not known.
            db.exec(kPeopleLogSchema);
            db.exec(kPeopleLogUnknown);
        }
    }
    auto s = db.prepare(kPeopleLogSince);
    s->bind(1, static_cast<std::int64_t>(since));
    out.mark = since;
    while (s->step()) {
        out.mark = static_cast<std::uint64_t>(s->col_int(0));
        const std::optional<std::int64_t> person = s->col_opt_int(1);
        if (!person) {
            out.everything = true;
        } else if (!out.everything) {
            out.people.push_back(*person);
        }
    }
    s->reset();
    if (out.everything) out.people.clear();
    std::sort(out.people.begin(), out.people.end());
    out.people.erase(std::unique(out.people.begin(), out.people.end()), out.people.end());
    // The log keeps the last kPeopleLogKeep notes; a reader further behind finds the mark of the unknown.
    auto span = db.prepare(kPeopleLogSpan);
    span->step();
    const std::int64_t first = span->col_int(0), last = span->col_int(1);
    span->reset();
    if (last - first > 2 * kPeopleLogKeep) {
        db.prepare(kPeopleLogTrim)->bind_all(last - kPeopleLogKeep).run();
        db.exec(kPeopleLogTrimMark);
    }
    return out;
}

int user_count(Store& store) {
    auto s = store.db().prepare(kCountUsers);
    s->step();
    return static_cast<int>(s->col_int(0));
}

std::optional<Error> field_name_error(const std::string& name) {
    if (name.empty()) return bad_value("A field needs a name.");
    if (auto e = one_line_error("field's name", name)) return bad_value(*e);
    if (auto column = builtin_column(name)) {
        return duplicate("A field cannot be called '" + name + "': every person already has " + std::string(*column) +
                         ". Give the field a name of its own.");
    }
    return std::nullopt;
}

Result<FieldDef> add_field(Store& store, Id actor, const std::string& raw_name, FieldType type,
                           const std::vector<std::string>& raw_choices) {
    std::string name = clean_name(raw_name);
    if (auto e = field_name_error(name)) return *e;
    std::vector<std::string> choices;
    for (const auto& c : raw_choices) {
        std::string choice = trim(c);
        if (!choice.empty() && std::find(choices.begin(), choices.end(), choice) == choices.end()) {
            choices.push_back(choice);
        }
    }
    if (type == FieldType::kChoice && choices.empty()) {
        return bad_value("A choice field needs at least one choice.");
    }
    if (type != FieldType::kChoice && !choices.empty()) {
        return bad_value("Only a choice field has choices.");
    }
    return store.command<FieldDef>(kChangePeople | kChangeOrg | kChangeAudit, [&]() -> Result<FieldDef> {
        GROVE_TRY(authorize(store, actor, Cmd::kFieldAdd));
        if (find_field(store, name)) return duplicate("A field named " + name + " already exists.");
        std::string joined;
        for (const auto& c : choices) joined += c + "\n";
        std::int64_t now = store.now();
        store.db().prepare(kInsertField)->bind_all(store.new_uid(), name, field_type_key(type), joined, now, now).run();
        record_audit(store, actor,
                     {"field.add", "defined the " + std::string(field_type_key(type)) + " field " + name + ".",
                      std::nullopt, std::nullopt});
        return *find_field(store, name);
    });
}

std::vector<FieldDef> list_fields(Store& store) {
    std::vector<FieldDef> out;
    auto s = store.db().prepare(kAllFields);
    while (s->step()) out.push_back(read_field(*s));
    return out;
}

std::optional<FieldDef> find_field(Store& store, std::string_view name) {
    auto s = store.db().prepare(kFieldByName);
    s->bind(1, name);
    if (!s->step()) return std::nullopt;
    return read_field(*s);
}

std::vector<FieldValue> field_values(Store& store, Id user) {
    std::vector<FieldValue> out;
    auto s = store.db().prepare(kValuesOfUser);
    s->bind(1, user);
    while (s->step()) out.push_back({s->col_int(0), s->col_text(1), s->col_text(2)});
    return out;
}

}  // namespace grove
