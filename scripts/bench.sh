#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0

# The benchmark (docs/benchmark.md), not a test: builds vmrun and the simulator, then times vmrun
# (with and without its session cache) against a govmomi program and a pyVmomi script on the same
# simulated ESXi host with an added round-trip latency, lists a 10,000-VM inventory, and copies a
# guest file both ways against curl. Prints Markdown tables at the end.
#
# Settings (environment): BENCH_PRESET (release), BENCH_LATENCY (20ms), BENCH_REPS (5),
# BENCH_SCALE_VMS (10000), BENCH_SCALE_REPS (3), BENCH_COPY_MIB (1024), BENCH_COPY_REPS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

export BENCH_LATENCY=${BENCH_LATENCY:-20ms} BENCH_REPS=${BENCH_REPS:-5}
export BENCH_SCALE_REPS=${BENCH_SCALE_REPS:-3} BENCH_COPY_MIB=${BENCH_COPY_MIB:-1024}
export BENCH_COPY_REPS=${BENCH_COPY_REPS:-3}
scale_vms=${BENCH_SCALE_VMS:-10000}
preset=${BENCH_PRESET:-release}
# The machine may be shared: two compile jobs at most.
echo "==> building vmrun ($preset) and the simulator" >&2
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j 2 --target vmrun >/dev/null

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

export BENCH_WORK="$work" BENCH_VMRUN="$PWD/build/$preset/vmrun" BENCH_GOVMOMI="$work/bench-govmomi"
export BENCH_PYVMOMI="$PWD/tests/bench/pyvmomi_peer.py" BENCH_USER=root BENCH_PASSWORD=bench-pw
run=(/usr/bin/python3 "$PWD/tests/bench/run.py")

# start_sim NAME FLAGS...: starts the simulator and waits for its env file; sets startup_s.
start_sim() {
  local name=$1 began
  shift
  began=$(date +%s.%N)
  "$work/vmrun-sim" -model esx -user "$BENCH_USER" -password "$BENCH_PASSWORD" -latency "$BENCH_LATENCY" \
    -control 127.0.0.1:0 -env "$work/$name.env" "$@" 2>"$work/$name.log" &
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

echo "==> list / start / stop, $BENCH_REPS repetitions, latency $BENCH_LATENCY" >&2
start_sim main
"${run[@]}" ops --sim "$work/main.env"
echo "==> guest file copy, $BENCH_COPY_MIB MiB, $BENCH_COPY_REPS repetitions" >&2
"${run[@]}" copy --sim "$work/main.env"
stop_sim

echo "==> listRegisteredVM with $scale_vms VMs (the simulator takes a while to create them)" >&2
start_sim scale -vms "$scale_vms"
"${run[@]}" scale --sim "$work/scale.env" --startup "$startup_s"
stop_sim

echo >&2
echo "Machine: $(nproc) cores, $(uname -sr); $("$BENCH_VMRUN" --version 2>/dev/null | head -1 || true) ($preset build)"
echo
"${run[@]}" report
