#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The perl_api test (docs/perl.md#tests): builds the simulator (tests/go, vmrun-sim), then runs
# the scripts that need no server once, and each simulator script (t/simulator.t, the low-level
# layer, the consumer scenarios) with prove against a fresh simulator of each model (esx, vc).
# Usage: run_tests.sh SOURCE_DIR BUILD_DIR GO. In the asan build, VIX_PERL_PRELOAD names the
# sanitizer runtimes to preload into perl (only into perl: not into go, the shell or the tools).
set -euo pipefail
src=$1 build=$2 go=$3
lib="$build/perl/lib"
work=$(mktemp -d)
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export GOPATH="$src/tests/go:/usr/share/gocode" GO111MODULE=off CGO_ENABLED=0
export GOCACHE="$build/gocache"
"$go" build -o "$work/vmrun-sim" vmrunsim/cmd/vmrun-sim
# libvix keeps a session cache under HOME: one of our own, like the C scenario programs get.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/xdg-config" LANG=C LC_ALL=C
mkdir -p "$HOME"
export VIX_TEST_HEADER="$src/include/vmware-vix/vix.h"

run_prove() { LD_PRELOAD="${VIX_PERL_PRELOAD:-}" prove -I"$lib" "$@"; }

run_prove "$src/perl/t/constants.t" "$src/perl/t/local.t" "$src/perl/t/pod.t" \
  "$src/perl/t/semipublic.t"
# Each simulator script gets a fresh simulator of each model, so that none depends on what
# another left behind (a deleted VM, a snapshot, a power state).
for model in esx vc; do
  for script in simulator lowlevel scenario_testbot scenario_vcl scenario_qualified scenario_oo; do
    env_file="$work/sim-$model-$script.env"
    "$work/vmrun-sim" -model "$model" -user perluser -password perlpass -env "$env_file" &
    sim_pid=$!
    for _ in $(seq 1 300); do [ -s "$env_file" ] && break; sleep 0.1; done
    [ -s "$env_file" ] || { echo "vmrun-sim ($model) did not start" >&2; exit 1; }
    # shellcheck disable=SC1090
    . "$env_file"
    echo "# model $model at $VMRUN_SIM_URL"
    VIX_TEST_MODEL=$model VIX_TEST_HOST=$VMRUN_SIM_URL VIX_TEST_USER=perluser \
      VIX_TEST_PASSWORD=perlpass VIX_TEST_WORK="$work" run_prove "$src/perl/t/$script.t"
    kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=""
  done
done
