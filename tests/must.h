// must(): unwraps a core Result in a test, failing the test with the core's message when refused.
#pragma once

#include <doctest/doctest.h>
#include <utility>

#include "core/storage/result.h"

namespace grove::testing {

template <class T>
T must(Result<T> result) {
    if (!result) FAIL("the core refused: " << result.error().message);
    return std::move(result).value();
}

inline void must(Result<void> result) {
    if (!result) FAIL("the core refused: " << result.error().message);
}

}  // namespace grove::testing
