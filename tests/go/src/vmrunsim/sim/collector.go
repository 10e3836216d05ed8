// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"fmt"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// pagingCollector replaces the simulator's PropertyCollector singleton (registered under the same
// MoRef, which the simulator explicitly supports: Session.Get clones the singleton's type with
// reflection for each session, so every session gets its own pagingCollector and its own tokens).
// It embeds the stock collector by value, so every other method (CreateFilter, WaitForUpdatesEx,
// ...) is the stock one.
//
// What it mimics on a real ESXi host / vCenter:
//   - RetrieveProperties / RetrievePropertiesEx without a logged-in session fault the whole call
//     with NotAuthenticated (stock vcsim answers and puts a fault per property in missingSet).
//   - RetrievePropertiesEx honours options.maxObjects: at most that many objects per page, with a
//     token for ContinueRetrievePropertiesEx; CancelRetrievePropertiesEx drops a token. A real
//     server may return fewer objects than maxObjects; this one returns exactly maxObjects per page,
//     or Config.PageLimit when that is smaller (a server's own cap).
//     An unknown or used-up token faults InvalidArgument (invalidProperty "token").
//   - Unless Config.IgnoreMaxObjects: then every object comes in one reply without a token, as
//     stock vcsim 0.24 answers (a server may ignore maxObjects).
type pagingCollector struct {
	simulator.PropertyCollector

	pageMu sync.Mutex
	pages  map[string]*pendingPages
	serial int
}

type pendingPages struct {
	objects []types.ObjectContent
	max     int
}

func notAuthenticated(this types.ManagedObjectReference) *soap.Fault {
	return simulator.Fault("The session is not authenticated.", &types.NotAuthenticated{
		NoPermission: types.NoPermission{Object: this, PrivilegeId: "System.View"},
	})
}

func (pc *pagingCollector) RetrieveProperties(ctx *simulator.Context, r *types.RetrieveProperties) soap.HasFault {
	if ctx.Session == nil {
		return &methods.RetrievePropertiesBody{Fault_: notAuthenticated(r.This)}
	}
	return pc.PropertyCollector.RetrieveProperties(ctx, r)
}

func (pc *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	if ctx.Session == nil {
		return &methods.RetrievePropertiesExBody{Fault_: notAuthenticated(r.This)}
	}
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	body, ok := res.(*methods.RetrievePropertiesExBody)
	if !ok || body.Res == nil || body.Res.Returnval == nil {
		return res
	}
	max := int(r.Options.MaxObjects)
	if limit, ok := pageLimits.Load(ctx.Map); ok && (max <= 0 || max > limit.(int)) {
		max = limit.(int)
	}
	objs := body.Res.Returnval.Objects
	if _, ignore := ignoringMaxObjects.Load(ctx.Map); ignore || max <= 0 || len(objs) <= max {
		return res
	}
	rest := append([]types.ObjectContent(nil), objs[max:]...)
	body.Res.Returnval.Objects = objs[:max]
	body.Res.Returnval.Token = pc.store(rest, max)
	return body
}

// ignoringMaxObjects holds the registries (*simulator.Registry) of the Sims started with
// IgnoreMaxObjects. Not a collector field: each session gets a collector cloned from the type,
// without the singleton's fields.
var ignoringMaxObjects sync.Map

// pageLimits holds Config.PageLimit by registry, for the same reason.
var pageLimits sync.Map

func (pc *pagingCollector) store(objs []types.ObjectContent, max int) string {
	pc.pageMu.Lock()
	defer pc.pageMu.Unlock()
	if pc.pages == nil {
		pc.pages = make(map[string]*pendingPages)
	}
	pc.serial++
	token := fmt.Sprintf("vmrunsim-token-%d", pc.serial)
	pc.pages[token] = &pendingPages{objects: objs, max: max}
	return token
}

func (pc *pagingCollector) take(token string) (*pendingPages, bool) {
	pc.pageMu.Lock()
	defer pc.pageMu.Unlock()
	p, ok := pc.pages[token]
	if ok {
		delete(pc.pages, token)
	}
	return p, ok
}

func (pc *pagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := &methods.ContinueRetrievePropertiesExBody{}
	p, ok := pc.take(r.Token)
	if !ok {
		body.Fault_ = simulator.Fault("A specified parameter was not correct: token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	result := &types.RetrieveResult{}
	if len(p.objects) > p.max {
		result.Objects = p.objects[:p.max]
		result.Token = pc.store(append([]types.ObjectContent(nil), p.objects[p.max:]...), p.max)
	} else {
		result.Objects = p.objects
	}
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: *result}
	return body
}

func (pc *pagingCollector) CancelRetrievePropertiesEx(ctx *simulator.Context, r *types.CancelRetrievePropertiesEx) soap.HasFault {
	body := &methods.CancelRetrievePropertiesExBody{}
	if _, ok := pc.take(r.Token); !ok {
		body.Fault_ = simulator.Fault("A specified parameter was not correct: token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	body.Res = &types.CancelRetrievePropertiesExResponse{}
	return body
}

// installPagingCollector puts a pagingCollector under the PropertyCollector singleton's MoRef.
func installPagingCollector(reg *simulator.Registry, ref types.ManagedObjectReference) error {
	old, ok := reg.Get(ref).(*simulator.PropertyCollector)
	if !ok {
		return fmt.Errorf("property collector %s has unexpected type %T", ref, reg.Get(ref))
	}
	pc := &pagingCollector{}
	pc.PropertyCollector.PropertyCollector = old.PropertyCollector
	pc.Self = ref
	reg.Put(pc)
	return nil
}
