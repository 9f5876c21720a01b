// Reviews (F21, F24, F37): the fair queue of submitted work, reviewing it, and a mentor's home.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// One submission waiting for review.
struct ReviewItem {
    Id work_id = 0;
    Id user_id = 0;
    std::string name;  // the learner
    std::string email;
    Id course_id = 0;
    std::string course_name;
    std::string course_slug;
    Id step_id = 0;
    int step_number = 0;
    std::string step_title;
    std::optional<int> max_points;
    std::int64_t submitted_at = 0;
    std::string answer;
};

// "3d 4h", "5h 12m", "7m", "just now": how long something has waited.
std::string waiting_text(std::int64_t ms);

struct QueueFilter {
    std::optional<Id> group;   // the pending work of the group's members, its subgroups' too where oversight reaches
    std::optional<Id> member;  // one person's pending work
    bool by_step = false;      // grouped by course and step (everyone's answer to one step in a row)
};
// Oldest first (by_step: by course name and step number, oldest first within each). Without a filter: all the
// work the actor may review (everything, for a course manager). A group's queue needs a staff role over the
// group (or courses.manage); a member's queue needs to oversee them. Never the actor's own work.
Result<std::vector<ReviewItem>> review_queue(Store& store, Id actor, const QueueFilter& filter = {});

// How many submissions of each person wait for review (the red badge); people with none are left out.
std::unordered_map<Id, int> pending_counts(Store& store, const std::vector<Id>& people);
int pending_count(Store& store, Id person);

// A submission as its review shows it (pending or not), if the actor may review it.
Result<ReviewItem> review_item(Store& store, Id actor, Id work);

struct ReviewInput {
    std::optional<int> points;  // only for a step with points, 0..its maximum
    std::string feedback;
};
// Reviews a pending submission: points and/or feedback (at least one). The mentors and group admins who oversee
// the learner, and course managers; never one's own work. The item leaves every queue and the grade updates.
Result<void> give_review(Store& store, Id actor, Id work, const ReviewInput& review);

// F24: the groups a person leads (a direct mentor or group admin role), each member with their badge.
struct LedMember {
    Id user_id = 0;
    std::string name;
    std::string email;
    int pending = 0;
};
struct LedGroup {
    Group group;
    GroupRole role = GroupRole::kMentor;  // the person's role there
    std::vector<LedMember> members;       // the members they oversee there (direct members below their role)
    int pending = 0;                      // all of them together
    bool digest = true;                   // the weekly digest is on for this group
};
std::vector<LedGroup> led_groups(Store& store, Id person);

}  // namespace grove
