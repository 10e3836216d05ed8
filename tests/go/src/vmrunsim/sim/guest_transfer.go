// SPDX-License-Identifier: Apache-2.0

package sim

// Guest file transfers: InitiateFileTransferToGuest / InitiateFileTransferFromGuest and the HTTPS
// handler for their URLs.
//
// On ESXi the URL is https://*/guestFile?id=<n>&token=<64 hex>: host "*" and no port, exactly as a
// real ESXi host returns it; the client must put in the host:port it connected to. Through vCenter
// the URL names the ESX host that runs the VM, https://<inventory name>:<port>/guestFile?..., served
// by that host's own listener and certificate (esx_hosts.go). A URL serves one request: it is used up when a request for it arrives, is refused
// after 10 minutes, and dies with the VM's power-off. Unknown, used or expired URLs get 404.
//
// PUT (to the guest): Content-Length is required (411 without it) and must equal the fileSize
// announced (400 otherwise). The body is streamed into a temporary file next to the target, which
// replaces the target only when complete (a broken upload leaves nothing behind); the attributes
// given to InitiateFileTransferToGuest are applied (default mode 0644). 200 on success.
//
// GET (from the guest): 200, Content-Type application/octet-stream, Content-Length = the size,
// the file streamed.
//
// Neither direction ever holds a whole file in memory.

import (
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type guestTransfer struct {
	id        string
	token     string
	vm        types.ManagedObjectReference
	guestVM   *guestVM
	guestPath string // as the client gave it
	upload    bool
	size      int64
	attrs     types.BaseGuestFileAttributes
	overwrite bool
	expires   time.Time
}

func (g *guestOps) newTransfer(t *guestTransfer) string {
	base := g.transferBase(t.vm) // before g.mu: it takes the VM's registry lock
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextXfer++
	t.id = strconv.Itoa(g.nextXfer)
	t.token = randomHex(32)
	t.expires = time.Now().Add(guestTransferTTL)
	g.transfers[t.id] = t
	return base + "/guestFile?id=" + t.id + "&token=" + t.token
}

// take removes and returns the transfer a request names, if its token is right and it is fresh.
func (g *guestOps) take(id, token string) *guestTransfer {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := g.transfers[id]
	if t == nil || t.token != token {
		return nil
	}
	delete(g.transfers, id)
	if time.Now().After(t.expires) {
		return nil
	}
	return t
}

func (m *guestFileManager) InitiateFileTransferToGuest(req *types.InitiateFileTransferToGuest) soap.HasFault {
	url, f := m.transferToGuest(req)
	return guestReply(types.InitiateFileTransferToGuestResponse{Returnval: url}, f)
}

// transferToGuest checks an upload's target and hands out its URL.
func (m *guestFileManager) transferToGuest(req *types.InitiateFileTransferToGuest) (string, *guestFault) {
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return "", f
	}
	p := req.GuestFilePath
	if req.FileSize < 0 {
		return "", faultInvalidArg("fileSize", "A specified parameter was not correct: fileSize")
	}
	if f := vm.checkUploadTarget(p, req.Overwrite); f != nil {
		return "", f
	}
	return m.g.newTransfer(&guestTransfer{vm: vm.ref, guestVM: vm, guestPath: p, upload: true,
		size: req.FileSize, attrs: req.FileAttributes, overwrite: req.Overwrite}), nil
}

// checkUploadTarget: the parent must be a directory the user may write to; an existing target
// must be a plain file (not a directory or a symbolic link) and needs overwrite.
func (vm *guestVM) checkUploadTarget(p string, overwrite bool) *guestFault {
	r, f := vm.resolve(p, false)
	if f != nil {
		return f
	}
	if fi, err := os.Lstat(r.host); err == nil {
		if !fi.Mode().IsRegular() {
			return faultNotAFile(p)
		}
		if !overwrite {
			return faultExists(p)
		}
	} else if pfi, err := os.Stat(filepath.Dir(r.host)); err != nil {
		return faultNotFound(p)
	} else if !pfi.IsDir() {
		return faultNotADirectory(p)
	}
	if !vm.canChange(r.guest) {
		return faultDenied()
	}
	return nil
}

func (m *guestFileManager) InitiateFileTransferFromGuest(req *types.InitiateFileTransferFromGuest) soap.HasFault {
	info, f := m.transferFromGuest(req)
	return guestReply(types.InitiateFileTransferFromGuestResponse{Returnval: info}, f)
}

// transferFromGuest checks a download's source and hands out its URL with the file's attributes.
func (m *guestFileManager) transferFromGuest(req *types.InitiateFileTransferFromGuest) (types.FileTransferInformation, *guestFault) {
	var none types.FileTransferInformation
	vm, f := m.g.prepare(req.Vm, req.Auth)
	if f != nil {
		return none, f
	}
	p := req.GuestFilePath
	r, fi, f := vm.lookup(p, false)
	if f != nil {
		return none, f
	}
	if !fi.Mode().IsRegular() {
		return none, faultNotAFile(p)
	}
	if !vm.canRead(r.guest) {
		return none, faultDenied()
	}
	gi := vm.fileInfo(path.Base(r.guest), r.guest, fi)
	url := m.g.newTransfer(&guestTransfer{vm: vm.ref, guestVM: vm, guestPath: p, size: fi.Size()})
	return types.FileTransferInformation{Attributes: gi.Attributes, Size: fi.Size(), Url: url}, nil
}

// serveTransfer serves /guestFile?id=..&token=.. (PUT to the guest, GET from it).
func (g *guestOps) serveTransfer(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method != http.MethodGet && r.Method != http.MethodPut {
		w.Header().Set("Allow", "GET, PUT")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	t := g.take(q.Get("id"), q.Get("token"))
	if t == nil || t.upload != (r.Method == http.MethodPut) || g.vmPowerState(t.vm) != types.VirtualMachinePowerStatePoweredOn {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if t.upload {
		g.receive(w, r, t)
	} else {
		g.send(w, r, t)
	}
}

func (g *guestOps) receive(w http.ResponseWriter, r *http.Request, t *guestTransfer) {
	vm := t.guestVM
	if r.ContentLength < 0 {
		http.Error(w, "Content-Length required", http.StatusLengthRequired)
		return
	}
	if r.ContentLength != t.size {
		http.Error(w, "Content-Length "+strconv.FormatInt(r.ContentLength, 10)+" does not match the file size "+
			strconv.FormatInt(t.size, 10), http.StatusBadRequest)
		return
	}
	if f := vm.checkUploadTarget(t.guestPath, t.overwrite); f != nil {
		http.Error(w, f.msg, http.StatusConflict)
		return
	}
	res, _ := vm.resolve(t.guestPath, false)
	dir := filepath.Dir(res.host)
	tmp, err := os.OpenFile(filepath.Join(dir, ".vmrunsim-upload-"+randomHex(8)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	n, err := io.Copy(tmp, io.LimitReader(r.Body, t.size))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil || n != t.size {
		_ = os.Remove(tmp.Name())
		http.Error(w, "incomplete upload", http.StatusBadRequest)
		return
	}
	if err := os.Chmod(tmp.Name(), 0o644); err == nil {
		if f := vm.applyAttributes(tmp.Name(), t.attrs, t.guestPath); f != nil {
			_ = os.Remove(tmp.Name())
			http.Error(w, f.msg, http.StatusForbidden)
			return
		}
	}
	if err := os.Rename(tmp.Name(), res.host); err != nil {
		_ = os.Remove(tmp.Name())
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (g *guestOps) send(w http.ResponseWriter, r *http.Request, t *guestTransfer) {
	vm := t.guestVM
	res, f := vm.resolve(t.guestPath, false)
	if f != nil {
		http.Error(w, f.msg, http.StatusNotFound)
		return
	}
	fh, err := os.Open(res.host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.Error(w, "not a file", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	w.WriteHeader(http.StatusOK)
	var src io.Reader = fh
	if cut := g.s.cfg.GuestDownloadCut; cut > 0 && cut < fi.Size() {
		src = io.LimitReader(fh, cut)
	}
	if rate := g.s.cfg.GuestDownloadRate; rate > 0 {
		src = &paced{r: src, chunk: rate / 10, done: g.s.ctx.Done()}
	}
	if n, _ := io.Copy(w, src); n < fi.Size() {
		// Drop the connection mid-body: the client sees a transfer cut short.
		panic(http.ErrAbortHandler)
	}
}

// paced hands out at most `chunk` bytes every tenth of a second (a slow link), until done.
type paced struct {
	r     io.Reader
	chunk int64
	done  <-chan struct{}
	next  time.Time
}

func (p *paced) Read(b []byte) (int, error) {
	if wait := time.Until(p.next); wait > 0 {
		select {
		case <-time.After(wait):
		case <-p.done:
			return 0, io.ErrUnexpectedEOF
		}
	}
	p.next = time.Now().Add(100 * time.Millisecond)
	if int64(len(b)) > p.chunk {
		b = b[:p.chunk]
	}
	return p.r.Read(b)
}

// vmPowerState reads a VM's power state from the registry ("" when it does not exist).
func (g *guestOps) vmPowerState(ref types.ManagedObjectReference) types.VirtualMachinePowerState {
	var state types.VirtualMachinePowerState
	g.s.reg.WithLock(ref, func() {
		if vm, ok := g.s.reg.Get(ref).(*simulator.VirtualMachine); ok {
			state = vm.Runtime.PowerState
		}
	})
	return state
}
