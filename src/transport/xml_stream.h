// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/xml.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::transport {

// Reads a reply as its bytes arrive and hands over, one at a time, the elements at a given
// path (e.g. Envelope/Body/RetrievePropertiesExResponse/returnval/objects), each as soon as it
// is complete; the element is freed when `each` returns, so memory stays bounded by one item,
// not by the reply (docs/behaviour.md#limits). Everything else becomes the document finish()
// returns. The limits of XmlDocument::parse hold for what is held at once; the reply as a whole
// has the streamed totals of limits.h.
class XmlItemStream
{
public:
  using Each = std::function<void(XmlNode)>;

  // `path`: local names from the root element down to the items (at least two). `each` may
  // throw: the stream stops and feed() or finish() rethrows it.
  XmlItemStream(std::vector<std::string> path, Each each);
  ~XmlItemStream();
  XmlItemStream(const XmlItemStream&) = delete;
  XmlItemStream& operator=(const XmlItemStream&) = delete;

  // The next bytes of the reply. Throws NetError(protocol) on malformed input or past a limit.
  void feed(std::string_view chunk);
  // The end of the reply: throws as feed() does, also on a truncated reply; returns the
  // document without the items.
  XmlDocument finish();

  // Tree nodes (elements, attributes, text runs) held at once, at most, so far.
  std::size_t peak_nodes() const;
  // Bytes of text and attribute values held at once, at most, so far.
  std::size_t peak_text_bytes() const;
  // Items handed over so far.
  std::size_t items() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace vmrun::transport
