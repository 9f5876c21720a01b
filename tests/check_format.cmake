# Fails when a C++ file of Grove differs from what .clang-format makes of it (run by ctest as style.format).
# Usage: cmake -DCLANG_FORMAT=/usr/bin/clang-format -DSOURCE_DIR=<repo> -P check_format.cmake
file(GLOB_RECURSE files LIST_DIRECTORIES false
  "${SOURCE_DIR}/core/*.cpp" "${SOURCE_DIR}/core/*.h"
  "${SOURCE_DIR}/shell/*.cpp" "${SOURCE_DIR}/shell/*.h"
  "${SOURCE_DIR}/web/*.cpp" "${SOURCE_DIR}/web/*.h"
  "${SOURCE_DIR}/tools/*.cpp" "${SOURCE_DIR}/tools/*.h"
  "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.h")
list(FILTER files EXCLUDE REGEX "/node_modules/")
list(LENGTH files count)
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run --Werror ${files}
  WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE result ERROR_VARIABLE problems)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${problems}\nThese files are not formatted as .clang-format says; run\n"
    "  clang-format -i $(git ls-files '*.cpp' '*.h')\nfrom the repository's root.")
endif()
message(STATUS "${count} files formatted as .clang-format says.")
