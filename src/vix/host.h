// SPDX-License-Identifier: Apache-2.0

#pragma once

// A host handle: one vSphere session, used by one thread at a time (docs/libvix.md#threads).
#include "core/vsphere/session.h"
#include "vix/runtime.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
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
      m_session(std::move(session))
  {
  }

  // Runs `action` on the session, alone (the per-host mutex), within a fresh deadline of
  // k_job_deadline.
  template <typename Action>
  decltype(auto) with_session(Action&& action)
  {
    const std::lock_guard lock(m_session_mutex);
    m_session->http().deadline() = transport::Deadline(k_job_deadline);
    return action(*m_session);
  }

  int provider() const { return m_provider; }
  const std::string& software_version() const { return m_software; }
  bool disconnected() const { return m_disconnected.load(); }
  void mark_disconnected() { m_disconnected.store(true); }

private:
  int m_provider;
  std::string m_software;
  std::mutex m_session_mutex;
  std::unique_ptr<core::Session> m_session; // logs out when the last user lets go
  std::atomic<bool> m_disconnected{false};
};

} // namespace vmrun::vix
