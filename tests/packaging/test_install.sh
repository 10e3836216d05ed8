#!/usr/bin/env bash
# Installs the build into scratch roots and checks the installed files work where the system
# looks for them: `cmake --install` with DESTDIR under two prefixes, then `cpack -G DEB`
# unpacked with dpkg -x.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
passes=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }

# check_root ROOT PREFIX: the installed tree under ROOT/PREFIX.
check_root() {
  local root=$1 prefix=$2 base="$1$2"
  local -a files=(
    bin/vmrun
    share/man/man1/vmrun.1.gz
    share/bash-completion/completions/vmrun
    share/zsh/vendor-completions/_vmrun
    share/fish/vendor_completions.d/vmrun.fish
  )
  local f
  for f in "${files[@]}"; do
    [[ -f $base/$f ]] && pass || fail "$base/$f is missing"
  done
  local version
  version=$("$base/bin/vmrun" --version) || fail "installed vmrun --version exited non-zero"
  [[ $version =~ ^vmrun\ version\ [2-9][0-9]*\.[0-9]+\.[0-9]+\ build-[0-9]+$ ]] && pass \
    || fail "installed vmrun --version printed: $version"
  local page
  page=$(MANWIDTH=80 man -l "$base/share/man/man1/vmrun.1.gz" 2>&1) && pass || fail "man -l failed"
  grep -q '^EXIT STATUS$' <<<"$page" && pass || fail "installed man page lacks EXIT STATUS"
  "$src/tests/docs/test_man.sh" "$base/share/man/man1/vmrun.1.gz" >/dev/null && pass \
    || fail "installed man page: tests/docs/test_man.sh failed"
  # The installed bash completion registers itself.
  bash -c "source '$base/share/bash-completion/completions/vmrun' && complete -p vmrun" \
    | grep -q -- '-F _vmrun' && pass || fail "installed bash completion does not register"
  # Installed completions match the committed ones.
  cmp -s "$base/share/fish/vendor_completions.d/vmrun.fish" "$src/completions/vmrun.fish" && pass \
    || fail "installed fish completion differs"
}

# 1. cmake --install, honouring the prefix.
for prefix in /usr /opt/vmrun; do
  root="$scratch/install${prefix//\//-}"
  DESTDIR=$root cmake --install "$build" --prefix "$prefix" >/dev/null
  check_root "$root" "$prefix"
done

# 2. cpack -G DEB, unpacked with dpkg -x.
if command -v dpkg-shlibdeps >/dev/null; then
  (cd "$scratch" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1) \
    || { cat "$scratch/cpack.log"; fail "cpack -G DEB failed"; }
  deb=$(find "$scratch/pkg" -maxdepth 1 -name 'vmrun_*.deb' | head -n 1)
  if [[ -n $deb ]]; then
    pass
    depends=$(dpkg-deb -f "$deb" Depends)
    echo "package: $(basename "$deb"); Depends: $depends"
    for lib in libc6 libcurl4 libxml2 libssl3 libfmt9 'libstdc++6'; do
      grep -q "$lib" <<<"$depends" && pass || fail "Depends lacks $lib: $depends"
    done
    [[ $(dpkg-deb -f "$deb" Package) == vmrun ]] && pass || fail "package name"
    dpkg -x "$deb" "$scratch/deb-root"
    check_root "$scratch/deb-root" /usr
  else
    fail "cpack produced no vmrun_*.deb"
  fi
else
  fail "dpkg-shlibdeps (dpkg-dev) is not installed"
fi

echo "$passes passed, $failures failed"
((failures == 0))
