// Handlers for learning (F19–F24): courses and steps, a learner's work, reviews, notifications, progress, the
// weekly digest, and progress imported from an LMS.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli_spec.h"
#include "core/files/progress.h"
#include "core/learning/courses.h"
#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"

namespace grove::cli {

namespace {

namespace fs = std::filesystem;

Result<Course> course_arg(Store& store, std::string_view text) { return course_by_slug_or_name(store, trim(text)); }

// A step by its number in the course (from 1) or its exact title.
Result<Step> step_arg(Store& store, const Course& course, std::string_view text) {
    const std::string wanted = trim(text);
    bool number = !wanted.empty() && wanted.size() <= 6;
    for (char c : wanted) number = number && c >= '0' && c <= '9';
    if (number) return step_by_number(store, course.id, std::stoi(wanted));
    std::optional<Step> found;
    for (const Step& step : course_steps(store, course.id)) {
        if (step.title != wanted) continue;
        if (found)
            return bad_value(course.name + " has several steps called " + cli::quoted(wanted) + "; use its number.");
        found = step;
    }
    if (!found) return not_found(course.name + " has no step called " + cli::quoted(wanted) + ".");
    return *found;
}

std::string step_words(const Course& course, const Step& step) {
    return "step " + std::to_string(step.number) + " of " + course.name + " (" + step.title + ")";
}

// Answers, posts and feedback may hold line breaks and tabs; a listing keeps one item a line.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

Result<void> on_off_arg(std::string_view text, bool& on) {
    std::string value = lower_ascii(trim(text));
    if (value != "on" && value != "off") return bad_value(cli::quoted(text) + " is neither on nor off.");
    on = value == "on";
    return {};
}

// Writes `text` to `path` whole, or leaves no file behind.
Result<void> write_file(const std::string& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (file && file.write(text.data(), static_cast<std::streamsize>(text.size())) && (file.close(), !file.fail()))
        return {};
    std::error_code ec;
    fs::remove(path, ec);
    return Error{ErrorCode::kStorage, "Could not write " + path + "."};
}

}  // namespace

Result<void> cmd_course_create(Context& ctx) {
    GROVE_LET(course,
              create_course(ctx.store, ctx.actor, ctx.args.positionals[0], ctx.args.get("description").value_or("")));
    ctx.out << course->slug << "\n";
    return {};
}

Result<void> cmd_course_list(Context& ctx) {
    for (const Course& c : list_courses(ctx.store)) {
        ctx.out << c.name << " (" << c.slug << ") · " << counted(c.steps, "step", "steps") << " · " << c.enrolled
                << " enrolled\n";
    }
    return {};
}

Result<void> cmd_course_show(Context& ctx) {
    GROVE_LET(course, course_arg(ctx.store, ctx.args.positionals[0]));
    ctx.out << course->name << " (" << course->slug << ")\n";
    if (!course->description.empty()) ctx.out << course->description << "\n";
    ctx.out << counted(course->steps, "step", "steps") << " · " << course->enrolled << " enrolled\n";
    for (const Step& step : course_steps(ctx.store, course->id)) {
        ctx.out << "  " << step.number << ". " << step.title << " · " << step_kind_key(step.kind);
        if (step.review) ctx.out << " · for review";
        if (step.points) ctx.out << " · " << counted(*step.points, "point", "points");
        ctx.out << "\n";
    }
    return {};
}

Result<void> cmd_course_step_add(Context& ctx) {
    GROVE_LET(course, course_arg(ctx.store, ctx.args.positionals[0]));
    NewStep step;
    step.title = ctx.args.positionals[1];
    if (auto kind = ctx.args.get("kind")) {
        auto parsed = parse_step_kind(lower_ascii(trim(*kind)));
        if (!parsed)
            return bad_value(cli::quoted(*kind) +
                             " is not a kind of step; use lesson, assignment, discussion or quiz.");
        step.kind = *parsed;
    }
    step.review = ctx.args.has("review");
    if (auto points = ctx.args.get("points")) {
        GROVE_LET(n, count_arg("points", *points));
        step.points = *n;
    }
    GROVE_LET(added, add_step(ctx.store, ctx.actor, course->id, step));
    ctx.out << added->number << "\n";
    return {};
}

Result<void> cmd_course_enrol(Context& ctx) {
    GROVE_LET(course, course_arg(ctx.store, ctx.args.positionals[0]));
    std::vector<Id> people;
    for (size_t i = 1; i < ctx.args.positionals.size(); ++i) {
        GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[i]));
        if (std::find(people.begin(), people.end(), user->id) == people.end()) people.push_back(user->id);
    }
    GROVE_LET(added, enrol(ctx.store, ctx.actor, course->id, people));
    const int already = static_cast<int>(people.size()) - *added;
    ctx.out << "Enrolled " << counted(*added, "person", "people") << " in " << course->name;
    if (already > 0) ctx.out << "; " << already << (already == 1 ? " was" : " were") << " enrolled already";
    ctx.out << ".\n";
    return {};
}

Result<void> cmd_step_complete(Context& ctx) {
    GROVE_LET(course, course_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(step, step_arg(ctx.store, *course, ctx.args.positionals[1]));
    const std::optional<std::string> answer = ctx.args.get("answer");
    auto before = work_of(ctx.store, ctx.actor, step->id);
    GROVE_LET(work, complete_step(ctx.store, ctx.actor, ctx.actor, step->id, answer));
    const std::string what = step_words(*course, *step);
    if (work->status == WorkStatus::kPending) {
        const int notified = static_cast<int>(mentors_to_notify(ctx.store, ctx.actor).size());
        ctx.out << "Submitted " << what << " for review; "
                << (notified ? counted(notified, "mentor", "mentors") + " notified" : "no mentor to notify") << ".\n";
    } else if (before && before->status == WorkStatus::kCompleted) {
        ctx.out << "Already completed " << what << ".\n";
    } else {
        ctx.out << "Completed " << what << ".\n";
    }
    return {};
}

Result<void> cmd_discuss(Context& ctx) {
    GROVE_LET(course, course_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(step, step_arg(ctx.store, *course, ctx.args.positionals[1]));
    GROVE_TRY(post_discussion(ctx.store, ctx.actor, step->id, ctx.args.positionals[2]));
    ctx.out << "Posted in the discussion of " << step_words(*course, *step) << ".\n";
    return {};
}

Result<void> cmd_review_list(Context& ctx) {
    QueueFilter filter;
    if (auto slug = ctx.args.get("group")) {
        GROVE_LET(group, group_arg(ctx.store, *slug));
        filter.group = group->id;
    }
    if (auto email = ctx.args.get("member")) {
        GROVE_LET(user, user_arg(ctx.store, *email));
        filter.member = user->id;
    }
    filter.by_step = ctx.args.has("by-step");
    GROVE_LET(items, review_queue(ctx.store, ctx.actor, filter));
    const std::int64_t now = ctx.store.now();
    for (const ReviewItem& item : *items) {
        ctx.out << item.work_id << '\t' << waiting_text(now - item.submitted_at) << '\t' << item.email << '\t'
                << item.course_slug << '\t' << item.step_number << '\t' << item.step_title << '\n';
    }
    return {};
}

Result<void> cmd_review_give(Context& ctx) {
    const std::string& id_text = ctx.args.positionals[0];
    auto id = count_arg("id", id_text);
    if (!id || *id == 0) return bad_value(cli::quoted(id_text) + " is not a review ID; grove review list shows them.");
    ReviewInput review;
    if (auto points = ctx.args.get("points")) {
        GROVE_LET(n, count_arg("points", *points));
        review.points = *n;
    }
    review.feedback = ctx.args.get("feedback").value_or("");
    GROVE_TRY(give_review(ctx.store, ctx.actor, *id, review));
    GROVE_LET(item, review_item(ctx.store, ctx.actor, *id));
    ctx.out << "Reviewed " << item->name << "'s answer to step " << item->step_number << " of " << item->course_name
            << " (" << item->step_title << ")";
    if (review.points && item->max_points)
        ctx.out << ": " << *review.points << " of " << *item->max_points << " points";
    auto standing = progress_of(ctx.store, item->user_id, item->course_id, false);
    if (!standing.empty()) ctx.out << "; their grade in " << item->course_name << " is " << grade_text(standing[0]);
    ctx.out << ".\n";
    return {};
}

Result<void> cmd_notifications(Context& ctx) {
    GROVE_TRY(authorize_read(ctx.store, ctx.actor));
    const auto list = notifications(ctx.store, ctx.actor, ctx.args.has("unread"));
    std::vector<Id> shown_unread;
    for (const Notification& n : list) {
        ctx.out << format_iso_time(n.at) << '\t' << (n.unread ? "unread" : "read") << '\t' << n.work_id << '\t'
                << one_line(n.text) << '\n';
        if (n.unread) shown_unread.push_back(n.id);
    }
    // Reading them here is reading them: the bell counts only what nobody has seen yet.
    if (!shown_unread.empty() && !ctx.args.has("keep-unread")) {
        GROVE_TRY(mark_notifications_read(ctx.store, ctx.actor, shown_unread));
    }
    return {};
}

Result<void> cmd_progress(Context& ctx) {
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_TRY(authorize(ctx.store, ctx.actor, Cmd::kWorkView, {.person = user->id}));
    std::optional<Course> course;
    if (auto text = ctx.args.get("course")) {
        GROVE_LET(found, course_arg(ctx.store, *text));
        course = *found;
    }
    auto standing = progress_of(ctx.store, user->id, course ? std::optional<Id>(course->id) : std::nullopt, false);
    if (course && standing.empty())
        return not_found(user->display_name() + " is not enrolled in " + course->name + ".");
    for (const CourseProgress& p : standing)
        ctx.out << p.course.slug << '\t' << p.progress_percent << "%\t" << grade_text(p) << '\n';
    return {};
}

Result<void> cmd_activity(Context& ctx) {
    GROVE_LET(user, user_arg(ctx.store, ctx.args.positionals[0]));
    GROVE_LET(items, activity(ctx.store, ctx.actor, user->id));
    for (const ActivityItem& item : *items) {
        ctx.out << format_iso_time(item.at) << '\t' << one_line(item.summary());
        if (!item.text.empty()) ctx.out << '\t' << one_line(item.text);
        ctx.out << '\n';
    }
    return {};
}

Result<void> cmd_digest(Context& ctx) {
    GROVE_LET(digest, weekly_digest(ctx.store, ctx.actor));
    auto path = ctx.args.get("o");
    if (!path) {
        const std::string text = digest_text(*digest);
        ctx.out << text << (text.empty() || text.back() != '\n' ? "\n" : "");
        return {};
    }
    GROVE_TRY(write_file(*path, digest_html(*digest)));
    ctx.out << "Wrote the weekly digest of " << digest->person_name << " to " << *path << ".\n";
    return {};
}

Result<void> cmd_group_digest(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals[0]));
    bool on = true;
    GROVE_TRY(on_off_arg(ctx.args.positionals[1], on));
    GROVE_TRY(set_digest(ctx.store, ctx.actor, group->id, on));
    ctx.out << "The weekly digest of " << group->name << " is now " << (on ? "on" : "off") << " for "
            << user_name(ctx.store, ctx.actor) << ".\n";
    return {};
}

// Output as for import users: with --dry-run the changes, then every problem as FILE:LINE: reason on standard
// output and one `grove: error:` line counting them; else the summary.
Result<void> cmd_import_progress(Context& ctx) {
    const std::string& path = ctx.args.positionals[0];
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return bad_value("Cannot read " + path + ": " + ec.message() + ".");
    std::string bytes(static_cast<size_t>(size), '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return bad_value("Cannot read " + path + ".");
    const bool dry_run = ctx.args.has("dry-run");
    GROVE_LET(report, dry_run ? check_progress_import(ctx.store, ctx.actor, path, bytes)
                              : import_progress(ctx.store, ctx.actor, path, bytes));
    if (dry_run)
        for (const auto& line : report->changes) ctx.out << line << "\n";
    for (const auto& line : report->errors) ctx.out << line << "\n";
    if (!report->ok()) {
        return bad_value(path + " has " + counted(static_cast<int>(report->errors.size()), "error", "errors") +
                         "; nothing was applied.");
    }
    ctx.out << report->counts.summary(dry_run) << "\n";
    return {};
}

}  // namespace grove::cli
