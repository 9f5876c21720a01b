// Learning progress from an LMS's CSV: every row checked and recorded inside one transaction, kept only when the
// whole file is good (and not for a check).
#include "core/files/progress.h"

#include <cctype>
#include <map>
#include <unordered_map>

#include "core/access/access.h"
#include "core/files/csv.h"
#include "core/files/upload.h"
#include "core/learning/courses.h"
#include "core/learning/work.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr const char* kInsertEnrolment =
    "INSERT INTO enrolments (uid, course_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
// The LMS graded the submission already: reviewed by the person importing, and nothing left for the bell.
constexpr const char* kMarkReviewed =
    "UPDATE step_work SET status = 'reviewed', points = ?, feedback = '', reviewer_id = ?, reviewed_at = ?, "
    "updated_at = ? WHERE id = ?";
constexpr const char* kReadNotifications = "UPDATE notifications SET read_at = ? WHERE work_id = ? AND read_at IS NULL";

enum class Column { kEmail, kCourse, kStep, kCompletedAt, kAnswer, kPoints, kCount };

struct Header {
    const char* key;  // as upload_header_key() gives it
    Column column;
};
constexpr Header kHeaders[] = {
    {"email", Column::kEmail},           {"emailaddress", Column::kEmail},      {"course", Column::kCourse},
    {"coursename", Column::kCourse},     {"courseslug", Column::kCourse},       {"step", Column::kStep},
    {"steptitle", Column::kStep},        {"stepnumber", Column::kStep},         {"completedat", Column::kCompletedAt},
    {"completed", Column::kCompletedAt}, {"completedon", Column::kCompletedAt}, {"date", Column::kCompletedAt},
    {"answer", Column::kAnswer},         {"points", Column::kPoints},           {"score", Column::kPoints},
};

const char* column_name(Column c) {
    switch (c) {
        case Column::kEmail: return "email";
        case Column::kCourse: return "course";
        case Column::kStep: return "step";
        case Column::kCompletedAt: return "completed_at";
        case Column::kAnswer: return "answer";
        case Column::kPoints: return "points";
        case Column::kCount: break;
    }
    return "";
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string base_name(std::string_view path) {
    size_t slash = path.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string step_words(const Course& course, const Step& step) {
    return "step " + std::to_string(step.number) + " of " + course.name + " (" + step.title + ")";
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// Two digits at `at`, or -1.
int two_digits(std::string_view text, size_t at) {
    if (at + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[at])) ||
        !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
        return -1;
    }
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// A course's steps, read once per course.
struct KnownCourse {
    Course course;
    std::vector<Step> steps;
};

Result<ProgressImport> run_import(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                                  bool write) {
    // Only course managers record other people's progress: asked without a person, so that only the
    // org permission (courses.manage) can allow it, never a learner's own path.
    for (Cmd cmd : {Cmd::kStepComplete, Cmd::kCourseEnrol}) {
        auto allowed = authorize(store, actor, cmd, {});
        if (!allowed) {
            if (allowed.error().message.find("their account is") != std::string::npos) return allowed.error();
            return forbidden(user_name(store, actor) + " may not import progress. " + who_may(Cmd::kCourseManage));
        }
    }
    GROVE_LET(table, read_csv(bytes, file_name));
    if (table->rows.empty()) return bad_value(std::string(file_name) + " is empty: it has no header line.");

    ProgressImport report;
    report.file_name = std::string(file_name);
    const std::vector<CsvRecord>& rows = table->rows;
    const CsvRecord& header = rows[0];
    report.row_count = static_cast<int>(rows.size()) - 1;
    const std::string at_header = report.file_name + ":" + std::to_string(header.line) + ": ";

    // The columns.
    const size_t width = header.cells.size();
    int column_of[static_cast<int>(Column::kCount)];
    for (int& c : column_of) c = -1;
    for (size_t c = 0; c < width; ++c) {
        const std::string key = upload_header_key(header.cells[c]);
        if (key.empty()) continue;
        const Header* found = nullptr;
        for (const auto& h : kHeaders)
            if (key == h.key) found = &h;
        if (!found) {
            report.errors.push_back(at_header + "unknown column " + quoted(header.cells[c]) +
                                    "; a progress file has email, course, step, completed_at, answer and points");
            continue;
        }
        int& slot = column_of[static_cast<int>(found->column)];
        if (slot >= 0) {
            report.errors.push_back(at_header + "the columns " + quoted(header.cells[static_cast<size_t>(slot)]) +
                                    " and " + quoted(header.cells[c]) + " both hold " + column_name(found->column));
            continue;
        }
        slot = static_cast<int>(c);
    }
    for (Column c : {Column::kEmail, Column::kCourse, Column::kStep, Column::kCompletedAt}) {
        if (column_of[static_cast<int>(c)] < 0) {
            report.errors.push_back(at_header + "no " + column_name(c) +
                                    " column; a progress file needs email, course, step and completed_at");
        }
    }
    if (!report.ok()) return report;

    auto body = [&]() -> Result<ProgressImport> {
        if (!store.read_only_reason().empty()) return Error{ErrorCode::kConflict, store.read_only_reason()};
        // Writes go into one transaction; a check, or a file with any bad row, rolls it back.
        Store::LongCommand command(store, kChangeLearning | kChangeNotifications | kChangeAudit);
        const std::int64_t now = store.now();
        std::unordered_map<std::string, std::optional<KnownCourse>> courses;  // by the cell's text
        std::map<std::pair<Id, Id>, int> seen;                                // (person, step) -> line
        std::map<std::pair<Id, Id>, bool> enrolled;                           // (course, person)

        for (size_t r = 1; r < rows.size(); ++r) {
            const CsvRecord& row = rows[r];
            const std::string at = report.file_name + ":" + std::to_string(row.line) + ": ";
            const size_t errors_before = report.errors.size();
            auto fail = [&](const std::string& reason) { report.errors.push_back(at + reason); };
            auto cell = [&](Column c) -> std::string_view {
                int i = column_of[static_cast<int>(c)];
                if (i < 0 || static_cast<size_t>(i) >= row.cells.size()) return {};
                return trim_view(row.cells[static_cast<size_t>(i)]);
            };
            if (row.cells.size() > width) {
                bool extra = false;
                for (size_t c = width; c < row.cells.size() && !extra; ++c) extra = !trim_view(row.cells[c]).empty();
                if (extra) {
                    fail("the row has " + std::to_string(row.cells.size()) + " cells but the header has " +
                         std::to_string(width));
                    continue;
                }
            }

            // Each cell on its own.
            std::optional<User> person;
            std::string_view email = cell(Column::kEmail);
            if (email.empty()) {
                fail("email is empty");
            } else if (!is_valid_email(email)) {
                fail("email " + quoted(email) + " is not an email address");
            } else if (!(person = find_user_by_email(store, email))) {
                fail("no person has the email " + quoted(email));
            } else if (person->status == UserStatus::kDeactivated) {
                fail(person->display_name() + "'s account is deactivated");
                person.reset();
            }
            const KnownCourse* course = nullptr;
            std::string_view course_text = cell(Column::kCourse);
            if (course_text.empty()) {
                fail("course is empty");
            } else {
                auto it = courses.find(std::string(course_text));
                if (it == courses.end()) {
                    std::optional<KnownCourse> known;
                    if (auto found = course_by_slug_or_name(store, course_text))
                        known = KnownCourse{*found, course_steps(store, found->id)};
                    it = courses.emplace(std::string(course_text), std::move(known)).first;
                }
                if (it->second)
                    course = &*it->second;
                else
                    fail("course " + quoted(course_text) + " does not exist");
            }
            const Step* step = nullptr;
            std::string_view step_text = cell(Column::kStep);
            if (step_text.empty()) {
                fail("step is empty");
            } else if (course) {
                if (all_digits(step_text)) {
                    size_t number = step_text.size() > 6 ? 0 : std::stoul(std::string(step_text));
                    if (number >= 1 && number <= course->steps.size())
                        step = &course->steps[number - 1];
                    else
                        fail("step " + std::string(step_text) + " does not exist: " + course->course.name + " has " +
                             counted(static_cast<int>(course->steps.size()), "step", "steps"));
                } else {
                    int matches = 0;
                    for (const Step& s : course->steps)
                        if (s.title == step_text) step = &s, ++matches;
                    if (matches == 0) {
                        fail("step " + quoted(step_text) + " is not a step of " + course->course.name);
                    } else if (matches > 1) {
                        step = nullptr;
                        fail("step " + quoted(step_text) + " names " + std::to_string(matches) + " steps of " +
                             course->course.name + "; use its number");
                    }
                }
            }
            std::optional<std::int64_t> at_ms;
            std::string_view when = cell(Column::kCompletedAt);
            if (when.empty()) {
                fail("completed_at is empty");
            } else if (!(at_ms = parse_iso_time(when))) {
                fail("completed_at " + quoted(when) + " is not a date and time (like 2026-11-25T09:30:00Z)");
            } else if (*at_ms > now) {
                fail("completed_at " + quoted(when) + " is in the future");
            }
            std::string_view answer = cell(Column::kAnswer);
            if (character_count(answer) > kAnswerMaxCharacters) {
                fail("answer is longer than " + std::to_string(kAnswerMaxCharacters) + " characters");
            }
            std::optional<int> points;
            std::string_view points_text = cell(Column::kPoints);
            if (!points_text.empty()) {
                if (!all_digits(points_text) || points_text.size() > 6)
                    fail("points " + quoted(points_text) + " is not a whole number of 0 or more");
                else
                    points = std::stoi(std::string(points_text));
            }
            // The cells together.
            if (course && step) {
                const std::string what = step_words(course->course, *step);
                if (step->review && answer.empty()) {
                    fail("answer is empty, but " + what + " is marked for review");
                } else if (!step->review && !answer.empty()) {
                    fail("answer is given, but " + what + " is not marked for review");
                }
                if (!points_text.empty() && !step->review) {
                    fail("points are given, but " + what + " is not marked for review");
                } else if (points && !step->points) {
                    fail("points are given, but " + what + " carries no points");
                } else if (points && *points > *step->points) {
                    fail("points " + std::to_string(*points) + " are more than " + what + " allows (" +
                         std::to_string(*step->points) + ")");
                }
            }
            if (points && person && person->id == actor) {
                fail("points are given, but nobody reviews their own work: " + person->display_name() +
                     " is importing this file");
            }
            if (person && step && report.errors.size() == errors_before) {
                auto [it, fresh] = seen.emplace(std::pair{person->id, step->id}, row.line);
                if (!fresh) {
                    fail(person->display_name() + " already has " + step_words(course->course, *step) + " on line " +
                         std::to_string(it->second));
                }
            }
            if (report.errors.size() != errors_before) continue;

            // The row is good: record it as the learner's own command would.
            const std::string who = person_label(person->first_name, person->last_name, person->email);
            auto change = [&](const std::string& text) {
                report.changes.push_back("line " + std::to_string(row.line) + ": " + text);
            };
            auto key = std::pair{course->course.id, person->id};
            auto known = enrolled.find(key);
            if (known == enrolled.end())
                known = enrolled.emplace(key, is_enrolled(store, course->course.id, person->id)).first;
            if (!known->second) {
                auto s = store.db().prepare(kInsertEnrolment);
                s->bind_all(store.new_uid(), course->course.id, person->id, *at_ms, now).run();
                known->second = true;
                ++report.counts.enrolled;
                change("enrol " + who + " in " + course->course.name);
            }
            const std::string what = step_words(course->course, *step);
            std::optional<std::string> answer_text;
            if (step->review) answer_text = std::string(answer);
            auto before = work_of(store, person->id, step->id);
            if (before && (!step->review || before->answer == answer_text)) {
                ++report.counts.unchanged;
                continue;
            }
            auto work = record_work(store, person->id, *step, answer_text, *at_ms);
            if (!work) {
                fail(work.error().message);
                continue;
            }
            if (!step->review) {
                ++report.counts.completed;
                change("complete " + what + " for " + who);
            } else if (!points) {
                ++report.counts.submitted;
                change("submit " + who + "'s answer to " + what + ", pending review");
            } else {
                store.db().prepare(kMarkReviewed)->bind_all(*points, actor, now, now, work->id).run();
                store.db().prepare(kReadNotifications)->bind_all(now, work->id).run();
                ++report.counts.reviewed;
                change("submit " + who + "'s answer to " + what + ", reviewed with " + std::to_string(*points) +
                       " of " + std::to_string(*step->points) + " points");
            }
        }
        if (!report.ok() || !write) return report;  // the command rolls back
        const ProgressCounts& n = report.counts;
        if (n.enrolled + n.completed + n.submitted + n.reviewed == 0) return report;  // nothing to write or audit
        std::string summary = report.counts.summary();
        summary[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(summary[0])));
        record_audit(store, actor,
                     {"import.progress",
                      "imported progress from " + base_name(report.file_name) + ": " +
                          counted(report.row_count, "row", "rows") + " (" + summary.substr(0, summary.size() - 1) + ")",
                      std::nullopt, std::nullopt});
        command.finish();
        report.applied = true;
        return report;
    };
    try {
        return body();
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

}  // namespace

std::string ProgressCounts::summary(bool would) const {
    struct Part {
        const char* done;
        const char* to_do;
        int n;
        const char* one;
        const char* many;
    };
    const Part parts[] = {
        {"enrolled", "enrol", enrolled, "person", "people"},
        {"completed", "complete", completed, "step", "steps"},
        {"submitted", "submit", submitted, "answer", "answers"},
        {"recorded", "record", reviewed, "review", "reviews"},
        {"left", "leave", unchanged, "row unchanged", "rows unchanged"},
    };
    std::string text;
    for (const Part& p : parts) {
        if (p.n == 0) continue;
        text += (text.empty() ? "" : ", ") + std::string(would ? p.to_do : p.done) + " " + counted(p.n, p.one, p.many);
    }
    if (text.empty()) return would ? "Would do nothing: the file has no rows." : "Nothing to do: the file has no rows.";
    if (would) text = "would " + text;
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text + ".";
}

Result<ProgressImport> check_progress_import(Store& store, Id actor, std::string_view file_name,
                                             std::string_view bytes) {
    return run_import(store, actor, file_name, bytes, false);
}

Result<ProgressImport> import_progress(Store& store, Id actor, std::string_view file_name, std::string_view bytes) {
    return run_import(store, actor, file_name, bytes, true);
}

std::string progress_import_sample() {
    std::string out;
    CsvWriter csv(out);
    csv.row({"email", "course", "step", "completed_at", "answer", "points"});
    csv.row({"grace.hopper@example.org", "algebra", "1", "2026-11-23T09:30:00Z", "", ""});
    csv.row({"grace.hopper@example.org", "algebra", "Proofs", "2026-11-24T14:05:00Z", "My proof", ""});
    csv.row({"alan.turing@example.org", "Algebra", "2", "2026-11-25T10:00:00Z", "Another proof", "8"});
    return out;
}

std::optional<std::int64_t> parse_iso_time(std::string_view text) {
    text = trim_view(text);
    if (text.size() < 10) return std::nullopt;
    auto day = parse_iso_date(text.substr(0, 10));
    if (!day) return std::nullopt;
    std::int64_t ms = *day * 86400000;
    if (text.size() == 10) return ms;
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
    size_t i = 11;
    int hour = two_digits(text, i), minute = -1, second = 0;
    if (hour < 0 || hour > 23 || i + 2 >= text.size() || text[i + 2] != ':') return std::nullopt;
    minute = two_digits(text, i + 3);
    if (minute < 0 || minute > 59) return std::nullopt;
    i += 5;
    std::int64_t fraction = 0;
    if (i < text.size() && text[i] == ':') {
        second = two_digits(text, i + 1);
        if (second < 0 || second > 59) return std::nullopt;
        i += 3;
        if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
            size_t digits = 0;
            std::int64_t scale = 100;
            for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
                fraction += (text[i] - '0') * scale;
                scale /= 10;
            }
            if (digits == 0) return std::nullopt;
        }
    }
    ms += (static_cast<std::int64_t>(hour) * 3600 + minute * 60 + second) * 1000 + fraction;
    if (i == text.size()) return ms;  // no zone: UTC
    if ((text[i] == 'Z' || text[i] == 'z') && i + 1 == text.size()) return ms;
    if (text[i] != '+' && text[i] != '-') return std::nullopt;
    const int sign = text[i] == '+' ? 1 : -1;
    int zone_hours = two_digits(text, i + 1), zone_minutes = 0;
    if (zone_hours < 0 || zone_hours > 23) return std::nullopt;
    i += 3;
    if (i < text.size()) {
        if (text[i] == ':') ++i;
        zone_minutes = two_digits(text, i);
        if (zone_minutes < 0 || zone_minutes > 59 || i + 2 != text.size()) return std::nullopt;
    }
    return ms - sign * (static_cast<std::int64_t>(zone_hours) * 3600 + zone_minutes * 60) * 1000;
}

}  // namespace grove
