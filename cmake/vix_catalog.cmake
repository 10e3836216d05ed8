# SPDX-License-Identifier: Apache-2.0

cmake_policy(VERSION 3.25)
# Turns data/vix-errors.tsv (code, constant, text) into a C++ table.
# The first row of a code is the text observed at run time; later rows are documentation texts.
file(STRINGS "${IN}" lines ENCODING UTF-8)
set(body "")
set(seen "")
foreach(line IN LISTS lines)
  if(line MATCHES "^code\t")
    continue()
  endif()
  # A regex, not a CMake list: texts may contain ";" (the list separator).
  if(NOT line MATCHES "^([0-9]+)\t([^\t]*)\t(.*)$")
    message(FATAL_ERROR "malformed line in ${IN}: ${line}")
  endif()
  set(code "${CMAKE_MATCH_1}")
  set(constant "${CMAKE_MATCH_2}")
  set(text "${CMAKE_MATCH_3}")
  if(code IN_LIST seen)
    continue()
  endif()
  list(APPEND seen "${code}")
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(APPEND body "    {${code}, \"${constant}\", \"${text}\"},\n")
endforeach()
file(WRITE "${OUT}" "// Generated from data/vix-errors.tsv by cmake/vix_catalog.cmake. Do not edit.
#include \"core/errors/vix_catalog.h\"

namespace vmrun::core {

const std::vector<VixCatalogEntry>& vix_catalog()
{
  static const std::vector<VixCatalogEntry> entries{
${body}  };
  return entries;
}

} // namespace vmrun::core
")
