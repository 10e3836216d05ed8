// SPDX-License-Identifier: Apache-2.0

#pragma once

// The connections of one host handle's vSphere session (docs/libvix.md#threads): the session
// VixHost_Connect logged in, and siblings of it (core::Session::sibling) made when more jobs run
// at once than there are idle connections, up to k_host_connections; a job beyond that waits for
// one to be free.
#include "core/vsphere/session.h"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace vmrun::vix {

// Connections one host handle keeps open at most, hence jobs it runs on the server at once.
inline constexpr std::size_t k_host_connections = 16;

class SessionPool
{
public:
  explicit SessionPool(std::unique_ptr<core::Session> first);
  // The siblings go first, then the first session, which logs the session out.
  ~SessionPool();
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  // One session for one thread; it goes back to the pool with the lease.
  class Lease
  {
  public:
    Lease(SessionPool& pool, core::Session& session) : m_pool(pool), m_session(session) {}
    ~Lease() { m_pool.give_back(m_session); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    core::Session& operator*() const { return m_session; }
    core::Session* operator->() const { return &m_session; }

  private:
    SessionPool& m_pool;
    core::Session& m_session;
  };

  // An idle session, else a new sibling while there are fewer than k_host_connections, else the
  // next one given back. Throws VixFailure{VIX_E_CANCELLED} once closed, core::Error when a new
  // sibling cannot connect.
  Lease acquire();
  // VixHost_Disconnect: ends the waits and refuses new leases; sessions already leased serve their
  // job to its end.
  void close();

private:
  void give_back(core::Session& session);
  std::size_t opened() const { return 1 + m_siblings.size() + m_opening; }

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::unique_ptr<core::Session> m_first;
  std::vector<std::unique_ptr<core::Session>> m_siblings;
  std::vector<core::Session*> m_idle; // the most recently used last
  std::size_t m_opening = 0;          // siblings being made, outside the lock
  bool m_closed = false;
};

} // namespace vmrun::vix
