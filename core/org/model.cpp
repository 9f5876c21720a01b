// Names and keys of the enumerations in model.h.
#include "core/org/model.h"

#include "core/storage/result.h"
#include "core/text/text.h"

namespace grove {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kNotFound: return "not found";
        case ErrorCode::kPlanCap: return "plan cap";
        case ErrorCode::kCycle: return "cycle";
        case ErrorCode::kDuplicate: return "duplicate";
        case ErrorCode::kBadValue: return "bad value";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kStorage: return "storage";
    }
    return "error";
}

const std::vector<PlanInfo>& all_plans() {
    static const std::vector<PlanInfo> kPlans = {
        {Plan::kTrial, "trial", "Trial", 1},
        {Plan::kStarter, "starter", "Starter", 1},
        {Plan::kEssentials, "essentials", "Essentials", 5},
        {Plan::kComplete, "complete", "Complete", 20},
        {Plan::kEnterprise, "enterprise", "Enterprise", -1},
    };
    return kPlans;
}

const PlanInfo& plan_info(Plan plan) {
    for (const auto& info : all_plans())
        if (info.plan == plan) return info;
    return all_plans().front();
}

std::optional<Plan> parse_plan(std::string_view key) {
    for (const auto& info : all_plans())
        if (key == info.key) return info.plan;
    return std::nullopt;
}

const char* user_status_key(UserStatus status) {
    switch (status) {
        case UserStatus::kInvited: return "invited";
        case UserStatus::kActive: return "active";
        case UserStatus::kDeactivated: return "deactivated";
    }
    return "active";
}

std::optional<UserStatus> parse_user_status(std::string_view key) {
    if (key == "invited") return UserStatus::kInvited;
    if (key == "active") return UserStatus::kActive;
    if (key == "deactivated") return UserStatus::kDeactivated;
    return std::nullopt;
}

const char* field_type_key(FieldType type) {
    switch (type) {
        case FieldType::kText: return "text";
        case FieldType::kNumber: return "number";
        case FieldType::kDate: return "date";
        case FieldType::kChoice: return "choice";
    }
    return "text";
}

std::optional<FieldType> parse_field_type(std::string_view key) {
    if (key == "text") return FieldType::kText;
    if (key == "number") return FieldType::kNumber;
    if (key == "date") return FieldType::kDate;
    if (key == "choice") return FieldType::kChoice;
    return std::nullopt;
}

const char* group_role_key(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "member";
        case GroupRole::kMentor: return "mentor";
        case GroupRole::kAdmin: return "admin";
    }
    return "member";
}

const char* group_role_name(GroupRole role) {
    switch (role) {
        case GroupRole::kMember: return "Member";
        case GroupRole::kMentor: return "Mentor";
        case GroupRole::kAdmin: return "Group admin";
    }
    return "Member";
}

std::optional<GroupRole> parse_group_role(std::string_view key) {
    if (key == "member") return GroupRole::kMember;
    if (key == "mentor") return GroupRole::kMentor;
    if (key == "admin" || key == "group-admin" || key == "leader") return GroupRole::kAdmin;
    return std::nullopt;
}

std::string User::display_name() const { return person_name(first_name, last_name, email); }

}  // namespace grove
