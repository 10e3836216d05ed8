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
	if m := taskState(task); m.Info.State != types.TaskInfoStateRunning || m.Info.Progress != 10 {
		t.Fatalf("held task: state %s progress %d, want running 10", m.Info.State, m.Info.Progress)
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
