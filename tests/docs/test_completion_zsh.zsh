#!/usr/bin/env zsh
# Loads the zsh completion function as compinit would (autoload from fpath) and calls it with
# `words`/`CURRENT` set, as zsh does. compadd, compset and _files only work inside a real
# completion widget, so they are stubbed: compadd records its candidates, filtered by the
# current word ignoring case (what the -M 'm:{a-zA-Z}={A-Za-z}' matcher lets through).
# Usage: test_completion_zsh.zsh SRCDIR
emulate -L zsh
setopt no_unset
src=$1
fpath=("$src/completions" $fpath)
autoload -Uz _vmrun

typeset -ga got
typeset -g filter
integer passes=0 failures=0
if zsh -n "$src/completions/_vmrun"; then (( passes++ )); else print "FAIL: zsh -n"; (( failures++ )); fi

compadd() {
  local -a candidates
  local prefix='' use_arrays=0 word
  while (( $# )); do
    case $1 in
      (-M|-S|-d|-J|-X) shift 2 ;;
      (-P) prefix=$2; shift 2 ;;
      (-a) use_arrays=1; shift ;;
      (--) shift; break ;;
      (-*) shift ;;
      (*) break ;;
    esac
  done
  if (( use_arrays )); then
    for word in "$@"; do candidates+=("${(@P)word}"); done
  else
    candidates=("$@")
  fi
  for word in "${candidates[@]}"; do
    word=$prefix$word
    [[ ${(L)word} == ${(L)filter}* ]] && got+=("$word")
  done
  return 0
}
compset() { return 0 }
_files() { got+=('<files>') }

# check "expected candidates" word... ; the last word is the one being completed.
check() {
  local want=$1
  shift
  words=("$@")
  CURRENT=$#
  filter=${words[CURRENT]}
  got=()
  _vmrun
  if [[ "${got[*]}" == "$want" ]]; then
    (( passes++ ))
  else
    print -r -- "FAIL: completing [${words[*]}]: got [${got[*]}], want [$want]"
    (( failures++ ))
  fi
}

vmx='"[ds] a.vmx"'
check 'start' vmrun sta
check 'start' vmrun -T esx STA
check 'snapshot' vmrun -T esx -h h -u root --insecure sn
check 'esx vc server ws-shared' vmrun -T ''
check '--thumbprint= --tls= --timeout=' vmrun --t
check '--tls=tofu --tls=strict --tls=insecure' vmrun --tls=
check 'hard soft' vmrun -T esx -h h stop "$vmx" ''
check 'soft' vmrun -T esx -h h STOP "$vmx" s
check '' vmrun -T esx -h h stop "$vmx" soft ''
check 'showTree' vmrun listSnapshots "$vmx" ''
check 'andDeleteChildren' vmrun deleteSnapshot "$vmx" snap ''
check 'runtimeConfig guestEnv guestVar' vmrun readVariable "$vmx" ''
check 'writable readonly' vmrun setSharedFolderState "$vmx" share /p ''
check 'full linked' vmrun clone "$vmx" '"[ds] b.vmx"' ''
check '-cloneName= -pool= -host= -folder= -customize=' vmrun clone "$vmx" '"[ds] b.vmx"' linked -snapshot=base -
check '-noWait -activeWindow -interactive -captureOutput' vmrun runProgramInGuest "$vmx" -
check '-wait' vmrun getGuestIPAddress "$vmx" ''
check '<files>' vmrun CopyFileFromHostToGuest "$vmx" ''
check '' vmrun CopyFileFromHostToGuest "$vmx" a ''
check '<files>' vmrun CopyFileFromGuestToHost "$vmx" /etc/hosts ''
check '<files>' vmrun captureScreen "$vmx" ''

# The verb list is the table's (46 verbs, each with its description).
(( ${#_vmrun_verbs} == 46 )) && (( passes++ )) || { print "FAIL: ${#_vmrun_verbs} verbs"; (( failures++ )) }
[[ ${_vmrun_verbs[1]} == 'start:Start a VM or Team' ]] && (( passes++ )) || { print "FAIL: first verb ${_vmrun_verbs[1]}"; (( failures++ )) }

print "$passes passed, $failures failed"
(( failures == 0 ))
