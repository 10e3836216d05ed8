// SPDX-License-Identifier: Apache-2.0

package vixtest

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"vmrunsim/sim"
)

// extraConfig is one key of the VM's config.extraConfig, read through the API (nil: absent).
func (h *harness) extraConfig(vmx, key string) []string {
	h.t.Helper()
	all, err := h.s.ExtraConfig(vmx)
	h.must(err)
	return all[key]
}

func (h *harness) expectExtraConfig(vmx, key string, want ...string) {
	h.t.Helper()
	if got := h.extraConfig(vmx, key); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		h.t.Errorf("extraConfig %s: got %q, want %q", key, got, want)
	}
}

// Guest variables and runtime configuration values are extraConfig keys (written, read back
// through the API); guest environment variables need a guest login to be read (TestGuestPrograms
// reads them) and cannot be written; bad names and types are refused before any call.
func TestVariables(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.run(env, "vix_variables", "read", "1", "color", "write", "1", "color", "blue",
			"read", "1", "color", "write", "2", "vix.test", "on", "read", "2", "vix.test",
			"read", "2", "guestinfo.color").Expect(t, 0, "connect: ok", "open: ok",
			`read 1 color: ok ""`, "write 1 color blue: ok", `read 1 color: ok "blue"`,
			"write 2 vix.test on: ok", `read 2 vix.test: ok "on"`,
			`read 2 guestinfo.color: ok "blue"`)
		h.expectExtraConfig(vmx, "guestinfo.color", "blue")
		h.expectExtraConfig(vmx, "vix.test", "on")

		h.must(h.s.SetExtraConfig(vmx, "guestinfo.set.elsewhere", "yes"))
		h.run(env, "vix_variables", "read", "1", "set.elsewhere", "write", "1", "color", "",
			"read", "1", "color", "read", "3", "PATH", "write", "3", "PATH", "/bin",
			"write", "1", "a=b", "x", "write", "1", "a/b", "x", "write", "2", "a=b", "x",
			"read", "9", "x", "write", "0", "x", "y", "read-null").Expect(t, 0, "connect: ok",
			"open: ok", `read 1 set.elsewhere: ok "yes"`, "write 1 color : ok",
			`read 1 color: ok ""`, "read 3 PATH: error 3018", "write 3 PATH /bin: error 6",
			"write 1 a=b x: error 3", "write 1 a/b x: error 3", "write 2 a=b x: error 3",
			"read 9 x: error 3", "write 0 x y: error 3", "read-null: error 3")
		h.expectExtraConfig(vmx, "guestinfo.color")

		// What the Perl API's users read: the display name and the guest's IP, kept outside
		// extraConfig on vSphere (docs/behaviour.md#vmx-keys).
		vm, err := h.s.Lookup(vmx)
		h.must(err)
		h.must(h.s.SetHardware(vmx, 2048, 2))
		h.must(h.s.SetGuestIP(vmx, "10.9.8.7"))
		h.run(env, "vix_variables", "read", "2", "displayName", "read", "2", "memsize",
			"read", "2", "numvcpus", "read", "1", "ip").Expect(t, 0, "connect: ok", "open: ok",
			`read 2 displayName: ok "`+vm.Name+`"`, `read 2 memsize: ok "2048"`,
			`read 2 numvcpus: ok "2"`, `read 1 ip: ok "10.9.8.7"`)
	})
}

// Hardware upgrade: refused while powered on, done when off, VIX_OK when already current.
// Tools: the installer mounted on a running VM, also for option 4 (a VM feature bit programs pass
// as if it were an option); AUTO_UPGRADE not supported.
func TestUpgradeAndTools(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		h.must(h.s.SetHardwareVersion(vmx, "vmx-11"))
		h.run(env, "vix_variables", "upgrade", "tools", "0", "tools", "1", "tools", "4").Expect(t, 0,
			"connect: ok", "open: ok", "upgrade: error 3007", "tools 0: ok", "tools 1: error 6",
			"tools 4: ok")
		if mounted, err := h.s.ToolsInstallerMounted(vmx); err != nil || !mounted {
			t.Errorf("Tools installer mounted: %v (%v)", mounted, err)
		}
		if v, _ := h.s.HardwareVersion(vmx); v != "vmx-11" {
			t.Errorf("hardware version after a refused upgrade: %s", v)
		}
		h.must(h.s.PowerOff(vmx))
		h.run(env, "vix_variables", "upgrade", "upgrade", "tools", "2").Expect(t, 0, "connect: ok",
			"open: ok", "upgrade: ok", "upgrade: ok", "tools 2: error 3006")
		if v, _ := h.s.HardwareVersion(vmx); v != "vmx-13" {
			t.Errorf("hardware version after the upgrade: %s, want vmx-13", v)
		}
	})
}

// Screen capture: the PNG the host saved, byte for byte, in both formats; refused when the VM is
// not powered on, and for an unknown format.
func TestCaptureScreenImage(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		env := h.environ(vmx)
		dir := t.TempDir()
		png1, png2 := filepath.Join(dir, "1.png"), filepath.Join(dir, "2.png")
		h.run(env, "vix_variables", "capture", "1", png1, "capture", "2", png2, "capture", "3",
			filepath.Join(dir, "3.png")).Expect(t, 0, "connect: ok", "open: ok",
			"capture 1: ok, size as the blob's", "capture 2: ok, size as the blob's",
			"capture 3: error 19001")
		want, err := sim.ScreenPNG(vmx)
		h.must(err)
		for _, file := range []string{png1, png2} {
			got, err := os.ReadFile(file)
			h.must(err)
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes, not the host's %d-byte PNG", file, len(got), len(want))
			}
		}
		if shots := h.s.Screenshots(vmx); len(shots) != 2 {
			t.Errorf("screenshots taken on the host: %q, want 2", shots)
		}
		h.must(h.s.PowerOff(vmx))
		h.run(env, "vix_variables", "capture", "1", png1).Expect(t, 0, "connect: ok", "open: ok",
			"capture 1: error 3006")
	})
}
