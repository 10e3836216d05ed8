// SPDX-License-Identifier: Apache-2.0

#pragma once

// A host handle: one vSphere session, used by one thread at a time (spec T2).
#include "core/vsphere/session.h"
#include "vix/job.h"
#include "vix/runtime.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace vmrun::vix {

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

// The settings of VixHost_Connect, copied (M3) and checked before the job starts.
struct ConnectRequest {
  int provider = 0;
  std::string host_name;
  int host_port = 0;
  std::string user;
  std::string password; // a clone ticket when there is no user
  int options = 0;
};

// The connect job's work: logs in (TLS policy of spec §10) and makes the host handle.
void connect_host(JobRun& run, const ConnectRequest& request);

} // namespace vmrun::vix
