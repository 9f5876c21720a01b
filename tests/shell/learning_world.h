// The UI tests' class for the learning side: Riverside, where Mia Moss mentors Grade 9A with its members Ann
// Lee and Ben Ode, who both take Algebra (step 2, "Proofs", is marked for review and carries 10 points).
#pragma once

#include <doctest/doctest.h>
#include <string>

#include "../must.h"
#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/org/memberships.h"
#include "shell_fixture.h"

namespace grove::ui::testing {

inline constexpr std::int64_t kLearningStart = 1796115600000;  // 2026-12-01T09:00:00Z
inline constexpr std::int64_t kHour = 3600 * 1000;
inline constexpr std::int64_t kDay = 24 * kHour;

struct LearningWorld : ShellFixture {
    Id mentor = 0, ann = 0, ben = 0, grade = 0, course = 0, lesson = 0, proofs = 0, essay = 0;

    LearningWorld() : ShellFixture({.seed = 7, .clock_start = kLearningStart}) {
        using grove::testing::must;
        mentor = person("mia@riverside.example", "Mia", "Moss");
        ann = person("ann@riverside.example", "Ann", "Lee");
        ben = person("ben@riverside.example", "Ben", "Ode");
        grade = group("Grade 9A");
        must(add_people(*store, owner, grade, {{mentor}, {}, GroupRole::kMentor}));
        must(add_people(*store, owner, grade, {{ann, ben}, {}, GroupRole::kMember}));
        course = must(create_course(*store, owner, "Algebra")).id;
        lesson = must(add_step(*store, owner, course, {"Numbers", StepKind::kLesson, false, std::nullopt})).id;
        proofs = must(add_step(*store, owner, course, {"Proofs", StepKind::kAssignment, true, 10})).id;
        essay = must(add_step(*store, owner, course, {"Essay", StepKind::kAssignment, true, std::nullopt})).id;
        must(enrol(*store, owner, course, {ann, ben}));
    }

    // The learner completes or submits, acting as themselves.
    Id submit(Id learner, Id step, const std::string& answer) {
        return grove::testing::must(complete_step(*store, learner, learner, step, answer)).id;
    }
    Id complete(Id learner, Id step) {
        return grove::testing::must(complete_step(*store, learner, learner, step, std::nullopt)).id;
    }
    void later(std::int64_t ms) { clock_ms += ms; }
};

}  // namespace grove::ui::testing
