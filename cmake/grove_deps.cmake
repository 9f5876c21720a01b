# Third-party sources fetched by toolchain/setup (pinned, checksummed) and Debian's header-only libraries.
set(GROVE_SQLITE_DIR "${GROVE_DEPS_DIR}/sqlite-3.53.2")
set(GROVE_IMGUI_DIR "${GROVE_DEPS_DIR}/imgui-1.90.1")
set(GROVE_UTF8PROC_DIR "${GROVE_DEPS_DIR}/utf8proc-2.8.0")
set(GROVE_HARFBUZZ_DIR "${GROVE_DEPS_DIR}/harfbuzz-6.0.0")
set(GROVE_FRIBIDI_DIR "${GROVE_DEPS_DIR}/fribidi-1.0.8")
set(GROVE_STB_DIR "${GROVE_DEPS_DIR}/stb-0.0~git20241109.5c20573")
set(GROVE_ARGON2_DIR "${GROVE_DEPS_DIR}/argon2-20190702")
set(GROVE_ZLIB_DIR "${GROVE_DEPS_DIR}/zlib-1.2.13")
foreach(required "${GROVE_SQLITE_DIR}/sqlite3.c" "${GROVE_IMGUI_DIR}/imgui.cpp" "${GROVE_UTF8PROC_DIR}/utf8proc.c"
                 "${GROVE_HARFBUZZ_DIR}/src/harfbuzz.cc" "${GROVE_FRIBIDI_DIR}/lib/fribidi.c"
                 "${GROVE_STB_DIR}/stb/stb_image.h" "${GROVE_ARGON2_DIR}/src/argon2.c"
                 "${GROVE_ZLIB_DIR}/contrib/minizip/unzip.c")
  if(NOT EXISTS "${required}")
    message(FATAL_ERROR "${required} is missing: run ./toolchain/setup first.")
  endif()
endforeach()

# SQLite: the same amalgamation natively and in WebAssembly.
add_library(grove_sqlite STATIC "${GROVE_SQLITE_DIR}/sqlite3.c")
target_include_directories(grove_sqlite SYSTEM PUBLIC "${GROVE_SQLITE_DIR}")
target_compile_definitions(grove_sqlite PUBLIC
  SQLITE_THREADSAFE=0 SQLITE_OMIT_LOAD_EXTENSION SQLITE_DQS=0 SQLITE_DEFAULT_MEMSTATUS=0
  SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE
  # The session extension records each command's changes as a changeset, which undo inverts (core/storage/undo_log.cpp).
  SQLITE_ENABLE_SESSION SQLITE_ENABLE_PREUPDATE_HOOK)
set_target_properties(grove_sqlite PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_sqlite PRIVATE -w)

# utf8proc: Unicode normalisation and case folding (utf8proc.c includes its tables, utf8proc_data.c).
add_library(grove_utf8proc STATIC "${GROVE_UTF8PROC_DIR}/utf8proc.c")
target_include_directories(grove_utf8proc SYSTEM PUBLIC "${GROVE_UTF8PROC_DIR}")
target_compile_definitions(grove_utf8proc PUBLIC UTF8PROC_STATIC)
set_target_properties(grove_utf8proc PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_utf8proc PRIVATE -w)

# Argon2: the reference implementation (portable C, no SSE), for the passphrase lock of org roles (F41,
# core/access/lock.cpp). One lane, so no threads: ARGON2_NO_THREADS leaves pthreads out natively and in wasm.
add_library(grove_argon2 STATIC
  "${GROVE_ARGON2_DIR}/src/argon2.c"
  "${GROVE_ARGON2_DIR}/src/core.c"
  "${GROVE_ARGON2_DIR}/src/encoding.c"
  "${GROVE_ARGON2_DIR}/src/ref.c"
  "${GROVE_ARGON2_DIR}/src/thread.c"
  "${GROVE_ARGON2_DIR}/src/blake2/blake2b.c")
target_include_directories(grove_argon2 SYSTEM PUBLIC "${GROVE_ARGON2_DIR}/include")
target_include_directories(grove_argon2 PRIVATE "${GROVE_ARGON2_DIR}/src")
target_compile_definitions(grove_argon2 PUBLIC ARGON2_NO_THREADS)
set_target_properties(grove_argon2 PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_argon2 PRIVATE -w)

# zlib and minizip (its contrib/minizip: ioapi, unzip, zip), for the zip files rosters come in (core/exchange/zip.cpp).
# The same sources natively and in wasm (Emscripten's USE_ZLIB port would download). No gz* file API, no
# iowin32, no encryption (NOCRYPT, NOUNCRYPT); Grove reads and writes zips in memory through its own ioapi
# functions, so the stdio ones use plain fopen (IOAPI_NO_64).
add_library(grove_zlib STATIC
  "${GROVE_ZLIB_DIR}/adler32.c"
  "${GROVE_ZLIB_DIR}/compress.c"
  "${GROVE_ZLIB_DIR}/crc32.c"
  "${GROVE_ZLIB_DIR}/deflate.c"
  "${GROVE_ZLIB_DIR}/infback.c"
  "${GROVE_ZLIB_DIR}/inffast.c"
  "${GROVE_ZLIB_DIR}/inflate.c"
  "${GROVE_ZLIB_DIR}/inftrees.c"
  "${GROVE_ZLIB_DIR}/trees.c"
  "${GROVE_ZLIB_DIR}/uncompr.c"
  "${GROVE_ZLIB_DIR}/zutil.c")
target_include_directories(grove_zlib SYSTEM PUBLIC "${GROVE_ZLIB_DIR}")
set_target_properties(grove_zlib PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_zlib PRIVATE -w)
add_library(grove_minizip STATIC
  "${GROVE_ZLIB_DIR}/contrib/minizip/ioapi.c"
  "${GROVE_ZLIB_DIR}/contrib/minizip/unzip.c"
  "${GROVE_ZLIB_DIR}/contrib/minizip/zip.c")
target_include_directories(grove_minizip SYSTEM PUBLIC "${GROVE_ZLIB_DIR}/contrib/minizip")
target_compile_definitions(grove_minizip PUBLIC NOCRYPT NOUNCRYPT IOAPI_NO_64)
target_link_libraries(grove_minizip PUBLIC grove_zlib)
set_target_properties(grove_minizip PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_minizip PRIVATE -w)

# HarfBuzz: text shaping, from its single-file build (src/harfbuzz.cc) with its own OpenType
# functions: no FreeType, no GLib, no ICU, no threads (the app draws on one thread).
add_library(grove_harfbuzz STATIC "${GROVE_HARFBUZZ_DIR}/src/harfbuzz.cc")
target_include_directories(grove_harfbuzz SYSTEM PUBLIC "${GROVE_HARFBUZZ_DIR}/src")
target_compile_definitions(grove_harfbuzz PRIVATE HB_NO_MT HAVE_ATEXIT=0)
set_target_properties(grove_harfbuzz PROPERTIES CXX_STANDARD 17 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_harfbuzz PRIVATE -w -fno-exceptions -fno-rtti)
# What Grove never asks of HarfBuzz, left out of the build (hb-config.hh): its fonts (assets/fonts.cmake)
# have no AAT, colour, bitmap, MATH or variation tables, text runs horizontally, and nothing draws,
# serialises or names through HarfBuzz. Shaping of the OpenType tables they do have is unchanged.
target_compile_definitions(grove_harfbuzz PRIVATE
  HB_DISABLE_DEPRECATED HB_NO_AAT HB_NO_BITMAP HB_NO_BUFFER_MESSAGE HB_NO_BUFFER_SERIALIZE HB_NO_BUFFER_VERIFY
  HB_NO_COLOR HB_NO_DRAW HB_NO_ERRNO HB_NO_FACE_COLLECT_UNICODES HB_NO_GETENV HB_NO_MATH HB_NO_META HB_NO_MMAP
  HB_NO_NAME HB_NO_OPEN HB_NO_OT_FONT_GLYPH_NAMES HB_NO_SETLOCALE HB_NO_STYLE HB_NO_SUBSET_LAYOUT HB_NO_VAR
  HB_NO_VERTICAL)

# FriBiDi: the Unicode bidirectional algorithm. Its release tarball carries the generated tables;
# fribidi-config.h is written here the way its meson.build does.
set(GROVE_FRIBIDI_GENERATED "${CMAKE_BINARY_DIR}/_fribidi")
file(MAKE_DIRECTORY "${GROVE_FRIBIDI_GENERATED}")
file(READ "${GROVE_FRIBIDI_DIR}/lib/fribidi-config.h.in" grove_fribidi_config)
foreach(pair "configure_input;generated by Grove's CMake" "PACKAGE;fribidi" "PACKAGE_NAME;GNU FriBidi"
             "PACKAGE_BUGREPORT;https://github.com/fribidi/fribidi/issues/new" "FRIBIDI_VERSION;1.0.8"
             "FRIBIDI_MAJOR_VERSION;1" "FRIBIDI_MINOR_VERSION;0" "FRIBIDI_MICRO_VERSION;8"
             "FRIBIDI_INTERFACE_VERSION;4" "SIZEOF_INT;4"
             "FRIBIDI_MSVC_BUILD_PLACEHOLDER;#undef FRIBIDI_BUILT_WITH_MSVC")
  list(GET pair 0 key)
  list(GET pair 1 value)
  string(REPLACE "@${key}@" "${value}" grove_fribidi_config "${grove_fribidi_config}")
endforeach()
file(CONFIGURE OUTPUT "${GROVE_FRIBIDI_GENERATED}/fribidi-config.h" CONTENT "${grove_fribidi_config}")
set(grove_fribidi_sources)
foreach(name fribidi fribidi-arabic fribidi-bidi fribidi-bidi-types fribidi-char-sets fribidi-char-sets-cap-rtl
             fribidi-char-sets-cp1255 fribidi-char-sets-cp1256 fribidi-char-sets-iso8859-6
             fribidi-char-sets-iso8859-8 fribidi-char-sets-utf8 fribidi-deprecated fribidi-joining
             fribidi-joining-types fribidi-mirroring fribidi-brackets fribidi-run fribidi-shape)
  list(APPEND grove_fribidi_sources "${GROVE_FRIBIDI_DIR}/lib/${name}.c")
endforeach()
add_library(grove_fribidi STATIC ${grove_fribidi_sources})
target_include_directories(grove_fribidi SYSTEM PUBLIC "${GROVE_FRIBIDI_DIR}/lib" "${GROVE_FRIBIDI_GENERATED}")
target_compile_definitions(grove_fribidi PUBLIC FRIBIDI_LIB_STATIC)
target_compile_definitions(grove_fribidi PRIVATE HAVE_STDLIB_H=1 HAVE_STRING_H=1 HAVE_STRINGIZE=1 STDC_HEADERS=1)
set_target_properties(grove_fribidi PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(grove_fribidi PRIVATE -w)

# Header-only libraries from Debian. The wasm build must not see /usr/include as a whole (it would
# pick up glibc's headers), so each library is reached through a folder holding only its own link.
set(GROVE_HEADER_SHIM "${CMAKE_BINARY_DIR}/_headers")
file(MAKE_DIRECTORY "${GROVE_HEADER_SHIM}")
foreach(lib nlohmann doctest)
  if(NOT EXISTS "/usr/include/${lib}")
    message(FATAL_ERROR "/usr/include/${lib} is missing: run ./toolchain/setup first.")
  endif()
  if(NOT EXISTS "${GROVE_HEADER_SHIM}/${lib}")
    file(CREATE_LINK "/usr/include/${lib}" "${GROVE_HEADER_SHIM}/${lib}" SYMBOLIC)
  endif()
endforeach()
add_library(grove_json INTERFACE)
target_include_directories(grove_json SYSTEM INTERFACE "${GROVE_HEADER_SHIM}")
# stb from trixie's source package (toolchain/versions.sh says why), as <stb/stb_image.h>.
add_library(grove_stb INTERFACE)
target_include_directories(grove_stb SYSTEM INTERFACE "${GROVE_STB_DIR}")
add_library(grove_doctest INTERFACE)
target_include_directories(grove_doctest SYSTEM INTERFACE "${GROVE_HEADER_SHIM}")

# In WebAssembly, third-party code that is not hot per frame is built for size: HarfBuzz shapes each
# string once (shell/text caches the result) and FriBiDi orders it once. SQLite, utf8proc (search folds
# every keystroke), Argon2 (the unlock waits for it) and ImGui keep the speed level (docs/performance.md,
# First visit).
if(GROVE_WASM)
  set(GROVE_WASM_COLD_OPTIMIZE "-Oz" CACHE STRING "Optimisation flag of cold third-party code in WebAssembly")
  set(GROVE_WASM_COLD_TARGETS "grove_harfbuzz;grove_fribidi" CACHE STRING
    "Third-party targets built with GROVE_WASM_COLD_OPTIMIZE in WebAssembly")
  foreach(target IN LISTS GROVE_WASM_COLD_TARGETS)
    target_compile_options(${target} PRIVATE ${GROVE_WASM_COLD_OPTIMIZE})
  endforeach()
endif()
