// SPDX-License-Identifier: Apache-2.0

package sim

// Datastore file URLs (/folder/<path>?dcPath=<dc>&dsName=<ds>) name the datacenter by its
// inventory path ("F0/DC0" for a datacenter in folder F0), as a real host resolves dcPath. vcsim's
// handler also finds a nested datacenter by its bare name; a real vCenter does not, so such a
// request gets the 404 a real one answers.

import (
	"net/http"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
)

// inventoryPath is an entity's path below the root folder, from the registry.
func (s *Sim) inventoryPath(e mo.Entity) string {
	root := s.client.ServiceContent.RootFolder
	names := []string{e.Entity().Name}
	for parent := e.Entity().Parent; parent != nil && *parent != root; {
		folder, ok := s.reg.Get(*parent).(*simulator.Folder)
		if !ok {
			break
		}
		names = append([]string{folder.Name}, names...)
		parent = folder.Parent
	}
	return strings.Join(names, "/")
}

// dcPathKnown: an empty dcPath (ESXi's default datacenter) or one naming a datacenter's path.
func (s *Sim) dcPathKnown(dcPath string) bool {
	if dcPath == "" {
		return true
	}
	for _, dc := range s.reg.All("Datacenter") {
		if s.inventoryPath(dc) == dcPath {
			return true
		}
	}
	return false
}

// checkDcPath answers 404 for a datastore URL whose dcPath is not a datacenter's inventory path;
// false when it did.
func (s *Sim) checkDcPath(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/folder/") || s.dcPathKnown(r.URL.Query().Get("dcPath")) {
		return true
	}
	http.Error(w, "datacenter not found: "+r.URL.Query().Get("dcPath"), http.StatusNotFound)
	return false
}
