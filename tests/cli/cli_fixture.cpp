// A temporary folder per test, and `grove` run in-process through grove::cli::run.
#include "cli_fixture.h"

#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli.h"

namespace grove::testing {

CliFixture::CliFixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "grove-cli-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    REQUIRE(made != nullptr);
    dir = made;
    db = (dir / "school.grove").string();
}

CliFixture::~CliFixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

Run CliFixture::raw(const std::vector<std::string>& args) {
    std::istringstream in;  // nothing to read: a command that reads standard input finds it ended
    std::ostringstream out, err;
    Run run;
    run.code = grove::cli::run(args, in, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

Run CliFixture::grove(const std::vector<std::string>& args) {
    std::vector<std::string> all{"--db", db};
    all.insert(all.end(), args.begin(), args.end());
    return raw(all);
}

Run CliFixture::grove_in(const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> all{"--db", db};
    all.insert(all.end(), args.begin(), args.end());
    std::istringstream in(input);
    std::ostringstream out, err;
    Run run;
    run.code = grove::cli::run(all, in, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

std::string CliFixture::ok(const std::vector<std::string>& args) {
    Run run = grove(args);
    INFO("grove ", args.empty() ? "" : args[0], " ", args.size() > 1 ? args[1] : "", ": ", run.err);
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    return run.out;
}

void CliFixture::init(const std::string& plan) {
    ok({"init", "--org", "Hill School", "--plan", plan, "--owner", "ada@hill.org", "--first", "Ada", "--last",
        "Lovelace"});
}

void CliFixture::person(const std::string& email, const std::string& first, const std::string& last) {
    ok({"user", "add", email, "--first", first, "--last", last});
}

std::vector<char> CliFixture::bytes() const {
    std::ifstream in(db, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

bool one_line_failure(const Run& run, int code, const std::string& prefix) {
    bool one_line = !run.err.empty() && run.err.back() == '\n' && run.err.find('\n') == run.err.size() - 1;
    return run.code == code && run.out.empty() && one_line && run.err.rfind(prefix, 0) == 0;
}

}  // namespace grove::testing
