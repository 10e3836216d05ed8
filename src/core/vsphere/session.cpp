// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/session.h"

#include "core/vsphere/password_verifier.h"

#include "core/errors/faults.h"
#include "core/vsphere/vm_lookup.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

namespace vmrun::core {

using transport::NetError;
using transport::NetErrorKind;
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

// The session cookie vSphere sets at Login.
constexpr const char* k_cookie = "vmware_soap_session";

// Connection-time failures: after vmrun's "Unable to connect to host." line.
Error connect_error(const SoapFault& fault)
{
  // Not a verb's fault but the connection's: the same texts, after vmrun's "Unable to connect
  // to host." line (with_vm_errors has no VM and no such line to give here).
  Error mapped = error_from_fault(fault, {});
  return Error(mapped.code(), mapped.what(), {"Unable to connect to host."}, mapped.hint());
}

std::optional<KnownVm> find_known_vm(const std::vector<KnownVm>& vms, const std::string& path)
{
  for (const auto& vm : vms) {
    if (vm.path == path) {
      return vm;
    }
  }
  return std::nullopt;
}

// Records `vm` (or, with an empty ref, forgets its path), newest last; false when nothing changed.
bool remember_known_vm(std::vector<KnownVm>& vms, const KnownVm& vm)
{
  const auto old = std::find_if(vms.begin(), vms.end(),
                                [&](const KnownVm& known) { return known.path == vm.path; });
  if (old != vms.end()) {
    if (*old == vm) {
      return false;
    }
    vms.erase(old);
  }
  if (!vm.ref.empty()) {
    if (vms.size() == k_max_known_vms) {
      vms.erase(vms.begin());
    }
    vms.push_back(vm);
  }
  return true;
}

} // namespace

// The settings, and what the first session's login found, stay as they are; the cookie changes
// with each renewal. `mutex` guards the rest, and a renewal holds it through its Login, so that
// siblings finding the login expired at the same time wait for that one Login instead of making
// their own. The datacenters and the VMs found by path are what any of the sessions found last
// (a new sibling starts with them; a stale VM fails find_vm's path check and is looked up anew).
struct Session::Shared {
  ConnectOptions options;
  std::string version;
  std::string certificate;
  ServiceContent service;
  std::mutex mutex;
  std::string cookie;
  bool ended = false; // logged out: nobody logs in again
  std::optional<std::vector<Datacenter>> datacenters;
  std::vector<KnownVm> vms;
};

Session::Session(ConnectOptions options)
  : m_options(std::move(options)),
    m_http(std::make_unique<transport::HttpClient>(m_options.endpoint, m_options.http)),
    m_soap(std::make_unique<transport::SoapClient>(*m_http))
{
  std::optional<std::string> given;
  if (m_options.password_given && m_options.password) {
    given = m_options.password();
  }
  if (m_options.cache && reuse_cached(given)) {
    return;
  }
  // Asked (or found missing) before any connection, as without a cache.
  const std::string password = given ? *given
                                     : (m_options.password ? m_options.password() : std::string());
  try {
    if (!m_options.cache) {
      log_in(password);
      share();
      return;
    }
    // One login for all the processes that start at once with no session: the first one logs
    // in, the others wait for it and reuse what it stored. The lock only covers finding the
    // file: its password check (a deliberately slow key derivation) is made after letting go,
    // or tens of waiting processes would each hold up all the others behind it.
    auto lock = lock_cache();
    if (lock && m_options.cache->load(cache_key())) {
      lock.reset();
      if (reuse_cached(given)) {
        return;
      }
    }
    log_in(password);
    if (lock || m_unlocked_reason.empty()) {
      // Without the lock: a new password's session replacing the file, or a cache that cannot
      // keep it (save() learns why).
      save();
    } else {
      m_options.cache->not_kept({m_unlocked_reason}); // logged out at the end
    }
  } catch (const NetError& e) {
    throw error_from_net(e, true);
  } catch (const SoapFault& f) {
    throw connect_error(f);
  }
}

Session::Session(std::shared_ptr<Shared> shared)
  : m_options(shared->options),
    m_http(std::make_unique<transport::HttpClient>(m_options.endpoint, m_options.http)),
    m_soap(std::make_unique<transport::SoapClient>(*m_http, shared->version)),
    m_service(shared->service), m_shared(std::move(shared))
{
  // Not logged in here (m_logged_in stays false): the first session logs the login out.
  m_http->bind_certificate(m_shared->certificate);
  const std::lock_guard lock(m_shared->mutex);
  use_cookie(m_shared->cookie);
  m_datacenters = m_shared->datacenters;
  m_vms = m_shared->vms;
}

void Session::share()
{
  if (!m_options.siblings) {
    return;
  }
  auto shared = std::make_shared<Shared>();
  shared->options = m_options;
  shared->version = m_soap->version();
  shared->certificate = m_http->certificate_sha256();
  shared->service = m_service;
  shared->cookie = m_http->cookie(k_cookie);
  m_shared = std::move(shared);
}

std::unique_ptr<Session> Session::sibling() const
{
  if (!m_shared) {
    throw std::logic_error("Session::sibling needs ConnectOptions::siblings and no cache");
  }
  try {
    return std::unique_ptr<Session>(new Session(m_shared));
  } catch (const NetError& e) {
    throw error_from_net(e, true);
  }
}

void Session::use_cookie(const std::string& cookie)
{
  m_http->clear_cookies();
  m_http->set_cookie(k_cookie, cookie);
}

Session::~Session()
{
  if (!m_logged_in) {
    return;
  }
  if (m_options.cache && m_dirty) {
    save_learned();
  }
  if (!m_options.cache || !m_kept) {
    end_session(); // no cache, or one that could not keep it: nothing may leak on the server
    return;
  }
  // The session stays for the next command; what this one made on the server goes now.
  if (!m_wait_collector.empty()) {
    try {
      const auto grace = cleanup();
      m_soap->call(XmlWriter("DestroyPropertyCollector", m_wait_collector));
    } catch (...) {
    }
  }
}

std::optional<util::FileLock> Session::lock_cache(std::chrono::milliseconds longest)
{
  // A busy machine (tens of processes starting at once) can make a holder's login slow: wait
  // up to half the time left, then go on alone with the other half (a stuck holder).
  try {
    util::make_private_dirs(m_options.cache->dir());
  } catch (const std::system_error&) {
    return std::nullopt; // no place for a cache: save() says why
  }
  if (util::not_private_dir(m_options.cache->dir())) {
    return std::nullopt; // others could plant or hold the lock: save() says why
  }
  try {
    const auto wait = std::min<std::chrono::milliseconds>(
      longest,
      std::chrono::duration_cast<std::chrono::milliseconds>(m_http->deadline().remaining() / 2));
    return std::optional<util::FileLock>(std::in_place, m_options.cache->lock_path(cache_key()),
                                         wait);
  } catch (const std::system_error& e) {
    if (e.code() == std::errc::operation_canceled) {
      throw transport::net_error_of(e); // a signal: the command ends now
    }
    // A lock that cannot be had (held too long, a planted link): this command goes on alone,
    // and its session must not replace one another process keeps.
    m_unlocked_reason = e.what();
    return std::nullopt;
  }
}

XmlWriter Session::login_request(const std::string& password) const
{
  if (m_options.clone_ticket) {
    XmlWriter clone("CloneSession", m_service.session_manager);
    clone.text("cloneTicket", password);
    return clone;
  }
  XmlWriter login("Login", m_service.session_manager);
  login.text("userName", m_options.user).text("password", password).text("locale", "en_US");
  return login;
}

std::string Session::cache_key() const
{
  return m_options.user + "@" + m_options.endpoint.authority();
}

bool Session::reuse_cached(const std::optional<std::string>& given_password)
{
  auto cached = m_options.cache->load(cache_key());
  if (!cached) {
    return false;
  }
  // A given password must be this session's: else Login decides (and the session stays for its
  // rightful owner when Login refuses the password).
  if (given_password && !verifier_matches(cached->verifier, *given_password)) {
    return false;
  }
  m_http->bind_certificate(cached->certificate);
  m_http->set_cookie(k_cookie, cached->cookie);
  m_soap = std::make_unique<transport::SoapClient>(*m_http, cached->version);
  m_service = std::move(cached->service);
  m_datacenters = std::move(cached->datacenters);
  m_datacenters_cached = m_datacenters.has_value();
  m_vms = std::move(cached->vms);
  m_verifier = std::move(cached->verifier);
  m_logged_in = true;
  m_reused = true;
  m_kept = true;
  return true;
}

void Session::log_in(const std::string& password)
{
  m_soap->negotiate_version();
  const XmlWriter retrieve("RetrieveServiceContent", {"ServiceInstance", "ServiceInstance"});
  m_service = read_service_content(m_soap->call(retrieve).returnval());
  if (m_service.session_manager.empty() || m_service.property_collector.empty()) {
    throw NetError(NetErrorKind::protocol,
                   "The server at " + m_options.endpoint.authority() + " sent an invalid reply");
  }
  m_soap->call(login_request(password));
  m_logged_in = true;
  if (m_options.cache && !m_options.clone_ticket) {
    m_verifier = make_verifier(password); // what later commands given a password check
  }
  // Later connections of this command, and commands reusing the session, must meet the
  // certificate this login was made with.
  m_http->bind_certificate(m_http->certificate_sha256());
}

void Session::refresh_service()
{
  const XmlWriter retrieve("RetrieveServiceContent", {"ServiceInstance", "ServiceInstance"});
  ServiceContent fresh = read_service_content(call(retrieve).returnval());
  if (fresh.session_manager.empty() || fresh.property_collector.empty() ||
      fresh.root_folder.empty()) {
    throw error_from_net(NetError(NetErrorKind::protocol, "The server at " +
                                                            m_options.endpoint.authority() +
                                                            " sent an invalid reply"),
                         false);
  }
  m_service = std::move(fresh);
  m_datacenters.reset();
  m_datacenters_cached = false;
  m_vms.clear();
  m_learned.clear();
  m_refreshed = true;
  m_dirty = true;
}

bool Session::relogin()
{
  m_renewed = true;
  m_wait_collector = {}; // went with the expired session
  if (m_shared) {
    return renew_shared();
  }
  // Without a cache there is no other process to share the renewal with.
  const auto lock = m_options.cache ? lock_cache() : std::nullopt;
  if (m_options.cache) {
    // Another process may have renewed it meanwhile: take its session rather than make one more.
    const auto cached = m_options.cache->load(cache_key());
    if (cached && cached->cookie != m_http->cookie(k_cookie) &&
        cached->certificate == m_http->certificate_sha256()) {
      m_http->set_cookie(k_cookie, cached->cookie);
      return true;
    }
  }
  const std::string password = log_in_again();
  if (m_options.cache && !m_options.clone_ticket) {
    m_verifier = make_verifier(password);
  }
  save();
  return true;
}

std::string Session::log_in_again()
{
  std::string password = m_options.password ? m_options.password() : std::string();
  try {
    m_soap->call(login_request(password));
  } catch (const SoapFault& f) {
    throw connect_error(f);
  }
  return password;
}

bool Session::renew_shared()
{
  const std::lock_guard lock(m_shared->mutex);
  if (m_shared->ended) {
    return false;
  }
  if (m_shared->cookie != m_http->cookie(k_cookie)) {
    use_cookie(m_shared->cookie); // renewed by another connection meanwhile
    return true;
  }
  log_in_again();
  m_shared->cookie = m_http->cookie(k_cookie);
  return true;
}

void Session::save() noexcept
{
  if (!m_options.cache) {
    return;
  }
  try {
    CachedSession cached{m_http->cookie(k_cookie),
                         m_soap->version(),
                         m_http->certificate_sha256(),
                         m_service,
                         m_datacenters,
                         m_vms,
                         m_verifier};
    if (cached.cookie.empty() || cached.certificate.empty()) {
      m_kept = false; // nothing a later command could use
      return;
    }
    m_options.cache->store(cache_key(), cached);
    m_kept = true;
  } catch (const CacheUnusable& why) {
    // The next command logs in again, and this one logs its session out at the end.
    m_kept = false;
    m_options.cache->not_kept(why);
  } catch (...) {
    m_kept = false;
  }
}

// What this command learned (VMs found or forgotten by path, the datacenters, a service read
// again) goes into the cache file as it is now, under the cache's lock: commands sharing the
// session at once each add theirs, where the last one to end would write back its own view
// alone and lose the others'. A file that names another session by then (renewed, or another
// password's login) or none (logout) is left as it is.
void Session::save_learned() noexcept
{
  try {
    // A hint for later commands: not worth holding up the end of this one for long.
    const auto lock = lock_cache(std::chrono::seconds(2));
    if (!lock) {
      return; // lost: a later command finds those VMs again
    }
    const auto current = m_options.cache->load(cache_key());
    if (!current || current->cookie != m_http->cookie(k_cookie)) {
      return;
    }
    if (!m_refreshed) {
      std::vector<KnownVm> vms = current->vms;
      for (const KnownVm& vm : m_learned) {
        remember_known_vm(vms, vm);
      }
      m_vms = std::move(vms);
      if (m_datacenters_cached || !m_datacenters) {
        m_datacenters = current->datacenters;
      }
    }
    save();
  } catch (...) {
  }
}

transport::SoapResponse Session::call_once(const XmlWriter& request,
                                           const transport::ReplyItems* items)
{
  try {
    auto response = m_soap->call(request, items);
    m_answered = true;
    return response;
  } catch (const NetError& e) {
    if (e.kind() == NetErrorKind::tls_session_changed && m_options.cache) {
      return call_after_certificate_change(request, items, e);
    }
    // A reused session connects with its first call: a failure then is a failure to connect,
    // told as the command without a cached session tells it.
    throw error_from_net(e, m_reused && !m_answered);
  }
}

transport::SoapResponse Session::call_after_certificate_change(const XmlWriter& request,
                                                               const transport::ReplyItems* items,
                                                               const NetError& refusal)
{
  // The server presents another certificate than the cached session was made with: the cookie
  // was not sent, and the session is forgotten. A fresh login goes on with the command only
  // when the server is still the same kind of server (the same ServiceContent), since the
  // request may name objects from the cached one.
  m_options.cache->remove(cache_key());
  m_logged_in = false;
  m_reused = false;
  m_kept = false;
  const ServiceContent cached = m_service;
  m_http->clear_cookies();
  m_http->bind_certificate({});
  const std::string password = m_options.password ? m_options.password() : std::string();
  try {
    log_in(password);
  } catch (const NetError& e) {
    throw error_from_net(e, true);
  } catch (const SoapFault& f) {
    throw connect_error(f);
  }
  m_datacenters.reset();
  m_vms.clear();
  save();
  if (!(m_service == cached)) {
    throw Error(vix::cannot_connect_to_host,
                std::string(refusal.what()) + "; its cached session was discarded: run the "
                                              "command again",
                {"Unable to connect to host."});
  }
  try {
    return m_soap->call(request, items);
  } catch (const NetError& e) {
    throw error_from_net(e, false);
  }
}

transport::SoapResponse Session::call(const XmlWriter& request, const transport::ReplyItems* items)
{
  try {
    return call_once(request, items);
  } catch (const SoapFault& f) {
    // An expired session (cached, or long-lived with renew_expired): one new Login, then the
    // same call again (it was refused, not run).
    // A clone ticket serves once: a cloned session that expired stays expired.
    const bool renewable = !m_options.clone_ticket &&
                           (m_options.renew_expired || (m_reused && !m_renewed));
    if (f.type() != "NotAuthenticated" || !renewable) {
      throw;
    }
    bool renewed = false;
    try {
      renewed = relogin();
    } catch (const NetError& e) {
      throw error_from_net(e, true);
    }
    if (!renewed) {
      throw; // the login ended: the fault stands
    }
  }
  return call_once(request, items);
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

std::optional<std::string> Session::kept_watch_path(int slot) const
{
  if (!m_options.cache || m_options.clone_ticket) {
    return std::nullopt;
  }
  return m_options.cache->kept_watch_path(cache_key(), slot);
}

std::string Session::login_tag() const
{
  const std::string cookie = m_http->cookie(k_cookie);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned length = 0;
  if (cookie.empty() || EVP_Digest(cookie.data(), cookie.size(), digest.data(), &length,
                                   EVP_sha256(), nullptr) != 1) {
    return {};
  }
  std::string tag;
  for (unsigned i = 0; i < 12 && i < length; ++i) {
    tag += fmt::format("{:02x}", digest[i]);
  }
  return tag;
}

const std::vector<Datacenter>& Session::datacenters(bool refresh)
{
  if (!m_datacenters || refresh) {
    m_datacenters = list_datacenters(*this);
    m_datacenters_cached = false;
    m_dirty = true;
    if (m_shared) {
      const std::lock_guard lock(m_shared->mutex);
      m_shared->datacenters = m_datacenters;
    }
  }
  return *m_datacenters;
}

std::optional<KnownVm> Session::known_vm(const std::string& path) const
{
  if (auto vm = find_known_vm(m_vms, path)) {
    return vm;
  }
  if (m_shared) {
    const std::lock_guard lock(m_shared->mutex);
    return find_known_vm(m_shared->vms, path); // found through a sibling meanwhile
  }
  return std::nullopt;
}

void Session::remember_vm(const KnownVm& vm)
{
  if (!remember_known_vm(m_vms, vm)) {
    return;
  }
  m_learned.push_back(vm);
  m_dirty = true;
  if (m_shared) {
    const std::lock_guard lock(m_shared->mutex);
    remember_known_vm(m_shared->vms, vm);
  }
}

void Session::logout() noexcept
{
  if (m_options.cache) {
    m_options.cache->remove(cache_key());
    m_options.cache->remove_kept_watches(cache_key());
  }
  end_session();
}

void Session::end_session() noexcept
{
  if (!m_logged_in) {
    return;
  }
  m_logged_in = false;
  try {
    std::unique_lock<std::mutex> no_renewal;
    if (m_shared) {
      // No sibling logs in again after this; the Logout goes with the cookie a sibling's renewal
      // may have made since this connection's last call.
      no_renewal = std::unique_lock(m_shared->mutex);
      m_shared->ended = true;
      if (m_shared->cookie != m_http->cookie(k_cookie)) {
        use_cookie(m_shared->cookie);
      }
    }
    // Also after the command's time is spent (that may be why we are here): a few seconds.
    const auto grace = cleanup();
    m_soap->call(XmlWriter("Logout", m_service.session_manager));
  } catch (...) {
    // The command's outcome is already decided; an expired or broken session ends anyway.
  }
}

} // namespace vmrun::core
