#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The project stands on its own: a `git clone --no-local` of the source's committed HEAD into an
# empty temporary folder (nothing beside it: no ../shared, no other checkout) configures with the
# dev preset, builds the unit test binaries and passes them. Uncommitted changes are not in a
# clone: this tests HEAD (and says so when the working tree differs).
# Usage: test_clone.sh PROJECT_SOURCE_DIR
set -euo pipefail
src="$(cd "$1" && pwd -P)"
if ! command -v git >/dev/null; then
  echo "standalone clone skipped: git is not installed"
  exit 125
fi
if [ "$(git -C "$src" rev-parse --show-toplevel 2>/dev/null)" != "$src" ] ||
  ! head="$(git -C "$src" rev-parse --verify -q HEAD)"; then
  echo "standalone clone skipped: $src is not a git checkout"
  exit 125
fi
echo "testing a clone of HEAD $head"
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
  echo "note: $src has uncommitted changes; they are not in the clone"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone --quiet --no-local --no-hardlinks "$src" "$tmp/vmrun"
cd "$tmp/vmrun"
git checkout --quiet --detach "$head"
[ "$(ls -A "$tmp")" = vmrun ] || { echo "FAIL: $tmp holds more than the clone"; exit 1; }

# Nothing from the caller's environment that points outside the clone.
unset VMRUN_VIM25_DIR
cmake --preset dev >/dev/null
# Every unit test binary the project registers (each unit_* test runs a target of its name).
mapfile -t targets < <(ctest --preset dev -N -R '^unit_' |
  sed -n 's/^ *Test *#[0-9]*: \(unit_[a-z]*\)$/\1/p' | sort -u)
[ ${#targets[@]} -gt 0 ] || { echo "FAIL: no unit tests registered"; exit 1; }
cmake --build --preset dev -j2 --target "${targets[@]}"
ctest --preset dev -R '^unit_' --no-tests=error
