#include "core/vsphere/session.h"

#include "core/errors/faults.h"

namespace vmrun::core {

using transport::NetError;
using transport::SoapFault;
using transport::XmlNode;
using transport::XmlWriter;

namespace {

ServiceContent read_service_content(XmlNode content)
{
  ServiceContent sc;
  sc.root_folder = content.child("rootFolder").as_moref();
  sc.property_collector = content.child("propertyCollector").as_moref();
  sc.view_manager = content.child("viewManager").as_moref();
  sc.session_manager = content.child("sessionManager").as_moref();
  sc.search_index = content.child("searchIndex").as_moref();
  sc.file_manager = content.child("fileManager").as_moref();
  sc.virtual_disk_manager = content.child("virtualDiskManager").as_moref();
  sc.guest_operations_manager = content.child("guestOperationsManager").as_moref();
  const XmlNode about = content.child("about");
  sc.api_type = about.child_text("apiType");
  sc.api_version = about.child_text("apiVersion");
  sc.full_name = about.child_text("fullName");
  return sc;
}

} // namespace

Session::Session(const ConnectOptions& options)
  : m_http(std::make_unique<transport::HttpClient>(options.endpoint, options.http)),
    m_soap(std::make_unique<transport::SoapClient>(*m_http))
{
  try {
    m_soap->negotiate_version();
    const XmlWriter retrieve("RetrieveServiceContent", {"ServiceInstance", "ServiceInstance"});
    m_service = read_service_content(m_soap->call(retrieve).returnval());
    if (m_service.session_manager.empty() || m_service.property_collector.empty()) {
      throw NetError(transport::NetErrorKind::protocol,
                     "The server at " + options.endpoint.authority() + " sent an invalid reply");
    }
    XmlWriter login("Login", m_service.session_manager);
    login.text("userName", options.user).text("password", options.password).text("locale", "en_US");
    m_soap->call(login);
    m_logged_in = true;
  } catch (const NetError& e) {
    throw error_from_net(e, true);
  } catch (const SoapFault& f) {
    // Not a verb's fault but the connection's: the same texts, after vmrun's "Unable to connect
    // to host." line (with_vm_errors has no VM and no such line to give here).
    Error mapped = error_from_fault(f, {});
    throw Error(mapped.code(), mapped.what(), {"Unable to connect to host."}, mapped.hint());
  }
}

Session::~Session()
{
  logout();
}

transport::SoapResponse Session::call(const XmlWriter& request)
{
  try {
    return m_soap->call(request);
  } catch (const NetError& e) {
    throw error_from_net(e, false);
  }
}

const MoRef& Session::wait_collector()
{
  if (m_wait_collector.empty()) {
    m_wait_collector = call(XmlWriter("CreatePropertyCollector", m_service.property_collector))
                         .returnval()
                         .as_moref();
  }
  return m_wait_collector;
}

void Session::logout() noexcept
{
  if (!m_logged_in) {
    return;
  }
  m_logged_in = false;
  try {
    // Also after the command's time is spent (that may be why we are here): a few seconds.
    const auto grace = cleanup();
    m_soap->call(XmlWriter("Logout", m_service.session_manager));
  } catch (...) {
    // The command's outcome is already decided; an expired or broken session ends anyway.
  }
}

} // namespace vmrun::core
