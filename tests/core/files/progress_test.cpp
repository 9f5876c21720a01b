// Progress from an LMS (core/files/progress): ISO 8601 times, checking without writing, applying all or nothing.
#include "core/files/progress.h"

#include <doctest/doctest.h>

#include "core/learning/courses.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;

TEST_CASE("ISO 8601 times as LMS exports write them, in UTC or with an offset") {
    const std::int64_t nine_thirty = 1795599000000;  // 2026-11-25T09:30:00Z
    CHECK(parse_iso_time("2026-11-25T09:30:00Z") == nine_thirty);
    CHECK(parse_iso_time("2026-11-25 09:30") == nine_thirty);
    CHECK(parse_iso_time("2026-11-25T09:30:00.250Z") == nine_thirty + 250);
    CHECK(parse_iso_time("2026-11-25T11:30:00+02:00") == nine_thirty);
    CHECK(parse_iso_time("2026-11-25T04:30-0500") == nine_thirty);
    CHECK(parse_iso_time("2026-11-25") == nine_thirty - (9 * 3600 + 30 * 60) * 1000);
    CHECK(format_iso_time(*parse_iso_time("2026-12-01T09:00:00Z")) == "2026-12-01T09:00:00Z");
    for (const char* bad : {"", "yesterday", "2026-02-30", "2026-11-25T24:00", "2026-11-25T09:60", "2026-11-25T09",
                            "2026-11-25T09:30:00ZZ", "2026-11-25X09:30", "2026-11-25T09:30:00.Z"}) {
        INFO(bad);
        CHECK_FALSE(parse_iso_time(bad));
    }
}

TEST_CASE("a progress import checked first writes nothing; applied, it records every row in one audit entry") {
    Fixture f;
    Store& s = f.store();
    Id ann = f.person("ann@hill.org", "Ann", "Lee");
    auto course = create_course(s, f.owner, "Algebra");
    REQUIRE(course);
    REQUIRE(add_step(s, f.owner, course->id, {"Intro", StepKind::kLesson, false, std::nullopt}));
    REQUIRE(add_step(s, f.owner, course->id, {"Proofs", StepKind::kAssignment, true, 10}));
    const std::string csv =
        "email,course,step,completed_at,answer,points\n"
        "ann@hill.org,algebra,1,2026-01-02T10:00:00Z,,\n"
        "ann@hill.org,algebra,2,2026-01-03T10:00:00Z,x = 2,9\n";

    auto before = f.bytes();
    auto checked = check_progress_import(s, f.owner, "lms.csv", csv);
    REQUIRE(checked);
    CHECK(checked->ok());
    CHECK_FALSE(checked->applied);
    CHECK(checked->counts.summary(true) == "Would enrol 1 person, complete 1 step, record 1 review.");
    CHECK(f.bytes() == before);

    auto done = import_progress(s, f.owner, "lms.csv", csv);
    REQUIRE(done);
    CHECK(done->applied);
    CHECK(is_enrolled(s, course->id, ann));
    auto standing = progress_of(s, ann, course->id, true);
    REQUIRE(standing.size() == 1);
    CHECK(standing[0].progress_percent == 100);
    CHECK(standing[0].grade_percent == 90);
    CHECK(standing[0].states[0].at == *parse_iso_time("2026-01-02T10:00:00Z"));
    auto work = work_of(s, ann, standing[0].states[1].step.id);
    REQUIRE(work);
    CHECK(work->status == WorkStatus::kReviewed);
    CHECK(work->reviewer_id == f.owner);
    CHECK(pending_count(s, ann) == 0);
    auto audit = read_audit(s, f.owner, {});
    REQUIRE(audit);
    CHECK(
        audit->front().summary ==
        "Olive Owner imported progress from lms.csv: 2 rows (enrolled 1 person, completed 1 step, recorded 1 review)");

    // A learner may not import their own progress: only course managers may.
    auto own = import_progress(s, ann, "lms.csv", csv);
    REQUIRE_FALSE(own);
    CHECK(own.error().code == ErrorCode::kForbidden);
}
