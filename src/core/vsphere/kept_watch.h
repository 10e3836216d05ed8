// SPDX-License-Identifier: Apache-2.0

#pragma once

// Waits for tasks through a watch that a cached session keeps on the server for later commands
// (docs/behaviour.md#kept-watches): a private PropertyCollector with one filter over a ListView
// of a VM, reading the VM's runtime.question and the info of its recent tasks. A task the VM
// starts enters the filter by itself, so with the watch on the VM beforehand a warm command
// waits with nothing but WaitForUpdatesEx: no first read, no collector, filter or view to make.
#include "core/vsphere/session_cache.h"
#include "core/vsphere/wait.h"

#include "util/local_file.h"

#include <functional>
#include <optional>

namespace vmrun::core {

class KeptWatch
{
public:
  // A kept watch of the session, leased for this command (no other command uses it meanwhile)
  // and watching `vm`: made (three calls) when the session has none free, pointed at `vm` (one
  // call) when it watched another VM. nullopt when there is none to be had: the session is not a
  // cached one, every kept watch is in use, or the server refused it.
  static std::optional<KeptWatch> prepare(Session& session, const MoRef& vm);

  KeptWatch(KeptWatch&&) noexcept = default;
  KeptWatch& operator=(KeptWatch&&) = delete;
  // Writes the watch down for the next command (or forgets it, when the server no longer knows
  // it), and lets it go.
  ~KeptWatch();

  // Tells `on_change` the changes of `task`'s "info" (a task of the watched VM, started after
  // prepare()) and of the VM's runtime.question until it returns true; `on_quiet` as for
  // wait_for_updates. false, having waited for nothing, when the server no longer knows the
  // watch: it is dropped, the caller waits its own way.
  bool wait_for_task(Session& session, const MoRef& task, std::chrono::seconds timeout,
                     const ChangeHandler& on_change, const std::function<bool()>& on_quiet);

private:
  KeptWatch(util::FileLock lock, std::optional<KeptWatchState> state)
    : m_lock(std::move(lock)), m_state(std::move(state))
  {
  }

  util::FileLock m_lock; // the watch's file is its own lock: a command that dies lets go of it
  std::optional<KeptWatchState> m_state;
};

} // namespace vmrun::core
