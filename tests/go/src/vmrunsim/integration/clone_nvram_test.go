// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The clone gets the source's nvram (an EFI VM's boot entries live there): on the file way vmrun
// copies it with CopyDatastoreFile_Task next to the clone's vmx, named after the clone, and the
// clone's vmx names it; CloneVM_Task (vCenter placing the clone) is left to vCenter.
func TestCloneNvram(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		src := h.cloneSource()
		srcNvram := strings.TrimSuffix(src, ".vmx") + ".nvram"
		want, err := h.s.ReadFile(srcNvram)
		h.must(err)

		for _, tc := range []struct {
			name, dst string
			args      []string
		}{
			{"full", "[LocalDS_0] nv1dir/nv1.vmx", []string{"full"}},
			{"linked", "[LocalDS_0] nv2dir/nv2.vmx", []string{"linked", "-snapshot=base", "-cloneName=Other Name"}},
		} {
			h.s.ResetCalls()
			h.run(append([]string{"clone", src, tc.dst}, tc.args...)...).ExpectOK(t)
			if n := h.s.CallCount("CopyDatastoreFile_Task"); n != 1 {
				t.Errorf("%s: %d CopyDatastoreFile_Task calls, want 1: %v", tc.name, n, h.s.Calls())
			}
			nvram := strings.TrimSuffix(tc.dst, ".vmx") + ".nvram"
			if got, err := h.s.ReadFile(nvram); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: the clone's nvram %s: %q, %v; want the source's %q", tc.name, nvram, got, err, want)
			}
			stem := nvram[strings.LastIndex(nvram, "/")+1:]
			if vmx, err := h.s.ReadFile(tc.dst); err != nil || !strings.Contains(string(vmx), "\nnvram = \""+stem+"\"\n") {
				t.Errorf("%s: the clone's vmx does not name %s: %v\n%s", tc.name, stem, err, vmx)
			}
		}
		if got, err := h.s.ReadFile(srcNvram); err != nil || !bytes.Equal(got, want) {
			t.Errorf("the source's nvram changed: %q, %v", got, err)
		}

		// A source that never booted has no nvram: the copy finds nothing, the clone is made.
		local, err := h.s.DatastorePath(srcNvram)
		h.must(err)
		h.must(os.Remove(local))
		h.s.ResetCalls()
		h.run("clone", src, "[LocalDS_0] nv3dir/nv3.vmx", "full").ExpectOK(t)
		h.expectClone("[LocalDS_0] nv3dir/nv3.vmx", "nv3")
		if n := h.s.CallCount("CopyDatastoreFile_Task"); n != 1 {
			t.Errorf("no nvram: %d CopyDatastoreFile_Task calls, want the one that finds nothing: %v", n, h.s.Calls())
		}

		// vCenter placing the clone itself: CloneVM_Task, no copy by vmrun.
		if h.model == "vc" {
			h.s.ResetCalls()
			h.run("clone", src, "[LocalDS_0] nv4/nv4.vmx", "full").ExpectOK(t)
			if h.s.CallCount("CloneVM_Task") != 1 || h.s.CallCount("CopyDatastoreFile_Task") != 0 {
				t.Errorf("vCenter's clone: calls %v", h.s.Calls())
			}
			h.expectClone("[LocalDS_0] nv4/nv4.vmx", "nv4")
		}
	})
}
