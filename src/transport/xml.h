// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// libxml2 stays out of this header: XmlNode wraps an opaque pointer.
struct _xmlNode;
struct _xmlDoc;

namespace vmrun::transport {

inline constexpr const char* k_ns_soapenv = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char* k_ns_vim25 = "urn:vim25";
inline constexpr const char* k_ns_xsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr const char* k_ns_xsd = "http://www.w3.org/2001/XMLSchema";

// A managed object reference: <obj type="VirtualMachine">vm-9</obj>.
struct MoRef {
  std::string type;
  std::string value;
  bool empty() const { return value.empty(); }
  friend bool operator==(const MoRef&, const MoRef&) = default;
  friend auto operator<=>(const MoRef&, const MoRef&) = default;
};

class XmlNode;

// Builds one vim25 request body element by element, in the order the WSDL requires.
// Every text is escaped by libxml2; callers never concatenate XML.
class XmlWriter
{
public:
  // Starts <method xmlns="urn:vim25"> with its <_this> child.
  XmlWriter(std::string_view method, const MoRef& this_ref);
  ~XmlWriter();
  XmlWriter(XmlWriter&&) noexcept;
  XmlWriter& operator=(XmlWriter&&) noexcept;

  // <name>text</name>
  XmlWriter& text(std::string_view name, std::string_view value);
  // <name>true|false</name>
  XmlWriter& boolean(std::string_view name, bool value);
  // <name>decimal</name>
  XmlWriter& integer(std::string_view name, std::int64_t value);
  // <name type="Type">value</name>
  XmlWriter& moref(std::string_view name, const MoRef& ref);
  // <name xsi:type="xsd:string">value</name> and the like, for AnyType fields.
  XmlWriter& typed_text(std::string_view name, std::string_view xsi_type, std::string_view value);
  // Opens <name> (with xsi:type when given); close() ends it.
  XmlWriter& open(std::string_view name, std::string_view xsi_type = {});
  XmlWriter& close();
  // <name> holding a copy of a received element's content: its xsi:type (an XML Schema type
  // keeps its xsd: prefix, a vim25 type is written unprefixed), its `type` attribute, and its
  // children, element by element, or its text. For data read from the server and sent back
  // unchanged (a customization specification into a clone's spec).
  XmlWriter& copy(std::string_view name, const XmlNode& source);

  const std::string& method() const { return m_method; }
  // The method element alone (closing open elements), for schema checks and traces.
  std::string body() const;
  // The whole SOAP envelope to POST, with soapenv, xsi and xsd declared on the envelope.
  std::string envelope() const;

private:
  struct Impl;
  std::string m_method;
  std::unique_ptr<Impl> m_impl;
};

// A non-owning view of an element in an XmlDocument; false when absent.
class XmlNode
{
public:
  XmlNode() = default;
  explicit XmlNode(_xmlNode* node) : m_node(node) {}
  explicit operator bool() const { return m_node != nullptr; }

  // The element's local name, without prefix.
  std::string name() const;
  // The concatenated text content.
  std::string text() const;
  // The attribute's value, or "" (attributes without namespace, such as `type`).
  std::string attr(std::string_view name) const;
  // The local part of xsi:type, resolved through its namespace whatever the prefix
  // ("XMLSchema-instance:type" or "xsi:type"); "" when absent.
  std::string xsi_type() const;
  // The first element child with this local name, or an empty node.
  XmlNode child(std::string_view name) const;
  // Element children, all or only those with this local name.
  std::vector<XmlNode> children(std::string_view name = {}) const;
  // Text of the named child, or "" when absent.
  std::string child_text(std::string_view name) const;
  // Reads this element as a MoRef (type attribute + text).
  MoRef as_moref() const;

  _xmlNode* raw() const { return m_node; }

private:
  _xmlNode* m_node = nullptr;
};

// An owned, parsed XML document (parsed with no network access and no entity expansion).
class XmlDocument
{
public:
  // Parses; throws NetError(protocol) on malformed or truncated input.
  static XmlDocument parse(std::string_view text);
  XmlDocument();
  ~XmlDocument();
  XmlDocument(XmlDocument&&) noexcept;
  XmlDocument& operator=(XmlDocument&&) noexcept;

  XmlNode root() const;

private:
  friend class XmlItemStream; // hands over the document it built
  struct Free {
    void operator()(_xmlDoc* doc) const;
  };
  std::unique_ptr<_xmlDoc, Free> m_doc;
};

} // namespace vmrun::transport
