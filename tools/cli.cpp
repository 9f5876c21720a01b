// The `grove` command line: parses arguments, opens the database, runs one core command, prints the outcome.
#include "cli.h"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <ostream>

#include "cli_spec.h"
#include "core/files/progress.h"

#ifndef GROVE_VERSION
#define GROVE_VERSION "unknown"
#endif

namespace grove::cli {

namespace {

namespace fs = std::filesystem;

// Errors a person can cause, reported as one line; anything else is a bug we still report, never throw.
struct Failure {
    std::string message;
};

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

std::string init_hint(const std::string& path) { return "create one with grove --db " + path + " init ..."; }

enum class FileState { kMissing, kEmpty, kGrove, kOtherSqlite, kNotSqlite };

// Looks at the file's header only, so that a file which is not ours is never touched.
FileState file_state(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return FileState::kMissing;
    if (!fs::is_regular_file(path, ec)) return FileState::kNotSqlite;
    if (fs::file_size(path, ec) == 0) return FileState::kEmpty;
    std::array<char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    in.read(header.data(), header.size());
    if (in.gcount() < static_cast<std::streamsize>(header.size())) return FileState::kNotSqlite;
    if (std::string_view(header.data(), 16) != std::string_view("SQLite format 3\0", 16)) return FileState::kNotSqlite;
    // PRAGMA user_version lives at offset 60, big-endian; Grove's migrations set it from 1 up.
    std::uint32_t user_version = 0;
    for (int i = 60; i < 64; ++i) user_version = (user_version << 8) | static_cast<unsigned char>(header[i]);
    return user_version == 0 ? FileState::kOtherSqlite : FileState::kGrove;
}

// Removes what a failed `init` created, so that a refused init leaves no file behind.
class InitRollback {
public:
    InitRollback(std::string path, FileState before) : path_(std::move(path)), before_(before) {}
    ~InitRollback() {
        if (done_ || (before_ != FileState::kMissing && before_ != FileState::kEmpty)) return;
        std::error_code ec;
        if (before_ == FileState::kMissing)
            fs::remove(path_, ec);
        else
            fs::resize_file(path_, 0, ec);
        fs::remove(path_ + "-journal", ec);
    }
    void keep() { done_ = true; }

private:
    std::string path_;
    FileState before_;
    bool done_ = false;
};

// GROVE_NOW=2026-12-01T09:00:00Z fixes "now" for the command (tests, scripted runs); unset or empty: the clock.
// SQLite's file change counter (offset 24 of the header, big-endian): it moves with every commit. 0 without a file.
std::uint32_t change_counter(const std::string& path) {
    std::array<char, 28> header{};
    std::ifstream in(path, std::ios::binary);
    in.read(header.data(), header.size());
    if (in.gcount() < static_cast<std::streamsize>(header.size())) return 0;
    std::uint32_t counter = 0;
    for (int i = 24; i < 28; ++i) counter = (counter << 8) | static_cast<unsigned char>(header[i]);
    return counter;
}

// GROVE_SEED=N fixes the record IDs new records get, so that a run on the same database gives the same database
// every time (the crash tests compare a killed run's database with a finished one's). Mixed with the file's path
// and change counter, so that a series of commands, or a copy restored from the file, gets other IDs.
StoreOptions store_options(const std::string& path) {
    StoreOptions options;
    const char* seed = std::getenv("GROVE_SEED");
    if (seed != nullptr && *seed != '\0') {
        char* end = nullptr;
        errno = 0;
        unsigned long long value = std::strtoull(seed, &end, 10);
        if (errno != 0 || *end != '\0' || *seed < '0' || *seed > '9') {
            throw Failure{"GROVE_SEED is " + quoted(seed) + ", which is not a number; write it like 42."};
        }
        std::uint64_t mixed = value * 0x9E3779B97F4A7C15ull + change_counter(path);
        for (unsigned char c : path) mixed = (mixed ^ c) * 0x100000001B3ull;
        options.seed = mixed;
    }
    const char* fixed = std::getenv("GROVE_NOW");
    if (fixed == nullptr || *fixed == '\0') return options;
    auto ms = parse_iso_time(fixed);
    if (!ms) {
        throw Failure{"GROVE_NOW is " + quoted(fixed) + ", which is not a time; write it like 2026-12-01T09:00:00Z."};
    }
    options.clock = [at = *ms] { return at; };
    return options;
}

std::unique_ptr<Store> open_store(const std::string& path, const CommandSpec& cmd, FileState state) {
    switch (state) {
        case FileState::kMissing:
        case FileState::kEmpty:
            if (cmd.db == DbUse::kExisting) throw Failure{"No Grove database at " + path + "; " + init_hint(path)};
            break;
        case FileState::kNotSqlite: throw Failure{path + " is not a Grove database."};
        case FileState::kOtherSqlite: throw Failure{path + " is an SQLite database but not a Grove one."};
        case FileState::kGrove: break;
    }
    auto store = Store::open(path, store_options(path));
    if (!store) throw Failure{store.error().message};
    return std::move(store).value();
}

Id acting_person(Store& store, const Invocation& inv, const std::string& path) {
    if (inv.command->db == DbUse::kCreate) return 0;
    if (inv.command->db == DbUse::kEither && !get_org(store)) {
        if (inv.as) throw Failure{path + " holds no organisation yet, so nobody can be named by --as."};
        return 0;
    }
    if (!get_org(store)) throw Failure{path + " holds no organisation yet; " + init_hint(path)};
    if (inv.as) {
        auto user = user_arg(store, *inv.as);
        if (!user) throw Failure{user.error().message};
        return user->id;
    }
    auto owner = owner_id(store);
    if (!owner) throw Failure{"The organisation has no owner; name the acting person with --as EMAIL."};
    return *owner;
}

// The organisation's passphrase as the person gave it: the first line of --passphrase-file FILE, else
// GROVE_PASSPHRASE; nothing when neither is given (an empty value counts as none).
std::optional<std::string> given_passphrase(const Invocation& inv) {
    if (inv.passphrase_file) {
        std::ifstream in(*inv.passphrase_file, std::ios::binary);
        std::string line;
        if (!in || (!std::getline(in, line) && !in.eof()))
            throw Failure{"Cannot read the passphrase file " + *inv.passphrase_file + "."};
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    const char* env = std::getenv("GROVE_PASSPHRASE");
    if (env != nullptr && *env != '\0') return std::string(env);
    return std::nullopt;
}

// While the organisation has a passphrase lock (F41), acting as a person who holds an org role needs the passphrase,
// unless the command reads and checks it itself (org lock set and clear).
void check_passphrase(Store& store, const Invocation& inv, Id actor) {
    if (actor == 0 || inv.command->proves_passphrase || !needs_passphrase(store, actor)) return;
    auto passphrase = given_passphrase(inv);
    if (!passphrase) {
        auto user = find_user(store, actor);
        const std::string who = user ? user->display_name() + " (" + user->email + ")" : std::string("this person");
        throw Failure{"acting as " + who + " needs the organisation's passphrase"};
    }
    if (auto checked = verify_passphrase(store, *passphrase); !checked) throw Failure{checked.error().message};
}

int run_command(const Invocation& inv, std::istream& in, std::ostream& out) {
    const CommandSpec& cmd = *inv.command;
    const std::string& path = *inv.db;
    FileState state = file_state(path);
    InitRollback rollback(path, cmd.db != DbUse::kExisting ? state : FileState::kGrove);
    auto store = open_store(path, cmd, state);
    Context ctx{*store, inv.args, out, cmd, path, acting_person(*store, inv, path), &in};
    check_passphrase(*store, inv, ctx.actor);
    if (cmd.reads) {
        if (auto allowed = authorize_read(*store, ctx.actor); !allowed) throw Failure{allowed.error().message};
    }
    Result<void> result = cmd.handler(ctx);
    if (!result) throw Failure{result.error().message};
    // A dry run into a file that did not exist changed nothing, so it leaves no file behind either.
    if (!(cmd.db == DbUse::kEither && inv.args.has("dry-run"))) rollback.keep();
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return run(args, std::cin, out, err);
}

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    try {
        Invocation inv = parse_invocation(args);
        switch (inv.kind) {
            case Invocation::Kind::kHelp: print_help(inv.help_topic, out); return 0;
            case Invocation::Kind::kVersion: out << "grove " << GROVE_VERSION << "\n"; return 0;
            case Invocation::Kind::kCommand: return run_command(inv, in, out);
        }
        return 0;
    } catch (const UsageError& e) {
        err << "grove: usage: " << one_line(e.message) << "; see grove help" << (e.topic.empty() ? "" : " " + e.topic)
            << "\n";
        return 2;
    } catch (const Failure& e) {
        err << "grove: error: " << one_line(e.message) << "\n";
        return 1;
    } catch (const DbError& e) {
        // A read outside a command (looking up what an argument names) met a failing database: said as a
        // command would say it.
        err << "grove: error: " << one_line(storage_error(e).message) << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "grove: error: " << one_line(e.what()) << "\n";
        return 1;
    } catch (...) {
        err << "grove: error: an unexpected failure.\n";
        return 1;
    }
}

}  // namespace grove::cli
