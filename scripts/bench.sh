#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The benchmark (docs/benchmark.md), not a test: builds vmrun and the simulator, then times vmrun
# (with and without its session cache) against a govmomi program and a pyVmomi script on the same
# simulated ESXi host with an added round-trip latency, lists a 10,000-VM inventory, and copies a
# guest file both ways against curl. Prints Markdown tables at the end.
#
# Settings (environment): BENCH_PRESET (release), BENCH_LATENCY (20ms), BENCH_REPS (5),
# BENCH_SCALE_VMS (50000), BENCH_SCALE_REPS (3), BENCH_COPY_MIB (1024), BENCH_COPY_REPS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

export BENCH_LATENCY=${BENCH_LATENCY:-20ms} BENCH_REPS=${BENCH_REPS:-5}
export BENCH_SCALE_REPS=${BENCH_SCALE_REPS:-3} BENCH_COPY_MIB=${BENCH_COPY_MIB:-1024}
export BENCH_COPY_REPS=${BENCH_COPY_REPS:-3} BENCH_FANOUT=${BENCH_FANOUT:-20} BENCH_CLONES=${BENCH_CLONES:-10}
scale_vms=${BENCH_SCALE_VMS:-50000}
stock_vms=${BENCH_STOCK_VMS:-$scale_vms}
preset=${BENCH_PRESET:-release}
# The machine may be shared: two compile jobs at most.
echo "==> building vmrun and libvix ($preset) and the simulators" >&2
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j 2 --target vmrun vix >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/vmrun-bench.XXXXXX")
sim_pid=
stop_sim() {
  if [ -n "$sim_pid" ]; then
    # SIGTERM: the simulator removes its datastore and guest directories as it stops.
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=
  fi
}
cleanup() {
  stop_sim
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export GOPATH="$PWD/tests/go:/usr/share/gocode" GO111MODULE=off GOCACHE="$PWD/build/gocache" CGO_ENABLED=0
go build -p 2 -o "$work/vmrun-sim" vmrunsim/cmd/vmrun-sim
go build -p 2 -o "$work/bench-govmomi" vmrunsim/cmd/bench-govmomi
go build -p 2 -o "$work/stock-vcsim" vmrunsim/cmd/stock-vcsim
# The libvix program is built as tests/vix's are: C99 against the public header, linked to the
# build's libvixAllProducts.
cc -std=c99 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Iinclude/vmware-vix -Itests/vix -o "$work/vix_fanout" \
  tests/bench/vix_fanout.c -L"build/$preset" -Wl,-rpath,"$PWD/build/$preset" -lvixAllProducts -lpthread

export BENCH_WORK="$work" BENCH_VMRUN="$PWD/build/$preset/vmrun" BENCH_GOVMOMI="$work/bench-govmomi"
export BENCH_PYVMOMI="$PWD/tests/bench/pyvmomi_peer.py" BENCH_USER=root BENCH_PASSWORD=bench-pw
export BENCH_VIX_FANOUT="$work/vix_fanout"
run=(/usr/bin/python3 "$PWD/tests/bench/run.py")

# start_server NAME COMMAND...: starts a simulator (COMMAND -env FILE) and waits for its env
# file; sets startup_s.
start_server() {
  local name=$1 began
  shift
  began=$(date +%s.%N)
  "$@" -user "$BENCH_USER" -password "$BENCH_PASSWORD" -latency "$BENCH_LATENCY" \
    -env "$work/$name.env" 2>"$work/$name.log" &
  sim_pid=$!
  until [ -s "$work/$name.env" ]; do
    if ! kill -0 "$sim_pid" 2>/dev/null; then
      cat "$work/$name.log" >&2
      echo "bench: the simulator did not start" >&2
      exit 1
    fi
    sleep 0.05
  done
  startup_s=$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
}
# start_sim NAME FLAGS...: the project's simulator (standalone ESXi unless FLAGS say -model vc).
start_sim() {
  local name=$1
  shift
  start_server "$name" "$work/vmrun-sim" -model esx -control 127.0.0.1:0 "$@"
}

echo "==> list / start / stop, $BENCH_REPS repetitions, latency $BENCH_LATENCY" >&2
start_sim main
"${run[@]}" ops --sim "$work/main.env"
echo "==> guest file copy, $BENCH_COPY_MIB MiB, $BENCH_COPY_REPS repetitions" >&2
"${run[@]}" copy --sim "$work/main.env"
stop_sim

echo "==> fan-out: $BENCH_FANOUT start / stop hard, $BENCH_CLONES linked clones, libvix power-ons" >&2
start_sim fanout -model vc -vms $((BENCH_FANOUT + 1))
"${run[@]}" fanout --sim "$work/fanout.env"
"${run[@]}" vix --sim "$work/fanout.env"
stop_sim

echo "==> listing $scale_vms VMs, paged (the simulator takes a while to create them)" >&2
start_sim scale -model vc -vms "$scale_vms"
"${run[@]}" biglist --server paged --sim "$work/scale.env" --startup "$startup_s"
stop_sim

echo "==> listing $stock_vms VMs through govmomi's stock simulator (one page)" >&2
start_server stock "$work/stock-vcsim" -vm "$stock_vms"
"${run[@]}" biglist --server stock --sim "$work/stock.env" --startup "$startup_s"
stop_sim

echo >&2
echo "Machine: $(nproc) cores, $(uname -sr); $("$BENCH_VMRUN" --version 2>/dev/null | head -1 || true) ($preset build)"
echo
"${run[@]}" report
