// SPDX-License-Identifier: Apache-2.0

package integration

// Tasks as a host runs them: queued, then running with a progress, then their outcome; and a VM
// that stops to ask a question, which only a person should answer (docs/behaviour.md#tasks).

import (
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi/vim25/types"

	"vmrunsim/sim"
)

// runPhased runs vmrun while method's task is held, and walks the task through a host's
// phases, each seen by vmrun's watch: queued (the first WaitForUpdatesEx reads it), running at
// 40 % once vmrun waits again, then released (or failed with `fail`) once it waits a third time.
func (h *harness) runPhased(method string, fail types.BaseMethodFault, args ...string) result {
	h.t.Helper()
	h.s.HoldTasks(method)
	h.s.ResetCalls()
	run := h.startVmrun(append(h.conn("--insecure", "--timeout=60"), args...)...)
	reach := func(n int) {
		select {
		case <-h.s.CallNumberSeen("WaitForUpdatesEx", n):
		case <-run.exited:
			h.t.Fatalf("vmrun %s ended before its task ended\nstdout:\n%s", quoteArgs(args), run.stdout.String())
		}
	}
	reach(2)
	h.s.AdvanceTasks(method, 40)
	reach(3)
	if fail != nil {
		h.s.FailTasks(method, fail, "No space left on the datastore")
	} else {
		h.s.ReleaseTasks(method)
	}
	<-run.exited
	return result{Name: "vmrun", Args: run.args, Stdout: run.stdout.String(), Stderr: run.stderr.String(),
		Code: run.cmd.ProcessState.ExitCode()}
}

// Tasks that queue, run and end print exactly what tasks that end at once print.
func TestTaskPhases(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		if h.s.PowerState(vmx) != "poweredOff" {
			h.must(h.s.PowerOff(vmx))
		}
		h.runPhased("PowerOnVM_Task", nil, "start", vmx).ExpectOK(t)
		h.expectState(vmx, "poweredOn")
		h.runPhased("CreateSnapshot_Task", nil, "snapshot", vmx, "phased").ExpectOK(t)
		h.run("listSnapshots", vmx).Expect(t, 0, "Total snapshots: 1", "phased")
		h.runPhased("PowerOffVM_Task", nil, "stop", vmx, "hard").ExpectOK(t)
		h.expectState(vmx, "poweredOff")

		r := h.runPhased("PowerOnVM_Task", &types.NoDiskSpace{Datastore: "LocalDS_0"}, "start", vmx)
		r.ExpectError(t, "Error: An error occurred while writing a file; the disk is full. Data has not been saved. Free some space and try again.")
	})
}

// A vCenter clone that queues and runs makes the clone and prints nothing, as one that ends at once.
func TestTaskPhasesClone(t *testing.T) {
	h := newHarness(t, "vc", nil)
	h.prepareClone()
	src := h.vmPath()
	h.must(h.s.PowerOff(src))
	dst := "[LocalDS_0] phased/phased.vmx"
	h.runPhased("CloneVM_Task", nil, "clone", src, dst, "full").ExpectOK(t)
	if !h.s.IsRegistered(dst) {
		t.Errorf("no VM at %s after the clone; VMs %v", dst, h.s.VMPaths())
	}
}

// A VM that asks a question at power-on: start fails at once with the question and its
// choices, leaves the question unanswered and the power-on task running for whoever answers.
// A wait on the VM itself (stop soft: a guest shutdown that takes a minute) stops at once too.
func TestQuestionOnPowerOn(t *testing.T) {
	forEachModel(t, func(c *sim.Config) { c.ShutdownDelay = time.Minute }, func(h *harness) {
		t := h.t
		vmx := h.vmPath()
		if h.s.PowerState(vmx) != "poweredOff" {
			h.must(h.s.PowerOff(vmx))
		}
		q := sim.MovedOrCopied()
		h.must(h.s.AskOnPowerOn(vmx, q))
		h.s.ResetCalls()
		r := h.vmrun(append(h.conn("--insecure", "--timeout=60"), "start", vmx)...)
		asked := "Error: The virtual machine is waiting for an answer: " +
			strings.ReplaceAll(q.Text, "\n", " ") + " (choices: Cancel, I Moved It, I Copied It)"
		r.ExpectError(t, asked)
		if r.Elapsed > 10*time.Second {
			t.Errorf("vmrun took %v to see the question (--timeout=60)", r.Elapsed)
		}
		if got := h.s.Question(vmx); got == nil || got.Id != q.Id {
			t.Errorf("question after vmrun %#v, want %s still pending", got, q.Id)
		}
		if got := h.s.CancelledTasks(); len(got) != 0 {
			t.Errorf("cancelled tasks %v, want the power-on left for the answer", got)
		}
		if contains(h.s.Calls(), "AnswerVM") {
			t.Errorf("vmrun answered the question: calls %v", h.s.Calls())
		}
		h.expectLoggedOut(r)

		h.waitTools(vmx)
		r = h.vmrun(append(h.conn("--insecure", "--timeout=60"), "stop", vmx, "soft")...)
		r.ExpectError(t, asked)
		if r.Elapsed > 10*time.Second {
			t.Errorf("stop soft took %v to see the question (--timeout=60)", r.Elapsed)
		}
	})
}
