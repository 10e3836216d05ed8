// SPDX-License-Identifier: Apache-2.0

package sim

// Temporary files and directories in the guest: CreateTemporaryFileInGuest and
// CreateTemporaryDirectoryInGuest, named like mkstemp's and created with private modes.

import (
	"os"
	"path"
	"strings"

	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func (m *guestFileManager) CreateTemporaryFileInGuest(req *types.CreateTemporaryFileInGuest) soap.HasFault {
	p, f := m.createTemp(req.Vm, req.Auth, req.Prefix, req.Suffix, req.DirectoryPath, false)
	return guestReply(types.CreateTemporaryFileInGuestResponse{Returnval: p}, f)
}

func (m *guestFileManager) CreateTemporaryDirectoryInGuest(req *types.CreateTemporaryDirectoryInGuest) soap.HasFault {
	p, f := m.createTemp(req.Vm, req.Auth, req.Prefix, req.Suffix, req.DirectoryPath, true)
	return guestReply(types.CreateTemporaryDirectoryInGuestResponse{Returnval: p}, f)
}

// createTemp makes <dir>/<prefix><random><suffix> (dir default /tmp), a file 0600 or a directory
// 0700, and returns its guest path.
func (m *guestFileManager) createTemp(vmRef types.ManagedObjectReference, auth types.BaseGuestAuthentication,
	prefix, suffix, dir string, isDir bool) (string, *guestFault) {
	vm, f := m.g.prepare(vmRef, auth)
	if f != nil {
		return "", f
	}
	if strings.Contains(prefix, "/") || strings.Contains(suffix, "/") {
		return "", faultInvalidArg("prefix", "A specified parameter was not correct: prefix")
	}
	if dir == "" {
		dir = "/tmp"
	}
	r, f := vm.resolve(dir, true)
	if f != nil {
		return "", f
	}
	fi, err := os.Stat(r.host)
	if err != nil {
		return "", faultNotFound(dir)
	}
	if !fi.IsDir() {
		return "", faultNotADirectory(dir)
	}
	for i := 0; i < 100; i++ {
		name := prefix + randomHex(4) + suffix
		gp := path.Join(r.guest, name)
		if !vm.canChange(gp) {
			return "", faultDenied()
		}
		host := vm.hostPathOf(gp)
		if isDir {
			err = os.Mkdir(host, 0o700)
		} else {
			var fh *os.File
			fh, err = os.OpenFile(host, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			if err == nil {
				fh.Close()
			}
		}
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", vm.osFault(err, dir)
		}
		// Report it under the directory as the client named it, like mkstemp on the given path.
		return path.Join(path.Clean(dir), name), nil
	}
	return "", faultExists(dir)
}
