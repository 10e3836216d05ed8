#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Installs the Debian 12 packages vmrun needs to build, test, run its demo and its benchmark
# (only the missing ones; apt-get runs only when something is missing).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libcli11-dev libcurl4-openssl-dev libxml2-dev libssl-dev libfmt-dev doctest-dev
  golang-go golang-github-vmware-govmomi-dev bubblewrap
  man-db zsh fish dpkg-dev debhelper lintian clang-format
  clang libclang-rt-14-dev
  python3-pyvmomi time curl
  perl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >&2
