// SPDX-License-Identifier: Apache-2.0

#include "vix/runtime.h"

#include "core/errors/vix_catalog.h"
#include "vix/error_text.h"
#include "vix/workers.h"

#include <libxml/parser.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <climits>

namespace vmrun::vix {

namespace {

// Every global of the library in one object, so that their destruction order is fixed: the
// workers (declared last) are joined first, while the table and the texts still exist.
struct Globals {
  Globals()
  {
    // What is set up here is torn down after these globals at exit, so after the workers are
    // joined: OpenSSL registers its exit-time cleanup now (a worker finishing after it would
    // find OpenSSL gone and its thread state could not be freed); libxml2 before 2.10 must be
    // initialised once before threads use it; the catalog is a function-local static.
    OPENSSL_init_ssl(0, nullptr);
    xmlInitParser();
    static_cast<void>(core::vix_catalog());
  }
  HandleTable table;
  ErrorTexts texts;
  Workers workers;
};

Globals& globals()
{
  static Globals instance;
  return instance;
}

} // namespace

HandleTable& handles()
{
  return globals().table;
}

ErrorTexts& error_texts()
{
  return globals().texts;
}

Workers& workers()
{
  return globals().workers;
}

// ---- HandleTable -----------------------------------------------------------------------------

HandleTable::~HandleTable()
{
  // A program that exits with live handles: their objects go now (hosts log out), without the
  // mutex held.
  std::unordered_map<VixHandle, std::shared_ptr<Object>> left;
  {
    const std::lock_guard lock(m_mutex);
    left.swap(m_objects);
  }
}

VixHandle HandleTable::add(const std::shared_ptr<Object>& object)
{
  const std::lock_guard lock(m_mutex);
  if (m_next == INT_MAX) {
    throw HandleError{VIX_E_TOO_MANY_HANDLES};
  }
  const VixHandle handle = ++m_next; // never reused (docs/libvix.md#handle-values)
  object->m_handle = handle;
  object->m_refs = 1;
  m_objects.emplace(handle, object);
  return handle;
}

std::shared_ptr<Object> HandleTable::find(VixHandle handle) const
{
  const std::lock_guard lock(m_mutex);
  auto it = m_objects.find(handle);
  return it == m_objects.end() ? nullptr : it->second;
}

void HandleTable::add_ref(VixHandle handle)
{
  const std::lock_guard lock(m_mutex);
  if (auto it = m_objects.find(handle); it != m_objects.end()) {
    ++it->second->m_refs;
  }
}

void HandleTable::drop_locked(VixHandle handle, std::vector<std::shared_ptr<Object>>& dead)
{
  std::vector<VixHandle> pending{handle};
  while (!pending.empty()) {
    const VixHandle next = pending.back();
    pending.pop_back();
    auto it = m_objects.find(next);
    if (it == m_objects.end() || --it->second->m_refs > 0) {
      continue;
    }
    pending.insert(pending.end(), it->second->m_held.begin(), it->second->m_held.end());
    it->second->m_held.clear();
    dead.push_back(std::move(it->second));
    m_objects.erase(it);
  }
}

void HandleTable::release(VixHandle handle)
{
  std::vector<std::shared_ptr<Object>> dead;
  {
    const std::lock_guard lock(m_mutex);
    drop_locked(handle, dead);
  }
}

bool HandleTable::hold(const Object& holder, VixHandle target)
{
  const std::lock_guard lock(m_mutex);
  auto self = m_objects.find(holder.handle());
  auto other = m_objects.find(target);
  if (self == m_objects.end() || other == m_objects.end()) {
    return false;
  }
  ++other->second->m_refs;
  self->second->m_held.push_back(target);
  return true;
}

void HandleTable::erase_host(VixHandle host)
{
  std::vector<std::shared_ptr<Object>> dead;
  {
    const std::lock_guard lock(m_mutex);
    if (auto it = m_objects.find(host); it == m_objects.end() || it->second->kind() != Kind::host) {
      return;
    }
    std::vector<VixHandle> doomed{host};
    for (const auto& [handle, object] : m_objects) {
      if (object->owner_host() == host) {
        doomed.push_back(handle);
      }
    }
    // What the doomed objects held on survivors (a job's result on another host) is dropped.
    for (VixHandle handle : doomed) {
      auto it = m_objects.find(handle);
      if (it == m_objects.end()) {
        continue;
      }
      std::vector<VixHandle> held;
      held.swap(it->second->m_held);
      dead.push_back(std::move(it->second));
      m_objects.erase(it);
      for (VixHandle other : held) {
        drop_locked(other, dead);
      }
    }
  }
}

// ---- Workers ---------------------------------------------------------------------------------

Workers::~Workers()
{
  std::list<Worker> left;
  {
    const std::lock_guard lock(m_mutex);
    left.swap(m_workers);
  }
  for (auto& worker : left) {
    if (worker.thread.get_id() == std::this_thread::get_id()) {
      worker.thread.detach(); // exit() called from a job's callback: it cannot join itself
    } else if (worker.thread.joinable()) {
      worker.thread.join();
    }
  }
}

void Workers::spawn(std::function<void()> work)
{
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::list<Worker> slot; // made first: once the thread runs, keeping it cannot fail
  slot.push_back(Worker{std::thread(), done});
  slot.front().thread = std::thread([work = std::move(work), done]() mutable {
    {
      // What the work holds (its job, its host) goes here, before OpenSSL's thread state: the
      // last reference to a host logs out over TLS.
      const std::function<void()> run = std::move(work);
      run();
    }
    // OpenSSL's per-thread state (error queue, random generators) goes now, while the thread
    // is known to be done with it, rather than from a thread-exit hook.
    OPENSSL_thread_stop();
    done->store(true);
  });
  std::list<Worker> finished;
  {
    const std::lock_guard lock(m_mutex);
    for (auto it = m_workers.begin(); it != m_workers.end();) {
      auto next = std::next(it);
      if (it->done->load()) {
        finished.splice(finished.end(), m_workers, it);
      }
      it = next;
    }
    m_workers.splice(m_workers.end(), slot);
  }
  for (auto& worker : finished) {
    worker.thread.join(); // it has returned from its work; only its last instructions remain
  }
}

} // namespace vmrun::vix
