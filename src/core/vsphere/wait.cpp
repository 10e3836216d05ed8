// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/wait.h"

#include "core/errors/error.h"
#include "core/vsphere/kept_watch.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/question.h"
#include "transport/limits.h"
#include "transport/soap_client.h"
#include "util/interrupt.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;
using Clock = std::chrono::steady_clock;

namespace {

// A server-side wait shorter than the HTTP request timeout, so long waits never look dead.
constexpr long k_max_wait_s = 30;

constexpr const char* k_info = "info";

// The PropertySpecs (one per type) and ObjectSpecs that read or watch `watched`.
struct Specs {
  std::vector<PropertySpec> props;
  std::vector<ObjectSpec> objects;
};

Specs specs_for(const std::vector<Watched>& watched)
{
  Specs specs;
  for (const auto& w : watched) {
    auto same = std::find_if(specs.props.begin(), specs.props.end(),
                             [&](const PropertySpec& p) { return p.type == w.obj.type; });
    if (same == specs.props.end()) {
      specs.props.push_back({w.obj.type, w.paths});
    } else {
      same->paths.insert(same->paths.end(), w.paths.begin(), w.paths.end());
    }
    specs.objects.push_back({w.obj, false, {}});
  }
  return specs;
}

MoRef create_filter(Session& session, const std::vector<Watched>& watched)
{
  const Specs specs = specs_for(watched);
  XmlWriter w("CreateFilter", session.wait_collector());
  write_filter_spec(w, "spec", specs.props, specs.objects);
  w.boolean("partialUpdates", false);
  return session.call(w).returnval().as_moref();
}

// What a task and, with one, the VM it works on read like now.
struct TaskAndQuestion {
  std::vector<ObjectContent> contents; // own the nodes
  XmlNode info;
  XmlNode question;
};

TaskAndQuestion read_task_and_question(Session& session, const std::vector<Watched>& watched)
{
  const Specs specs = specs_for(watched);
  TaskAndQuestion now{retrieve(session, specs.props, specs.objects), {}, {}};
  bool task_found = false;
  for (const auto& object : now.contents) {
    if (object.obj == watched.front().obj) {
      task_found = true;
      now.info = object.prop(k_info);
    } else {
      now.question = object.prop(paths::question);
    }
  }
  if (!task_found) {
    throw SoapFault("ManagedObjectNotFound", "", {});
  }
  return now;
}

// `on_change` for every path but runtime.question, which throws question_error when asked.
ChangeHandler stopping_at_question(ChangeHandler on_change)
{
  return [on_change = std::move(on_change)](const std::string& path, const XmlNode& value) {
    if (path == paths::question) {
      throw_if_asked(value);
      return false;
    }
    return on_change(path, value);
  };
}

bool task_ended(const XmlNode& info)
{
  const std::string state = info.child_text("state");
  return state == "success" || state == "error";
}

} // namespace

bool dispatch_updates(const XmlNode& update_set, const MoRef& filter,
                      const ChangeHandler& on_change, std::span<const MoRef> objects)
{
  for (const XmlNode& filter_update : update_set.children("filterSet")) {
    if (filter_update.child("filter").as_moref() != filter) {
      continue;
    }
    for (const XmlNode& object : filter_update.children("objectSet")) {
      if (!objects.empty() && std::find(objects.begin(), objects.end(),
                                        object.child("obj").as_moref()) == objects.end()) {
        continue; // an object a kept watch saw for an earlier command
      }
      for (const XmlNode& change : object.children("changeSet")) {
        if (on_change(change.child_text("name"), change.child("val"))) {
          return true;
        }
      }
    }
  }
  return false;
}

void wait_for_change(Session& session, const MoRef& obj, const std::vector<std::string>& paths,
                     std::chrono::seconds timeout, const ChangeHandler& on_change)
{
  wait_for_changes(session, {{obj, paths}}, timeout, on_change);
}

void wait_for_vm_change(Session& session, const MoRef& vm, std::vector<std::string> watched,
                        std::chrono::seconds timeout, const ChangeHandler& on_change)
{
  watched.emplace_back(paths::question);
  wait_for_change(session, vm, watched, timeout, stopping_at_question(on_change));
}

void wait_for_changes(Session& session, const std::vector<Watched>& watched,
                      std::chrono::seconds timeout, const ChangeHandler& on_change)
{
  // The filter lives in this session's private collector, which Logout removes with it: no
  // DestroyPropertyFilter round trip.
  UpdateCursor cursor{session.wait_collector(), create_filter(session, watched), {}};
  wait_for_updates(session, cursor, {}, timeout, on_change);
}

void wait_for_updates(Session& session, UpdateCursor& cursor, std::span<const MoRef> objects,
                      std::chrono::seconds timeout, const ChangeHandler& on_change,
                      const std::function<bool()>& on_quiet)
{
  const auto deadline = Clock::now() + timeout;
  const transport::Deadline& command = session.http().deadline();
  for (;;) {
    // Within the command's deadline (--timeout for the whole command) too.
    const auto left = std::chrono::ceil<std::chrono::seconds>(
                        std::min<Clock::duration>(deadline - Clock::now(), command.remaining()))
                        .count();
    if (left <= 0) {
      const auto spent = command.expired() ? command.budget() : timeout;
      throw Error(vix::fail,
                  fmt::format("The operation timed out after {} seconds", spent.count()));
    }
    XmlWriter w("WaitForUpdatesEx", cursor.collector);
    if (!cursor.version.empty()) {
      w.text("version", cursor.version);
    }
    w.open("options").integer("maxWaitSeconds", std::min<long>(left, k_max_wait_s)).close();
    const auto reply = session.call(w);
    const XmlNode update_set = reply.returnval();
    if (!update_set) {
      if (on_quiet && on_quiet()) {
        return;
      }
      continue; // maxWaitSeconds passed without a change
    }
    cursor.version = update_set.child_text("version");
    if (dispatch_updates(update_set, cursor.filter, on_change, objects)) {
      return;
    }
  }
}

bool read_task_info(const XmlNode& info, const ProgressFn& progress, TaskResult& result,
                    std::optional<SoapFault>& failure)
{
  const std::string state = info.child_text("state");
  if (state == "success") {
    const XmlNode value = info.child("result");
    result.ref = value.as_moref();
    result.text = value.text();
    return true;
  }
  if (state == "error") {
    failure = transport::parse_localized_fault(info.child("error"));
    return true;
  }
  const std::string text = info.child_text("progress");
  std::uint64_t percent = 0;
  if (progress &&
      std::from_chars(text.data(), text.data() + text.size(), percent).ec == std::errc()) {
    progress(percent, 100);
  }
  return false;
}

void cancel_task(Session& session, const MoRef& task) noexcept
{
  try {
    const auto grace = session.cleanup();
    session.call(XmlWriter("CancelTask", task));
    // A host undoes what a cancelled task did (a clone's disks) before the task ends; waiting
    // for that end means the rollback is over when vmrun exits. Usually one read finds it ended.
    const ObjectContent now = retrieve_object(session, task, {k_info}); // owns the node
    if (!task_ended(now.prop(k_info))) {
      wait_for_change(session, task, {k_info}, transport::k_cleanup_grace,
                      [](const std::string&, const XmlNode& info) { return task_ended(info); });
    }
  } catch (...) {
    // Best effort: the task may have ended meanwhile, or not be cancelable; the command fails
    // with its own reason either way.
  }
}

namespace {

// wait_for_task, through `kept` when given: a kept watch of the VM the task works on, made
// ready before the task started.
TaskResult wait_task(Session& session, const MoRef& task, std::chrono::seconds timeout,
                     const ProgressFn& progress, const MoRef& asking, KeptWatch* kept)
{
  TaskResult result;
  std::optional<SoapFault> failure;
  const auto give_up = Clock::now() + timeout;
  try {
    std::vector<Watched> watched{{task, {k_info}}};
    if (!asking.empty()) {
      watched.push_back({asking, {paths::question}});
    }
    const ChangeHandler on_info = stopping_at_question(
      [&](const std::string&, const XmlNode& value) {
        return read_task_info(value, progress, result, failure);
      });
    // Should a kept watch's update go missing (an earlier user's wait still open on the
    // server), a quiet wait reads the task itself.
    const auto on_quiet = [&] {
      const TaskAndQuestion now = read_task_and_question(session, watched);
      throw_if_asked(now.question);
      return read_task_info(now.info, progress, result, failure);
    };
    // A kept watch's first update is the task's first read. Without one, most tasks have ended
    // by the time we look (one RetrieveProperties, which reads the VM's question too); only a
    // running one is worth a collector, a filter and a watch.
    if (kept == nullptr || !kept->wait_for_task(session, task, timeout, on_info, on_quiet)) {
      const TaskAndQuestion first = read_task_and_question(session, watched);
      if (!read_task_info(first.info, progress, result, failure)) {
        throw_if_asked(first.question);
        wait_for_changes(session, watched, timeout, on_info);
      }
    }
  } catch (...) {
    // We stop waiting because of a signal or because the time is spent: the task must not go on
    // without us (a clone would finish after vmrun said it failed).
    // A cleanup task (in a rollback) is left alone: cancelling it would undo the cleanup.
    const transport::Deadline& command = session.http().deadline();
    if (!command.in_grace() && (util::InterruptGuard::interrupted() != 0 || command.expired() ||
                                Clock::now() >= give_up)) {
      cancel_task(session, task);
    }
    throw;
  }
  if (failure) {
    throw *failure;
  }
  return result;
}

} // namespace

TaskResult wait_for_task(Session& session, const MoRef& task, std::chrono::seconds timeout,
                         const ProgressFn& progress, const MoRef& asking)
{
  return wait_task(session, task, timeout, progress, asking, nullptr);
}

TaskResult run_task(Session& session, const XmlWriter& request, std::chrono::seconds timeout,
                    const ProgressFn& progress, const MoRef& asking)
{
  // Pointed at the VM before its task starts, a kept watch sees the task enter by itself.
  auto kept = asking.empty() ? std::nullopt : KeptWatch::prepare(session, asking);
  MoRef task;
  {
    // A signal now must not lose the reply that names the task: wait_for_task cancels it.
    const transport::Deadline::Finish finish(session.http().deadline());
    task = session.call(request).returnval().as_moref();
  }
  return wait_task(session, task, timeout, progress, asking, kept ? &*kept : nullptr);
}

} // namespace vmrun::core
