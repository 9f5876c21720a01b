// Learning from the command line (F19–F24): courses, completing and submitting steps, the review queue, reviews,
// notifications, progress, activity, the weekly digest, GROVE_NOW and GROVE_SEED, and `grove import progress`.
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_fixture.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;
using grove::testing::Run;

namespace {

// Sets GROVE_NOW for the commands run while it lives, and unsets it after.
struct Now {
    explicit Now(const char* at) { set(at); }
    ~Now() { unsetenv("GROVE_NOW"); }
    void set(const char* at) { setenv("GROVE_NOW", at, 1); }
};

// Hill School: Grade 9 > Grade 9A, and Grade 10. Mia Roy mentors Grade 9 (reaching Grade 9A), Ben Ode mentors
// Grade 10, Lea Kim is Grade 9's group admin. Ann Lee is in Grade 9A, Cat Roe in Grade 9. Algebra has four
// steps; Ann, Cat and Ben are enrolled.
void school(CliFixture& f) {
    f.init();
    f.ok({"group", "create", "Grade 9"});
    f.ok({"group", "create", "Grade 9A", "--parent", "grade-9"});
    f.ok({"group", "create", "Grade 10"});
    f.person("mia@hill.org", "Mia", "Roy");
    f.person("ben@hill.org", "Ben", "Ode");
    f.person("lea@hill.org", "Lea", "Kim");
    f.person("ann@hill.org", "Ann", "Lee");
    f.person("cat@hill.org", "Cat", "Roe");
    f.ok({"member", "add", "grade-9", "mia@hill.org", "--role", "mentor"});
    f.ok({"member", "add", "grade-9", "lea@hill.org", "--role", "admin"});
    f.ok({"member", "add", "grade-10", "ben@hill.org", "--role", "mentor"});
    f.ok({"member", "add", "grade-9a", "ann@hill.org"});
    f.ok({"member", "add", "grade-9", "cat@hill.org"});
    f.ok({"course", "create", "Algebra", "--description", "Equations and proofs"});
    f.ok({"course", "step", "add", "algebra", "Intro"});
    f.ok({"course", "step", "add", "algebra", "Proofs", "--kind", "assignment", "--review", "--points", "10"});
    f.ok({"course", "step", "add", "algebra", "Talk", "--kind", "discussion"});
    f.ok({"course", "step", "add", "algebra", "Essay", "--kind", "assignment", "--review"});
    f.ok({"course", "enrol", "algebra", "ann@hill.org", "cat@hill.org", "ben@hill.org"});
}

// Three answers waiting at 2026-12-01T09:00:00Z: Ann's essay (oldest), Ann's proof, then Cat's proof.
void submissions(CliFixture& f, Now& now) {
    now.set("2026-11-27T04:30:00Z");
    f.ok({"--as", "ann@hill.org", "step", "complete", "algebra", "Essay", "--answer", "My essay"});
    now.set("2026-11-28T05:00:00Z");
    f.ok({"--as", "ann@hill.org", "step", "complete", "algebra", "2", "--answer", "x = 2"});
    now.set("2026-11-30T08:15:00Z");
    f.ok({"--as", "cat@hill.org", "step", "complete", "algebra", "Proofs", "--answer", "y = 3"});
    now.set("2026-12-01T09:00:00Z");
}

std::string file(CliFixture& f, const std::string& name, const std::string& text) {
    std::string path = (f.dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The review ID (first column) of each line of review list.
std::vector<std::string> ids(const std::string& listing) {
    std::vector<std::string> out;
    for (const auto& line : lines(listing)) out.push_back(line.substr(0, line.find('\t')));
    return out;
}

}  // namespace

TEST_CASE("course create, step add, enrol, list and show: steps numbered from 1 with kind, review and points") {
    CliFixture f;
    f.init();
    f.person("ann@hill.org", "Ann", "Lee");
    f.person("cat@hill.org", "Cat", "Roe");
    CHECK(f.ok({"course", "create", "Algebra", "--description", "Equations and proofs"}) == "algebra\n");
    CHECK(f.ok({"course", "create", "Art"}) == "art\n");
    CHECK(f.ok({"course", "step", "add", "algebra", "Intro"}) == "1\n");
    CHECK(f.ok({"course", "step", "add", "Algebra", "Proofs", "--kind", "assignment", "--review", "--points", "10"}) ==
          "2\n");
    CHECK(f.ok({"course", "step", "add", "algebra", "Quiz 1", "--kind", "quiz", "--points", "1"}) == "3\n");
    CHECK(f.ok({"course", "enrol", "algebra", "ann@hill.org", "cat@hill.org"}) == "Enrolled 2 people in Algebra.\n");
    CHECK(f.ok({"course", "enrol", "algebra", "ANN@hill.org"}) ==
          "Enrolled 0 people in Algebra; 1 was enrolled already.\n");
    CHECK(f.ok({"course", "list"}) ==
          "Algebra (algebra) · 3 steps · 2 enrolled\n"
          "Art (art) · 0 steps · 0 enrolled\n");
    CHECK(f.ok({"course", "show", "algebra"}) ==
          "Algebra (algebra)\n"
          "Equations and proofs\n"
          "3 steps · 2 enrolled\n"
          "  1. Intro · lesson\n"
          "  2. Proofs · assignment · for review · 10 points\n"
          "  3. Quiz 1 · quiz · 1 point\n");

    auto bad_kind = f.grove({"course", "step", "add", "algebra", "X", "--kind", "essay"});
    CHECK(one_line_failure(
        bad_kind, 1, "grove: error: 'essay' is not a kind of step; use lesson, assignment, discussion or quiz.\n"));
    auto unknown = f.grove({"course", "show", "geometry"});
    CHECK(one_line_failure(unknown, 1, "grove: error: There is no course called 'geometry'.\n"));
    // Only course managers create courses.
    auto refused = f.grove({"--as", "ann@hill.org", "course", "create", "Geometry"});
    CHECK(one_line_failure(refused, 1,
                           "grove: error: Ann Lee may not manage courses. Only people who can manage courses can do "
                           "this: Owner or Admin.\n"));
}

TEST_CASE("GROVE_NOW fixes now for every command; a bad value is one clear error line") {
    CliFixture f;
    school(f);
    Now now("2026-11-28T05:00:00Z");
    f.ok({"--as", "ann@hill.org", "step", "complete", "algebra", "Proofs", "--answer", "x = 2"});
    now.set("2026-12-01T09:00:00Z");
    CHECK(f.ok({"--as", "mia@hill.org", "review", "list"}).find("\t3d 4h\tann@hill.org\t") != std::string::npos);
    now.set("2026-11-28T05:07:00Z");
    CHECK(f.ok({"--as", "mia@hill.org", "review", "list"}).find("\t7m\tann@hill.org\t") != std::string::npos);
    CHECK(f.ok({"--as", "ann@hill.org", "activity", "ann@hill.org"}).rfind("2026-11-28T05:00:00Z\t", 0) == 0);

    CHECK(f.raw({"help"}).out.find("\n  GROVE_NOW=2026-12-01T09:00:00Z   fixes \"now\" for the command") !=
          std::string::npos);

    auto before = f.bytes();
    now.set("yesterday");
    auto bad = f.grove({"course", "create", "Geometry"});
    CHECK(bad.err ==
          "grove: error: GROVE_NOW is 'yesterday', which is not a time; write it like 2026-12-01T09:00:00Z.\n");
    CHECK(one_line_failure(bad, 1, "grove: error: GROVE_NOW"));
    CHECK(f.bytes() == before);
    // An init with a bad GROVE_NOW leaves no file behind.
    auto init = f.raw({"--db", (f.dir / "new.grove").string(), "init", "--org", "X", "--plan", "trial", "--owner",
                       "x@x.org", "--first", "X", "--last", "Y"});
    CHECK(init.code == 1);
    CHECK_FALSE(std::filesystem::exists(f.dir / "new.grove"));
}

TEST_CASE("GROVE_SEED makes a command on copies of one file write the same database; a series gets new IDs") {
    CliFixture f;
    school(f);
    Now now("2026-12-01T09:00:00Z");
    setenv("GROVE_SEED", "42", 1);
    const std::string copy = (f.dir / "copy.grove").string();
    auto export_after_create = [&](const std::string& name) {
        std::filesystem::copy_file(f.db, copy, std::filesystem::copy_options::overwrite_existing);
        auto made = f.raw({"--db", copy, "group", "create", name});
        REQUIRE(made.code == 0);
        return f.raw({"--db", copy, "export", "json"}).out;
    };
    const std::string first = export_after_create("Chess");
    CHECK(export_after_create("Chess") == first);
    // Two commands in a row on one file get different IDs, so the second group is not refused as a duplicate.
    f.ok({"group", "create", "Chess"});
    f.ok({"group", "create", "Drama"});
    CHECK(f.raw({"help"}).out.find("\n  GROVE_SEED=42 ") != std::string::npos);

    auto before = f.bytes();
    setenv("GROVE_SEED", "many", 1);
    auto bad = f.grove({"group", "create", "Art"});
    unsetenv("GROVE_SEED");
    CHECK(bad.err == "grove: error: GROVE_SEED is 'many', which is not a number; write it like 42.\n");
    CHECK(one_line_failure(bad, 1, "grove: error: GROVE_SEED"));
    CHECK(f.bytes() == before);
}

TEST_CASE("step complete completes a step, and submits an answer to a step marked for review") {
    CliFixture f;
    school(f);
    CHECK(f.ok({"--as", "ann@hill.org", "step", "complete", "algebra", "1"}) ==
          "Completed step 1 of Algebra (Intro).\n");
    CHECK(f.ok({"--as", "ann@hill.org", "step", "complete", "algebra", "Intro"}) ==
          "Already completed step 1 of Algebra (Intro).\n");
    CHECK(f.ok({"--as", "ann@hill.org", "step", "complete", "algebra", "Proofs", "--answer", "x = 2"}) ==
          "Submitted step 2 of Algebra (Proofs) for review; 1 mentor notified.\n");
    // Ben mentors Grade 10, where nobody is a member: nobody to notify.
    CHECK(f.ok({"--as", "ben@hill.org", "step", "complete", "algebra", "2", "--answer", "z"}) ==
          "Submitted step 2 of Algebra (Proofs) for review; no mentor to notify.\n");

    auto no_answer = f.grove({"--as", "cat@hill.org", "step", "complete", "algebra", "Essay"});
    CHECK(
        one_line_failure(no_answer, 1, "grove: error: Step 4 of Algebra is marked for review: it needs an answer.\n"));
    auto no_step = f.grove({"--as", "cat@hill.org", "step", "complete", "algebra", "9"});
    CHECK(one_line_failure(no_step, 1, "grove: error: Algebra has 4 steps; there is no step 9.\n"));
    auto no_title = f.grove({"--as", "cat@hill.org", "step", "complete", "algebra", "Outro"});
    CHECK(one_line_failure(no_title, 1, "grove: error: Algebra has no step called 'Outro'.\n"));
    CHECK(f.ok({"--as", "ann@hill.org", "discuss", "algebra", "Talk", "Why does this work?"}) ==
          "Posted in the discussion of step 3 of Algebra (Talk).\n");
}

TEST_CASE("review list: oldest first, WAITING as 3d 4h, --by-step grouped by step, --member and --group") {
    CliFixture f;
    school(f);
    Now now("2026-12-01T09:00:00Z");
    submissions(f, now);
    auto all = f.ok({"--as", "mia@hill.org", "review", "list"});
    auto rows = lines(all);
    REQUIRE(rows.size() == 3);
    auto id = ids(all);
    const std::string essay = id[0], ann_proof = id[1], cat_proof = id[2];
    CHECK(rows[0] == essay + "\t4d 4h\tann@hill.org\talgebra\t4\tEssay");
    CHECK(rows[1] == ann_proof + "\t3d 4h\tann@hill.org\talgebra\t2\tProofs");
    CHECK(rows[2] == cat_proof + "\t1d 0h\tcat@hill.org\talgebra\t2\tProofs");

    auto by_step = f.ok({"--as", "mia@hill.org", "review", "list", "--by-step"});
    CHECK(ids(by_step) == std::vector<std::string>{ann_proof, cat_proof, essay});
    CHECK(ids(f.ok({"--as", "mia@hill.org", "review", "list", "--member", "ann@hill.org"})) ==
          std::vector<std::string>{essay, ann_proof});
    // Grade 9A's queue is Ann's alone; Grade 9's reaches down to it.
    CHECK(ids(f.ok({"--as", "mia@hill.org", "review", "list", "--group", "grade-9a"})) ==
          std::vector<std::string>{essay, ann_proof});
    CHECK(lines(f.ok({"--as", "mia@hill.org", "review", "list", "--group", "grade-9"})).size() == 3);
    // Ben oversees none of them.
    CHECK(f.ok({"--as", "ben@hill.org", "review", "list"}).empty());
}

TEST_CASE("review give clears the item and updates the grade; points above the maximum are refused") {
    CliFixture f;
    school(f);
    Now now("2026-12-01T09:00:00Z");
    submissions(f, now);
    auto id = ids(f.ok({"--as", "mia@hill.org", "review", "list"}));
    const std::string essay = id[0], ann_proof = id[1];

    auto before = f.bytes();
    auto too_many = f.grove({"--as", "mia@hill.org", "review", "give", ann_proof, "--points", "11"});
    CHECK(
        one_line_failure(too_many, 1, "grove: error: Points for step 2 of Algebra must be from 0 to 10; 11 is not.\n"));
    CHECK(f.bytes() == before);

    // A refusal names who and why.
    auto refused = f.grove({"--as", "ben@hill.org", "review", "give", ann_proof, "--points", "8"});
    CHECK(one_line_failure(refused, 1,
                           "grove: error: Ben Ode does not oversee Ann Lee: only the mentors and group admins of their "
                           "groups, and course managers, may review this work.\n"));
    CHECK(f.bytes() == before);
    auto own = f.grove({"--as", "ann@hill.org", "review", "give", ann_proof, "--points", "8"});
    CHECK(one_line_failure(own, 1,
                           "grove: error: Ann Lee may not review this work: nobody reviews their own work; it waits "
                           "for a mentor who oversees them.\n"));
    auto nothing = f.grove({"--as", "mia@hill.org", "review", "give", ann_proof});
    CHECK(nothing.code == 2);

    CHECK(f.ok({"progress", "ann@hill.org"}) == "algebra\t50%\t—\n");
    CHECK(f.ok({"--as", "mia@hill.org", "review", "give", ann_proof, "--points", "8", "--feedback", "Neat"}) ==
          "Reviewed Ann Lee's answer to step 2 of Algebra (Proofs): 8 of 10 points; their grade in Algebra is 80%.\n");
    CHECK(ids(f.ok({"--as", "mia@hill.org", "review", "list"})) == std::vector<std::string>{essay, id[2]});
    CHECK(f.ok({"--as", "lea@hill.org", "review", "list", "--member", "ann@hill.org"}) ==
          f.ok({"--as", "mia@hill.org", "review", "list", "--member", "ann@hill.org"}));
    now.set("2026-12-01T10:00:00Z");
    CHECK(f.ok({"--as", "lea@hill.org", "review", "give", essay, "--feedback", "Well argued"}) ==
          "Reviewed Ann Lee's answer to step 4 of Algebra (Essay); their grade in Algebra is 80%.\n");
    CHECK(f.ok({"progress", "ann@hill.org", "--course", "Algebra"}) == "algebra\t50%\t80%\n");
    CHECK(f.ok({"--as", "ann@hill.org", "progress", "ann@hill.org"}) == "algebra\t50%\t80%\n");
    auto not_theirs = f.grove({"--as", "ben@hill.org", "progress", "ann@hill.org"});
    CHECK(one_line_failure(not_theirs, 1, "grove: error: Ben Ode does not oversee Ann Lee"));

    CHECK(f.ok({"--as", "mia@hill.org", "activity", "ann@hill.org"}) ==
          "2026-12-01T10:00:00Z\tReceived a review of step 4 of Algebra: Essay (by Lea Kim)\tWell argued\n"
          "2026-12-01T09:00:00Z\tReceived a review of step 2 of Algebra: Proofs: 8 of 10 points (by Mia Roy)\tNeat\n"
          "2026-11-28T05:00:00Z\tSubmitted an answer to step 2 of Algebra: Proofs\tx = 2\n"
          "2026-11-27T04:30:00Z\tSubmitted an answer to step 4 of Algebra: Essay\tMy essay\n");
    auto not_overseen = f.grove({"--as", "ben@hill.org", "activity", "ann@hill.org"});
    CHECK(one_line_failure(not_overseen, 1, "grove: error: Ben Ode does not oversee Ann Lee"));
}

TEST_CASE("notifications list the acting person's, newest first; reading them marks them read") {
    CliFixture f;
    school(f);
    Now now("2026-12-01T09:00:00Z");
    submissions(f, now);
    auto id = ids(f.ok({"--as", "mia@hill.org", "review", "list"}));
    auto kept = f.ok({"--as", "mia@hill.org", "notifications", "--unread", "--keep-unread"});
    CHECK(kept == "2026-11-30T08:15:00Z\tunread\t" + id[2] + "\tCat Roe submitted step 2 of Algebra: Proofs\n" +
                      "2026-11-28T05:00:00Z\tunread\t" + id[1] + "\tAnn Lee submitted step 2 of Algebra: Proofs\n" +
                      "2026-11-27T04:30:00Z\tunread\t" + id[0] + "\tAnn Lee submitted step 4 of Algebra: Essay\n");
    CHECK(f.ok({"--as", "mia@hill.org", "notifications", "--unread"}) == kept);
    CHECK(f.ok({"--as", "mia@hill.org", "notifications", "--unread"}).empty());
    auto read = lines(f.ok({"--as", "mia@hill.org", "notifications"}));
    REQUIRE(read.size() == 3);
    CHECK(read[0].find("\tread\t") != std::string::npos);
    // Group admins are not notified.
    CHECK(f.ok({"--as", "lea@hill.org", "notifications"}).empty());
}

TEST_CASE("digest prints the acting person's digest; -o writes one HTML file with every name escaped") {
    CliFixture f;
    school(f);
    f.person("eve@hill.org", "<img src=x onerror=alert(1)>", "Ray");
    f.ok({"member", "add", "grade-9", "eve@hill.org"});
    f.ok({"course", "enrol", "algebra", "eve@hill.org"});
    Now now("2026-12-01T09:00:00Z");
    submissions(f, now);
    f.ok({"--as", "eve@hill.org", "step", "complete", "algebra", "Proofs", "--answer", "<script>x</script>"});

    const std::string waiting =
        "Weekly digest for Mia Roy, 2026-11-24 to 2026-12-01\n"
        "\n"
        "Waiting for review (4)\n"
        "  4d 4h  Ann Lee  Algebra, step 4: Essay\n"
        "  3d 4h  Ann Lee  Algebra, step 2: Proofs\n"
        "  1d 0h  Cat Roe  Algebra, step 2: Proofs\n"
        "  just now  <img src=x onerror=alert(1)> Ray  Algebra, step 2: Proofs\n";
    CHECK(f.ok({"--as", "mia@hill.org", "digest"}) == waiting +
                                                          "\n"
                                                          "Grade 9\n"
                                                          "  <img src=x onerror=alert(1)> Ray: Algebra: 1 step this "
                                                          "week (25% done)\n"
                                                          "  Ann Lee: Algebra: 2 steps this week (50% done)\n"
                                                          "  Cat Roe: Algebra: 1 step this week (25% done)\n");

    std::string path = (f.dir / "digest.html").string();
    CHECK(f.ok({"--as", "mia@hill.org", "digest", "-o", path}) ==
          "Wrote the weekly digest of Mia Roy to " + path + ".\n");
    auto html = read(path);
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);

    CHECK(f.ok({"--as", "mia@hill.org", "group", "digest", "grade-9", "off"}) ==
          "The weekly digest of Grade 9 is now off for Mia Roy.\n");
    CHECK(f.ok({"--as", "mia@hill.org", "digest"}) ==
          "Weekly digest for Mia Roy, 2026-11-24 to 2026-12-01\n"
          "\n"
          "Waiting for review (0)\n"
          "  Nothing waits for review.\n"
          "\n"
          "The digest is off for every group, or you lead no group.\n");
    CHECK(f.ok({"--as", "mia@hill.org", "group", "digest", "grade-9", "on"}) ==
          "The weekly digest of Grade 9 is now on for Mia Roy.\n");
    auto neither = f.grove({"--as", "mia@hill.org", "group", "digest", "grade-9", "maybe"});
    CHECK(one_line_failure(neither, 1, "grove: error: 'maybe' is neither on nor off.\n"));
}

TEST_CASE("import progress records enrolments, completions, submissions and the LMS's reviews, once") {
    CliFixture f;
    school(f);
    f.person("dot@hill.org", "Dot", "Fry");
    f.ok({"member", "add", "grade-9", "dot@hill.org"});
    Now now("2026-12-01T09:00:00Z");
    auto csv = file(f, "lms.csv",
                    "Email,Course,Step,Completed At,Answer,Points\r\n"
                    "dot@hill.org,algebra,1,2026-11-25T09:30:00Z,,\r\n"
                    "dot@hill.org,Algebra,Proofs,2026-11-26 10:00,\"A proof, with a comma\",\r\n"
                    "ann@hill.org,algebra,2,2026-11-27T08:00:00+02:00,x = 2,7\r\n"
                    "ann@hill.org,algebra,Intro,2026-11-27,,\r\n");
    auto dry = f.ok({"import", "progress", csv, "--dry-run"});
    CHECK(dry ==
          "line 2: enrol Dot Fry <dot@hill.org> in Algebra\n"
          "line 2: complete step 1 of Algebra (Intro) for Dot Fry <dot@hill.org>\n"
          "line 3: submit Dot Fry <dot@hill.org>'s answer to step 2 of Algebra (Proofs), pending review\n"
          "line 4: submit Ann Lee <ann@hill.org>'s answer to step 2 of Algebra (Proofs), reviewed with 7 of 10 "
          "points\n"
          "line 5: complete step 1 of Algebra (Intro) for Ann Lee <ann@hill.org>\n"
          "Would enrol 1 person, complete 2 steps, submit 1 answer, record 1 review.\n");
    CHECK(f.ok({"progress", "dot@hill.org"}).empty());
    CHECK(f.ok({"import", "progress", csv}) ==
          "Enrolled 1 person, completed 2 steps, submitted 1 answer, recorded 1 review.\n");
    CHECK(f.ok({"progress", "dot@hill.org"}) == "algebra\t50%\t—\n");
    CHECK(f.ok({"progress", "ann@hill.org"}) == "algebra\t50%\t70%\n");
    auto queue = lines(f.ok({"--as", "mia@hill.org", "review", "list"}));
    REQUIRE(queue.size() == 1);
    CHECK(queue[0].find("\t4d 23h\tdot@hill.org\talgebra\t2\tProofs") != std::string::npos);
    CHECK(f.ok({"audit", "--search", "imported progress"}) ==
          "2026-12-01T09:00:00Z  Ada Lovelace imported progress from lms.csv: 4 rows (enrolled 1 person, completed 2 "
          "steps, submitted 1 answer, recorded 1 review)\n");
    // The same file again changes nothing.
    CHECK(f.ok({"import", "progress", csv}) == "Left 4 rows unchanged.\n");
}

TEST_CASE("import progress reports every bad row by line and field and applies nothing") {
    CliFixture f;
    school(f);
    f.person("gus@hill.org", "Gus", "Old");
    f.ok({"user", "edit", "gus@hill.org", "--deactivate"});
    Now now("2026-12-01T09:00:00Z");
    auto csv = file(f, "lms.csv",
                    "email,course,step,completed_at,answer,points\n"
                    "ann@hill.org,algebra,1,2026-11-25T09:30:00Z,,\n"
                    "nobody@hill.org,algebra,1,2026-11-25T09:30:00Z,,\n"
                    "ann@hill.org,geometry,1,2026-11-25T09:30:00Z,,\n"
                    "ann@hill.org,algebra,7,2026-11-25T09:30:00Z,,\n"
                    "ann@hill.org,algebra,Outro,2026-11-25T09:30:00Z,,\n"
                    "ann@hill.org,algebra,3,last week,,\n"
                    "ann@hill.org,algebra,3,2026-12-02T09:30:00Z,,\n"
                    "ann@hill.org,algebra,Proofs,2026-11-25T09:30:00Z,,\n"
                    "cat@hill.org,algebra,Proofs,2026-11-25T09:30:00Z,mine,11\n"
                    "cat@hill.org,algebra,Essay,2026-11-25T09:30:00Z,mine,2\n"
                    "cat@hill.org,algebra,1,2026-11-25T09:30:00Z,hello,\n"
                    "ann@hill.org,algebra,Intro,2026-11-26T09:30:00Z,,\n"
                    "gus@hill.org,algebra,1,2026-11-25T09:30:00Z,,\n");
    auto before = f.bytes();
    auto run = f.grove({"import", "progress", csv});
    CHECK(run.code == 1);
    CHECK(run.out == csv + ":3: no person has the email 'nobody@hill.org'\n" +  //
                         csv + ":4: course 'geometry' does not exist\n" +       //
                         csv + ":5: step 7 does not exist: Algebra has 4 steps\n" + csv +
                         ":6: step 'Outro' is not a step of Algebra\n" + csv +
                         ":7: completed_at 'last week' is not a date and time (like 2026-11-25T09:30:00Z)\n" + csv +
                         ":8: completed_at '2026-12-02T09:30:00Z' is in the future\n" + csv +
                         ":9: answer is empty, but step 2 of Algebra (Proofs) is marked for review\n" + csv +
                         ":10: points 11 are more than step 2 of Algebra (Proofs) allows (10)\n" + csv +
                         ":11: points are given, but step 4 of Algebra (Essay) carries no points\n" + csv +
                         ":12: answer is given, but step 1 of Algebra (Intro) is not marked for review\n" + csv +
                         ":13: Ann Lee already has step 1 of Algebra (Intro) on line 2\n" + csv +
                         ":14: Gus Old's account is deactivated\n");
    CHECK(run.err == "grove: error: " + csv + " has 12 errors; nothing was applied.\n");
    CHECK(f.bytes() == before);
    CHECK(f.ok({"progress", "ann@hill.org"}) == "algebra\t0%\t—\n");

    auto header = file(f, "header.csv", "email,course,when\nann@hill.org,algebra,2026-11-25\n");
    auto missing = f.grove({"import", "progress", header});
    CHECK(missing.out ==
          header +
              ":1: unknown column 'when'; a progress file has email, course, step, completed_at, answer "
              "and points\n" +
              header + ":1: no step column; a progress file needs email, course, step and completed_at\n" + header +
              ":1: no completed_at column; a progress file needs email, course, step and completed_at\n");

    // Only course managers import progress.
    auto refused = f.grove({"--as", "mia@hill.org", "import", "progress", csv});
    CHECK(one_line_failure(refused, 1,
                           "grove: error: Mia Roy may not import progress. Only people who can manage courses can do "
                           "this: Owner or Admin.\n"));
}
