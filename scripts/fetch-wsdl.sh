#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Fetches the vSphere WSDL from an ESXi host or vCenter for the schema check (VMware's files are
# not part of this project): https://HOST/sdk/vimService.wsdl and every file it imports, followed
# recursively (<import location>, <import|include schemaLocation>, relative to the file that
# names them), into DEST (default: build/vim25 in the project). Prints the VMRUN_VIM25_DIR=...
# line to use.
#
#   scripts/fetch-wsdl.sh [--insecure] HOST[:PORT] [DEST]
#   scripts/fetch-wsdl.sh [--insecure] URL [DEST]
#
# URL is where vimService.wsdl lives (https://host/sdk, http://127.0.0.1:8000/, file:///dir) or
# the WSDL itself (.../vimService.wsdl). TLS is verified unless --insecure is given (a host with
# its self-signed certificate).
set -euo pipefail

usage()
{
  echo "usage: $0 [--insecure] HOST[:PORT]|URL [DEST]" >&2
  exit 2
}

curl_flags=(--fail --silent --show-error --location --proto '=https,http,file' --max-time 300)
args=()
for arg in "$@"; do
  case "$arg" in
    --insecure | -k) curl_flags+=(--insecure) ;;
    --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) args+=("$arg") ;;
  esac
done
[ ${#args[@]} -ge 1 ] && [ ${#args[@]} -le 2 ] || usage

source="${args[0]}"
case "$source" in
  *://*) ;;
  */* | "") usage ;;
  *) source="https://$source/sdk" ;;
esac
case "$source" in
  *.wsdl) start="${source##*/}"; base="${source%/*}/" ;;
  */) start=vimService.wsdl; base="$source" ;;
  *) start=vimService.wsdl; base="$source/" ;;
esac

dest="${args[1]:-$(dirname "$0")/../build/vim25}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

# The files named by import and include elements in an XML file, one per line: the value of
# `location` (WSDL) or `schemaLocation` (XML Schema) on elements named import or include, with
# any prefix; other location attributes (soap:address) are not followed.
references()
{
  tr '\n\r\t' '   ' < "$1" \
    | grep -oE '<([A-Za-z_][A-Za-z0-9_.-]*:)?(import|include)[[:space:]][^>]*>' \
    | grep -oE '[[:space:]](location|schemaLocation)[[:space:]]*=[[:space:]]*("[^"]*"|'"'[^']*'"')' \
    | sed -E 's/^[^=]*=[[:space:]]*.(.*).$/\1/' || true
}

# Paths relative to the base, normalised ("a/./b" -> "a/b", "a/../b" -> "b"); fails on anything
# that would leave DEST or names another server.
declare -A fetched=()
queue=("$start")
while [ ${#queue[@]} -gt 0 ]; do
  path="${queue[0]}"
  queue=("${queue[@]:1}")
  [ -z "${fetched[$path]+x}" ] || continue
  fetched[$path]=1
  mkdir -p "$dest/$(dirname "$path")"
  echo "fetching $base$path" >&2
  curl "${curl_flags[@]}" -o "$dest/$path.part" "$base$path" || {
    status=$?
    rm -f "$dest/$path.part"
    if [ "$status" -eq 60 ]; then
      echo "$0: the host's certificate is not trusted; --insecure fetches without checking it" >&2
    fi
    exit "$status"
  }
  mv "$dest/$path.part" "$dest/$path"
  dir="$(dirname "$path")"
  while IFS= read -r ref; do
    [ -n "$ref" ] || continue
    case "$ref" in
      *://* | /*)
        echo "$0: $path imports $ref: only relative locations are followed" >&2
        exit 1 ;;
    esac
    [ "$dir" = . ] && joined="$ref" || joined="$dir/$ref"
    normal=()
    IFS=/ read -ra parts <<< "$joined"
    for part in "${parts[@]}"; do
      case "$part" in
        "" | .) ;;
        ..)
          if [ ${#normal[@]} -eq 0 ]; then
            echo "$0: $path imports $ref, outside $base" >&2
            exit 1
          fi
          unset 'normal[-1]' ;;
        *) normal+=("$part") ;;
      esac
    done
    queue+=("$(IFS=/; echo "${normal[*]}")")
  done < <(references "$dest/$path")
done

if [ ! -f "$dest/vim.wsdl" ]; then
  echo "$0: warning: no vim.wsdl among the files fetched; the schema check needs it" >&2
fi
echo "${#fetched[@]} files in $dest" >&2
echo "VMRUN_VIM25_DIR=$dest"
