#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Every error code vix.h defines (VIX_OK, VIX_ASYNC, VIX_E_*) has, as the compiler sees it, the
# number data/vix-errors.tsv (the project's catalog of codes and texts) gives the same name, and
# every name of the catalog is in vix.h. Mismatches are listed one per line.
# Usage: test_error_codes.sh CC SOURCE_DIR
set -euo pipefail
cc=$1
src=$(cd "$2" && pwd)
header="$src/include/vmware-vix/vix.h"
tsv="$src/data/vix-errors.tsv"
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

# The header's codes with the values the compiler gives them (not a reading of the text).
mapfile -t names < <(sed -n 's/^ *\(VIX_OK\|VIX_ASYNC\|VIX_E_[A-Z0-9_]*\) = .*/\1/p' "$header")
# 263 codes of the 1.15 header, 7 that older headers had, VIX_OK and VIX_ASYNC.
((${#names[@]} == 272)) && pass || fail "vix.h defines ${#names[@]} error codes, not 272"
dupes=$(printf '%s\n' "${names[@]}" | sort | uniq -d)
[[ -z $dupes ]] && pass || fail "vix.h defines these twice: $dupes"
{
  echo '#include <stdio.h>'
  echo '#include <vix.h>'
  echo 'int main(void) {'
  for name in "${names[@]}"; do
    printf '  printf("%%s %%d\\n", "%s", (int)%s);\n' "$name" "$name"
  done
  echo '  return 0;'
  echo '}'
} >"$scratch/codes.c"
"$cc" -std=c89 -Wall -Wextra -pedantic -Werror -I"$src/include/vmware-vix" \
  -o "$scratch/codes" "$scratch/codes.c"
declare -A header_code
while read -r name value; do header_code[$name]=$value; done < <("$scratch/codes")
((${#header_code[@]} == ${#names[@]})) && pass || fail "the compiled list lost names"

# The catalog: column 1 the number, column 2 the name (VIX_E_NAME; a bare lower-case name such as
# `not_supported` means VIX_E_NOT_SUPPORTED). A name may repeat with other texts.
declare -A seen
with_text=0
while IFS=$'\t' read -r code constant _; do
  [[ $code == code ]] && continue
  name=${constant^^}
  [[ $name == VIX_* ]] || name="VIX_E_$name"
  [[ -n ${seen[$name]:-} ]] && continue
  seen[$name]=$code
  if [[ -z ${header_code[$name]:-} ]]; then
    fail "$name ($code in the catalog) is not in vix.h"
  elif [[ ${header_code[$name]} != "$code" ]]; then
    fail "$name is ${header_code[$name]} in vix.h but $code in the catalog"
  else
    pass
    with_text=$((with_text + 1))
  fi
done <"$tsv"

echo "note: $with_text of ${#names[@]} codes in vix.h have a text in data/vix-errors.tsv"
finish
