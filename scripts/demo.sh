#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The demo: installs what is missing, builds vmrun and the bundled vSphere simulator, starts
# the simulator as a standalone ESXi host and as a vCenter, and runs vmrun against each.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null
vmrun="$PWD/build/release/vmrun"

work=$(mktemp -d)
export GOPATH="$PWD/tests/go:/usr/share/gocode" GO111MODULE=off GOCACHE="$work/gocache"
go build -o "$work/vmrun-sim" vmrunsim/cmd/vmrun-sim

sim_pid=
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

start_sim() { # model
  rm -f "$work/env"
  "$work/vmrun-sim" -model "$1" -user root -password demo-pw -env "$work/env" &
  sim_pid=$!
  for _ in $(seq 100); do [ -s "$work/env" ] && break; sleep 0.1; done
  # shellcheck disable=SC1091
  . "$work/env"
}

stop_sim() {
  kill "$sim_pid" && wait "$sim_pid" 2>/dev/null || true
  sim_pid=
}

show() { # the command as a user would type it, then its output
  local line="\$ vmrun" arg
  for arg in "$@"; do
    case "$arg" in *[[:space:]]*) line+=" \"$arg\"" ;; *) line+=" $arg" ;; esac
  done
  echo "$line"
  "$vmrun" "$@" || echo "(exit status $?)"
  echo
}

# Credentials from the environment keep passwords out of the process list.
export VMRUN_USER=root VMRUN_PASSWORD=demo-pw VMRUN_GUEST_USER=user VMRUN_GUEST_PASSWORD=userpw
export XDG_CONFIG_HOME="$work/config"

for model in esx vc; do
  start_sim "$model"
  echo "=== vmrun against a simulated $( [ $model = esx ] && echo 'standalone ESXi host' || echo vCenter ) at $VMRUN_SIM_URL"
  echo
  # -h takes a URL or host:port, as VMware's vmrun did.
  if [ "$model" = esx ]; then h=(-T esx -h "$VMRUN_SIM_URL"); else h=(-T vc -h "$VMRUN_SIM_HOST:$VMRUN_SIM_PORT"); fi
  vm=$("$vmrun" "${h[@]}" listRegisteredVM | sed -n 2p)
  clone="[LocalDS_0] demo-clone/demo-clone.vmx"

  echo "--- inventory and power"
  show "${h[@]}" list
  show "${h[@]}" listRegisteredVM
  show "${h[@]}" stop "$vm" hard
  show "${h[@]}" start "$vm"
  show "${h[@]}" start "$vm"
  show "${h[@]}" suspend "$vm"
  show "${h[@]}" start "$vm" nogui
  show "${h[@]}" checkToolsState "$vm"
  show "${h[@]}" getGuestIPAddress "$vm" -wait

  echo "--- snapshots and a linked clone"
  show "${h[@]}" snapshot "$vm" base
  show "${h[@]}" listSnapshots "$vm" showTree
  show "${h[@]}" clone "$vm" "$clone" linked -snapshot=base -cloneName=demo-clone
  show "${h[@]}" start "$clone"
  show "${h[@]}" writeVariable "$clone" guestVar build 42
  show "${h[@]}" readVariable "$clone" guestVar build
  show "${h[@]}" --json listRegisteredVM

  echo "--- inside the guest"
  show "${h[@]}" runProgramInGuest "$vm" /bin/sh -c "echo hello from the guest > /tmp/hello.txt"
  show "${h[@]}" CopyFileFromGuestToHost "$vm" /tmp/hello.txt "$work/hello.txt"
  echo "\$ cat $work/hello.txt"; cat "$work/hello.txt"; echo
  show "${h[@]}" runProgramInGuest "$vm" -captureOutput /bin/cat /tmp/hello.txt
  show "${h[@]}" runProgramInGuest "$vm" /bin/sh -c "exit 3"

  echo "--- clean-up and refusals"
  show "${h[@]}" stop "$clone" hard
  show "${h[@]}" deleteVM "$clone"
  show "${h[@]}" pause "$vm"
  show "${h[@]}" start "[LocalDS_0] no-such-vm/no-such-vm.vmx"
  show "${h[@]}" -p wrong-password list
  stop_sim
done
echo "known_hosts written on first use:"
cat "$XDG_CONFIG_HOME/vmrun/known_hosts"
