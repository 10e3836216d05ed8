#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The integration suite runs in parts chosen by test-name patterns (tests/CMakeLists.txt): every
# test of the package must match exactly one part's pattern, or it would run twice or never.
# Usage: test_integration_parts.sh GO PATTERN... (the Go environment comes from the caller)
set -euo pipefail
go=$1
shift
mapfile -t tests < <("$go" test -list . vmrunsim/integration | grep '^Test')
[ ${#tests[@]} -gt 0 ] || { echo "FAIL: no tests listed"; exit 1; }
failures=0
for t in "${tests[@]}"; do
  matches=0
  for pattern in "$@"; do
    # The patterns use only what Go's regexp and POSIX ERE read alike.
    if grep -Eq -- "$pattern" <<<"$t"; then matches=$((matches + 1)); fi
  done
  if [ "$matches" -ne 1 ]; then
    echo "FAIL: $t is in $matches parts"
    failures=$((failures + 1))
  fi
done
echo "${#tests[@]} tests, $failures not in exactly one part"
[ "$failures" -eq 0 ]
