// SPDX-License-Identifier: Apache-2.0

// A listing reply as SoapClient::call streams it (XmlItemStream) for retrieve_each: the input's
// first byte is the size of the pieces the rest arrives in (as curl's write callback hands them
// over), each <objects> item is read as an ObjectContent (read_object_contents) the moment it is
// complete, and the rest of the reply is walked as a document.
#include "core/vsphere/properties.h"
#include "fuzz_support.h"
#include "transport/xml_stream.h"

#include <algorithm>

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  const std::size_t piece = std::max<std::size_t>(1, data[0]);
  std::string_view text = fuzz::as_text(data + 1, size - 1);

  std::size_t items = 0;
  transport::XmlItemStream stream(
    {"Envelope", "Body", "RetrievePropertiesExResponse", "returnval", "objects"},
    [&](transport::XmlNode object) {
      ++items;
      fuzz::require(object.name() == "objects", "an item is an <objects> element");
      std::vector<core::ObjectContent> read;
      try {
        core::read_object_contents(nullptr, {object}, read);
      } catch (const transport::SoapFault&) {
        return; // a missingSet that is NotAuthenticated or NoPermission
      }
      fuzz::require(read.size() == 1, "one ObjectContent an item");
      (void)read.front().text("config.files.vmPathName");
      (void)read.front().text("runtime.powerState");
    });
  try {
    for (; !text.empty(); text.remove_prefix(std::min(piece, text.size()))) {
      stream.feed(text.substr(0, piece));
    }
    const transport::XmlDocument rest = stream.finish();
    fuzz::require(static_cast<bool>(rest.root()), "a finished reply has a root element");
    fuzz::for_each_element(
      rest.root(), [](const transport::XmlNode& node) { (void)node.child_text("token"); }, 512);
  } catch (const transport::NetError& error) {
    fuzz::require(error.kind() == transport::NetErrorKind::protocol,
                  "the stream refuses with NetError(protocol) only");
  }
  fuzz::require(items == stream.items(), "every item handed over is counted");
  return 0;
}
