// SPDX-License-Identifier: Apache-2.0

package sim

// Templates, as a real vCenter keeps them: a template belongs to no resource pool, so
// MarkAsTemplate takes the VM out of its pool's `vm` list and MarkAsVirtualMachine puts it into
// the given pool's; property collectors are told of config.template, summary.config.template
// and resourcePool. vcsim only changes the VM's own fields, silently, and leaves a template
// listed in its old pool (and a VM made of a template listed in none). A clone made as a
// template (spec.template) gets the same repair (clone_hooks.go).

import (
	"context"
	"net/http"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	registerSOAPHook("MarkAsTemplate", (*Sim).markTemplate)
	registerSOAPHook("MarkAsVirtualMachine", (*Sim).markTemplate)
}

func (s *Sim) markTemplate(w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte {
	if !s.authenticated(r) {
		return replyNotAuthenticated(w, call.This)
	}
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	if rec.status == http.StatusOK {
		s.templateChanged(call.This)
	}
	rec.flush(out)
	return out
}

// MarkAsTemplate turns a powered-off VM into a template through the API (vcsim's MarkAsTemplate,
// which refuses a VM that is not powered off with InvalidPowerState, and a template with
// NotSupported), with the repair a SOAP client gets.
func (s *Sim) MarkAsTemplate(nameOrPath string) error {
	obj, vm, err := s.vmObject(nameOrPath)
	if err != nil {
		return err
	}
	if err := obj.MarkAsTemplate(context.Background()); err != nil {
		return err
	}
	s.templateChanged(vm.Ref)
	return nil
}

// templateChanged lists the VM in its resource pool (none for a template) and no other, and
// publishes its template state.
func (s *Sim) templateChanged(ref types.ManagedObjectReference) {
	var pool *types.ManagedObjectReference
	found := false
	s.reg.WithLock(ref, func() {
		vm := s.registeredVM(ref)
		if vm == nil || vm.Config == nil {
			return
		}
		found, pool = true, vm.ResourcePool
		var val interface{} // the registry clears a property given an untyped nil
		if pool != nil {
			val = *pool
		}
		s.reg.Update(vm, []types.PropertyChange{
			{Name: "config.template", Val: vm.Config.Template},
			{Name: "summary.config.template", Val: vm.Config.Template},
			{Name: "resourcePool", Val: val},
		})
	})
	if !found {
		return
	}
	for _, e := range s.reg.All("ResourcePool") {
		rp, ok := e.(*simulator.ResourcePool)
		if !ok {
			continue
		}
		if pool != nil && rp.Self == *pool {
			s.reg.AddReference(rp, &rp.Vm, ref)
		} else {
			s.reg.RemoveReference(rp, &rp.Vm, ref)
		}
	}
}
