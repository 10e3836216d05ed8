package sim

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// toolsTracker makes VMware Tools follow the power state, as the Tools service inside a real guest
// does: it is registered with Registry.AddHandler, so it sees every runtime.powerState change
// whoever makes it (a SOAP client, a task, a helper of this package), and publishes the guest.*
// properties through Registry.Update, so RetrieveProperties and WaitForUpdatesEx clients see them.
//
//   - power-on (also resume from suspend, and the power-on half of a reset): after Config.ToolsDelay
//     (the guest's boot time) guest.toolsRunningStatus=guestToolsRunning, guest.toolsStatus=toolsOk,
//     guest.guestOperationsReady=true, guest.guestState=running (and summary.guest.*). VMs already
//     powered on when the Sim starts have running Tools at once (they "booted long ago").
//   - power-off / suspend: at once guestToolsNotRunning, toolsNotRunning, guestOperationsReady=false,
//     guestState=notRunning.
//   - a VM marked with Sim.SetToolsInstalled(vm, false): toolsNotInstalled and never running.
//     The mark is kept by vmx path, so it survives unregister/register.
type toolsTracker struct {
	s   *Sim
	reg *simulator.Registry
	ref types.ManagedObjectReference

	mu        sync.Mutex
	gen       map[types.ManagedObjectReference]uint64
	noTools   map[string]bool // vmx path -> Tools not installed
	shutdowns map[types.ManagedObjectReference]bool
}

func newToolsTracker(s *Sim, reg *simulator.Registry) *toolsTracker {
	return &toolsTracker{
		s:         s,
		reg:       reg,
		ref:       types.ManagedObjectReference{Type: "VmrunSimToolsTracker", Value: "vmrunsim-tools"},
		gen:       make(map[types.ManagedObjectReference]uint64),
		noTools:   make(map[string]bool),
		shutdowns: make(map[types.ManagedObjectReference]bool),
	}
}

func (t *toolsTracker) Reference() types.ManagedObjectReference { return t.ref }
func (t *toolsTracker) PutObject(mo.Reference)                  {}
func (t *toolsTracker) RemoveObject(ref types.ManagedObjectReference) {
	t.mu.Lock()
	delete(t.gen, ref)
	t.mu.Unlock()
}

// UpdateObject runs inside Registry.Update, with the VM's lock held by whoever changed it.
func (t *toolsTracker) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	ref := obj.Reference()
	if ref.Type != "VirtualMachine" {
		return
	}
	for _, ch := range changes {
		if ch.Name != "runtime.powerState" {
			continue
		}
		state, _ := ch.Val.(types.VirtualMachinePowerState)
		gen := t.bump(ref)
		if state == types.VirtualMachinePowerStatePoweredOn {
			t.startLater(ref, gen, t.s.cfg.ToolsDelay)
		} else {
			t.mu.Lock()
			delete(t.shutdowns, ref)
			t.mu.Unlock()
			if vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine); ok {
				t.publish(vm, false)
			}
		}
	}
}

func (t *toolsTracker) bump(ref types.ManagedObjectReference) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen[ref]++
	return t.gen[ref]
}

func (t *toolsTracker) current(ref types.ManagedObjectReference) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.gen[ref]
}

func (t *toolsTracker) installed(vm *simulator.VirtualMachine) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return vm.Config == nil || !t.noTools[vm.Config.Files.VmPathName]
}

// startLater makes Tools run after delay, unless the VM changed power state in between.
func (t *toolsTracker) startLater(ref types.ManagedObjectReference, gen uint64, delay time.Duration) {
	t.s.goAfter(delay, func() {
		t.reg.WithLock(ref, func() {
			vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine)
			if !ok || t.current(ref) != gen || vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
				return
			}
			t.publish(vm, true)
		})
	})
}

// publish sets the guest.* Tools properties; the caller holds the VM's lock.
func (t *toolsTracker) publish(vm *simulator.VirtualMachine, running bool) {
	installed := t.installed(vm)
	running = running && installed
	status := types.VirtualMachineToolsStatusToolsNotRunning
	runStatus := string(types.VirtualMachineToolsRunningStatusGuestToolsNotRunning)
	guestState := "notRunning"
	version, version2 := "11269", string(types.VirtualMachineToolsVersionStatusGuestToolsCurrent)
	if running {
		status = types.VirtualMachineToolsStatusToolsOk
		runStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
		guestState = "running"
	}
	if !installed {
		status = types.VirtualMachineToolsStatusToolsNotInstalled
		version, version2 = "0", string(types.VirtualMachineToolsVersionStatusGuestToolsNotInstalled)
	}
	ready := running
	if vm.Guest == nil {
		vm.Guest = &types.GuestInfo{}
	}
	if vm.Summary.Guest == nil {
		vm.Summary.Guest = &types.VirtualMachineGuestSummary{}
	}
	vm.Guest.ToolsStatus = status
	vm.Guest.ToolsRunningStatus = runStatus
	vm.Guest.ToolsVersion = version
	vm.Guest.ToolsVersionStatus2 = version2
	vm.Guest.GuestOperationsReady = &ready
	vm.Guest.GuestState = guestState
	vm.Summary.Guest.ToolsStatus = status
	vm.Summary.Guest.ToolsRunningStatus = runStatus
	vm.Summary.Guest.ToolsVersionStatus2 = version2
	t.reg.Update(vm, []types.PropertyChange{
		{Name: "guest.toolsStatus", Val: status},
		{Name: "guest.toolsRunningStatus", Val: runStatus},
		{Name: "guest.toolsVersion", Val: version},
		{Name: "guest.toolsVersionStatus2", Val: version2},
		{Name: "guest.guestOperationsReady", Val: ready},
		{Name: "guest.guestState", Val: guestState},
		{Name: "summary.guest.toolsStatus", Val: status},
		{Name: "summary.guest.toolsRunningStatus", Val: runStatus},
		{Name: "summary.guest.toolsVersionStatus2", Val: version2},
	})
}

// initAll publishes the Tools state of every VM at start: running for powered-on VMs.
func (t *toolsTracker) initAll() {
	for _, e := range t.reg.All("VirtualMachine") {
		ref := e.Reference()
		t.reg.WithLock(ref, func() {
			if vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine); ok {
				t.publish(vm, vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn)
			}
		})
	}
}

// setInstalled marks a VM (by vmx path) as having Tools installed or not and republishes.
func (t *toolsTracker) setInstalled(ref types.ManagedObjectReference, vmx string, installed bool) {
	t.mu.Lock()
	if installed {
		delete(t.noTools, vmx)
	} else {
		t.noTools[vmx] = true
	}
	t.mu.Unlock()
	gen := t.bump(ref)
	t.reg.WithLock(ref, func() {
		if vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine); ok {
			t.publish(vm, false)
		}
	})
	if installed {
		t.startLater(ref, gen, 0)
	}
}

// guestPower serves ShutdownGuest and RebootGuest in place of the simulator:
//
//   - ShutdownGuest: stock vcsim powers off at once and ignores Tools. A real host faults
//     InvalidPowerState when the VM is not powered on, ToolsUnavailable when Tools do not run,
//     and otherwise returns at once while the guest shuts down by itself: here the VM powers off
//     Config.ShutdownDelay later (guest.guestState is "shuttingDown" meanwhile).
//   - RebootGuest: missing in vcsim (MethodNotFound). Same faults as ShutdownGuest; otherwise it
//     returns at once, the VM stays powered on, Tools stop at once and run again ToolsDelay later.
//
// Faults use the real hosts' faultstrings.
func (s *Sim) guestPower(w http.ResponseWriter, r *http.Request, call soapCall) []byte {
	reply := func(status int, body []byte) []byte {
		writeSOAP(w, status, body)
		return body
	}
	if !s.authenticated(r) {
		fault := &types.NotAuthenticated{NoPermission: types.NoPermission{Object: call.This, PrivilegeId: "System.View"}}
		return reply(http.StatusInternalServerError, faultResponse("The session is not authenticated.", fault))
	}
	reg := s.reg
	ref := call.This
	var fault types.BaseMethodFault
	var msg string
	shutdown := call.Method == "ShutdownGuest"
	found := false
	reg.WithLock(ref, func() {
		vm, ok := reg.Get(ref).(*simulator.VirtualMachine)
		if !ok {
			return
		}
		found = true
		state := vm.Runtime.PowerState
		if state != types.VirtualMachinePowerStatePoweredOn {
			label := "Powered off"
			if state == types.VirtualMachinePowerStateSuspended {
				label = "Suspended"
			}
			msg = "The attempted operation cannot be performed in the current state (" + label + ")."
			fault = &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOn, ExistingState: state}
			return
		}
		if vm.Guest == nil || vm.Guest.ToolsRunningStatus != string(types.VirtualMachineToolsRunningStatusGuestToolsRunning) {
			msg = "Cannot complete operation because VMware Tools is not running in this virtual machine."
			fault = &types.ToolsUnavailable{}
			return
		}
		if shutdown {
			s.tools.mu.Lock()
			already := s.tools.shutdowns[ref]
			s.tools.shutdowns[ref] = true
			s.tools.mu.Unlock()
			vm.Guest.GuestState = "shuttingDown"
			reg.Update(vm, []types.PropertyChange{{Name: "guest.guestState", Val: "shuttingDown"}})
			if !already {
				s.goAfter(s.cfg.ShutdownDelay, func() {
					s.tools.mu.Lock()
					pending := s.tools.shutdowns[ref]
					s.tools.mu.Unlock()
					if !pending {
						return // powered off (or otherwise changed) meanwhile
					}
					_, _ = object.NewVirtualMachine(s.client, ref).PowerOff(context.Background())
				})
			}
		} else {
			gen := s.tools.bump(ref)
			s.tools.publish(vm, false)
			s.tools.startLater(ref, gen, s.cfg.ToolsDelay)
		}
	})
	if !found {
		msg = "The object '" + ref.Type + ":" + ref.Value + "' has already been deleted or has not been completely created"
		fault = &types.ManagedObjectNotFound{Obj: ref}
	}
	if fault != nil {
		return reply(http.StatusInternalServerError, faultResponse(msg, fault))
	}
	return reply(http.StatusOK, emptyResponse(call.Method))
}

// authenticated reports whether the request's session cookie belongs to a logged-in session,
// asking the simulator's SessionManager (sessionList) through the in-process client.
func (s *Sim) authenticated(r *http.Request) bool {
	c, err := r.Cookie(soap.SessionCookieName)
	if err != nil {
		return false
	}
	keys, err := s.sessionKeys()
	if err != nil {
		return false
	}
	for _, k := range keys {
		if k == c.Value {
			return true
		}
	}
	return false
}
