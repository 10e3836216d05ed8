// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"context"
	"fmt"
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
//   - the guest's IP address (stock vcsim never reports one without Docker): Config.GuestIPDelay
//     after Tools start (a guest gets its DHCP lease a little after Tools come up), Tools report
//     guest.ipAddress, summary.guest.ipAddress and the first NIC's guest.net[0].ipAddress and
//     ipConfig, as a real host shows them; when Tools stop (power-off, suspend, reboot) the
//     address goes away again. VMs already running at Start report it at once. The address is
//     10.20.X.Y derived from the VM's MoRef, or whatever Sim.SetGuestIP set ("" = the guest
//     reports none, like a guest without a network). A customization's fixed address replaces
//     it for good (customization.go).
type toolsTracker struct {
	s   *Sim
	reg *simulator.Registry
	ref types.ManagedObjectReference

	mu        sync.Mutex
	gen       map[types.ManagedObjectReference]uint64
	noTools   map[string]bool   // vmx path -> Tools not installed
	ips       map[string]string // vmx path -> the guest's address (Sim.SetGuestIP); "" = none
	shutdowns map[types.ManagedObjectReference]bool
	specs     map[types.ManagedObjectReference]types.CustomizationSpec // pending (customization.go)
}

func newToolsTracker(s *Sim, reg *simulator.Registry) *toolsTracker {
	return &toolsTracker{
		s:         s,
		reg:       reg,
		ref:       types.ManagedObjectReference{Type: "VmrunSimToolsTracker", Value: "vmrunsim-tools"},
		gen:       make(map[types.ManagedObjectReference]uint64),
		noTools:   make(map[string]bool),
		ips:       make(map[string]string),
		shutdowns: make(map[types.ManagedObjectReference]bool),
		specs:     make(map[types.ManagedObjectReference]types.CustomizationSpec),
	}
}

func (t *toolsTracker) Reference() types.ManagedObjectReference { return t.ref }
func (t *toolsTracker) PutObject(mo.Reference)                  {}
func (t *toolsTracker) RemoveObject(ref types.ManagedObjectReference) {
	t.mu.Lock()
	delete(t.gen, ref)
	delete(t.specs, ref)
	t.mu.Unlock()
}

// UpdateObject runs inside Registry.Update, with the VM's lock held by whoever changed it.
func (t *toolsTracker) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	ref := obj.Reference()
	if ref.Type != "VirtualMachine" {
		return
	}
	for _, ch := range changes {
		if ch.Name == "config.tools.pendingCustomization" && ch.Val == "" {
			t.customized(ref, changes) // vcsim applied a customization at power-on
		}
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
			t.ipLater(vm, gen)
		})
	})
}

// ipLater makes the guest report its IP address Config.GuestIPDelay after Tools started (at once,
// under the caller's lock, when there is no delay), unless the VM changed state in between. The
// caller holds the VM's lock.
func (t *toolsTracker) ipLater(vm *simulator.VirtualMachine, gen uint64) {
	delay := t.s.cfg.GuestIPDelay
	if delay <= 0 {
		t.publishIP(vm, true)
		return
	}
	ref := vm.Self
	t.s.goAfter(delay, func() {
		t.reg.WithLock(ref, func() {
			vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine)
			if !ok || t.current(ref) != gen || vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
				return
			}
			t.publishIP(vm, true)
		})
	})
}

// ipFor is the address the VM's guest uses: the Sim.SetGuestIP value, else 10.20.X.Y from the
// number in its MoRef.
func (t *toolsTracker) ipFor(vm *simulator.VirtualMachine) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if vm.Config != nil {
		if ip, ok := t.ips[vm.Config.Files.VmPathName]; ok {
			return ip
		}
	}
	n := 0
	for _, c := range vm.Self.Value {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return fmt.Sprintf("10.20.%d.%d", (n/250)%256, n%250+2)
}

// publishIP sets (show, when Tools run and the guest has an address) or clears the guest's IP
// address properties. The caller holds the VM's lock.
func (t *toolsTracker) publishIP(vm *simulator.VirtualMachine, show bool) {
	ip := ""
	if show && vm.Guest != nil && vm.Guest.ToolsRunningStatus == string(types.VirtualMachineToolsRunningStatusGuestToolsRunning) {
		ip = t.ipFor(vm)
	}
	if vm.Guest == nil {
		vm.Guest = &types.GuestInfo{}
	}
	if vm.Summary.Guest == nil {
		vm.Summary.Guest = &types.VirtualMachineGuestSummary{}
	}
	if ip != "" && len(vm.Guest.Net) == 0 {
		vm.Guest.Net = []types.GuestNicInfo{{Network: "VM Network", Connected: true, DeviceConfigId: 4000}}
	}
	for i := range vm.Guest.Net {
		nic := &vm.Guest.Net[i]
		nic.IpAddress, nic.IpConfig = nil, nil
		if i == 0 && ip != "" {
			nic.IpAddress = []string{ip}
			nic.IpConfig = &types.NetIpConfigInfo{IpAddress: []types.NetIpConfigInfoIpAddress{{
				IpAddress: ip, PrefixLength: 24, State: string(types.NetIpConfigInfoIpAddressStatusPreferred),
			}}}
		}
	}
	if vm.Guest.IpAddress == ip && vm.Summary.Guest.IpAddress == ip {
		return
	}
	vm.Guest.IpAddress = ip
	vm.Summary.Guest.IpAddress = ip
	t.reg.Update(vm, []types.PropertyChange{
		{Name: "guest.ipAddress", Val: ip},
		{Name: "summary.guest.ipAddress", Val: ip},
		{Name: "guest.net", Val: vm.Guest.Net},
	})
}

// setIP sets the address the VM's guest reports ("" = none) and republishes it if Tools run.
func (t *toolsTracker) setIP(ref types.ManagedObjectReference, vmx, ip string) {
	t.mu.Lock()
	t.ips[vmx] = ip
	t.mu.Unlock()
	t.reg.WithLock(ref, func() {
		if vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine); ok {
			t.publishIP(vm, true)
		}
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
	if !running {
		t.publishIP(vm, false) // no Tools, no guest information
	}
}

// initAll publishes the Tools state of every VM at start: running for powered-on VMs.
func (t *toolsTracker) initAll() {
	for _, e := range t.reg.All("VirtualMachine") {
		ref := e.Reference()
		t.reg.WithLock(ref, func() {
			if vm, ok := t.reg.Get(ref).(*simulator.VirtualMachine); ok {
				on := vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn
				t.publish(vm, on)
				if on {
					t.publishIP(vm, true) // booted long ago: the lease is there too
				}
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

func init() {
	guestPower := func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, _ []byte) []byte {
		return s.guestPower(w, r, call)
	}
	registerSOAPHook("ShutdownGuest", guestPower)
	registerSOAPHook("RebootGuest", guestPower)
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
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
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
		if state := vm.Runtime.PowerState; state != types.VirtualMachinePowerStatePoweredOn {
			msg, fault = notPoweredOn(state)
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
		return replyObjectGone(w, ref)
	}
	if fault != nil {
		return replyFault(w, msg, fault)
	}
	return reply(w, http.StatusOK, emptyResponse(call.Method))
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
