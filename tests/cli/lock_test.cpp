// `grove org lock set` and `org lock clear` (F41): passphrases from standard input, and acting as a person with an
// org role needing GROVE_PASSPHRASE or --passphrase-file while a lock is set.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <sys/wait.h>

#include "cli_fixture.h"

#ifndef GROVE_CLI_PATH
#error "GROVE_CLI_PATH must name the built grove program"
#endif

using grove::testing::CliFixture;
using grove::testing::lines;
using grove::testing::one_line_failure;
using grove::testing::Run;

namespace {

constexpr const char* kPassphrase = "correct horse battery";

// Sets an environment variable for the commands run while it lives, and unsets it after.
class Env {
public:
    Env(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;
    ~Env() { unsetenv(name_); }
    void set(const std::string& value) { setenv(name_, value.c_str(), 1); }

private:
    const char* name_;
};

// Hill School with Ada (the owner), Otto (Org Group Manager) and Grace (a member of Grade 9), locked with kPassphrase.
void locked_school(CliFixture& f) {
    f.init();
    f.person("otto@hill.org", "Otto", "Groups");
    f.person("grace@hill.org", "Grace", "Hopper");
    f.ok({"role", "grant", "otto@hill.org", "org-group-manager"});
    f.ok({"group", "create", "Grade 9"});
    f.ok({"member", "add", "grade-9", "grace@hill.org"});
    Run set = f.grove_in({"org", "lock", "set"}, std::string(kPassphrase) + "\n");
    REQUIRE(set.code == 0);
    CHECK(set.out == "Acting as anyone with an org role now needs the passphrase.\n");
    CHECK(set.err.empty());
}

std::string write_file(CliFixture& f, const std::string& name, const std::string& text) {
    const std::string path = (f.dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("with a lock set, acting as the owner or anyone with an org role stops at the passphrase, exit 1") {
    CliFixture f;
    locked_school(f);
    auto before = f.bytes();
    Run owner = f.grove({"group", "create", "Grade 10"});
    CHECK(owner.code == 1);
    CHECK(owner.out.empty());
    CHECK(owner.err == "grove: error: acting as Ada Lovelace (ada@hill.org) needs the organisation's passphrase\n");
    Run otto = f.grove({"--as", "otto@hill.org", "group", "list"});
    CHECK(otto.err == "grove: error: acting as Otto Groups (otto@hill.org) needs the organisation's passphrase\n");
    CHECK(one_line_failure(otto, 1, "grove: error: acting as Otto Groups"));
    CHECK(f.bytes() == before);
}

TEST_CASE("GROVE_PASSPHRASE or --passphrase-file lets a person with an org role act") {
    CliFixture f;
    locked_school(f);
    {
        Env env("GROVE_PASSPHRASE", kPassphrase);
        CHECK(f.ok({"group", "create", "Grade 10"}) == "grade-10\n");
        CHECK(f.ok({"--as", "otto@hill.org", "group", "create", "Grade 11"}) == "grade-11\n");
    }
    const std::string file = write_file(f, "passphrase.txt", std::string(kPassphrase) + "\n");
    CHECK(f.ok({"--passphrase-file", file, "group", "create", "Grade 12"}) == "grade-12\n");
    // The option may stand after the command words too, and a file without a line end is read the same.
    const std::string bare = write_file(f, "bare.txt", kPassphrase);
    CHECK(f.ok({"group", "list", "--passphrase-file=" + bare}).find("Grade 12") != std::string::npos);

    Run missing = f.grove({"--passphrase-file", (f.dir / "nope.txt").string(), "group", "list"});
    CHECK(one_line_failure(missing, 1, "grove: error: Cannot read the passphrase file "));
}

TEST_CASE("a wrong passphrase is refused, and the next try waits, longer after each wrong one") {
    CliFixture f;
    locked_school(f);
    Env now("GROVE_NOW", "2026-12-01T09:00:00Z");
    Env pass("GROVE_PASSPHRASE", "a wrong guess");
    Run wrong = f.grove({"group", "list"});
    CHECK(wrong.err == "grove: error: The passphrase is wrong; try again in 1 second.\n");
    CHECK(wrong.code == 1);
    // Within the second even the right passphrase is not checked.
    pass.set(kPassphrase);
    Run early = f.grove({"group", "list"});
    CHECK(early.err == "grove: error: Too many wrong passphrases: try again in 1 second.\n");
    CHECK(early.code == 1);
    now.set("2026-12-01T09:00:01Z");
    pass.set("another wrong guess");
    CHECK(f.grove({"group", "list"}).err == "grove: error: The passphrase is wrong; try again in 2 seconds.\n");
    now.set("2026-12-01T09:00:03Z");
    pass.set(kPassphrase);
    CHECK(f.ok({"group", "list"}).find("Grade 9") != std::string::npos);
}

TEST_CASE("people without an org role act without the passphrase") {
    CliFixture f;
    locked_school(f);
    CHECK(f.ok({"--as", "grace@hill.org", "group", "list"}).find("Grade 9") != std::string::npos);
    CHECK(f.ok({"--as", "grace@hill.org", "member", "list", "grade-9"}).find("Grace Hopper") != std::string::npos);
}

TEST_CASE("org lock set again changes the passphrase: the current one first, then the new one") {
    CliFixture f;
    locked_school(f);
    Env now("GROVE_NOW", "2026-12-01T09:00:00Z");
    Run wrong = f.grove_in({"org", "lock", "set"}, "not it at all\nthe new passphrase\n");
    CHECK(one_line_failure(wrong, 1, "grove: error: The current passphrase is wrong; try again in 1 second."));
    Run ended = f.grove_in({"org", "lock", "set"}, std::string(kPassphrase) + "\n");
    CHECK(one_line_failure(ended, 1,
                           "grove: error: Standard input ended before the new passphrase; give it as one line."));

    now.set("2026-12-01T09:01:00Z");
    Run changed = f.grove_in({"org", "lock", "set"}, std::string(kPassphrase) + "\r\nthe new passphrase\r\n");
    CHECK(changed.err.empty());
    REQUIRE(changed.code == 0);
    CHECK(changed.out == "The passphrase for org roles is changed.\n");

    Env pass("GROVE_PASSPHRASE", kPassphrase);
    CHECK(f.grove({"group", "list"}).err == "grove: error: The passphrase is wrong; try again in 1 second.\n");
    now.set("2026-12-01T09:02:00Z");
    pass.set("the new passphrase");
    CHECK(f.grove({"group", "list"}).code == 0);
}

TEST_CASE("org lock clear needs the current passphrase; after it nobody needs one") {
    CliFixture f;
    locked_school(f);
    Env now("GROVE_NOW", "2026-12-01T09:00:00Z");
    Run nothing = f.grove({"org", "lock", "clear"});
    CHECK(one_line_failure(nothing, 1,
                           "grove: error: Standard input ended before the current passphrase; give it as one line."));
    Run wrong = f.grove_in({"org", "lock", "clear"}, "not the passphrase\n");
    CHECK(one_line_failure(wrong, 1, "grove: error: The current passphrase is wrong; try again in 1 second."));
    CHECK(f.grove({"group", "list"}).code == 1);

    now.set("2026-12-01T09:01:00Z");
    Run cleared = f.grove_in({"org", "lock", "clear"}, std::string(kPassphrase) + "\n");
    CHECK(cleared.err.empty());
    CHECK(cleared.out == "The passphrase lock is cleared: acting as anyone needs no passphrase.\n");
    CHECK(f.ok({"group", "list"}).find("Grade 9") != std::string::npos);
    Run again = f.grove_in({"org", "lock", "clear"}, std::string(kPassphrase) + "\n");
    CHECK(one_line_failure(again, 1, "grove: error: The organisation has no passphrase lock."));
}

TEST_CASE("only people who may change the organisation's settings set a lock; a passphrase has 8 characters") {
    CliFixture f;
    f.init();
    f.person("otto@hill.org", "Otto", "Groups");
    f.ok({"role", "grant", "otto@hill.org", "org-group-manager"});
    auto before = f.bytes();
    Run otto = f.grove_in({"--as", "otto@hill.org", "org", "lock", "set"}, std::string(kPassphrase) + "\n");
    CHECK(one_line_failure(otto, 1, "grove: error: Otto Groups may not change the organisation settings."));
    Run short_one = f.grove_in({"org", "lock", "set"}, "seven77\n");
    CHECK(one_line_failure(short_one, 1, "grove: error: The passphrase needs at least 8 characters."));
    CHECK(f.bytes() == before);
}

TEST_CASE("the audit log and the Grove file name the lock in words, never the passphrase or its hash") {
    CliFixture f;
    locked_school(f);
    Env pass("GROVE_PASSPHRASE", kPassphrase);
    const std::string log = f.ok({"audit"});
    CHECK(lines(log).at(0).find("Ada Lovelace set a passphrase for org roles.") != std::string::npos);
    const std::string file = f.ok({"export", "json"});
    for (const std::string& text : {log, file}) {
        CHECK(text.find(kPassphrase) == std::string::npos);
        CHECK(text.find("argon2") == std::string::npos);
    }
}

TEST_CASE("help describes org lock set and clear, GROVE_PASSPHRASE and --passphrase-file") {
    CliFixture f;
    const std::string overview = f.raw({"help"}).out;
    CHECK(overview.find("\n  org lock set ") != std::string::npos);
    CHECK(overview.find("\n  org lock clear ") != std::string::npos);
    CHECK(overview.find("--passphrase-file FILE") != std::string::npos);
    CHECK(overview.find("GROVE_PASSPHRASE") != std::string::npos);
    const std::string set = f.raw({"help", "org", "lock", "set"}).out;
    CHECK(set.rfind("Usage: grove --db FILE org lock set\n", 0) == 0);
    CHECK(set.find("the first line is then the current passphrase") != std::string::npos);
}

TEST_CASE("the grove program reads the passphrase from a pipe and takes it from the environment") {
    CliFixture f;
    f.init();
    const std::string grove = std::string(GROVE_CLI_PATH) + " --db '" + f.db + "'";
    auto status = [](const std::string& command) {
        const int raw = std::system((command + " >/dev/null 2>&1").c_str());
        return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    };
    CHECK(status("printf '%s\\n' '" + std::string(kPassphrase) + "' | " + grove + " org lock set") == 0);
    CHECK(status(grove + " group list") == 1);
    CHECK(status("GROVE_PASSPHRASE='" + std::string(kPassphrase) + "' " + grove + " group list") == 0);
}
