// Shared set-up for command line tests: a database file in a fresh temporary folder, and `grove` run in-process.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grove::testing {

// What one run of `grove` did.
struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

class CliFixture {
public:
    CliFixture();
    ~CliFixture();
    CliFixture(const CliFixture&) = delete;
    CliFixture& operator=(const CliFixture&) = delete;

    // Runs `grove` with exactly these arguments.
    Run raw(const std::vector<std::string>& args);
    // Runs `grove --db DB args...`.
    Run grove(const std::vector<std::string>& args);
    // The same with `input` as standard input (`org lock set` reads passphrases from it).
    Run grove_in(const std::vector<std::string>& args, const std::string& input);
    // The same, failing the test unless it succeeds; returns what it printed.
    std::string ok(const std::vector<std::string>& args);

    // Creates Hill School, owned by Ada Lovelace <ada@hill.org>, on `plan`.
    void init(const std::string& plan = "enterprise");
    // Adds a person as the owner.
    void person(const std::string& email, const std::string& first, const std::string& last);

    // The database file's bytes, to prove that a refused command changed nothing.
    std::vector<char> bytes() const;
    bool db_exists() const { return std::filesystem::exists(db); }

    std::filesystem::path dir;
    std::string db;
};

// The lines of a command's output, without their line ends.
std::vector<std::string> lines(const std::string& text);

// True when `run` failed with `code` and printed exactly one line, starting with `prefix`, on stderr and
// nothing on stdout.
bool one_line_failure(const Run& run, int code, const std::string& prefix);

}  // namespace grove::testing
