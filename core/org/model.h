// The records of an organisation: plans, people, departments, groups, memberships, audit entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove {

using Id = std::int64_t;

enum class Plan { kTrial, kStarter, kEssentials, kComplete, kEnterprise };

struct PlanInfo {
    Plan plan;
    const char* key;   // "essentials"
    const char* name;  // "Essentials"
    int group_cap;     // -1: unlimited
};

const PlanInfo& plan_info(Plan plan);
std::optional<Plan> parse_plan(std::string_view key);
const std::vector<PlanInfo>& all_plans();

enum class UserStatus { kInvited, kActive, kDeactivated };
const char* user_status_key(UserStatus status);  // "invited", "active", "deactivated"
std::optional<UserStatus> parse_user_status(std::string_view key);

enum class FieldType { kText, kNumber, kDate, kChoice };
const char* field_type_key(FieldType type);
std::optional<FieldType> parse_field_type(std::string_view key);

// Ordered by power: an admin can do everything a mentor can, a mentor more than a member.
enum class GroupRole { kMember = 0, kMentor = 1, kAdmin = 2 };
const char* group_role_key(GroupRole role);                       // "member", "mentor", "admin"
const char* group_role_name(GroupRole role);                      // "Member", "Mentor", "Group admin"
std::optional<GroupRole> parse_group_role(std::string_view key);  // also accepts "leader", "group-admin"

struct Org {
    Id id = 0;
    std::string uid;
    std::string name;
    Plan plan = Plan::kTrial;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct User {
    Id id = 0;
    std::string uid;
    std::string email;
    std::string first_name;
    std::string last_name;
    UserStatus status = UserStatus::kActive;
    std::optional<Id> department_id;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;

    // "Ada Lovelace", or the email for an invitation that has no name yet.
    std::string display_name() const;
};

struct FieldDef {
    Id id = 0;
    std::string uid;
    std::string name;  // "Job Title"
    FieldType type = FieldType::kText;
    std::vector<std::string> choices;  // for kChoice
};

struct FieldValue {
    Id field_id = 0;
    std::string field_name;
    std::string value;
};

struct Department {
    Id id = 0;
    std::string uid;
    std::string name;
    std::string slug;
    std::optional<Id> parent_id;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct ExternalId {
    std::string system;  // "rostering", "partner", "clever", ...
    std::string value;
};

struct Group {
    Id id = 0;
    std::string uid;
    std::string name;
    std::string slug;
    std::string description;
    std::optional<Id> parent_id;
    bool inherit = true;  // staff of the ancestors reach this group's members (F32)
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct GroupImage {
    std::string mime;  // "image/png"
    std::vector<std::uint8_t> bytes;
};

struct Membership {
    Id id = 0;
    std::string uid;
    Id group_id = 0;
    Id user_id = 0;
    GroupRole role = GroupRole::kMember;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

// One person of an audit entry that lists many, named as they were then.
struct AuditLine {
    std::string user_uid;
    std::string name;
    std::string email;
    std::string what;  // "added to Grade 9 as a member"
};

struct AuditEntry {
    Id id = 0;
    std::int64_t at = 0;
    // The actor, the group and the person acted on are named by uid, which no other record ever takes (a row
    // ID does: SQLite gives a deleted record's to the next one), so history never names the wrong record. Empty
    // for none (the actor of set-up and of some merges is Grove itself). A record deleted since keeps its uid
    // here; the *_id beside it is its row ID now, looked up by that uid, and empty when it is gone.
    std::string actor_uid;
    std::optional<Id> actor_id;
    std::string actor_name;
    std::string action;   // "group.create"
    std::string summary;  // "Ada Lovelace created the group Grade 9."
    std::string group_uid;
    std::optional<Id> group_id;
    std::string group_name;
    std::string user_uid;
    std::optional<Id> user_id;
    std::string user_name;
    // The entry names a record that is no longer in the organisation: the app says so beside its name.
    bool actor_deleted() const { return !actor_uid.empty() && !actor_id; }
    bool group_deleted() const { return !group_uid.empty() && !group_id; }
    bool user_deleted() const { return !user_uid.empty() && !user_id; }
    // The emails of the actor and of the person acted on, as they are now: names repeat (two "Ada
    // Eriksen"), emails do not. Empty for someone no longer in the organisation.
    std::string actor_email;
    std::string user_email;
    // A change to many people (an upload, a copy, a rule's joins and leaves) is one entry listing them all:
    // how many, and (from read_audit_entry, or read_audit with AuditFilter::with_details) who and what.
    int detail_count = 0;
    std::vector<AuditLine> details;
    // When the listing is filtered by a person whom this entry lists: what happened to them.
    std::string person_detail;
};

}  // namespace grove
