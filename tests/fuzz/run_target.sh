#!/bin/sh
# SPDX-License-Identifier: Apache-2.0

# Runs one libFuzzer target for a fixed time over its seed corpus; exits non-zero on a crash,
# sanitizer report, leak, timeout (-timeout) or out-of-memory (-rss_limit_mb). A fixed SEED
# makes the run repeatable: the same inputs in the same order on every machine (a slower one
# gets through fewer of them), so the test stage passes or fails the same way locally and in
# CI; open-ended random fuzzing is scripts/fuzz.sh's job.
#   run_target.sh BINARY SEEDS SCRATCH FINDINGS SECONDS SEED [DICT]
# New corpus entries go to SCRATCH (emptied first), never into the committed SEEDS; the input
# that failed is written to FINDINGS/<target>-crash-... (or -leak-, -timeout-, -oom-).
set -eu
binary=$1 seeds=$2 scratch=$3 findings=$4 seconds=$5 seed=$6 dict=${7:-}
name=$(basename "$binary")
rm -rf "$scratch"
mkdir -p "$scratch" "$findings"
set -- -max_total_time="$seconds" -seed="$seed" -timeout=5 -rss_limit_mb=256 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$findings/$name-"
[ -n "$dict" ] && set -- "$@" -dict="$dict"
exec "$binary" "$@" "$scratch" "$seeds"
