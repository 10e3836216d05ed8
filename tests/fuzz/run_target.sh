#!/bin/sh
# SPDX-License-Identifier: Apache-2.0

# Runs one libFuzzer target for a fixed time over its seed corpus; exits non-zero on a crash,
# sanitizer report, leak, timeout (-timeout) or out-of-memory (-rss_limit_mb).
#   run_target.sh BINARY SEEDS SCRATCH FINDINGS SECONDS [DICT]
# New corpus entries go to SCRATCH (emptied first), never into the committed SEEDS; the input
# that failed is written to FINDINGS/<target>-crash-... (or -leak-, -timeout-, -oom-).
set -eu
binary=$1 seeds=$2 scratch=$3 findings=$4 seconds=$5 dict=${6:-}
name=$(basename "$binary")
rm -rf "$scratch"
mkdir -p "$scratch" "$findings"
set -- -max_total_time="$seconds" -timeout=5 -rss_limit_mb=256 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$findings/$name-"
[ -n "$dict" ] && set -- "$@" -dict="$dict"
exec "$binary" "$@" "$scratch" "$seeds"
