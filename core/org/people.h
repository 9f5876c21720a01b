// People (F2): adding and editing users, additional fields, invitations, search.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/access/permissions.h"
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

// A value of a person's form that add_user or edit_user would refuse, with the message they give.
struct ValueProblem {
    enum class What { kFirstName, kLastName, kEmail, kDepartment, kField };
    What what = What::kField;
    Id field_id = 0;  // with kField: the additional field
    std::string message;
};
// Every value of `edit` that edit_user would refuse for `user`, checked one by one with edit_user's own checks
// (names, email and whether another person has it, department, each additional field's type), in the form's
// order: first name, last name, email, department, the fields. Not who may edit nor the status, which only
// edit_user decides; empty when every value would be taken.
std::vector<ValueProblem> user_edit_problems(Store& store, Id user, const UserEdit& edit);

// The invited person accepts their own invitation, giving their name: their status becomes active. An
// empty name keeps the one the invitation already has (an upload may have given it); a person left without
// a first or a last name is refused ("Give your first and last name to accept the invitation.").
Result<void> accept_invitation(Store& store, Id actor, const std::string& first_name = {},
                               const std::string& last_name = {});

// People whose name or email contains `query` (case and accents ignored), in natural name order.
std::vector<User> search_users(Store& store, std::string_view query, int limit = 50);
std::vector<User> list_users(Store& store);

// An org role a person holds, as a list filters by it: a builtin role, or (kCustom) which custom role.
struct HeldRole {
    OrgRole role = OrgRole::kAdmin;
    std::optional<Id> custom_role;
    bool operator==(const HeldRole&) const = default;
};

// One row per person for lists, read in one pass (100,000 people in well under a second).
struct PersonRow {
    Id id = 0;
    std::string name;  // display name
    std::string email;
    UserStatus status = UserStatus::kActive;
    std::optional<Id> department_id;
    std::string department;            // its name, or empty
    std::string roles;                 // "Admin, Department Admin of Science"; empty for none
    std::vector<HeldRole> held_roles;  // the same roles, for filtering (one per grant, in the same order)
    std::int64_t created_at = 0;
    std::string search_key;  // folded name and email, for filtering as one types
    std::string sort_key;    // the name's natural sort key: lists order rows by (sort_key, id)
};
// In natural order of name: by sort_key, then id (people_row_before).
std::vector<PersonRow> people_rows(Store& store);
bool people_row_before(const PersonRow& a, const PersonRow& b);
// The rows of those of `people` who exist (the others were deleted), as people_rows() makes them, in id order.
std::vector<PersonRow> people_rows_of(Store& store, const std::vector<Id>& people);

// Whose rows changed, for a list that keeps its rows and patches them rather than reading 100,000 again.
// Temporary triggers (this connection only, installed by the first call) note every person whose row a
// command changed: their user row, their org roles, the name of their department or of a custom role they
// hold; a rolled-back command notes nothing. `since` is the `mark` of the previous call.
struct PeopleChanges {
    std::uint64_t mark = 0;
    bool everything = false;  // what changed since `since` is not known (the first call): read every row
    std::vector<Id> people;   // otherwise these, sorted, each once (possibly none)
};
PeopleChanges people_changes_since(Store& store, std::uint64_t since);
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
