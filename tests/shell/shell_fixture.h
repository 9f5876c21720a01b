// The UI tests' organisation: an in-memory store with the organisation Riverside and its owner, Olivia
// Owens, and the app state attached to it as the hosts attach it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/org/model.h"
#include "core/storage/store.h"
#include "fake_platform.h"
#include "shell/app.h"

namespace grove::ui::testing {

struct ShellFixture {
    struct Options {
        Plan plan = Plan::kEnterprise;
        std::string owner_email = "olivia@riverside.example";
        std::optional<std::uint64_t> seed;  // unset: a random seed
        // With a start, the store's clock reads clock_ms, moved on by clock_step at every reading (0:
        // the test sets clock_ms itself); without, the computer's clock.
        std::optional<std::int64_t> clock_start;
        std::int64_t clock_step = 0;
    };

    ShellFixture() : ShellFixture(Options{}) {}
    explicit ShellFixture(const Options& options);
    // A planner over a database restored from a file (the organisation and its owner are in it).
    explicit ShellFixture(std::unique_ptr<Store> restored);
    ShellFixture(const ShellFixture&) = delete;
    ShellFixture& operator=(const ShellFixture&) = delete;

    // Attaches the app to the store as the hosts do, on `screen`. Set-up commands run before it, so
    // they leave no saves or redraws behind.
    void attach(Screen screen);

    // Each runs as the owner and fails the test if the core refuses.
    Id person(const std::string& email, const std::string& first, const std::string& last,
              std::optional<Id> department = std::nullopt);
    Id group(const std::string& name, std::optional<Id> parent = std::nullopt);
    Id department(const std::string& name, std::optional<Id> parent = std::nullopt);

    std::int64_t clock_ms = 0;
    FakePlatform platform;
    AppState state;
    // After the state: the store goes first, so its listener (which reaches the state) never outlives it.
    std::unique_ptr<Store> store;
    Id owner = 0;
};

}  // namespace grove::ui::testing
