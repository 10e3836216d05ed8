// SPDX-License-Identifier: Apache-2.0

// Package vixtest runs libvix (the VIX C API, libvixAllProducts.so) against the simulator: each
// test starts a fresh in-process simulator per model (subtests "esx" and "vc"), runs the C
// scenario programs from $VMRUN_VIX_TESTS (built from tests/vix) with the server in their
// environment, asserts their exact output and reads the resulting state back through the API.
package vixtest
