# SPDX-License-Identifier: Apache-2.0

# INTERFACE target linked privately into every first-party target: warnings and sanitizers.
add_library(vmrun_settings INTERFACE)
target_compile_options(vmrun_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wnull-dereference -Wcast-align -Wextra-semi -Wunused)
if(VMRUN_WERROR)
  target_compile_options(vmrun_settings INTERFACE -Werror)
endif()
target_compile_definitions(vmrun_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(VMRUN_SANITIZE)
  target_compile_options(vmrun_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(vmrun_settings INTERFACE -fsanitize=address,undefined)
endif()
if(VMRUN_TSAN)
  if(VMRUN_SANITIZE)
    message(FATAL_ERROR "VMRUN_TSAN and VMRUN_SANITIZE cannot be combined")
  endif()
  target_compile_options(vmrun_settings INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(vmrun_settings INTERFACE -fsanitize=thread)
endif()
if(VMRUN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "VMRUN_FUZZ needs clang++ (libFuzzer): use the fuzz preset")
  endif()
  # Coverage for libFuzzer in every first-party object; the fuzz executables add the
  # libFuzzer runtime itself (-fsanitize=fuzzer, tests/fuzz).
  target_compile_options(vmrun_settings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(vmrun_settings INTERFACE -fsanitize=address,undefined)
  # Bounds checks inside objects too (a std::string's inline buffer is invisible to ASan).
  target_compile_definitions(vmrun_settings INTERFACE _GLIBCXX_ASSERTIONS)
endif()
