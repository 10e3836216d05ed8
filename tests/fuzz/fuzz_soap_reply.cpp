// SPDX-License-Identifier: Apache-2.0

// A SOAP reply body as SoapClient::call reads it (XmlDocument::parse), every element read
// through XmlNode, every element taken as a fault (parse_fault, parse_localized_fault) and as
// vmrun's error text for it (core::error_from_fault), and the body taken as
// vimServiceVersions.xml (choose_vim_version). SoapClient::call itself needs an HTTP exchange;
// these are the public functions it parses with.
#include "core/errors/faults.h"
#include "fuzz_support.h"
#include "transport/soap_client.h"

using namespace vmrun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const std::string version = transport::choose_vim_version(text);
  fuzz::require(version.empty() || version.find_first_not_of("0123456789.") == std::string::npos,
                "choose_vim_version returns a numeric version or nothing");

  const auto doc = fuzz::parse_xml(text);
  if (!doc) {
    return 0;
  }
  fuzz::require(static_cast<bool>(doc->root()), "a parsed document has a root element");
  fuzz::for_each_element(
    doc->root(),
    [](const transport::XmlNode& node) {
      (void)node.name();
      (void)node.attr("type");
      (void)node.as_moref();
      (void)node.child_text("faultstring");
      const transport::SoapFault fault = transport::parse_fault(node,
                                                                node.child_text("faultstring"));
      (void)fault.field("existingState");
      (void)core::error_from_fault(fault, "[datastore1] vm/vm.vmx");
      const transport::SoapFault localized = transport::parse_localized_fault(node);
      (void)core::error_from_fault(localized, "");
    },
    512);
  return 0;
}
