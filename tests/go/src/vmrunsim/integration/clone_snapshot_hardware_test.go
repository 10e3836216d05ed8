// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"strings"
	"testing"
)

// -snapshot on the file way: the clone's vmx has the snapshot's memory and CPUs
// (VirtualMachineSnapshot.config, read with the snapshot's disks), not the VM's current ones;
// without -snapshot it has the current ones.
func TestCloneSnapshotHardware(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		src := h.cloneSource() // snapshot "base" holds the hardware below
		h.must(h.s.SetHardware(src, 768, 3))
		h.must(h.s.MakeSnapshot(src, "big", false))
		h.must(h.s.SetHardware(src, 4096, 4))
		h.must(h.s.WriteVMFiles()) // the source's vmx says 4096 MB, 4 CPUs
		for _, tc := range []struct {
			name, dst string
			args      []string
			want      []string
		}{
			{"full from a snapshot", "[LocalDS_0] hw1dir/hw1.vmx", []string{"full", "-snapshot=big"},
				[]string{`memSize = "768"`, `numvcpus = "3"`}},
			{"linked from a snapshot", "[LocalDS_0] hw2dir/hw2.vmx", []string{"linked", "-snapshot=big"},
				[]string{`memSize = "768"`, `numvcpus = "3"`}},
			{"full, current state", "[LocalDS_0] hw3dir/hw3.vmx", []string{"full"},
				[]string{`memSize = "4096"`, `numvcpus = "4"`}},
		} {
			h.run(append([]string{"clone", src, tc.dst}, tc.args...)...).ExpectOK(t)
			vmx, err := h.s.ReadFile(tc.dst)
			h.must(err)
			for _, line := range tc.want {
				if !strings.Contains(string(vmx), "\n"+line+"\n") {
					t.Errorf("%s: the clone's vmx lacks %s:\n%s", tc.name, line, vmx)
				}
			}
		}
	})
}
