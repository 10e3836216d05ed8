// SPDX-License-Identifier: Apache-2.0

package sim

// GuestFileManager, files and directories: make, delete and move them inside the guest's
// namespace (guest_paths.go), with a real guest's faults. Listings and attributes are in
// guest_listing.go, temporary files in guest_temp.go, transfers in guest_transfer.go.

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// guestFileManager serves the GuestFileManager methods at the stock manager's MoRef.
type guestFileManager struct {
	mo.GuestFileManager
	g *guestOps
}

func (m *guestFileManager) MakeDirectoryInGuest(req *types.MakeDirectoryInGuest) soap.HasFault {
	return guestReply(types.MakeDirectoryInGuestResponse{}, m.makeDirectory(req))
}

// makeDirectory makes a directory whose parent exists, or with createParentDirectories every
// missing directory of the path (mkdir -p).
func (m *guestFileManager) makeDirectory(req *types.MakeDirectoryInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	p := req.DirectoryPath
	if !req.CreateParentDirectories {
		r, f := vm.resolve(p, false)
		if f != nil {
			return f
		}
		if _, err := os.Lstat(r.host); err == nil {
			return faultExists(p)
		}
		parent, err := os.Stat(filepath.Dir(r.host))
		if err != nil {
			return faultNotFound(p)
		}
		if !parent.IsDir() {
			return faultNotADirectory(p)
		}
		if !vm.canChange(r.guest) {
			return faultDenied()
		}
		if err := os.Mkdir(r.host, 0o755); err != nil {
			return vm.osFault(err, p)
		}
		return nil
	}
	// mkdir -p, one component at a time inside the guest's namespace; the whole path existing
	// already is FileAlreadyExists (as real Tools check before creating).
	if r, f := vm.resolve(p, true); f == nil {
		if _, err := os.Stat(r.host); err == nil {
			return faultExists(p)
		}
	}
	comps := splitGuest(p)
	for i := range comps {
		sub := "/" + strings.Join(comps[:i+1], "/")
		if !strings.HasPrefix(p, "/") {
			sub = strings.Join(comps[:i+1], "/")
		}
		r, f := vm.resolve(sub, true)
		if f != nil {
			return f
		}
		fi, err := os.Stat(r.host)
		if err == nil {
			if !fi.IsDir() {
				return faultNotADirectory(p)
			}
			continue
		}
		if !vm.canChange(r.guest) {
			return faultDenied()
		}
		if err := os.Mkdir(r.host, 0o755); err != nil {
			return vm.osFault(err, p)
		}
	}
	return nil
}

func (m *guestFileManager) DeleteFileInGuest(req *types.DeleteFileInGuest) soap.HasFault {
	return guestReply(types.DeleteFileInGuestResponse{}, m.deleteFile(req))
}

// deleteFile removes a file (not a directory; a symbolic link itself, not its target).
func (m *guestFileManager) deleteFile(req *types.DeleteFileInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	r, fi, f := vm.lookup(req.FilePath, false)
	if f != nil {
		return f
	}
	if fi.IsDir() {
		return faultNotAFile(req.FilePath)
	}
	if !vm.canChange(r.guest) {
		return faultDenied()
	}
	if err := os.Remove(r.host); err != nil {
		return vm.osFault(err, req.FilePath)
	}
	return nil
}

func (m *guestFileManager) DeleteDirectoryInGuest(req *types.DeleteDirectoryInGuest) soap.HasFault {
	return guestReply(types.DeleteDirectoryInGuestResponse{}, m.deleteDirectory(req))
}

// deleteDirectory removes a directory, with its contents when recursive.
func (m *guestFileManager) deleteDirectory(req *types.DeleteDirectoryInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	p := req.DirectoryPath
	r, fi, f := vm.lookup(p, false)
	if f != nil {
		return f
	}
	if !fi.IsDir() {
		return faultNotADirectory(p)
	}
	if !vm.canChange(r.guest) {
		return faultDenied()
	}
	if !req.Recursive {
		if err := os.Remove(r.host); err != nil {
			return vm.osFault(err, p)
		}
		return nil
	}
	if err := os.RemoveAll(r.host); err != nil {
		return vm.osFault(err, p)
	}
	return nil
}

func (m *guestFileManager) MoveFileInGuest(req *types.MoveFileInGuest) soap.HasFault {
	return guestReply(types.MoveFileInGuestResponse{}, m.moveFile(req))
}

// moveFile renames a file (not a directory); an existing target needs overwrite and must not be a
// directory.
func (m *guestFileManager) moveFile(req *types.MoveFileInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	src, fi, f := vm.lookup(req.SrcFilePath, false)
	if f != nil {
		return f
	}
	if fi.IsDir() {
		return faultNotAFile(req.SrcFilePath)
	}
	dst, f := vm.resolve(req.DstFilePath, false)
	if f != nil {
		return f
	}
	if dfi, err := os.Lstat(dst.host); err == nil {
		if !req.Overwrite {
			return faultExists(req.DstFilePath)
		}
		if dfi.IsDir() {
			return faultNotAFile(req.DstFilePath)
		}
	} else if pfi, err := os.Stat(filepath.Dir(dst.host)); err != nil {
		return faultNotFound(req.DstFilePath)
	} else if !pfi.IsDir() {
		return faultNotADirectory(req.DstFilePath)
	}
	if !vm.canChange(src.guest) || !vm.canChange(dst.guest) {
		return faultDenied()
	}
	if err := os.Rename(src.host, dst.host); err != nil {
		return vm.osFault(err, req.DstFilePath)
	}
	return nil
}

func (m *guestFileManager) MoveDirectoryInGuest(req *types.MoveDirectoryInGuest) soap.HasFault {
	return guestReply(types.MoveDirectoryInGuestResponse{}, m.moveDirectory(req))
}

// moveDirectory renames a directory; the target must not exist, nor lie inside the source.
func (m *guestFileManager) moveDirectory(req *types.MoveDirectoryInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	src, fi, f := vm.lookup(req.SrcDirectoryPath, false)
	if f != nil {
		return f
	}
	if !fi.IsDir() {
		return faultNotADirectory(req.SrcDirectoryPath)
	}
	dst, f := vm.resolve(req.DstDirectoryPath, false)
	if f != nil {
		return f
	}
	if _, err := os.Lstat(dst.host); err == nil {
		return faultExists(req.DstDirectoryPath)
	}
	if pfi, err := os.Stat(filepath.Dir(dst.host)); err != nil {
		return faultNotFound(req.DstDirectoryPath)
	} else if !pfi.IsDir() {
		return faultNotADirectory(req.DstDirectoryPath)
	}
	if under(dst.guest, src.guest) {
		return faultInvalidArg("dstDirectoryPath", "A specified parameter was not correct: dstDirectoryPath")
	}
	if !vm.canChange(src.guest) || !vm.canChange(dst.guest) {
		return faultDenied()
	}
	if err := os.Rename(src.host, dst.host); err != nil {
		return vm.osFault(err, req.DstDirectoryPath)
	}
	return nil
}
