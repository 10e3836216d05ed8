// Package integration holds vmrun's integration tests (issue 2: power, listing, register, errors,
// TLS, round trips). Each test runs the real binary named by $VMRUN_BIN against a fresh in-process
// simulator (package vmrunsim/sim), once per model (subtests "esx" and "vc"). Tests run
// sequentially: the simulator's registry is a process-wide global.
package integration
