#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# layer_check.sh can fail: on a copy of src/ with one include against the order per rule, it
# must exit 1 and name each of them by file and line; on the copy as it was, it must pass.
#
# Usage: test_layer_check.sh SRC_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${1:?usage: test_layer_check.sh SRC_DIR}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$src" "$scratch/src"

if ! bash "$here/layer_check.sh" "$scratch/src" >"$scratch/clean.out"; then
  echo "FAIL: the unchanged copy does not pass:"
  cat "$scratch/clean.out"
  exit 1
fi

# Each line: a file of the copy, and an include it must not have.
bad=(
  "util/url.cpp transport/deadline.h"
  "transport/deadline.cpp core/errors/error.h"
  "core/vm/power.cpp cli/output.h"
  "core/vm/power.h vmware-vix/vix.h"
  "cli/run.cpp vix/errors.h"
  "vix/job.cpp cli/run.h"
  "main.cpp vix/api.h"
)
for entry in "${bad[@]}"; do
  read -r file include <<<"$entry"
  # After the SPDX line, so the line number is known: 2.
  sed -i "1a #include \"$include\"" "$scratch/src/$file"
done

status=0
bash "$here/layer_check.sh" "$scratch/src" >"$scratch/bad.out" || status=$?
if ((status != 1)); then
  echo "FAIL: layer_check.sh exited $status on the bad includes, not 1:"
  cat "$scratch/bad.out"
  exit 1
fi
for entry in "${bad[@]}"; do
  read -r file include <<<"$entry"
  if ! grep -qF "src/$file:2: includes \"$include\"" "$scratch/bad.out"; then
    echo "FAIL: src/$file:2 including $include was not reported; the output was:"
    cat "$scratch/bad.out"
    exit 1
  fi
done
echo "layer_check.sh refused all ${#bad[@]} bad includes, each by file and line"
