// SPDX-License-Identifier: Apache-2.0

#include "transport/xml_stream.h"

#include "transport/errors.h"
#include "transport/limits.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <exception>

namespace vmrun::transport {

namespace {

// What libxml2 itself would spend quadratic time on before any handler sees it: the attributes
// (namespace declarations included) of one start tag, and a DTD. Counted on the raw bytes as
// they arrive, before libxml2 reads them. The scan may take a comment or a CDATA section to end
// at its first '>' and then read on as content: it may count more than libxml2 reads, never
// less, since libxml2 starts a tag only from content, where the scan is then too.
class TagScan
{
public:
  // False when a start tag has too many attributes or the reply carries a declaration (DTD).
  bool feed(std::string_view chunk)
  {
    for (const char c : chunk) {
      if (!step(c)) {
        return false;
      }
    }
    return true;
  }

private:
  enum class State { content, open, bang, tag, quoted, other };

  bool step(char c)
  {
    switch (m_state) {
    case State::content: m_state = c == '<' ? State::open : State::content; return true;
    case State::open:
      if (c == '!') {
        m_state = State::bang;
      } else if (c == '?' || c == '/') {
        m_state = State::other;
      } else {
        m_state = State::tag;
        m_attributes = 0;
        return step(c);
      }
      return true;
    case State::bang: // a comment or CDATA; anything else (<!DOCTYPE, <!ENTITY) is refused
      m_state = State::other;
      return c == '-' || c == '[';
    case State::other: m_state = c == '>' ? State::content : State::other; return true;
    case State::tag:
      if (c == '"' || c == '\'') {
        m_quote = c;
        m_state = State::quoted;
      } else if (c == '>') {
        m_state = State::content;
      } else if (c == '=') {
        return ++m_attributes <= k_max_xml_attributes;
      }
      return true;
    case State::quoted: m_state = c == m_quote ? State::tag : State::quoted; return true;
    }
    return true;
  }

  State m_state = State::content;
  char m_quote = 0;
  std::size_t m_attributes = 0;
};

bool is_blank(const xmlChar* text, int length)
{
  return std::all_of(text, text + length,
                     [](xmlChar c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

constexpr std::string_view k_utf8_bom = "\xef\xbb\xbf";

} // namespace

struct XmlItemStream::Impl {
  Impl(std::vector<std::string> item_path, Each item_each)
    : path(std::move(item_path)), each(std::move(item_each))
  {
    xmlSAXVersion(&sax, 2);
    sax.startElementNs = &Impl::on_start;
    sax.endElementNs = &Impl::on_end;
    sax.characters = &Impl::on_text;
    sax.ignorableWhitespace = &Impl::on_text;
    sax.cdataBlock = &Impl::on_cdata;
    sax.comment = &Impl::on_comment;
    sax.processingInstruction = &Impl::on_pi;
    sax.internalSubset = &Impl::on_dtd;
    sax.externalSubset = &Impl::on_dtd;
    sax.entityDecl = nullptr;
    sax.warning = nullptr;
    sax.error = nullptr;
    sax.fatalError = nullptr;
    sax.serror = [](void*, xmlErrorPtr) {}; // the caller reports errors, libxml2 prints none
    ctxt = xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, "reply.xml");
    if (!ctxt) {
      throw NetError(NetErrorKind::io, "Out of memory");
    }
    ctxt->_private = this;
    // As XmlDocument::parse: no network, no entity substitution, quiet, and always UTF-8 (the
    // tag scan reads bytes; another encoding would hide the markup from it).
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                              XML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  }

  ~Impl()
  {
    if (ctxt) {
      xmlFreeDoc(ctxt->myDoc);
      ctxt->myDoc = nullptr;
      xmlFreeParserCtxt(ctxt);
    }
  }

  static Impl& of(void* context)
  {
    return *static_cast<Impl*>(static_cast<xmlParserCtxtPtr>(context)->_private);
  }

  // Stops the parser at a limit; feed() reports it.
  void refuse()
  {
    refused = true;
    xmlStopParser(ctxt);
  }

  // Counts what a handler is about to add to the tree; false (and the parser stopped) past a
  // limit.
  bool hold(std::size_t nodes, std::size_t text_bytes)
  {
    held_nodes += nodes;
    held_bytes += text_bytes;
    total_nodes += nodes;
    peak_nodes = std::max(peak_nodes, held_nodes);
    peak_bytes = std::max(peak_bytes, held_bytes);
    if (held_nodes > k_max_xml_nodes || held_bytes > k_max_reply_bytes ||
        total_nodes > k_max_streamed_xml_nodes) {
      refuse();
      return false;
    }
    return true;
  }

  // The element now open is an item when it sits at the path's depth under the path's names.
  bool at_item() const
  {
    if (depth != path.size()) {
      return false;
    }
    const xmlNode* node = ctxt->node;
    for (auto name = path.rbegin(); name != path.rend(); ++name, node = node->parent) {
      if (!node || node->type != XML_ELEMENT_NODE ||
          *name != reinterpret_cast<const char*>(node->name)) {
        return false;
      }
    }
    return true;
  }

  static void on_start(void* context, const xmlChar* name, const xmlChar* prefix,
                       const xmlChar* uri, int namespaces, const xmlChar** declarations,
                       int attributes, int defaulted, const xmlChar** values)
  {
    Impl& self = of(context);
    const auto declared = static_cast<std::size_t>(namespaces);
    const auto count = static_cast<std::size_t>(attributes);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
      bytes += static_cast<std::size_t>(values[i * 5 + 4] - values[i * 5 + 3]);
    }
    self.scopes.push_back(declared);
    self.in_scope += declared;
    ++self.depth;
    self.in_text = false;
    if (self.depth > k_max_xml_depth || self.in_scope > k_max_xml_namespaces ||
        count + declared > k_max_xml_attributes || !self.hold(1 + 2 * (count + declared), bytes)) {
      self.refuse();
      return;
    }
    xmlSAX2StartElementNs(context, name, prefix, uri, namespaces, declarations, attributes,
                          defaulted, values);
    if (!self.item && self.at_item()) {
      self.item = self.ctxt->node;
      self.nodes_before_item = self.held_nodes - (1 + 2 * (count + declared));
      self.bytes_before_item = self.held_bytes - bytes;
    }
  }

  static void on_end(void* context, const xmlChar* name, const xmlChar* prefix, const xmlChar* uri)
  {
    Impl& self = of(context);
    xmlNode* ended = self.ctxt->node;
    xmlSAX2EndElementNs(context, name, prefix, uri);
    --self.depth;
    self.in_scope -= self.scopes.back();
    self.scopes.pop_back();
    self.in_text = false;
    if (ended && ended == self.item) {
      self.hand_over(ended);
    }
  }

  void hand_over(xmlNode* node)
  {
    try {
      ++handed;
      each(XmlNode(node));
    } catch (...) {
      error = std::current_exception();
      xmlStopParser(ctxt);
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
    item = nullptr;
    held_nodes = nodes_before_item;
    held_bytes = bytes_before_item;
  }

  // Text between items is dropped when blank and refused otherwise: the items' parent then has
  // only element children, so libxml2 never appends text to a node it kept from before an
  // item that is gone (it tracks the last text node's length across elements).
  bool between_items() const { return !item && depth + 1 == path.size(); }

  bool text_allowed(const xmlChar* text, int length)
  {
    if (!between_items()) {
      return true;
    }
    if (!is_blank(text, length)) {
      refuse();
    }
    return false;
  }

  static void on_text(void* context, const xmlChar* text, int length)
  {
    Impl& self = of(context);
    if (!self.text_allowed(text, length) ||
        !self.hold(self.in_text ? 0 : 1, static_cast<std::size_t>(length))) {
      return;
    }
    self.in_text = true;
    xmlSAX2Characters(context, text, length);
  }

  static void on_cdata(void* context, const xmlChar* text, int length)
  {
    Impl& self = of(context);
    if (!self.text_allowed(text, length) || !self.hold(1, static_cast<std::size_t>(length))) {
      return;
    }
    self.in_text = false;
    xmlSAX2CDataBlock(context, text, length);
  }

  static void on_comment(void* context, const xmlChar* text)
  {
    Impl& self = of(context);
    self.in_text = false;
    if (self.hold(1, std::strlen(reinterpret_cast<const char*>(text)))) {
      xmlSAX2Comment(context, text);
    }
  }

  static void on_pi(void* context, const xmlChar* target, const xmlChar* data)
  {
    Impl& self = of(context);
    self.in_text = false;
    if (self.hold(1, data ? std::strlen(reinterpret_cast<const char*>(data)) : 0)) {
      xmlSAX2ProcessingInstruction(context, target, data);
    }
  }

  // SOAP forbids a DTD; the tag scan refuses one first, this in case it did not.
  static void on_dtd(void* context, const xmlChar*, const xmlChar*, const xmlChar*)
  {
    of(context).refuse();
  }

  void push(std::string_view bytes, bool last)
  {
    if (!scan.feed(bytes)) {
      refused = true;
    }
    received += bytes.size();
    if (received > k_max_streamed_reply_bytes) {
      refused = true;
    }
    while (!refused && !error && (!bytes.empty() || last)) {
      const std::size_t n = std::min(bytes.size(), static_cast<std::size_t>(INT_MAX));
      xmlParseChunk(ctxt, bytes.data(), static_cast<int>(n), last ? 1 : 0);
      bytes.remove_prefix(n);
      if (last || ctxt->disableSAX || !ctxt->wellFormed) {
        break;
      }
    }
    check();
  }

  void check() const
  {
    if (error) {
      std::rethrow_exception(error);
    }
    if (refused) {
      throw NetError(NetErrorKind::protocol, "The reply exceeds the parser's limits");
    }
    if (!ctxt->wellFormed) {
      throw NetError(NetErrorKind::protocol, "The reply is not well-formed XML");
    }
  }

  xmlSAXHandler sax{};
  xmlParserCtxtPtr ctxt = nullptr;
  std::vector<std::string> path;
  Each each;
  TagScan scan;
  std::string head; // the first bytes, until a byte order mark can be told
  bool started = false;

  std::size_t received = 0;
  std::size_t held_nodes = 0;
  std::size_t held_bytes = 0;
  std::size_t total_nodes = 0;
  std::size_t peak_nodes = 0;
  std::size_t peak_bytes = 0;
  std::size_t handed = 0;
  std::size_t depth = 0;
  std::vector<std::size_t> scopes; // namespace declarations of each open element
  std::size_t in_scope = 0;
  bool in_text = false; // the last thing added was text: more text joins its node

  xmlNode* item = nullptr; // the item being read
  std::size_t nodes_before_item = 0;
  std::size_t bytes_before_item = 0;

  bool refused = false;
  std::exception_ptr error;
};

XmlItemStream::XmlItemStream(std::vector<std::string> path, Each each)
  : m_impl(std::make_unique<Impl>(std::move(path), std::move(each)))
{
}

XmlItemStream::~XmlItemStream() = default;

void XmlItemStream::feed(std::string_view chunk)
{
  Impl& impl = *m_impl;
  impl.check();
  if (!impl.started) {
    // libxml2 skips a UTF-8 byte order mark only when it detects the encoding itself.
    const std::size_t wanted = k_utf8_bom.size() - impl.head.size();
    impl.head.append(chunk.substr(0, wanted));
    chunk.remove_prefix(std::min(wanted, chunk.size()));
    if (impl.head.size() < k_utf8_bom.size()) {
      return;
    }
    impl.started = true;
    if (impl.head != k_utf8_bom) {
      impl.push(impl.head, false);
    }
  }
  if (!chunk.empty()) {
    impl.push(chunk, false);
  }
}

XmlDocument XmlItemStream::finish()
{
  Impl& impl = *m_impl;
  impl.check();
  if (!impl.started) {
    impl.started = true;
    impl.push(impl.head, false);
  }
  if (impl.received == 0) {
    throw NetError(NetErrorKind::protocol, "The reply is not XML");
  }
  impl.push({}, true);
  XmlDocument result;
  result.m_doc.reset(impl.ctxt->myDoc);
  impl.ctxt->myDoc = nullptr;
  if (!result.root()) {
    throw NetError(NetErrorKind::protocol, "The reply is not well-formed XML");
  }
  return result;
}

std::size_t XmlItemStream::peak_nodes() const
{
  return m_impl->peak_nodes;
}

std::size_t XmlItemStream::peak_text_bytes() const
{
  return m_impl->peak_bytes;
}

std::size_t XmlItemStream::items() const
{
  return m_impl->handed;
}

} // namespace vmrun::transport
