// SPDX-License-Identifier: Apache-2.0

package sim

// Guest logins: the preconditions every guest method checks, in a real host's order (the VM
// exists, is powered on, its Tools run, the guest login is right), the guest user's session
// (uid, home, environment), and GuestAuthManager.ValidateCredentialsInGuest.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// guestVM is what a guest method works on once its preconditions hold.
type guestVM struct {
	g    *guestOps
	ref  types.ManagedObjectReference
	vmx  string
	root string // host path of the guest root
	user string
	uid  int
}

// prepare checks a guest call's preconditions in a real host's order and returns the VM.
func (g *guestOps) prepare(vmRef types.ManagedObjectReference, auth types.BaseGuestAuthentication) (*guestVM, *guestFault) {
	reg := g.s.reg
	var state types.VirtualMachinePowerState
	var tools, vmx string
	found := false
	reg.WithLock(vmRef, func() {
		vm, ok := reg.Get(vmRef).(*simulator.VirtualMachine)
		if !ok {
			return
		}
		found = true
		state = vm.Runtime.PowerState
		if vm.Guest != nil {
			tools = vm.Guest.ToolsRunningStatus
		}
		if vm.Config != nil {
			vmx = vm.Config.Files.VmPathName
		}
	})
	if !found {
		msg, fault := objectGone(vmRef)
		return nil, &guestFault{msg, fault}
	}
	if state != types.VirtualMachinePowerStatePoweredOn {
		msg, fault := notPoweredOn(state)
		return nil, &guestFault{msg, fault}
	}
	if tools != string(types.VirtualMachineToolsRunningStatusGuestToolsRunning) {
		return nil, faultUnavailable()
	}
	user, password := g.credentials()
	np, ok := auth.(*types.NamePasswordAuthentication)
	if !ok || np.Username != user || np.Password != password {
		// interactiveSession=true is accepted: the simulated guest has its user logged in on the
		// console.
		return nil, &guestFault{"Failed to authenticate with the guest operating system using the supplied credentials.",
			&types.InvalidGuestLogin{}}
	}
	root, err := g.rootFor(vmx, user)
	if err != nil {
		return nil, faultSystem(err)
	}
	return &guestVM{g: g, ref: vmRef, vmx: vmx, root: root, user: user, uid: uidOf(user)}, nil
}

func uidOf(user string) int {
	if user == "root" {
		return 0
	}
	return 1000
}

func homeOf(user string) string {
	if user == "root" {
		return "/root"
	}
	return "/home/" + user
}

// sessionEnv is the environment of a guest login session (ReadEnvironmentVariableInGuest, and
// programs started without envVariables).
func (vm *guestVM) sessionEnv() []string {
	home := homeOf(vm.user)
	if vm.g.sandbox != "bwrap" {
		home = vm.hostPathOf(home)
	}
	return []string{
		"HOME=" + home,
		"USER=" + vm.user,
		"LOGNAME=" + vm.user,
		"SHELL=/bin/sh",
		"PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
		"LANG=C.UTF-8",
	}
}

// guestAuthManager serves GuestAuthManager at guestOperationsAuthManager (stock vcsim has none).
type guestAuthManager struct {
	mo.GuestAuthManager
	g *guestOps
}

func (m *guestAuthManager) ValidateCredentialsInGuest(req *types.ValidateCredentialsInGuest) soap.HasFault {
	_, f := m.g.prepare(req.Vm, req.Auth)
	return guestReply(types.ValidateCredentialsInGuestResponse{}, f)
}
