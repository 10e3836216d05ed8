// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/kept_watch.h"

#include "core/vsphere/property_paths.h"
#include "transport/soap_client.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <vector>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;

namespace {

// A kept watch file is a few hundred bytes; anything longer is not ours.
constexpr std::size_t k_max_watch_bytes = 4096;

std::optional<KeptWatchState> read_state(int fd, const std::string& login)
{
  std::array<char, k_max_watch_bytes> buffer{};
  const auto got = ::pread(fd, buffer.data(), buffer.size(), 0);
  if (got <= 0) {
    return std::nullopt;
  }
  auto state = parse_kept_watch(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
  if (!state || state->login != login) {
    return std::nullopt; // made by an earlier login: it went with that session
  }
  return state;
}

// A collector and a filter over a list view of `vm`, reading its runtime.question and the info
// of its recent tasks: three calls, once per kept watch.
KeptWatchState create(Session& session, const MoRef& vm)
{
  KeptWatchState state;
  state.login = session.login_tag();
  state.vm = vm;
  state.collector = session
                      .call(
                        XmlWriter("CreatePropertyCollector", session.service().property_collector))
                      .returnval()
                      .as_moref();
  XmlWriter view("CreateListView", session.service().view_manager);
  view.moref("obj", vm);
  state.view = session.call(view).returnval().as_moref();
  const std::array<PropertySpec, 2> props{
    {{"VirtualMachine", {std::string(paths::question)}}, {"Task", {"info"}}}};
  const ObjectSpec listed{state.view,
                          true,
                          {{"view", "ListView", "view", {"tasks"}},
                           {"tasks", "VirtualMachine", "recentTask", {}}}};
  XmlWriter filter("CreateFilter", state.collector);
  write_filter_spec(filter, "spec", props, std::span(&listed, 1));
  filter.boolean("partialUpdates", false);
  state.filter = session.call(filter).returnval().as_moref();
  return state;
}

} // namespace

std::optional<KeptWatch> KeptWatch::prepare(Session& session, const MoRef& vm)
{
  const std::string login = session.login_tag();
  if (!session.reused() || login.empty() || vm.empty() || session.service().view_manager.empty()) {
    return std::nullopt; // only a session from the cache has a private place for kept watches
  }
  // A free watch already on this VM saves the ResetListView: commands on the same VMs again
  // (a pool started and stopped by a CI job) find their own. Else the first free one serves.
  std::optional<KeptWatch> chosen;
  for (int slot = 0; slot < k_kept_watches; ++slot) {
    const auto path = session.kept_watch_path(slot);
    if (!path) {
      return std::nullopt;
    }
    std::optional<util::FileLock> lock;
    try {
      lock.emplace(*path, std::chrono::milliseconds(0));
    } catch (const util::FileError& e) {
      if (e.code().value() == EWOULDBLOCK) {
        continue; // another command's
      }
      return std::nullopt; // no file can be had there at all
    }
    auto state = read_state(lock->fd(), login);
    const bool on_vm = state && state->vm == vm;
    const bool unused = !state;
    if (on_vm || !chosen) {
      chosen.emplace(KeptWatch(std::move(*lock), std::move(state)));
    }
    // Watches are made in the first free slot, so the ones in use come first: an unused slot
    // ends the search (and the files made for it).
    if (on_vm || unused) {
      break;
    }
  }
  if (!chosen) {
    return std::nullopt;
  }
  try {
    if (!chosen->m_state) {
      chosen->m_state = create(session, vm);
    } else if (chosen->m_state->vm != vm) {
      XmlWriter reset("ResetListView", chosen->m_state->view);
      reset.moref("obj", vm);
      session.call(reset);
      chosen->m_state->vm = vm;
    }
  } catch (const SoapFault&) {
    chosen->m_state.reset(); // gone with a renewed session: the next command makes a new one
    return std::nullopt;
  }
  return chosen;
}

KeptWatch::~KeptWatch()
{
  // Best effort: a file that cannot be written reads as no kept watch, and the next command
  // makes a new one.
  const int fd = m_lock.fd();
  if (fd < 0 || ::ftruncate(fd, 0) != 0 || !m_state) {
    return;
  }
  const std::string text = format_kept_watch(*m_state);
  [[maybe_unused]] const auto written = ::pwrite(fd, text.data(), text.size(), 0);
}

bool KeptWatch::wait_for_task(Session& session, const MoRef& task, std::chrono::seconds timeout,
                              const ChangeHandler& on_change, const std::function<bool()>& on_quiet)
{
  if (!m_state) {
    return false;
  }
  const std::array<MoRef, 2> objects{task, m_state->vm};
  UpdateCursor cursor{m_state->collector, m_state->filter, {}};
  try {
    wait_for_updates(session, cursor, objects, timeout, on_change, on_quiet);
  } catch (const SoapFault&) {
    m_state.reset(); // the server no longer knows the watch (a renewed session)
    return false;
  }
  return true;
}

} // namespace vmrun::core
