#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Installs the build into scratch roots and checks the installed files work where the system
# looks for them (`cmake --install` with DESTDIR under two prefixes); then builds the Debian
# package from a copy of the source tree with dpkg-buildpackage and checks it: lintian reports
# no error and no warning, it ships what `cmake --install` installs (plus its docs), it was
# built with the hardening flags, and it works unpacked. As root it is also installed with
# dpkg -i, run, its man page read through man(1), and purged again. With VIX_LIBRARY (the built
# libvixAllProducts.so), the installed VIX C library is also checked: a C program built through
# its pkg-config file against the installed tree runs. With PERL_MODULE (the built XS object of
# the VIX Perl API), the Perl modules are checked too: installed in perl's vendor arch directory
# under each prefix, loadable there with -I and no LD_LIBRARY_PATH, with their 3pm man pages,
# and shipped as the libvmware-vix-perl package, which the system perl loads once installed.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR [VIX_LIBRARY [PERL_MODULE]]
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
vix_library=${3:-}
perl_module=${4:-}
scratch=$(mktemp -d)
installed=0
perl_package=libvmware-vix-perl
cleanup() {
  if ((installed)); then dpkg --purge "$perl_package" vmrun >/dev/null 2>&1 || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
failures=0
passes=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }
finish() {
  echo "$passes passed, $failures failed"
  ((failures == 0))
  exit
}

version_re='^vmrun version [2-9][0-9]*\.[0-9]+\.[0-9]+ build-[0-9]+$'

# Debian's Perl policy: an XS module's .pm files and auto/ tree go to perl's vendor arch
# directory (lib/<triplet>/perl5/<version> under /usr), the manuals to man3 as <Module>.3pm.
perl_arch=$(perl -MConfig -e 'my $d = $Config{vendorarchexp}; $d =~ s{^/usr/}{}; print $d')
perl_files=(
  "$perl_arch/VMware/Vix/Simple.pm"
  "$perl_arch/VMware/Vix/API/Constants.pm"
  "$perl_arch/VMware/Vix/API/API.pm"
  "$perl_arch/VMware/VixSemiPublic/API/API.pm"
  "$perl_arch/auto/VMware/Vix/Simple/Simple.so"
  share/man/man3/VMware::Vix::Simple.3pm.gz
  share/man/man3/VMware::Vix::API::Constants.3pm.gz
  share/man/man3/VMware::Vix::API::API.3pm.gz
)

# check_root ROOT PREFIX: the installed tree under ROOT/PREFIX.
check_root() {
  local root=$1 prefix=$2 base="$1$2"
  local -a files=(
    bin/vmrun
    share/man/man1/vmrun.1.gz
    share/bash-completion/completions/vmrun
    share/zsh/vendor-completions/_vmrun
    share/fish/vendor_completions.d/vmrun.fish
    include/vmware-vix/vix.h
    include/vmware-vix/vm_basic_types.h
  )
  [[ -n $vix_library ]] && files+=(lib/vmware-vix/libvixAllProducts.so share/pkgconfig/vix.pc)
  [[ -n $perl_module ]] && files+=("${perl_files[@]}")
  local f
  for f in "${files[@]}"; do
    [[ -f $base/$f ]] && pass || fail "$base/$f is missing"
  done
  [[ -z $vix_library ]] || check_vix "$base" "$prefix"
  [[ -z $perl_module ]] || check_perl "$base"
  local version
  version=$("$base/bin/vmrun" --version) || fail "installed vmrun --version exited non-zero"
  [[ $version =~ $version_re ]] && pass || fail "installed vmrun --version printed: $version"
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

# check_vix BASE PREFIX: the VIX C library installed under BASE for PREFIX: its pkg-config file
# names PREFIX, and a C program built with its flags (relocated to BASE) links and loads it.
check_vix() {
  local base=$1 prefix=$2
  [[ $(readlink "$base/lib/vmware-vix/libvix.so") == libvixAllProducts.so ]] && pass \
    || fail "$base/lib/vmware-vix/libvix.so is not a link to libvixAllProducts.so"
  local -a pc=(env PKG_CONFIG_PATH="$base/share/pkgconfig" pkg-config)
  [[ $("${pc[@]}" --variable=prefix vix) == "$prefix" ]] && pass \
    || fail "$base/share/pkgconfig/vix.pc does not name the prefix $prefix"
  local flags
  flags=$("${pc[@]}" --define-variable=prefix="$base" --cflags --libs vix) \
    || { fail "pkg-config --cflags --libs vix failed under $base"; return; }
  printf '%s\n' '#include <stdio.h>' '#include <vix.h>' 'int main(void) {' \
    '  Vix_ReleaseHandle(VIX_INVALID_HANDLE);' '  Vix_FreeBuffer(NULL);' \
    '  printf("%d\n", (int)VIX_E_NOT_SUPPORTED);' '  return 0;' '}' >"$scratch/vix_use.c"
  # shellcheck disable=SC2086 # the pkg-config flags are words
  if ${CC:-cc} -o "$scratch/vix_use" "$scratch/vix_use.c" $flags 2>"$scratch/cc.log"; then
    pass
    [[ $("$scratch/vix_use") == 6 ]] && pass || fail "a program linked to $base's libvix failed"
  else
    fail "compiling against $base's VIX headers and library:"$'\n'"$(cat "$scratch/cc.log")"
  fi
}

# check_perl BASE: the Perl modules installed under BASE: the XS object's run path is relative to
# itself and leads to BASE's private library directory; perl loads the modules from there with
# no LD_LIBRARY_PATH, runs a local function and loads BASE's library; the man pages read.
check_perl() {
  local base=$1 arch="$1/$perl_arch"
  local so="$arch/auto/VMware/Vix/Simple/Simple.so" runpath
  runpath=$(readelf -d "$so" 2>/dev/null | sed -n 's/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]$/\2/p') \
    || true
  [[ $runpath == '$ORIGIN/'* && $runpath != *:* &&
    $(realpath -m "${so%/*}/${runpath#\$ORIGIN/}") == "$base/lib/vmware-vix" ]] && pass \
    || fail "$so: run path '$runpath' does not lead to $base/lib/vmware-vix from \$ORIGIN"
  check_perl_use "$arch" "$base/lib/vmware-vix" -I"$arch"
  local module page
  for module in VMware::Vix::Simple VMware::Vix::API::Constants VMware::Vix::API::API; do
    page=$(MANWIDTH=80 man -l "$base/share/man/man3/$module.3pm.gz" 2>&1) && pass \
      || fail "man -l $module.3pm.gz failed: $page"
    grep -q "^ *$module - " <<<"$page" && pass || fail "$module.3pm.gz has no NAME line for it"
  done
}

# check_perl_use ARCH LIBDIR [PERL_ARGS...]: perl, with no LD_LIBRARY_PATH or PERL5LIB, loads
# VMware::Vix::Simple from ARCH and libvixAllProducts.so from LIBDIR, prints a constant and a
# local function's result.
check_perl_use() {
  local arch=$1 libdir=$2 out
  shift 2
  # shellcheck disable=SC2016 # Perl code
  out=$(env -u LD_LIBRARY_PATH -u PERL5LIB -u PERLLIB perl "$@" -MVMware::Vix::Simple \
    -MVMware::Vix::API::Constants -e 'print $INC{"VMware/Vix/Simple.pm"}, "\n";
      open my $maps, "<", "/proc/self/maps" or die; my %lib;
      for (<$maps>) { $lib{$1} = 1 if m{(\S*/libvixAllProducts\.so)$} }
      print join(" ", sort keys %lib), "\n";
      print VIX_E_NOT_SUPPORTED, " ", GetErrorText(VIX_E_NOT_SUPPORTED), "\n"' 2>&1) || true
  local expected="$arch/VMware/Vix/Simple.pm"$'\n'"$libdir/libvixAllProducts.so"$'\n'
  expected+="6 The operation is not supported for the specified parameters"
  [[ $out == "$expected" ]] && pass \
    || fail "perl $* -MVMware::Vix::Simple printed:"$'\n'"$out"$'\n'"instead of:"$'\n'"$expected"
}

# 1. cmake --install, honouring the prefix.
for prefix in /usr /opt/vmrun; do
  root="$scratch/install${prefix//\//-}"
  DESTDIR=$root cmake --install "$build" --prefix "$prefix" >/dev/null
  check_root "$root" "$prefix"
done

# 2. The Debian package, built from a copy of the source tree: dpkg-buildpackage writes next
# to the tree it builds, and the tree may hold build directories. The copy takes the files git
# tracks or would track (working-tree contents); outside a git checkout, everything but builds.
for tool in dpkg-buildpackage dh lintian; do
  command -v "$tool" >/dev/null && pass \
    || fail "$tool is not installed (scripts/install-deps.sh installs it)"
done
((failures == 0)) || finish
copy="$scratch/deb/vmrun"
mkdir -p "$copy"
git_in_src=(git -c "safe.directory=$src" -C "$src")
if "${git_in_src[@]}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  "${git_in_src[@]}" ls-files -z --cached --others --exclude-standard \
    | (cd "$src" && while IFS= read -r -d '' f; do
         [[ -e $f || -L $f ]] && printf '%s\0' "$f"
       done) \
    | tar -C "$src" --null -T - -cf - | tar -C "$copy" -xf -
else
  tar -C "$src" --exclude=./build --exclude='./obj-*' --exclude=./.git -cf - . \
    | tar -C "$copy" -xf -
fi

# The package version is the project's (a native package: no Debian revision).
project_version=$(sed -n 's/^project(vmrun VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
changelog_version=$(cd "$copy" && dpkg-parsechangelog -S Version)
[[ -n $project_version && $changelog_version == "$project_version" ]] && pass \
  || fail "debian/changelog version $changelog_version is not the project version $project_version"

if ! (cd "$copy" && dpkg-buildpackage -us -uc -b) >"$scratch/dpkg-buildpackage.log" 2>&1; then
  tail -n 40 "$scratch/dpkg-buildpackage.log"
  fail "dpkg-buildpackage -us -uc -b failed"
  finish
fi
deb=$(find "$scratch/deb" -maxdepth 1 -name "vmrun_${changelog_version}_*.deb" | head -n 1)
[[ -n $deb ]] && pass || { fail "dpkg-buildpackage produced no vmrun_${changelog_version}_*.deb"; finish; }
echo "package: $(basename "$deb"); Depends: $(dpkg-deb -f "$deb" Depends)"
debs=("$deb")
perl_deb=
if [[ -n $perl_module ]]; then
  perl_deb=$(find "$scratch/deb" -maxdepth 1 -name "${perl_package}_${changelog_version}_*.deb")
  [[ -n $perl_deb ]] && pass \
    || { fail "dpkg-buildpackage produced no ${perl_package}_${changelog_version}_*.deb"; finish; }
  echo "package: $(basename "$perl_deb"); Depends: $(dpkg-deb -f "$perl_deb" Depends)"
  debs+=("$perl_deb")
fi

# lintian: no error, no warning, nothing printed (it warns on stderr when run as root).
lintian_rc=0
lint=$(lintian --fail-on error,warning -i "${debs[@]}" 2>&1) || lintian_rc=$?
lint=$(grep -vx 'running with root privileges is not recommended!' <<<"$lint" || true)
[[ $lintian_rc -eq 0 && -z $lint ]] && pass \
  || fail "lintian --fail-on error,warning (exit $lintian_rc):"$'\n'"$lint"

[[ $(dpkg-deb -f "$deb" Package) == vmrun ]] && pass || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcurl4 libxml2 libssl3 libfmt9 'libstdc++6'; do
  grep -q "$lib" <<<"$depends" && pass || fail "Depends lacks $lib: $depends"
done
# The Perl package: perl's binary interface (dh_perl), the library's package of the same
# version, and what the XS object links.
if [[ -n $perl_deb ]]; then
  [[ $(dpkg-deb -f "$perl_deb" Package) == "$perl_package" ]] && pass || fail "package name"
  depends=$(dpkg-deb -f "$perl_deb" Depends)
  for dep in 'perlapi-[0-9.]\+' "vmrun (= $changelog_version)" libc6; do
    grep -q "$dep" <<<"$depends" && pass || fail "$perl_package Depends lacks $dep: $depends"
  done
fi

# Together the same files as `cmake --install --prefix /usr`, plus each package's docs in
# /usr/share/doc/<package>: the Perl modules and their man pages in the Perl package, the rest
# in vmrun.
expected=$(cd "$scratch/install-usr" && find . -type f | sort)
perl_paths="^\./usr/($perl_arch|share/man/man3)/"
# check_deb DEB ROOT EXPECTED DOC: DEB unpacked in ROOT ships EXPECTED, a copyright and DOC.
check_deb() {
  local deb=$1 root=$2 expected=$3 doc=$4 name shipped
  name=$(dpkg-deb -f "$deb" Package)
  dpkg -x "$deb" "$root"
  shipped=$(cd "$root" && find . -type f ! -path "./usr/share/doc/$name/*" | sort)
  [[ -n $expected && $shipped == "$expected" ]] && pass || fail "$name files differ from" \
    "cmake --install:"$'\n'"$(diff <(echo "$expected") <(echo "$shipped"))"
  [[ -f $root/usr/share/doc/$name/copyright ]] && pass || fail "$name: no copyright file"
  # The reference (dh_compress may gzip it).
  compgen -G "$root/usr/share/doc/$name/$doc*" >/dev/null && pass \
    || fail "no $doc in /usr/share/doc/$name"
}
check_deb "$deb" "$scratch/deb-root" "$(grep -Ev "$perl_paths" <<<"$expected" || true)" libvix.md
if [[ -n $perl_deb ]]; then
  check_deb "$perl_deb" "$scratch/deb-perl" "$(grep -E "$perl_paths" <<<"$expected" || true)" \
    perl.md
  dpkg -x "$perl_deb" "$scratch/deb-root"
fi
check_root "$scratch/deb-root" /usr

# Built with the Debian hardening flags: every compile has fortify and the stack protector,
# the binary is PIE with immediate binding (lintian checks relro and PIE as well).
commands="$copy/obj-$(dpkg-architecture -q DEB_HOST_GNU_TYPE)/compile_commands.json"
if [[ -f $commands ]]; then
  total=$(grep -c '"command"' "$commands")
  hardened=$(grep '"command"' "$commands" | grep -- '-D_FORTIFY_SOURCE=' \
    | grep -c -- '-fstack-protector-strong' || true)
  [[ $total -gt 0 && $hardened == "$total" ]] && pass \
    || fail "$((total - hardened)) of $total compile commands lack the hardening flags"
else
  fail "no $commands"
fi
grep -q 'BIND_NOW' <<<"$(readelf -d "$scratch/deb-root/usr/bin/vmrun")" && pass \
  || fail "/usr/bin/vmrun is not linked with -z now"
grep -q 'Type: *DYN' <<<"$(readelf -h "$scratch/deb-root/usr/bin/vmrun")" && pass \
  || fail "/usr/bin/vmrun is not PIE"

# 3. As root: install for real, use it, purge it. Not over an installed vmrun package.
if [[ $(id -u) -ne 0 ]]; then
  echo "note: not root, so the package was checked unpacked but not installed with dpkg -i"
elif dpkg-query -W -f='${Status}' vmrun "$perl_package" 2>/dev/null | grep -q 'ok installed'; then
  echo "note: a vmrun or $perl_package package is already installed; not installing over it"
else
  installed=1
  if dpkg -i "${debs[@]}" >"$scratch/dpkg-i.log" 2>&1; then
    pass
    version=$(/usr/bin/vmrun --version) || fail "/usr/bin/vmrun --version exited non-zero"
    [[ $version =~ $version_re ]] && pass || fail "/usr/bin/vmrun --version printed: $version"
    if [[ -f /usr/share/man/man1/vmrun.1.gz ]]; then
      [[ $(man -M /usr/share/man -w vmrun) == /usr/share/man/man1/vmrun.1.gz ]] && pass \
        || fail "man -w vmrun does not find /usr/share/man/man1/vmrun.1.gz"
      page=$(MANWIDTH=80 man -M /usr/share/man vmrun 2>&1) && pass || fail "man vmrun failed"
      grep -q '^EXIT STATUS$' <<<"$page" && pass || fail "man vmrun lacks EXIT STATUS"
    elif grep -rqs '^path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
      echo "note: dpkg here excludes /usr/share/man (path-exclude), so man vmrun is not checked"
    else
      fail "dpkg -i did not install /usr/share/man/man1/vmrun.1.gz"
    fi
    grep -qx /usr/share/bash-completion/completions/vmrun <<<"$(dpkg -L vmrun)" && pass \
      || fail "dpkg -L vmrun lacks the bash completion"
    # The system perl finds the modules with no -I, man the modules' pages.
    if [[ -n $perl_deb ]]; then
      check_perl_use "/usr/$perl_arch" /usr/lib/vmware-vix
      page=/usr/share/man/man3/VMware::Vix::Simple.3pm.gz
      [[ ! -f /usr/share/man/man1/vmrun.1.gz ||
        $(man -M /usr/share/man -w VMware::Vix::Simple) == "$page" ]] && pass \
        || fail "man -w VMware::Vix::Simple does not find $page"
    fi
  else
    cat "$scratch/dpkg-i.log"
    fail "dpkg -i ${debs[*]##*/} failed"
  fi
  dpkg --purge "$perl_package" vmrun >"$scratch/dpkg-purge.log" 2>&1 && pass \
    || { cat "$scratch/dpkg-purge.log"; fail "dpkg --purge $perl_package vmrun failed"; }
  installed=0
  [[ ! -e /usr/bin/vmrun ]] && pass || fail "/usr/bin/vmrun is left after dpkg --purge"
  [[ ! -e /usr/$perl_arch/VMware/Vix/Simple.pm ]] && pass \
    || fail "/usr/$perl_arch/VMware/Vix/Simple.pm is left after dpkg --purge"
fi

finish
