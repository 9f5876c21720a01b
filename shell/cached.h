// Cached<T>: a view model recomputed only when the store's data of the kinds it shows changed.
#pragma once

#include <cstdint>
#include <limits>

#include "core/storage/store.h"

namespace grove::ui {

// A value computed from the store, recomputed when the store's revision for `kinds` moved.
template <class T>
struct Cached {
    T value{};
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();

    template <class Compute>
    T& get(Store& store, std::uint32_t kinds, Compute&& compute) {
        std::uint64_t now = store.revision_of(kinds);
        if (now != stamp) {
            value = compute();
            stamp = now;
        }
        return value;
    }
    void invalidate() { stamp = std::numeric_limits<std::uint64_t>::max(); }
};

}  // namespace grove::ui
