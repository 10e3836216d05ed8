// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"encoding/binary"
	"io/ioutil"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"vmrunsim/sim"
)

// The console verbs (docs/behaviour.md#console): captureScreen, typeKeystrokesInGuest, connectNamedDevice,
// disconnectNamedDevice. None needs guest credentials or running Tools.

// consoleCalls wraps a verb's own calls in the session's fixed opening and closing.
func consoleCalls(verb ...string) []string {
	calls := []string{
		"RetrieveServiceContent", // session: the manager MoRefs and about.apiType
		"Login",                  // session: user and password
		"RetrieveProperties",     // the datacenter list (FindByDatastorePath needs one)
		"FindByDatastorePath",    // vmx path -> VM MoRef
		"RetrieveProperties",     // the VM facts (vmPathName, powerState, and what the verb reads)
	}
	calls = append(calls, verb...)
	return append(calls, "Logout")
}

func (h *harness) expectConsoleCalls(want []string) {
	h.t.Helper()
	if got := h.s.Calls(); !reflect.DeepEqual(got, want) {
		h.t.Errorf("SOAP calls:\n got  %s\n want %s", strings.Join(got, ", "), strings.Join(want, ", "))
	}
}

// consoleCheckPNG asserts that file holds exactly the sim's screen of vmx: PNG signature, IHDR size, bytes.
func consoleCheckPNG(t *testing.T, file, vmx string) {
	t.Helper()
	got, err := ioutil.ReadFile(file)
	if err != nil {
		t.Fatalf("reading the screenshot: %v", err)
	}
	want, err := sim.ScreenPNG(vmx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 24 || !bytes.Equal(got[:8], []byte("\x89PNG\r\n\x1a\n")) || string(got[12:16]) != "IHDR" {
		t.Fatalf("%s is not a PNG (%d bytes, starts %q)", file, len(got), got[:consoleMin(len(got), 16)])
	}
	w, hgt := binary.BigEndian.Uint32(got[16:20]), binary.BigEndian.Uint32(got[20:24])
	if w != sim.ScreenWidth || hgt != sim.ScreenHeight {
		t.Errorf("PNG is %dx%d, want %dx%d", w, hgt, sim.ScreenWidth, sim.ScreenHeight)
	}
	if len(got) != len(want) || !bytes.Equal(got, want) {
		t.Errorf("PNG differs from the sim's screen of %s: %d bytes, want %d", vmx, len(got), len(want))
	}
}

func consoleMin(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// consoleUnwritableDir returns a directory in which creating a file fails with "Permission denied"
// (a 0555 directory; for root, who ignores modes, /sys), or "" when there is none here.
func consoleUnwritableDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "read-only")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	for _, d := range []string{dir, "/sys"} {
		probe := filepath.Join(d, ".vmrun-probe")
		f, err := os.OpenFile(probe, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			os.Remove(probe)
			continue
		}
		if os.IsPermission(err) {
			return d
		}
	}
	return ""
}

// captureScreen: CreateScreenshot_Task, GET the PNG from the datastore, write it atomically, delete
// the host's copy.
func TestCaptureScreen(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		dir := t.TempDir()
		out := filepath.Join(dir, "screen.png")

		h.s.ResetCalls()
		r := h.run("captureScreen", vmx, out)
		r.ExpectOK(t)
		consoleCheckPNG(t, out, vmx)
		if names := hostDirNames(t, dir); !reflect.DeepEqual(names, []string{"screen.png"}) {
			t.Errorf("destination directory holds %v, want only screen.png", names)
		}
		// Round trips: the session, the VM, the task and its wait, one GET, the clean-up.
		h.expectConsoleCalls(consoleCalls(
			"CreateScreenshot_Task",    // the host saves the PNG next to the VM
			"RetrieveProperties",       // the task's info: done, result is the PNG's datastore path
			"DeleteDatastoreFile_Task", // after the download: remove the host's copy (not waited for)
		))
		shots := h.s.Screenshots(vmx)
		if len(shots) != 1 {
			t.Fatalf("screenshots taken: %v, want one", shots)
		}
		wantGet := "GET /folder/" + strings.SplitN(shots[0], "] ", 2)[1]
		if got := h.s.HTTPRequests(); !reflect.DeepEqual(got, []string{"GET /sdk/vimServiceVersions.xml", wantGet}) {
			t.Errorf("plain HTTP requests: %v, want the versions file and %s", got, wantGet)
		}
		if n := h.s.Connections(); n != 1 {
			t.Errorf("%d TCP connections, want 1", n)
		}
		if h.s.FileExists(shots[0]) {
			t.Errorf("the host's copy %s was not deleted", shots[0])
		}
		h.expectLoggedOut(r)

		// An existing file is replaced, here by another VM's (different) screen.
		other := h.otherVMPath()
		h.run("captureScreen", other, out).ExpectOK(t)
		consoleCheckPNG(t, out, other)
		if names := hostDirNames(t, dir); !reflect.DeepEqual(names, []string{"screen.png"}) {
			t.Errorf("destination directory holds %v, want only screen.png", names)
		}

		// A file name with a space, in a subdirectory.
		sub := filepath.Join(dir, "sub")
		h.must(os.Mkdir(sub, 0o755))
		h.run("captureScreen", vmx, filepath.Join(sub, "a b.png")).ExpectOK(t)
		consoleCheckPNG(t, filepath.Join(sub, "a b.png"), vmx)
	})
}

// captureScreen refusals: not powered on; a destination that cannot be written. Nothing is
// written, and the host is not asked for a screenshot.
func TestCaptureScreenRefused(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		dir := t.TempDir()
		out := filepath.Join(dir, "screen.png")

		missing := filepath.Join(dir, "no-such-dir", "screen.png")
		h.s.ResetCalls()
		h.run("captureScreen", vmx, missing).ExpectError(t, msgFileNotFound)
		if h.s.CallCount("CreateScreenshot_Task") != 0 {
			t.Errorf("a screenshot was taken for an impossible destination: %v", h.s.Calls())
		}

		if ro := consoleUnwritableDir(t); ro == "" {
			t.Log("no unwritable directory here: skipping that case")
		} else {
			target := filepath.Join(ro, "screen.png")
			h.s.ResetCalls()
			r := h.run("captureScreen", vmx, target)
			r.ExpectError(t, "Error: Cannot write "+target+": Permission denied")
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Errorf("%s exists after a refusal", target)
			}
			if h.s.CallCount("CreateScreenshot_Task") != 0 {
				t.Errorf("a screenshot was taken for an unwritable destination: %v", h.s.Calls())
			}
		}

		h.must(h.s.PowerOff(vmx))
		h.s.ResetCalls()
		h.run("captureScreen", vmx, out).ExpectError(t, msgNotPoweredOn(vmx))
		h.must(h.s.PowerOn(vmx))
		h.must(h.s.Suspend(vmx))
		h.run("captureScreen", vmx, out).ExpectError(t, msgNotPoweredOn(vmx))
		if h.s.CallCount("CreateScreenshot_Task") != 0 {
			t.Errorf("CreateScreenshot_Task sent for a VM that is not powered on: %v", h.s.Calls())
		}
		if names := hostDirNames(t, dir); len(names) != 0 {
			t.Errorf("destination directory holds %v after refusals, want nothing", names)
		}
		if len(h.s.Screenshots(vmx)) != 0 {
			t.Errorf("screenshots taken: %v", h.s.Screenshots(vmx))
		}

		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		h.run("captureScreen", unknown, out).ExpectError(t, msgCannotOpen(unknown))
	})
}

// typeKeystrokesInGuest: PutUsbScanCodes in batches of 50, usage << 16 | 7, Shift as needed.
func TestTypeKeystrokesInGuest(t *testing.T) {
	type key struct {
		usage int
		shift bool
	}
	text := "Hi, vmrun 2.0!\n\t~"
	want := []key{
		{0x0b, true}, {0x0c, false}, {0x36, false}, {0x2c, false}, // "Hi, "
		{0x19, false}, {0x10, false}, {0x15, false}, {0x18, false}, {0x11, false}, {0x2c, false}, // "vmrun "
		{0x1f, false}, {0x37, false}, {0x27, false}, {0x1e, true}, // "2.0!"
		{0x28, false}, {0x2b, false}, {0x35, true}, // Enter, Tab, "~"
	}
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()

		h.s.ResetCalls()
		r := h.run("typeKeystrokesInGuest", vmx, text)
		r.ExpectOK(t)
		got := h.s.Keystrokes(vmx)
		if len(got) != len(want) {
			t.Fatalf("%d key events, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			g := got[i]
			var mods []string
			if w.shift {
				mods = []string{"leftShift"}
			}
			if g.Usage != w.usage || g.Code != int32(w.usage<<16|7) || g.Shift != w.shift || !reflect.DeepEqual(g.Modifiers, mods) {
				t.Errorf("event %d (%q): got %+v, want usage %#x shift %v", i, text[i], g, w.usage, w.shift)
			}
		}
		// Round trips: the session, the VM, then one PutUsbScanCodes for these 17 keys.
		h.expectConsoleCalls(consoleCalls("PutUsbScanCodes"))
		h.expectLoggedOut(r)

		// 120 keys: batches of 50, 50 and 20. A host that takes only 30 per call gets the rest
		// again from where it stopped: 30 + 30 + 30 + 30, nothing lost or repeated.
		long := strings.Repeat("abcdefghij", 12)
		for _, c := range []struct {
			limit int
			puts  int
		}{{0, 3}, {30, 4}} {
			h.s.ClearKeystrokes(vmx)
			h.s.LimitKeysPerCall(c.limit)
			h.s.ResetCalls()
			h.run("typeKeystrokesInGuest", vmx, long).ExpectOK(t)
			if n := h.s.CallCount("PutUsbScanCodes"); n != c.puts {
				t.Errorf("host limit %d: %d PutUsbScanCodes calls, want %d", c.limit, n, c.puts)
			}
			got := h.s.Keystrokes(vmx)
			if len(got) != len(long) {
				t.Fatalf("host limit %d: %d keys arrived, want %d", c.limit, len(got), len(long))
			}
			for i := range got {
				if wantUsage := 0x04 + int(long[i]-'a'); got[i].Usage != wantUsage {
					t.Fatalf("host limit %d: key %d has usage %#x, want %#x", c.limit, i, got[i].Usage, wantUsage)
				}
			}
		}
		h.s.LimitKeysPerCall(0)

		// Characters a US keyboard cannot type: refused before connecting, nothing typed.
		h.s.ClearKeystrokes(vmx)
		h.s.ResetCalls()
		for _, bad := range []string{"h\u00e9llo", "a\rb", "\x7f"} {
			r := h.run("typeKeystrokesInGuest", vmx, bad)
			r.ExpectError(t, msgInvalidParams)
			if !strings.Contains(r.Stderr, "cannot type the character") {
				t.Errorf("no hint about the character on stderr:\n%s", r.Describe())
			}
		}
		if len(h.s.Calls()) != 0 || len(h.s.Keystrokes(vmx)) != 0 {
			t.Errorf("untypeable text reached the host: calls %v, keys %v", h.s.Calls(), h.s.Keystrokes(vmx))
		}

		// Not powered on: the error, nothing sent.
		h.must(h.s.PowerOff(vmx))
		h.s.ResetCalls()
		h.run("typeKeystrokesInGuest", vmx, "abc").ExpectError(t, msgNotPoweredOn(vmx))
		if h.s.CallCount("PutUsbScanCodes") != 0 || len(h.s.Keystrokes(vmx)) != 0 {
			t.Errorf("keys sent to a powered-off VM: calls %v", h.s.Calls())
		}
	})
}

// connectNamedDevice / disconnectNamedDevice: the device is named by its label, exactly.
func TestConnectNamedDevice(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		const cd, nic = "CD/DVD drive 1", "Network adapter 1"
		state := func(label string) (bool, bool) {
			t.Helper()
			d, err := h.s.Device(vmx, label)
			if err != nil {
				t.Fatal(err)
			}
			return d.Connected, d.StartConnected
		}
		expect := func(label string, connected, start bool) {
			t.Helper()
			if c, s := state(label); c != connected || s != start {
				t.Errorf("%s: connected=%v startConnected=%v, want %v %v", label, c, s, connected, start)
			}
		}
		expect(cd, true, true)
		expect(nic, false, true) // vcsim's NIC on a running VM: not connected yet

		h.s.ResetCalls()
		r := h.run("disconnectNamedDevice", vmx, cd)
		r.ExpectOK(t)
		expect(cd, false, false)
		// Round trips: the session, the VM with its devices, the reconfigure task and its wait.
		h.expectConsoleCalls(consoleCalls("ReconfigVM_Task", "RetrieveProperties"))
		h.expectLoggedOut(r)

		// Already disconnected: nothing to change, no reconfigure.
		h.s.ResetCalls()
		h.run("disconnectNamedDevice", vmx, cd).ExpectOK(t)
		if h.s.CallCount("ReconfigVM_Task") != 0 {
			t.Errorf("reconfigured a device already in the wanted state: %v", h.s.Calls())
		}
		expect(cd, false, false)

		h.run("connectNamedDevice", vmx, cd).ExpectOK(t)
		expect(cd, true, true)
		h.run("connectNamedDevice", vmx, nic).ExpectOK(t)
		expect(nic, true, true)
		h.run("disconnectNamedDevice", vmx, nic).ExpectOK(t)
		expect(nic, false, false)

		// Labels are exact and case-sensitive; the hint lists the devices that can be connected.
		for _, bad := range []string{"cd/dvd drive 1", "CD/DVD drive 2", "Hard disk 1", ""} {
			r := h.run("connectNamedDevice", vmx, bad)
			r.ExpectError(t, msgInvalidParams)
			if !strings.Contains(r.Stderr, `"CD/DVD drive 1", "Network adapter 1"`) {
				t.Errorf("the hint does not list the device labels:\n%s", r.Describe())
			}
		}
		expect(cd, true, true)

		// Powered off: nothing is connected; connecting sets startConnected, and the next
		// power-on connects the device.
		h.run("disconnectNamedDevice", vmx, cd).ExpectOK(t)
		h.must(h.s.PowerOff(vmx))
		expect(cd, false, false)
		h.run("connectNamedDevice", vmx, cd).ExpectOK(t)
		expect(cd, false, true)
		h.must(h.s.PowerOn(vmx))
		expect(cd, true, true)

		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		h.run("connectNamedDevice", unknown, cd).ExpectError(t, msgCannotOpen(unknown))
	})
}

// The simulator refuses what a real host refuses: a device connected on a powered-off VM.
func TestDeviceStateFollowsPower(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		h.must(h.s.PowerOff(vmx))
		h.must(h.s.SetDeviceConnection(vmx, "CD/DVD drive 1", true, false))
		d, err := h.s.Device(vmx, "CD/DVD drive 1")
		h.must(err)
		if d.Connected || d.StartConnected {
			t.Errorf("powered-off VM after an edit to connected=true, startConnected=false: %+v", d)
		}
	})
}
