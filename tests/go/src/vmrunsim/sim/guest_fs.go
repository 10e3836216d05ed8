package sim

// Guest file system: the guest roots, path resolution inside the guest's namespace, and the
// GuestFileManager methods except the transfers (guest_transfer.go).
//
// Permissions are those of an ordinary (non-root) guest user: the system directories (/usr and
// the other read-only binds, /proc, /dev) and the entries directly in /, /etc and /var cannot be
// changed, /root cannot even be read; everything else in the root belongs to the guest user. A
// guest user named "root" may change everything except the read-only binds.

import (
	"errors"
	"fmt"
	"io/ioutil"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// guestMount is a read-only directory of the test machine visible at the same path in guests.
type guestMount struct{ guest, host string }

// systemMounts decides how the test machine's system directories appear in guests: /usr always
// (bound read-only); /bin, /sbin, /lib* as the same symbolic links when the machine has merged
// /usr (Debian 12), else bound read-only too; /etc/alternatives (bound) so that the tools behind
// alternatives links work.
func systemMounts() ([]guestMount, map[string]string) {
	mounts := []guestMount{{"/usr", "/usr"}}
	links := map[string]string{}
	for _, name := range []string{"bin", "sbin", "lib", "lib32", "lib64", "libx32"} {
		fi, err := os.Lstat("/" + name)
		if err != nil {
			continue
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			if target, err := os.Readlink("/" + name); err == nil {
				links[name] = target
			}
		} else if fi.IsDir() {
			mounts = append(mounts, guestMount{"/" + name, "/" + name})
		}
	}
	if fi, err := os.Stat("/etc/alternatives"); err == nil && fi.IsDir() {
		mounts = append(mounts, guestMount{"/etc/alternatives", "/etc/alternatives"})
	}
	return mounts, links
}

func sanitizeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}

// rootFor returns the VM's guest root (keyed by vmx path), creating the tree on first use, and
// makes sure the user's home exists.
func (g *guestOps) rootFor(vmx, user string) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	root, ok := g.roots[vmx]
	if !ok {
		root = filepath.Join(g.dir, sanitizeName(vmx))
		if err := g.makeTree(root); err != nil {
			return "", err
		}
		g.roots[vmx] = root
	}
	home := filepath.Join(root, homeOf(user))
	if _, err := os.Stat(home); os.IsNotExist(err) {
		if err := os.MkdirAll(home, 0o755); err != nil {
			return "", err
		}
	}
	return root, nil
}

func (g *guestOps) makeTree(root string) error {
	dirs := []struct {
		p    string
		mode os.FileMode
	}{
		{"", 0o755}, {"tmp", 0o1777}, {"var", 0o755}, {"var/tmp", 0o1777}, {"home", 0o755},
		{"root", 0o700}, {"etc", 0o755}, {"proc", 0o555}, {"dev", 0o755}, {"usr/local", 0o755},
	}
	for _, m := range g.mounts {
		dirs = append(dirs, struct {
			p    string
			mode os.FileMode
		}{strings.TrimPrefix(m.guest, "/"), 0o755})
	}
	for _, d := range dirs {
		p := filepath.Join(root, d.p)
		if err := os.MkdirAll(p, 0o755); err != nil {
			return err
		}
		if err := os.Chmod(p, d.mode); err != nil {
			return err
		}
	}
	for name, target := range g.links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil && !os.IsExist(err) {
			return err
		}
	}
	files := map[string]string{
		"etc/passwd":   "root:x:0:0:root:/root:/bin/sh\n" + g.user + ":x:1000:1000::" + homeOf(g.user) + ":/bin/sh\n",
		"etc/group":    "root:x:0:\n" + g.user + ":x:1000:\n",
		"etc/hostname": "vmrunsim-guest\n",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		if _, err := os.Stat(p); os.IsNotExist(err) {
			if err := ioutil.WriteFile(p, []byte(text), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// hostPathOf maps a clean absolute guest path (no symbolic links resolved) to the host.
func (vm *guestVM) hostPathOf(guest string) string {
	for _, m := range vm.g.mounts {
		if guest == m.guest || strings.HasPrefix(guest, m.guest+"/") {
			return m.host + strings.TrimPrefix(guest, m.guest)
		}
	}
	return filepath.Join(vm.root, filepath.FromSlash(guest))
}

// inMount reports whether the (resolved) guest path is a read-only bind or inside one.
func (vm *guestVM) inMount(guest string) bool {
	for _, m := range vm.g.mounts {
		if guest == m.guest || strings.HasPrefix(guest, m.guest+"/") {
			return true
		}
	}
	return false
}

func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// canRead: the guest user may read (list, open) the resolved guest path.
func (vm *guestVM) canRead(guest string) bool {
	return vm.uid == 0 || !under(guest, "/root")
}

// canChange: the guest user may create, delete or rename the entry at the resolved guest path,
// or change its contents and attributes.
func (vm *guestVM) canChange(guest string) bool {
	if vm.inMount(guest) || guest == "/" || under(guest, "/proc") || under(guest, "/dev") {
		return false
	}
	for _, m := range vm.g.mounts { // mount points themselves
		if under(m.guest, guest) {
			return false
		}
	}
	if vm.uid == 0 {
		return true
	}
	parent := path.Dir(guest)
	if parent == "/" || parent == "/etc" || parent == "/var" || under(guest, "/etc") || under(guest, "/root") {
		return false
	}
	return true
}

// resolved is a guest path after symbolic links: its guest form and its host path.
type resolved struct {
	guest string
	host  string
}

var errLoop = errors.New("too many levels of symbolic links")

// resolve resolves a guest path inside the guest's namespace: "." and "..", and symbolic links
// (absolute targets mean the guest's root). Links in the last component are followed only when
// followLast. A missing last component is not an error (the caller decides); a missing or
// non-directory earlier component is (FileNotFound / NotADirectory for the path as given).
func (vm *guestVM) resolve(p string, followLast bool) (resolved, *guestFault) {
	if p == "" {
		return resolved{}, faultNotFound(p)
	}
	todo := splitGuest(p)
	cur := "/"
	links := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case ".":
			continue
		case "..":
			cur = path.Dir(cur)
			continue
		}
		next := path.Join(cur, c)
		host := vm.hostPathOf(next)
		last := len(todo) == 0
		fi, err := os.Lstat(host)
		if err != nil {
			if last {
				cur = next
				break
			}
			if errors.Is(err, syscall.ENOTDIR) {
				return resolved{}, faultNotADirectory(p)
			}
			return resolved{}, faultNotFound(p)
		}
		if fi.Mode()&os.ModeSymlink != 0 && (!last || followLast) {
			links++
			if links > 40 {
				return resolved{}, &guestFault{p + ": " + errLoop.Error(), &types.CannotAccessFile{FileFault: types.FileFault{File: p}}}
			}
			target, err := os.Readlink(host)
			if err != nil {
				return resolved{}, faultNotFound(p)
			}
			if strings.HasPrefix(target, "/") {
				cur = "/"
			}
			todo = append(splitGuest(target), todo...)
			continue
		}
		if !last && !fi.IsDir() {
			return resolved{}, faultNotADirectory(p)
		}
		cur = next
	}
	return resolved{guest: cur, host: vm.hostPathOf(cur)}, nil
}

func splitGuest(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// lstat of a resolved path; a missing file is FileNotFound for the path as given.
func (vm *guestVM) lstat(r resolved, given string) (os.FileInfo, *guestFault) {
	if !vm.canRead(path.Dir(r.guest)) {
		return nil, faultDenied()
	}
	fi, err := os.Lstat(r.host)
	if err != nil {
		return nil, faultNotFound(given)
	}
	return fi, nil
}

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

// ---- GuestFileManager ----

type guestFileManager struct {
	mo.GuestFileManager
	g *guestOps
}

func (m *guestFileManager) MakeDirectoryInGuest(req *types.MakeDirectoryInGuest) soap.HasFault {
	body := new(methods.MakeDirectoryInGuestBody)
	if f := m.makeDirectory(req); f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.MakeDirectoryInGuestResponse{}
	}
	return body
}

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

// osFault maps a host error of an operation on the given guest path to a guest fault.
func (vm *guestVM) osFault(err error, p string) *guestFault {
	switch {
	case errors.Is(err, syscall.ENOTEMPTY): // before IsExist, which also matches ENOTEMPTY
		return faultNotEmpty(p)
	case os.IsNotExist(err):
		return faultNotFound(p)
	case os.IsExist(err):
		return faultExists(p)
	case errors.Is(err, syscall.ENOTDIR):
		return faultNotADirectory(p)
	case errors.Is(err, syscall.EISDIR):
		return faultNotAFile(p)
	case os.IsPermission(err), errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EXDEV):
		return faultDenied()
	}
	return &guestFault{"A general system error occurred: " + err.Error(), &types.SystemError{Reason: err.Error()}}
}

func (m *guestFileManager) DeleteFileInGuest(req *types.DeleteFileInGuest) soap.HasFault {
	body := new(methods.DeleteFileInGuestBody)
	f := func() *guestFault {
		vm, f := m.g.prepare(req.Vm, req.Auth)
		if f != nil {
			return f
		}
		r, f := vm.resolve(req.FilePath, false)
		if f != nil {
			return f
		}
		fi, f := vm.lstat(r, req.FilePath)
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
	}()
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.DeleteFileInGuestResponse{}
	}
	return body
}

func (m *guestFileManager) DeleteDirectoryInGuest(req *types.DeleteDirectoryInGuest) soap.HasFault {
	body := new(methods.DeleteDirectoryInGuestBody)
	f := func() *guestFault {
		vm, f := m.g.prepare(req.Vm, req.Auth)
		if f != nil {
			return f
		}
		p := req.DirectoryPath
		r, f := vm.resolve(p, false)
		if f != nil {
			return f
		}
		fi, f := vm.lstat(r, p)
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
	}()
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.DeleteDirectoryInGuestResponse{}
	}
	return body
}

func (m *guestFileManager) MoveFileInGuest(req *types.MoveFileInGuest) soap.HasFault {
	body := new(methods.MoveFileInGuestBody)
	f := func() *guestFault {
		vm, f := m.g.prepare(req.Vm, req.Auth)
		if f != nil {
			return f
		}
		src, f := vm.resolve(req.SrcFilePath, false)
		if f != nil {
			return f
		}
		fi, f := vm.lstat(src, req.SrcFilePath)
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
	}()
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.MoveFileInGuestResponse{}
	}
	return body
}

func (m *guestFileManager) MoveDirectoryInGuest(req *types.MoveDirectoryInGuest) soap.HasFault {
	body := new(methods.MoveDirectoryInGuestBody)
	f := func() *guestFault {
		vm, f := m.g.prepare(req.Vm, req.Auth)
		if f != nil {
			return f
		}
		src, f := vm.resolve(req.SrcDirectoryPath, false)
		if f != nil {
			return f
		}
		fi, f := vm.lstat(src, req.SrcDirectoryPath)
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
	}()
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.MoveDirectoryInGuestResponse{}
	}
	return body
}

func (m *guestFileManager) ListFilesInGuest(req *types.ListFilesInGuest) soap.HasFault {
	body := new(methods.ListFilesInGuestBody)
	res, f := m.listFiles(req)
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.ListFilesInGuestResponse{Returnval: *res}
	}
	return body
}

// listFiles: a directory lists its entries ("." and ".." included, readdir order), a file lists
// itself (by name); matchPattern is a regular expression searched in each name (default all);
// maxResults defaults to 50 and is capped at Config.GuestListMax; remaining counts the matching
// entries after this page.
func (m *guestFileManager) listFiles(req *types.ListFilesInGuest) (*types.GuestListFileInfo, *guestFault) {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return nil, f
	}
	if req.Index < 0 || req.MaxResults < 0 {
		return nil, faultInvalidArg("index", "A specified parameter was not correct: index")
	}
	var re *regexp.Regexp
	if req.MatchPattern != "" {
		var err error
		if re, err = regexp.Compile(req.MatchPattern); err != nil {
			return nil, faultInvalidArg("matchPattern", "A specified parameter was not correct: matchPattern")
		}
	}
	r, f := vm.resolve(req.FilePath, true)
	if f != nil {
		return nil, f
	}
	fi, f := vm.lstat(r, req.FilePath)
	if f != nil {
		return nil, f
	}
	var all []types.GuestFileInfo
	if !fi.IsDir() {
		name := path.Base(r.guest)
		if re == nil || re.MatchString(name) {
			all = append(all, vm.fileInfo(name, r.guest, fi))
		}
	} else {
		if !vm.canRead(r.guest) {
			return nil, faultDenied()
		}
		names, err := listDir(r.host)
		if err != nil {
			return nil, vm.osFault(err, req.FilePath)
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
	return &types.GuestListFileInfo{Files: all[start:end], Remaining: int32(len(all) - end)}, nil
}

func (m *guestFileManager) CreateTemporaryFileInGuest(req *types.CreateTemporaryFileInGuest) soap.HasFault {
	body := new(methods.CreateTemporaryFileInGuestBody)
	p, f := m.createTemp(req.Vm, req.Auth, req.Prefix, req.Suffix, req.DirectoryPath, false)
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.CreateTemporaryFileInGuestResponse{Returnval: p}
	}
	return body
}

func (m *guestFileManager) CreateTemporaryDirectoryInGuest(req *types.CreateTemporaryDirectoryInGuest) soap.HasFault {
	body := new(methods.CreateTemporaryDirectoryInGuestBody)
	p, f := m.createTemp(req.Vm, req.Auth, req.Prefix, req.Suffix, req.DirectoryPath, true)
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.CreateTemporaryDirectoryInGuestResponse{Returnval: p}
	}
	return body
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

func (m *guestFileManager) ChangeFileAttributesInGuest(req *types.ChangeFileAttributesInGuest) soap.HasFault {
	body := new(methods.ChangeFileAttributesInGuestBody)
	f := func() *guestFault {
		vm, f := m.g.prepare(req.Vm, req.Auth)
		if f != nil {
			return f
		}
		r, f := vm.resolve(req.GuestFilePath, true)
		if f != nil {
			return f
		}
		if _, f := vm.lstat(r, req.GuestFilePath); f != nil {
			return f
		}
		if !vm.canChange(r.guest) {
			return faultDenied()
		}
		return vm.applyAttributes(r.host, req.FileAttributes, req.GuestFilePath)
	}()
	if f != nil {
		body.Fault_ = f.soap()
	} else {
		body.Res = &types.ChangeFileAttributesInGuestResponse{}
	}
	return body
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

func (f *guestFault) String() string { return fmt.Sprintf("%T: %s", f.fault, f.msg) }
