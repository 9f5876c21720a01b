// `grove export json` and `grove import json`: restoring, merging, conflicts, dry runs (F17, F18).
#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <memory>

#include "cli_fixture.h"
#include "core/grove.h"

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;

namespace {

void hill(CliFixture& f) {
    f.init();
    f.person("grace@hill.org", "Grace", "Hopper");
    f.person("alan@hill.org", "Alan", "Turing");
    f.ok({"group", "create", "Grade 9"});
    f.ok({"member", "add", "grade-9", "grace@hill.org", "alan@hill.org"});
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void spill(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// `grove --db OTHER args...`
grove::testing::Run on(CliFixture& f, const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", (f.dir / db).string()});
    return f.raw(args);
}

}  // namespace

TEST_CASE("export json writes the organisation to standard output, or to a file with -o") {
    CliFixture f;
    hill(f);
    std::string out = f.ok({"export", "json"});
    CHECK(out.rfind("{\n  \"format\": \"grove.organisation\",\n  \"version\": 5,\n", 0) == 0);
    std::string file = (f.dir / "hill.json").string();
    CHECK(f.ok({"export", "json", "-o", file}) == "Exported Hill School to " + file + ".\n");
    CHECK(slurp(file) == out);
}

TEST_CASE("export json is refused to a person without reports.view, and -o then leaves no file") {
    CliFixture f;
    hill(f);
    std::string file = (f.dir / "hill.json").string();
    auto run = f.grove({"export", "json", "-o", file, "--as", "alan@hill.org"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: Alan Turing may not export the organisation. Only people who can download reports can do "
          "this: Owner or Admin.\n");
    CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("import json into a new database restores the organisation, and its export is the same file") {
    CliFixture f;
    hill(f);
    std::string file = (f.dir / "hill.json").string();
    f.ok({"export", "json", "-o", file});
    auto run = on(f, "copy.grove", {"import", "json", file});
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    auto out = lines(run.out);
    CHECK(out.front() == "restore the organisation Hill School");
    CHECK(std::find(out.begin(), out.end(), "add 3 people") != out.end());
    CHECK(out.back() == "Restored Hill School from " + file + ".");
    auto again = on(f, "copy.grove", {"export", "json"});
    REQUIRE(again.code == 0);
    CHECK(again.out == slurp(file));
}

TEST_CASE("import json of a file that is not a Grove file says where, and makes no database") {
    CliFixture f;
    std::string csv = (f.dir / "people.csv").string();
    spill(csv, "email,first name\nada@x.org,Ada\n");
    auto run = on(f, "new.grove", {"import", "json", csv});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: " + csv + ":1: not a Grove organisation file: it is not JSON (JSON starts with '{')\n");
    CHECK_FALSE(std::filesystem::exists(f.dir / "new.grove"));

    auto missing = on(f, "new.grove", {"import", "json", (f.dir / "nowhere.json").string()});
    CHECK(one_line_failure(missing, 1, "grove: error: Cannot read "));
    auto usage = on(f, "new.grove", {"import", "json"});
    CHECK(usage.code == 2);
}

TEST_CASE("import json of a file over 1 GB is refused before a byte of it is read") {
    CliFixture f;
    f.init();
    const auto big = f.dir / "huge.json";
    spill(big, "{");
    std::filesystem::resize_file(big, (std::uintmax_t{1} << 30) + 1);  // sparse: no gigabyte is written
    auto run = f.grove({"import", "json", big.string()});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: " + big.string() + ": the file is 1.1 GB; a Grove file may be at most 1 GB.\n");
    std::filesystem::remove(big);
}

TEST_CASE("import json of another organisation's file is refused and changes nothing") {
    CliFixture f;
    hill(f);
    auto made = on(f, "lake.grove",
                   {"init", "--org", "Lake School", "--plan", "enterprise", "--owner", "lou@lake.org", "--first", "Lou",
                    "--last", "Lake"});
    REQUIRE(made.code == 0);
    std::string lake = (f.dir / "lake.json").string();
    REQUIRE(on(f, "lake.grove", {"export", "json", "-o", lake}).code == 0);
    auto before = f.bytes();
    auto run = f.grove({"import", "json", lake});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err ==
          "grove: error: " + lake +
              ": it holds the organisation Lake School, not Hill School; only a file of the same organisation "
              "merges into it (into an empty database, any file is restored).\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("two planners merge each other's files: conflicts listed and refused, then settled with --prefer") {
    CliFixture f;
    hill(f);
    std::string start = (f.dir / "start.json").string();
    f.ok({"export", "json", "-o", start});
    REQUIRE(on(f, "a.grove", {"import", "json", start}).code == 0);
    REQUIRE(on(f, "b.grove", {"import", "json", start}).code == 0);
    // A renames Grace and adds Kim; B renames Grace differently and creates a group.
    REQUIRE(on(f, "a.grove", {"user", "edit", "grace@hill.org", "--first", "Gracie"}).code == 0);
    REQUIRE(on(f, "a.grove", {"user", "add", "kim@hill.org", "--first", "Kim", "--last", "Lee"}).code == 0);
    REQUIRE(on(f, "b.grove", {"user", "edit", "grace@hill.org", "--first", "Amazing Grace"}).code == 0);
    REQUIRE(on(f, "b.grove", {"group", "create", "Chess Club"}).code == 0);
    std::string from_a = (f.dir / "a.json").string(), from_b = (f.dir / "b.json").string();
    REQUIRE(on(f, "a.grove", {"export", "json", "-o", from_a}).code == 0);
    REQUIRE(on(f, "b.grove", {"export", "json", "-o", from_b}).code == 0);

    const std::string conflict =
        "conflict: person Gracie Hopper <grace@hill.org>: first name is 'Gracie' here and 'Amazing Grace' in the file";
    auto before = slurp(f.dir / "a.grove");
    auto refused = on(f, "a.grove", {"import", "json", from_b});
    CHECK(refused.code == 1);
    CHECK(refused.out == conflict + "\n");
    CHECK(refused.err ==
          "grove: error: " + from_b +
              " conflicts with Hill School in 1 place (listed above); nothing was imported. Give --prefer "
              "ours or --prefer theirs to settle them.\n");
    CHECK(slurp(f.dir / "a.grove") == before);

    auto dry = on(f, "a.grove", {"import", "json", from_b, "--dry-run"});
    CHECK(dry.code == 1);
    CHECK(dry.out == "Would merge " + from_b +
                         " into Hill School:\n"
                         "  add group Chess Club\n"
                         "  add 2 audit entries\n"
                         "  " +
                         conflict +
                         "\n"
                         "Dry run: nothing was changed (1 added, 0 changed, 0 removed).\n");
    CHECK(slurp(f.dir / "a.grove") == before);

    auto preview = on(f, "a.grove", {"import", "json", from_b, "--dry-run", "--prefer", "theirs"});
    CHECK(preview.code == 0);
    CHECK(lines(preview.out).at(1) ==
          "  change person Gracie Hopper <grace@hill.org>: first name from 'Gracie' to 'Amazing Grace'");
    CHECK(slurp(f.dir / "a.grove") == before);

    auto merged = on(f, "a.grove", {"import", "json", from_b, "--prefer", "theirs"});
    REQUIRE(merged.code == 0);
    CHECK(merged.out ==
          "change person Gracie Hopper <grace@hill.org>: first name from 'Gracie' to 'Amazing Grace'\n"
          "add group Chess Club\n"
          "add 2 audit entries\n"
          "Merged " +
              from_b + " into Hill School: 1 added, 1 changed, 0 removed; 1 conflict taken from theirs.\n");
    REQUIRE(on(f, "b.grove", {"import", "json", from_a, "--prefer", "ours"}).code == 0);
    // Each wrote an audit entry for the conflict it settled: one more exchange, with nothing to settle, brings
    // each the other's.
    REQUIRE(on(f, "b.grove", {"export", "json", "-o", from_b}).code == 0);
    CHECK(lines(on(f, "a.grove", {"import", "json", from_b}).out).back() ==
          "Merged " + from_b + " into Hill School: 0 added, 0 changed, 0 removed.");
    REQUIRE(on(f, "a.grove", {"export", "json", "-o", from_a}).code == 0);
    REQUIRE(on(f, "b.grove", {"import", "json", from_a}).code == 0);
    auto a = on(f, "a.grove", {"export", "json"});
    auto b = on(f, "b.grove", {"export", "json"});
    REQUIRE(a.code == 0);
    CHECK(a.out == b.out);
    CHECK(on(f, "b.grove", {"user", "show", "kim@hill.org"}).code == 0);
}

TEST_CASE("import json remembers a conflict kept as ours, and the audit log says which side won") {
    CliFixture f;
    hill(f);
    f.person("bo@hill.org", "Bo", "Chen");
    f.ok({"role", "grant", "bo@hill.org", "admin"});
    std::string start = (f.dir / "start.json").string();
    f.ok({"export", "json", "-o", start});
    REQUIRE(on(f, "a.grove", {"import", "json", start}).code == 0);
    REQUIRE(on(f, "b.grove", {"import", "json", start}).code == 0);
    REQUIRE(on(f, "a.grove", {"group", "edit", "grade-9", "--name", "Year 9"}).code == 0);
    REQUIRE(on(f, "b.grove", {"--as", "bo@hill.org", "group", "edit", "grade-9", "--name", "Ninth Grade"}).code == 0);
    std::string from_b = (f.dir / "b.json").string();
    REQUIRE(on(f, "b.grove", {"export", "json", "-o", from_b}).code == 0);

    auto kept = on(f, "a.grove", {"import", "json", from_b, "--prefer", "ours"});
    REQUIRE(kept.code == 0);
    CHECK(kept.out == "add 1 audit entry\nMerged " + from_b +
                          " into Hill School: 0 added, 0 changed, 0 removed; 1 conflict kept as ours.\n");
    // The same file again: nothing to choose, and the conflict is shown as settled.
    const std::string settled =
        "settled before: group Year 9: name is 'Year 9' here and 'Ninth Grade' in the file, kept 'Year 9'";
    auto dry = on(f, "a.grove", {"import", "json", from_b, "--dry-run"});
    CHECK(dry.code == 0);
    CHECK(dry.out == "Would merge " + from_b + " into Hill School:\n  " + settled +
                         "\nDry run: nothing was changed (0 added, 0 changed, 0 removed).\n");
    auto again = on(f, "a.grove", {"import", "json", from_b});
    CHECK(again.code == 0);
    CHECK(again.out == settled + "\nMerged " + from_b + " into Hill School: 0 added, 0 changed, 0 removed.\n");

    auto log = lines(on(f, "a.grove", {"audit", "--limit", "3"}).out);
    REQUIRE(log.size() == 3);
    CHECK(log[0].substr(22) == "Ada Lovelace merged " + from_b +
                                   " and settled 1 conflict: group Year 9: name is 'Year 9' here and 'Ninth Grade' "
                                   "in the file, kept 'Year 9'.");
    CHECK(log[1].substr(22) ==
          "Bo Chen renamed Grade 9 to Ninth Grade. (name not applied: kept Ada Lovelace's version)");
    CHECK(log[2].substr(22) == "Ada Lovelace renamed Grade 9 to Year 9.");
}

TEST_CASE("import json --prefer takes ours or theirs only") {
    CliFixture f;
    hill(f);
    std::string file = (f.dir / "hill.json").string();
    f.ok({"export", "json", "-o", file});
    auto run = f.grove({"import", "json", file, "--prefer", "mine"});
    CHECK(one_line_failure(run, 1, "grove: error: "));
    CHECK(run.err == "grove: error: --prefer takes ours or theirs, not 'mine'.\n");
    // The organisation's own file merges into it with nothing to do.
    CHECK(f.ok({"import", "json", file}) == "Merged " + file + " into Hill School: 0 added, 0 changed, 0 removed.\n");
}

TEST_CASE("a dry run of import json into a new file leaves no file behind") {
    CliFixture f;
    f.init();
    std::string file = (f.dir / "hill.json").string();
    f.ok({"export", "json", "-o", file});
    std::string fresh = (f.dir / "fresh.grove").string();
    auto dry = f.raw({"--db", fresh, "import", "json", file, "--dry-run"});
    CHECK(dry.code == 0);
    CHECK_FALSE(std::filesystem::exists(fresh));
    CHECK(f.raw({"--db", fresh, "import", "json", file}).code == 0);
    CHECK(std::filesystem::exists(fresh));
}

namespace {

// Opens a planner's database file with the core, its clock fixed at `now`, as the learning commands would run.
std::unique_ptr<grove::Store> open_at(const std::string& path, std::int64_t now) {
    grove::StoreOptions options;
    options.clock = [now] { return now; };
    auto store = grove::Store::open(path, options);
    REQUIRE(store);
    return std::move(*store);
}

grove::Id person(grove::Store& s, const std::string& email) {
    auto u = grove::find_user_by_email(s, email);
    REQUIRE(u);
    return u->id;
}

grove::Id work_by_uid(grove::Store& s, const std::string& uid) {
    auto row = s.db().prepare_once("SELECT id FROM step_work WHERE uid = ?");
    row->bind(1, uid);
    REQUIRE(row->step());
    return row->col_int(0);
}

}  // namespace

TEST_CASE("import json lists learning records it brings, and a submission reviewed on both sides as one conflict") {
    CliFixture f;
    hill(f);
    std::string work;
    {
        auto s = open_at(f.db, 1767603600000);  // 2026-01-05T09:00:00Z
        auto owner = person(*s, "ada@hill.org"), alan = person(*s, "alan@hill.org");
        auto course = grove::create_course(*s, owner, "Algebra");
        REQUIRE(course);
        auto step = grove::add_step(*s, owner, course->id, {"Proofs", grove::StepKind::kAssignment, true, 10});
        REQUIRE(step);
        REQUIRE(grove::enrol(*s, owner, course->id, {alan}));
        auto done = grove::complete_step(*s, alan, alan, step->id, std::string("Two lines"));
        REQUIRE(done);
        work = done->uid;
    }
    std::string start = (f.dir / "start.json").string();
    f.ok({"export", "json", "-o", start});
    auto restored = on(f, "a.grove", {"import", "json", start});
    REQUIRE(restored.code == 0);
    auto out = lines(restored.out);
    CHECK(std::find(out.begin(), out.end(), "add 1 course") != out.end());
    CHECK(std::find(out.begin(), out.end(), "add 1 piece of work") != out.end());
    REQUIRE(on(f, "b.grove", {"import", "json", start}).code == 0);
    {
        auto a = open_at((f.dir / "a.grove").string(), 1767690000000);  // 2026-01-06T09:00:00Z
        REQUIRE(grove::give_review(*a, person(*a, "ada@hill.org"), work_by_uid(*a, work), {8, "Good"}));
        auto b = open_at((f.dir / "b.grove").string(), 1767693600000);  // an hour later
        REQUIRE(grove::give_review(*b, person(*b, "ada@hill.org"), work_by_uid(*b, work), {5, "Redo"}));
    }
    std::string from_b = (f.dir / "b.json").string();
    REQUIRE(on(f, "b.grove", {"export", "json", "-o", from_b}).code == 0);
    const std::string conflict =
        "conflict: work Alan Turing <alan@hill.org> on Algebra: Proofs: state is 'points 8; feedback Good; reviewed "
        "2026-01-06T09:00:00.000Z' here and 'points 5; feedback Redo; reviewed 2026-01-06T10:00:00.000Z' in the "
        "file";
    auto refused = on(f, "a.grove", {"import", "json", from_b});
    CHECK(refused.code == 1);
    CHECK(lines(refused.out).front() == conflict);
    auto merged = on(f, "a.grove", {"import", "json", from_b, "--prefer", "theirs"});
    REQUIRE(merged.code == 0);
    CHECK(lines(merged.out).front() ==
          "change work Alan Turing <alan@hill.org> on Algebra: Proofs: points from '8' to '5', feedback from 'Good' to "
          "'Redo', reviewed from '2026-01-06T09:00:00.000Z' to '2026-01-06T10:00:00.000Z'");
    auto a = open_at((f.dir / "a.grove").string(), 1767700000000);
    auto kept = grove::find_work(*a, work_by_uid(*a, work));
    REQUIRE(kept);
    CHECK(kept->points == 5);
    CHECK(kept->feedback == "Redo");
}
