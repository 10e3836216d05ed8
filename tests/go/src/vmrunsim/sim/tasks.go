// SPDX-License-Identifier: Apache-2.0

package sim

// Tasks that take time, as on a real host. vcsim finishes every task inside the call that
// starts it, so a client's wait never sees a task running and CancelTask (which vcsim lacks)
// never matters. A test can hold the tasks of chosen methods: the call does its work as usual,
// but the task it returns reads `queued` (then `running` with a progress when the test advances
// it) until the test releases it (then it shows its real outcome) or a client cancels it (then
// it ends in RequestCanceled, and a VM the task made is destroyed, as a host rolls back a
// cancelled clone).

import (
	"context"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// heldTask is a task whose real outcome is kept back until release or cancel.
type heldTask struct {
	ref     types.ManagedObjectReference
	method  string
	outcome types.TaskInfo // what the task really ended with
	made    *types.ManagedObjectReference
}

type taskTiming struct {
	mu        sync.Mutex
	held      map[string]bool             // methods whose tasks are held
	tasks     map[string]*heldTask        // task MoRef value -> still held
	cancelled []string                    // methods of the tasks CancelTask ended, in order
	started   map[string]chan struct{}    // method -> signalled when one of its tasks is held
	asks      map[string]*pendingQuestion // VM MoRef value -> its question (questions.go)
	slow      chan struct{}               // non-nil: cancelled tasks roll back only on FinishRollbacks
	rolling   []*heldTask                 // cancelled, still rolling back
}

var (
	timingMu    sync.Mutex
	timingBySim = map[*Sim]*taskTiming{}
)

func init() {
	registerSOAPHook("CancelTask", (*Sim).cancelTask)
}

func (s *Sim) timing() *taskTiming {
	timingMu.Lock()
	defer timingMu.Unlock()
	t := timingBySim[s]
	if t == nil {
		t = &taskTiming{held: map[string]bool{}, tasks: map[string]*heldTask{}, started: map[string]chan struct{}{},
			asks: map[string]*pendingQuestion{}}
		if s.ctx.Err() != nil {
			return t // closing: a throwaway state
		}
		timingBySim[s] = t
		s.wg.Add(1)
		go func() { // dropped when the Sim closes
			defer s.wg.Done()
			<-s.ctx.Done()
			timingMu.Lock()
			delete(timingBySim, s)
			timingMu.Unlock()
		}()
	}
	return t
}

// HoldTasks makes the tasks that method starts from now on read `queued` until AdvanceTasks,
// ReleaseTasks or CancelTask. The returned channel receives once per task held, so a test
// knows the client is waiting without sleeping.
func (s *Sim) HoldTasks(method string) <-chan struct{} {
	t := s.timing()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.held[method] = true
	ch := make(chan struct{}, 16)
	t.started[method] = ch
	return ch
}

// ReleaseTasks lets the held tasks of method show their real outcome, and stops holding new ones.
func (s *Sim) ReleaseTasks(method string) {
	for _, h := range s.takeHeld(method) {
		s.release(h)
	}
}

// FailTasks ends the held tasks of method in error with fault (as a host reports a task that
// failed part way), and stops holding new ones. What the call already did in vcsim stays.
func (s *Sim) FailTasks(method string, fault types.BaseMethodFault, msg string) {
	for _, h := range s.takeHeld(method) {
		h.outcome.State, h.outcome.Result = types.TaskInfoStateError, nil
		h.outcome.Error = &types.LocalizedMethodFault{Fault: fault, LocalizedMessage: msg}
		s.release(h)
	}
}

// takeHeld stops holding method's tasks and hands over the ones held now.
func (s *Sim) takeHeld(method string) []*heldTask {
	t := s.timing()
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.held, method)
	var taken []*heldTask
	for key, h := range t.tasks {
		if h.method == method {
			taken = append(taken, h)
			delete(t.tasks, key)
		}
	}
	return taken
}

// AdvanceTasks sets the held tasks of method to `running` at progress percent, as a host does
// once it starts on them.
func (s *Sim) AdvanceTasks(method string, progress int32) {
	t := s.timing()
	t.mu.Lock()
	var advance []*heldTask
	for _, h := range t.tasks {
		if h.method == method {
			advance = append(advance, h)
		}
	}
	t.mu.Unlock()
	for _, h := range advance {
		s.setRunning(h.ref, progress)
	}
}

func (s *Sim) setRunning(ref types.ManagedObjectReference, progress int32) {
	s.editTask(ref, func(info *types.TaskInfo) {
		info.State, info.Progress = types.TaskInfoStateRunning, progress
	})
}

// editTask changes a task's info in place and tells the property collectors.
func (s *Sim) editTask(ref types.ManagedObjectReference, edit func(*types.TaskInfo)) {
	if task, ok := s.reg.Get(ref).(*simulator.Task); ok {
		s.reg.WithLock(task, func() {
			info := task.Info
			edit(&info)
			s.setTaskInfo(task, info)
		})
	}
}

// release ends a held task with its real outcome.
func (s *Sim) release(h *heldTask) {
	now := time.Now()
	h.outcome.CompleteTime = &now
	s.finishTask(h.ref, h.outcome)
}

// CancelledTasks returns the methods of the tasks that CancelTask ended, in order.
func (s *Sim) CancelledTasks() []string {
	t := s.timing()
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.cancelled...)
}

// isHeld tells ServeHTTP whether to hold the task this call returns: its method is held, or
// it powers on a VM that asks a question first.
func (s *Sim) isHeld(call soapCall) bool {
	t := s.timing()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.held[call.Method] || (call.Method == "PowerOnVM_Task" && t.asks[call.This.Value] != nil)
}

var taskReturnval = regexp.MustCompile(`<returnval type="Task">([^<]+)</returnval>`)

// holdTask is called with the buffered reply of a held method before it is sent: the task it
// names is set back to queued, its real outcome kept for later.
func (s *Sim) holdTask(method string, reply []byte) *heldTask {
	m := taskReturnval.FindSubmatch(reply)
	if m == nil {
		return nil // a fault: nothing started
	}
	ref := types.ManagedObjectReference{Type: "Task", Value: string(m[1])}
	task, ok := s.reg.Get(ref).(*simulator.Task)
	if !ok {
		return nil
	}
	h := &heldTask{ref: ref, method: method}
	s.reg.WithLock(task, func() {
		h.outcome = task.Info
		h.outcome.Progress = 100
		if vm, ok := task.Info.Result.(types.ManagedObjectReference); ok && vm.Type == "VirtualMachine" {
			h.made = &vm
		}
		queued := task.Info
		queued.State = types.TaskInfoStateQueued
		queued.Progress = 0
		queued.Result, queued.Error, queued.CompleteTime = nil, nil, nil
		s.setTaskInfo(task, queued)
	})
	t := s.timing()
	t.mu.Lock()
	t.tasks[ref.Value] = h
	ch := t.started[method]
	t.mu.Unlock()
	if ch != nil {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return h
}

func (s *Sim) finishTask(ref types.ManagedObjectReference, info types.TaskInfo) {
	if task, ok := s.reg.Get(ref).(*simulator.Task); ok {
		s.reg.WithLock(task, func() { s.setTaskInfo(task, info) })
	}
}

// setTaskInfo replaces a task's info and tells the property collectors what changed (the
// registry's update cannot carry a nil value, so cleared fields are set directly).
func (s *Sim) setTaskInfo(task *simulator.Task, info types.TaskInfo) {
	task.Info = info
	changes := []types.PropertyChange{
		{Name: "info.state", Val: info.State},
		{Name: "info.progress", Val: info.Progress},
		{Name: "info.cancelled", Val: info.Cancelled},
	}
	if info.CompleteTime != nil {
		changes = append(changes, types.PropertyChange{Name: "info.completeTime", Val: *info.CompleteTime})
	}
	if info.Result != nil {
		changes = append(changes, types.PropertyChange{Name: "info.result", Val: info.Result})
	}
	if info.Error != nil {
		changes = append(changes, types.PropertyChange{Name: "info.error", Val: *info.Error})
	}
	s.reg.Update(task, changes)
}

// cancelTask answers CancelTask as a host does: a running task ends in RequestCanceled (what it
// made is undone); a finished one cannot be cancelled (InvalidState); an unknown one is not found.
func (s *Sim) cancelTask(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	t := s.timing()
	t.mu.Lock()
	h := t.tasks[call.This.Value]
	if h != nil {
		delete(t.tasks, call.This.Value)
		t.cancelled = append(t.cancelled, h.method)
	}
	t.mu.Unlock()
	if h == nil {
		if _, ok := s.reg.Get(call.This).(*simulator.Task); ok {
			out := faultResponse("The operation is not allowed in the current state.", &types.InvalidState{})
			writeSOAP(w, http.StatusInternalServerError, out)
			return out
		}
		out := faultResponse("The object has already been deleted or has not been completely created",
			&types.ManagedObjectNotFound{Obj: call.This})
		writeSOAP(w, http.StatusInternalServerError, out)
		return out
	}
	t.mu.Lock()
	slow := t.slow
	if slow != nil {
		t.rolling = append(t.rolling, h)
	}
	t.mu.Unlock()
	if slow != nil {
		s.markCancelled(h.ref)
		slow <- struct{}{} // before the reply: the client has not gone on yet
	} else {
		s.rollBack(h)
	}
	out := []byte(envelopeStart + `<CancelTaskResponse xmlns="urn:vim25"></CancelTaskResponse>` + envelopeEnd)
	writeSOAP(w, http.StatusOK, out)
	return out
}

// SlowRollbacks makes CancelTask answer at once but leave the task running (info.cancelled set,
// as a host does while it undoes the task's work) until FinishRollbacks. The channel receives
// once per cancelled task, before CancelTask is answered.
func (s *Sim) SlowRollbacks() <-chan struct{} {
	t := s.timing()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.slow = make(chan struct{}, 16)
	return t.slow
}

// FinishRollbacks undoes what the cancelled tasks made and ends them in RequestCanceled.
func (s *Sim) FinishRollbacks() {
	t := s.timing()
	t.mu.Lock()
	rolling := t.rolling
	t.rolling, t.slow = nil, nil
	t.mu.Unlock()
	for _, h := range rolling {
		s.rollBack(h)
	}
}

func (s *Sim) markCancelled(ref types.ManagedObjectReference) {
	s.editTask(ref, func(info *types.TaskInfo) {
		info.State, info.Cancelled = types.TaskInfoStateRunning, true
	})
}

// rollBack destroys a VM the cancelled task made and ends the task in RequestCanceled.
func (s *Sim) rollBack(h *heldTask) {
	if h.made != nil {
		if task, err := object.NewVirtualMachine(s.client, *h.made).Destroy(context.Background()); err == nil {
			_ = task.Wait(context.Background())
		}
	}
	cancelled := h.outcome
	now := time.Now()
	cancelled.State, cancelled.Cancelled, cancelled.CompleteTime = types.TaskInfoStateError, true, &now
	cancelled.Progress, cancelled.Result = 0, nil
	cancelled.Error = &types.LocalizedMethodFault{Fault: &types.RequestCanceled{}, LocalizedMessage: "The task was canceled by a user."}
	s.finishTask(h.ref, cancelled)
}

// heldReply wraps a reply writer for a held method: the reply is buffered, the task held, then
// the reply sent, so the client never sees the task finished.
func (s *Sim) heldReply(w http.ResponseWriter, call soapCall, answer func(http.ResponseWriter) []byte) []byte {
	rec := &recorder{w: w}
	out := answer(rec)
	if h := s.holdTask(call.Method, rec.body.Bytes()); h != nil {
		s.askOnPowerOn(call, h) // questions.go
	}
	s.noteRecentTask(call.Method, rec.body.Bytes()) // recent_tasks.go
	rec.flush(rec.body.Bytes())
	return out
}
