// SPDX-License-Identifier: Apache-2.0

package sim

// Guest paths: resolution inside the guest's own namespace, and the guest user's permissions.
//
// Every guest path is resolved as the guest would see it: "." and "..", and symbolic links
// (absolute targets mean the guest's root), so that no file method can reach outside the guest
// root and the read-only system directories.
//
// Permissions are those of an ordinary (non-root) guest user: the system directories (/usr and
// the other read-only binds, /proc, /dev) and the entries directly in /, /etc and /var cannot be
// changed, /root cannot even be read; everything else in the root belongs to the guest user. A
// guest user named "root" may change everything except the read-only binds.

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/vim25/types"
)

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

// lookup resolves a guest path (see resolve) and lstats the entry it names: a missing entry is
// FileNotFound for the path as given, one in a directory the user may not read
// GuestPermissionDenied.
func (vm *guestVM) lookup(p string, followLast bool) (resolved, os.FileInfo, *guestFault) {
	r, f := vm.resolve(p, followLast)
	if f != nil {
		return resolved{}, nil, f
	}
	if !vm.canRead(path.Dir(r.guest)) {
		return resolved{}, nil, faultDenied()
	}
	fi, err := os.Lstat(r.host)
	if err != nil {
		return resolved{}, nil, faultNotFound(p)
	}
	return r, fi, nil
}
