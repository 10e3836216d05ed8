// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"path/filepath"
	"testing"

	"vmrunsim/sim"
)

// A datacenter nested in a folder ("F0/DC0"): datastore URLs name it by its inventory path in
// dcPath (the server resolves dcPath as a path, so its bare name would not be found there).
func TestDatacenterInFolder(t *testing.T) {
	h := newHarness(t, "vc", func(c *sim.Config) { c.DatacenterFolder = true })
	vmx := h.vmPath()
	out := filepath.Join(t.TempDir(), "screen.png")
	// captureScreen downloads the PNG from the datastore (GET /folder/...?dcPath=F0%2FDC0).
	h.run("captureScreen", vmx, out).ExpectOK(t)
	consoleCheckPNG(t, out, vmx)
	// The same with the session cache, whose datacenters carry their paths.
	h.sessionCache = true
	h.run("captureScreen", vmx, out).ExpectOK(t)
	h.run("captureScreen", vmx, out).ExpectOK(t)
	consoleCheckPNG(t, out, vmx)
}
