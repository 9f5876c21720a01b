// The organisation itself: creating it with its owner, its name and its plan (F1).
#pragma once

#include <optional>
#include <string>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct NewOrg {
    std::string name;
    Plan plan = Plan::kTrial;
    std::string owner_email;
    std::string owner_first_name;
    std::string owner_last_name;
};

// Creates the organisation and its owner (an active person holding the Owner role).
Result<Org> init_org(Store& store, const NewOrg& org);

std::optional<Org> get_org(Store& store);
// The person holding the Owner role, if the organisation exists.
std::optional<Id> owner_id(Store& store);

Result<void> rename_org(Store& store, Id actor, const std::string& name);
// Refused when the organisation already has more groups than the new plan allows.
Result<void> set_plan(Store& store, Id actor, Plan plan);

// The number of groups and, for a capped plan, an error message when one more would pass the cap.
int group_count(Store& store);
std::optional<std::string> plan_cap_message(Store& store);

}  // namespace grove
