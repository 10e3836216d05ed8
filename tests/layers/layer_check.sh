#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The layers' order, checked on every `#include "..."` under a source tree (default: the
# repository's src/): util <- transport <- core <- {cli, vix}. A layer includes only itself and
# the layers below it; cli and vix never include each other; the program (files directly in
# src/) includes cli and below. vmware-vix/ (the public VIX headers) belongs to vix. Prints one
# line per offending include, `file:line: ...`, and exits 1 when there is any.
#
# Usage: layer_check.sh [SRC_DIR]
set -euo pipefail

src=${1:-"$(cd "$(dirname "$0")/../.." && pwd)/src"}
if [[ ! -d $src ]]; then
  echo "layer_check: no such directory: $src" >&2
  exit 2
fi

# The layers each layer may include.
declare -A allowed=(
  [util]="util"
  [transport]="transport util"
  [core]="core transport util"
  [cli]="cli core transport util"
  [vix]="vix vmware-vix core transport util"
  [program]="cli core transport util"
)

# Sets `layer` to the layer a path under src/ (or an include's path) belongs to; empty when
# none. (A variable, not output: a subshell per include would make the check slow.)
layer_of() {
  case $1 in
    util/*) layer=util ;;
    transport/*) layer=transport ;;
    core/*/*) layer=core ;;
    cli/*) layer=cli ;;
    vix/*) layer=vix ;;
    vmware-vix/*) layer=vmware-vix ;;
    */*) layer="" ;;
    *) layer=program ;;
  esac
}

name=$(basename "$src") # messages name files as src/...
failures=0
checked=0

while IFS= read -r -d '' file; do
  rel=${file#"$src"/}
  layer_of "$rel"
  if [[ -z $layer || $layer == vmware-vix ]]; then
    echo "$name/$rel:1: not in a layer (util, transport, core/<subject>, cli, vix or src/ itself)"
    failures=$((failures + 1))
  fi
done < <(find "$src" -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.c' \) -print0)

# One grep for all files: `path:line:#include "target"`, in a stable order.
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  target=${rest#*\"}
  target=${target%%\"*}
  rel=${file#"$src"/}
  checked=$((checked + 1))
  layer_of "$rel"
  from=$layer
  if [[ -z $from || $from == vmware-vix ]]; then
    continue # reported above
  fi
  # An include by a bare name is relative to the including file's folder.
  if [[ $target != */* && $rel == */* ]]; then
    target="${rel%/*}/$target"
  fi
  layer_of "$target"
  to=$layer
  if [[ -z $to || $to == program ]]; then
    echo "$name/$rel:$line: includes \"$target\", which is in no layer"
    failures=$((failures + 1))
  elif [[ " ${allowed[$from]} " != *" $to "* ]]; then
    echo "$name/$rel:$line: includes \"$target\": $from may include only ${allowed[$from]// /, }"
    failures=$((failures + 1))
  fi
done < <(grep -rnE --include='*.h' --include='*.cpp' --include='*.c' \
           '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$src" | LC_ALL=C sort -t: -k1,1 -k2,2n)

if ((failures > 0)); then
  echo "layer_check: $failures include(s) against the layer order"
  exit 1
fi
echo "layer_check: $checked includes, all in order"
