// SPDX-License-Identifier: Apache-2.0

// Package integration holds vmrun's integration tests, one file per subject: power, listing,
// register, errors, TLS, round trips, snapshots and the other lifecycle verbs, clone, guest
// operations, console, JSON output and debugging. Each test runs the real binary named by
// $VMRUN_BIN against a fresh in-process simulator (package vmrunsim/sim), once per model
// (subtests "esx" and "vc"). Tests run sequentially: the simulator's registry is a process-wide
// global.
package integration
