# SPDX-License-Identifier: Apache-2.0

# Sourced by the tests/vix scripts: a scratch folder removed on exit, pass/fail counters, and
# `finish`, which prints the counts and exits non-zero when a check failed.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
passes=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }
finish() {
  echo "$passes passed, $failures failed"
  ((failures == 0))
}
