// A crash in the middle of a write (issue 12): `grove import json` (a restore), `grove import users` and a
// merge (`grove import json --prefer theirs`) are killed with SIGKILL at a moment drawn uniformly from the
// command's measured run time. After each kill the database must pass integrity_check and hold exactly what
// it held before the command or exactly what a finished run leaves. Native only: fork, exec and kill.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "core/org/demo.h"
#include "core/storage/store.h"
#include "db_state.h"
#include "fault_world.h"

using namespace grove::testing;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

long env_number(const char* name, long fallback) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') return fallback;
    return std::strtol(text, nullptr, 10);
}

// Starts `grove --db DB args...` as its own process.
pid_t start_grove(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> all{GROVE_CLI_PATH, "--db", db};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);  // or the child would write the parent's buffered output again
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // Quiet: the test reads the database, not the output.
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

struct KillCase {
    std::string name;
    std::string before;
    std::vector<std::string> args;
};

struct KillFigures {
    int runs = 0;
    int killed = 0;     // the process died of the signal, mid-command
    int finished = 0;   // it had exited before the kill landed
    int as_before = 0;  // the database afterwards: exactly as before the command
    int as_after = 0;   // exactly as a finished run leaves it
    int inconsistent = 0;
};

void spill(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

void ok(const std::vector<std::string>& args) {
    CliRun run = run_grove(args);
    INFO(run.err);
    REQUIRE(run.code == 0);
}

}  // namespace

TEST_CASE("a command killed at any moment leaves the database as it was before or as it is after") {
    setenv("GROVE_NOW", "2026-12-01T09:00:00Z", 1);
    setenv("GROVE_SEED", "7", 1);
    std::string pattern = (fs::temp_directory_path() / "grove-kill-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    const fs::path dir = pattern;
    const std::string big = (dir / "district.grove").string();
    const std::string empty = (dir / "empty.grove").string();
    const std::string theirs = (dir / "theirs.grove").string();
    const std::string big_json = (dir / "district.json").string();
    const std::string theirs_json = (dir / "theirs.json").string();
    const std::string people_csv = (dir / "people.csv").string();
    const std::string theirs_csv = (dir / "theirs.csv").string();
    const std::string work = (dir / "work.grove").string();

    // Inputs sized so each command takes a few hundred milliseconds: a generated district, its Grove file, a
    // people file, and another planner's copy with new people and groups.
    const long schools = env_number("GROVE_KILL_SCHOOLS", 3);
    const long uploaded = env_number("GROVE_KILL_UPLOAD", 1500);
    std::string group;  // where the uploaded people go
    {
        auto store = grove::Store::open(big, {.clock = [] { return 1764579600000LL; }, .seed = 3, .vfs = {}});
        REQUIRE(store);
        grove::DemoSize size = grove::demo_district();
        size.schools = static_cast<int>(schools);
        REQUIRE(grove::generate_demo(**store, size));
        auto slug = (*store)->db().prepare_once("SELECT slug FROM groups WHERE parent_id IS NULL ORDER BY id LIMIT 1");
        REQUIRE(slug->step());
        group = slug->col_text(0);
    }
    {
        auto store = grove::Store::open(empty);
        REQUIRE(store);
    }
    ok({"--db", big, "export", "json", "-o", big_json});
    auto csv_of = [&group](const std::string& prefix, long n) {
        std::string csv = "email,first_name,last_name,group,role\n";
        for (long i = 1; i <= n; ++i) {
            csv += prefix + std::to_string(i) + "@riverside.example,New,Person " + std::to_string(i) + "," +
                   (i % 3 == 0 ? "" : group) + "," + (i % 3 == 0 ? "" : "member") + "\n";
        }
        return csv;
    };
    spill(people_csv, csv_of("upload", uploaded));
    spill(theirs_csv, csv_of("theirs", uploaded / 2));
    ok({"--db", theirs, "import", "json", big_json});
    ok({"--db", theirs, "import", "users", theirs_csv});
    for (int g = 1; g <= 20; ++g) ok({"--db", theirs, "group", "create", "Their group " + std::to_string(g)});
    ok({"--db", theirs, "export", "json", "-o", theirs_json});

    auto megabytes = [](const std::string& file) { return static_cast<double>(fs::file_size(file)) / 1e6; };
    std::printf("kill test inputs: %s %.1f MB; %s %.1f MB; %s %ld people; %s %.1f MB\n",
                fs::path(big).filename().c_str(), megabytes(big), fs::path(big_json).filename().c_str(),
                megabytes(big_json), fs::path(people_csv).filename().c_str(), uploaded,
                fs::path(theirs_json).filename().c_str(), megabytes(theirs_json));

    const std::vector<KillCase> cases = {
        {"import json (restore)", empty, {"import", "json", big_json}},
        {"import users", big, {"import", "users", people_csv}},
        {"import json (merge)", big, {"import", "json", theirs_json, "--prefer", "theirs"}},
    };
    const long runs = env_number("GROVE_KILL_RUNS", 50);
    std::random_device device;
    const std::uint64_t seed = static_cast<std::uint64_t>(env_number("GROVE_KILL_SEED", static_cast<long>(device())));
    std::printf("kill test: seed %llu (GROVE_KILL_SEED=%llu repeats it), %ld runs per command\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed), runs);
    std::mt19937_64 rng(seed);

    int total_runs = 0, total_inconsistent = 0;
    for (const KillCase& c : cases) {
        const DbState before = read_db_state(c.before);
        REQUIRE(before.integrity == "ok");
        // Two finished runs: how long the command takes, and the database it leaves (the same both times).
        DbState after;
        double duration = 0;
        for (int i = 0; i < 2; ++i) {
            fresh_copy(c.before, work);
            const auto start = Clock::now();
            pid_t pid = start_grove(work, c.args);
            int status = 0;
            REQUIRE(waitpid(pid, &status, 0) == pid);
            duration += std::chrono::duration<double>(Clock::now() - start).count() / 2.0;  // the mean of the two
            INFO(c.name);
            REQUIRE(WIFEXITED(status));
            REQUIRE(WEXITSTATUS(status) == 0);
            const DbState done = read_db_state(work);
            REQUIRE(done.integrity == "ok");
            if (i == 1) REQUIRE(done.same_data(after));
            after = done;
        }
        REQUIRE_FALSE(after.same_data(before));

        KillFigures f;
        std::uniform_real_distribution<double> moment(0.0, duration);
        for (long run = 0; run < runs; ++run) {
            fresh_copy(c.before, work);
            const double at = moment(rng);
            pid_t pid = start_grove(work, c.args);
            std::this_thread::sleep_for(std::chrono::duration<double>(at));
            kill(pid, SIGKILL);
            int status = 0;
            REQUIRE(waitpid(pid, &status, 0) == pid);
            ++f.runs;
            if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
                ++f.killed;
            } else {
                CHECK(WIFEXITED(status));
                CHECK(WEXITSTATUS(status) == 0);
                ++f.finished;
            }
            const DbState state = read_db_state(work);
            INFO(c.name, ": killed after ", at * 1000.0, " ms; integrity: ", state.integrity);
            CHECK(state.integrity == "ok");
            if (state.integrity == "ok" && state.same_data(before)) {
                ++f.as_before;
            } else if (state.integrity == "ok" && state.same_data(after)) {
                ++f.as_after;
            } else {
                ++f.inconsistent;
                FAIL_CHECK("the database is neither as before nor as after the command");
            }
        }
        std::printf(
            "%-22s %.0f ms a run; %d runs: %d killed midway, %d finished first; database as before %d, as "
            "after %d, inconsistent %d\n",
            c.name.c_str(), duration * 1000.0, f.runs, f.killed, f.finished, f.as_before, f.as_after, f.inconsistent);
        std::fflush(stdout);
        CHECK(f.inconsistent == 0);
        total_runs += f.runs;
        total_inconsistent += f.inconsistent;
    }
    std::printf("kill test: %d runs, %d consistent\n", total_runs, total_runs - total_inconsistent);
    std::error_code ec;
    fs::remove_all(dir, ec);
}
