// SPDX-License-Identifier: Apache-2.0

package sim

// Tasks that fail: a test can make the next task of a method end in error without doing its
// work, as a host does when, say, the datastore fills up half-way through a clone. vmrun's
// rollback paths are tested with it.

import (
	"net/http"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// taskFault is how the next task of a method ends.
type taskFault struct {
	msg   string // the task's info.error.localizedMessage
	fault types.BaseMethodFault
}

// FailNextTask makes the next call of method (a *_Task method) start a task that ends in error
// with fault and the localized message msg, leaving everything as it was.
func (s *Sim) FailNextTask(method, msg string, fault types.BaseMethodFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.taskFaults == nil {
		s.taskFaults = map[string]taskFault{}
	}
	s.taskFaults[method] = taskFault{msg, fault}
}

// takeTaskFault returns, once, the failure set for method.
func (s *Sim) takeTaskFault(method string) (taskFault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.taskFaults[method]
	delete(s.taskFaults, method)
	return f, ok
}

// replyFailedTask answers a call with a task that has failed.
func (s *Sim) replyFailedTask(w http.ResponseWriter, call soapCall, f taskFault) []byte {
	obj := s.reg.Get(call.This)
	if obj == nil {
		return replyObjectGone(w, call.This)
	}
	task := simulator.CreateTask(obj, call.Method, func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return nil, f.fault
	})
	ref := task.Run()
	s.reg.WithLock(task, func() {
		info := task.Info
		info.Error = &types.LocalizedMethodFault{Fault: f.fault, LocalizedMessage: f.msg}
		s.setTaskInfo(task, info)
	})
	return reply(w, http.StatusOK, taskResponse(call.Method, ref))
}
