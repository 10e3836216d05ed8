// SPDX-License-Identifier: Apache-2.0

package sim

// The GuestFileManager over the wire: directories, transfers (small and large), listings,
// moves, temporary files, attributes, and confinement to the guest root.

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func TestGuestFiles(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		e := newGuestEnv(t, Config{Model: model})
		vmx := e.vm.Path
		// Directories.
		e.must(e.fm.MakeDirectory(e.ctx, e.auth, "/home/user/a/b/c", true))
		if !e.s.GuestDirExists(vmx, "/home/user/a/b/c") {
			t.Fatal("mkdir -p did not create the tree")
		}
		e.wantFault(e.fm.MakeDirectory(e.ctx, e.auth, "/home/user/a/b/c", true), "FileAlreadyExists")
		e.wantFault(e.fm.MakeDirectory(e.ctx, e.auth, "/home/user/x/y", false), "FileNotFound")
		e.wantFault(e.fm.MakeDirectory(e.ctx, e.auth, "/newtop", false), "GuestPermissionDenied")
		e.wantFault(e.fm.MakeDirectory(e.ctx, e.auth, "/usr/local/zzz", true), "GuestPermissionDenied")
		e.wantFault(e.fm.DeleteDirectory(e.ctx, e.auth, "/home/user/a", false), "DirectoryNotEmpty")
		e.wantFault(e.fm.DeleteDirectory(e.ctx, e.auth, "/home/user/none", true), "FileNotFound")
		e.wantFault(e.fm.DeleteFile(e.ctx, e.auth, "/home/user/a"), "NotAFile")
		e.must(e.fm.MoveDirectory(e.ctx, e.auth, "/home/user/a", "/home/user/a2"))
		e.must(e.fm.DeleteDirectory(e.ctx, e.auth, "/home/user/a2", true))
		if e.s.GuestDirExists(vmx, "/home/user/a2") {
			t.Fatal("recursive delete left the directory")
		}

		// Transfers.
		data := []byte("hello guest\n\x00\xff binary")
		e.must(e.upload("/home/user/f.bin", data, false))
		if got, _ := e.s.ReadGuestFile(vmx, "/home/user/f.bin"); !bytes.Equal(got, data) {
			t.Fatalf("uploaded %q", got)
		}
		e.wantFault(e.upload("/home/user/f.bin", data, false), "FileAlreadyExists")
		e.must(e.upload("/home/user/f.bin", []byte("v2"), true))
		e.wantFault(e.upload("/home/user/nodir/f.bin", data, false), "FileNotFound")
		e.wantFault(e.upload("/home/user", data, true), "NotAFile")
		got, err := e.download("/home/user/f.bin")
		e.must(err)
		if string(got) != "v2" {
			t.Fatalf("downloaded %q", got)
		}
		_, err = e.download("/home/user/missing")
		e.wantFault(err, "FileNotFound")
		_, err = e.fm.InitiateFileTransferFromGuest(e.ctx, e.auth, "/home/user")
		e.wantFault(err, "NotAFile")

		// A URL serves one request; a PUT must announce exactly fileSize.
		info, err := e.fm.InitiateFileTransferFromGuest(e.ctx, e.auth, "/home/user/f.bin")
		e.must(err)
		raw := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
		hostURL := e.directURL(info.Url)
		for i, want := range []int{200, 404} {
			resp, err := raw.Get(hostURL)
			e.must(err)
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Fatalf("GET #%d: %d, want %d", i+1, resp.StatusCode, want)
			}
		}
		u, err := e.fm.InitiateFileTransferToGuest(e.ctx, e.auth, "/home/user/g", &types.GuestPosixFileAttributes{}, 10, false)
		e.must(err)
		req, _ := http.NewRequest("PUT", e.directURL(u), strings.NewReader("12345"))
		resp, err := raw.Do(req)
		e.must(err)
		resp.Body.Close()
		if resp.StatusCode != 400 || e.s.GuestFileExists(vmx, "/home/user/g") {
			t.Fatalf("short PUT: %d", resp.StatusCode)
		}
		if names, _ := e.s.GuestListDir(vmx, "/home/user"); len(names) != 1 {
			t.Fatalf("leftovers after a failed upload: %v", names)
		}

		// Listing: "." and "..", pages of at most 50, server order, patterns, a file.
		for i := 0; i < 120; i++ {
			e.must(e.s.WriteGuestFile(vmx, fmt.Sprintf("/home/user/many/f%03d.txt", i), []byte("x"), 0o644))
		}
		names := e.list("/home/user/many", 0, "")
		want, _ := e.s.GuestListDir(vmx, "/home/user/many")
		if len(names) != 122 || names[0] != "." || names[1] != ".." || strings.Join(names[2:], ",") != strings.Join(want, ",") {
			t.Fatalf("listing: %d names %v", len(names), names[:5])
		}
		if got := e.list("/home/user/many", 7, `^f00[0-9]\.txt$`); len(got) != 10 {
			t.Fatalf("pattern: %v", got)
		}
		res, err := e.fm.ListFiles(e.ctx, e.auth, "/home/user/f.bin", 0, 0, "")
		e.must(err)
		if len(res.Files) != 1 || res.Files[0].Path != "f.bin" || res.Files[0].Type != "file" || res.Files[0].Size != 2 {
			t.Fatalf("file listing: %+v", res.Files)
		}
		_, err = e.fm.ListFiles(e.ctx, e.auth, "/home/user/nothing", 0, 0, "")
		e.wantFault(err, "FileNotFound")

		// Moves, temp files, attributes.
		e.wantFault(e.fm.MoveFile(e.ctx, e.auth, "/home/user/f.bin", "/home/user/many/f000.txt", false), "FileAlreadyExists")
		e.wantFault(e.fm.MoveFile(e.ctx, e.auth, "/home/user/many", "/home/user/m2", false), "NotAFile")
		e.must(e.fm.MoveFile(e.ctx, e.auth, "/home/user/f.bin", "/tmp/f.moved", false))
		tmp, err := e.fm.CreateTemporaryFile(e.ctx, e.auth, "pre-", ".sh", "")
		e.must(err)
		if !strings.HasPrefix(tmp, "/tmp/pre-") || !strings.HasSuffix(tmp, ".sh") || !e.s.GuestFileExists(vmx, tmp) {
			t.Fatalf("temp file %q", tmp)
		}
		tdir, err := e.fm.CreateTemporaryDirectory(e.ctx, e.auth, "d", "", "/home/user")
		e.must(err)
		if !e.s.GuestDirExists(vmx, tdir) {
			t.Fatalf("temp dir %q", tdir)
		}
		e.must(e.fm.ChangeFileAttributes(e.ctx, e.auth, tmp, &types.GuestPosixFileAttributes{Permissions: 0o700}))
		if fi, _ := e.s.GuestStat(vmx, tmp); fi.Mode().Perm() != 0o700 {
			t.Fatalf("mode %v", fi.Mode())
		}

		// Confinement: links and ".." resolve inside the guest.
		root := e.s.GuestRoot(vmx)
		e.must(os.Symlink("/", filepath.Join(root, "home/user/up")))
		e.must(os.Symlink("../../../../../../etc/hostname", filepath.Join(root, "home/user/hn")))
		top := e.list("/home/user/up", 0, "")
		sort.Strings(top)
		if !contains(top, "home") || !contains(top, "tmp") || contains(top, "boot") && !e.s.GuestDirExists(vmx, "/boot") {
			t.Fatalf("/ through a link: %v", top)
		}
		hn, err := e.download("/home/user/up/etc/hostname")
		e.must(err)
		if string(hn) != "vmrunsim-guest\n" {
			t.Fatalf("guest /etc/hostname %q", hn)
		}
		_, err = e.fm.InitiateFileTransferFromGuest(e.ctx, e.auth, "/home/user/hn")
		e.wantFault(err, "NotAFile")
		e.wantFault(e.fm.DeleteFile(e.ctx, e.auth, "/etc/passwd"), "GuestPermissionDenied")
		_, err = e.fm.ListFiles(e.ctx, e.auth, "/root", 0, 0, "")
		e.wantFault(err, "GuestPermissionDenied")
	})
}

func TestGuestBigTransfer(t *testing.T) {
	e := newGuestEnv(t, Config{Model: "esx"})
	const size = 64 << 20
	src := filepath.Join(t.TempDir(), "big")
	f, err := os.Create(src)
	e.must(err)
	buf := make([]byte, 1<<20)
	for i := 0; i < size/len(buf); i++ {
		for j := range buf {
			buf[j] = byte(i + j*7)
		}
		_, err = f.Write(buf)
		e.must(err)
	}
	e.must(f.Close())
	u, err := e.fm.InitiateFileTransferToGuest(e.ctx, e.auth, "/tmp/big", &types.GuestPosixFileAttributes{}, size, false)
	e.must(err)
	tu, _ := e.fm.TransferURL(e.ctx, u)
	e.must(e.c.Client.UploadFile(e.ctx, src, tu, &soap.DefaultUpload))
	host, _ := e.s.GuestHostPath(e.vm.Path, "/tmp/big")
	a, _ := ioutil.ReadFile(src)
	b, _ := ioutil.ReadFile(host)
	if !bytes.Equal(a, b) {
		t.Fatal("contents differ after upload")
	}
	info, err := e.fm.InitiateFileTransferFromGuest(e.ctx, e.auth, "/tmp/big")
	e.must(err)
	if info.Size != size {
		t.Fatalf("size %d", info.Size)
	}
	tu, _ = e.fm.TransferURL(e.ctx, info.Url)
	dst := filepath.Join(t.TempDir(), "back")
	e.must(e.c.Client.DownloadFile(e.ctx, dst, tu, &soap.DefaultDownload))
	c, _ := ioutil.ReadFile(dst)
	if !bytes.Equal(a, c) {
		t.Fatal("contents differ after download")
	}
}
