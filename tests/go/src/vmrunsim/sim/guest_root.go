// SPDX-License-Identifier: Apache-2.0

package sim

// Guest roots: every VM's guest file system is a directory of the test machine holding a small
// Linux-like tree, created on first use, with the test machine's system directories (/usr, and
// /bin, /lib... as the machine has them) visible read-only at the same paths.

import (
	"io/ioutil"
	"os"
	"path/filepath"
	"strings"
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
