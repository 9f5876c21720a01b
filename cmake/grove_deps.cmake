# Third-party sources fetched by toolchain/setup (pinned, checksummed) and Debian's header-only libraries.
set(GROVE_SQLITE_DIR "${GROVE_DEPS_DIR}/sqlite-3.53.2")
set(GROVE_IMGUI_DIR "${GROVE_DEPS_DIR}/imgui-1.86")
set(GROVE_UTF8PROC_DIR "${GROVE_DEPS_DIR}/utf8proc-2.8.0")
foreach(required "${GROVE_SQLITE_DIR}/sqlite3.c" "${GROVE_IMGUI_DIR}/imgui.cpp" "${GROVE_UTF8PROC_DIR}/utf8proc.c")
  if(NOT EXISTS "${required}")
    message(FATAL_ERROR "${required} is missing: run ./toolchain/setup first.")
  endif()
endforeach()

# SQLite: the same amalgamation natively and in WebAssembly.
add_library(grove_sqlite STATIC "${GROVE_SQLITE_DIR}/sqlite3.c")
target_include_directories(grove_sqlite SYSTEM PUBLIC "${GROVE_SQLITE_DIR}")
target_compile_definitions(grove_sqlite PUBLIC
  SQLITE_THREADSAFE=0 SQLITE_OMIT_LOAD_EXTENSION SQLITE_DQS=0 SQLITE_DEFAULT_MEMSTATUS=0
  SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE)
set_target_properties(grove_sqlite PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_sqlite PRIVATE -w)

# utf8proc: Unicode normalisation and case folding (utf8proc.c includes its tables, utf8proc_data.c).
add_library(grove_utf8proc STATIC "${GROVE_UTF8PROC_DIR}/utf8proc.c")
target_include_directories(grove_utf8proc SYSTEM PUBLIC "${GROVE_UTF8PROC_DIR}")
target_compile_definitions(grove_utf8proc PUBLIC UTF8PROC_STATIC)
set_target_properties(grove_utf8proc PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_utf8proc PRIVATE -w)

# Header-only libraries from Debian. The wasm build must not see /usr/include as a whole (it would
# pick up glibc's headers), so each library is reached through a folder holding only its own link.
set(GROVE_HEADER_SHIM "${CMAKE_BINARY_DIR}/_headers")
file(MAKE_DIRECTORY "${GROVE_HEADER_SHIM}")
foreach(lib nlohmann doctest stb)
  if(NOT EXISTS "/usr/include/${lib}")
    message(FATAL_ERROR "/usr/include/${lib} is missing: run ./toolchain/setup first.")
  endif()
  if(NOT EXISTS "${GROVE_HEADER_SHIM}/${lib}")
    file(CREATE_LINK "/usr/include/${lib}" "${GROVE_HEADER_SHIM}/${lib}" SYMBOLIC)
  endif()
endforeach()
add_library(grove_json INTERFACE)
target_include_directories(grove_json SYSTEM INTERFACE "${GROVE_HEADER_SHIM}")
add_library(grove_stb INTERFACE)
target_include_directories(grove_stb SYSTEM INTERFACE "${GROVE_HEADER_SHIM}")
add_library(grove_doctest INTERFACE)
target_include_directories(grove_doctest SYSTEM INTERFACE "${GROVE_HEADER_SHIM}")
