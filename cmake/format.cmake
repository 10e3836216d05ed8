# SPDX-License-Identifier: Apache-2.0

# `format-check` fails when clang-format (style in .clang-format) would change a C++ file of the
# project; `format` rewrites them. Both cover src, tools, tests/unit, tests/schema and tests/fuzz,
# and the C of the VIX headers (include/vmware-vix) and their compile tests (tests/vix/header).
find_program(VMRUN_CLANG_FORMAT NAMES clang-format clang-format-14)
file(GLOB_RECURSE VMRUN_FORMAT_FILES CONFIGURE_DEPENDS RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}"
  src/*.cpp src/*.h tools/*.cpp tools/*.h tests/unit/*.cpp tests/unit/*.h
  tests/schema/*.cpp tests/schema/*.h tests/fuzz/*.cpp tests/fuzz/*.h
  include/*.h tests/vix/header/*.c)
if(VMRUN_CLANG_FORMAT)
  add_custom_target(format-check
    COMMAND ${VMRUN_CLANG_FORMAT} --dry-run --Werror ${VMRUN_FORMAT_FILES}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "Checking the C++ sources against .clang-format"
    VERBATIM)
  add_custom_target(format
    COMMAND ${VMRUN_CLANG_FORMAT} -i ${VMRUN_FORMAT_FILES}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "Formatting the C++ sources with .clang-format"
    VERBATIM)
else()
  foreach(target format-check format)
    add_custom_target(${target}
      COMMAND ${CMAKE_COMMAND} -E echo "clang-format is not installed (scripts/install-deps.sh)"
      COMMAND ${CMAKE_COMMAND} -E false
      VERBATIM)
  endforeach()
endif()
