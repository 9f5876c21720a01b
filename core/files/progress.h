// Learning progress brought in from an LMS (F19): `grove import progress FILE.csv`. Rows of email, course, step
// and completed_at, optionally answer and points, become enrolments, completions, submissions and reviews, all
// or nothing, with every bad row reported as the other uploads report them ("FILE:LINE: reason").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// What the cells mean:
// - Headers match as the other uploads' do (upload_header_key): email (also "E-mail", "Email address"),
//   course, step, completed_at (also "completed", "completed on", "date"), answer, points (also "score").
//   email, course, step and completed_at are required; answer and points may be left out.
// - email is a person of the organisation (any case); course is its slug or its name (case ignored); step is
//   its number in the course (from 1) or its exact title.
// - completed_at is a time in ISO 8601 (parse_iso_time), not after now.
// - A step marked for review needs an answer: the row is a submission, pending review (its mentors are
//   notified as when the learner submits). points on such a row mean the LMS graded it already: the
//   submission is recorded as reviewed by the person importing, with those points (0 to the step's maximum;
//   the step must carry points). A step not marked for review takes neither an answer nor points.
// - Someone not yet enrolled in the course is enrolled (at completed_at). A step already completed, or an
//   answer already submitted with the same text, is left as it is (importing the same file twice changes
//   nothing); a different answer is a new submission, pending review again.
// - A person may appear once per step.
// The import needs the courses.manage permission (authorised as step.complete and course.enrol); one audit
// entry names the file and how many rows it brought in.

struct ProgressCounts {
    int enrolled = 0;   // people newly enrolled in a course
    int completed = 0;  // steps completed (not marked for review)
    int submitted = 0;  // answers submitted and left pending review
    int reviewed = 0;   // answers submitted with the LMS's points: recorded as reviewed
    int unchanged = 0;  // rows already recorded
    // "Enrolled 2 people, completed 3 steps, submitted 1 answer, recorded 1 review." ("Would enrol ...").
    std::string summary(bool would = false) const;
};

struct ProgressImport {
    std::string file_name;
    int row_count = 0;                 // rows after the header
    std::vector<std::string> errors;   // every problem, "FILE:LINE: reason", in file order
    std::vector<std::string> changes;  // what applying does, "line 4: complete step 1 of Algebra (Intro) for ..."
    ProgressCounts counts;
    bool applied = false;  // written to the database (never with errors, never for a check)
    bool ok() const { return errors.empty(); }
};

// Reads the file and checks every row against the database as `actor`, without writing anything. An Error
// only for what stops the import altogether (not CSV, no header, not allowed); row problems go into errors.
Result<ProgressImport> check_progress_import(Store& store, Id actor, std::string_view file_name,
                                             std::string_view bytes);
// The same, then applied in one transaction when no row has a problem (else nothing is written).
Result<ProgressImport> import_progress(Store& store, Id actor, std::string_view file_name, std::string_view bytes);

// An example file: the header and a few rows.
std::string progress_import_sample();

// Milliseconds since the epoch for an ISO 8601 time: "2026-11-25T09:30:00Z", with a space for the T, seconds
// and fractions optional, "Z", "+02:00" or no zone (UTC); a date alone ("2026-11-25") is its midnight, UTC.
std::optional<std::int64_t> parse_iso_time(std::string_view text);

}  // namespace grove
