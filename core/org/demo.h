// Generated organisations: the demo district a new user can open, and large ones for benchmarks.
#pragma once

#include <cstdint>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct DemoSize {
    int schools = 4;
    int grades_per_school = 4;  // Grade 9 .. Grade 12
    int classes_per_grade = 2;  // 9A, 9B
    int students_per_class = 24;
    int teachers_per_school = 12;
    // For benchmarks: extra groups and people beyond the district's shape (0 for the demo).
    int extra_groups = 0;
    int extra_people = 0;
    int memberships_per_extra_person = 0;
    std::uint32_t seed = 7;
};

// The demo: a district of a few hundred people, departments, nested groups and staff roles.
DemoSize demo_district();
// About `users` people, `groups` groups and `memberships` memberships, for benchmarks (F39).
DemoSize large_organisation(int users, int groups, int memberships);

// Fills an empty database in one transaction: the organisation (Enterprise plan), its owner
// (owner@riverside.example), departments, fields, people, groups, memberships and org roles.
Result<Org> generate_demo(Store& store, const DemoSize& size);

}  // namespace grove
