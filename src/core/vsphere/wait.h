// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/progress.h"
#include "core/vsphere/properties.h"

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vmrun::core {

// Told each property change as it arrives; returns true when the wait is over.
using ChangeHandler = std::function<bool(const std::string& path, const XmlNode& value)>;

// Watches `paths` of `obj` with the PropertyCollector (CreateFilter + WaitForUpdatesEx) until
// `on_change` returns true. The first update reports the current values. Throws
// Error "The operation timed out after N seconds" when `timeout` passes first.
void wait_for_change(Session& session, const MoRef& obj, const std::vector<std::string>& paths,
                     std::chrono::seconds timeout, const ChangeHandler& on_change);

// wait_for_change on a VM that also watches its runtime.question: a question the VM asks (it
// does nothing until answered) ends the wait at once with question_error. `on_change` never
// sees the question.
void wait_for_vm_change(Session& session, const MoRef& vm, std::vector<std::string> watched,
                        std::chrono::seconds timeout, const ChangeHandler& on_change);

// One object and the properties of it to watch.
struct Watched {
  MoRef obj;
  std::vector<std::string> paths;
};

// wait_for_change for several objects at once, with one filter and one wait loop. Changes are
// told by path alone, so the objects' watched paths must differ.
void wait_for_changes(Session& session, const std::vector<Watched>& watched,
                      std::chrono::seconds timeout, const ChangeHandler& on_change);

// A filter of a PropertyCollector, and how far its updates have been read.
struct UpdateCursor {
  MoRef collector;
  MoRef filter;
  std::string version; // "" before the first WaitForUpdatesEx: it reports the current values
};

// Asks `cursor.collector` for updates (WaitForUpdatesEx, each call at most 30 s on the server)
// and tells `on_change` the changes that `cursor.filter` reports of `objects` (of any object when
// empty) until it returns true. After a call that brought nothing, `on_quiet` (when given) may
// end the wait: it returns true. Throws the timeout error of wait_for_change.
void wait_for_updates(Session& session, UpdateCursor& cursor, std::span<const MoRef> objects,
                      std::chrono::seconds timeout, const ChangeHandler& on_change,
                      const std::function<bool()>& on_quiet = {});

// What a finished task returned (TaskInfo.result): a MoRef, or a plain value as text.
struct TaskResult {
  MoRef ref;
  std::string text;
};

// Waits for a task to end, telling `progress` its TaskInfo.progress percentages. Returns its
// result on success; throws the task's fault as a transport::SoapFault (type from
// TaskInfo.error.fault, message from localizedMessage). When the wait ends because of a signal
// or a timeout (`timeout`, or the command's --timeout), the task is cancelled first, and given
// the cleanup grace to end (the host's rollback done before vmrun exits).
// With `asking` (the VM the task works on), a question that VM asks (runtime.question) ends the
// wait at once with question_error; the task is left running for whoever answers. Watching it
// costs no round trip: it is read and watched with the task.
TaskResult wait_for_task(Session& session, const MoRef& task, std::chrono::seconds timeout,
                         const ProgressFn& progress = {}, const MoRef& asking = {});

// Feeds the property changes of one UpdateSet (WaitForUpdatesEx's returnval) that belong to
// `filter` (and to one of `objects`, when given) to `on_change`, in order; true as soon as it
// returns true.
bool dispatch_updates(const XmlNode& update_set, const MoRef& filter,
                      const ChangeHandler& on_change, std::span<const MoRef> objects = {});

// Reads one TaskInfo value: true when the task has ended, with its result in `result` (success)
// or its fault in `failure` (error); while it runs, tells `progress` its percentage if any.
bool read_task_info(const XmlNode& info, const ProgressFn& progress, TaskResult& result,
                    std::optional<transport::SoapFault>& failure);

// Asks the server to cancel `task` (CancelTask) and waits for it to end, within the cleanup
// grace time; never throws.
void cancel_task(Session& session, const MoRef& task) noexcept;

// Starts a *_Task method and waits for it (`asking`: as for wait_for_task).
TaskResult run_task(Session& session, const transport::XmlWriter& request,
                    std::chrono::seconds timeout, const ProgressFn& progress = {},
                    const MoRef& asking = {});

} // namespace vmrun::core
