// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"context"
	"reflect"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Held tasks read running until released (then their real outcome) or cancelled
// (RequestCanceled); CancelTask on a finished task is InvalidState.
func TestHeldTasks(t *testing.T) {
	s := start(t, Config{Model: "vc"})
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	info, err := s.Lookup(s.DefaultVMName())
	if err != nil {
		t.Fatal(err)
	}
	vm := object.NewVirtualMachine(c.Client, info.Ref)
	taskState := func(task *object.Task) mo.Task {
		t.Helper()
		var m mo.Task
		if err := task.Properties(ctx, task.Reference(), []string{"info"}, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}

	held := s.HoldTasks("PowerOffVM_Task")
	task, err := vm.PowerOff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	<-held
	if m := taskState(task); m.Info.State != types.TaskInfoStateQueued || m.Info.Progress != 0 {
		t.Fatalf("held task: state %s progress %d, want queued 0", m.Info.State, m.Info.Progress)
	}
	s.AdvanceTasks("PowerOffVM_Task", 40)
	if m := taskState(task); m.Info.State != types.TaskInfoStateRunning || m.Info.Progress != 40 {
		t.Fatalf("advanced task: state %s progress %d, want running 40", m.Info.State, m.Info.Progress)
	}
	s.ReleaseTasks("PowerOffVM_Task")
	if err := task.Wait(ctx); err != nil {
		t.Fatalf("released task: %v", err)
	}
	if err := task.Cancel(ctx); err == nil {
		t.Error("CancelTask on a finished task succeeded, want InvalidState")
	}

	s.HoldTasks("PowerOnVM_Task")
	task, err = vm.PowerOn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Cancel(ctx); err != nil {
		t.Fatalf("CancelTask: %v", err)
	}
	m := taskState(task)
	if _, ok := m.Info.Error.Fault.(*types.RequestCanceled); m.Info.State != types.TaskInfoStateError || !ok || !m.Info.Cancelled {
		t.Errorf("cancelled task: state %s error %#v cancelled %v", m.Info.State, m.Info.Error, m.Info.Cancelled)
	}
	if got := s.CancelledTasks(); !reflect.DeepEqual(got, []string{"PowerOnVM_Task"}) {
		t.Errorf("CancelledTasks %v", got)
	}
}

// A VM that asks at power-on: the task runs with runtime.question set until AnswerVM, which
// clears the question and lets the task end.
func TestQuestionOnPowerOn(t *testing.T) {
	s := start(t, Config{Model: "esx"})
	c, err := login(t, s, "root", "Sup3r secret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	name := s.DefaultVMName()
	info, err := s.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	vm := object.NewVirtualMachine(c.Client, info.Ref)
	if err := s.PowerOff(name); err != nil {
		t.Fatal(err)
	}
	if err := s.AskOnPowerOn(name, MovedOrCopied()); err != nil {
		t.Fatal(err)
	}
	task, err := vm.PowerOn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var m mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"runtime.question"}, &m); err != nil {
		t.Fatal(err)
	}
	if m.Runtime.Question == nil || m.Runtime.Question.Id != "_vmx1" {
		t.Fatalf("runtime.question %#v, want _vmx1", m.Runtime.Question)
	}
	var tm mo.Task
	if err := task.Properties(ctx, task.Reference(), []string{"info"}, &tm); err != nil {
		t.Fatal(err)
	}
	if tm.Info.State != types.TaskInfoStateRunning {
		t.Fatalf("power-on task %s while the question is pending, want running", tm.Info.State)
	}
	if err := vm.Answer(ctx, "_vmx1", "2"); err != nil {
		t.Fatalf("AnswerVM: %v", err)
	}
	if err := task.Wait(ctx); err != nil {
		t.Fatalf("power-on after the answer: %v", err)
	}
	if q := s.Question(name); q != nil {
		t.Errorf("question %#v still there after the answer", q)
	}
	if err := vm.Answer(ctx, "_vmx1", "2"); err == nil {
		t.Error("AnswerVM without a question succeeded, want InvalidArgument")
	}
}
