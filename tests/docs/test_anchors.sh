#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Every `docs/<file>.md#<anchor>` that the sources, tests and docs cite names an anchor that the
# file has (`<a id="<anchor>"></a>`), so a rule cited in a comment can always be found. Prints
# each dangling citation as file:line and exits 1 when there is one.
#
# Usage: test_anchors.sh REPOSITORY
set -euo pipefail

repo=${1:?usage: test_anchors.sh REPOSITORY}
cd "$repo"

missing=0
cited=0
while IFS= read -r hit; do
  where=${hit%%:docs/*}
  ref=docs/${hit#*:docs/}
  file=${ref%%#*}
  anchor=${ref#*#}
  cited=$((cited + 1))
  if [[ ! -f $file ]] || ! grep -qF "<a id=\"$anchor\"></a>" "$file"; then
    echo "$where: cites $ref, which has no such anchor"
    missing=$((missing + 1))
  fi
done < <(grep -rnoE --exclude-dir=build --exclude-dir=.git --exclude-dir=corpus \
           'docs/[a-z_-]+\.md#[A-Za-z0-9_-]+' src tests tools include perl docs README.md ARCHITECTURE.md)

if ((missing > 0)); then
  echo "docs_anchors: $missing of $cited citations name no anchor"
  exit 1
fi
echo "docs_anchors: $cited citations, every anchor found"
