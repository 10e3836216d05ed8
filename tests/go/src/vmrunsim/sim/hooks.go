// SPDX-License-Identifier: Apache-2.0

package sim

// The SOAP hooks: how a file registers the methods it answers in place of the stock simulator,
// how a hook lets the simulator answer first, and the replies hooks share (with a real host's
// fault texts, so that every hook words a fault the same way).

import (
	"bytes"
	"io/ioutil"
	"net/http"
	"reflect"
	"regexp"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
	"github.com/vmware/govmomi/vim25/xml"
)

// soapHook answers one SOAP method in place of the simulator (a method vcsim lacks, or one whose
// stock behaviour differs from a real host's). It writes the whole HTTP reply to w and returns
// the body it wrote (for the trace). body is the raw request envelope.
type soapHook func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte

// soapHooks maps a SOAP method name to its hook. Each file that closes a realism gap registers
// its methods from an init function, so that additions never touch the dispatcher.
var soapHooks = map[string]soapHook{}

func registerSOAPHook(method string, hook soapHook) {
	if _, dup := soapHooks[method]; dup {
		panic("sim: two hooks for " + method)
	}
	soapHooks[method] = hook
}

// forward lets the stock simulator answer, buffering its reply so that the caller can act (and
// change the reply) before rec.flush sends it.
func (s *Sim) forward(w http.ResponseWriter, r *http.Request, body []byte) *recorder {
	rec := &recorder{w: w}
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	s.mux.ServeHTTP(rec, r)
	return rec
}

// passThrough lets the stock simulator answer and sends its reply as it is.
func (s *Sim) passThrough(w http.ResponseWriter, r *http.Request, body []byte) ([]byte, int) {
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	rec.flush(out)
	return out, rec.status
}

// registeredVM returns the registered VM, or nil. Hooks call it with the VM's lock held.
func (s *Sim) registeredVM(ref types.ManagedObjectReference) *simulator.VirtualMachine {
	vm, _ := s.reg.Get(ref).(*simulator.VirtualMachine)
	return vm
}

var returnvalTask = regexp.MustCompile(`<returnval type="Task">([^<]+)</returnval>`)

// replyTask is the task named in a *_Task reply, or nil (a fault).
func (s *Sim) replyTask(reply []byte) *simulator.Task {
	m := returnvalTask.FindSubmatch(reply)
	if m == nil {
		return nil
	}
	task, _ := s.reg.Get(types.ManagedObjectReference{Type: "Task", Value: string(m[1])}).(*simulator.Task)
	return task
}

// taskResult reads the (already finished) task named in a *_Task reply: its result, or nil.
func (s *Sim) taskResult(reply []byte) *types.ManagedObjectReference {
	task := s.replyTask(reply)
	if task == nil || task.Info.State != types.TaskInfoStateSuccess {
		return nil
	}
	ref, ok := task.Info.Result.(types.ManagedObjectReference)
	if !ok {
		return nil
	}
	return &ref
}

// decodeRequest decodes a whole request into its method's govmomi type (*types.CloneVM_Task, ...)
// as the simulator decodes it, polymorphic members (xsi:type) included; nil if it cannot.
func decodeRequest(body []byte) interface{} {
	m, err := simulator.UnmarshalBody(vimType, body)
	if err != nil {
		return nil
	}
	return m.Body
}

var vim25Type = types.TypeFunc()

// vimType names a vim25 type; like the simulator's own lookup it also takes a prefixed name
// ("vim25:CustomizationFixedIp"), which Go's decoder passes on when it cannot resolve the prefix.
func vimType(name string) (reflect.Type, bool) {
	if t, ok := vim25Type(name); ok {
		return t, ok
	}
	if i := strings.IndexByte(name, ':'); i >= 0 {
		return vim25Type(name[i+1:])
	}
	return nil, false
}

// ---- replies

// reply writes a whole SOAP reply and returns its body (for the trace).
func reply(w http.ResponseWriter, status int, body []byte) []byte {
	writeSOAP(w, status, body)
	return body
}

// replyFault answers with a SOAP fault, HTTP 500 as the simulator answers faults.
func replyFault(w http.ResponseWriter, msg string, fault types.BaseMethodFault) []byte {
	return reply(w, http.StatusInternalServerError, faultResponse(msg, fault))
}

// replyNotAuthenticated answers a call made without a logged-in session.
func replyNotAuthenticated(w http.ResponseWriter, this types.ManagedObjectReference) []byte {
	return replyFault(w, "The session is not authenticated.",
		&types.NotAuthenticated{NoPermission: types.NoPermission{Object: this, PrivilegeId: "System.View"}})
}

// replyObjectGone answers a call on a managed object that does not exist (any more).
func replyObjectGone(w http.ResponseWriter, ref types.ManagedObjectReference) []byte {
	msg, fault := objectGone(ref)
	return replyFault(w, msg, fault)
}

// objectGone is a real host's fault for a managed object that does not exist (any more).
func objectGone(ref types.ManagedObjectReference) (string, types.BaseMethodFault) {
	return "The object '" + ref.Type + ":" + ref.Value + "' has already been deleted or has not been completely created",
		&types.ManagedObjectNotFound{Obj: ref}
}

// notPoweredOn is a real host's fault for a method that needs a powered-on VM.
func notPoweredOn(state types.VirtualMachinePowerState) (string, types.BaseMethodFault) {
	label := "Powered off"
	if state == types.VirtualMachinePowerStateSuspended {
		label = "Suspended"
	}
	return "The attempted operation cannot be performed in the current state (" + label + ").",
		&types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOn, ExistingState: state}
}

// taskResponse is the answer of a *_Task method: the task it started.
func taskResponse(method string, task types.ManagedObjectReference) []byte {
	var buf bytes.Buffer
	buf.WriteString(envelopeStart + `<` + method + `Response xmlns="urn:vim25"><returnval type="Task">`)
	_ = xml.EscapeText(&buf, []byte(task.Value))
	buf.WriteString(`</returnval></` + method + `Response>` + envelopeEnd)
	return buf.Bytes()
}
