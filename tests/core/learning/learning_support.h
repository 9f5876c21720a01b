// Shared set-up for the learning tests: a small school with a learner, her mentors and admins, and a course.
#pragma once

#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "test_support.h"

namespace grove::testing {

constexpr std::int64_t kMinuteMs = 60000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// District > Hill School > Grade 9 > Class 9A, and a group elsewhere:
//   Ann Lee and Eli Ek are members of Class 9A;
//   Mia Mentor mentors Class 9A; Dora Dean mentors the District (her oversight reaches down);
//   Gus Grant is a group admin of Hill School; Ben Ode mentors the Chess Club, elsewhere;
//   Ada Admin holds the org role Admin; the owner is Olive Owner.
// The course Algebra has a lesson, an essay for review worth 10 points and a reflection for review without
// points.
struct School : Fixture {
    Id district = group("District");
    Id school = group("Hill School", district);
    Id grade = group("Grade 9", school);
    Id klass = group("Class 9A", grade);
    Id club = group("Chess Club");
    Id ann = person("ann@hill.edu", "Ann", "Lee");
    Id eli = person("eli@hill.edu", "Eli", "Ek");
    Id mia = person("mia@hill.edu", "Mia", "Mentor");
    Id dora = person("dora@hill.edu", "Dora", "Dean");
    Id gus = person("gus@hill.edu", "Gus", "Grant");
    Id ben = person("ben@hill.edu", "Ben", "Ode");
    Id ada = person("ada@hill.edu", "Ada", "Admin");
    Id course = 0;
    Step lesson, essay, reflection;

    School() {
        join(klass, ann);
        join(klass, eli);
        join(klass, mia, GroupRole::kMentor);
        join(district, dora, GroupRole::kMentor);
        join(school, gus, GroupRole::kAdmin);
        join(club, ben, GroupRole::kMentor);
        grant(ada, OrgRole::kAdmin);
        course = must(create_course(store(), owner, "Algebra", "Numbers and letters.")).id;
        lesson = must(add_step(store(), owner, course, {"Variables", StepKind::kLesson, false, std::nullopt}));
        essay = must(add_step(store(), owner, course, {"Proofs", StepKind::kAssignment, true, 10}));
        reflection = must(add_step(store(), owner, course, {"Reflection", StepKind::kDiscussion, true, std::nullopt}));
        must(enrol(store(), owner, course, {ann, eli}));
    }

    // The learner submits an answer to a step marked for review; returns the work's ID.
    Id submit(Id learner, const Step& step, const std::string& answer = "My answer") {
        return must(complete_step(store(), learner, learner, step.id, answer)).id;
    }
    // Moves the clock forward, as time passes between actions.
    void wait(std::int64_t ms) { clock_ms += ms; }

    std::vector<AuditEntry> audit_since(std::size_t before) {
        AuditFilter all;
        all.limit = 0;
        auto entries = must(read_audit(store(), owner, all));
        std::reverse(entries.begin(), entries.end());  // oldest first
        entries.erase(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(before));
        return entries;
    }
    std::size_t audit_size() {
        AuditFilter all;
        all.limit = 0;
        return must(read_audit(store(), owner, all)).size();
    }
};

inline std::vector<Id> work_ids(const std::vector<ReviewItem>& items) {
    std::vector<Id> ids;
    for (const auto& item : items) ids.push_back(item.work_id);
    return ids;
}

inline std::vector<Id> recipients(Store& store, Id work) {
    std::vector<Id> ids;
    auto s = store.db().prepare("SELECT user_id FROM notifications WHERE work_id = ? ORDER BY user_id");
    s->bind(1, work);
    while (s->step()) ids.push_back(s->col_int(0));
    return ids;
}

}  // namespace grove::testing
