// SPDX-License-Identifier: Apache-2.0

package sim

// Console realism: the two VirtualMachine methods behind captureScreen and typeKeystrokesInGuest,
// which stock vcsim 0.24.2 lacks (it answers MethodNotFound).
//
//   - CreateScreenshot_Task mimics a real host: the VM must be powered on (else the task fails
//     with InvalidPowerState and the host's faultstring); the host saves a PNG of the console next
//     to the VM ("[ds] dir/<vmx stem>-N.png", N the first free number from 1) and the task's result
//     is that datastore path, a string. The file is then an ordinary datastore file, served by the
//     stock /folder endpoint and removable with DeleteDatastoreFile_Task. The image is 640x480 and
//     depends only on the VM's vmx path (ScreenPNG gives the same bytes), so a test can tell one
//     VM's screen from another's and compare what vmrun wrote byte for byte.
//   - PutUsbScanCodes mimics a real host: the VM must be powered on (else an InvalidPowerState
//     SOAP fault); every key event whose usbHidCode has the documented form (usage << 16) | 7
//     with a usage of the keyboard page (0x04-0xE7) is injected, others are skipped, and the
//     answer is the number of events injected. Injected events are kept per VM for Keystrokes.

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// ScreenWidth and ScreenHeight are the size of every screenshot the simulator takes.
const (
	ScreenWidth  = 640
	ScreenHeight = 480
)

// KeyEvent is one key press a VM received through PutUsbScanCodes.
type KeyEvent struct {
	Code      int32    // usbHidCode as sent: (Usage << 16) | 7
	Usage     int      // the USB HID usage (keyboard page)
	Shift     bool     // leftShift or rightShift
	Modifiers []string // the modifiers sent as true, in WSDL order ("leftShift", ...)
}

// consoleState is a Sim's console bookkeeping (Sim's own fields belong to sim.go).
type consoleState struct {
	mu      sync.Mutex
	keys    map[string][]KeyEvent // vmx path -> events, in order
	shots   map[string][]string   // vmx path -> datastore paths of the screenshots taken
	devices *consoleDevices       // device realism (console_devices.go), installed on first use
	// keysPerCall > 0: PutUsbScanCodes injects at most this many events per call and answers
	// with that count, as a real host that drops the end of a long batch does.
	keysPerCall int
}

var (
	consoleMu    sync.Mutex
	consoleBySim = map[*Sim]*consoleState{}
)

func init() {
	registerSOAPHook("CreateScreenshot_Task", (*Sim).consoleScreenshot)
	registerSOAPHook("PutUsbScanCodes", (*Sim).consolePutUsbScanCodes)
}

// console returns the Sim's console state, creating it on first use; it is dropped at Close.
func (s *Sim) console() *consoleState {
	consoleMu.Lock()
	defer consoleMu.Unlock()
	if c := consoleBySim[s]; c != nil {
		return c
	}
	c := &consoleState{keys: map[string][]KeyEvent{}, shots: map[string][]string{}}
	if s.ctx.Err() != nil {
		return c // closing: a throwaway state, nothing to clean up later
	}
	consoleBySim[s] = c
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		<-s.ctx.Done()
		consoleMu.Lock()
		delete(consoleBySim, s)
		consoleMu.Unlock()
		c.mu.Lock()
		d := c.devices
		c.mu.Unlock()
		if d != nil {
			s.reg.RemoveHandler(d)
		}
	}()
	return c
}

// consoleVM reads what the console methods need of a VM: its vmx path and power state.
func (s *Sim) consoleVM(ref types.ManagedObjectReference) (vmx string, state types.VirtualMachinePowerState, vm *simulator.VirtualMachine) {
	s.reg.WithLock(ref, func() {
		v, ok := s.reg.Get(ref).(*simulator.VirtualMachine)
		if !ok || v.Config == nil {
			return
		}
		vm, vmx, state = v, v.Config.Files.VmPathName, v.Runtime.PowerState
	})
	return
}

// consolePrologue answers the faults every console method shares; ok is false when it did.
func (s *Sim) consolePrologue(w http.ResponseWriter, r *http.Request, call soapCall) (vm *simulator.VirtualMachine, vmx string, state types.VirtualMachinePowerState, out []byte, ok bool) {
	if !s.authenticated(r) {
		return nil, "", "", replyNotAuthenticated(w, call.This), false
	}
	vmx, state, vm = s.consoleVM(call.This)
	if vm == nil {
		return nil, "", "", replyObjectGone(w, call.This), false
	}
	return vm, vmx, state, nil, true
}

// ---- CreateScreenshot_Task

func (s *Sim) consoleScreenshot(w http.ResponseWriter, r *http.Request, call soapCall, _ []byte) []byte {
	vm, vmx, state, out, ok := s.consolePrologue(w, r, call)
	if !ok {
		return out
	}
	task := simulator.CreateTask(vm, "createScreenshotTask", nil)
	if state != types.VirtualMachinePowerStatePoweredOn {
		msg, fault := notPoweredOn(state)
		s.consoleFinishTask(task, nil, fault, msg)
	} else if dsPath, err := s.consoleSaveScreenshot(vmx); err != nil {
		s.consoleFinishTask(task, nil, &types.CannotAccessFile{FileFault: types.FileFault{File: dsPath}}, "Cannot access file "+dsPath)
	} else {
		s.consoleFinishTask(task, dsPath, nil, "")
	}
	return reply(w, http.StatusOK, taskResponse("CreateScreenshot_Task", task.Self))
}

// consoleFinishTask completes a task as simulator.Task.Run does, but with the host's
// localizedMessage for a fault (Run writes the Go type name).
func (s *Sim) consoleFinishTask(task *simulator.Task, result types.AnyType, fault types.BaseMethodFault, msg string) {
	now := time.Now()
	s.reg.Update(task, []types.PropertyChange{
		{Name: "info.startTime", Val: now},
		{Name: "info.state", Val: types.TaskInfoStateRunning},
	})
	state := types.TaskInfoStateSuccess
	var failure interface{}
	if fault != nil {
		state = types.TaskInfoStateError
		failure = types.LocalizedMethodFault{Fault: fault, LocalizedMessage: msg}
	}
	s.reg.Update(task, []types.PropertyChange{
		{Name: "info.completeTime", Val: time.Now()},
		{Name: "info.state", Val: state},
		{Name: "info.result", Val: result},
		{Name: "info.error", Val: failure},
	})
}

// consoleSaveScreenshot writes the VM's screen next to its vmx and returns the datastore path.
func (s *Sim) consoleSaveScreenshot(vmx string) (string, error) {
	dir, stem := path.Split(vmx) // "[ds] dir/", "name.vmx"
	stem = strings.TrimSuffix(stem, path.Ext(stem))
	img, err := ScreenPNG(vmx)
	if err != nil {
		return vmx, err
	}
	for n := 1; ; n++ {
		dsPath := dir + stem + "-" + strconv.Itoa(n) + ".png"
		local, err := s.DatastorePath(dsPath)
		if err != nil {
			return dsPath, err
		}
		f, err := os.OpenFile(local, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return dsPath, err
		}
		_, err = f.Write(img)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(local)
			return dsPath, err
		}
		c := s.console()
		c.mu.Lock()
		c.shots[vmx] = append(c.shots[vmx], dsPath)
		c.mu.Unlock()
		return dsPath, nil
	}
}

// ScreenPNG is the PNG that CreateScreenshot_Task saves for the VM with this vmx path: a
// ScreenWidth x ScreenHeight "console" whose colours and bars derive from the path, so two VMs'
// screens differ. The encoding is deterministic: the same path always gives the same bytes.
func ScreenPNG(vmx string) ([]byte, error) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(vmx))
	sum := h.Sum32()
	bg := color.RGBA{R: uint8(sum), G: uint8(sum >> 8), B: uint8(sum >> 16), A: 0xff}
	fg := color.RGBA{R: ^bg.R, G: ^bg.G, B: ^bg.B, A: 0xff}
	bar := 8 + int(sum>>24)%24
	img := image.NewRGBA(image.Rect(0, 0, ScreenWidth, ScreenHeight))
	for y := 0; y < ScreenHeight; y++ {
		for x := 0; x < ScreenWidth; x++ {
			c := bg
			if x < 4 || y < 4 || x >= ScreenWidth-4 || y >= ScreenHeight-4 || (y/bar)%4 == 1 && x%bar < bar/2 {
				c = fg
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Screenshots returns the datastore paths of the screenshots taken of the VM (name or vmx path),
// in order, whether or not they still exist.
func (s *Sim) Screenshots(nameOrPath string) []string {
	vmx := s.consoleVMX(nameOrPath)
	c := s.console()
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.shots[vmx]...)
}

// ---- PutUsbScanCodes

func (s *Sim) consolePutUsbScanCodes(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	_, vmx, state, out, ok := s.consolePrologue(w, r, call)
	if !ok {
		return out
	}
	if state != types.VirtualMachinePowerStatePoweredOn {
		msg, fault := notPoweredOn(state)
		return replyFault(w, msg, fault)
	}
	method, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	req, isReq := (*types.PutUsbScanCodes)(nil), false
	if err == nil {
		req, isReq = method.Body.(*types.PutUsbScanCodes)
	}
	if !isReq {
		return replyFault(w, "A specified parameter was not correct: spec", &types.InvalidArgument{InvalidProperty: "spec"})
	}
	c := s.console()
	c.mu.Lock()
	limit := c.keysPerCall
	c.mu.Unlock()
	var injected []KeyEvent
	for _, e := range req.Spec.KeyEvents {
		if limit > 0 && len(injected) == limit {
			break // a busy host takes only the front of a long batch
		}
		usage := int(uint32(e.UsbHidCode) >> 16)
		if e.UsbHidCode&0xffff != 7 || usage < 0x04 || usage > 0xe7 {
			continue // not a keyboard-page usage in the documented encoding: not injected
		}
		ev := KeyEvent{Code: e.UsbHidCode, Usage: usage}
		if m := e.Modifiers; m != nil {
			for _, f := range []struct {
				name string
				v    *bool
			}{
				{"leftControl", m.LeftControl}, {"leftShift", m.LeftShift}, {"leftAlt", m.LeftAlt}, {"leftGui", m.LeftGui},
				{"rightControl", m.RightControl}, {"rightShift", m.RightShift}, {"rightAlt", m.RightAlt}, {"rightGui", m.RightGui},
			} {
				if f.v != nil && *f.v {
					ev.Modifiers = append(ev.Modifiers, f.name)
				}
			}
			ev.Shift = m.LeftShift != nil && *m.LeftShift || m.RightShift != nil && *m.RightShift
		}
		injected = append(injected, ev)
	}
	c.mu.Lock()
	c.keys[vmx] = append(c.keys[vmx], injected...)
	c.mu.Unlock()
	return reply(w, http.StatusOK, []byte(envelopeStart+`<PutUsbScanCodesResponse xmlns="urn:vim25"><returnval>`+
		strconv.Itoa(len(injected))+`</returnval></PutUsbScanCodesResponse>`+envelopeEnd))
}

// consoleVMX resolves a VM name to its vmx path (a path is returned as given).
func (s *Sim) consoleVMX(nameOrPath string) string {
	if vm, err := s.Lookup(nameOrPath); err == nil {
		return vm.Path
	}
	return nameOrPath
}

// Keystrokes returns the key events the VM (name or vmx path) received, in order.
func (s *Sim) Keystrokes(nameOrPath string) []KeyEvent {
	vmx := s.consoleVMX(nameOrPath)
	c := s.console()
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]KeyEvent(nil), c.keys[vmx]...)
}

// LimitKeysPerCall makes PutUsbScanCodes inject at most n events per call (0: no limit).
func (s *Sim) LimitKeysPerCall(n int) {
	c := s.console()
	c.mu.Lock()
	c.keysPerCall = n
	c.mu.Unlock()
}

// ClearKeystrokes forgets the key events the VM received.
func (s *Sim) ClearKeystrokes(nameOrPath string) {
	vmx := s.consoleVMX(nameOrPath)
	c := s.console()
	c.mu.Lock()
	delete(c.keys, vmx)
	c.mu.Unlock()
}
