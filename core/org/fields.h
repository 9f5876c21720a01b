// Changing additional fields once they exist (F2): renaming one, changing a choice field's choices (mapping the
// values people hold that leave the list), deleting one with the values people hold. Adding and reading fields
// is in people.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// How many people hold a value of the field.
int field_value_count(Store& store, Id field);

// A value people hold and how many hold it.
struct HeldValue {
    std::string value;
    int people = 0;
};
// Every value of the field people hold, most held first (ties in natural order).
std::vector<HeldValue> held_values(Store& store, Id field);

// The field gets a new name (clean_name applied): not empty, not a person's own column, not another field's
// name (case ignored). Rules name fields by uid, so the smart groups that read it keep working and print the
// new name. Audited as "renamed the field Job Title to Role Title".
Result<FieldDef> rename_field(Store& store, Id actor, Id field, const std::string& new_name);

// The choice among `choices` that `value` is, as spelled there (case and accents ignored), or nothing.
std::optional<std::string> find_choice(const std::vector<std::string>& choices, std::string_view value);

// A held value that leaves the choice list, and the new choice its holders get.
using ChoiceMap = std::vector<std::pair<std::string, std::string>>;  // old value -> new choice

// The values people hold that are neither among `choices` (case and accents ignored) nor mapped by `map`:
// what changing the choices would leave dangling. In held_values' order.
std::vector<HeldValue> unmapped_values(Store& store, const FieldDef& field, const std::vector<std::string>& choices,
                                       const ChoiceMap& map);

struct ChoicesChanged {
    FieldDef field;      // with its new choices
    int remapped = 0;    // people whose value changed
    std::string detail;  // "mapped Nort to North for 3 people", empty when nobody's value changed
};

// A choice field gets a new list of choices, in the order given (each trimmed; none empty, none twice, case and
// accents ignored; at least one). Every value people hold must be among them or mapped by `map` to one of them;
// the holders' values change in the same command (a value that differs from a new choice only in case or accents
// takes the new spelling). Refused when a smart group's rule compares the field with a choice that would go,
// naming the group. One audit entry: "changed the choices of Level from A, B to A, C; mapped B to C for 2 people
// (Ada Abbott and Bo Chen)".
Result<ChoicesChanged> set_field_choices(Store& store, Id actor, Id field, const std::vector<std::string>& choices,
                                         const ChoiceMap& map = {});

struct FieldDeleted {
    std::string name;
    int values = 0;  // the values people held, deleted with the field
};

// Deletes the field. Refused while a smart group's rule reads it (naming the group), and, unless `with_values`,
// while anybody holds a value of it (with the count). Audited as "deleted the field Job Title and its 12 values".
Result<FieldDeleted> delete_field(Store& store, Id actor, Id field, bool with_values);
// What deleting the field would do, or why it is refused (the same refusals, but never for the values): for the
// app's question before it deletes. Writes nothing.
Result<FieldDeleted> plan_field_delete(Store& store, Id actor, Id field);

}  // namespace grove
