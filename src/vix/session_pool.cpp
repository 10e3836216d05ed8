// SPDX-License-Identifier: Apache-2.0

#include "vix/session_pool.h"

#include "vix/errors.h"

namespace vmrun::vix {

SessionPool::SessionPool(std::unique_ptr<core::Session> first) : m_first(std::move(first))
{
  m_idle.push_back(m_first.get());
}

SessionPool::~SessionPool()
{
  m_idle.clear();
  m_siblings.clear();
  m_first.reset();
}

SessionPool::Lease SessionPool::acquire()
{
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock,
                 [this] { return m_closed || !m_idle.empty() || opened() < k_host_connections; });
  if (m_closed) {
    throw VixFailure{VIX_E_CANCELLED, {}}; // VixHost_Disconnect (docs/libvix.md#disconnect)
  }
  if (!m_idle.empty()) {
    // The most recently used: its connection is the likeliest to be open still.
    core::Session* session = m_idle.back();
    m_idle.pop_back();
    return Lease(*this, *session);
  }
  // Connecting takes a round trip or more: the other jobs go on meanwhile.
  ++m_opening;
  lock.unlock();
  std::unique_ptr<core::Session> made;
  try {
    made = m_first->sibling();
  } catch (...) {
    lock.lock();
    --m_opening;
    m_changed.notify_one(); // another waiter may try
    throw;
  }
  lock.lock();
  --m_opening;
  m_siblings.push_back(std::move(made));
  return Lease(*this, *m_siblings.back());
}

void SessionPool::give_back(core::Session& session)
{
  {
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(&session);
  }
  m_changed.notify_one();
}

void SessionPool::close()
{
  {
    const std::lock_guard lock(m_mutex);
    m_closed = true;
  }
  m_changed.notify_all();
}

} // namespace vmrun::vix
