// SPDX-License-Identifier: Apache-2.0

package sim

// VMs that ask a question at power-on, as a host's VM does after its files were copied ("moved
// or copied?"). vcsim never asks. Here, PowerOnVM_Task on such a VM returns a task that stays
// `running` while runtime.question is set (published to the property collectors), until a
// client answers with AnswerVM (which vcsim lacks): the question goes, then the task ends.

import (
	"net/http"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// pendingQuestion is a question a VM asks at its next power-on, and then the power-on task
// waiting for the answer.
type pendingQuestion struct {
	info  types.VirtualMachineQuestionInfo
	task  *heldTask
	asked bool
}

func init() {
	registerSOAPHook("AnswerVM", (*Sim).answerVM)
}

// MovedOrCopied is the question a host asks when a VM's files were copied.
func MovedOrCopied() types.VirtualMachineQuestionInfo {
	return types.VirtualMachineQuestionInfo{
		Id:   "_vmx1",
		Text: "This virtual machine might have been moved or copied.\nIn order to configure certain management and networking features, VMware ESX needs to know if this virtual machine was moved or copied.\n\nIf you don't know, answer \"I Copied It\".",
		Choice: types.ChoiceOption{
			OptionType: types.OptionType{ValueIsReadonly: types.NewBool(false)},
			ChoiceInfo: []types.BaseElementDescription{
				&types.ElementDescription{Description: types.Description{Label: "button.uuid.cancel", Summary: "Cancel"}, Key: "0"},
				&types.ElementDescription{Description: types.Description{Label: "button.uuid.movedTheVM", Summary: "I Moved It"}, Key: "1"},
				&types.ElementDescription{Description: types.Description{Label: "button.uuid.copiedTheVM", Summary: "I Copied It"}, Key: "2"},
			},
			DefaultIndex: 2,
		},
	}
}

// AskOnPowerOn makes the VM (name or vmx path) ask q when it is next powered on.
func (s *Sim) AskOnPowerOn(nameOrPath string, q types.VirtualMachineQuestionInfo) error {
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return err
	}
	t := s.timing()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.asks[vm.Ref.Value] = &pendingQuestion{info: q}
	return nil
}

// Question returns the VM's runtime.question as the inventory holds it (nil when none).
func (s *Sim) Question(nameOrPath string) *types.VirtualMachineQuestionInfo {
	info, err := s.Lookup(nameOrPath)
	if err != nil {
		return nil
	}
	var q *types.VirtualMachineQuestionInfo
	if vm, ok := s.reg.Get(info.Ref).(*simulator.VirtualMachine); ok {
		s.reg.WithLock(vm, func() {
			if vm.Runtime.Question != nil {
				copied := *vm.Runtime.Question
				q = &copied
			}
		})
	}
	return q
}

// askOnPowerOn is told each held task as it starts: a power-on of a VM that asks now runs,
// waiting for the answer, with the question set.
func (s *Sim) askOnPowerOn(call soapCall, h *heldTask) {
	if call.Method != "PowerOnVM_Task" {
		return
	}
	t := s.timing()
	t.mu.Lock()
	q := t.asks[call.This.Value]
	if q != nil && !q.asked {
		q.asked, q.task = true, h
		delete(t.tasks, h.ref.Value) // ended by the answer, not by ReleaseTasks
	}
	t.mu.Unlock()
	if q == nil || q.task != h {
		return
	}
	s.setRunning(h.ref, 0)
	s.setQuestion(call.This, &q.info)
}

func (s *Sim) setQuestion(ref types.ManagedObjectReference, q *types.VirtualMachineQuestionInfo) {
	vm, ok := s.reg.Get(ref).(*simulator.VirtualMachine)
	if !ok {
		return
	}
	s.reg.WithLock(vm, func() {
		var val interface{} // nil unsets the property
		if q != nil {
			val = *q
		}
		s.reg.Update(vm, []types.PropertyChange{{Name: "runtime.question", Val: val}})
	})
}

// answerVM answers AnswerVM as a host does: the question goes, the power-on it held goes on; a
// VM with no such question faults InvalidArgument.
func (s *Sim) answerVM(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	var req types.AnswerVM
	_ = decodeMethod(body, &req)
	t := s.timing()
	t.mu.Lock()
	q := t.asks[call.This.Value]
	answered := q != nil && q.asked && q.info.Id == req.QuestionId
	if answered {
		delete(t.asks, call.This.Value)
	}
	t.mu.Unlock()
	if !answered {
		out := faultResponse("A specified parameter was not correct: questionId", &types.InvalidArgument{InvalidProperty: "questionId"})
		writeSOAP(w, http.StatusInternalServerError, out)
		return out
	}
	s.setQuestion(call.This, nil)
	s.release(q.task)
	out := emptyResponse("AnswerVM")
	writeSOAP(w, http.StatusOK, out)
	return out
}
