// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer: owning pointers for libxml2 objects.
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include <memory>

namespace vmrun::transport {

// One deleter, one overload per libxml2 type.
struct XmlFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
  void operator()(xmlChar* text) const { xmlFree(text); }
  void operator()(xmlBuffer* buffer) const { xmlBufferFree(buffer); }
};

template <typename T>
using XmlPtr = std::unique_ptr<T, XmlFree>;

} // namespace vmrun::transport
