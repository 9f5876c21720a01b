// People (F2): adding and editing users, additional fields, invitations, search.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct NewUser {
    std::string email;
    std::string first_name;
    std::string last_name;
    std::optional<Id> department_id;
    std::vector<std::pair<std::string, std::string>> fields;  // field name -> value
};

Result<User> add_user(Store& store, Id actor, const NewUser& user);

struct UserEdit {
    std::optional<std::string> email;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::optional<std::optional<Id>> department_id;           // set to nullopt-inside to clear
    std::optional<UserStatus> status;                         // active or deactivated
    std::vector<std::pair<std::string, std::string>> fields;  // an empty value clears the field
};

Result<User> edit_user(Store& store, Id actor, Id user, const UserEdit& edit);

// The invited person accepts their own invitation, giving their name: their status becomes active. An
// empty name keeps the one the invitation already has (an upload may have given it); a person left without
// a first or a last name is refused ("Give your first and last name to accept the invitation.").
Result<void> accept_invitation(Store& store, Id actor, const std::string& first_name = {},
                               const std::string& last_name = {});

// People whose name or email contains `query` (case and accents ignored), in natural name order.
std::vector<User> search_users(Store& store, std::string_view query, int limit = 50);
std::vector<User> list_users(Store& store);

// One row per person for lists, read in one pass (100,000 people in well under a second).
struct PersonRow {
    Id id = 0;
    std::string name;  // display name
    std::string email;
    UserStatus status = UserStatus::kActive;
    std::optional<Id> department_id;
    std::string department;  // its name, or empty
    std::string roles;       // "Admin, Department Admin of Science"; empty for none
    std::int64_t created_at = 0;
    std::string search_key;  // folded name and email, for filtering as one types
};
// In natural order of name.
std::vector<PersonRow> people_rows(Store& store);
int user_count(Store& store);

// Additional fields.
Result<FieldDef> add_field(Store& store, Id actor, const std::string& name, FieldType type,
                           const std::vector<std::string>& choices = {});
// Why `name` (cleaned with clean_name) cannot name a field, or nothing: it is empty, runs over lines, or is a
// person's own column (email, first name, last name, department, status, group, role; case, spaces and
// underscores ignored). Adding and renaming a field both check it.
std::optional<Error> field_name_error(const std::string& name);
std::vector<FieldDef> list_fields(Store& store);
std::optional<FieldDef> find_field(Store& store, std::string_view name);
std::vector<FieldValue> field_values(Store& store, Id user);
// Checks a raw value against the field's type and returns its stored form ("3.50" -> "3.5").
Result<std::string> normalize_field_value(const FieldDef& field, std::string_view raw);

}  // namespace grove
