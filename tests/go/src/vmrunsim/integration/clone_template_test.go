// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Clones the way CI uses vCenter (docs/behaviour.md#templates, docs/behaviour.md#clone-placement): a template
// as the source, placement with -pool, -host and -folder, guest customization with -customize,
// many clones at once. The template is the cluster's VM DC0_C0_RP0_VM0, with a snapshot "base".

const (
	msgTemplate           = "Error: Cannot perform this operation on a template virtual machine"
	msgTemplateLinked     = "Error: A linked clone of a template needs one of its snapshots: name it with -snapshot=NAME"
	clusterRootPool       = "/DC0/host/DC0_C0/Resources"
	msgAmbiguousResources = "Error: More than one resource pool has this name, give its inventory path: Resources"
)

func msgNeedsVcenter(option string) string {
	return "Error: The clone option " + option + " needs vCenter Server"
}

// template makes the cluster's first VM a template with a snapshot "base" and returns its path.
func (h *harness) template() string {
	h.t.Helper()
	h.prepareClone()
	tpl := h.s.VMPath("DC0_C0_RP0_VM0")
	h.must(h.s.PowerOff(tpl))
	h.must(h.s.MakeSnapshot(tpl, "base", false))
	h.must(h.s.MarkAsTemplate(tpl))
	return tpl
}

// expectPlacement reads the clone's resource pool, folder and host back through the API; an
// empty want is not checked.
func (h *harness) expectPlacement(vmx, pool, folder, host string) {
	h.t.Helper()
	p, err := h.s.Placement(vmx)
	h.must(err)
	if (pool != "" && p.Pool != pool) || (folder != "" && p.Folder != folder) || (host != "" && p.Host != host) {
		h.t.Errorf("placement of %s: %+v, want pool %q folder %q host %q", vmx, p, pool, folder, host)
	}
}

// expectNoTask checks that a refused command started no task.
func (h *harness) expectNoTask(r result) {
	h.t.Helper()
	for _, c := range h.s.Calls() {
		if strings.HasSuffix(c, "_Task") {
			h.t.Errorf("a refused command started %s: calls %v\n%s", c, h.s.Calls(), r.Describe())
		}
	}
}

func TestCloneFromTemplate(t *testing.T) {
	h := newHarness(t, "vc", nil)
	tpl := h.template()

	// Full, by CloneVM_Task: a VM, powered off, in the root pool of the template's cluster.
	dst := "[LocalDS_0] t1/t1.vmx"
	h.s.ResetCalls()
	h.run("clone", tpl, dst, "full").ExpectOK(t)
	h.expectClone(dst, "t1")
	if h.s.CallCount("CloneVM_Task") != 1 {
		t.Errorf("want one CloneVM_Task, calls %v", h.s.Calls())
	}
	h.expectPlacement(dst, clusterRootPool, "/DC0/vm", "")
	if isTpl, err := h.s.IsTemplate(dst); err != nil || isTpl {
		t.Errorf("the clone is a template: %v %v", isTpl, err)
	}
	h.run("start", dst).ExpectOK(t)
	h.expectState(dst, "poweredOn")

	// Linked from the template's snapshot: child disks on the snapshot's.
	dst2 := "[LocalDS_0] t2/t2.vmx"
	h.run("clone", tpl, dst2, "linked", "-snapshot=base").ExpectOK(t)
	h.expectClone(dst2, "t2")
	h.expectPlacement(dst2, clusterRootPool, "/DC0/vm", "")
	if disks := h.disks(dst2, 2); len(disks) != 1 || len(disks[0].APIChain) != 2 {
		t.Errorf("linked clone's disks: %+v", disks)
	}
	h.run("start", dst2).ExpectOK(t)

	// The file way (a directory not named after the VM), full and linked.
	dst3 := "[LocalDS_0] from-tpl/nested/t3.vmx"
	h.run("clone", tpl, dst3, "full").ExpectOK(t)
	h.expectClone(dst3, "t3")
	h.expectPlacement(dst3, clusterRootPool, "/DC0/vm", "")
	dst4 := "[LocalDS_0] from-tpl/t4.vmx"
	h.run("clone", tpl, dst4, "linked", "-snapshot", "base").ExpectOK(t)
	h.expectClone(dst4, "t4")
	h.run("start", dst4).ExpectOK(t)

	// Linked without -snapshot: a template cannot take the snapshot; nothing is made.
	before := h.cloneState(tpl)
	h.s.ResetCalls()
	r := h.run("clone", tpl, "[LocalDS_0] t5/t5.vmx", "linked")
	r.ExpectError(t, msgTemplateLinked)
	h.expectUnchanged(before, tpl, r)
	h.expectNoTask(r)

	// Still listed, still a template.
	if isTpl, err := h.s.IsTemplate(tpl); err != nil || !isTpl {
		t.Errorf("the source is no longer a template: %v %v", isTpl, err)
	}
	list := h.run("listRegisteredVM")
	if list.Code != 0 || !strings.Contains(list.Stdout, tpl+"\n") {
		t.Errorf("listRegisteredVM lacks the template\n%s", list.Describe())
	}
}

func TestTemplateRefusesVerbs(t *testing.T) {
	h := newHarness(t, "vc", nil)
	tpl := h.template()
	before := h.cloneState(tpl)
	for _, args := range [][]string{
		{"start", tpl}, {"stop", tpl}, {"stop", tpl, "soft"}, {"reset", tpl}, {"suspend", tpl},
		{"snapshot", tpl, "s2"},
		{"writeVariable", tpl, "runtimeConfig", "k", "v"},
		{"writeVariable", tpl, "guestVar", "k", "v"},
		{"-gu", guestUser, "-gp", guestPass, "runProgramInGuest", tpl, "/bin/true"},
		{"-gu", guestUser, "-gp", guestPass, "listProcessesInGuest", tpl},
		{"-gu", guestUser, "-gp", guestPass, "CopyFileFromGuestToHost", tpl, "/etc/hostname", t.TempDir() + "/x"},
		{"captureScreen", tpl, t.TempDir() + "/s.png"},
	} {
		h.s.ResetCalls()
		r := h.run(args...)
		r.ExpectError(t, msgTemplate)
		h.expectNoTask(r)
	}
	h.expectUnchanged(before, tpl, result{})
	h.expectState(tpl, "poweredOff")
}

func TestClonePlacement(t *testing.T) {
	h := newHarness(t, "vc", nil)
	tpl := h.template()
	h.must(h.s.CreateResourcePool(clusterRootPool, "ci"))
	h.must(h.s.CreateFolder("/DC0/vm", "ci"))
	// "dup": two pools of one name, in the cluster and on the standalone host.
	h.must(h.s.CreateResourcePool(clusterRootPool, "dup"))
	h.must(h.s.CreateResourcePool("/DC0/host/DC0_H0/Resources", "dup"))

	for i, c := range []struct {
		options            []string
		pool, folder, host string
	}{
		{[]string{"-pool=" + clusterRootPool + "/ci"}, clusterRootPool + "/ci", "/DC0/vm", ""},
		{[]string{"-pool", "ci"}, clusterRootPool + "/ci", "/DC0/vm", ""},
		{[]string{"-host=DC0_C0_H1"}, clusterRootPool, "/DC0/vm", "DC0_C0_H1"},
		{[]string{"-host", "/DC0/host/DC0_C0/DC0_C0_H2"}, clusterRootPool, "/DC0/vm", "DC0_C0_H2"},
		{[]string{"-folder=/DC0/vm/ci"}, clusterRootPool, "/DC0/vm/ci", ""},
		{[]string{"-FOLDER", "ci"}, clusterRootPool, "/DC0/vm/ci", ""},
		{[]string{"-pool=ci", "-host=DC0_C0_H2", "-folder=ci"}, clusterRootPool + "/ci", "/DC0/vm/ci", "DC0_C0_H2"},
		{[]string{"-host=DC0_H0"}, "/DC0/host/DC0_H0/Resources", "/DC0/vm", "DC0_H0"},
	} {
		name := fmt.Sprintf("p%d", i)
		dst := "[LocalDS_0] " + name + "/" + name + ".vmx"
		args := append([]string{"clone", tpl, dst, "full"}, c.options...)
		h.run(args...).ExpectOK(t)
		h.expectClone(dst, name)
		h.expectPlacement(dst, c.pool, c.folder, c.host)
	}
	// The file way honours the placement too (RegisterVM_Task).
	dst := "[LocalDS_0] placed/nested/pf.vmx"
	h.run("clone", tpl, dst, "linked", "-snapshot=base", "-pool=ci", "-folder=ci").ExpectOK(t)
	h.expectClone(dst, "pf")
	h.expectPlacement(dst, clusterRootPool+"/ci", "/DC0/vm/ci", "")

	// Unknown, ambiguous and wrong-typed names: one line naming them, nothing made.
	before := h.cloneState(tpl)
	for _, c := range []struct {
		option, want string
	}{
		{"-pool=nope", "Error: Cannot find resource pool: nope"},
		{"-pool=/DC0/host/DC0_C0/Resources/nope", "Error: Cannot find resource pool: /DC0/host/DC0_C0/Resources/nope"},
		{"-pool=/DC0/vm/ci", "Error: Cannot find resource pool: /DC0/vm/ci"},
		{"-pool=Resources", msgAmbiguousResources},
		{"-pool=dup", "Error: More than one resource pool has this name, give its inventory path: dup"},
		{"-host=nope", "Error: Cannot find host: nope"},
		{"-host=/DC0/vm", "Error: Cannot find host: /DC0/vm"},
		{"-folder=nope", "Error: Cannot find folder: nope"},
		{"-folder=/DC0/vm/ci/nope", "Error: Cannot find folder: /DC0/vm/ci/nope"},
		{"-folder=/", "Error: Cannot find folder: /"},
	} {
		h.s.ResetCalls()
		r := h.run("clone", tpl, "[LocalDS_0] bad/bad.vmx", "full", c.option)
		r.ExpectError(t, c.want)
		h.expectNoTask(r)
	}
	h.expectUnchanged(before, tpl, result{})
}

func TestCloneCustomize(t *testing.T) {
	h := newHarness(t, "vc", nil)
	tpl := h.template()

	// With the clone (CloneVM_Task's spec): pending until the first power-on, then the guest is
	// named after the VM.
	for _, c := range []struct{ dst, name string }{
		{"[LocalDS_0] cust1/cust1.vmx", "cust1"},
		{"[LocalDS_0] customized/cust2.vmx", "cust2"}, // the file way: CustomizeVM_Task
	} {
		h.s.ResetCalls()
		h.run("clone", tpl, c.dst, "full", "-customize=vcsim-linux").ExpectOK(t)
		h.expectClone(c.dst, c.name)
		if pending, err := h.s.PendingCustomization(c.dst); err != nil || pending == "" {
			t.Errorf("%s: no customization pending after the clone (%q, %v); calls %v", c.dst, pending, err, h.s.Calls())
		}
		h.run("start", c.dst).ExpectOK(t)
		if got, err := h.s.GuestHostName(c.dst); err != nil || got != c.name {
			t.Errorf("%s: guest host name %q (%v), want %q", c.dst, got, err, c.name)
		}
	}
	if h.s.CallCount("CustomizeVM_Task") != 1 {
		t.Errorf("the file way: want one CustomizeVM_Task, calls %v", h.s.Calls())
	}

	// An unknown specification: refused before anything exists.
	before := h.cloneState(tpl)
	h.s.ResetCalls()
	r := h.run("clone", tpl, "[LocalDS_0] cust3/cust3.vmx", "full", "-customize", "nope")
	r.ExpectError(t, "Error: Cannot find customization specification: nope")
	h.expectNoTask(r)
	h.expectUnchanged(before, tpl, r)
}

// On a standalone ESXi host the vCenter options are refused before anything is looked up.
func TestCloneVcenterOptionsOnEsx(t *testing.T) {
	h := newHarness(t, "esx", nil)
	h.prepareClone()
	src := h.otherVMPath()
	h.must(h.s.PowerOff(src))
	before := h.cloneState(src)
	for _, option := range []string{"-pool", "-host", "-folder", "-customize"} {
		h.s.ResetCalls()
		r := h.run("clone", src, "[LocalDS_0] e/e.vmx", "full", option+"=x")
		r.ExpectError(t, msgNeedsVcenter(option))
		for _, c := range h.s.Calls() {
			if c != "RetrieveServiceContent" && c != "Login" && c != "Logout" {
				t.Errorf("%s: refused after %s; calls %v", option, c, h.s.Calls())
			}
		}
	}
	h.expectUnchanged(before, src, result{})
}

// Ten clones of one template at once through one cached session: all succeed, ten VMs more.
func TestCloneTemplateFanOut(t *testing.T) {
	h := newHarness(t, "vc", nil)
	h.sessionCache = true
	tpl := h.template()
	if r := h.run("list"); r.Code != 0 {
		t.Fatalf("the session to share: %s", r.Describe())
	}
	h.must(h.s.CreateResourcePool(clusterRootPool, "ci"))
	before := h.s.VMPaths()
	h.s.ResetCalls()
	const n = 10
	results := make([]result, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := fmt.Sprintf("[LocalDS_0] ci-%d/ci-%d.vmx", i, i)
			args := []string{"clone", tpl, dst, "full", "-pool=ci"}
			if i%2 == 1 {
				args = []string{"clone", tpl, dst, "linked", "-snapshot=base", "-pool=ci"}
			}
			results[i] = h.run(args...)
		}()
	}
	wg.Wait()
	t.Logf("%d parallel clones of a template: %v", n, time.Since(start))
	var want []string
	for i, r := range results {
		r.ExpectOK(t)
		dst := fmt.Sprintf("[LocalDS_0] ci-%d/ci-%d.vmx", i, i)
		h.expectClone(dst, fmt.Sprintf("ci-%d", i))
		h.expectPlacement(dst, clusterRootPool+"/ci", "/DC0/vm", "")
		want = append(want, dst)
	}
	want = append(want, before...)
	sort.Strings(want)
	got := h.s.VMPaths()
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("VMs after the fan-out:\n got  %v\n want %v", got, want)
	}
	if h.s.Sessions() != 1 || h.s.CallCount("Login") != 0 {
		t.Errorf("the clones used %d sessions and %d Logins, want the cached one", h.s.Sessions(), h.s.CallCount("Login"))
	}
}

// SIGINT while vCenter clones a template: the task is cancelled and nothing is left.
func TestCloneTemplateInterrupted(t *testing.T) {
	h := newHarness(t, "vc", nil)
	tpl := h.template()
	before := h.cloneState(tpl)
	held := h.s.HoldTasks("CloneVM_Task")
	h.s.ResetCalls()
	run := h.startVmrun(append(h.conn("--insecure", "--timeout=60"),
		"clone", tpl, "[LocalDS_0] cut/cut.vmx", "full", "-pool=/DC0/host/DC0_C0/Resources")...)
	r := run.signalAndWait(t, held, syscall.SIGINT)
	r.ExpectError(t, msgCancelled)
	if got := h.s.CancelledTasks(); !reflect.DeepEqual(got, []string{"CloneVM_Task"}) {
		t.Errorf("cancelled tasks %v, want [CloneVM_Task]; calls %v", got, h.s.Calls())
	}
	h.expectUnchanged(before, tpl, r)
	h.expectLoggedOut(r)
}
