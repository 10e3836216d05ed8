// SPDX-License-Identifier: Apache-2.0

#include "transport/soap_client.h"

#include "transport/errors.h"
#include "transport/xml_stream.h"

#include <libxml/tree.h>

#include <cstring>
#include <optional>

namespace vmrun::transport {

namespace {

constexpr long k_http_ok = 200;
constexpr long k_http_server_error = 500;

bool in_namespace(XmlNode node, const char* uri)
{
  const auto* ns = node.raw()->ns;
  return ns && ns->href && std::strcmp(reinterpret_cast<const char*>(ns->href), uri) == 0;
}

// Body of a SOAP envelope, or an empty node when the document is not one.
XmlNode soap_body(const XmlDocument& doc)
{
  XmlNode envelope = doc.root();
  if (envelope.name() != "Envelope" || !in_namespace(envelope, k_ns_soapenv)) {
    return {};
  }
  XmlNode body = envelope.child("Body");
  return body && in_namespace(body, k_ns_soapenv) ? body : XmlNode();
}

// A fault's simple fields: child elements holding text only (MoRefs count, by their value).
std::map<std::string, std::string> simple_fields(XmlNode fault)
{
  std::map<std::string, std::string> fields;
  for (XmlNode field : fault.children()) {
    if (field.children().empty()) {
      fields.emplace(field.name(), field.text());
    }
  }
  return fields;
}

// Numeric dotted version ("8.0.3.0") as numbers; nullopt for anything else ("uA046D008").
std::optional<std::vector<long>> numeric_version(const std::string& text)
{
  std::vector<long> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto dot = text.find('.', start);
    std::string part = text.substr(start, dot == std::string::npos ? dot : dot - start);
    if (part.empty() || part.size() > 9 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    parts.push_back(std::stol(part));
    if (dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }
  // 6.5 and 6.5.0.0 are the same version.
  while (parts.size() > 1 && parts.back() == 0) {
    parts.pop_back();
  }
  return parts;
}

} // namespace

SoapFault parse_fault(XmlNode fault_element, std::string message)
{
  std::string type = fault_element.xsi_type();
  if (type.empty()) {
    // <detail><InvalidLoginFault> without xsi:type: the element name carries the type.
    type = fault_element.name();
    constexpr std::string_view k_suffix = "Fault";
    if (type.size() > k_suffix.size() && type.ends_with(k_suffix)) {
      type.resize(type.size() - k_suffix.size());
    }
  }
  return SoapFault(std::move(type), std::move(message), simple_fields(fault_element));
}

SoapFault parse_localized_fault(XmlNode localized_fault)
{
  return parse_fault(localized_fault.child("fault"),
                     localized_fault.child_text("localizedMessage"));
}

SoapClient::SoapClient(HttpClient& http, std::string version)
  : m_http(http), m_version(std::move(version))
{
}

void SoapClient::negotiate_version()
{
  // Transport failures (refused connection, TLS refusal) propagate: the next call would only
  // fail the same way. A missing or unreadable file keeps the current version.
  HttpResponse response = m_http.get("/sdk/vimServiceVersions.xml");
  if (response.status != k_http_ok) {
    return;
  }
  std::string chosen = choose_vim_version(response.body);
  if (!chosen.empty()) {
    m_version = std::move(chosen);
  }
}

SoapResponse SoapClient::call(const XmlWriter& request, const ReplyItems* items)
{
  const std::string authority = m_http.endpoint().authority();
  ++m_calls;
  const NetError invalid(NetErrorKind::protocol,
                         "The server at " + authority + " sent an invalid reply");
  std::optional<XmlItemStream> stream;
  WriteCallback write;
  if (items) {
    stream.emplace(std::vector<std::string>{"Envelope", "Body", request.method() + "Response",
                                            "returnval", items->name},
                   items->each);
    write = [&](std::string_view chunk) {
      try {
        stream->feed(chunk);
      } catch (const NetError& e) {
        throw e.kind() == NetErrorKind::protocol ? invalid : e;
      }
    };
  }
  HttpResponse reply = m_http.post_streamed("/sdk", request.envelope(),
                                            {"Content-Type: text/xml; charset=\"utf-8\"",
                                             "SOAPAction: urn:vim25/" + m_version},
                                            write);
  const NetError bad_status(NetErrorKind::http_status,
                            "The server at " + authority + " answered HTTP " +
                              std::to_string(reply.status),
                            reply.status);
  if (reply.status != k_http_ok && reply.status != k_http_server_error) {
    throw bad_status;
  }
  XmlDocument doc;
  try {
    // A streamed 200 reply's body went to the stream (reply.body holds its start for a trace).
    doc = stream && reply.status == k_http_ok ? stream->finish() : XmlDocument::parse(reply.body);
  } catch (const NetError&) {
    throw reply.status == k_http_ok ? invalid : bad_status;
  }
  XmlNode body = soap_body(doc);
  XmlNode fault = body.child("Fault");
  if (fault && in_namespace(fault, k_ns_soapenv)) {
    XmlNode detail = fault.child("detail").children().empty()
                       ? XmlNode()
                       : fault.child("detail").children().front();
    if (detail) {
      throw parse_fault(detail, fault.child_text("faultstring"));
    }
    // No detail: the faultcode ("ServerFaultCode", "soapenv:Client") is all we have.
    std::string code = fault.child_text("faultcode");
    throw SoapFault(code.substr(code.find(':') + 1), fault.child_text("faultstring"));
  }
  if (reply.status != k_http_ok) {
    throw bad_status;
  }
  XmlNode response = body.child(request.method() + "Response");
  if (!response || !in_namespace(response, k_ns_vim25)) {
    throw invalid;
  }
  return SoapResponse(std::move(doc), response);
}

std::string choose_vim_version(std::string_view versions_xml)
{
  XmlDocument doc;
  try {
    doc = XmlDocument::parse(versions_xml);
  } catch (const NetError&) {
    return {};
  }
  const auto newest = numeric_version(k_newest_vim_version);
  std::optional<std::vector<long>> best;
  std::string chosen;
  auto consider = [&](XmlNode version) {
    std::string text = version.text();
    text.erase(0, text.find_first_not_of(" \t\r\n"));
    text.erase(text.find_last_not_of(" \t\r\n") + 1);
    auto number = numeric_version(text);
    if (number && *number <= *newest && (!best || *number > *best)) {
      best = number;
      chosen = text;
    }
  };
  for (XmlNode ns : doc.root().children("namespace")) {
    if (ns.child_text("name") != k_ns_vim25) {
      continue;
    }
    for (XmlNode version : ns.children("version")) {
      consider(version);
    }
    for (XmlNode version : ns.child("priorVersions").children("version")) {
      consider(version);
    }
  }
  return chosen;
}

} // namespace vmrun::transport
