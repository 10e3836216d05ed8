#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Every error code the library can return has a text of its own in Vix_GetErrorText: each VIX_E_*
# name the library's sources use and each code core raises (src/core/errors/error.h, named like
# the VIX constants) is compiled into a program that asks the built library for its text; only
# VIX_E_FAIL may read "Unknown error". Missing texts are listed one per line.
# Usage: test_error_texts.sh CC LIBRARY SOURCE_DIR
set -euo pipefail
cc=$1
library=$2
src=$(cd "$3" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

mapfile -t names < <({
  grep -rhoE 'VIX_E_[A-Z0-9_]+' "$src/src/vix"
  sed -n 's/^inline constexpr int \([a-z_]*\) = .*/VIX_E_\1/p' "$src/src/core/errors/error.h" |
    tr '[:lower:]' '[:upper:]'
} | sort -u)
((${#names[@]} > 30)) && pass || fail "found only ${#names[@]} codes in the sources"
{
  echo '#include <stdio.h>'
  echo '#include <vix.h>'
  echo 'int main(void) {'
  for name in "${names[@]}"; do
    printf '  printf("%%s\\t%%s\\n", "%s", Vix_GetErrorText(%s, NULL));\n' "$name" "$name"
  done
  echo '  return 0;'
  echo '}'
} >"$scratch/texts.c"
"$cc" -std=c99 -Wall -Wextra -Werror -I"$src/include/vmware-vix" -o "$scratch/texts" \
  "$scratch/texts.c" "$library" -Wl,-rpath,"$(dirname "$library")"
while IFS=$'\t' read -r name text; do
  if [[ $name != VIX_E_FAIL && ($text == "Unknown error" || -z $text) ]]; then
    fail "$name has no text: \"$text\""
  else
    pass
  fi
done < <("$scratch/texts")
finish
