// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/properties.h"

#include "transport/soap_client.h"

#include <exception>
#include <optional>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;

namespace {

// Objects asked for per RetrievePropertiesEx page. Pages are streamed (held one object at a
// time), so the size costs no memory here: a large page saves round trips (50,000 VMs in 5 calls,
// not 50). A server may return fewer, as vCenter does past a limit of its own.
constexpr int k_page_size = 10000;

void write_traversal(XmlWriter& w, const Traversal& t)
{
  w.open("selectSet", "TraversalSpec").text("name", t.name).text("type", t.type);
  w.text("path", t.path).boolean("skip", false);
  for (const auto& next : t.select) {
    w.open("selectSet", "SelectionSpec").text("name", next).close();
  }
  w.close();
}

void read_missing(const XmlNode& object)
{
  for (const XmlNode& missing : object.children("missingSet")) {
    SoapFault parsed = transport::parse_localized_fault(missing.child("fault"));
    // A missing property is normal (unset value); a missing session or right is not.
    if (parsed.type() == "NotAuthenticated" || parsed.type() == "NoPermission") {
      throw parsed;
    }
  }
}

} // namespace

void read_object_contents(const std::shared_ptr<const transport::SoapResponse>& owner,
                          const std::vector<XmlNode>& nodes, std::vector<ObjectContent>& out)
{
  for (const XmlNode& node : nodes) {
    read_missing(node);
    ObjectContent content;
    content.obj = node.child("obj").as_moref();
    content.owner = owner;
    for (const XmlNode& prop : node.children("propSet")) {
      content.props.emplace(prop.child_text("name"), prop.child("val"));
    }
    out.push_back(std::move(content));
  }
}

XmlNode ObjectContent::prop(const std::string& path) const
{
  auto it = props.find(path);
  return it == props.end() ? XmlNode() : it->second;
}

std::string ObjectContent::text(const std::string& path) const
{
  const XmlNode node = prop(path);
  return node ? node.text() : std::string();
}

void write_filter_spec(XmlWriter& w, std::string_view element, std::span<const PropertySpec> props,
                       std::span<const ObjectSpec> objects)
{
  w.open(element);
  for (const auto& p : props) {
    w.open("propSet").text("type", p.type);
    for (const auto& path : p.paths) {
      w.text("pathSet", path);
    }
    w.close();
  }
  for (const auto& o : objects) {
    w.open("objectSet").moref("obj", o.obj).boolean("skip", o.skip);
    for (const auto& t : o.traversals) {
      write_traversal(w, t);
    }
    w.close();
  }
  w.close();
}

void write_filter_spec(XmlWriter& w, std::string_view element, const FilterSpec& spec)
{
  write_filter_spec(w, element, spec.props, std::span(&spec.objects, 1));
}

std::vector<ObjectContent> retrieve(Session& session, std::span<const PropertySpec> props,
                                    std::span<const ObjectSpec> objects)
{
  XmlWriter w("RetrieveProperties", session.service().property_collector);
  write_filter_spec(w, "specSet", props, objects);
  auto reply = std::make_shared<const transport::SoapResponse>(session.call(w));
  std::vector<ObjectContent> out;
  read_object_contents(reply, reply->returnvals(), out);
  return out;
}

std::vector<ObjectContent> retrieve(Session& session, const FilterSpec& spec)
{
  return retrieve(session, spec.props, std::span(&spec.objects, 1));
}

void retrieve_each(Session& session, const FilterSpec& spec,
                   const std::function<void(const ObjectContent&)>& each)
{
  // Each object is told as it arrives (a server that ignores maxObjects sends all in one reply).
  // What `each` or a missingSet throws waits for the end of the reply: the transport would
  // report it as a broken reply, and the session would take a fault for one to retry.
  std::exception_ptr failure;
  const transport::ReplyItems objects{"objects", [&](const XmlNode& node) {
                                        if (failure) {
                                          return;
                                        }
                                        try {
                                          std::vector<ObjectContent> one;
                                          read_object_contents(nullptr, {node}, one);
                                          each(one.front());
                                        } catch (...) {
                                          failure = std::current_exception();
                                        }
                                      }};
  const MoRef& pc = session.service().property_collector;
  XmlWriter w("RetrievePropertiesEx", pc);
  write_filter_spec(w, "specSet", spec);
  w.open("options").integer("maxObjects", k_page_size).close();
  std::optional<transport::SoapResponse> reply(session.call(w, &objects));
  for (;;) {
    if (failure) {
      std::rethrow_exception(failure);
    }
    const std::string token = reply->returnval().child_text("token");
    if (token.empty()) {
      return;
    }
    reply.reset(); // this page's rest goes before the next one arrives
    XmlWriter next("ContinueRetrievePropertiesEx", pc);
    next.text("token", token);
    reply.emplace(session.call(next, &objects));
  }
}

ObjectContent retrieve_object(Session& session, const MoRef& obj,
                              const std::vector<std::string>& paths)
{
  FilterSpec spec{{{obj.type, paths}}, {obj, false, {}}};
  auto objects = retrieve(session, spec);
  if (objects.empty()) {
    throw SoapFault("ManagedObjectNotFound", "", {});
  }
  return std::move(objects.front());
}

} // namespace vmrun::core
