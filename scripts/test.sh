#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The whole test suite: installs what is missing, builds, and runs the unit tests, the
# integration suite against the simulator and the schema check (skipped, saying how to enable
# it, without VMRUN_VIM25_DIR), first in the developer build (warnings as errors, plus a build of
# a fresh clone of HEAD), then under AddressSanitizer and UndefinedBehaviorSanitizer, then the C
# library's tests under ThreadSanitizer; last, a short run of every fuzz target (clang,
# libFuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

jobs=$(nproc)
# Each stage's wall time, printed at the end (the suite must stay well inside CI's limit).
timings=()
stage_start=$SECONDS
stage_done() {
  timings+=("$(printf '%-6s %4d s' "$1" $((SECONDS - stage_start)))")
  stage_start=$SECONDS
}
print_timings() {
  echo "==> stage times" >&2
  printf '  %s\n' "${timings[@]}" >&2
}
trap print_timings EXIT

for preset in dev asan; do
  echo "==> $preset: configure and build" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "==> $preset: test" >&2
  # Side by side: the integration suite's parts mostly wait; the tests that build (packaging,
  # the standalone clone) take both slots (their PROCESSORS), the fan-out tests run alone.
  ctest --preset "$preset" -j "$jobs"
  # ctest lists skipped tests without their output; print each reason given ("... skipped: how
  # to enable it") once.
  grep -h '^[a-z ]* skipped: ' "build/$preset/Testing/Temporary/LastTest.log" | sort -u >&2 || true
  stage_done "$preset"
done

# The C library's threads under ThreadSanitizer: only the library and its C tests.
echo "==> tsan: configure and build" >&2
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs"
echo "==> tsan: test" >&2
ctest --preset tsan -j 1 --no-tests=error
stage_done tsan

echo "==> fuzz: configure and build" >&2
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
echo "==> fuzz: test" >&2
ctest --preset fuzz -j "$jobs"
stage_done fuzz
