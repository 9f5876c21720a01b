// Finding records by ID, email or slug, with errors that name what was looked for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

std::optional<User> find_user(Store& store, Id id);
std::optional<User> find_user_by_email(Store& store, std::string_view email);
Result<User> user_by_email(Store& store, std::string_view email);
Result<User> user_by_id(Store& store, Id id);

std::optional<Group> find_group(Store& store, Id id);
std::optional<Group> find_group_by_slug(Store& store, std::string_view slug);
Result<Group> group_by_id(Store& store, Id id);
// A slug, or else a group name when exactly one group has it (case-insensitive).
Result<Group> group_by_slug_or_name(Store& store, std::string_view text);

std::optional<Department> find_department(Store& store, Id id);
Result<Department> department_by_slug(Store& store, std::string_view slug);
Result<Department> department_by_id(Store& store, Id id);

// Side by side (under one parent, or both at the top level), two groups or two departments may not have names
// that differ only by case, accents or spaces ("Grade 9", "grade 9", "Gräde 9", "Grade 9 "): text.h's
// lookalike_key. A duplicate error naming the one already there, or nothing; `except` is the record itself
// when it is renamed or moved.
Result<void> check_group_name_free(Store& store, std::optional<Id> parent, std::string_view name,
                                   std::optional<Id> except = std::nullopt);
Result<void> check_department_name_free(Store& store, std::optional<Id> parent, std::string_view name,
                                        std::optional<Id> except = std::nullopt);

// Names for messages and the audit log; "(unknown)" for an ID that no longer exists.
std::string user_name(Store& store, Id id);
std::string group_name(Store& store, Id id);
std::string department_name(Store& store, Id id);

// The uid of a person or group (how the audit log names them), or nothing for an ID that no longer exists.
std::optional<std::string> user_uid(Store& store, Id id);
std::optional<std::string> group_uid(Store& store, Id id);

}  // namespace grove
