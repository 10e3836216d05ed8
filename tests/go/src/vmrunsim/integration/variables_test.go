// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"reflect"
	"testing"
)

// readVariable / writeVariable with guestVar and runtimeConfig (docs/behaviour.md#variables), extraConfig read
// back through the API.
func TestVariableWriteRead(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		extra := func(key string) []string {
			t.Helper()
			all, err := h.s.ExtraConfig(vmx)
			h.must(err)
			return all[key]
		}
		expectKey := func(key string, want ...string) {
			t.Helper()
			if got := extra(key); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("extraConfig %q: got %q, want %q", key, got, want)
			}
		}

		// Unset: an empty line, exit 0.
		h.run("readVariable", vmx, "guestVar", "build").Expect(t, 0, "")

		h.run("writeVariable", vmx, "guestVar", "build", "42").ExpectOK(t)
		expectKey("guestinfo.build", "42")
		expectKey("build")
		// Setting again replaces the value (one entry).
		h.run("writeVariable", vmx, "guestVar", "build", "43 and more").ExpectOK(t)
		expectKey("guestinfo.build", "43 and more")

		h.run("readVariable", vmx, "guestVar", "build").Expect(t, 0, "43 and more")
		h.run("readVariable", vmx, "GUESTVAR", "build").Expect(t, 0, "43 and more")
		// No double prefix; runtimeConfig takes the key as given.
		h.run("readVariable", vmx, "guestVar", "guestinfo.build").Expect(t, 0, "43 and more")
		h.run("readVariable", vmx, "runtimeConfig", "guestinfo.build").Expect(t, 0, "43 and more")
		h.run("readVariable", vmx, "runtimeConfig", "build").Expect(t, 0, "")
		h.vmrun(append(h.conn("--insecure", "--json"), "readVariable", vmx, "guestVar", "build")...).
			Expect(t, 0, `{"type": "guestVar", "name": "build", "value": "43 and more"}`)
		h.vmrun(append(h.conn("--insecure", "--json"), "readVariable", vmx, "runtimeConfig", "nokey")...).
			Expect(t, 0, `{"type": "runtimeConfig", "name": "nokey", "value": ""}`)

		h.run("writeVariable", vmx, "guestVar", "guestinfo.other", "x<&>\"y").ExpectOK(t)
		expectKey("guestinfo.other", "x<&>\"y")
		expectKey("guestinfo.guestinfo.other")
		h.run("readVariable", vmx, "guestVar", "other").Expect(t, 0, "x<&>\"y")

		h.run("writeVariable", vmx, "runtimeConfig", "vmrun.test", "on").ExpectOK(t)
		expectKey("vmrun.test", "on")
		h.run("readVariable", vmx, "runtimeConfig", "vmrun.test").Expect(t, 0, "on")
		// vcsim's own key is there and readable.
		h.run("readVariable", vmx, "runtimeConfig", "govcsim").Expect(t, 0, "TRUE")

		// An empty value deletes the key.
		h.run("writeVariable", vmx, "guestVar", "build", "").ExpectOK(t)
		expectKey("guestinfo.build")
		h.run("readVariable", vmx, "guestVar", "build").Expect(t, 0, "")
		expectKey("guestinfo.other", "x<&>\"y") // others untouched
		expectKey("vmrun.test", "on")

		// Keys vSphere keeps in the VM's configuration (docs/behaviour.md#vmx-keys), read with
		// the lookup; an extraConfig key of that name wins.
		vm, err := h.s.Lookup(vmx)
		h.must(err)
		h.must(h.s.SetHardware(vmx, 3072, 3))
		h.must(h.s.SetGuestIP(vmx, "10.1.2.3"))
		h.s.ResetCalls()
		h.run("readVariable", vmx, "runtimeConfig", "displayName").Expect(t, 0, vm.Name)
		if n := h.s.CallCount("RetrievePropertiesEx") + h.s.CallCount("RetrieveProperties"); n != 2 {
			t.Errorf("readVariable runtimeConfig displayName: %d property reads, want 2 (the datacenters, the VM)", n)
		}
		h.run("readVariable", vmx, "runtimeConfig", "DISPLAYNAME").Expect(t, 0, vm.Name)
		h.run("readVariable", vmx, "runtimeConfig", "memsize").Expect(t, 0, "3072")
		h.run("readVariable", vmx, "runtimeConfig", "numvcpus").Expect(t, 0, "3")
		h.run("readVariable", vmx, "runtimeConfig", "annotation").Expect(t, 0, "")
		h.run("readVariable", vmx, "guestVar", "ip").Expect(t, 0, "10.1.2.3")
		h.run("writeVariable", vmx, "runtimeConfig", "displayName", "from extraConfig").ExpectOK(t)
		h.run("readVariable", vmx, "runtimeConfig", "displayName").Expect(t, 0, "from extraConfig")

		// Works on a powered-off VM too.
		h.must(h.s.PowerOff(vmx))
		h.run("writeVariable", vmx, "guestVar", "build", "off").ExpectOK(t)
		expectKey("guestinfo.build", "off")
		h.run("readVariable", vmx, "guestVar", "build").Expect(t, 0, "off")

		// Refusals: the type word is required; guestEnv cannot be written.
		h.run("readVariable", vmx, "build").ExpectError(t, msgInvalidParams)
		h.run("readVariable", vmx, "guestvariable", "build").ExpectError(t, msgInvalidParams)
		h.run("writeVariable", vmx, "build", "1").ExpectError(t, msgInvalidParams)
		h.run("writeVariable", vmx, "bogus", "build", "1").ExpectError(t, msgInvalidParams)
		h.run("writeVariable", vmx, "guestVar", "", "1").ExpectError(t, msgInvalidParams)
		h.s.ResetCalls()
		h.run("writeVariable", vmx, "guestEnv", "PATH", "/bin").ExpectError(t, msgNotSupported)
		if n := len(h.s.Requests()); n != 0 {
			t.Errorf("writeVariable guestEnv talked to the host: %v", h.s.Requests())
		}
		expectKey("guestinfo.build", "off")

		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		h.run("readVariable", unknown, "guestVar", "build").ExpectError(t, msgCannotOpen(unknown))
		h.run("writeVariable", unknown, "guestVar", "build", "1").ExpectError(t, msgCannotOpen(unknown))
	})
}
