// The fault tests' commands and files (fault_world.h).
#include "fault_world.h"

#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

#include "cli.h"
#include "core/storage/store.h"

namespace grove::testing {

namespace fs = std::filesystem;

CliRun run_grove(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    CliRun run;
    run.code = grove::cli::run(args, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

namespace {

void ok(const std::vector<std::string>& args) {
    CliRun run = run_grove(args);
    INFO("grove ", args.size() > 2 ? args[2] : "", " ", args.size() > 3 ? args[3] : "", ": ", run.err);
    REQUIRE(run.code == 0);
}

void spill(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

FaultWorld::FaultWorld() {
    setenv("GROVE_NOW", "2026-12-01T09:00:00Z", 1);
    setenv("GROVE_SEED", "12", 1);
    std::string pattern = (fs::temp_directory_path() / "grove-faults-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    work = (dir / "work.grove").string();
    const std::string hill = (dir / "hill.grove").string();
    const std::string theirs = (dir / "theirs.grove").string();
    const std::string empty = (dir / "empty.grove").string();
    const std::string hill_json = (dir / "hill.json").string();
    const std::string theirs_json = (dir / "theirs.json").string();
    const std::string people_csv = (dir / "people.csv").string();

    // Hill School: twelve people, Grade 9 with a subgroup, and Teachers.
    ok({"--db", hill, "init", "--org", "Hill School", "--plan", "enterprise", "--owner", "ada@hill.org", "--first",
        "Ada", "--last", "Lovelace"});
    for (int i = 1; i <= 12; ++i) {
        std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        ok({"--db", hill, "user", "add", "p" + n + "@hill.org", "--first", "Pupil", "--last", "Number " + n});
    }
    ok({"--db", hill, "group", "create", "Grade 9", "--description", "Ninth graders"});
    ok({"--db", hill, "group", "create", "Grade 9 Science", "--parent", "grade-9"});
    ok({"--db", hill, "group", "create", "Teachers"});
    ok({"--db", hill, "member", "add", "grade-9", "p01@hill.org", "p02@hill.org", "p03@hill.org", "p04@hill.org"});
    ok({"--db", hill, "member", "add", "grade-9-science", "p01@hill.org", "p02@hill.org", "--role", "mentor"});
    ok({"--db", hill, "member", "add", "teachers", "p12@hill.org", "--role", "admin"});
    ok({"--db", hill, "export", "json", "-o", hill_json});

    // Another planner's copy, changed: new people and a new group, a changed description.
    ok({"--db", theirs, "import", "json", hill_json});
    ok({"--db", theirs, "user", "add", "t1@hill.org", "--first", "Theo", "--last", "Their"});
    ok({"--db", theirs, "user", "add", "t2@hill.org", "--first", "Tara", "--last", "Their"});
    ok({"--db", theirs, "group", "create", "Art"});
    ok({"--db", theirs, "member", "add", "art", "t1@hill.org", "t2@hill.org", "p05@hill.org"});
    ok({"--db", theirs, "group", "edit", "grade-9", "--description", "Year nine"});
    ok({"--db", theirs, "export", "json", "-o", theirs_json});
    // Meanwhile this planner changed something of its own.
    ok({"--db", hill, "user", "add", "late@hill.org", "--first", "Lena", "--last", "Late"});

    // A people upload: ten new people into Grade 9 and two changed names.
    std::string csv = "email,first_name,last_name,group,role\n";
    for (int i = 1; i <= 10; ++i)
        csv += "new" + std::to_string(i) + "@hill.org,New,Person " + std::to_string(i) + ",grade-9,member\n";
    csv += "p06@hill.org,Pupil,Renamed Six,teachers,mentor\np07@hill.org,Pupil,Renamed Seven,,\n";
    spill(people_csv, csv);

    // A database without an organisation, as a restore finds it.
    {
        auto store = Store::open(empty);
        REQUIRE(store);
    }

    cases = {
        {"create a group",
         hill,
         {"group", "create", "Grade 10", "--parent", "grade-9", "--description", "Tenth"},
         {},
         {}},
        {"add members", hill, {"member", "add", "grade-9", "p10@hill.org", "p11@hill.org", "new@hill.org"}, {}, {}},
        {"upload people", hill, {"import", "users", people_csv}, {}, {}},
        {"restore a Grove file", empty, {"import", "json", hill_json}, {}, {}},
        {"merge a Grove file", hill, {"import", "json", theirs_json, "--prefer", "theirs"}, {}, {}},
        {"delete a group", hill, {"group", "delete", "grade-9", "--with-subgroups"}, {}, {}},
    };
    for (auto& c : cases) {
        c.before_state = read_db_state(c.before);
        REQUIRE(c.before_state.integrity == "ok");
        CliRun done = run(c);
        INFO(c.name, ": ", done.err);
        REQUIRE(done.code == 0);
        c.after_state = read_db_state(work);
        REQUIRE(c.after_state.integrity == "ok");
        REQUIRE_FALSE(c.after_state.same_data(c.before_state));
        // The same run again writes the same database: what the tests compare against is well defined.
        run(c);
        REQUIRE(read_db_state(work).same_data(c.after_state));
    }
}

FaultWorld::~FaultWorld() {
    std::error_code ec;
    fs::remove_all(dir, ec);
}

CliRun FaultWorld::run(const CommandCase& c) const {
    fresh_copy(c.before, work);
    std::vector<std::string> args{"--db", work};
    args.insert(args.end(), c.args.begin(), c.args.end());
    return run_grove(args);
}

Injection inject(const FaultWorld& world, const CommandCase& c, faults::Op op, bool persistent, long max_points) {
    Injection found;
    faults::disarm();
    CliRun counted = world.run(c);
    found.operations = faults::count(op);
    REQUIRE(counted.code == 0);
    for (long at : fault_points(found.operations, max_points)) {
        faults::arm(op, at, persistent);
        CliRun run = world.run(c);
        const long failed = faults::failed();
        faults::disarm();
        const DbState state = read_db_state(world.work, faults::real_vfs_name());
        ++found.points;
        INFO(c.name, ": ", faults::op_name(op), " ", at, " of ", found.operations, persistent ? " and after" : "",
             " failed; exit ", run.code, "; ", run.err);
        CHECK(state.integrity == "ok");
        if (run.code == 0) {
            // The fault was not reached (the run took another path) or SQLite recovered from it by itself.
            CHECK(state.same_data(c.after_state));
            if (state.same_data(c.after_state) && state.integrity == "ok")
                ++(failed > 0 ? found.absorbed : found.not_reached);
            continue;
        }
        const bool one_line = !run.err.empty() && run.err.find('\n') == run.err.size() - 1;
        CHECK(run.code == 1);
        CHECK(one_line);
        // The database's own words, as the core reports a failure of the database.
        const bool says_database = run.err.rfind("grove: error: The database failed: ", 0) == 0 ||
                                   run.err.rfind("grove: error: Cannot open the database ", 0) == 0;
        CHECK(says_database);
        CHECK(state.same_data(c.before_state));
        if (run.code == 1 && one_line && says_database && state.same_data(c.before_state) && state.integrity == "ok")
            ++found.errors;
        // An example from the middle of the command rather than its first step (opening the database).
        if (found.example.empty() || at <= found.operations / 2) found.example = run.err.substr(0, run.err.size() - 1);
    }
    return found;
}

long fault_point_budget(long fallback) {
    const char* text = std::getenv("GROVE_FAULT_POINTS");
    if (text == nullptr || *text == '\0') return fallback;
    if (std::string(text) == "all") return 1L << 40;
    long n = std::strtol(text, nullptr, 10);
    return n >= 2 ? n : fallback;
}

std::vector<long> fault_points(long total, long count) {
    std::vector<long> points;
    if (total <= count) {
        for (long n = 1; n <= total; ++n) points.push_back(n);
        return points;
    }
    for (long i = 0; i < count; ++i) points.push_back(1 + i * (total - 1) / (count - 1));
    return points;
}

}  // namespace grove::testing
