#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# scripts/fetch-wsdl.sh against the small WSDL in tests/data/schema (laid out like a host's:
# vimService.wsdl -> vim.wsdl -> includes and an import from a sub-folder), over file:// and,
# when python3 is there, over http:// from 127.0.0.1; and against the vSphere WSDL in
# VMRUN_VIM25_DIR when that is set (VMware's real import graph).
# Usage: test_fetch_wsdl.sh PROJECT_SOURCE_DIR
set -euo pipefail
src="$(cd "$1" && pwd)"
fetch="$src/scripts/fetch-wsdl.sh"
data="$src/tests/data/schema"
tmp="$(mktemp -d)"
server=
cleanup()
{
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail()
{
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# Fetches from $1 into $2, expects exactly the files of folder $3 and the VMRUN_VIM25_DIR line.
expect_copy()
{
  local url="$1" dest="$2" original="$3" out
  if ! out="$("$fetch" "$url" "$dest" 2>"$tmp/stderr")"; then
    fail "$url: exit status $?"; cat "$tmp/stderr"; return
  fi
  [ "$out" = "VMRUN_VIM25_DIR=$dest" ] || fail "$url: stdout is '$out'"
  diff -r "$original" "$dest" || fail "$url: the fetched files differ from $original"
}

expect_copy "file://$data" "$tmp/file" "$data"
expect_copy "file://$data/vimService.wsdl" "$tmp/file-wsdl" "$data"

if command -v python3 >/dev/null; then
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$data" >"$tmp/http.log" 2>&1 &
  server=$!
  port=
  for _ in $(seq 300); do
    port="$(sed -nE 's/.* port ([0-9]+) .*/\1/p' "$tmp/http.log")"
    [ -z "$port" ] || break
    sleep 0.1
  done
  if [ -n "$port" ]; then
    expect_copy "http://127.0.0.1:$port/" "$tmp/http" "$data"
  else
    fail "python3 -m http.server did not start"; cat "$tmp/http.log"
  fi
else
  echo "python3 is not installed: the http:// case is not run"
fi

# Locations that leave the base or name another server are refused, nothing else is fetched.
mkdir -p "$tmp/bad"
for location in "http://elsewhere.example/x.xsd" "../outside.xsd" "/etc/passwd"; do
  printf '<definitions><import location="%s"/></definitions>\n' "$location" \
    > "$tmp/bad/vimService.wsdl"
  if "$fetch" "file://$tmp/bad" "$tmp/bad-out" >/dev/null 2>"$tmp/stderr"; then
    fail "an import of $location was followed"
  fi
done
if "$fetch" >/dev/null 2>&1; then fail "no arguments: exit status 0"; fi

if [ -n "${VMRUN_VIM25_DIR:-}" ] && [ -f "$VMRUN_VIM25_DIR/vimService.wsdl" ]; then
  expect_copy "file://$(cd "$VMRUN_VIM25_DIR" && pwd)" "$tmp/vim25" "$VMRUN_VIM25_DIR"
else
  echo "VMRUN_VIM25_DIR is not set: the vSphere WSDL's import graph is not fetched"
fi

[ "$failures" -eq 0 ] || exit 1
echo "fetch-wsdl: all cases passed"
