// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/datacenter.h"
#include "core/vsphere/service_content.h"
#include "core/vsphere/session_cache.h"
#include "transport/http_client.h"
#include "transport/soap_client.h"
#include "transport/xml.h"
#include "util/local_file.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vmrun::core {

using transport::MoRef;

struct ConnectOptions {
  transport::Endpoint endpoint;
  std::string user;
  // Asked only when a login is needed (not when a cached session is reused)...
  std::function<std::string()> password;
  // ...unless the password was given (a flag, the environment): a given password is always
  // verified, by Login or against the cached session's verifier (docs/behaviour.md#sessions).
  bool password_given = false;
  // The password is a clone ticket (SessionManager.AcquireCloneTicket of a session the caller
  // has elsewhere): CloneSession takes the place of Login, without a user name. A ticket serves
  // once, so an expired clone cannot be renewed.
  bool clone_ticket = false;
  transport::HttpOptions http;
  // Where sessions are kept between commands; nullopt: log in and out every time.
  std::optional<SessionCache> cache;
  // A session that lives long (a library's host handle): whenever the server says it expired
  // (NotAuthenticated), log in again once and repeat the call. Without it only a cached session
  // is renewed, once per command.
  bool renew_expired = false;
  // Other threads will use this login through Session::sibling() (a library's host handle running
  // jobs at once). Only without a cache.
  bool siblings = false;
};

// A logged-in vSphere session over one HTTPS connection.
//
// With a cache, the session outlives the command: it is reused when the cache holds one for
// the same user, host and port and the server presents the certificate it was made with (the
// cookie goes to no other); an expired one (NotAuthenticated) is replaced by one new Login and
// the call retried. Without one, it logs in here and out when destroyed.
class Session
{
public:
  // Reuses a cached session (no round trip), or negotiates the API version, reads the
  // ServiceContent and logs in. Throws core::Error (with the "Unable to connect to host."
  // preamble) when that fails.
  explicit Session(ConnectOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const ServiceContent& service() const { return m_service; }
  bool is_vcenter() const { return m_service.api_type == "VirtualCenter"; }

  // One SOAP round trip. Faults propagate as transport::SoapFault; transport failures are
  // turned into core::Error.
  // With `items`, the reply's items are streamed to their callback (transport::SoapClient::call):
  // a call made again after a fault hands them over once, as the fault came before any.
  transport::SoapResponse call(const transport::XmlWriter& request,
                               const transport::ReplyItems* items = nullptr);

  // Ends the session on the server and forgets a cached one (the `logout` verb); never throws.
  void logout() noexcept;

  // Another Session of this login (ConnectOptions::siblings) on a connection of its own, for
  // another thread: the same settings, certificate (bound), API version, ServiceContent and
  // session cookie, made without a round trip. It never logs out: this session does, which ends
  // the siblings' login too. When the server says the login expired, the first of them to notice
  // logs in again for all, the others take its cookie; after the logout nobody does. Safe to call
  // while this session is in use on another thread. Throws core::Error when no connection can be
  // set up.
  std::unique_ptr<Session> sibling() const;

  // This command's own PropertyCollector for waits, created on first use: filters on the
  // shared default collector can outlive their session (vcsim keeps them in one global list),
  // and a private collector is not shared with other commands using a cached session. It goes
  // with Logout, or is destroyed when the command ends with a cached session.
  const MoRef& wait_collector();

  // The file of this session's kept watch `slot` (docs/behaviour.md#kept-watches); nullopt
  // without a session cache.
  std::optional<std::string> kept_watch_path(int slot) const;
  // Tells this login from others (a digest of its cookie, never the cookie itself), so that
  // what an earlier login left in the cache is recognised as gone with it.
  std::string login_tag() const;

  // The datacenters (one listing per session while it is cached; `refresh` lists them again).
  const std::vector<Datacenter>& datacenters(bool refresh = false);
  // True when datacenters() came from the cache rather than from the server in this command.
  bool datacenters_cached() const { return m_datacenters_cached; }

  // A VM found earlier by `path` (server form), if the session remembers one.
  std::optional<KnownVm> known_vm(const std::string& path) const;
  // Remembers (or, with an empty ref, forgets) the VM at `path`; kept with the session.
  void remember_vm(const KnownVm& vm);

  transport::HttpClient& http() { return *m_http; }
  // Whether the session came from the cache (its references may be out of date).
  bool reused() const { return m_reused; }
  // Reads the ServiceContent again, for a cached reference the server no longer knows; the
  // cached datacenters and VMs are forgotten, and the session file rewritten at the end.
  void refresh_service();

  // SOAP calls made so far on this session (round-trip accounting).
  int soap_calls() const { return m_soap->calls(); }

  // For cleanup (rollback, removing a temporary, cancelling a task): while the returned guard
  // lives, calls run within a short budget of their own, even after the command's time is
  // spent or a signal asked it to stop.
  [[nodiscard]] transport::Deadline::Grace cleanup()
  {
    return transport::Deadline::Grace(m_http->deadline());
  }

private:
  // What the sessions of one login share (sibling()).
  struct Shared;
  explicit Session(std::shared_ptr<Shared> shared);
  void share();
  // Renews a shared login, or takes the cookie another sibling renewed it with; false once the
  // login ended (Logout).
  bool renew_shared();
  void use_cookie(const std::string& cookie);
  std::string cache_key() const;
  // The lock that serializes logins for this user, host and port; nullopt when it cannot be
  // had (the command then goes on without it).
  // The cache's lock for this session's file, waited for at most `longest` and half the
  // command's time left; nullopt when it cannot be had (m_unlocked_reason says why).
  std::optional<util::FileLock>
  lock_cache(std::chrono::milliseconds longest = std::chrono::milliseconds::max());
  bool reuse_cached(const std::optional<std::string>& given_password);
  void log_in(const std::string& password);
  void end_session() noexcept;
  transport::XmlWriter login_request(const std::string& password) const;
  // false when the login cannot be renewed any more (a sibling's after Logout).
  bool relogin();
  // Login (CloneSession) again on this connection; returns the password (ticket) it used.
  std::string log_in_again();
  void save() noexcept;
  void save_learned() noexcept;
  transport::SoapResponse call_once(const transport::XmlWriter& request,
                                    const transport::ReplyItems* items);
  transport::SoapResponse call_after_certificate_change(const transport::XmlWriter& request,
                                                        const transport::ReplyItems* items,
                                                        const transport::NetError& refusal);

  ConnectOptions m_options;
  std::unique_ptr<transport::HttpClient> m_http;
  std::unique_ptr<transport::SoapClient> m_soap;
  ServiceContent m_service;
  MoRef m_wait_collector;
  std::optional<std::vector<Datacenter>> m_datacenters;
  std::vector<KnownVm> m_vms;
  std::vector<KnownVm> m_learned; // VMs this command found or forgot by path, in order
  bool m_dirty = false;           // something to save when the command ends
  bool m_refreshed = false;       // the service content was read again: the cache's is stale
  bool m_datacenters_cached = false;
  bool m_logged_in = false;
  bool m_reused = false;            // the session came from the cache
  bool m_kept = false;              // the cache holds this session: it outlives the command
  bool m_answered = false;          // the server answered a call of this command
  std::string m_unlocked_reason;    // why the cache's lock could not be had, if it could not
  std::string m_verifier;           // of the password this session was made with
  bool m_renewed = false;           // one re-login per command at most
  std::shared_ptr<Shared> m_shared; // with ConnectOptions::siblings
};

} // namespace vmrun::core
