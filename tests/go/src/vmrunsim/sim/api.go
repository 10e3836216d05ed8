// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Helpers that read and change state through the vSphere API, with an in-process govmomi client
// (simulator.Service as the RoundTripper). They do not touch the network, so they never show up in
// Calls(), Requests() or Connections(). Helpers without an error result panic on API errors: an
// in-process call to the simulator failing is a harness bug, not a test outcome.

// VM is what the helpers know about one virtual machine.
type VM struct {
	Ref                types.ManagedObjectReference
	Name               string
	Path               string // config.files.vmPathName, e.g. "[LocalDS_0] ha-host_VM0/ha-host_VM0.vmx"
	PowerState         string // poweredOn, poweredOff, suspended
	ToolsRunningStatus string // guestToolsRunning, guestToolsNotRunning, ...
	Template           bool
}

// Client returns the in-process vim25 client (for anything the helpers do not cover).
func (s *Sim) Client() *vim25.Client { return s.client }

// VMs lists every registered VM (all datacenters) through a ContainerView.
func (s *Sim) VMs() ([]VM, error) {
	ctx := context.Background()
	v, err := view.NewManager(s.client).CreateContainerView(ctx, s.client.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
	if err != nil {
		return nil, err
	}
	defer func() { _ = v.Destroy(ctx) }()
	var mvms []mo.VirtualMachine
	props := []string{"name", "config.files.vmPathName", "config.template", "runtime.powerState", "guest.toolsRunningStatus"}
	if err := v.Retrieve(ctx, []string{"VirtualMachine"}, props, &mvms); err != nil {
		return nil, err
	}
	out := make([]VM, 0, len(mvms))
	for _, m := range mvms {
		vm := VM{Ref: m.Self, Name: m.Name, PowerState: string(m.Runtime.PowerState)}
		if m.Config != nil {
			vm.Path = m.Config.Files.VmPathName
			vm.Template = m.Config.Template
		}
		if m.Guest != nil {
			vm.ToolsRunningStatus = m.Guest.ToolsRunningStatus
		}
		out = append(out, vm)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func (s *Sim) mustVMs() []VM {
	vms, err := s.VMs()
	if err != nil {
		panic(fmt.Sprintf("sim: listing VMs through the API: %v", err))
	}
	return vms
}

// Lookup finds a VM by vmx path (exact) or by name.
func (s *Sim) Lookup(nameOrPath string) (VM, error) {
	vms, err := s.VMs()
	if err != nil {
		return VM{}, err
	}
	for _, vm := range vms {
		if vm.Path == nameOrPath || vm.Name == nameOrPath {
			return vm, nil
		}
	}
	return VM{}, fmt.Errorf("sim: no VM %q", nameOrPath)
}

// VMPaths returns all registered VMs' vmx paths, sorted (byte order).
func (s *Sim) VMPaths() []string {
	var out []string
	for _, vm := range s.mustVMs() {
		out = append(out, vm.Path)
	}
	sort.Strings(out)
	return out
}

// RunningVMPaths returns the powered-on VMs' vmx paths, sorted (byte order).
func (s *Sim) RunningVMPaths() []string {
	var out []string
	for _, vm := range s.mustVMs() {
		if vm.PowerState == string(types.VirtualMachinePowerStatePoweredOn) {
			out = append(out, vm.Path)
		}
	}
	sort.Strings(out)
	return out
}

// DefaultVMName is the first VM of the model's standalone host: "ha-host_VM0" (ESX) or
// "DC0_H0_VM0" (vCenter).
func (s *Sim) DefaultVMName() string {
	if s.Model == "esx" {
		return "ha-host_VM0"
	}
	return "DC0_H0_VM0"
}

// VMPath returns the vmx path of the VM with this name, looked up through the API.
func (s *Sim) VMPath(name string) string {
	vm, err := s.Lookup(name)
	if err != nil {
		panic(err.Error())
	}
	return vm.Path
}

// PowerState returns runtime.powerState of the VM with this exact vmx path, "" if not registered.
func (s *Sim) PowerState(vmxPath string) string {
	for _, vm := range s.mustVMs() {
		if vm.Path == vmxPath {
			return vm.PowerState
		}
	}
	return ""
}

// ToolsRunningStatus returns guest.toolsRunningStatus of the VM, "" if not registered.
func (s *Sim) ToolsRunningStatus(vmxPath string) string {
	for _, vm := range s.mustVMs() {
		if vm.Path == vmxPath {
			return vm.ToolsRunningStatus
		}
	}
	return ""
}

// IsRegistered reports whether a VM with exactly this vmx path is in the inventory.
func (s *Sim) IsRegistered(vmxPath string) bool {
	return s.PowerState(vmxPath) != ""
}

func (s *Sim) vmObject(nameOrPath string) (*object.VirtualMachine, VM, error) {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return nil, vm, err
	}
	return object.NewVirtualMachine(s.client, vm.Ref), vm, nil
}

func (s *Sim) runTask(nameOrPath string, f func(context.Context, *object.VirtualMachine) (*object.Task, error)) error {
	ctx := context.Background()
	obj, _, err := s.vmObject(nameOrPath)
	if err != nil {
		return err
	}
	task, err := f(ctx, obj)
	if err != nil {
		return err
	}
	return task.Wait(ctx)
}

// PowerOn powers a VM (name or vmx path) on (resumes a suspended one).
func (s *Sim) PowerOn(nameOrPath string) error {
	return s.runTask(nameOrPath, func(ctx context.Context, vm *object.VirtualMachine) (*object.Task, error) { return vm.PowerOn(ctx) })
}

// PowerOff powers a VM off (hard).
func (s *Sim) PowerOff(nameOrPath string) error {
	return s.runTask(nameOrPath, func(ctx context.Context, vm *object.VirtualMachine) (*object.Task, error) { return vm.PowerOff(ctx) })
}

// Suspend suspends a VM.
func (s *Sim) Suspend(nameOrPath string) error {
	return s.runTask(nameOrPath, func(ctx context.Context, vm *object.VirtualMachine) (*object.Task, error) { return vm.Suspend(ctx) })
}

// Reset resets a VM (hard).
func (s *Sim) Reset(nameOrPath string) error {
	return s.runTask(nameOrPath, func(ctx context.Context, vm *object.VirtualMachine) (*object.Task, error) { return vm.Reset(ctx) })
}

// Unregister removes a (powered-off) VM from the inventory, keeping its files.
func (s *Sim) Unregister(nameOrPath string) error {
	obj, _, err := s.vmObject(nameOrPath)
	if err != nil {
		return err
	}
	return obj.Unregister(context.Background())
}

// SetToolsInstalled marks a VM (name or vmx path) as having VMware Tools installed or not. Without
// Tools, guest.toolsStatus is toolsNotInstalled, Tools never run, and ShutdownGuest/RebootGuest
// fault ToolsUnavailable, as on a real host. With Tools again, they run at once if the VM is on.
func (s *Sim) SetToolsInstalled(nameOrPath string, installed bool) error {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return err
	}
	s.tools.setInstalled(vm.Ref, vm.Path, installed)
	return nil
}

// SetDefaultPowerOps sets config.defaultPowerOps (stock vcsim leaves it unset, which vmrun treats as
// "preset" = hard). Types are "soft", "hard" or "preset" ("" leaves that one unset). As on a real
// host, the default*Type fields are filled too (soft / hard / soft) and standbyAction is
// "checkpoint". Published through Registry.Update.
func (s *Sim) SetDefaultPowerOps(nameOrPath, powerOffType, resetType, suspendType string) error {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return err
	}
	info := &types.VirtualMachineDefaultPowerOpInfo{
		PowerOffType:        powerOffType,
		ResetType:           resetType,
		SuspendType:         suspendType,
		DefaultPowerOffType: "soft",
		DefaultSuspendType:  "hard",
		DefaultResetType:    "soft",
		StandbyAction:       "checkpoint",
	}
	found := false
	s.reg.WithLock(vm.Ref, func() {
		obj, ok := s.reg.Get(vm.Ref).(*simulator.VirtualMachine)
		if !ok || obj.Config == nil {
			return
		}
		found = true
		obj.Config.DefaultPowerOps = *info
		s.reg.Update(obj, []types.PropertyChange{{Name: "config.defaultPowerOps", Val: *info}})
	})
	if !found {
		return fmt.Errorf("sim: VM %q vanished", nameOrPath)
	}
	return nil
}

// DefaultPowerOps reads config.defaultPowerOps back (nil when unset).
func (s *Sim) DefaultPowerOps(nameOrPath string) (*types.VirtualMachineDefaultPowerOpInfo, error) {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return nil, err
	}
	var m mo.VirtualMachine
	err = property.DefaultCollector(s.client).RetrieveOne(context.Background(), vm.Ref, []string{"config.defaultPowerOps"}, &m)
	if err != nil || m.Config == nil {
		return nil, err
	}
	if m.Config.DefaultPowerOps == (types.VirtualMachineDefaultPowerOpInfo{}) {
		return nil, nil
	}
	ops := m.Config.DefaultPowerOps
	return &ops, nil
}

// Sessions returns the number of logged-in sessions (SessionManager.sessionList).
func (s *Sim) Sessions() int {
	keys, err := s.sessionKeys()
	if err != nil {
		panic(fmt.Sprintf("sim: reading sessionList: %v", err))
	}
	return len(keys)
}

func (s *Sim) sessionKeys() ([]string, error) {
	var sm mo.SessionManager
	ref := s.client.ServiceContent.SessionManager
	if ref == nil {
		return nil, fmt.Errorf("no session manager")
	}
	if err := property.DefaultCollector(s.client).RetrieveOne(context.Background(), *ref, []string{"sessionList"}, &sm); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(sm.SessionList))
	for _, us := range sm.SessionList {
		keys = append(keys, us.Key)
	}
	return keys, nil
}

// WaitPowerState polls (every 20 ms) until the VM's power state is want, or the timeout passes.
func (s *Sim) WaitPowerState(vmxPath, want string, timeout time.Duration) error {
	return poll(timeout, func() (bool, string) {
		got := s.PowerState(vmxPath)
		return got == want, fmt.Sprintf("power state of %s is %q, want %q", vmxPath, got, want)
	})
}

// WaitToolsRunning polls until guest.toolsRunningStatus is guestToolsRunning.
func (s *Sim) WaitToolsRunning(vmxPath string, timeout time.Duration) error {
	return poll(timeout, func() (bool, string) {
		got := s.ToolsRunningStatus(vmxPath)
		return got == string(types.VirtualMachineToolsRunningStatusGuestToolsRunning),
			fmt.Sprintf("Tools of %s are %q", vmxPath, got)
	})
}

func poll(timeout time.Duration, f func() (bool, string)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, msg := f()
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %v: %s", timeout, msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ParseEnvLine is a tiny helper for the env file format written by cmd/vmrun-sim: KEY=VALUE.
func ParseEnvLine(line string) (string, string, bool) {
	i := strings.IndexByte(line, '=')
	if i <= 0 {
		return "", "", false
	}
	return line[:i], line[i+1:], true
}

// DropSessions ends every client session on the server (TerminateSession), as a host does when
// sessions expire: a client's next call gets NotAuthenticated.
func (s *Sim) DropSessions() error {
	keys, err := s.sessionKeys()
	if err != nil || len(keys) == 0 {
		return err
	}
	req := types.TerminateSession{This: *s.client.ServiceContent.SessionManager, SessionId: keys}
	_, err = methods.TerminateSession(context.Background(), s.client, &req)
	return err
}

// SetPassword changes the only accepted login's password, as an administrator rotating it does;
// sessions already logged in stay valid. Call it between commands.
func (s *Sim) SetPassword(password string) {
	s.svc.Listen.User = url.UserPassword(s.cfg.User, password)
}
