# Runs a program and fails unless its standard output equals a file (used to keep docs generated).
# cmake -DPROGRAM=... -DARGS="a;b" -DEXPECTED=file -P check_output.cmake
execute_process(COMMAND "${PROGRAM}" ${ARGS} OUTPUT_VARIABLE actual RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} ${ARGS} exited with ${code}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "${EXPECTED} is out of date: regenerate it with `${PROGRAM} ${ARGS} > ${EXPECTED}`")
endif()
