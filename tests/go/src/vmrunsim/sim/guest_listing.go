// SPDX-License-Identifier: Apache-2.0

package sim

// What the guest reports about its files: ListFilesInGuest (entries with POSIX attributes, in
// the guest's readdir order, paged) and ChangeFileAttributesInGuest.

import (
	"os"
	"path"
	"regexp"
	"syscall"
	"time"

	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// fileInfo builds a GuestFileInfo (POSIX attributes) for an entry named name.
func (vm *guestVM) fileInfo(name, guestPath string, fi os.FileInfo) types.GuestFileInfo {
	kind := "file"
	var target string
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		kind = "symlink"
		target, _ = os.Readlink(vm.hostPathOf(guestPath))
	case fi.IsDir():
		kind = "directory"
	}
	uid, gid := int32(vm.uid), int32(vm.uid)
	if vm.inMount(guestPath) || guestPath == "/" || under(guestPath, "/etc") || under(guestPath, "/root") ||
		under(guestPath, "/proc") || under(guestPath, "/dev") || path.Dir(guestPath) == "/" {
		uid, gid = 0, 0
	}
	mtime := fi.ModTime().UTC()
	atime := mtime
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		atime = time.Unix(st.Atim.Sec, st.Atim.Nsec).UTC()
	}
	return types.GuestFileInfo{
		Path: name,
		Type: kind,
		Size: fi.Size(),
		Attributes: &types.GuestPosixFileAttributes{
			GuestFileAttributes: types.GuestFileAttributes{ModificationTime: &mtime, AccessTime: &atime, SymlinkTarget: target},
			OwnerId:             &uid,
			GroupId:             &gid,
			Permissions:         int64(unixMode(fi.Mode())),
		},
	}
}

func unixMode(m os.FileMode) uint32 {
	mode := uint32(m.Perm())
	if m&os.ModeSetuid != 0 {
		mode |= 0o4000
	}
	if m&os.ModeSetgid != 0 {
		mode |= 0o2000
	}
	if m&os.ModeSticky != 0 {
		mode |= 0o1000
	}
	return mode
}

// listDir returns a directory's entry names in the guest's (readdir) order, "." and ".." first,
// as a real guest's Tools list them.
func listDir(host string) ([]string, error) {
	f, err := os.Open(host)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	return append([]string{".", ".."}, names...), nil
}
func (m *guestFileManager) ListFilesInGuest(req *types.ListFilesInGuest) soap.HasFault {
	res, f := m.listFiles(req)
	return guestReply(types.ListFilesInGuestResponse{Returnval: res}, f)
}

// listFiles: a directory lists its entries ("." and ".." included, readdir order), a file lists
// itself (by name); matchPattern is a regular expression searched in each name (default all);
// maxResults defaults to 50 and is capped at Config.GuestListMax; remaining counts the matching
// entries after this page.
func (m *guestFileManager) listFiles(req *types.ListFilesInGuest) (types.GuestListFileInfo, *guestFault) {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return types.GuestListFileInfo{}, f
	}
	if req.Index < 0 || req.MaxResults < 0 {
		return types.GuestListFileInfo{}, faultInvalidArg("index", "A specified parameter was not correct: index")
	}
	var re *regexp.Regexp
	if req.MatchPattern != "" {
		var err error
		if re, err = regexp.Compile(req.MatchPattern); err != nil {
			return types.GuestListFileInfo{}, faultInvalidArg("matchPattern", "A specified parameter was not correct: matchPattern")
		}
	}
	r, fi, f := vm.lookup(req.FilePath, true)
	if f != nil {
		return types.GuestListFileInfo{}, f
	}
	var all []types.GuestFileInfo
	if !fi.IsDir() {
		name := path.Base(r.guest)
		if re == nil || re.MatchString(name) {
			all = append(all, vm.fileInfo(name, r.guest, fi))
		}
	} else {
		if !vm.canRead(r.guest) {
			return types.GuestListFileInfo{}, faultDenied()
		}
		names, err := listDir(r.host)
		if err != nil {
			return types.GuestListFileInfo{}, vm.osFault(err, req.FilePath)
		}
		for _, name := range names {
			if re != nil && !re.MatchString(name) {
				continue
			}
			var gp string
			switch name {
			case ".":
				gp = r.guest
			case "..":
				gp = path.Dir(r.guest)
			default:
				gp = path.Join(r.guest, name)
			}
			efi, err := os.Lstat(vm.hostPathOf(gp))
			if err != nil {
				continue // vanished meanwhile
			}
			all = append(all, vm.fileInfo(name, gp, efi))
		}
	}
	max := int(req.MaxResults)
	if max == 0 || max > m.g.listMax {
		max = m.g.listMax
	}
	start := int(req.Index)
	if start > len(all) {
		start = len(all)
	}
	end := start + max
	if end > len(all) {
		end = len(all)
	}
	return types.GuestListFileInfo{Files: all[start:end], Remaining: int32(len(all) - end)}, nil
}
func (m *guestFileManager) ChangeFileAttributesInGuest(req *types.ChangeFileAttributesInGuest) soap.HasFault {
	return guestReply(types.ChangeFileAttributesInGuestResponse{}, m.changeFileAttributes(req))
}

// changeFileAttributes applies new attributes to an existing entry the user may change.
func (m *guestFileManager) changeFileAttributes(req *types.ChangeFileAttributesInGuest) *guestFault {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return f
	}
	r, _, f := vm.lookup(req.GuestFilePath, true)
	if f != nil {
		return f
	}
	if !vm.canChange(r.guest) {
		return faultDenied()
	}
	return vm.applyAttributes(r.host, req.FileAttributes, req.GuestFilePath)
}

// applyAttributes sets what the attributes specify: permissions, and the times; an owner or
// group other than the guest user's own needs root (GuestPermissionDenied).
func (vm *guestVM) applyAttributes(host string, attrs types.BaseGuestFileAttributes, given string) *guestFault {
	if attrs == nil {
		return nil
	}
	base := attrs.GetGuestFileAttributes()
	if px, ok := attrs.(*types.GuestPosixFileAttributes); ok {
		if (px.OwnerId != nil && int(*px.OwnerId) != vm.uid) || (px.GroupId != nil && int(*px.GroupId) != vm.uid) {
			if vm.uid != 0 {
				return faultDenied()
			}
		}
		if px.Permissions != 0 {
			mode := os.FileMode(px.Permissions & 0o777)
			if px.Permissions&0o4000 != 0 {
				mode |= os.ModeSetuid
			}
			if px.Permissions&0o2000 != 0 {
				mode |= os.ModeSetgid
			}
			if px.Permissions&0o1000 != 0 {
				mode |= os.ModeSticky
			}
			if err := os.Chmod(host, mode); err != nil {
				return vm.osFault(err, given)
			}
		}
	}
	if base.ModificationTime != nil || base.AccessTime != nil {
		fi, err := os.Stat(host)
		if err != nil {
			return vm.osFault(err, given)
		}
		mtime, atime := fi.ModTime(), fi.ModTime()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			atime = time.Unix(st.Atim.Sec, st.Atim.Nsec)
		}
		if base.ModificationTime != nil {
			mtime = *base.ModificationTime
		}
		if base.AccessTime != nil {
			atime = *base.AccessTime
		}
		if err := os.Chtimes(host, atime, mtime); err != nil {
			return vm.osFault(err, given)
		}
	}
	return nil
}
