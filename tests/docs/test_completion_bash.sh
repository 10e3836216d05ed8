#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# Runs the bash completion function the way bash does: COMP_WORDS/COMP_CWORD as readline splits
# the line (at spaces, '=' and ':'), then compares COMPREPLY.
# Usage: test_completion_bash.sh SRCDIR
set -u
src=$1
# shellcheck disable=SC1091
source "$src/completions/vmrun.bash"
failures=0
passes=0

# check "expected candidates" word... ; the last word is the one being completed.
check() {
  local want=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _vmrun
  # Readline sorts what it shows; compare as sorted lists.
  local got sorted_want
  got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' ')
  # shellcheck disable=SC2086
  sorted_want=$(printf '%s\n' $want | LC_ALL=C sort | paste -sd' ')
  if [[ $got == "$sorted_want" ]]; then
    passes=$((passes + 1))
  else
    printf 'FAIL: completing %q: got [%s], want [%s]\n' "$*" "$got" "$want"
    failures=$((failures + 1))
  fi
}

complete -p vmrun | grep -q -- '-F _vmrun' || { echo "FAIL: complete -p vmrun"; failures=$((failures + 1)); }

vmx='"[ds] a.vmx"'
# Verbs, any case.
check 'start' vmrun sta
check 'start' vmrun STA
check 'snapshot' vmrun -T esx -h h -u root --insecure sn
check 'listSnapshots listProcessesInGuest listDirectoryInGuest list listRegisteredVM' vmrun list
check 'createDirectoryInGuest CreateTempfileInGuest' vmrun -T vc creat
# Flags, host types, long options and their values.
check 'esx vc server ws-shared' vmrun -T ''
check 'vc' vmrun -T V
check '' vmrun -u ''
check '--thumbprint= --tls= --timeout=' vmrun --t
check '--debug' vmrun -T esx --de
check 'tofu strict insecure' vmrun --tls =
check 'strict' vmrun --tls = s
check '--tls=tofu --tls=strict --tls=insecure' vmrun --tls=
check '--tls=strict' vmrun --tls=s
# Host and port split at ':' by readline still count as one word.
check 'gui nogui' vmrun -h esx : 443 -u root start "$vmx" ''
# Keywords by position.
check 'hard soft' vmrun -T esx -h h stop "$vmx" ''
check 'soft' vmrun -T esx -h h stop "$vmx" SO
check '' vmrun -T esx -h h stop "$vmx" soft ''
check 'hard soft' vmrun -T esx -h h RESET "$vmx" ''
check 'showTree' vmrun listSnapshots "$vmx" ''
check 'andDeleteChildren' vmrun deleteSnapshot "$vmx" snap ''
check 'guestEnv guestVar' vmrun readVariable "$vmx" guest
check 'runtimeConfig guestEnv guestVar' vmrun writeVariable "$vmx" ''
check 'writable readonly' vmrun setSharedFolderState "$vmx" share /p ''
check 'runtime' vmrun enableSharedFolders "$vmx" ''
check '-wait' vmrun getGuestIPAddress "$vmx" ''
check 'full linked' vmrun clone "$vmx" '"[ds] b.vmx"' ''
check '-snapshot= -cloneName= -pool= -host= -folder= -customize=' vmrun clone "$vmx" '"[ds] b.vmx"' linked -
check '-cloneName= -pool= -host= -folder= -customize=' vmrun clone "$vmx" '"[ds] b.vmx"' linked -snapshot base ''
check '-cloneName= -pool= -host= -folder= -customize=' vmrun clone "$vmx" '"[ds] b.vmx"' linked -snapshot = base ''
check '' vmrun clone "$vmx" '"[ds] b.vmx"' linked -snapshot ''
check '-snapshot= -cloneName= -host= -folder=' vmrun clone "$vmx" '"[ds] b.vmx"' full -pool ci -customize=spec -
# A customization specification's name is not completed (nor any option's value).
check '' vmrun clone "$vmx" '"[ds] b.vmx"' full -customize ''
check '-noWait -activeWindow -interactive -captureOutput' vmrun runProgramInGuest "$vmx" -
check '-activeWindow -interactive -captureOutput' vmrun runProgramInGuest "$vmx" -NOWAIT -
check '-captureOutput' vmrun runScriptInGuest "$vmx" -c
check '' vmrun runProgramInGuest "$vmx" -noWait /bin/ls ''
check '' vmrun list ''
check '' vmrun fileExistsInGuest "$vmx" ''
# Local paths where a verb takes a path on this machine, and only there.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/alpine"
touch "$scratch/alpha.txt" "$scratch/beta.txt"
cd "$scratch" || exit 1
check 'alpha.txt alpine' vmrun CopyFileFromHostToGuest "$vmx" al
check '' vmrun CopyFileFromHostToGuest "$vmx" alpha.txt al
check 'alpha.txt alpine' vmrun CopyFileFromGuestToHost "$vmx" /etc/hosts al
check '' vmrun CopyFileFromGuestToHost "$vmx" al
check 'beta.txt' vmrun -T esx captureScreen "$vmx" b
check '--ca-file=beta.txt' vmrun --ca-file=b

echo "$passes passed, $failures failed"
((failures == 0))
