// What the fuzz targets share: an organisation in memory to read files against, built once per process.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/grove.h"

namespace grove::fuzz {

// A failure the target's own setup hit (not the input's fault): stop loudly.
template <typename T>
T must(Result<T> result) {
    if (!result) std::abort();
    return std::move(*result);
}
inline void must(Result<void> result) {
    if (!result) std::abort();
}

// A fresh in-memory database with no organisation.
inline std::unique_ptr<Store> empty_store() {
    StoreOptions options;
    options.seed = 7;
    std::int64_t clock = 1'700'000'000'000;
    options.clock = [clock]() mutable { return clock += 1000; };
    return must(Store::open(":memory:", options));
}

// The demo district (departments, fields, people, groups, memberships, roles), made once.
inline Store& demo_store() {
    static std::unique_ptr<Store> store = [] {
        auto made = empty_store();
        must(generate_demo(*made, demo_district()));
        return made;
    }();
    return *store;
}

inline Id demo_owner() {
    static Id owner = *owner_id(demo_store());
    return owner;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace grove::fuzz
