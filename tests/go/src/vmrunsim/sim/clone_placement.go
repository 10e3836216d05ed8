// SPDX-License-Identifier: Apache-2.0

package sim

// Where a clone runs, as a real vCenter places it; vcsim puts every clone on its source's host,
// whatever spec.location says, so a clone into another cluster's pool would run on a host
// outside that cluster.
//
//   - spec.location.host names the clone's host. A host that does not serve the target pool
//     (outside its cluster, or another standalone host) fails the task with InvalidArgument
//     and no clone is made.
//   - Without it the clone stays on the source's host when that host serves the target pool;
//     otherwise DRS places it on a host of the pool's cluster: here the host running the fewest
//     VMs (the first of those in the cluster's list, so that tests know which).
//
// Not modelled: a cluster without DRS, where a real vCenter wants the host named.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// cloneHost is the host the clone must run on when it is not the one vcsim gives it (the
// source's), else nil; or the fault that refuses the clone.
func (s *Sim) cloneHost(source types.ManagedObjectReference, loc *types.VirtualMachineRelocateSpec) (*types.ManagedObjectReference, string, types.BaseMethodFault) {
	var current, pool *types.ManagedObjectReference
	s.reg.WithLock(source, func() {
		if vm := s.registeredVM(source); vm != nil {
			current, pool = vm.Runtime.Host, vm.ResourcePool
		}
	})
	if loc.Pool != nil {
		pool = loc.Pool
	}
	if pool == nil {
		return nil, "", nil // vcsim refuses a template's clone without a pool, as vCenter does
	}
	hosts := s.poolHosts(*pool)
	if len(hosts) == 0 {
		return nil, "", nil
	}
	if loc.Host != nil {
		if !hasRef(hosts, *loc.Host) {
			return nil, "A specified parameter was not correct: spec.location.host",
				&types.InvalidArgument{InvalidProperty: "spec.location.host"}
		}
		h := *loc.Host
		return &h, "", nil
	}
	if current != nil && hasRef(hosts, *current) {
		return nil, "", nil
	}
	h := s.leastLoaded(hosts)
	return &h, "", nil
}

// poolHosts lists the hosts of the cluster or standalone host a resource pool belongs to.
func (s *Sim) poolHosts(pool types.ManagedObjectReference) []types.ManagedObjectReference {
	rp, ok := s.reg.Get(pool).(*simulator.ResourcePool)
	if !ok {
		return nil
	}
	var hosts []types.ManagedObjectReference
	s.reg.WithLock(rp.Owner, func() {
		switch cr := s.reg.Get(rp.Owner).(type) {
		case *simulator.ClusterComputeResource:
			hosts = append(hosts, cr.Host...)
		case *mo.ComputeResource:
			hosts = append(hosts, cr.Host...)
		}
	})
	return hosts
}

// leastLoaded is the first of the hosts that run the fewest VMs.
func (s *Sim) leastLoaded(hosts []types.ManagedObjectReference) types.ManagedObjectReference {
	best, fewest := hosts[0], -1
	for _, ref := range hosts {
		h, ok := s.reg.Get(ref).(*simulator.HostSystem)
		if !ok {
			continue
		}
		n := 0
		s.reg.WithLock(h, func() { n = len(h.Vm) })
		if fewest < 0 || n < fewest {
			best, fewest = ref, n
		}
	}
	return best
}

// moveToHost makes the VM run on host: runtime.host, the hosts' vm lists and the environment
// browser of the host's cluster or standalone host.
func (s *Sim) moveToHost(vm, host types.ManagedObjectReference) {
	var old *types.ManagedObjectReference
	browser := s.environmentBrowser(host)
	s.reg.WithLock(vm, func() {
		v := s.registeredVM(vm)
		if v == nil {
			return
		}
		old = v.Runtime.Host
		h := host
		v.Runtime.Host, v.Summary.Runtime.Host = &h, &h
		if browser != nil {
			v.EnvironmentBrowser = *browser
		}
		s.reg.Update(v, []types.PropertyChange{
			{Name: "runtime.host", Val: host},
			{Name: "summary.runtime.host", Val: host},
		})
	})
	if old != nil {
		if h, ok := s.reg.Get(*old).(*simulator.HostSystem); ok {
			s.reg.RemoveReference(h, &h.Vm, vm)
		}
	}
	if h, ok := s.reg.Get(host).(*simulator.HostSystem); ok {
		s.reg.AddReference(h, &h.Vm, vm)
	}
}

// environmentBrowser is the environment browser of the host's cluster or standalone host.
func (s *Sim) environmentBrowser(host types.ManagedObjectReference) *types.ManagedObjectReference {
	h, ok := s.reg.Get(host).(*simulator.HostSystem)
	if !ok || h.Parent == nil {
		return nil
	}
	switch cr := s.reg.Get(*h.Parent).(type) {
	case *simulator.ClusterComputeResource:
		return cr.EnvironmentBrowser
	case *mo.ComputeResource:
		return cr.EnvironmentBrowser
	}
	return nil
}

func hasRef(refs []types.ManagedObjectReference, ref types.ManagedObjectReference) bool {
	for _, r := range refs {
		if r == ref {
			return true
		}
	}
	return false
}
