// SPDX-License-Identifier: Apache-2.0

#include "transport/xml.h"

#include "transport/errors.h"
#include "transport/limits.h"
#include "transport/xml_ptr.h"

#include <libxml/parser.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

namespace vmrun::transport {

namespace {

const xmlChar* to_xml(const char* text)
{
  return reinterpret_cast<const xmlChar*>(text);
}

std::string from_xml(const xmlChar* text)
{
  return text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

std::string owned_text(xmlChar* text)
{
  XmlPtr<xmlChar> owner(text);
  return from_xml(owner.get());
}

// libxml2 wants NUL-terminated names; views from callers are not.
std::string str(std::string_view view)
{
  return std::string(view);
}

std::string dump_node(xmlDoc* doc, xmlNode* node)
{
  XmlPtr<xmlBuffer> buffer(xmlBufferCreate());
  xmlNodeDump(buffer.get(), doc, node, 0, 0);
  return from_xml(xmlBufferContent(buffer.get()));
}

bool is_element(const xmlNode* node, std::string_view name)
{
  return node->type == XML_ELEMENT_NODE &&
         (name.empty() || name == reinterpret_cast<const char*>(node->name));
}

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// What parsing a reply would cost, counted in one pass before libxml2 builds anything
// (limits.h): tree nodes, attributes per element, namespace declarations in scope, depth. It
// errs on the side of counting more (a namespace declaration counts as an attribute node), and
// it refuses a DTD outright (SOAP forbids one; this also rules out entity expansion).
class ShapeCheck
{
public:
  explicit ShapeCheck(std::string_view text) : m_text(text) {}

  // False when the reply exceeds a limit or carries a DTD.
  bool within_limits()
  {
    while (m_at < m_text.size()) {
      if (m_text[m_at] != '<') {
        m_nodes += 1; // a text run
        m_at = std::min(m_text.find('<', m_at), m_text.size());
      } else if (starts_with("<!--")) {
        m_nodes += 1;
        skip_past("-->");
      } else if (starts_with("<![CDATA[")) {
        m_nodes += 1;
        skip_past("]]>");
      } else if (starts_with("<?")) {
        m_nodes += 1;
        skip_past("?>");
      } else if (starts_with("<!")) {
        return false; // <!DOCTYPE
      } else if (starts_with("</")) {
        close_element();
        skip_past(">");
      } else if (!start_tag()) {
        return false;
      }
      if (m_nodes > k_max_xml_nodes) {
        return false;
      }
    }
    return true;
  }

private:
  bool starts_with(std::string_view prefix) const
  {
    return m_text.compare(m_at, prefix.size(), prefix) == 0;
  }

  void skip_past(std::string_view end)
  {
    const auto found = m_text.find(end, m_at + 1);
    m_at = found == std::string_view::npos ? m_text.size() : found + end.size();
  }

  void close_element()
  {
    if (!m_scopes.empty()) {
      m_namespaces -= m_scopes.back();
      m_scopes.pop_back();
    }
  }

  // The attribute name before the '=' at `equals` (white space allowed around '=').
  std::string_view name_before(std::size_t tag, std::size_t equals) const
  {
    std::size_t end = equals;
    while (end > tag && is_space(m_text[end - 1])) {
      --end;
    }
    std::size_t begin = end;
    while (begin > tag && !is_space(m_text[begin - 1]) && m_text[begin - 1] != '"' &&
           m_text[begin - 1] != '\'') {
      --begin;
    }
    return m_text.substr(begin, end - begin);
  }

  // Scans the start tag at m_at up to its '>' (quoted values may hold '>').
  bool start_tag()
  {
    const std::size_t tag = m_at;
    std::size_t attributes = 0;
    std::size_t declarations = 0;
    for (++m_at; m_at < m_text.size() && m_text[m_at] != '>'; ++m_at) {
      const char c = m_text[m_at];
      if (c == '"' || c == '\'') {
        m_at = std::min(m_text.find(c, m_at + 1), m_text.size() - 1);
      } else if (c == '=') {
        ++attributes;
        const std::string_view name = name_before(tag, m_at);
        if (name == "xmlns" || name.starts_with("xmlns:")) {
          ++declarations;
        }
      }
    }
    const bool empty_element = m_at < m_text.size() && m_text[m_at - 1] == '/';
    m_at = std::min(m_at + 1, m_text.size());
    m_nodes += 1 + 2 * attributes;
    if (attributes > k_max_xml_attributes || m_namespaces + declarations > k_max_xml_namespaces) {
      return false;
    }
    if (!empty_element) {
      m_scopes.push_back(declarations);
      m_namespaces += declarations;
    }
    return m_scopes.size() <= k_max_xml_depth;
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  std::size_t m_nodes = 0;
  std::vector<std::size_t> m_scopes; // namespace declarations of each open element
  std::size_t m_namespaces = 0;      // their sum
};

// Hands libxml2 a reply in the pieces it asks for.
struct MemoryReader {
  std::string_view rest;

  static int read(void* context, char* buffer, int size)
  {
    auto* self = static_cast<MemoryReader*>(context);
    const std::size_t n = std::min(self->rest.size(), static_cast<std::size_t>(size));
    std::memcpy(buffer, self->rest.data(), n);
    self->rest.remove_prefix(n);
    return static_cast<int>(n);
  }
};

} // namespace

// ---- XmlWriter -------------------------------------------------------------------------------

// The request is kept as a whole envelope tree; `current` is the element being filled.
struct XmlWriter::Impl {
  XmlPtr<xmlDoc> doc;
  xmlNode* method = nullptr;
  xmlNode* current = nullptr;
  xmlNs* xsi = nullptr;
};

XmlWriter::XmlWriter(std::string_view method, const MoRef& this_ref)
  : m_method(method), m_impl(std::make_unique<Impl>())
{
  m_impl->doc.reset(xmlNewDoc(to_xml("1.0")));
  xmlDoc* doc = m_impl->doc.get();
  xmlNode* envelope = xmlNewDocNode(doc, nullptr, to_xml("Envelope"), nullptr);
  xmlDocSetRootElement(doc, envelope);
  xmlNs* soapenv = xmlNewNs(envelope, to_xml(k_ns_soapenv), to_xml("soapenv"));
  xmlNewNs(envelope, to_xml(k_ns_xsd), to_xml("xsd"));
  m_impl->xsi = xmlNewNs(envelope, to_xml(k_ns_xsi), to_xml("xsi"));
  xmlSetNs(envelope, soapenv);
  xmlNode* body = xmlNewChild(envelope, soapenv, to_xml("Body"), nullptr);

  m_impl->method = xmlNewChild(body, nullptr, to_xml(m_method.c_str()), nullptr);
  xmlSetNs(m_impl->method, xmlNewNs(m_impl->method, to_xml(k_ns_vim25), nullptr));
  m_impl->current = m_impl->method;
  moref("_this", this_ref);
}

XmlWriter::~XmlWriter() = default;
XmlWriter::XmlWriter(XmlWriter&&) noexcept = default;
XmlWriter& XmlWriter::operator=(XmlWriter&&) noexcept = default;

XmlWriter& XmlWriter::text(std::string_view name, std::string_view value)
{
  // Children inherit the method's default namespace (urn:vim25) by passing its ns.
  xmlNode* node = xmlNewChild(m_impl->current, m_impl->method->ns, to_xml(str(name).c_str()),
                              nullptr);
  // xmlNodeAddContentLen stores raw text; the serialiser escapes it.
  xmlNodeAddContentLen(node, reinterpret_cast<const xmlChar*>(value.data()),
                       static_cast<int>(value.size()));
  return *this;
}

XmlWriter& XmlWriter::boolean(std::string_view name, bool value)
{
  return text(name, value ? "true" : "false");
}

XmlWriter& XmlWriter::integer(std::string_view name, std::int64_t value)
{
  return text(name, std::to_string(value));
}

XmlWriter& XmlWriter::moref(std::string_view name, const MoRef& ref)
{
  text(name, ref.value);
  xmlSetProp(m_impl->current->last, to_xml("type"), to_xml(ref.type.c_str()));
  return *this;
}

XmlWriter& XmlWriter::typed_text(std::string_view name, std::string_view xsi_type,
                                 std::string_view value)
{
  text(name, value);
  xmlSetNsProp(m_impl->current->last, m_impl->xsi, to_xml("type"), to_xml(str(xsi_type).c_str()));
  return *this;
}

XmlWriter& XmlWriter::open(std::string_view name, std::string_view xsi_type)
{
  xmlNode* node = xmlNewChild(m_impl->current, m_impl->method->ns, to_xml(str(name).c_str()),
                              nullptr);
  if (!xsi_type.empty()) {
    xmlSetNsProp(node, m_impl->xsi, to_xml("type"), to_xml(str(xsi_type).c_str()));
  }
  m_impl->current = node;
  return *this;
}

XmlWriter& XmlWriter::close()
{
  // Closing more than was opened is a programming error; stay on the method element.
  if (m_impl->current != m_impl->method) {
    m_impl->current = m_impl->current->parent;
  }
  return *this;
}

namespace {

// The xsi:type to write for a received element: "xsd:<local>" when its prefix names XML Schema,
// else the local name in the vim25 namespace; "" when it has none.
std::string written_xsi_type(xmlNode* node)
{
  const std::string qname = owned_text(xmlGetNsProp(node, to_xml("type"), to_xml(k_ns_xsi)));
  const auto colon = qname.find(':');
  if (colon == std::string::npos) {
    return qname;
  }
  const xmlNs* ns = xmlSearchNs(node->doc, node, to_xml(qname.substr(0, colon).c_str()));
  const bool schema = ns && from_xml(ns->href) == k_ns_xsd;
  return (schema ? "xsd:" : "") + qname.substr(colon + 1);
}

} // namespace

XmlWriter& XmlWriter::copy(std::string_view name, const XmlNode& source)
{
  open(name, source ? written_xsi_type(source.raw()) : std::string());
  if (const std::string type = source.attr("type"); !type.empty()) {
    xmlSetProp(m_impl->current, to_xml("type"), to_xml(type.c_str()));
  }
  const auto children = source.children();
  if (children.empty()) {
    const std::string value = source.text();
    xmlNodeAddContentLen(m_impl->current, reinterpret_cast<const xmlChar*>(value.data()),
                         static_cast<int>(value.size()));
  }
  // Depth is bounded by the parser's limit on the document the source came from.
  for (const auto& child : children) {
    copy(child.name(), child);
  }
  return close();
}

std::string XmlWriter::body() const
{
  // Copy the method element into its own document: libxml2 re-declares the namespaces the
  // copy uses (xsi) on its root; xsd is added by hand because it only occurs inside values.
  XmlPtr<xmlDoc> doc(xmlNewDoc(to_xml("1.0")));
  xmlNode* copy = xmlDocCopyNode(m_impl->method, doc.get(), 1);
  xmlDocSetRootElement(doc.get(), copy);
  if (!xmlSearchNsByHref(doc.get(), copy, to_xml(k_ns_xsd))) {
    xmlNewNs(copy, to_xml(k_ns_xsd), to_xml("xsd"));
  }
  if (!xmlSearchNsByHref(doc.get(), copy, to_xml(k_ns_xsi))) {
    xmlNewNs(copy, to_xml(k_ns_xsi), to_xml("xsi"));
  }
  return dump_node(doc.get(), copy);
}

std::string XmlWriter::envelope() const
{
  xmlChar* memory = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(m_impl->doc.get(), &memory, &size, "UTF-8", 0);
  XmlPtr<xmlChar> owner(memory);
  return std::string(reinterpret_cast<const char*>(memory), static_cast<std::size_t>(size));
}

// ---- XmlNode ---------------------------------------------------------------------------------

std::string XmlNode::name() const
{
  return m_node ? from_xml(m_node->name) : std::string();
}

std::string XmlNode::text() const
{
  return m_node ? owned_text(xmlNodeGetContent(m_node)) : std::string();
}

std::string XmlNode::attr(std::string_view name) const
{
  return m_node ? owned_text(xmlGetNoNsProp(m_node, to_xml(str(name).c_str()))) : std::string();
}

std::string XmlNode::xsi_type() const
{
  if (!m_node) {
    return {};
  }
  // By namespace URI: vcsim writes XMLSchema-instance:type, real servers xsi:type.
  std::string qname = owned_text(xmlGetNsProp(m_node, to_xml("type"), to_xml(k_ns_xsi)));
  auto colon = qname.find(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

XmlNode XmlNode::child(std::string_view name) const
{
  for (xmlNode* node = m_node ? m_node->children : nullptr; node; node = node->next) {
    if (is_element(node, name)) {
      return XmlNode(node);
    }
  }
  return {};
}

std::vector<XmlNode> XmlNode::children(std::string_view name) const
{
  std::vector<XmlNode> result;
  for (xmlNode* node = m_node ? m_node->children : nullptr; node; node = node->next) {
    if (is_element(node, name)) {
      result.emplace_back(node);
    }
  }
  return result;
}

std::string XmlNode::child_text(std::string_view name) const
{
  return child(name).text();
}

MoRef XmlNode::as_moref() const
{
  return MoRef{attr("type"), text()};
}

// ---- XmlDocument -----------------------------------------------------------------------------

void XmlDocument::Free::operator()(_xmlDoc* doc) const
{
  xmlFreeDoc(doc);
}

XmlDocument::XmlDocument() = default;
XmlDocument::~XmlDocument() = default;
XmlDocument::XmlDocument(XmlDocument&&) noexcept = default;
XmlDocument& XmlDocument::operator=(XmlDocument&&) noexcept = default;

XmlDocument XmlDocument::parse(std::string_view text)
{
  if (text.empty() || text.size() > static_cast<std::size_t>(INT_MAX)) {
    throw NetError(NetErrorKind::protocol, "The reply is not XML");
  }
  if (!ShapeCheck(text).within_limits()) {
    throw NetError(NetErrorKind::protocol, "The reply exceeds the parser's limits");
  }
  // NONET: never fetch anything; no NOENT: entities are not substituted; errors stay quiet
  // because the caller reports them.
  constexpr int k_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  XmlDocument result;
  // Read through a callback rather than xmlReadMemory, which first copies the whole reply.
  // Always as UTF-8 (what vSphere sends): left to itself, libxml2 would also read UTF-16 or
  // EBCDIC, whose markup the shape check above cannot see, and so escape its limits. A UTF-8
  // byte order mark is skipped here, as libxml2 only skips it when it detects the encoding.
  constexpr std::string_view k_utf8_bom = "\xef\xbb\xbf";
  MemoryReader reader{text.starts_with(k_utf8_bom) ? text.substr(k_utf8_bom.size()) : text};
  result.m_doc.reset(
    xmlReadIO(&MemoryReader::read, nullptr, &reader, "reply.xml", "UTF-8", k_options));
  if (!result.m_doc || !xmlDocGetRootElement(result.m_doc.get())) {
    throw NetError(NetErrorKind::protocol, "The reply is not well-formed XML");
  }
  // SOAP forbids a DTD; refusing one also rules out entity expansion attacks.
  if (result.m_doc->intSubset || result.m_doc->extSubset) {
    throw NetError(NetErrorKind::protocol, "The reply carries a DTD");
  }
  return result;
}

XmlNode XmlDocument::root() const
{
  return XmlNode(m_doc ? xmlDocGetRootElement(m_doc.get()) : nullptr);
}

} // namespace vmrun::transport
