package sim

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/guest"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// The guest-operations backend, checked over the real wire with govmomi's guest package.

type guestEnv struct {
	t    *testing.T
	s    *Sim
	c    *govmomi.Client
	vm   VM
	ctx  context.Context
	auth types.BaseGuestAuthentication
	fm   *guest.FileManager
	pm   *guest.ProcessManager
	am   *guest.AuthManager
}

func newGuestEnv(t *testing.T, cfg Config) *guestEnv {
	t.Helper()
	s := start(t, cfg)
	if s.GuestSandbox() != "bwrap" {
		t.Fatalf("guest programs need bubblewrap (bwrap) for confinement; install it (scripts/install-deps.sh): sandbox is %q", s.GuestSandbox())
	}
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	e := &guestEnv{t: t, s: s, c: c, ctx: context.Background(),
		auth: &types.NamePasswordAuthentication{Username: "user", Password: "userpw"}}
	if e.vm, err = s.Lookup(s.DefaultVMName()); err != nil {
		t.Fatal(err)
	}
	om := guest.NewOperationsManager(c.Client, e.vm.Ref)
	if e.fm, err = om.FileManager(e.ctx); err != nil {
		t.Fatal(err)
	}
	if e.pm, err = om.ProcessManager(e.ctx); err != nil {
		t.Fatal(err)
	}
	if e.am, err = om.AuthManager(e.ctx); err != nil {
		t.Fatalf("authManager: %v", err)
	}
	return e
}

func (e *guestEnv) wantFault(err error, kind string) {
	e.t.Helper()
	if got := faultOf(err); got != kind {
		e.t.Fatalf("want fault %s, got %q (%v)", kind, got, err)
	}
}

func (e *guestEnv) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *guestEnv) upload(p string, data []byte, overwrite bool) error {
	u, err := e.fm.InitiateFileTransferToGuest(e.ctx, e.auth, p, &types.GuestPosixFileAttributes{}, int64(len(data)), overwrite)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(u, "https://*/guestFile?id=") {
		e.t.Fatalf("transfer URL %q: want host * without port", u)
	}
	tu, err := e.fm.TransferURL(e.ctx, u)
	if err != nil {
		return err
	}
	p2 := soap.DefaultUpload
	p2.ContentLength = int64(len(data))
	return e.c.Client.Upload(e.ctx, bytes.NewReader(data), tu, &p2)
}

func (e *guestEnv) download(p string) ([]byte, error) {
	info, err := e.fm.InitiateFileTransferFromGuest(e.ctx, e.auth, p)
	if err != nil {
		return nil, err
	}
	tu, err := e.fm.TransferURL(e.ctx, info.Url)
	if err != nil {
		return nil, err
	}
	rc, n, err := e.c.Client.Download(e.ctx, tu, &soap.DefaultDownload)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := ioutil.ReadAll(rc)
	if err == nil && (n != info.Size || int64(len(data)) != info.Size) {
		err = fmt.Errorf("size %d, Content-Length %d, body %d", info.Size, n, len(data))
	}
	return data, err
}

func (e *guestEnv) list(p string, max int32, pattern string) []string {
	e.t.Helper()
	var names []string
	index := int32(0)
	for {
		res, err := e.fm.ListFiles(e.ctx, e.auth, p, index, max, pattern)
		e.must(err)
		limit := max
		if limit == 0 || limit > defaultGuestListMax {
			limit = defaultGuestListMax
		}
		if int32(len(res.Files)) > limit {
			e.t.Fatalf("page of %d entries, cap %d", len(res.Files), limit)
		}
		for _, f := range res.Files {
			names = append(names, f.Path)
		}
		index += int32(len(res.Files))
		if res.Remaining == 0 {
			return names
		}
	}
}

// wait polls the process until it has exited and returns its exit code.
func (e *guestEnv) wait(pid int64) int32 {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ps, err := e.pm.ListProcesses(e.ctx, e.auth, []int64{pid})
		e.must(err)
		if len(ps) != 1 {
			e.t.Fatalf("pid %d: %d entries", pid, len(ps))
		}
		if ps[0].EndTime != nil {
			return ps[0].ExitCode
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("pid %d did not exit", pid)
	return 0
}

func (e *guestEnv) run(script string) int32 {
	e.t.Helper()
	pid, err := e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sh", Arguments: "-c '" + script + "'"})
	e.must(err)
	return e.wait(pid)
}

func TestGuestAuthAndPreconditions(t *testing.T) {
	for _, model := range []string{"esx", "vc"} {
		t.Run(model, func(t *testing.T) {
			e := newGuestEnv(t, Config{Model: model, ToolsDelay: 500 * time.Millisecond})
			e.must(e.am.ValidateCredentials(e.ctx, e.auth))
			bad := &types.NamePasswordAuthentication{Username: "user", Password: "nope"}
			e.wantFault(e.am.ValidateCredentials(e.ctx, bad), "InvalidGuestLogin")
			_, err := e.fm.ListFiles(e.ctx, bad, "/tmp", 0, 0, "")
			e.wantFault(err, "InvalidGuestLogin")
			e.s.SetGuestCredentials("alice", "pw2")
			e.wantFault(e.am.ValidateCredentials(e.ctx, e.auth), "InvalidGuestLogin")
			e.must(e.am.ValidateCredentials(e.ctx, &types.NamePasswordAuthentication{Username: "alice", Password: "pw2"}))
			e.s.SetGuestCredentials("user", "userpw")

			e.must(e.s.PowerOff(e.vm.Path))
			_, err = e.fm.ListFiles(e.ctx, e.auth, "/tmp", 0, 0, "")
			e.wantFault(err, "InvalidPowerState")
			if ips, ok := soap.ToSoapFault(err).VimFault().(types.InvalidPowerState); !ok || ips.ExistingState != types.VirtualMachinePowerStatePoweredOff {
				t.Fatalf("InvalidPowerState: %#v", soap.ToSoapFault(err).VimFault())
			}
			e.must(e.s.PowerOn(e.vm.Path))
			e.wantFault(e.am.ValidateCredentials(e.ctx, e.auth), "GuestOperationsUnavailable")
			e.must(e.s.WaitToolsRunning(e.vm.Path, 10*time.Second))
			e.must(e.am.ValidateCredentials(e.ctx, e.auth))
			e.must(e.s.Suspend(e.vm.Path))
			e.wantFault(e.am.ValidateCredentials(e.ctx, e.auth), "InvalidPowerState")
		})
	}
}

func TestGuestFiles(t *testing.T) {
	for _, model := range []string{"esx", "vc"} {
		t.Run(model, func(t *testing.T) {
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
			hostURL := strings.Replace(info.Url, "*", e.s.Addr, 1)
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
			req, _ := http.NewRequest("PUT", strings.Replace(u, "*", e.s.Addr, 1), strings.NewReader("12345"))
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
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGuestProcesses(t *testing.T) {
	for _, model := range []string{"esx", "vc"} {
		t.Run(model, func(t *testing.T) {
			e := newGuestEnv(t, Config{Model: model})
			vmx := e.vm.Path
			if code := e.run(`echo "$HOME:$USER:$(id -u):$(pwd):$(cat /etc/hostname)" > /tmp/who; ls / > /tmp/ls; exit 3`); code != 3 {
				t.Fatalf("exit code %d", code)
			}
			who, _ := e.s.ReadGuestFile(vmx, "/tmp/who")
			if string(who) != "/home/user:user:1000:/home/user:vmrunsim-guest\n" {
				t.Fatalf("guest session: %q", who)
			}
			if code := e.run(`touch /usr/x 2>/dev/null || exit 7`); code != 7 {
				t.Fatalf("/usr is writable in the guest (exit %d)", code)
			}
			// Arguments go through the guest shell; programPath is quoted.
			e.must(e.s.WriteGuestFile(vmx, "/home/user/my prog", []byte("#!/bin/sh\necho \"$#:$1:$2\" > /tmp/args\n"), 0o755))
			pid, err := e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/home/user/my prog", Arguments: `"a b" c > /tmp/redir`})
			e.must(err)
			if code := e.wait(pid); code != 0 {
				t.Fatalf("exit %d", code)
			}
			if args, _ := e.s.ReadGuestFile(vmx, "/tmp/args"); string(args) != "2:a b:c\n" {
				t.Fatalf("args %q", args)
			}
			_, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/nope"})
			e.wantFault(err, "FileNotFound")
			// envVariables replace the environment; workingDirectory.
			pid, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sh",
				Arguments: `-c 'echo "$FOO:$HOME:$(pwd)" > /tmp/env'`, WorkingDirectory: "/tmp", EnvVariables: []string{"FOO=bar", "PATH=/bin"}})
			e.must(err)
			e.wait(pid)
			if env, _ := e.s.ReadGuestFile(vmx, "/tmp/env"); string(env) != "bar::/tmp\n" {
				t.Fatalf("env %q", env)
			}
			vars, err := e.pm.ReadEnvironmentVariable(e.ctx, e.auth, []string{"HOME", "USER", "NOPE"})
			e.must(err)
			if strings.Join(vars, ",") != "HOME=/home/user,USER=user" {
				t.Fatalf("env vars %v", vars)
			}

			// List, terminate.
			pid, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sleep", Arguments: "600"})
			e.must(err)
			ps, err := e.pm.ListProcesses(e.ctx, e.auth, nil)
			e.must(err)
			var found *types.GuestProcessInfo
			for i := range ps {
				if ps[i].Pid == pid {
					found = &ps[i]
				}
			}
			if found == nil || found.Name != "sleep" || found.Owner != "user" || found.CmdLine != "/bin/sleep 600" || found.EndTime != nil {
				t.Fatalf("process list %+v", ps)
			}
			e.must(e.pm.TerminateProcess(e.ctx, e.auth, pid))
			if p, ok := e.s.GuestProcess(vmx, pid); !ok || p.Running || p.ExitCode != 137 {
				t.Fatalf("after terminate: %+v", p)
			}
			e.wantFault(e.pm.TerminateProcess(e.ctx, e.auth, pid), "GuestProcessNotFound")
			e.wantFault(e.pm.TerminateProcess(e.ctx, e.auth, 99999), "GuestProcessNotFound")

			// Power-off kills the guest's processes.
			e.must(e.s.WriteGuestFile(vmx, "/tmp/tick", nil, 0o644))
			_, err = e.pm.StartProgram(e.ctx, e.auth, &types.GuestProgramSpec{ProgramPath: "/bin/sh",
				Arguments: `-c 'while :; do echo x >> /tmp/tick; sleep 0.05; done'`})
			e.must(err)
			time.Sleep(300 * time.Millisecond)
			e.must(e.s.PowerOff(vmx))
			time.Sleep(200 * time.Millisecond)
			a, _ := e.s.ReadGuestFile(vmx, "/tmp/tick")
			time.Sleep(400 * time.Millisecond)
			b, _ := e.s.ReadGuestFile(vmx, "/tmp/tick")
			if len(a) == 0 || len(a) != len(b) {
				t.Fatalf("guest program still running after power-off (%d -> %d bytes)", len(a), len(b))
			}
			if ps := e.s.GuestProcesses(vmx); len(ps) != 0 {
				t.Fatalf("process table after power-off: %+v", ps)
			}
			_, err = e.pm.ListProcesses(e.ctx, e.auth, nil)
			e.wantFault(err, "InvalidPowerState")
		})
	}
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

// A client that has only logged in sees GuestOperationsManager.authManager (the backend is set
// up by its first RetrieveServiceContent).
func TestGuestAuthManagerProperty(t *testing.T) {
	s := start(t, Config{Model: "esx"})
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	var gom mo.GuestOperationsManager
	ctx := context.Background()
	if err := property.DefaultCollector(c.Client).RetrieveOne(ctx, *c.ServiceContent.GuestOperationsManager,
		[]string{"authManager", "fileManager", "processManager"}, &gom); err != nil {
		t.Fatal(err)
	}
	if gom.AuthManager == nil || *gom.AuthManager != guestAuthManagerRef || gom.FileManager == nil || gom.ProcessManager == nil {
		t.Fatalf("guest managers: %+v", gom)
	}
}
