// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/session.h"

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace vmrun::core {

using transport::XmlNode;

// Which properties to read of which managed object type (PropertySpec).
struct PropertySpec {
  std::string type;
  std::vector<std::string> paths;
};

// A named traversal step (TraversalSpec); `select` names further steps to follow.
struct Traversal {
  std::string name;
  std::string type;
  std::string path;
  std::vector<std::string> select;
};

// Where to start: an object, whether to skip it, and every traversal step of the walk (ObjectSpec).
// All steps are listed here by name; the server follows those whose type matches.
struct ObjectSpec {
  MoRef obj;
  bool skip = false;
  std::vector<Traversal> traversals;
};

struct FilterSpec {
  std::vector<PropertySpec> props;
  ObjectSpec objects;
};

// One object's retrieved properties. The nodes live as long as the object (it shares the reply).
struct ObjectContent {
  MoRef obj;
  std::map<std::string, XmlNode> props;
  std::shared_ptr<const transport::SoapResponse> owner;

  // The property's node, or an empty node when the server did not return it.
  XmlNode prop(const std::string& path) const;
  // The property's text, or "" when absent.
  std::string text(const std::string& path) const;
};

// Appends a PropertyFilterSpec element named `element` in WSDL order.
void write_filter_spec(transport::XmlWriter& writer, std::string_view element,
                       const FilterSpec& spec);
// The same with several starting objects (a PropertyFilterSpec holds a list of objectSet).
void write_filter_spec(transport::XmlWriter& writer, std::string_view element,
                       std::span<const PropertySpec> props, std::span<const ObjectSpec> objects);

// Reads ObjectContent elements (RetrieveProperties' returnvals, RetrievePropertiesEx's objects)
// into `out`; `owner` is the reply they belong to and keeps their nodes alive. Throws the
// missingSet fault when it is NotAuthenticated or NoPermission (other missing properties are
// unset values).
void read_object_contents(const std::shared_ptr<const transport::SoapResponse>& owner,
                          const std::vector<XmlNode>& nodes, std::vector<ObjectContent>& out);

// RetrieveProperties: one round trip, for small bounded sets (one VM, the datacenters).
std::vector<ObjectContent> retrieve(Session& session, const FilterSpec& spec);
// The same with several starting objects, still one round trip.
std::vector<ObjectContent> retrieve(Session& session, std::span<const PropertySpec> props,
                                    std::span<const ObjectSpec> objects);

// RetrievePropertiesEx + ContinueRetrievePropertiesEx: pages through unbounded sets, telling
// `each` every object as its reply streams in (docs/behaviour.md#limits). Memory stays bounded
// by one object, whether the server pages or answers everything at once: an object's nodes are
// freed when `each` returns (its `owner` is empty), so `each` must copy out what it keeps.
// What `each` throws comes out once the reply has been read.
void retrieve_each(Session& session, const FilterSpec& spec,
                   const std::function<void(const ObjectContent&)>& each);

// The properties of one object (RetrieveProperties); throws if the object is gone.
ObjectContent retrieve_object(Session& session, const MoRef& obj,
                              const std::vector<std::string>& paths);

} // namespace vmrun::core
