#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# libvixAllProducts.so exports exactly the 73 functions of tests/vix/exports.txt (no data, no
# other function: everything else is local through src/vix/exports.map, which must list the same
# names), and its SONAME is the unversioned libvixAllProducts.so that programs linked against
# VMware's library record.
# Usage: test_exports.sh LIBRARY SOURCE_DIR
set -euo pipefail
lib=$1
src=$(cd "$2" && pwd)
expected="$src/tests/vix/exports.txt"
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

[[ $(basename "$lib") == libvixAllProducts.so ]] && pass \
  || fail "the library file is $(basename "$lib"), not libvixAllProducts.so"

# Defined dynamic symbols: "name type" pairs (nm -P prints name, type, value, size).
symbols=$(nm -D -P --defined-only "$lib" | awk '{print $1, $2}')
functions=$(awk '$2 == "T" {print $1}' <<<"$symbols" | sort)
[[ $functions == "$(cat "$expected")" ]] && pass \
  || fail "exported functions differ from exports.txt (< library, > expected):"$'\n'"$(diff \
    <(echo "$functions") "$expected")"
others=$(awk '$2 != "T"' <<<"$symbols")
[[ -z $others ]] && pass || fail "other defined dynamic symbols are exported:"$'\n'"$others"

mapped=$(sed -n 's/^ *\(Vix[A-Za-z0-9_]*\);$/\1/p' "$src/src/vix/exports.map" | sort)
[[ $mapped == "$(cat "$expected")" ]] && pass \
  || fail "src/vix/exports.map differs from exports.txt:"$'\n'"$(diff \
    <(echo "$mapped") "$expected")"

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME) *Library soname: \[\(.*\)\]/\1/p')
[[ $soname == libvixAllProducts.so ]] && pass \
  || fail "SONAME is '${soname}', not libvixAllProducts.so"

finish
