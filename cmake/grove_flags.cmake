# Compiler flags shared by every Grove target: warnings, assertions, sanitizers.
# Off, each for a reason (docs/testing.md): missing-field-initializers, because designated initialisers that leave
# fields at their defaults are how commands and options are written ({.group = g, .person = p}).
add_library(grove_flags INTERFACE)
target_compile_options(grove_flags INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
option(GROVE_WERROR "Stop the build on any warning in Grove's own code" ON)
if(GROVE_WERROR)
  target_compile_options(grove_flags INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports -Wrestrict for `"literal" + std::to_string(n)` at -O2 (a known false positive).
  target_compile_options(grove_flags INTERFACE -Wno-restrict)
endif()

if(GROVE_ASSERTIONS)
  # Release builds define NDEBUG; take it back out so assert() stays on.
  foreach(var CMAKE_C_FLAGS_RELEASE CMAKE_CXX_FLAGS_RELEASE CMAKE_C_FLAGS_RELWITHDEBINFO CMAKE_CXX_FLAGS_RELWITHDEBINFO)
    string(REPLACE "-DNDEBUG" "" ${var} "${${var}}")
    set(${var} "${${var}}" CACHE STRING "" FORCE)
  endforeach()
endif()

if(GROVE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(GROVE_WASM)
  # The core reports database failures by throwing DbError and catching it at the command boundary;
  # Emscripten 3.1.6 aborts on any throw unless exceptions are enabled everywhere.
  # "wasm" (the engine's own exception handling: Chromium 95, Firefox 100, Safari 15.2, Node 17) is smaller
  # and faster than "js" (Emscripten's emulation, every call that may throw goes through a JavaScript
  # invoke_* wrapper); docs/performance.md, First visit.
  set(GROVE_WASM_EXCEPTIONS "wasm" CACHE STRING
    "C++ exceptions in WebAssembly: wasm (the engine's own) or js (Emscripten's emulation through JavaScript)")
  if(GROVE_WASM_EXCEPTIONS STREQUAL "wasm")
    add_compile_options(-fwasm-exceptions)
    add_link_options(-fwasm-exceptions)
  else()
    add_compile_options(-fexceptions)
    add_link_options(-fexceptions)
  endif()
  # The optimisation level of Grove's code, ImGui and the link (wasm-opt); it comes after the build
  # type's -O3 on the command line, so it wins. With wasm exceptions, -O2 is smaller than the old -O3 with
  # JavaScript exceptions and faster in the frame bench; -Os/-Oz slow the per-frame loops 3-6x
  # (docs/performance.md, First visit). Cold third-party code has its own level (GROVE_WASM_COLD_OPTIMIZE,
  # cmake/grove_deps.cmake).
  set(GROVE_WASM_OPTIMIZE "-O2" CACHE STRING "Optimisation flag of Grove's own code and of the wasm link")
  add_compile_options(${GROVE_WASM_OPTIMIZE})
  add_link_options(${GROVE_WASM_OPTIMIZE})
  # Node 20 has fetch(), which Emscripten 3.1.6 then uses for a file path; compile synchronously instead.
  set(GROVE_NODE_LINK_FLAGS -sWASM_ASYNC_COMPILATION=0 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
endif()
