// SPDX-License-Identifier: Apache-2.0

package sim

// Test API of the guest-operations backend: direct access to guest roots, files and processes,
// bypassing the vSphere API (and its preconditions: these work whatever the power state).
// Guest paths are resolved inside the guest's namespace, as the API does.

import (
	"errors"
	"fmt"
	"io/ioutil"
	"os"
	"path"
	"time"

	"github.com/vmware/govmomi/vim25/types"
)

// GuestProcess is one entry of a guest's process table.
type GuestProcess struct {
	Pid      int64
	Name     string
	Owner    string
	CmdLine  string
	Running  bool
	ExitCode int32 // valid when !Running
}

// guestVMFor builds a guestVM for a vmx path (no precondition checks).
func (s *Sim) guestVMFor(vmx string) (*guestVM, error) {
	g := s.guest()
	if g == nil {
		return nil, errors.New("sim: closed")
	}
	user, _ := g.credentials()
	root, err := g.rootFor(vmx, user)
	if err != nil {
		return nil, err
	}
	vm := &guestVM{g: g, vmx: vmx, root: root, user: user, uid: uidOf(user)}
	if v, err := s.Lookup(vmx); err == nil {
		vm.ref = v.Ref
	}
	return vm, nil
}

func (s *Sim) mustGuestVM(vmx string) *guestVM {
	vm, err := s.guestVMFor(vmx)
	if err != nil {
		panic(err)
	}
	return vm
}

// GuestRoot returns the host path of the VM's guest root directory (created on first use).
func (s *Sim) GuestRoot(vmx string) string {
	return s.mustGuestVM(vmx).root
}

// GuestSandbox says how guest programs are confined: "bwrap" or "none".
func (s *Sim) GuestSandbox() string {
	if g := s.guest(); g != nil {
		return g.sandbox
	}
	return ""
}

// SetGuestCredentials changes the only accepted guest login.
func (s *Sim) SetGuestCredentials(user, password string) {
	g := s.guest()
	g.mu.Lock()
	g.user, g.password = user, password
	g.mu.Unlock()
}

// GuestCredentials returns the accepted guest login.
func (s *Sim) GuestCredentials() (user, password string) {
	return s.guest().credentials()
}

// GuestHostPath resolves a guest path (symbolic links followed inside the guest) to its host path.
func (s *Sim) GuestHostPath(vmx, guestPath string) (string, error) {
	vm, err := s.guestVMFor(vmx)
	if err != nil {
		return "", err
	}
	r, f := vm.resolve(guestPath, true)
	if f != nil {
		return "", f
	}
	return r.host, nil
}

// WriteGuestFile creates or replaces a guest file (parent directories created as needed).
func (s *Sim) WriteGuestFile(vmx, guestPath string, data []byte, perm os.FileMode) error {
	if err := s.MkdirGuest(vmx, path.Dir(path.Clean("/"+guestPath))); err != nil {
		return err
	}
	host, err := s.GuestHostPath(vmx, guestPath)
	if err != nil {
		return err
	}
	if err := ioutil.WriteFile(host, data, perm); err != nil {
		return err
	}
	return os.Chmod(host, perm)
}

// ReadGuestFile returns a guest file's contents.
func (s *Sim) ReadGuestFile(vmx, guestPath string) ([]byte, error) {
	host, err := s.GuestHostPath(vmx, guestPath)
	if err != nil {
		return nil, err
	}
	return ioutil.ReadFile(host)
}

// MkdirGuest creates a guest directory and its parents (no error if it exists).
func (s *Sim) MkdirGuest(vmx, guestPath string) error {
	vm, err := s.guestVMFor(vmx)
	if err != nil {
		return err
	}
	cur := ""
	for _, c := range splitGuest(guestPath) {
		cur += "/" + c
		r, f := vm.resolve(cur, true)
		if f != nil {
			return f
		}
		if fi, err := os.Stat(r.host); err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("sim: guest %s is not a directory", cur)
			}
			continue
		}
		if err := os.Mkdir(r.host, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// GuestStat returns what the guest sees at a path (symbolic links not followed in the last
// component); an error when it does not exist.
func (s *Sim) GuestStat(vmx, guestPath string) (os.FileInfo, error) {
	vm, err := s.guestVMFor(vmx)
	if err != nil {
		return nil, err
	}
	r, f := vm.resolve(guestPath, false)
	if f != nil {
		return nil, f
	}
	return os.Lstat(r.host)
}

// GuestFileExists reports whether a regular guest file exists at the path.
func (s *Sim) GuestFileExists(vmx, guestPath string) bool {
	fi, err := s.GuestStat(vmx, guestPath)
	return err == nil && fi.Mode().IsRegular()
}

// GuestDirExists reports whether a guest directory exists at the path.
func (s *Sim) GuestDirExists(vmx, guestPath string) bool {
	fi, err := s.GuestStat(vmx, guestPath)
	return err == nil && fi.IsDir()
}

// GuestListDir returns a guest directory's entry names in the order ListFilesInGuest gives them,
// without "." and "..".
func (s *Sim) GuestListDir(vmx, guestPath string) ([]string, error) {
	host, err := s.GuestHostPath(vmx, guestPath)
	if err != nil {
		return nil, err
	}
	names, err := listDir(host)
	if err != nil {
		return nil, err
	}
	return names[2:], nil
}

// GuestProcesses returns the VM's guest process table (as ListProcessesInGuest lists it).
func (s *Sim) GuestProcesses(vmx string) []GuestProcess {
	vm := s.mustGuestVM(vmx)
	var out []GuestProcess
	for _, p := range vm.g.processes(vm.ref) {
		info := p.snapshot()
		out = append(out, GuestProcess{Pid: info.Pid, Name: info.Name, Owner: info.Owner, CmdLine: info.CmdLine,
			Running: info.EndTime == nil, ExitCode: info.ExitCode})
	}
	return out
}

// GuestProcess returns one process of the table, if it is there.
func (s *Sim) GuestProcess(vmx string, pid int64) (GuestProcess, bool) {
	for _, p := range s.GuestProcesses(vmx) {
		if p.Pid == pid {
			return p, true
		}
	}
	return GuestProcess{}, false
}

// StartGuestProgram starts a program in a powered-on guest as StartProgramInGuest does (same
// semantics, no login needed) and returns its guest pid.
func (s *Sim) StartGuestProgram(vmx, programPath, arguments string) (int64, error) {
	vm, err := s.guestVMFor(vmx)
	if err != nil {
		return 0, err
	}
	if vm.ref.Value == "" {
		return 0, fmt.Errorf("sim: no VM %s", vmx)
	}
	if st := vm.g.vmPowerState(vm.ref); st != types.VirtualMachinePowerStatePoweredOn {
		return 0, fmt.Errorf("sim: VM %s is %s", vmx, st)
	}
	pid, f := vm.start(&types.GuestProgramSpec{ProgramPath: programPath, Arguments: arguments})
	if f != nil {
		return 0, f
	}
	return pid, nil
}

// WaitGuestProcessExit waits until the guest process has exited and returns its exit code.
func (s *Sim) WaitGuestProcessExit(vmx string, pid int64, timeout time.Duration) (int32, error) {
	var code int32
	err := poll(timeout, func() (bool, string) {
		p, ok := s.GuestProcess(vmx, pid)
		if !ok {
			return false, fmt.Sprintf("guest pid %d is not in the process table", pid)
		}
		code = p.ExitCode
		return !p.Running, fmt.Sprintf("guest pid %d still running", pid)
	})
	return code, err
}
