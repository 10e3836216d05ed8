// SPDX-License-Identifier: Apache-2.0

package sim

// A VM's recent tasks, as a host keeps them: ManagedEntity.recentTask lists the tasks that
// operate on the entity, queued, running or recently ended, so a property filter that follows
// it sees a new task of the VM enter. vcsim lists tasks only in the TaskManager's recentTask.

import (
	"net/http"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// The most recent tasks a VM lists here; a host keeps those of the last few minutes.
const maxRecentTasks = 10

func isTaskMethod(method string) bool {
	return strings.HasSuffix(method, "_Task")
}

// taskReply buffers the reply of a method that starts a task, so that the task is in its VM's
// recentTask before the client learns of it, as on a host.
func (s *Sim) taskReply(w http.ResponseWriter, call soapCall, answer func(http.ResponseWriter) []byte) []byte {
	rec := &recorder{w: w}
	out := answer(rec)
	s.noteRecentTask(call.Method, rec.body.Bytes())
	rec.flush(rec.body.Bytes())
	return out
}

// noteRecentTask adds the task a *_Task reply names to its VM's recentTask.
func (s *Sim) noteRecentTask(method string, reply []byte) {
	if !isTaskMethod(method) {
		return
	}
	m := taskReturnval.FindSubmatch(reply)
	if m == nil {
		return // a fault: nothing started
	}
	ref := types.ManagedObjectReference{Type: "Task", Value: string(m[1])}
	task, ok := s.reg.Get(ref).(*simulator.Task)
	if !ok {
		return
	}
	var entity *types.ManagedObjectReference
	s.reg.WithLock(task, func() { entity = task.Info.Entity })
	if entity == nil || entity.Type != "VirtualMachine" {
		return
	}
	vm, ok := s.reg.Get(*entity).(*simulator.VirtualMachine)
	if !ok {
		return
	}
	s.reg.WithLock(vm, func() {
		recent := append(append([]types.ManagedObjectReference{}, vm.RecentTask...), ref)
		if len(recent) > maxRecentTasks {
			recent = recent[len(recent)-maxRecentTasks:]
		}
		s.reg.Update(vm, []types.PropertyChange{{Name: "recentTask", Val: recent}})
	})
}
