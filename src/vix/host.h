// SPDX-License-Identifier: Apache-2.0

#pragma once

// A host handle: one vSphere session, over a connection per job running at once
// (docs/libvix.md#threads).
#include "core/vsphere/session.h"
#include "vix/runtime.h"
#include "vix/session_pool.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace vmrun::vix {

// The time one job may take on the server (the deadline `with_session` sets, and the task waits'
// limit): the vmrun CLI's default --timeout.
inline constexpr std::chrono::seconds k_job_deadline{300};

class Host : public Object
{
public:
  Host(std::unique_ptr<core::Session> session, int provider)
    : Object(Kind::host), m_provider(provider), m_software(session->service().full_name),
      m_sessions(std::move(session))
  {
  }

  // Runs `action` on a connection of the session that no other thread uses meanwhile (waiting
  // for one when k_host_connections are busy), within a deadline of its own of k_job_deadline.
  // Throws VixFailure{VIX_E_CANCELLED} after VixHost_Disconnect.
  template <typename Action>
  decltype(auto) with_session(Action&& action)
  {
    const SessionPool::Lease session = m_sessions.acquire();
    session->http().deadline() = transport::Deadline(k_job_deadline);
    return action(*session);
  }

  int provider() const { return m_provider; }
  const std::string& software_version() const { return m_software; }
  bool disconnected() const { return m_disconnected.load(); }
  // VixHost_Disconnect: jobs that have a connection finish their work, the others end now.
  void mark_disconnected()
  {
    m_disconnected.store(true);
    m_sessions.close();
  }

private:
  int m_provider;
  std::string m_software;
  SessionPool m_sessions; // logs out when the last user lets go
  std::atomic<bool> m_disconnected{false};
};

} // namespace vmrun::vix
