#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The man page renders without a single groff warning, fits 80 columns, and has its sections.
# Usage: test_man.sh PAGE (the source man/vmrun.1, or an installed vmrun.1.gz)
set -euo pipefail
page=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

source_text=$(if [[ $page == *.gz ]]; then gzip -dc "$page"; else cat "$page"; fi)
warnings=$(groff -man -ww -z <<<"$source_text" 2>&1) || fail "groff exited non-zero"
[[ -z $warnings ]] || fail "groff warnings:"$'\n'"$warnings"

stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT
rendered=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" 2>"$stderr_file") \
  || fail "man -l exited non-zero"
[[ ! -s $stderr_file ]] || fail "man -l warnings:"$'\n'"$(cat "$stderr_file")"
width=$(LC_ALL=C.UTF-8 wc -L <<<"$rendered")
((width <= 80)) || fail "a rendered line is $width columns wide"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "JSON OUTPUT" "EXIT STATUS" \
  ENVIRONMENT FILES "TLS AND KNOWN HOSTS" EXAMPLES COMPATIBILITY; do
  grep -qx "$section" <<<"$rendered" || fail "no $section section"
done
for text in "POWER COMMANDS" "GUEST OS COMMANDS" known_hosts VMRUN_PASSWORD --json --debug \
  '"vms"' '"error"' 'runProgramInGuest <Path to vmx file>' 'clone <Path to vmx file>'; do
  grep -qF -- "$text" <<<"$rendered" || fail "rendered page lacks: $text"
done
# Hyphenation would split option and variable names at line ends.
! grep -q $'\xe2\x80\x90$' <<<"$rendered" || fail "a word is hyphenated at a line end"

[[ $failures -eq 0 ]] && echo "1 passed, 0 failed" || echo "0 passed, $failures failed"
((failures == 0))
