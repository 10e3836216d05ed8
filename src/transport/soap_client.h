// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/errors.h"
#include "transport/http_client.h"
#include "transport/xml.h"

#include <functional>
#include <string>
#include <vector>

namespace vmrun::transport {

// A parsed SOAP reply: owns the document, exposes the <MethodResponse> element.
class SoapResponse
{
public:
  SoapResponse(XmlDocument doc, XmlNode response) : m_doc(std::move(doc)), m_response(response) {}
  // The <MethodResponse> element.
  XmlNode response() const { return m_response; }
  // The first <returnval>, empty when the method returned nothing.
  XmlNode returnval() const { return m_response.child("returnval"); }
  std::vector<XmlNode> returnvals() const { return m_response.children("returnval"); }

private:
  XmlDocument m_doc;
  XmlNode m_response;
};

// Parses a fault element (<detail> child, TaskInfo.error.fault or missingSet fault) into a
// SoapFault: type from xsi:type (any prefix) or from the element name minus "Fault".
SoapFault parse_fault(XmlNode fault_element, std::string message);
// Parses a LocalizedMethodFault (TaskInfo.error, missingSet's <fault>): its <fault> child with
// <localizedMessage> as the message.
SoapFault parse_localized_fault(XmlNode localized_fault);

// The items of a reply to stream (docs/behaviour.md#limits): every element `name` directly
// under the response's <returnval> goes to `each` as soon as it has arrived, and is freed when
// `each` returns; the SoapResponse then holds the reply without them (a token, say).
struct ReplyItems {
  std::string name;
  std::function<void(XmlNode)> each;
};

// vim25 over HTTP POST /sdk with SOAPAction urn:vim25/<version>.
class SoapClient
{
public:
  explicit SoapClient(HttpClient& http, std::string version = "6.5");

  // Reads /sdk/vimServiceVersions.xml and picks the newest version we support that the server
  // offers; keeps the current version when the file is missing or unreadable.
  void negotiate_version();
  const std::string& version() const { return m_version; }

  // Sends the request; returns the parsed response, or throws SoapFault (HTTP 500 with a
  // fault) or NetError (transport failure, unexpected status, garbage or truncated reply).
  // With `items`, a 200 reply is streamed: its items may have been handed over before a
  // NetError about the rest of it. A fault is read whole, before any item.
  SoapResponse call(const XmlWriter& request, const ReplyItems* items = nullptr);
  int calls() const { return m_calls; }

private:
  HttpClient& m_http;
  std::string m_version;
  int m_calls = 0;
};

// The newest vim25 version we were built and tested against.
inline constexpr const char* k_newest_vim_version = "8.0.3.0";

// Picks the version to speak from a vimServiceVersions.xml document: the highest numeric
// version listed (current or prior) that is not newer than k_newest_vim_version; "" if none.
std::string choose_vim_version(std::string_view versions_xml);

} // namespace vmrun::transport
