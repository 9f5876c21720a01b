// Shared set-up for core tests: an in-memory organisation with a stepping clock and fixed seed.
#pragma once

#include <memory>
#include <string>

#include "core/grove.h"

namespace grove::testing {

// Starts at 2026-01-05T09:00:00Z and moves one second per reading, so orders by time are stable.
struct Fixture {
    explicit Fixture(Plan plan = Plan::kEnterprise, std::uint64_t seed = 42);

    Store& store() { return *store_; }
    Id owner = 0;

    // Each helper runs as the owner and fails the test if the command is refused.
    Id person(const std::string& email, const std::string& first = "Pat", const std::string& last = "Doe",
              std::optional<Id> department = std::nullopt);
    Id group(const std::string& name, std::optional<Id> parent = std::nullopt);
    Id department(const std::string& name, std::optional<Id> parent = std::nullopt);
    void join(Id group, Id user, GroupRole role = GroupRole::kMember);
    void grant(Id user, OrgRole role, std::optional<Id> department = std::nullopt);

    // The database as bytes, to prove that a refused command changed nothing.
    std::vector<std::uint8_t> bytes() { return store_->db().serialize(); }

    std::int64_t clock_ms = 1767603600000;  // 2026-01-05T09:00:00Z

private:
    std::unique_ptr<Store> store_;
};

}  // namespace grove::testing
