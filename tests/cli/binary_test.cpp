// The built `grove` program itself: its exit codes and its single stderr line, as a shell sees them.
#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "cli_fixture.h"

#ifndef GROVE_CLI_PATH
#error "GROVE_CLI_PATH must name the built grove program"
#endif

using grove::testing::CliFixture;
using grove::testing::Run;

namespace {

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs the program through /bin/sh, capturing stdout through a pipe and stderr through a file.
Run run_program(CliFixture& f, const std::vector<std::string>& args) {
    std::string err_path = (f.dir / "stderr.txt").string();
    std::string command = shell_quote(GROVE_CLI_PATH);
    for (const auto& a : args) command.append(" ").append(shell_quote(a));
    command.append(" 2>").append(shell_quote(err_path));
    Run run;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
    int status = pclose(pipe);
    REQUIRE(WIFEXITED(status));
    run.code = WEXITSTATUS(status);
    std::ifstream err(err_path);
    std::stringstream text;
    text << err.rdbuf();
    run.err = text.str();
    return run;
}

}  // namespace

TEST_CASE("the grove program exits 0 on success, printing to stdout only") {
    CliFixture f;
    auto run = run_program(f, {"--db", f.db, "init", "--org", "Hill School", "--plan", "essentials", "--owner",
                               "ada@hill.org", "--first", "Ada", "--last", "Lovelace"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    run = run_program(f, {"--db", f.db, "group", "create", "Grade 9"});
    CHECK(run.code == 0);
    CHECK(run.out == "grade-9\n");
    CHECK(run.err.empty());
}

TEST_CASE("the grove program exits 1 with one error line when a command is refused") {
    CliFixture f;
    f.init("trial");
    f.ok({"group", "create", "Grade 9"});
    auto before = f.bytes();
    auto run = run_program(f, {"--db", f.db, "group", "create", "Grade 10"});
    CHECK(run.code == 1);
    CHECK(run.out.empty());
    CHECK(run.err == "grove: error: The Trial plan allows 1 group; this organisation has 1.\n");
    CHECK(f.bytes() == before);
}

TEST_CASE("the grove program exits 2 with one usage line for wrong usage") {
    CliFixture f;
    auto run = run_program(f, {"--db", f.db, "group", "create"});
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "grove: usage: group create needs NAME; see grove help group create\n");
    CHECK_FALSE(f.db_exists());
    run = run_program(f, {"help", "permissions"});
    CHECK(run.code == 0);
    CHECK(run.out.rfind("# Grove permission matrix", 0) == 0);
}
