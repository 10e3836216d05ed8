#pragma once

#include "transport/http_client.h"
#include "transport/soap_client.h"
#include "transport/xml.h"

#include <memory>
#include <string>

namespace vmrun::core {

using transport::MoRef;

// What RetrieveServiceContent told us, reduced to what the verbs use.
struct ServiceContent {
  MoRef root_folder;
  MoRef property_collector;
  MoRef view_manager;
  MoRef session_manager;
  MoRef search_index;
  MoRef file_manager;
  MoRef virtual_disk_manager;
  MoRef guest_operations_manager;
  std::string api_type;    // "HostAgent" (ESXi) or "VirtualCenter"
  std::string api_version; // about.apiVersion
  std::string full_name;   // about.fullName
};

struct ConnectOptions {
  transport::Endpoint endpoint;
  std::string user;
  std::string password;
  transport::HttpOptions http;
};

// A logged-in vSphere session over one HTTPS connection. Logs out when destroyed.
class Session
{
public:
  // Negotiates the API version, reads the ServiceContent and logs in. Throws core::Error
  // (with the "Unable to connect to host." preamble) when any of that fails.
  explicit Session(const ConnectOptions& options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const ServiceContent& service() const { return m_service; }
  bool is_vcenter() const { return m_service.api_type == "VirtualCenter"; }

  // One SOAP round trip. Faults propagate as transport::SoapFault; transport failures are
  // turned into core::Error.
  transport::SoapResponse call(const transport::XmlWriter& request);

  // Logs out now (also done by the destructor); never throws.
  void logout() noexcept;

  // This session's own PropertyCollector for waits, created on first use: filters on the shared
  // default collector can outlive their session (vcsim keeps them in one global list), while a
  // private collector and its filters end with the session at Logout.
  const MoRef& wait_collector();

  transport::HttpClient& http() { return *m_http; }
  // For cleanup (rollback, removing a temporary, cancelling a task): while the returned guard
  // lives, calls run within a short budget of their own, even after the command's time is
  // spent or a signal asked it to stop.
  [[nodiscard]] transport::Deadline::Grace cleanup()
  {
    return transport::Deadline::Grace(m_http->deadline());
  }
  // SOAP calls made so far on this session (round-trip accounting).
  int soap_calls() const { return m_soap->calls(); }

private:
  std::unique_ptr<transport::HttpClient> m_http;
  std::unique_ptr<transport::SoapClient> m_soap;
  ServiceContent m_service;
  MoRef m_wait_collector;
  bool m_logged_in = false;
};

} // namespace vmrun::core
