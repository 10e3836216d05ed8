#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Runs the libFuzzer targets (tests/fuzz) for longer than the ctest stage does:
#   scripts/fuzz.sh [TARGET...|all] [SECONDS]   (default: all targets, 300 s each, one at a time)
# Builds the fuzz preset first. Each target starts from its seeds (tests/fuzz/corpus/TARGET)
# plus what earlier runs found (build/fuzz/corpus/TARGET, where new inputs are written); a
# failing input goes to build/fuzz/findings/, the log to build/fuzz/logs/TARGET.log. Ends with
# one line per target: executions, coverage (cov, ft) and the result; exits 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/fuzz
all=()
for source in tests/fuzz/fuzz_*.cpp; do
  name=${source##*/fuzz_}
  all+=("${name%.cpp}")
done

seconds=300
targets=()
for arg in "$@"; do
  if [[ "$arg" =~ ^[0-9]+$ ]]; then
    seconds=$arg
  elif [ "$arg" = all ]; then
    targets+=("${all[@]}")
  elif [[ " ${all[*]} " == *" $arg "* ]]; then
    targets+=("$arg")
  else
    echo "usage: $0 [TARGET...|all] [SECONDS]; targets: ${all[*]}" >&2
    exit 2
  fi
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null
mkdir -p "$build/findings" "$build/logs"
# A small ASan quarantine: freed memory it keeps counts against -rss_limit_mb (as in ctest).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=16}"

failed=0
summary=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  log="$build/logs/$t.log"
  mkdir -p "$corpus"
  args=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=256 -max_len=16384
        -print_final_stats=1 -artifact_prefix="$build/findings/fuzz_$t-")
  [ -f "tests/fuzz/dict/$t.dict" ] && args+=(-dict="tests/fuzz/dict/$t.dict")
  echo "==> fuzz_$t for ${seconds}s (log: $log)" >&2
  status=ok
  nice "$build/tests/fuzz/fuzz_$t" "${args[@]}" "$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1 ||
    { status="FAILED (see $log and $build/findings/)"; failed=1; }
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\) .*/\1/p' <<<"$last")
  summary+=("$(printf '%-15s execs %-10s cov %-6s ft %-6s %s' "$t" "${execs:-?}" "${cov:-?}" \
    "${ft:-?}" "$status")")
done
printf '%s\n' "${summary[@]}"
exit "$failed"
