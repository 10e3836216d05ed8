#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The public headers (include/vmware-vix) compile cleanly as C89, C99 and C++20 with every warning
# an error, give the exact values and types header_use.c checks, hide what VIX_HIDE_FROM_JAVA
# hides, and declare exactly the 73 functions of tests/vix/exports.txt, which src/vix/exports.map
# exports; the C examples of the docs compile.
# Usage: test_header.sh CC CXX SOURCE_DIR
set -euo pipefail
cc=$1
cxx=$2
src=$(cd "$3" && pwd)
include="$src/include/vmware-vix"
here="$src/tests/vix"
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

c_flags=(-Wall -Wextra -pedantic -Werror -I"$include")

# compiles WHAT COMPILER ARGS...: compile to an object; failure prints the compiler's output.
compiles() {
  local what=$1
  shift
  local out
  if out=$("$@" -c -o "$scratch/out.o" 2>&1); then
    pass
  else
    fail "$what does not compile:"$'\n'"$out"
  fi
}

for std in c89 c99; do
  compiles "header_use.c as -std=$std" "$cc" -std="$std" "${c_flags[@]}" \
    "$here/header/header_use.c"
  compiles "vm_basic_types.h alone as -std=$std" "$cc" -std="$std" "${c_flags[@]}" -x c \
    "$include/vm_basic_types.h"
done
compiles "header_use.c as C++20" "$cxx" -std=c++20 "${c_flags[@]}" -x c++ \
  "$here/header/header_use.c"

# The checks in header_use.c are real: a false one stops the compile.
printf '#include <vix.h>\ntypedef char must_fail[(VIX_OK == 1) ? 1 : -1];\n' >"$scratch/false.c"
if "$cc" -std=c89 "${c_flags[@]}" -c -o "$scratch/out.o" "$scratch/false.c" 2>/dev/null; then
  fail "a false negative-size-array check compiled"
else
  pass
fi

# VIX_HIDE_FROM_JAVA hides two constants and two functions (header_hidden.c reuses their names).
compiles "header_hidden.c with VIX_HIDE_FROM_JAVA" "$cc" -std=c89 "${c_flags[@]}" \
  -DVIX_HIDE_FROM_JAVA "$here/header/header_hidden.c"
if "$cc" -std=c89 "${c_flags[@]}" -c -o "$scratch/out.o" "$here/header/header_hidden.c" \
  2>/dev/null; then
  fail "without VIX_HIDE_FROM_JAVA, header_hidden.c compiled: the hidden names are missing"
else
  pass
fi

# The examples of docs/libvix.md (its ```c block) and of the README's "C library (libvix)"
# section (its indented block) compile as C89.
sed -n '/^```c$/,/^```$/{/^```/d;p}' "$src/docs/libvix.md" >"$scratch/doc_example.c"
sed -n '/^## C library (libvix)$/,/^## /{/^    /s/^    //p;/^$/p}' "$src/README.md" \
  | sed '/./,$!d' >"$scratch/readme_example.c"
for example in doc_example readme_example; do
  grep -q 'VixHost_Connect' "$scratch/$example.c" && pass || fail "no C example found ($example)"
  compiles "the $example" "$cc" -std=c89 "${c_flags[@]}" "$scratch/$example.c"
done

# The function list: 73 sorted unique names, each declared by vix.h (a C89 compile takes the
# address of each), no other function declared there, and the version script exports the same.
mapfile -t names <"$here/exports.txt"
((${#names[@]} == 73)) && pass || fail "exports.txt has ${#names[@]} names, not 73"
sort -u "$here/exports.txt" | cmp -s - "$here/exports.txt" && pass \
  || fail "exports.txt is not sorted and unique"
{
  echo '#include <stddef.h>'
  echo '#include <vix.h>'
  echo 'static const size_t sizes[] = {'
  printf '  sizeof(&%s),\n' "${names[@]}"
  echo '  0};'
  echo 'size_t vix_test_first(void) { return sizes[0]; }'
} >"$scratch/declared.c"
compiles "a reference to each exports.txt name" "$cc" -std=c89 "${c_flags[@]}" "$scratch/declared.c"
declared=$(grep -v '^typedef' "$include/vix.h" \
  | sed -n 's/^[A-Za-z][A-Za-z0-9_ *]*[ *]\(Vix[A-Za-z0-9_]*\)(.*/\1/p' | sort)
[[ $declared == "$(cat "$here/exports.txt")" ]] && pass \
  || fail "functions declared in vix.h differ from exports.txt:"$'\n'"$(diff \
    <(echo "$declared") "$here/exports.txt")"
mapped=$(sed -n 's/^ *\(Vix[A-Za-z0-9_]*\);$/\1/p' "$src/src/vix/exports.map" | sort)
[[ $mapped == "$(cat "$here/exports.txt")" ]] && pass \
  || fail "src/vix/exports.map differs from exports.txt:"$'\n'"$(diff \
    <(echo "$mapped") "$here/exports.txt")"
map="$src/src/vix/exports.map"
grep -qE '^ *local: *$' "$map" && grep -qE '^ *\*; *$' "$map" && pass \
  || fail "src/vix/exports.map does not make everything else local"

finish
